//! `ClientDatabases`: a hospital's own database, reached live — checked, described, queried.
//! One adapter serves AWS and the offline runtime alike (`mediclear-client-db`: PostgreSQL,
//! MySQL/MariaDB, MongoDB drivers); on AWS the functions that use it run in the VPC whose NAT
//! address the hospital allows.
//!
//! Every query runs inside a read-only transaction (MongoDB: a read-only command), with a
//! statement timeout and a row cap; the validator ([`mediclear_domain::reports::sql_safety`])
//! has judged it before. Errors never carry the server's message text, which can quote values:
//! [`ClientDbError`] is a classification, with at most an SQLSTATE code.

use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::Value;

use mediclear_domain::reports::planner::Parameter;
use mediclear_domain::reports::rows::ResultSet;
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType};

/// Where and as whom to connect. The password is plaintext only here, in memory, for the
/// duration of one call: it is stored sealed (`SecretBox`).
#[derive(Clone)]
pub struct Target {
    pub database_type: DatabaseType,
    pub host: String,
    pub port: u16,
    pub database_name: String,
    pub username: String,
    pub password: String,
    /// Require TLS (verified against the public roots).
    pub tls: bool,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target").field("database_type", &self.database_type).field("host", &self.host).field("port", &self.port).field("tls", &self.tls).finish_non_exhaustive()
    }
}

/// Time and size bounds of one call.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
    /// Rows a query may return; one more is fetched to tell a cut result from a complete one.
    pub row_cap: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { connect_timeout: Duration::from_secs(5), statement_timeout: Duration::from_secs(10), row_cap: 5_000 }
    }
}

/// A query to run: SQL already rendered from its validated AST, or a validated pipeline.
#[derive(Debug, Clone)]
pub enum RunnableQuery {
    Sql { text: String, parameters: Vec<Parameter> },
    Pipeline { collection: String, stages: Vec<Value>, parameters: Vec<Parameter> },
}

/// What `POST /connections/test` answers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ConnectionCheck {
    pub reachable: bool,
    pub authenticated: bool,
    pub read_only_possible: bool,
    pub latency_ms: Option<u64>,
    pub server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<CheckError>,
}

/// Why a check stopped where it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CheckError {
    pub code: String,
    pub message: String,
}

/// Why a call to a client database failed. Messages name the failure, never data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientDbError {
    #[error("the host name does not resolve")]
    UnknownHost,
    #[error("nothing accepts connections on that host and port")]
    ConnectionRefused,
    #[error("the server did not answer in time")]
    ConnectTimeout,
    #[error("the server refused the user name or password")]
    AuthenticationFailed,
    #[error("the database does not exist or this user may not connect to it")]
    DatabaseNotFound,
    #[error("a TLS connection could not be established")]
    Tls,
    #[error("the query ran longer than the statement timeout and was cancelled")]
    StatementTimeout,
    #[error("the server refused to write inside the read-only transaction")]
    ReadOnlyViolation,
    #[error("this user may not read one of the tables the query reads")]
    PermissionDenied,
    #[error("the database could not run the query (error code {code})")]
    QueryFailed { code: String },
    #[error("the server closed the connection or answered something unexpected")]
    Protocol,
    #[error("not supported by this server: {0}")]
    Unsupported(&'static str),
}

impl ClientDbError {
    /// The stable code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            ClientDbError::UnknownHost => "UNKNOWN_HOST",
            ClientDbError::ConnectionRefused => "CONNECTION_REFUSED",
            ClientDbError::ConnectTimeout => "CONNECT_TIMEOUT",
            ClientDbError::AuthenticationFailed => "AUTHENTICATION_FAILED",
            ClientDbError::DatabaseNotFound => "DATABASE_NOT_FOUND",
            ClientDbError::Tls => "TLS_FAILED",
            ClientDbError::StatementTimeout => "STATEMENT_TIMEOUT",
            ClientDbError::ReadOnlyViolation => "READ_ONLY_VIOLATION",
            ClientDbError::PermissionDenied => "PERMISSION_DENIED",
            ClientDbError::QueryFailed { .. } => "QUERY_FAILED",
            ClientDbError::Protocol => "PROTOCOL_ERROR",
            ClientDbError::Unsupported(_) => "UNSUPPORTED",
        }
    }

    /// Whether the server was reached at all.
    pub fn reached(&self) -> bool {
        !matches!(self, ClientDbError::UnknownHost | ClientDbError::ConnectionRefused | ClientDbError::ConnectTimeout)
    }
}

#[async_trait]
pub trait ClientDatabases: Send + Sync {
    /// Reachable? Authenticated? Can a read-only transaction be opened? Latency and version.
    async fn check(&self, target: &Target, limits: Limits) -> ConnectionCheck;

    /// Tables (collections), fields, keys and row counts — names and types, never values.
    async fn schema(&self, target: &Target, limits: Limits) -> Result<DatabaseSchema, ClientDbError>;

    /// The databases these credentials can see.
    async fn databases(&self, target: &Target, limits: Limits) -> Result<Vec<String>, ClientDbError>;

    /// Runs one validated query read-only, at most `limits.row_cap` rows.
    async fn run(&self, target: &Target, query: &RunnableQuery, limits: Limits) -> Result<ResultSet, ClientDbError>;
}
