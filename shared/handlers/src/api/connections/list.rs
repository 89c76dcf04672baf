//! `GET /api/v1/connections` (admins, doctors): the connections the caller may use — an admin's
//! (all, or its organisation's), a doctor's organisation's.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Serialize;

use mediclear_domain::reports::connection::{ConnectionAction, ConnectionView, listable_org};
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};

use crate::api::connections::{Connections, role_may};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_connections)).with_state(deps))
}

/// The connections a caller may use, by name.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConnectionList {
    pub connections: Vec<ConnectionView>,
}

/// List connections.
///
/// **Who:** admins (all, or their organisation's) and doctors (their organisation's; none
/// without an `org_id` in their token).
#[utoipa::path(
    get,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    responses(
        (status = 200, description = "The connections, without passwords.", body = Success<ConnectionList>),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn list_connections(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId) -> ApiResult {
    role_may(&caller, ConnectionAction::Use)?;
    let connections = match listable_org(&caller) {
        Ok(org) => deps.connections.catalog.list(org.as_ref()).await.map_err(|e| ApiError::from_port(e, "connection"))?,
        Err(()) => Vec::new(),
    };
    Ok(success(ConnectionList { connections: connections.iter().map(|c| c.view()).collect() }))
}
