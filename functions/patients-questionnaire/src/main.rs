//! `GET /api/v1/patients/questionnaire`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::patients::questionnaire`; it needs no AWS client.

use mediclear_handlers::api::patients::questionnaire;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    run_http(questionnaire::router()).await
}
