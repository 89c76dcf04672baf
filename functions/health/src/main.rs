//! `GET /api/v1/health`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::health`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.

use mediclear_handlers::api::health;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    run_http(health::health_router()).await
}
