//! Patients and their care team in DynamoDB ([`PatientStore`] + [`CareTeam`]).
//!
//! One table for the health product, partitioned by the entity whose data it is (`pk`, `sk`,
//! both strings), so reading one patient reads one partition and nothing else:
//!
//! - `PATIENT#<id>` / `PROFILE` — the [`Patient`] as attributes (serde_dynamo); writes conditional
//!   on absence (`create`) or on the stored `version` (`replace`), as cases are.
//! - `PATIENT#<patient>` / `DOCTOR#<doctor>` and `DOCTOR#<doctor>` / `PATIENT#<patient>` — an
//!   [`Assignment`], kept under both so each side is one `Query`; both written (or deleted) by
//!   one `TransactWriteItems`.
//! - `DOCTOR#<id>` / `PROFILE` — a doctor (see [`crate::doctors`]).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem};
use mediclear_domain::health::patient::Patient;
use mediclear_domain::ids::{DoctorId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::patients::{Assignment, CareTeam, PatientStore};

use crate::dynamo::{n, query_all_pages, s};
use crate::error::{corrupt, port_error, unencodable};

const PROFILE: &str = "PROFILE";

fn patient_pk(id: &str) -> String {
    format!("PATIENT#{id}")
}

fn doctor_pk(id: &str) -> String {
    format!("DOCTOR#{id}")
}

/// The health table.
#[derive(Debug, Clone)]
pub struct DynamoHealthStore {
    client: Client,
    table: String,
}

impl DynamoHealthStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into() }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn table(&self) -> &str {
        &self.table
    }

    /// The item at `key`, read consistently (every item of this table: patients, doctors,
    /// documents, refreshes).
    pub(crate) async fn get_at(&self, key: HashMap<String, AttributeValue>) -> PortResult<Option<HashMap<String, AttributeValue>>> {
        crate::dynamo::get_consistent(&self.client, &self.table, key).await
    }

    /// Writes `item` if `condition` holds of the stored one (`attribute_not_exists(pk)` for a
    /// new item, `attribute_exists(pk)` for one that must still be there); `refused()` when it
    /// does not.
    pub(crate) async fn put_if(&self, item: HashMap<String, AttributeValue>, condition: &str, refused: impl FnOnce() -> PortError) -> PortResult<()> {
        crate::dynamo::put_conditioned(&self.client, &self.table, item, condition, None, refused).await
    }

    /// Replaces the stored item with `item` if its `version` is `expected_version`: `Conflict`
    /// (naming `what`) when it moved on, `NotFound` when there is none.
    pub(crate) async fn replace_at_version(&self, item: HashMap<String, AttributeValue>, expected_version: u64, what: &str) -> PortResult<()> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_exists(pk) AND #version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected_version))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => match e.as_service_error() {
                Some(PutItemError::ConditionalCheckFailedException(failed)) => match failed.item() {
                    Some(_) => Err(PortError::Conflict(format!("{what} changed since version {expected_version} was read"))),
                    None => Err(PortError::NotFound),
                },
                _ => Err(port_error("dynamodb.PutItem", &e)),
            },
        }
    }

    fn key(pk: String, sk: impl Into<String>) -> HashMap<String, AttributeValue> {
        HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))])
    }

    fn patient_item(patient: &Patient) -> PortResult<HashMap<String, AttributeValue>> {
        let mut item: HashMap<String, AttributeValue> =
            serde_dynamo::aws_sdk_dynamodb_1::to_item(patient).map_err(|e| unencodable("patient", patient.patient_id.as_ref(), e))?;
        item.extend(Self::key(patient_pk(patient.patient_id.as_str()), PROFILE));
        Ok(item)
    }

    fn without_keys(mut item: HashMap<String, AttributeValue>) -> HashMap<String, AttributeValue> {
        item.remove("pk");
        item.remove("sk");
        item
    }

    async fn assignments(&self, pk: String, sk_prefix: &str) -> PortResult<Vec<Assignment>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(sk_prefix))
            .consistent_read(true);
        query_all_pages(query)
            .await?
            .into_iter()
            .map(|item| serde_dynamo::aws_sdk_dynamodb_1::from_item(Self::without_keys(item)).map_err(|e| corrupt("assignment", e)))
            .collect()
    }
}

#[async_trait]
impl PatientStore for DynamoHealthStore {
    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, patient_id: &PatientId) -> PortResult<Option<Patient>> {
        let item = self.get_at(Self::key(patient_pk(patient_id.as_str()), PROFILE)).await?;
        item.map(|item| serde_dynamo::aws_sdk_dynamodb_1::from_item(Self::without_keys(item)).map_err(|e| corrupt("patient", e))).transpose()
    }

    #[tracing::instrument(skip(self, patient), fields(table = %self.table, patient_id = %patient.patient_id))]
    async fn create(&self, patient: &Patient) -> PortResult<()> {
        self.put_if(Self::patient_item(patient)?, "attribute_not_exists(pk)", || PortError::Conflict(format!("patient {} exists already", patient.patient_id)))
            .await
    }

    #[tracing::instrument(skip(self, patient), fields(table = %self.table, patient_id = %patient.patient_id, version = patient.version))]
    async fn replace(&self, patient: &Patient, expected_version: u64) -> PortResult<()> {
        self.replace_at_version(Self::patient_item(patient)?, expected_version, &format!("patient {}", patient.patient_id)).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn delete(&self, patient_id: &PatientId) -> PortResult<bool> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(patient_pk(patient_id.as_str()), PROFILE)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.DeleteItem", &e))?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }
}

#[async_trait]
impl CareTeam for DynamoHealthStore {
    #[tracing::instrument(skip(self, assignment), fields(table = %self.table))]
    async fn assign(&self, assignment: &Assignment) -> PortResult<()> {
        if self.is_assigned(&assignment.doctor_id, &assignment.patient_id).await? {
            return Ok(());
        }
        let body: HashMap<String, AttributeValue> =
            serde_dynamo::aws_sdk_dynamodb_1::to_item(assignment).map_err(|e| unencodable("assignment", assignment.patient_id.as_ref(), e))?;
        let (p, d) = (assignment.patient_id.as_str(), assignment.doctor_id.as_str());
        let put = |pk: String, sk: String| -> PortResult<TransactWriteItem> {
            let mut item = body.clone();
            item.extend(Self::key(pk, sk));
            let put = Put::builder().table_name(&self.table).set_item(Some(item)).build().map_err(|e| PortError::Internal(format!("dynamodb.TransactWriteItems: {e}")))?;
            Ok(TransactWriteItem::builder().put(put).build())
        };
        self.client
            .transact_write_items()
            .transact_items(put(patient_pk(p), doctor_pk(d))?)
            .transact_items(put(doctor_pk(d), patient_pk(p))?)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.TransactWriteItems", &e))?;
        Ok(())
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn revoke(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        let existed = self.is_assigned(doctor_id, patient_id).await?;
        let (p, d) = (patient_id.as_str(), doctor_id.as_str());
        let delete = |pk: String, sk: String| -> PortResult<TransactWriteItem> {
            let delete = Delete::builder().table_name(&self.table).set_key(Some(Self::key(pk, sk))).build().map_err(|e| PortError::Internal(format!("dynamodb.TransactWriteItems: {e}")))?;
            Ok(TransactWriteItem::builder().delete(delete).build())
        };
        self.client
            .transact_write_items()
            .transact_items(delete(patient_pk(p), doctor_pk(d))?)
            .transact_items(delete(doctor_pk(d), patient_pk(p))?)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.TransactWriteItems", &e))?;
        Ok(existed)
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn is_assigned(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(patient_pk(patient_id.as_str()), doctor_pk(doctor_id.as_str()))))
            .consistent_read(true)
            .projection_expression("pk")
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        Ok(out.item.is_some())
    }

    async fn doctors_of(&self, patient_id: &PatientId) -> PortResult<Vec<Assignment>> {
        self.assignments(patient_pk(patient_id.as_str()), "DOCTOR#").await
    }

    async fn patients_of(&self, doctor_id: &DoctorId) -> PortResult<Vec<Assignment>> {
        self.assignments(doctor_pk(doctor_id.as_str()), "PATIENT#").await
    }
}
