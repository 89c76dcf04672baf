//! In-process engines for the AI ports. The offline runtime always uses them; a deployment can
//! choose them by configuration (`ANALYZER=offline`, or no knowledge-base ids → own index).
//!
//! - [`OfflineAnalyzer`] — the deterministic evidence matcher (`mediclear_domain::preauth::evidence`).
//! - [`HashingEmbedder`] — the feature-hashing embedder (`mediclear_domain::knowledge::embedding`).
//! - [`OwnIndexRetriever`] — retrieval from MediClear's own index with hybrid ranking.

mod analyzer;
mod embedder;
mod retriever;

pub use analyzer::OfflineAnalyzer;
pub use embedder::HashingEmbedder;
pub use retriever::OwnIndexRetriever;
