//! Every MediClear function's handler, written once. The Lambda binaries in `functions/` wire AWS
//! adapters into these; the offline runtime wires the local adapters into the very same ones.
//! A handler depends only on the ports it uses.
//!
//! # Layout
//!
//! - [`function`] — [`function::EventHandler`], the shape of every non-HTTP function, its typed
//!   error ([`function::FunctionError`], whose name ASL `Retry`/`Catch` match) and `run_*` helpers
//!   that hand a router or handler to the Lambda runtime.
//! - [`audit`] — writing audit records for PHI access (fail closed on reads).
//! - [`api`] — one module per REST endpoint, each exposing `router(deps)`:
//!   auth and users, pre-auth cases/decisions/criteria/documents, jobs, health; patients,
//!   doctors, documents, refreshes, the health score and risk assessment (`insights`), patient and
//!   doctor chat (`chat`); PHI-report connections, queries and reports.
//! - [`tasks`] — the analysis and document-pipeline state machines' task functions, and the
//!   refresh worker.
//! - [`events`] — S3 ingestion, the case-stream notifier, and the WebSocket functions.
//! - [`engines`] — in-process engines for AI ports (offline analyzer, hashing embedder, own-index
//!   retriever, the extractive chat, the insights step); the local runtime always uses them, a
//!   deployment may choose them by config.
//! - [`idempotency`] — `Idempotency-Key` on creating requests: replay the first answer, refuse a
//!   reused key.
//! - [`documents`] — storing uploaded documents with their Bedrock-KB metadata sidecar, and
//!   indexing them.
//! - [`openapi`] — the OpenAPI document of the REST routes, generated from the handlers'
//!   `#[utoipa::path]` annotations and the domain types (committed as `openapi.json`).

pub mod api;
pub mod audit;
pub mod documents;
pub mod engines;
pub mod events;
pub mod function;
pub mod idempotency;
pub mod openapi;
pub mod tasks;
