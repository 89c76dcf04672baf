//! Doctors in the health table ([`DoctorStore`]), beside patients (see [`crate::patients`]).
//!
//! `DOCTOR#<id>` / `PROFILE` holds the [`Doctor`] as attributes, written conditionally like a
//! patient. Two sparse indexes (only doctor profiles carry their keys) list the review queue
//! oldest first: `by-doctor-status` (`doctor_status` = the status, `doctor_created_at`) and
//! `by-doctor` (`doctor_all` = `DOCTOR`, `doctor_created_at`). Pages continue with checked
//! tokens, as case listings do.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use mediclear_domain::health::doctor::{Doctor, VerificationStatus};
use mediclear_domain::ids::DoctorId;
use mediclear_ports::PortError;
use mediclear_ports::doctors::{DoctorPage, DoctorStore};
use mediclear_ports::error::PortResult;

use crate::dynamo::{query_page, s, sortable_time};
use crate::error::{corrupt, unencodable};
use crate::patients::DynamoHealthStore;

const PROFILE: &str = "PROFILE";

fn doctor_key(id: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_string(), s(format!("DOCTOR#{id}"))), ("sk".to_string(), s(PROFILE))])
}

fn doctor_item(doctor: &Doctor) -> PortResult<HashMap<String, AttributeValue>> {
    let mut item: HashMap<String, AttributeValue> =
        serde_dynamo::aws_sdk_dynamodb_1::to_item(doctor).map_err(|e| unencodable("doctor", doctor.doctor_id.as_ref(), e))?;
    item.extend(doctor_key(doctor.doctor_id.as_str()));
    item.insert("doctor_status".into(), s(doctor.verification_status.as_str()));
    item.insert("doctor_all".into(), s("DOCTOR"));
    item.insert("doctor_created_at".into(), s(sortable_time(&doctor.created_at)));
    Ok(item)
}

fn doctor_from(mut item: HashMap<String, AttributeValue>) -> PortResult<Doctor> {
    for key in ["pk", "sk", "doctor_status", "doctor_all", "doctor_created_at"] {
        item.remove(key);
    }
    serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("doctor", e))
}

#[async_trait]
impl DoctorStore for DynamoHealthStore {
    #[tracing::instrument(skip(self), fields(table = %self.table()))]
    async fn get(&self, doctor_id: &DoctorId) -> PortResult<Option<Doctor>> {
        self.get_at(doctor_key(doctor_id.as_str())).await?.map(doctor_from).transpose()
    }

    #[tracing::instrument(skip(self, doctor), fields(table = %self.table(), doctor_id = %doctor.doctor_id))]
    async fn create(&self, doctor: &Doctor) -> PortResult<()> {
        self.put_if(doctor_item(doctor)?, "attribute_not_exists(pk)", || PortError::Conflict(format!("doctor {} exists already", doctor.doctor_id))).await
    }

    #[tracing::instrument(skip(self, doctor), fields(table = %self.table(), doctor_id = %doctor.doctor_id, version = doctor.version))]
    async fn replace(&self, doctor: &Doctor, expected_version: u64) -> PortResult<()> {
        self.replace_at_version(doctor_item(doctor)?, expected_version, &format!("doctor {}", doctor.doctor_id)).await
    }

    #[tracing::instrument(skip(self, next_token), fields(table = %self.table()))]
    async fn list(&self, status: Option<VerificationStatus>, limit: usize, next_token: Option<&str>) -> PortResult<DoctorPage> {
        let (index, hash, value) = match status {
            Some(status) => ("by-doctor-status", "doctor_status", status.as_str()),
            None => ("by-doctor", "doctor_all", "DOCTOR"),
        };
        let query = || {
            self.client()
                .query()
                .table_name(self.table())
                .index_name(index)
                .key_condition_expression("#hash = :value")
                .expression_attribute_names("#hash", hash)
                .expression_attribute_values(":value", s(value))
                .scan_index_forward(true)
        };
        let (doctors, next_token) = query_page(&format!("{index}|{value}"), limit, next_token, query, doctor_from).await?;
        Ok(DoctorPage { doctors, next_token })
    }
}
