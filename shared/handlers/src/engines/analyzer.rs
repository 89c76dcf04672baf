//! The offline analyzer: the domain's evidence matcher behind the `Analyzer` port.

use async_trait::async_trait;
use chrono::Utc;

use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest};
use mediclear_domain::preauth::evidence;
use mediclear_ports::PortError;
use mediclear_ports::analysis::Analyzer;

#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineAnalyzer;

#[async_trait]
impl Analyzer for OfflineAnalyzer {
    async fn analyze(&self, request: &AnalysisRequest) -> Result<Analysis, PortError> {
        evidence::analyze(request, Utc::now()).map_err(|e| PortError::Rejected(e.to_string()))
    }
}
