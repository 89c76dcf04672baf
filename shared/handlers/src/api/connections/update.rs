//! `PUT /api/v1/connections/{connection_id}` (admins): changes a connection. Fields given replace
//! the stored ones; a password omitted keeps the stored one (a new one is sealed again). When the
//! address, database, user or type changes, the stored schema is dropped: it described another
//! database.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::put;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::reports::connection::{ConnectionAction, ConnectionView, may, parse_update};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};

use crate::api::connections::{Connections, path_connection};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ConnectionUpdate, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, put(update_connection)).with_state(deps))
}

/// Change a connection.
///
/// **Who:** admins (of the connection's organisation, when bound to one). Anyone else gets 403
/// (a role that never may) or 404.
#[utoipa::path(
    put,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection.")),
    request_body = ConnectionUpdate,
    responses(
        (status = 200, description = "The changed connection, without its password.", body = Success<ConnectionView>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_CONNECTION_ID`, `INVALID_BODY`, `INVALID_CONNECTION_NAME`, `INVALID_ORG_ID`, `INVALID_DATABASE_TYPE`, `INVALID_HOST`, \\
                           `INVALID_PORT`, `INVALID_DATABASE_NAME`, `INVALID_USERNAME`, `INVALID_PASSWORD`, `INVALID_OPTIONS`, `INVALID_OPTIONS_TLS`, \\
                           `INVALID_OPTIONS_PATIENT_KEY`: the field is malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin, or moving the connection to an organisation the admin may not manage."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 409, body = ErrorEnvelope, description = "`CONFLICT`: the connection changed meanwhile; read it and try again."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the key service is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn update_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    let current = deps.connections.visible(&caller, &connection_id, ConnectionAction::Manage).await?;
    let (spec, password) = parse_update(&body, &current.spec)?;
    if !may(&caller, ConnectionAction::Manage, &spec.org_id) {
        return Err(ApiError::forbidden());
    }
    let mut next = current.clone();
    let same_database = (spec.database_type, &spec.host, spec.port, &spec.database_name, &spec.username) == (current.spec.database_type, &current.spec.host, current.spec.port, &current.spec.database_name, &current.spec.username);
    if !same_database {
        next.schema = None;
    }
    if let Some(password) = password {
        next.sealed_password = deps.connections.secrets.seal(&connection_id, &password).await.map_err(|e| ApiError::from_port(e, "connection"))?;
    }
    next.spec = spec;
    next.version = current.version + 1;
    next.updated_at = Utc::now();
    deps.connections.catalog.replace(&next, current.version).await.map_err(|e| ApiError::from_port(e, "connection"))?;
    deps.audit.action(&caller, "connection.update", Resource { kind: "connection", id: connection_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(success(next.view()))
}
