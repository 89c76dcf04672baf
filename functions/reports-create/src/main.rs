//! `POST /api/v1/reports`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::reports::create`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::reports::create;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = create::router(create::Deps {
        connections: aws.report_access()?,
        planner: aws.planner()?,
        summarizer: aws.summarizer()?,
        log: aws.reports_table()?,
        files: aws.report_files()?,
        audit: aws.auditor()?,
        as_of: None,
    });
    run_http(router).await
}
