//! `POST /api/v1/patients/{patient_id}/chat`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::chat::patient`; this file only builds its dependencies (once, at cold
//! start, with the critical-question check) and hands the router to the Lambda runtime in
//! response-streaming mode, so an answer asked for as `text/event-stream` reaches the caller token
//! by token.

use mediclear_handlers::api::chat::patient;
use mediclear_handlers::function::{init_lambda_logging, run_http_streaming};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    // The critical-question check's rules and classifier are built during Init, not on the first
    // question.
    patient::prepare();
    let aws = mediclear_lambda::Aws::load().await;
    let router = patient::router(patient::Deps { chat: aws.chat()?, gate: aws.gate()? });
    run_http_streaming(router).await
}
