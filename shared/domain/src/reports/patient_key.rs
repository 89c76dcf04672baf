//! Which column says whose row it is. Every report is about one patient, so the planner filters
//! on this key and the validator checks a query is scoped to one value of it.
//!
//! Found from the stored schema, not from a fixed data model: the connection's `patient_key`
//! option when the hospital set one (`person.person_id`, or just the column name); otherwise the
//! patient-like table (`person`, `patients`, `member`, …) whose primary key the most foreign keys
//! reference, then in every other table the column referencing it — by foreign key, or, where the
//! database declares none, by the same column name (`person_id`) or a conventional one
//! (`patient_id`). MongoDB collections have no foreign keys: the key is the first conventional
//! field (`patient_id`, `patientId`, `person_id`, `subject.reference`) that the collections carry.

use std::collections::BTreeMap;

use crate::reports::schema::{DatabaseSchema, DatabaseType, Table};

/// Words that name the table of patients.
const PATIENT_TABLE_WORDS: [&str; 6] = ["person", "patient", "member", "subject", "client", "people"];
/// Conventional names of a column holding the patient's id.
const PATIENT_COLUMNS: [&str; 7] = ["patient_id", "patientid", "person_id", "personid", "subject_id", "member_id", "mrn"];
/// MongoDB fields holding the patient's id, in order of preference.
const PATIENT_FIELDS: [&str; 6] = ["patient_id", "patientId", "person_id", "personId", "subject.reference", "patient.reference"];

/// The patient table and, for each table carrying patient rows, its patient column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientKey {
    /// The table (collection) of patients, if the schema has one.
    pub table: Option<String>,
    /// Its key column (field).
    pub column: String,
    /// Lower-cased table name → the column in it that holds the patient's id (the patient
    /// table maps to its own key).
    pub columns: BTreeMap<String, String>,
}

impl PatientKey {
    /// The patient column of `table`, if it carries patient rows.
    pub fn column_of(&self, table: &str) -> Option<&str> {
        let key = table.to_ascii_lowercase();
        self.columns.get(&key).or_else(|| self.columns.get(key.rsplit('.').next().unwrap_or(&key))).map(String::as_str)
    }

    pub fn is_patient_table(&self, table: &str) -> bool {
        self.table.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(table))
    }
}

/// The patient key of `schema`, honouring the connection's `hint` (`table.column` or `column`).
pub fn discover(schema: &DatabaseSchema, hint: Option<&str>) -> Option<PatientKey> {
    if schema.database_type == DatabaseType::MongoDB {
        return discover_document_key(schema, hint);
    }
    let (table, column) = match hint.and_then(|h| hinted(schema, h)) {
        Some(found) => found,
        None => {
            let table = patient_table(schema)?;
            let column = table.primary_key()?.name.clone();
            (Some(table), column)
        }
    };
    let mut columns = BTreeMap::new();
    if let Some(table) = table {
        columns.insert(table.name.to_ascii_lowercase(), column.clone());
    }
    for other in &schema.tables {
        if table.is_some_and(|t| t.name == other.name) {
            continue;
        }
        if let Some(found) = referencing_column(other, table, &column) {
            columns.insert(other.name.to_ascii_lowercase(), found);
        }
    }
    Some(PatientKey { table: table.map(|t| t.name.clone()), column, columns })
}

fn hinted<'a>(schema: &'a DatabaseSchema, hint: &str) -> Option<(Option<&'a Table>, String)> {
    let hint = hint.trim();
    match hint.rsplit_once('.') {
        Some((table, column)) => {
            let table = schema.table(table)?;
            Some((Some(table), table.field(column)?.name.clone()))
        }
        None => {
            // A bare column name: the patient table is the one where it is the primary key.
            let table = schema.tables.iter().find(|t| t.primary_key().is_some_and(|k| k.name.eq_ignore_ascii_case(hint)));
            let any = schema.tables.iter().find_map(|t| t.field(hint))?;
            Some((table, table.and_then(|t| t.field(hint)).unwrap_or(any).name.clone()))
        }
    }
}

fn looks_like_patients(name: &str) -> bool {
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    PATIENT_TABLE_WORDS.iter().any(|w| name == *w || name == format!("{w}s") || name == format!("{w}_info") || name == format!("{w}_details"))
}

/// The patient-like table whose primary key most foreign keys reference.
fn patient_table(schema: &DatabaseSchema) -> Option<&Table> {
    let references = |table: &Table| {
        schema.tables.iter().flat_map(|t| &t.foreign_keys).filter(|fk| fk.references_table.eq_ignore_ascii_case(&table.name) || fk.references_table.eq_ignore_ascii_case(table.base_name())).count()
    };
    schema.tables.iter().filter(|t| t.primary_key().is_some() && looks_like_patients(&t.name)).max_by_key(|t| (references(t), std::cmp::Reverse(t.name.len())))
}

fn referencing_column(table: &Table, patient_table: Option<&Table>, key: &str) -> Option<String> {
    if let Some(patients) = patient_table {
        let by_fk = table.foreign_keys.iter().find(|fk| {
            fk.columns.len() == 1
                && (fk.references_table.eq_ignore_ascii_case(&patients.name) || fk.references_table.eq_ignore_ascii_case(patients.base_name()))
                && fk.references_columns.first().is_some_and(|c| c.eq_ignore_ascii_case(key))
        });
        if let Some(fk) = by_fk {
            return table.field(&fk.columns[0]).map(|f| f.name.clone());
        }
    }
    // No declared key: the same name as the patient key (unless it is a bare `id`), or a
    // conventional one.
    if !key.eq_ignore_ascii_case("id")
        && let Some(field) = table.field(key)
    {
        return Some(field.name.clone());
    }
    PATIENT_COLUMNS.iter().find_map(|c| table.field(c)).map(|f| f.name.clone())
}

fn discover_document_key(schema: &DatabaseSchema, hint: Option<&str>) -> Option<PatientKey> {
    let carried = |field: &str| schema.tables.iter().filter(|t| t.field(field).is_some()).count();
    let column = match hint.map(str::trim).filter(|h| !h.is_empty()) {
        Some(hint) => hint.rsplit_once('.').filter(|(collection, _)| schema.table(collection).is_some()).map_or(hint, |(_, field)| field).to_string(),
        None => PATIENT_FIELDS.iter().filter(|f| carried(f) > 0).max_by_key(|f| carried(f))?.to_string(),
    };
    let table = schema.tables.iter().find(|t| looks_like_patients(&t.name)).map(|t| t.name.clone());
    let columns = schema.tables.iter().filter(|t| t.field(&column).is_some()).map(|t| (t.name.to_ascii_lowercase(), t.field(&column).map(|f| f.name.clone()).unwrap_or_default())).collect();
    Some(PatientKey { table, column, columns })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::reports::schema::{Field, ForeignKey, TableKind};

    pub(crate) fn table(name: &str, columns: &[(&str, &str)], key: Option<&str>, fks: &[(&str, &str, &str)]) -> Table {
        Table {
            name: name.into(),
            kind: TableKind::Table,
            fields: columns
                .iter()
                .map(|(n, t)| Field { name: (*n).into(), data_type: (*t).into(), nullable: key != Some(*n), default: None, presence: None, primary_key: key == Some(*n) })
                .collect(),
            row_count: Some(10),
            row_count_exact: true,
            foreign_keys: fks.iter().map(|(c, t, r)| ForeignKey { columns: vec![(*c).into()], references_table: (*t).into(), references_columns: vec![(*r).into()] }).collect(),
        }
    }

    /// A small OMOP-shaped schema, with the foreign keys a loaded Eunomia database declares.
    pub(crate) fn omop() -> DatabaseSchema {
        DatabaseSchema {
            database_type: DatabaseType::PostgreSQL,
            database_name: "eunomia".into(),
            tables: vec![
                table("person", &[("person_id", "bigint"), ("year_of_birth", "integer"), ("gender_source_value", "varchar(50)")], Some("person_id"), &[]),
                table(
                    "visit_occurrence",
                    &[("visit_occurrence_id", "bigint"), ("person_id", "bigint"), ("visit_concept_id", "integer"), ("visit_start_date", "date"), ("visit_end_date", "date")],
                    Some("visit_occurrence_id"),
                    &[("person_id", "person", "person_id")],
                ),
                table(
                    "condition_occurrence",
                    &[("condition_occurrence_id", "bigint"), ("person_id", "bigint"), ("condition_concept_id", "integer"), ("condition_start_date", "date"), ("visit_occurrence_id", "bigint")],
                    Some("condition_occurrence_id"),
                    &[("person_id", "person", "person_id"), ("visit_occurrence_id", "visit_occurrence", "visit_occurrence_id")],
                ),
                table(
                    "measurement",
                    &[("measurement_id", "bigint"), ("person_id", "bigint"), ("measurement_concept_id", "integer"), ("measurement_date", "date"), ("value_as_number", "numeric"), ("unit_source_value", "varchar(50)")],
                    Some("measurement_id"),
                    &[("person_id", "person", "person_id")],
                ),
                table("concept", &[("concept_id", "integer"), ("concept_name", "varchar(255)")], Some("concept_id"), &[]),
            ],
            extracted_at: None,
        }
    }

    #[test]
    fn the_patient_key_comes_from_foreign_keys() {
        let key = discover(&omop(), None).unwrap();
        assert_eq!(key.table.as_deref(), Some("person"));
        assert_eq!(key.column, "person_id");
        assert_eq!(key.column_of("condition_occurrence"), Some("person_id"));
        assert_eq!(key.column_of("concept"), None);
    }

    #[test]
    fn without_foreign_keys_names_decide_and_a_hint_wins() {
        let schema = DatabaseSchema {
            database_type: DatabaseType::MySQL,
            database_name: "clinic".into(),
            tables: vec![
                table("patients", &[("id", "int"), ("name", "varchar(80)")], Some("id"), &[]),
                table("appointments", &[("id", "int"), ("patient_id", "int"), ("starts_at", "datetime")], Some("id"), &[]),
            ],
            extracted_at: None,
        };
        let key = discover(&schema, None).unwrap();
        assert_eq!((key.table.as_deref(), key.column.as_str()), (Some("patients"), "id"));
        assert_eq!(key.column_of("appointments"), Some("patient_id"));
        let hinted = discover(&schema, Some("appointments.patient_id")).unwrap();
        assert_eq!(hinted.column, "patient_id");
    }
}
