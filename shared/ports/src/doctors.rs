//! Doctors and their verification. Writes are conditional on the version read, so two admins
//! deciding the same doctor cannot both win. Every doctor store is a [`DoctorRoster`]: whether a
//! doctor is verified is read from the stored record at each request.

use async_trait::async_trait;

use mediclear_domain::health::doctor::{Doctor, VerificationStatus};
use mediclear_domain::ids::DoctorId;

use crate::error::PortResult;
use crate::patients::DoctorRoster;

/// One page of doctors, oldest first (the review queue is worked in arrival order).
#[derive(Debug, Clone, PartialEq)]
pub struct DoctorPage {
    pub doctors: Vec<Doctor>,
    pub next_token: Option<String>,
}

#[async_trait]
pub trait DoctorStore: Send + Sync {
    async fn get(&self, doctor_id: &DoctorId) -> PortResult<Option<Doctor>>;
    /// Stores a new doctor; `Conflict` if the id is taken.
    async fn create(&self, doctor: &Doctor) -> PortResult<()>;
    /// Stores `doctor` if the stored version is `expected_version`; `Conflict` otherwise,
    /// `NotFound` if there is no such doctor.
    async fn replace(&self, doctor: &Doctor, expected_version: u64) -> PortResult<()>;
    /// Doctors with `status` (all when `None`), oldest first, at most `limit` (1-100) a page; a
    /// `next_token` this listing did not issue is `Rejected`.
    async fn list(&self, status: Option<VerificationStatus>, limit: usize, next_token: Option<&str>) -> PortResult<DoctorPage>;
}

#[async_trait]
impl<T: DoctorStore + ?Sized> DoctorRoster for T {
    async fn is_verified(&self, doctor_id: &DoctorId) -> PortResult<bool> {
        Ok(self.get(doctor_id).await?.is_some_and(|d| d.is_verified()))
    }
}
