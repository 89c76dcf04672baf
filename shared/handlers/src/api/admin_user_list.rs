//! `GET /api/v1/admin/users?role=` (admin): the users, by role (all when absent) in the order
//! patient, doctor, provider, insurer, admin, paginated (`limit`, at most 60 a page; `next_token`).
//! Each shows its username, role, the ids it is bound to and when it was created — never a
//! password. Cognito `ListUsersInGroup` on AWS, the local directory offline. The listing is audited
//! with the role it asked for (usernames stay out of the audit log).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use http::Uri;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::Role;
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::limited::{Uses, user_ops};

use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Pagination, Success, Throttled, Unauthorized, UserList};

pub const PATH: &str = "/api/v1/admin/users";

/// What this handler calls on its ports — it lists users. Its Lambda limits the directory to it.
pub const USES: Uses = Uses { directory: user_ops::LIST_USERS, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub directory: Arc<dyn UserDirectory>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(list_users)).with_state(deps))
}

/// List users, by role.
///
/// **Who:** admins. Patients first, then doctors, providers, insurers and admins; within a role
/// by username offline, in Cognito's order on AWS. A page holds at most 60 users (`limit` above
/// 60 is read as 60) and may hold fewer while `next_token` says more follow.
#[utoipa::path(
    get,
    path = PATH,
    tag = "identity",
    security(("cognito_id_token" = [])),
    params(
        ("role" = Option<String>, Query, pattern = "^[A-Za-z]{1,16}$",
            description = "Only users of this role: `patient`, `doctor`, `provider`, `insurer` or `admin` (any letter case)."),
        Pagination,
    ),
    responses(
        (status = 200, description = "A page of users.", body = Success<UserList>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_ROLE`, `INVALID_LIMIT`, `INVALID_NEXT_TOKEN`: the parameter is malformed (a `next_token` this \\
                           listing, with this `role`, did not issue included). `INVALID_QUERY`: a parameter name is not validly \\
                           percent-encoded, or one of these parameters is sent empty."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the directory is unavailable, or the listing could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
pub async fn list_users(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, uri: Uri) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let query = Query::from_uri(&uri, &["role", "limit", "next_token"])?;
    let role = query.get("role").map(Role::parse).transpose()?;
    let page = query.page()?;
    let listed = deps.directory.list_users(role, page.limit, page.next_token.as_deref()).await.map_err(|e| match e {
        PortError::Rejected(reason) => ApiError::from(ValidationError::invalid("next_token", reason)),
        other => ApiError::from_port(other, "users"),
    })?;
    let listing = role.map_or("all", Role::as_str);
    deps.audit.read(&caller, "user.list", Resource { kind: "user_role", id: listing }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(json!({"users": listed.users, "next_token": listed.next_token, "count": listed.users.len()})))
}
