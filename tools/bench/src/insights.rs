//! Health insights II figures: how long a patient waits for a chat answer offline, and how long
//! one recomputation of the risk assessment and health score takes on a full record.
//!
//! **The record.** On `mediclear-local --demo` (profile `local`) ([`crate::offline_system`]), with the
//! embedding model when it was fetched, the health demo's `PAT-101` (four demo documents, seeded
//! and indexed at start-up) gets the 46 documents of [`record`] — consultation notes, laboratory
//! and imaging reports — uploaded as `demo-patient-101` (`POST /api/v1/documents/upload`,
//! multipart, with their dates) and processed by the document pipeline (each job awaited) before
//! any timing starts: 50 documents.
//!
//! **Chat.** The 100 questions of [`questions`] (70 the record answers, 20 it does not, 10
//! critical), `POST /api/v1/patients/PAT-101/chat` as JSON, each timed from just before the request
//! to the whole answer; in threads of [`THREAD`] turns (the conversation's context and its store
//! are part of a turn), after [`WARM_UP`] unmeasured turns. Then every fifth question again, as
//! server-sent events (`Accept: text/event-stream`), each in a new conversation: time to the first
//! `token` event and to the `done` event, read as the bytes arrive.
//!
//! **Recomputation** ([`recompute`]): the runtime stopped, its stores are opened by the release
//! build of this harness and `ComputedInsights::recompute_for` timed on `PAT-101`, with and
//! without a new version to write, then its parts: the record's load, and the domain's assess +
//! score alone; and, for where the chat's time goes, the model's retrieval of each question and
//! the chat engine's answer from those passages, in process.

pub mod questions;
pub mod record;
pub mod recompute;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use axum::http::Method;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{Value, json};

use mediclear_local::client::Client;
use mediclear_local::demo::DEMO_PASSWORD;

use crate::offline_system::OfflineSystem;
use crate::stats::{Summary, summarize};
use questions::{Kind, QUESTIONS};

const PATIENT_LOGIN: &str = "demo-patient-101";
pub const PATIENT_ID: &str = "PAT-101";
const ENDED: [&str; 3] = ["INDEXED", "NEEDS_REVIEW", "FAILED"];
/// Turns a conversation carries before the next question starts a new one.
const THREAD: usize = 5;
/// Unmeasured turns first (first use of the model and the stores in the runtime).
const WARM_UP: usize = 3;
/// Every how many questions one is asked again as a stream.
const STREAM_EVERY: usize = 5;
const POLL: Duration = Duration::from_millis(20);

/// The section's knobs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Recomputations timed (the domain alone runs ten times as often).
    pub recompute_runs: usize,
    pub timeout: Duration,
    pub no_build: bool,
}

/// One timed chat turn.
struct Turn {
    kind: Kind,
    took: Duration,
    critical: bool,
    answered: bool,
    sources: usize,
    chars: usize,
}

/// The table, run against `binary`.
pub async fn run(binary: &Path, workspace: &Path, options: Options) -> anyhow::Result<String> {
    let harness = crate::binaries::release_harness(workspace, options.no_build)?;
    let machine = crate::report::machine();
    eprintln!("insights: starting mediclear-local --demo…");
    let system = OfflineSystem::start(binary, workspace).await?;
    let client = Client::new(&system.url);
    let token = client.token(PATIENT_LOGIN, DEMO_PASSWORD).await?;

    let documents = record::documents();
    eprintln!("insights: uploading {} documents for {PATIENT_ID}…", documents.len());
    let started = Instant::now();
    let mut jobs = Vec::new();
    for document in &documents {
        jobs.push(upload(&client, &token, document).await.with_context(|| format!("uploading {}", document.file_name))?);
    }
    let mut ended: BTreeMap<String, usize> = BTreeMap::new();
    for job in &jobs {
        *ended.entry(await_job(&client, &token, job, options.timeout).await?).or_default() += 1;
    }
    let processed_s = started.elapsed().as_secs_f64();
    let listed = client.get(&format!("/api/v1/patients/{PATIENT_ID}/documents?limit=100"), Some(&token)).await?;
    let listed = listed.body["data"]["documents"].as_array().cloned().ok_or_else(|| anyhow!("no documents listed: {}", listed.body))?;
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for document in &listed {
        *statuses.entry(document["status"].as_str().unwrap_or("?").to_string()).or_default() += 1;
    }
    // The last documents' recomputations run after their jobs end: let them finish.
    tokio::time::sleep(Duration::from_secs(2)).await;

    eprintln!("insights: {} chat turns…", QUESTIONS.len());
    let path = format!("/api/v1/patients/{PATIENT_ID}/chat");
    for (_, question) in QUESTIONS.iter().take(WARM_UP) {
        ask(&client, &token, &path, question, None).await?;
    }
    let mut turns = Vec::new();
    let mut conversation: Option<String> = None;
    for (n, (kind, question)) in QUESTIONS.iter().enumerate() {
        if n % THREAD == 0 {
            conversation = None;
        }
        let started = Instant::now();
        let answer = ask(&client, &token, &path, question, conversation.as_deref()).await.with_context(|| format!("question {}", n + 1))?;
        let took = started.elapsed();
        conversation = answer["conversation_id"].as_str().map(str::to_string);
        turns.push(Turn {
            kind: *kind,
            took,
            critical: answer["requires_doctor_consultation"].as_bool().unwrap_or(false),
            answered: answer["answered_from_records"].as_bool().unwrap_or(false),
            sources: answer["sources"].as_array().map_or(0, Vec::len),
            chars: answer["response"].as_str().map_or(0, str::len),
        });
    }

    eprintln!("insights: {} streamed turns…", QUESTIONS.len() / STREAM_EVERY);
    let (mut first_token, mut stream_done) = (Vec::new(), Vec::new());
    for (_, question) in QUESTIONS.iter().step_by(STREAM_EVERY) {
        let (first, done) = stream(&system.url, &token, &path, question, options.timeout).await?;
        first_token.push(first);
        stream_done.push(done);
    }

    eprintln!("insights: stopping the runtime; recomputations in the release harness…");
    let start_ms = system.start_ms;
    let embedder = system.embedder;
    let data_dir = system.stop_keeping_data()?;
    let figures = recompute_figures(&harness, data_dir.path(), options.recompute_runs, options.timeout.max(Duration::from_secs(300)))?;

    // The table.
    let all: Vec<Duration> = turns.iter().map(|t| t.took).collect();
    let overall = summarize(&all).ok_or_else(|| anyhow!("no chat turn timed"))?;
    let mean_ms = all.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / all.len() as f64;
    let text_bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let mut out = format!(
        "health insights II offline: patient chat and insight recomputation for {PATIENT_ID}, mediclear-local --demo (profile local), embedder {embedder}, {machine}\n\
         record: {} documents listed ({}), 46 uploaded ({} bytes of text; 16 consultation notes, 18 lab reports, 12 imaging reports) + the demo's 4, \
         processed in {processed_s:.1} s before timing ({})\n",
        listed.len(),
        join_counts(&statuses),
        text_bytes,
        join_counts(&ended),
    );
    out.push_str(&format!(
        "{:<44} {:>5} {:>9} {:>8} {:>8} {:>8} {:>8}  {}\n",
        "chat, POST /patients/{id}/chat (JSON)", "turns", "median ms", "p95 ms", "mean ms", "max ms", "min ms", "outcome"
    ));
    out.push_str(&format!("{}\n", "-".repeat(130)));
    out.push_str(&row("all questions", &overall, mean_ms, &outcome(&turns.iter().collect::<Vec<_>>())));
    for kind in [Kind::Records, Kind::Unanswerable, Kind::Critical] {
        let of_kind: Vec<&Turn> = turns.iter().filter(|t| t.kind == kind).collect();
        let times: Vec<Duration> = of_kind.iter().map(|t| t.took).collect();
        if let Some(s) = summarize(&times) {
            let mean = times.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / times.len() as f64;
            out.push_str(&row(&format!("  {}", kind.label()), &s, mean, &outcome(&of_kind)));
        }
    }
    for (label, samples) in [("streamed: first token (text/event-stream)", &first_token), ("streamed: done event", &stream_done)] {
        if let Some(s) = summarize(samples) {
            let mean = samples.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / samples.len() as f64;
            out.push_str(&row(label, &s, mean, &format!("every {STREAM_EVERY}th question, each a new conversation")));
        }
    }
    let unexpected = |kind: Kind, wrong: &dyn Fn(&Turn) -> bool| -> Vec<String> {
        turns.iter().zip(QUESTIONS.iter()).filter(|(t, _)| t.kind == kind && wrong(t)).map(|(_, (_, q))| format!("{q:?}")).collect()
    };
    for (what, listed) in [
        ("answered from the records though not in them", unexpected(Kind::Unanswerable, &|t| t.answered && !t.critical)),
        ("in the records but answered as not found", unexpected(Kind::Records, &|t| !t.answered && !t.critical)),
        ("in the records but redirected as critical", unexpected(Kind::Records, &|t| t.critical)),
    ] {
        if !listed.is_empty() {
            out.push_str(&format!("{what}: {}\n", listed.join(", ")));
        }
    }
    out.push_str(&format!(
        "(request -> whole answer; threads of {THREAD} turns, after {WARM_UP} unmeasured; p95 by nearest rank; start-up with the demo seed, not counted: {:.1} s)\n",
        start_ms / 1000.0
    ));

    out.push_str(&recompute_table(&figures)?);
    out.push_str(&where_the_time_goes(&turns, &figures));
    Ok(out)
}

fn join_counts(counts: &BTreeMap<String, usize>) -> String {
    counts.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", ")
}

fn row(label: &str, s: &Summary, mean_ms: f64, outcome: &str) -> String {
    format!("{:<44} {:>5} {:>9.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1}  {}\n", label, s.runs, s.median_ms, s.p95_ms, mean_ms, s.max_ms, s.min_ms, outcome)
}

/// What the answers were: redirected as critical, answered from the records, or "not in the
/// records"; the sources and length of the answers.
fn outcome(turns: &[&Turn]) -> String {
    let critical = turns.iter().filter(|t| t.critical).count();
    let answered = turns.iter().filter(|t| !t.critical && t.answered).count();
    let not_found = turns.len() - critical - answered;
    let sources: usize = turns.iter().map(|t| t.sources).sum();
    let chars: usize = turns.iter().map(|t| t.chars).sum();
    format!("{critical} redirected, {answered} from records, {not_found} not found; {:.1} sources, {} chars a turn", sources as f64 / turns.len().max(1) as f64, chars / turns.len().max(1))
}

/// `POST /api/v1/documents/upload` (multipart, with the document's date); the job id.
async fn upload(client: &Client, token: &str, document: &record::RecordDocument) -> anyhow::Result<String> {
    let boundary = format!("mediclear-bench-{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (name, value) in [("patient_id", PATIENT_ID), ("document_type", document.document_type), ("document_date", document.document_date)] {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: text/plain\r\n\r\n", document.file_name).as_bytes());
    body.extend(document.text.as_bytes());
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let reply = client.send(Method::POST, "/api/v1/documents/upload", Some(token), Some(content_type.as_str()), body).await?;
    if reply.status.as_u16() != 202 {
        bail!("upload answered {} {}", reply.status, reply.body);
    }
    reply.body["data"]["job_id"].as_str().map(str::to_string).ok_or_else(|| anyhow!("no job_id in {}", reply.body))
}

/// The job's end status.
async fn await_job(client: &Client, token: &str, job_id: &str, timeout: Duration) -> anyhow::Result<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let job = client.get(&format!("/api/v1/jobs/{job_id}"), Some(token)).await?;
        let status = job.body["data"]["status"].as_str().unwrap_or_default();
        if ENDED.contains(&status) {
            return Ok(status.to_string());
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

/// One JSON chat turn; the answer's `data`.
async fn ask(client: &Client, token: &str, path: &str, question: &str, conversation: Option<&str>) -> anyhow::Result<Value> {
    let mut body = json!({"message": question});
    if let Some(id) = conversation {
        body["conversation_id"] = json!(id);
    }
    let reply = client.post(path, Some(token), &body).await?;
    if reply.status.as_u16() != 200 {
        bail!("chat answered {} {}", reply.status, reply.body);
    }
    Ok(reply.body["data"].clone())
}

/// One streamed turn: (first `token` event, `done` event), from just before the request, read as
/// the body's frames arrive.
async fn stream(base: &str, token: &str, path: &str, question: &str, timeout: Duration) -> anyhow::Result<(Duration, Duration)> {
    let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri(format!("{base}{path}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept", "text/event-stream")
        .body(Full::new(Bytes::from(serde_json::to_vec(&json!({"message": question}))?)))?;
    let started = Instant::now();
    let response = tokio::time::timeout(timeout, http.request(request)).await.context("no answer within --timeout")??;
    if response.status().as_u16() != 200 {
        bail!("streamed chat answered {}", response.status());
    }
    let mut body = response.into_body();
    let mut seen = String::new();
    let mut first = None;
    while let Some(frame) = tokio::time::timeout(timeout, body.frame()).await.context("the stream stalled")? {
        let Ok(data) = frame?.into_data() else { continue };
        seen.push_str(&String::from_utf8_lossy(&data));
        if first.is_none() && seen.contains("event: token") {
            first = Some(started.elapsed());
        }
        if seen.contains("event: done") || seen.contains("event: error") {
            if seen.contains("event: error") {
                bail!("the stream ended with an error event");
            }
            let done = started.elapsed();
            return Ok((first.unwrap_or(done), done));
        }
    }
    bail!("the stream ended without a done event")
}

/// Runs [`recompute::child`] in the release harness; its JSON.
fn recompute_figures(harness: &Path, data_dir: &Path, runs: usize, timeout: Duration) -> anyhow::Result<Value> {
    let mut child = std::process::Command::new(harness)
        .arg("--insights-recompute")
        .arg(data_dir)
        .arg("--insights-runs")
        .arg(runs.to_string())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", harness.display()))?;
    let deadline = Instant::now() + timeout;
    loop {
        if child.try_wait()?.is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the recomputation run took longer than {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("the recomputation run failed ({})", output.status);
    }
    serde_json::from_slice(&output.stdout).context("the recomputation run printed no JSON")
}

fn summary_of(figures: &Value, key: &str) -> anyhow::Result<Summary> {
    let s = &figures[key];
    let f = |k: &str| s[k].as_f64().ok_or_else(|| anyhow!("no {key}.{k} in the recomputation figures"));
    Ok(Summary { runs: s["runs"].as_u64().unwrap_or_default() as usize, min_ms: f("min_ms")?, median_ms: f("median_ms")?, p95_ms: f("p95_ms")?, max_ms: f("max_ms")? })
}

fn recompute_table(figures: &Value) -> anyhow::Result<String> {
    let mut out = format!(
        "\nrisk + score recomputation for {PATIENT_ID} on the offline stores (release harness, runtime stopped): {} documents, {} indexed, {} texts read, {} bytes of text\n",
        figures["documents"], figures["indexed"], figures["texts"], figures["text_bytes"]
    );
    out.push_str(&format!("{:<58} {:>5} {:>10} {:>9} {:>9} {:>9}\n", "step", "runs", "median ms", "p95 ms", "max ms", "min ms"));
    out.push_str(&format!("{}\n", "-".repeat(106)));
    let rows = [
        ("recompute_for, nothing changed (no version written)", "unchanged"),
        ("recompute_for, an answer changed (new version written)", "changed"),
        ("  of which: the record's load (patient, documents, texts)", "load"),
        ("domain alone: risk::assess + score::score", "domain"),
        ("  risk::assess", "assess"),
        ("  score::score", "score"),
    ];
    for (label, key) in rows {
        let s = summary_of(figures, key)?;
        let fine = |v: f64| if v < 10.0 { format!("{v:.3}") } else { format!("{v:.1}") };
        out.push_str(&format!("{:<58} {:>5} {:>10} {:>9} {:>9} {:>9}\n", label, s.runs, fine(s.median_ms), fine(s.p95_ms), fine(s.max_ms), fine(s.min_ms)));
    }
    out.push_str(&format!(
        "(each series after one unmeasured run; versions written: {} by the unchanged runs, {} by the changed ones)\n",
        figures["unchanged_writes"], figures["changed_new_versions"]
    ));
    Ok(out)
}

/// Where the time goes: a critical question skips retrieval and the answer, so it is the turn's
/// fixed cost (HTTP, gateway, token, conversation read and write, audit); the model's retrieval
/// alone is timed in the release harness.
fn where_the_time_goes(turns: &[Turn], figures: &Value) -> String {
    let median = |kind: Kind| summarize(&turns.iter().filter(|t| t.kind == kind).map(|t| t.took).collect::<Vec<_>>()).map(|s| s.median_ms);
    let mut parts = Vec::new();
    if let (Some(records), Some(critical)) = (median(Kind::Records), median(Kind::Critical)) {
        parts.push(format!("a chat turn's fixed cost (HTTP, gateway, conversation read + write, audit: a critical turn, no retrieval) {critical:.1} ms of {records:.1} ms median"));
        if let (Ok(retrieval), Ok(answer)) = (summary_of(figures, "retrieval"), summary_of(figures, "answer")) {
            parts.push(format!("retrieval (question embedded by the model, top 5 of the patient's chunks) {:.1} ms median in-process", retrieval.median_ms));
            parts.push(format!(
                "the extractive answer (the passages' sentences, about {} lines, and the question embedded in one batch by the model, then picked) {:.1} ms median in-process",
                figures["passage_lines"], answer.median_ms
            ));
            parts.push("the stream's first token comes when the answer is written, so it is close to the whole turn".to_string());
        }
    }
    if let (Ok(unchanged), Ok(load), Ok(domain)) = (summary_of(figures, "unchanged"), summary_of(figures, "load"), summary_of(figures, "domain")) {
        parts.push(format!(
            "a recomputation {:.2} ms median = the record's load {:.2} ms + the domain {:.3} ms + reading the latest versions",
            unchanged.median_ms, load.median_ms, domain.median_ms
        ));
    }
    format!("where the time goes: {}\n", parts.join("; "))
}
