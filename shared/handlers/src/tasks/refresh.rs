//! `refresh-worker`: the consumer of the refresh queue (SQS FIFO, the patient as message group,
//! one message at a time). A refresh re-processes the patient's documents that are new or
//! changed — the stored file's content hash differs from the one last indexed, or its chunks were
//! embedded by another model, or it was never indexed — by starting the document pipeline for
//! each; deletes the chunks of documents that are gone; then runs the insights step (score and
//! risk, [`Insights`]). Documents still in the pipeline, waiting for review, or that failed with
//! the same file are left alone. The refresh's record says what it did.
//!
//! A message whose refresh cannot be run now (a store unavailable) is reported as a batch item
//! failure and comes back — in a FIFO queue it holds back that patient's later refreshes, which is
//! what keeps them in order.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use serde_json::json;

use mediclear_domain::health::document::{DocumentStatus, PatientDocument};
use mediclear_domain::health::refresh::{Refresh, RefreshStatus};
use mediclear_domain::ids::PatientId;
use mediclear_domain::knowledge::SourceKind;
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::knowledge::{ChunkIndexReader, ChunkIndexWriter, IndexedDocument};
use mediclear_ports::refreshes::{Insights, RefreshMessage, RefreshStore};
use mediclear_ports::workflow::Workflow;

use crate::api::documents::upload::content_hash;
use crate::events::ingest_failed::{ItemFailure, QueueBatchResponse, QueueEvent};
use crate::function::{EventHandler, FunctionError};
use crate::tasks::pipeline::Tracker;

#[derive(Clone)]
pub struct RunRefresh {
    pub refreshes: Arc<dyn RefreshStore>,
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub index_reader: Arc<dyn ChunkIndexReader>,
    pub index_writer: Arc<dyn ChunkIndexWriter>,
    /// The embedder's model id: chunks of another model are re-embedded.
    pub embedding_model: String,
    pub workflow: Arc<dyn Workflow>,
    pub insights: Arc<dyn Insights>,
}

/// What a refresh found for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// New or changed: through the pipeline again.
    Reprocess,
    Unchanged,
    /// In the pipeline, or waiting for an upload: left alone.
    InFlight,
}

/// Whether `document`, whose stored file hashes to `hash` and whose index entry is `indexed`,
/// must be processed again with `model`.
pub fn verdict(document: &PatientDocument, hash: &str, indexed: Option<&IndexedDocument>, model: &str) -> Verdict {
    match document.status {
        DocumentStatus::AwaitingUpload | DocumentStatus::Ingested | DocumentStatus::Analyzing => Verdict::InFlight,
        // A new file since it was read: whatever happened to the old one.
        _ if document.content_hash.as_deref().is_some_and(|h| h != hash) => Verdict::Reprocess,
        DocumentStatus::Indexed => {
            let current = document.indexed_hash.as_deref() == Some(hash) && indexed.is_some_and(|i| i.embedding_model == model);
            if current { Verdict::Unchanged } else { Verdict::Reprocess }
        }
        // The same file failed, or waits for a person: processing it again changes nothing.
        DocumentStatus::NeedsReview | DocumentStatus::Failed => Verdict::Unchanged,
    }
}

impl RunRefresh {
    async fn documents(&self, patient_id: &PatientId) -> Result<Vec<PatientDocument>, PortError> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = self.tracker.documents.for_patient(patient_id, 100, token.as_deref()).await?;
            all.extend(page.documents);
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// Runs one refresh; `Ok(None)` when there is nothing to run (gone, or already finished).
    pub async fn run(&self, message: &RefreshMessage) -> Result<Option<Refresh>, PortError> {
        let Some(mut refresh) = self.refreshes.get(&message.patient_id, message.version).await? else {
            return Ok(None);
        };
        if refresh.is_finished() {
            return Ok(None);
        }
        refresh.status = RefreshStatus::Running;
        refresh.started_at = Some(Utc::now());
        self.refreshes.update(&refresh).await?;

        let indexed: BTreeMap<String, IndexedDocument> = self
            .index_reader
            .patient_chunks(&refresh.patient_id)
            .await?
            .into_iter()
            .filter(|(d, _)| d.kind == SourceKind::HealthDocument)
            .map(|(d, _)| (d.document_id.clone(), d))
            .collect();
        let documents = self.documents(&refresh.patient_id).await?;
        let (mut changed, mut unchanged) = (0, 0);
        for document in &documents {
            let Some(blob) = self.blobs.get(&document.key).await? else { continue };
            let hash = content_hash(&blob.bytes);
            match verdict(document, &hash, indexed.get(document.document_id.as_str()), &self.embedding_model) {
                Verdict::Reprocess => {
                    let mut again = document.clone();
                    self.tracker.save(&mut again, DocumentStatus::Ingested, None).await.map_err(|e| PortError::Unavailable(e.message))?;
                    let name = format!("{}-r{}", document.document_id, refresh.version);
                    match self.workflow.start(&name, &json!({"document_id": document.document_id})).await {
                        Ok(_) | Err(PortError::Conflict(_)) => changed += 1,
                        Err(e) => return Err(e),
                    }
                }
                Verdict::Unchanged => unchanged += 1,
                Verdict::InFlight => {}
            }
        }
        let mut deleted = 0;
        for gone in indexed.keys().filter(|id| !documents.iter().any(|d| d.document_id.as_str() == id.as_str())) {
            deleted += self.index_writer.delete_document(gone).await?;
        }
        let insights = self.insights.recompute(&refresh.patient_id, &format!("refresh {}", refresh.version)).await?;
        refresh.documents_changed = changed;
        refresh.documents_unchanged = unchanged;
        refresh.chunks_deleted = deleted as u32;
        refresh.insights = Some(insights.0);
        refresh.status = RefreshStatus::Completed;
        refresh.finished_at = Some(Utc::now());
        self.refreshes.update(&refresh).await?;
        tracing::info!(version = refresh.version, changed, unchanged, deleted, "refresh completed");
        Ok(Some(refresh))
    }
}

impl EventHandler for RunRefresh {
    type Event = QueueEvent;
    type Output = QueueBatchResponse;

    async fn handle(&self, event: QueueEvent) -> Result<QueueBatchResponse, FunctionError> {
        let mut response = QueueBatchResponse::default();
        let mut held = false;
        for message in event.records {
            // After a failure, the rest of the batch comes back too: a FIFO group stays in order.
            if held {
                response.batch_item_failures.push(ItemFailure { item_identifier: message.message_id });
                continue;
            }
            let Ok(request) = serde_json::from_str::<RefreshMessage>(&message.body) else {
                tracing::error!(message_id = %message.message_id, "refresh message is not valid; dropped");
                continue;
            };
            match self.run(&request).await {
                Ok(_) => {}
                Err(e) if e.is_transient() => {
                    tracing::warn!(error = %e, "refresh not run yet; the message comes back");
                    held = true;
                    response.batch_item_failures.push(ItemFailure { item_identifier: message.message_id });
                }
                Err(e) => {
                    tracing::error!(error = %e, version = request.version, "refresh failed");
                    if let Ok(Some(mut refresh)) = self.refreshes.get(&request.patient_id, request.version).await {
                        refresh.status = RefreshStatus::Failed;
                        refresh.reason = Some("the refresh could not be completed; request it again".into());
                        refresh.finished_at = Some(Utc::now());
                        let _ = self.refreshes.update(&refresh).await;
                    }
                }
            }
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document record in `status` whose file hashed to `content` and was indexed at `indexed`.
    fn document(status: DocumentStatus, content: Option<&str>, indexed: Option<&str>) -> PatientDocument {
        let json = json!({
            "document_id": "HD-1", "patient_id": "PAT-1", "document_type": "lab_report", "file_name": "a.pdf",
            "key": "patients/PAT-1/HD-1/a.pdf", "job_id": "JOB-1", "uploaded_by": "s", "status": status,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "content_hash": content, "indexed_hash": indexed
        });
        serde_json::from_value(json).unwrap()
    }

    fn index_entry(model: &str) -> IndexedDocument {
        serde_json::from_value(json!({
            "document_id": "HD-1", "kind": "health_document", "title": "a.pdf", "patient_id": "PAT-1", "embedding_model": model,
            "chunk_count": 1, "indexed_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn only_new_changed_or_re_embeddable_documents_are_processed_again() {
        let m = "all-MiniLM-L6-v2";
        let entry = index_entry(m);
        assert_eq!(verdict(&document(DocumentStatus::Indexed, Some("h1"), Some("h1")), "h1", Some(&entry), m), Verdict::Unchanged);
        assert_eq!(verdict(&document(DocumentStatus::Indexed, Some("h1"), Some("h1")), "h2", Some(&entry), m), Verdict::Reprocess, "a new file");
        assert_eq!(verdict(&document(DocumentStatus::Indexed, Some("h1"), Some("h1")), "h1", Some(&index_entry("hashing-v1")), m), Verdict::Reprocess, "another model");
        assert_eq!(verdict(&document(DocumentStatus::Indexed, Some("h1"), Some("h1")), "h1", None, m), Verdict::Reprocess, "chunks lost");
        assert_eq!(verdict(&document(DocumentStatus::Failed, Some("h1"), None), "h1", None, m), Verdict::Unchanged, "the same broken file");
        assert_eq!(verdict(&document(DocumentStatus::Failed, Some("h1"), None), "h2", None, m), Verdict::Reprocess, "a new file after a failure");
        assert_eq!(verdict(&document(DocumentStatus::Analyzing, Some("h1"), None), "h2", None, m), Verdict::InFlight);
    }
}
