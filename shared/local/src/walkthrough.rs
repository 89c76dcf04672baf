//! `mediclear-local demo`: a guided tour for a newcomer, against a running system (`--url`) or
//! one started for the tour with demo data in a temporary directory:
//! the provider opens a socket and files a case → the socket shows it being analysed → the
//! insurer reviews the recommendation and approves → the socket shows the decision. Then the
//! patient scene: a patient of health insights reads her processed documents (what the pipeline
//! read from each, the risk markers and tests it tagged), uploads a new note and watches it go
//! through the three tiers, and her doctor reads it. Then the reports scene: an admin turns plain
//! English into one validated query over the demo hospital database (Eunomia, when it was
//! loaded), sees an unsafe query refused with its reasons, and gets a PDF report behind a
//! five-minute link.

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

    socket.close().await;
    queue.close().await;

    patient_scene(&client).await?;
    reports_scene(&client).await?;
    println!("\nDone. Try the other demo cases (see README): MISSING_INFORMATION and AI_DENIED.");
    Ok(())
}

/// Health insights: PAT-101 (`demo-patient-101`) and her doctor (`demo-oncologist`).
async fn patient_scene(client: &Client) -> anyhow::Result<()> {
    step(6, "Health insights: the patient demo-patient-101 (PAT-101) lists her documents.");
    let patient = client.token("demo-patient-101", DEMO_PASSWORD).await?;
    let listed = client.get("/api/v1/patients/PAT-101/documents", Some(&patient)).await?;
    anyhow::ensure!(listed.status.is_success(), "listing failed: {} {}", listed.status, listed.body);
    let documents = listed.body["data"]["documents"].as_array().cloned().unwrap_or_default();
    for d in &documents {
        println!("    {:<28} {:<18} {:<10} {}", d["file_name"].as_str().unwrap_or(""), d["document_type"].as_str().unwrap_or(""), d["document_date"].as_str().unwrap_or("-"), d["status"].as_str().unwrap_or(""));
    }

    step(7, "What the pipeline read from each: how the text was had, vision, tagged risk markers and tests.");
    for d in &documents {
        let id = d["document_id"].as_str().unwrap_or_default();
        let read = client.get(&format!("/api/v1/documents/{id}"), Some(&patient)).await?;
        let data = &read.body["data"];
        let markers: Vec<String> = data["enrichment"]["tags"]["markers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| format!("{} ({})", m["indicator"].as_str().unwrap_or(""), m["level"].as_str().unwrap_or("")))
            .collect();
        let tests: Vec<&str> = data["enrichment"]["tags"]["tests"].as_array().into_iter().flatten().filter_map(|t| t["group"].as_str()).collect();
        println!("    {}: {} · {}", d["file_name"].as_str().unwrap_or(""), data["extraction"]["method"].as_str().unwrap_or("not read"), data["enrichment"]["vision_note"].as_str().unwrap_or(""));
        if !markers.is_empty() {
            println!("      markers: {}", markers.join("; "));
        }
        if !tests.is_empty() {
            println!("      tests: {}", tests.join(", "));
        }
    }

    step(8, "She uploads a new consultation note; the job goes through extract → enrich → index.");
    let note = "Follow-up 2026-11-20. Sister diagnosed with breast cancer at 44. No palpable mass. Plan: breast MRI.";
    let body = json!({"patient_id": "PAT-101", "document_type": "consultation_note", "document_date": "2026-11-20", "file_name": "follow-up.txt",
                      "content_base64": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, note)});
    let uploaded = client.post("/api/v1/documents/upload", Some(&patient), &body).await?;
    anyhow::ensure!(uploaded.status.as_u16() == 202, "upload failed: {} {}", uploaded.status, uploaded.body);
    let job_id = uploaded.body["data"]["job_id"].as_str().unwrap_or_default().to_string();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut last = String::new();
    loop {
        let job = client.get(&format!("/api/v1/jobs/{job_id}"), Some(&patient)).await?;
        let status = job.body["data"]["status"].as_str().unwrap_or_default().to_string();
        if status != last {
            println!("    job {job_id}: {status} (tier {})", job.body["data"]["tier"].as_str().unwrap_or("-"));
            last = status.clone();
        }
        if matches!(status.as_str(), "INDEXED" | "NEEDS_REVIEW" | "FAILED") {
            break;
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "the upload was not processed in time");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    step(9, "Her doctor, demo-oncologist (verified, assigned to her), reads it; a doctor not assigned would get 404.");
    let doctor = client.token("demo-oncologist", DEMO_PASSWORD).await?;
    let document_id = uploaded.body["data"]["document_id"].as_str().unwrap_or_default();
    let read = client.get(&format!("/api/v1/documents/{document_id}"), Some(&doctor)).await?;
    let markers: Vec<&str> = read.body["data"]["enrichment"]["tags"]["markers"].as_array().into_iter().flatten().filter_map(|m| m["indicator"].as_str()).collect();
    println!("    {} → markers: {}", read.status, if markers.is_empty() { "none".to_string() } else { markers.join("; ") });
    Ok(())
}

/// PHI reports, on the demo connection the runtime registered (Eunomia in the machine's
/// PostgreSQL); skipped, saying why, when there is none.
async fn reports_scene(client: &Client) -> anyhow::Result<()> {
    step(10, "PHI reports: the admin lists the hospital databases MediClear may query.");
    let admin = client.token("demo-admin", DEMO_PASSWORD).await?;
    let listed = client.get("/api/v1/connections", Some(&admin)).await?;
    let connections = listed.body["data"]["connections"].as_array().cloned().unwrap_or_default();
    let Some(connection) = connections.iter().find(|c| c["connection_name"].as_str().is_some_and(|n| n.starts_with("Eunomia demo"))) else {
        println!("    no demo database registered (load one with scripts/client-dbs.sh, then start a fresh --demo): scene skipped");
        return Ok(());
    };
    let id = connection["connection_id"].as_str().unwrap_or_default();
    let text = |field: &str| connection[field].as_str().unwrap_or_default().to_string();
    println!("    {id} — {} {}:{}/{} as {} (the password is never shown)", text("database_type"), text("host"), connection["port"], text("database_name"), text("username"));

    step(11, "Plain English to one query: \"Show me patient 3950's visits since 2015\" (nothing runs yet).");
    let generated = client.post("/api/v1/queries/generate", Some(&admin), &json!({"connection_id": id, "query": "Show me patient 3950's visits since 2015"})).await?;
    anyhow::ensure!(generated.status.is_success(), "generate failed: {} {}", generated.status, generated.body);
    let data = &generated.body["data"];
    println!("    {}", data["text"].as_str().unwrap_or_default());
    println!("    parameters {} — verdict {}, scoped to one patient: {}", data["parameters"], data["validation"]["verdict"].as_str().unwrap_or_default(), data["validation"]["patient_scoped"]);
    let refused = client.post("/api/v1/queries/validate", Some(&admin), &json!({"connection_id": id, "sql": "WITH gone AS (DELETE FROM person RETURNING *) SELECT * FROM gone"})).await?;
    let reasons: Vec<&str> = refused.body["data"]["reasons"].as_array().into_iter().flatten().filter_map(|r| r["code"].as_str()).collect();
    println!("    a DELETE hidden in a WITH: {} ({})", refused.body["data"]["verdict"].as_str().unwrap_or_default(), reasons.join(", "));

    step(12, "The report: a summary of patient 3950 since 2015 as a PDF, behind a link that lives five minutes.");
    let report = client.post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": "summary report for patient 3950 since 2015", "format": "pdf"})).await?;
    anyhow::ensure!(report.status.is_success(), "the report failed: {} {}", report.status, report.body);
    println!("    {} rows → {}", report.body["data"]["row_count"], report.body["data"]["download_url"].as_str().unwrap_or_default());
    Ok(())
}
