//! `POST /api/v1/auth/token`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::auth_token`; this file only builds its dependencies (once, at cold start)
//! and hands the router to the Lambda runtime.

use mediclear_handlers::api::auth_token;
use mediclear_handlers::function::{init_lambda_logging, run_http};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = auth_token::router(auth_token::Deps { directory: aws.directory()? });
    run_http(router).await
}
