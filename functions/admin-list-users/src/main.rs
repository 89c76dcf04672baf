//! `GET /api/v1/admin/users`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::admin_user_list`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The directory is limited to the one operation the handler makes (`admin_user_list::USES`,
//! `mediclear_ports::limited`): `ListUsersInGroup`.

use mediclear_handlers::api::admin_user_list;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = admin_user_list::router(admin_user_list::Deps {
        directory: limited::directory::<{ admin_user_list::USES.directory }, _>(aws.directory()?),
        audit: aws.auditor()?,
    });
    run_http(router).await
}
