//! PHI report files, written in memory from a query's rows and never kept by MediClear beyond
//! the report store's expiry: CSV ([`csv_file`]) and PDF ([`pdf_file`]: the request, the summary,
//! a vector chart per numeric series, and the rows as a table).
//!
//! The PDF is written directly (PDF 1.4, the standard Helvetica fonts in WinAnsi encoding,
//! compressed content streams): no font files to ship, no C library, a few kilobytes of code in
//! the function that builds reports. Characters outside WinAnsi print as `?`.
//!
//! # Layout
//!
//! - [`csv_file`] — RFC 4180, with spreadsheet formula injection neutralised.
//! - [`pdf`] — the PDF writer: pages, text with Helvetica metrics, tables, line charts.

pub mod pdf;

use mediclear_domain::reports::rows::ResultSet;

pub use pdf::{ReportMeta, pdf_file};

/// The rows as CSV. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
/// first) is prefixed with `'` (OWASP's advice for CSV injection), unless it is a plain number.
/// A result without columns (a MongoDB query that matched no document: its columns come from the
/// documents) is an empty file, not a line holding one empty field.
pub fn csv_file(result: &ResultSet) -> Vec<u8> {
    if result.columns.is_empty() {
        return Vec::new();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(result.columns.iter().map(|c| guard(c)));
    for row in &result.rows {
        let _ = writer.write_record(row.iter().map(|cell| guard(&cell.display())));
    }
    writer.into_inner().unwrap_or_default()
}

fn guard(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.parse::<f64>().is_err() { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediclear_domain::reports::rows::Cell;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let result = ResultSet {
            columns: vec!["name".into(), "value".into()],
            rows: vec![vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Number(-1.5)], vec![Cell::Text("a, \"b\"".into()), Cell::Null]],
            truncated: false,
        };
        let text = String::from_utf8(csv_file(&result)).unwrap();
        assert_eq!(text, "name,value\n\"'=HYPERLINK(\"\"x\"\")\",-1.5\n\"a, \"\"b\"\"\",\n");
    }

    #[test]
    fn a_result_without_columns_is_an_empty_file_and_one_without_rows_keeps_its_header() {
        assert!(csv_file(&ResultSet::default()).is_empty());
        let header_only = ResultSet { columns: vec!["visit_start_date".into(), "visit_concept".into()], rows: vec![], truncated: false };
        assert_eq!(csv_file(&header_only), b"visit_start_date,visit_concept\n");
    }
}
