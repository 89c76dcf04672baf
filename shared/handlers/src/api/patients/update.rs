//! `PUT /api/v1/patients/{patient_id}` (the patient, their verified assigned doctors): new
//! demographics and/or answers (merged; `null` clears an answer), at the version the caller read
//! — `If-Match: <version>` or `"version"` in the body. A stale version is 409 and changes nothing.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::put;
use chrono::Utc;
use http::{HeaderMap, header};
use serde_json::Value;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::patient::Patient;
use mediclear_domain::validation::ValidationError;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::patients::PatientStore;
use mediclear_ports::refreshes::Insights;

use crate::api::patients::{Gate, path_patient, problems};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, PatientUpdateRequest, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}";

#[derive(Clone)]
pub struct Deps {
    pub patients: Arc<dyn PatientStore>,
    pub gate: Gate,
    pub audit: Auditor,
    /// The score and risk, recomputed when the answers change.
    pub insights: Arc<dyn Insights>,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, put(update_patient)).with_state(deps))
}

/// The version the caller read: `If-Match` (a bare or quoted number, as an ETag) or `version`.
fn expected_version(headers: &HeaderMap, body: &Value) -> Result<u64, ValidationError> {
    let invalid = || ValidationError::invalid("version", "version must be the whole number the patient was read at (If-Match or \"version\")");
    if let Some(raw) = headers.get(header::IF_MATCH) {
        let invalid = || ValidationError::invalid("if_match", "If-Match must be the whole number the patient was read at");
        let text = raw.to_str().map_err(|_| invalid())?.trim().trim_start_matches("W/").trim_matches('"');
        return text.parse().map_err(|_| invalid());
    }
    match body.get("version") {
        None | Some(Value::Null) => Err(ValidationError::invalid("version", "send the version you read, as If-Match or \"version\"")),
        Some(v) => v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())).ok_or_else(invalid),
    }
}

/// Update a patient's demographics and answers.
///
/// **Who:** the patient, doctors assigned to them once verified. Optimistic locking: send the
/// `version` you read (`If-Match` header or `"version"` field); if the patient changed since, the
/// answer is 409 and nothing changes.
#[utoipa::path(
    put,
    path = PATH,
    tag = "patients",
    security(("cognito_id_token" = [])),
    params(
        ("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient."),
        ("If-Match" = Option<String>, Header, description = "The version read (instead of `version` in the body)."),
    ),
    request_body = PatientUpdateRequest,
    responses(
        (status = 200, description = "Updated; `version` increased by one.", body = Success<Patient>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_PATIENT_ID`: not a well-formed id. `INVALID_BODY`: not a JSON object. `INVALID_VERSION`, `INVALID_IF_MATCH`: no version, or not a whole number (in the body, or in `If-Match`). \
                           `INVALID_DEMOGRAPHICS`, `INVALID_DEMOGRAPHICS_<FIELD>`, `INVALID_ANSWERS`, `INVALID_ANSWERS_<QUESTION_ID>`: as for \
                           onboarding; every problem is listed in `details.problems`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may never do this (see **Who**), or the token carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may change."),
        (status = 409, body = ErrorEnvelope, description = "`STALE_VERSION`: the patient changed since that version was read; read it again."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the patient store is unavailable; nothing changed, retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn update_patient(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(raw): Path<String>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let patient_id = path_patient(&raw)?;
    deps.gate.check(&caller, PatientAction::Update, &patient_id).await?;
    let expected = expected_version(&headers, &body)?;
    let stored: Patient =
        deps.patients.get(&patient_id).await.map_err(|e| ApiError::from_port(e, "patient"))?.ok_or_else(|| ApiError::not_found("patient"))?;
    if stored.version != expected {
        return Err(stale(Some(stored.version)));
    }
    let next = stored.updated(&body, Utc::now()).map_err(problems)?;
    match deps.patients.replace(&next, expected).await {
        Ok(()) => {}
        Err(PortError::Conflict(_)) => return Err(stale(None)),
        Err(e) => return Err(ApiError::from_port(e, "patient")),
    }
    deps.audit.action(&caller, "patient.update", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    // The update is stored whatever happens here; a score not recomputed now is the next
    // indexing's or refresh's to recompute, and the log says so.
    if next.answers != stored.answers
        && let Err(e) = deps.insights.recompute(&patient_id, "answers_updated").await
    {
        tracing::warn!(error = %e, "insights not recomputed after the answers changed");
    }
    Ok(success(next))
}

/// 409, with the current version when it is known (not when another write won a race).
fn stale(current: Option<u64>) -> ApiError {
    let error = ApiError::conflict("STALE_VERSION", "the patient changed since that version was read; read it again");
    match current {
        Some(version) => error.with_detail("current_version", version),
        None => error,
    }
}
