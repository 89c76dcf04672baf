//! Durable, ordered event logs: what DynamoDB Streams and S3 event notifications are on AWS.
//!
//! A writer appends an entry in the same transaction as the change it describes; the runtime
//! reads entries after its checkpoint, hands them to the subscribed function and advances the
//! checkpoint once they are handled. Entries are kept for a day after they are consumed (as a
//! DynamoDB stream keeps records 24 hours), so a consumer that fails mid-way sees them again.

use chrono::{DateTime, Duration, Utc};
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use mediclear_ports::PortError;

use crate::store::{LocalStore, from_json, internal, to_json};

type LogTable = TableDefinition<'static, u64, &'static [u8]>;
const CASE_STREAM: LogTable = TableDefinition::new("outbox_case_stream");
const S3_EVENTS: LogTable = TableDefinition::new("outbox_s3_events");
const QUEUE: LogTable = TableDefinition::new("outbox_queue");
const CHECKPOINTS: TableDefinition<'static, &'static str, u64> = TableDefinition::new("outbox_checkpoints");

/// Which log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    /// Changes to the cases table (DynamoDB stream records, NEW_AND_OLD_IMAGES).
    CaseStream,
    /// Objects created in the blob store (S3 `ObjectCreated:Put`).
    S3Events,
    /// Messages sent to the template's queues (SQS), in the order they were sent.
    Queue,
}

impl Log {
    fn table(self) -> LogTable {
        match self {
            Log::CaseStream => CASE_STREAM,
            Log::S3Events => S3_EVENTS,
            Log::Queue => QUEUE,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Log::CaseStream => "case_stream",
            Log::S3Events => "s3_events",
            Log::Queue => "queue",
        }
    }
}

/// A change to a case: the old and new item as JSON (`None` for insert / delete).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseChange {
    pub case_id: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub at: DateTime<Utc>,
}

/// An object put into the blob store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectCreated {
    pub key: String,
    pub size: u64,
    pub etag: String,
    pub at: DateTime<Utc>,
}

/// A message sent to a queue of the template (by its logical id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedMessage {
    pub queue: String,
    /// FIFO message group (a patient): messages of a group are delivered in order.
    pub group: String,
    /// FIFO deduplication id: a second message with it is dropped.
    pub deduplication_id: String,
    pub body: Value,
    pub at: DateTime<Utc>,
}

/// An entry read from a log.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    pub sequence: u64,
    pub body: T,
}

pub(crate) fn create_tables(txn: &WriteTransaction) -> Result<(), PortError> {
    txn.open_table(CASE_STREAM).map_err(internal)?;
    txn.open_table(S3_EVENTS).map_err(internal)?;
    txn.open_table(QUEUE).map_err(internal)?;
    txn.open_table(CHECKPOINTS).map_err(internal)?;
    Ok(())
}

/// Appends to a log inside the caller's transaction; returns the entry's sequence number.
pub(crate) fn append<T: Serialize>(txn: &WriteTransaction, log: Log, body: &T) -> Result<u64, PortError> {
    let mut table = txn.open_table(log.table()).map_err(internal)?;
    let next = table.last().map_err(internal)?.map_or(1, |(k, _)| k.value() + 1);
    table.insert(next, to_json(body)?.as_slice()).map_err(internal)?;
    Ok(next)
}

impl LocalStore {
    /// Up to `max` entries after the log's checkpoint.
    pub async fn pending<T: for<'de> Deserialize<'de> + Send + 'static>(&self, log: Log, max: usize) -> Result<Vec<Entry<T>>, PortError> {
        self.read(move |txn| {
            let checkpoint = txn.open_table(CHECKPOINTS).map_err(internal)?.get(log.name()).map_err(internal)?.map_or(0, |v| v.value());
            let table = txn.open_table(log.table()).map_err(internal)?;
            let mut out = Vec::new();
            for entry in table.range(checkpoint + 1..).map_err(internal)?.take(max) {
                let (k, v) = entry.map_err(internal)?;
                out.push(Entry { sequence: k.value(), body: from_json(v.value())? });
            }
            Ok(out)
        })
        .await
    }

    /// Marks every entry up to `sequence` handled, and forgets handled entries older than a day.
    ///
    /// Entries are appended in time order (one writer, each stamped as it commits), so the ones a
    /// day old are the log's first entries: forgetting reads from the start and stops at the first
    /// younger one, and reads only each entry's stamp. A day's handled entries are not read again
    /// on every advance (that was every case change's images parsed whole, once per event handled:
    /// quadratic in a day's traffic). A clock stepped back only delays forgetting.
    pub async fn advance(&self, log: Log, sequence: u64) -> Result<(), PortError> {
        self.write(move |txn| {
            let mut checkpoints = txn.open_table(CHECKPOINTS).map_err(internal)?;
            let current = checkpoints.get(log.name()).map_err(internal)?.map_or(0, |v| v.value());
            if sequence > current {
                checkpoints.insert(log.name(), sequence).map_err(internal)?;
            }
            let mut table = txn.open_table(log.table()).map_err(internal)?;
            let horizon = Utc::now() - Duration::hours(24);
            let mut expired = Vec::new();
            for entry in table.range(..=sequence).map_err(internal)? {
                let (k, v) = entry.map_err(internal)?;
                match serde_json::from_slice::<Stamp>(v.value()) {
                    Ok(stamp) if stamp.at > horizon => break,
                    Ok(_) => expired.push(k.value()),
                    // Unreadable: kept, as it always was.
                    Err(_) => {}
                }
            }
            for k in expired {
                table.remove(k).map_err(internal)?;
            }
            Ok(())
        })
        .await
    }
}

/// Every entry's time stamp, read without the rest of the entry.
#[derive(Deserialize)]
struct Stamp {
    at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(case_id: &str, hours_ago: i64) -> CaseChange {
        CaseChange { case_id: case_id.into(), old: None, new: Some(serde_json::json!({"status": "PENDING"})), at: Utc::now() - Duration::hours(hours_ago) }
    }

    async fn log(store: &LocalStore, changes: Vec<CaseChange>) {
        store
            .write(move |txn| {
                for c in &changes {
                    append(txn, Log::CaseStream, c)?;
                }
                Ok(())
            })
            .await
            .unwrap();
    }

    async fn left(store: &LocalStore) -> Vec<String> {
        let read = store.read(|txn| {
            let table = txn.open_table(CASE_STREAM).map_err(internal)?;
            let mut ids = Vec::new();
            for entry in table.iter().map_err(internal)? {
                let (_, v) = entry.map_err(internal)?;
                ids.push(from_json::<CaseChange>(v.value())?.case_id);
            }
            Ok(ids)
        });
        read.await.unwrap()
    }

    #[tokio::test]
    async fn handled_entries_a_day_old_are_forgotten_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        log(&store, vec![change("old-1", 30), change("old-2", 25), change("handled-today", 2), change("stepped-back-unhandled", 26), change("new", 0)]).await;
        // Handled up to the third: the day-old ones among them go, today's stays.
        store.advance(Log::CaseStream, 3).await.unwrap();
        assert_eq!(left(&store).await, ["handled-today", "stepped-back-unhandled", "new"]);
        // Everything handled: the day-old fourth is not forgotten while a younger entry precedes it
        // (forgetting stops at the first young one), and never before it is handled.
        store.advance(Log::CaseStream, 5).await.unwrap();
        assert_eq!(left(&store).await, ["handled-today", "stepped-back-unhandled", "new"]);
        let pending: Vec<Entry<CaseChange>> = store.pending(Log::CaseStream, 10).await.unwrap();
        assert!(pending.is_empty(), "the checkpoint moved past every handled entry");
    }
}
