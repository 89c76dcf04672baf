//! Aggregation pipelines for MongoDB, from a sampled schema.
//!
//! - each kind: the kind's collection, `$match` on the patient field (a `{"$param"}`, bound when
//!   the pipeline runs) and the window on its date field, `$sort` newest first; a named lab adds
//!   a case-insensitive `$regex` on the collection's description text (`code.text` in FHIR);
//! - `details`: the patient's own document(s);
//! - `summary`: the first kind's pipeline with every other kind `$unionWith`-ed, each `$project`-ed
//!   to the common shape (`category, event_date, description, code, value, unit`), newest first.
//!
//! Only top-level or object paths are matched on (never through arrays), and only stages that
//! MongoDB has had since 4.4.

use chrono::Duration;
use serde_json::{Map, Value, json};

use crate::reports::patient_key::PatientKey;
use crate::reports::planner::{Parameter, ParameterValue, PlanError, date_column, lab_patterns, table_for};
use crate::reports::planner::sql::describe_window;
use crate::reports::request::{ReportKind, ReportRequest};
use crate::reports::schema::{DatabaseSchema, Field, Table};

/// A planned pipeline, not yet validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelinePlan {
    pub collection: String,
    pub stages: Vec<Value>,
    pub parameters: Vec<Parameter>,
    pub explanation: String,
}

fn has_type(field: &Field, t: &str) -> bool {
    field.data_type.split('|').any(|x| x == t)
}

/// The window on `date` as a `$match` condition: ISO strings compare as strings, BSON dates as
/// dates.
fn window_condition(request: &ReportRequest, table: &Table, date: &str) -> Option<Value> {
    let bson_date = table.field(date).is_some_and(|f| has_type(f, "date"));
    let value = |d: chrono::NaiveDate| if bson_date { json!({ "$date": format!("{d}T00:00:00Z") }) } else { Value::String(d.to_string()) };
    let mut condition = Map::new();
    if let Some(from) = request.window.from {
        condition.insert("$gte".into(), value(from));
    }
    if let Some(to) = request.window.to {
        condition.insert("$lt".into(), value(to + Duration::days(1)));
    }
    (!condition.is_empty()).then_some(Value::Object(condition))
}

/// The path describing what a document is: a `*.text`, `*display` or `*name` string outside
/// arrays, most present first (FHIR's `code.text`, `medicationCodeableConcept.text`).
fn description_field(table: &Table) -> Option<&str> {
    let skip = ["meta.", "text.div", "category", "status", "identifier", "subject", "encounter", "reference", "system"];
    table
        .fields
        .iter()
        .filter(|f| has_type(f, "string"))
        .filter(|f| {
            let n = f.name.to_ascii_lowercase();
            !skip.iter().any(|s| n.contains(s)) && (n.ends_with(".text") || n.ends_with("display") || n.ends_with("name") || n == "description")
        })
        .max_by(|a, b| {
            let score = |f: &Field| (f.presence.unwrap_or(0.0), f.name.ends_with(".text"), -(f.name.matches('.').count() as i64));
            score(a).partial_cmp(&score(b)).unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|f| f.name.as_str())
}

fn code_field(table: &Table) -> Option<&str> {
    table.fields.iter().filter(|f| f.name.ends_with(".code") && !f.name.contains("category") && !f.name.contains("status") && !f.name.contains("meta.")).map(|f| f.name.as_str()).min_by_key(|n| n.len())
}

fn value_field(table: &Table) -> Option<&str> {
    table.fields.iter().find(|f| f.name.to_ascii_lowercase().contains("value") && ["double", "int", "long", "decimal"].iter().any(|t| has_type(f, t)) && !f.name.contains("component")).map(|f| f.name.as_str())
}

fn unit_field(table: &Table) -> Option<&str> {
    table.fields.iter().find(|f| f.name.to_ascii_lowercase().ends_with("unit") && has_type(f, "string") && !f.name.contains("component")).map(|f| f.name.as_str())
}

/// `$match` of one kind's collection.
fn matching(request: &ReportRequest, table: &Table, key: &PatientKey, lab: bool) -> Map<String, Value> {
    let mut condition = Map::new();
    let patient_field = key.column_of(&table.name).unwrap_or(&key.column);
    condition.insert(patient_field.to_string(), json!({ "$param": "patient_id" }));
    if let Some(date) = date_column(table)
        && let Some(window) = window_condition(request, table, date)
    {
        condition.insert(date.to_string(), window);
    }
    if lab
        && let Some(name) = request.lab_filter.as_deref()
        && let Some(text) = description_field(table)
    {
        let alternatives: Vec<Value> = lab_patterns(name).iter().map(|p| json!({ text: { "$regex": regex_escape(p.trim_matches('%')), "$options": "i" } })).collect();
        condition.insert("$or".into(), Value::Array(alternatives));
    }
    condition
}

fn regex_escape(text: &str) -> String {
    text.chars().flat_map(|c| if "\\^$.|?*+()[]{}/".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

fn field_ref(path: Option<&str>) -> Value {
    path.map(|p| Value::String(format!("${p}"))).unwrap_or(Value::Null)
}

pub fn plan(request: &ReportRequest, schema: &DatabaseSchema, key: &PatientKey) -> Result<PipelinePlan, PlanError> {
    let parameters = vec![Parameter { name: "patient_id".into(), value: ParameterValue::Text(request.patient_id.clone()) }];
    let carries = |t: &Table| key.column_of(&t.name).is_some() && !key.is_patient_table(&t.name);
    let window = describe_window(request);
    match request.kind {
        ReportKind::Details => {
            let table = key.table.as_deref().and_then(|t| schema.table(t)).ok_or(PlanError::NoTableFor(ReportKind::Details))?;
            let field = key.column_of(&table.name).unwrap_or(&key.column);
            Ok(PipelinePlan {
                collection: table.name.clone(),
                stages: vec![json!({ "$match": { field: { "$param": "patient_id" } } })],
                parameters,
                explanation: format!("The record of patient {} in {}.", request.patient_id, table.name),
            })
        }
        ReportKind::Summary => {
            let mut branches: Vec<(String, Vec<Value>)> = Vec::new();
            let mut used = Vec::new();
            for kind in ReportKind::CLINICAL {
                let Some(table) = table_for(schema, kind, carries) else { continue };
                let Some(date) = date_column(table) else { continue };
                let project = json!({
                    "_id": 0,
                    "category": { "$literal": kind.as_str() },
                    "event_date": format!("${date}"),
                    "description": field_ref(description_field(table)),
                    "code": field_ref(code_field(table)),
                    "value": field_ref(value_field(table)),
                    "unit": field_ref(unit_field(table)),
                });
                branches.push((table.name.clone(), vec![json!({ "$match": matching(request, table, key, false) }), json!({ "$project": project })]));
                used.push(format!("{} ({})", kind.as_str(), table.name));
            }
            let mut branches = branches.into_iter();
            let (collection, mut stages) = branches.next().ok_or(PlanError::NoTableFor(ReportKind::Summary))?;
            for (other, pipeline) in branches {
                stages.push(json!({ "$unionWith": { "coll": other, "pipeline": pipeline } }));
            }
            stages.push(json!({ "$sort": { "event_date": -1 } }));
            Ok(PipelinePlan { collection, stages, parameters, explanation: format!("A summary of patient {}: {}{window}, newest first.", request.patient_id, used.join(", ")) })
        }
        kind => {
            let table = table_for(schema, kind, carries).ok_or(PlanError::NoTableFor(kind))?;
            let mut stages = vec![json!({ "$match": matching(request, table, key, kind == ReportKind::Labs) })];
            let date = date_column(table);
            if let Some(date) = date {
                stages.push(json!({ "$sort": { date: -1 } }));
            }
            let dated = date.map(|d| format!(", dated by {d}")).unwrap_or_default();
            let lab = request.lab_filter.as_deref().map(|l| format!(", matching \"{l}\"")).unwrap_or_default();
            Ok(PipelinePlan {
                collection: table.name.clone(),
                stages,
                parameters,
                explanation: format!("The {} of patient {} from {}{dated}{window}{lab}, newest first.", kind.as_str(), request.patient_id, table.name),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::patient_key::discover;
    use crate::reports::patient_key::tests::table;
    use crate::reports::pipeline_safety::ReadOnlyPipeline;
    use crate::reports::request::understand;
    use crate::reports::schema::DatabaseType;
    use chrono::NaiveDate;

    fn fhir() -> DatabaseSchema {
        DatabaseSchema {
            database_type: DatabaseType::MongoDB,
            database_name: "fhir".into(),
            tables: vec![
                table("patients", &[("_id", "string"), ("patient_id", "string"), ("birthDate", "isodate"), ("gender", "string")], Some("_id"), &[]),
                table("encounters", &[("patient_id", "string"), ("period.start", "isodate"), ("period.end", "isodate"), ("class.display", "string")], None, &[]),
                table(
                    "observations",
                    &[("patient_id", "string"), ("effectiveDateTime", "isodate"), ("code.text", "string"), ("code.coding.code", "string"), ("valueQuantity.value", "double"), ("valueQuantity.unit", "string")],
                    None,
                    &[],
                ),
            ],
            extracted_at: None,
        }
    }

    fn planned(text: &str) -> PipelinePlan {
        let schema = fhir();
        let key = discover(&schema, None).unwrap();
        let request = understand(text, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).unwrap();
        let plan = plan(&request, &schema, &key).unwrap();
        let checked = ReadOnlyPipeline::parse(&plan.collection, &Value::Array(plan.stages.clone()), &schema, Some(&key)).unwrap();
        assert!(checked.patient_scoped, "{text}: {:?}", plan.stages);
        plan
    }

    #[test]
    fn kinds_become_scoped_pipelines_on_their_collections() {
        let plan = planned("encounters for patient 7355310c-48c6-518f-8d18-e7cdc1924d1d in the last 6 months");
        assert_eq!(plan.collection, "encounters");
        assert_eq!(plan.stages[0]["$match"]["period.start"]["$gte"], "2024-12-30");
        assert_eq!(plan.stages[0]["$match"]["patient_id"], json!({"$param": "patient_id"}));
        let plan = planned("HbA1c for patient abc-123 since 2023");
        assert_eq!(plan.collection, "observations");
        assert!(plan.stages[0]["$match"]["$or"][0]["code.text"]["$regex"].is_string());
        let plan = planned("summary for patient abc-123");
        assert!(plan.stages.iter().any(|s| s.get("$unionWith").is_some()));
        let plan = planned("details of patient abc-123");
        assert_eq!(plan.collection, "patients");
    }
}
