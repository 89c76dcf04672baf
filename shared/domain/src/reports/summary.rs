//! The factual summary of a report, computed from its rows — what the offline runtime writes
//! where Bedrock would write prose, and what both put beside the tables: how many rows of each
//! kind, the dates they span, the latest value of every measured series, the conditions named,
//! and the numeric series worth a chart. Nothing is inferred that the rows do not state.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::reports::rows::{Cell, ResultSet};

/// One numeric series over time, e.g. a lab value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub unit: Option<String>,
    pub points: Vec<(NaiveDate, f64)>,
}

/// What the rows say, in numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub rows: usize,
    pub truncated: bool,
    /// Rows per category (the summary report's `category` column), when there is one.
    pub by_category: BTreeMap<String, usize>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Latest value of each series: (name, date, value, unit).
    pub latest: Vec<(String, NaiveDate, f64, Option<String>)>,
    /// Distinct condition names, most recent first (a `conditions` category or report).
    pub conditions: Vec<String>,
    /// Series with at least two dated points, for charts.
    pub series: Vec<Series>,
}

/// The columns that play each part, found by name and content.
struct Roles {
    date: Option<usize>,
    category: Option<usize>,
    name: Option<usize>,
    value: Option<usize>,
    unit: Option<usize>,
}

fn roles(result: &ResultSet) -> Roles {
    let find = |pred: &dyn Fn(&str) -> bool| result.columns.iter().position(|c| pred(&c.to_ascii_lowercase()));
    let date = result.column("event_date").or_else(|| {
        // the first column holding dates in most rows, preferring start/date names
        let dated = |i: usize| result.rows.iter().filter(|r| r.get(i).and_then(Cell::as_date).is_some()).count() * 2 > result.rows.len();
        let candidates: Vec<usize> = (0..result.columns.len()).filter(|i| dated(*i)).collect();
        candidates.iter().copied().find(|i| {
            let c = result.columns[*i].to_ascii_lowercase();
            !c.contains("end") && !c.contains("birth") && (c.contains("start") || c.contains("date"))
        }).or_else(|| candidates.first().copied())
    });
    let category = result.column("category");
    let name = result.column("description").or_else(|| find(&|c| c.ends_with("concept_name") && !c.contains("type") && !c.contains("unit"))).or_else(|| find(&|c| c.ends_with(".text") || c.ends_with("_name") || c == "name"));
    let value = result.column("value").or_else(|| find(&|c| c == "value_as_number" || c.ends_with(".value") || c == "value"));
    let unit = result.column("unit").or_else(|| find(&|c| c.contains("unit") && !c.contains("concept_id")));
    Roles { date, category, name, value, unit }
}

pub fn summarize(result: &ResultSet) -> Summary {
    let roles = roles(result);
    let cell = |row: &Vec<Cell>, i: Option<usize>| i.and_then(|i| row.get(i)).cloned().unwrap_or(Cell::Null);
    let mut by_category = BTreeMap::new();
    let mut dates = Vec::new();
    let mut series: BTreeMap<String, Series> = BTreeMap::new();
    let mut conditions: Vec<(NaiveDate, String)> = Vec::new();
    for row in &result.rows {
        let category = cell(row, roles.category).display();
        if roles.category.is_some() {
            *by_category.entry(category.clone()).or_insert(0) += 1;
        }
        let date = cell(row, roles.date).as_date();
        if let Some(d) = date {
            dates.push(d);
        }
        let name = cell(row, roles.name).display();
        if let (Some(d), Some(v)) = (date, cell(row, roles.value).as_number())
            && !name.is_empty()
        {
            let unit = Some(cell(row, roles.unit).display()).filter(|u| !u.is_empty());
            series.entry(name.clone()).or_insert_with(|| Series { name: name.clone(), unit, points: vec![] }).points.push((d, v));
        }
        let is_condition = roles.category.is_some_and(|_| category == "conditions") || result.columns.iter().any(|c| c.to_ascii_lowercase().starts_with("condition"));
        if is_condition && !name.is_empty() {
            conditions.push((date.unwrap_or(NaiveDate::MIN), name));
        }
    }
    conditions.sort_by(|a, b| b.0.cmp(&a.0));
    let mut distinct = Vec::new();
    for (_, name) in conditions {
        if !distinct.contains(&name) {
            distinct.push(name);
        }
    }
    let mut series: Vec<Series> = series.into_values().collect();
    for s in &mut series {
        s.points.sort_by_key(|p| p.0);
    }
    let latest = series.iter().filter_map(|s| s.points.last().map(|(d, v)| (s.name.clone(), *d, *v, s.unit.clone()))).collect();
    series.retain(|s| s.points.len() >= 2);
    series.sort_by_key(|s| std::cmp::Reverse(s.points.len()));
    Summary {
        rows: result.rows.len(),
        truncated: result.truncated,
        by_category,
        first_date: dates.iter().min().copied(),
        last_date: dates.iter().max().copied(),
        latest,
        conditions: distinct,
        series,
    }
}

impl Summary {
    /// The summary as sentences for the report's first page.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        let span = match (self.first_date, self.last_date) {
            (Some(a), Some(b)) if a == b => format!(" on {a}"),
            (Some(a), Some(b)) => format!(" from {a} to {b}"),
            _ => String::new(),
        };
        out.push(format!("{} row{}{span}{}.", self.rows, if self.rows == 1 { "" } else { "s" }, if self.truncated { " (the report was cut at the row limit)" } else { "" }));
        if !self.by_category.is_empty() {
            let parts: Vec<String> = self.by_category.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            out.push(format!("By kind: {}.", parts.join(", ")));
        }
        if !self.conditions.is_empty() {
            let shown: Vec<&str> = self.conditions.iter().take(12).map(String::as_str).collect();
            let more = self.conditions.len().saturating_sub(shown.len());
            out.push(format!("Conditions recorded: {}{}.", shown.join("; "), if more > 0 { format!(" and {more} more") } else { String::new() }));
        }
        for (name, date, value, unit) in self.latest.iter().take(12) {
            let value = Cell::Number(*value).display();
            out.push(format!("Latest {name}: {value}{} on {date}.", unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_states_counts_spans_latest_values_and_series() {
        let d = |s: &str| Cell::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let t = |s: &str| Cell::Text(s.into());
        let result = ResultSet {
            columns: ["category", "event_date", "description", "code", "value", "unit"].map(String::from).to_vec(),
            rows: vec![
                vec![t("labs"), d("2024-03-01"), t("HbA1c"), Cell::Null, Cell::Number(7.9), t("%")],
                vec![t("labs"), d("2024-09-01"), t("HbA1c"), Cell::Null, Cell::Number(7.1), t("%")],
                vec![t("conditions"), d("2023-05-05"), t("Type 2 diabetes"), Cell::Null, Cell::Null, Cell::Null],
                vec![t("visits"), d("2024-09-01"), t("Office visit"), Cell::Null, Cell::Null, Cell::Null],
            ],
            truncated: false,
        };
        let s = summarize(&result);
        assert_eq!(s.by_category["labs"], 2);
        assert_eq!((s.first_date.unwrap().to_string(), s.last_date.unwrap().to_string()), ("2023-05-05".into(), "2024-09-01".into()));
        assert_eq!(s.latest[0].2, 7.1);
        assert_eq!(s.conditions, vec!["Type 2 diabetes".to_string()]);
        assert_eq!(s.series.len(), 1);
        let text = s.sentences().join(" ");
        assert!(text.contains("4 rows from 2023-05-05 to 2024-09-01") && text.contains("Latest HbA1c: 7.1 % on 2024-09-01"), "{text}");
    }
}
