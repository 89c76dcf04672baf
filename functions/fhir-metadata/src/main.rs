//! `GET /api/v1/fhir/metadata`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::fhir::metadata`, which needs nothing but the request.

use mediclear_handlers::api::fhir::metadata;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    run_http(metadata::router()).await
}
