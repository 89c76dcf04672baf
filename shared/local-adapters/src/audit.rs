//! The append-only audit log: one entry per key `resource_id ␟ at ␟ event_id`, never updated or
//! deleted (there is no code path that does either).

use async_trait::async_trait;
use chrono::SecondsFormat;

use mediclear_domain::audit::AuditRecord;
use mediclear_ports::PortError;
use mediclear_ports::audit::{AuditLog, AuditReader};
use redb::ReadableTable;

use crate::store::{AUDIT, LocalStore, internal, key, to_json};

#[derive(Debug, Clone)]
pub struct LocalAuditLog {
    store: LocalStore,
}

impl LocalAuditLog {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl AuditLog for LocalAuditLog {
    async fn append(&self, record: &AuditRecord) -> Result<(), PortError> {
        let k = key(&[&record.resource_id, &record.at.to_rfc3339_opts(SecondsFormat::Micros, true), &record.event_id]);
        let bytes = to_json(record)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(AUDIT).map_err(internal)?;
                // Re-appending the identical entry (a retried write) is a no-op; anything else under
                // the same key would rewrite history.
                if let Some(existing) = table.get(k.as_str()).map_err(internal)? {
                    return if existing.value() == bytes.as_slice() { Ok(()) } else { Err(PortError::Conflict("audit entry exists".into())) };
                }
                table.insert(k.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl AuditReader for LocalAuditLog {
    async fn for_resource(&self, resource_id: &str) -> Result<Vec<AuditRecord>, PortError> {
        let prefix = format!("{resource_id}\u{1f}");
        Ok(self.store.scan_json(AUDIT, prefix).await?.into_iter().map(|(_, r)| r).collect())
    }
}
