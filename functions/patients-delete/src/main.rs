//! `DELETE /api/v1/patients/{patient_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::patients::purge`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::patients::purge;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let index = aws.index()?;
    let router = purge::router(purge::Deps {
        patients: health.clone(),
        documents: health.clone(),
        jobs: aws.jobs()?,
        refreshes: health.clone(),
        care_team: health,
        directory: aws.directory()?,
        blobs: aws.blobs()?,
        index_reader: index.clone(),
        index_writer: index,
        gate: aws.gate()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
