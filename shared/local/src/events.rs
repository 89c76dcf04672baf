//! Event delivery offline: the outboxes the local adapters fill, drained into the functions
//! `template.yaml` subscribes to them, with AWS's delivery semantics.
//!
//! - Case stream → the function with a `DynamoDB` event on the cases table: records in order,
//!   in batches of the template's `BatchSize`, as DynamoDB-stream events (`NewImage`/`OldImage` in
//!   DynamoDB JSON). With `ReportBatchItemFailures`, delivery resumes at the first failed record;
//!   after `MaximumRetryAttempts` a record is skipped (on AWS it would go to the on-failure queue).
//! - S3 events → each function whose `S3` event filter (prefix/suffix) matches the key, as an
//!   asynchronous invocation: retried as its `EventInvokeConfig` says (twice by default), then
//!   handed, as Lambda's on-failure destination record, to the functions consuming its
//!   `OnFailure` queue (as SQS events), or dropped with an error log when it has none.
//! - Queue messages (the local adapters' sends to a template queue, e.g. the refresh queue) →
//!   the queue's consumer, as SQS events, one at a time in the order they were sent (FIFO per
//!   group, and across groups too); a message the consumer fails is delivered again, up to the
//!   queue's redrive count, then dropped with an error log (on AWS: its dead-letter queue).
//!
//! Every pump stops at the shutdown signal after the delivery it is in, so nothing is cut off
//! half-way by a graceful stop; what it had not delivered is delivered at the next start.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::outbox::{CaseChange, Entry, Log, ObjectCreated, QueuedMessage};

use tokio::sync::watch;

use crate::registry::Registry;
use crate::template::{S3Source, StreamSource, Template};

/// How long to wait between redeliveries of a failed record or event.
const RETRY_DELAY: Duration = Duration::from_millis(200);
/// How often a queue consumer gets a message before it is given up (an SQS queue's redrive
/// count, offline).
const QUEUE_DELIVERIES: u32 = 3;

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

/// Waits for `for_at_most`, or less if the shutdown signal comes; false once it has come.
async fn pause(shutdown: &mut watch::Receiver<bool>, for_at_most: Duration) -> bool {
    let _ = tokio::time::timeout(for_at_most, shutdown.wait_for(|stop| *stop)).await;
    !*shutdown.borrow()
}

/// Drains the case stream into its consumer until the shutdown signal.
pub async fn pump_case_stream(store: LocalStore, registry: Registry, source: StreamSource, mut shutdown: watch::Receiver<bool>) {
    let mut attempts: HashMap<u64, u32> = HashMap::new();
    while !*shutdown.borrow() {
        let changed = store.changed();
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let batch: Vec<Entry<CaseChange>> = match store.pending(Log::CaseStream, source.batch_size.max(1)).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the case stream");
                pause(&mut shutdown, RETRY_DELAY).await;
                continue;
            }
        };
        if batch.is_empty() {
            tokio::select! {
                _ = tokio::time::timeout(Duration::from_secs(1), notified) => {}
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
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
                    pause(&mut shutdown, RETRY_DELAY).await;
                }
            }
        }
    }
}

fn matches(source: &S3Source, key: &str) -> bool {
    source.prefix.as_deref().is_none_or(|p| key.starts_with(p)) && source.suffix.as_deref().is_none_or(|s| key.ends_with(s))
}

/// Drains blob-store events into the matching S3 consumers until the shutdown signal.
pub async fn pump_s3_events(store: LocalStore, registry: Registry, template: Template, shutdown: watch::Receiver<bool>) {
    drain(store, Log::S3Events, "S3 events", shutdown, |entry: Entry<ObjectCreated>, mut shutdown| {
        let (registry, template) = (registry.clone(), template.clone());
        async move {
            let event = s3_event(&entry, LocalBlobStore::BUCKET);
            for source in template.s3_sources.iter().filter(|s| matches(s, &entry.body.key)) {
                invoke_async(&registry, &template, &source.function, &event, &mut shutdown).await;
            }
            !*shutdown.borrow()
        }
    })
    .await;
}

/// Hands each entry of `log` after its checkpoint to `deliver`, in order, advancing the
/// checkpoint past it once delivered; waits for new entries; stops at the shutdown signal
/// (`deliver` answers false when it came mid-delivery: the entry is delivered again next time).
async fn drain<T, F, Fut>(store: LocalStore, log: Log, what: &'static str, mut shutdown: watch::Receiver<bool>, mut deliver: F)
where
    T: for<'de> serde::Deserialize<'de> + Send + 'static,
    F: FnMut(Entry<T>, watch::Receiver<bool>) -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    while !*shutdown.borrow() {
        let changed = store.changed();
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let batch: Vec<Entry<T>> = match store.pending(log, 10).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the {what}");
                pause(&mut shutdown, RETRY_DELAY).await;
                continue;
            }
        };
        if batch.is_empty() {
            tokio::select! {
                _ = tokio::time::timeout(Duration::from_secs(1), notified) => {}
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
            continue;
        }
        for entry in batch {
            if *shutdown.borrow() {
                return;
            }
            let sequence = entry.sequence;
            if !deliver(entry, shutdown.clone()).await {
                return;
            }
            let _ = store.advance(log, sequence).await;
        }
    }
}

/// One asynchronous invocation with Lambda's retries; past them, the on-failure destination.
async fn invoke_async(registry: &Registry, template: &Template, function: &str, event: &Value, shutdown: &mut watch::Receiver<bool>) {
    let config = template.async_invoke(function);
    let mut attempt = 0;
    let failure = loop {
        attempt += 1;
        match registry.invoke(function, event.clone()).await {
            Ok(_) => return,
            Err(e) if attempt <= config.maximum_retry_attempts => {
                tracing::warn!(error = %e, attempt, "S3 event consumer failed; retrying");
                // A stop during the back-off leaves the event for the next start.
                if !pause(shutdown, RETRY_DELAY * attempt).await {
                    return;
                }
            }
            Err(e) => break e,
        }
    };
    let Some(queue) = config.on_failure_queue else {
        tracing::error!(error = %failure, attempts = attempt, "S3 event dropped after its retries (no on-failure destination)");
        return;
    };
    tracing::error!(error = %failure, attempts = attempt, %queue, "S3 event sent to its on-failure destination after its retries");
    let record = on_failure_record(function, event, attempt, &failure);
    deliver_message(registry, template, &queue, &sqs_event(&queue, &record), shutdown).await;
}

/// One SQS-shaped message to each consumer of `queue`, redelivered while it fails, up to the
/// queue's redrive count; false if the shutdown signal came first.
async fn deliver_message(registry: &Registry, template: &Template, queue: &str, message: &Value, shutdown: &mut watch::Receiver<bool>) -> bool {
    for consumer in template.queue_consumers(queue) {
        for delivery in 1..=QUEUE_DELIVERIES {
            match registry.invoke(&consumer.function, message.clone()).await {
                Ok(response) if response.get("batchItemFailures").and_then(Value::as_array).is_none_or(Vec::is_empty) => break,
                Ok(_) => tracing::warn!(delivery, %queue, "the consumer reported the message failed"),
                Err(e) => tracing::warn!(error = %e, delivery, %queue, "the consumer failed"),
            }
            if delivery == QUEUE_DELIVERIES {
                tracing::error!(%queue, "message dropped after its deliveries");
            } else if !pause(shutdown, RETRY_DELAY).await {
                return false;
            }
        }
    }
    true
}

/// Delivers the messages sent to the template's queues, in order.
pub async fn pump_queues(store: LocalStore, registry: Registry, template: Template, shutdown: watch::Receiver<bool>) {
    drain(store, Log::Queue, "queued messages", shutdown, |entry: Entry<QueuedMessage>, mut shutdown| {
        let (registry, template) = (registry.clone(), template.clone());
        async move {
            let mut message = sqs_event(&entry.body.queue, &entry.body.body);
            message["Records"][0]["attributes"]["MessageGroupId"] = json!(entry.body.group);
            message["Records"][0]["attributes"]["MessageDeduplicationId"] = json!(entry.body.deduplication_id);
            message["Records"][0]["attributes"]["SequenceNumber"] = json!(format!("{:020}", entry.sequence));
            deliver_message(&registry, &template, &entry.body.queue, &message, &mut shutdown).await
        }
    })
    .await;
}

/// What Lambda sends an `OnFailure` destination for an asynchronous invocation whose retries
/// are exhausted.
pub fn on_failure_record(function: &str, event: &Value, attempts: u32, error: &impl std::fmt::Display) -> Value {
    json!({
        "version": "1.0",
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "requestContext": {
            "requestId": uuid::Uuid::new_v4().to_string(),
            "functionArn": format!("{}:$LATEST", crate::workflows::function_arn(function)),
            "condition": "RetriesExhausted",
            "approximateInvokeCount": attempts,
        },
        "requestPayload": event,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorType": "FunctionError", "errorMessage": error.to_string()},
    })
}

/// One message, shaped as an SQS event source mapping delivers it to Lambda.
pub fn sqs_event(queue: &str, body: &Value) -> Value {
    let now = chrono::Utc::now().timestamp_millis().to_string();
    json!({"Records": [{
        "messageId": uuid::Uuid::new_v4().to_string(),
        "receiptHandle": uuid::Uuid::new_v4().to_string(),
        "body": body.to_string(),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": now, "SenderId": "local", "ApproximateFirstReceiveTimestamp": now},
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "eventSourceARN": format!("arn:aws:sqs:local:000000000000:{queue}"),
        "awsRegion": "local",
    }]})
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

    /// A function that fails every time and counts its calls, and one that records what it gets.
    struct Failing(std::sync::atomic::AtomicU32);
    struct Recording(std::sync::Mutex<Vec<Value>>);

    #[async_trait::async_trait]
    impl crate::registry::EventFunction for Failing {
        async fn invoke(&self, _event: Value) -> Result<Value, mediclear_handlers::function::FunctionError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err(mediclear_handlers::function::FunctionError::new("DependencyUnavailable", "down"))
        }
    }

    #[async_trait::async_trait]
    impl crate::registry::EventFunction for Recording {
        async fn invoke(&self, event: Value) -> Result<Value, mediclear_handlers::function::FunctionError> {
            self.0.lock().unwrap().push(event);
            Ok(json!({"batchItemFailures": []}))
        }
    }

    #[tokio::test]
    async fn an_event_that_keeps_failing_goes_to_the_on_failure_queue_consumer_after_the_retries() {
        use crate::registry::{Function, Registry};
        use std::sync::Arc;
        let template = Template::parse(
            r#"
Resources:
  Ingest:
    Type: AWS::Serverless::Function
    Metadata: { BuildProperties: { Binary: ingest } }
    Properties:
      EventInvokeConfig: { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Dlq.Arn } } }
  Failed:
    Type: AWS::Serverless::Function
    Metadata: { BuildProperties: { Binary: failed } }
    Properties:
      Events:
        Dead: { Type: SQS, Properties: { Queue: !GetAtt Dlq.Arn } }
  Dlq:
    Type: AWS::SQS::Queue
"#,
        )
        .unwrap();
        let failing = Arc::new(Failing(0.into()));
        let recording = Arc::new(Recording(Default::default()));
        let registry = Registry::from_functions(
            [("Ingest".to_string(), Function::Event(failing.clone())), ("Failed".to_string(), Function::Event(recording.clone()))].into(),
        );
        let entry = Entry { sequence: 3, body: ObjectCreated { key: "records/P-1/R-1/a.txt".into(), size: 3, etag: "e".into(), at: Utc::now() } };
        let event = s3_event(&entry, "b");
        let (_stop, mut shutdown) = watch::channel(false);
        invoke_async(&registry, &template, "Ingest", &event, &mut shutdown).await;

        assert_eq!(failing.0.load(std::sync::atomic::Ordering::SeqCst), 3, "the first attempt and two retries");
        let delivered = recording.0.lock().unwrap().clone();
        assert_eq!(delivered.len(), 1);
        let message = &delivered[0]["Records"][0];
        assert_eq!(message["eventSource"], "aws:sqs");
        let record: Value = serde_json::from_str(message["body"].as_str().unwrap()).unwrap();
        assert_eq!(record["requestContext"]["condition"], "RetriesExhausted");
        assert_eq!(record["requestContext"]["approximateInvokeCount"], 3);
        assert_eq!(record["requestPayload"], event, "the destination record carries the original event");
    }

    #[test]
    fn s3_keys_are_url_encoded_like_s3() {
        let entry = Entry { sequence: 1, body: ObjectCreated { key: "records/P 1/a(1).txt".into(), size: 3, etag: "e".into(), at: Utc::now() } };
        assert_eq!(s3_event(&entry, "b")["Records"][0]["s3"]["object"]["key"], "records/P+1/a%281%29.txt");
    }
}
