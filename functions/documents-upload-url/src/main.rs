//! `POST /api/v1/documents/upload-url`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::upload_url`; this file only builds its dependencies (once,
//! at cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::documents::upload_url;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = upload_url::router(upload_url::Deps {
        documents: aws.health()?,
        jobs: aws.jobs()?,
        blobs: aws.blobs()?,
        gate: aws.gate()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
