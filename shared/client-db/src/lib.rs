//! Drivers for hospitals' own databases: the [`ClientDatabases`] port for PostgreSQL,
//! MySQL/MariaDB and MongoDB, the same on Lambda and offline.
//!
//! Every connection starts with a TCP connect MediClear makes itself ([`net`]), so an unknown
//! host, a closed port and a timeout are three different answers; the driver then speaks its
//! protocol over that stream (PostgreSQL) or reconnects knowing the address answers (MySQL).
//! Queries run read-only: inside `BEGIN TRANSACTION READ ONLY` / `START TRANSACTION READ ONLY`
//! with a statement timeout (`statement_timeout`; MariaDB's `max_statement_time`, MySQL's
//! `max_execution_time`), the row cap already in the validated query, and the transaction
//! rolled back after. Server error texts can quote values, so none is ever passed on: errors are
//! classified ([`ClientDbError`]) with at most the SQLSTATE / server error number.
//!
//! # Layout
//!
//! - [`net`] — resolving and connecting, classified.
//! - [`postgres`] — PostgreSQL: check, schema from the catalogs, databases, read-only runs.
//! - [`mysql`] — MySQL and MariaDB, the same through `information_schema`.
//! - [`mongo`] — MongoDB: sampled schema, allow-listed aggregation pipelines with `maxTimeMS`.

pub mod mongo;
pub mod mysql;
pub mod net;
pub mod postgres;

use async_trait::async_trait;

use mediclear_domain::reports::rows::ResultSet;
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType};
use mediclear_ports::client_databases::{CheckError, ClientDatabases, ClientDbError, ConnectionCheck, Limits, RunnableQuery, Target};

/// The drivers, chosen by the target's `database_type`.
#[derive(Debug, Default, Clone)]
pub struct Drivers;

/// Tables whose estimated rows are below this are counted exactly (cheap); bigger ones keep the
/// server's estimate, labelled as one.
pub(crate) const EXACT_COUNT_BELOW: i64 = 200_000;

#[async_trait]
impl ClientDatabases for Drivers {
    async fn check(&self, target: &Target, limits: Limits) -> ConnectionCheck {
        let result = match target.database_type {
            DatabaseType::PostgreSQL => postgres::check(target, limits).await,
            DatabaseType::MySQL => mysql::check(target, limits).await,
            DatabaseType::MongoDB => mongo::check(target, limits).await,
        };
        match result {
            Ok(check) => check,
            Err((error, partial)) => ConnectionCheck {
                reachable: partial.reachable || error.reached(),
                authenticated: partial.authenticated,
                read_only_possible: false,
                latency_ms: partial.latency_ms,
                server_version: partial.server_version,
                error: Some(CheckError { code: error.code().into(), message: error.to_string() }),
            },
        }
    }

    async fn schema(&self, target: &Target, limits: Limits) -> Result<DatabaseSchema, ClientDbError> {
        match target.database_type {
            DatabaseType::PostgreSQL => postgres::schema(target, limits).await,
            DatabaseType::MySQL => mysql::schema(target, limits).await,
            DatabaseType::MongoDB => mongo::schema(target, limits).await,
        }
    }

    async fn databases(&self, target: &Target, limits: Limits) -> Result<Vec<String>, ClientDbError> {
        match target.database_type {
            DatabaseType::PostgreSQL => postgres::databases(target, limits).await,
            DatabaseType::MySQL => mysql::databases(target, limits).await,
            DatabaseType::MongoDB => mongo::databases(target, limits).await,
        }
    }

    async fn run(&self, target: &Target, query: &RunnableQuery, limits: Limits) -> Result<ResultSet, ClientDbError> {
        match (target.database_type, query) {
            (DatabaseType::PostgreSQL, RunnableQuery::Sql { text, parameters }) => postgres::run(target, text, parameters, limits).await,
            (DatabaseType::MySQL, RunnableQuery::Sql { text, parameters }) => mysql::run(target, text, parameters, limits).await,
            (DatabaseType::MongoDB, RunnableQuery::Pipeline { collection, stages, parameters }) => mongo::run(target, collection, stages, parameters, limits).await,
            _ => Err(ClientDbError::Unsupported("this query language on this database")),
        }
    }
}

/// How far a failed check got.
#[derive(Debug, Default, Clone)]
pub(crate) struct Partial {
    pub reachable: bool,
    pub authenticated: bool,
    pub latency_ms: Option<u64>,
    pub server_version: Option<String>,
}

/// Marks `rows` cut when the query returned more than `cap` (it was rendered with `cap + 1`).
pub(crate) fn cap_rows(result: &mut ResultSet, cap: u64) {
    if result.rows.len() as u64 > cap {
        result.rows.truncate(cap as usize);
        result.truncated = true;
    }
}
