//! PHI reports' connection routes: a hospital's database registered (admins), read, described
//! and checked. Access is `mediclear_domain::reports::connection`'s: admins manage (an admin
//! bound to an organisation only its own), doctors use the connections of the `org_id` in their
//! token; a role that never may gets 403, a connection the caller may not see 404 — as for one
//! that does not exist.
//!
//! The password is sealed by the `SecretBox` (KMS on AWS) before anything is stored and opened
//! only for the duration of one call to the database; it is never returned, logged, or put in an
//! error. A failure of the hospital's database is not a fault of MediClear's but of the
//! registered connection or the hospital's server: it is answered `422` with its own code
//! (`CONNECT_TIMEOUT`, `AUTHENTICATION_FAILED`, `STATEMENT_TIMEOUT`, …) and a message that quotes
//! nothing the server said.

pub mod create;
pub mod databases;
pub mod delete;
pub mod get;
pub mod list;
pub mod schema;
pub mod test;
pub mod test_saved;
pub mod update;

use std::sync::Arc;

use http::StatusCode;

use mediclear_domain::identity::{Caller, Role};
use mediclear_domain::ids::ConnectionId;
use mediclear_domain::reports::connection::{Connection, ConnectionAction, may};
use mediclear_domain::reports::schema::DatabaseSchema;
use mediclear_http::ApiError;
use mediclear_ports::client_databases::{ClientDatabases, ClientDbError, Limits, Target};
use mediclear_ports::reports::{ConnectionCatalog, SecretBox};

/// What the connection routes share: the catalog, the secret box, the drivers and their limits.
#[derive(Clone)]
pub struct Connections {
    pub catalog: Arc<dyn ConnectionCatalog>,
    pub secrets: Arc<dyn SecretBox>,
    pub databases: Arc<dyn ClientDatabases>,
    pub limits: Limits,
}

/// A connection id from the path.
pub fn path_connection(raw: &str) -> Result<ConnectionId, ApiError> {
    Ok(ConnectionId::parse(raw)?)
}

/// 403 unless the role may ever take `action`.
pub fn role_may(caller: &Caller, action: ConnectionAction) -> Result<(), ApiError> {
    let allowed = match action {
        ConnectionAction::Manage => caller.role == Role::Admin,
        ConnectionAction::Use => matches!(caller.role, Role::Admin | Role::Doctor),
    };
    if allowed { Ok(()) } else { Err(ApiError::forbidden()) }
}

/// The answer to a hospital database's failure: 422 with the failure's own code.
pub fn database_error(error: &ClientDbError) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, error.code(), format!("the hospital's database: {error}"))
}

impl Connections {
    /// The connection, if `caller` may take `action` on it: 403 for a role that never may, 404
    /// for a connection it may not see or that does not exist.
    pub async fn visible(&self, caller: &Caller, connection_id: &ConnectionId, action: ConnectionAction) -> Result<Connection, ApiError> {
        role_may(caller, action)?;
        let connection = self.catalog.get(connection_id).await.map_err(|e| ApiError::from_port(e, "connection"))?.ok_or_else(|| ApiError::not_found("connection"))?;
        if may(caller, action, &connection.spec.org_id) { Ok(connection) } else { Err(ApiError::not_found("connection")) }
    }

    /// Where and as whom to connect, the password opened for this call only.
    pub async fn target(&self, connection: &Connection) -> Result<Target, ApiError> {
        let password = self.secrets.open(&connection.connection_id, &connection.sealed_password).await.map_err(|e| {
            tracing::error!(connection_id = %connection.connection_id, error = %e, "the stored password does not open");
            ApiError::internal(&"the stored password could not be opened")
        })?;
        let spec = &connection.spec;
        Ok(Target {
            database_type: spec.database_type,
            host: spec.host.clone(),
            port: spec.port,
            database_name: spec.database_name.clone(),
            username: spec.username.clone(),
            password,
            tls: spec.options.tls,
        })
    }

    /// The stored schema, or — when there is none yet, or `fresh` is asked — the database's,
    /// extracted now and stored with the connection.
    pub async fn schema(&self, connection: &Connection, fresh: bool) -> Result<DatabaseSchema, ApiError> {
        if !fresh && let Some(schema) = &connection.schema {
            return Ok(schema.clone());
        }
        let target = self.target(connection).await?;
        let started = std::time::Instant::now();
        let schema = self.databases.schema(&target, self.limits).await.map_err(|e| database_error(&e))?;
        tracing::info!(connection_id = %connection.connection_id, tables = schema.tables.len(), elapsed_ms = started.elapsed().as_millis() as u64, "schema extracted");
        let mut stored = connection.clone();
        stored.schema = Some(schema.clone());
        stored.version += 1;
        stored.updated_at = chrono::Utc::now();
        match self.catalog.replace(&stored, connection.version).await {
            // A concurrent change wins; this answer still describes the database as it is.
            Ok(()) | Err(mediclear_ports::PortError::Conflict(_)) => Ok(schema),
            Err(e) => Err(ApiError::from_port(e, "connection")),
        }
    }
}
