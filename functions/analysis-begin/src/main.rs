//! state machine task BeginAnalysis: the Lambda entry point. The handler is `mediclear_handlers::tasks::analysis`;
//! this file only builds its dependencies (once, at cold start) and hands the handler to the
//! Lambda runtime.

use mediclear_handlers::tasks::analysis::BeginAnalysis;
use mediclear_handlers::function::{init_lambda_logging, run_event};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = {
        let cases = aws.cases()?;
        BeginAnalysis { reader: cases.clone(), writer: cases, audit: aws.auditor()? }
    };
    run_event(handler).await
}
