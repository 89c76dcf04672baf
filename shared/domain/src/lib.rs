//! MediClear's domain: the values and rules of the three products, with no I/O and no AWS types.
//!
//! Everything here is a pure function of its input, so almost all logic is unit-tested here and
//! the same code runs on Lambda and in the offline runtime.
//!
//! Values that cross the API derive (or implement) `utoipa::ToSchema`, so the OpenAPI document
//! (`mediclear_handlers::openapi`) is generated from their serde shapes and validation rules
//! rather than written a second time.
//!
//! # Layout
//!
//! - [`validation`] — the one error type for input rejected at the edge (names the field).
//! - [`ids`] — identifier newtypes (`PatientId`, `CaseId`, …) that can only be built valid.
//! - [`codes`] — clinical codes: CPT/HCPCS (and X12 service-type) procedure codes and ICD-10-CM
//!   diagnosis codes.
//! - [`identity`] — roles, token claims and the [`identity::Caller`] every handler authorizes.
//! - [`idempotency`] — `Idempotency-Key`: valid keys, their scoped digests, request fingerprints.
//! - [`sign_in_throttle`] — who may try a password now: growing delays per account and address.
//! - [`preauth`] — prior authorization: cases and their status machine, deadlines, access rules,
//!   the analysis shape, policy-criteria parsing, the offline evidence matcher and the tracing
//!   of its quotes to the stored records.
//! - [`fhir`] — FHIR R4 Da Vinci PAS: request Bundles read into cases (every problem at its
//!   FHIRPath), the ClaimResponse, the OperationOutcome and the CapabilityStatement.
//! - [`health`] — health insights: the onboarding questionnaire, patients, doctors, access rules,
//!   marker tagging, the risk assessment, the health score, the critical-question check and the
//!   chat's conversations and extractive answers.
//! - [`knowledge`] — documents as retrieval material: chunking, passages, the offline embedder
//!   and hybrid (lexical + vector) ranking.
//! - [`text`] — tokenizing, stemming and sentence splitting shared by ranking and matching.
//! - [`clinical_context`] — NegEx/ConText: a mention's negation, temporality and experiencer; the
//!   one engine pre-auth matching, tagging, risk, score and chat use.
//! - [`reports`] — PHI reports: client database schemas, the patient key, SQL safety and the
//!   offline query planner.
//! - [`audit`] — the audit record (ids only, never clinical text).
//! - [`realtime`] — WebSocket channels: who may subscribe to what, which channels a case reaches.

pub mod audit;
pub mod clinical_context;
pub mod codes;
pub mod fhir;
pub mod health;
pub mod identity;
pub mod idempotency;
pub mod ids;
pub mod knowledge;
pub mod preauth;
pub mod realtime;
pub mod reports;
pub mod sign_in_throttle;
pub mod text;
pub mod validation;
