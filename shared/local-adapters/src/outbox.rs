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
    pub async fn advance(&self, log: Log, sequence: u64) -> Result<(), PortError> {
        self.write(move |txn| {
            let mut checkpoints = txn.open_table(CHECKPOINTS).map_err(internal)?;
            let current = checkpoints.get(log.name()).map_err(internal)?.map_or(0, |v| v.value());
            if sequence > current {
                checkpoints.insert(log.name(), sequence).map_err(internal)?;
            }
            let mut table = txn.open_table(log.table()).map_err(internal)?;
            let horizon = Utc::now() - Duration::hours(24);
            table
                .retain_in(..=sequence, |_, v| {
                    serde_json::from_slice::<Value>(v)
                        .ok()
                        .and_then(|j| j.get("at").and_then(Value::as_str).and_then(|s| s.parse::<DateTime<Utc>>().ok()))
                        .is_none_or(|at| at > horizon)
                })
                .map_err(internal)?;
            Ok(())
        })
        .await
    }
}
