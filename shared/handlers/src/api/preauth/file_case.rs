//! `POST /api/v1/preauth/cases` (provider): files a case and starts its analysis.
//!
//! The case is stored `PENDING` with its CMS-0057-F decision deadline, then the analysis state
//! machine is started with an execution named after the case. If the start fails, the case is
//! moved to `ANALYSIS_FAILED` with a reason rather than left `PENDING` for ever; the insurer can
//! still decide it. Answers 202 with the case. With an `Idempotency-Key`, a retry of the same
//! filing gets this first answer again and files nothing (see [`crate::idempotency`]).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;
use http::{HeaderMap, StatusCode};
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::preauth::case::{Case, CaseRequest, CaseStatus};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::{accepted_envelope, pending};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::cases::CaseWriter;
use mediclear_ports::workflow::Workflow;

use crate::api::preauth::case_url;
use crate::audit::{Auditor, Resource};
use crate::idempotency::{Begin, Idempotency, canonical_json, is_key_taken};
use crate::openapi::schemas::{
    Accepted, BodyTooLarge, ErrorEnvelope, IdempotencyKeyHeader, IdempotencyKeyReused, InternalError, NotJson, Throttled, Unauthorized,
};

pub const PATH: &str = "/api/v1/preauth/cases";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseWriter>,
    pub workflow: Arc<dyn Workflow>,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

/// The operation an idempotency key is scoped to.
const OPERATION: &str = "POST /api/v1/preauth/cases";

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
///
/// With an `Idempotency-Key` header, the same filing sent again within 24 hours is answered with
/// the first answer (header `Idempotent-Replayed: true`) and files nothing.
#[utoipa::path(
    post,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    params(IdempotencyKeyHeader),
    request_body = mediclear_domain::preauth::case::CaseRequest,
    responses(
        (status = 202, description = "Filed; analysis started. With a reused `Idempotency-Key` and the same request: the first answer \
                                      again (header `Idempotent-Replayed: true`), and nothing filed.", body = Accepted<Case>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_PATIENT_ID`, `INVALID_PROCEDURE_CODE`, `INVALID_DIAGNOSIS_CODES`, \
                           `INVALID_URGENCY`, `INVALID_NOTES`: the field is missing (patient, procedure), malformed, or too long. \
                           `INVALID_IDEMPOTENCY_KEY`: the header is not 1-255 visible ASCII characters."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not a provider with a `provider_id` (or its token carries no MediClear role, several, \
                           or a malformed binding)."),
        (status = 409, body = ErrorEnvelope,
            description = "`IDEMPOTENCY_KEY_IN_USE`: a request with the same `Idempotency-Key` is being processed at this moment; retry."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the case store is unavailable; nothing was filed, retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn file_case(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult {
    if !PreauthAction::FileCase.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let request = CaseRequest::from_json(&body)?;
    let provider_id = caller.provider_id().cloned().ok_or_else(ApiError::forbidden)?;
    let claim = match deps.idempotency.begin(&headers, &caller.subject, OPERATION, &[&canonical_json(&body)]).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };
    let case = Case::file(CaseId::generate(), request, provider_id, &caller.subject, Utc::now());
    let answer = |case: &Case| accepted_envelope(case.case_id.as_str(), "case filed; analysis started", &case_url(&case.case_id), case);
    let stored = match &claim {
        None => deps.cases.create(&case).await,
        Some(claim) => deps.cases.create_once(&case, &claim.answer(StatusCode::ACCEPTED, &answer(&case)?)).await,
    };
    match (stored, &claim) {
        (Ok(()), _) => {}
        (Err(e), Some(claim)) if is_key_taken(&e) => return deps.idempotency.replay_winner(claim).await,
        (Err(e), _) => return Err(ApiError::from_port(e, "case")),
    }
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    deps.audit.action(&caller, "preauth.case.create", resource, Outcome::Succeeded, &request_id.0).await;
    tracing::info!(case_id = %case.case_id, "case filed");

    let started = start_analysis(deps.workflow.as_ref(), deps.cases.as_ref(), case).await?;
    if let (Some(claim), CaseStatus::AnalysisFailed) = (&claim, started.status) {
        deps.idempotency.update(&claim.answer(StatusCode::ACCEPTED, &answer(&started)?)).await;
    }
    Ok(pending(StatusCode::ACCEPTED, answer(&started)?))
}

/// Starts the analysis of a newly stored case. If the start fails, the case is moved to
/// `ANALYSIS_FAILED` with a reason (an insurer can still decide it) and returned as stored.
pub(crate) async fn start_analysis(workflow: &dyn Workflow, cases: &dyn CaseWriter, case: Case) -> Result<Case, ApiError> {
    match workflow.start(case.case_id.as_str(), &execution_input(&case.case_id)).await {
        Ok(_) => Ok(case),
        Err(e) => {
            tracing::error!(case_id = %case.case_id, error = %e, "analysis could not be started");
            let failed = case.fail_analysis("the analysis could not be started; an insurer can still review the case", Utc::now()).map_err(|e| ApiError::internal(&e))?;
            cases.replace(&failed, case.version).await.map_err(|e| ApiError::from_port(e, "case"))?;
            Ok(failed)
        }
    }
}
