//! Event-driven functions.
//!
//! - [`ingest`] — S3 `ObjectCreated` → extract, chunk, embed, index (job status updated).
//! - [`ingest_failed`] — the ingestion's on-failure queue → the document's job `FAILED`.
//! - [`notifier`] — cases-table stream → `{"type":"case.updated","case":…}` to every subscribed
//!   connection, once per case version, with batch item failures.
//! - [`websocket`] — the `$connect` Lambda authorizer, `$connect`, `$disconnect`, `subscribe`.

pub mod ingest;
pub mod ingest_failed;
pub mod notifier;
pub mod websocket;
