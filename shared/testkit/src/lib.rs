//! Test support shared by every crate's tests.
//!
//! # Layout
//!
//! - [`moto`] — starts (once per test binary) or finds moto's server, the AWS emulator the AWS
//!   adapters are tested against, and builds SDK configs pointing at it. With `CI=true` a missing
//!   moto fails the test run instead of skipping.
//! - [`wire`] — an in-test HTTP server speaking the wire format of the AWS APIs moto does not
//!   emulate (Bedrock Runtime Converse/InvokeModel, Bedrock Agent Runtime Retrieve, API Gateway
//!   Management PostToConnection, Textract): it records requests and answers scripted responses.
//! - [`tables`] — the DynamoDB tables of `template.yaml` (keys, indexes, TTL, found through the
//!   variable the functions read each name from), created on moto; the AWS adapter tests and the
//!   benchmark create their tables with it.
//! - [`client_dbs`] — hospitals' databases for PHI-report tests (Eunomia in PostgreSQL and
//!   MariaDB, FHIR documents for the MongoDB peer), loaded once by `scripts/client-dbs.sh`.
//! - [`conformance`] — one suite per port (`case_store`, `audit_log`, `blob_store`,
//!   `chunk_index`, `job_store`, `connection_store`, `user_directory`) taking the port as trait
//!   objects, so the AWS and the offline adapters are held to the same contract; plus
//!   [`conformance::fixtures`], valid domain values with fresh ids.

pub mod client_dbs;
pub mod conformance;
pub mod moto;
pub mod pdf;
pub mod tables;
pub mod wire;

/// A name no other test in this run uses (tables, buckets, executions).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// Whether this run is CI, where tests needing an emulator or a database must run, never skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
