//! Port conformance suites: the contract each port's documentation states, as async functions
//! that take the port as trait objects, so one suite runs against the AWS adapters (on moto) and
//! against the offline adapters alike.
//!
//! Every suite works only with ids it mints ([`crate::unique`]), so it can share a store with
//! other tests and with itself running twice; it never assumes the store is empty. Failures panic
//! with a message saying which promise was broken.
//!
//! - [`cases`] — [`case_store`]: conditional create/replace, NotFound vs Conflict, one winner of
//!   two racing replaces, filters combined, newest first, pagination and tampered tokens.
//! - [`audit`] — [`audit_log`]: append-only, oldest first, per resource, idempotent re-append.
//! - [`blobs`] — [`blob_store`]: bytes and content type round-trip, overwrite, missing → `None`.
//! - [`chunk_index`] — [`chunk_index`](fn@chunk_index): patient isolation, provider kept on
//!   every record, document order, procedure links, idempotent and shrinking re-index.
//! - [`jobs`] — [`job_store`]: put, overwrite, get.
//! - [`idempotency`] — [`idempotency_store`]: answers under keys, taken keys, expiry; and
//!   [`case_with_answer`] / [`job_with_answer`]: a record and its answer, both or neither.
//! - [`connections`] — [`connection_store`]: connect, subscribe (unknown → NotFound), once-only
//!   delivery claims (also under concurrency), idempotent disconnect.
//! - [`doctors`] — [`doctor_store`]: conditional writes, the verification queue oldest first
//!   across pages, and the roster reading stored decisions.
//! - [`patients`] — [`patient_store`]: versioned writes, NotFound vs Conflict, delete; and
//!   [`care_team`]: idempotent assignments seen from both sides, revocation.
//! - [`identity`] — [`user_directory`]: create, duplicate → Conflict, sign in → token → verify →
//!   the same caller; wrong password / unknown user → `None`; forged tokens → `Rejected`.
//! - [`workflow`] — [`workflow`](fn@workflow): named starts, same name other input → Conflict,
//!   refused names → Rejected.
//! - [`ocr`] — [`ocr_engine`] and [`ocr_jobs`]: known text in, the same text out, per page; blank
//!   pages empty, unreadable files `Rejected`; with the generated scans and hostile files ([`ocr::scans`]).
//! - [`insights`] — [`insight_store`]: every version per patient and kind, the latest by number;
//!   [`conversation_store`]: saves over the `updated_at` read, per-patient listing and purge.
//! - [`reports`] — [`connection_catalog`], [`secret_box`], [`report_log`]: PHI reports' stores.
//! - [`fixtures`] — builders of valid domain values the suites (and other tests) use.

pub mod audit;
pub mod blobs;
pub mod cases;
pub mod chunk_index;
pub mod connections;
pub mod doctors;
pub mod documents;
pub mod fixtures;
pub mod identity;
pub mod insights;
pub mod idempotency;
pub mod jobs;
pub mod ocr;
pub mod patients;
pub mod refreshes;
pub mod reports;
pub mod workflow;

pub use audit::audit_log;
pub use blobs::blob_store;
pub use cases::case_store;
pub use chunk_index::chunk_index;
pub use connections::connection_store;
pub use doctors::doctor_store;
pub use documents::document_store;
pub use identity::user_directory;
pub use insights::{conversation_store, insight_store};
pub use idempotency::{case_with_answer, idempotency_store, job_with_answer};
pub use jobs::job_store;
pub use ocr::{ocr_engine, ocr_jobs};
pub use patients::{care_team, patient_store};
pub use refreshes::refresh_store;
pub use reports::{connection_catalog, report_log, secret_box};
pub use workflow::workflow;
