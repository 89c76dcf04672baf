//! `DELETE /api/v1/doctors/{doctor_id}/patients/{patient_id}` (admins, or the patient): ends the
//! doctor's access to the patient, at once, and closes the doctor's chat thread with the patient.
//! Revoking what is not there is harmless and says so.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::delete;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::Role;
use mediclear_domain::ids::PatientId;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::chat::ConversationStore;
use mediclear_ports::patients::CareTeam;

use crate::api::doctors::path_doctor;
use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Revoked, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/doctors/{doctor_id}/patients/{patient_id}";

#[derive(Clone)]
pub struct Deps {
    pub care_team: Arc<dyn CareTeam>,
    pub conversations: Arc<dyn ConversationStore>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, delete(revoke)).with_state(deps))
}

/// Revoke a doctor's access to a patient.
///
/// **Who:** admins; a patient, for their own record.
#[utoipa::path(
    delete,
    path = PATH,
    tag = "doctors",
    security(("cognito_id_token" = [])),
    params(
        ("doctor_id" = mediclear_domain::ids::DoctorId, Path, description = "The doctor."),
        ("patient_id" = PatientId, Path, description = "The patient."),
    ),
    responses(
        (status = 200, description = "Revoked (`revoked: false` when there was no such assignment).", body = Success<Revoked>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_DOCTOR_ID`, `INVALID_PATIENT_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: neither an admin nor a patient."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: for a patient, not their own record."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn revoke(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path((doctor, patient)): Path<(String, String)>) -> ApiResult {
    require_role(&caller, &[Role::Admin, Role::Patient])?;
    let doctor_id = path_doctor(&doctor)?;
    let patient_id = PatientId::parse(&patient)?;
    if caller.role == Role::Patient && caller.patient_id() != Some(&patient_id) {
        return Err(ApiError::not_found("patient"));
    }
    let revoked = deps.care_team.revoke(&doctor_id, &patient_id).await.map_err(|e| ApiError::from_port(e, "assignment"))?;
    // After the assignment: a failure here leaves the thread open but unreachable (the doctor is
    // no longer assigned), and repeating the request closes it.
    let mut threads_closed = 0;
    for mut thread in deps.conversations.for_patient(&patient_id).await.map_err(|e| ApiError::from_port(e, "conversation"))? {
        if thread.doctor_id.as_ref() != Some(&doctor_id) || thread.closed {
            continue;
        }
        let previous = thread.updated_at;
        thread.close(chrono::Utc::now());
        match deps.conversations.save(&thread, Some(previous)).await {
            Ok(()) => threads_closed += 1,
            Err(PortError::Conflict(_)) => return Err(ApiError::conflict("CONVERSATION_CHANGED", "the doctor's thread changed while it was being closed; revoke again")),
            Err(e) => return Err(ApiError::from_port(e, "conversation")),
        }
    }
    deps.audit.action(&caller, "care_team.revoke", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(success(json!({"doctor_id": doctor_id, "patient_id": patient_id, "revoked": revoked, "threads_closed": threads_closed})))
}
