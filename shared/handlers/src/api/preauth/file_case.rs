//! `POST /api/v1/preauth/cases` (provider): files a case and starts its analysis.
//!
//! The case is stored `PENDING` with its CMS-0057-F decision deadline, then the analysis state
//! machine is started with an execution named after the case. If the start fails, the case is
//! moved to `ANALYSIS_FAILED` with a reason rather than left `PENDING` for ever; the insurer can
//! still decide it. Answers 202 with the case.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::preauth::case::{Case, CaseRequest};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::accepted;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::cases::CaseWriter;
use mediclear_ports::workflow::Workflow;

use crate::api::preauth::case_url;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{Accepted, BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/preauth/cases";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseWriter>,
    pub workflow: Arc<dyn Workflow>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(file_case)).with_state(deps))
}

/// The state machine's input for a case: its id only; every task reads the case itself, so the
/// retrieval scope always comes from the stored case.
pub fn execution_input(case_id: &CaseId) -> serde_json::Value {
    json!({ "case_id": case_id })
}

/// File a prior-authorization case and start its analysis.
///
/// **Who:** provider (its token must carry `provider_id`; the case is that provider's).
///
/// The case is stored `PENDING` with its CMS-0057-F decision deadline (72 h expedited, 7 days
/// standard) and the analysis starts. Should the start fail, the answer is still 202, with the
/// case `ANALYSIS_FAILED` and a `failure_reason`: an insurer can still decide it. `job_id` is the
/// case id and `status_url` the case's URL.
#[utoipa::path(
    post,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    request_body = mediclear_domain::preauth::case::CaseRequest,
    responses(
        (status = 202, description = "Filed; analysis started.", body = Accepted<Case>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_PATIENT_ID`, `INVALID_PROCEDURE_CODE`, `INVALID_DIAGNOSIS_CODES`, \
                           `INVALID_URGENCY`, `INVALID_NOTES`: the field is missing (patient, procedure), malformed, or too long."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not a provider with a `provider_id` (or its token carries no MediClear role, several, \
                           or a malformed binding)."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the case store is unavailable; nothing was filed, retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn file_case(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    if !PreauthAction::FileCase.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let request = CaseRequest::from_json(&body)?;
    let provider_id = caller.provider_id().cloned().ok_or_else(ApiError::forbidden)?;
    let case = Case::file(CaseId::generate(), request, provider_id, &caller.subject, Utc::now());
    deps.cases.create(&case).await.map_err(|e| ApiError::from_port(e, "case"))?;
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    deps.audit.action(&caller, "preauth.case.create", resource, Outcome::Succeeded, &request_id.0).await;
    tracing::info!(case_id = %case.case_id, "case filed");

    let case = match deps.workflow.start(case.case_id.as_str(), &execution_input(&case.case_id)).await {
        Ok(_) => case,
        Err(e) => {
            tracing::error!(case_id = %case.case_id, error = %e, "analysis could not be started");
            let failed = case.fail_analysis("the analysis could not be started; an insurer can still review the case", Utc::now()).map_err(|e| ApiError::internal(&e))?;
            deps.cases.replace(&failed, case.version).await.map_err(|e| ApiError::from_port(e, "case"))?;
            failed
        }
    };
    let url = case_url(&case.case_id);
    Ok(accepted(case.case_id.as_str(), "case filed; analysis started", &url, &case))
}
