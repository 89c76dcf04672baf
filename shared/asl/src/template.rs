//! Payload templates: `Parameters`, `ResultSelector` and `ItemSelector`.
//!
//! A template is copied as it is, except that a field whose name ends in `.$` is replaced by a
//! field without the suffix whose value is a path's selection (`"id.$": "$.case_id"`) or an
//! intrinsic call's result (`"id.$": "States.UUID()"`), however deeply nested, arrays included.
//! Each `.$` value is parsed when the definition loads. A path that selects nothing fails the
//! state with `States.Runtime`, the error Step Functions reports for it.

use serde_json::{Map, Value};

use crate::AslError;
use crate::context::Scope;
use crate::failure::{Failure, excerpt};
use crate::intrinsic::{self, Call};
use crate::json_path::Path;

/// A parsed payload template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template(Node);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Literal(Value),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// `"name.$": "$.path"`; `name` keeps the `.$` for error messages.
    Path {
        name: String,
        path: Path,
    },
    Call {
        call: Call,
    },
}

impl Template {
    /// Parses a template found at `at` in the definition.
    pub fn parse(value: &Value, at: &str) -> Result<Template, AslError> {
        Ok(Template(node(value, at)?))
    }

    /// The payload for `scope`.
    pub fn eval(&self, scope: &Scope<'_>) -> Result<Value, Failure> {
        eval(&self.0, scope)
    }
}

fn node(value: &Value, at: &str) -> Result<Node, AslError> {
    match value {
        Value::Object(map) => {
            let mut fields = Vec::with_capacity(map.len());
            for (key, value) in map {
                let here = format!("{at}.{key}");
                match key.strip_suffix(".$") {
                    Some(name) => {
                        if map.contains_key(name) {
                            return Err(AslError::invalid(
                                here,
                                format!("both '{name}' and '{key}' are given"),
                            ));
                        }
                        fields.push((name.to_string(), dynamic(key, value, &here)?));
                    }
                    None => fields.push((key.clone(), node(value, &here)?)),
                }
            }
            Ok(Node::Object(fields))
        }
        Value::Array(items) => Ok(Node::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| node(item, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(Node::Literal(other.clone())),
    }
}

fn dynamic(key: &str, value: &Value, at: &str) -> Result<Node, AslError> {
    let text = value
        .as_str()
        .ok_or_else(|| AslError::invalid(at, format!("the value of '{key}' must be a string holding a JSONPath or an intrinsic function call")))?;
    if intrinsic::looks_like_call(text) {
        Ok(Node::Call {
            call: Call::parse(text).map_err(|why| AslError::invalid(at, why))?,
        })
    } else {
        let path = Path::parse(text).map_err(|why| AslError::invalid(at, why))?;
        Ok(Node::Path {
            name: key.to_string(),
            path,
        })
    }
}

fn eval(node: &Node, scope: &Scope<'_>) -> Result<Value, Failure> {
    Ok(match node {
        Node::Literal(v) => v.clone(),
        Node::Object(fields) => {
            let mut map = Map::with_capacity(fields.len());
            for (name, node) in fields {
                map.insert(name.clone(), eval(node, scope)?);
            }
            Value::Object(map)
        }
        Node::Array(items) => Value::Array(items.iter().map(|n| eval(n, scope)).collect::<Result<_, _>>()?),
        Node::Path { name, path } => scope.select(path).ok_or_else(|| {
            let searched = match path.root() {
                crate::json_path::Root::Input => excerpt(scope.input),
                crate::json_path::Root::Context => "the context object".to_string(),
            };
            Failure::runtime(format!(
                "The JSONPath '{}' specified for the field '{name}' could not be found in the input '{searched}'",
                path.text()
            ))
        })?,
        Node::Call { call } => intrinsic::eval(call, scope)?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::context::{Context, testing::facts};

    fn apply(template: Value, input: Value) -> Result<Value, Failure> {
        let facts = facts();
        let ctx = Context::new(&facts, "State1", "2024-01-02T03:04:05.678Z", 2);
        Template::parse(&template, "Parameters")
            .unwrap()
            .eval(&Scope {
                input: &input,
                context: &ctx,
            })
    }

    #[test]
    fn replaces_dollar_fields_at_any_depth() {
        let template = json!({
            "static": {"keep": "$.not-a-path"},
            "id.$": "$.case.id",
            "nested": {"list": [{"v.$": "$.case.values[1]"}, 3]},
            "all.$": "$.case.values[*]",
            "name.$": "$$.Execution.Name",
            "retries.$": "$$.State.RetryCount",
            "joined.$": "States.Format('{}-{}', $.case.id, $$.State.Name)",
        });
        let input = json!({"case": {"id": "c-1", "values": [10, 20]}});
        assert_eq!(
            apply(template, input).unwrap(),
            json!({
                "static": {"keep": "$.not-a-path"},
                "id": "c-1",
                "nested": {"list": [{"v": 20}, 3]},
                "all": [10, 20],
                "name": "exec-1",
                "retries": 2,
                "joined": "c-1-State1",
            })
        );
    }

    #[test]
    fn missing_path_is_a_runtime_error_naming_the_field() {
        let err = apply(json!({"x.$": "$.nope"}), json!({"a": 1})).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(
            err.cause.contains("'$.nope'") && err.cause.contains("'x.$'"),
            "{}",
            err.cause
        );
    }

    #[test]
    fn definition_errors() {
        for bad in [
            json!({"x.$": 5}),
            json!({"x.$": "nope"}),
            json!({"x.$": "States.Bogus()"}),
            json!({"x": 1, "x.$": "$"}),
        ] {
            assert!(
                Template::parse(&bad, "Parameters").is_err(),
                "{bad} should be rejected"
            );
        }
    }
}
