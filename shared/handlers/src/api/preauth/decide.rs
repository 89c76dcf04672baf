//! `POST /api/v1/preauth/cases/{case_id}/decision` (insurer):
//! `{"decision":"APPROVED"|"DENIED","reason","reason_code"?}`.
//!
//! Only a case whose analysis has finished can be decided (409 `ILLEGAL_STATUS_CHANGE`
//! otherwise). The write is conditional on the version read, so of two concurrent decisions
//! exactly one wins; the other gets 409 `CASE_VERSION_CONFLICT`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::preauth::case::DecisionRequest;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::cases::{CaseReader, CaseWriter};

use crate::api::preauth::visible_case;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/preauth/cases/{case_id}/decision";

#[derive(Clone)]
pub struct Deps {
    pub reader: Arc<dyn CaseReader>,
    pub writer: Arc<dyn CaseWriter>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(decide)).with_state(deps))
}

/// Record the insurer's final decision on an analysed case.
///
/// **Who:** insurer. Only from `APPROVED_READY`, `MISSING_INFORMATION`, `AI_DENIED` or
/// `ANALYSIS_FAILED`; the write is conditional on the version read, so of two concurrent
/// decisions exactly one wins.
#[utoipa::path(
    post,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    params(("case_id" = mediclear_domain::ids::CaseId, Path, description = "The case.")),
    request_body = mediclear_domain::preauth::case::DecisionRequest,
    responses(
        (status = 200, description = "Decided: the case, `APPROVED` or `DENIED`, with its `decision`.",
            body = Success<mediclear_domain::preauth::case::Case>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_CASE_ID`: not a well-formed id. `INVALID_BODY`: not a JSON object. `INVALID_DECISION`, `INVALID_REASON`, \
                           `INVALID_REASON_CODE`: missing (decision, reason), malformed or too long."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not an insurer (or its token carries no MediClear role, several, or a malformed binding)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such case."),
        (status = 409, body = ErrorEnvelope,
            description = "`ILLEGAL_STATUS_CHANGE`: the case's analysis has not finished, or it is decided already (`details.status` is its \
                           status). `CASE_VERSION_CONFLICT`: the case changed since it was read (another decision won); reload it."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the case store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn decide(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(case_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    const ACTION: &str = "preauth.case.decide";
    let case = visible_case(deps.reader.as_ref(), &deps.audit, &caller, PreauthAction::Decide, ACTION, &case_id, &request_id.0).await?;
    let request = DecisionRequest::from_json(&body)?;
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    let decided = match case.decide(request, &caller.subject, Utc::now()) {
        Ok(decided) => decided,
        Err(illegal) => {
            deps.audit.action(&caller, ACTION, resource, Outcome::Conflict, &request_id.0).await;
            return Err(ApiError::conflict("ILLEGAL_STATUS_CHANGE", illegal.to_string()).with_detail("status", illegal.from.as_str()));
        }
    };
    match deps.writer.replace(&decided, case.version).await {
        Ok(()) => {
            deps.audit.action(&caller, ACTION, resource, Outcome::Succeeded, &request_id.0).await;
            tracing::info!(case_id = %decided.case_id, status = %decided.status, "case decided");
            Ok(success(decided))
        }
        Err(PortError::Conflict(_)) => {
            deps.audit.action(&caller, ACTION, resource, Outcome::Conflict, &request_id.0).await;
            Err(ApiError::conflict("CASE_VERSION_CONFLICT", "the case changed since it was read (another decision won); reload it"))
        }
        Err(e) => Err(ApiError::from_port(e, "case")),
    }
}
