//! `POST /api/v1/queries/generate` (admins, doctors of the organisation): `{connection_id, query}`
//! → one query planned from the stored schema, with its bound parameters, an explanation and the
//! validator's verdict. Nothing runs. A request that is not one patient's report, or that the
//! schema cannot answer, or whose query the validator refuses, is answered 422 with the reason.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::NaiveDate;
use serde_json::Value;

use mediclear_domain::ids::ConnectionId;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;
use mediclear_ports::reports::{PlannedQuery, QueryPlanner};

use crate::api::connections::Connections;
use crate::api::queries::{GeneratedQuery, plan_safe, request_text};
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, GenerateRequest, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/queries/generate";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
    pub planner: Arc<dyn QueryPlanner>,
    /// The date "last 6 months" counts back from; today when `None`.
    pub as_of: Option<NaiveDate>,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(generate_query)).with_state(deps))
}

/// Plan a query from plain English.
///
/// **Who:** admins, and doctors of the connection's organisation.
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    request_body = GenerateRequest,
    responses(
        (status = 200, description = "The planned query, its parameters and the validator's verdict (`safe`).", body = Success<GeneratedQuery>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_BODY`, `INVALID_CONNECTION_ID`, `INVALID_QUERY`: the field is missing or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "`UNPLANNABLE_REQUEST`: not one patient's report (`details.reason`: `no_patient`, `multiple_patients`, `not_a_report`, \\
                           `not_patient_scoped`, `unknown_kind`, `bad_window`; `details.understood` says what was understood). \\
                           `NOT_ANSWERABLE`: the stored schema holds no such data, has no patient key, or the id cannot be one. \\
                           `UNSAFE_QUERY`: the validator refused the planned query (`details.reasons`). The hospital's database failed (the connection's address, credentials or server; or the query ran past the \
                           statement timeout): `UNKNOWN_HOST`, `CONNECTION_REFUSED`, `CONNECT_TIMEOUT`, `AUTHENTICATION_FAILED`, `DATABASE_NOT_FOUND`, `TLS_FAILED`, `STATEMENT_TIMEOUT`, `PERMISSION_DENIED`, `QUERY_FAILED`, `PROTOCOL_ERROR`, `UNSUPPORTED`."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store, the key service or the planner is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn generate_query(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    let connection_id = ConnectionId::parse(Fields::of(&body)?.required_str("connection_id")?)?;
    let request = request_text(&body)?;
    let (_, judged) = plan_safe(&deps.connections, deps.planner.as_ref(), &caller, &connection_id, &request, deps.as_of).await?;
    tracing::info!(%connection_id, kind = judged.planned.kind(), patient_scoped = judged.validation.patient_scoped, "query generated");
    let patient_id = judged.planned.patient_id().map(str::to_string);
    let explanation = judged.planned.explanation().to_string();
    let generated = match judged.planned {
        PlannedQuery::Sql { text, parameters, .. } => GeneratedQuery { language: "sql".into(), text, collection: None, parameters, patient_id, explanation, validation: judged.validation },
        PlannedQuery::Pipeline { collection, stages, parameters, .. } => {
            GeneratedQuery { language: "mongodb".into(), text: Value::Array(stages).to_string(), collection: Some(collection), parameters, patient_id, explanation, validation: judged.validation }
        }
    };
    Ok(success(generated))
}
