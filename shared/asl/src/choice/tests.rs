//! Choice rules: every operator, combinators, errors.

use serde_json::json;

use super::*;
use crate::AslError;
use crate::context::{Context, Scope, testing::facts};
use crate::definition::fields::Fields;
use crate::failure::Failure;

fn choices(rules: Value) -> Result<Choices, AslError> {
    let state = json!({"Choices": rules, "Default": "Fallback"});
    parse(&Fields::new(&state, "C", &["Choices", "Default"]).unwrap())
}

/// Which `Next` one rule leads to for `input` ("Fallback" when it does not hold).
fn pick(rule: Value, input: Value) -> Result<String, Failure> {
    let mut rule = rule;
    rule["Next"] = json!("Yes");
    let choices = choices(json!([rule])).unwrap();
    let facts = facts();
    let ctx = Context::new(&facts, "C", "t", 0);
    Ok(choices
        .choose(&Scope {
            input: &input,
            context: &ctx,
        })?
        .unwrap()
        .to_string())
}

fn holds(rule: Value, input: Value) -> bool {
    pick(rule, input).unwrap() == "Yes"
}

#[test]
fn every_comparison_operator() {
    let input = json!({
        "s": "banana", "n": 10, "f": 2.5, "b": true, "t": "2024-05-01T10:00:00Z",
        "s2": "cherry", "n2": 10.0, "b2": false, "t2": "2024-05-01T12:00:00+02:00",
    });
    let cases = [
        (json!({"Variable": "$.s", "StringEquals": "banana"}), true),
        (json!({"Variable": "$.s", "StringLessThan": "cherry"}), true),
        (
            json!({"Variable": "$.s", "StringGreaterThan": "apple"}),
            true,
        ),
        (
            json!({"Variable": "$.s", "StringLessThanEquals": "banana"}),
            true,
        ),
        (
            json!({"Variable": "$.s", "StringGreaterThanEquals": "cherry"}),
            false,
        ),
        (
            json!({"Variable": "$.s", "StringEqualsPath": "$.s2"}),
            false,
        ),
        (
            json!({"Variable": "$.s", "StringLessThanPath": "$.s2"}),
            true,
        ),
        (json!({"Variable": "$.n", "NumericEquals": 10.0}), true),
        (json!({"Variable": "$.f", "NumericLessThan": 3}), true),
        (json!({"Variable": "$.f", "NumericGreaterThan": 2.5}), false),
        (
            json!({"Variable": "$.f", "NumericGreaterThanEquals": 2.5}),
            true,
        ),
        (
            json!({"Variable": "$.n", "NumericLessThanEquals": 9}),
            false,
        ),
        (
            json!({"Variable": "$.n", "NumericEqualsPath": "$.n2"}),
            true,
        ),
        (
            json!({"Variable": "$.f", "NumericLessThanPath": "$.n"}),
            true,
        ),
        (json!({"Variable": "$.b", "BooleanEquals": true}), true),
        (
            json!({"Variable": "$.b", "BooleanEqualsPath": "$.b2"}),
            false,
        ),
        (
            json!({"Variable": "$.t", "TimestampEquals": "2024-05-01T10:00:00Z"}),
            true,
        ),
        (
            json!({"Variable": "$.t", "TimestampEqualsPath": "$.t2"}),
            true,
        ),
        (
            json!({"Variable": "$.t", "TimestampLessThan": "2024-05-01T10:00:01Z"}),
            true,
        ),
        (
            json!({"Variable": "$.t", "TimestampGreaterThanEquals": "2024-06-01T00:00:00Z"}),
            false,
        ),
        (
            json!({"Variable": "$.t", "TimestampGreaterThanPath": "$.t2"}),
            false,
        ),
        (json!({"Variable": "$.s", "IsString": true}), true),
        (json!({"Variable": "$.n", "IsNumeric": true}), true),
        (json!({"Variable": "$.b", "IsBoolean": false}), false),
        (json!({"Variable": "$.t", "IsTimestamp": true}), true),
        (json!({"Variable": "$.s", "IsTimestamp": true}), false),
        (json!({"Variable": "$.s", "IsNull": false}), true),
        (json!({"Variable": "$.s", "IsPresent": true}), true),
        (json!({"Variable": "$.missing", "IsPresent": false}), true),
    ];
    for (rule, expected) in cases {
        assert_eq!(holds(rule.clone(), input.clone()), expected, "{rule}");
    }
}

#[test]
fn wrong_types_compare_false() {
    let input = json!({"s": "10", "n": 10, "nil": null});
    assert!(!holds(
        json!({"Variable": "$.s", "NumericEquals": 10}),
        input.clone()
    ));
    assert!(!holds(
        json!({"Variable": "$.n", "StringEquals": "10"}),
        input.clone()
    ));
    assert!(!holds(
        json!({"Variable": "$.s", "TimestampEquals": "2024-05-01T10:00:00Z"}),
        input.clone()
    ));
    assert!(holds(json!({"Variable": "$.nil", "IsNull": true}), input));
}

#[test]
fn string_matches_globs_with_escapes() {
    let input = json!({"file": "foo23.log", "star": "a*b", "slash": "a\\b"});
    assert!(holds(
        json!({"Variable": "$.file", "StringMatches": "foo*.log"}),
        input.clone()
    ));
    assert!(holds(
        json!({"Variable": "$.file", "StringMatches": "*.log"}),
        input.clone()
    ));
    assert!(holds(
        json!({"Variable": "$.file", "StringMatches": "f*2*g"}),
        input.clone()
    ));
    assert!(!holds(
        json!({"Variable": "$.file", "StringMatches": "*.txt"}),
        input.clone()
    ));
    assert!(holds(
        json!({"Variable": "$.star", "StringMatches": "a\\*b"}),
        input.clone()
    ));
    assert!(!holds(
        json!({"Variable": "$.file", "StringMatches": "foo\\*.log"}),
        input.clone()
    ));
    assert!(holds(
        json!({"Variable": "$.slash", "StringMatches": "a\\\\b"}),
        input
    ));
}

#[test]
fn and_or_not() {
    let input = json!({"a": 1, "b": "x"});
    let rule = json!({"And": [
        {"Variable": "$.a", "NumericEquals": 1},
        {"Or": [{"Variable": "$.b", "StringEquals": "y"}, {"Not": {"Variable": "$.b", "StringEquals": "z"}}]},
    ]});
    assert!(holds(rule, input.clone()));
    assert!(!holds(
        json!({"Not": {"Variable": "$.a", "IsPresent": true}}),
        input
    ));
}

#[test]
fn missing_variable_is_a_runtime_error_except_for_is_present() {
    let err = pick(
        json!({"Variable": "$.nope", "StringEquals": "x"}),
        json!({}),
    )
    .unwrap_err();
    assert_eq!(err.error, "States.Runtime");
    let err = pick(
        json!({"Variable": "$.a", "NumericEqualsPath": "$.nope"}),
        json!({"a": 1}),
    )
    .unwrap_err();
    assert_eq!(err.error, "States.Runtime");
}

#[test]
fn no_match_falls_to_default() {
    assert_eq!(
        pick(
            json!({"Variable": "$.a", "NumericEquals": 2}),
            json!({"a": 1})
        )
        .unwrap(),
        "Fallback"
    );
}

#[test]
fn rejects_malformed_rules() {
    for bad in [
        json!([]),
        json!([{"Variable": "$.a", "NumericEquals": 1}]),
        json!([{"Variable": "$.a", "Next": "X"}]),
        json!([{"Variable": "$.a", "NumericEquals": "1", "Next": "X"}]),
        json!([{"Variable": "$.a", "NumericEquals": 1, "StringEquals": "1", "Next": "X"}]),
        json!([{"Variable": "$.a", "BooleanLessThan": true, "Next": "X"}]),
        json!([{"Variable": "$.a", "TimestampEquals": "yesterday", "Next": "X"}]),
        json!([{"Variable": "$.a", "StringMatches": "bad\\escape", "Next": "X"}]),
        json!([{"Variable": "$.a", "IsNull": "yes", "Next": "X"}]),
        json!([{"And": [], "Next": "X"}]),
        json!([{"And": [{"Variable": "$.a", "IsNull": true, "Next": "X"}], "Next": "X"}]),
        json!([{"Not": {"Variable": "$.a", "IsNull": true}, "Variable": "$.a", "Next": "X"}]),
        json!([{"StringEquals": "x", "Next": "X"}]),
        json!([{"Variable": "a", "StringEquals": "x", "Next": "X"}]),
    ] {
        assert!(choices(bad.clone()).is_err(), "{bad} should be rejected");
    }
}
