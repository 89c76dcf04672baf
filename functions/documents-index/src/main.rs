//! Document pipeline, tier 3 (index): the Lambda entry point. The handler is
//! `mediclear_handlers::tasks::pipeline::IndexDocument`; this file only builds its dependencies (once, at
//! cold start) and hands the handler to the Lambda runtime.

use mediclear_handlers::function::{init_lambda_logging, run_event};
use mediclear_handlers::tasks::pipeline::IndexDocument;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = IndexDocument {
        tracker: aws.tracker()?,
        blobs: aws.blobs()?,
        embedder: aws.embedder(),
        index: aws.index()?,
        insights: std::sync::Arc::new(aws.computed_insights()?),
    };
    run_event(handler).await
}
