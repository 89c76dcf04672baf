//! `POST /api/v1/doctors/{doctor_id}/chat` (that doctor, for an assigned patient): a question about
//! the patient's records in full clinical language → `{response, sources, conversation_id,
//! patient_summary_stats}`; one open thread per doctor × patient, which only that doctor reads
//! and which a revoked assignment closes. `additional_context` is stored with the turn and used
//! in retrieval and in the prompt. Streams like the patient chat.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use chrono::Utc;
use http::HeaderMap;
use serde_json::Value;

use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::chat::PatientSummaryStats;
use mediclear_domain::health::chat::conversation::parse_additional_context;
use mediclear_domain::identity::Role;
use mediclear_domain::ids::PatientId;
use mediclear_http::ApiError;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::router::function_router;

use crate::api::chat::patient::message_and_conversation;
use crate::api::chat::{ChatDeps, Turn, respond, wants_stream};
use crate::api::doctors::path_doctor;
use crate::api::patients::Gate;
use crate::api::require_role;
use crate::engines::PatientRecords;
use crate::openapi::schemas::{DoctorChatAnswer, DoctorChatRequest, ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/doctors/{doctor_id}/chat";

#[derive(Clone)]
pub struct Deps {
    pub chat: ChatDeps,
    pub gate: Gate,
    /// For `patient_summary_stats`.
    pub records: PatientRecords,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(doctor_chat)).with_state(deps))
}

/// Ask about an assigned patient's records.
///
/// **Who:** the doctor named in the path, with their own token, once `VERIFIED`, for a patient
/// assigned to them. Other roles get 403; another doctor's path, or a patient not assigned, 404.
#[utoipa::path(
    post,
    path = PATH,
    tag = "chat",
    security(("cognito_id_token" = [])),
    params(("doctor_id" = mediclear_domain::ids::DoctorId, Path, description = "The doctor (the caller).")),
    request_body(content = DoctorChatRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The answer (JSON), or the event stream (`text/event-stream`).", body = Success<DoctorChatAnswer>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_DOCTOR_ID`, `INVALID_PATIENT_ID`, `INVALID_MESSAGE`, `INVALID_CONVERSATION_ID`, `INVALID_ADDITIONAL_CONTEXT`, `INVALID_JSON`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not a doctor."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: not the caller's path, not an assigned patient, or no such thread of theirs."),
        (status = 409, body = ErrorEnvelope, description = "`CONVERSATION_CHANGED`, `CONVERSATION_CLOSED`."),
        (status = 413, body = ErrorEnvelope, description = "`PAYLOAD_TOO_LARGE`."),
        (status = 422, body = ErrorEnvelope, description = "`CHAT_REFUSED`: the model refused to answer (a guardrail, say); nothing was stored."),
        (status = 415, body = ErrorEnvelope, description = "`UNSUPPORTED_MEDIA_TYPE`: not JSON."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: a store or the model is unavailable, or the turn could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn doctor_chat(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(raw): Path<String>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    require_role(&caller, &[Role::Doctor])?;
    let doctor_id = path_doctor(&raw)?;
    if caller.bindings.doctor_id.as_ref() != Some(&doctor_id) {
        return Err(ApiError::not_found("doctor"));
    }
    let patient_id = PatientId::parse(body.get("patient_id").and_then(Value::as_str).unwrap_or_default())?;
    deps.gate.check(&caller, PatientAction::ReadClinical, &patient_id).await?;
    let (message, conversation_id) = message_and_conversation(&body)?;
    let additional_context = match body.get("additional_context") {
        None | Some(Value::Null) => None,
        Some(Value::String(raw)) => parse_additional_context(Some(raw))?,
        Some(_) => return Err(mediclear_domain::validation::ValidationError::invalid("additional_context", "additional_context must be a string").into()),
    };
    let loaded = deps.records.load(&patient_id).await.map_err(|e| ApiError::from_port(e, "patient"))?.ok_or_else(|| ApiError::not_found("patient"))?;
    let stats = PatientSummaryStats::of(&loaded.record(), Utc::now().date_naive());
    let mut extra = serde_json::Map::new();
    extra.insert("patient_summary_stats".into(), serde_json::to_value(stats).map_err(|e| ApiError::internal(&e))?);
    extra.insert("patient_id".into(), Value::String(patient_id.to_string()));
    let turn = Turn { caller, patient_id, doctor_id: Some(doctor_id), message, conversation_id, additional_context, request_id: request_id.0, extra };
    respond(deps.chat, turn, wants_stream(&headers)).await
}
