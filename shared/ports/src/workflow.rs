//! Starts the pre-auth analysis state machine (Step Functions on AWS, the local runtime's ASL
//! interpreter offline). Executions are always named, so a retried start is recognisable.

use async_trait::async_trait;
use serde_json::Value;

use crate::error::PortResult;

#[async_trait]
pub trait Workflow: Send + Sync {
    /// Starts an execution named `execution_name` with `input`; returns its id (ARN on AWS).
    /// Starting a running execution again with the same input returns its id; a name already
    /// used otherwise is a `Conflict` (callers may read it as "already started"). A name Step
    /// Functions would refuse (1–80 letters, digits, `-`, `_`) is `Rejected` before any call.
    async fn start(&self, execution_name: &str, input: &Value) -> PortResult<String>;
}
