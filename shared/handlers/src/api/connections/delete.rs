//! `DELETE /api/v1/connections/{connection_id}` (admins): forgets a connection, its sealed
//! password and its stored schema. Reports already made expire on their own.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::delete;
use serde::Serialize;

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::ConnectionId;
use mediclear_domain::reports::connection::ConnectionAction;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};

use crate::api::connections::{Connections, path_connection};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, delete(delete_connection)).with_state(deps))
}

/// What a deletion did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConnectionDeleted {
    pub connection_id: ConnectionId,
    pub deleted: bool,
}

/// Delete a connection.
///
/// **Who:** admins (of the connection's organisation, when bound to one).
#[utoipa::path(
    delete,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection.")),
    responses(
        (status = 200, description = "Deleted.", body = Success<ConnectionDeleted>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CONNECTION_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn delete_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    deps.connections.visible(&caller, &connection_id, ConnectionAction::Manage).await?;
    let deleted = deps.connections.catalog.delete(&connection_id).await.map_err(|e| ApiError::from_port(e, "connection"))?;
    if !deleted {
        return Err(ApiError::not_found("connection"));
    }
    deps.audit.action(&caller, "connection.delete", Resource { kind: "connection", id: connection_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(success(ConnectionDeleted { connection_id, deleted }))
}
