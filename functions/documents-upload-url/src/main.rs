//! `POST /api/v1/documents/upload-url`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::upload_url`; this file only builds its dependencies (once,
//! at cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`mediclear_aws::limited`): it
//! presigns the `PUT` (locally; the file never passes through it), writes the job and the
//! document's record (and marks both failed if the record cannot be stored), so no other S3 or
//! DynamoDB operation is linked.

use mediclear_handlers::api::documents::upload_url;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::{blob_ops, checking_gate, document_ops, job_ops};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let router = upload_url::router(upload_url::Deps {
        documents: health.documents_only::<{ document_ops::CREATE | document_ops::UPDATE }>(),
        jobs: aws.jobs()?.only::<{ job_ops::PUT }>(),
        blobs: aws.blobs()?.only::<{ blob_ops::PRESIGN_PUT }>(),
        gate: checking_gate(&health),
        audit: aws.auditor()?,
    });
    run_http(router).await
}
