//! `POST /api/v1/queries/validate` (admins, doctors of the organisation): `{connection_id, sql}`
//! or `{connection_id, collection, pipeline}` → the validator's verdict against the connection's
//! stored schema: `safe`/`unsafe`, every reason, whether it is scoped to one patient, and the
//! normalised form that would run. Nothing runs. An unsafe query is a verdict, answered 200.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde_json::Value;

use mediclear_domain::ids::ConnectionId;
use mediclear_domain::reports::connection::ConnectionAction;
use mediclear_domain::reports::sql_safety::Validation;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;

use crate::api::connections::Connections;
use crate::api::queries::judge;
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized, ValidateRequest};

pub const PATH: &str = "/api/v1/queries/validate";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(validate_query)).with_state(deps))
}

/// Judge a query.
///
/// **Who:** admins, and doctors of the connection's organisation.
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    request_body = ValidateRequest,
    responses(
        (status = 200, description = "The verdict, `safe` or `unsafe`, with every reason.", body = Success<Validation>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`, `INVALID_CONNECTION_ID`, `INVALID_SQL`, `INVALID_PIPELINE`, `INVALID_COLLECTION`: the field is missing or malformed \\
                           (`sql` or `pipeline` is required, not both)."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "No schema was stored yet and extracting it failed: `UNKNOWN_HOST`, `CONNECTION_REFUSED`, `CONNECT_TIMEOUT`, \\
                           `AUTHENTICATION_FAILED`, `DATABASE_NOT_FOUND`, `TLS_FAILED`, `STATEMENT_TIMEOUT`, `PERMISSION_DENIED`, `QUERY_FAILED`, \\
                           `PROTOCOL_ERROR`, `UNSUPPORTED`."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the key service is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn validate_query(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    let fields = Fields::of(&body)?;
    let connection_id = ConnectionId::parse(fields.required_str("connection_id")?)?;
    let sql = fields.bounded_str("sql", 65_536)?;
    let pipeline = body.get("pipeline").filter(|p| !p.is_null());
    match (sql, pipeline) {
        (Some(_), Some(_)) => return Err(ValidationError::invalid("pipeline", "send sql or pipeline, not both").into()),
        (None, None) => return Err(ValidationError::missing("sql").into()),
        (None, Some(p)) if !p.is_array() => return Err(ValidationError::invalid("pipeline", "pipeline must be a JSON array of stages").into()),
        _ => {}
    }
    let collection = fields.bounded_str("collection", 255)?;
    if pipeline.is_some() && collection.is_none() {
        return Err(ValidationError::missing("collection").into());
    }
    let connection = deps.connections.visible(&caller, &connection_id, ConnectionAction::Use).await?;
    let schema = deps.connections.schema(&connection, false).await?;
    let (validation, _) = judge(&schema, &connection, sql, pipeline.map(|p| (collection.unwrap_or_default(), p as &Value)), vec![], deps.connections.limits.row_cap);
    tracing::info!(%connection_id, verdict = validation.verdict, codes = ?validation.reasons.iter().map(|r| r.code).collect::<Vec<_>>(), "query validated");
    Ok(success(validation))
}
