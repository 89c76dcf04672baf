//! `GET /api/v1/preauth/cases/{case_id}/evidence/{criterion_id}`: the Lambda entry point. The
//! handler is `mediclear_handlers::api::preauth::evidence`; this file only builds its dependencies
//! (once, at cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::preauth::evidence;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = evidence::router(evidence::Deps { cases: aws.cases()?, index: aws.index()?, audit: aws.auditor()? });
    run_http(router).await
}
