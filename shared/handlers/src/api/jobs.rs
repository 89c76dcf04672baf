//! `GET /api/v1/jobs/{job_id}`: an ingestion job's status (`INGESTED → ANALYZING → INDEXED |
//! FAILED` with a reason). Whoever started the job sees it; a patient's health-document job also
//! whoever may read or transcribe that document (the patient, the doctors assigned to the patient,
//! admins working the review queue), so a transcription's `status_url` can be followed by whoever
//! posted it. Anyone else gets 404.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::ids::JobId;
use mediclear_http::caller::Authenticated;
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::jobs::{Job, JobStore};

use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/jobs/{job_id}";

#[derive(Clone)]
pub struct Deps {
    pub jobs: Arc<dyn JobStore>,
    pub gate: crate::api::patients::Gate,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_job)).with_state(deps))
}

/// Follow an ingestion job: `INGESTED` → `ANALYZING` → `INDEXED` | `FAILED` (with a reason).
///
/// **Who:** whoever started the job; for a patient's health document also the patient, the
/// doctors assigned to the patient and admins; to anyone else it is 404.
#[utoipa::path(
    get,
    path = PATH,
    tag = "jobs",
    security(("cognito_id_token" = [])),
    params(("job_id" = JobId, Path, description = "The job, as a 202 named it.")),
    responses(
        (status = 200, description = "The job.", body = Success<Job>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_JOB_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the token carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such job, or not one this caller started (or, for a patient, one about them)."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the job store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all)]
async fn get_job(State(deps): State<Deps>, Authenticated(caller): Authenticated, Path(job_id): Path<String>) -> ApiResult {
    let job_id = JobId::parse(&job_id)?;
    let job = deps.jobs.get(&job_id).await.map_err(|e| ApiError::from_port(e, "job"))?;
    let Some(job) = job else { return Err(ApiError::not_found("job")) };
    if job.owner == caller.subject {
        return Ok(success(job));
    }
    // A health document's job: whoever may read the document's content or transcribe it.
    if let Some(patient_id) = job.patient_id.as_ref() {
        use mediclear_domain::health::access::{PatientAction, permits};
        let standing = deps.gate.standing(&caller, patient_id).await?;
        if [PatientAction::ReadClinical, PatientAction::Transcribe].into_iter().any(|action| permits(&caller, action, patient_id, standing)) {
            return Ok(success(job));
        }
    }
    Err(ApiError::not_found("job"))
}
