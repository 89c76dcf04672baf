//! The audit trail in DynamoDB ([`AuditLog`] + [`AuditReader`]).
//!
//! Key: hash `resource_id`, range `sk = <at, fixed-width RFC 3339>#<event_id>`, so one Query reads
//! a resource's history oldest first. The record's fields are stored as attributes (ids and
//! names of actions only — the record never holds PHI).
//!
//! Append-only: writers only ever PutItem with `attribute_not_exists(sk)`, so an entry is never
//! overwritten, and the writing functions' IAM policy needs no Update or Delete. Appending the
//! very same record again (a retried request) leaves one entry and succeeds; a *different* record
//! under an existing key is a `Conflict`.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use mediclear_domain::audit::AuditRecord;
use mediclear_ports::PortError;
use mediclear_ports::audit::{AuditLog, AuditReader};
use mediclear_ports::error::PortResult;

use crate::dynamo::{s, sortable_time};
use crate::error::{corrupt, port_error, unencodable};

/// The audit table.
#[derive(Debug, Clone)]
pub struct DynamoAuditLog {
    client: Client,
    table: String,
}

impl DynamoAuditLog {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into() }
    }

    fn sort_key(record: &AuditRecord) -> String {
        format!("{}#{}", sortable_time(&record.at), record.event_id)
    }

    fn record(mut item: HashMap<String, AttributeValue>) -> PortResult<AuditRecord> {
        item.remove("sk");
        serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("audit record", e))
    }
}

#[async_trait]
impl AuditLog for DynamoAuditLog {
    #[tracing::instrument(skip(self, record), fields(table = %self.table, resource_id = %record.resource_id, event_id = %record.event_id, action = %record.action))]
    async fn append(&self, record: &AuditRecord) -> PortResult<()> {
        let mut item: HashMap<String, AttributeValue> = serde_dynamo::aws_sdk_dynamodb_1::to_item(record)
            .map_err(|e| unencodable("audit record", record.event_id.as_ref(), e))?;
        item.insert("at".into(), s(sortable_time(&record.at)));
        item.insert("sk".into(), s(Self::sort_key(record)));
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(sk)")
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => match e.as_service_error() {
                Some(PutItemError::ConditionalCheckFailedException(failed)) => {
                    let same = failed.item().cloned().map(Self::record).transpose()?.is_some_and(|stored| &stored == record);
                    if same { Ok(()) } else { Err(PortError::Conflict(format!("audit entry {} exists with other content", record.event_id))) }
                }
                _ => Err(port_error("dynamodb.PutItem", &e)),
            },
        }
    }
}

#[async_trait]
impl AuditReader for DynamoAuditLog {
    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn for_resource(&self, resource_id: &str) -> PortResult<Vec<AuditRecord>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("resource_id = :r")
            .expression_attribute_values(":r", s(resource_id))
            .scan_index_forward(true);
        crate::dynamo::query_all_pages(query).await?.into_iter().map(Self::record).collect()
    }
}
