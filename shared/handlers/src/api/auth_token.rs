//! `POST /api/v1/auth/token` (public): `{"username","password"}` → a bearer token.
//!
//! The token fields are in `data` like every response, and also at the top level, where OAuth2
//! client libraries look for `access_token`. Wrong password and unknown user get the same 401.
//! Repeated failures are throttled by the directory (per account and per client address, with
//! growing delays): `429` with `Retry-After`, and no password is checked until then.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::post;
use http::StatusCode;
use serde_json::json;

use mediclear_domain::identity::LoginName;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::SourceAddress;
use mediclear_http::envelope::pending;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::PortError;
use mediclear_ports::metrics::Measurement;

use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, SignInThrottled, TokenRequest, TokenResponse};

pub const PATH: &str = "/api/v1/auth/token";

#[derive(Clone)]
pub struct Deps {
    pub directory: Arc<dyn UserDirectory>,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(issue_token)).with_state(deps))
}

/// Exchange a username and password for a bearer token.
///
/// **Who:** anyone (public). An unknown user and a wrong password get the same 401. After
/// repeated failures for an account or from an address, attempts are refused with 429 and a
/// `Retry-After` that grows with each further failure.
#[utoipa::path(
    post,
    path = PATH,
    tag = "identity",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_USERNAME`, `INVALID_PASSWORD`: missing, not a string, or (username) malformed."),
        (status = 401, body = ErrorEnvelope, description = "`INVALID_CREDENTIALS`: unknown user or wrong password."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "`UNPROCESSABLE`: the directory refuses this sign-in as it stands: the password must be reset, the account is not \
                           confirmed, or a step this API does not offer (an MFA challenge) is needed."),
        (status = 429, response = SignInThrottled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the user directory is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all)]
async fn issue_token(State(deps): State<Deps>, SourceAddress(source): SourceAddress, JsonBody(body): JsonBody) -> ApiResult {
    let f = Fields::of(&body)?;
    let username = LoginName::parse(f.required_str("username")?)?;
    let password = f.required_str("password")?;
    let token = deps
        .directory
        .sign_in(&username, password, source)
        .await
        .map_err(|e| {
            if matches!(e, PortError::Throttled { .. }) {
                Measurement::new().dimension("Route", "/api/v1/auth/token").count("ThrottledSignIns", 1.0).record();
            }
            ApiError::from_port(e, "user")
        })?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS", "the username or password is incorrect"))?;
    Ok(pending(
        StatusCode::OK,
        json!({
            "status": "success",
            "data": token,
            "access_token": token.access_token,
            "token_type": token.token_type,
            "expires_in": token.expires_in,
        }),
    )
    .into_response())
}
