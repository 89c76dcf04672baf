//! A patient's derived insights, every version kept: the health score and the breast-cancer risk
//! assessment ([`InsightStore`]). A version is written only when what was computed differs from
//! the latest one, so versions are changes a patient or doctor can see, and a score's `trend`
//! compares with the one before.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use mediclear_domain::ids::PatientId;

use crate::error::PortResult;

/// Which insight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsightKind {
    HealthScore,
    RiskAssessment,
}

impl InsightKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InsightKind::HealthScore => "health_score",
            InsightKind::RiskAssessment => "risk_assessment",
        }
    }
}

/// One stored version of one insight of one patient. The body is the domain's value
/// (`HealthScore`, `RiskAssessment`) as JSON, so the store stays the same when a rule adds a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightVersion {
    pub patient_id: PatientId,
    pub kind: InsightKind,
    /// 1 for the first, then one more for each change.
    pub version: u64,
    pub computed_at: DateTime<Utc>,
    /// What led to it: `document_indexed`, `refresh 3`, `answers_updated`.
    pub trigger: String,
    pub body: serde_json::Value,
}

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// Stores a new version; `Conflict` if the patient already has this version of this kind
    /// (two recomputations raced: the loser reads the latest and tries again).
    async fn put(&self, version: &InsightVersion) -> PortResult<()>;
    /// The newest version, if any.
    async fn latest(&self, patient_id: &PatientId, kind: InsightKind) -> PortResult<Option<InsightVersion>>;
    async fn get(&self, patient_id: &PatientId, kind: InsightKind, version: u64) -> PortResult<Option<InsightVersion>>;
    /// Deletes every version of every insight of the patient; how many there were.
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize>;
}
