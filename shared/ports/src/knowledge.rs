//! Retrieval material: MediClear's own chunk index, the embedder that fills it, the retriever
//! analyses read from, and the text extractor ingestion starts with.
//!
//! The own index is partitioned by patient (records) and by policy, so one read returns one
//! patient's chunks and nothing else; policies are also listed under each procedure code they
//! cover.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::{PatientId, ProviderId};
use mediclear_domain::knowledge::{Chunk, Passage, SourceKind};

use crate::error::PortResult;

/// A document in the index: a patient record or an insurer policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedDocument {
    pub document_id: String,
    pub kind: SourceKind,
    /// Policy title, or record file name.
    pub title: String,
    /// Records: the patient they belong to.
    #[serde(default)]
    pub patient_id: Option<PatientId>,
    /// Records: the provider that uploaded them.
    #[serde(default)]
    pub provider_id: Option<ProviderId>,
    /// Policies: the procedure codes they cover.
    #[serde(default)]
    pub procedure_codes: Vec<ProcedureCode>,
    /// Health documents: the type, date and risk markers tagged, for filtering and citing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_date: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    pub embedding_model: String,
    pub chunk_count: u32,
    pub indexed_at: DateTime<Utc>,
}

/// A chunk and its embedding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedChunk {
    pub chunk: Chunk,
    pub embedding: Vec<f32>,
}

#[async_trait]
pub trait ChunkIndexWriter: Send + Sync {
    /// Replaces everything indexed for this document (idempotent: indexing twice leaves one copy;
    /// indexing with no chunks removes its chunks). A chunk of another document, or two chunks
    /// with one ordinal, is `Rejected`.
    async fn replace_document(&self, document: &IndexedDocument, chunks: &[EmbeddedChunk]) -> PortResult<()>;
    /// Removes the document — its record, its chunks and its procedure links — as if it had
    /// never been indexed; how many chunks it had (0 for an unknown document).
    async fn delete_document(&self, document_id: &str) -> PortResult<usize>;
}

#[async_trait]
pub trait ChunkIndexReader: Send + Sync {
    /// Every chunk of every record of one patient, with the record it came from.
    async fn patient_chunks(&self, patient_id: &PatientId) -> PortResult<Vec<(IndexedDocument, EmbeddedChunk)>>;
    /// The policies that list this procedure code.
    async fn policies_for(&self, procedure_code: &ProcedureCode) -> PortResult<Vec<IndexedDocument>>;
    /// Every chunk of one document, in document order; an unknown document has none.
    async fn document_chunks(&self, document_id: &str) -> PortResult<Vec<EmbeddedChunk>>;
}

/// Blank texts embed to the zero vector; very long texts are cut at the model's limit.
#[async_trait]
pub trait Embedder: Send + Sync {
    /// Names the model, stored with each indexed document.
    fn model_id(&self) -> &str;
    async fn embed(&self, texts: &[String]) -> PortResult<Vec<Vec<f32>>>;
}

/// Whose notes a retrieval may read. Built from the case or the caller's token, never from a
/// request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesScope {
    pub patient_id: PatientId,
    /// When set, only records this provider uploaded.
    #[serde(default)]
    pub provider_id: Option<ProviderId>,
}

#[async_trait]
pub trait Retriever: Send + Sync {
    /// The insurer policy passages for a procedure, in document order where known.
    async fn policy_criteria(&self, procedure_code: &ProcedureCode) -> PortResult<Vec<Passage>>;
    /// The patient's note passages most relevant to `query`.
    async fn patient_notes(&self, scope: &NotesScope, query: &str) -> PortResult<Vec<Passage>>;
}

#[async_trait]
pub trait TextExtractor: Send + Sync {
    /// The text of a document. `Rejected` for unsupported or unreadable files (with a reason
    /// that is safe to show), never a panic.
    async fn extract(&self, bytes: &[u8], content_type: &str) -> PortResult<String>;
}
