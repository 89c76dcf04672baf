//! `GET /api/v1/connections/{connection_id}/schema[?cached=true]` (admins, doctors of the
//! organisation): extracts the database's schema — tables and views (MongoDB: collections,
//! sampled), fields with type, nullability and default, keys, row counts exact or labelled
//! estimates — stores it with the connection and returns it. `cached=true` returns the stored one
//! (extracting it if there is none yet). Names and types only: no value of the data.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use http::Uri;

use mediclear_domain::reports::connection::ConnectionAction;
use mediclear_domain::reports::schema::DatabaseSchema;
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;

use crate::api::connections::{Connections, path_connection};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/connections/{connection_id}/schema";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(connection_schema)).with_state(deps))
}

/// Extract (or read) a connection's schema.
///
/// **Who:** admins, and doctors of the connection's organisation.
#[utoipa::path(
    get,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(
        ("connection_id" = mediclear_domain::ids::ConnectionId, Path, description = "The connection."),
        ("cached" = Option<bool>, Query, description = "`true`: the stored schema, without asking the database (unless none is stored yet)."),
    ),
    responses(
        (status = 200, description = "The schema.", body = Success<DatabaseSchema>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CONNECTION_ID`: not a well-formed id. `INVALID_CACHED`: not `true` or `false`. \\
                                                         `INVALID_QUERY`: a parameter is sent empty or is not validly percent-encoded."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
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
async fn connection_schema(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, uri: Uri) -> ApiResult {
    let connection_id = path_connection(&raw)?;
    let query = Query::from_uri(&uri, &["cached"])?;
    let cached = match query.get("cached") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(_) => return Err(ValidationError::invalid("cached", "cached must be true or false").into()),
    };
    let connection = deps.connections.visible(&caller, &connection_id, ConnectionAction::Use).await?;
    let schema = deps.connections.schema(&connection, !cached).await?;
    Ok(success(schema))
}
