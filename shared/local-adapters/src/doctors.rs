//! Doctors in the embedded database, with version-conditioned writes as on DynamoDB. The review
//! queue is listed from memory (offline data sets are one clinic's worth), oldest first, with
//! the same kind of checked token as case listings.

use async_trait::async_trait;

use mediclear_domain::health::doctor::{Doctor, VerificationStatus};
use mediclear_domain::ids::DoctorId;
use mediclear_ports::PortError;
use mediclear_ports::doctors::{DoctorPage, DoctorStore};

use crate::page_token;
use crate::store::{DOCTORS, LocalStore, internal, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalDoctorStore {
    store: LocalStore,
}

impl LocalDoctorStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

fn order_key(doctor: &Doctor) -> (String, String) {
    (doctor.created_at.to_rfc3339(), doctor.doctor_id.to_string())
}

fn scope(status: Option<VerificationStatus>) -> &'static str {
    status.map_or("ALL", VerificationStatus::as_str)
}

#[async_trait]
impl DoctorStore for LocalDoctorStore {
    async fn get(&self, doctor_id: &DoctorId) -> Result<Option<Doctor>, PortError> {
        self.store.get_json(DOCTORS, doctor_id.to_string()).await
    }

    async fn create(&self, doctor: &Doctor) -> Result<(), PortError> {
        let id = doctor.doctor_id.to_string();
        let bytes = to_json(doctor)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(DOCTORS).map_err(internal)?;
                if txn_get::<Doctor>(&table, &id)?.is_some() {
                    return Err(PortError::Conflict(format!("doctor {id} already exists")));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn replace(&self, doctor: &Doctor, expected_version: u64) -> Result<(), PortError> {
        let id = doctor.doctor_id.to_string();
        let bytes = to_json(doctor)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(DOCTORS).map_err(internal)?;
                let stored: Doctor = txn_get(&table, &id)?.ok_or(PortError::NotFound)?;
                if stored.version != expected_version {
                    return Err(PortError::Conflict(format!("doctor {id} is at version {}, not {expected_version}", stored.version)));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn list(&self, status: Option<VerificationStatus>, limit: usize, next_token: Option<&str>) -> Result<DoctorPage, PortError> {
        let after = next_token.map(|t| page_token::decode(t, scope(status))).transpose()?;
        let mut doctors: Vec<Doctor> = self
            .store
            .scan_json::<Doctor>(DOCTORS, String::new())
            .await?
            .into_iter()
            .map(|(_, d)| d)
            .filter(|d| status.is_none_or(|s| d.verification_status == s))
            .collect();
        doctors.sort_by_key(order_key);
        if let Some(after) = after {
            doctors.retain(|d| order_key(d) > after);
        }
        let limit = limit.clamp(1, 100);
        let more = doctors.len() > limit;
        doctors.truncate(limit);
        let next_token = if more { doctors.last().map(|d| page_token::encode(&order_key(d), scope(status))) } else { None };
        Ok(DoctorPage { doctors, next_token })
    }
}
