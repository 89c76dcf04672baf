//! `POST /api/v1/preauth/criteria/match`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::preauth::match_criteria`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.

use mediclear_handlers::api::preauth::match_criteria;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = match_criteria::router(match_criteria::Deps { retriever: aws.retriever()?, analyzer: aws.analyzer()?, audit: aws.auditor()? });
    run_http(router).await
}
