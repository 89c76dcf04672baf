//! `GET /api/v1/preauth/cases/{case_id}` (own provider, insurer, admin): the case with its
//! analysis. The read is audited before the case is returned.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::audit::Outcome;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_http::ApiResult;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_ports::cases::CaseReader;

use crate::api::preauth::visible_case;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/preauth/cases/{case_id}";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseReader>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_case)).with_state(deps))
}

/// Read a case with its analysis.
///
/// **Who:** the provider that filed it, insurers, admins. Another provider's case is 404, exactly
/// as an absent one. The read is audited before the case is returned.
#[utoipa::path(
    get,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    params(("case_id" = mediclear_domain::ids::CaseId, Path, description = "The case.")),
    responses(
        (status = 200, description = "The case.", body = Success<mediclear_domain::preauth::case::Case>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CASE_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may not read cases (patients, doctors; a provider without `provider_id`), or the token \
                           carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such case, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: the case store is unavailable, or the read could not be audited (reads fail closed)."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_case(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(case_id): Path<String>) -> ApiResult {
    const ACTION: &str = "preauth.case.read";
    let case = visible_case(deps.cases.as_ref(), &deps.audit, &caller, PreauthAction::ReadCase, ACTION, &case_id, &request_id.0).await?;
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    deps.audit.read(&caller, ACTION, resource, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(case))
}
