//! The rows a report query returns, held in memory while one report is built and never stored
//! (the report file is the only copy, and it expires).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Null,
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Cell {
    /// The value as a report prints it (dates ISO, numbers without trailing zeros).
    pub fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Integer(i) => i.to_string(),
            Cell::Number(n) => {
                let s = format!("{n:.6}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Cell::Integer(i) => Some(*i as f64),
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::DateTime(t) => Some(t.date()),
            Cell::Text(t) => NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null) || matches!(self, Cell::Text(t) if t.is_empty())
    }
}

/// Columns and rows of one query's result; `truncated` when the row cap cut it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub truncated: bool,
}

impl ResultSet {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.eq_ignore_ascii_case(name))
    }
}
