//! PHI reports' storage and engines: registered connections, the box that seals their
//! passwords, report metadata, and the planner that turns English into a query.
//!
//! - `ConnectionCatalog` — connections with their stored schema, version-conditioned like every
//!   other MediClear record (DynamoDB `ReportsTable` on AWS; the embedded database offline).
//! - `SecretBox` — seals a password with the connection id as context (KMS `Encrypt` with an
//!   encryption context on AWS; AES-256-GCM with an envelope key in the data directory
//!   offline): a sealed password opened under another connection's id fails.
//! - `ReportLog` — what a report was (who asked, when, how many rows, which file): never a row.
//! - `QueryPlanner` — English + stored schema → one query (Bedrock Converse on AWS, the
//!   schema-aware offline planner otherwise).
//! - `ReportSummarizer` — a report's summary in words (Bedrock Converse on AWS, its figures
//!   checked against the rows; offline, the summary computed from the rows).
//!
//! Report files themselves go to a `BlobStore` of their own (a bucket with a one-day lifecycle),
//! handed out through `presign_get` links that live at most five minutes.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use mediclear_domain::ids::{ConnectionId, OrgId, ReportId};
use mediclear_domain::reports::connection::Connection;
use mediclear_domain::reports::planner::Parameter;
use mediclear_domain::reports::request::NotUnderstood;
use mediclear_domain::reports::rows::ResultSet;
use mediclear_domain::reports::schema::DatabaseSchema;

use crate::error::PortResult;

#[async_trait]
pub trait ConnectionCatalog: Send + Sync {
    /// Stores a new connection; `Conflict` if the id exists.
    async fn create(&self, connection: &Connection) -> PortResult<()>;
    async fn get(&self, connection_id: &ConnectionId) -> PortResult<Option<Connection>>;
    /// The connections of one organisation, or of all (`None`), by name.
    async fn list(&self, org_id: Option<&OrgId>) -> PortResult<Vec<Connection>>;
    /// Replaces a connection whose stored `version` is `expected_version`; `Conflict` otherwise.
    async fn replace(&self, connection: &Connection, expected_version: u64) -> PortResult<()>;
    /// Deletes a connection; whether there was one.
    async fn delete(&self, connection_id: &ConnectionId) -> PortResult<bool>;
}

#[async_trait]
pub trait SecretBox: Send + Sync {
    /// The secret sealed under `context` (base64 text, safe to store).
    async fn seal(&self, context: &ConnectionId, secret: &str) -> PortResult<String>;
    /// The secret, if `sealed` was sealed under this `context`; `Rejected` otherwise.
    async fn open(&self, context: &ConnectionId, sealed: &str) -> PortResult<String>;
}

/// What a report was. No row, no value: counts, times, the file's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportRecord {
    pub report_id: ReportId,
    /// The caller's subject: only they read it back.
    pub owner: String,
    pub org_id: OrgId,
    pub connection_id: ConnectionId,
    /// `pdf` or `csv`.
    pub format: String,
    /// `visits`, `labs`, … (what was reported; never the request text).
    pub kind: String,
    pub row_count: usize,
    pub truncated: bool,
    pub bytes: usize,
    pub generated_at: DateTime<Utc>,
    /// When the file is deleted (the bucket's lifecycle rule; offline, the runtime's sweep).
    pub file_expires_at: DateTime<Utc>,
    /// The file's key in the report store.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    #[schema(ignore)]
    pub object_key: String,
}

#[async_trait]
pub trait ReportLog: Send + Sync {
    async fn put(&self, record: &ReportRecord) -> PortResult<()>;
    async fn get(&self, report_id: &ReportId) -> PortResult<Option<ReportRecord>>;
}

/// A planned query, before validation.
#[derive(Debug, Clone, PartialEq)]
pub enum PlannedQuery {
    Sql { text: String, parameters: Vec<Parameter>, explanation: String, patient_id: Option<String>, kind: String },
    Pipeline { collection: String, stages: Vec<Value>, parameters: Vec<Parameter>, explanation: String, patient_id: Option<String>, kind: String },
}

impl PlannedQuery {
    pub fn explanation(&self) -> &str {
        match self {
            PlannedQuery::Sql { explanation, .. } | PlannedQuery::Pipeline { explanation, .. } => explanation,
        }
    }

    pub fn kind(&self) -> &str {
        match self {
            PlannedQuery::Sql { kind, .. } | PlannedQuery::Pipeline { kind, .. } => kind,
        }
    }

    pub fn patient_id(&self) -> Option<&str> {
        match self {
            PlannedQuery::Sql { patient_id, .. } | PlannedQuery::Pipeline { patient_id, .. } => patient_id.as_deref(),
        }
    }
}

/// Why no query was planned.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanRefusal {
    /// The request is not one report about one patient, with what was understood.
    NotUnderstood(NotUnderstood),
    /// Understood, but the schema cannot answer it (no table for it, no patient key, an id of the
    /// wrong type); the message says which.
    NotAnswerable(String),
    /// The planner itself failed (a model unavailable, an answer that never fit its schema).
    Failed(crate::PortError),
}

#[async_trait]
pub trait QueryPlanner: Send + Sync {
    /// One query for `request` over `schema`, as of `as_of` (for "last 6 months").
    async fn plan(&self, request: &str, schema: &DatabaseSchema, patient_key_hint: Option<&str>, as_of: NaiveDate) -> Result<PlannedQuery, PlanRefusal>;
}

/// What a report's summary is written from.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    /// The report's kind (`visits`, `labs`, `summary`, …).
    pub kind: &'a str,
    /// The request in the user's words.
    pub request: &'a str,
    pub result: &'a ResultSet,
    /// The summary computed from the rows (`Summary::sentences`): counts, dates, latest values.
    pub facts: &'a [String],
}

/// A report's summary in words, and who wrote it (the report says so under its heading).
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenSummary {
    pub paragraphs: Vec<String>,
    pub by: String,
}

#[async_trait]
pub trait ReportSummarizer: Send + Sync {
    /// The summary of `input.result`. A writer states no figure the rows, the computed summary or
    /// the request do not hold (`InvalidOutput` otherwise); the report then carries the computed
    /// summary alone.
    async fn summarize(&self, input: &SummaryInput<'_>) -> PortResult<WrittenSummary>;
}
