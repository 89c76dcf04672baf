//! Input and output processing, the fixed order the spec gives every state:
//! `InputPath` → `Parameters` → (the work) → `ResultSelector` → `ResultPath` → `OutputPath`.
//! This module holds the three path steps and the payload-size check; templates are in
//! [`crate::template`].
//!
//! Error names follow AWS: a path selecting nothing is `States.Runtime`; a `ResultPath` that
//! cannot be written into the input is `States.ResultPathMatchFailure`; a payload over the
//! quota is `States.DataLimitExceeded`.

use serde_json::{Map, Value};

use crate::context::{Context, Scope};
use crate::failure::{Failure, excerpt, names};
use crate::json_path::Path;

/// `InputPath`: the part of the raw input the state works on (`null` means `{}`).
pub(super) fn effective_input(
    path: Option<&Path>,
    raw: &Value,
    ctx: &Context<'_>,
) -> Result<Value, Failure> {
    select("InputPath", path, raw, ctx)
}

/// `OutputPath`: the part of the state's output passed on (`null` means `{}`).
pub(super) fn output(
    path: Option<&Path>,
    value: &Value,
    ctx: &Context<'_>,
) -> Result<Value, Failure> {
    select("OutputPath", path, value, ctx)
}

fn select(
    field: &str,
    path: Option<&Path>,
    value: &Value,
    ctx: &Context<'_>,
) -> Result<Value, Failure> {
    let Some(path) = path else {
        return Ok(Value::Object(Map::new()));
    };
    Scope {
        input: value,
        context: ctx,
    }
    .select(path)
    .ok_or_else(|| {
        Failure::runtime(format!(
            "Invalid path '{}' in {field}: no results in '{}'",
            path.text(),
            excerpt(value)
        ))
    })
}

/// `ResultPath`: the raw input with `result` placed at the path (`null` keeps the input as it is).
pub(super) fn combine(path: Option<&Path>, raw: &Value, result: Value) -> Result<Value, Failure> {
    let Some(path) = path else {
        return Ok(raw.clone());
    };
    path.put(raw.clone(), result).map_err(|why| {
        Failure::new(
            names::RESULT_PATH_MATCH_FAILURE,
            format!(
                "Unable to apply ResultPath '{}' to input '{}': {why}",
                path.text(),
                excerpt(raw)
            ),
        )
    })
}

/// Fails with `States.DataLimitExceeded` when `value` serializes to more than `limit` bytes.
pub(super) fn check_size(value: &Value, limit: usize, what: &str) -> Result<(), Failure> {
    let size = serialized_len(value);
    if size > limit {
        return Err(Failure::new(
            names::DATA_LIMIT_EXCEEDED,
            format!("{what} is {size} bytes, more than the {limit}-byte payload quota"),
        ));
    }
    Ok(())
}

fn serialized_len(value: &Value) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing a Value to an infallible writer cannot fail; a failure would only undercount.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::context::testing::facts;

    #[test]
    fn paths_select_or_fail_with_runtime() {
        let facts = facts();
        let ctx = Context::new(&facts, "S", "t", 0);
        let raw = json!({"a": {"b": 1}});
        assert_eq!(
            effective_input(Path::parse("$.a").ok().as_ref(), &raw, &ctx).unwrap(),
            json!({"b": 1})
        );
        assert_eq!(effective_input(None, &raw, &ctx).unwrap(), json!({}));
        assert_eq!(
            output(Path::parse("$$.State.Name").ok().as_ref(), &raw, &ctx).unwrap(),
            json!("S")
        );
        assert_eq!(
            output(Path::parse("$.zz").ok().as_ref(), &raw, &ctx)
                .unwrap_err()
                .error,
            "States.Runtime"
        );
    }

    #[test]
    fn result_path_combines_with_the_raw_input() {
        let raw = json!({"a": 1});
        assert_eq!(
            combine(Path::parse("$").ok().as_ref(), &raw, json!(2)).unwrap(),
            json!(2)
        );
        assert_eq!(combine(None, &raw, json!(2)).unwrap(), raw);
        assert_eq!(
            combine(Path::parse("$.r.s").ok().as_ref(), &raw, json!(2)).unwrap(),
            json!({"a": 1, "r": {"s": 2}})
        );
        let err = combine(Path::parse("$.a.b").ok().as_ref(), &raw, json!(2)).unwrap_err();
        assert_eq!(err.error, "States.ResultPathMatchFailure");
    }

    #[test]
    fn size_check_counts_serialized_bytes() {
        assert!(check_size(&json!("abc"), 5, "x").is_ok());
        assert_eq!(
            check_size(&json!("abcd"), 5, "x").unwrap_err().error,
            "States.DataLimitExceeded"
        );
    }
}
