//! Refreshes offline: kept in the embedded database (key `<patient> ␟ <version, 10 digits>`, so a
//! patient's refreshes are one ordered range), and queued on the durable `Queue` log the local
//! runtime delivers to the template's consumer of `RefreshQueue`, in the order they were sent —
//! stricter than SQS FIFO's per-group order, and what it guarantees per patient. A message sent
//! twice with the same deduplication id is appended once, as FIFO queues drop repeats.

use async_trait::async_trait;
use chrono::Utc;
use redb::ReadableTable;

use mediclear_domain::health::refresh::Refresh;
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::refreshes::{RefreshMessage, RefreshPage, RefreshQueue, RefreshStore};

use crate::outbox::{Log, QueuedMessage, append};
use crate::page_token;
use crate::store::{LocalStore, QUEUE_DEDUPLICATION, REFRESHES, internal, to_json, txn_get};

/// The template's logical id of the refresh queue.
pub const REFRESH_QUEUE: &str = "RefreshQueue";

fn key(patient_id: &PatientId, version: u64) -> String {
    format!("{patient_id}\u{1f}{version:010}")
}

#[derive(Debug, Clone)]
pub struct LocalRefreshStore {
    store: LocalStore,
}

impl LocalRefreshStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }

    async fn all(&self, patient_id: &PatientId) -> Result<Vec<Refresh>, PortError> {
        Ok(self.store.scan_json::<Refresh>(REFRESHES, format!("{patient_id}\u{1f}")).await?.into_iter().map(|(_, r)| r).collect())
    }
}

#[async_trait]
impl RefreshStore for LocalRefreshStore {
    async fn create(&self, refresh: &Refresh) -> Result<(), PortError> {
        let id = key(&refresh.patient_id, refresh.version);
        let bytes = to_json(refresh)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REFRESHES).map_err(internal)?;
                if txn_get::<Refresh>(&table, &id)?.is_some() {
                    return Err(PortError::Conflict("this refresh version exists".into()));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn get(&self, patient_id: &PatientId, version: u64) -> Result<Option<Refresh>, PortError> {
        self.store.get_json(REFRESHES, key(patient_id, version)).await
    }

    async fn update(&self, refresh: &Refresh) -> Result<(), PortError> {
        let id = key(&refresh.patient_id, refresh.version);
        let bytes = to_json(refresh)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REFRESHES).map_err(internal)?;
                txn_get::<Refresh>(&table, &id)?.ok_or(PortError::NotFound)?;
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn list(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> Result<RefreshPage, PortError> {
        let scope = format!("refreshes:{patient_id}");
        let after = next_token.map(|t| page_token::decode(t, &scope)).transpose()?;
        let mut refreshes = self.all(patient_id).await?;
        refreshes.sort_by_key(|r| std::cmp::Reverse(r.version));
        let position = |r: &Refresh| (format!("{:010}", r.version), r.patient_id.to_string());
        if let Some(after) = after {
            refreshes.retain(|r| position(r) < after);
        }
        let limit = limit.clamp(1, 100);
        let more = refreshes.len() > limit;
        refreshes.truncate(limit);
        let next_token = if more { refreshes.last().map(|r| page_token::encode(&position(r), &scope)) } else { None };
        Ok(RefreshPage { refreshes, next_token })
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> Result<usize, PortError> {
        let keys: Vec<String> = self.all(patient_id).await?.iter().map(|r| key(&r.patient_id, r.version)).collect();
        let count = keys.len();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REFRESHES).map_err(internal)?;
                for k in &keys {
                    table.remove(k.as_str()).map_err(internal)?;
                }
                Ok(())
            })
            .await?;
        Ok(count)
    }
}

/// The refresh queue offline.
#[derive(Debug, Clone)]
pub struct LocalRefreshQueue {
    store: LocalStore,
}

impl LocalRefreshQueue {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl RefreshQueue for LocalRefreshQueue {
    async fn enqueue(&self, message: &RefreshMessage) -> Result<(), PortError> {
        let deduplication_id = format!("{}-{}", message.patient_id, message.version);
        let queued = QueuedMessage {
            queue: REFRESH_QUEUE.into(),
            group: message.patient_id.to_string(),
            deduplication_id: deduplication_id.clone(),
            body: serde_json::to_value(message).map_err(internal)?,
            at: Utc::now(),
        };
        let marker = to_json(&queued.at)?;
        self.store
            .write(move |txn| {
                let mut seen = txn.open_table(QUEUE_DEDUPLICATION).map_err(internal)?;
                if seen.get(deduplication_id.as_str()).map_err(internal)?.is_some() {
                    return Ok(());
                }
                seen.insert(deduplication_id.as_str(), marker.as_slice()).map_err(internal)?;
                drop(seen);
                append(txn, Log::Queue, &queued)?;
                Ok(())
            })
            .await
    }
}
