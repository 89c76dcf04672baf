//! A strict reader for one JSON object of the definition (the machine, a state, a retrier...).
//!
//! Step Functions rejects fields a state type does not have (`SCHEMA_VALIDATION_FAILED`), so a
//! typo such as `"ResultsPath"` is an error here too instead of being silently ignored. Fields
//! that are valid ASL but not run by this interpreter get an `Unsupported` error that says so.

use serde_json::{Map, Value};

use crate::AslError;
use crate::json_path::Path;

/// Valid in the States Language, not supported by this interpreter, and why.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "QueryLanguage",
        "JSONata; only the JSONPath query language is supported",
    ),
    ("Assign", "workflow variables (Assign)"),
    ("Arguments", "JSONata Arguments"),
    ("Output", "JSONata Output"),
    ("Credentials", "cross-account task Credentials"),
    (
        "HeartbeatSeconds",
        "task heartbeats (they only apply to activities and callback tasks)",
    ),
    (
        "HeartbeatSecondsPath",
        "task heartbeats (they only apply to activities and callback tasks)",
    ),
    ("ItemReader", "distributed Map (ItemReader)"),
    ("ItemBatcher", "distributed Map (ItemBatcher)"),
    ("ResultWriter", "distributed Map (ResultWriter)"),
    (
        "ToleratedFailurePercentage",
        "distributed Map (tolerated failures)",
    ),
    (
        "ToleratedFailurePercentagePath",
        "distributed Map (tolerated failures)",
    ),
    (
        "ToleratedFailureCount",
        "distributed Map (tolerated failures)",
    ),
    (
        "ToleratedFailureCountPath",
        "distributed Map (tolerated failures)",
    ),
    ("Label", "distributed Map (Label)"),
];

pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    at: String,
}

impl<'a> Fields<'a> {
    /// `value` must be an object whose keys are all in `allowed`.
    pub fn new(value: &'a Value, at: &str, allowed: &[&str]) -> Result<Fields<'a>, AslError> {
        let map = value
            .as_object()
            .ok_or_else(|| AslError::invalid(at, "must be a JSON object"))?;
        for key in map.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            // "QueryLanguage": "JSONPath" is the default, spelled out.
            if key == "QueryLanguage" && map.get(key).and_then(Value::as_str) == Some("JSONPath") {
                continue;
            }
            if let Some((_, feature)) = UNSUPPORTED.iter().find(|(name, _)| name == key) {
                return Err(AslError::unsupported(format!("{at}.{key}"), *feature));
            }
            return Err(AslError::invalid(
                at,
                format!(
                    "unknown field '{key}' (allowed here: {})",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Fields {
            map,
            at: at.to_string(),
        })
    }

    pub fn at(&self) -> &str {
        &self.at
    }

    /// The location of `key` inside this object.
    pub fn at_key(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    pub fn invalid(&self, key: &str, problem: impl Into<String>) -> AslError {
        AslError::invalid(self.at_key(key), problem)
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.invalid(key, "must be a string")),
        }
    }

    pub fn required_str(&self, key: &str) -> Result<&'a str, AslError> {
        self.str(key)?
            .ok_or_else(|| AslError::invalid(&self.at, format!("the field '{key}' is required")))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.invalid(key, "must be true or false")),
        }
    }

    /// A non-negative integer no larger than `max`.
    pub fn uint(&self, key: &str, max: u64) -> Result<Option<u64>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) if n <= max => Ok(Some(n)),
                _ => Err(self.invalid(key, format!("must be an integer from 0 to {max}"))),
            },
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.invalid(key, "must be a number")),
        }
    }

    pub fn array(&self, key: &str) -> Result<Option<&'a Vec<Value>>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.invalid(key, "must be an array")),
        }
    }

    /// `InputPath`/`OutputPath`/`ResultPath`: absent is `$`, `null` is `None`.
    pub fn nullable_path(&self, key: &str, reference: bool) -> Result<Option<Path>, AslError> {
        match self.map.get(key) {
            None => Ok(Some(
                Path::parse("$").map_err(|why| self.invalid(key, why))?,
            )),
            Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => self.parse_path(key, text, reference).map(Some),
            Some(_) => Err(self.invalid(key, "must be a JSONPath string or null")),
        }
    }

    /// An optional path-valued field (`SecondsPath`, `ItemsPath`...).
    pub fn path(&self, key: &str, reference: bool) -> Result<Option<Path>, AslError> {
        match self.str(key)? {
            None => Ok(None),
            Some(text) => self.parse_path(key, text, reference).map(Some),
        }
    }

    fn parse_path(&self, key: &str, text: &str, reference: bool) -> Result<Path, AslError> {
        let parsed = if reference {
            Path::parse_reference(text)
        } else {
            Path::parse(text)
        };
        parsed.map_err(|why| self.invalid(key, why))
    }

    /// At most one of `keys` may be present.
    pub fn exclusive(&self, keys: &[&str]) -> Result<(), AslError> {
        let present: Vec<&str> = keys.iter().copied().filter(|k| self.has(k)).collect();
        if present.len() > 1 {
            return Err(AslError::invalid(
                &self.at,
                format!("'{}' cannot be used together", present.join("' and '")),
            ));
        }
        Ok(())
    }
}
