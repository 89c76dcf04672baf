//! `GET /api/v1/doctors?verification_status=` (admins): the verification queue — doctors in a
//! status (all when absent), oldest first, paginated (`limit`, `next_token`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use http::Uri;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::doctor::VerificationStatus;
use mediclear_domain::identity::Role;
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::doctors::DoctorStore;

use crate::api::require_role;
use crate::audit::Auditor;
use crate::openapi::schemas::{DoctorList, ErrorEnvelope, InternalError, Pagination, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/doctors";

#[derive(Clone)]
pub struct Deps {
    pub doctors: Arc<dyn DoctorStore>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_doctors)).with_state(deps))
}

/// List doctors, oldest first: the verification queue.
///
/// **Who:** admins. Each listing is audited with the ids it returned.
#[utoipa::path(
    get,
    path = PATH,
    tag = "doctors",
    security(("cognito_id_token" = [])),
    params(
        ("verification_status" = Option<String>, Query, pattern = "^[A-Za-z_]{1,32}$",
            description = "Only doctors in this status: `PENDING_MANUAL_REVIEW`, `VERIFIED` or `REJECTED` (any letter case)."),
        Pagination,
    ),
    responses(
        (status = 200, description = "A page of doctors.", body = Success<DoctorList>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_VERIFICATION_STATUS`, `INVALID_LIMIT`, `INVALID_NEXT_TOKEN`: the parameter is malformed (a `next_token` \\
                           this listing did not issue included). `INVALID_QUERY`: a parameter name is not validly percent-encoded, or one \\
                           of these parameters is sent empty."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable, or the listing could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn list_doctors(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, uri: Uri) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let query = Query::from_uri(&uri, &["verification_status", "limit", "next_token"])?;
    let status = query.get("verification_status").map(|s| VerificationStatus::parse(s, "verification_status")).transpose()?;
    let page = query.page()?;
    let listed = deps.doctors.list(status, page.limit, page.next_token.as_deref()).await.map_err(|e| match e {
        PortError::Rejected(reason) => ApiError::from(ValidationError::invalid("next_token", reason)),
        other => ApiError::from_port(other, "doctors"),
    })?;
    let ids: Vec<&str> = listed.doctors.iter().map(|d| d.doctor_id.as_str()).collect();
    deps.audit.read_each(&caller, "doctor.list", "doctor", &ids, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(json!({"doctors": listed.doctors, "next_token": listed.next_token, "count": listed.doctors.len()})))
}
