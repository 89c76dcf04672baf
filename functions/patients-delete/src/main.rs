//! `DELETE /api/v1/patients/{patient_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::patients::purge`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The S3 and Cognito adapters are limited to the operations the handler makes
//! (`purge::USES`, `mediclear_ports::limited`): it removes every stored version under the patient's prefixes
//! (`ListObjectVersions`, `DeleteObject`) and the login (`AdminDeleteUser`), so no other S3 or
//! Cognito operation — and none of the SDK's checksum code — is linked.

use mediclear_handlers::api::patients::purge;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let index = aws.index()?;
    let router = purge::router(purge::Deps {
        patients: health.clone(),
        documents: health.clone(),
        jobs: aws.jobs()?,
        refreshes: health.clone(),
        insights: aws.insight_store()?,
        conversations: aws.conversations()?,
        care_team: health,
        directory: limited::directory::<{ purge::USES.directory }, _>(aws.directory()?),
        blobs: limited::blobs::<{ purge::USES.blobs }, _>(aws.blobs()?),
        index_reader: index.clone(),
        index_writer: index,
        gate: aws.gate()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
