//! The embedded database. One redb file (`mediclear.redb`) in the data directory holds every
//! table; values are JSON so a developer can reason about them like DynamoDB items. redb calls
//! block (a commit fsyncs), so every access runs on tokio's blocking pool.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use tokio::sync::Notify;
use serde::Serialize;
use serde::de::DeserializeOwned;

use mediclear_ports::PortError;

pub(crate) type JsonTable = TableDefinition<'static, &'static str, &'static [u8]>;

pub(crate) const CASES: JsonTable = TableDefinition::new("cases");
pub(crate) const AUDIT: JsonTable = TableDefinition::new("audit");
pub(crate) const BLOBS: JsonTable = TableDefinition::new("blob_meta");
pub(crate) const CHUNKS: JsonTable = TableDefinition::new("index_chunks");
pub(crate) const DOCUMENTS: JsonTable = TableDefinition::new("index_documents");
pub(crate) const PROCEDURES: JsonTable = TableDefinition::new("index_procedures");
pub(crate) const JOBS: JsonTable = TableDefinition::new("jobs");
pub(crate) const CONNECTIONS: JsonTable = TableDefinition::new("connections");
pub(crate) const SUBSCRIPTIONS: JsonTable = TableDefinition::new("subscriptions");
pub(crate) const DELIVERIES: JsonTable = TableDefinition::new("deliveries");
pub(crate) const USERS: JsonTable = TableDefinition::new("users");
pub(crate) const EXECUTIONS: JsonTable = TableDefinition::new("executions");
pub(crate) const IDEMPOTENCY: JsonTable = TableDefinition::new("idempotency");
pub(crate) const PATIENTS: JsonTable = TableDefinition::new("patients");
pub(crate) const CARE_TEAM: JsonTable = TableDefinition::new("care_team");
pub(crate) const DOCTORS: JsonTable = TableDefinition::new("doctors");
pub(crate) const HEALTH_DOCUMENTS: JsonTable = TableDefinition::new("health_documents");
pub(crate) const REFRESHES: JsonTable = TableDefinition::new("refreshes");
pub(crate) const REPORT_CONNECTIONS: JsonTable = TableDefinition::new("report_connections");
pub(crate) const REPORTS: JsonTable = TableDefinition::new("reports");
pub(crate) const INSIGHTS: JsonTable = TableDefinition::new("insights");
pub(crate) const CONVERSATIONS: JsonTable = TableDefinition::new("conversations");
/// Deduplication ids of queued messages (FIFO queues drop a repeat).
pub(crate) const QUEUE_DEDUPLICATION: JsonTable = TableDefinition::new("queue_deduplication");

/// The data directory's database and blob directory.
#[derive(Clone)]
pub struct LocalStore {
    pub(crate) db: Arc<Database>,
    pub(crate) dir: PathBuf,
    /// Woken after every committed write, so outbox consumers need not poll.
    changed: Arc<Notify>,
}

impl std::fmt::Debug for LocalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStore").field("dir", &self.dir).finish()
    }
}

/// Why the data directory could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the data directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
    #[error("cannot open the database in {0}: {1} (is another mediclear-local using this data directory?)")]
    Database(PathBuf, redb::DatabaseError),
    #[error("cannot prepare the database: {0}")]
    Tables(String),
}

impl OpenError {
    /// Another open `Database` (in this process or another) holds the file.
    pub fn is_locked(&self) -> bool {
        matches!(self, OpenError::Database(_, redb::DatabaseError::DatabaseAlreadyOpen))
    }
}

pub(crate) fn internal(e: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("local store: {e}"))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, PortError> {
    serde_json::to_vec(value).map_err(internal)
}

pub(crate) fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PortError> {
    serde_json::from_slice(bytes).map_err(internal)
}

/// The end of a prefix range: the prefix with its last byte incremented. Keys here are ASCII
/// with `\u{1f}` separators, so appending `\u{7f}` bounds every key under the prefix.
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{7f}")
}

/// Joins key parts with the unit separator, which never occurs in ids.
pub(crate) fn key(parts: &[&str]) -> String {
    parts.join("\u{1f}")
}

impl LocalStore {
    /// Opens (creating if needed) the data directory and its database.
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        std::fs::create_dir_all(dir.join("blobs")).map_err(|e| OpenError::Directory(dir.to_path_buf(), e))?;
        let path = dir.join("mediclear.redb");
        let db = Database::create(&path).map_err(|e| OpenError::Database(path.clone(), e))?;
        let store = Self { db: Arc::new(db), dir: dir.to_path_buf(), changed: Arc::new(Notify::new()) };
        store.create_tables().map_err(|e| OpenError::Tables(e.to_string()))?;
        Ok(store)
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Notified after every committed write.
    pub fn changed(&self) -> Arc<Notify> {
        self.changed.clone()
    }

    fn create_tables(&self) -> Result<(), PortError> {
        let txn = self.db.begin_write().map_err(internal)?;
        for table in [CASES, AUDIT, BLOBS, CHUNKS, DOCUMENTS, PROCEDURES, JOBS, CONNECTIONS, SUBSCRIPTIONS, DELIVERIES, USERS, EXECUTIONS, IDEMPOTENCY, PATIENTS, CARE_TEAM, DOCTORS, HEALTH_DOCUMENTS, REFRESHES, QUEUE_DEDUPLICATION, REPORT_CONNECTIONS, REPORTS, INSIGHTS, CONVERSATIONS] {
            txn.open_table(table).map_err(internal)?;
        }
        crate::outbox::create_tables(&txn)?;
        txn.commit().map_err(internal)
    }

    /// Runs `f` with a write transaction on the blocking pool and commits if it returns `Ok`.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, PortError>
    where
        T: Send + 'static,
        F: FnOnce(&redb::WriteTransaction) -> Result<T, PortError> + Send + 'static,
    {
        let db = self.db.clone();
        let out = tokio::task::spawn_blocking(move || {
            let txn = db.begin_write().map_err(internal)?;
            let out = f(&txn)?;
            txn.commit().map_err(internal)?;
            Ok(out)
        })
        .await
        .map_err(internal)??;
        self.changed.notify_waiters();
        Ok(out)
    }

    /// Runs `f` with a read transaction on the blocking pool.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, PortError>
    where
        T: Send + 'static,
        F: FnOnce(&redb::ReadTransaction) -> Result<T, PortError> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_read().map_err(internal)?;
            f(&txn)
        })
        .await
        .map_err(internal)?
    }

    /// One JSON item.
    pub(crate) async fn get_json<T: DeserializeOwned + Send + 'static>(&self, table: JsonTable, k: String) -> Result<Option<T>, PortError> {
        self.read(move |txn| {
            let t = txn.open_table(table).map_err(internal)?;
            t.get(k.as_str()).map_err(internal)?.map(|v| from_json(v.value())).transpose()
        })
        .await
    }

    /// Every JSON item whose key starts with `prefix`, in key order.
    pub(crate) async fn scan_json<T: DeserializeOwned + Send + 'static>(&self, table: JsonTable, prefix: String) -> Result<Vec<(String, T)>, PortError> {
        self.read(move |txn| {
            let t = txn.open_table(table).map_err(internal)?;
            let end = prefix_end(&prefix);
            let mut out = Vec::new();
            for entry in t.range(prefix.as_str()..end.as_str()).map_err(internal)? {
                let (k, v) = entry.map_err(internal)?;
                out.push((k.value().to_string(), from_json(v.value())?));
            }
            Ok(out)
        })
        .await
    }
}

/// Reads one JSON item inside a transaction.
pub(crate) fn txn_get<T: DeserializeOwned>(table: &impl ReadableTable<&'static str, &'static [u8]>, k: &str) -> Result<Option<T>, PortError> {
    table.get(k).map_err(internal)?.map(|v| from_json(v.value())).transpose()
}
