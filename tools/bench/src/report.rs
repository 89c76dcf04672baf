//! The report: one table row per function (init median/p95, first invocation, warm median/p95,
//! binary and zip size, and the verdict against the targets), the end-to-end line, then errors
//! and notes; or all of it as JSON (`--json`). A missed target reads `MISSED`, a failed function
//! `ERROR`; neither is a harness failure.

use std::fmt::Write as _;

use serde::Serialize;

use crate::end_to_end::EndToEnd;
use crate::measure::Warm;
use crate::package_size::{Packages, megabytes};
use crate::stats::Summary;

/// The targets.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Targets {
    pub init_ms: f64,
    pub zip_mb: f64,
    pub e2e_ms: f64,
    /// One patient's report, plain English to a PDF or CSV link, offline (issue 8).
    pub report_ms: f64,
}

pub const TARGETS: Targets = Targets { init_ms: 20.0, zip_mb: 4.0, e2e_ms: 300.0, report_ms: 500.0 };

/// One function's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunctionRow {
    pub name: String,
    pub scenario: Option<String>,
    pub binary_bytes: Option<u64>,
    pub init: Option<Summary>,
    pub init_error: Option<String>,
    pub warm: Option<Warm>,
    pub warm_error: Option<String>,
    /// Why warm invocations were not run (no moto, no scenario).
    pub warm_skipped: Option<String>,
    pub zip_bytes: Option<u64>,
    pub bootstrap_bytes: Option<u64>,
    pub verdict: String,
}

impl FunctionRow {
    /// `ok`, or what failed / was missed.
    pub fn judge(&mut self) {
        let mut findings = Vec::new();
        if self.init_error.is_some() {
            findings.push("ERROR init".to_string());
        }
        if self.warm_error.is_some() {
            findings.push("ERROR invoke".to_string());
        }
        if let Some(init) = &self.init
            && init.median_ms > TARGETS.init_ms
        {
            findings.push("MISSED init".into());
        }
        if let Some(zip) = self.zip_bytes
            && megabytes(zip) > TARGETS.zip_mb
        {
            findings.push("MISSED zip".into());
        }
        let measured = self.init.is_some() || self.warm.is_some() || self.zip_bytes.is_some();
        self.verdict = match (findings.is_empty(), measured) {
            (false, _) => findings.join(", "),
            (true, true) => "ok".into(),
            (true, false) => "not measured".into(),
        };
    }
}

/// The whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub cpus: usize,
    pub release_profile: Vec<(String, String)>,
    pub init_runs: usize,
    pub warm_runs: usize,
    pub functions: Vec<FunctionRow>,
    pub packages: Option<Packages>,
    pub packages_skipped: Option<String>,
    pub end_to_end: Option<EndToEnd>,
    pub end_to_end_skipped: Option<String>,
    /// Median GetItem round trip from this process to moto: the floor under every warm figure
    /// of a function that calls DynamoDB.
    pub moto_get_item_ms: Option<f64>,
    pub notes: Vec<String>,
    /// What went wrong in the harness itself (the exit status is non-zero when any).
    pub harness_problems: Vec<String>,
}

/// The machine a section ran on: CPUs, and the load average when it started (the machine is
/// shared; a figure taken under load says so).
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let load = std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_string));
    match load {
        Some(load) => format!("{cpus} CPU(s), load average {load} at the start"),
        None => format!("{cpus} CPU(s)"),
    }
}

fn ms(value: Option<f64>) -> String {
    value.map(|v| if v < 10.0 { format!("{v:.2}") } else { format!("{v:.1}") }).unwrap_or_else(|| "-".into())
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map(|b| format!("{:.2}", megabytes(b))).unwrap_or_else(|| "-".into())
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({ "targets": TARGETS, "report": self })).unwrap_or_default()
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let profile: Vec<String> = self.release_profile.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(out, "MediClear benchmark — {} CPU(s), shared: figures are comparative, not AWS's.", self.cpus);
        let _ = writeln!(out, "release profile: {}", profile.join(" "));
        let _ = writeln!(
            out,
            "targets: init <= {} ms, zip <= {} MB, offline e2e <= {} ms (median). init: {} spawns after 1 priming spawn; warm: {} invocations after the first.",
            TARGETS.init_ms, TARGETS.zip_mb, TARGETS.e2e_ms, self.init_runs, self.warm_runs
        );
        if let Some(get_item) = self.moto_get_item_ms {
            let _ = writeln!(out, "moto GetItem round trip (median): {} ms — the floor of every DynamoDB call in the warm figures.", ms(Some(get_item)));
        }
        if self.functions.iter().any(|f| f.verdict != "not measured") {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{:<25} {:>8} {:>7} {:>8} {:>8} {:>7} {:>8} {:>5} {:>7} {:>6}  result",
                "function", "init med", "p95", "1st call", "warm med", "p95", "own med", "calls", "bin MB", "zip MB"
            );
            let _ = writeln!(out, "{}", "-".repeat(118));
            for row in &self.functions {
                let warm = row.warm.as_ref();
                let _ = writeln!(
                    out,
                    "{:<25} {:>8} {:>7} {:>8} {:>8} {:>7} {:>8} {:>5} {:>7} {:>6}  {}",
                    row.name,
                    ms(row.init.map(|s| s.median_ms)),
                    ms(row.init.map(|s| s.p95_ms)),
                    ms(warm.map(|w| w.first_invocation_ms)),
                    ms(warm.and_then(|w| w.warm).map(|s| s.median_ms)),
                    ms(warm.and_then(|w| w.warm).map(|s| s.p95_ms)),
                    ms(warm.and_then(|w| w.in_function).map(|s| s.median_ms)),
                    warm.and_then(|w| w.aws_calls_per_invocation).map(|c| format!("{c:.1}")).unwrap_or_else(|| "-".into()),
                    mb(row.binary_bytes),
                    mb(row.zip_bytes),
                    row.verdict
                );
            }
            let _ = writeln!(
                out,
                "(ms; own = warm minus time with an AWS call in flight; calls = AWS calls per warm invocation; bin = the binary measured, unzipped; zip = cargo lambda's bootstrap.zip, MB = 10^6 bytes)"
            );
        }
        if let Some(packages) = &self.packages {
            if packages.build_seconds > 0.0 {
                let _ = writeln!(out, "zip: `{}` took {:.0} s", packages.command, packages.build_seconds);
            } else {
                let _ = writeln!(out, "zip: {}", packages.command);
            }
        }
        if let Some(why) = &self.packages_skipped {
            let _ = writeln!(out, "zip: not measured — {why}");
        }
        let _ = writeln!(out);
        match (&self.end_to_end, &self.end_to_end_skipped) {
            (Some(e2e), _) => {
                let s = e2e.summary;
                let verdict = if !e2e.problems.is_empty() {
                    "ERROR"
                } else if s.median_ms > TARGETS.e2e_ms {
                    "MISSED"
                } else {
                    "ok"
                };
                let _ = writeln!(
                    out,
                    "offline e2e (POST /api/v1/preauth/cases -> analysed case.updated), {} cases: median {} ms, p95 {} ms, max {} ms  {verdict}",
                    s.runs,
                    ms(Some(s.median_ms)),
                    ms(Some(s.p95_ms)),
                    ms(Some(s.max_ms))
                );
                let cases: Vec<String> = e2e.cases.iter().map(|c| format!("{} {}→{} {} ms", c.patient_id, c.procedure_code, c.status, ms(Some(c.ms)))).collect();
                let _ = writeln!(out, "  {}", cases.join("; "));
                let _ = writeln!(out, "  (offline system start with the demo seed: {} ms, not counted)", ms(Some(e2e.system_start_ms)));
                for problem in &e2e.problems {
                    let _ = writeln!(out, "  ERROR {problem}");
                }
            }
            (None, Some(why)) => {
                let _ = writeln!(out, "offline e2e: not measured — {why}");
            }
            (None, None) => {}
        }

        let errors: Vec<String> = self
            .functions
            .iter()
            .flat_map(|row| {
                let init = row.init_error.as_ref().map(|e| format!("{}: {e}", row.name));
                let warm = row.warm_error.as_ref().map(|e| format!("{}: {e}", row.name));
                init.into_iter().chain(warm)
            })
            .collect();
        if !errors.is_empty() {
            let _ = writeln!(out, "\nERRORS");
            for e in errors {
                let _ = writeln!(out, "  {e}");
            }
        }
        let skipped: Vec<String> = self.functions.iter().filter_map(|r| r.warm_skipped.as_ref().map(|w| format!("{}: {w}", r.name))).collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "\nwarm not measured");
            for s in skipped {
                let _ = writeln!(out, "  {s}");
            }
        }
        let scenarios: Vec<String> = self.functions.iter().filter_map(|r| r.scenario.as_ref().map(|s| format!("{:<26} {s}", r.name))).collect();
        if !scenarios.is_empty() {
            let _ = writeln!(out, "\nwarm scenarios");
            for s in scenarios {
                let _ = writeln!(out, "  {s}");
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for problem in &self.harness_problems {
            let _ = writeln!(out, "HARNESS FAILURE: {problem}");
        }
        out
    }
}
