//! Long-running jobs (document ingestion and processing): `INGESTED → ANALYZING → INDEXED |
//! NEEDS_REVIEW | FAILED`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use mediclear_domain::ids::{JobId, PatientId};

use crate::error::PortResult;
use crate::idempotency::IdempotencyRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Ingested,
    Analyzing,
    Indexed,
    /// No text could be extracted; a person transcribes the document, which then continues.
    NeedsReview,
    Failed,
}

/// A job as stored and returned.
// `reason` is always serialised (null unless `FAILED`), so the OpenAPI schema marks it required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Job {
    pub job_id: JobId,
    /// `record_ingestion`, `policy_ingestion` or `document_processing`.
    pub kind: String,
    /// The record or policy the job works on.
    pub resource_id: String,
    pub status: JobStatus,
    /// Why it failed, in words safe to show.
    #[serde(default)]
    #[schema(required = true)]
    pub reason: Option<String>,
    /// Subject of the user who started it; only they may read it.
    pub owner: String,
    /// The patient a health document's job concerns (that patient may read it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<PatientId>,
    /// The last pipeline tier a health document's processing reached (`extract`, `enrich`,
    /// `index`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Processing runs started since the job last finished (a run that never finished — its
    /// process died, or it failed and is being retried — stays counted). Processing gives up at
    /// a limit, so a file that kills its reader cannot be retried for ever.
    #[serde(default)]
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    async fn put(&self, job: &Job) -> PortResult<()>;
    /// Stores a new job and the first answer to the upload that started it, both or neither;
    /// `Conflict(KEY_TAKEN)` if the key already has an answer (then nothing is written).
    async fn create_once(&self, job: &Job, answer: &IdempotencyRecord) -> PortResult<()>;
    async fn get(&self, job_id: &JobId) -> PortResult<Option<Job>>;
    /// Deletes the job (a patient's purge); whether there was one.
    async fn delete(&self, job_id: &JobId) -> PortResult<bool>;
}
