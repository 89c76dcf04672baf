//! The document pipeline over real files: every PDF of the fetched corpora (pypdf's and
//! OCRmyPDF's test resources, `scripts/fetch-fixtures.sh`) and a set of generated scans of a lab
//! report (clean, rotated 2°, blurred, noisy, JPEG, and a two-page image-only PDF), each stored
//! under the patient key layout with its record and job, and driven through the pipeline's tasks
//! as `statemachines/document-pipeline.asl.json` runs them ([`Pipeline::execute`]). Every file
//! must end `INDEXED`, `NEEDS_REVIEW` or `FAILED` — the last two with a reason that quotes nothing
//! of the file — and never stay `INGESTED` or `ANALYZING`; every generated scan must be indexed
//! with its words read.
//!
//! The offline adapters throughout: tesseract (`scripts/tools.sh ocr`) read synchronously for
//! pictures and through [`LocalOcrJobs`]' start/poll loop for PDFs; no vision model; the hashing
//! embedder. Without the OCR tools or the corpus this test skips, saying so; with `CI=true` it
//! fails instead.
//!
//! **Bounded time.** About 70 of the corpora's PDFs have no usable text layer and go to OCR,
//! some with pages of a poster's size. With 30 s a page and 45 s a document the run took about
//! 6 minutes on two busy cores (OCRmyPDF's four-page `cardinal.pdf` alone 43 s), so OCR is capped
//! through the engine's own limits ([`ocr_limits`]): a page may take [`PAGE_TIME`], a document
//! [`DOCUMENT_TIME`]. A scan that needs longer is `NEEDS_REVIEW` with the engine's "could not be
//! read within …" reason, as on a deployment — no file is skipped (here `cardinal.pdf` and
//! `poster.pdf`). `OcrLimits` has no "first pages only" bound (a PDF with more than `max_pages`
//! is refused whole), so the time limits are the cap. The generated scans take under 10 s each.
//!
//! The state machine waits 10 s between polls; here the wait is [`poll_interval`], short but
//! long enough that [`MAX_OCR_POLLS`] polls outlast the engine's document deadline as they do on
//! AWS (900 s of polls against 600 s), so the poll limit never fails a document the engine would
//! still read.
//!
//! `cargo test -p mediclear-handlers --test events corpus -- --nocapture` prints a line per
//! status with its count, a line per `FAILED` or `NEEDS_REVIEW` file with its reason, the slowest
//! files, the wall time and the test process's peak resident memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mediclear_domain::health::document::{DocumentStatus, ExtractionMethod, PatientDocument};
use mediclear_domain::ids::PatientId;
use mediclear_handlers::engines::HashingEmbedder;
use mediclear_handlers::function::{EventHandler, FunctionError, invoke_json};
use mediclear_handlers::tasks::pipeline::{EnrichDocument, ExtractText, IndexDocument, MAX_OCR_POLLS, PollOcr, RecordDocumentFailure, Tracker};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::documents::LocalDocumentStore;
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_local_adapters::ocr::{LocalOcrJobs, OcrLimits, Preprocessing, TesseractOcr};
use mediclear_ports::jobs::JobStatus;
use mediclear_testkit::conformance::ocr::scans::{self, CLINICAL_LETTER, LAB_REPORT, Variant};
use serde_json::{Value, json};

use crate::store;

/// One page's OCR, all steps (the engine's default is 60 s; a 300-dpi page takes 2–6 s here).
const PAGE_TIME: Duration = Duration::from_secs(15);
/// One document's OCR (the engine's default is 10 minutes).
const DOCUMENT_TIME: Duration = Duration::from_secs(20);
/// The state machine's `Retry` on `DependencyUnavailable` and Lambda's own errors: three more
/// attempts, the interval doubling (2 s on AWS, shortened here).
const RETRIES: u32 = 3;
const RETRY_INTERVAL: Duration = Duration::from_millis(100);

fn ocr_limits() -> OcrLimits {
    OcrLimits { page_time: PAGE_TIME, document_time: DOCUMENT_TIME, ..OcrLimits::default() }
}

/// The wait between polls: 100 ms, or longer where [`MAX_OCR_POLLS`] polls would not outlast
/// the engine's document deadline by half again (as 90 × 10 s outlast 600 s on AWS).
fn poll_interval() -> Duration {
    (DOCUMENT_TIME * 3 / 2 / MAX_OCR_POLLS).max(Duration::from_millis(100))
}

/// A file put in front of the pipeline.
struct Upload {
    /// `pypdf/crazyones.pdf`, `scan/lab report, rotated 2°.png`.
    name: String,
    file_name: String,
    bytes: Vec<u8>,
    /// For the generated scans: words the OCR text must hold.
    expected_words: &'static [&'static str],
}

/// How an execution ended, by the state it ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// `Indexed` (Succeed).
    Indexed,
    /// `AwaitingReview` (Succeed).
    AwaitingReview,
    /// `Failed` (Fail), from a Choice's default or after `RecordFailure`.
    Failed,
}

/// One execution: the states it went through and how it ended.
#[derive(Debug)]
struct Execution {
    /// `ExtractText:ocr_started`, `PollOcr:in_progress ×12`, `RecordFailure` …
    path: Vec<String>,
    end: End,
    /// The error `RecordFailure` was given.
    caught: Option<FunctionError>,
}

/// The pipeline's tasks on one set of offline adapters.
#[derive(Clone)]
struct Pipeline {
    extract: ExtractText,
    poll: PollOcr,
    enrich: EnrichDocument,
    index: IndexDocument,
    fail: RecordDocumentFailure,
}

impl Pipeline {
    async fn offline(store: &LocalStore) -> Pipeline {
        let tracker = Tracker { documents: Arc::new(LocalDocumentStore::new(store.clone())), jobs: Arc::new(LocalJobStore::new(store.clone())) };
        let blobs = Arc::new(LocalBlobStore::new(store.clone()));
        let engine = TesseractOcr::detect(ocr_limits(), Preprocessing::default()).await;
        assert!(engine.engine().is_some(), "the OCR tools are installed, so tesseract is found");
        let ocr_jobs = Arc::new(LocalOcrJobs::new(engine.clone(), blobs.clone()));
        Pipeline {
            extract: ExtractText {
                tracker: tracker.clone(),
                blobs: blobs.clone(),
                extractor: Arc::new(mediclear_documents::InProcessExtractor::new()),
                ocr: Arc::new(engine),
                ocr_jobs: Some(ocr_jobs.clone()),
                ocr_installed: true,
            },
            poll: PollOcr { tracker: tracker.clone(), blobs: blobs.clone(), ocr_jobs },
            enrich: EnrichDocument { tracker: tracker.clone(), blobs: blobs.clone(), vision: None },
            index: IndexDocument {
                tracker: tracker.clone(),
                blobs,
                embedder: Arc::new(HashingEmbedder),
                index: Arc::new(LocalChunkIndex::new(store.clone())),
                insights: crate::insights(store),
            },
            fail: RecordDocumentFailure { tracker },
        }
    }

    /// One execution from `{"document_id": …}`: the states of the ASL file, its Choices'
    /// branches and defaults, its `Retry` (shortened) and its `Catch` of everything into
    /// `RecordFailure` with the error Lambda reports.
    async fn execute(&self, document_id: &str) -> Execution {
        let mut path = Vec::new();
        let outcome = self.states(document_id, &mut path).await;
        match outcome {
            Ok(end) => Execution { path, end, caught: None },
            Err(error) => {
                // `Catch` → `RecordFailure`: `$.error.Error` and `$.error.Cause`, the Cause being
                // the JSON document Lambda reports for a function error.
                let cause = json!({"errorType": error.error_type, "errorMessage": error.message}).to_string();
                let input = json!({"document_id": document_id, "error": error.error_type, "cause": cause});
                match task(&self.fail, "RecordFailure", input, &mut path).await {
                    Ok(_) => {}
                    // The execution fails with the task's error: nothing else records it.
                    Err(e) => path.push(format!("RecordFailure failed: {}", e.error_type)),
                }
                Execution { path, end: End::Failed, caught: Some(error) }
            }
        }
    }

    async fn states(&self, document_id: &str, path: &mut Vec<String>) -> Result<End, FunctionError> {
        let mut state = task(&self.extract, "ExtractText", json!({"document_id": document_id}), path).await?;
        // AfterExtract.
        match outcome(&state) {
            "extracted" => {}
            "needs_review" => return Ok(End::AwaitingReview),
            "ocr_started" => loop {
                // WaitForOcr → PollOcr → AfterPoll.
                tokio::time::sleep(poll_interval()).await;
                let input = json!({"document_id": state["document_id"], "ocr_job": state["ocr_job"], "polls": state["polls"]});
                state = task(&self.poll, "PollOcr", input, path).await?;
                match outcome(&state) {
                    "in_progress" => continue,
                    "extracted" => break,
                    "needs_review" => return Ok(End::AwaitingReview),
                    _ => return Ok(End::Failed),
                }
            },
            _ => return Ok(End::Failed),
        }
        let state = task(&self.enrich, "EnrichDocument", json!({"document_id": state["document_id"]}), path).await?;
        if outcome(&state) != "enriched" {
            return Ok(End::Failed);
        }
        let state = task(&self.index, "IndexDocument", json!({"document_id": state["document_id"]}), path).await?;
        Ok(if outcome(&state) == "indexed" { End::Indexed } else { End::Failed })
    }
}

/// How an execution that panicked or hung is marked in its path.
const PANICKED: &str = "did not finish";

fn name_of(status: DocumentStatus) -> &'static str {
    match status {
        DocumentStatus::AwaitingUpload => "AWAITING_UPLOAD",
        DocumentStatus::Ingested => "INGESTED",
        DocumentStatus::Analyzing => "ANALYZING",
        DocumentStatus::Indexed => "INDEXED",
        DocumentStatus::NeedsReview => "NEEDS_REVIEW",
        DocumentStatus::Failed => "FAILED",
    }
}

fn outcome(state: &Value) -> &str {
    state["outcome"].as_str().unwrap_or("")
}

/// A `Task` state: the handler with the JSON payload, retried as the ASL's `Retry` says.
async fn task<H: EventHandler>(handler: &H, name: &str, input: Value, path: &mut Vec<String>) -> Result<Value, FunctionError> {
    let mut attempt = 0;
    loop {
        let result = invoke_json(handler, input.clone()).await;
        let step = match &result {
            // RecordFailure answers with the status it left, the other tasks with an outcome.
            Ok(output) => format!("{name}:{}", output["outcome"].as_str().or(output["status"].as_str()).unwrap_or("")),
            Err(e) => format!("{name}!{}", e.error_type),
        };
        // Polls that find the job running are one line.
        match path.last_mut() {
            Some(last) if last.split(" ×").next() == Some(step.as_str()) => {
                let count = last.split(" ×").nth(1).and_then(|n| n.parse::<u32>().ok()).unwrap_or(1);
                *last = format!("{step} ×{}", count + 1);
            }
            _ => path.push(step),
        }
        match result {
            Err(e) if attempt < RETRIES && retried(&e.error_type) => {
                tokio::time::sleep(RETRY_INTERVAL * 2u32.pow(attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// The errors every task's `Retry` names.
fn retried(error_type: &str) -> bool {
    matches!(error_type, "Lambda.ServiceException" | "Lambda.AWSLambdaException" | "Lambda.SdkClientException" | "Lambda.TooManyRequestsException" | "DependencyUnavailable")
}

/// What the pipeline left: the document's record and its job, and how long it took.
struct Settled {
    name: String,
    document: PatientDocument,
    job_status: JobStatus,
    job_reason: Option<String>,
    execution: Execution,
    elapsed: Duration,
    /// The stored text, when tier 1 produced one.
    text: Option<String>,
}

/// Stores `upload` as an upload does (record and job `INGESTED`, then the file under the
/// patient's key) and runs one execution for it.
async fn process(pipeline: &Pipeline, patient: &PatientId, minutes: i64, upload: &Upload) -> Settled {
    let tracker = &pipeline.extract.tracker;
    let blobs = &pipeline.extract.blobs;
    let file_name = mediclear_handlers::documents::file_name(&upload.file_name).expect("a plain file name");
    let mut document = mediclear_testkit::conformance::documents::document(patient, minutes);
    document.key = PatientDocument::key_for(patient, &document.document_id, &file_name);
    document.file_name = file_name;
    document.content_type = mediclear_documents::sniff(&upload.bytes).map(str::to_string);
    document.content_hash = Some(mediclear_handlers::api::documents::upload::content_hash(&upload.bytes));
    document.size = upload.bytes.len() as u64;
    let mut job = mediclear_testkit::conformance::fixtures::job();
    job.job_id = document.job_id.clone();
    job.kind = mediclear_handlers::api::documents::upload::JOB_KIND.into();
    job.resource_id = document.document_id.to_string();
    job.patient_id = Some(patient.clone());
    tracker.jobs.put(&job).await.unwrap();
    tracker.documents.create(&document).await.unwrap();
    let content_type = document.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    blobs.put(&document.key, upload.bytes.clone(), &content_type).await.unwrap();

    let started = Instant::now();
    // Its own task, so a panic is this file's finding and the others still run; and a deadline
    // well past the engine's, so a hang is one too.
    let (runner, id) = (pipeline.clone(), document.document_id.to_string());
    let run = tokio::spawn(async move { runner.execute(&id).await });
    let deadline = DOCUMENT_TIME * 3 + Duration::from_secs(60);
    let abort = run.abort_handle();
    let execution = match tokio::time::timeout(deadline, run).await {
        Ok(Ok(execution)) => execution,
        Ok(Err(join)) => Execution { path: vec![format!("{PANICKED}: {join}")], end: End::Failed, caught: None },
        Err(_) => {
            abort.abort();
            Execution { path: vec![format!("{PANICKED}: still running after {deadline:?}")], end: End::Failed, caught: None }
        }
    };
    let elapsed = started.elapsed();
    let document = tracker.documents.get(&document.document_id).await.unwrap().expect("the document is kept");
    let job = tracker.jobs.get(&document.job_id).await.unwrap().expect("the job is kept");
    let text = blobs.get(&document.text_key()).await.unwrap().map(|b| String::from_utf8_lossy(&b.bytes).into_owned());
    Settled { name: upload.name.clone(), document, job_status: job.status, job_reason: job.reason, execution, elapsed, text }
}

/// Every PDF under `.fixtures/pdf`, sorted; `None` (after saying so) when it was never fetched,
/// and a failure under `CI=true`.
fn corpus_pdfs() -> Option<Vec<(String, PathBuf)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.fixtures/pdf");
    if !(dir.join("pypdf").is_dir() && dir.join("ocrmypdf").is_dir()) {
        let message = format!("PDF fixtures are missing at {}: run scripts/fetch-fixtures.sh", dir.display());
        assert!(!mediclear_testkit::in_ci(), "CI=true but {message}");
        eprintln!("skipping the corpora: {message}");
        return None;
    }
    let mut found = Vec::new();
    let mut pending = vec![dir.clone()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("readable fixtures directory") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("pdf")) {
                found.push((path.strip_prefix(&dir).unwrap().to_string_lossy().into_owned(), path));
            }
        }
    }
    found.sort();
    Some(found)
}

/// Words of the lab report that every variant must yield: the letterhead, table rows in the
/// monospaced font, and the serif comment.
const LAB_WORDS: &[&str] = &["RIVERSIDE", "LABORATORY", "cholesterol", "Triglycerides", "Creatinine", "Haemoglobin", "Platelets", "supplementation"];
/// Both pages of the two-page PDF: the lab report's and the clinical letter's.
const TWO_PAGE_WORDS: &[&str] = &["RIVERSIDE", "cholesterol", "Haemoglobin", "Northgate", "fibroadenoma", "histology"];

fn generated_scans() -> Vec<Upload> {
    let picture = |label: &str, variant: Variant| {
        let extension = if matches!(variant, Variant::Jpeg(_)) { "jpg" } else { "png" };
        Upload {
            name: format!("scan/lab report, {label}.{extension}"),
            file_name: format!("lab report ({}).{extension}", variant.label().replace('°', " degrees")),
            bytes: scans::render(&LAB_REPORT, variant),
            expected_words: LAB_WORDS,
        }
    };
    let mut uploads = vec![
        picture("clean", Variant::Clean),
        picture("rotated 2°", Variant::Rotated(2.0)),
        picture("blurred", Variant::Blurred),
        picture("noisy", Variant::Noisy),
        picture("JPEG", Variant::Jpeg(75)),
    ];
    let pages = [scans::render(&LAB_REPORT, Variant::Jpeg(85)), scans::render(&CLINICAL_LETTER, Variant::Jpeg(85))];
    uploads.push(Upload {
        name: "scan/lab report and letter, image-only PDF (2 pages).pdf".into(),
        file_name: "scanned letters.pdf".into(),
        bytes: scans::image_only_pdf(&pages, 300),
        expected_words: TWO_PAGE_WORDS,
    });
    uploads
}

/// The first 24-character run of `reason` (whitespace collapsed) found in `content`, if any: a
/// reason built from the file's own words would show one.
fn quoted_run(reason: &str, content: &str) -> Option<String> {
    const RUN: usize = 24;
    let reason: Vec<char> = reason.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let content = content.split_whitespace().collect::<Vec<_>>().join(" ");
    reason.windows(RUN).map(|w| w.iter().collect::<String>()).find(|run| content.contains(run.as_str()))
}

/// What a reason must not quote: the file's bytes (metadata, uncompressed content), its text
/// layer as the PDF reader gives it, and the text tier 1 stored.
fn content_of(upload: &Upload, settled: &Settled) -> String {
    let mut content = String::from_utf8_lossy(&upload.bytes).into_owned();
    if let Ok(pdf) = mediclear_documents::read_pdf(&upload.bytes, &mediclear_documents::Limits::DEFAULT) {
        content.push('\n');
        content.push_str(&pdf.text);
    }
    if let Some(text) = &settled.text {
        content.push('\n');
        content.push_str(text);
    }
    content
}

/// The test process's peak resident memory (`VmHWM`), in MiB; children (tesseract, poppler,
/// ImageMagick) are not counted.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024)
}

#[tokio::test]
async fn every_corpus_pdf_and_generated_scan_ends_indexed_waiting_for_review_or_failed_with_a_reason() {
    if !scans::ocr_tools_or_skip("the document pipeline over the PDF corpora and generated scans") {
        return;
    }
    let started = Instant::now();
    let mut uploads = generated_scans();
    let generated = uploads.len();
    if let Some(pdfs) = corpus_pdfs() {
        assert!(pdfs.len() > 100, "both corpora should be there: {} PDFs", pdfs.len());
        for (name, path) in pdfs {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            uploads.push(Upload { name, file_name, bytes: std::fs::read(&path).unwrap(), expected_words: &[] });
        }
    }

    let (_dir, store) = store();
    let pipeline = Pipeline::offline(&store).await;
    let patient = PatientId::parse("PAT-201").unwrap();
    let mut settled = Vec::with_capacity(uploads.len());
    for (i, upload) in uploads.iter().enumerate() {
        settled.push(process(&pipeline, &patient, i as i64, upload).await);
    }

    let mut problems = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for (upload, s) in uploads.iter().zip(&settled) {
        let status = s.document.status;
        if let Some(stopped) = s.execution.path.iter().find(|p| p.starts_with(PANICKED)) {
            problems.push(format!("{}: {stopped}", s.name));
        }
        *counts.entry(name_of(status)).or_default() += 1;
        let expected_job = match status {
            DocumentStatus::Indexed => Some(JobStatus::Indexed),
            DocumentStatus::NeedsReview => Some(JobStatus::NeedsReview),
            DocumentStatus::Failed => Some(JobStatus::Failed),
            _ => None,
        };
        let Some(expected_job) = expected_job else {
            problems.push(format!("{}: left {} after {:?}", s.name, name_of(status), s.execution.path));
            continue;
        };
        let expected_end = match status {
            DocumentStatus::Indexed => End::Indexed,
            DocumentStatus::NeedsReview => End::AwaitingReview,
            _ => End::Failed,
        };
        if s.execution.end != expected_end {
            problems.push(format!("{}: {} but the execution ended {:?} ({:?})", s.name, name_of(status), s.execution.end, s.execution.path));
        }
        if (s.job_status, &s.job_reason) != (expected_job, &s.document.reason) {
            problems.push(format!("{}: document {} ({:?}) but job {:?} ({:?})", s.name, name_of(status), s.document.reason, s.job_status, s.job_reason));
        }
        if status == DocumentStatus::Indexed {
            if s.document.reason.is_some() || s.document.chunk_count == 0 {
                problems.push(format!("{}: indexed with reason {:?} and {} chunks", s.name, s.document.reason, s.document.chunk_count));
            }
        } else {
            let reason = s.document.reason.clone().unwrap_or_default();
            *reasons.entry(reason.clone()).or_default() += 1;
            let caught = s.execution.caught.as_ref().map(|e| format!(" (caught {})", e.error_type)).unwrap_or_default();
            eprintln!("{:<12} {}: {reason}  [{}]{caught}", name_of(status), s.name, s.execution.path.join(" → "));
            if reason.trim().is_empty() {
                problems.push(format!("{}: {} without a reason", s.name, name_of(status)));
            } else if let Some(run) = quoted_run(&reason, &content_of(upload, s)) {
                problems.push(format!("{}: the reason quotes the file ({run:?}): {reason}", s.name));
            }
        }
        if !upload.expected_words.is_empty() {
            let text = s.text.clone().unwrap_or_default();
            let missing: Vec<&str> = upload.expected_words.iter().copied().filter(|w| !text.contains(w)).collect();
            let by_ocr = s.document.extraction.as_ref().is_some_and(|e| e.method == ExtractionMethod::Ocr);
            if status != DocumentStatus::Indexed || !by_ocr || !missing.is_empty() {
                problems.push(format!("{}: {} (by OCR: {by_ocr}), words not read: {missing:?}", s.name, name_of(status)));
            }
        }
    }
    // The two-page PDF went through the start/poll loop and kept both pages.
    let two_pages = &settled[generated - 1];
    if !two_pages.execution.path.iter().any(|p| p.starts_with("PollOcr:extracted")) || two_pages.document.extraction.as_ref().map(|e| e.pages) != Some(2) {
        problems.push(format!("{}: not read as two pages through PollOcr: {:?}", two_pages.name, two_pages.execution.path));
    }

    let mut slowest: Vec<&Settled> = settled.iter().collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.elapsed));
    for s in slowest.iter().take(10) {
        eprintln!("slow         {}: {:.1} s, {}", s.name, s.elapsed.as_secs_f64(), name_of(s.document.status));
    }
    for (reason, count) in &reasons {
        eprintln!("reason ×{count:<3} {reason}");
    }
    for (status, count) in &counts {
        eprintln!("{status:<12} {count}");
    }
    let by_ocr = settled.iter().filter(|s| s.execution.path.iter().any(|p| p.starts_with("ExtractText:ocr_started")) || s.document.extraction.as_ref().is_some_and(|e| e.method == ExtractionMethod::Ocr)).count();
    eprintln!(
        "{} files ({generated} generated, {by_ocr} through OCR) in {:.1} s; OCR limits {PAGE_TIME:?} a page, {DOCUMENT_TIME:?} a document; polls every {:?}; peak RSS of the test process {} MiB",
        settled.len(),
        started.elapsed().as_secs_f64(),
        poll_interval(),
        peak_rss_mib().map_or("?".into(), |m| m.to_string()),
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
