//! Refreshes on AWS: kept in the health table ([`RefreshStore`] on [`DynamoHealthStore`]), queued
//! on SQS FIFO ([`SqsRefreshQueue`]).
//!
//! `PATIENT#<id>` / `REFRESH#<version, 10 digits>` holds a [`Refresh`] as attributes, in the
//! patient's own partition: one `Query` lists them (newest first) and a patient's purge finds
//! them there. The queue's message group is the patient, so one patient's refreshes run in the
//! order they were asked for while other patients' run alongside; the deduplication id is
//! patient and version, so a retried send delivers once.
//!
//! IAM: `dynamodb:GetItem`/`PutItem`/`Query`/`DeleteItem` on the table; `sqs:SendMessage` on the
//! queue.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use mediclear_domain::health::refresh::Refresh;
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::refreshes::{RefreshMessage, RefreshPage, RefreshQueue, RefreshStore};

use crate::dynamo::{batch_write, query_page, s};
use crate::error::{corrupt, port_error, unencodable};
use crate::patients::DynamoHealthStore;

const SK_PREFIX: &str = "REFRESH#";

fn refresh_key(patient_id: &PatientId, version: u64) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_string(), s(format!("PATIENT#{patient_id}"))), ("sk".to_string(), s(format!("{SK_PREFIX}{version:010}")))])
}

fn refresh_item(refresh: &Refresh) -> PortResult<HashMap<String, AttributeValue>> {
    let mut item: HashMap<String, AttributeValue> =
        serde_dynamo::aws_sdk_dynamodb_1::to_item(refresh).map_err(|e| unencodable("refresh", refresh.patient_id.as_str(), e))?;
    item.extend(refresh_key(&refresh.patient_id, refresh.version));
    Ok(item)
}

fn refresh_from(mut item: HashMap<String, AttributeValue>) -> PortResult<Refresh> {
    item.remove("pk");
    item.remove("sk");
    serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("refresh", e))
}

#[async_trait]
impl RefreshStore for DynamoHealthStore {
    #[tracing::instrument(skip(self, refresh), fields(table = %self.table(), version = refresh.version))]
    async fn create(&self, refresh: &Refresh) -> PortResult<()> {
        self.put_if(refresh_item(refresh)?, "attribute_not_exists(pk)", || PortError::Conflict("this refresh version exists".into())).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table()))]
    async fn get(&self, patient_id: &PatientId, version: u64) -> PortResult<Option<Refresh>> {
        self.get_at(refresh_key(patient_id, version)).await?.map(refresh_from).transpose()
    }

    #[tracing::instrument(skip(self, refresh), fields(table = %self.table(), version = refresh.version))]
    async fn update(&self, refresh: &Refresh) -> PortResult<()> {
        self.put_if(refresh_item(refresh)?, "attribute_exists(pk)", || PortError::NotFound).await
    }

    #[tracing::instrument(skip(self, next_token), fields(table = %self.table()))]
    async fn list(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<RefreshPage> {
        let query = || {
            self.client()
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
                .expression_attribute_values(":pk", s(format!("PATIENT#{patient_id}")))
                .expression_attribute_values(":prefix", s(SK_PREFIX))
                .scan_index_forward(false)
                .consistent_read(true)
        };
        let (refreshes, next_token) = query_page(&format!("refreshes|{patient_id}"), limit, next_token, query, refresh_from).await?;
        Ok(RefreshPage { refreshes, next_token })
    }

    #[tracing::instrument(skip(self), fields(table = %self.table()))]
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        let mut deletes = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = RefreshStore::list(self, patient_id, 100, token.as_deref()).await?;
            for refresh in &page.refreshes {
                let delete = DeleteRequest::builder()
                    .set_key(Some(refresh_key(patient_id, refresh.version)))
                    .build()
                    .map_err(|e| PortError::Internal(format!("dynamodb.DeleteRequest: {e}")))?;
                deletes.push(WriteRequest::builder().delete_request(delete).build());
            }
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        let count = deletes.len();
        batch_write(self.client(), self.table(), deletes).await?;
        Ok(count)
    }
}

/// The refresh queue: SQS FIFO, the patient as message group.
#[derive(Debug, Clone)]
pub struct SqsRefreshQueue {
    client: aws_sdk_sqs::Client,
    queue_url: String,
}

impl SqsRefreshQueue {
    pub fn new(config: &SdkConfig, queue_url: impl Into<String>) -> Self {
        SqsRefreshQueue { client: aws_sdk_sqs::Client::new(config), queue_url: queue_url.into() }
    }
}

#[async_trait]
impl RefreshQueue for SqsRefreshQueue {
    #[tracing::instrument(skip(self, message), fields(version = message.version))]
    async fn enqueue(&self, message: &RefreshMessage) -> PortResult<()> {
        let body = serde_json::to_string(message).map_err(|e| PortError::Internal(format!("refresh message: {e}")))?;
        self.client
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(body)
            .message_group_id(message.patient_id.as_str())
            .message_deduplication_id(format!("{}-{}", message.patient_id, message.version))
            .send()
            .await
            .map_err(|e| port_error("sqs.SendMessage", &e))?;
        Ok(())
    }
}
