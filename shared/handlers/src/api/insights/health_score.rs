//! `GET /api/v1/patients/{patient_id}/health-score` (the patient, their verified assigned doctors):
//! the health & wellness score — six components, each `{score, status, description, sources}` (`insufficient_data` and no score without data), `overall_score` over the components with data (`components_with_data` says how many), `trend` against the previous version. `?version=N` reads an earlier version; every version is kept.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use http::Uri;

use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::ApiResult;
use mediclear_ports::insights::InsightKind;

use crate::api::insights::{Deps, read};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, HealthScoreView, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}/health-score";

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_health_score)).with_state(deps))
}

/// Read a patient's health & wellness score.
///
/// **Who:** the patient, doctors assigned to them once verified. Admins and anyone else: 403 for a
/// role that never may, 404 for a patient this caller may not see.
#[utoipa::path(
    get,
    path = PATH,
    tag = "insights",
    security(("cognito_id_token" = [])),
    params(
        ("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient."),
        ("version" = Option<u64>, Query, description = "An earlier version (1, 2, …); the latest when absent."),
    ),
    responses(
        (status = 200, description = "The latest version (computed now if the patient had none), or the one asked for.", body = Success<HealthScoreView>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`, `INVALID_VERSION`, `INVALID_QUERY`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role may never do this (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient or version, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: a store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_health_score(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, uri: Uri) -> ApiResult {
    Ok(success(read(&deps, &caller, &raw, &uri, InsightKind::HealthScore, &request_id.0).await?))
}
