//! `POST /api/v1/fhir/Claim/{operation}` (`$submit`, `$inquire`): the Lambda entry point. The
//! handler is `mediclear_handlers::api::fhir::claim`; this file only builds its dependencies (once,
//! at cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::fhir::claim;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let cases = aws.cases()?;
    let router = claim::router(claim::Deps {
        reader: cases.clone(),
        writer: cases,
        workflow: aws.workflow()?,
        indexing: aws.indexing()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
