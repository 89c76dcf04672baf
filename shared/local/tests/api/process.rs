//! The `mediclear-local` binary as an operator runs it: a separate process, stopped by signals,
//! killed, restarted on the same data directory, its memory read from `/proc`. These are the
//! failures an attacker and a careless client found from outside: a second runtime on a busy
//! directory, SIGTERM in the middle of filings, a crash loop, a flood of wrong passwords, hostile
//! PDFs. Figures asserted here are memory (from `/proc/<pid>/status`), never time.

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use http::Method;
use serde_json::{Value, json};

use mediclear_local::client::{Client, Reply};

use crate::harness::PASSWORD;

/// A running `mediclear-local` process.
pub struct Runtime {
    child: Child,
    pub url: String,
    /// Everything it wrote to stderr so far.
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Runtime {
    /// Starts the binary on a free port with `dir` as its data directory.
    pub fn start(dir: &Path, demo: bool) -> Runtime {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mediclear-local"));
        command.args(["--listen", "127.0.0.1:0", "--data-dir"]).arg(dir);
        if demo {
            command.arg("--demo");
        }
        let mut child = command.env_remove("RUST_LOG").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start mediclear-local");
        let stdout = child.stdout.take().unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let (found, address) = std::sync::mpsc::channel();
        // Reads the address, then keeps draining the pipe so the runtime never blocks on it.
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let (false, Some(addr)) = (sent, line.strip_prefix("listening on ")) {
                    let _ = found.send(addr.to_string());
                    sent = true;
                }
            }
        });
        let url = match address.recv_timeout(Duration::from_secs(120)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(100));
                panic!("mediclear-local did not start: {}", stderr.lock().unwrap());
            }
        };
        Runtime { child, url, stderr }
    }

    /// What the process wrote to stderr.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A `kB` figure of `/proc/<pid>/status` (`VmHWM` = peak resident memory, `VmRSS` = now).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill").args([signal, &self.pid().to_string()]).status().expect("kill");
        assert!(sent.success(), "kill {signal} failed");
    }

    /// SIGTERM, then waits for the process to end; returns whether it exited cleanly.
    pub fn terminate(mut self) -> bool {
        self.signal("-TERM");
        self.child.wait().expect("wait").success()
    }

    /// SIGKILL: the process dies where it stands, as under the OOM killer.
    pub fn kill(mut self) {
        self.signal("-KILL");
        let _ = self.child.wait();
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn sign_in(client: &Client, username: &str) -> Reply {
    client.post("/api/v1/auth/token", None, &json!({"username": username, "password": PASSWORD})).await.unwrap()
}

async fn token(client: &Client, username: &str) -> String {
    let reply = sign_in(client, username).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["data"]["access_token"].as_str().unwrap().to_string()
}

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

#[tokio::test]
async fn a_second_runtime_on_a_data_directory_in_use_stops_at_once_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let first = Runtime::start(dir.path(), false);
    let second = Command::new(env!("CARGO_BIN_EXE_mediclear-local"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env_remove("RUST_LOG")
        .output()
        .expect("run a second runtime");
    assert!(!second.status.success());
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains("is in use by another mediclear-local"), "{said}");
    assert!(said.contains(&format!("pid {}", first.pid())), "{said}");
    assert!(first.terminate(), "the first runtime stops cleanly");
    // Free again once the first has stopped.
    let third = Runtime::start(dir.path(), false);
    assert!(third.terminate());
}

#[tokio::test]
async fn logs_go_to_a_file_in_the_data_directory_not_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::start(dir.path(), true);
    token(&runtime.client(), "demo-provider").await;
    std::thread::sleep(Duration::from_millis(200));
    let said = runtime.stderr();
    assert!(runtime.terminate());
    assert!(said.trim().is_empty(), "nothing on the terminal's stderr: {said}");
    let log = std::fs::read_to_string(dir.path().join("mediclear-local.log")).expect("the log file");
    assert!(log.contains("INFO"), "the log file has the runtime's lines: {log}");
}

/// 80 filings from 40 clients, each with its own `Idempotency-Key`; SIGTERM while they are in
/// flight. Every filing the runtime answered is stored, nothing it did not answer is, and after a
/// restart the clients' retries (same keys, same bodies) give exactly one case per filing.
#[tokio::test]
async fn sigterm_mid_filing_answers_what_it_stored_and_retries_with_keys_file_each_case_once() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::start(dir.path(), true);
    let provider = token(&runtime.client(), "demo-provider").await;
    const PATIENT: &str = "PAT-SIGTERM";
    let filing = |n: usize| json!({"patient_id": PATIENT, "procedure_code": "27447", "diagnosis_codes": ["M17.11"], "urgency": "standard", "notes": format!("filing {n}")});
    let key = |n: usize| format!("sigterm-test-{n}");

    let mut clients = Vec::new();
    for client_number in 0..40 {
        let client = runtime.client();
        let provider = provider.clone();
        clients.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for n in [client_number * 2, client_number * 2 + 1] {
                let body = serde_json::to_vec(&filing(n)).unwrap();
                let sent = client
                    .send_with(Method::POST, "/api/v1/preauth/cases", Some(&provider), &[("idempotency-key", &key(n))], Some("application/json"), body)
                    .await;
                outcomes.push((n, sent.ok().map(|reply| (reply.status.as_u16(), reply.body["data"]["case_id"].as_str().map(str::to_string)))));
            }
            outcomes
        }));
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    let stopped = tokio::task::spawn_blocking(move || runtime.terminate());
    let mut answered = std::collections::BTreeMap::new();
    for client in clients {
        for (n, outcome) in client.await.unwrap() {
            if let Some((status, case_id)) = outcome {
                assert_eq!(status, 202, "an answered filing was filed");
                answered.insert(n, case_id.expect("a case id"));
            }
        }
    }
    assert!(stopped.await.unwrap(), "SIGTERM stops the runtime cleanly");
    eprintln!("{} of 80 filings answered before the stop", answered.len());

    let runtime = Runtime::start(dir.path(), false);
    let client = runtime.client();
    let provider = token(&client, "demo-provider").await;
    let stored = cases_of(&client, &provider, PATIENT).await;
    let answered_ids: std::collections::BTreeSet<String> = answered.values().cloned().collect();
    assert_eq!(stored, answered_ids, "what was stored is exactly what was answered ({} of 80 answered)", answered.len());

    for n in 0..80 {
        let body = serde_json::to_vec(&filing(n)).unwrap();
        let reply = client
            .send_with(Method::POST, "/api/v1/preauth/cases", Some(&provider), &[("idempotency-key", &key(n))], Some("application/json"), body)
            .await
            .unwrap();
        assert_eq!(reply.status, 202, "{}", reply.body);
        let case_id = reply.body["data"]["case_id"].as_str().unwrap();
        if let Some(first) = answered.get(&n) {
            assert_eq!(case_id, first, "a retry of an answered filing gets its first answer");
            assert_eq!(reply.headers.get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));
        }
    }
    let stored = cases_of(&client, &provider, PATIENT).await;
    assert_eq!(stored.len(), 80, "one case per filing, however often it was sent");

    // The analyses that the stop cut short resumed: every case ends analysed.
    for case_id in &stored {
        wait_until(&client, &provider, &format!("/api/v1/preauth/cases/{case_id}"), |case| {
            !matches!(case["status"].as_str(), Some("PENDING" | "ANALYZING"))
        })
        .await;
    }
    assert!(runtime.terminate());
}

/// Every case id of `patient` the provider sees.
async fn cases_of(client: &Client, token: &str, patient: &str) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(t) => format!("/api/v1/preauth/cases?patient_id={patient}&limit=100&next_token={t}"),
            None => format!("/api/v1/preauth/cases?patient_id={patient}&limit=100"),
        };
        let reply = client.get(&path, Some(token)).await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        for case in reply.body["data"]["cases"].as_array().unwrap() {
            ids.insert(case["case_id"].as_str().unwrap().to_string());
        }
        match reply.body["data"]["next_token"].as_str() {
            Some(t) => next = Some(t.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")),
            None => return ids,
        }
    }
}

/// Polls `path` until its `data` satisfies `done` (a minute at most).
async fn wait_until(client: &Client, token: &str, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let reply = client.get(path, Some(token)).await.unwrap();
        if done(&reply.body["data"]) {
            return reply.body["data"].clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "{path} never got there: {}", reply.body);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Wrong passwords in bulk: refused with growing delays (429 + Retry-After), with memory that
/// stays put; the account's owner, from the machine they sign in from, is not locked out.
#[tokio::test]
async fn a_login_flood_is_throttled_in_bounded_memory_without_locking_the_owner_out() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::start(dir.path(), true);
    let owner_machine = Client::from_address(&runtime.url, loopback(3));
    token(&owner_machine, "demo-provider").await;
    let before = runtime.memory_kib("VmRSS");

    let flood = |rounds: usize| {
        let url = runtime.url.clone();
        async move {
            let mut statuses = Vec::new();
            for _ in 0..rounds {
                let attempts = (0..50).map(|n| {
                    let client = Client::new(&url);
                    tokio::spawn(async move {
                        let reply = client
                            .post("/api/v1/auth/token", None, &json!({"username": "demo-provider", "password": format!("wrong-password-{n}")}))
                            .await
                            .unwrap();
                        (reply.status.as_u16(), reply.headers.get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok()))
                    })
                });
                for attempt in attempts.collect::<Vec<_>>() {
                    statuses.push(attempt.await.unwrap());
                }
            }
            statuses
        }
    };
    let first = flood(4).await;
    let after_first = runtime.memory_kib("VmRSS");
    let second = flood(4).await;
    let after_second = runtime.memory_kib("VmRSS");

    for (status, retry_after) in first.iter().chain(&second) {
        match status {
            401 => {}
            429 => assert!(retry_after.is_some_and(|s| s >= 1), "a 429 says when to retry"),
            other => panic!("unexpected {other}"),
        }
    }
    let throttled = first.iter().chain(&second).filter(|(s, _)| *s == 429).count();
    eprintln!("{throttled} of 400 throttled; resident memory {before} → {after_first} → {after_second} KiB");
    assert!(throttled >= 300, "most of 400 wrong passwords are refused without being checked: {throttled}");
    // Hashing runs on a fixed pool (2 × 19 MiB); a flood costs that once, not per attempt.
    assert!(after_first < before + 120 * 1024, "memory grew from {before} to {after_first} KiB");
    assert!(after_second < after_first + 20 * 1024, "a second flood grows nothing: {after_first} → {after_second} KiB");

    // The owner, on the machine they signed in from, gets in at once.
    assert_eq!(sign_in(&owner_machine, "demo-provider").await.status, 200);
    // From a machine never used before, the owner waits at most a minute.
    let reply = sign_in(&Client::from_address(&runtime.url, loopback(4)), "demo-provider").await;
    match reply.status.as_u16() {
        200 => {}
        429 => {
            let wait: u64 = reply.headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
            assert!(wait <= 60, "locked out for {wait} s");
        }
        other => panic!("unexpected {other}: {}", reply.body),
    }
    // Other users at the flooding address are slowed too (the address counter), not others elsewhere.
    assert_eq!(sign_in(&Client::from_address(&runtime.url, loopback(5)), "demo-insurer").await.status, 200);
    assert!(runtime.terminate());
}

/// A document whose processing kills the process is retried at each start only a few times:
/// then its job is `FAILED` ("stopped after 3 attempts") and the runtime stays up.
#[tokio::test]
async fn a_document_that_crashes_the_runtime_is_given_up_instead_of_replayed_at_every_start() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::start(dir.path(), true);
    let client = runtime.client();
    let provider = token(&client, "demo-provider").await;
    // Large enough that processing it takes a while, so the process can be killed during it.
    let sentence = "The patient reports right knee pain on stairs, worse after walking, with morning stiffness. ";
    let text = sentence.repeat(5 * 1024 * 1024 / sentence.len());
    let reply = client.post("/api/v1/preauth/records", Some(&provider), &json!({"patient_id": "PAT-CRASH", "file_name": "long.txt", "text": text})).await.unwrap();
    assert_eq!(reply.status, 202, "{}", reply.body);
    let job_path = format!("/api/v1/jobs/{}", reply.body["job_id"].as_str().unwrap());

    let mut runtime = runtime;
    for run in 1..=3 {
        let client = runtime.client();
        let provider = token(&client, "demo-provider").await;
        let job = wait_until(&client, &provider, &job_path, |job| job["status"] != "INGESTED").await;
        assert_eq!(job["status"], "ANALYZING", "run {run}: killed while processing: {job}");
        runtime.kill();
        runtime = Runtime::start(dir.path(), false);
    }
    let client = runtime.client();
    let provider = token(&client, "demo-provider").await;
    let job = wait_until(&client, &provider, &job_path, |job| matches!(job["status"].as_str(), Some("FAILED" | "INDEXED"))).await;
    assert_eq!(job["status"], "FAILED", "{job}");
    assert!(job["reason"].as_str().unwrap().contains("stopped after 3 attempts"), "{job}");
    // Up and serving.
    assert_eq!(client.get("/api/v1/health", None).await.unwrap().status, 200);
    assert!(runtime.terminate());
}

/// The hostile PDFs of the audit, uploaded to the running system: each ends `FAILED` as too
/// complex, the process's peak memory stays within a few hundred MiB, and it keeps serving.
#[tokio::test]
async fn hostile_pdfs_end_failed_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::start(dir.path(), true);
    let client = runtime.client();
    let provider = token(&client, "demo-provider").await;
    let files = [
        ("operators.pdf", hostile::one_page(&hostile::deflate(&b"q ".repeat(10_000_000)), true)),
        ("operands.pdf", hostile::one_page(&hostile::deflate(&b"1 ".repeat(31_000_000)), true)),
        ("uncompressed.pdf", hostile::one_page(&b"q ".repeat(2 * 1024 * 1024), false)),
    ];
    for (name, pdf) in files {
        use base64::Engine;
        let body = json!({"patient_id": "PAT-HOSTILE", "file_name": name, "content_type": "application/pdf",
                          "content_base64": base64::engine::general_purpose::STANDARD.encode(&pdf)});
        let reply = client.post("/api/v1/preauth/records", Some(&provider), &body).await.unwrap();
        assert_eq!(reply.status, 202, "{name}: {}", reply.body);
        let job_path = format!("/api/v1/jobs/{}", reply.body["job_id"].as_str().unwrap());
        let job = wait_until(&client, &provider, &job_path, |job| matches!(job["status"].as_str(), Some("FAILED" | "INDEXED"))).await;
        assert_eq!(job["status"], "FAILED", "{name}: {job}");
        assert!(job["reason"].as_str().unwrap().contains("too complex"), "{name}: {job}");
    }
    let peak_mib = runtime.memory_kib("VmHWM") / 1024;
    eprintln!("peak resident memory after the hostile PDFs: {peak_mib} MiB");
    assert!(peak_mib < 400, "peak resident memory {peak_mib} MiB");
    assert_eq!(client.get("/api/v1/health", None).await.unwrap().status, 200);
    assert!(runtime.terminate());
}

/// Minimal PDFs around one content stream.
mod hostile {
    use std::io::Write;

    pub fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// A one-page PDF drawing `content` (Flate-compressed when `compressed`).
    pub fn one_page(content: &[u8], compressed: bool) -> Vec<u8> {
        let filter = if compressed { "/Filter /FlateDecode " } else { "" };
        let objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>".to_vec(),
            [format!("<< {filter}/Length {} >>\nstream\n", content.len()).into_bytes(), content.to_vec(), b"\nendstream".to_vec()].concat(),
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", index + 1).into_bytes());
            out.extend(object);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").into_bytes());
        }
        out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes());
        out
    }
}
