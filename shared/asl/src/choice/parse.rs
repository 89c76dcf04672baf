//! Choice rules from the definition: exactly one operator per test, literal operands of the
//! operator's type (timestamps in the RFC 3339 profile), `Next` only on top-level rules, and
//! `StringMatches` patterns with only `\*` and `\\` as escapes.

use serde_json::Value;

use super::{Choices, Glob, Kind, Op, Operand, Rule, Test, TypeCheck};
use crate::AslError;
use crate::definition::fields::Fields;
use crate::json_path::Path;
use crate::timestamp;

const KINDS: [(&str, Kind); 4] = [
    ("String", Kind::String),
    ("Numeric", Kind::Numeric),
    ("Boolean", Kind::Boolean),
    ("Timestamp", Kind::Timestamp),
];
const OPS: [(&str, Op); 5] = [
    ("Equals", Op::Equals),
    ("LessThanEquals", Op::LessThanEquals),
    ("GreaterThanEquals", Op::GreaterThanEquals),
    ("LessThan", Op::LessThan),
    ("GreaterThan", Op::GreaterThan),
];
const CHECKS: [(&str, TypeCheck); 6] = [
    ("IsPresent", TypeCheck::Present),
    ("IsNull", TypeCheck::Null),
    ("IsString", TypeCheck::String),
    ("IsNumeric", TypeCheck::Numeric),
    ("IsBoolean", TypeCheck::Boolean),
    ("IsTimestamp", TypeCheck::Timestamp),
];

/// Every comparison operator: its name, what it compares, and whether its operand is a path.
fn comparisons() -> impl Iterator<Item = (String, Kind, Op, bool)> {
    KINDS.into_iter().flat_map(|(kind_name, kind)| {
        OPS.into_iter()
            // Booleans are only ever equal or not.
            .filter(move |(_, op)| kind != Kind::Boolean || *op == Op::Equals)
            .flat_map(move |(op_name, op)| {
                [
                    (format!("{kind_name}{op_name}"), kind, op, false),
                    (format!("{kind_name}{op_name}Path"), kind, op, true),
                ]
            })
    })
}

fn comparison(operator: &str) -> Option<(Kind, Op, bool)> {
    comparisons()
        .find(|(name, ..)| name == operator)
        .map(|(_, kind, op, is_path)| (kind, op, is_path))
}

/// Every operator name a data-test rule may use.
fn operator_names() -> Vec<String> {
    let mut names: Vec<String> = comparisons().map(|(name, ..)| name).collect();
    names.push("StringMatches".into());
    names.extend(CHECKS.iter().map(|(n, _)| n.to_string()));
    names
}

/// Parses a Choice state's `Choices` and `Default`.
pub(crate) fn parse(state: &Fields<'_>) -> Result<Choices, AslError> {
    let items = state
        .array("Choices")?
        .ok_or_else(|| AslError::invalid(state.at(), "a Choice state needs 'Choices'"))?;
    if items.is_empty() {
        return Err(state.invalid("Choices", "must hold at least one rule"));
    }
    let mut rules = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{}[{i}]", state.at_key("Choices"));
        let (rule, next) = parse_rule(item, &at, true)?;
        rules.push((rule, next.unwrap_or_default()));
    }
    Ok(Choices {
        rules,
        default: state.str("Default")?.map(str::to_string),
    })
}

fn parse_rule(
    value: &Value,
    at: &str,
    top_level: bool,
) -> Result<(Rule, Option<String>), AslError> {
    let operators = operator_names();
    let mut allowed: Vec<&str> = vec!["And", "Or", "Not", "Variable", "Comment", "Next"];
    allowed.extend(operators.iter().map(String::as_str));
    let f = Fields::new(value, at, &allowed)?;
    let next = f.str("Next")?.map(str::to_string);
    match (top_level, &next) {
        (true, None) => {
            return Err(AslError::invalid(
                at,
                "a top-level Choice rule needs 'Next'",
            ));
        }
        (false, Some(_)) => {
            return Err(AslError::invalid(
                at,
                "a nested Choice rule must not have 'Next'",
            ));
        }
        _ => {}
    }
    let combinators: Vec<&str> = ["And", "Or", "Not"]
        .into_iter()
        .filter(|k| f.has(k))
        .collect();
    let tests: Vec<&str> = operators
        .iter()
        .map(String::as_str)
        .filter(|k| f.has(k))
        .collect();
    let rule = match (combinators.as_slice(), tests.as_slice(), f.has("Variable")) {
        ([combinator], [], false) => {
            let here = f.at_key(combinator);
            if *combinator == "Not" {
                let inner = f.value("Not").unwrap_or(&Value::Null);
                Rule::Not(Box::new(parse_rule(inner, &here, false)?.0))
            } else {
                let items = f.array(combinator)?.unwrap_or(&Vec::new()).clone();
                if items.is_empty() {
                    return Err(AslError::invalid(
                        here,
                        format!("'{combinator}' needs at least one rule"),
                    ));
                }
                let rules = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        parse_rule(item, &format!("{here}[{i}]"), false).map(|(r, _)| r)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if *combinator == "And" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                }
            }
        }
        ([], [operator], true) => {
            let variable = f
                .path("Variable", false)?
                .ok_or_else(|| f.invalid("Variable", "must be a JSONPath"))?;
            let test = parse_test(&f, operator)?;
            Rule::Test { variable, test }
        }
        ([], [], true) => {
            return Err(AslError::invalid(
                at,
                "a rule with 'Variable' needs a comparison operator",
            ));
        }
        ([], [], false) => {
            return Err(AslError::invalid(
                at,
                "a rule needs 'Variable' with an operator, or 'And', 'Or' or 'Not'",
            ));
        }
        ([], _, false) => return Err(AslError::invalid(at, "a comparison needs 'Variable'")),
        ([], ops, true) => {
            return Err(AslError::invalid(
                at,
                format!(
                    "exactly one comparison operator is allowed, found {}",
                    ops.join(", ")
                ),
            ));
        }
        _ => {
            return Err(AslError::invalid(
                at,
                "'And', 'Or' and 'Not' cannot be combined with each other or with a comparison",
            ));
        }
    };
    Ok((rule, next))
}

fn parse_test(f: &Fields<'_>, operator: &str) -> Result<Test, AslError> {
    let value = f.value(operator).unwrap_or(&Value::Null);
    if let Some((_, check)) = CHECKS.iter().find(|(n, _)| *n == operator) {
        let expected = value
            .as_bool()
            .ok_or_else(|| f.invalid(operator, "must be true or false"))?;
        return Ok(Test::Is {
            check: *check,
            expected,
        });
    }
    if operator == "StringMatches" {
        let pattern = value
            .as_str()
            .ok_or_else(|| f.invalid(operator, "must be a string"))?;
        return Ok(Test::Matches(
            glob(pattern).map_err(|why| f.invalid(operator, why))?,
        ));
    }
    let (kind, op, is_path) =
        comparison(operator).ok_or_else(|| f.invalid(operator, "is not a comparison operator"))?;
    let operand = if is_path {
        let text = value
            .as_str()
            .ok_or_else(|| f.invalid(operator, "must be a JSONPath string"))?;
        Operand::Path(Path::parse(text).map_err(|why| f.invalid(operator, why))?)
    } else {
        let ok = match kind {
            Kind::String => value.is_string(),
            Kind::Numeric => value.is_number(),
            Kind::Boolean => value.is_boolean(),
            Kind::Timestamp => value.as_str().and_then(timestamp::parse).is_some(),
        };
        if !ok {
            let expected = match kind {
                Kind::String => "a string",
                Kind::Numeric => "a number",
                Kind::Boolean => "true or false",
                Kind::Timestamp => "an RFC 3339 timestamp such as 2016-03-14T01:59:00Z",
            };
            return Err(f.invalid(operator, format!("must be {expected}")));
        }
        Operand::Literal(value.clone())
    };
    Ok(Test::Compare { kind, op, operand })
}

/// `StringMatches` patterns: `*` matches any run of characters; `\*` and `\\` are literals.
fn glob(pattern: &str) -> Result<Vec<Glob>, String> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push(Glob::Any),
            '\\' => match chars.next() {
                Some(e @ ('*' | '\\')) => out.push(Glob::Char(e)),
                _ => return Err("a backslash must escape '*' or '\\'".into()),
            },
            c => out.push(Glob::Char(c)),
        }
    }
    Ok(out)
}
