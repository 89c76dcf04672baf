//! Long-running jobs (document ingestion): `INGESTED → ANALYZING → INDEXED | FAILED`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use mediclear_domain::ids::JobId;

use crate::error::PortResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Ingested,
    Analyzing,
    Indexed,
    Failed,
}

/// A job as stored and returned.
// `reason` is always serialised (null unless `FAILED`), so the OpenAPI schema marks it required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Job {
    pub job_id: JobId,
    /// `record_ingestion` or `policy_ingestion`.
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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    async fn put(&self, job: &Job) -> PortResult<()>;
    async fn get(&self, job_id: &JobId) -> PortResult<Option<Job>>;
}
