//! PHI reports: `POST /reports` runs one planned, validated, patient-scoped query live against
//! the hospital's database and writes the rows into a PDF or CSV; `GET /reports/{id}` gives its
//! maker a fresh link while the file exists. Rows live in memory while the file is written and
//! in the file until it expires (one day; links at most five minutes); the record keeps counts
//! and times, never a value.

pub mod create;
pub mod get;

use chrono::{DateTime, Utc};
use serde::Serialize;

use mediclear_domain::ids::ReportId;

/// How long a download link lives (the contract's ceiling).
pub const LINK_LIFETIME: std::time::Duration = std::time::Duration::from_secs(300);
/// How long a report file is kept (the report bucket's lifecycle rule).
pub const FILE_LIFETIME_HOURS: i64 = 24;

/// What `POST /reports` and `GET /reports/{id}` answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportLink {
    pub report_id: ReportId,
    /// A link to the file, valid until `expires_at`; null once the file is gone.
    pub download_url: Option<String>,
    /// When the link stops working (at most five minutes from the answer).
    pub expires_at: Option<DateTime<Utc>>,
    /// `pdf` or `csv`.
    pub format: String,
    pub generated_at: DateTime<Utc>,
    pub row_count: usize,
    /// Whether the row cap cut the rows.
    pub truncated: bool,
    /// What was reported: `details`, `visits`, `conditions`, `medications`, `labs`, `procedures`, `summary`.
    pub kind: String,
    /// When the file is deleted.
    pub file_expires_at: DateTime<Utc>,
}

pub(crate) fn file_name(report_id: &ReportId, format: &str) -> String {
    format!("mediclear-report-{report_id}.{format}")
}
