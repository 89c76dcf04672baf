//! `POST /api/v1/preauth/policies`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::preauth::upload`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.

use mediclear_handlers::api::preauth::upload;
use mediclear_handlers::idempotency::Idempotency;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = upload::policies_router(upload::Deps {
        blobs: aws.blobs()?,
        jobs: aws.jobs()?,
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
