//! What each `States.*` function returns, per the AWS developer guide ("Intrinsic functions").
//!
//! Numeric arguments documented as integers are rounded to the nearest integer, as AWS does.
//! Evaluation errors (wrong argument type, index out of range, bad JSON) fail the state with
//! `States.Runtime`, the name Step Functions reports for them, not the spec's
//! `States.IntrinsicFailure`. Where AWS leaves a detail unstated (empty pieces in
//! `StringSplit`, how `Format` prints objects) this follows the behaviour AWS was observed to
//! have, as recorded by LocalStack's AWS-validated port that moto runs.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{Arg, Call, Func};
use crate::context::Scope;
use crate::failure::Failure;

/// Data arguments of Base64 and Hash functions are limited to this many characters.
const MAX_DATA_CHARS: usize = 10_000;
/// `States.ArrayRange` builds at most this many items.
const MAX_RANGE_ITEMS: usize = 1000;

/// Checks what can be checked before running: a literal `Format` template has as many `{}` as
/// there are values; `JsonMerge`'s deep-merge flag is `false` (the only mode AWS offers).
pub(super) fn check_literals(call: &Call) -> Result<(), String> {
    match (call.func, call.args.first()) {
        (Func::Format, Some(Arg::Str { raw, .. })) => {
            let holes = format_pieces(raw, true)
                .iter()
                .filter(|p| p.is_none())
                .count();
            if holes != call.args.len() - 1 {
                return Err(format!(
                    "the template has {holes} '{{}}' but {} values follow it",
                    call.args.len() - 1
                ));
            }
        }
        (Func::Format, Some(Arg::Literal(_))) => {
            return Err("the first argument of States.Format must be a string".into());
        }
        _ => {}
    }
    if call.func == Func::JsonMerge {
        match call.args.get(2) {
            Some(Arg::Literal(Value::Bool(false))) | Some(Arg::Path(_)) | Some(Arg::Call(_)) => {}
            _ => return Err(
                "the third argument of States.JsonMerge must be false: only shallow merges exist"
                    .into(),
            ),
        }
    }
    Ok(())
}

/// Evaluates a call in `scope`.
pub(crate) fn eval(call: &Call, scope: &Scope<'_>) -> Result<Value, Failure> {
    let args = call
        .args
        .iter()
        .map(|arg| match arg {
            Arg::Literal(v) => Ok(v.clone()),
            Arg::Str { value, .. } => Ok(Value::String(value.clone())),
            Arg::Path(path) => scope.select(path).ok_or_else(|| {
                Failure::runtime(format!(
                    "The JSONPath '{}' given to {} could not be found in the input",
                    path.text(),
                    call.func.name()
                ))
            }),
            Arg::Call(inner) => eval(inner, scope),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let fail = |why: String| Failure::runtime(format!("{}: {why}", call.func.name()));
    apply(call, args).map_err(fail)
}

fn apply(call: &Call, args: Vec<Value>) -> Result<Value, String> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    Ok(match call.func {
        Func::Format => {
            // A literal template keeps its escapes (`\{` is a brace, not a placeholder); one read
            // from the input has none.
            let pieces = match call.args.first() {
                Some(Arg::Str { raw, .. }) => format_pieces(raw, true),
                _ => format_pieces(string(arg(0), "the template")?, false),
            };
            let values = &args[1.min(args.len())..];
            let holes = pieces.iter().filter(|p| p.is_none()).count();
            if holes != values.len() {
                return Err(format!(
                    "the template has {holes} '{{}}' but {} values were given",
                    values.len()
                ));
            }
            let mut values = values.iter();
            let mut out = String::new();
            for piece in pieces {
                match piece {
                    Some(text) => out.push_str(&text),
                    None => out.push_str(&format_value(values.next().unwrap_or(&Value::Null))),
                }
            }
            Value::String(out)
        }
        Func::StringToJson => {
            let text = string(arg(0), "the argument")?;
            if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(text)
                    .map_err(|e| format!("the argument is not JSON text: {e}"))?
            }
        }
        Func::JsonToString => Value::String(arg(0).to_string()),
        Func::Array => Value::Array(args),
        Func::ArrayPartition => {
            let items = array(arg(0), "the first argument")?;
            let size = integer(arg(1), "the chunk size")?;
            let size = usize::try_from(size)
                .ok()
                .filter(|s| *s > 0)
                .ok_or("the chunk size must be a positive integer")?;
            Value::Array(
                items
                    .chunks(size)
                    .map(|c| Value::Array(c.to_vec()))
                    .collect(),
            )
        }
        Func::ArrayContains => {
            let items = array(arg(0), "the first argument")?;
            Value::Bool(items.iter().any(|item| same_json(item, arg(1))))
        }
        Func::ArrayRange => {
            let (start, end, step) = (
                integer(arg(0), "start")?,
                integer(arg(1), "end")?,
                integer(arg(2), "step")?,
            );
            if step == 0 {
                return Err("the step must not be 0".into());
            }
            let mut items = Vec::new();
            let mut n = start;
            while (step > 0 && n <= end) || (step < 0 && n >= end) {
                if items.len() == MAX_RANGE_ITEMS {
                    return Err(format!("the range has more than {MAX_RANGE_ITEMS} items"));
                }
                items.push(Value::from(n));
                n = n.checked_add(step).ok_or("the range overflows")?;
            }
            Value::Array(items)
        }
        Func::ArrayGetItem => {
            let items = array(arg(0), "the first argument")?;
            let index = exact_integer(arg(1), "the index")?;
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "index {index} is out of bounds for an array of {} items",
                        items.len()
                    )
                })?
        }
        Func::ArrayLength => Value::from(array(arg(0), "the argument")?.len()),
        Func::ArrayUnique => {
            let mut unique: Vec<Value> = Vec::new();
            for item in array(arg(0), "the argument")? {
                if !unique.iter().any(|seen| same_json(seen, item)) {
                    unique.push(item.clone());
                }
            }
            Value::Array(unique)
        }
        Func::Base64Encode => {
            let text = limited_string(arg(0))?;
            Value::String(base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
        }
        Func::Base64Decode => {
            let text = limited_string(arg(0))?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|e| format!("the argument is not Base64: {e}"))?;
            Value::String(
                String::from_utf8(bytes).map_err(|_| "the decoded data is not UTF-8 text")?,
            )
        }
        Func::Hash => {
            let text = limited_string(arg(0))?;
            let algorithm = string(arg(1), "the algorithm")?;
            Value::String(hash(text.as_bytes(), algorithm)?)
        }
        Func::JsonMerge => {
            let first = object(arg(0), "the first argument")?;
            let second = object(arg(1), "the second argument")?;
            if arg(2) != &Value::Bool(false) {
                return Err("the third argument must be false: only shallow merges exist".into());
            }
            let mut merged = first.clone();
            merged.extend(second.iter().map(|(k, v)| (k.clone(), v.clone())));
            Value::Object(merged)
        }
        Func::MathRandom => {
            let start = integer(arg(0), "start")?;
            let end = integer(arg(1), "end")?;
            if start >= end {
                return Err(format!("start ({start}) must be less than end ({end})"));
            }
            let seed = match args.get(2) {
                Some(seed) => integer(seed, "the seed")? as u64,
                None => uuid::Uuid::new_v4().as_u64_pair().0,
            };
            // The end is exclusive, as documented; the same seed gives the same number.
            let span = end.abs_diff(start);
            Value::from(start.wrapping_add((splitmix64(seed) % span) as i64))
        }
        Func::MathAdd => {
            let a = integer(arg(0), "the first value")?;
            let b = integer(arg(1), "the second value")?;
            for v in [a, b] {
                if i32::try_from(v).is_err() {
                    return Err(format!("{v} is outside -2147483648..2147483647"));
                }
            }
            Value::from(a + b)
        }
        Func::StringSplit => {
            let text = string(arg(0), "the first argument")?;
            let delimiters = string(arg(1), "the delimiters")?;
            // Every character of the second argument is a delimiter; empty pieces are dropped.
            Value::Array(
                text.split(|c| delimiters.contains(c))
                    .filter(|piece| !piece.is_empty())
                    .map(|piece| Value::String(piece.to_string()))
                    .collect(),
            )
        }
        Func::Uuid => Value::String(uuid::Uuid::new_v4().to_string()),
    })
}

/// Splits a template into literal text (`Some`) and `{}` placeholders (`None`). With `escaped`,
/// `\x` stands for a literal `x`.
fn format_pieces(template: &str, escaped: bool) -> Vec<Option<String>> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escaped => text.extend(chars.next()),
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.push(Some(std::mem::take(&mut text)));
                pieces.push(None);
            }
            c => text.push(c),
        }
    }
    pieces.push(Some(text));
    pieces
}

/// How `States.Format` prints a value: strings as they are, scalars as JSON, and containers the
/// way Step Functions' Java runtime prints them (`{a=1, b=[x, y]}`).
fn format_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(format_value)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => {
            format!(
                "{{{}}}",
                map.iter()
                    .map(|(k, v)| format!("{k}={}", format_value(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => other.to_string(),
    }
}

fn string<'v>(value: &'v Value, what: &str) -> Result<&'v str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("{what} must be a string, got {value}"))
}

fn limited_string(value: &Value) -> Result<&str, String> {
    let text = string(value, "the data")?;
    if text.chars().count() > MAX_DATA_CHARS {
        return Err(format!(
            "the data is longer than {MAX_DATA_CHARS} characters"
        ));
    }
    Ok(text)
}

fn array<'v>(value: &'v Value, what: &str) -> Result<&'v Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{what} must be an array"))
}

fn object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} must be an object"))
}

/// A number rounded to the nearest integer.
fn integer(value: &Value, what: &str) -> Result<i64, String> {
    if let Some(i) = value.as_i64() {
        return Ok(i);
    }
    match value.as_f64() {
        Some(f) if f.is_finite() && f.abs() < 9.0e15 => Ok(f.round() as i64),
        _ => Err(format!("{what} must be an integer, got {value}")),
    }
}

/// A number that must already be an integer (an index is never rounded).
fn exact_integer(value: &Value, what: &str) -> Result<i64, String> {
    match value.as_f64() {
        Some(f) if f.fract() == 0.0 => integer(value, what),
        _ => Err(format!("{what} must be an integer, got {value}")),
    }
}

/// JSON equality where `1` and `1.0` are the same number.
pub(crate) fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
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

fn hash(data: &[u8], algorithm: &str) -> Result<String, String> {
    use sha2::Digest as _;
    let digest: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        other => {
            return Err(format!(
                "unknown algorithm '{other}': use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"
            ));
        }
    };
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A small seeded generator: `MathRandom` with a seed must repeat its number.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::context::{Context, testing::facts};

    fn run(expr: &str, input: Value) -> Result<Value, Failure> {
        let facts = facts();
        let ctx = Context::new(&facts, "S", "2024-01-02T03:04:05.678Z", 0);
        eval(
            &Call::parse(expr).unwrap(),
            &Scope {
                input: &input,
                context: &ctx,
            },
        )
    }

    fn ok(expr: &str, input: Value) -> Value {
        run(expr, input).unwrap_or_else(|f| panic!("{expr}: {f:?}"))
    }

    #[test]
    fn format_interpolates_and_honours_escapes() {
        let input = json!({"name": "Arnav", "t": "Hello, {}!", "o": {"a": 1, "b": [true, null]}});
        assert_eq!(
            ok(
                "States.Format('Hello, my name is {}.', $.name)",
                input.clone()
            ),
            json!("Hello, my name is Arnav.")
        );
        assert_eq!(
            ok("States.Format($.t, $.name)", input.clone()),
            json!("Hello, Arnav!")
        );
        assert_eq!(
            ok(r"States.Format('\{\} {} it\'s \\', 7)", input.clone()),
            json!(r"{} 7 it's \")
        );
        assert_eq!(
            ok("States.Format('{}|{}|{}', $.o, 1.5, null)", input.clone()),
            json!("{a=1, b=[true, null]}|1.5|null")
        );
        let err = run("States.Format($.t, 'a', 'b')", input).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
    }

    #[test]
    fn json_conversions() {
        assert_eq!(
            ok("States.StringToJson($.s)", json!({"s": "{\"foo\": [1]}"})),
            json!({"foo": [1]})
        );
        assert_eq!(
            ok("States.JsonToString($.o)", json!({"o": {"foo": "bar"}})),
            json!("{\"foo\":\"bar\"}")
        );
        assert!(run("States.StringToJson('{nope')", json!({})).is_err());
        assert_eq!(
            ok(
                "States.JsonMerge($.a, $.b, false)",
                json!({"a": {"x": {"p": 1}, "y": 2}, "b": {"x": {"q": 1}, "z": 3}})
            ),
            json!({"x": {"q": 1}, "y": 2, "z": 3})
        );
    }

    #[test]
    fn array_functions() {
        let input = json!({"a": [1, 2, 3, 3, 1.0, 4, 5, 6, 7, 8, 9], "i": 5});
        assert_eq!(
            ok(
                "States.Array($.i, 'x', States.Array(), null)",
                input.clone()
            ),
            json!([5, "x", [], null])
        );
        assert_eq!(
            ok(
                "States.ArrayPartition(States.ArrayRange(1, 9, 1), 4)",
                json!({})
            ),
            json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        );
        assert_eq!(
            ok("States.ArrayContains($.a, 8)", input.clone()),
            json!(true)
        );
        assert_eq!(
            ok("States.ArrayContains($.a, '8')", input.clone()),
            json!(false)
        );
        assert_eq!(
            ok("States.ArrayRange(1, 9, 2)", json!({})),
            json!([1, 3, 5, 7, 9])
        );
        assert_eq!(
            ok("States.ArrayRange(5, 1, -2)", json!({})),
            json!([5, 3, 1])
        );
        assert_eq!(
            ok("States.ArrayRange(1, 3, 0.6)", json!({})),
            json!([1, 2, 3]),
            "arguments are rounded"
        );
        assert_eq!(ok("States.ArrayGetItem($.a, $.i)", input.clone()), json!(4));
        assert_eq!(ok("States.ArrayLength($.a)", input.clone()), json!(11));
        assert_eq!(
            ok("States.ArrayUnique($.a)", input.clone()),
            json!([1, 2, 3, 4, 5, 6, 7, 8, 9])
        );
        assert!(run("States.ArrayGetItem($.a, 11)", input.clone()).is_err());
        assert!(run("States.ArrayRange(1, 2, 0)", json!({})).is_err());
        assert!(
            run("States.ArrayRange(0, 1000, 1)", json!({})).is_err(),
            "1001 items"
        );
        assert!(run("States.ArrayPartition($.a, 0)", input.clone()).is_err());
        assert!(run("States.ArrayLength($.i)", input).is_err());
    }

    #[test]
    fn encoding_and_hashing() {
        assert_eq!(
            ok("States.Base64Encode('Data to encode')", json!({})),
            json!("RGF0YSB0byBlbmNvZGU=")
        );
        assert_eq!(
            ok("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", json!({})),
            json!("Data to encode")
        );
        assert_eq!(
            ok("States.Hash('input data', 'SHA-1')", json!({})),
            json!("aaff4a450a104cd177d28d18d74485e8cae074b7")
        );
        assert_eq!(
            ok("States.Hash('', 'MD5')", json!({})),
            json!("d41d8cd98f00b204e9800998ecf8427e")
        );
        assert!(run("States.Hash('x', 'SHA-3')", json!({})).is_err());
        assert!(run("States.Base64Decode('***')", json!({})).is_err());
    }

    #[test]
    fn math_functions() {
        assert_eq!(ok("States.MathAdd(111, -1)", json!({})), json!(110));
        assert_eq!(ok("States.MathAdd(1.4, 2.6)", json!({})), json!(4));
        assert!(run("States.MathAdd(2147483648, 1)", json!({})).is_err());
        for _ in 0..50 {
            let n = ok("States.MathRandom(1, 4)", json!({})).as_i64().unwrap();
            assert!((1..4).contains(&n), "{n} outside [1, 4)");
        }
        assert_eq!(
            ok("States.MathRandom(0, 1000, 42)", json!({})),
            ok("States.MathRandom(0, 1000, 42)", json!({}))
        );
        assert!(run("States.MathRandom(5, 5)", json!({})).is_err());
    }

    #[test]
    fn string_split_and_uuid() {
        assert_eq!(
            ok("States.StringSplit('1,2,3', ',')", json!({})),
            json!(["1", "2", "3"])
        );
        assert_eq!(
            ok(
                "States.StringSplit('This.is+a,,test=string', '.+,=')",
                json!({})
            ),
            json!(["This", "is", "a", "test", "string"])
        );
        let id = ok("States.UUID()", json!({}));
        let id = id.as_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    }

    #[test]
    fn missing_path_argument_is_a_runtime_error() {
        let err = run("States.ArrayLength($.nope)", json!({})).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(err.cause.contains("$.nope"));
    }

    #[test]
    fn context_paths_work_as_arguments() {
        assert_eq!(
            ok(
                "States.Format('{}/{}', $$.Execution.Name, $$.State.Name)",
                json!({})
            ),
            json!("exec-1/S")
        );
    }
}
