//! `POST /api/v1/documents/upload`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::upload`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`mediclear_aws::limited`): it
//! stores the checked file (`PutObject`), the job (with the first answer when the request has an
//! `Idempotency-Key`) and the document's record (and marks both failed if the file cannot be
//! stored), so no other S3 or DynamoDB operation is linked. It decides the type by the bytes'
//! magic numbers and checks a PDF's trailer; it does not open PDFs, so the PDF reader is not
//! linked either.

use mediclear_handlers::api::documents::upload;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::idempotency::Idempotency;
use mediclear_lambda::{blob_ops, checking_gate, document_ops, job_ops};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let router = upload::router(upload::Deps {
        documents: health.documents_only::<{ document_ops::CREATE | document_ops::UPDATE }>(),
        jobs: aws.jobs()?.only::<{ job_ops::PUT | job_ops::CREATE_ONCE }>(),
        blobs: aws.blobs()?.only::<{ blob_ops::PUT }>(),
        gate: checking_gate(&health),
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
