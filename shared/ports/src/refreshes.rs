//! Refreshes of a patient's record: where they are kept ([`RefreshStore`]), the per-patient
//! ordered queue that carries them to the worker ([`RefreshQueue`]: SQS FIFO with the patient
//! as message group on AWS; a durable ordered log offline), and the step that recomputes the
//! patient's insights afterwards ([`Insights`]).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use mediclear_domain::health::refresh::Refresh;
use mediclear_domain::ids::PatientId;

use crate::error::PortResult;

/// One page of a patient's refreshes, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshPage {
    pub refreshes: Vec<Refresh>,
    pub next_token: Option<String>,
}

#[async_trait]
pub trait RefreshStore: Send + Sync {
    /// Stores a new refresh; `Conflict` if the patient already has this version (two requests
    /// raced: the loser takes the next one).
    async fn create(&self, refresh: &Refresh) -> PortResult<()>;
    async fn get(&self, patient_id: &PatientId, version: u64) -> PortResult<Option<Refresh>>;
    /// Replaces a stored refresh; `NotFound` if it is gone (purged).
    async fn update(&self, refresh: &Refresh) -> PortResult<()>;
    /// The patient's refreshes, newest first, at most `limit` (1-100) a page.
    async fn list(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<RefreshPage>;
    /// Deletes every refresh of the patient; how many there were.
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize>;
}

/// What the queue carries: which refresh to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshMessage {
    pub patient_id: PatientId,
    pub version: u64,
}

#[async_trait]
pub trait RefreshQueue: Send + Sync {
    /// Queues the refresh behind the patient's earlier ones (and only theirs); sending the same
    /// refresh twice delivers it once.
    async fn enqueue(&self, message: &RefreshMessage) -> PortResult<()>;
}

/// What recomputing the insights did, in words for the refresh's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightsOutcome(pub String);

/// The patient's derived insights (health score, risk assessment), recomputed after a refresh,
/// an indexed document or changed answers; `trigger` says which (`refresh 3`, `document_indexed`).
#[async_trait]
pub trait Insights: Send + Sync {
    async fn recompute(&self, patient_id: &PatientId, trigger: &str) -> PortResult<InsightsOutcome>;
}
