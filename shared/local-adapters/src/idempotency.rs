//! First answers under their idempotency keys, in the same database as the records they answer
//! for: [`claim`] runs inside the transaction that writes the record, so the two commit together.
//! Expired answers are treated as absent and are overwritten by the next claim of their key.

use async_trait::async_trait;
use chrono::Utc;
use redb::WriteTransaction;

use mediclear_ports::PortError;
use mediclear_ports::idempotency::{IdempotencyRecord, IdempotencyStore, KEY_TAKEN};

use crate::store::{IDEMPOTENCY, LocalStore, internal, to_json, txn_get};

/// Writes `answer` inside `txn`, or `Conflict(KEY_TAKEN)` if its key has a live answer.
pub(crate) fn claim(txn: &WriteTransaction, answer: &IdempotencyRecord) -> Result<(), PortError> {
    let mut table = txn.open_table(IDEMPOTENCY).map_err(internal)?;
    if let Some(existing) = txn_get::<IdempotencyRecord>(&table, &answer.key)?
        && existing.is_live(Utc::now())
    {
        return Err(PortError::Conflict(KEY_TAKEN.into()));
    }
    table.insert(answer.key.as_str(), to_json(answer)?.as_slice()).map_err(internal)?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct LocalIdempotencyStore {
    store: LocalStore,
}

impl LocalIdempotencyStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl IdempotencyStore for LocalIdempotencyStore {
    async fn find(&self, key: &str) -> Result<Option<IdempotencyRecord>, PortError> {
        let found: Option<IdempotencyRecord> = self.store.get_json(IDEMPOTENCY, key.to_string()).await?;
        Ok(found.filter(|record| record.is_live(Utc::now())))
    }

    async fn save(&self, record: &IdempotencyRecord) -> Result<(), PortError> {
        let record = record.clone();
        self.store.write(move |txn| claim(txn, &record)).await
    }

    async fn replace(&self, record: &IdempotencyRecord) -> Result<(), PortError> {
        let key = record.key.clone();
        let bytes = to_json(record)?;
        self.store
            .write(move |txn| {
                txn.open_table(IDEMPOTENCY).map_err(internal)?.insert(key.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn forget(&self, key: &str) -> Result<(), PortError> {
        let key = key.to_string();
        self.store
            .write(move |txn| {
                txn.open_table(IDEMPOTENCY).map_err(internal)?.remove(key.as_str()).map_err(internal)?;
                Ok(())
            })
            .await
    }
}
