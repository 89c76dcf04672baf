//! First answers to creating requests, kept under their `Idempotency-Key` for 24 hours (see
//! `mediclear_domain::idempotency` for the rules). The record that a request creates and its first
//! answer are written together — [`crate::cases::CaseWriter::create_once`],
//! [`crate::jobs::JobStore::create_once`] — so a crash can never leave a created record whose
//! key a retry would not find: the retry either finds the answer or creates the record itself.
//! DynamoDB conditional writes (a transaction across the two tables) on AWS; one redb
//! transaction offline.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::PortResult;

/// The reason of the `Conflict` a write returns when the key already has an answer (another
/// request with the same key got there first): read the answer and replay it.
pub const KEY_TAKEN: &str = "idempotency key already has an answer";

/// A first answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    /// The key's scoped digest (`IdempotencyKey::scoped`).
    pub key: String,
    /// The request's fingerprint; a retry must match it.
    pub fingerprint: String,
    /// HTTP status of the first answer.
    pub status: u16,
    /// Its envelope, without `metadata` (each answer gets its own request id).
    pub response: Value,
    pub created_at: DateTime<Utc>,
    /// After this the key is free again (DynamoDB TTL removes the item).
    pub expires_at: DateTime<Utc>,
}

impl IdempotencyRecord {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.expires_at > now
    }
}

#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// The live answer under `key`, if any (an expired one reads as none).
    async fn find(&self, key: &str) -> PortResult<Option<IdempotencyRecord>>;
    /// Stores a first answer on its own (for records that cannot share a transaction with it);
    /// `Conflict(KEY_TAKEN)` if the key has a live answer.
    async fn save(&self, record: &IdempotencyRecord) -> PortResult<()>;
    /// Overwrites the answer under the record's key (the answer changed after the write, e.g. a
    /// case whose analysis could not start).
    async fn replace(&self, record: &IdempotencyRecord) -> PortResult<()>;
    /// Frees a key whose request failed after its record was written, so a retry runs again.
    async fn forget(&self, key: &str) -> PortResult<()>;
}
