//! The pre-auth analyzer: judges each policy criterion against the patient's note passages.
//! Bedrock Converse on AWS, the deterministic evidence matcher offline.

use async_trait::async_trait;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest};

use crate::error::PortResult;

#[async_trait]
pub trait Analyzer: Send + Sync {
    /// `InvalidOutput` when a model's answer fails the schema (the workflow retries once),
    /// `Unavailable` for throttling and timeouts.
    async fn analyze(&self, request: &AnalysisRequest) -> PortResult<Analysis>;
}
