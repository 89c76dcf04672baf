//! `POST /api/v1/queries/validate`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::queries::validate`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::queries::validate;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = validate::router(validate::Deps { connections: aws.report_access()? });
    run_http(router).await
}
