//! In-process engines for the AI ports. The offline runtime always uses them; a deployment can
//! choose them by configuration (`ANALYZER=offline`, or no knowledge-base ids → own index).
//!
//! - [`OfflineAnalyzer`] — the deterministic evidence matcher (`mediclear_domain::preauth::evidence`).
//! - [`HashingEmbedder`] — the feature-hashing embedder (`mediclear_domain::knowledge::embedding`).
//! - [`OwnIndexRetriever`] — retrieval from MediClear's own index with hybrid ranking.
//! - [`TextCredentialReader`] — a doctor's credentials from their documents' text (text layer or
//!   OCR) and the field parser (`mediclear_domain::health::credentials`).
//! - [`ComputedInsights`] — a patient's risk assessment and health score, recomputed from the
//!   stored record by the domain's rules and versioned.
//! - [`OfflinePlanner`] — report requests in English to one query, from the stored schema
//!   (`mediclear_domain::reports::{request, planner}`).
//! - [`ExtractiveChat`] — chat answers offline: the best-supported sentences of the retrieved
//!   passages, rephrased for the reader (`mediclear_domain::health::chat`).
//! - [`ComputedSummary`] — a report's summary offline: the one computed from its rows.

mod analyzer;
mod chat;
mod credentials;
mod embedder;
mod insights;
mod planner;
mod retriever;
mod summarizer;

pub use analyzer::OfflineAnalyzer;
pub use chat::{EXTRACTIVE_ENGINE, ExtractiveChat, ReadAheadEmbedder};
pub use credentials::TextCredentialReader;
pub use embedder::HashingEmbedder;
pub use insights::{ComputedInsights, LoadedRecord, PatientRecords};
pub use planner::OfflinePlanner;
pub use retriever::OwnIndexRetriever;
pub use summarizer::{COMPUTED_BY, ComputedSummary};
