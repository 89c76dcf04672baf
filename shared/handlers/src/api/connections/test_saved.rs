//! `POST /api/v1/connections/{connection_id}/test` (admins): checks a registered connection with
//! its stored password. Answers as `POST /connections/test` does.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;

use mediclear_domain::reports::connection::ConnectionAction;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;
use mediclear_ports::client_databases::ConnectionCheck;

use crate::api::connections::{Connections, path_connection};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}/test";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(test_saved_connection)).with_state(deps))
}

/// Check a registered connection.
///
/// **Who:** admins (of the connection's organisation, when bound to one).
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection.")),
    responses(
        (status = 200, description = "What the check found; `error` says where it stopped.", body = Success<ConnectionCheck>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CONNECTION_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the key service is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn test_saved_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    let connection = deps.connections.visible(&caller, &connection_id, ConnectionAction::Manage).await?;
    let target = deps.connections.target(&connection).await?;
    let check = deps.connections.databases.check(&target, deps.connections.limits).await;
    tracing::info!(%connection_id, reachable = check.reachable, authenticated = check.authenticated, error = ?check.error.as_ref().map(|e| e.code.as_str()), "connection check");
    Ok(success(check))
}
