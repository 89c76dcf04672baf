//! `POST /api/v1/preauth/records` (provider) and `POST /api/v1/preauth/policies` (insurer, admin).
//!
//! Bodies are JSON (`text` or `content_base64`) or `multipart/form-data` (a `file` part plus the
//! same fields as form fields). The file is stored with its Bedrock-KB metadata sidecar and an
//! ingestion job starts from the storage event; the answer is 202 with `{record_id|policy_id,
//! job_id}` and the job's status URL. A record's `patient_id` is the one the provider names; the
//! uploading provider is recorded from its token, so retrieval can be confined to it. With an
//! `Idempotency-Key`, a retry of the same upload gets the first answer and stores nothing.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::response::Response;
use axum::routing::post;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use mediclear_domain::audit::Outcome;
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::{JobId, PatientId, PolicyId, RecordId};
use mediclear_domain::knowledge::SourceKind;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::{MAX_BODY_BYTES, is_json, parse_json_object};
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_domain::identity::Caller;
use mediclear_http::envelope::{accepted_envelope, pending};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::jobs::JobStore;
use mediclear_ports::limited::{Uses, blob_ops, job_ops};

use crate::audit::{Auditor, Resource};
use crate::documents::{DocumentMetadata, UploadProblem, UploadedFile, check_content, content_type, file_from_json, file_name, store_upload};
use crate::idempotency::{Begin, Idempotency, canonical_json, is_key_taken};
use crate::openapi::schemas::{
    Accepted, ErrorEnvelope, IdempotencyKeyHeader, IdempotencyKeyReused, InternalError, PolicyStored, PolicyUploadForm, PolicyUploadJson,
    RecordStored, RecordUploadForm, RecordUploadJson, Throttled, Unauthorized,
};

pub const RECORDS_PATH: &str = "/api/v1/preauth/records";
pub const POLICIES_PATH: &str = "/api/v1/preauth/policies";

/// What this handler calls on its ports — it stores the file, its sidecar and the job (with its first answer under an `Idempotency-Key`). Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::PUT, jobs: job_ops::PUT | job_ops::CREATE_ONCE, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub blobs: Arc<dyn BlobStore>,
    pub jobs: Arc<dyn JobStore>,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

pub fn records_router(deps: Deps) -> Router {
    function_router(Router::new().route(RECORDS_PATH, post(upload_record)).with_state(deps))
}

pub fn policies_router(deps: Deps) -> Router {
    function_router(Router::new().route(POLICIES_PATH, post(upload_policy)).with_state(deps))
}

impl From<UploadProblem> for ApiError {
    fn from(p: UploadProblem) -> Self {
        match p {
            UploadProblem::Invalid(e) => e.into(),
            UploadProblem::TooLarge => ApiError::payload_too_large(crate::documents::MAX_DOCUMENT_BYTES),
            UploadProblem::UnsupportedType(m) => ApiError::unsupported_media_type(m).with_detail("field", "content_type"),
        }
    }
}

/// An upload body: its fields as JSON, and the file; and the request's headers.
struct UploadBody {
    fields: Value,
    file: UploadedFile,
    headers: HeaderMap,
}

impl UploadBody {
    /// The upload's content, as a retry must repeat it.
    fn fingerprint_parts(&self) -> [Vec<u8>; 4] {
        [canonical_json(&self.fields), self.file.file_name.clone().into_bytes(), self.file.content_type.clone().into_bytes(), self.file.bytes.clone()]
    }
}

/// Stores a validated upload and answers 202 with `data`, replaying the first answer of a
/// retried request with the same `Idempotency-Key` instead.
async fn store_and_answer(deps: &Deps, caller: &Caller, operation: &str, body: UploadBody, metadata: &DocumentMetadata, message: &str, data: Value) -> Result<Response, ApiError> {
    let parts = body.fingerprint_parts();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let claim = match deps.idempotency.begin(&body.headers, &caller.subject, operation, &parts).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };
    let status_url = format!("/api/v1/jobs/{}", metadata.job_id);
    let envelope = accepted_envelope(metadata.job_id.as_str(), message, &status_url, data)?;
    let answer = claim.as_ref().map(|claim| claim.answer(StatusCode::ACCEPTED, &envelope));
    match store_upload(deps.blobs.as_ref(), deps.jobs.as_ref(), metadata, body.file, &caller.subject, answer.as_ref()).await {
        Ok(_) => Ok(pending(StatusCode::ACCEPTED, envelope)),
        Err(e) => match &claim {
            Some(claim) if is_key_taken(&e) => deps.idempotency.replay_winner(claim).await,
            Some(claim) => {
                // The job was written (and marked failed) with this answer: free the key, so a
                // retry stores the document instead of replaying a success.
                deps.idempotency.forget(claim).await;
                Err(ApiError::from_port(e, "document"))
            }
            None => Err(ApiError::from_port(e, "document")),
        },
    }
}

/// The parts a multipart upload may carry (records and policies together); others are ignored.
const FORM_FIELDS: [&str; 6] = ["file", "patient_id", "file_name", "content_type", "title", "procedure_codes"];

async fn read_upload(request: Request) -> Result<UploadBody, ApiError> {
    let headers = request.headers().clone();
    let content_type_header = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if content_type_header.to_ascii_lowercase().starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| ApiError::from(ValidationError::invalid("body", "the multipart body is not valid")))?;
        let mut fields = Map::new();
        let mut file = None;
        while let Some(field) = multipart.next_field().await.map_err(|_| ApiError::from(ValidationError::invalid("body", "the multipart body is not valid")))? {
            // Only the form's own fields are read, by their names here: a part's name is the
            // client's text and never reaches an error message.
            let Some(name) = field.name().and_then(|name| FORM_FIELDS.iter().copied().find(|known| *known == name)) else {
                continue;
            };
            if name == "file" {
                let declared_name = field.file_name().map(str::to_string);
                let declared_type = field.content_type().map(str::to_string);
                let bytes = field.bytes().await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
                file = Some((declared_name, declared_type, bytes.to_vec()));
            } else {
                let text = field.text().await.map_err(|_| ApiError::from(ValidationError::invalid(name, format!("{name} is not valid text"))))?;
                fields.insert(name.to_string(), Value::String(text));
            }
        }
        let (declared_name, declared_type, bytes) = file.ok_or_else(|| ApiError::from(ValidationError::invalid("file", "a file part named \"file\" is required")))?;
        let fields = Value::Object(fields);
        let f = Fields::of(&fields)?;
        let file_name = file_name(f.optional_str("file_name")?.or(declared_name.as_deref()).unwrap_or(""))?;
        let ct = content_type(f.optional_str("content_type")?.or(declared_type.as_deref()).unwrap_or(""))?;
        check_content(&ct, &bytes)?;
        return Ok(UploadBody { file: UploadedFile { file_name, content_type: ct, bytes }, fields, headers });
    }
    if !content_type_header.is_empty() && !is_json(&content_type_header) {
        return Err(ApiError::unsupported_media_type("this route takes application/json or multipart/form-data"));
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
    let fields = parse_json_object(&bytes)?;
    let file = file_from_json(&Fields::of(&fields)?)?;
    Ok(UploadBody { fields, file, headers })
}

/// Upload a clinical record for a patient, to be indexed for retrieval.
///
/// **Who:** provider (with a `provider_id`; the record is confined to that provider's retrieval).
/// Stored with its Bedrock-KB `.metadata.json` sidecar (`patient_id`); indexing runs as a job.
#[utoipa::path(
    post,
    path = RECORDS_PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    request_body(content(
        (RecordUploadJson = "application/json"),
        (RecordUploadForm = "multipart/form-data"),
    )),
    params(IdempotencyKeyHeader),
    responses(
        (status = 202, description = "Stored; indexing started (follow `status_url`). With a reused `Idempotency-Key` and the same \
                                      upload: the first answer again (header `Idempotent-Replayed: true`), and nothing stored.", body = Accepted<RecordStored>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object, or not valid multipart. `INVALID_FILE_NAME`: missing, or not a plain file name. \
                           `INVALID_CONTENT_TYPE`: missing (required with `content_base64`). `INVALID_CONTENT_BASE64`: neither or both of \
                           `text` and `content_base64`, not base64, or content that is not what `content_type` says (a PDF must start \
                           with `%PDF-`; text must be UTF-8 or UTF-16 with a byte-order mark). `INVALID_TEXT`: `text` for a type other \
                           than `text/plain`. `INVALID_CONTENT`: an empty file. Multipart only: `INVALID_FILE`: no part named `file`; a \
                           form field that is not text gives `INVALID_<FIELD>`. `INVALID_PATIENT_ID`: missing or malformed. \
                           `INVALID_IDEMPOTENCY_KEY`: the header is not 1-255 visible ASCII characters."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not a provider with a `provider_id` (or its token carries no MediClear role, several, \
                           or a malformed binding)."),
        (status = 413, body = ErrorEnvelope,
            description = "`PAYLOAD_TOO_LARGE`: the body exceeds 10 MiB, or the document exceeds 6 MiB once decoded."),
        (status = 415, body = ErrorEnvelope,
            description = "`UNSUPPORTED_MEDIA_TYPE`: a body that is neither JSON nor `multipart/form-data`, or a document type other than \
                           `application/pdf` and `text/plain` (then `details.field` is `content_type`)."),
        (status = 409, body = ErrorEnvelope,
            description = "`IDEMPOTENCY_KEY_IN_USE`: a request with the same `Idempotency-Key` is being processed at this moment; retry."),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage or the job store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn upload_record(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, request: Request) -> ApiResult {
    if !PreauthAction::UploadRecord.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let body = read_upload(request).await?;
    let patient_id = PatientId::parse(Fields::of(&body.fields)?.required_str("patient_id")?)?;
    let record_id = RecordId::generate();
    let metadata = DocumentMetadata {
        kind: SourceKind::Record,
        document_id: record_id.to_string(),
        title: body.file.file_name.clone(),
        job_id: JobId::generate(),
        patient_id: Some(patient_id.clone()),
        provider_id: caller.provider_id().cloned(),
        procedure_codes: Vec::new(),
    };
    let data = json!({"record_id": record_id, "job_id": metadata.job_id, "patient_id": patient_id, "file_name": metadata.title});
    let response = store_and_answer(&deps, &caller, "POST /api/v1/preauth/records", body, &metadata, "record stored; indexing started", data).await?;
    let resource = Resource { kind: "patient_record", id: record_id.as_str() };
    deps.audit.action(&caller, "preauth.record.upload", resource, Outcome::Succeeded, &request_id.0).await;
    Ok(response)
}

fn procedure_codes(fields: &Value) -> Result<Vec<ProcedureCode>, ValidationError> {
    const FIELD: &str = "procedure_codes";
    let raw: Vec<String> = match fields.get(FIELD) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| ValidationError::invalid(FIELD, "procedure_codes must be a list of strings")))
            .collect::<Result<_, _>>()?,
        // Multipart form fields arrive as one comma-separated string.
        Some(Value::String(s)) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ValidationError::invalid(FIELD, "procedure_codes must be a list of strings")),
    };
    if raw.is_empty() {
        return Err(ValidationError::invalid(FIELD, "at least one procedure code is required"));
    }
    let mut codes = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let code = ProcedureCode::parse(r).map_err(|_| ValidationError::invalid(FIELD, format!("procedure_codes[{i}] is not a CPT or HCPCS code")))?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Upload an insurer policy for the procedures it covers, to be indexed for criteria retrieval.
///
/// **Who:** insurer, admin. Stored with its Bedrock-KB `.metadata.json` sidecar
/// (`procedure_codes`); indexing runs as a job.
#[utoipa::path(
    post,
    path = POLICIES_PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    request_body(content(
        (PolicyUploadJson = "application/json"),
        (PolicyUploadForm = "multipart/form-data"),
    )),
    params(IdempotencyKeyHeader),
    responses(
        (status = 202, description = "Stored; indexing started (follow `status_url`). With a reused `Idempotency-Key` and the same \
                                      upload: the first answer again (header `Idempotent-Replayed: true`), and nothing stored.", body = Accepted<PolicyStored>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object, or not valid multipart. `INVALID_FILE_NAME`: missing, or not a plain file name. \
                           `INVALID_CONTENT_TYPE`: missing (required with `content_base64`). `INVALID_CONTENT_BASE64`: neither or both of \
                           `text` and `content_base64`, not base64, or content that is not what `content_type` says (a PDF must start \
                           with `%PDF-`; text must be UTF-8 or UTF-16 with a byte-order mark). `INVALID_TEXT`: `text` for a type other \
                           than `text/plain`. `INVALID_CONTENT`: an empty file. Multipart only: `INVALID_FILE`: no part named `file`; a \
                           form field that is not text gives `INVALID_<FIELD>`. `INVALID_TITLE`: missing or longer than 300 characters. \
                           `INVALID_PROCEDURE_CODES`: none, or one that is not a CPT or HCPCS code. `INVALID_IDEMPOTENCY_KEY`: the \
                           header is not 1-255 visible ASCII characters."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the caller is not an insurer or an admin (or its token carries no MediClear role, several, or a \
                           malformed binding)."),
        (status = 413, body = ErrorEnvelope,
            description = "`PAYLOAD_TOO_LARGE`: the body exceeds 10 MiB, or the document exceeds 6 MiB once decoded."),
        (status = 415, body = ErrorEnvelope,
            description = "`UNSUPPORTED_MEDIA_TYPE`: a body that is neither JSON nor `multipart/form-data`, or a document type other than \
                           `application/pdf` and `text/plain` (then `details.field` is `content_type`)."),
        (status = 409, body = ErrorEnvelope,
            description = "`IDEMPOTENCY_KEY_IN_USE`: a request with the same `Idempotency-Key` is being processed at this moment; retry."),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage or the job store is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn upload_policy(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, request: Request) -> ApiResult {
    if !PreauthAction::UploadPolicy.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let body = read_upload(request).await?;
    let f = Fields::of(&body.fields)?;
    let title = f.bounded_str("title", 300)?.ok_or_else(|| ValidationError::missing("title"))?.trim().to_string();
    let codes = procedure_codes(&body.fields)?;
    let policy_id = PolicyId::generate();
    let metadata = DocumentMetadata {
        kind: SourceKind::Policy,
        document_id: policy_id.to_string(),
        title,
        job_id: JobId::generate(),
        patient_id: None,
        provider_id: None,
        procedure_codes: codes.clone(),
    };
    let data = json!({"policy_id": policy_id, "job_id": metadata.job_id, "title": metadata.title, "procedure_codes": codes});
    let response = store_and_answer(&deps, &caller, "POST /api/v1/preauth/policies", body, &metadata, "policy stored; indexing started", data).await?;
    let resource = Resource { kind: "insurer_policy", id: policy_id.as_str() };
    deps.audit.action(&caller, "preauth.policy.upload", resource, Outcome::Succeeded, &request_id.0).await;
    Ok(response)
}
