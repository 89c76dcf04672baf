//! A patient's health documents (health insights): the record of each file and of its way
//! through the pipeline. Listings are per patient, newest first, and — for admins — the manual
//! review queue, oldest first. The extracted text lives in the blob store beside the file, not
//! here.

use async_trait::async_trait;

use mediclear_domain::health::document::PatientDocument;
use mediclear_domain::ids::{DocumentId, PatientId};

use crate::error::PortResult;

/// One page of documents.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPage {
    pub documents: Vec<PatientDocument>,
    pub next_token: Option<String>,
}

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Stores a new document; `Conflict` if the id is taken.
    async fn create(&self, document: &PatientDocument) -> PortResult<()>;
    async fn get(&self, document_id: &DocumentId) -> PortResult<Option<PatientDocument>>;
    /// Replaces a stored document (the pipeline's progress); `NotFound` if it is gone — a
    /// purge meanwhile must not be undone by a step finishing late.
    async fn update(&self, document: &PatientDocument) -> PortResult<()>;
    /// The patient's documents, newest upload first, at most `limit` (1-100) a page; a
    /// `next_token` this listing did not issue is `Rejected`.
    async fn for_patient(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage>;
    /// Documents waiting for a transcription (`NEEDS_REVIEW`), oldest first.
    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage>;
    /// Deletes every document record of the patient; how many there were.
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize>;
}
