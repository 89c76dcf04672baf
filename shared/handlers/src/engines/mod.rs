//! In-process engines for the AI ports. The offline runtime always uses them; a deployment can
//! choose them by configuration (`ANALYZER=offline`, or no knowledge-base ids → own index).
//!
//! - [`OfflineAnalyzer`] — the deterministic evidence matcher (`mediclear_domain::preauth::evidence`).
//! - [`HashingEmbedder`] — the feature-hashing embedder (`mediclear_domain::knowledge::embedding`).
//! - [`OwnIndexRetriever`] — retrieval from MediClear's own index with hybrid ranking.
//! - [`TextCredentialReader`] — a doctor's credentials from their documents' text (text layer or
//!   OCR) and the field parser (`mediclear_domain::health::credentials`).
//! - [`InsightsNotYetAvailable`] — the seam a refresh's insights step (score, risk) plugs into.
//! - [`OfflinePlanner`] — report requests in English to one query, from the stored schema
//!   (`mediclear_domain::reports::{request, planner}`).
//! - [`ComputedSummary`] — a report's summary offline: the one computed from its rows.

mod analyzer;
mod credentials;
mod embedder;
mod insights;
mod planner;
mod retriever;
mod summarizer;

pub use analyzer::OfflineAnalyzer;
pub use credentials::TextCredentialReader;
pub use embedder::HashingEmbedder;
pub use insights::InsightsNotYetAvailable;
pub use planner::OfflinePlanner;
pub use retriever::OwnIndexRetriever;
pub use summarizer::{COMPUTED_BY, ComputedSummary};
