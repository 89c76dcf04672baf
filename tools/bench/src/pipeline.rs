//! The document pipeline's time per document, offline: `POST /api/v1/documents/upload` → the
//! job `INDEXED` (or `NEEDS_REVIEW` / `FAILED`, which end it too), on the release
//! `mediclear-local --demo` ([`crate::offline_system`]), as the demo patient `demo-patient-101`
//! uploading for `PAT-101`, one document at a time.
//!
//! Three kinds, each through a different first tier:
//! - a text note — the health demo's consultation note (plain text: read as it is);
//! - a PDF with a text layer — the health demo's lab report (the in-process PDF reader);
//! - a scanned page — a PNG of the lab-report reference page rendered by ImageMagick at 300 dpi
//!   (`mediclear_testkit::conformance::ocr::scans`), read by synchronous OCR (tesseract).
//!
//! A scanned PDF is not measured: it goes through the OCR job, whose `Wait` state the offline
//! runtime runs at real time (10 s a poll), so its figure would be the wait, not the work.
//!
//! The uploads are `multipart/form-data`, as a browser sends them. One upload of each kind runs
//! first, unmeasured (first-use work in the runtime); then the kinds take turns, so that the
//! shared machine's load falls on all three alike. Each time runs from just before the POST to
//! the `GET /api/v1/jobs/{job_id}` reply that shows the end status, polled every
//! [`POLL`] — the figures are at most that much late.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use axum::http::Method;

use mediclear_local::client::Client;
use mediclear_local::demo::DEMO_PASSWORD;
use mediclear_local::embedded::{DEMO_BINARY_FILES, DEMO_FILES};
use mediclear_testkit::conformance::ocr::scans::{self, LAB_REPORT, Variant};

use crate::offline_system::OfflineSystem;
use crate::stats::summarize;

const PATIENT_LOGIN: &str = "demo-patient-101";
const PATIENT_ID: &str = "PAT-101";
const ENDED: [&str; 3] = ["INDEXED", "NEEDS_REVIEW", "FAILED"];
/// How often the job is asked for.
const POLL: Duration = Duration::from_millis(5);

/// One kind of document and the file uploaded for it.
struct Kind {
    label: &'static str,
    file_name: &'static str,
    document_type: &'static str,
    bytes: Vec<u8>,
}

/// How the uploads of one kind went.
#[derive(Default)]
struct Timings {
    total: Vec<Duration>,
    accepted: Vec<Duration>,
    statuses: BTreeMap<String, usize>,
    method: Option<String>,
    chunks: Option<u64>,
}

fn demo_text(path: &str) -> anyhow::Result<Vec<u8>> {
    DEMO_FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| t.as_bytes().to_vec()).ok_or_else(|| anyhow!("demo file {path} is not compiled into mediclear-local"))
}

fn demo_binary(path: &str) -> anyhow::Result<Vec<u8>> {
    DEMO_BINARY_FILES.iter().find(|(p, _)| *p == path).map(|(_, b)| b.to_vec()).ok_or_else(|| anyhow!("demo file {path} is not compiled into mediclear-local"))
}

/// The table, run against `binary`.
pub async fn run(binary: &Path, workspace: &Path, runs: usize, timeout: Duration) -> anyhow::Result<String> {
    let mut kinds = vec![
        Kind { label: "text note", file_name: "consultation-note.txt", document_type: "consultation_note", bytes: demo_text("health/PAT-101/consultation-note.txt")? },
        Kind { label: "PDF, text layer", file_name: "lab-report.pdf", document_type: "lab_report", bytes: demo_binary("health/PAT-101/lab-report.pdf")? },
    ];
    let mut notes = Vec::new();
    if scans::imagemagick().is_some() {
        let png = tokio::task::spawn_blocking(|| scans::render(&LAB_REPORT, Variant::Clean)).await.context("rendering the scan")?;
        kinds.push(Kind { label: "scanned page, PNG", file_name: "scanned-lab-report.png", document_type: "lab_report", bytes: png });
    } else {
        notes.push("scanned page: not measured — ImageMagick is needed to render it (scripts/tools.sh ocr)".to_string());
    }

    eprintln!("pipeline: starting mediclear-local --demo…");
    let system = OfflineSystem::start(binary, workspace).await?;
    let client = Client::new(&system.url);
    let token = client.token(PATIENT_LOGIN, DEMO_PASSWORD).await?;
    let machine = crate::report::machine();
    let mut timings: Vec<Timings> = kinds.iter().map(|_| Timings::default()).collect();
    for kind in &kinds {
        upload(&client, &token, kind, timeout).await.with_context(|| format!("warm-up upload of the {}", kind.label))?;
    }
    eprintln!("pipeline: {runs} uploads of each of {} kinds…", kinds.len());
    for _ in 0..runs {
        for (kind, timing) in kinds.iter().zip(&mut timings) {
            let done = upload(&client, &token, kind, timeout).await.with_context(|| format!("uploading the {}", kind.label))?;
            timing.total.push(done.total);
            timing.accepted.push(done.accepted);
            *timing.statuses.entry(done.status).or_default() += 1;
            if timing.method.is_none() {
                let document = client.get(&format!("/api/v1/documents/{}", done.document_id), Some(&token)).await?;
                timing.method = document.body["data"]["extraction"]["method"].as_str().map(str::to_string);
                timing.chunks = document.body["data"]["chunk_count"].as_u64();
            }
        }
    }

    let mut out = format!(
        "document pipeline offline (POST /api/v1/documents/upload -> job INDEXED), {runs} uploads of each kind after one unmeasured, as {PATIENT_LOGIN}; \
         mediclear-local --demo (profile local), embedder {}, {}\n",
        system.embedder, machine
    );
    out.push_str(&format!(
        "{:<20} {:<22} {:>8} {:>6} {:>10} {:>8} {:>8} {:>10}  {:<15} {}\n",
        "kind", "file", "bytes", "chunks", "median ms", "p95 ms", "max ms", "202 med ms", "tier 1", "end status"
    ));
    out.push_str(&format!("{}\n", "-".repeat(130)));
    for (kind, timing) in kinds.iter().zip(&timings) {
        let total = summarize(&timing.total).ok_or_else(|| anyhow!("no upload timed"))?;
        let accepted = summarize(&timing.accepted).map(|s| s.median_ms).unwrap_or_default();
        let statuses: Vec<String> = timing.statuses.iter().map(|(s, n)| format!("{n} {s}")).collect();
        out.push_str(&format!(
            "{:<20} {:<22} {:>8} {:>6} {:>10.1} {:>8.1} {:>8.1} {:>10.1}  {:<15} {}\n",
            kind.label,
            kind.file_name,
            kind.bytes.len(),
            timing.chunks.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
            total.median_ms,
            total.p95_ms,
            total.max_ms,
            accepted,
            timing.method.as_deref().unwrap_or("-"),
            statuses.join(", ")
        ));
    }
    out.push_str(&format!(
        "(upload -> the job's end status, polled every {} ms; 202 = the upload's answer; p95 by nearest rank; chunks indexed; tier 1 = the document's extraction method; \
         a scanned PDF waits 10 s a poll at the runtime's real time and is not measured; start-up with the demo seed, not counted: {:.1} s)\n",
        POLL.as_millis(),
        system.start_ms / 1000.0
    ));
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok(out)
}

/// One upload, timed to the end status.
struct Done {
    total: Duration,
    accepted: Duration,
    status: String,
    document_id: String,
}

async fn upload(client: &Client, token: &str, kind: &Kind, timeout: Duration) -> anyhow::Result<Done> {
    let (content_type, body) = multipart(kind);
    let started = Instant::now();
    let reply = client.send(Method::POST, "/api/v1/documents/upload", Some(token), Some(&content_type), body).await?;
    let accepted = started.elapsed();
    if reply.status.as_u16() != 202 {
        bail!("upload answered {} {}", reply.status, reply.body);
    }
    let data = &reply.body["data"];
    let (Some(job_id), Some(document_id)) = (data["job_id"].as_str(), data["document_id"].as_str()) else {
        bail!("no job_id or document_id in {}", reply.body);
    };
    let deadline = started + timeout;
    loop {
        let job = client.get(&format!("/api/v1/jobs/{job_id}"), Some(token)).await?;
        let status = job.body["data"]["status"].as_str().unwrap_or_default();
        if ENDED.contains(&status) {
            return Ok(Done { total: started.elapsed(), accepted, status: status.to_string(), document_id: document_id.to_string() });
        }
        if job.status.as_u16() != 200 {
            bail!("job {job_id}: {} {}", job.status, job.body);
        }
        if Instant::now() > deadline {
            bail!("job {job_id} still {status} after {timeout:?} (--timeout)");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The upload form: `patient_id`, `document_type`, `file`.
fn multipart(kind: &Kind) -> (String, Vec<u8>) {
    let boundary = format!("mediclear-bench-{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (name, value) in [("patient_id", PATIENT_ID), ("document_type", kind.document_type)] {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    // The server decides the type from the bytes; a browser would still say what it thinks.
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", kind.file_name)
            .as_bytes(),
    );
    body.extend(&kind.bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
