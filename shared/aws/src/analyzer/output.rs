//! Reading the model's answer: the `record_analysis` input (or, failing that, a JSON object in a
//! text block) checked field by field into criterion findings.
//!
//! Reasons name the field and what was wrong with it, never the value: a value may be a quote
//! from the notes, and the reason ends up in logs and in the case's failure reason.

use mediclear_domain::preauth::analysis::{CriterionFinding, CriterionKind, Verdict};
use serde_json::{Map, Value};

/// The model's analysis before MediClear adds model, engine and time.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnalysis {
    pub status: Verdict,
    pub criteria: Vec<CriterionFinding>,
    pub summary: String,
}

fn text(object: &Map<String, Value>, field: &str, at: &str) -> Result<String, String> {
    match object.get(field) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{at}{field} is not a string")),
        None => Err(format!("{at}{field} is missing")),
    }
}

fn criterion(index: usize, value: &Value) -> Result<CriterionFinding, String> {
    let at = format!("criteria[{index}].");
    let object = value.as_object().ok_or_else(|| format!("criteria[{index}] is not an object"))?;
    let kind = match object.get("kind") {
        None | Some(Value::Null) => CriterionKind::Requirement,
        Some(Value::String(k)) if k.eq_ignore_ascii_case("requirement") => CriterionKind::Requirement,
        Some(Value::String(k)) if k.eq_ignore_ascii_case("exclusion") => CriterionKind::Exclusion,
        Some(_) => return Err(format!("{at}kind must be \"requirement\" or \"exclusion\"")),
    };
    let met = match object.get("met") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::Null) => None,
        Some(_) => return Err(format!("{at}met must be true, false or null")),
        None => return Err(format!("{at}met is missing")),
    };
    let source_chunk_ids = match object.get("source_chunk_ids") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|id| id.as_str().map(str::to_string).ok_or_else(|| format!("{at}source_chunk_ids holds a non-string")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(format!("{at}source_chunk_ids is not a list")),
    };
    let id = match object.get("id") {
        Some(Value::Number(n)) => n.to_string(),
        _ => text(object, "id", &at)?,
    };
    Ok(CriterionFinding {
        id,
        text: text(object, "text", &at)?,
        kind,
        met,
        evidence: match object.get("evidence") {
            None | Some(Value::Null) => String::new(),
            _ => text(object, "evidence", &at)?,
        },
        policy_reference: match object.get("policy_reference") {
            None | Some(Value::Null) => String::new(),
            _ => text(object, "policy_reference", &at)?,
        },
        source_chunk_ids,
    })
}

/// Reads the analysis object; `Err` names the first problem.
pub fn parse(value: &Value) -> Result<ModelAnalysis, String> {
    let object = value.as_object().ok_or("the answer is not a JSON object")?;
    let status = match object.get("status").and_then(Value::as_str) {
        Some("APPROVED_READY") => Verdict::ApprovedReady,
        Some("MISSING_INFORMATION") => Verdict::MissingInformation,
        Some("AI_DENIED") => Verdict::AiDenied,
        Some(_) => return Err("status must be APPROVED_READY, MISSING_INFORMATION or AI_DENIED".into()),
        None => return Err("status is missing".into()),
    };
    let criteria = match object.get("criteria") {
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, c)| criterion(i, c)).collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err("criteria is not a list".into()),
        None => return Err("criteria is missing".into()),
    };
    let summary = text(object, "summary", "")?;
    Ok(ModelAnalysis { status, criteria, summary })
}

/// The first JSON object in a text answer (a model that wrote JSON instead of calling the tool).
pub fn object_in_text(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    if end <= start {
        return None;
    }
    serde_json::from_str::<Value>(&text[start..=end]).ok().filter(Value::is_object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"status": "MISSING_INFORMATION", "summary": "s", "criteria": [
            {"id": "1", "text": "t", "kind": "requirement", "met": null, "evidence": "", "policy_reference": "P §1", "source_chunk_ids": []}
        ]})
    }

    #[test]
    fn reads_a_well_formed_answer() {
        let a = parse(&good()).unwrap();
        assert_eq!((a.status, a.criteria.len(), a.criteria[0].met), (Verdict::MissingInformation, 1, None));
    }

    #[test]
    fn names_the_field_not_the_value() {
        let mut bad = good();
        bad["criteria"][0]["met"] = json!("the patient reports severe pain");
        let reason = parse(&bad).unwrap_err();
        assert_eq!(reason, "criteria[0].met must be true, false or null");
        let mut missing = good();
        missing.as_object_mut().unwrap().remove("criteria");
        assert_eq!(parse(&missing).unwrap_err(), "criteria is missing");
        assert!(parse(&json!("text")).is_err());
    }

    #[test]
    fn finds_json_in_text() {
        assert_eq!(object_in_text("Here: {\"a\": 1} done"), Some(json!({"a": 1})));
        assert_eq!(object_in_text("no json"), None);
    }
}
