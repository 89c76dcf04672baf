//! The embedded database. One redb file (`mediclear.redb`) in the data directory holds every
//! table; values are JSON so a developer can reason about them like DynamoDB items.
//!
//! redb calls block. Reads run on tokio's blocking pool: they take a snapshot and never wait for
//! one another. Writes go to the database's own writer thread, one transaction at a time as redb
//! requires, and are committed in groups: while other writes are waiting, a transaction commits
//! without flushing, and the group's last transaction (or an empty one, if the last failed)
//! flushes them all to disk at once. A caller's write returns only after its group is on disk, so
//! an acknowledged write survives a crash, and one write's failure or panic undoes that write
//! alone. A waiting write holds no thread: before, every waiting write held one of the blocking
//! pool's threads while it queued for redb's single writer, so queued writes could take every
//! thread and keep reads waiting.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition};
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
    writer: Arc<Writer>,
}

/// The most transactions one flush covers: a write waits for at most this many others.
const GROUP: usize = 32;

/// A write queued for the writer thread: it runs its transaction with the durability it is given
/// and says what to tell its caller once the group's flush is known.
type QueuedWrite = Box<dyn FnOnce(&Database, Durability) -> Written + Send>;

/// A transaction the writer thread ran.
struct Written {
    /// Whether it committed (a failed or refused transaction was rolled back).
    committed: bool,
    /// Tells the caller its result, given whether the group reached the disk.
    reply: Box<dyn FnOnce(Result<(), PortError>) + Send>,
}

/// The writer thread and its queue. The thread stops, and lets go of the database, when the last
/// `LocalStore` clone is dropped.
struct Writer {
    queue: Option<mpsc::Sender<QueuedWrite>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    fn start(db: Arc<Database>) -> std::io::Result<Self> {
        let (queue, waiting) = mpsc::channel();
        let thread = std::thread::Builder::new().name("mediclear-db-writer".into()).spawn(move || serve_writes(&db, &waiting))?;
        Ok(Self { queue: Some(queue), thread: Some(thread) })
    }

    fn submit(&self, write: QueuedWrite) -> Result<(), PortError> {
        self.queue.as_ref().and_then(|q| q.send(write).ok()).ok_or_else(|| internal("the writer has stopped"))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue ends the thread once the writes already queued are done; waiting for
        // it means the database file is free when the store is gone (a restart reopens it).
        self.queue = None;
        if let Some(thread) = self.thread.take() {
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

/// The writer thread: takes the waiting writes in groups of at most [`GROUP`], commits all but the
/// group's last without a flush, and answers every caller once the group is on disk.
fn serve_writes(db: &Database, waiting: &mpsc::Receiver<QueuedWrite>) {
    while let Ok(first) = waiting.recv() {
        let mut replies = Vec::new();
        let mut unflushed = false;
        let mut next = Some(first);
        while let Some(write) = next.take() {
            next = if replies.len() + 1 < GROUP { waiting.try_recv().ok() } else { None };
            let durability = if next.is_some() { Durability::None } else { Durability::Immediate };
            // A panicking write drops its reply, so its caller alone gets an error.
            if let Ok(written) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(db, durability))) {
                if written.committed {
                    unflushed = next.is_some();
                }
                replies.push(written.reply);
            }
        }
        let flushed = if unflushed { flush(db) } else { Ok(()) };
        for reply in replies {
            reply(flushed.clone());
        }
    }
}

/// Commits an empty durable transaction, which puts every earlier unflushed commit on disk.
fn flush(db: &Database) -> Result<(), PortError> {
    transact(db, Durability::Immediate, |_| Ok(()))
}

/// One write transaction: `f`'s changes committed with `durability` if it returns `Ok`, rolled
/// back otherwise.
fn transact<T>(db: &Database, durability: Durability, f: impl FnOnce(&redb::WriteTransaction) -> Result<T, PortError>) -> Result<T, PortError> {
    let mut txn = db.begin_write().map_err(internal)?;
    txn.set_durability(durability).map_err(internal)?;
    let out = f(&txn)?;
    txn.commit().map_err(internal)?;
    Ok(out)
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
        let db = Arc::new(Database::create(&path).map_err(|e| OpenError::Database(path.clone(), e))?);
        create_tables(&db).map_err(|e| OpenError::Tables(e.to_string()))?;
        let writer = Writer::start(db.clone()).map_err(|e| OpenError::Directory(dir.to_path_buf(), e))?;
        Ok(Self { db, dir: dir.to_path_buf(), changed: Arc::new(Notify::new()), writer: Arc::new(writer) })
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Notified after every committed write.
    pub fn changed(&self) -> Arc<Notify> {
        self.changed.clone()
    }

    /// Runs `f` with a write transaction on the writer thread and commits if it returns `Ok`;
    /// returns once the commit is on disk.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, PortError>
    where
        T: Send + 'static,
        F: FnOnce(&redb::WriteTransaction) -> Result<T, PortError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.writer.submit(Box::new(move |db, durability| {
            let out = transact(db, durability, f);
            Written {
                committed: out.is_ok(),
                reply: Box::new(move |flushed| {
                    let _ = answer.send(out.and_then(|value| flushed.map(|()| value)));
                }),
            }
        }))?;
        let out = answered.await.map_err(|_| internal("the write failed unexpectedly"))??;
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

    /// The items under `prefix` that `choose` picks, read whole in the order it gives them. Each
    /// item is first read as `L`, the few fields a listing filters and sorts by (serde passes over
    /// the rest without building it), so a listing that keeps one page of many items builds only
    /// the page's: a case list used to build every case in the store, analyses and all.
    pub(crate) async fn scan_chosen<L, T, F>(&self, table: JsonTable, prefix: String, choose: F) -> Result<Vec<T>, PortError>
    where
        L: DeserializeOwned,
        T: DeserializeOwned + Send + 'static,
        F: FnOnce(Vec<(String, L)>) -> Vec<String> + Send + 'static,
    {
        self.read(move |txn| {
            let t = txn.open_table(table).map_err(internal)?;
            let heads = txn_scan::<L>(&t, &prefix)?;
            let mut chosen = Vec::new();
            for key in choose(heads) {
                chosen.extend(txn_get::<T>(&t, &key)?);
            }
            Ok(chosen)
        })
        .await
    }

    /// Every JSON item whose key starts with `prefix`, in key order.
    pub(crate) async fn scan_json<T: DeserializeOwned + Send + 'static>(&self, table: JsonTable, prefix: String) -> Result<Vec<(String, T)>, PortError> {
        self.read(move |txn| txn_scan(&txn.open_table(table).map_err(internal)?, &prefix)).await
    }
}

fn create_tables(db: &Database) -> Result<(), PortError> {
    let txn = db.begin_write().map_err(internal)?;
    for table in [CASES, AUDIT, BLOBS, CHUNKS, DOCUMENTS, PROCEDURES, JOBS, CONNECTIONS, SUBSCRIPTIONS, DELIVERIES, USERS, EXECUTIONS, IDEMPOTENCY, PATIENTS, CARE_TEAM, DOCTORS, HEALTH_DOCUMENTS, REFRESHES, QUEUE_DEDUPLICATION, REPORT_CONNECTIONS, REPORTS, INSIGHTS, CONVERSATIONS] {
        txn.open_table(table).map_err(internal)?;
    }
    crate::outbox::create_tables(&txn)?;
    txn.commit().map_err(internal)
}

/// Reads every JSON item whose key starts with `prefix`, in key order, inside a transaction.
fn txn_scan<T: DeserializeOwned>(table: &impl ReadableTable<&'static str, &'static [u8]>, prefix: &str) -> Result<Vec<(String, T)>, PortError> {
    let end = prefix_end(prefix);
    let mut out = Vec::new();
    for entry in table.range(prefix..end.as_str()).map_err(internal)? {
        let (k, v) = entry.map_err(internal)?;
        out.push((k.value().to_string(), from_json(v.value())?));
    }
    Ok(out)
}

/// Reads one JSON item inside a transaction.
pub(crate) fn txn_get<T: DeserializeOwned>(table: &impl ReadableTable<&'static str, &'static [u8]>, k: &str) -> Result<Option<T>, PortError> {
    table.get(k).map_err(internal)?.map(|v| from_json(v.value())).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(store: &LocalStore, k: &str) -> Option<String> {
        let txn = store.db.begin_read().unwrap();
        let t = txn.open_table(CASES).unwrap();
        t.get(k).unwrap().map(|v| String::from_utf8(v.value().to_vec()).unwrap())
    }

    async fn put(store: &LocalStore, k: &str) -> Result<(), PortError> {
        let k = k.to_string();
        store
            .write(move |txn| {
                txn.open_table(CASES).map_err(internal)?.insert(k.as_str(), k.as_bytes()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    /// Holds the writer thread until the returned sender is dropped, so the writes submitted
    /// meanwhile wait together.
    fn hold_the_writer(store: &LocalStore) -> (mpsc::Sender<()>, tokio::task::JoinHandle<Result<(), PortError>>) {
        let (release, held) = mpsc::channel::<()>();
        let store = store.clone();
        let holding = tokio::spawn(async move {
            store
                .write(move |_| {
                    let _ = held.recv();
                    Ok(())
                })
                .await
        });
        (release, holding)
    }

    #[tokio::test]
    async fn every_acknowledged_write_is_on_disk_when_the_store_is_reopened() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let keys: Vec<String> = (0..300).map(|i| format!("case-{i}")).collect();
        let writes: Vec<_> = keys.iter().map(|k| tokio::spawn({
            let (store, k) = (store.clone(), k.clone());
            async move { put(&store, &k).await }
        })).collect();
        for w in writes {
            w.await.unwrap().unwrap();
        }
        drop(store);
        // Dropping the last handle stopped the writer and let go of the file: it opens at once.
        let reopened = LocalStore::open(dir.path()).unwrap();
        for k in &keys {
            assert_eq!(value(&reopened, k).as_deref(), Some(k.as_str()));
        }
    }

    #[tokio::test]
    async fn a_failing_or_panicking_write_undoes_itself_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let (release, holding) = hold_the_writer(&store);
        tokio::task::yield_now().await;
        let spawn = |f: Box<dyn FnOnce(&redb::WriteTransaction) -> Result<(), PortError> + Send>| {
            let store = store.clone();
            tokio::spawn(async move { store.write(f).await })
        };
        let insert = |txn: &redb::WriteTransaction, k: &str| txn.open_table(CASES).map_err(internal)?.insert(k, k.as_bytes()).map(|_| ()).map_err(internal);
        let before = spawn(Box::new(move |txn| insert(txn, "before")));
        let refused = spawn(Box::new(move |txn| {
            insert(txn, "refused")?;
            Err(PortError::Conflict("the case changed".into()))
        }));
        let panicking = spawn(Box::new(move |txn| {
            insert(txn, "panicking")?;
            panic!("a bug in one write");
        }));
        let after = spawn(Box::new(move |txn| insert(txn, "after")));
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        drop(release);
        holding.await.unwrap().unwrap();
        assert_eq!(before.await.unwrap(), Ok(()));
        assert_eq!(refused.await.unwrap(), Err(PortError::Conflict("the case changed".into())));
        assert!(matches!(panicking.await.unwrap(), Err(PortError::Internal(_))));
        assert_eq!(after.await.unwrap(), Ok(()));
        drop(store);
        let reopened = LocalStore::open(dir.path()).unwrap();
        assert_eq!(value(&reopened, "before").as_deref(), Some("before"));
        assert_eq!(value(&reopened, "after").as_deref(), Some("after"));
        assert_eq!(value(&reopened, "refused"), None);
        assert_eq!(value(&reopened, "panicking"), None);
        // The writer goes on after a panic.
        put(&reopened, "later").await.unwrap();
        assert_eq!(value(&reopened, "later").as_deref(), Some("later"));
    }

    #[test]
    fn reads_are_answered_while_writes_wait() {
        // Two blocking threads: before the writer thread, one write in progress and one waiting
        // for redb's write lock held both, and the read below waited for them.
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).max_blocking_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let store = LocalStore::open(dir.path()).unwrap();
            put(&store, "existing").await.unwrap();
            let (release, holding) = hold_the_writer(&store);
            let waiting: Vec<_> = ["one", "two", "three", "four"].into_iter().map(|k| tokio::spawn({
                let store = store.clone();
                async move { put(&store, k).await }
            })).collect();
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let read = store.read(|txn| Ok(txn_get::<serde_json::Value>(&txn.open_table(CASES).map_err(internal)?, "missing")?.is_none()));
            let read = tokio::time::timeout(std::time::Duration::from_secs(10), read).await;
            assert_eq!(read, Ok(Ok(true)), "a read waited for queued writes");
            drop(release);
            holding.await.unwrap().unwrap();
            for w in waiting {
                w.await.unwrap().unwrap();
            }
        });
    }
}
