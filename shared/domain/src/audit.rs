//! The audit record: who did what to which resource, with what outcome, under which request.
//!
//! HIPAA Security Rule §164.312(b) (audit controls) asks for a record of activity on systems that
//! hold PHI. The record carries ids only — never a name, a note or a query result — so the audit
//! table itself holds no PHI. Records are appended, never updated or deleted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::identity::{Caller, Role};

/// What happened to the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    /// The action was performed.
    Succeeded,
    /// The caller may not perform it (wrong role, or not the owner).
    Denied,
    /// The resource does not exist.
    NotFound,
    /// The action was refused because of a conflict (stale version, illegal status change).
    Conflict,
    /// Something failed while performing it.
    Failed,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Unique id of this entry.
    pub event_id: String,
    pub at: DateTime<Utc>,
    /// The actor's subject (`sub`), or `system:<component>` for MediClear's own steps.
    pub actor: String,
    pub role: Option<Role>,
    /// Dotted action name, e.g. `preauth.case.read`.
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    pub outcome: Outcome,
    pub request_id: String,
}

impl AuditRecord {
    /// An entry for an action a caller took.
    pub fn by(caller: &Caller, action: &str, resource_type: &str, resource_id: &str, outcome: Outcome, request_id: &str, at: DateTime<Utc>) -> Self {
        Self {
            event_id: uuid::Uuid::new_v4().to_string(),
            at,
            actor: caller.subject.clone(),
            role: Some(caller.role),
            action: action.to_string(),
            resource_type: resource_type.to_string(),
            resource_id: resource_id.to_string(),
            outcome,
            request_id: request_id.to_string(),
        }
    }

    /// An entry for a step MediClear took on its own (the analysis workflow).
    pub fn by_system(component: &str, action: &str, resource_type: &str, resource_id: &str, outcome: Outcome, request_id: &str, at: DateTime<Utc>) -> Self {
        Self {
            event_id: uuid::Uuid::new_v4().to_string(),
            at,
            actor: format!("system:{component}"),
            role: None,
            action: action.to_string(),
            resource_type: resource_type.to_string(),
            resource_id: resource_id.to_string(),
            outcome,
            request_id: request_id.to_string(),
        }
    }
}
