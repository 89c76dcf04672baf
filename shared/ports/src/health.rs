//! Readiness: can this deployment reach the tables and buckets it needs?

use async_trait::async_trait;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComponentStatus {
    pub component: String,
    pub ready: bool,
    /// A technical reason when not ready (never data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[async_trait]
pub trait ReadinessProbe: Send + Sync {
    async fn check(&self) -> Vec<ComponentStatus>;
}
