//! `POST /api/v1/doctors/{doctor_id}/chat`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::chat::doctor`; this file only builds its dependencies (once, at cold
//! start) and hands the router to the Lambda runtime in response-streaming mode.

use mediclear_handlers::api::chat::doctor;
use mediclear_handlers::function::{init_lambda_logging, run_http_streaming};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = doctor::router(doctor::Deps { chat: aws.chat()?, gate: aws.gate()?, records: aws.patient_records()? });
    run_http_streaming(router).await
}
