//! `DELETE /api/v1/doctors/{doctor_id}/patients/{patient_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::doctors::revoke`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::doctors::revoke;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = revoke::router(revoke::Deps { care_team: aws.health()?, conversations: aws.conversations()?, audit: aws.auditor()? });
    run_http(router).await
}
