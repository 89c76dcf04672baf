use serde_json::{Value, json};

use mediclear_domain::ids::{PatientId, ProviderId};
use mediclear_domain::preauth::case::CaseStatus;
use mediclear_testkit::conformance::fixtures;
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_local_adapters::workflow::LocalWorkflow;
use mediclear_ports::cases::CaseWriter;
use mediclear_ports::workflow::Workflow;

use crate::harness::{App, case_body};

/// A demo system, stopped, with a provider's token and its data directory's store opened, to
/// leave behind what a crash would.
async fn stopped_demo() -> (App, String, LocalStore) {
    let mut app = App::demo().await;
    let provider = app.token("demo-provider").await;
    app.system.take().unwrap().stop().await;
    let store = LocalStore::open(app.dir.path()).unwrap();
    (app, provider, store)
}

#[tokio::test]
async fn data_and_tokens_survive_a_restart() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let case = app.analysed_case(&provider, case_body("PAT-001", "27447")).await;
    let case_id = case["case_id"].as_str().unwrap().to_string();

    let app = app.restart().await;
    let reply = app.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&provider)).await.unwrap();
    assert_eq!(reply.status.as_u16(), 200, "a token issued before the restart still works: {}", reply.body);
    assert_eq!(reply.body["data"], case);
    assert!(app.client.token("demo-insurer", crate::harness::PASSWORD).await.is_ok());
}

#[tokio::test]
async fn an_analysis_interrupted_by_a_restart_resumes_instead_of_hanging() {
    let (app, provider, store) = stopped_demo().await;
    let (cases, workflow) = (LocalCaseStore::new(store.clone()), LocalWorkflow::new(store.clone(), "AnalysisStateMachine", Default::default()));
    // While the system is down: a filed case whose execution was started but never ran, and
    // one whose analysis had begun — what a crash mid-analysis leaves behind.
    let mut ids = Vec::new();
    for begun in [false, true] {
        let case = fixtures::case(&PatientId::parse("PAT-001").unwrap(), &ProviderId::parse("PRV-001").unwrap(), CaseStatus::Pending, chrono::Utc::now());
        cases.create(&case).await.unwrap();
        if begun {
            let analyzing = case.begin_analysis(chrono::Utc::now()).unwrap().unwrap();
            cases.replace(&analyzing, case.version).await.unwrap();
        }
        workflow.start(case.case_id.as_str(), &json!({"case_id": case.case_id})).await.unwrap();
        ids.push(case.case_id.to_string());
    }
    drop((cases, workflow, store));

    let app = app.restart().await;
    for id in ids {
        let case: Value = app.wait_for_status(&provider, &id, &["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"]).await;
        assert_eq!(case["status"], "APPROVED_READY", "{case}");
    }
}

#[tokio::test]
async fn an_analysis_whose_task_kept_killing_the_process_fails_through_the_state_machine_instead_of_looping() {
    use mediclear_local::workflows::MAX_INTERRUPTED_RUNS;

    let (app, provider, store) = stopped_demo().await;
    let (cases, workflow) = (LocalCaseStore::new(store.clone()), LocalWorkflow::new(store.clone(), "AnalysisStateMachine", Default::default()));
    // What three crashes in a row during the judging task leave behind: the execution still
    // RUNNING, its runs counted, the task in flight recorded.
    let case = fixtures::case(&PatientId::parse("PAT-001").unwrap(), &ProviderId::parse("PRV-001").unwrap(), CaseStatus::Pending, chrono::Utc::now());
    cases.create(&case).await.unwrap();
    workflow.start(case.case_id.as_str(), &json!({"case_id": case.case_id})).await.unwrap();
    let mut record = store.execution("AnalysisStateMachine", case.case_id.as_str()).await.unwrap().unwrap();
    record.attempts = MAX_INTERRUPTED_RUNS;
    record.task_in_flight = Some("AnalysisJudgeFunction".into());
    store.put_execution(&record).await.unwrap();
    drop((cases, workflow, store));

    let app = app.restart().await;
    let failed: Value = app.wait_for_status(&provider, case.case_id.as_str(), &["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"]).await;
    assert_eq!(failed["status"], "ANALYSIS_FAILED", "{failed}");
    assert!(failed["failure_reason"].as_str().is_some_and(|r| !r.is_empty()), "{failed}");

    // And it stays failed: the next start does not run it again.
    let app = app.restart().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let again = app.client.get(&format!("/api/v1/preauth/cases/{}", case.case_id), Some(&provider)).await.unwrap();
    assert_eq!(again.body["data"]["status"], "ANALYSIS_FAILED");
}
