//! The document pipeline's events: `s3-document-uploaded.json` to the starter, the tasks'
//! `sfn-document-step.json` and `sfn-document-failure.json`, on the offline adapters (no OCR
//! engine, no vision model).

use std::sync::Arc;

use mediclear_domain::health::document::{DocumentStatus, PatientDocument};
use mediclear_domain::ids::{DocumentId, PatientId};
use mediclear_handlers::engines::HashingEmbedder;
use mediclear_handlers::function::invoke_json;
use mediclear_handlers::tasks::pipeline::{EnrichDocument, ExtractText, IndexDocument, RecordDocumentFailure, StartPipeline, Tracker};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::documents::LocalDocumentStore;
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_local_adapters::ocr::TesseractOcr;
use mediclear_local_adapters::workflow::LocalWorkflow;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::jobs::JobStatus;
use mediclear_ports::knowledge::ChunkIndexReader;
use serde_json::json;

use crate::{fixture, store};

const FIXTURE_DOCUMENT: &str = "HD-FIXTURE00000000000001";

struct Setup {
    _dir: tempfile::TempDir,
    store: LocalStore,
    tracker: Tracker,
    blobs: Arc<LocalBlobStore>,
}

fn setup() -> Setup {
    let (dir, store) = store();
    let tracker = Tracker { documents: Arc::new(LocalDocumentStore::new(store.clone())), jobs: Arc::new(LocalJobStore::new(store.clone())) };
    Setup { _dir: dir, blobs: Arc::new(LocalBlobStore::new(store.clone())), tracker, store }
}

/// The fixtures' document (`PAT-101`, `lab report.pdf`), stored with `bytes` and its job.
async fn stored(s: &Setup, bytes: &[u8]) -> PatientDocument {
    let patient = PatientId::parse("PAT-101").unwrap();
    let mut document = mediclear_testkit::conformance::documents::document(&patient, 1);
    document.document_id = DocumentId::parse(FIXTURE_DOCUMENT).unwrap();
    document.key = PatientDocument::key_for(&patient, &document.document_id, "lab report.pdf");
    let mut job = mediclear_testkit::conformance::fixtures::job();
    job.job_id = document.job_id.clone();
    job.status = JobStatus::Ingested;
    s.tracker.jobs.put(&job).await.unwrap();
    s.tracker.documents.create(&document).await.unwrap();
    s.blobs.put(&document.key, bytes.to_vec(), "application/pdf").await.unwrap();
    document
}

fn extract(s: &Setup) -> ExtractText {
    ExtractText {
        tracker: s.tracker.clone(),
        blobs: s.blobs.clone(),
        extractor: Arc::new(mediclear_documents::InProcessExtractor::new()),
        ocr: Arc::new(TesseractOcr::without_tools("not installed in this test")),
        ocr_jobs: None,
        ocr_installed: false,
    }
}

use mediclear_testkit::pdf::text_pdf as pdf;

#[tokio::test]
async fn the_upload_event_starts_one_execution_per_document_and_content() {
    let s = setup();
    stored(&s, &pdf(&["Total cholesterol 5.6 mmol/L"])).await;
    let wake = Arc::new(tokio::sync::Notify::new());
    let workflow = Arc::new(LocalWorkflow::new(s.store.clone(), "DocumentPipelineStateMachine", wake));
    let starter = StartPipeline { tracker: s.tracker.clone(), blobs: s.blobs.clone(), workflow: workflow.clone() };
    let first = invoke_json(&starter, fixture("s3-document-uploaded.json")).await.unwrap();
    assert_eq!(first, json!({"started": 1, "already_started": 0, "skipped": 0}));
    // Step Functions answers a start with the same name and input with the running execution.
    invoke_json(&starter, fixture("s3-document-uploaded.json")).await.unwrap();
    let running = s.store.running_executions("DocumentPipelineStateMachine").await.unwrap();
    assert_eq!(running.len(), 1, "a redelivered event starts nothing new");
    assert_eq!(running[0].name, format!("{FIXTURE_DOCUMENT}-9a0364b9e99bb480"));
    assert_eq!(running[0].input, json!({"document_id": FIXTURE_DOCUMENT}));

    // A key that is no document of MediClear's starts nothing.
    let mut other = fixture("s3-document-uploaded.json");
    other["Records"][0]["s3"]["object"]["key"] = json!("patients/PAT-101/HD-UNKNOWN/x.pdf");
    assert_eq!(invoke_json(&starter, other).await.unwrap()["skipped"], 1);
}

#[tokio::test]
async fn a_text_layer_pdf_is_extracted_enriched_and_indexed() {
    let s = setup();
    let document = stored(&s, &pdf(&["Lab report 2025-03-10", "Total cholesterol 5.6 mmol/L  H", "HbA1c 41 mmol/mol", "TSH 2.1 mU/L"])).await;
    let step = fixture("sfn-document-step.json");
    let extracted = invoke_json(&extract(&s), step.clone()).await.unwrap();
    assert_eq!(extracted["outcome"], "extracted", "{extracted}");
    let enriched = invoke_json(&EnrichDocument { tracker: s.tracker.clone(), blobs: s.blobs.clone(), vision: None }, step.clone()).await.unwrap();
    assert_eq!(enriched["outcome"], "enriched");
    let index = Arc::new(LocalChunkIndex::new(s.store.clone()));
    let indexer = IndexDocument { tracker: s.tracker.clone(), blobs: s.blobs.clone(), embedder: Arc::new(HashingEmbedder), index: index.clone(), insights: crate::insights(&s.store) };
    let indexed = invoke_json(&indexer, step).await.unwrap();
    assert_eq!(indexed["outcome"], "indexed");

    let stored = s.tracker.documents.get(&document.document_id).await.unwrap().unwrap();
    assert_eq!(stored.status, DocumentStatus::Indexed);
    assert_eq!(stored.indexed_hash, stored.content_hash);
    let enrichment = stored.enrichment.unwrap();
    let groups: Vec<&str> = enrichment.tags.tests.iter().map(|t| t.group).collect();
    assert!(groups.contains(&"lipids") && groups.contains(&"thyroid"), "{groups:?}");
    let job = s.tracker.jobs.get(&document.job_id).await.unwrap().unwrap();
    assert_eq!((job.status, job.tier.as_deref()), (JobStatus::Indexed, Some("index")));
    let chunks = index.patient_chunks(&document.patient_id).await.unwrap();
    assert!(!chunks.is_empty() && chunks.iter().all(|(d, _)| d.document_type.as_deref() == Some("lab_report")));
}

#[tokio::test]
async fn without_text_or_ocr_a_document_waits_for_review_and_a_failure_is_recorded_with_its_reason() {
    let s = setup();
    let document = stored(&s, &mediclear_testkit::conformance::ocr::scans::pdf_with_pages(1)).await;
    let step = fixture("sfn-document-step.json");
    let result = invoke_json(&extract(&s), step).await.unwrap();
    assert_eq!(result["outcome"], "needs_review");
    let waiting = s.tracker.documents.get(&document.document_id).await.unwrap().unwrap();
    assert_eq!(waiting.status, DocumentStatus::NeedsReview);
    assert!(waiting.reason.unwrap().contains("OCR is not available"));
    assert_eq!(s.tracker.jobs.get(&document.job_id).await.unwrap().unwrap().status, JobStatus::NeedsReview);

    // The failure task leaves a settled document alone, and fails one still being processed.
    let failer = RecordDocumentFailure { tracker: s.tracker.clone() };
    invoke_json(&failer, fixture("sfn-document-failure.json")).await.unwrap();
    assert_eq!(s.tracker.documents.get(&document.document_id).await.unwrap().unwrap().status, DocumentStatus::NeedsReview);
    let mut analysing = s.tracker.documents.get(&document.document_id).await.unwrap().unwrap();
    s.tracker.save(&mut analysing, DocumentStatus::Analyzing, None).await.unwrap();
    let failed = invoke_json(&failer, fixture("sfn-document-failure.json")).await.unwrap();
    assert_eq!(failed["status"], "FAILED");
    let job = s.tracker.jobs.get(&document.job_id).await.unwrap().unwrap();
    assert_eq!((job.status, job.reason.as_deref()), (JobStatus::Failed, Some("the PDF is damaged or incomplete; please re-upload it")));
}

#[tokio::test]
async fn a_file_that_is_no_document_fails_with_words_a_patient_understands() {
    let s = setup();
    let document = stored(&s, b"GIF89a\x01\x00\x01\x00").await;
    let result = invoke_json(&extract(&s), fixture("sfn-document-step.json")).await.unwrap();
    assert_eq!(result["outcome"], "failed");
    let failed = s.tracker.documents.get(&document.document_id).await.unwrap().unwrap();
    assert_eq!(failed.status, DocumentStatus::Failed);
    assert!(failed.reason.unwrap().contains("please upload one of those"));
}

#[tokio::test]
async fn the_refresh_message_runs_its_refresh_once() {
    use mediclear_domain::health::refresh::{Refresh, RefreshStatus, RefreshTrigger};
    use mediclear_handlers::tasks::refresh::RunRefresh;
    use mediclear_local_adapters::refreshes::LocalRefreshStore;
    use mediclear_ports::refreshes::RefreshStore;

    let s = setup();
    let bytes = pdf(&["Total cholesterol 5.6 mmol/L", "HbA1c 41 mmol/mol", "TSH 2.1 mU/L"]);
    // Indexed once, but its chunks are gone.
    let mut document = stored(&s, &bytes).await;
    document.status = DocumentStatus::Indexed;
    document.content_hash = Some(mediclear_handlers::api::documents::upload::content_hash(&bytes));
    document.indexed_hash = document.content_hash.clone();
    s.tracker.documents.update(&document).await.unwrap();
    let refreshes = Arc::new(LocalRefreshStore::new(s.store.clone()));
    let patient = PatientId::parse("PAT-101").unwrap();
    refreshes.create(&Refresh::queued(patient.clone(), 1, RefreshTrigger::NewReport, "doctor".into(), chrono::Utc::now())).await.unwrap();
    let index = Arc::new(LocalChunkIndex::new(s.store.clone()));
    let wake = Arc::new(tokio::sync::Notify::new());
    let worker = RunRefresh {
        refreshes: refreshes.clone(),
        tracker: s.tracker.clone(),
        blobs: s.blobs.clone(),
        index_reader: index.clone(),
        index_writer: index,
        embedding_model: "hashing-v1".into(),
        workflow: Arc::new(LocalWorkflow::new(s.store.clone(), "DocumentPipelineStateMachine", wake)),
        insights: crate::insights(&s.store),
    };
    let response = invoke_json(&worker, fixture("sqs-refresh.json")).await.unwrap();
    assert_eq!(response["batchItemFailures"], json!([]));
    let refresh = refreshes.get(&patient, 1).await.unwrap().unwrap();
    assert_eq!(refresh.status, RefreshStatus::Completed);
    assert_eq!(refresh.documents_changed, 1, "its chunks are missing: it goes through the pipeline again");
    assert_eq!(s.store.running_executions("DocumentPipelineStateMachine").await.unwrap().len(), 1);
    let again = invoke_json(&worker, fixture("sqs-refresh.json")).await.unwrap();
    assert_eq!(again["batchItemFailures"], json!([]));
    assert_eq!(refreshes.get(&patient, 1).await.unwrap().unwrap(), refresh, "a delivered-again message changes nothing");
}
