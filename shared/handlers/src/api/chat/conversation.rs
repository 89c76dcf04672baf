//! `GET /api/v1/patients/{patient_id}/conversations/{conversation_id}` (the patient): one of the
//! patient's own chat conversations — its messages with their sources, and the summary of turns
//! folded away. A doctor's thread is that doctor's alone and is not found here.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::chat::conversation::parse_conversation_id;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::chat::ConversationStore;

use crate::api::patients::{Gate, path_patient};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ConversationView, ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}/conversations/{conversation_id}";

#[derive(Clone)]
pub struct Deps {
    pub conversations: Arc<dyn ConversationStore>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_conversation)).with_state(deps))
}

/// Read one of your chat conversations.
///
/// **Who:** the patient. Other roles get 403; another patient's conversation, or a doctor's
/// thread, 404.
#[utoipa::path(
    get,
    path = PATH,
    tag = "chat",
    security(("cognito_id_token" = [])),
    params(
        ("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient (the caller)."),
        ("conversation_id" = String, Path, description = "The conversation (`CONV-…`)."),
    ),
    responses(
        (status = 200, description = "The conversation.", body = Success<ConversationView>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`, `INVALID_CONVERSATION_ID`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not a patient."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such conversation of the caller's."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_conversation(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path((patient, conversation)): Path<(String, String)>) -> ApiResult {
    let patient_id = path_patient(&patient)?;
    let conversation_id = parse_conversation_id(&conversation)?;
    deps.gate.check(&caller, PatientAction::Chat, &patient_id).await?;
    let found = deps.conversations.get(&patient_id, &conversation_id).await.map_err(|e| ApiError::from_port(e, "conversation"))?;
    let conversation = found.filter(|c| c.doctor_id.is_none()).ok_or_else(|| ApiError::not_found("conversation"))?;
    deps.audit.read(&caller, "patient.conversation.read", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(conversation))
}
