//! `POST /api/v1/documents/{document_id}/transcription`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::transcription`; this file only builds its dependencies
//! (once, at cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::documents::transcription;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = transcription::router(transcription::Deps {
        tracker: aws.tracker()?,
        blobs: aws.blobs()?,
        gate: aws.gate()?,
        workflow: aws.pipeline_workflow()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
