//! MediClear's ports: one small trait per capability, named for what the domain needs. A handler
//! depends only on the ports it uses, so its IAM policy lists only those actions. Each port has an
//! `aws` adapter (`mediclear-aws`) and an offline one (`mediclear-local-adapters`); the conformance
//! suite (`mediclear-testkit`) runs the same tests against both. Port values the API returns
//! (`Job`, `IssuedToken`, `ComponentStatus`) derive `utoipa::ToSchema` for the OpenAPI document.
//!
//! # Layout
//!
//! - [`error`] — [`PortError`], the one error every port returns, classified so callers can map it
//!   to an HTTP status or an ASL `Retry` name without reading adapter details.
//! - [`cases`] — `CaseReader`, `CaseWriter`: pre-auth cases with optimistic concurrency.
//! - [`audit`] — `AuditLog` (append-only) and `AuditReader`.
//! - [`blobs`] — `BlobStore`: document files and their Bedrock-KB `.metadata.json` sidecars.
//! - [`knowledge`] — `ChunkIndexWriter`/`ChunkIndexReader` (MediClear's own index), `Embedder`,
//!   `Retriever`, `TextExtractor`.
//! - [`analysis`] — `Analyzer`: judges policy criteria against notes.
//! - [`workflow`] — `Workflow`: starts the analysis state machine.
//! - [`realtime`] — `ConnectionStore` and `ConnectionPusher` for the WebSocket API.
//! - [`identity`] — `UserDirectory` (sign-in, user creation) and `TokenVerifier`.
//! - [`jobs`] — `JobStore`: status of long-running ingestion jobs.
//! - [`credentials`] — `CredentialReader`: a doctor's credential fields from their documents.
//! - [`doctors`] — `DoctorStore`: doctors, their credentials and verification (every store is a
//!   `DoctorRoster`).
//! - [`patients`] — `PatientStore` (versioned patient profiles) and `CareTeam` (doctor
//!   assignments).
//! - [`documents`] — `DocumentStore`: a patient's health documents and their pipeline progress; the
//!   manual review queue.
//! - [`refreshes`] — `RefreshStore`, `RefreshQueue` (per-patient FIFO) and the `Insights` step a
//!   refresh ends with.
//! - [`idempotency`] — `IdempotencyStore`: first answers kept under their `Idempotency-Key`.
//! - [`ocr`] — `OcrEngine` (synchronous) and `OcrJobs` (start/poll, for stored multi-page PDFs): the
//!   text of images and scanned PDFs, per page, with the engine's confidence.
//! - [`vision`] — `Vision`: a description of one image of a medical document (what it shows, the
//!   text and values in it), and [`vision::image_size`] from an image's header.
//! - [`health`] — `ReadinessProbe`.
//! - [`reports`] — `ConnectionCatalog`, `SecretBox`, `ReportLog`, `QueryPlanner`, `ReportSummarizer`
//!   (PHI reports).
//! - [`limited`] — any port's adapter limited, at compile time, to the operations one handler
//!   makes ([`limited::Uses`]), so its Lambda links no other SDK operation.
//! - [`metrics`] — what the system counts ([`metrics::record`]) and the sink it goes to: EMF lines
//!   on Lambda, `/metrics` offline.
//! - [`insights`] — `InsightStore`: every version of a patient's health score and risk assessment.
//! - [`chat`] — `ConversationStore`, `RecordSearch` (a patient's own documents), `ChatResponder`.
//! - [`client_databases`] — `ClientDatabases`: a hospital's own database, checked, described and
//!   queried read-only (PHI reports).

pub mod analysis;
pub mod audit;
pub mod blobs;
pub mod cases;
pub mod chat;
pub mod client_databases;
pub mod doctors;
pub mod documents;
pub mod credentials;
pub mod error;
pub mod health;
pub mod identity;
pub mod idempotency;
pub mod insights;
pub mod jobs;
pub mod patients;
pub mod knowledge;
pub mod limited;
pub mod metrics;
pub mod ocr;
pub mod realtime;
pub mod reports;
pub mod refreshes;
pub mod vision;
pub mod workflow;

pub use error::PortError;
