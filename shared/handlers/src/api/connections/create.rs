//! `POST /api/v1/connections` (admins): registers a hospital's database. The password is sealed
//! under the new connection's id before the connection is stored; the answer never carries it.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::ConnectionId;
use mediclear_domain::reports::connection::{Connection, ConnectionAction, ConnectionView, may, parse_new};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::created;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};

use crate::api::connections::{Connections, role_may};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ConnectionRequest, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(create_connection)).with_state(deps))
}

/// Register a database.
///
/// **Who:** admins (one bound to an organisation: for that organisation only).
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    request_body = ConnectionRequest,
    responses(
        (status = 201, description = "The connection, without its password.", body = Success<ConnectionView>),
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
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the key service is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn create_connection(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    role_may(&caller, ConnectionAction::Manage)?;
    let (spec, password) = parse_new(&body)?;
    if !may(&caller, ConnectionAction::Manage, &spec.org_id) {
        return Err(ApiError::forbidden());
    }
    let connection_id = ConnectionId::generate();
    let sealed_password = deps.connections.secrets.seal(&connection_id, &password).await.map_err(|e| ApiError::from_port(e, "connection"))?;
    let now = Utc::now();
    let connection = Connection { connection_id: connection_id.clone(), spec, sealed_password, schema: None, version: 1, created_at: now, updated_at: now };
    deps.connections.catalog.create(&connection).await.map_err(|e| ApiError::from_port(e, "connection"))?;
    deps.audit.action(&caller, "connection.create", Resource { kind: "connection", id: connection_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(created(connection.view()))
}
