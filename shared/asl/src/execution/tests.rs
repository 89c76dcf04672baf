//! Execution semantics, one feature per test, with small inline definitions and a scripted
//! fake invoker.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::future::BoxFuture;
use serde_json::{Value, json};

use super::*;

type Handler = Box<
    dyn Fn(&str, &Value, usize) -> BoxFuture<'static, Result<Value, TaskFailure>> + Send + Sync,
>;

/// A fake Lambda: records every call and answers with `handler(function, payload, n)`, where
/// `n` counts earlier calls to the same function.
struct Fake {
    calls: Mutex<Vec<(String, Value)>>,
    handler: Handler,
    running: AtomicUsize,
    max_running: AtomicUsize,
}

impl Fake {
    fn new(
        handler: impl Fn(&str, &Value, usize) -> Result<Value, TaskFailure> + Send + Sync + 'static,
    ) -> Fake {
        Fake::new_async(move |f, p, n| {
            let answer = handler(f, p, n);
            Box::pin(async move {
                // Yield once so concurrent callers really overlap.
                tokio::task::yield_now().await;
                answer
            })
        })
    }

    fn new_async(
        handler: impl Fn(&str, &Value, usize) -> BoxFuture<'static, Result<Value, TaskFailure>>
        + Send
        + Sync
        + 'static,
    ) -> Fake {
        Fake {
            calls: Mutex::new(Vec::new()),
            handler: Box::new(handler),
            running: AtomicUsize::new(0),
            max_running: AtomicUsize::new(0),
        }
    }

    /// Echoes its payload.
    fn echo() -> Fake {
        Fake::new(|_, p, _| Ok(p.clone()))
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
impl TaskInvoker for Fake {
    async fn invoke(&self, function_name: &str, payload: Value) -> Result<Value, TaskFailure> {
        let n = {
            let mut calls = self.calls.lock().unwrap();
            let n = calls.iter().filter(|(f, _)| f == function_name).count();
            calls.push((function_name.to_string(), payload.clone()));
            n
        };
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_running.fetch_max(now, Ordering::SeqCst);
        let answer = (self.handler)(function_name, &payload, n).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
        answer
    }
}

fn fails(error: &str) -> TaskFailure {
    TaskFailure {
        error: error.into(),
        cause: format!("{error} happened"),
    }
}

fn instant() -> ExecutionOptions {
    ExecutionOptions {
        time_scale: 0.0,
        ..ExecutionOptions::default()
    }
}

async fn exec_with(
    definition: Value,
    input: Value,
    fake: &Fake,
    options: &ExecutionOptions,
) -> Execution {
    let machine = StateMachine::parse(&definition.to_string()).expect("definition parses");
    run(&machine, fake, "exec-1", input, options).await
}

async fn exec(definition: Value, input: Value, fake: &Fake) -> Execution {
    exec_with(definition, input, fake, &instant()).await
}

fn succeeded(execution: &Execution) -> &Value {
    match &execution.outcome {
        Outcome::Succeeded(v) => v,
        other => panic!(
            "expected success, got {other:?}\nhistory: {:#?}",
            execution.history
        ),
    }
}

fn failed(execution: &Execution) -> (&str, &str) {
    match &execution.outcome {
        Outcome::Failed { error, cause } => (error, cause),
        other => panic!("expected failure, got {other:?}"),
    }
}

/// A one-state machine.
fn single(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

fn retries_of(execution: &Execution) -> Vec<f64> {
    execution
        .history
        .iter()
        .filter_map(|e| match e {
            HistoryEvent::RetryScheduled { delay_seconds, .. } => Some(*delay_seconds),
            _ => None,
        })
        .collect()
}

// --- input and output processing ---------------------------------------------------------

#[tokio::test]
async fn pass_applies_paths_in_spec_order() {
    let definition = single(json!({
        "Type": "Pass", "InputPath": "$.in", "Parameters": {"doubled.$": "States.Array($.v, $.v)", "name.$": "$$.Execution.Name"},
        "ResultPath": "$.out.result", "OutputPath": "$.out", "End": true
    }));
    let execution = exec(
        definition,
        json!({"in": {"v": 2}, "other": 1}),
        &Fake::echo(),
    )
    .await;
    assert_eq!(
        succeeded(&execution),
        &json!({"result": {"doubled": [2, 2], "name": "exec-1"}})
    );
}

#[tokio::test]
async fn pass_result_wins_and_result_path_null_discards() {
    let fake = Fake::echo();
    let e = exec(
        single(json!({"Type": "Pass", "Result": {"r": 1}, "ResultPath": "$.x", "End": true})),
        json!({"a": 0}),
        &fake,
    )
    .await;
    assert_eq!(succeeded(&e), &json!({"a": 0, "x": {"r": 1}}));
    let e = exec(
        single(json!({"Type": "Pass", "Result": 5, "ResultPath": null, "End": true})),
        json!({"a": 0}),
        &fake,
    )
    .await;
    assert_eq!(succeeded(&e), &json!({"a": 0}));
}

#[tokio::test]
async fn null_input_and_output_paths_give_empty_objects() {
    let fake = Fake::echo();
    let e = exec(
        single(json!({"Type": "Pass", "InputPath": null, "End": true})),
        json!({"a": 0}),
        &fake,
    )
    .await;
    assert_eq!(succeeded(&e), &json!({}));
    let e = exec(
        single(json!({"Type": "Pass", "OutputPath": null, "End": true})),
        json!({"a": 0}),
        &fake,
    )
    .await;
    assert_eq!(succeeded(&e), &json!({}));
}

#[tokio::test]
async fn unmatched_paths_are_runtime_errors_nothing_catches() {
    let fake = Fake::echo();
    for state in [
        json!({"Type": "Pass", "InputPath": "$.missing", "End": true}),
        json!({"Type": "Pass", "Parameters": {"x.$": "$.missing"}, "End": true}),
        json!({"Type": "Task", "Resource": "f", "OutputPath": "$.missing", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true}),
        json!({"Type": "Task", "Resource": "f", "ResultSelector": {"x.$": "$.missing"}, "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}),
    ] {
        let definition =
            json!({"StartAt": "S", "States": {"S": state, "Caught": {"Type": "Succeed"}}});
        let definition = strip_unreachable(definition);
        let e = exec(definition, json!({"a": 1}), &fake).await;
        assert_eq!(failed(&e).0, "States.Runtime");
        assert!(retries_of(&e).is_empty(), "States.Runtime is never retried");
    }
}

/// Drops the `Caught` state when nothing leads to it, so one helper serves several cases.
fn strip_unreachable(mut definition: Value) -> Value {
    if !definition.to_string().contains("\"Next\":\"Caught\"") {
        definition["States"]
            .as_object_mut()
            .unwrap()
            .remove("Caught");
    }
    definition
}

#[tokio::test]
async fn result_path_creates_objects_or_fails_with_match_failure() {
    let fake = Fake::new(|_, _, _| Ok(json!("r")));
    let e = exec(
        single(json!({"Type": "Task", "Resource": "f", "ResultPath": "$.a.b.c", "End": true})),
        json!({"k": 1}),
        &fake,
    )
    .await;
    assert_eq!(succeeded(&e), &json!({"k": 1, "a": {"b": {"c": "r"}}}));

    let definition = json!({"StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "f", "ResultPath": "$.k.x", "End": true,
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught", "ResultPath": "$.error"}]},
        "Caught": {"Type": "Pass", "End": true}}});
    let e = exec(definition.clone(), json!({"k": 1}), &fake).await;
    let out = succeeded(&e);
    assert_eq!(
        out["error"]["Error"], "States.ResultPathMatchFailure",
        "caught by States.ALL: {out}"
    );
    let e = exec(definition, json!("not an object"), &fake).await;
    assert_eq!(
        failed(&e).0,
        "States.ResultPathMatchFailure",
        "the catcher's own ResultPath fails too"
    );
}

#[tokio::test]
async fn payload_over_the_quota_is_data_limit_exceeded() {
    let fake = Fake::new(|_, _, _| Ok(json!("x".repeat(200))));
    let options = ExecutionOptions {
        max_payload_bytes: 150,
        ..instant()
    };
    let definition = single(
        json!({"Type": "Task", "Resource": "f", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S"}]}),
    );
    let e = exec_with(definition, json!({}), &fake, &options).await;
    assert_eq!(
        failed(&e).0,
        "States.DataLimitExceeded",
        "States.ALL does not catch it"
    );
    let definition = json!({"StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "f", "End": true, "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "T"}]},
        "T": {"Type": "Succeed"}}});
    let e = exec_with(definition, json!({}), &fake, &options).await;
    assert_eq!(
        succeeded(&e)["Error"],
        "States.DataLimitExceeded",
        "an explicit name does"
    );
}

// --- tasks -----------------------------------------------------------------------------------

#[tokio::test]
async fn lambda_invoke_sends_payload_and_wraps_the_result() {
    let fake = Fake::new(|_, p, _| Ok(json!({"seen": p})));
    let definition = single(json!({
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "analysis-begin", "Payload": {"id.$": "$.case_id"}},
        "End": true
    }));
    let e = exec(definition, json!({"case_id": "c1"}), &fake).await;
    assert_eq!(
        succeeded(&e),
        &json!({"ExecutedVersion": "$LATEST", "Payload": {"seen": {"id": "c1"}}, "StatusCode": 200})
    );
    assert_eq!(fake.calls_to("analysis-begin"), vec![json!({"id": "c1"})]);
}

#[tokio::test]
async fn function_arn_resource_gets_the_effective_input() {
    let fake = Fake::new(|_, p, _| Ok(json!({"n": p["n"].as_i64().unwrap_or(0) + 1})));
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:inc";
    let definition = single(
        json!({"Type": "Task", "Resource": arn, "InputPath": "$.in", "ResultSelector": {"value.$": "$.n"}, "ResultPath": "$.out", "End": true}),
    );
    let e = exec(definition, json!({"in": {"n": 1}}), &fake).await;
    assert_eq!(succeeded(&e), &json!({"in": {"n": 1}, "out": {"value": 2}}));
    assert_eq!(fake.calls_to(arn), vec![json!({"n": 1})]);
}

#[tokio::test]
async fn dynamic_function_name_and_qualifier() {
    let fake = Fake::echo();
    let definition = single(
        json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName.$": "$.fn", "Qualifier": "live", "Payload.$": "$"}, "End": true}),
    );
    exec(definition, json!({"fn": "picked"}), &fake).await;
    assert_eq!(fake.calls_to("picked:live").len(), 1);
}

// --- retry and catch -------------------------------------------------------------------------

#[tokio::test]
async fn retry_defaults_three_attempts_with_backoff() {
    let fake = Fake::new(|_, _, _| Err(fails("Flaky")));
    let definition = single(
        json!({"Type": "Task", "Resource": "f", "Retry": [{"ErrorEquals": ["Flaky"]}], "End": true}),
    );
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(failed(&e), ("Flaky", "Flaky happened"));
    assert_eq!(fake.calls_to("f").len(), 4, "one call and three retries");
    assert_eq!(retries_of(&e), vec![1.0, 2.0, 4.0]);
}

#[tokio::test]
async fn max_attempts_zero_never_retries_and_max_delay_caps() {
    let fake = Fake::new(|_, _, _| Err(fails("A")));
    let definition = single(
        json!({"Type": "Task", "Resource": "f", "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 0}], "End": true}),
    );
    exec(definition, json!({}), &fake).await;
    assert_eq!(fake.calls_to("f").len(), 1);

    let definition = single(json!({"Type": "Task", "Resource": "f", "End": true,
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 3, "BackoffRate": 3, "MaxAttempts": 4, "MaxDelaySeconds": 20}]}));
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(retries_of(&e), vec![3.0, 9.0, 20.0, 20.0]);
}

#[tokio::test]
async fn full_jitter_never_exceeds_the_backoff() {
    let fake = Fake::new(|_, _, _| Err(fails("A")));
    let definition = single(json!({"Type": "Task", "Resource": "f", "End": true,
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 2, "MaxAttempts": 5, "JitterStrategy": "FULL"}]}));
    let e = exec(definition, json!({}), &fake).await;
    let delays = retries_of(&e);
    assert_eq!(delays.len(), 5);
    for (i, d) in delays.iter().enumerate() {
        assert!(
            (0.0..=2.0 * 2f64.powi(i as i32)).contains(d),
            "retry {i}: {d}"
        );
    }
}

#[tokio::test]
async fn each_retrier_counts_its_own_attempts() {
    // The spec's example ("Retry" field): ErrorA, ErrorB, ErrorC, ErrorB → waits 1, 2 (first
    // retrier), 5 (second), then the first retrier has used its two attempts → Catch. (The AWS
    // developer guide retells it with per-error-name counts; the spec and moto count per retrier.)
    let sequence = ["ErrorA", "ErrorB", "ErrorC", "ErrorB"];
    let fake = Fake::new(move |_, _, n| Err(fails(sequence.get(n).copied().unwrap_or("Done"))));
    let definition = json!({"StartAt": "X", "States": {
        "X": {"Type": "Task", "Resource": "f", "Next": "Y",
              "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                        {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]},
        "Y": {"Type": "Succeed"},
        "Z": {"Type": "Pass", "End": true}}});
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(retries_of(&e), vec![1.0, 2.0, 5.0]);
    assert_eq!(
        succeeded(&e),
        &json!({"Error": "ErrorB", "Cause": "ErrorB happened"})
    );
}

#[tokio::test]
async fn an_exhausted_retrier_does_not_fall_through_to_later_ones() {
    let fake = Fake::new(|_, _, _| Err(fails("A")));
    let definition = single(json!({"Type": "Task", "Resource": "f", "End": true,
        "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 1}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]}));
    exec(definition, json!({}), &fake).await;
    assert_eq!(fake.calls_to("f").len(), 2);
}

#[tokio::test]
async fn catch_puts_error_output_at_result_path_of_the_raw_input() {
    let fake = Fake::new(|_, _, _| Err(fails("Boom")));
    let definition = json!({"StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "f", "InputPath": "$.part", "OutputPath": "$.nothing", "Next": "Never",
              "Catch": [{"ErrorEquals": ["Other"], "Next": "Never"},
                        {"ErrorEquals": ["Boom"], "ResultPath": "$.err", "Next": "Handled"}]},
        "Never": {"Type": "Fail", "Error": "Wrong"},
        "Handled": {"Type": "Pass", "End": true}}});
    let e = exec(definition, json!({"part": {"x": 1}, "keep": true}), &fake).await;
    assert_eq!(
        succeeded(&e),
        &json!({"part": {"x": 1}, "keep": true, "err": {"Error": "Boom", "Cause": "Boom happened"}})
    );
    assert!(e.history.contains(&HistoryEvent::Caught {
        state: "S".into(),
        error: "Boom".into(),
        next: "Handled".into()
    }));
}

#[tokio::test]
async fn retry_count_is_in_the_context_object() {
    let fake = Fake::new(|_, p, n| {
        if n < 2 {
            Err(fails("Again"))
        } else {
            Ok(p.clone())
        }
    });
    let definition = single(
        json!({"Type": "Task", "Resource": "f", "Parameters": {"try.$": "$$.State.RetryCount", "state.$": "$$.State.Name"},
        "Retry": [{"ErrorEquals": ["Again"]}], "End": true}),
    );
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(succeeded(&e), &json!({"try": 2, "state": "S"}));
    let tries: Vec<Value> = fake
        .calls_to("f")
        .iter()
        .map(|p| p["try"].clone())
        .collect();
    assert_eq!(tries, vec![json!(0), json!(1), json!(2)]);
}

// --- timeouts --------------------------------------------------------------------------------

/// A function that never answers.
fn hanging() -> Fake {
    Fake::new_async(|_, _, _| Box::pin(futures::future::pending()))
}

#[tokio::test]
async fn task_timeout_is_states_timeout_which_task_failed_does_not_match() {
    let fake = hanging();
    let options = ExecutionOptions {
        time_scale: 0.001,
        ..ExecutionOptions::default()
    };
    let definition = json!({"StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "f", "TimeoutSeconds": 5, "End": true,
              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"}, {"ErrorEquals": ["States.Timeout"], "Next": "Right"}]},
        "Wrong": {"Type": "Fail", "Error": "Wrong"},
        "Right": {"Type": "Pass", "End": true}}});
    let e = exec_with(definition, json!({}), &fake, &options).await;
    assert_eq!(succeeded(&e)["Error"], "States.Timeout");
    assert!(
        e.history
            .iter()
            .any(|h| matches!(h, HistoryEvent::TaskTimedOut { .. }))
    );
}

#[tokio::test]
async fn timeout_seconds_path_reads_the_input() {
    let fake = hanging();
    let options = ExecutionOptions {
        time_scale: 0.001,
        ..ExecutionOptions::default()
    };
    let definition = single(
        json!({"Type": "Task", "Resource": "f", "TimeoutSecondsPath": "$.limit", "End": true}),
    );
    let e = exec_with(definition, json!({"limit": 2}), &fake, &options).await;
    assert_eq!(failed(&e).0, "States.Timeout");
}

#[tokio::test]
async fn machine_timeout_times_the_execution_out() {
    let fake = Fake::echo();
    let options = ExecutionOptions {
        time_scale: 0.001,
        ..ExecutionOptions::default()
    };
    let definition = json!({"StartAt": "W", "TimeoutSeconds": 1, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}});
    let e = exec_with(definition, json!({}), &fake, &options).await;
    assert_eq!(failed(&e).0, "States.Timeout");
    assert_eq!(e.status(), ExecutionStatus::TimedOut);
}

// --- Fail, Succeed, Choice, Wait ---------------------------------------------------------------

#[tokio::test]
async fn fail_state_reads_error_and_cause_from_paths_and_intrinsics() {
    let fake = Fake::echo();
    let definition = single(
        json!({"Type": "Fail", "ErrorPath": "$.code", "CausePath": "States.Format('case {} failed', $.id)"}),
    );
    let e = exec(definition, json!({"code": "Rejected", "id": 7}), &fake).await;
    assert_eq!(failed(&e), ("Rejected", "case 7 failed"));
    assert_eq!(e.status(), ExecutionStatus::Failed);
    let e = exec(
        single(json!({"Type": "Fail", "ErrorPath": "$.id"})),
        json!({"id": 7}),
        &fake,
    )
    .await;
    assert_eq!(
        failed(&e).0,
        "States.Runtime",
        "an ErrorPath must select a string"
    );
    let e = exec(single(json!({"Type": "Fail"})), json!({}), &fake).await;
    assert_eq!(failed(&e), ("", ""));
}

#[tokio::test]
async fn succeed_applies_input_and_output_paths() {
    let e = exec(
        single(json!({"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"})),
        json!({"a": {"b": 3}}),
        &Fake::echo(),
    )
    .await;
    assert_eq!(succeeded(&e), &json!(3));
}

#[tokio::test]
async fn choice_routes_and_reports_no_match() {
    let definition = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "OutputPath": "$.v", "Choices": [
            {"Variable": "$.v", "NumericGreaterThan": 10, "Next": "Big"},
            {"And": [{"Variable": "$.v", "IsNumeric": true}, {"Variable": "$.v", "NumericLessThan": 0}], "Next": "Negative"}]},
        "Big": {"Type": "Pass", "Result": "big", "End": true},
        "Negative": {"Type": "Pass", "Result": "negative", "End": true}}});
    let fake = Fake::echo();
    assert_eq!(
        succeeded(&exec(definition.clone(), json!({"v": 11}), &fake).await),
        &json!("big")
    );
    assert_eq!(
        succeeded(&exec(definition.clone(), json!({"v": -1}), &fake).await),
        &json!("negative")
    );
    let e = exec(definition, json!({"v": 5}), &fake).await;
    assert_eq!(failed(&e).0, "States.NoChoiceMatched");
}

#[tokio::test]
async fn choice_on_a_missing_variable_is_a_runtime_error() {
    let definition = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.nope", "StringEquals": "x", "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"}}});
    let e = exec(definition, json!({}), &Fake::echo()).await;
    assert_eq!(failed(&e).0, "States.Runtime");
}

#[tokio::test]
async fn wait_reads_seconds_and_timestamps_and_passes_input_on() {
    let fake = Fake::echo();
    let options = ExecutionOptions {
        time_scale: 0.001,
        ..ExecutionOptions::default()
    };
    for state in [
        json!({"Type": "Wait", "Seconds": 2, "End": true}),
        json!({"Type": "Wait", "SecondsPath": "$.s", "End": true}),
        json!({"Type": "Wait", "Timestamp": "2000-01-01T00:00:00Z", "End": true}),
        json!({"Type": "Wait", "TimestampPath": "$.t", "End": true}),
    ] {
        let e = exec_with(
            single(state.clone()),
            json!({"s": 1, "t": "2000-01-01T00:00:00Z"}),
            &fake,
            &options,
        )
        .await;
        assert_eq!(
            succeeded(&e),
            &json!({"s": 1, "t": "2000-01-01T00:00:00Z"}),
            "{state}"
        );
    }
    let e = exec(
        single(json!({"Type": "Wait", "SecondsPath": "$.s", "End": true})),
        json!({"s": "soon"}),
        &fake,
    )
    .await;
    assert_eq!(failed(&e).0, "States.Runtime");
}

// --- Parallel and Map ------------------------------------------------------------------------

fn task_branch(name: &str, function: &str) -> Value {
    json!({"StartAt": name, "States": {name: {"Type": "Task", "Resource": function, "End": true}}})
}

#[tokio::test]
async fn parallel_outputs_branch_results_in_order() {
    let fake = Fake::new(|f, p, _| Ok(json!({"from": f, "got": p})));
    let definition = single(
        json!({"Type": "Parallel", "Parameters": {"x.$": "$.x"}, "ResultPath": "$.r", "End": true,
        "Branches": [task_branch("One", "one"), task_branch("Two", "two")]}),
    );
    let e = exec(definition, json!({"x": 1}), &fake).await;
    assert_eq!(
        succeeded(&e),
        &json!({"x": 1, "r": [{"from": "one", "got": {"x": 1}}, {"from": "two", "got": {"x": 1}}]})
    );
}

#[tokio::test]
async fn a_failing_branch_fails_the_parallel_state_and_stops_the_others() {
    // "slow" never answers: the execution can only finish if that branch is dropped.
    let fake = Fake::new_async(|f, _, _| {
        let f = f.to_string();
        Box::pin(async move {
            if f == "slow" {
                futures::future::pending().await
            } else {
                Err(fails("BranchBroke"))
            }
        })
    });
    let definition = json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [task_branch("Slow", "slow"), task_branch("Broken", "broken")],
              "Catch": [{"ErrorEquals": ["BranchBroke"], "Next": "Handled"}]},
        "Handled": {"Type": "Pass", "End": true}}});
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(
        succeeded(&e),
        &json!({"Error": "BranchBroke", "Cause": "BranchBroke happened"})
    );
}

#[tokio::test]
async fn parallel_retry_reruns_every_branch() {
    let fake = Fake::new(|f, _, n| {
        if f == "b" && n == 0 {
            Err(fails("Once"))
        } else {
            Ok(json!(f))
        }
    });
    let definition = single(
        json!({"Type": "Parallel", "End": true, "Branches": [task_branch("A", "a"), task_branch("B", "b")],
        "Retry": [{"ErrorEquals": ["Once"]}]}),
    );
    let e = exec(definition, json!({}), &fake).await;
    assert_eq!(succeeded(&e), &json!(["a", "b"]));
    assert_eq!(fake.calls_to("a").len(), 2);
}

#[tokio::test]
async fn map_runs_each_item_with_item_selector_and_context() {
    let fake = Fake::new(|_, p, _| Ok(p.clone()));
    let definition = single(json!({
        "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.results", "End": true,
        "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "f", "End": true}}}
    }));
    let e = exec(definition, json!({"items": ["a", "b"], "shared": 1}), &fake).await;
    assert_eq!(
        succeeded(&e)["results"],
        json!([{"index": 0, "value": "a", "shared": 1}, {"index": 1, "value": "b", "shared": 1}])
    );
}

#[tokio::test]
async fn map_legacy_iterator_and_parameters() {
    let definition = single(
        json!({"Type": "Map", "End": true, "Parameters": {"v.$": "$$.Map.Item.Value"},
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}),
    );
    let e = exec(definition, json!([1, 2]), &Fake::echo()).await;
    assert_eq!(succeeded(&e), &json!([{"v": 1}, {"v": 2}]));
}

#[tokio::test]
async fn map_respects_max_concurrency_and_keeps_order() {
    let processor =
        json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "f", "End": true}}});
    for (limit, expected_max) in [(1, 1), (2, 2), (0, 5)] {
        let fake = Fake::echo();
        let definition = single(
            json!({"Type": "Map", "MaxConcurrency": limit, "ItemProcessor": processor, "End": true}),
        );
        let e = exec(definition, json!([1, 2, 3, 4, 5]), &fake).await;
        assert_eq!(succeeded(&e), &json!([1, 2, 3, 4, 5]));
        assert_eq!(
            fake.max_running.load(Ordering::SeqCst),
            expected_max,
            "MaxConcurrency {limit}"
        );
    }
}

#[tokio::test]
async fn a_failing_item_fails_the_map_state() {
    let fake = Fake::new(|_, p, _| {
        if p == &json!(2) {
            Err(fails("BadItem"))
        } else {
            Ok(p.clone())
        }
    });
    let definition = single(
        json!({"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "f", "End": true}}}}),
    );
    let e = exec(definition, json!([1, 2, 3]), &fake).await;
    assert_eq!(failed(&e).0, "BadItem");
    let e = exec(single(json!({"Type": "Map", "End": true, "ItemsPath": "$.x", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})), json!({"x": 1}), &fake).await;
    assert_eq!(
        failed(&e).0,
        "States.Runtime",
        "ItemsPath must select an array"
    );
}

// --- context and history ---------------------------------------------------------------------

#[tokio::test]
async fn context_object_names_the_execution_and_machine() {
    let options = ExecutionOptions {
        state_machine_name: "Machine".into(),
        region: "eu-west-1".into(),
        account_id: "111122223333".into(),
        ..instant()
    };
    let definition = single(json!({"Type": "Pass", "End": true, "Parameters": {
        "id.$": "$$.Execution.Id", "input.$": "$$.Execution.Input", "machine.$": "$$.StateMachine.Id",
        "machine_name.$": "$$.StateMachine.Name", "start.$": "$$.Execution.StartTime", "entered.$": "$$.State.EnteredTime"}}));
    let e = exec_with(definition, json!({"in": 1}), &Fake::echo(), &options).await;
    let out = succeeded(&e);
    assert_eq!(
        out["id"],
        "arn:aws:states:eu-west-1:111122223333:execution:Machine:exec-1"
    );
    assert_eq!(
        out["machine"],
        "arn:aws:states:eu-west-1:111122223333:stateMachine:Machine"
    );
    assert_eq!(out["machine_name"], "Machine");
    assert_eq!(out["input"], json!({"in": 1}));
    for time in [&out["start"], &out["entered"]] {
        assert!(
            crate::timestamp::parse(time.as_str().unwrap()).is_some(),
            "{time}"
        );
    }
}

#[tokio::test]
async fn history_records_states_tasks_and_the_end() {
    let fake = Fake::new(|_, _, _| Ok(json!(1)));
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "f", "Next": "B"}, "B": {"Type": "Succeed"}}});
    let e = exec(definition, json!({}), &fake).await;
    let expected = vec![
        HistoryEvent::ExecutionStarted { input: json!({}) },
        HistoryEvent::StateEntered {
            state: "A".into(),
            input: json!({}),
        },
        HistoryEvent::TaskScheduled {
            state: "A".into(),
            function: "f".into(),
            payload: json!({}),
        },
        HistoryEvent::TaskSucceeded {
            state: "A".into(),
            function: "f".into(),
            output: json!(1),
        },
        HistoryEvent::StateExited {
            state: "A".into(),
            output: json!(1),
        },
        HistoryEvent::StateEntered {
            state: "B".into(),
            input: json!(1),
        },
        HistoryEvent::StateExited {
            state: "B".into(),
            output: json!(1),
        },
        HistoryEvent::ExecutionSucceeded { output: json!(1) },
    ];
    assert_eq!(e.history, expected);
    assert_eq!(e.status(), ExecutionStatus::Succeeded);
}

#[tokio::test]
async fn substituted_definitions_run() {
    let text = r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","End":true}}}"#;
    let subs = BTreeMap::from([("Fn".to_string(), "real-fn".to_string())]);
    let machine = StateMachine::parse(&crate::substitute(text, &subs).unwrap()).unwrap();
    let fake = Fake::echo();
    let e = run(&machine, &fake, "x", json!({"k": 1}), &instant()).await;
    assert_eq!(succeeded(&e), &json!({"k": 1}));
    assert_eq!(machine.function_names(), vec!["real-fn"]);
}

#[tokio::test]
async fn an_endless_loop_stops_at_the_history_limit() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}});
    let options = ExecutionOptions {
        max_history_events: 100,
        ..instant()
    };
    let e = exec_with(definition, json!({}), &Fake::echo(), &options).await;
    let (error, cause) = failed(&e);
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("100 history events"), "{cause}");
}

#[test]
fn the_run_future_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let machine = StateMachine::parse(&single(json!({"Type": "Succeed"})).to_string()).unwrap();
    let fake = Fake::echo();
    let options = instant();
    let execution = run(&machine, &fake, "x", json!({}), &options);
    assert_send(&execution);
}
