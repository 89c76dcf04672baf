//! Ingestion job status in DynamoDB ([`JobStore`]).
//!
//! One item per job, key `job_id`; the [`Job`] as attributes plus `expires_at` (epoch seconds,
//! 30 days out) for the table's TTL, so finished jobs disappear on their own. `put` overwrites:
//! a job has one writer at a time (the pipeline step that owns it). `create_once` writes a new
//! job together with its upload's first answer in the idempotency table (one
//! `TransactWriteItems`).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use mediclear_domain::ids::JobId;
use mediclear_ports::error::PortResult;
use mediclear_ports::idempotency::IdempotencyRecord;
use mediclear_ports::jobs::{Job, JobStore};

use crate::dynamo::{expires_in, n, put_item, s};
use crate::error::{corrupt, port_error, unencodable};
use crate::idempotency;

/// How long a job's status stays readable.
pub const JOB_RETENTION_DAYS: i64 = 30;

/// The jobs table.
#[derive(Debug, Clone)]
pub struct DynamoJobStore {
    client: Client,
    table: String,
    idempotency_table: Option<String>,
}

impl DynamoJobStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into(), idempotency_table: None }
    }

    /// The table `create_once` writes first answers to.
    pub fn with_idempotency_table(mut self, table: impl Into<String>) -> Self {
        self.idempotency_table = Some(table.into());
        self
    }

    fn item(job: &Job) -> PortResult<HashMap<String, AttributeValue>> {
        let mut item: HashMap<String, AttributeValue> =
            serde_dynamo::aws_sdk_dynamodb_1::to_item(job).map_err(|e| unencodable("job", job.job_id.as_ref(), e))?;
        item.insert("expires_at".into(), n(expires_in(chrono::Duration::days(JOB_RETENTION_DAYS))));
        Ok(item)
    }
}

#[async_trait]
impl JobStore for DynamoJobStore {
    #[tracing::instrument(skip(self, job), fields(table = %self.table, job_id = %job.job_id, status = ?job.status))]
    async fn put(&self, job: &Job) -> PortResult<()> {
        put_item(&self.client, &self.table, Self::item(job)?).await
    }

    #[tracing::instrument(skip(self, job, answer), fields(table = %self.table, job_id = %job.job_id))]
    async fn create_once(&self, job: &Job, answer: &IdempotencyRecord) -> PortResult<()> {
        let item = Self::item(job)?;
        idempotency::put_new_with_answer(&self.client, &self.table, item, "job_id", &self.idempotency_table, answer, || {
            mediclear_ports::PortError::Conflict(format!("job {} exists already", job.job_id))
        })
        .await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, job_id: &JobId) -> PortResult<Option<Job>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("job_id", s(job_id.as_str()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        out.item
            .map(|mut item| {
                item.remove("expires_at");
                serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("job", e))
            })
            .transpose()
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn delete(&self, job_id: &JobId) -> PortResult<bool> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("job_id", s(job_id.as_str()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.DeleteItem", &e))?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }
}
