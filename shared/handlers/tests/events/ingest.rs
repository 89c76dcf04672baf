use std::sync::Arc;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::{JobId, PatientId, ProviderId};
use mediclear_domain::knowledge::SourceKind;
use mediclear_handlers::documents::{DocumentMetadata, Indexing, UploadedFile, store_upload};
use mediclear_handlers::engines::HashingEmbedder;
use mediclear_handlers::events::ingest::IngestDocument;
use mediclear_handlers::function::invoke_json;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::jobs::{JobStatus, JobStore};
use mediclear_ports::knowledge::ChunkIndexReader;

use crate::{fixture, store};

struct Setup {
    _dir: tempfile::TempDir,
    handler: IngestDocument,
    blobs: Arc<LocalBlobStore>,
    jobs: Arc<LocalJobStore>,
    index: Arc<LocalChunkIndex>,
    store: mediclear_local_adapters::LocalStore,
}

fn setup() -> Setup {
    let (dir, store) = store();
    let blobs = Arc::new(LocalBlobStore::new(store.clone()));
    let jobs = Arc::new(LocalJobStore::new(store.clone()));
    let index = Arc::new(LocalChunkIndex::new(store.clone()));
    let indexing = Indexing { blobs: blobs.clone(), jobs: jobs.clone(), extractor: Arc::new(PlainText), embedder: Arc::new(HashingEmbedder), index: index.clone() };
    Setup { _dir: dir, handler: IngestDocument { indexing }, blobs, jobs, index, store }
}

/// Plain text only: the PDF path is `mediclear-documents`' to test.
struct PlainText;

#[async_trait::async_trait]
impl mediclear_ports::knowledge::TextExtractor for PlainText {
    async fn extract(&self, bytes: &[u8], _content_type: &str) -> Result<String, mediclear_ports::PortError> {
        String::from_utf8(bytes.to_vec()).map_err(|_| mediclear_ports::PortError::Rejected("not UTF-8".into()))
    }
}

#[tokio::test]
async fn an_uploaded_record_event_indexes_the_record_once_however_often_it_arrives() {
    let s = setup();
    let metadata = DocumentMetadata {
        kind: SourceKind::Record,
        document_id: "REC-FIXTURE0000000000001".into(),
        title: "knee progress note.txt".into(),
        job_id: JobId::parse("JOB-FIXTURE1").unwrap(),
        patient_id: Some(PatientId::parse("PAT-001").unwrap()),
        provider_id: Some(ProviderId::parse("PRV-001").unwrap()),
        procedure_codes: vec![],
    };
    let file = UploadedFile { file_name: "knee progress note.txt".into(), content_type: "text/plain".into(), bytes: b"Severe right knee osteoarthritis. Failed 12 weeks of physical therapy.".to_vec() };
    store_upload(s.blobs.as_ref(), s.jobs.as_ref(), &metadata, file, "owner", None).await.unwrap();
    let event = fixture("s3-record-uploaded.json");
    for _ in 0..2 {
        let report = invoke_json(&s.handler, event.clone()).await.unwrap();
        assert_eq!(report["indexed"], 1);
    }
    let chunks = s.index.patient_chunks(&PatientId::parse("PAT-001").unwrap()).await.unwrap();
    assert_eq!(chunks.len(), 1, "delivered twice, indexed once");
    assert_eq!(s.jobs.get(&metadata.job_id).await.unwrap().unwrap().status, JobStatus::Indexed);
}

#[tokio::test]
async fn an_uploaded_policy_event_lists_the_policy_under_its_procedure_codes() {
    let s = setup();
    let metadata = DocumentMetadata {
        kind: SourceKind::Policy,
        document_id: "POL-FIXTURE0000000000001".into(),
        title: "Total Knee Arthroplasty".into(),
        job_id: JobId::parse("JOB-FIXTURE2").unwrap(),
        patient_id: None,
        provider_id: None,
        procedure_codes: vec![ProcedureCode::parse("27447").unwrap()],
    };
    let file = UploadedFile { file_name: "total-knee-arthroplasty.txt".into(), content_type: "text/plain".into(), bytes: b"1. Advanced osteoarthritis.\n2. Failed conservative therapy.".to_vec() };
    store_upload(s.blobs.as_ref(), s.jobs.as_ref(), &metadata, file, "owner", None).await.unwrap();
    invoke_json(&s.handler, fixture("s3-policy-uploaded.json")).await.unwrap();
    let policies = s.index.policies_for(&ProcedureCode::parse("27447").unwrap()).await.unwrap();
    assert_eq!(policies.iter().map(|p| p.document_id.as_str()).collect::<Vec<_>>(), ["POL-FIXTURE0000000000001"]);
}

#[tokio::test]
async fn sidecar_events_are_skipped_and_missing_objects_are_not_errors() {
    let s = setup();
    let report = invoke_json(&s.handler, fixture("s3-metadata-sidecar.json")).await.unwrap();
    assert_eq!(report["skipped"], 1);
    // The record's sidecar is absent: a transient state S3 retries (the sidecar is written first).
    let err = invoke_json(&s.handler, fixture("s3-record-uploaded.json")).await.unwrap_err();
    assert_eq!(err.error_type, "DependencyUnavailable");
    s.blobs.put("records/PAT-001/REC-FIXTURE0000000000001/knee progress note.txt.metadata.json", b"not json".to_vec(), "application/json").await.unwrap();
    let report = invoke_json(&s.handler, fixture("s3-record-uploaded.json")).await.unwrap();
    assert_eq!(report["refused"], 1, "a broken sidecar is refused, not retried for ever");
}

#[tokio::test]
async fn a_document_whose_retries_ran_out_ends_failed_with_the_reason_and_a_finished_one_is_left_alone() {
    use mediclear_handlers::documents::DocumentJobs;
    use mediclear_handlers::events::ingest_failed::IngestFailed;

    let s = setup();
    let metadata = DocumentMetadata {
        kind: SourceKind::Record,
        document_id: "REC-FIXTURE0000000000001".into(),
        title: "knee progress note.txt".into(),
        job_id: JobId::parse("JOB-FIXTURE3").unwrap(),
        patient_id: Some(PatientId::parse("PAT-001").unwrap()),
        provider_id: Some(ProviderId::parse("PRV-001").unwrap()),
        procedure_codes: vec![],
    };
    let file = UploadedFile { file_name: "knee progress note.txt".into(), content_type: "text/plain".into(), bytes: b"Right knee pain.".to_vec() };
    store_upload(s.blobs.as_ref(), s.jobs.as_ref(), &metadata, file, "owner", None).await.unwrap();
    let health = mediclear_handlers::tasks::pipeline::Tracker {
        documents: Arc::new(mediclear_local_adapters::documents::LocalDocumentStore::new(s.store.clone())),
        jobs: s.jobs.clone(),
    };
    let failed = IngestFailed { documents: DocumentJobs { blobs: s.blobs.clone(), jobs: s.jobs.clone() }, health };

    let response = invoke_json(&failed, fixture("sqs-ingest-retries-exhausted.json")).await.unwrap();
    assert_eq!(response["batchItemFailures"], serde_json::json!([]));
    let job = s.jobs.get(&metadata.job_id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.reason.as_deref().unwrap().contains("stopped after 3 attempts"), "{:?}", job.reason);

    // Indexed by a later delivery: a late dead letter does not undo it.
    invoke_json(&s.handler, fixture("s3-record-uploaded.json")).await.unwrap();
    invoke_json(&failed, fixture("sqs-ingest-retries-exhausted.json")).await.unwrap();
    assert_eq!(s.jobs.get(&metadata.job_id).await.unwrap().unwrap().status, JobStatus::Indexed);
}

#[tokio::test]
async fn a_document_whose_runs_never_finish_is_failed_instead_of_read_again() {
    let s = setup();
    let metadata = DocumentMetadata {
        kind: SourceKind::Record,
        document_id: "REC-FIXTURE0000000000001".into(),
        title: "knee progress note.txt".into(),
        job_id: JobId::parse("JOB-FIXTURE4").unwrap(),
        patient_id: Some(PatientId::parse("PAT-001").unwrap()),
        provider_id: Some(ProviderId::parse("PRV-001").unwrap()),
        procedure_codes: vec![],
    };
    let file = UploadedFile { file_name: "knee progress note.txt".into(), content_type: "text/plain".into(), bytes: b"Right knee pain.".to_vec() };
    store_upload(s.blobs.as_ref(), s.jobs.as_ref(), &metadata, file, "owner", None).await.unwrap();
    // Three runs that each died with their process: the job was left ANALYZING each time.
    let mut job = s.jobs.get(&metadata.job_id).await.unwrap().unwrap();
    job.status = JobStatus::Analyzing;
    job.attempts = mediclear_handlers::documents::MAX_UNFINISHED_RUNS;
    s.jobs.put(&job).await.unwrap();

    let report = invoke_json(&s.handler, fixture("s3-record-uploaded.json")).await.unwrap();
    assert_eq!(report["refused"], 1);
    let job = s.jobs.get(&metadata.job_id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.reason.as_deref().unwrap().contains("stopped after 3 attempts"), "{:?}", job.reason);
    assert!(s.index.patient_chunks(&PatientId::parse("PAT-001").unwrap()).await.unwrap().is_empty(), "the file was not read again");
}
