//! Input rejected at the edge. One error type, built once where a value is parsed, naming the
//! field so the client knows what to fix (`INVALID_PATIENT_ID`, `INVALID_PROCEDURE_CODE`, …).

use std::fmt;

/// A value the caller sent that cannot be accepted. `code` is the stable machine-readable name
/// (`INVALID_<FIELD>`), `field` the JSON field it concerns, `message` a human explanation that
/// never echoes clinical text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl ValidationError {
    /// An invalid `field`; the code is derived from the field name (`patient_id` →
    /// `INVALID_PATIENT_ID`).
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let code = format!("INVALID_{}", field.replace(['.', '[', ']'], "_").to_ascii_uppercase());
        Self { field: field.to_string(), code: code.trim_end_matches('_').replace("__", "_"), message: message.into() }
    }

    /// A required `field` that is absent or empty.
    pub fn missing(field: &str) -> Self {
        Self::invalid(field, format!("{field} is required"))
    }

    /// The same error reported under another field name (e.g. `diagnosis_codes[2]`).
    pub fn at(mut self, field: &str) -> Self {
        self.field = field.to_string();
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_the_field() {
        assert_eq!(ValidationError::missing("patient_id").code, "INVALID_PATIENT_ID");
        assert_eq!(ValidationError::invalid("diagnosis_codes", "x").code, "INVALID_DIAGNOSIS_CODES");
        assert_eq!(ValidationError::missing("patient_id").message, "patient_id is required");
    }
}

/// Reads the fields of a JSON request body one by one, so each problem is reported under its
/// own field name instead of as one opaque "invalid JSON" error.
pub struct Fields<'a> {
    object: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> Fields<'a> {
    /// The body must be a JSON object.
    pub fn of(body: &'a serde_json::Value) -> Result<Self, ValidationError> {
        body.as_object()
            .map(|object| Self { object })
            .ok_or_else(|| ValidationError::invalid("body", "the request body must be a JSON object"))
    }

    /// Whether the field is present with a non-null value (even an empty one).
    pub fn has(&self, name: &str) -> bool {
        self.object.get(name).is_some_and(|v| !v.is_null())
    }

    /// A string field that must be present and non-empty.
    pub fn required_str(&self, name: &str) -> Result<&'a str, ValidationError> {
        self.optional_str(name)?.ok_or_else(|| ValidationError::missing(name))
    }

    /// A string field that may be absent or null; an empty string counts as absent.
    pub fn optional_str(&self, name: &str) -> Result<Option<&'a str>, ValidationError> {
        match self.object.get(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(ValidationError::invalid(name, format!("{name} must be a string"))),
        }
    }

    /// An array of strings; absent or null is an empty list.
    pub fn str_list(&self, name: &str) -> Result<Vec<&'a str>, ValidationError> {
        match self.object.get(name) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().ok_or_else(|| ValidationError::invalid(name, format!("{name} must be a list of strings"))))
                .collect(),
            Some(_) => Err(ValidationError::invalid(name, format!("{name} must be a list of strings"))),
        }
    }

    /// A string with at most `max_chars` characters.
    pub fn bounded_str(&self, name: &str, max_chars: usize) -> Result<Option<&'a str>, ValidationError> {
        let value = self.optional_str(name)?;
        if let Some(s) = value {
            if s.chars().count() > max_chars {
                return Err(ValidationError::invalid(name, format!("{name} must be at most {max_chars} characters")));
            }
        }
        Ok(value)
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_field_of_each_problem() {
        let body = json!({"a": "x", "b": 3, "c": ["p", 1], "d": "  "});
        let f = Fields::of(&body).unwrap();
        assert_eq!(f.required_str("a").unwrap(), "x");
        assert_eq!(f.required_str("b").unwrap_err().code, "INVALID_B");
        assert_eq!(f.str_list("c").unwrap_err().field, "c");
        assert_eq!(f.required_str("d").unwrap_err().message, "d is required");
        assert!(f.str_list("zz").unwrap().is_empty());
        assert_eq!(Fields::of(&json!([1])).err().unwrap().code, "INVALID_BODY");
    }
}
