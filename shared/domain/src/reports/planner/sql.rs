//! SQL plans for PostgreSQL and MySQL/MariaDB.
//!
//! - `details`: the patient's own row, with the names of its coded columns;
//! - `visits`, `conditions`, `medications`, `labs`, `procedures`: the kind's table filtered on
//!   the patient column and the window on its date column, newest first, with coded columns'
//!   names joined in (LEFT JOIN: a missing name never hides a row); a named lab filters on those
//!   names and the table's own code/name text columns;
//! - `summary`: one `UNION ALL` of every kind the schema holds, in a common shape
//!   (`category, event_date, description, code, value, unit`), newest first.

use std::collections::BTreeMap;

use chrono::Duration;

use crate::reports::patient_key::PatientKey;
use crate::reports::planner::{Parameter, ParameterValue, PlanError, date_column, lab_patterns, table_for};
use crate::reports::request::{ReportKind, ReportRequest};
use crate::reports::schema::{DatabaseSchema, Field, SqlDialect, Table};

/// A planned SQL query, not yet validated.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlPlan {
    pub text: String,
    pub parameters: Vec<Parameter>,
    pub explanation: String,
}

/// Binds values to placeholders: PostgreSQL reuses `$n` for the same value, MySQL's `?` are
/// positional, so a value used twice is bound twice.
struct Binder {
    dialect: SqlDialect,
    parameters: Vec<Parameter>,
    numbered: BTreeMap<String, usize>,
}

impl Binder {
    fn bind(&mut self, name: &str, value: ParameterValue) -> String {
        match self.dialect {
            SqlDialect::Postgres => {
                if let Some(n) = self.numbered.get(name) {
                    return format!("${n}");
                }
                self.parameters.push(Parameter { name: name.into(), value });
                let n = self.parameters.len();
                self.numbered.insert(name.into(), n);
                format!("${n}")
            }
            SqlDialect::MySql => {
                self.parameters.push(Parameter { name: name.into(), value });
                "?".into()
            }
        }
    }
}

/// A quoted identifier (each part of a qualified name quoted on its own).
pub(crate) fn quote(dialect: SqlDialect, name: &str) -> String {
    name.split('.')
        .map(|part| match dialect {
            SqlDialect::Postgres => format!("\"{}\"", part.replace('"', "\"\"")),
            SqlDialect::MySql => format!("`{}`", part.replace('`', "``")),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn text_type(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "TEXT",
        SqlDialect::MySql => "CHAR",
    }
}

fn number_type(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "NUMERIC",
        SqlDialect::MySql => "DECIMAL(20,6)",
    }
}

fn is_text(field: &Field) -> bool {
    let t = field.data_type.to_ascii_lowercase();
    ["char", "text", "string", "clob", "enum"].iter().any(|w| t.contains(w))
}

fn is_numeric(field: &Field) -> bool {
    let t = field.data_type.to_ascii_lowercase();
    ["numeric", "decimal", "double", "float", "real", "number"].iter().any(|w| t.contains(w))
}

fn is_integer(data_type: &str) -> bool {
    let t = data_type.to_ascii_lowercase();
    t.contains("int") || t == "serial" || t == "bigserial"
}

/// Coded columns whose names say a kind of thing, not what happened: skipped for joins.
const NOT_DESCRIPTIVE: [&str; 9] = ["type", "source_concept", "operator", "modifier", "route", "value_as", "status", "qualifier", "specialty"];

/// A lookup for a coded column: (lookup table, its key, its name column).
fn lookup<'s>(schema: &'s DatabaseSchema, table: &Table, column: &Field, patient_table: Option<&str>) -> Option<(&'s Table, &'s str, &'s str)> {
    let name = column.name.to_ascii_lowercase();
    if NOT_DESCRIPTIVE.iter().any(|w| name.contains(w)) || column.primary_key {
        return None;
    }
    let name_column = |t: &'s Table| -> Option<&'s str> {
        let base = t.base_name().to_ascii_lowercase();
        t.fields
            .iter()
            .filter(|f| is_text(f))
            .find(|f| {
                let n = f.name.to_ascii_lowercase();
                n == format!("{base}_name") || n == "name" || n.ends_with("_name") || n == "description" || n == "display" || n == "title"
            })
            .map(|f| f.name.as_str())
    };
    let by_fk = table.foreign_keys.iter().find(|fk| fk.columns.len() == 1 && fk.columns[0].eq_ignore_ascii_case(&column.name)).and_then(|fk| schema.table(&fk.references_table));
    let target = by_fk.or_else(|| {
        schema.tables.iter().find(|t| {
            t.name != table.name && t.primary_key().is_some_and(|k| {
                let k = k.name.to_ascii_lowercase();
                k.ends_with("_id") && (name == k || name.ends_with(&format!("_{k}")))
            })
        })
    })?;
    if patient_table.is_some_and(|p| p.eq_ignore_ascii_case(&target.name)) {
        return None;
    }
    Some((target, target.primary_key()?.name.as_str(), name_column(target)?))
}

/// The FROM clause of one table with its lookups, and the lookup name columns it adds.
struct Source {
    from: String,
    /// (expression, alias) of each lookup name.
    names: Vec<(String, String)>,
}

fn source(schema: &DatabaseSchema, table: &Table, alias: &str, dialect: SqlDialect, patient_table: Option<&str>) -> Source {
    let q = |s: &str| quote(dialect, s);
    let mut from = format!("{} {}", q(&table.name), q(alias));
    let mut names = Vec::new();
    for field in &table.fields {
        if names.len() == 4 {
            break;
        }
        if let Some((lookup_table, key, name)) = lookup(schema, table, field, patient_table) {
            let la = format!("{alias}_l{}", names.len());
            from.push_str(&format!(" LEFT JOIN {} {} ON {}.{} = {}.{}", q(&lookup_table.name), q(&la), q(&la), q(key), q(alias), q(&field.name)));
            let column = field.name.strip_suffix("_id").unwrap_or(&field.name);
            names.push((format!("{}.{}", q(&la), q(name)), format!("{column}_name")));
        }
    }
    Source { from, names }
}

/// The patient id as a value of the key column's type.
fn patient_value(request: &ReportRequest, schema: &DatabaseSchema, key: &PatientKey, table: &Table) -> Result<ParameterValue, PlanError> {
    let column = key.column_of(&table.name).and_then(|c| table.field(c)).or_else(|| key.table.as_deref().and_then(|t| schema.table(t)).and_then(|t| t.field(&key.column)));
    match column {
        Some(field) if is_integer(&field.data_type) => {
            request.patient_id.parse::<i64>().map(ParameterValue::Integer).map_err(|_| PlanError::PatientIdType { column_type: field.data_type.clone() })
        }
        _ => Ok(ParameterValue::Text(request.patient_id.clone())),
    }
}

/// WHERE conditions of one kind's table: patient, window, lab.
fn conditions(request: &ReportRequest, table: &Table, alias: &str, key: &PatientKey, dialect: SqlDialect, binder: &mut Binder, patient: &ParameterValue, lab_names: &[String]) -> Vec<String> {
    let q = |s: &str| quote(dialect, s);
    let mut out = Vec::new();
    let patient_column = key.column_of(&table.name).unwrap_or(&key.column);
    out.push(format!("{}.{} = {}", q(alias), q(patient_column), binder.bind("patient_id", patient.clone())));
    if let Some(date) = date_column(table) {
        if let Some(from) = request.window.from {
            out.push(format!("{}.{} >= {}", q(alias), q(date), binder.bind("from", ParameterValue::Text(from.to_string()))));
        }
        if let Some(to) = request.window.to {
            // Before the next day, so timestamps on the last day count.
            let until = to + Duration::days(1);
            out.push(format!("{}.{} < {}", q(alias), q(date), binder.bind("until", ParameterValue::Text(until.to_string()))));
        }
    }
    if let Some(lab) = request.lab_filter.as_deref().filter(|_| request.kind == ReportKind::Labs || request.kind == ReportKind::Summary) {
        let mut texts: Vec<String> = lab_names.to_vec();
        for field in table.fields.iter().filter(|f| is_text(f)) {
            let n = field.name.to_ascii_lowercase();
            if ["source_value", "name", "description", "display", "code", "test", "loinc"].iter().any(|w| n.contains(w)) && !n.contains("unit") {
                texts.push(format!("{}.{}", q(alias), q(&field.name)));
            }
        }
        let mut alternatives = Vec::new();
        for (i, pattern) in lab_patterns(lab).into_iter().enumerate() {
            for text in &texts {
                // Bound at each use: MySQL's `?` are positional.
                let placeholder = binder.bind(&format!("lab_{i}"), ParameterValue::Text(pattern.clone()));
                alternatives.push(format!("LOWER({text}) LIKE {placeholder}"));
            }
        }
        if !alternatives.is_empty() {
            out.push(format!("({})", alternatives.join(" OR ")));
        }
    }
    out
}

pub fn plan(request: &ReportRequest, schema: &DatabaseSchema, key: &PatientKey, dialect: SqlDialect) -> Result<SqlPlan, PlanError> {
    let mut binder = Binder { dialect, parameters: Vec::new(), numbered: BTreeMap::new() };
    let q = |s: &str| quote(dialect, s);
    let carries = |t: &Table| key.column_of(&t.name).is_some() && !key.is_patient_table(&t.name);
    let window = describe_window(request);
    match request.kind {
        ReportKind::Details => {
            let table = key.table.as_deref().and_then(|t| schema.table(t)).ok_or(PlanError::NoTableFor(ReportKind::Details))?;
            let patient = patient_value(request, schema, key, table)?;
            let src = source(schema, table, "p", dialect, None);
            let mut columns: Vec<String> = table.fields.iter().map(|f| format!("{}.{}", q("p"), q(&f.name))).collect();
            columns.extend(src.names.iter().map(|(e, a)| format!("{e} AS {}", q(a))));
            let text = format!("SELECT {} FROM {} WHERE {}.{} = {}", columns.join(", "), src.from, q("p"), q(&key.column), binder.bind("patient_id", patient));
            Ok(SqlPlan { text, parameters: binder.parameters, explanation: format!("The record of patient {} in {}.", request.patient_id, table.name) })
        }
        ReportKind::Summary => {
            let mut branches = Vec::new();
            let mut used = Vec::new();
            for kind in ReportKind::CLINICAL {
                let Some(table) = table_for(schema, kind, carries) else { continue };
                let Some(date) = date_column(table) else { continue };
                let patient = patient_value(request, schema, key, table)?;
                let alias = format!("t{}", branches.len());
                let src = source(schema, table, &alias, dialect, key.table.as_deref());
                let text = text_type(dialect);
                let code_field = table.fields.iter().find(|f| is_text(f) && f.name.to_ascii_lowercase().contains("source_value") && !f.name.to_ascii_lowercase().contains("unit"));
                let code = code_field.map(|f| format!("CAST({}.{} AS {text})", q(&alias), q(&f.name))).unwrap_or_else(|| format!("CAST(NULL AS {text})"));
                let description = src.names.first().map(|(e, _)| format!("CAST({e} AS {text})")).unwrap_or_else(|| code.clone());
                // Typed even when absent: PostgreSQL resolves a UNION's column types pairwise, and
                // a bare NULL would be taken for text.
                let number = number_type(dialect);
                let value = table
                    .fields
                    .iter()
                    .find(|f| is_numeric(f) && f.name.to_ascii_lowercase().contains("value"))
                    .map(|f| format!("CAST({}.{} AS {number})", q(&alias), q(&f.name)))
                    .unwrap_or_else(|| format!("CAST(NULL AS {number})"));
                let unit = table
                    .fields
                    .iter()
                    .find(|f| is_text(f) && f.name.to_ascii_lowercase().contains("unit"))
                    .map(|f| format!("CAST({}.{} AS {text})", q(&alias), q(&f.name)))
                    .unwrap_or_else(|| format!("CAST(NULL AS {text})"));
                let lab_names: Vec<String> = src.names.iter().map(|(e, _)| e.clone()).collect();
                let wheres = conditions(&ReportRequest { lab_filter: None, ..request.clone() }, table, &alias, key, dialect, &mut binder, &patient, &lab_names);
                branches.push(format!(
                    "SELECT '{}' AS category, CAST({}.{} AS DATE) AS event_date, {description} AS description, {code} AS code, {value} AS value, {unit} AS unit FROM {} WHERE {}",
                    kind.as_str(),
                    q(&alias),
                    q(date),
                    src.from,
                    wheres.join(" AND ")
                ));
                used.push(format!("{} ({})", kind.as_str(), table.name));
            }
            if branches.is_empty() {
                return Err(PlanError::NoTableFor(ReportKind::Summary));
            }
            let text = format!("{} ORDER BY event_date DESC", branches.join(" UNION ALL "));
            Ok(SqlPlan { text, parameters: binder.parameters, explanation: format!("A summary of patient {}: {}{window}, newest first.", request.patient_id, used.join(", ")) })
        }
        kind => {
            let table = table_for(schema, kind, carries).ok_or(PlanError::NoTableFor(kind))?;
            let patient = patient_value(request, schema, key, table)?;
            let src = source(schema, table, "t", dialect, key.table.as_deref());
            let mut columns: Vec<String> = table.fields.iter().map(|f| format!("{}.{}", q("t"), q(&f.name))).collect();
            columns.extend(src.names.iter().map(|(e, a)| format!("{e} AS {}", q(a))));
            let lab_names: Vec<String> = src.names.iter().map(|(e, _)| e.clone()).collect();
            let wheres = conditions(request, table, "t", key, dialect, &mut binder, &patient, &lab_names);
            let date = date_column(table);
            let order = date.map(|d| format!(" ORDER BY {}.{} DESC", q("t"), q(d))).unwrap_or_default();
            let text = format!("SELECT {} FROM {} WHERE {}{order}", columns.join(", "), src.from, wheres.join(" AND "));
            let dated = date.map(|d| format!(", dated by {d}")).unwrap_or_default();
            let lab = request.lab_filter.as_deref().map(|l| format!(", matching \"{l}\"")).unwrap_or_default();
            Ok(SqlPlan { text, parameters: binder.parameters, explanation: format!("The {} of patient {} from {}{dated}{window}{lab}, newest first.", kind.as_str(), request.patient_id, table.name) })
        }
    }
}

pub(crate) fn describe_window(request: &ReportRequest) -> String {
    match (request.window.from, request.window.to) {
        (Some(from), Some(to)) => format!(", from {from} to {to}"),
        (Some(from), None) => format!(", from {from}"),
        (None, Some(to)) => format!(", up to {to}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::patient_key::{discover, tests::omop};
    use crate::reports::request::understand;
    use crate::reports::sql_safety::{Catalog, ReadOnlyQuery};
    use chrono::NaiveDate;

    fn planned(text: &str, dialect: SqlDialect) -> (SqlPlan, ReadOnlyQuery) {
        let schema = omop();
        let key = discover(&schema, None).unwrap();
        let request = understand(text, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).unwrap();
        let plan = plan(&request, &schema, &key, dialect).unwrap();
        let query = ReadOnlyQuery::parse(&plan.text, dialect, &Catalog::of(&schema), Some(&key)).unwrap_or_else(|r| panic!("{}: {r:?}", plan.text));
        (plan, query)
    }

    #[test]
    fn every_kind_plans_a_safe_patient_scoped_query_in_both_dialects() {
        for dialect in [SqlDialect::Postgres, SqlDialect::MySql] {
            for text in [
                "details of patient 1234",
                "visits of patient 1234 in the last 6 months",
                "conditions for patient 1234 since 2024",
                "HbA1c for patient 1234 since 2023",
                "summary report for patient 1234 in 2024",
            ] {
                let (plan, query) = planned(text, dialect);
                assert!(query.patient_scoped(), "{text} ({dialect:?}): {}", plan.text);
                assert!(!plan.text.contains("1234"), "the patient id is bound, not spliced: {}", plan.text);
                assert_eq!(plan.parameters[0].value, ParameterValue::Integer(1234));
            }
        }
    }

    #[test]
    fn windows_and_labs_are_parameters() {
        let (plan, _) = planned("HbA1c for patient 7 between January 2024 and March 2024", SqlDialect::Postgres);
        let names: Vec<&str> = plan.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(&names[..3], ["patient_id", "from", "until"]);
        assert_eq!(plan.parameters[2].value, ParameterValue::Text("2024-04-01".into()));
        assert!(plan.text.contains("LIKE $4"), "{}", plan.text);
        assert!(plan.text.contains("\"concept_name\""), "{}", plan.text);
        for text in ["visits of patient 7 in the last 6 months", "HbA1c for patient 7 since 2023", "summary of patient 7 in 2024"] {
            let (plan, _) = planned(text, SqlDialect::MySql);
            assert_eq!(plan.text.matches('?').count(), plan.parameters.len(), "{}", plan.text);
        }
    }

    #[test]
    fn a_letter_id_against_an_integer_key_is_a_clear_refusal() {
        let schema = omop();
        let key = discover(&schema, None).unwrap();
        let request = understand("visits of patient PAT-0042", NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).unwrap();
        assert!(matches!(plan(&request, &schema, &key, SqlDialect::Postgres), Err(PlanError::PatientIdType { .. })));
    }
}
