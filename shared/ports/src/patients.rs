//! Patients of the health-insights product and their care team (which doctors are assigned to
//! them). Patient writes are conditional like cases: `create` only if the id is free, `replace`
//! only at the version the caller read — so an update names the version it saw, and a stale one
//! is a `Conflict` (409) instead of a silent overwrite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use mediclear_domain::health::patient::Patient;
use mediclear_domain::ids::{DoctorId, PatientId};

use crate::error::PortResult;

#[async_trait]
pub trait PatientStore: Send + Sync {
    async fn get(&self, patient_id: &PatientId) -> PortResult<Option<Patient>>;
    /// Stores a new patient; `Conflict` if the id is taken.
    async fn create(&self, patient: &Patient) -> PortResult<()>;
    /// Stores `patient` if the stored version is `expected_version`; `Conflict` if it is not,
    /// `NotFound` if there is no such patient.
    async fn replace(&self, patient: &Patient, expected_version: u64) -> PortResult<()>;
    /// Removes the patient; whether there was one.
    async fn delete(&self, patient_id: &PatientId) -> PortResult<bool>;
}

/// A doctor assigned to a patient: by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assignment {
    pub doctor_id: DoctorId,
    pub patient_id: PatientId,
    /// The subject of whoever assigned (an admin, or the patient granting access).
    pub assigned_by: String,
    pub assigned_at: DateTime<Utc>,
}

#[async_trait]
pub trait CareTeam: Send + Sync {
    /// Assigns the doctor (idempotent: assigning again keeps the first record).
    async fn assign(&self, assignment: &Assignment) -> PortResult<()>;
    /// Revokes the assignment; whether there was one.
    async fn revoke(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool>;
    async fn is_assigned(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool>;
    /// The patient's doctors, by doctor id.
    async fn doctors_of(&self, patient_id: &PatientId) -> PortResult<Vec<Assignment>>;
    /// The doctor's patients, by patient id.
    async fn patients_of(&self, doctor_id: &DoctorId) -> PortResult<Vec<Assignment>>;
}

/// Whether a doctor may reach patients at all: only once an admin has verified their
/// credentials (stored state, not a token claim, so a revoked verification takes effect at once).
#[async_trait]
pub trait DoctorRoster: Send + Sync {
    async fn is_verified(&self, doctor_id: &DoctorId) -> PortResult<bool>;
}
