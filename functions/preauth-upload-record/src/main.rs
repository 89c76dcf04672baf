//! `POST /api/v1/preauth/records`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::preauth::upload`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`upload::USES`,
//! `mediclear_ports::limited`): it stores the file, its sidecar and the job, so no other S3 or
//! DynamoDB operation is linked.
//! Objects are stored with a signed `PUT` rather than the SDK's `PutObject` (`Aws::storing_blobs`),
//! so the SDK's checksum code is not linked either.

use mediclear_handlers::api::preauth::upload;
use mediclear_handlers::idempotency::Idempotency;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = upload::records_router(upload::Deps {
        blobs: limited::blobs::<{ upload::USES.blobs }, _>(aws.storing_blobs()?),
        jobs: limited::jobs::<{ upload::USES.jobs }, _>(aws.jobs()?),
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
