//! PHI reports: a hospital's own database, a plain-English request turned into one safe
//! read-only query, and the report built from its rows. Nothing here stores a row.
//!
//! - [`connection`] — a registered database (never its password) and who may use it.
//! - [`schema`] — the stored schema of a client database (names and types, never values).
//! - [`patient_key`] — which column says whose row it is, found from the schema.
//! - [`sql_safety`] — whether a SQL query may run: the AST rules, and whether it is scoped to
//!   one patient.
//! - [`pipeline_safety`] — the same for MongoDB aggregation pipelines.
//! - [`window`] — time windows ("last 6 months", "since 2024") against an as-of date.
//! - [`request`] — reading a report request in plain English: patient, kind, window, lab.
//! - [`rows`] — the rows a query returns, in memory only.
//! - [`summary`] — the factual summary of a report's rows (counts, dates, latest values, series).
//! - [`grounding`] — whether a written summary states only figures the rows hold.
//! - [`planner`] — the offline planner: request + stored schema → one query with bound parameters.

pub mod patient_key;
pub mod schema;
pub mod sql_safety;
pub mod request;
pub mod window;
pub mod planner;
pub mod pipeline_safety;
pub mod rows;
pub mod connection;
pub mod summary;
pub mod grounding;
