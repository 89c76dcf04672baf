//! PHI reports on AWS: connections and report records in the `ReportsTable`, and the
//! `SecretBox` on KMS.
//!
//! One table, two kinds of item: `pk = CONNECTION#<id>` (the connection as JSON in `item`, its
//! `version`, and `org_id` + `name_key` for the `by-org` index) and `pk = REPORT#<id>` (the
//! record, with `expires_at` for the table's TTL a week after the file is gone). Connections are
//! replaced on their version (`ConditionExpression`), as every MediClear record is.
//!
//! KMS `Encrypt` seals a password with the encryption context `{"connection_id": <id>}`; `Decrypt`
//! must present the same context, so a sealed password copied to another connection does not
//! open, and CloudTrail logs which connection each use was for.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_kms::primitives::Blob;
use base64::Engine;

use mediclear_domain::ids::{ConnectionId, OrgId, ReportId};
use mediclear_domain::reports::connection::Connection;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::reports::{ConnectionCatalog, ReportLog, ReportRecord, SecretBox};

use crate::dynamo::{expires_in, n, put_item, query_all_pages, s};
use crate::error::{Failure, corrupt, port_error, unencodable};

/// The reports table.
#[derive(Debug, Clone)]
pub struct DynamoReportsTable {
    client: aws_sdk_dynamodb::Client,
    table: String,
}

/// The GSI listing one organisation's connections by name.
pub const BY_ORG_INDEX: &str = "by-org";

impl DynamoReportsTable {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: aws_sdk_dynamodb::Client::new(config), table: table.into() }
    }

    fn connection_key(id: &ConnectionId) -> AttributeValue {
        s(format!("CONNECTION#{id}"))
    }

    fn connection_item(connection: &Connection) -> PortResult<HashMap<String, AttributeValue>> {
        let json = serde_json::to_string(connection).map_err(|e| unencodable("connection", connection.connection_id.as_str(), e))?;
        Ok(HashMap::from([
            ("pk".to_string(), Self::connection_key(&connection.connection_id)),
            ("item".to_string(), s(json)),
            ("version".to_string(), n(connection.version)),
            ("org_id".to_string(), s(connection.spec.org_id.as_str())),
            ("name_key".to_string(), s(format!("{}#{}", connection.spec.connection_name.to_lowercase(), connection.connection_id))),
        ]))
    }

    fn connection_of(item: &HashMap<String, AttributeValue>) -> PortResult<Connection> {
        let json = item.get("item").and_then(|v| v.as_s().ok()).ok_or_else(|| corrupt("connection", "no item attribute"))?;
        serde_json::from_str(json).map_err(|e| corrupt("connection", e))
    }

    async fn get_by_key(&self, pk: AttributeValue) -> PortResult<Option<HashMap<String, AttributeValue>>> {
        let out = self.client.get_item().table_name(&self.table).key("pk", pk).consistent_read(true).send().await.map_err(|e| port_error("dynamodb.GetItem", &e))?;
        Ok(out.item)
    }
}

#[async_trait]
impl ConnectionCatalog for DynamoReportsTable {
    #[tracing::instrument(skip(self, connection), fields(table = %self.table, connection_id = %connection.connection_id))]
    async fn create(&self, connection: &Connection) -> PortResult<()> {
        let result = self.client.put_item().table_name(&self.table).set_item(Some(Self::connection_item(connection)?)).condition_expression("attribute_not_exists(pk)").send().await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if Failure::of("dynamodb.PutItem", &e).code_is("ConditionalCheckFailedException") => Err(PortError::Conflict(format!("connection {} already exists", connection.connection_id))),
            Err(e) => Err(port_error("dynamodb.PutItem", &e)),
        }
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, connection_id: &ConnectionId) -> PortResult<Option<Connection>> {
        self.get_by_key(Self::connection_key(connection_id)).await?.map(|item| Self::connection_of(&item)).transpose()
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn list(&self, org_id: Option<&OrgId>) -> PortResult<Vec<Connection>> {
        let items = match org_id {
            Some(org) => {
                query_all_pages(self.client.query().table_name(&self.table).index_name(BY_ORG_INDEX).key_condition_expression("org_id = :org").expression_attribute_values(":org", s(org.as_str()))).await?
            }
            None => {
                // Every organisation's (an admin bound to none): the connections are few; the
                // index holds only connection items.
                let mut items = Vec::new();
                let mut start: Option<HashMap<String, AttributeValue>> = None;
                loop {
                    let page = self.client.scan().table_name(&self.table).index_name(BY_ORG_INDEX).set_exclusive_start_key(start.take()).send().await.map_err(|e| port_error("dynamodb.Scan", &e))?;
                    items.extend(page.items.unwrap_or_default());
                    match page.last_evaluated_key {
                        Some(key) if !key.is_empty() => start = Some(key),
                        _ => break,
                    }
                }
                items
            }
        };
        let mut connections = items.iter().map(Self::connection_of).collect::<PortResult<Vec<_>>>()?;
        connections.sort_by(|a, b| (a.spec.connection_name.to_lowercase(), a.connection_id.as_str()).cmp(&(b.spec.connection_name.to_lowercase(), b.connection_id.as_str())));
        Ok(connections)
    }

    #[tracing::instrument(skip(self, connection), fields(table = %self.table, connection_id = %connection.connection_id))]
    async fn replace(&self, connection: &Connection, expected_version: u64) -> PortResult<()> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::connection_item(connection)?))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", n(expected_version))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if Failure::of("dynamodb.PutItem", &e).code_is("ConditionalCheckFailedException") => {
                match ConnectionCatalog::get(self, &connection.connection_id).await? {
                    None => Err(PortError::NotFound),
                    Some(stored) => Err(PortError::Conflict(format!("connection {} is at version {}, not {expected_version}", connection.connection_id, stored.version))),
                }
            }
            Err(e) => Err(port_error("dynamodb.PutItem", &e)),
        }
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn delete(&self, connection_id: &ConnectionId) -> PortResult<bool> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", Self::connection_key(connection_id))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.DeleteItem", &e))?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }
}

#[async_trait]
impl ReportLog for DynamoReportsTable {
    #[tracing::instrument(skip(self, record), fields(table = %self.table, report_id = %record.report_id))]
    async fn put(&self, record: &ReportRecord) -> PortResult<()> {
        let json = serde_json::to_string(record).map_err(|e| unencodable("report", record.report_id.as_str(), e))?;
        let ttl = (record.file_expires_at - chrono::Utc::now()) + chrono::Duration::days(7);
        put_item(&self.client, &self.table, HashMap::from([("pk".to_string(), s(format!("REPORT#{}", record.report_id))), ("item".to_string(), s(json)), ("expires_at".to_string(), n(expires_in(ttl)))])).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, report_id: &ReportId) -> PortResult<Option<ReportRecord>> {
        let Some(item) = self.get_by_key(s(format!("REPORT#{report_id}"))).await? else { return Ok(None) };
        let json = item.get("item").and_then(|v| v.as_s().ok()).ok_or_else(|| corrupt("report", "no item attribute"))?;
        serde_json::from_str(json).map(Some).map_err(|e| corrupt("report", e))
    }
}

/// The `SecretBox` on KMS.
#[derive(Debug, Clone)]
pub struct KmsSecretBox {
    client: aws_sdk_kms::Client,
    key_id: String,
}

impl KmsSecretBox {
    pub fn new(config: &SdkConfig, key_id: impl Into<String>) -> Self {
        Self { client: aws_sdk_kms::Client::new(config), key_id: key_id.into() }
    }
}

const CONTEXT_KEY: &str = "connection_id";

#[async_trait]
impl SecretBox for KmsSecretBox {
    #[tracing::instrument(skip(self, secret), fields(key = %self.key_id, connection_id = %context))]
    async fn seal(&self, context: &ConnectionId, secret: &str) -> PortResult<String> {
        let out = self
            .client
            .encrypt()
            .key_id(&self.key_id)
            .plaintext(Blob::new(secret.as_bytes()))
            .encryption_context(CONTEXT_KEY, context.as_str())
            .send()
            .await
            .map_err(|e| port_error("kms.Encrypt", &e))?;
        let blob = out.ciphertext_blob.ok_or_else(|| PortError::Internal("kms.Encrypt returned no ciphertext".into()))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(blob.into_inner()))
    }

    #[tracing::instrument(skip(self, sealed), fields(key = %self.key_id, connection_id = %context))]
    async fn open(&self, context: &ConnectionId, sealed: &str) -> PortResult<String> {
        let refused = || PortError::Rejected("the sealed secret does not open under this connection".into());
        let bytes = base64::engine::general_purpose::STANDARD.decode(sealed).map_err(|_| refused())?;
        let result = self.client.decrypt().key_id(&self.key_id).ciphertext_blob(Blob::new(bytes)).encryption_context(CONTEXT_KEY, context.as_str()).send().await;
        match result {
            Ok(out) => {
                let plain = out.plaintext.ok_or_else(|| PortError::Internal("kms.Decrypt returned no plaintext".into()))?;
                String::from_utf8(plain.into_inner()).map_err(|_| refused())
            }
            Err(e) if Failure::of("kms.Decrypt", &e).code_is("InvalidCiphertextException") => Err(refused()),
            Err(e) => Err(port_error("kms.Decrypt", &e)),
        }
    }
}
