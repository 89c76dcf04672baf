//! The audit trail. Append-only: there is no update or delete, and on AWS the writing functions
//! hold only `dynamodb:PutItem` on the audit table.

use async_trait::async_trait;
use mediclear_domain::audit::AuditRecord;

use crate::error::PortResult;

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends an entry. Appending the identical entry again (a retried write) succeeds and
    /// leaves one entry; a different entry under the same id is a `Conflict`.
    async fn append(&self, record: &AuditRecord) -> PortResult<()>;
}

#[async_trait]
pub trait AuditReader: Send + Sync {
    /// Every entry about one resource, oldest first.
    async fn for_resource(&self, resource_id: &str) -> PortResult<Vec<AuditRecord>>;
}
