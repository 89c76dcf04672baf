//! Event delivery offline: the outboxes the local adapters fill, drained into the functions
//! `template.yaml` subscribes to them, with AWS's delivery semantics.
//!
//! - Case stream → the function with a `DynamoDB` event on the cases table: records in order,
//!   in batches of the template's `BatchSize`, as DynamoDB-stream events (`NewImage`/`OldImage` in
//!   DynamoDB JSON). With `ReportBatchItemFailures`, delivery resumes at the first failed record;
//!   after `MaximumRetryAttempts` a record is skipped (on AWS it would go to the on-failure queue).
//! - S3 events → each function whose `S3` event filter (prefix/suffix) matches the key, as an
//!   asynchronous invocation: retried twice, then dropped with an error log (the on-failure
//!   destination on AWS).

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::outbox::{CaseChange, Entry, Log, ObjectCreated};

use crate::registry::Registry;
use crate::template::{S3Source, StreamSource};

/// How long to wait between redeliveries of a failed record or event.
const RETRY_DELAY: Duration = Duration::from_millis(200);
/// Async invocations are retried this many times (the template's EventInvokeConfig).
const ASYNC_RETRIES: u32 = 2;

/// A case (JSON) as the DynamoDB item the AWS adapter writes, in DynamoDB JSON.
fn dynamodb_image(case: &Value) -> Value {
    let mut item = case.clone();
    if let Some(obj) = item.as_object_mut() {
        obj.insert("gsi_all".into(), Value::String("CASE".into()));
    }
    serde_dynamo::to_item::<_, serde_dynamo::Item>(item).ok().and_then(|i| serde_json::to_value(i).ok()).unwrap_or_else(|| json!({}))
}

/// One stream record, shaped as DynamoDB Streams delivers it to Lambda.
pub fn stream_record(entry: &Entry<CaseChange>, table: &str) -> Value {
    let change = &entry.body;
    let event_name = match (&change.old, &change.new) {
        (None, Some(_)) => "INSERT",
        (Some(_), Some(_)) => "MODIFY",
        _ => "REMOVE",
    };
    let mut dynamodb = json!({
        "ApproximateCreationDateTime": change.at.timestamp(),
        "Keys": {"case_id": {"S": change.case_id}},
        "SequenceNumber": format!("{:021}", entry.sequence),
        "SizeBytes": change.new.as_ref().map_or(0, |n| n.to_string().len()),
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    });
    if let Some(new) = &change.new {
        dynamodb["NewImage"] = dynamodb_image(new);
    }
    if let Some(old) = &change.old {
        dynamodb["OldImage"] = dynamodb_image(old);
    }
    json!({
        "eventID": format!("local-{}", entry.sequence),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "local",
        "dynamodb": dynamodb,
        "eventSourceARN": format!("arn:aws:dynamodb:local:000000000000:table/{table}/stream/local"),
    })
}

/// One S3 event, shaped as S3 sends it to Lambda (key URL-encoded).
pub fn s3_event(entry: &Entry<ObjectCreated>, bucket: &str) -> Value {
    let o = &entry.body;
    let encoded: String = o
        .key
        .bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect();
    json!({"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "local",
        "eventTime": o.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "local"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "mediclear-local",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "local"}, "arn": format!("arn:aws:s3:::{bucket}")},
            "object": {"key": encoded, "size": o.size, "eTag": o.etag, "sequencer": format!("{:016X}", entry.sequence)}
        }
    }]})
}

/// Waits for the next write (or a second, whichever comes first).
async fn next_change(store: &LocalStore) {
    let changed = store.changed();
    let _ = tokio::time::timeout(Duration::from_secs(1), changed.notified()).await;
}

/// Drains the case stream into its consumer until the task is aborted.
pub async fn pump_case_stream(store: LocalStore, registry: Registry, source: StreamSource) {
    let mut attempts: HashMap<u64, u32> = HashMap::new();
    loop {
        let changed = store.changed();
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let batch: Vec<Entry<CaseChange>> = match store.pending(Log::CaseStream, source.batch_size.max(1)).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the case stream");
                tokio::time::sleep(RETRY_DELAY).await;
                continue;
            }
        };
        if batch.is_empty() {
            let _ = tokio::time::timeout(Duration::from_secs(1), notified).await;
            continue;
        }
        let records: Vec<Value> = batch.iter().map(|e| stream_record(e, &source.table)).collect();
        let first = batch[0].sequence;
        let last = batch[batch.len() - 1].sequence;
        let failed_from: Option<u64> = match registry.invoke(&source.function, json!({"Records": records})).await {
            Ok(response) if source.report_batch_item_failures => response
                .get("batchItemFailures")
                .and_then(Value::as_array)
                .and_then(|f| f.iter().filter_map(|i| i.get("itemIdentifier").and_then(Value::as_str)).filter_map(|s| s.parse::<u64>().ok()).min()),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %e, "stream consumer failed; the batch will be retried");
                Some(first)
            }
        };
        match failed_from {
            None => {
                attempts.clear();
                let _ = store.advance(Log::CaseStream, last).await;
            }
            Some(seq) => {
                if seq > first {
                    let _ = store.advance(Log::CaseStream, seq - 1).await;
                }
                let n = attempts.entry(seq).or_insert(0);
                *n += 1;
                if *n > source.maximum_retry_attempts {
                    tracing::error!(sequence = seq, "stream record dropped after its retries (the on-failure destination on AWS)");
                    let _ = store.advance(Log::CaseStream, seq).await;
                    attempts.remove(&seq);
                } else {
                    tokio::time::sleep(RETRY_DELAY).await;
                }
            }
        }
    }
}

fn matches(source: &S3Source, key: &str) -> bool {
    source.prefix.as_deref().is_none_or(|p| key.starts_with(p)) && source.suffix.as_deref().is_none_or(|s| key.ends_with(s))
}

/// Drains blob-store events into the matching S3 consumers until the task is aborted.
pub async fn pump_s3_events(store: LocalStore, registry: Registry, sources: Vec<S3Source>) {
    loop {
        let batch: Vec<Entry<ObjectCreated>> = match store.pending(Log::S3Events, 10).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the S3 events");
                tokio::time::sleep(RETRY_DELAY).await;
                continue;
            }
        };
        if batch.is_empty() {
            next_change(&store).await;
            continue;
        }
        for entry in batch {
            for source in sources.iter().filter(|s| matches(s, &entry.body.key)) {
                let event = s3_event(&entry, LocalBlobStore::BUCKET);
                for attempt in 0..=ASYNC_RETRIES {
                    match registry.invoke(&source.function, event.clone()).await {
                        Ok(_) => break,
                        Err(e) if attempt < ASYNC_RETRIES => {
                            tracing::warn!(error = %e, attempt, "S3 event consumer failed; retrying");
                            tokio::time::sleep(RETRY_DELAY * (attempt + 1)).await;
                        }
                        Err(e) => tracing::error!(error = %e, "S3 event dropped after its retries (the on-failure destination on AWS)"),
                    }
                }
            }
            let _ = store.advance(Log::S3Events, entry.sequence).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn stream_records_carry_dynamodb_json_images() {
        let entry = Entry { sequence: 7, body: CaseChange { case_id: "PA-1".into(), old: None, new: Some(json!({"case_id": "PA-1", "version": 1})), at: Utc::now() } };
        let r = stream_record(&entry, "CasesTable");
        assert_eq!(r["eventName"], "INSERT");
        assert_eq!(r["dynamodb"]["NewImage"]["case_id"], json!({"S": "PA-1"}));
        assert_eq!(r["dynamodb"]["NewImage"]["version"], json!({"N": "1"}));
        assert_eq!(r["dynamodb"]["SequenceNumber"], "000000000000000000007");
    }

    #[test]
    fn s3_keys_are_url_encoded_like_s3() {
        let entry = Entry { sequence: 1, body: ObjectCreated { key: "records/P 1/a(1).txt".into(), size: 3, etag: "e".into(), at: Utc::now() } };
        assert_eq!(s3_event(&entry, "b")["Records"][0]["s3"]["object"]["key"], "records/P+1/a%281%29.txt");
    }
}
