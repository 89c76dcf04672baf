//! `GET /api/v1/documents/{document_id}`: the Lambda entry point. The handler is
//! `mediclear_handlers::api::documents::get`; this file only builds its dependencies (once, at
//! cold start) and hands the router to the Lambda runtime.
//!
//! The adapters are limited to the operations the handler makes (`get::USES`, `mediclear_ports::limited`):
//! it reads the document's record and its extracted text (`GetItem`, `GetObject`) and writes
//! only the audit record, so no other S3 or DynamoDB operation is linked.

use mediclear_handlers::api::documents::get;
use mediclear_handlers::function::{init_lambda_logging, run_http};
use mediclear_lambda::limited;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_lambda_logging();
    let aws = mediclear_lambda::Aws::load().await;
    let router = get::router(get::Deps {
        documents: limited::documents::<{ get::USES.documents }, _>(aws.health()?),
        blobs: limited::blobs::<{ get::USES.blobs }, _>(aws.blobs()?),
        gate: aws.gate()?,
        audit: aws.auditor()?,
    });
    run_http(router).await
}
