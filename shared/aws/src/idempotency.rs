//! First answers under their idempotency keys, in DynamoDB ([`IdempotencyStore`]).
//!
//! One item per key: `idempotency_key` (S, the scoped digest), `fingerprint`, `status`, the
//! answer as one JSON string (`response`; DynamoDB's own types would not round-trip every JSON
//! value), `created_at`, and `expires_at` (epoch seconds) for the table's TTL. Because TTL
//! deletion lags by up to days, "taken" is decided by `expires_at`, never by the item's presence.
//! A record and its first answer are written by one `TransactWriteItems`
//! ([`put_new_with_answer`]), so the two exist together or not at all.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::idempotency::{IdempotencyRecord, IdempotencyStore, KEY_TAKEN};

use crate::dynamo::{n, s, string_attr};
use crate::error::{corrupt, port_error};

/// The condition under which a key may take an answer: no item, or an expired one.
const FREE: &str = "attribute_not_exists(idempotency_key) OR expires_at < :now";

/// The idempotency table.
#[derive(Debug, Clone)]
pub struct DynamoIdempotencyStore {
    client: Client,
    table: String,
}

impl DynamoIdempotencyStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into() }
    }
}

fn item(record: &IdempotencyRecord) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("idempotency_key".to_string(), s(&record.key)),
        ("fingerprint".to_string(), s(&record.fingerprint)),
        ("status".to_string(), n(record.status)),
        ("response".to_string(), s(record.response.to_string())),
        ("created_at".to_string(), s(record.created_at.to_rfc3339())),
        ("expires_at".to_string(), n(record.expires_at.timestamp())),
    ])
}

fn record(item: &HashMap<String, AttributeValue>) -> PortResult<IdempotencyRecord> {
    let text = |name: &str| string_attr(item, name).ok_or_else(|| corrupt("idempotency record", format!("no {name}")));
    let number = |name: &str| {
        item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse::<i64>().ok()).ok_or_else(|| corrupt("idempotency record", format!("no {name}")))
    };
    Ok(IdempotencyRecord {
        key: text("idempotency_key")?.to_string(),
        fingerprint: text("fingerprint")?.to_string(),
        status: u16::try_from(number("status")?).map_err(|e| corrupt("idempotency record", e))?,
        response: serde_json::from_str(text("response")?).map_err(|e| corrupt("idempotency record", e))?,
        created_at: text("created_at")?.parse::<DateTime<Utc>>().map_err(|e| corrupt("idempotency record", e))?,
        expires_at: DateTime::from_timestamp(number("expires_at")?, 0).ok_or_else(|| corrupt("idempotency record", "expires_at"))?,
    })
}

/// Puts a new item (only if `key_attribute` is free) and a request's first answer (only if its key
/// is free) in one `TransactWriteItems`: both or neither. `Conflict(KEY_TAKEN)` when the key has
/// an answer; `taken()` when the item exists.
pub(crate) async fn put_new_with_answer(
    client: &Client,
    table: &str,
    item: HashMap<String, AttributeValue>,
    key_attribute: &str,
    answers: &Option<String>,
    answer: &IdempotencyRecord,
    taken: impl FnOnce() -> PortError,
) -> PortResult<()> {
    let answers = answers.as_deref().ok_or_else(|| PortError::Internal("no idempotency table is configured (IDEMPOTENCY_TABLE)".into()))?;
    let malformed = |e: aws_sdk_dynamodb::error::BuildError| PortError::Internal(format!("dynamodb.TransactWriteItems: {e}"));
    let put_item = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression(format!("attribute_not_exists({key_attribute})"))
        .build()
        .map_err(malformed)?;
    let put_answer = Put::builder()
        .table_name(answers)
        .set_item(Some(self::item(answer)))
        .condition_expression(FREE)
        .expression_attribute_values(":now", n(Utc::now().timestamp()))
        .build()
        .map_err(malformed)?;
    let result = client
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().put(put_item).build())
        .transact_items(TransactWriteItem::builder().put(put_answer).build())
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(e) => match cancelled_by(&e) {
            Some(failed) if failed.contains(&1) => Err(PortError::Conflict(KEY_TAKEN.into())),
            Some(failed) if !failed.is_empty() => Err(taken()),
            _ => Err(port_error("dynamodb.TransactWriteItems", &e)),
        },
    }
}

/// Which items of a cancelled transaction failed their condition (by index).
fn cancelled_by<R>(error: &SdkError<TransactWriteItemsError, R>) -> Option<Vec<usize>> {
    match error.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) => Some(
            cancelled
                .cancellation_reasons()
                .iter()
                .enumerate()
                .filter(|(_, reason)| reason.code() == Some("ConditionalCheckFailed"))
                .map(|(index, _)| index)
                .collect(),
        ),
        _ => None,
    }
}

#[async_trait]
impl IdempotencyStore for DynamoIdempotencyStore {
    #[tracing::instrument(skip(self, key), fields(table = %self.table))]
    async fn find(&self, key: &str) -> PortResult<Option<IdempotencyRecord>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("idempotency_key", s(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        let found = out.item.as_ref().map(record).transpose()?;
        Ok(found.filter(|record| record.is_live(Utc::now())))
    }

    #[tracing::instrument(skip(self, record), fields(table = %self.table))]
    async fn save(&self, record: &IdempotencyRecord) -> PortResult<()> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item(record)))
            .condition_expression(FREE)
            .expression_attribute_values(":now", n(Utc::now().timestamp()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.as_service_error(), Some(PutItemError::ConditionalCheckFailedException(_))) => {
                Err(PortError::Conflict(KEY_TAKEN.into()))
            }
            Err(e) => Err(port_error("dynamodb.PutItem", &e)),
        }
    }

    #[tracing::instrument(skip(self, record), fields(table = %self.table))]
    async fn replace(&self, record: &IdempotencyRecord) -> PortResult<()> {
        crate::dynamo::put_item(&self.client, &self.table, item(record)).await
    }

    #[tracing::instrument(skip(self, key), fields(table = %self.table))]
    async fn forget(&self, key: &str) -> PortResult<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("idempotency_key", s(key))
            .send()
            .await
            .map_err(|e| port_error("dynamodb.DeleteItem", &e))?;
        Ok(())
    }
}
