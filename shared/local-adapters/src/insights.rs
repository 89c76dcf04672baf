//! Insights offline: every version of a patient's health score and risk assessment in the
//! embedded database, key `<patient> ␟ <kind> ␟ <version, 10 digits>`, so one patient's versions of
//! one kind are one ordered range and the latest is its last key.

use async_trait::async_trait;

use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::insights::{InsightKind, InsightStore, InsightVersion};

use crate::store::{INSIGHTS, LocalStore, internal, to_json, txn_get};

fn key(patient_id: &PatientId, kind: InsightKind, version: u64) -> String {
    format!("{patient_id}\u{1f}{}\u{1f}{version:010}", kind.as_str())
}

#[derive(Debug, Clone)]
pub struct LocalInsightStore {
    store: LocalStore,
}

impl LocalInsightStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl InsightStore for LocalInsightStore {
    async fn put(&self, version: &InsightVersion) -> Result<(), PortError> {
        let id = key(&version.patient_id, version.kind, version.version);
        let bytes = to_json(version)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(INSIGHTS).map_err(internal)?;
                if txn_get::<InsightVersion>(&table, &id)?.is_some() {
                    return Err(PortError::Conflict("this insight version exists".into()));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn latest(&self, patient_id: &PatientId, kind: InsightKind) -> Result<Option<InsightVersion>, PortError> {
        let versions = self.store.scan_json::<InsightVersion>(INSIGHTS, format!("{patient_id}\u{1f}{}\u{1f}", kind.as_str())).await?;
        Ok(versions.into_iter().next_back().map(|(_, v)| v))
    }

    async fn get(&self, patient_id: &PatientId, kind: InsightKind, version: u64) -> Result<Option<InsightVersion>, PortError> {
        self.store.get_json(INSIGHTS, key(patient_id, kind, version)).await
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> Result<usize, PortError> {
        let keys: Vec<String> = self.store.scan_json::<serde_json::Value>(INSIGHTS, format!("{patient_id}\u{1f}")).await?.into_iter().map(|(k, _)| k).collect();
        let count = keys.len();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(INSIGHTS).map_err(internal)?;
                for k in &keys {
                    table.remove(k.as_str()).map_err(internal)?;
                }
                Ok(())
            })
            .await?;
        Ok(count)
    }
}
