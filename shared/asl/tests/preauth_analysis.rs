//! The real pre-auth analysis workflow (`statemachines/preauth-analysis.asl.json`), its
//! placeholders substituted with fake function names, driven by a scripted fake Lambda.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;
use mediclear_asl::{
    Execution, ExecutionOptions, HistoryEvent, Outcome, StateMachine, TaskFailure, TaskInvoker,
    run, substitute,
};
use serde_json::{Value, json};

const DEFINITION: &str = include_str!("../../../statemachines/preauth-analysis.asl.json");

const BEGIN: &str = "analysis-begin";
const POLICY: &str = "analysis-retrieve-policy";
const NOTES: &str = "analysis-retrieve-notes";
const JUDGE: &str = "analysis-judge";
const SAVE: &str = "analysis-save";
const FAIL: &str = "analysis-fail";
const EXECUTION: &str = "case-c-42-attempt-1";

fn machine() -> StateMachine {
    let substitutions = BTreeMap::from(
        [
            ("AnalysisBeginFunctionArn", BEGIN),
            ("AnalysisRetrievePolicyFunctionArn", POLICY),
            ("AnalysisRetrieveNotesFunctionArn", NOTES),
            ("AnalysisJudgeFunctionArn", JUDGE),
            ("AnalysisSaveFunctionArn", SAVE),
            ("AnalysisFailFunctionArn", FAIL),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    StateMachine::parse(
        &substitute(DEFINITION, &substitutions).expect("every placeholder has a value"),
    )
    .expect("the definition is valid")
}

type Behaviour =
    Box<dyn Fn(usize, &Value) -> BoxFuture<'static, Result<Value, TaskFailure>> + Send + Sync>;

/// A fake Lambda per function name: `behaviour(n, payload)` answers the n-th call (from 0).
/// Every call is recorded.
#[derive(Default)]
struct Lambdas {
    behaviours: HashMap<&'static str, Behaviour>,
    calls: Mutex<Vec<(String, Value)>>,
}

impl Lambdas {
    /// Every function answers like the real ones on a good day.
    fn happy() -> Lambdas {
        Lambdas::default()
            .on(BEGIN, |_, p| Ok(json!({"case_id": p["case_id"], "status": "ANALYZING"})))
            .on(POLICY, |_, _| Ok(json!({"passages": [{"chunk_id": "p1", "text": "Criterion 1: six weeks of therapy"}]})))
            .on(NOTES, |_, _| Ok(json!({"passages": [{"chunk_id": "n7", "text": "Eight weeks of physical therapy"}]})))
            .on(JUDGE, |_, _| Ok(json!({"recommendation": "APPROVE", "criteria": [{"met": true, "evidence": ["n7"]}]})))
            .on(SAVE, |_, p| Ok(json!({"case_id": p["case_id"], "status": "APPROVED_READY"})))
            .on(FAIL, |_, p| Ok(json!({"case_id": p["case_id"], "status": "ANALYSIS_FAILED"})))
    }

    fn on(
        self,
        function: &'static str,
        answer: impl Fn(usize, &Value) -> Result<Value, TaskFailure> + Send + Sync + 'static,
    ) -> Lambdas {
        self.on_async(function, move |n, p| {
            let result = answer(n, p);
            Box::pin(async move { result })
        })
    }

    fn on_async(
        mut self,
        function: &'static str,
        answer: impl Fn(usize, &Value) -> BoxFuture<'static, Result<Value, TaskFailure>>
        + Send
        + Sync
        + 'static,
    ) -> Lambdas {
        self.behaviours.insert(function, Box::new(answer));
        self
    }

    fn calls_to(&self, function: &str) -> Vec<Value> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(f, _)| f == function)
            .map(|(_, p)| p.clone())
            .collect()
    }
}

#[async_trait::async_trait]
impl TaskInvoker for Lambdas {
    async fn invoke(&self, function_name: &str, payload: Value) -> Result<Value, TaskFailure> {
        let n = {
            let mut calls = self.calls.lock().unwrap();
            let n = calls.iter().filter(|(f, _)| f == function_name).count();
            calls.push((function_name.to_string(), payload.clone()));
            n
        };
        match self.behaviours.get(function_name) {
            Some(answer) => answer(n, &payload).await,
            None => Err(TaskFailure {
                error: "Lambda.ResourceNotFoundException".into(),
                cause: format!("no function {function_name}"),
            }),
        }
    }
}

fn error(name: &str) -> TaskFailure {
    TaskFailure {
        error: name.into(),
        cause: format!("{{\"errorType\":\"{name}\",\"errorMessage\":\"test\"}}"),
    }
}

async fn analyse(lambdas: &Lambdas) -> Execution {
    let options = ExecutionOptions {
        time_scale: 0.0,
        state_machine_name: "PreauthAnalysis".into(),
        ..ExecutionOptions::default()
    };
    // The guard only stops a broken build from hanging the suite; nothing here waits on time.
    tokio::time::timeout(
        Duration::from_secs(10),
        run(
            &machine(),
            lambdas,
            EXECUTION,
            json!({"case_id": "c-42"}),
            &options,
        ),
    )
    .await
    .expect("the execution finishes")
}

fn retries(execution: &Execution, state: &str) -> usize {
    execution
        .history
        .iter()
        .filter(|e| matches!(e, HistoryEvent::RetryScheduled { state: s, .. } if s == state))
        .count()
}

#[test]
fn function_names_lists_every_task_function() {
    assert_eq!(machine().function_names(), {
        let mut names = vec![BEGIN, POLICY, NOTES, JUDGE, SAVE, FAIL];
        names.sort();
        names
    });
}

#[tokio::test]
async fn happy_path_saves_the_judged_analysis() {
    let lambdas = Lambdas::happy();
    let execution = analyse(&lambdas).await;

    assert_eq!(
        execution.outcome,
        Outcome::Succeeded(json!({"case_id": "c-42", "status": "APPROVED_READY"})),
        "the save task's output"
    );
    let judge = lambdas.calls_to(JUDGE);
    assert_eq!(judge.len(), 1);
    assert_eq!(
        judge[0],
        json!({
            "case_id": "c-42",
            "policy_passages": [{"chunk_id": "p1", "text": "Criterion 1: six weeks of therapy"}],
            "note_passages": [{"chunk_id": "n7", "text": "Eight weeks of physical therapy"}],
        }),
        "the judge gets both retrieval branches' passages"
    );
    let saved = lambdas.calls_to(SAVE);
    assert_eq!(
        saved[0]["analysis"],
        json!({"recommendation": "APPROVE", "criteria": [{"met": true, "evidence": ["n7"]}]})
    );
    assert!(lambdas.calls_to(FAIL).is_empty());
}

#[tokio::test]
async fn invalid_model_output_once_is_retried_and_succeeds() {
    let lambdas = Lambdas::happy().on(JUDGE, |n, _| {
        if n == 0 {
            Err(error("InvalidModelOutput"))
        } else {
            Ok(json!({"recommendation": "DENY"}))
        }
    });
    let execution = analyse(&lambdas).await;

    assert_eq!(
        execution.outcome,
        Outcome::Succeeded(json!({"case_id": "c-42", "status": "APPROVED_READY"}))
    );
    assert_eq!(
        lambdas.calls_to(JUDGE).len(),
        2,
        "judge invoked exactly twice"
    );
    assert_eq!(
        lambdas.calls_to(SAVE)[0]["analysis"],
        json!({"recommendation": "DENY"})
    );
}

#[tokio::test]
async fn invalid_model_output_twice_fails_the_case() {
    let lambdas = Lambdas::happy().on(JUDGE, |_, _| Err(error("InvalidModelOutput")));
    let execution = analyse(&lambdas).await;

    assert_eq!(lambdas.calls_to(JUDGE).len(), 2, "one retry, then Catch");
    let fail = lambdas.calls_to(FAIL);
    assert_eq!(fail.len(), 1);
    assert_eq!(fail[0]["error"], "InvalidModelOutput");
    assert_eq!(fail[0]["case_id"], "c-42");
    assert!(
        fail[0]["cause"]
            .as_str()
            .is_some_and(|c| c.contains("InvalidModelOutput"))
    );
    assert!(lambdas.calls_to(SAVE).is_empty());
    match &execution.outcome {
        Outcome::Failed { error, .. } => assert_eq!(error, "AnalysisFailed"),
        other => panic!("expected AnalysisFailed, got {other:?}"),
    }
}

#[tokio::test]
async fn unavailable_retrieval_is_retried_three_times_then_caught() {
    let lambdas = Lambdas::happy().on(NOTES, |_, _| Err(error("DependencyUnavailable")));
    let execution = analyse(&lambdas).await;

    assert_eq!(
        lambdas.calls_to(NOTES).len(),
        4,
        "the first call and 3 retries"
    );
    assert_eq!(retries(&execution, "RetrieveClinicalNotes"), 3);
    assert!(execution.history.contains(&HistoryEvent::Caught {
        state: "Retrieve".into(),
        error: "DependencyUnavailable".into(),
        next: "RecordFailure".into()
    }));
    assert!(lambdas.calls_to(JUDGE).is_empty());
    assert_eq!(lambdas.calls_to(FAIL)[0]["error"], "DependencyUnavailable");
    assert!(
        matches!(&execution.outcome, Outcome::Failed { error, .. } if error == "AnalysisFailed")
    );
}

#[tokio::test]
async fn retrieval_branches_run_concurrently() {
    // Each retrieval waits until the other one has started: run one after the other, the first
    // would wait forever.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let (b1, b2) = (barrier.clone(), barrier);
    let lambdas = Lambdas::happy()
        .on_async(POLICY, move |_, _| {
            let b = b1.clone();
            Box::pin(async move {
                b.wait().await;
                Ok(json!({"passages": ["policy"]}))
            })
        })
        .on_async(NOTES, move |_, _| {
            let b = b2.clone();
            Box::pin(async move {
                b.wait().await;
                Ok(json!({"passages": ["notes"]}))
            })
        });
    let execution = analyse(&lambdas).await;

    assert!(
        matches!(execution.outcome, Outcome::Succeeded(_)),
        "{:?}",
        execution.outcome
    );
    let judge = &lambdas.calls_to(JUDGE)[0];
    assert_eq!(
        (&judge["policy_passages"], &judge["note_passages"]),
        (&json!(["policy"]), &json!(["notes"]))
    );
}

#[tokio::test]
async fn execution_name_reaches_every_task_that_asks_for_it() {
    let lambdas = Lambdas::happy();
    analyse(&lambdas).await;
    assert_eq!(
        lambdas.calls_to(BEGIN)[0],
        json!({"case_id": "c-42", "execution": EXECUTION})
    );
    assert_eq!(lambdas.calls_to(SAVE)[0]["execution"], EXECUTION);

    let failing = Lambdas::happy().on(BEGIN, |_, _| Err(error("CaseNotFound")));
    analyse(&failing).await;
    assert_eq!(failing.calls_to(FAIL)[0]["execution"], EXECUTION);
    assert_eq!(failing.calls_to(FAIL)[0]["error"], "CaseNotFound");
}
