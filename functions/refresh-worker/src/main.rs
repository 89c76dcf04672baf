//! The refresh queue's consumer: the Lambda entry point. The handler is
//! `mediclear_handlers::tasks::refresh::RunRefresh`; this file only builds its dependencies (once,
//! at cold start) and hands the handler to the Lambda runtime.

use std::sync::Arc;

use mediclear_handlers::function::{init_lambda_logging, run_event};
use mediclear_handlers::tasks::refresh::RunRefresh;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let index = aws.index()?;
    let handler = RunRefresh {
        refreshes: aws.health()?,
        tracker: aws.tracker()?,
        blobs: aws.blobs()?,
        index_reader: index.clone(),
        index_writer: index,
        embedding_model: aws.env.embedding_model_id(),
        workflow: aws.pipeline_workflow()?,
        insights: Arc::new(aws.computed_insights()?),
    };
    run_event(handler).await
}
