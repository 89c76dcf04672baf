//! Pre-auth case storage. Writes are conditional: `create` fails with `Conflict` if the id
//! exists, `replace` if the stored version is not the one the caller read. Every successful write
//! emits a change to the cases stream (DynamoDB Streams on AWS, the local runtime's stream
//! offline), which the notifier turns into WebSocket pushes.

use async_trait::async_trait;
use mediclear_domain::ids::{CaseId, PatientId, ProviderId};
use mediclear_domain::preauth::case::{Case, CaseStatus};

use crate::error::PortResult;
use crate::idempotency::IdempotencyRecord;

/// A listing request. Filters combine with AND. Results are newest first.
///
/// Pages hold at most `limit` cases (0 means 50; more than 100 means 100). Every page but the
/// last is full; the last may be empty, since a store may only learn there is nothing more by
/// asking. `next_token` continues exactly this listing: a token that was altered, truncated, or
/// issued for other filters is `Rejected("next_token is not valid")`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseQuery {
    pub provider_id: Option<ProviderId>,
    pub patient_id: Option<PatientId>,
    pub status: Option<CaseStatus>,
    pub limit: usize,
    /// Opaque token from a previous page; a token the store cannot read is `Rejected`.
    pub next_token: Option<String>,
}

/// One page of cases.
#[derive(Debug, Clone, PartialEq)]
pub struct CasePage {
    pub cases: Vec<Case>,
    pub next_token: Option<String>,
}

#[async_trait]
pub trait CaseReader: Send + Sync {
    async fn get(&self, case_id: &CaseId) -> PortResult<Option<Case>>;
    async fn list(&self, query: &CaseQuery) -> PortResult<CasePage>;
}

#[async_trait]
pub trait CaseWriter: Send + Sync {
    /// Stores a new case; `Conflict` if the id is taken.
    async fn create(&self, case: &Case) -> PortResult<()>;
    /// Stores a new case and the first answer to the request that filed it, both or neither;
    /// `Conflict(KEY_TAKEN)` if the key already has an answer (then nothing is written).
    async fn create_once(&self, case: &Case, answer: &IdempotencyRecord) -> PortResult<()>;
    /// Stores `case` if the stored version is `expected_version`; `Conflict` otherwise,
    /// `NotFound` if there is no such case.
    async fn replace(&self, case: &Case, expected_version: u64) -> PortResult<()>;
}
