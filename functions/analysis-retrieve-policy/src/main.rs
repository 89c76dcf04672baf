//! state machine task RetrievePolicyCriteria: the Lambda entry point. The handler is `mediclear_handlers::tasks::analysis`;
//! this file only builds its dependencies (once, at cold start) and hands the handler to the
//! Lambda runtime.

use mediclear_handlers::tasks::analysis::RetrievePolicy;
use mediclear_handlers::function::{init_lambda_logging, run_event};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let handler = RetrievePolicy { reader: aws.cases()?, retriever: aws.retriever()? };
    run_event(handler).await
}
