//! `POST /api/v1/doctors/onboard`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::doctors::onboard`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::doctors::onboard;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::idempotency::Idempotency;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = onboard::router(onboard::Deps {
        doctors: aws.health()?,
        directory: aws.directory()?,
        blobs: aws.blobs()?,
        reader: aws.credential_reader(),
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
