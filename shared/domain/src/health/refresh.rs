//! A refresh of a patient's record (`POST /rag/refresh`): queued per patient and processed in
//! order; it re-processes the documents that are new or changed since they were indexed (their
//! content hash differs, or their chunks were embedded by another model), deletes the chunks of
//! documents that are gone, and then recomputes the patient's insights (health score and risk:
//! "Health insights II"). Each refresh is versioned per patient (1, 2, …) and kept with what it
//! did.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PatientId;
use crate::validation::ValidationError;

/// Why a refresh was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefreshTrigger {
    NewReport,
    ConsultationUpdate,
    ManualTrigger,
}

impl RefreshTrigger {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "new_report" => Ok(RefreshTrigger::NewReport),
            "consultation_update" => Ok(RefreshTrigger::ConsultationUpdate),
            "manual_trigger" => Ok(RefreshTrigger::ManualTrigger),
            "" => Err(ValidationError::missing("trigger")),
            _ => Err(ValidationError::invalid("trigger", "trigger must be new_report, consultation_update or manual_trigger")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefreshStatus {
    Queued,
    Running,
    Completed,
    Failed,
}

/// One refresh of one patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Refresh {
    pub patient_id: PatientId,
    /// 1 for the patient's first refresh, then one more each time.
    pub version: u64,
    pub trigger: RefreshTrigger,
    /// Subject of whoever asked.
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub status: RefreshStatus,
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// Documents sent through the pipeline again (new, changed, or indexed by another model).
    #[serde(default)]
    pub documents_changed: u32,
    /// Documents whose index was current.
    #[serde(default)]
    pub documents_unchanged: u32,
    /// Chunks deleted because their document is gone.
    #[serde(default)]
    pub chunks_deleted: u32,
    /// What the insights step did ("Health insights II" fills it in).
    #[serde(default)]
    pub insights: Option<String>,
    /// Why it failed.
    #[serde(default)]
    pub reason: Option<String>,
}

impl Refresh {
    /// A new refresh, queued.
    pub fn queued(patient_id: PatientId, version: u64, trigger: RefreshTrigger, requested_by: String, at: DateTime<Utc>) -> Self {
        Refresh {
            patient_id,
            version,
            trigger,
            requested_by,
            requested_at: at,
            status: RefreshStatus::Queued,
            started_at: None,
            finished_at: None,
            documents_changed: 0,
            documents_unchanged: 0,
            chunks_deleted: 0,
            insights: None,
            reason: None,
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.status, RefreshStatus::Completed | RefreshStatus::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_the_three_the_api_names() {
        assert_eq!(RefreshTrigger::parse(" New_Report ").unwrap(), RefreshTrigger::NewReport);
        assert_eq!(RefreshTrigger::parse("manual_trigger").unwrap(), RefreshTrigger::ManualTrigger);
        assert_eq!(RefreshTrigger::parse("nightly").unwrap_err().code, "INVALID_TRIGGER");
        assert_eq!(serde_json::to_value(RefreshTrigger::ConsultationUpdate).unwrap(), "consultation_update");
    }
}
