//! `GET /api/v1/connections/{connection_id}/databases` (admins): the databases the connection's
//! credentials can see on its server.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde::Serialize;

use mediclear_domain::reports::connection::ConnectionAction;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;

use crate::api::connections::{Connections, database_error, path_connection};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}/databases";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_databases)).with_state(deps))
}

/// The databases visible to a connection's credentials.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DatabaseList {
    pub databases: Vec<String>,
}

/// List the databases a connection's credentials can see.
///
/// **Who:** admins (of the connection's organisation, when bound to one).
#[utoipa::path(
    get,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection.")),
    responses(
        (status = 200, description = "Database names.", body = Success<DatabaseList>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CONNECTION_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 422, body = ErrorEnvelope,
            description = "The hospital's database failed (the connection's address, credentials or server): `UNKNOWN_HOST`, `CONNECTION_REFUSED`, `CONNECT_TIMEOUT`, `AUTHENTICATION_FAILED`, \\
                           `DATABASE_NOT_FOUND`, `TLS_FAILED`, `STATEMENT_TIMEOUT`, `PERMISSION_DENIED`, `QUERY_FAILED`, `PROTOCOL_ERROR`, `UNSUPPORTED`."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the key service is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn list_databases(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    let connection = deps.connections.visible(&caller, &connection_id, ConnectionAction::Manage).await?;
    let target = deps.connections.target(&connection).await?;
    let databases = deps.connections.databases.databases(&target, deps.connections.limits).await.map_err(|e| database_error(&e))?;
    Ok(success(DatabaseList { databases }))
}
