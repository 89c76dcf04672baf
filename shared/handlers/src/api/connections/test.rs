//! `POST /api/v1/connections/test` (admins): checks a database before it is registered — the
//! body of `POST /connections`, nothing stored. The answer is 200 whatever the database said:
//! `reachable`, `authenticated`, `read_only_possible`, `latency_ms`, `server_version`, and an
//! `error` naming where it stopped (`UNKNOWN_HOST`, `CONNECTION_REFUSED`, `CONNECT_TIMEOUT`,
//! `AUTHENTICATION_FAILED`, `DATABASE_NOT_FOUND`, `TLS_FAILED`, …).

use axum::Router;
use axum::extract::State;
use axum::routing::post;

use mediclear_domain::reports::connection::{ConnectionAction, may, parse_new};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::client_databases::{ConnectionCheck, Target};

use crate::api::connections::{Connections, role_may};
use crate::openapi::schemas::{BodyTooLarge, ConnectionRequest, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/test";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(test_connection)).with_state(deps))
}

/// Check a database before registering it.
///
/// **Who:** admins.
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    request_body = ConnectionRequest,
    responses(
        (status = 200, description = "What the check found; `error` says where it stopped.", body = Success<ConnectionCheck>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`, `INVALID_CONNECTION_NAME`, `INVALID_ORG_ID`, `INVALID_DATABASE_TYPE`, `INVALID_HOST`, `INVALID_PORT`, \\
                           `INVALID_DATABASE_NAME`, `INVALID_USERNAME`, `INVALID_PASSWORD`, `INVALID_OPTIONS`, `INVALID_OPTIONS_TLS`, \\
                           `INVALID_OPTIONS_PATIENT_KEY`: the field is missing or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin, or an admin of another organisation."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn test_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    role_may(&caller, ConnectionAction::Manage)?;
    let (spec, password) = parse_new(&body)?;
    if !may(&caller, ConnectionAction::Manage, &spec.org_id) {
        return Err(ApiError::forbidden());
    }
    let target = Target {
        database_type: spec.database_type,
        host: spec.host,
        port: spec.port,
        database_name: spec.database_name,
        username: spec.username,
        password,
        tls: spec.options.tls,
    };
    let check = deps.connections.databases.check(&target, deps.connections.limits).await;
    tracing::info!(reachable = check.reachable, authenticated = check.authenticated, error = ?check.error.as_ref().map(|e| e.code.as_str()), "ad hoc connection check");
    Ok(success(check))
}
