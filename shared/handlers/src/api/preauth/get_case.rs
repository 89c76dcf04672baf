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

pub const PATH: &str = "/api/v1/preauth/cases/{case_id}";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseReader>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_case)).with_state(deps))
}

#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_case(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(case_id): Path<String>) -> ApiResult {
    const ACTION: &str = "preauth.case.read";
    let case = visible_case(deps.cases.as_ref(), &deps.audit, &caller, PreauthAction::ReadCase, ACTION, &case_id, &request_id.0).await?;
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    deps.audit.read(&caller, ACTION, resource, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(case))
}
