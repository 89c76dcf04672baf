//! `POST /api/v1/auth/token` (public): `{"username","password"}` → a bearer token.
//!
//! The token fields are in `data` like every response, and also at the top level, where OAuth2
//! client libraries look for `access_token`. Wrong password and unknown user get the same 401.

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
use mediclear_http::envelope::pending;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::identity::UserDirectory;

pub const PATH: &str = "/api/v1/auth/token";

#[derive(Clone)]
pub struct Deps {
    pub directory: Arc<dyn UserDirectory>,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(issue_token)).with_state(deps))
}

#[tracing::instrument(skip_all)]
async fn issue_token(State(deps): State<Deps>, JsonBody(body): JsonBody) -> ApiResult {
    let f = Fields::of(&body)?;
    let username = LoginName::parse(f.required_str("username")?)?;
    let password = f.required_str("password")?;
    let token = deps
        .directory
        .sign_in(&username, password)
        .await
        .map_err(|e| ApiError::from_port(e, "user"))?
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
