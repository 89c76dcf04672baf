//! `GET /api/v1/connections/{connection_id}` (admins, doctors of the organisation).

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::reports::connection::{ConnectionAction, ConnectionView};
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;

use crate::api::connections::{Connections, path_connection};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_connection)).with_state(deps))
}

/// Read a connection.
///
/// **Who:** admins, and doctors of the connection's organisation. Anyone else gets 404, as for a
/// connection that does not exist.
#[utoipa::path(
    get,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection.")),
    responses(
        (status = 200, description = "The connection, without its password.", body = Success<ConnectionView>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CONNECTION_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    let connection = deps.connections.visible(&caller, &connection_id, ConnectionAction::Use).await?;
    Ok(success(connection.view()))
}
