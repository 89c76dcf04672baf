//! `POST /api/v1/doctors/{doctor_id}/verification` (admins): `{"status": "VERIFIED" | "REJECTED",
//! "note"?}` — the reviewer's decision on the doctor's credentials. Only a verified doctor reaches
//! patients; a decision can be revised (a verified doctor rejected later takes effect at once).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::doctor::{Doctor, VerificationStatus};
use mediclear_domain::identity::Role;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::doctors::DoctorStore;

use crate::api::doctors::path_doctor;
use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized, VerificationRequest};

pub const PATH: &str = "/api/v1/doctors/{doctor_id}/verification";

#[derive(Clone)]
pub struct Deps {
    pub doctors: Arc<dyn DoctorStore>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(verify_doctor)).with_state(deps))
}

/// Verify or reject a doctor.
///
/// **Who:** admins.
#[utoipa::path(
    post,
    path = PATH,
    tag = "doctors",
    security(("cognito_id_token" = [])),
    params(("doctor_id" = mediclear_domain::ids::DoctorId, Path, description = "The doctor.")),
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "Decided.", body = Success<Doctor>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_DOCTOR_ID`: not a well-formed id. `INVALID_BODY`: not a JSON object. `INVALID_STATUS`: missing, or not \\
                           `VERIFIED` or `REJECTED`. `INVALID_NOTE`: not a string, or longer than 2000 characters."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such doctor."),
        (status = 409, body = ErrorEnvelope, description = "`CONFLICT`: another decision on this doctor landed at the same moment; read it again."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable; nothing changed, retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn verify_doctor(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let doctor_id = path_doctor(&raw)?;
    let f = Fields::of(&body)?;
    let status = VerificationStatus::parse(f.required_str("status")?, "status")?;
    if status == VerificationStatus::PendingManualReview {
        return Err(ValidationError::invalid("status", "status must be VERIFIED or REJECTED").into());
    }
    let note = f.bounded_str("note", 2000)?.map(|n| n.trim().to_string());
    let stored = deps.doctors.get(&doctor_id).await.map_err(|e| ApiError::from_port(e, "doctor"))?.ok_or_else(|| ApiError::not_found("doctor"))?;
    let decided = stored.reviewed(status, note, &caller.subject, Utc::now()).map_err(|e| ApiError::internal(&e))?;
    match deps.doctors.replace(&decided, stored.version).await {
        Ok(()) => {}
        Err(PortError::Conflict(_)) => return Err(ApiError::conflict("CONFLICT", "another decision on this doctor landed at the same moment; read it again")),
        Err(e) => return Err(ApiError::from_port(e, "doctor")),
    }
    let action = if status == VerificationStatus::Verified { "doctor.verify" } else { "doctor.reject" };
    deps.audit.action(&caller, action, Resource { kind: "doctor", id: doctor_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(success(decided))
}
