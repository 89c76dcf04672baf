//! Documents for retrieval: how an upload is stored and how a stored file becomes index chunks.
//!
//! Storage layout (S3 on AWS, the blob directory offline), as Bedrock Knowledge Bases read it:
//! `records/<patient_id>/<record_id>/<file name>` and `policies/<policy_id>/<file name>`, each
//! with a `<key>.metadata.json` sidecar `{"metadataAttributes": {...}}` — `patient_id` (and the
//! uploading `provider_id`) for records, `procedure_codes` for policies. The sidecar is written
//! first, so the object-created event that starts ingestion always finds it.

use std::sync::Arc;

use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::{JobId, PatientId, ProviderId};
use mediclear_domain::knowledge::SourceKind;
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_ports::PortError;
use mediclear_ports::blobs::{BlobStore, metadata_key};
use mediclear_ports::idempotency::IdempotencyRecord;
use mediclear_ports::jobs::{Job, JobStatus, JobStore};
use mediclear_ports::knowledge::{ChunkIndexWriter, EmbeddedChunk, Embedder, IndexedDocument, TextExtractor};

/// Largest document accepted, after base64 decoding. API Gateway's 10 MB payload limit leaves
/// room for about 7 MB of base64; 6 MB keeps a margin for the JSON around it.
pub const MAX_DOCUMENT_BYTES: usize = 6 * 1024 * 1024;

/// The document types retrieval can read in-process.
pub const ACCEPTED_CONTENT_TYPES: [&str; 2] = ["application/pdf", "text/plain"];

/// An uploaded file, validated.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Why an upload was refused; maps to 400, 413 or 415.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadProblem {
    Invalid(ValidationError),
    TooLarge,
    UnsupportedType(String),
}

impl From<ValidationError> for UploadProblem {
    fn from(e: ValidationError) -> Self {
        UploadProblem::Invalid(e)
    }
}

/// A file name safe to use as the last part of a storage key.
pub fn file_name(raw: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::missing("file_name"));
    }
    let ok = name.chars().count() <= 255
        && name != "."
        && name != ".."
        && !name.ends_with(".metadata.json")
        && name.chars().all(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"' | '<' | '>' | '|' | '*' | '?'));
    if ok { Ok(name.to_string()) } else { Err(ValidationError::invalid("file_name", "file_name must be a plain file name (no path, at most 255 characters)")) }
}

/// The content type, lower-cased and without parameters; only PDF and plain text.
pub fn content_type(raw: &str) -> Result<String, UploadProblem> {
    let essence = raw.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence.is_empty() {
        return Err(ValidationError::missing("content_type").into());
    }
    if ACCEPTED_CONTENT_TYPES.contains(&essence.as_str()) {
        Ok(essence)
    } else {
        // The client's value is not repeated: errors name the field and what it accepts.
        Err(UploadProblem::UnsupportedType("content_type is not accepted; use application/pdf or text/plain".into()))
    }
}

/// Checks the bytes against the declared type, so a mislabelled file is refused at the edge.
pub fn check_content(content_type: &str, bytes: &[u8]) -> Result<(), UploadProblem> {
    if bytes.is_empty() {
        return Err(ValidationError::invalid("content", "the document is empty").into());
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(UploadProblem::TooLarge);
    }
    match content_type {
        "application/pdf" if !bytes.starts_with(b"%PDF-") => {
            Err(ValidationError::invalid("content_base64", "the content is not a PDF file").into())
        }
        "text/plain" if std::str::from_utf8(bytes).is_err() && !bytes.starts_with(&[0xff, 0xfe]) && !bytes.starts_with(&[0xfe, 0xff]) => {
            Err(ValidationError::invalid("content_base64", "text/plain content must be UTF-8 (or UTF-16 with a byte-order mark)").into())
        }
        _ => Ok(()),
    }
}

/// Reads `file_name`, `content_type` and exactly one of `text` / `content_base64` from a JSON body.
pub fn file_from_json(f: &Fields<'_>) -> Result<UploadedFile, UploadProblem> {
    let file_name = file_name(f.required_str("file_name")?)?;
    let text = f.optional_str("text")?;
    if text.is_none() && f.has("text") {
        return Err(ValidationError::invalid("text", "text is empty").into());
    }
    let encoded = f.optional_str("content_base64")?;
    if encoded.is_none() && f.has("content_base64") {
        return Err(ValidationError::invalid("content_base64", "content_base64 is empty").into());
    }
    let content_type = match f.optional_str("content_type")? {
        Some(ct) => content_type(ct)?,
        None if text.is_some() => "text/plain".to_string(),
        None => return Err(ValidationError::missing("content_type").into()),
    };
    let bytes = match (text, encoded) {
        (Some(_), Some(_)) => return Err(ValidationError::invalid("content_base64", "send either text or content_base64, not both").into()),
        (None, None) => return Err(ValidationError::invalid("content_base64", "the document content is required (text or content_base64)").into()),
        (Some(t), None) => {
            if content_type != "text/plain" {
                return Err(ValidationError::invalid("text", "text is only for text/plain documents; send a PDF as content_base64").into());
            }
            t.as_bytes().to_vec()
        }
        (None, Some(b64)) => {
            if b64.len() > MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
                return Err(UploadProblem::TooLarge);
            }
            let cleaned: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(cleaned.as_bytes())
                .map_err(|_| ValidationError::invalid("content_base64", "content_base64 is not valid base64"))?
        }
    };
    check_content(&content_type, &bytes)?;
    Ok(UploadedFile { file_name, content_type, bytes })
}

/// The metadata sidecar MediClear writes, and what ingestion reads back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMetadata {
    /// `record` or `policy`.
    #[serde(rename = "document_kind")]
    pub kind: SourceKind,
    pub document_id: String,
    pub title: String,
    pub job_id: JobId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<PatientId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<ProviderId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedure_codes: Vec<ProcedureCode>,
}

impl DocumentMetadata {
    /// The Bedrock Knowledge Base sidecar body: `{"metadataAttributes": {...}}` — strings and
    /// lists of strings only, as Knowledge Bases accept them.
    pub fn to_sidecar(&self) -> Value {
        json!({ "metadataAttributes": self })
    }

    pub fn from_sidecar(value: &Value) -> Result<Self, String> {
        serde_json::from_value(value.get("metadataAttributes").cloned().unwrap_or(Value::Null)).map_err(|e| format!("the metadata sidecar is not valid: {e}"))
    }

    /// The storage key of the document.
    pub fn key(&self, file_name: &str) -> String {
        match (self.kind, &self.patient_id) {
            (SourceKind::Record, Some(patient)) => format!("records/{patient}/{}/{file_name}", self.document_id),
            _ => format!("policies/{}/{file_name}", self.document_id),
        }
    }
}

/// Stores an upload: job (`INGESTED`, with the request's first answer when it carries an
/// idempotency key), sidecar, then the document (which triggers ingestion). If storing fails,
/// the job is marked `FAILED` so nothing waits forever.
pub async fn store_upload(
    blobs: &dyn BlobStore,
    jobs: &dyn JobStore,
    metadata: &DocumentMetadata,
    file: UploadedFile,
    owner: &str,
    answer: Option<&IdempotencyRecord>,
) -> Result<Job, PortError> {
    let now = Utc::now();
    let mut job = Job {
        job_id: metadata.job_id.clone(),
        kind: match metadata.kind {
            SourceKind::Record => "record_ingestion".into(),
            SourceKind::Policy => "policy_ingestion".into(),
            SourceKind::HealthDocument => "document_processing".into(),
        },
        resource_id: metadata.document_id.clone(),
        status: JobStatus::Ingested,
        reason: None,
        owner: owner.to_string(),
        patient_id: None,
        tier: None,
        attempts: 0,
        created_at: now,
        updated_at: now,
    };
    match answer {
        Some(answer) => jobs.create_once(&job, answer).await?,
        None => jobs.put(&job).await?,
    }
    let key = metadata.key(&file.file_name);
    let sidecar = serde_json::to_vec(&metadata.to_sidecar()).map_err(|e| PortError::Internal(e.to_string()))?;
    let stored = async {
        blobs.put(&metadata_key(&key), sidecar, "application/json").await?;
        blobs.put(&key, file.bytes, &file.content_type).await
    }
    .await;
    if let Err(e) = stored {
        job.status = JobStatus::Failed;
        job.reason = Some("the document could not be stored; upload it again".into());
        job.updated_at = Utc::now();
        let _ = jobs.put(&job).await;
        return Err(e);
    }
    Ok(job)
}

/// What ingestion needs.
#[derive(Clone)]
pub struct Indexing {
    pub blobs: Arc<dyn BlobStore>,
    pub jobs: Arc<dyn JobStore>,
    pub extractor: Arc<dyn TextExtractor>,
    pub embedder: Arc<dyn Embedder>,
    pub index: Arc<dyn ChunkIndexWriter>,
}

/// How indexing one object ended.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexOutcome {
    Indexed { document_id: String, chunks: usize },
    /// The file cannot be indexed (unreadable, empty); the job says why. Not retried.
    Refused { document_id: String, reason: String },
    /// Not a document (a sidecar, or outside the watched prefixes).
    Skipped,
}

/// Processing runs of one document that may start without finishing (the process died, or a
/// transient failure was retried) before processing gives up: as many as Lambda's invocations
/// of an S3 event (the first and two retries). The next run fails the job instead of reading the
/// file again, so a file that kills its reader cannot make every restart of the offline runtime
/// crash.
pub const MAX_UNFINISHED_RUNS: u32 = 3;

/// The job's reason when processing gives up after `runs` runs.
pub fn stopped_after(runs: u32) -> String {
    format!("processing stopped after {runs} attempts: the document could not be processed; upload it again, or contact support if it keeps failing")
}

/// How starting a processing run went.
enum Start {
    Run,
    GaveUp(IndexOutcome),
}

/// Documents' jobs, as the functions that track processing see them: what a stored object's
/// sidecar says, and the job's status. `ingest-failed` needs only this, not the PDF reader.
#[derive(Clone)]
pub struct DocumentJobs {
    pub blobs: Arc<dyn BlobStore>,
    pub jobs: Arc<dyn JobStore>,
}

impl DocumentJobs {
    async fn set_job(&self, metadata: &DocumentMetadata, status: JobStatus, reason: Option<String>) -> Result<(), PortError> {
        let Some(mut job) = self.jobs.get(&metadata.job_id).await? else {
            return Ok(());
        };
        job.status = status;
        job.reason = reason;
        job.updated_at = Utc::now();
        if matches!(status, JobStatus::Indexed | JobStatus::Failed) {
            job.attempts = 0;
        }
        self.jobs.put(&job).await
    }

    async fn refuse(&self, metadata: &DocumentMetadata, reason: String) -> Result<IndexOutcome, PortError> {
        self.set_job(metadata, JobStatus::Failed, Some(reason.clone())).await?;
        Ok(IndexOutcome::Refused { document_id: metadata.document_id.clone(), reason })
    }

    /// Counts a run on the job (`ANALYZING`), or gives up when earlier runs never finished.
    async fn start_run(&self, metadata: &DocumentMetadata) -> Result<Start, PortError> {
        let Some(mut job) = self.jobs.get(&metadata.job_id).await? else {
            return Ok(Start::Run);
        };
        let unfinished = if job.status == JobStatus::Analyzing { job.attempts } else { 0 };
        if unfinished >= MAX_UNFINISHED_RUNS {
            tracing::error!(document_id = %metadata.document_id, runs = unfinished, "document processing never finished; giving up");
            return self.refuse(metadata, stopped_after(unfinished)).await.map(Start::GaveUp);
        }
        job.status = JobStatus::Analyzing;
        job.reason = None;
        job.attempts = unfinished + 1;
        job.updated_at = Utc::now();
        self.jobs.put(&job).await?;
        Ok(Start::Run)
    }

    /// After the last retry of an object's processing failed (Lambda's on-failure destination):
    /// its job becomes `FAILED`, unless a later run finished it meanwhile.
    pub async fn give_up(&self, key: &str, runs: u32) -> Result<IndexOutcome, PortError> {
        let Some(metadata) = self.metadata(key).await? else {
            return Ok(IndexOutcome::Skipped);
        };
        match self.jobs.get(&metadata.job_id).await? {
            Some(job) if matches!(job.status, JobStatus::Indexed | JobStatus::Failed) => Ok(IndexOutcome::Skipped),
            _ => self.refuse(&metadata, stopped_after(runs)).await,
        }
    }

    /// The sidecar of a document key; `None` for keys that are not documents.
    async fn metadata(&self, key: &str) -> Result<Option<DocumentMetadata>, PortError> {
        if mediclear_ports::blobs::is_metadata_key(key) || !(key.starts_with("records/") || key.starts_with("policies/")) {
            return Ok(None);
        }
        let sidecar = self
            .blobs
            .get(&metadata_key(key))
            .await?
            .ok_or_else(|| PortError::Unavailable("the metadata sidecar is not there yet".into()))?;
        let sidecar: Value = serde_json::from_slice(&sidecar.bytes).map_err(|_| PortError::Rejected("the metadata sidecar is not JSON".into()))?;
        DocumentMetadata::from_sidecar(&sidecar).map(Some).map_err(PortError::Rejected)
    }
}

impl Indexing {
    fn ledger(&self) -> DocumentJobs {
        DocumentJobs { blobs: self.blobs.clone(), jobs: self.jobs.clone() }
    }

    /// Extracts, chunks, embeds and indexes one stored document. Idempotent: indexing the same
    /// object again replaces its chunks. Transient failures are returned for a retry; after
    /// [`MAX_UNFINISHED_RUNS`] runs that never finished, the job fails instead.
    pub async fn index_object(&self, key: &str) -> Result<IndexOutcome, PortError> {
        let ledger = self.ledger();
        let Some(metadata) = ledger.metadata(key).await? else {
            return Ok(IndexOutcome::Skipped);
        };
        let Some(blob) = self.blobs.get(key).await? else {
            return Ok(IndexOutcome::Skipped);
        };
        if let Start::GaveUp(outcome) = ledger.start_run(&metadata).await? {
            return Ok(outcome);
        }
        let text = match self.extractor.extract(&blob.bytes, &blob.content_type).await {
            Ok(text) if text.trim().is_empty() => {
                return ledger.refuse(&metadata, "the document contains no text".into()).await;
            }
            Ok(text) => text,
            Err(PortError::Rejected(reason)) => return ledger.refuse(&metadata, reason).await,
            Err(e) => return Err(e),
        };
        let chunks = chunk(&metadata.document_id, &text, ChunkingOptions::default());
        let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
        let embeddings = self.embedder.embed(&texts).await?;
        let embedded: Vec<EmbeddedChunk> = chunks.into_iter().zip(embeddings).map(|(chunk, embedding)| EmbeddedChunk { chunk, embedding }).collect();
        let document = IndexedDocument {
            document_id: metadata.document_id.clone(),
            kind: metadata.kind,
            title: metadata.title.clone(),
            patient_id: metadata.patient_id.clone(),
            provider_id: metadata.provider_id.clone(),
            procedure_codes: metadata.procedure_codes.clone(),
            embedding_model: self.embedder.model_id().to_string(),
            document_type: None,
            document_date: None,
            markers: Vec::new(),
            chunk_count: embedded.len() as u32,
            indexed_at: Utc::now(),
        };
        self.index.replace_document(&document, &embedded).await?;
        ledger.set_job(&metadata, JobStatus::Indexed, None).await?;
        Ok(IndexOutcome::Indexed { document_id: metadata.document_id, chunks: embedded.len() })
    }

}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: Value) -> Result<UploadedFile, UploadProblem> {
        file_from_json(&Fields::of(&body).unwrap())
    }

    #[test]
    fn accepts_text_and_base64_pdfs() {
        let text = parse(json!({"file_name": "note.txt", "text": "Knee pain."})).unwrap();
        assert_eq!(text.content_type, "text/plain");
        let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4 ...");
        let file = parse(json!({"file_name": "x.pdf", "content_type": "application/pdf", "content_base64": pdf})).unwrap();
        assert_eq!(file.bytes, b"%PDF-1.4 ...");
    }

    #[test]
    fn refuses_bad_uploads_with_the_right_problem() {
        let code = |body| match parse(body) {
            Err(UploadProblem::Invalid(e)) => e.code,
            Err(UploadProblem::UnsupportedType(_)) => "415".into(),
            Err(UploadProblem::TooLarge) => "413".into(),
            Ok(_) => "ok".into(),
        };
        assert_eq!(code(json!({"text": "x"})), "INVALID_FILE_NAME");
        assert_eq!(code(json!({"file_name": "../etc/passwd", "text": "x"})), "INVALID_FILE_NAME");
        assert_eq!(code(json!({"file_name": "a.gif", "content_type": "image/gif", "content_base64": "AAAA"})), "415");
        assert_eq!(code(json!({"file_name": "a.txt", "content_type": "text/plain"})), "INVALID_CONTENT_BASE64");
        assert_eq!(code(json!({"file_name": "a.txt", "text": "x", "content_base64": "eA=="})), "INVALID_CONTENT_BASE64");
        assert_eq!(code(json!({"file_name": "a.pdf", "content_type": "application/pdf", "content_base64": "!!!"})), "INVALID_CONTENT_BASE64");
        assert_eq!(code(json!({"file_name": "a.pdf", "content_type": "application/pdf", "content_base64": "aGVsbG8="})), "INVALID_CONTENT_BASE64");
        assert_eq!(code(json!({"file_name": "a.txt", "text": "   "})), "INVALID_TEXT");
        assert_eq!(code(json!({"file_name": "a.txt", "text": "x", "content_base64": ""})), "INVALID_CONTENT_BASE64");
        let huge = "A".repeat(MAX_DOCUMENT_BYTES / 3 * 4 + 100);
        assert_eq!(code(json!({"file_name": "a.pdf", "content_type": "application/pdf", "content_base64": huge})), "413");
    }

    #[test]
    fn sidecars_round_trip_in_bedrock_kb_shape() {
        let meta = DocumentMetadata {
            kind: SourceKind::Policy,
            document_id: "POL-1".into(),
            title: "Knee".into(),
            job_id: JobId::parse("JOB-1").unwrap(),
            patient_id: None,
            provider_id: None,
            procedure_codes: vec![ProcedureCode::parse("27447").unwrap()],
        };
        let sidecar = meta.to_sidecar();
        assert_eq!(sidecar["metadataAttributes"]["procedure_codes"], json!(["27447"]));
        assert_eq!(DocumentMetadata::from_sidecar(&sidecar).unwrap(), meta);
        assert_eq!(meta.key("k.txt"), "policies/POL-1/k.txt");
    }
}
