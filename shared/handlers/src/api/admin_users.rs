//! `POST /api/v1/admin/users` (admin): creates a user with a role and the ids it is bound to
//! (Cognito `AdminCreateUser` + group on AWS, the local directory offline). The role's required
//! binding must be present and no foreign binding may be given, so a user can never carry access
//! its role should not have.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::{DoctorId, OrgId, PatientId, ProviderId};
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::created;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::identity::UserDirectory;

use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, CreatedUser, ErrorEnvelope, InternalError, NewUserRequest, NotJson, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/admin/users";

#[derive(Clone)]
pub struct Deps {
    pub directory: Arc<dyn UserDirectory>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(create_user)).with_state(deps))
}

fn parse(body: &serde_json::Value) -> Result<NewUser, mediclear_domain::validation::ValidationError> {
    let f = Fields::of(body)?;
    let username = LoginName::parse(f.required_str("username")?)?;
    let password = Password::parse(f.optional_str("password")?.unwrap_or(""))?;
    let role = Role::parse(f.required_str("role")?)?;
    let bindings = Bindings {
        patient_id: f.optional_str("patient_id")?.map(PatientId::parse).transpose()?,
        doctor_id: f.optional_str("doctor_id")?.map(DoctorId::parse).transpose()?,
        provider_id: f.optional_str("provider_id")?.map(ProviderId::parse).transpose()?,
        org_id: f.optional_str("org_id")?.map(OrgId::parse).transpose()?,
    };
    NewUser::new(username, password, role, bindings)
}

/// Create a user with a role and the ids it is bound to.
///
/// **Who:** admin. Cognito `AdminCreateUser` and the role's group on AWS; the local directory
/// offline.
#[utoipa::path(
    post,
    path = PATH,
    tag = "identity",
    security(("cognito_id_token" = [])),
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Created.", body = Success<CreatedUser>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_USERNAME`, `INVALID_PASSWORD`, `INVALID_ROLE`: missing or malformed. \
                           `INVALID_PATIENT_ID`, `INVALID_DOCTOR_ID`, `INVALID_PROVIDER_ID`, `INVALID_ORG_ID`: malformed, the role's \
                           required binding missing, or a binding foreign to the role."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not an admin (or its token carries no MediClear role, several, or a malformed binding)."),
        (status = 409, body = ErrorEnvelope, description = "`USERNAME_TAKEN`: a user with this username exists."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope, description = "`UNPROCESSABLE`: the directory refuses the user (the Cognito pool's password policy)."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the user directory is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn create_user(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let user = parse(&body)?;
    match deps.directory.create_user(&user).await {
        Ok(created_user) => {
            let resource = Resource { kind: "user", id: &created_user.subject };
            deps.audit.action(&caller, "admin.user.create", resource, Outcome::Succeeded, &request_id.0).await;
            Ok(created(json!({
                "user_id": created_user.subject,
                "username": created_user.username,
                "role": created_user.role,
                "bindings": created_user.bindings,
            })))
        }
        Err(PortError::Conflict(_)) => Err(ApiError::conflict("USERNAME_TAKEN", "a user with this username already exists")),
        Err(e) => Err(ApiError::from_port(e, "user")),
    }
}
