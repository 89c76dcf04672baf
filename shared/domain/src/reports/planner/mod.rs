//! The offline query planner: a [`ReportRequest`] and a stored schema in, one query out — SQL
//! for PostgreSQL and MySQL, an aggregation pipeline for MongoDB.
//!
//! Everything comes from the schema, not from a fixed data model: the patient key
//! ([`crate::reports::patient_key`]), the table of each kind (by its name: `visit`, `encounter`,
//! `admission`, `appointment` for visits; `condition`, `diagnos`, `problem` for conditions; …),
//! its date column (a date or timestamp column, `*start*` before `*date*` before the rest, never
//! an end or birth date), and the names of coded columns (a lookup table the code column points
//! to by foreign key or by its primary key's name, with a `*name*` column — OMOP's `concept`).
//!
//! The patient id and the window's dates are bound parameters, never spliced into the text; the
//! query names only identifiers of the stored schema, quoted. The caller validates what comes out
//! with [`crate::reports::sql_safety`] like any other query — the planner is not trusted more.


pub mod document;
pub mod sql;

use serde::Serialize;

use crate::reports::patient_key::PatientKey;
use crate::reports::request::ReportKind;
use crate::reports::schema::{DatabaseSchema, Table, is_temporal_type};

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ParameterValue {
    Integer(i64),
    Text(String),
}

/// One bound parameter: what it is (`patient_id`, `from`, `to`, `lab`) and its value.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Parameter {
    pub name: String,
    pub value: ParameterValue,
}

/// Why a request that was understood still cannot be planned against this schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The schema has no patient key.
    NoPatientKey,
    /// No table (collection) holds this kind of data.
    NoTableFor(ReportKind),
    /// The patient id cannot be a value of the key column (letters for an integer key).
    PatientIdType { column_type: String },
}

impl PlanError {
    pub fn message(&self) -> String {
        match self {
            PlanError::NoPatientKey => "the stored schema has no table of patients that other tables refer to; set the connection's patient_key option (e.g. person.person_id)".into(),
            PlanError::NoTableFor(kind) => format!("the stored schema has no table holding {}", kind.as_str()),
            PlanError::PatientIdType { column_type } => format!("the patient id does not fit the patient key column (type {column_type})"),
        }
    }
}

/// Name words of each kind's table, most telling first.
pub(crate) fn table_words(kind: ReportKind) -> &'static [&'static str] {
    match kind {
        ReportKind::Visits => &["visit", "encounter", "admission", "appointment", "stay"],
        ReportKind::Conditions => &["condition", "diagnos", "problem", "disease"],
        ReportKind::Medications => &["drug", "medication", "prescription", "medicine", "med"],
        ReportKind::Labs => &["measurement", "lab", "observation", "vital", "result", "test"],
        ReportKind::Procedures => &["procedure", "surger", "operation", "intervention"],
        ReportKind::Details | ReportKind::Summary => &[],
    }
}

/// The schema's tables, most useful to `request` first: the patient table, then tables named
/// like a word of the request ("visits", "HbA1c" matches no table but "lab" does through the
/// kinds' words), then tables carrying the patient key, then the rest in schema order. A model
/// planner shown a large schema sees the first ones only.
pub fn rank_tables<'s>(schema: &'s DatabaseSchema, request: &str, key: Option<&PatientKey>) -> Vec<&'s Table> {
    let request = request.to_ascii_lowercase();
    let words: Vec<&str> = request.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.len() >= 4).collect();
    // The kinds the request names, by their words ("visits" → visit, encounter, admission…).
    let kind_words: Vec<&str> = ReportKind::CLINICAL
        .into_iter()
        .filter(|kind| request.contains("summary") || table_words(*kind).iter().any(|w| words.iter().any(|r| r.starts_with(w) || w.starts_with(&r[..r.len().min(5)]))))
        .flat_map(|kind| table_words(kind).iter().copied())
        .collect();
    let score = |t: &Table| {
        let name = t.base_name().to_ascii_lowercase();
        let parts: Vec<&str> = name.split(['_', '.']).collect();
        let mut score = 0;
        if key.is_some_and(|k| k.is_patient_table(&t.name)) {
            score += 100;
        }
        if words.iter().any(|w| parts.iter().any(|p| p.len() >= 4 && (p.starts_with(&w[..w.len().min(5)]) || w.starts_with(p)))) {
            score += 20;
        }
        if kind_words.iter().any(|w| parts.iter().any(|p| p.starts_with(w))) {
            score += 10;
        }
        if key.is_some_and(|k| k.column_of(&t.name).is_some()) {
            score += 5;
        }
        score
    };
    let mut ranked: Vec<(usize, &Table)> = schema.tables.iter().map(|t| (score(t), t)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0));
    ranked.into_iter().map(|(_, t)| t).collect()
}

/// Derived tables that repeat other tables' rows in another shape (OMOP's `*_era`), or
/// describe types rather than events.
const NOT_EVENTS: [&str; 7] = ["era", "period", "summary", "type", "types", "cost", "plan"];

/// The table holding `kind` for patients: named like the kind, carrying the patient key.
pub(crate) fn table_for<'s>(schema: &'s DatabaseSchema, kind: ReportKind, carries_patient: impl Fn(&Table) -> bool) -> Option<&'s Table> {
    let words = table_words(kind);
    schema
        .tables
        .iter()
        .filter(|t| carries_patient(t))
        .filter_map(|t| {
            let name = t.base_name().to_ascii_lowercase();
            let parts: Vec<&str> = name.split(['_', '.']).collect();
            let rank = words.iter().position(|w| parts.iter().any(|p| p.starts_with(w)) || (name.starts_with(w) && w.len() > 3))?;
            let derived = parts.iter().any(|p| NOT_EVENTS.contains(p));
            Some(((derived, rank, date_column(t).is_none(), std::cmp::Reverse(t.row_count.unwrap_or(0))), t))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, t)| t)
}

/// The column dating a row: temporal, `*start*` first, then `*date*`, never an end, birth,
/// death, creation or update stamp.
pub(crate) fn date_column(table: &Table) -> Option<&str> {
    let avoid = ["end", "birth", "death", "created", "updated", "modified", "inserted", "deleted", "expir", "valid"];
    table
        .fields
        .iter()
        .filter(|f| is_temporal_type(&f.data_type))
        .filter(|f| {
            let n = f.name.to_ascii_lowercase();
            !avoid.iter().any(|a| n.contains(a))
        })
        .min_by_key(|f| {
            let n = f.name.to_ascii_lowercase();
            let rank = if n.contains("start") {
                0
            } else if n.ends_with("date") || n == "date" {
                1
            } else if n.contains("date") {
                2
            } else {
                3
            };
            // a plain date before a datetime of the same rank (`visit_start_date` before `visit_start_datetime`)
            (rank, n.contains("time"), f.presence.map(|p| -(p as i64)).unwrap_or(0))
        })
        .map(|f| f.name.as_str())
}

/// Ways tests are named in code tables, for a lab a request names: "HbA1c" is
/// "Hemoglobin A1c/Hemoglobin.total in Blood" in LOINC's words.
pub(crate) fn lab_patterns(lab: &str) -> Vec<String> {
    let lab = lab.trim().to_ascii_lowercase();
    let synonyms: &[(&[&str], &[&str])] = &[
        (&["hba1c", "hb a1c", "a1c", "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin"], &["a1c", "glycated h"]),
        (&["ldl", "ldl cholesterol"], &["ldl", "low density lipoprotein"]),
        (&["hdl", "hdl cholesterol"], &["hdl", "high density lipoprotein"]),
        (&["bp", "blood pressure"], &["blood pressure"]),
        (&["systolic blood pressure"], &["systolic"]),
        (&["diastolic blood pressure"], &["diastolic"]),
        (&["blood sugar", "blood glucose", "fasting glucose", "glucose"], &["glucose"]),
        (&["cbc", "complete blood count"], &["blood count", "hemoglobin", "hematocrit", "leukocytes", "platelets"]),
        (&["wbc", "white blood cell count"], &["leukocytes", "white blood"]),
        (&["egfr"], &["glomerular filtration", "egfr"]),
        (&["bmi", "body mass index"], &["body mass index", "bmi"]),
        (&["pulse", "heart rate"], &["heart rate", "pulse"]),
        (&["spo2", "oxygen saturation"], &["oxygen saturation", "spo2"]),
        (&["tsh"], &["thyrotropin", "tsh"]),
        (&["crp", "c-reactive protein"], &["c reactive protein", "c-reactive protein", "crp"]),
        (&["psa"], &["prostate specific", "psa"]),
        (&["lipids", "lipid panel"], &["cholesterol", "triglyceride", "lipoprotein"]),
    ];
    let mut patterns: Vec<String> = synonyms.iter().find(|(names, _)| names.contains(&lab.as_str())).map(|(_, p)| p.iter().map(|s| s.to_string()).collect()).unwrap_or_default();
    if !patterns.contains(&lab) {
        patterns.push(lab);
    }
    patterns.into_iter().map(|p| format!("%{p}%")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::patient_key::tests::{omop, table};

    #[test]
    fn kinds_find_their_tables_and_dates_by_name() {
        let schema = omop();
        let visit = table_for(&schema, ReportKind::Visits, |t| t.field("person_id").is_some()).unwrap();
        assert_eq!(visit.name, "visit_occurrence");
        assert_eq!(date_column(visit), Some("visit_start_date"));
        assert_eq!(table_for(&schema, ReportKind::Labs, |t| t.field("person_id").is_some()).unwrap().name, "measurement");
        assert!(table_for(&schema, ReportKind::Procedures, |t| t.field("person_id").is_some()).is_none());
        let era = table("condition_era", &[("person_id", "bigint"), ("condition_era_start_date", "date")], None, &[]);
        let mut with_era = schema.clone();
        with_era.tables.insert(0, era);
        assert_eq!(table_for(&with_era, ReportKind::Conditions, |t| t.field("person_id").is_some()).unwrap().name, "condition_occurrence");
    }

    #[test]
    fn named_labs_widen_to_their_coded_names() {
        assert!(lab_patterns("HbA1c").contains(&"%a1c%".to_string()));
        assert_eq!(lab_patterns("ferritin"), vec!["%ferritin%".to_string()]);
    }

    #[test]
    fn tables_are_ranked_patient_first_then_named_by_the_request_then_carrying_the_key() {
        let schema = omop();
        let key = crate::reports::patient_key::discover(&schema, None);
        let names = |request: &str| rank_tables(&schema, request, key.as_ref()).into_iter().map(|t| t.name.as_str()).collect::<Vec<_>>();
        let visits = names("visits of patient 12");
        assert_eq!(&visits[..2], ["person", "visit_occurrence"]);
        assert_eq!(visits.last(), Some(&"concept"), "a table without the patient key comes last: {visits:?}");
        assert_eq!(&names("HbA1c labs of patient 12 since 2024")[..2], ["person", "measurement"], "the kinds' words: labs → measurement");
        assert_eq!(&names("conditions of patient 12")[..2], ["person", "condition_occurrence"]);
        assert_eq!(names("visits of patient 12").len(), schema.tables.len(), "every table is ranked, none dropped");
    }
}
