//! `GET /api/v1/preauth/cases?patient_id=&status=&provider_id=&limit=&next_token=` (provider,
//! insurer, admin): newest first, paginated. A provider only ever sees its own cases — asking for
//! another provider's gives an empty list. Each listing is audited — one entry per case it returned.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use http::Uri;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::{PatientId, ProviderId};
use mediclear_domain::preauth::access::{ListingScope, PreauthAction, listing_scope};
use mediclear_domain::preauth::case::CaseStatus;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::cases::{CaseQuery, CaseReader};

use crate::audit::Auditor;
use crate::openapi::schemas::{CaseList, ErrorEnvelope, InternalError, Pagination, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/preauth/cases";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseReader>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_cases)).with_state(deps))
}

/// List cases, newest first, filtered and paginated.
///
/// **Who:** providers (only ever their own cases: asking for another provider's gives an empty
/// list), insurers and admins (all cases, or one provider's). Each listing is audited with the
/// ids it returned.
#[utoipa::path(
    get,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    params(
        ("patient_id" = Option<mediclear_domain::ids::PatientId>, Query, description = "Only this patient's cases."),
        ("status" = Option<String>, Query, pattern = "^[A-Za-z_]{1,32}$",
            description = "Only cases in this status: one of `PENDING`, `ANALYZING`, `APPROVED_READY`, `MISSING_INFORMATION`, `AI_DENIED`, \
                           `ANALYSIS_FAILED`, `APPROVED`, `DENIED`, in any letter case."),
        ("provider_id" = Option<mediclear_domain::ids::ProviderId>, Query, description = "Only this provider's cases."),
        Pagination,
    ),
    responses(
        (status = 200, description = "A page of cases.", body = Success<CaseList>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_PATIENT_ID`, `INVALID_STATUS`, `INVALID_PROVIDER_ID`, `INVALID_LIMIT`, `INVALID_NEXT_TOKEN`: the \
                           parameter is malformed (a `next_token` this listing did not issue included). `INVALID_QUERY`: a parameter name \
                           is not validly percent-encoded, or one of these parameters is sent empty (`provider_id=`: leave it out \
                           instead; `details.field` names it); a value that is not validly encoded gives `INVALID_<PARAMETER>`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may not list cases (patients, doctors; a provider without `provider_id`), or the token \
                           carries no MediClear role, several, or a malformed binding."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: the case store is unavailable, or the listing could not be audited (reads fail closed)."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn list_cases(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, uri: Uri) -> ApiResult {
    if !PreauthAction::ListCases.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let query = Query::from_uri(&uri, &["patient_id", "status", "provider_id", "limit", "next_token"])?;
    let patient_id = query.get("patient_id").map(PatientId::parse).transpose()?;
    let status = query.get("status").map(CaseStatus::parse).transpose()?;
    let requested_provider = query.get("provider_id").map(ProviderId::parse).transpose()?;
    let page = query.page()?;
    let provider_id = match listing_scope(&caller, requested_provider) {
        ListingScope::Nothing => return Ok(success(json!({"cases": [], "next_token": null, "count": 0}))),
        ListingScope::Provider(p) => Some(p),
        ListingScope::Everything => None,
    };
    let result = deps
        .cases
        .list(&CaseQuery { provider_id, patient_id, status, limit: page.limit, next_token: page.next_token })
        .await
        .map_err(|e| match e {
            PortError::Rejected(reason) => ApiError::from(mediclear_domain::validation::ValidationError::invalid("next_token", reason)),
            other => ApiError::from_port(other, "cases"),
        })?;
    let ids: Vec<&str> = result.cases.iter().map(|c| c.case_id.as_str()).collect();
    deps.audit.read_each(&caller, "preauth.case.list", "preauth_case", &ids, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(json!({"cases": result.cases, "next_token": result.next_token, "count": result.cases.len()})))
}
