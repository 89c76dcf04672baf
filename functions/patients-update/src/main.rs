//! `PUT /api/v1/patients/{patient_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::patients::update`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::patients::update;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = update::router(update::Deps {
        patients: aws.health()?,
        gate: aws.gate()?,
        audit: aws.auditor()?,
        insights: std::sync::Arc::new(aws.computed_insights()?),
    });
    run_http(router).await
}
