//! The simulated users: one tokio task each, with its own HTTP client (its own keep-alive
//! connection, as each person's browser has), signing in once as its role and then going round its
//! role's flow until the run's deadline, pausing a think time between actions.
//!
//! The flows, each action drawn with the weights given (a user's draws come from its own fixed
//! seed, so two runs make the same choices):
//!
//! - **provider** (staff of the demo clinic `PRV-001`, whose patients' notes the demo holds): file
//!   one of the demo cases (40; with an `Idempotency-Key`, as a client that may retry sends),
//!   read one of the cases it filed (35), list the clinic's cases (25);
//! - **insurer**: work the queue (60) — list the cases in one analysed status, open one, read the
//!   evidence of its first criterion, think, decide (approve what the analysis recommends
//!   approving, deny the rest); two insurers may pick the same case, and the later decision gets
//!   the `409` the API promises, counted as expected — or look at the newest cases (40): list,
//!   open one;
//! - **patient** (onboarded by self-registration, two documents on record): upload a document
//!   (15; multipart, as the dashboard sends, then the job polled every second until it ends), ask
//!   the chat a question (45; threads of five turns), read the health score (15), the risk
//!   assessment (10), the document list (15);
//! - **doctor** (signed up, verified, four or five patients assigned): ask about an assigned
//!   patient (50), read a patient's risk assessment (25) or document list (25);
//! - **report maker** (a doctor of `ORG-001`, the organisation of the demo's Eunomia database):
//!   make a report (70; one of the reports section's five requests, PDF or CSV, for one of the
//!   test kit's Eunomia people, then its file downloaded through the link), read a report made
//!   earlier (30).
//!
//! Every request goes through [`Session::call`], which times it and classifies its outcome for
//! the [`Tally`]; a `429` is waited out (`Retry-After`) and asked again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{Value, json};

use mediclear_local::client::{Client, Reply};
use mediclear_local::demo::{DemoCase, demo_cases};

use super::case_book::CaseBook;
use super::form::Form;
use super::tally::{Class, Tally, Work};
use crate::insights::questions::QUESTIONS;
use crate::insights::record::RecordDocument;

/// Think time between two actions of one user, drawn evenly in this range: a person reading an
/// answer or a case, or typing the next question.
pub const THINK: (Duration, Duration) = (Duration::from_secs(5), Duration::from_secs(15));
/// How often a patient's dashboard asks for its upload's job.
const JOB_POLL: Duration = Duration::from_secs(1);
/// Turns a chat thread carries before the next question starts a new one.
const THREAD: usize = 5;
/// The statuses an insurer's queue shows.
const QUEUE: [&str; 3] = ["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED"];
const JOB_ENDED: [&str; 3] = ["INDEXED", "NEEDS_REVIEW", "FAILED"];

/// What a doctor asks about a patient, in a clinician's words.
const DOCTOR_QUESTIONS: [&str; 10] = [
    "Summarise the most recent laboratory results.",
    "What did the latest imaging show?",
    "Is there a documented family history of breast or ovarian cancer?",
    "What is the most recent hemoglobin and ferritin?",
    "Which medications are documented?",
    "Any abnormal findings on mammography?",
    "What follow-up was planned at the last consultation?",
    "What is the LDL cholesterol trend?",
    "Is there any mention of a palpable breast lump?",
    "When was the last cervical screening and what was the result?",
];

// The routes as the table names them.
pub const SIGN_IN: &str = "POST /auth/token";
const FILE_CASE: &str = "POST /preauth/cases";
const GET_CASE: &str = "GET /preauth/cases/{id}";
const LIST_CASES: &str = "GET /preauth/cases";
const EVIDENCE: &str = "GET /preauth/cases/{id}/evidence/{criterion}";
const DECIDE: &str = "POST /preauth/cases/{id}/decision";
const UPLOAD: &str = "POST /documents/upload";
const GET_JOB: &str = "GET /jobs/{id}";
pub const PATIENT_CHAT: &str = "POST /patients/{id}/chat";
const HEALTH_SCORE: &str = "GET /patients/{id}/health-score";
const RISK: &str = "GET /patients/{id}/risk-assessment";
const DOCUMENTS: &str = "GET /patients/{id}/documents";
pub const DOCTOR_CHAT: &str = "POST /doctors/{id}/chat";
const MAKE_REPORT: &str = "POST /reports";
const REPORT_FILE: &str = "GET report file (5-minute link)";
const GET_REPORT: &str = "GET /reports/{id}";
/// The routes in the order the table lists them: sign-in, then role by role.
pub const ROUTES: [&str; 16] = [
    SIGN_IN,
    FILE_CASE,
    LIST_CASES,
    GET_CASE,
    EVIDENCE,
    DECIDE,
    UPLOAD,
    GET_JOB,
    PATIENT_CHAT,
    HEALTH_SCORE,
    RISK,
    DOCUMENTS,
    DOCTOR_CHAT,
    MAKE_REPORT,
    REPORT_FILE,
    GET_REPORT,
];

/// Who a simulated user is.
#[derive(Debug, Clone)]
pub enum Role {
    Provider,
    Insurer,
    Patient { patient_id: String },
    Doctor { doctor_id: String, patients: Vec<String> },
    ReportMaker { patients: Vec<String> },
}

/// One simulated user: its login and role.
#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub password: String,
    pub role: Role,
}

/// What every user shares.
pub struct Run {
    pub base: String,
    pub tally: Tally,
    pub cases: CaseBook,
    /// No action starts after it.
    pub deadline: Instant,
    /// Longest wait for one answer (`--timeout`).
    pub timeout: Duration,
    /// Asynchronous work not done this long after it started is reported as not done.
    pub late: Duration,
    /// The demo's Eunomia connection, for the report makers.
    pub connection: Option<String>,
    /// What patients upload (the insights section's record; their own id put in).
    pub documents: Arc<Vec<RecordDocument>>,
    /// Whether patients and doctors chat (`--load-without-chat` leaves it out, to separate the
    /// embedding model's share of the limit from the rest).
    pub chat: bool,
}

/// A user's own random draws (SplitMix64 from a fixed seed).
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Evenly in `low..=high`.
    fn between(&mut self, low: Duration, high: Duration) -> Duration {
        let span = high.saturating_sub(low).as_millis() as u64;
        low + Duration::from_millis(self.next() % (span + 1))
    }

    /// An index of `weights`, drawn in proportion to them.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut draw = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if draw < *w {
                return i;
            }
            draw -= w;
        }
        weights.len() - 1
    }
}

/// The `Retry-After` of a `429`, in seconds (1 when absent).
pub fn retry_after(reply: &Reply) -> Duration {
    let seconds = reply.headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1);
    Duration::from_secs(seconds.clamp(1, 60))
}

/// One user's connection and sign-in.
struct Session {
    run: Arc<Run>,
    http: Client,
    token: String,
    dice: Dice,
}

/// A request to send.
struct Call<'a> {
    route: &'static str,
    method: Method,
    path: &'a str,
    content_type: Option<&'a str>,
    body: Vec<u8>,
    headers: &'a [(&'a str, &'a str)],
    /// 4xx statuses this step may get by the API's own rules (a lost race).
    expected: &'a [u16],
    signed: bool,
}

impl<'a> Call<'a> {
    fn get(route: &'static str, path: &'a str) -> Call<'a> {
        Call { route, method: Method::GET, path, content_type: None, body: Vec::new(), headers: &[], expected: &[], signed: true }
    }

    fn post(route: &'static str, path: &'a str, body: &Value) -> Call<'a> {
        Call { route, method: Method::POST, path, content_type: Some("application/json"), body: body.to_string().into_bytes(), headers: &[], expected: &[], signed: true }
    }
}

impl Session {
    /// Sends, times and tallies; the reply when it is a 2xx or an expected 4xx.
    async fn call(&mut self, call: Call<'_>) -> Option<Reply> {
        let give_up = self.run.deadline + self.run.late;
        loop {
            let token = call.signed.then_some(self.token.as_str());
            let started = Instant::now();
            let sent = tokio::time::timeout(self.run.timeout, self.http.send_with(call.method.clone(), call.path, token, call.headers, call.content_type, call.body.clone())).await;
            let took = started.elapsed();
            let reply = match sent {
                Err(_) => {
                    self.run.tally.request(call.route, took, Class::Timeout, Some(format!("no answer within {} s", self.run.timeout.as_secs())));
                    return None;
                }
                Ok(Err(e)) => {
                    let kind = e.root_cause().to_string().chars().take(80).collect::<String>();
                    self.run.tally.request(call.route, took, Class::Transport, Some(format!("connection: {kind}")));
                    return None;
                }
                Ok(Ok(reply)) => reply,
            };
            let status = reply.status.as_u16();
            let detail = || Some(format!("{status} {}", reply.body["error"]["code"].as_str().unwrap_or("")).trim().to_string());
            match status {
                200..=299 => {
                    self.run.tally.request(call.route, took, Class::Ok, None);
                    return Some(reply);
                }
                429 => {
                    self.run.tally.request(call.route, took, Class::Throttled, detail());
                    let wait = retry_after(&reply);
                    if Instant::now() + wait > give_up {
                        return None;
                    }
                    tokio::time::sleep(wait).await;
                }
                s if call.expected.contains(&s) => {
                    self.run.tally.request(call.route, took, Class::Expected, detail());
                    return Some(reply);
                }
                400..=499 => {
                    self.run.tally.request(call.route, took, Class::ClientError, detail());
                    return None;
                }
                _ => {
                    self.run.tally.request(call.route, took, Class::ServerError, detail());
                    return None;
                }
            }
        }
    }

    /// A think time; `false` when the run's deadline comes first.
    async fn think(&mut self) -> bool {
        let pause = self.dice.between(THINK.0, THINK.1);
        if Instant::now() + pause >= self.run.deadline {
            tokio::time::sleep_until(self.run.deadline.into()).await;
            return false;
        }
        tokio::time::sleep(pause).await;
        true
    }

    fn running(&self) -> bool {
        Instant::now() < self.run.deadline
    }
}

/// One user, from its sign-in at `start_at` to the deadline.
pub async fn simulate(run: Arc<Run>, user: User, start_at: Instant, seed: u64) {
    tokio::time::sleep_until(start_at.into()).await;
    let http = Client::new(&run.base);
    let mut session = Session { run, http, token: String::new(), dice: Dice::new(seed) };
    let body = json!({"username": user.username, "password": user.password});
    let Some(reply) = session.call(Call { signed: false, ..Call::post(SIGN_IN, "/api/v1/auth/token", &body) }).await else { return };
    let Some(token) = reply.body["data"]["access_token"].as_str() else { return };
    session.token = token.to_string();
    match user.role {
        Role::Provider => provider(&mut session).await,
        Role::Insurer => insurer(&mut session).await,
        Role::Patient { patient_id } => patient(&mut session, &patient_id).await,
        Role::Doctor { doctor_id, patients } => doctor(&mut session, &doctor_id, &patients).await,
        Role::ReportMaker { patients } => report_maker(&mut session, &patients).await,
    }
}

async fn provider(session: &mut Session) {
    let demo = demo_cases();
    let mut filed: Vec<String> = Vec::new();
    while session.running() {
        match session.dice.weighted(&[40, 35, 25]) {
            0 if !demo.is_empty() => {
                let spec = &demo[session.dice.below(demo.len())];
                if let Some(case_id) = file_case(session, spec).await {
                    filed.push(case_id);
                }
            }
            1 if !filed.is_empty() => {
                let path = format!("/api/v1/preauth/cases/{}", filed[session.dice.below(filed.len())]);
                session.call(Call::get(GET_CASE, &path)).await;
            }
            _ => {
                session.call(Call::get(LIST_CASES, "/api/v1/preauth/cases?limit=20")).await;
            }
        }
        if !session.think().await {
            break;
        }
    }
}

async fn file_case(session: &mut Session, spec: &DemoCase) -> Option<String> {
    let body = json!({
        "patient_id": spec.patient_id,
        "procedure_code": spec.procedure_code,
        "diagnosis_codes": spec.diagnosis_codes,
        "urgency": spec.urgency.clone().unwrap_or_else(|| "standard".into()),
    });
    let key = uuid::Uuid::new_v4().to_string();
    let headers = [("idempotency-key", key.as_str())];
    let posted = Instant::now();
    let reply = session.call(Call { headers: &headers, ..Call::post(FILE_CASE, "/api/v1/preauth/cases", &body) }).await?;
    let case_id = reply.body["data"]["case_id"].as_str()?.to_string();
    session.run.cases.filed(&case_id, posted, &spec.expected_status);
    Some(case_id)
}

async fn insurer(session: &mut Session) {
    while session.running() {
        if session.dice.weighted(&[60, 40]) == 0 {
            let status = QUEUE[session.dice.below(QUEUE.len())];
            let listed = session.call(Call::get(LIST_CASES, &format!("/api/v1/preauth/cases?status={status}&limit=20"))).await;
            if let Some(case_id) = listed.and_then(|l| pick_case(session, &l.body)) {
                review_and_decide(session, &case_id).await;
            }
        } else {
            let listed = session.call(Call::get(LIST_CASES, "/api/v1/preauth/cases?limit=20")).await;
            if let Some(case_id) = listed.and_then(|l| pick_case(session, &l.body)) {
                session.call(Call::get(GET_CASE, &format!("/api/v1/preauth/cases/{case_id}"))).await;
            }
        }
        if !session.think().await {
            break;
        }
    }
}

fn pick_case(session: &mut Session, listed: &Value) -> Option<String> {
    let cases = listed["data"]["cases"].as_array()?;
    if cases.is_empty() {
        return None;
    }
    cases[session.dice.below(cases.len())]["case_id"].as_str().map(str::to_string)
}

/// Opens a case, reads its first criterion's evidence, thinks, decides.
async fn review_and_decide(session: &mut Session, case_id: &str) {
    let Some(case) = session.call(Call::get(GET_CASE, &format!("/api/v1/preauth/cases/{case_id}"))).await else { return };
    let case = &case.body["data"];
    let status = case["status"].as_str().unwrap_or_default().to_string();
    if !QUEUE.contains(&status.as_str()) {
        return;
    }
    let criterion = match &case["analysis"]["criteria"][0]["id"] {
        Value::String(id) => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    };
    if let Some(criterion) = criterion {
        session.call(Call::get(EVIDENCE, &format!("/api/v1/preauth/cases/{case_id}/evidence/{criterion}"))).await;
    }
    if !session.think().await {
        return;
    }
    let body = if status == "APPROVED_READY" {
        json!({"decision": "APPROVED", "reason": "Criteria met on review."})
    } else {
        json!({"decision": "DENIED", "reason": "Criteria not met on review.", "reason_code": "MEDICAL_NECESSITY"})
    };
    let path = format!("/api/v1/preauth/cases/{case_id}/decision");
    session.call(Call { expected: &[409], ..Call::post(DECIDE, &path, &body) }).await;
}

async fn patient(session: &mut Session, patient_id: &str) {
    let mut conversation: Option<String> = None;
    let mut turns = 0;
    while session.running() {
        let chat = if session.run.chat { 45 } else { 0 };
        match session.dice.weighted(&[15, chat, 15, 10, 15]) {
            0 => upload(session, patient_id).await,
            1 => {
                let (_, question) = QUESTIONS[session.dice.below(QUESTIONS.len())];
                let mut body = json!({"message": question});
                if let Some(id) = &conversation {
                    body["conversation_id"] = json!(id);
                }
                let answer = session.call(Call::post(PATIENT_CHAT, &format!("/api/v1/patients/{patient_id}/chat"), &body)).await;
                turns += 1;
                conversation = answer.and_then(|a| a.body["data"]["conversation_id"].as_str().map(str::to_string)).filter(|_| turns % THREAD != 0);
            }
            2 => {
                session.call(Call::get(HEALTH_SCORE, &format!("/api/v1/patients/{patient_id}/health-score"))).await;
            }
            3 => {
                session.call(Call::get(RISK, &format!("/api/v1/patients/{patient_id}/risk-assessment"))).await;
            }
            _ => {
                session.call(Call::get(DOCUMENTS, &format!("/api/v1/patients/{patient_id}/documents?limit=20"))).await;
            }
        }
        if !session.think().await {
            break;
        }
    }
}

/// One of the record's documents as this patient's, with the patient line naming this patient.
pub fn patient_document(documents: &[RecordDocument], patient_id: &str, n: usize) -> (String, &'static str, &'static str, String) {
    let document = &documents[n % documents.len()];
    let text = document.text.replace("PAT-101", patient_id);
    (document.file_name.clone(), document.document_type, document.document_date, text)
}

/// Uploads a document, then polls its job as the dashboard does until it ends.
async fn upload(session: &mut Session, patient_id: &str) {
    let documents = session.run.documents.clone();
    let n = session.dice.below(documents.len());
    let (file_name, document_type, document_date, text) = patient_document(&documents, patient_id, n);
    let (content_type, body) = Form::new()
        .field("patient_id", patient_id)
        .field("document_type", document_type)
        .field("document_date", document_date)
        .file("file", &file_name, "text/plain", text.as_bytes())
        .finish();
    let posted = Instant::now();
    let call = Call { route: UPLOAD, method: Method::POST, path: "/api/v1/documents/upload", content_type: Some(&content_type), body, headers: &[], expected: &[], signed: true };
    let Some(reply) = session.call(call).await else { return };
    let Some(job_id) = reply.body["data"]["job_id"].as_str().map(str::to_string) else { return };
    let path = format!("/api/v1/jobs/{job_id}");
    loop {
        tokio::time::sleep(JOB_POLL).await;
        let status = session.call(Call::get(GET_JOB, &path)).await.and_then(|j| j.body["data"]["status"].as_str().map(str::to_string));
        if let Some(status) = status.filter(|s| JOB_ENDED.contains(&s.as_str())) {
            session.run.tally.done(Work::DocumentPipeline, Some(posted.elapsed()), (status != "INDEXED").then_some(status));
            return;
        }
        if posted.elapsed() > session.run.late {
            session.run.tally.done(Work::DocumentPipeline, None, None);
            return;
        }
    }
}

async fn doctor(session: &mut Session, doctor_id: &str, patients: &[String]) {
    if patients.is_empty() {
        return;
    }
    while session.running() {
        let patient_id = patients[session.dice.below(patients.len())].clone();
        let chat = if session.run.chat { 50 } else { 0 };
        match session.dice.weighted(&[chat, 25, 25]) {
            0 => {
                let body = json!({"patient_id": patient_id, "message": DOCTOR_QUESTIONS[session.dice.below(DOCTOR_QUESTIONS.len())]});
                session.call(Call::post(DOCTOR_CHAT, &format!("/api/v1/doctors/{doctor_id}/chat"), &body)).await;
            }
            1 => {
                session.call(Call::get(RISK, &format!("/api/v1/patients/{patient_id}/risk-assessment"))).await;
            }
            _ => {
                session.call(Call::get(DOCUMENTS, &format!("/api/v1/patients/{patient_id}/documents?limit=20"))).await;
            }
        }
        if !session.think().await {
            break;
        }
    }
}

async fn report_maker(session: &mut Session, patients: &[String]) {
    let Some(connection_id) = session.run.connection.clone() else { return };
    let mut made: Vec<String> = Vec::new();
    while session.running() {
        if made.is_empty() || session.dice.weighted(&[70, 30]) == 0 {
            let (_, request) = crate::reports::REQUESTS[session.dice.below(crate::reports::REQUESTS.len())];
            let patient = &patients[session.dice.below(patients.len())];
            let format = ["pdf", "csv"][session.dice.below(2)];
            let body = json!({"connection_id": connection_id, "query": request.replace("{id}", patient), "format": format});
            let posted = Instant::now();
            if let Some(reply) = session.call(Call::post(MAKE_REPORT, "/api/v1/reports", &body)).await {
                if let Some(report_id) = reply.body["data"]["report_id"].as_str() {
                    made.push(report_id.to_string());
                }
                let link = reply.body["data"]["download_url"].as_str().unwrap_or_default().to_string();
                let downloaded = match link.strip_prefix(session.run.base.as_str()) {
                    Some(path) => session.call(Call { signed: false, ..Call::get(REPORT_FILE, path) }).await.is_some(),
                    None => false,
                };
                let failed = (!downloaded).then(|| "link not downloadable".to_string());
                session.run.tally.done(Work::ReportReady, downloaded.then(|| posted.elapsed()), failed);
            }
        } else {
            let path = format!("/api/v1/reports/{}", made[session.dice.below(made.len())]);
            session.call(Call::get(GET_REPORT, &path)).await;
        }
        if !session.think().await {
            break;
        }
    }
}
