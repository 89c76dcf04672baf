//! `POST /api/v1/preauth/criteria/match` (provider, insurer): `{"procedure_code","patient_id",
//! "diagnosis_codes"?}` → the same analysis a case would get, computed now and stored nowhere.
//!
//! A provider's retrieval is confined to the records it uploaded (scope from its token); an
//! insurer's covers all of the patient's records. Invalid model output is retried once, as the
//! state machine does.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;

use mediclear_domain::audit::Outcome;
use mediclear_domain::codes::{DiagnosisCode, ProcedureCode};
use mediclear_domain::ids::PatientId;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::knowledge::{NotesScope, Retriever};

use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, CriteriaMatchRequest, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized};
use crate::tasks::analysis::{AnalysisFailure, analyze_once_retried, notes_query, policy_passages};

pub const PATH: &str = "/api/v1/preauth/criteria/match";

#[derive(Clone)]
pub struct Deps {
    pub retriever: Arc<dyn Retriever>,
    pub analyzer: Arc<dyn Analyzer>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(match_criteria)).with_state(deps))
}

/// Judge the insurer's criteria for a procedure against a patient's records, now.
///
/// **Who:** provider (retrieval confined to the records it uploaded), insurer (all of the
/// patient's records). Nothing is stored; the read of the patient's records is audited.
#[utoipa::path(
    post,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    request_body = CriteriaMatchRequest,
    responses(
        (status = 200, description = "The analysis a case would get.", body = Success<mediclear_domain::preauth::analysis::Analysis>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_PROCEDURE_CODE`, `INVALID_PATIENT_ID`, `INVALID_DIAGNOSIS_CODES`: \
                           missing (procedure, patient) or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not a provider with a `provider_id` or an insurer (or its token carries no MediClear \
                           role, several, or a malformed binding)."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "`NO_POLICY_FOR_PROCEDURE`: no insurer policy covers the procedure. `NO_CRITERIA_IN_POLICY`: the policy has no \
                           criteria the analysis can judge."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 502, body = ErrorEnvelope,
            description = "`MODEL_OUTPUT_INVALID`: the model's answer did not fit the analysis schema, twice; try again."),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: retrieval or the model is unavailable, or the read could not be audited (reads fail closed)."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn match_criteria(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    if !PreauthAction::MatchCriteria.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let f = Fields::of(&body)?;
    let procedure_code = ProcedureCode::parse(f.required_str("procedure_code")?)?;
    let patient_id = PatientId::parse(f.required_str("patient_id")?)?;
    let diagnosis_codes = f
        .str_list("diagnosis_codes")?
        .into_iter()
        .map(DiagnosisCode::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let scope = NotesScope { patient_id: patient_id.clone(), provider_id: caller.provider_id().cloned() };

    let resource = Resource { kind: "patient_records", id: patient_id.as_str() };
    deps.audit.read(&caller, "preauth.criteria.match", resource, Outcome::Succeeded, &request_id.0).await?;

    let policy = policy_passages(deps.retriever.as_ref(), &procedure_code).await.map_err(failure_to_api)?;
    let query = notes_query(&procedure_code, &diagnosis_codes, None);
    let notes = deps.retriever.patient_notes(&scope, &query).await.map_err(|e| ApiError::from_port(e, "records"))?;
    let request = mediclear_domain::preauth::analysis::AnalysisRequest { procedure_code, diagnosis_codes, policy_passages: policy, note_passages: notes };
    let analysis = analyze_once_retried(deps.analyzer.as_ref(), &request).await.map_err(failure_to_api)?;
    Ok(success(analysis))
}

/// The client's answer to a failed analysis. Messages name the field, never the value the client
/// sent (the case's own failure reason, shown to its reviewers, may name its code).
fn failure_to_api(failure: AnalysisFailure) -> ApiError {
    match failure {
        AnalysisFailure::NoPolicy(_) => {
            ApiError::unprocessable("NO_POLICY_FOR_PROCEDURE", "no insurer policy covers this procedure_code").with_detail("field", "procedure_code")
        }
        AnalysisFailure::NoCriteria(_) => ApiError::unprocessable(
            "NO_CRITERIA_IN_POLICY",
            "the insurer policy for this procedure_code has no criteria that could be read",
        )
        .with_detail("field", "procedure_code"),
        AnalysisFailure::InvalidModelOutput(_) => {
            ApiError::new(http::StatusCode::BAD_GATEWAY, "MODEL_OUTPUT_INVALID", "the model's answer did not fit the analysis schema twice; try again")
        }
        AnalysisFailure::Port(e) => ApiError::from_port(e, "analysis"),
    }
}
