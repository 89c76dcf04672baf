//! Integration tests of PHI reports' engines on labelled sets written blind to them.
//!
//! - `requests_held_out` — the offline planner's reading of report requests
//!   (`tests/data/report_requests/held_out.json`): the reported figure, tallies only.
//! - `sql_safety_corpus` — the SQL and MongoDB validators on the labelled corpus
//!   (`tests/data/sql_safety/corpus.json`).

mod requests_held_out;
mod sql_safety_corpus;
