//! `GET /api/v1/doctors/{doctor_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::doctors::get`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The documents bucket is limited to the one operation the handler makes (`get::USES`):
//! presigning `GetObject` links to the credential documents.

use mediclear_handlers::api::doctors::get;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let router = get::router(get::Deps {
        doctors: health.clone(),
        care_team: health,
        blobs: limited::blobs::<{ get::USES.blobs }, _>(aws.blobs()?),
        audit: aws.auditor()?,
    });
    run_http(router).await
}
