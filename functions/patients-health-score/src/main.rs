//! `GET /api/v1/patients/{patient_id}/health-score`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::insights::health_score`; this file only builds its dependencies (once, at cold
//! start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::insights::{self, health_score};
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = health_score::router(insights::Deps { store: aws.insight_store()?, insights: aws.computed_insights()?, gate: aws.gate()?, audit: aws.auditor()? });
    run_http(router).await
}
