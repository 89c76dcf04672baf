//! The offline end-to-end time: how long a provider waits between filing a case
//! (`POST /api/v1/preauth/cases`) and seeing its analysed `case.updated` on the WebSocket, on
//! the offline system a newcomer runs ([`crate::offline_system`]: `mediclear-local` (profile `local`)
//! started with demo data in a fresh directory). It covers the REST gateway, the case store, the
//! state machine from its ASL file (begin, both retrievals, judge, save), the case stream and the
//! notifier — everything a newcomer's first case goes through.
//!
//! The system is started once (the demo seed indexes the demo documents; its start-up is
//! reported, not counted) and the demo cases are filed one after the other, cycling through
//! `demo/cases.json`; each time is from just before the POST to the arrival of a terminal status
//! (`APPROVED_READY`, `MISSING_INFORMATION`, `AI_DENIED`, or `ANALYSIS_FAILED`, which is reported
//! as a problem, as is an outcome other than the demo's).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use serde::Serialize;
use serde_json::json;

use mediclear_local::client::{Client, Socket};
use mediclear_local::demo::{DEMO_PASSWORD, demo_cases};

use crate::offline_system::OfflineSystem;
use crate::stats::{Summary, summarize};

/// Analysis outcomes a provider waits for.
const TERMINAL: [&str; 4] = ["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"];

/// One filed case.
#[derive(Debug, Clone, Serialize)]
pub struct Filed {
    pub patient_id: String,
    pub procedure_code: String,
    pub status: String,
    pub expected_status: String,
    pub ms: f64,
}

/// The run.
#[derive(Debug, Clone, Serialize)]
pub struct EndToEnd {
    pub summary: Summary,
    pub cases: Vec<Filed>,
    /// Spawn of `mediclear-local --demo` → it listens (seeding included; not part of the figure).
    pub system_start_ms: f64,
    /// Cases that ended `ANALYSIS_FAILED`, or whose status differs from the demo's expectation.
    pub problems: Vec<String>,
}

/// Starts `binary` with demo data and files `runs` demo cases, timing each to its analysed
/// `case.updated`.
pub async fn run(binary: &Path, workspace: &Path, runs: usize, timeout: Duration) -> anyhow::Result<EndToEnd> {
    let system = OfflineSystem::start(binary, workspace).await?;
    let (samples, cases, problems) = file_cases(&system.url, runs, timeout).await?;
    let summary = summarize(&samples).ok_or_else(|| anyhow!("no case was timed"))?;
    Ok(EndToEnd { summary, cases, system_start_ms: system.start_ms, problems })
}

async fn file_cases(base: &str, runs: usize, timeout: Duration) -> anyhow::Result<(Vec<Duration>, Vec<Filed>, Vec<String>)> {
    let demo = demo_cases();
    anyhow::ensure!(!demo.is_empty(), "mediclear-local has no demo cases");
    let client = Client::new(base);
    let token = client.token("demo-provider", DEMO_PASSWORD).await?;
    let mut socket = Socket::connect(base, Some(&token)).await?;
    let subscribed = socket.subscribe("provider-PRV-001").await?;
    anyhow::ensure!(subscribed["type"] == "subscribed", "subscribing to provider-PRV-001 failed: {subscribed}");

    let (mut samples, mut cases, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for (run, spec) in demo.iter().cycle().take(runs).enumerate() {
        let body = json!({
            "patient_id": spec.patient_id,
            "procedure_code": spec.procedure_code,
            "diagnosis_codes": spec.diagnosis_codes,
            "urgency": spec.urgency.clone().unwrap_or_else(|| "standard".into()),
        });
        let posted = Instant::now();
        let filed = client.post("/api/v1/preauth/cases", Some(&token), &body).await?;
        anyhow::ensure!(filed.status.as_u16() == 202, "case {} was not filed: {} {}", run + 1, filed.status, filed.body);
        let case_id = filed.body["data"]["case_id"].as_str().ok_or_else(|| anyhow!("no case_id in {}", filed.body))?.to_string();
        let message = socket.wait_for_case(&case_id, &TERMINAL, timeout).await?;
        let elapsed = posted.elapsed();
        let status = message["case"]["status"].as_str().unwrap_or_default().to_string();
        if status == "ANALYSIS_FAILED" {
            problems.push(format!("case {} ({}) ended ANALYSIS_FAILED: {}", run + 1, spec.patient_id, message["case"]["failure_reason"]));
        } else if status != spec.expected_status {
            problems.push(format!("case {} ({}) ended {status}, the demo expects {}", run + 1, spec.patient_id, spec.expected_status));
        }
        samples.push(elapsed);
        cases.push(Filed {
            patient_id: spec.patient_id.clone(),
            procedure_code: spec.procedure_code.clone(),
            status,
            expected_status: spec.expected_status.clone(),
            ms: elapsed.as_secs_f64() * 1000.0,
        });
    }
    socket.close().await;
    Ok((samples, cases, problems))
}
