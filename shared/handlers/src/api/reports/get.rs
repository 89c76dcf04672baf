//! `GET /api/v1/reports/{report_id}` (whoever made it): the report's record and a fresh
//! five-minute link while its file exists; after the file's one-day life, the record without a
//! link. Anyone else gets 404, as for a report that does not exist.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use chrono::{Duration, Utc};

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::ReportId;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::reports::ReportLog;

use crate::api::reports::{LINK_LIFETIME, ReportLink, file_name};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/reports/{report_id}";

#[derive(Clone)]
pub struct Deps {
    pub log: Arc<dyn ReportLog>,
    pub files: Arc<dyn BlobStore>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_report)).with_state(deps))
}

/// Read a report, with a fresh link.
///
/// **Who:** the caller who made it. Anyone else gets 404.
#[utoipa::path(
    get,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    params(("report_id" = mediclear_domain::ids::ReportId, Path, description = "The report.")),
    responses(
        (status = 200, description = "The report; `download_url` is null once the file has expired.", body = Success<ReportLink>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_REPORT_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the token carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such report, or one this caller did not make."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_report(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let report_id = ReportId::parse(&raw)?;
    let record = deps.log.get(&report_id).await.map_err(|e| ApiError::from_port(e, "report"))?.filter(|r| r.owner == caller.subject).ok_or_else(|| ApiError::not_found("report"))?;
    let alive = Utc::now() < record.file_expires_at;
    let download_url = if alive {
        Some(deps.files.presign_get(&record.object_key, &file_name(&report_id, &record.format), LINK_LIFETIME).await.map_err(|e| ApiError::from_port(e, "report"))?)
    } else {
        None
    };
    deps.audit.read(&caller, "report.read", Resource { kind: "report", id: report_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(ReportLink {
        report_id,
        expires_at: download_url.as_ref().map(|_| Utc::now() + Duration::seconds(LINK_LIFETIME.as_secs() as i64)),
        download_url,
        format: record.format,
        generated_at: record.generated_at,
        row_count: record.row_count,
        truncated: record.truncated,
        kind: record.kind,
        file_expires_at: record.file_expires_at,
    }))
}
