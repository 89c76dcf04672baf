//! `ingest-failed`: the end of the story for a document whose processing kept failing. When
//! `ingest-document`'s invocation for an S3 event still fails after Lambda's retries (a
//! dependency down for minutes, a process killed each time), Lambda sends its on-failure
//! destination record — `{"requestContext": {"approximateInvokeCount", …}, "requestPayload": <the
//! S3 event>, …}` — to `IngestDocumentDlq`; this function consumes that queue and marks each
//! document's job `FAILED` ("processing stopped after N attempts …") unless a later run finished
//! it, so no upload stays `ANALYZING` for ever. A plain S3 event (a function-level DLQ) is read
//! too. The same queue receives the failures of `documents-pipeline-start` (health documents under
//! `patients/`): their document becomes `FAILED` the same way. Messages it cannot handle yet (a transient failure) are reported as batch item failures
//! and come back; malformed ones are logged and dropped.

use aws_lambda_events::s3::S3Event;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::documents::{DocumentJobs, IndexOutcome, MAX_UNFINISHED_RUNS};
use crate::events::ingest::decode_key;
use crate::function::{EventHandler, FunctionError};

/// An SQS event, as an event source mapping delivers it (the fields used here).
#[derive(Debug, Clone, Deserialize)]
pub struct QueueEvent {
    #[serde(rename = "Records")]
    pub records: Vec<QueueMessage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueMessage {
    pub message_id: String,
    #[serde(default)]
    pub body: String,
}

/// `ReportBatchItemFailures`: the messages to deliver again.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueBatchResponse {
    pub batch_item_failures: Vec<ItemFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFailure {
    pub item_identifier: String,
}

#[derive(Clone)]
pub struct IngestFailed {
    pub documents: DocumentJobs,
    /// Health documents whose pipeline never started.
    pub health: crate::tasks::pipeline::Tracker,
}

/// The S3 event a message carries and how many times it was tried.
fn failed_event(body: &str) -> Option<(S3Event, u32)> {
    let record: Value = serde_json::from_str(body).ok()?;
    let (payload, runs) = match record.get("requestPayload") {
        Some(payload) => {
            let runs = record.pointer("/requestContext/approximateInvokeCount").and_then(Value::as_u64).unwrap_or(u64::from(MAX_UNFINISHED_RUNS));
            (payload.clone(), u32::try_from(runs).unwrap_or(u32::MAX))
        }
        None => (record, MAX_UNFINISHED_RUNS),
    };
    Some((serde_json::from_value(payload).ok()?, runs))
}

impl EventHandler for IngestFailed {
    type Event = QueueEvent;
    type Output = QueueBatchResponse;

    async fn handle(&self, event: QueueEvent) -> Result<QueueBatchResponse, FunctionError> {
        let mut response = QueueBatchResponse::default();
        for message in event.records {
            let Some((s3_event, runs)) = failed_event(&message.body) else {
                tracing::error!(message_id = %message.message_id, "dead-letter message is not a failed S3 invocation; dropped");
                continue;
            };
            for record in s3_event.records {
                let Some(key) = record.s3.object.key.as_deref().and_then(decode_key) else { continue };
                let outcome = if key.starts_with("patients/") {
                    self.health.abandon(&key, runs).await.map(|failed| match failed {
                        true => IndexOutcome::Refused { document_id: key.clone(), reason: String::new() },
                        false => IndexOutcome::Skipped,
                    })
                } else {
                    self.documents.give_up(&key, runs).await
                };
                match outcome {
                    Ok(IndexOutcome::Refused { document_id, .. }) => {
                        tracing::warn!(%document_id, runs, "document processing given up after its retries");
                    }
                    Ok(_) => {}
                    Err(e) if e.is_transient() => {
                        tracing::warn!(error = %e, message_id = %message.message_id, "cannot mark the job failed yet; the message comes back");
                        response.batch_item_failures.push(ItemFailure { item_identifier: message.message_id.clone() });
                        break;
                    }
                    Err(e) => tracing::error!(error = %e, message_id = %message.message_id, "cannot mark the job failed; dropped"),
                }
            }
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_destination_records_and_plain_s3_events() {
        let s3 = serde_json::json!({"Records": [{
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-11-24T09:15:02.417Z",
            "eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "p"}, "requestParameters": {"sourceIPAddress": "10.0.0.1"},
            "responseElements": {}, "s3": {"s3SchemaVersion": "1.0", "configurationId": "c", "bucket": {"name": "b", "ownerIdentity": {"principalId": "p"}, "arn": "arn:aws:s3:::b"},
            "object": {"key": "records/P-1/R-1/a.pdf", "size": 1, "eTag": "e", "sequencer": "0"}}
        }]});
        let destination = serde_json::json!({"requestContext": {"approximateInvokeCount": 3}, "requestPayload": s3});
        let (event, runs) = failed_event(&destination.to_string()).unwrap();
        assert_eq!((event.records.len(), runs), (1, 3));
        let (event, runs) = failed_event(&s3.to_string()).unwrap();
        assert_eq!((event.records[0].s3.object.key.as_deref(), runs), (Some("records/P-1/R-1/a.pdf"), MAX_UNFINISHED_RUNS));
        assert!(failed_event("not json").is_none());
        assert!(failed_event("{\"requestPayload\": 5}").is_none());
    }
}
