//! `GET /api/v1/patients/{patient_id}` (the patient, their verified assigned doctors, admins):
//! the profile, the onboarding answers and the `version` an update must name. The read is
//! audited before the patient is returned.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::patient::Patient;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::patients::PatientStore;

use crate::api::patients::{Gate, path_patient};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}";

#[derive(Clone)]
pub struct Deps {
    pub patients: Arc<dyn PatientStore>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_patient)).with_state(deps))
}

/// Read a patient.
///
/// **Who:** the patient, doctors assigned to them once verified, admins. Anyone else gets 404, as
/// for a patient that does not exist.
#[utoipa::path(
    get,
    path = PATH,
    tag = "patients",
    security(("cognito_id_token" = [])),
    params(("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient.")),
    responses(
        (status = 200, description = "The patient, with `version`.", body = Success<Patient>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may never do this (see **Who**), or the token carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: the patient store is unavailable, or the read could not be audited (reads fail closed)."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_patient(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let patient_id = path_patient(&raw)?;
    deps.gate.check(&caller, PatientAction::Read, &patient_id).await?;
    let patient = deps.patients.get(&patient_id).await.map_err(|e| ApiError::from_port(e, "patient"))?.ok_or_else(|| ApiError::not_found("patient"))?;
    deps.audit.read(&caller, "patient.read", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(patient))
}
