//! Whether a JSON value fits a schema of the document: the subset of JSON Schema the document
//! uses (`$ref`, `oneOf`, `allOf`, `type`, `enum`, `required`, `properties`, `items`,
//! `additionalProperties`, `format: date-time`, length, item and number bounds). A validator
//! crate would cover more at a compile-time cost this does not need.
//!
//! Stricter than JSON Schema on purpose: an object may hold only the properties its schema lists
//! (unless it declares `additionalProperties`), so a field a handler starts sending without
//! documenting it fails here. `pattern` is not checked (no regex engine in this crate).

use serde_json::Value;

/// The schema a `$ref` points at.
pub fn resolve<'d>(doc: &'d Value, reference: &str) -> &'d Value {
    let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("external $ref {reference}"));
    doc.pointer(pointer).unwrap_or_else(|| panic!("$ref {reference} does not resolve"))
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("unknown schema type {other}"),
    }
}

/// `Ok` when `value` fits `schema`; otherwise where and why not.
pub fn fits(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return fits(doc, resolve(doc, reference), value, at);
    }
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let failures: Vec<String> = branches.iter().filter_map(|b| fits(doc, b, value, at).err()).collect();
        if failures.len() == branches.len() {
            return Err(format!("{at}: fits no oneOf branch: {}", failures.join(" | ")));
        }
    }
    for branch in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        fits(doc, branch, value, at)?;
    }
    match schema.get("type") {
        Some(Value::String(name)) if !type_matches(name, value) => return Err(format!("{at}: {value} is not {name}")),
        Some(Value::Array(names)) if !names.iter().any(|n| type_matches(n.as_str().unwrap_or_default(), value)) => {
            return Err(format!("{at}: {value} is none of {names:?}"));
        }
        _ => {}
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    match value {
        Value::Object(object) => {
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !object.contains_key(name) {
                    return Err(format!("{at}: required property {name} is missing"));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties");
            for (name, item) in object {
                match (properties.and_then(|p| p.get(name)), additional) {
                    (Some(property), _) => fits(doc, property, item, &format!("{at}.{name}"))?,
                    (None, Some(Value::Bool(true))) => {}
                    (None, Some(extra @ Value::Object(_))) => fits(doc, extra, item, &format!("{at}.{name}"))?,
                    (None, _) if properties.is_some() => return Err(format!("{at}: property {name} is not in the schema")),
                    (None, _) => {}
                }
            }
        }
        Value::Array(items) => {
            if schema.get("maxItems").and_then(Value::as_u64).is_some_and(|max| items.len() as u64 > max) {
                return Err(format!("{at}: more items than maxItems"));
            }
            if schema.get("minItems").and_then(Value::as_u64).is_some_and(|min| (items.len() as u64) < min) {
                return Err(format!("{at}: fewer items than minItems"));
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    fits(doc, item_schema, item, &format!("{at}[{i}]"))?;
                }
            }
        }
        Value::String(s) => {
            let length = s.chars().count() as u64;
            if schema.get("maxLength").and_then(Value::as_u64).is_some_and(|max| length > max) {
                return Err(format!("{at}: longer than maxLength"));
            }
            if schema.get("minLength").and_then(Value::as_u64).is_some_and(|min| length < min) {
                return Err(format!("{at}: shorter than minLength"));
            }
            if schema.get("format").and_then(Value::as_str) == Some("date-time") && chrono::DateTime::parse_from_rfc3339(s).is_err() {
                return Err(format!("{at}: {s} is not an RFC 3339 date-time"));
            }
        }
        Value::Number(n) => {
            let n = n.as_f64().unwrap_or_default();
            if schema.get("minimum").and_then(Value::as_f64).is_some_and(|min| n < min) {
                return Err(format!("{at}: below minimum"));
            }
            if schema.get("maximum").and_then(Value::as_f64).is_some_and(|max| n > max) {
                return Err(format!("{at}: above maximum"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// A named component schema.
pub fn component<'d>(doc: &'d Value, name: &str) -> &'d Value {
    resolve(doc, &format!("#/components/schemas/{name}"))
}

/// The property names a component schema lists, and those it requires.
pub fn properties_of(doc: &Value, name: &str) -> (Vec<String>, Vec<String>) {
    let schema = component(doc, name);
    let listed = schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default();
    let required = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default();
    (listed, required)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_checker_refuses_what_it_should() {
        let doc = json!({"components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string", "minLength": 1},
                "when": {"type": ["string", "null"], "format": "date-time"},
                "kind": {"oneOf": [{"type": "null"}, {"type": "string", "enum": ["a", "b"]}]},
                "n": {"type": "integer", "minimum": 1, "maximum": 3},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                "extra": {"type": "object", "additionalProperties": {}}
            }}
        }}});
        let thing = component(&doc, "Thing");
        let ok = json!({"id": "x", "when": "2026-01-01T00:00:00Z", "kind": null, "n": 2, "tags": ["t"], "extra": {"any": 1}});
        assert_eq!(fits(&doc, thing, &ok, "$"), Ok(()));
        for bad in [
            json!({}),
            json!({"id": ""}),
            json!({"id": "x", "surprise": 1}),
            json!({"id": "x", "when": "yesterday"}),
            json!({"id": "x", "kind": "c"}),
            json!({"id": "x", "n": 4}),
            json!({"id": "x", "n": 1.5}),
            json!({"id": "x", "tags": ["a", "b", "c"]}),
            json!({"id": 1}),
        ] {
            assert!(fits(&doc, thing, &bad, "$").is_err(), "{bad} should not fit");
        }
    }
}
