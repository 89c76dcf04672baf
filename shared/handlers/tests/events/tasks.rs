use std::sync::Arc;

use mediclear_handlers::function::invoke_json;
use mediclear_handlers::tasks::analysis::{BeginAnalysis, RecordFailure};
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_ports::cases::CaseReader;

use crate::{auditor, fixture, fixture_case, store};

#[tokio::test]
async fn begin_moves_the_fixture_case_to_analyzing_once() {
    let (_dir, store) = store();
    let cases = Arc::new(LocalCaseStore::new(store.clone()));
    let case = fixture_case(&cases).await;
    let begin = BeginAnalysis { reader: cases.clone(), writer: cases.clone(), audit: auditor(&store) };
    for _ in 0..2 {
        let out = invoke_json(&begin, fixture("sfn-begin-analysis.json")).await.unwrap();
        assert_eq!(out["status"], "ANALYZING");
    }
    assert_eq!(cases.get(&case.case_id).await.unwrap().unwrap().version, 2, "a retried begin changes nothing");
}

#[tokio::test]
async fn record_failure_gives_the_case_a_readable_reason() {
    let (_dir, store) = store();
    let cases = Arc::new(LocalCaseStore::new(store.clone()));
    let case = fixture_case(&cases).await;
    let fail = RecordFailure { reader: cases.clone(), writer: cases.clone(), audit: auditor(&store) };
    let out = invoke_json(&fail, fixture("sfn-record-failure.json")).await.unwrap();
    assert_eq!(out["status"], "ANALYSIS_FAILED");
    let stored = cases.get(&case.case_id).await.unwrap().unwrap();
    assert_eq!(stored.failure_reason.as_deref(), Some("no insurer policy covers procedure 27447"));
}

#[tokio::test]
async fn a_task_for_an_unknown_case_fails_with_a_name_the_state_machine_catches() {
    let (_dir, store) = store();
    let cases = Arc::new(LocalCaseStore::new(store.clone()));
    let begin = BeginAnalysis { reader: cases.clone(), writer: cases.clone(), audit: auditor(&store) };
    let err = invoke_json(&begin, fixture("sfn-begin-analysis.json")).await.unwrap_err();
    assert_eq!(err.error_type, "CaseNotFound");
    let malformed = invoke_json(&begin, serde_json::json!({"case": 1})).await.unwrap_err();
    assert_eq!(malformed.error_type, "InvalidEvent");
}
