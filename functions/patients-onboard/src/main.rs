//! `POST /api/v1/patients/onboard`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::patients::onboard`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::patients::onboard;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::idempotency::Idempotency;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let router = onboard::router(onboard::Deps {
        patients: health.clone(),
        directory: aws.directory()?,
        tokens: aws.token_verifier()?,
        doctors: health.clone(),
        care_team: health,
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
