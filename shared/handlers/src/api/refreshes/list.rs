//! `GET /api/v1/patients/{patient_id}/refreshes` (the patient, their verified assigned doctors,
//! admins): the patient's refreshes, newest first — version, trigger, when, status, and how many
//! documents changed. No clinical content.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use http::Uri;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::refreshes::RefreshStore;

use crate::api::patients::{Gate, path_patient};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Pagination, RefreshList, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}/refreshes";

#[derive(Clone)]
pub struct Deps {
    pub refreshes: Arc<dyn RefreshStore>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_refreshes)).with_state(deps))
}

/// A patient's refreshes.
///
/// **Who:** the patient, doctors assigned to them once verified, admins. Anyone else gets 404, as
/// for a patient that does not exist.
#[utoipa::path(
    get,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    params(("patient_id" = mediclear_domain::ids::PatientId, Path, description = "The patient."), Pagination),
    responses(
        (status = 200, description = "Newest first.", body = Success<RefreshList>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`, `INVALID_LIMIT`, `INVALID_NEXT_TOKEN`, `INVALID_QUERY`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role may never do this (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn list_refreshes(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>, uri: Uri) -> ApiResult {
    let patient_id = path_patient(&raw)?;
    let query = Query::from_uri(&uri, &["limit", "next_token"])?;
    let page = query.page()?;
    deps.gate.check(&caller, PatientAction::Read, &patient_id).await?;
    let listed = deps.refreshes.list(&patient_id, page.limit, page.next_token.as_deref()).await.map_err(|e| match e {
        PortError::Rejected(reason) => ApiError::from(ValidationError::invalid("next_token", reason)),
        other => ApiError::from_port(other, "refreshes"),
    })?;
    deps.audit.read(&caller, "patient.refreshes.read", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(json!({"refreshes": listed.refreshes, "next_token": listed.next_token})))
}
