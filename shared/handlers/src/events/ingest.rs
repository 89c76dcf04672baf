//! `ingest-document`: S3 `ObjectCreated` events on `records/` and `policies/` → the document is
//! indexed (see [`crate::documents::Indexing`]). S3 invokes asynchronously and retries a failed
//! invocation, so a transient failure fails the invocation (indexing is idempotent); a file that
//! can never be indexed is recorded on its job as `FAILED` with the reason and not retried.

use aws_lambda_events::s3::S3Event;
use serde::Serialize;

use crate::documents::{IndexOutcome, Indexing};
use crate::function::{EventHandler, FunctionError};

/// S3 event keys are URL-encoded, with `+` for spaces.
pub fn decode_key(raw: &str) -> Option<String> {
    mediclear_http::query::percent_decode(raw)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    pub indexed: usize,
    pub refused: usize,
    pub skipped: usize,
}

#[derive(Clone)]
pub struct IngestDocument {
    pub indexing: Indexing,
}

impl EventHandler for IngestDocument {
    type Event = S3Event;
    type Output = IngestReport;

    async fn handle(&self, event: S3Event) -> Result<IngestReport, FunctionError> {
        let mut report = IngestReport::default();
        let mut failure = None;
        for record in event.records {
            let Some(key) = record.s3.object.key.as_deref().and_then(decode_key) else {
                report.skipped += 1;
                continue;
            };
            match self.indexing.index_object(&key).await {
                Ok(IndexOutcome::Indexed { document_id, chunks }) => {
                    tracing::info!(%document_id, chunks, "document indexed");
                    report.indexed += 1;
                }
                Ok(IndexOutcome::Refused { document_id, reason }) => {
                    tracing::warn!(%document_id, %reason, "document refused");
                    report.refused += 1;
                }
                Ok(IndexOutcome::Skipped) => report.skipped += 1,
                // A file that can never be read (a broken sidecar) is not retried for ever.
                Err(mediclear_ports::PortError::Rejected(reason)) => {
                    tracing::error!(%reason, "object cannot be indexed");
                    report.refused += 1;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "document not indexed; the invocation will be retried");
                    failure = Some(FunctionError::from_port(e));
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_s3_event_keys() {
        assert_eq!(decode_key("records/PAT-1/REC-1/knee+note%282%29.txt").unwrap(), "records/PAT-1/REC-1/knee note(2).txt");
        assert!(decode_key("bad%zz").is_none());
    }
}
