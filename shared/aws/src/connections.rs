//! WebSocket connections and subscriptions in DynamoDB ([`ConnectionStore`]).
//!
//! Table key: hash `pk`, range `sk`. Item kinds:
//!
//! | pk | sk | what |
//! |---|---|---|
//! | `CONN#<id>` | `META` | the caller (JSON), `channels` (string set), `connected_at`, `expires_at` |
//! | `CHANNEL#<channel>` | `CONN#<id>` | one subscription, so a channel's listeners are one Query |
//! | `CONN#<id>` | `DELIVERY#<key>` | a delivery claim |
//!
//! Every item carries `expires_at` (epoch seconds, 24 h: API Gateway closes a WebSocket after 2 h
//! at most) for the table's TTL, so a connection whose `$disconnect` never ran still goes away;
//! reads ignore items already past it, since TTL deletion lags.
//!
//! `subscribe` first adds the channel to the connection's `META` under `attribute_exists(pk)` —
//! an unknown connection is `NotFound` and leaves no subscription behind. A delivery claim is a
//! conditional put (`attribute_not_exists(sk)`, or an expired claim), so a stream record delivered
//! twice claims once. `disconnect` deletes `META`, the subscriptions and the claims, and is
//! idempotent.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use chrono::Utc;
use mediclear_domain::identity::Caller;
use mediclear_domain::realtime::Channel;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::realtime::{ConnectionInfo, ConnectionStore};

use crate::dynamo::{batch_write, expires_in, n, put_item, s, sortable_time, string_attr};
use crate::error::{corrupt, port_error};

type Item = HashMap<String, AttributeValue>;

/// How long a connection's items live without a `$disconnect`.
const CONNECTION_TTL_HOURS: i64 = 24;

fn connection_pk(connection_id: &str) -> String {
    format!("CONN#{connection_id}")
}

fn channel_pk(channel: &Channel) -> String {
    format!("CHANNEL#{channel}")
}

fn key(pk: String, sk: String) -> Item {
    HashMap::from([("pk".into(), s(pk)), ("sk".into(), s(sk))])
}

fn ttl() -> AttributeValue {
    n(expires_in(chrono::Duration::hours(CONNECTION_TTL_HOURS)))
}

fn expired(item: &Item) -> bool {
    item.get("expires_at").and_then(|v| v.as_n().ok()).and_then(|v| v.parse::<i64>().ok()).is_some_and(|at| at <= Utc::now().timestamp())
}

/// The connections table.
#[derive(Debug, Clone)]
pub struct DynamoConnectionStore {
    client: Client,
    table: String,
}

impl DynamoConnectionStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into() }
    }

    async fn query_all(&self, pk: &str) -> PortResult<Vec<Item>> {
        let query = self.client.query().table_name(&self.table).key_condition_expression("pk = :pk").expression_attribute_values(":pk", s(pk)).consistent_read(true);
        crate::dynamo::query_all_pages(query).await
    }

    async fn meta(&self, connection_id: &str) -> PortResult<Option<Item>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(connection_pk(connection_id), "META".into())))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        Ok(out.item.filter(|item| !expired(item)))
    }
}

#[async_trait]
impl ConnectionStore for DynamoConnectionStore {
    #[tracing::instrument(skip(self, caller), fields(table = %self.table, role = %caller.role))]
    async fn connect(&self, connection_id: &str, caller: &Caller) -> PortResult<()> {
        let caller_json = serde_json::to_string(caller).map_err(|e| PortError::Internal(format!("caller could not be encoded: {e}")))?;
        let mut item = key(connection_pk(connection_id), "META".into());
        item.insert("connection_id".into(), s(connection_id));
        item.insert("caller".into(), s(caller_json));
        item.insert("connected_at".into(), s(sortable_time(&Utc::now())));
        item.insert("expires_at".into(), ttl());
        put_item(&self.client, &self.table, item).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn connection(&self, connection_id: &str) -> PortResult<Option<ConnectionInfo>> {
        let Some(item) = self.meta(connection_id).await? else { return Ok(None) };
        let caller: Caller = serde_json::from_str(string_attr(&item, "caller").unwrap_or_default()).map_err(|e| corrupt("connection caller", e))?;
        let mut channels = match item.get("channels") {
            Some(AttributeValue::Ss(set)) => set.clone(),
            _ => Vec::new(),
        };
        channels.sort();
        Ok(Some(ConnectionInfo { connection_id: connection_id.to_string(), caller, channels }))
    }

    #[tracing::instrument(skip(self, channel), fields(table = %self.table, channel = %channel))]
    async fn subscribe(&self, connection_id: &str, channel: &Channel) -> PortResult<()> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(connection_pk(connection_id), "META".into())))
            .update_expression("ADD channels :channel")
            .condition_expression("attribute_exists(pk) AND expires_at > :now")
            .expression_attribute_values(":channel", AttributeValue::Ss(vec![channel.to_string()]))
            .expression_attribute_values(":now", n(Utc::now().timestamp()))
            .send()
            .await;
        match result {
            Ok(_) => {}
            Err(e) if matches!(e.as_service_error(), Some(UpdateItemError::ConditionalCheckFailedException(_))) => return Err(PortError::NotFound),
            Err(e) => return Err(port_error("dynamodb.UpdateItem", &e)),
        }
        let mut item = key(channel_pk(channel), connection_pk(connection_id));
        item.insert("connection_id".into(), s(connection_id));
        item.insert("expires_at".into(), ttl());
        put_item(&self.client, &self.table, item).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn disconnect(&self, connection_id: &str) -> PortResult<()> {
        let pk = connection_pk(connection_id);
        // META, claims, and through META's channel set, the subscriptions.
        let own = self.query_all(&pk).await?;
        let mut keys: Vec<Item> = Vec::new();
        for item in &own {
            if let Some(AttributeValue::Ss(channels)) = item.get("channels") {
                keys.extend(channels.iter().map(|c| key(format!("CHANNEL#{c}"), pk.clone())));
            }
            if let Some(sk) = string_attr(item, "sk") {
                keys.push(key(pk.clone(), sk.to_string()));
            }
        }
        // Subscriptions first and META last, so a retry after a partial failure still finds them.
        keys.sort_by_key(|k| string_attr(k, "sk") == Some("META"));
        let requests = keys
            .into_iter()
            .map(|k| WriteRequest::builder().delete_request(DeleteRequest::builder().set_key(Some(k)).build().expect("key is set")).build())
            .collect();
        batch_write(&self.client, &self.table, requests).await
    }

    #[tracing::instrument(skip(self, channel), fields(table = %self.table, channel = %channel))]
    async fn subscribers(&self, channel: &Channel) -> PortResult<Vec<String>> {
        let items = self.query_all(&channel_pk(channel)).await?;
        Ok(items.iter().filter(|item| !expired(item)).filter_map(|item| string_attr(item, "connection_id").map(str::to_string)).collect())
    }

    #[tracing::instrument(skip(self, delivery_key), fields(table = %self.table))]
    async fn claim_delivery(&self, connection_id: &str, delivery_key: &str) -> PortResult<bool> {
        let mut item = key(connection_pk(connection_id), format!("DELIVERY#{delivery_key}"));
        item.insert("expires_at".into(), ttl());
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(sk) OR expires_at <= :now")
            .expression_attribute_values(":now", n(Utc::now().timestamp()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if matches!(e.as_service_error(), Some(PutItemError::ConditionalCheckFailedException(_))) => Ok(false),
            Err(e) => Err(port_error("dynamodb.PutItem", &e)),
        }
    }

    #[tracing::instrument(skip(self, delivery_key), fields(table = %self.table))]
    async fn release_delivery(&self, connection_id: &str, delivery_key: &str) -> PortResult<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(connection_pk(connection_id), format!("DELIVERY#{delivery_key}"))))
            .send()
            .await
            .map_err(|e| port_error("dynamodb.DeleteItem", &e))?;
        Ok(())
    }
}
