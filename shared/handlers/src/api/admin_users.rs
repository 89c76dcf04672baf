//! `POST /api/v1/admin/users` (admin): creates a user with a role and the ids it is bound to
//! (Cognito `AdminCreateUser` + group on AWS, the local directory offline). The role's required
//! binding must be present and no foreign binding may be given, so a user can never carry access
//! its role should not have. With an `Idempotency-Key`, a retry gets the first answer; the
//! password is left out of the request's fingerprint (it is never stored, not even as a digest),
//! so a retry is recognised by everything else it says.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use http::{HeaderMap, StatusCode};
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::{DoctorId, OrgId, PatientId, ProviderId};
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::{pending, success_envelope};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::identity::UserDirectory;

use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::idempotency::{Begin, Idempotency, canonical_json};
use crate::openapi::schemas::{
    BodyTooLarge, CreatedUser, ErrorEnvelope, IdempotencyKeyHeader, InternalError, NewUserRequest, NotJson, Success,
    Throttled, Unauthorized,
};

pub const PATH: &str = "/api/v1/admin/users";

#[derive(Clone)]
pub struct Deps {
    pub directory: Arc<dyn UserDirectory>,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

/// The operation an idempotency key is scoped to.
const OPERATION: &str = "POST /api/v1/admin/users";

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
    params(IdempotencyKeyHeader),
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Created. With a reused `Idempotency-Key` and the same request (the password aside): the first \
                                      answer again (header `Idempotent-Replayed: true`), and nothing created.", body = Success<CreatedUser>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_USERNAME`, `INVALID_PASSWORD`, `INVALID_ROLE`: missing or malformed. \
                           `INVALID_PATIENT_ID`, `INVALID_DOCTOR_ID`, `INVALID_PROVIDER_ID`, `INVALID_ORG_ID`: malformed, the role's \
                           required binding missing, or a binding foreign to the role. `INVALID_IDEMPOTENCY_KEY`: the header is \
                           not 1-255 visible ASCII characters."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not an admin (or its token carries no MediClear role, several, or a malformed binding)."),
        (status = 409, body = ErrorEnvelope, description = "`USERNAME_TAKEN`: a user with this username exists."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "`UNPROCESSABLE`: the directory refuses the user (the Cognito pool's password policy). `IDEMPOTENCY_KEY_REUSED`: \
                           this `Idempotency-Key` was used within 24 hours for a different request; nothing was created."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the user directory is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn create_user(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let user = parse(&body)?;
    let mut without_password = body.clone();
    if let Some(fields) = without_password.as_object_mut() {
        fields.remove("password");
    }
    let claim = match deps.idempotency.begin(&headers, &caller.subject, OPERATION, &[&canonical_json(&without_password)]).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };
    let created_user = match deps.directory.create_user(&user).await {
        Ok(created_user) => created_user,
        // A concurrent request with the same key created it: its answer is this one's.
        Err(PortError::Conflict(_)) => match &claim {
            Some(claim) => return deps.idempotency.replay_winner(claim).await.map_err(|_| username_taken()),
            None => return Err(username_taken()),
        },
        Err(e) => return Err(ApiError::from_port(e, "user")),
    };
    let resource = Resource { kind: "user", id: &created_user.subject };
    deps.audit.action(&caller, "admin.user.create", resource, Outcome::Succeeded, &request_id.0).await;
    let envelope = success_envelope(json!({
        "user_id": created_user.subject,
        "username": created_user.username,
        "role": created_user.role,
        "bindings": created_user.bindings,
    }))?;
    if let Some(claim) = &claim
        && let Some(winner) = deps.idempotency.save(claim, &claim.answer(StatusCode::CREATED, &envelope)).await?
    {
        return Ok(winner);
    }
    Ok(pending(StatusCode::CREATED, envelope))
}

fn username_taken() -> ApiError {
    ApiError::conflict("USERNAME_TAKEN", "a user with this username already exists")
}
