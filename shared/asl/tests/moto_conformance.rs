//! Conformance with moto's Step Functions executor (LocalStack's port of an ASL interpreter,
//! itself checked against AWS): for each definition below (no Lambda), moto and this crate run
//! the same named execution on the same input and must end with the same status and the same
//! output (or the same error name).
//!
//! Each case runs in its own moto account (`x-moto-account-id`): moto 5.1 deep-copies the
//! whole account's backend when starting an execution and fails (`cannot pickle
//! '_thread.RLock'`) once the account holds a finished execution.
//!
//! Where moto deviates from AWS's documented behaviour the case is left out here and the AWS
//! behaviour is a unit test of the crate instead:
//! - a Choice `Variable` that selects nothing: AWS fails with `States.Runtime` ("Invalid path
//!   ... references an invalid value"), moto treats the rule as false
//!   (`execution::tests::choice_on_a_missing_variable_is_a_runtime_error`);
//! - a `ResultPath` through a non-object: AWS/spec `States.ResultPathMatchFailure`, moto
//!   `States.Runtime` (`execution::tests::result_path_creates_objects_or_fails_with_match_failure`);
//! - escaped `\{` `\}` `\'` in intrinsic string literals: moto fails with a `KeyError`
//!   (`intrinsic::functions::tests::format_interpolates_and_honours_escapes`);
//! - non-integer numbers where AWS rounds (`States.ArrayRange(1, 3, 0.6)`): moto rejects the
//!   definition; a negative `States.ArrayRange` step: moto fails, AWS documents only "non-zero"
//!   (`intrinsic::functions::tests::array_functions`, `math_functions`);
//! - `States.MathRandom`: moto includes the end, AWS documents it as exclusive (and the number
//!   is random anyway) (`math_functions`); any float literal argument (`States.Format('{}', 2.5)`)
//!   makes moto reject the definition, and moto drops `null` literal arguments
//!   (`States.Array(1, null)` is `[1]`) (`intrinsic::tests::parses_nested_calls_literals_and_paths`);
//! - a path starting with an index (`"x.$": "$[0].passages"`, as the pre-auth workflow's
//!   ResultSelector uses) or with a negative index (`$.list[-1]`): moto returns a one-item
//!   array; Jayway, the JSONPath library of Step Functions, treats a single index as definite
//!   and returns the node (`json_path::tests::definite_paths_select_one_node`);
//! - `TimestampEquals` between the same instant in two offsets: moto compares the text, AWS the
//!   instants (`choice::tests::every_comparison_operator`);
//! - a Choice with no matching rule and no Default: AWS `States.NoChoiceMatched`, moto
//!   `States.Runtime` (`execution::tests::choice_routes_and_reports_no_match`);
//! - an `ItemsPath` that selects a non-array: moto reports `States.QueryEvaluationError`, which
//!   AWS documents for JSONata states; this crate reports `States.Runtime` like every other
//!   JSONPath selection failure (`execution::tests::a_failing_item_fails_the_map_state`);
//! - the context object: moto has no `$$.State.RetryCount` nor `$$.Execution.RedriveCount`,
//!   and prints times with microseconds and `+00:00` (`execution::tests::retry_count_is_in_the_context_object`);
//! - an execution whose output is a bare string: moto's DescribeExecution returns the string
//!   unquoted (not JSON), so cases here end with objects.

use std::time::{Duration, Instant};

use aws_sdk_sfn::Client;
use aws_sdk_sfn::types::ExecutionStatus;
use futures::StreamExt as _;
use mediclear_asl::{ExecutionOptions, Outcome, StateMachine, TaskFailure, TaskInvoker, run};
use serde_json::{Value, json};

/// What an execution ended with, in terms both sides can report (`Other`: anything else, with
/// the detail shown when a case differs).
#[derive(Debug, Clone)]
#[allow(dead_code)] // `Other`'s text is only read through `Debug`.
enum Ended {
    Succeeded(Value),
    Failed(String),
    Other(String),
}

fn same(a: &Ended, b: &Ended) -> bool {
    match (a, b) {
        (Ended::Succeeded(x), Ended::Succeeded(y)) => same_json(x, y),
        (Ended::Failed(x), Ended::Failed(y)) => x == y,
        _ => false,
    }
}

/// JSON equality where `2` and `2.0` are the same number (moto is Python).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

struct NoLambda;

#[async_trait::async_trait]
impl TaskInvoker for NoLambda {
    async fn invoke(&self, function_name: &str, _: Value) -> Result<Value, TaskFailure> {
        Err(TaskFailure {
            error: "NoLambda".into(),
            cause: format!("conformance cases call no function ({function_name})"),
        })
    }
}

const REGION: &str = "us-east-1";

/// Runs `definition` in moto in a fresh account, as a named execution.
async fn on_moto(
    client: &Client,
    account: &str,
    machine_name: &str,
    execution_name: &str,
    definition: &Value,
    input: &Value,
) -> Ended {
    let account = account.to_string();
    let header = move |req: &mut aws_smithy_runtime_api::client::orchestrator::HttpRequest| {
        req.headers_mut()
            .insert("x-moto-account-id", account.clone());
    };
    let created = client
        .create_state_machine()
        .name(machine_name)
        .definition(definition.to_string())
        .role_arn("arn:aws:iam::123456789012:role/conformance")
        .customize()
        .mutate_request(header.clone())
        .send()
        .await;
    let machine_arn = match created {
        Ok(out) => out.state_machine_arn().to_string(),
        Err(e) => {
            return Ended::Other(format!(
                "moto rejected the definition: {:?}",
                e.into_service_error()
            ));
        }
    };
    let started = client
        .start_execution()
        .state_machine_arn(&machine_arn)
        .name(execution_name)
        .input(input.to_string())
        .customize()
        .mutate_request(header.clone())
        .send()
        .await;
    let execution_arn = match started {
        Ok(out) => out.execution_arn().to_string(),
        Err(e) => return Ended::Other(format!("moto did not start the execution: {e:?}")),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let described = match client
            .describe_execution()
            .execution_arn(&execution_arn)
            .customize()
            .mutate_request(header.clone())
            .send()
            .await
        {
            Ok(d) => d,
            Err(e) => return Ended::Other(format!("DescribeExecution failed: {e:?}")),
        };
        match described.status() {
            ExecutionStatus::Running if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            ExecutionStatus::Succeeded => {
                let output = described.output().unwrap_or("null");
                return match serde_json::from_str(output) {
                    Ok(v) => Ended::Succeeded(v),
                    Err(e) => Ended::Other(format!("moto output is not JSON ({e}): {output}")),
                };
            }
            ExecutionStatus::Failed => {
                return Ended::Failed(described.error().unwrap_or_default().to_string());
            }
            other => return Ended::Other(format!("status {other:?}")),
        }
    }
}

/// Runs `definition` here, with the context object moto would give (same names, account, region).
async fn here(
    account: &str,
    machine_name: &str,
    execution_name: &str,
    definition: &Value,
    input: &Value,
) -> Ended {
    let machine = match StateMachine::parse(&definition.to_string()) {
        Ok(m) => m,
        Err(e) => return Ended::Other(format!("rejected: {e}")),
    };
    let options = ExecutionOptions {
        time_scale: 0.0,
        state_machine_name: machine_name.into(),
        region: REGION.into(),
        account_id: account.into(),
        ..ExecutionOptions::default()
    };
    match run(&machine, &NoLambda, execution_name, input.clone(), &options)
        .await
        .outcome
    {
        Outcome::Succeeded(v) => Ended::Succeeded(v),
        Outcome::Failed { error, .. } => Ended::Failed(error),
    }
}

/// Runs every case on both sides and fails listing every case that differs.
async fn conform(cases: Vec<(&'static str, Value, Value)>) {
    let Some(moto) = mediclear_testkit::moto::moto() else {
        return;
    };
    let client = Client::new(&moto.sdk_config().await);
    let client = &client;
    let results: Vec<String> = futures::stream::iter(cases)
        .map(|(name, definition, input)| async move {
            let account = format!("{:012}", uuid::Uuid::new_v4().as_u128() % 1_000_000_000_000);
            let machine_name = mediclear_testkit::unique("sm");
            let execution_name = mediclear_testkit::unique("exec");
            let theirs = on_moto(
                client,
                &account,
                &machine_name,
                &execution_name,
                &definition,
                &input,
            )
            .await;
            let ours = here(
                &account,
                &machine_name,
                &execution_name,
                &definition,
                &input,
            )
            .await;
            if same(&theirs, &ours) {
                String::new()
            } else {
                format!("{name}:\n    moto: {theirs:?}\n    ours: {ours:?}")
            }
        })
        .buffer_unordered(4)
        .filter(|r| futures::future::ready(!r.is_empty()))
        .collect()
        .await;
    assert!(
        results.is_empty(),
        "{} case(s) differ from moto:\n{}",
        results.len(),
        results.join("\n")
    );
}

fn single(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

fn pass(parameters: Value) -> Value {
    single(json!({"Type": "Pass", "Parameters": parameters, "End": true}))
}

#[tokio::test]
async fn input_and_output_processing() {
    let doc = json!({"case": {"id": "c-1", "items": [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}, {"id": 3}]}, "flag": true});
    conform(vec![
        (
            "parameters with paths, nested objects and arrays",
            pass(json!({
                "static": {"keep": "$.not-a-path", "list": [1, {"v.$": "$.case.id"}]},
                "id.$": "$.case.id",
                "first.$": "$.case.items[0]",
                "ids.$": "$.case.items[*].id",
                "names.$": "$.case.items[*].n",
                "slice.$": "$.case.items[1:]",
                "union.$": "$.case.items[0,2]",
                "whole.$": "$",
            })),
            doc.clone(),
        ),
        (
            "context object",
            pass(json!({
                "execution.$": "$$.Execution.Name",
                "execution_id.$": "$$.Execution.Id",
                "input.$": "$$.Execution.Input",
                "machine.$": "$$.StateMachine.Name",
                "machine_id.$": "$$.StateMachine.Id",
                "state.$": "$$.State.Name",
            })),
            doc.clone(),
        ),
        (
            "InputPath, ResultPath creating objects, OutputPath",
            single(json!({"Type": "Pass", "InputPath": "$.case", "Parameters": {"count.$": "States.ArrayLength($.items)"},
                "ResultPath": "$.report.summary", "OutputPath": "$.report", "End": true})),
            doc.clone(),
        ),
        ("Result with ResultPath", single(json!({"Type": "Pass", "Result": {"r": [1, 2]}, "ResultPath": "$.case.result", "End": true})), doc.clone()),
        ("ResultPath null keeps the input", single(json!({"Type": "Pass", "Result": "dropped", "ResultPath": null, "End": true})), doc.clone()),
        ("InputPath null", single(json!({"Type": "Pass", "InputPath": null, "End": true})), doc.clone()),
        ("OutputPath null", single(json!({"Type": "Pass", "OutputPath": null, "End": true})), doc.clone()),
        ("ResultPath replacing an existing field", single(json!({"Type": "Pass", "Result": 9, "ResultPath": "$.flag", "End": true})), doc.clone()),
        (
            "ResultSelector on a Parallel result",
            single(json!({"Type": "Parallel", "End": true, "ResultSelector": {"all.$": "$[*].x", "second.$": "$[1]"}, "ResultPath": "$.sel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 1}, "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": {"x": 2}, "End": true}}}]})),
            doc.clone(),
        ),
        ("a missing path in Parameters", pass(json!({"x.$": "$.nope"})), doc.clone()),
        ("a missing InputPath", single(json!({"Type": "Pass", "InputPath": "$.nope", "End": true})), doc.clone()),
        ("a missing OutputPath", single(json!({"Type": "Pass", "OutputPath": "$.nope", "End": true})), doc.clone()),
        ("a non-object input", pass(json!({"v.$": "$"})), json!([1, "two", null])),
        ("quoted field names", pass(json!({"x.$": "$['a b']['c.d']", "y.$": "$['list'][1]"})), json!({"a b": {"c.d": 5}, "list": [1, 2, 3]})),
        ("Result wins over Parameters in a Pass state", single(json!({"Type": "Pass", "Result": {"x": 1}, "Parameters": {"y": 2}, "End": true})), json!({})),
    ])
    .await;
}

#[tokio::test]
async fn intrinsic_functions() {
    let input = json!({
        "name": "Arnav", "template": "Hello, {}!", "items": [1, 2, 2, 3, 1], "index": 2,
        "json_text": "{\"a\": [1, {\"b\": null}]}", "obj": {"k": "v"}, "left": {"a": 1, "b": {"x": 1}}, "right": {"b": {"y": 2}, "c": 3},
        "csv": "a,b,,c;d", "data": "input data", "nil": null,
    });
    conform(vec![
        (
            "Format",
            pass(json!({
                "literal.$": "States.Format('Hello, my name is {}.', $.name)",
                "from_path.$": "States.Format($.template, $.name)",
                "values.$": "States.Format('{} {} {} {} {}', 1, true, $.nil, $.obj, $.items)",
                "nothing.$": "States.Format('plain')",
            })),
            input.clone(),
        ),
        (
            "array functions",
            pass(json!({
                "array.$": "States.Array($.name, 1, States.Array())",
                "partition.$": "States.ArrayPartition($.items, 2)",
                "contains.$": "States.ArrayContains($.items, 3)",
                "contains_not.$": "States.ArrayContains($.items, 7)",
                "range.$": "States.ArrayRange(1, 9, 2)",
                "item.$": "States.ArrayGetItem($.items, $.index)",
                "length.$": "States.ArrayLength($.items)",
                "unique.$": "States.ArrayUnique($.items)",
            })),
            input.clone(),
        ),
        (
            "JSON functions",
            pass(json!({
                "parsed.$": "States.StringToJson($.json_text)",
                "text.$": "States.JsonToString($.obj)",
                "merged.$": "States.JsonMerge($.left, $.right, false)",
            })),
            input.clone(),
        ),
        (
            "encoding and hashing",
            pass(json!({
                "b64.$": "States.Base64Encode($.data)",
                "back.$": "States.Base64Decode(States.Base64Encode($.data))",
                "md5.$": "States.Hash($.data, 'MD5')",
                "sha1.$": "States.Hash($.data, 'SHA-1')",
                "sha256.$": "States.Hash($.data, 'SHA-256')",
                "sha384.$": "States.Hash($.data, 'SHA-384')",
                "sha512.$": "States.Hash($.data, 'SHA-512')",
            })),
            input.clone(),
        ),
        (
            "math and strings",
            pass(json!({
                "sum.$": "States.MathAdd(111, -1)",
                "from_paths.$": "States.MathAdd($.index, $.index)",
                "split.$": "States.StringSplit($.csv, ',;')",
            })),
            input.clone(),
        ),
        (
            "nested calls",
            pass(json!({"nested.$": "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit('x/y.z/w', '/'), 1), States.ArrayLength(States.Array(1, 2)))"})),
            input.clone(),
        ),
        ("JsonToString of sorted keys", pass(json!({"text.$": "States.JsonToString($.left)"})), input.clone()),
        ("an index out of range", pass(json!({"x.$": "States.ArrayGetItem($.items, 9)"})), input.clone()),
        ("bad JSON text", pass(json!({"x.$": "States.StringToJson($.name)"})), input.clone()),
    ])
    .await;
}

fn choice(rules: Value) -> Value {
    json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": rules, "Default": "Other"},
        "Yes": {"Type": "Pass", "Result": {"went": "yes"}, "End": true},
        "Other": {"Type": "Pass", "Result": {"went": "other"}, "End": true}}})
}

#[tokio::test]
async fn choice_rules() {
    let input = json!({
        "s": "banana", "s2": "cherry", "n": 10, "f": 2.5, "n2": 10.0, "b": true, "b2": false,
        "t": "2024-05-01T10:00:00Z", "t2": "2024-05-01T12:00:00+02:00", "nil": null, "file": "report-2024.pdf",
    });
    let rule = |r: Value| {
        let mut r = r;
        r["Next"] = json!("Yes");
        choice(json!([r]))
    };
    let mut cases = Vec::new();
    for (name, r) in [
        (
            "StringEquals",
            json!({"Variable": "$.s", "StringEquals": "banana"}),
        ),
        (
            "StringLessThan",
            json!({"Variable": "$.s", "StringLessThan": "cherry"}),
        ),
        (
            "StringGreaterThanEquals",
            json!({"Variable": "$.s", "StringGreaterThanEquals": "cherry"}),
        ),
        (
            "StringLessThanPath",
            json!({"Variable": "$.s", "StringLessThanPath": "$.s2"}),
        ),
        (
            "StringMatches",
            json!({"Variable": "$.file", "StringMatches": "report-*.pdf"}),
        ),
        (
            "StringMatches no match",
            json!({"Variable": "$.file", "StringMatches": "*.doc"}),
        ),
        (
            "NumericEquals int and float",
            json!({"Variable": "$.n", "NumericEquals": 10.0}),
        ),
        (
            "NumericLessThan",
            json!({"Variable": "$.f", "NumericLessThan": 3}),
        ),
        (
            "NumericGreaterThanEquals",
            json!({"Variable": "$.f", "NumericGreaterThanEquals": 2.5}),
        ),
        (
            "NumericEqualsPath",
            json!({"Variable": "$.n", "NumericEqualsPath": "$.n2"}),
        ),
        (
            "NumericGreaterThanPath",
            json!({"Variable": "$.n", "NumericGreaterThanPath": "$.f"}),
        ),
        (
            "BooleanEquals",
            json!({"Variable": "$.b", "BooleanEquals": true}),
        ),
        (
            "BooleanEqualsPath",
            json!({"Variable": "$.b", "BooleanEqualsPath": "$.b2"}),
        ),
        (
            "TimestampEquals",
            json!({"Variable": "$.t", "TimestampEquals": "2024-05-01T10:00:00Z"}),
        ),
        (
            "TimestampLessThan",
            json!({"Variable": "$.t", "TimestampLessThan": "2024-05-01T10:00:01Z"}),
        ),
        (
            "TimestampGreaterThanEquals",
            json!({"Variable": "$.t", "TimestampGreaterThanEquals": "2024-06-01T00:00:00Z"}),
        ),
        (
            "IsPresent false",
            json!({"Variable": "$.missing", "IsPresent": false}),
        ),
        ("IsNull", json!({"Variable": "$.nil", "IsNull": true})),
        ("IsString", json!({"Variable": "$.s", "IsString": true})),
        (
            "IsNumeric on a string",
            json!({"Variable": "$.s", "IsNumeric": true}),
        ),
        ("IsBoolean", json!({"Variable": "$.b", "IsBoolean": true})),
        (
            "IsTimestamp",
            json!({"Variable": "$.t", "IsTimestamp": true}),
        ),
        (
            "IsTimestamp on a plain string",
            json!({"Variable": "$.s", "IsTimestamp": true}),
        ),
        (
            "type mismatch is false",
            json!({"Variable": "$.s", "NumericEquals": 1}),
        ),
        (
            "And, Or, Not",
            json!({"And": [{"Variable": "$.n", "NumericGreaterThan": 5},
                           {"Or": [{"Variable": "$.s", "StringEquals": "apple"}, {"Not": {"Variable": "$.b", "BooleanEquals": false}}]}]}),
        ),
    ] {
        cases.push((name, rule(r), input.clone()));
    }
    cases.push((
        "InputPath and OutputPath on Choice",
        json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "InputPath": "$.inner", "OutputPath": "$.v", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "Yes"}]},
            "Yes": {"Type": "Succeed"}}}),
        json!({"inner": {"v": 1}}),
    ));
    conform(cases).await;
}

fn branch(states: Value, start: &str) -> Value {
    json!({"StartAt": start, "States": states})
}

#[tokio::test]
async fn parallel_and_map() {
    conform(vec![
        (
            "parallel branches see the effective input",
            single(json!({"Type": "Parallel", "InputPath": "$.in", "ResultPath": "$.out", "End": true, "Branches": [
                branch(json!({"A": {"Type": "Pass", "Parameters": {"a.$": "$.v"}, "End": true}}), "A"),
                branch(json!({"B1": {"Type": "Pass", "Result": 2, "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}), "B1"),
                branch(json!({"C": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"C1": {"Type": "Succeed"}}), "C1")]}}), "C"),
            ]})),
            json!({"in": {"v": 1}}),
        ),
        (
            "a failing branch fails the Parallel state",
            single(json!({"Type": "Parallel", "End": true, "Branches": [
                branch(json!({"Ok": {"Type": "Pass", "End": true}}), "Ok"),
                branch(json!({"Bad": {"Type": "Fail", "Error": "BranchBroke", "Cause": "because"}}), "Bad"),
            ]})),
            json!({}),
        ),
        (
            "a catcher handles a branch failure",
            json!({"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"Bad": {"Type": "Fail", "Error": "BranchBroke", "Cause": "because"}}), "Bad")],
                      "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"}, {"ErrorEquals": ["BranchBroke"], "ResultPath": "$.error", "Next": "Handled"}]},
                "Wrong": {"Type": "Fail", "Error": "Wrong"},
                "Handled": {"Type": "Pass", "End": true}}}),
            json!({"keep": 1}),
        ),
        (
            "States.TaskFailed and States.ALL catch a branch's custom error",
            json!({"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "Next": "Q", "Branches": [branch(json!({"Bad": {"Type": "Fail", "Error": "Custom"}}), "Bad")],
                      "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.first", "Next": "Q"}]},
                "Q": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"Bad2": {"Type": "Fail", "Error": "Custom2"}}), "Bad2")],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.second", "Next": "Done"}]},
                "Done": {"Type": "Succeed"}}}),
            json!({}),
        ),
        (
            "a retried branch failure is caught after its retries",
            json!({"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"Bad": {"Type": "Fail", "Error": "Flaky"}}), "Bad")],
                      "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                      "Catch": [{"ErrorEquals": ["Flaky"], "Next": "Handled"}]},
                "Handled": {"Type": "Pass", "End": true}}}),
            json!({}),
        ),
        (
            "map with ItemsPath, ItemSelector and the Map context",
            single(json!({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "ResultPath": "$.results", "End": true,
                "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Double", "States": {
                    "Double": {"Type": "Pass", "Parameters": {"i.$": "$.index", "pair.$": "States.Array($.value, $.value)", "s.$": "$.shared"}, "End": true}}}})),
            json!({"items": ["a", {"b": 1}, 3], "shared": "s"}),
        ),
        (
            "map with the legacy Iterator and Parameters",
            single(json!({"Type": "Map", "Parameters": {"v.$": "$$.Map.Item.Value"}, "ResultSelector": {"n.$": "States.ArrayLength($)"}, "End": true,
                "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})),
            json!([1, 2, 3]),
        ),
        (
            "map with MaxConcurrencyPath inside a Parallel branch",
            single(json!({"Type": "Parallel", "End": true, "Branches": [branch(json!({
                "M": {"Type": "Map", "MaxConcurrencyPath": "$.limit", "ItemsPath": "$.items", "End": true,
                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": true}}}}}), "M")]})),
            json!({"limit": 2, "items": [3, 2, 1]}),
        ),
        (
            "a States.Runtime error in a branch is not caught by States.ALL",
            json!({"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"X": {"Type": "Pass", "InputPath": "$.nope", "End": true}}), "X")],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                "Caught": {"Type": "Pass", "End": true}}}),
            json!({"a": 1}),
        ),
        (
            "catchers in order, several names, ResultPath null, no retry with MaxAttempts 0",
            json!({"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "End": true, "Branches": [branch(json!({"Bad": {"Type": "Fail", "Error": "Second", "Cause": "c"}}), "Bad")],
                      "Retry": [{"ErrorEquals": ["Second"], "MaxAttempts": 0}],
                      "Catch": [{"ErrorEquals": ["First"], "Next": "Wrong"}, {"ErrorEquals": ["Other", "Second"], "ResultPath": null, "Next": "Right"},
                                {"ErrorEquals": ["States.ALL"], "Next": "Wrong"}]},
                "Wrong": {"Type": "Fail", "Error": "WrongCatcher"},
                "Right": {"Type": "Pass", "Result": "right", "ResultPath": "$.went", "End": true}}}),
            json!({"keep": true}),
        ),
        ("map over no items", single(json!({"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})), json!([])),
        (
            "a failing item fails the Map state",
            single(json!({"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Ok"},
                "Bad": {"Type": "Fail", "Error": "BadItem"},
                "Ok": {"Type": "Succeed"}}}})),
            json!([1, 2, 3]),
        ),
    ])
    .await;
}

#[tokio::test]
async fn terminal_and_wait_states() {
    conform(vec![
        ("Fail with Error and Cause", single(json!({"Type": "Fail", "Error": "CaseRejected", "Cause": "no evidence"})), json!({})),
        ("Fail with ErrorPath and CausePath", single(json!({"Type": "Fail", "ErrorPath": "$.code", "CausePath": "$.why"})), json!({"code": "E42", "why": "because"})),
        (
            "Fail with intrinsic ErrorPath and CausePath",
            single(json!({"Type": "Fail", "ErrorPath": "States.Format('E{}', $.n)", "CausePath": "States.JsonToString($)"})),
            json!({"n": 1}),
        ),
        ("a SecondsPath that is not a number", single(json!({"Type": "Wait", "SecondsPath": "$.s", "End": true})), json!({"s": "1"})),
        ("Succeed with paths", single(json!({"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"})), json!({"a": {"b": [1]}})),
        (
            "Wait zero seconds in every form",
            json!({"StartAt": "W1", "States": {
                "W1": {"Type": "Wait", "Seconds": 0, "Next": "W2"},
                "W2": {"Type": "Wait", "SecondsPath": "$.zero", "Next": "W3"},
                "W3": {"Type": "Wait", "Timestamp": "2000-01-01T00:00:00Z", "Next": "W4"},
                "W4": {"Type": "Wait", "TimestampPath": "$.past", "OutputPath": "$.zero", "End": true}}}),
            json!({"zero": 0, "past": "2001-02-03T04:05:06Z"}),
        ),
        (
            "a loop through Choice and Pass",
            json!({"StartAt": "Init", "States": {
                "Init": {"Type": "Pass", "Result": {"i": 0, "seen": []}, "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEquals": 3, "Next": "Done"}], "Default": "Step"},
                "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "seen.$": "States.Array($.seen, $.i)"}, "Next": "Check"},
                "Done": {"Type": "Succeed"}}}),
            json!({}),
        ),
    ])
    .await;
}
