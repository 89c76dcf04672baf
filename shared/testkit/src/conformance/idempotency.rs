//! The `IdempotencyStore` contract (ports::idempotency), and the writes that store a record
//! together with its first answer (`CaseWriter::create_once`, `JobStore::create_once`).

use chrono::{Duration, Timelike, Utc};
use mediclear_domain::ids::JobId;
use mediclear_domain::preauth::case::{Case, CaseStatus};
use mediclear_ports::PortError;
use mediclear_ports::cases::{CaseReader, CaseWriter};
use mediclear_ports::idempotency::{IdempotencyRecord, IdempotencyStore, KEY_TAKEN};
use mediclear_ports::jobs::{Job, JobStore};
use serde_json::json;

use super::fixtures;
use crate::unique;

fn answer(key: &str, fingerprint: &str, case_id: &str) -> IdempotencyRecord {
    // Whole seconds, as the handlers write them (a TTL attribute holds epoch seconds).
    let now = Utc::now().with_nanosecond(0).unwrap();
    IdempotencyRecord {
        key: key.to_string(),
        fingerprint: fingerprint.to_string(),
        status: 202,
        response: json!({"status": "accepted", "job_id": case_id, "data": {"case_id": case_id, "notes": "", "nested": {"list": [1, "two", null]}}}),
        created_at: now,
        expires_at: now + Duration::hours(24),
    }
}

fn key_taken(result: Result<(), PortError>) -> bool {
    matches!(result, Err(PortError::Conflict(reason)) if reason == KEY_TAKEN)
}

/// Runs every check of the store on its own.
pub async fn idempotency_store(store: &dyn IdempotencyStore) {
    let key = unique("key");
    assert_eq!(store.find(&key).await.expect("find"), None, "an unused key has no answer");
    let first = answer(&key, "fp-1", "PA-1");
    store.save(&first).await.expect("save");
    assert_eq!(store.find(&key).await.expect("find").as_ref(), Some(&first), "the answer reads back exactly, JSON and all");
    assert!(key_taken(store.save(&answer(&key, "fp-2", "PA-2")).await), "a second save of the key is Conflict(KEY_TAKEN)");
    assert_eq!(store.find(&key).await.unwrap().map(|a| a.fingerprint), Some("fp-1".into()), "the first answer stays");

    let updated = IdempotencyRecord { response: json!({"status": "accepted", "data": {"status": "ANALYSIS_FAILED"}}), ..first.clone() };
    store.replace(&updated).await.expect("replace");
    assert_eq!(store.find(&key).await.unwrap().map(|a| a.response), Some(updated.response), "replace overwrites the answer");

    store.forget(&key).await.expect("forget");
    assert_eq!(store.find(&key).await.unwrap(), None, "a forgotten key has no answer");
    store.forget(&key).await.expect("forgetting twice is harmless");
    store.save(&first).await.expect("a forgotten key can be used again");

    let stale_key = unique("key");
    let mut stale = answer(&stale_key, "fp-old", "PA-3");
    stale.created_at = stale.created_at - Duration::hours(30);
    stale.expires_at = stale.created_at + Duration::hours(24);
    store.replace(&stale).await.expect("store an expired answer");
    assert_eq!(store.find(&stale_key).await.unwrap(), None, "an expired answer reads as none (TTL deletion lags)");
    store.save(&answer(&stale_key, "fp-new", "PA-4")).await.expect("an expired key can take a new answer");
    assert_eq!(store.find(&stale_key).await.unwrap().map(|a| a.fingerprint), Some("fp-new".into()));
}

/// A case and its answer are written together or not at all.
pub async fn case_with_answer(writer: &dyn CaseWriter, reader: &dyn CaseReader, answers: &dyn IdempotencyStore) {
    let key = unique("key");
    let case = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time());
    writer.create_once(&case, &answer(&key, "fp", case.case_id.as_str())).await.expect("create_once");
    assert!(reader.get(&case.case_id).await.unwrap().is_some(), "the case is stored");
    assert_eq!(answers.find(&key).await.unwrap().map(|a| a.fingerprint), Some("fp".into()), "its answer is stored");

    let second: Case = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time());
    assert!(key_taken(writer.create_once(&second, &answer(&key, "fp", second.case_id.as_str())).await), "the key is taken");
    assert_eq!(reader.get(&second.case_id).await.unwrap(), None, "a case whose answer could not be stored is not stored");

    let other_key = unique("key");
    let clash = writer.create_once(&case, &answer(&other_key, "fp", case.case_id.as_str())).await;
    assert!(matches!(&clash, Err(PortError::Conflict(reason)) if reason != KEY_TAKEN), "a taken case id is a plain Conflict: {clash:?}");
    assert_eq!(answers.find(&other_key).await.unwrap(), None, "an answer whose case could not be stored is not stored");
}

/// A job and its answer are written together or not at all.
pub async fn job_with_answer(jobs: &dyn JobStore, answers: &dyn IdempotencyStore) {
    let key = unique("key");
    let job = fixtures::job();
    jobs.create_once(&job, &answer(&key, "fp", job.job_id.as_str())).await.expect("create_once");
    assert_eq!(jobs.get(&job.job_id).await.unwrap().as_ref(), Some(&job), "the job is stored");
    assert!(answers.find(&key).await.unwrap().is_some(), "its answer is stored");

    let second = Job { job_id: JobId::generate(), ..job.clone() };
    assert!(key_taken(jobs.create_once(&second, &answer(&key, "fp", second.job_id.as_str())).await), "the key is taken");
    assert_eq!(jobs.get(&second.job_id).await.unwrap(), None, "a job whose answer could not be stored is not stored");
}
