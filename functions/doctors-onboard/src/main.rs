//! `POST /api/v1/doctors/onboard`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::doctors::onboard`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`onboard::USES`,
//! `mediclear_ports::limited`): it stores the documents (`PutObject`), the login
//! (`AdminCreateUser`) and the doctor, and undoes the first two when a later step fails, so no
//! other S3, Cognito or DynamoDB operation is linked.
//! Objects are stored with a signed `PUT` rather than the SDK's `PutObject` (`Aws::storing_blobs`),
//! so the SDK's checksum code is not linked either.

use mediclear_handlers::api::doctors::onboard;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::idempotency::Idempotency;
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = onboard::router(onboard::Deps {
        doctors: limited::doctors::<{ onboard::USES.doctors }, _>(aws.health()?),
        directory: limited::directory::<{ onboard::USES.directory }, _>(aws.directory()?),
        blobs: limited::blobs::<{ onboard::USES.blobs }, _>(aws.storing_blobs()?),
        reader: aws.credential_reader(),
        audit: aws.auditor()?,
        idempotency: Idempotency { store: aws.idempotency()? },
    });
    run_http(router).await
}
