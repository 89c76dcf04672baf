//! Whole-definition validation: what Step Functions would refuse at CreateStateMachine.

use serde_json::{Value, json};

use super::*;

fn parse(definition: Value) -> Result<StateMachine, AslError> {
    StateMachine::parse(&definition.to_string())
}

fn rejected(definition: Value) -> AslError {
    parse(definition.clone()).expect_err(&format!("should be rejected: {definition}"))
}

fn assert_invalid(definition: Value, needle: &str) {
    match rejected(definition) {
        AslError::Invalid { at, problem } => {
            assert!(
                format!("{at}: {problem}").contains(needle),
                "expected '{needle}' in '{at}: {problem}'"
            )
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn minimal_machine_parses() {
    let machine = parse(json!({"Comment": "c", "StartAt": "A", "TimeoutSeconds": 5, "States": {"A": {"Type": "Succeed"}}})).unwrap();
    assert_eq!(machine.comment(), Some("c"));
    assert_eq!(machine.timeout_seconds(), Some(5));
}

#[test]
fn not_json_is_a_json_error() {
    assert!(matches!(StateMachine::parse("{"), Err(AslError::Json(_))));
}

#[test]
fn start_at_and_next_must_exist() {
    assert_invalid(
        json!({"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}),
        "StartAt",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}),
        "'B'",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "Gone"}], "Default": "A"}}}),
        "'Gone'",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "f", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}], "End": true}}}),
        "'Gone'",
    );
}

#[test]
fn next_and_end_are_exclusive_and_one_is_required() {
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}}),
        "cannot both",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass"}}}),
        "'Next' or",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Succeed", "End": true}}}),
        "unknown field 'End'",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "A"}], "Next": "A"}}}),
        "unknown field 'Next'",
    );
}

#[test]
fn branches_cannot_jump_out() {
    assert_invalid(
        json!({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Outside"}}}]},
            "Outside": {"Type": "Succeed"}}}),
        "not a state of the same branch",
    );
}

#[test]
fn unreachable_states_are_rejected() {
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Succeed"}}}),
        "Orphan",
    );
}

#[test]
fn state_names_are_unique_and_short() {
    assert_invalid(
        json!({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Next": "X", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}]},
            "X": {"Type": "Succeed"}}}),
        "used twice",
    );
    let long = "n".repeat(81);
    assert_invalid(
        json!({"StartAt": long.clone(), "States": {long: {"Type": "Succeed"}}}),
        "1 to 80",
    );
}

#[test]
fn unknown_fields_and_types_are_rejected() {
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultsPath": "$.x", "End": true}}}),
        "ResultsPath",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Sleep", "End": true}}}),
        "Sleep",
    );
    assert_invalid(
        json!({"StartAt": "A", "Extra": 1, "States": {"A": {"Type": "Succeed"}}}),
        "Extra",
    );
    assert_invalid(
        json!({"StartAt": "A", "States": {"A": {"Type": "Fail", "InputPath": "$"}}}),
        "InputPath",
    );
}

#[test]
fn states_all_must_be_alone_and_last() {
    let task = |retry: Value| json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "f", "Retry": retry, "End": true}}});
    assert_invalid(task(json!([{"ErrorEquals": ["States.ALL", "X"]}])), "alone");
    assert_invalid(
        task(json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}])),
        "last",
    );
}

#[test]
fn field_combinations_and_values() {
    let state = |s: Value| json!({"StartAt": "A", "States": {"A": s}});
    assert_invalid(
        state(json!({"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true})),
        "together",
    );
    assert_invalid(state(json!({"Type": "Wait", "End": true})), "needs one of");
    assert_invalid(
        state(json!({"Type": "Wait", "Timestamp": "tomorrow", "End": true})),
        "RFC 3339",
    );
    assert_invalid(
        state(json!({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})),
        "together",
    );
    assert_invalid(
        state(json!({"Type": "Task", "Resource": "f", "TimeoutSeconds": 0, "End": true})),
        "positive",
    );
    assert_invalid(
        state(json!({"Type": "Pass", "ResultPath": "$.a[*]", "End": true})),
        "Reference Path",
    );
    assert_invalid(
        state(json!({"Type": "Pass", "InputPath": "a", "End": true})),
        "JSONPath",
    );
    assert_invalid(
        state(json!({"Type": "Parallel", "Branches": [], "End": true})),
        "at least one branch",
    );
    assert_invalid(
        state(
            json!({"Type": "Map", "ItemSelector": {}, "Parameters": {}, "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}),
        ),
        "together",
    );
    assert_invalid(
        json!({"StartAt": "A", "TimeoutSeconds": 0, "States": {"A": {"Type": "Succeed"}}}),
        "positive",
    );
}

#[test]
fn unsupported_features_say_so() {
    let state = |s: Value| json!({"StartAt": "A", "States": {"A": s}});
    for definition in [
        state(json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true})),
        state(
            json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {"FunctionName": "f"}, "End": true}),
        ),
        state(json!({"Type": "Task", "Resource": "f", "HeartbeatSeconds": 5, "End": true})),
        state(json!({"Type": "Pass", "Assign": {"x": 1}, "End": true})),
        state(
            json!({"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}),
        ),
        json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}),
    ] {
        assert!(
            matches!(rejected(definition.clone()), AslError::Unsupported { .. }),
            "{definition}"
        );
    }
}

#[test]
fn function_names_cover_nested_tasks_once() {
    let machine = parse(json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "begin", "Payload.$": "$"}, "Next": "P"},
        "P": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "B1", "States": {"B1": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:policy", "End": true}}},
            {"StartAt": "B2", "States": {"B2": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "begin"}, "End": true}}}]},
        "M": {"Type": "Map", "End": true, "Iterator": {"StartAt": "I", "States": {
            "I": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName.$": "$.fn"}, "End": true}}}}}}))
    .unwrap();
    assert_eq!(
        machine.function_names(),
        vec![
            "arn:aws:lambda:us-east-1:123456789012:function:policy",
            "begin"
        ]
    );
}
