//! `POST /api/v1/documents/{document_id}/transcription`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::transcription`; this file only builds its dependencies
//! (once, at cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`transcription::USES`, `mediclear_ports::limited`): it
//! reads the document's record, stores the transcribed text (`PutObject`), moves the record and
//! its job on, and starts the pipeline's execution, so no other S3 or DynamoDB operation is
//! linked.
//! Objects are stored with a signed `PUT` rather than the SDK's `PutObject` (`Aws::storing_blobs`),
//! so the SDK's checksum code is not linked either.

use mediclear_handlers::api::documents::transcription;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_handlers::tasks::pipeline::Tracker;
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let health = aws.health()?;
    let router = transcription::router(transcription::Deps {
        tracker: Tracker {
            documents: limited::documents::<{ transcription::USES.documents }, _>(health),
            jobs: limited::jobs::<{ transcription::USES.jobs }, _>(aws.jobs()?),
        },
        blobs: limited::blobs::<{ transcription::USES.blobs }, _>(aws.storing_blobs()?),
        gate: aws.gate()?,
        workflow: aws.pipeline_workflow()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
