//! `POST /api/v1/documents/upload`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::upload`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`upload::USES`, `mediclear_ports::limited`): it
//! stores the checked file (`PutObject`), the job (with the first answer when the request has an
//! `Idempotency-Key`) and the document's record (and marks both failed if the file cannot be
//! stored), so no other S3 or DynamoDB operation is linked. It decides the type by the bytes'
//! magic numbers and checks a PDF's trailer; it does not open PDFs, so the PDF reader is not
//! linked either.
//! Objects are stored with a signed `PUT` rather than the SDK's `PutObject` (`Aws::storing_blobs`),
//! so the SDK's checksum code is not linked either.

use mediclear_handlers::api::documents::upload;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::idempotency::Idempotency;
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = upload::router(upload::Deps {
        documents: limited::documents::<{ upload::USES.documents }, _>(aws.health()?),
        jobs: limited::jobs::<{ upload::USES.jobs }, _>(aws.jobs()?),
        blobs: limited::blobs::<{ upload::USES.blobs }, _>(aws.storing_blobs()?),
        gate: aws.gate()?,
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
