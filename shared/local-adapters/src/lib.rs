//! The offline adapter family: every MediClear port implemented on one embedded database file
//! (redb, ACID, single file) plus a blob directory, all under one data directory that survives
//! restarts. The local runtime builds one [`LocalStore`] and hands these adapters to the same
//! handlers the Lambdas run.
//!
//! Where AWS would emit an event — a DynamoDB stream record for a case write, an S3 event for an
//! uploaded file — the write and the event are committed in the same transaction to an
//! [`outbox`], which the runtime drains into the same event handlers. A crash between the two
//! therefore loses nothing, and a restart picks up where it stopped.
//!
//! # Layout
//!
//! - [`store`] — [`LocalStore`]: the database, its tables, JSON (de)serialisation, blocking-safe access.
//! - [`outbox`] — durable, ordered logs of stream records and S3 events, with checkpoints.
//! - [`cases`] — `CaseReader`/`CaseWriter` with version-conditioned writes and a change stream.
//! - [`audit`] — the append-only audit log.
//! - [`blobs`] — files on disk (atomic writes), content types in the database, S3-style events.
//! - [`index`] — MediClear's own chunk index, partitioned by patient and by policy.
//! - [`jobs`] — ingestion job status.
//! - [`patients`] — patients (version-conditioned writes) and their care team.
//! - [`doctors`] — doctors and the verification queue.
//! - `page_token` (private) — checked pagination tokens for in-memory listings.
//! - [`idempotency`] — first answers under their `Idempotency-Key`, written in the same
//!   transaction as the record they answer for.
//! - [`connections`] — WebSocket connections, subscriptions and once-only delivery claims.
//! - [`pusher`] — pushes to sockets the runtime registered; unknown connection = gone (410).
//! - [`directory`] — users with argon2id password hashes and throttled sign-ins, and the local
//!   token issuer/verifier (Cognito ID-token claims, HS256 with a key kept in the data directory).
//! - [`passwords`] — argon2id hashing on a fixed pool of threads with one buffer each.
//! - [`workflow`] — durable state-machine executions the runtime runs and resumes.
//! - [`readiness`] — the readiness probe.
//! - [`reports`] — PHI reports: registered connections, their passwords sealed with AES-256-GCM
//!   under a key in the data directory, report records.
//! - [`insights`] — every version of a patient's health score and risk assessment.
//! - [`conversations`] — patient and doctor chat conversations.
//! - [`ocr`] — the OCR engine: the tesseract CLI (poppler for PDFs, ImageMagick to deskew), bounded
//!   in pixels, pages, time and memory; and its start/poll form for stored documents.

pub mod audit;
pub mod blobs;
pub mod cases;
pub mod connections;
pub mod conversations;
pub mod directory;
pub mod doctors;
pub mod documents;
pub mod idempotency;
pub mod index;
pub mod insights;
pub mod jobs;
pub mod ocr;
pub mod outbox;
mod page_token;
pub mod passwords;
pub mod patients;
pub mod pusher;
pub mod readiness;
pub mod refreshes;
pub mod reports;
pub mod store;
pub mod workflow;

pub use store::LocalStore;
