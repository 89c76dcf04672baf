//! MongoDB pipeline safety: whether an aggregation pipeline may run against a hospital's
//! MongoDB. The SQL rules' counterpart ([`crate::reports::sql_safety`]), on the pipeline's JSON.
//!
//! | code | rule |
//! |---|---|
//! | `PARSE_ERROR` | a JSON array of stage objects, each with exactly one `$stage` key; bounded size and depth |
//! | `DENIED_STAGE` | only reading and reshaping stages: `$match $project $addFields $set $unset $sort $limit $skip $group $count $unwind $lookup $facet $bucket $bucketAuto $sortByCount $replaceRoot $replaceWith $sample $unionWith` — never `$out`, `$merge` (they write), `$currentOp`, `$collStats`, `$indexStats`, `$listSessions`, `$planCacheStats` (server internals), `$graphLookup` (unbounded) |
//! | `DENIED_OPERATOR` | no `$where`, `$function`, `$accumulator` anywhere: they run JavaScript on the server |
//! | `UNKNOWN_COLLECTION` | the pipeline's collection and every `$lookup`/`$unionWith` collection are in the stored schema |
//!
//! Values may be `{"$param": "<name>"}`: the planner's bound parameters (the patient id), put in
//! as BSON values when the pipeline runs, never spliced into text.
//!
//! Patient scope: the first stage is a `$match` pinning the patient field to one value, and every
//! `$lookup`/`$unionWith` either joins on the patient field or pins it itself.

use serde_json::{Map, Value, json};

use crate::reports::patient_key::PatientKey;
use crate::reports::schema::DatabaseSchema;
use crate::reports::sql_safety::Reason;

const ALLOWED_STAGES: [&str; 20] = [
    "$match", "$project", "$addFields", "$set", "$unset", "$sort", "$limit", "$skip", "$group", "$count", "$unwind", "$lookup", "$facet", "$bucket", "$bucketAuto", "$sortByCount", "$replaceRoot",
    "$replaceWith", "$sample", "$unionWith",
];
const DENIED_OPERATORS: [&str; 3] = ["$where", "$function", "$accumulator"];
const MAX_STAGES: usize = 50;
const MAX_DEPTH: usize = 32;

/// A pipeline that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOnlyPipeline {
    pub collection: String,
    pub stages: Vec<Value>,
    pub patient_scoped: bool,
}

impl ReadOnlyPipeline {
    pub fn parse(collection: &str, pipeline: &Value, schema: &DatabaseSchema, key: Option<&PatientKey>) -> Result<ReadOnlyPipeline, Vec<Reason>> {
        let mut reasons = Vec::new();
        if schema.table(collection).is_none() {
            reasons.push(reason("UNKNOWN_COLLECTION", format!("collection {} is not in the connection's stored schema", printable(collection))));
        }
        check_pipeline(pipeline, schema, 0, &mut reasons);
        if !reasons.is_empty() {
            return Err(reasons);
        }
        let stages = pipeline.as_array().cloned().unwrap_or_default();
        let patient_scoped = key.is_some_and(|k| scoped(&stages, &k.column));
        Ok(ReadOnlyPipeline { collection: schema.table(collection).map(|t| t.name.clone()).unwrap_or_default(), stages, patient_scoped })
    }

    /// The stages to run, with `{"$limit": cap}` appended so no pipeline returns more.
    pub fn capped(&self, cap: u64) -> Vec<Value> {
        let mut stages = self.stages.clone();
        stages.push(json!({ "$limit": cap }));
        stages
    }
}

fn reason(code: &'static str, message: String) -> Reason {
    Reason { code, message }
}

/// A collection or field name fit for a message (names only, bounded).
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

fn check_pipeline(pipeline: &Value, schema: &DatabaseSchema, depth: usize, reasons: &mut Vec<Reason>) {
    let Some(stages) = pipeline.as_array() else {
        reasons.push(reason("PARSE_ERROR", "a pipeline is a JSON array of stages".into()));
        return;
    };
    if stages.len() > MAX_STAGES {
        reasons.push(reason("PARSE_ERROR", format!("a pipeline has at most {MAX_STAGES} stages")));
        return;
    }
    for stage in stages {
        let Some((name, body)) = stage.as_object().filter(|o| o.len() == 1).and_then(|o| o.iter().next()) else {
            reasons.push(reason("PARSE_ERROR", "each stage is an object with exactly one $stage key".into()));
            continue;
        };
        if !name.starts_with('$') {
            reasons.push(reason("PARSE_ERROR", "each stage is an object with exactly one $stage key".into()));
            continue;
        }
        if !ALLOWED_STAGES.contains(&name.as_str()) {
            reasons.push(reason("DENIED_STAGE", format!("stage {} is not allowed: reports only read and reshape", printable(name))));
            continue;
        }
        check_operators(body, depth + 1, reasons);
        match name.as_str() {
            "$lookup" => {
                if let Some(from) = body.get("from").and_then(Value::as_str) {
                    known(from, schema, reasons);
                } else {
                    reasons.push(reason("PARSE_ERROR", "$lookup needs a from collection".into()));
                }
                if let Some(inner) = body.get("pipeline") {
                    check_pipeline(inner, schema, depth + 1, reasons);
                }
            }
            "$unionWith" => match body {
                Value::String(coll) => known(coll, schema, reasons),
                Value::Object(o) => {
                    match o.get("coll").and_then(Value::as_str) {
                        Some(coll) => known(coll, schema, reasons),
                        None => reasons.push(reason("PARSE_ERROR", "$unionWith needs a coll".into())),
                    }
                    if let Some(inner) = o.get("pipeline") {
                        check_pipeline(inner, schema, depth + 1, reasons);
                    }
                }
                _ => reasons.push(reason("PARSE_ERROR", "$unionWith needs a collection".into())),
            },
            "$facet" => {
                for inner in body.as_object().into_iter().flat_map(Map::values) {
                    check_pipeline(inner, schema, depth + 1, reasons);
                }
            }
            _ => {}
        }
    }
}

fn known(collection: &str, schema: &DatabaseSchema, reasons: &mut Vec<Reason>) {
    if schema.table(collection).is_none() {
        reasons.push(reason("UNKNOWN_COLLECTION", format!("collection {} is not in the connection's stored schema", printable(collection))));
    }
}

fn check_operators(value: &Value, depth: usize, reasons: &mut Vec<Reason>) {
    if depth > MAX_DEPTH {
        reasons.push(reason("PARSE_ERROR", format!("the pipeline nests deeper than {MAX_DEPTH} levels")));
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if DENIED_OPERATORS.contains(&k.as_str()) {
                    reasons.push(reason("DENIED_OPERATOR", format!("operator {k} is not allowed: it runs JavaScript on the server")));
                }
                check_operators(v, depth + 1, reasons);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| check_operators(v, depth + 1, reasons)),
        _ => {}
    }
}

/// Whether a value pins one patient: a scalar, `{"$eq": scalar}` or a `{"$param": …}`.
fn pins(value: &Value) -> bool {
    match value {
        Value::String(_) | Value::Number(_) => true,
        Value::Object(o) if o.len() == 1 => o.get("$eq").is_some_and(|v| matches!(v, Value::String(_) | Value::Number(_))) || o.get("$param").is_some_and(Value::is_string),
        _ => false,
    }
}

fn first_match_pins(stages: &[Value], field: &str) -> bool {
    stages.first().and_then(|s| s.get("$match")).and_then(|m| m.get(field)).is_some_and(pins)
}

fn scoped(stages: &[Value], field: &str) -> bool {
    if !first_match_pins(stages, field) {
        return false;
    }
    stages.iter().all(|stage| {
        if let Some(lookup) = stage.get("$lookup") {
            let joins_on_patient = lookup.get("localField").and_then(Value::as_str) == Some(field) && lookup.get("foreignField").and_then(Value::as_str) == Some(field);
            return joins_on_patient || lookup.get("pipeline").and_then(Value::as_array).is_some_and(|p| first_match_pins(p, field));
        }
        if let Some(union) = stage.get("$unionWith") {
            return union.get("pipeline").and_then(Value::as_array).is_some_and(|p| scoped(p, field));
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::patient_key::discover;
    use crate::reports::patient_key::tests::table;
    use crate::reports::schema::DatabaseType;

    fn schema() -> DatabaseSchema {
        DatabaseSchema {
            database_type: DatabaseType::MongoDB,
            database_name: "fhir".into(),
            tables: vec![
                table("patients", &[("patient_id", "string"), ("birthDate", "string|isodate")], None, &[]),
                table("observations", &[("patient_id", "string"), ("effectiveDateTime", "string|isodate"), ("valueQuantity.value", "double")], None, &[]),
            ],
            extracted_at: None,
        }
    }

    fn check(collection: &str, pipeline: Value) -> Result<ReadOnlyPipeline, Vec<Reason>> {
        let schema = schema();
        let key = discover(&schema, None).unwrap();
        ReadOnlyPipeline::parse(collection, &pipeline, &schema, Some(&key))
    }

    fn code(collection: &str, pipeline: Value) -> &'static str {
        check(collection, pipeline).err().map(|r| r[0].code).unwrap_or("SAFE")
    }

    #[test]
    fn writes_javascript_and_unknown_collections_are_refused() {
        assert_eq!(code("observations", json!([{"$match": {}}, {"$out": "stolen"}])), "DENIED_STAGE");
        assert_eq!(code("observations", json!([{"$merge": {"into": "x"}}])), "DENIED_STAGE");
        assert_eq!(code("observations", json!([{"$match": {"$where": "sleep(1000)"}}])), "DENIED_OPERATOR");
        assert_eq!(code("observations", json!([{"$group": {"_id": null, "x": {"$accumulator": {}}}}])), "DENIED_OPERATOR");
        assert_eq!(code("observations", json!([{"$lookup": {"from": "users", "as": "u", "localField": "a", "foreignField": "b"}}])), "UNKNOWN_COLLECTION");
        assert_eq!(code("system.users", json!([])), "UNKNOWN_COLLECTION");
        assert_eq!(code("observations", json!({"$match": {}})), "PARSE_ERROR");
        assert_eq!(code("observations", json!([{"$match": {}, "$limit": 1}])), "PARSE_ERROR");
        assert_eq!(code("observations", json!([{"$currentOp": {}}])), "DENIED_STAGE");
    }

    #[test]
    fn report_pipelines_pass_and_say_whether_they_are_scoped() {
        let scoped = check("observations", json!([{"$match": {"patient_id": {"$param": "patient_id"}}}, {"$sort": {"effectiveDateTime": -1}}])).unwrap();
        assert!(scoped.patient_scoped);
        assert_eq!(scoped.capped(10).last(), Some(&json!({"$limit": 10})));
        let open = check("observations", json!([{"$group": {"_id": "$patient_id", "n": {"$sum": 1}}}])).unwrap();
        assert!(!open.patient_scoped);
        let leaky = check("observations", json!([{"$match": {"patient_id": "p1"}}, {"$unionWith": "patients"}])).unwrap();
        assert!(!leaky.patient_scoped);
    }
}
