//! `POST /api/v1/documents/upload` (the patient, their verified assigned doctors): a health
//! document, as `multipart/form-data` (`patient_id`, `document_type`, `document_date`?, `file`)
//! or JSON (`patient_id`, `document_type`, `document_date`?, `file_name`, `content_base64`).
//!
//! The file's type is decided by its bytes — PDF, JPEG, PNG or plain text — never by the
//! client's header or file name; anything else is 415, a file over the limit 413, an empty,
//! damaged or cut-off file a 400 that asks for it again. Pictures lose their EXIF metadata (GPS,
//! device) before they are stored. The answer is 202 with the job to follow; storing the file
//! starts the document pipeline (the S3 event).

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::routing::post;
use base64::Engine;
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::document::{DocumentStatus, DocumentType, PatientDocument, parse_document_date};
use mediclear_domain::identity::Caller;
use mediclear_domain::ids::{DocumentId, JobId, PatientId};
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::{MAX_BODY_BYTES, is_json, parse_json_object};
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::{accepted_envelope, pending};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::idempotency::IdempotencyRecord;
use mediclear_ports::jobs::{Job, JobStatus, JobStore};
use mediclear_ports::limited::{Uses, blob_ops, document_ops, job_ops};

use crate::api::documents::DocumentView;
use crate::api::patients::{Gate, problems};
use crate::audit::{Auditor, Resource};
use crate::documents::{MAX_DOCUMENT_BYTES, file_name};
use crate::idempotency::{Begin, Idempotency, canonical_json, is_key_taken};
use crate::openapi::schemas::{
    Accepted, BodyTooLarge, DocumentStored, DocumentUploadForm, DocumentUploadJson, ErrorEnvelope, IdempotencyKeyHeader, IdempotencyKeyReused,
    InternalError, Throttled, Unauthorized,
};

pub const PATH: &str = "/api/v1/documents/upload";

/// The job kind of a health document's processing.
pub const JOB_KIND: &str = "document_processing";

/// What this handler calls on its ports — it stores the file, the job (with its first answer under an `Idempotency-Key`) and the record. Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::PUT, documents: document_ops::CREATE | document_ops::UPDATE, jobs: job_ops::PUT | job_ops::CREATE_ONCE, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub documents: Arc<dyn DocumentStore>,
    pub jobs: Arc<dyn JobStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub gate: Gate,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(upload_document)).with_state(deps))
}

/// The fields every upload names (the file aside).
#[derive(Debug, Clone)]
pub struct DocumentFields {
    pub patient_id: PatientId,
    pub document_type: DocumentType,
    pub document_date: Option<chrono::NaiveDate>,
}

impl DocumentFields {
    /// Reads the fields, collecting every problem.
    pub fn read(f: &Fields<'_>, all: &mut Vec<ValidationError>) -> Option<DocumentFields> {
        let patient_id = f.required_str("patient_id").and_then(|p| Ok(PatientId::parse(p)?)).map_err(|e| all.push(e)).ok();
        let document_type = f.required_str("document_type").and_then(DocumentType::parse).map_err(|e| all.push(e)).ok();
        let document_date = match f.optional_str("document_date") {
            Ok(Some(raw)) => parse_document_date(raw, Utc::now().date_naive()).map(Some).map_err(|e| all.push(e)).ok().flatten(),
            Ok(None) => None,
            Err(e) => {
                all.push(e);
                None
            }
        };
        Some(DocumentFields { patient_id: patient_id?, document_type: document_type?, document_date })
    }
}

/// A file checked for upload: its type (from its bytes) and its bytes (pictures without their
/// metadata).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

const REUPLOAD_EMPTY: &str = "the file is empty; please choose the file again and re-upload it";
const REUPLOAD_DAMAGED: &str = "the file is damaged or incomplete (it may not have finished uploading); please re-upload it";

/// Decides the type from the bytes, refuses what MediClear cannot read (415), what is empty or
/// cut off (400) and what is too large (413), and strips pictures' metadata.
pub fn check_file(bytes: Vec<u8>) -> Result<CheckedFile, ApiError> {
    if bytes.is_empty() {
        return Err(ValidationError::invalid("file", REUPLOAD_EMPTY).into());
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ApiError::payload_too_large(MAX_DOCUMENT_BYTES));
    }
    let content_type = match mediclear_documents::sniff(&bytes) {
        Some("application/pdf") => "application/pdf",
        Some("image/jpeg") => "image/jpeg",
        Some("image/png") => "image/png",
        Some("text/plain") => "text/plain",
        _ => {
            return Err(ApiError::unsupported_media_type("the file must be a PDF, a JPEG or PNG picture, or plain text").with_detail("field", "file"));
        }
    };
    let damaged = || ApiError::from(ValidationError::invalid("file", REUPLOAD_DAMAGED));
    let bytes = match content_type {
        "image/jpeg" | "image/png" => {
            let stripped = mediclear_documents::strip_image_metadata(&bytes).map_err(|_| damaged())?;
            if content_type == "image/jpeg" && !ends_with_end_of_image(&stripped) {
                return Err(damaged());
            }
            stripped
        }
        "application/pdf" if !has_pdf_trailer(&bytes) => return Err(damaged()),
        _ => bytes,
    };
    Ok(CheckedFile { content_type, bytes })
}

/// A complete JPEG ends with its EOI marker (some writers pad after it).
fn ends_with_end_of_image(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// A PDF that arrived whole has `%%EOF` near its end (a cut-off upload does not).
fn has_pdf_trailer(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// SHA-256 of the bytes, hex.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new document's record and job, `INGESTED` (or awaiting a presigned upload).
pub fn new_document(caller: &Caller, fields: &DocumentFields, file_name: String, file: Option<&CheckedFile>) -> (PatientDocument, Job) {
    let now = Utc::now();
    let document_id = DocumentId::generate();
    let job_id = JobId::generate();
    let status = if file.is_some() { DocumentStatus::Ingested } else { DocumentStatus::AwaitingUpload };
    let document = PatientDocument {
        key: PatientDocument::key_for(&fields.patient_id, &document_id, &file_name),
        document_id: document_id.clone(),
        patient_id: fields.patient_id.clone(),
        document_type: fields.document_type,
        document_date: fields.document_date,
        file_name,
        content_type: file.map(|f| f.content_type.to_string()),
        content_hash: file.map(|f| content_hash(&f.bytes)),
        size: file.map_or(0, |f| f.bytes.len() as u64),
        job_id: job_id.clone(),
        uploaded_by: caller.subject.clone(),
        status,
        reason: None,
        tiers_done: Vec::new(),
        extraction: None,
        enrichment: None,
        chunk_count: 0,
        indexed_hash: None,
        created_at: now,
        updated_at: now,
    };
    let job = Job {
        job_id,
        kind: JOB_KIND.into(),
        resource_id: document_id.to_string(),
        status: JobStatus::Ingested,
        reason: None,
        owner: caller.subject.clone(),
        patient_id: Some(fields.patient_id.clone()),
        tier: None,
        attempts: 0,
        created_at: now,
        updated_at: now,
    };
    (document, job)
}

/// Writes the job (with the first answer when the request carries a key) and the document's
/// record; then the file, if there is one — which starts the pipeline. If the file cannot be
/// stored, the job and the document say so, so nothing waits for ever.
pub async fn store_document(
    documents: &dyn DocumentStore,
    jobs: &dyn JobStore,
    blobs: &dyn BlobStore,
    document: &PatientDocument,
    job: &Job,
    file: Option<CheckedFile>,
    answer: Option<&IdempotencyRecord>,
) -> Result<(), PortError> {
    match answer {
        Some(answer) => jobs.create_once(job, answer).await?,
        None => jobs.put(job).await?,
    }
    let stored = async {
        documents.create(document).await?;
        match file {
            Some(file) => blobs.put(&document.key, file.bytes, file.content_type).await,
            None => Ok(()),
        }
    }
    .await;
    if let Err(e) = stored {
        let reason = "the document could not be stored; please re-upload it".to_string();
        let mut failed = job.clone();
        failed.status = JobStatus::Failed;
        failed.reason = Some(reason.clone());
        failed.updated_at = Utc::now();
        let _ = jobs.put(&failed).await;
        let mut document = document.clone();
        document.status = DocumentStatus::Failed;
        document.reason = Some(reason);
        let _ = documents.update(&document).await;
        return Err(e);
    }
    Ok(())
}

/// An upload: its fields (as JSON, for the idempotency fingerprint), file name and bytes.
struct Upload {
    fields: Value,
    file_name: String,
    bytes: Vec<u8>,
}

/// The form's parts read by name; others are ignored (a part's name never reaches an error).
const FORM_FIELDS: [&str; 5] = ["patient_id", "document_type", "document_date", "file", "file_name"];

async fn read_upload(request: Request) -> Result<Upload, ApiError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let invalid = || ApiError::from(ValidationError::invalid("body", "the multipart body is not valid"));
        let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| invalid())?;
        let (mut fields, mut file) = (Map::new(), None);
        while let Some(part) = multipart.next_field().await.map_err(|_| invalid())? {
            let Some(name) = part.name().and_then(|n| FORM_FIELDS.iter().copied().find(|known| *known == n)) else { continue };
            if name == "file" {
                let declared = part.file_name().map(str::to_string);
                let bytes = part.bytes().await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
                file = Some((declared, bytes.to_vec()));
            } else {
                let text = part.text().await.map_err(|_| ApiError::from(ValidationError::invalid(name, format!("{name} is not valid text"))))?;
                fields.insert(name.to_string(), Value::String(text));
            }
        }
        let (declared, bytes) = file.ok_or_else(|| ApiError::from(ValidationError::invalid("file", "a file part named \"file\" is required")))?;
        let named = fields.get("file_name").and_then(Value::as_str).map(str::to_string).or(declared).unwrap_or_else(|| "document".into());
        return Ok(Upload { file_name: named, fields: Value::Object(fields), bytes });
    }
    if !content_type.is_empty() && !is_json(&content_type) {
        return Err(ApiError::unsupported_media_type("this route takes application/json or multipart/form-data"));
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
    let mut fields = parse_json_object(&body)?;
    let f = Fields::of(&fields)?;
    // An empty string is an empty file (refused below in words a patient understands).
    let encoded = match f.optional_str("content_base64")? {
        Some(encoded) => encoded,
        None if fields.get("content_base64").and_then(Value::as_str) == Some("") => "",
        None => return Err(ValidationError::invalid("content_base64", "content_base64 is required").into()),
    };
    if encoded.len() > MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
        return Err(ApiError::payload_too_large(MAX_DOCUMENT_BYTES));
    }
    let cleaned: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|_| ApiError::from(ValidationError::invalid("content_base64", "content_base64 is not valid base64")))?;
    let file_name = f.optional_str("file_name")?.unwrap_or("").to_string();
    if let Some(object) = fields.as_object_mut() {
        object.remove("content_base64");
    }
    Ok(Upload { fields, file_name, bytes })
}

/// Upload a health document.
///
/// **Who:** the patient, doctors assigned to them once verified. Anyone else gets 404 for the
/// patient, as for one that does not exist; roles that never upload get 403.
#[utoipa::path(
    post,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    params(IdempotencyKeyHeader),
    request_body(content(
        (DocumentUploadJson = "application/json"),
        (DocumentUploadForm = "multipart/form-data"),
    )),
    responses(
        (status = 202, description = "Stored; the pipeline runs as a job (`status_url`). A retry with the same `Idempotency-Key` gets the first answer again.", body = Accepted<DocumentStored>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object, or not valid multipart. `INVALID_PATIENT_ID`, `INVALID_DOCUMENT_TYPE`, \\
                           `INVALID_DOCUMENT_DATE`, `INVALID_FILE_NAME`: missing or malformed. `INVALID_CONTENT_BASE64`: missing or not base64. \\
                           `INVALID_FILE`: empty, damaged or cut off — re-upload it. Every problem is listed in `details.problems` when there are several. \\
                           `INVALID_IDEMPOTENCY_KEY`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role never uploads documents (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may reach."),
        (status = 413, response = BodyTooLarge),
        (status = 415, body = ErrorEnvelope,
            description = "`UNSUPPORTED_MEDIA_TYPE`: a body that is neither JSON nor multipart, or a file that is not a PDF, JPEG, PNG or plain text \\
                           (decided by its bytes; `details.field` is `file`)."),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn upload_document(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, headers: HeaderMap, request: Request) -> ApiResult {
    if !mediclear_domain::health::access::role_may(caller.role, PatientAction::AddDocuments) {
        return Err(ApiError::forbidden());
    }
    let upload = read_upload(request).await?;
    let f = Fields::of(&upload.fields)?;
    let mut all = Vec::new();
    let fields = DocumentFields::read(&f, &mut all);
    let name = file_name(&upload.file_name).map_err(|e| all.push(e)).ok();
    let file = match check_file(upload.bytes) {
        Ok(file) => Some(file),
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            all.push(ValidationError::invalid("file", e.message));
            None
        }
        Err(e) => return Err(e),
    };
    let (Some(fields), Some(name), Some(file), true) = (fields, name, file, all.is_empty()) else {
        return Err(problems(all));
    };
    deps.gate.check(&caller, PatientAction::AddDocuments, &fields.patient_id).await?;

    let fingerprint = [canonical_json(&upload.fields), name.clone().into_bytes(), file.bytes.clone()];
    let parts: Vec<&[u8]> = fingerprint.iter().map(Vec::as_slice).collect();
    let claim = match deps.idempotency.begin(&headers, &caller.subject, "POST /api/v1/documents/upload", &parts).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };
    let (document, job) = new_document(&caller, &fields, name, Some(&file));
    let status_url = format!("/api/v1/jobs/{}", job.job_id);
    let data = json!({"job_id": job.job_id, "document_id": document.document_id, "status_url": status_url, "document": DocumentView::from(&document)});
    let envelope = accepted_envelope(job.job_id.as_str(), "document received; it is being processed", &status_url, data)?;
    let answer = claim.as_ref().map(|claim| claim.answer(StatusCode::ACCEPTED, &envelope));
    let stored = store_document(deps.documents.as_ref(), deps.jobs.as_ref(), deps.blobs.as_ref(), &document, &job, Some(file), answer.as_ref()).await;
    if let Err(e) = stored {
        return match &claim {
            Some(claim) if is_key_taken(&e) => deps.idempotency.replay_winner(claim).await,
            Some(claim) => {
                deps.idempotency.forget(claim).await;
                Err(ApiError::from_port(e, "document"))
            }
            None => Err(ApiError::from_port(e, "document")),
        };
    }
    let resource = Resource { kind: "document", id: document.document_id.as_str() };
    deps.audit.action(&caller, "document.upload", resource, mediclear_domain::audit::Outcome::Succeeded, &request_id.0).await;
    tracing::info!(document_id = %document.document_id, content_type = document.content_type.as_deref().unwrap_or(""), bytes = document.size, "document stored");
    Ok(pending(StatusCode::ACCEPTED, envelope))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(bytes: &[u8]) -> (u16, String) {
        match check_file(bytes.to_vec()) {
            Ok(file) => (200, file.content_type.to_string()),
            Err(e) => (e.status.as_u16(), e.code),
        }
    }

    #[test]
    fn the_bytes_decide_the_type() {
        assert_eq!(code(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), (200, "application/pdf".into()));
        assert_eq!(code(b"Blood pressure 128/82, pulse 71."), (200, "text/plain".into()));
        assert_eq!(code(b"GIF89a\x01\x00\x01\x00"), (415, "UNSUPPORTED_MEDIA_TYPE".into()));
        assert_eq!(code(b"PK\x03\x04 a docx"), (415, "UNSUPPORTED_MEDIA_TYPE".into()));
        assert_eq!(code(b""), (400, "INVALID_FILE".into()));
    }

    #[test]
    fn cut_off_files_are_refused_with_a_re_upload() {
        assert_eq!(code(b"%PDF-1.4\n1 0 obj<<>>endobj\n"), (400, "INVALID_FILE".into()), "a PDF without its end");
        // A JPEG whose image data stops before the end-of-image marker.
        let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x12\x34";
        assert_eq!(code(jpeg), (400, "INVALID_FILE".into()));
        let message = check_file(b"%PDF-1.4 cut".to_vec()).unwrap_err().message;
        assert!(message.contains("re-upload"), "{message}");
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
