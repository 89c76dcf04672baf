//! PHI reports on AWS: connections and report records in the `ReportsTable`, and the
//! `SecretBox` on KMS.
//!
//! One table, two kinds of item: `pk = CONNECTION#<id>` (the connection as JSON in `item`, its
//! `version`, and `org_id` + `name_key` for the `by-org` index) and `pk = REPORT#<id>` (the
//! record, with `expires_at` for the table's TTL a week after the file is gone). Connections are
//! replaced on their version (`ConditionExpression`), as every MediClear record is.
//!
//! A connection carries its database's stored schema, and a hospital's schema can be large
//! (thousands of tables). DynamoDB holds at most 400 KB an item, so a connection whose JSON
//! passes [`INLINE_LIMIT`] is stored zlib-compressed in `item_z` instead (names repeat: a schema
//! compresses ten- to twentyfold); one that still passes [`MAX_COMPRESSED`] is refused with a
//! `Rejected` that says so — never a half-written item.
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

/// A connection's JSON up to this size is stored as it is (`item`); above, compressed (`item_z`).
pub const INLINE_LIMIT: usize = 64 * 1024;
/// The most a compressed connection may take, leaving the rest of DynamoDB's 400 KB to the keys.
pub const MAX_COMPRESSED: usize = 350 * 1024;
/// The most a compressed connection may expand to when read back (a corrupt or hostile item
/// costs bounded memory).
const MAX_EXPANDED: usize = 64 * 1024 * 1024;

impl DynamoReportsTable {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: aws_sdk_dynamodb::Client::new(config), table: table.into() }
    }

    fn connection_key(id: &ConnectionId) -> AttributeValue {
        s(format!("CONNECTION#{id}"))
    }

    fn connection_item(connection: &Connection) -> PortResult<HashMap<String, AttributeValue>> {
        let json = serde_json::to_string(connection).map_err(|e| unencodable("connection", connection.connection_id.as_str(), e))?;
        let body = if json.len() <= INLINE_LIMIT {
            ("item".to_string(), s(json))
        } else {
            let compressed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6);
            if compressed.len() > MAX_COMPRESSED {
                let tables = connection.schema.as_ref().map_or(0, |schema| schema.tables.len());
                return Err(PortError::Rejected(format!(
                    "the database's schema is too large to store: {tables} tables take {} kB compressed, and a connection may take at most {} kB; \
                     connect with a user that sees only the schemas reports need",
                    compressed.len() / 1024,
                    MAX_COMPRESSED / 1024
                )));
            }
            ("item_z".to_string(), AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(compressed)))
        };
        Ok(HashMap::from([
            ("pk".to_string(), Self::connection_key(&connection.connection_id)),
            body,
            ("version".to_string(), n(connection.version)),
            ("org_id".to_string(), s(connection.spec.org_id.as_str())),
            ("name_key".to_string(), s(format!("{}#{}", connection.spec.connection_name.to_lowercase(), connection.connection_id))),
        ]))
    }

    fn connection_of(item: &HashMap<String, AttributeValue>) -> PortResult<Connection> {
        if let Some(json) = item.get("item").and_then(|v| v.as_s().ok()) {
            return serde_json::from_str(json).map_err(|e| corrupt("connection", e));
        }
        let compressed = item.get("item_z").and_then(|v| v.as_b().ok()).ok_or_else(|| corrupt("connection", "no item attribute"))?;
        let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed.as_ref(), MAX_EXPANDED).map_err(|e| corrupt("connection", format!("item_z does not inflate: {e:?}")))?;
        serde_json::from_slice(&json).map_err(|e| corrupt("connection", e))
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

#[cfg(test)]
mod tests {
    use super::*;
    use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, Table, TableKind};

    fn connection_with(schema: DatabaseSchema) -> Connection {
        let mut connection = mediclear_testkit::conformance::reports::connection(&OrgId::parse("ORG-1").unwrap(), "EHR");
        connection.schema = Some(schema);
        connection
    }

    #[test]
    fn small_connections_are_inline_and_large_ones_compressed_and_read_back() {
        let small = connection_with(mediclear_testkit::conformance::reports::large_schema(3, 4));
        let item = DynamoReportsTable::connection_item(&small).unwrap();
        assert!(item.contains_key("item") && !item.contains_key("item_z"));
        assert_eq!(DynamoReportsTable::connection_of(&item).unwrap(), small);

        let large = connection_with(mediclear_testkit::conformance::reports::large_schema(1_500, 25));
        let item = DynamoReportsTable::connection_item(&large).unwrap();
        let stored = item["item_z"].as_b().unwrap().as_ref().len();
        assert!(!item.contains_key("item") && stored < MAX_COMPRESSED, "{stored} bytes");
        assert_eq!(DynamoReportsTable::connection_of(&item).unwrap(), large);
    }

    #[test]
    fn a_schema_too_large_even_compressed_is_refused_saying_why() {
        // Names that do not repeat do not compress: 6,000 tables of 30 random-named columns.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut name = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            format!("c{seed:016x}")
        };
        let tables = (0..6_000)
            .map(|_| Table {
                name: name(),
                kind: TableKind::Table,
                fields: (0..30).map(|_| Field { name: name(), data_type: "text".into(), nullable: true, default: None, presence: None, primary_key: false }).collect(),
                row_count: None,
                row_count_exact: false,
                foreign_keys: vec![],
            })
            .collect();
        let huge = connection_with(DatabaseSchema { database_type: DatabaseType::PostgreSQL, database_name: "ehr".into(), tables, extracted_at: None });
        match DynamoReportsTable::connection_item(&huge) {
            Err(PortError::Rejected(message)) => assert!(message.contains("6000 tables") && message.contains("at most 350 kB"), "{message}"),
            other => panic!("expected Rejected, got {:?}", other.map(|item| item.keys().cloned().collect::<Vec<_>>())),
        }
    }

    #[test]
    fn a_corrupt_compressed_item_is_an_error_not_a_panic() {
        let item = HashMap::from([("item_z".to_string(), AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(vec![0x78, 0x9c, 0xff, 0x00])))]);
        assert!(matches!(DynamoReportsTable::connection_of(&item), Err(PortError::Internal(_))));
    }
}
