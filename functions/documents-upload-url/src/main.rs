//! `POST /api/v1/documents/upload-url`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::upload_url`; this file only builds its dependencies (once,
//! at cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`upload_url::USES`, `mediclear_ports::limited`): it
//! presigns the `PUT` (locally; the file never passes through it), writes the job and the
//! document's record (and marks both failed if the record cannot be stored), so no other S3 or
//! DynamoDB operation is linked.

use mediclear_handlers::api::documents::upload_url;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = upload_url::router(upload_url::Deps {
        documents: limited::documents::<{ upload_url::USES.documents }, _>(aws.health()?),
        jobs: limited::jobs::<{ upload_url::USES.jobs }, _>(aws.jobs()?),
        blobs: limited::blobs::<{ upload_url::USES.blobs }, _>(aws.blobs()?),
        gate: aws.gate()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
