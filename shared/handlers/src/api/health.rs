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

pub const HEALTH_PATH: &str = "/api/v1/health";
pub const LIVE_PATH: &str = "/api/v1/health/live";
pub const READY_PATH: &str = "/api/v1/health/ready";

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
