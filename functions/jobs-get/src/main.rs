//! `GET /api/v1/jobs/{job_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::jobs`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.

use mediclear_handlers::api::jobs;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = jobs::router(jobs::Deps { jobs: aws.jobs()?, gate: aws.gate()? });
    run_http(router).await
}
