//! Document pipeline, tier 1 (extract): the Lambda entry point. The handler is
//! `mediclear_handlers::tasks::pipeline::ExtractText`; this file only builds its dependencies (once, at
//! cold start) and hands the handler to the Lambda runtime.

use mediclear_handlers::function::{init_lambda_logging, run_event};
use mediclear_handlers::tasks::pipeline::ExtractText;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = ExtractText {
        tracker: aws.tracker()?,
        blobs: aws.blobs()?,
        extractor: std::sync::Arc::new(mediclear_documents::InProcessExtractor::new()),
        ocr: aws.textract()?,
        ocr_jobs: Some(aws.textract()?),
        ocr_installed: true,
    };
    run_event(handler).await
}
