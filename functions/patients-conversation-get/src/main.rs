//! `GET /api/v1/patients/{patient_id}/conversations/{conversation_id}`: the Lambda entry point. The
//! handler is `mediclear_handlers::api::chat::conversation`; this file only builds its
//! dependencies (once, at cold start) and hands the router to the Lambda runtime.

use mediclear_handlers::api::chat::conversation;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = conversation::router(conversation::Deps { conversations: aws.conversations()?, gate: aws.gate()?, audit: aws.auditor()? });
    run_http(router).await
}
