//! `POST /api/v1/queries/generate`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::queries::generate`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::queries::generate;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = generate::router(generate::Deps { connections: aws.report_access()?, planner: aws.planner()?, as_of: None });
    run_http(router).await
}
