//! Insights and conversations on AWS, in the insights table: `pk` `PATIENT#<id>`, so one patient's
//! versions and conversations are one partition (read, listed and purged together).
//!
//! - [`DynamoInsightStore`]: `sk` `<kind>#<version, 10 digits>` (`health_score#0000000003`), the
//!   body as a JSON string attribute; the latest is a descending `Query` with `Limit 1`; a new
//!   version is `attribute_not_exists(pk)`-conditioned.
//! - [`DynamoConversationStore`]: `sk` `CONV#<conversation id>`, the conversation as a JSON string
//!   (≤ the domain's bound, well under DynamoDB's 400 KB item limit) beside its `updated_at`; a
//!   save is conditioned on the `updated_at` the caller read.
//!
//! IAM: `dynamodb:GetItem`/`PutItem`/`Query`/`BatchWriteItem` on the insights table.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use chrono::{DateTime, Utc};

use mediclear_domain::health::chat::Conversation;
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::chat::ConversationStore;
use mediclear_ports::error::PortResult;
use mediclear_ports::insights::{InsightKind, InsightStore, InsightVersion};

use crate::dynamo::{batch_write, get_consistent, put_conditioned, query_all_pages, s, sortable_time, string_attr};
use crate::error::{corrupt, port_error, unencodable};

const CONVERSATION_PREFIX: &str = "CONV#";

fn pk(patient_id: &PatientId) -> AttributeValue {
    s(format!("PATIENT#{patient_id}"))
}

fn key(patient_id: &PatientId, sk: String) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_string(), pk(patient_id)), ("sk".to_string(), s(sk))])
}

/// The insights table's client, shared by both stores.
#[derive(Debug, Clone)]
struct Table {
    client: Client,
    name: String,
}

impl Table {
    async fn get(&self, key: HashMap<String, AttributeValue>) -> PortResult<Option<HashMap<String, AttributeValue>>> {
        get_consistent(&self.client, &self.name, key).await
    }

    async fn put_if(&self, item: HashMap<String, AttributeValue>, condition: &str, values: HashMap<String, AttributeValue>, refused: &str) -> PortResult<()> {
        put_conditioned(&self.client, &self.name, item, condition, (!values.is_empty()).then_some(values), || PortError::Conflict(refused.into())).await
    }

    /// A consistent query of the patient's partition, sort keys starting with `prefix`.
    fn query(&self, patient_id: &PatientId, prefix: &str) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.name)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", pk(patient_id))
            .expression_attribute_values(":prefix", s(prefix))
            .consistent_read(true)
    }

    /// Every key of the patient's partition whose sort key starts with `prefix`.
    async fn keys(&self, patient_id: &PatientId, prefix: &str) -> PortResult<Vec<HashMap<String, AttributeValue>>> {
        query_all_pages(self.query(patient_id, prefix).projection_expression("pk, sk")).await
    }

    async fn delete_all(&self, keys: Vec<HashMap<String, AttributeValue>>) -> PortResult<usize> {
        let count = keys.len();
        let mut deletes = Vec::with_capacity(count);
        for key in keys {
            let delete = DeleteRequest::builder().set_key(Some(key)).build().map_err(|e| PortError::Internal(format!("dynamodb.DeleteRequest: {e}")))?;
            deletes.push(WriteRequest::builder().delete_request(delete).build());
        }
        batch_write(&self.client, &self.name, deletes).await?;
        Ok(count)
    }
}

/// Every version of a patient's health score and risk assessment.
#[derive(Debug, Clone)]
pub struct DynamoInsightStore {
    table: Table,
}

impl DynamoInsightStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { table: Table { client: Client::new(config), name: table.into() } }
    }
}

fn insight_sk(kind: InsightKind, version: u64) -> String {
    format!("{}#{version:010}", kind.as_str())
}

fn insight_from(item: &HashMap<String, AttributeValue>) -> PortResult<InsightVersion> {
    let body = string_attr(item, "body").ok_or_else(|| corrupt("insight", "no body"))?;
    serde_json::from_str(body).map_err(|e| corrupt("insight", e))
}

#[async_trait]
impl InsightStore for DynamoInsightStore {
    #[tracing::instrument(skip(self, version), fields(kind = version.kind.as_str(), version = version.version))]
    async fn put(&self, version: &InsightVersion) -> PortResult<()> {
        let body = serde_json::to_string(version).map_err(|e| unencodable("insight", version.patient_id.as_str(), e))?;
        let mut item = key(&version.patient_id, insight_sk(version.kind, version.version));
        item.insert("body".into(), s(body));
        self.table.put_if(item, "attribute_not_exists(pk)", HashMap::new(), "this insight version exists").await
    }

    #[tracing::instrument(skip(self))]
    async fn latest(&self, patient_id: &PatientId, kind: InsightKind) -> PortResult<Option<InsightVersion>> {
        let out = self
            .table
            .query(patient_id, &format!("{}#", kind.as_str()))
            .scan_index_forward(false)
            .limit(1)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.Query", &e))?;
        out.items.unwrap_or_default().first().map(insight_from).transpose()
    }

    #[tracing::instrument(skip(self))]
    async fn get(&self, patient_id: &PatientId, kind: InsightKind, version: u64) -> PortResult<Option<InsightVersion>> {
        self.table.get(key(patient_id, insight_sk(kind, version))).await?.as_ref().map(insight_from).transpose()
    }

    #[tracing::instrument(skip(self))]
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        let mut keys = Vec::new();
        for kind in [InsightKind::HealthScore, InsightKind::RiskAssessment] {
            keys.extend(self.table.keys(patient_id, &format!("{}#", kind.as_str())).await?);
        }
        self.table.delete_all(keys).await
    }
}

/// Patient and doctor chat conversations.
#[derive(Debug, Clone)]
pub struct DynamoConversationStore {
    table: Table,
}

impl DynamoConversationStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { table: Table { client: Client::new(config), name: table.into() } }
    }
}

fn conversation_from(item: &HashMap<String, AttributeValue>) -> PortResult<Conversation> {
    let body = string_attr(item, "body").ok_or_else(|| corrupt("conversation", "no body"))?;
    serde_json::from_str(body).map_err(|e| corrupt("conversation", e))
}

#[async_trait]
impl ConversationStore for DynamoConversationStore {
    #[tracing::instrument(skip(self, conversation_id))]
    async fn get(&self, patient_id: &PatientId, conversation_id: &str) -> PortResult<Option<Conversation>> {
        self.table.get(key(patient_id, format!("{CONVERSATION_PREFIX}{conversation_id}"))).await?.as_ref().map(conversation_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn save(&self, conversation: &Conversation, previous: Option<DateTime<Utc>>) -> PortResult<()> {
        let body = serde_json::to_string(conversation).map_err(|e| unencodable("conversation", conversation.patient_id.as_str(), e))?;
        let mut item = key(&conversation.patient_id, format!("{CONVERSATION_PREFIX}{}", conversation.conversation_id));
        item.insert("body".into(), s(body));
        item.insert("updated_at".into(), s(sortable_time(&conversation.updated_at)));
        match previous {
            None => self.table.put_if(item, "attribute_not_exists(pk)", HashMap::new(), "the conversation exists").await,
            Some(at) => {
                let values = HashMap::from([(":previous".to_string(), s(sortable_time(&at)))]);
                self.table.put_if(item, "updated_at = :previous", values, "the conversation changed meanwhile").await
            }
        }
    }

    #[tracing::instrument(skip(self))]
    async fn for_patient(&self, patient_id: &PatientId) -> PortResult<Vec<Conversation>> {
        query_all_pages(self.table.query(patient_id, CONVERSATION_PREFIX)).await?.iter().map(conversation_from).collect()
    }

    #[tracing::instrument(skip(self))]
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        let keys = self.table.keys(patient_id, CONVERSATION_PREFIX).await?;
        self.table.delete_all(keys).await
    }
}
