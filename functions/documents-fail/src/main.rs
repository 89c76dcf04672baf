//! Document pipeline, failure: the Lambda entry point. The handler is
//! `mediclear_handlers::tasks::pipeline::RecordDocumentFailure`; this file only builds its dependencies (once, at
//! cold start) and hands the handler to the Lambda runtime.

use mediclear_handlers::function::{init_lambda_logging, run_event};
use mediclear_handlers::tasks::pipeline::RecordDocumentFailure;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = RecordDocumentFailure { tracker: aws.tracker()? };
    run_event(handler).await
}
