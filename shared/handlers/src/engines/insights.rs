//! The insights step a refresh ends with. The health score and the breast-cancer risk
//! assessment are "Health insights II"; until they exist, [`InsightsNotYetAvailable`] is the
//! seam they plug into: it recomputes nothing and says so on the refresh's record.

use async_trait::async_trait;

use mediclear_domain::ids::PatientId;
use mediclear_ports::error::PortResult;
use mediclear_ports::refreshes::{Insights, InsightsOutcome};

/// Recomputes nothing, and says so.
#[derive(Debug, Clone, Copy, Default)]
pub struct InsightsNotYetAvailable;

#[async_trait]
impl Insights for InsightsNotYetAvailable {
    async fn recompute(&self, _patient_id: &PatientId, _refresh_version: u64) -> PortResult<InsightsOutcome> {
        Ok(InsightsOutcome("not computed: the health score and risk assessment are not available yet".into()))
    }
}
