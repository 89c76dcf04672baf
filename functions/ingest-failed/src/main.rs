//! The ingestion's on-failure queue (SQS): the Lambda entry point. The handler is
//! `mediclear_handlers::events::ingest_failed`; this file only builds its dependencies (once, at
//! cold start) and hands the handler to the Lambda runtime.

use mediclear_handlers::events::ingest_failed::IngestFailed;
use mediclear_handlers::function::{init_lambda_logging, run_event};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = IngestFailed { documents: aws.document_jobs()?, health: aws.tracker()? };
    run_event(handler).await
}
