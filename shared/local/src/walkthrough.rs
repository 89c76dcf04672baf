//! `mediclear-local demo`: a guided tour for a newcomer, against a running system (`--url`) or
//! one started for the tour with demo data in a temporary directory:
//! the provider opens a socket and files a case → the socket shows it being analysed → the
//! insurer reviews the recommendation and approves → the socket shows the decision.

use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Client, Socket};
use crate::demo::{DEMO_PASSWORD, demo_cases};

fn step(n: u32, text: &str) {
    println!("\n[{n}] {text}");
}

fn show_analysis(case: &Value) {
    let analysis = &case["analysis"];
    if analysis.is_null() {
        return;
    }
    println!("    recommendation: {} ({})", analysis["status"].as_str().unwrap_or("?"), analysis["disposition"].as_str().unwrap_or(""));
    for c in analysis["criteria"].as_array().into_iter().flatten() {
        let met = match c["met"].as_bool() {
            Some(true) => "met",
            Some(false) => "not met",
            None => "no evidence",
        };
        println!("      {:>4} [{}] {}", c["id"].as_str().unwrap_or(""), met, c["text"].as_str().unwrap_or("").chars().take(90).collect::<String>());
    }
    println!("    summary: {}", analysis["summary"].as_str().unwrap_or(""));
}

/// Runs the tour against `base`.
pub async fn run(base: &str) -> anyhow::Result<()> {
    let client = Client::new(base);
    let wait = Duration::from_secs(30);
    let case_spec = demo_cases().into_iter().find(|c| c.expected_status == "APPROVED_READY").ok_or_else(|| anyhow::anyhow!("no demo case"))?;

    step(1, "The provider (demo-provider, PRV-001) signs in and opens the WebSocket on its channel.");
    let provider = client.token("demo-provider", DEMO_PASSWORD).await?;
    let mut socket = Socket::connect(base, Some(&provider)).await?;
    println!("    {}", socket.subscribe("provider-PRV-001").await?);

    step(2, &format!("The provider files a pre-auth case: patient {}, procedure {}.", case_spec.patient_id, case_spec.procedure_code));
    let body = json!({
        "patient_id": case_spec.patient_id,
        "procedure_code": case_spec.procedure_code,
        "diagnosis_codes": case_spec.diagnosis_codes,
        "urgency": case_spec.urgency.clone().unwrap_or_else(|| "standard".into()),
    });
    let filed = client.post("/api/v1/preauth/cases", Some(&provider), &body).await?;
    anyhow::ensure!(filed.status.as_u16() == 202, "filing failed: {} {}", filed.status, filed.body);
    let case_id = filed.body["data"]["case_id"].as_str().unwrap_or_default().to_string();
    println!("    202 Accepted: case {case_id}, status {}, decision deadline {}", filed.body["data"]["status"], filed.body["data"]["decision_deadline"]);

    step(3, "The socket shows the case moving through the analysis state machine:");
    let analysed = loop {
        let message = socket.wait_for_case(&case_id, &["ANALYZING", "APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"], wait).await?;
        println!("    case.updated → {}", message["case"]["status"]);
        if message["case"]["status"] != "ANALYZING" {
            break message["case"].clone();
        }
    };
    show_analysis(&analysed);

    step(4, "The insurer (demo-insurer) signs in, watches its queue and reviews the case.");
    let insurer = client.token("demo-insurer", DEMO_PASSWORD).await?;
    let mut queue = Socket::connect(base, Some(&insurer)).await?;
    println!("    {}", queue.subscribe("insurer-queue").await?);
    let reviewed = client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&insurer)).await?;
    println!("    GET case → {} (AI verdict is a recommendation; the insurer decides)", reviewed.body["data"]["status"]);

    step(5, "The insurer approves.");
    let decision = client
        .post(&format!("/api/v1/preauth/cases/{case_id}/decision"), Some(&insurer), &json!({"decision": "APPROVED", "reason": "Criteria met per policy; approved on review."}))
        .await?;
    anyhow::ensure!(decision.status.is_success(), "decision failed: {} {}", decision.status, decision.body);
    println!("    {} → case {}", decision.status, decision.body["data"]["status"]);
    let update = socket.wait_for_case(&case_id, &["APPROVED"], wait).await?;
    println!("    provider's socket: case.updated → {}", update["case"]["status"]);

    println!("\nDone. Try the other demo cases (see README): MISSING_INFORMATION and AI_DENIED.");
    socket.close().await;
    queue.close().await;
    Ok(())
}
