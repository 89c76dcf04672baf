//! The prior-authorization endpoints (API.md, Prior authorization).
//!
//! - [`file_case`] — `POST /preauth/cases` (provider): validate, store `PENDING`, start analysis.
//! - [`get_case`] — `GET /preauth/cases/{case_id}` (own provider, insurer, admin).
//! - [`evidence`] — `GET /preauth/cases/{case_id}/evidence/{criterion_id}`: a criterion's quotes
//!   traced to the stored records (document, date, character span, passage).
//! - [`list_cases`] — `GET /preauth/cases` with filters and pagination, confined to what the caller sees.
//! - [`decide`] — `POST /preauth/cases/{case_id}/decision` (insurer), version-conditioned.
//! - [`match_criteria`] — `POST /preauth/criteria/match`: a synchronous analysis, nothing stored.
//! - [`upload`] — `POST /preauth/records` (provider) and `POST /preauth/policies` (insurer, admin).

pub mod decide;
pub mod evidence;
pub mod file_case;
pub mod get_case;
pub mod list_cases;
pub mod match_criteria;
pub mod upload;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::Caller;
use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::access::{PreauthAction, may_see};
use mediclear_domain::preauth::case::Case;
use mediclear_http::ApiError;
use mediclear_ports::cases::CaseReader;

use crate::audit::{Auditor, Resource};

/// Where a case can be read.
pub fn case_url(case_id: &CaseId) -> String {
    format!("/api/v1/preauth/cases/{case_id}")
}

/// Loads a case the caller may act on: 403 for a role the action does not allow, 404 for a case
/// that is absent or not the caller's to see. Refusals are audited.
pub(crate) async fn visible_case(
    cases: &dyn CaseReader,
    audit: &Auditor,
    caller: &Caller,
    action: PreauthAction,
    audit_action: &str,
    raw_case_id: &str,
    request_id: &str,
) -> Result<Case, ApiError> {
    let case_id = CaseId::parse(raw_case_id)?;
    let resource = Resource { kind: "preauth_case", id: case_id.as_str() };
    if !action.permits(caller) {
        audit.action(caller, audit_action, resource, Outcome::Denied, request_id).await;
        return Err(ApiError::forbidden());
    }
    let case = cases.get(&case_id).await.map_err(|e| ApiError::from_port(e, "case"))?;
    match case {
        Some(case) if may_see(caller, &case) => Ok(case),
        Some(_) => {
            audit.action(caller, audit_action, resource, Outcome::Denied, request_id).await;
            Err(ApiError::not_found("case"))
        }
        None => {
            audit.action(caller, audit_action, resource, Outcome::NotFound, request_id).await;
            Err(ApiError::not_found("case"))
        }
    }
}
