//! `POST /api/v1/doctors/{doctor_id}/patients` (admins, or the patient granting access):
//! `{"patient_id"}` assigns the doctor to the patient. A patient grants access only to their own
//! record (the `patient_id` must be theirs); an admin assigns any existing patient. The doctor
//! reaches the patient once verified. Assigning twice keeps the first assignment.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::Role;
use mediclear_domain::ids::PatientId;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::created;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::doctors::DoctorStore;
use mediclear_ports::patients::{Assignment, CareTeam, PatientStore};

use crate::api::doctors::path_doctor;
use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{AssignmentRequest, BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/doctors/{doctor_id}/patients";

#[derive(Clone)]
pub struct Deps {
    pub doctors: Arc<dyn DoctorStore>,
    pub patients: Arc<dyn PatientStore>,
    pub care_team: Arc<dyn CareTeam>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(assign)).with_state(deps))
}

/// Assign a doctor to a patient.
///
/// **Who:** admins; a patient, for their own record (granting the doctor access).
#[utoipa::path(
    post,
    path = PATH,
    tag = "doctors",
    security(("cognito_id_token" = [])),
    params(("doctor_id" = mediclear_domain::ids::DoctorId, Path, description = "The doctor.")),
    request_body = AssignmentRequest,
    responses(
        (status = 201, description = "Assigned (or already was: the first assignment is kept).", body = Success<Assignment>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_DOCTOR_ID`: not a well-formed id. `INVALID_BODY`: not a JSON object. `INVALID_PATIENT_ID`: missing or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: neither an admin nor a patient."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such doctor, or no such patient (or, for a patient, not their own)."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: a store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn assign(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    require_role(&caller, &[Role::Admin, Role::Patient])?;
    let doctor_id = path_doctor(&raw)?;
    let patient_id = PatientId::parse(Fields::of(&body)?.required_str("patient_id")?)?;
    if caller.role == Role::Patient && caller.patient_id() != Some(&patient_id) {
        return Err(ApiError::not_found("patient"));
    }
    let port = |e| ApiError::from_port(e, "doctor");
    deps.doctors.get(&doctor_id).await.map_err(port)?.ok_or_else(|| ApiError::not_found("doctor"))?;
    deps.patients.get(&patient_id).await.map_err(port)?.ok_or_else(|| ApiError::not_found("patient"))?;
    let assignment = Assignment { doctor_id: doctor_id.clone(), patient_id: patient_id.clone(), assigned_by: caller.subject.clone(), assigned_at: Utc::now() };
    deps.care_team.assign(&assignment).await.map_err(port)?;
    let stored = deps.care_team.doctors_of(&patient_id).await.map_err(port)?.into_iter().find(|a| a.doctor_id == doctor_id).unwrap_or(assignment);
    deps.audit.action(&caller, "care_team.assign", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(created(stored))
}
