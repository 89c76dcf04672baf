//! A client database's schema as MediClear stores it with the connection: tables (or MongoDB
//! collections) with their fields, row counts and foreign keys. It holds names and types only,
//! never a value from the data, so storing it stores no PHI.
//!
//! The planner finds the patient key, the clinical tables and their date columns here; the
//! validator allows only the tables listed here.

use serde::{Deserialize, Serialize};

/// The three kinds of client database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum DatabaseType {
    PostgreSQL,
    /// MySQL or MariaDB (one wire protocol, one SQL dialect for MediClear's purposes).
    MySQL,
    MongoDB,
}

impl DatabaseType {
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseType::PostgreSQL => "PostgreSQL",
            DatabaseType::MySQL => "MySQL",
            DatabaseType::MongoDB => "MongoDB",
        }
    }

    /// The port a server of this kind listens on unless told otherwise.
    pub fn default_port(self) -> u16 {
        match self {
            DatabaseType::PostgreSQL => 5432,
            DatabaseType::MySQL => 3306,
            DatabaseType::MongoDB => 27017,
        }
    }

    /// The SQL dialect queries for this database are parsed with; `None` for MongoDB.
    pub fn sql_dialect(self) -> Option<SqlDialect> {
        match self {
            DatabaseType::PostgreSQL => Some(SqlDialect::Postgres),
            DatabaseType::MySQL => Some(SqlDialect::MySql),
            DatabaseType::MongoDB => None,
        }
    }
}

/// The SQL dialects MediClear parses and renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SqlDialect {
    Postgres,
    MySql,
}

/// A table, a view, or a MongoDB collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Table,
    View,
    Collection,
}

/// One column, or one dotted field path of a MongoDB collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Field {
    pub name: String,
    /// The database's own type name (`integer`, `varchar(50)`, `date`); for MongoDB the BSON
    /// types seen, joined with `|` (`string|date`).
    #[serde(rename = "type")]
    pub data_type: String,
    pub nullable: bool,
    /// The column default as the database states it (an expression, not data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// MongoDB: the share of sampled documents that have this path, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<f64>,
    /// The column is (part of) the table's primary key.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub primary_key: bool,
}

/// A foreign key: `columns` of this table reference `references_columns` of `references_table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub references_table: String,
    pub references_columns: Vec<String>,
}

/// One table, view or collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Table {
    /// Unqualified in the connection's default schema (`public`, or the MySQL database);
    /// `schema.table` otherwise.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: TableKind,
    pub fields: Vec<Field>,
    /// Rows (documents) in the table; `row_count_exact` says whether it was counted or is the
    /// server's estimate (MariaDB's `information_schema.tables.table_rows`, PostgreSQL's
    /// `reltuples` for big tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_count: Option<u64>,
    pub row_count_exact: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The single-column primary key, if the table has one.
    pub fn primary_key(&self) -> Option<&Field> {
        let mut keys = self.fields.iter().filter(|f| f.primary_key);
        match (keys.next(), keys.next()) {
            (Some(key), None) => Some(key),
            _ => None,
        }
    }

    /// The table name without its schema.
    pub fn base_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }
}

/// The stored schema of one connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DatabaseSchema {
    pub database_type: DatabaseType,
    pub database_name: String,
    pub tables: Vec<Table>,
    /// When the schema was read (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted_at: Option<String>,
}

impl DatabaseSchema {
    /// A table by name, case-insensitively, qualified or not.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name.eq_ignore_ascii_case(name)).or_else(|| self.tables.iter().find(|t| t.base_name().eq_ignore_ascii_case(name)))
    }
}

/// Whether a database type name holds dates or times (`date`, `timestamp with time zone`,
/// `datetime`; MongoDB's `date`, or the `isodate` MediClear's sampler reports for strings that
/// are ISO-8601 dates, as FHIR stores them).
pub fn is_temporal_type(data_type: &str) -> bool {
    let t = data_type.to_ascii_lowercase();
    t.split('|').any(|part| {
        let part = part.trim();
        part.starts_with("date") || part.starts_with("timestamp") || part == "isodate" || part.starts_with("datetime")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporal_types_across_databases() {
        for t in ["date", "timestamp without time zone", "timestamp with time zone", "datetime", "string|isodate", "date|null"] {
            assert!(is_temporal_type(t), "{t}");
        }
        for t in ["integer", "varchar(50)", "text", "string", "time"] {
            assert!(!is_temporal_type(t), "{t}");
        }
    }

    #[test]
    fn seed_shape_serialises() {
        let schema = DatabaseSchema {
            database_type: DatabaseType::PostgreSQL,
            database_name: "eunomia".into(),
            tables: vec![Table {
                name: "person".into(),
                kind: TableKind::Table,
                fields: vec![Field { name: "person_id".into(), data_type: "bigint".into(), nullable: false, default: None, presence: None, primary_key: true }],
                row_count: Some(2694),
                row_count_exact: true,
                foreign_keys: vec![],
            }],
            extracted_at: None,
        };
        let json = serde_json::to_value(&schema).unwrap();
        assert_eq!(json["tables"][0]["type"], "table");
        assert_eq!(json["tables"][0]["fields"][0]["type"], "bigint");
        assert_eq!(json["tables"][0]["row_count_exact"], true);
        assert_eq!(json["database_type"], "PostgreSQL");
    }
}
