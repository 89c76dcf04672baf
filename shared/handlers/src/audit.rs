//! Audit records for every read or write of PHI (HIPAA §164.312(b)).
//!
//! Reads fail closed: the record is written before data is returned, and if it cannot be written
//! the caller gets 503 and no data — nothing is disclosed unaudited. Writes are audited after
//! they succeed; should that append fail, the write is not undone (the client already has a
//! record), so the entry is logged at error level with ids only, as a fallback trail, and the
//! append is retried briefly first.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use mediclear_domain::audit::{AuditRecord, Outcome};
use mediclear_domain::identity::Caller;
use mediclear_http::ApiError;
use mediclear_ports::audit::AuditLog;

/// The audit trail as handlers use it.
#[derive(Clone)]
pub struct Auditor {
    log: Arc<dyn AuditLog>,
}

/// What is being accessed.
#[derive(Debug, Clone, Copy)]
pub struct Resource<'a> {
    pub kind: &'a str,
    pub id: &'a str,
}

impl Auditor {
    pub fn new(log: Arc<dyn AuditLog>) -> Self {
        Self { log }
    }

    async fn append_with_retry(&self, record: &AuditRecord) -> bool {
        for attempt in 0..3u32 {
            match self.log.append(record).await {
                Ok(()) => return true,
                Err(e) => {
                    tracing::warn!(attempt, error = %e, action = %record.action, "audit append failed");
                    tokio::time::sleep(Duration::from_millis(50 * 2u64.pow(attempt))).await;
                }
            }
        }
        false
    }

    /// Records a read before its data is returned; `Err(503)` when it cannot be recorded.
    pub async fn read(&self, caller: &Caller, action: &str, resource: Resource<'_>, outcome: Outcome, request_id: &str) -> Result<(), ApiError> {
        let record = AuditRecord::by(caller, action, resource.kind, resource.id, outcome, request_id, Utc::now());
        if self.append_with_retry(&record).await { Ok(()) } else { Err(ApiError::unavailable()) }
    }

    /// Records a read of several resources of one kind (a listing), one entry per resource so
    /// each resource's trail shows it; `Err(503)` if any cannot be recorded.
    pub async fn read_each(&self, caller: &Caller, action: &str, kind: &str, ids: &[&str], outcome: Outcome, request_id: &str) -> Result<(), ApiError> {
        let at = Utc::now();
        let records: Vec<AuditRecord> = ids.iter().map(|id| AuditRecord::by(caller, action, kind, id, outcome, request_id, at)).collect();
        let mut results = Vec::with_capacity(records.len());
        for batch in records.chunks(10) {
            results.extend(futures::future::join_all(batch.iter().map(|r| self.append_with_retry(r))).await);
        }
        if results.into_iter().all(|ok| ok) { Ok(()) } else { Err(ApiError::unavailable()) }
    }

    /// Records an action that already happened (a write, or a refused attempt).
    pub async fn action(&self, caller: &Caller, action: &str, resource: Resource<'_>, outcome: Outcome, request_id: &str) {
        let record = AuditRecord::by(caller, action, resource.kind, resource.id, outcome, request_id, Utc::now());
        self.record(record).await;
    }

    /// Records a step MediClear took on its own.
    pub async fn system(&self, component: &str, action: &str, resource: Resource<'_>, outcome: Outcome, request_id: &str) {
        let record = AuditRecord::by_system(component, action, resource.kind, resource.id, outcome, request_id, Utc::now());
        self.record(record).await;
    }

    async fn record(&self, record: AuditRecord) {
        if !self.append_with_retry(&record).await {
            tracing::error!(
                audit_fallback = true,
                event_id = %record.event_id,
                actor = %record.actor,
                action = %record.action,
                resource_type = %record.resource_type,
                resource_id = %record.resource_id,
                outcome = ?record.outcome,
                request_id = %record.request_id,
                "audit record could not be stored; logged instead"
            );
        }
    }
}
