//! JSONPath as the States Language uses it: parsed once when the definition is loaded, then
//! selected against state input (`$...`) or the context object (`$$...`).
//!
//! Two kinds, as the spec defines them:
//! - a *Path* may use `[*]`, `.*`, unions `[0,2]`/`['a','b']`, slices `[1:3]` and `..name`; such
//!   an *indefinite* path always yields an array of its matches (possibly empty), like Jayway,
//!   the JSONPath library Step Functions uses;
//! - a *Reference Path* (`ResultPath`, `ItemsPath`, `SecondsPath`, ...) uses only fields and
//!   indexes, so it names exactly one node; `ResultPath` can also write there ([`Path::put`]).
//!
//! A definite path that matches nothing yields `None`; the caller decides which error that is.
//! Filters (`[?(...)]`) and functions (`.length()`) are rejected at load time.

use serde_json::{Map, Value};

/// Where a path starts: the state's input or the context object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Root {
    Input,
    Context,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    Wildcard,
    Fields(Vec<String>),
    Indexes(Vec<i64>),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: i64,
    },
    /// `..x`: the step applied to the node and every node below it.
    Descend(Box<Step>),
}

/// A parsed JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    text: String,
    root: Root,
    steps: Vec<Step>,
}

impl Path {
    /// Parses a Path (`$`, `$$`, fields, indexes, wildcards, unions, slices, `..`).
    pub fn parse(text: &str) -> Result<Path, String> {
        let (root, rest) = if let Some(rest) = text.strip_prefix("$$") {
            (Root::Context, rest)
        } else if let Some(rest) = text.strip_prefix('$') {
            (Root::Input, rest)
        } else {
            return Err(format!(
                "'{text}' is not a JSONPath: it must start with '$'"
            ));
        };
        let steps = Parser {
            text,
            chars: rest.char_indices().collect(),
            pos: 0,
        }
        .steps()?;
        Ok(Path {
            text: text.to_string(),
            root,
            steps,
        })
    }

    /// Parses a Reference Path: only `$`, fields and non-negative indexes.
    pub fn parse_reference(text: &str) -> Result<Path, String> {
        let path = Path::parse(text)?;
        if !path.is_reference() {
            return Err(format!(
                "'{text}' is not a Reference Path: only fields and array indexes may be used, no wildcards, unions, slices or '..'"
            ));
        }
        Ok(path)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn root(&self) -> Root {
        self.root
    }

    /// Whether the path names at most one node (no wildcard, union, slice or `..`).
    pub fn is_definite(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s, Step::Field(_) | Step::Index(_)))
    }

    fn is_reference(&self) -> bool {
        self.steps.iter().all(|s| match s {
            Step::Field(_) => true,
            Step::Index(i) => *i >= 0,
            _ => false,
        })
    }

    /// The selected value: the node for a definite path (`None` when absent), the array of
    /// matches for an indefinite one.
    pub fn select(&self, root: &Value) -> Option<Value> {
        let nodes = self.nodes(root);
        if self.is_definite() {
            nodes.first().map(|v| (*v).clone())
        } else {
            Some(Value::Array(nodes.into_iter().cloned().collect()))
        }
    }

    fn nodes<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        let mut current = vec![root];
        for step in &self.steps {
            let mut next = Vec::new();
            for node in current {
                apply(step, node, &mut next);
            }
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }

    /// `ResultPath`: `target` with `value` placed at this (reference) path, creating missing
    /// objects on the way. Fails when an existing node on the way is not an object (for a field)
    /// or not an array long enough (for an index).
    pub fn put(&self, target: Value, value: Value) -> Result<Value, String> {
        let mut target = target;
        let mut slot = &mut target;
        for step in &self.steps {
            slot = match step {
                Step::Field(name) => match slot {
                    Value::Object(map) => map
                        .entry(name.clone())
                        .or_insert_with(|| Value::Object(Map::new())),
                    other => return Err(format!("cannot set field '{name}' on {}", kind(other))),
                },
                Step::Index(i) => match slot {
                    Value::Array(items) => {
                        let len = items.len();
                        usize::try_from(*i)
                            .ok()
                            .and_then(|i| items.get_mut(i))
                            .ok_or_else(|| {
                                format!("index {i} is outside an array of {len} items")
                            })?
                    }
                    other => return Err(format!("cannot set index {i} on {}", kind(other))),
                },
                _ => return Err("a ResultPath must be a Reference Path".into()),
            };
        }
        *slot = value;
        Ok(target)
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn apply<'a>(step: &Step, node: &'a Value, out: &mut Vec<&'a Value>) {
    match step {
        Step::Field(name) => out.extend(node.as_object().and_then(|m| m.get(name))),
        Step::Index(i) => out.extend(node.as_array().and_then(|a| index(a, *i))),
        Step::Wildcard => match node {
            Value::Object(map) => out.extend(map.values()),
            Value::Array(items) => out.extend(items.iter()),
            _ => {}
        },
        Step::Fields(names) => {
            if let Some(map) = node.as_object() {
                out.extend(names.iter().filter_map(|n| map.get(n)));
            }
        }
        Step::Indexes(indexes) => {
            if let Some(items) = node.as_array() {
                out.extend(indexes.iter().filter_map(|i| index(items, *i)));
            }
        }
        Step::Slice { start, end, step } => {
            if let Some(items) = node.as_array() {
                out.extend(
                    slice(items.len(), *start, *end, *step)
                        .into_iter()
                        .map(|i| &items[i]),
                );
            }
        }
        Step::Descend(inner) => {
            let mut stack = vec![node];
            // Pre-order, children in document order, like Jayway's deep scan.
            while let Some(n) = stack.pop() {
                apply(inner, n, out);
                match n {
                    Value::Object(map) => stack.extend(map.values().rev()),
                    Value::Array(items) => stack.extend(items.iter().rev()),
                    _ => {}
                }
            }
        }
    }
}

fn index(items: &[Value], i: i64) -> Option<&Value> {
    let len = i64::try_from(items.len()).ok()?;
    let i = if i < 0 { len + i } else { i };
    usize::try_from(i).ok().and_then(|i| items.get(i))
}

/// Python-style slice indexes (negative counts from the end, step may be negative).
fn slice(len: usize, start: Option<i64>, end: Option<i64>, step: i64) -> Vec<usize> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let clamp = |v: i64, low: i64, high: i64| v.max(low).min(high);
    let norm = |v: i64| if v < 0 { v + len } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let s = clamp(start.map_or(0, norm), 0, len);
        let e = clamp(end.map_or(len, norm), 0, len);
        let mut i = s;
        while i < e {
            out.push(i as usize);
            let Some(n) = i.checked_add(step) else { break };
            i = n;
        }
    } else {
        let s = clamp(start.map_or(len - 1, norm), -1, len - 1);
        let e = clamp(end.map_or(-1, norm), -1, len - 1);
        let mut i = s;
        while i > e {
            out.push(i as usize);
            let Some(n) = i.checked_add(step) else { break };
            i = n;
        }
    }
    out
}

struct Parser<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|(_, c)| *c)
    }

    fn bad(&self, why: &str) -> String {
        format!("invalid JSONPath '{}': {why}", self.text)
    }

    fn steps(mut self) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.pos += 1;
                    if self.peek() == Some('.') {
                        self.pos += 1;
                        let inner = match self.peek() {
                            Some('[') => self.bracket()?,
                            _ => self.dotted()?,
                        };
                        steps.push(Step::Descend(Box::new(inner)));
                    } else {
                        steps.push(self.dotted()?);
                    }
                }
                '[' => steps.push(self.bracket()?),
                _ => return Err(self.bad(&format!("unexpected '{c}'"))),
            }
        }
        Ok(steps)
    }

    /// After a `.`: `*`, a field name, or (AWS accepts `$.a.['b']`) a bracket.
    fn dotted(&mut self) -> Result<Step, String> {
        if self.peek() == Some('*') {
            self.pos += 1;
            return Ok(Step::Wildcard);
        }
        if self.peek() == Some('[') {
            return self.bracket();
        }
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == '.' || c == '[' {
                break;
            }
            if c == ']' || c == '(' || c == ')' || c.is_whitespace() {
                // Jayway rejects these too; `['a b']` is the way to name such a field.
                return Err(self.bad(&format!("'{c}' in a dotted field name (functions are not supported; quote odd names as ['...'])")));
            }
            name.push(c);
            self.pos += 1;
        }
        if name.is_empty() {
            return Err(self.bad("empty field name"));
        }
        Ok(Step::Field(name))
    }

    fn bracket(&mut self) -> Result<Step, String> {
        self.pos += 1; // '['
        self.skip_spaces();
        let step = match self.peek() {
            Some('*') => {
                self.pos += 1;
                Step::Wildcard
            }
            Some('\'') | Some('"') => {
                let mut names = vec![self.quoted()?];
                self.skip_spaces();
                while self.peek() == Some(',') {
                    self.pos += 1;
                    self.skip_spaces();
                    names.push(self.quoted()?);
                    self.skip_spaces();
                }
                if names.len() == 1 {
                    Step::Field(names.remove(0))
                } else {
                    Step::Fields(names)
                }
            }
            Some('?') | Some('(') => {
                return Err(self.bad("filter and script expressions are not supported"));
            }
            _ => {
                let mut body = String::new();
                while let Some(c) = self.peek() {
                    if c == ']' {
                        break;
                    }
                    body.push(c);
                    self.pos += 1;
                }
                self.numeric(&body)?
            }
        };
        self.skip_spaces();
        if self.peek() != Some(']') {
            return Err(self.bad("missing ']'"));
        }
        self.pos += 1;
        Ok(step)
    }

    fn numeric(&self, body: &str) -> Result<Step, String> {
        let int = |s: &str| -> Result<Option<i64>, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<i64>()
                .map(Some)
                .map_err(|_| self.bad(&format!("'{s}' is not an array index")))
        };
        if body.contains(':') {
            let parts: Vec<&str> = body.split(':').collect();
            if parts.len() > 3 {
                return Err(self.bad("a slice has at most three parts"));
            }
            let step = match parts.get(2) {
                Some(s) => int(s)?.unwrap_or(1),
                None => 1,
            };
            if step == 0 {
                return Err(self.bad("a slice step cannot be 0"));
            }
            return Ok(Step::Slice {
                start: int(parts[0])?,
                end: int(parts[1])?,
                step,
            });
        }
        if body.contains(',') {
            let indexes = body
                .split(',')
                .map(|s| int(s)?.ok_or_else(|| self.bad("empty index in a union")))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Step::Indexes(indexes));
        }
        int(body)?
            .map(Step::Index)
            .ok_or_else(|| self.bad("empty brackets"))
    }

    fn quoted(&mut self) -> Result<String, String> {
        let quote = self.peek().ok_or_else(|| self.bad("missing quote"))?;
        if quote != '\'' && quote != '"' {
            return Err(self.bad("expected a quoted field name"));
        }
        self.pos += 1;
        let mut name = String::new();
        loop {
            match self.peek() {
                None => return Err(self.bad("unterminated quoted field name")),
                Some('\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or_else(|| self.bad("dangling backslash"))?;
                    name.push(escaped);
                    self.pos += 1;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(name);
                }
                Some(c) => {
                    name.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sel(path: &str, doc: &Value) -> Option<Value> {
        Path::parse(path).unwrap().select(doc)
    }

    #[test]
    fn definite_paths_select_one_node() {
        let doc = json!({"a": {"b c": [10, 20, {"d": true}]}, "x": null});
        assert_eq!(sel("$", &doc), Some(doc.clone()));
        assert_eq!(sel("$.a['b c'][1]", &doc), Some(json!(20)));
        assert_eq!(sel("$.a[\"b c\"][2].d", &doc), Some(json!(true)));
        assert_eq!(sel("$.a.['b c'][-1].d", &doc), Some(json!(true)));
        assert_eq!(
            sel("$.x", &doc),
            Some(Value::Null),
            "a null field is present"
        );
        assert_eq!(sel("$.missing", &doc), None);
        // A Parallel state's result is an array; `$[0].x` names one node of it.
        assert_eq!(sel("$[0].x", &json!([{"x": 1}, {"x": 2}])), Some(json!(1)));
        assert_eq!(sel("$.a['b c'][7]", &doc), None);
    }

    #[test]
    fn indefinite_paths_select_an_array_of_matches() {
        let doc = json!({"items": [{"id": 1}, {"id": 2}, {"other": 3}], "m": {"p": 1, "q": 2}});
        assert_eq!(sel("$.items[*].id", &doc), Some(json!([1, 2])));
        assert_eq!(
            sel("$.items[0,2]", &doc),
            Some(json!([{"id": 1}, {"other": 3}]))
        );
        assert_eq!(
            sel("$.items[1:]", &doc),
            Some(json!([{"id": 2}, {"other": 3}]))
        );
        assert_eq!(sel("$.items[:-1].id", &doc), Some(json!([1, 2])));
        assert_eq!(sel("$.items[::-1].id", &doc), Some(json!([2, 1])));
        assert_eq!(
            sel("$.items[1::9223372036854775807]", &doc),
            Some(json!([{"id": 2}])),
            "huge steps do not overflow"
        );
        assert_eq!(sel("$.m.*", &doc), Some(json!([1, 2])));
        assert_eq!(sel("$.m['p','q']", &doc), Some(json!([1, 2])));
        assert_eq!(sel("$..id", &doc), Some(json!([1, 2])));
        assert_eq!(
            sel("$.items[*].nope", &doc),
            Some(json!([])),
            "no match is an empty array, not an error"
        );
    }

    #[test]
    fn context_paths_are_marked() {
        let p = Path::parse("$$.Execution.Name").unwrap();
        assert_eq!(p.root(), Root::Context);
        assert_eq!(
            p.select(&json!({"Execution": {"Name": "n"}})),
            Some(json!("n"))
        );
    }

    #[test]
    fn rejects_malformed_and_unsupported_paths() {
        for bad in [
            "a.b",
            "$.",
            "$.a.b c",
            "$[",
            "$.a[?(@.b>1)]",
            "$.a.length()",
            "$['x'",
            "$[1:2:0]",
            "$.a]",
        ] {
            assert!(Path::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn reference_paths_allow_only_fields_and_indexes() {
        assert!(Path::parse_reference("$.a[0]['b']").is_ok());
        for bad in ["$.a[*]", "$.a[0,1]", "$..a", "$.a[1:]", "$.a[-1]"] {
            assert!(
                Path::parse_reference(bad).is_err(),
                "{bad} is not a reference path"
            );
        }
    }

    #[test]
    fn put_creates_missing_objects_and_replaces_nodes() {
        let p = Path::parse_reference("$.a.b.c").unwrap();
        assert_eq!(
            p.put(json!({"x": 1}), json!(5)).unwrap(),
            json!({"x": 1, "a": {"b": {"c": 5}}})
        );
        let p = Path::parse_reference("$.list[1]").unwrap();
        assert_eq!(
            p.put(json!({"list": [1, 2]}), json!("z")).unwrap(),
            json!({"list": [1, "z"]})
        );
        let p = Path::parse_reference("$").unwrap();
        assert_eq!(p.put(json!({"x": 1}), json!([1])).unwrap(), json!([1]));
    }

    #[test]
    fn put_fails_through_non_objects() {
        let p = Path::parse_reference("$.a.b").unwrap();
        assert!(p.put(json!({"a": 1}), json!(5)).is_err());
        assert!(p.put(json!("text"), json!(5)).is_err());
        let p = Path::parse_reference("$.list[3]").unwrap();
        assert!(p.put(json!({"list": [1]}), json!(5)).is_err());
    }
}
