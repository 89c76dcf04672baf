//! `POST /api/v1/patients/{patient_id}/chat` (the patient): a question about the patient's own
//! records → `{response, sources, conversation_id, requires_doctor_consultation}`, or the same as
//! server-sent events with `Accept: text/event-stream` (see [`crate::api::chat`]).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use http::HeaderMap;
use serde_json::Value;

use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::chat::conversation::{parse_conversation_id, parse_message};
use mediclear_http::ApiError;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::router::function_router;

use crate::api::chat::{ChatDeps, Turn, respond, wants_stream};
use crate::api::patients::{Gate, path_patient};
use crate::openapi::schemas::{ChatAnswer, ErrorEnvelope, InternalError, PatientChatRequest, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}/chat";

#[derive(Clone)]
pub struct Deps {
    pub chat: ChatDeps,
    pub gate: Gate,
}

/// Builds the critical-question check (its rules and its classifier) ahead of the first question;
/// the function calls it at start-up.
pub fn prepare() {
    mediclear_domain::health::critical::prepare();
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(patient_chat)).with_state(deps))
}

/// The message and conversation of a chat body (`INVALID_MESSAGE`, `INVALID_CONVERSATION_ID`).
pub(crate) fn message_and_conversation(body: &Value) -> Result<(String, Option<String>), ApiError> {
    let message = parse_message(body.get("message").and_then(Value::as_str).unwrap_or_default())?;
    let conversation_id = match body.get("conversation_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(raw)) => Some(parse_conversation_id(raw)?),
        Some(_) => return Err(mediclear_domain::validation::ValidationError::invalid("conversation_id", "conversation_id must be a string").into()),
    };
    Ok((message, conversation_id))
}

/// Ask about your own records.
///
/// **Who:** the patient, about their own records only. Doctors use `POST /doctors/{id}/chat`;
/// other roles get 403, another patient's id 404.
///
/// Critical questions (life-threatening symptoms, requests for a diagnosis, treatment decisions
/// without a doctor) are answered with "This requires immediate medical evaluation. Please consult
/// your doctor or visit emergency services." and `requires_doctor_consultation: true`, before
/// anything is retrieved. Otherwise the answer uses only the patient's records (top 5 passages),
/// lists its sources, and says when the records do not answer. With `Accept: text/event-stream`:
/// `token` events (`{"text"}`), then a `done` event with this same object.
#[utoipa::path(
    post,
    path = PATH,
    tag = "chat",
    security(("cognito_id_token" = [])),
    params(("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient (the caller).")),
    request_body(content = PatientChatRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The answer (JSON), or the event stream (`text/event-stream`).", body = Success<ChatAnswer>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`, `INVALID_MESSAGE`, `INVALID_CONVERSATION_ID`, `INVALID_JSON`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not a patient."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: not the caller's own record, or no such conversation of theirs."),
        (status = 409, body = ErrorEnvelope, description = "`CONVERSATION_CHANGED`: another message was added at the same time; send again."),
        (status = 413, body = ErrorEnvelope, description = "`PAYLOAD_TOO_LARGE`."),
        (status = 422, body = ErrorEnvelope, description = "`CHAT_REFUSED`: the model refused to answer (a guardrail, say); nothing was stored."),
        (status = 415, body = ErrorEnvelope, description = "`UNSUPPORTED_MEDIA_TYPE`: not JSON."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: a store or the model is unavailable, or the turn could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn patient_chat(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(raw): Path<String>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let patient_id = path_patient(&raw)?;
    deps.gate.check(&caller, PatientAction::Chat, &patient_id).await?;
    let (message, conversation_id) = message_and_conversation(&body)?;
    let turn = Turn {
        caller,
        patient_id,
        doctor_id: None,
        message,
        conversation_id,
        additional_context: None,
        request_id: request_id.0,
        extra: Default::default(),
    };
    respond(deps.chat, turn, wants_stream(&headers)).await
}
