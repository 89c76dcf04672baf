//! `GET /api/v1/health` and `/health/live` (public, no dependencies: the function runs) and
//! `GET /api/v1/health/ready` (public: the tables and buckets this deployment needs answer;
//! 503 with the failing components otherwise — component names only, never data).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use http::StatusCode;
use serde_json::json;

use mediclear_http::envelope::{pending, success};
use mediclear_http::router::function_router;
use mediclear_ports::health::ReadinessProbe;

use crate::openapi::schemas::{ErrorEnvelope, InternalError, Liveness, Readiness, Success, Throttled};

pub const HEALTH_PATH: &str = "/api/v1/health";
pub const LIVE_PATH: &str = "/api/v1/health/live";
pub const READY_PATH: &str = "/api/v1/health/ready";

/// Liveness: the function runs (no dependency is checked).
///
/// **Who:** anyone (public). `GET /health/live` is the same handler (see `openapi::document`).
#[utoipa::path(
    get,
    path = HEALTH_PATH,
    tag = "health",
    operation_id = "health",
    responses(
        (status = 200, description = "Alive.", body = Success<Liveness>),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
    ),
)]
async fn alive() -> axum::response::Response {
    success(json!({"status": "ok", "service": "mediclear", "version": env!("CARGO_PKG_VERSION")}))
}

/// `GET /health`.
pub fn health_router() -> Router {
    function_router(Router::new().route(HEALTH_PATH, get(alive)))
}

/// `GET /health/live`.
pub fn live_router() -> Router {
    function_router(Router::new().route(LIVE_PATH, get(alive)))
}

#[derive(Clone)]
pub struct ReadyDeps {
    pub probe: Arc<dyn ReadinessProbe>,
}

/// `GET /health/ready`.
pub fn ready_router(deps: ReadyDeps) -> Router {
    function_router(Router::new().route(READY_PATH, get(ready)).with_state(deps))
}

/// Readiness: the tables and the documents bucket this deployment needs answer.
///
/// **Who:** anyone (public). Component names only, never data.
#[utoipa::path(
    get,
    path = READY_PATH,
    tag = "health",
    operation_id = "health_ready",
    responses(
        (status = 200, description = "Every component is ready.", body = Success<Readiness>),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`NOT_READY`: some component is not; `details.components` lists every component's status."),
    ),
)]
async fn ready(State(deps): State<ReadyDeps>) -> axum::response::Response {
    let components = deps.probe.check().await;
    if components.iter().all(|c| c.ready) {
        success(json!({"status": "ready", "components": components}))
    } else {
        pending(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"status": "error", "error": {"code": "NOT_READY", "message": "some components are not ready", "details": {"components": components}}}),
        )
        .into_response()
    }
}
