//! Schemas for what the handlers write without a domain type: the envelope of API.md, and the
//! bodies a handler reads field by field (`Fields`) or answers with `json!`. Bodies that are
//! domain or port types (`Case`, `Analysis`, `Job`, `CaseRequest`, …) are described by those
//! types' own derives instead.
//!
//! Nothing here is ever built: these types exist to be described. Because they are a second
//! statement of a shape, the tests in `openapi::tests` send requests through the real routers and
//! check every answer against the document, so a handler that changes a shape fails a test.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Required, ResponseBuilder, schema::Type};
use utoipa::{IntoParams, ToResponse, ToSchema};

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::identity::{Bindings, LoginName, Password, Role};
use mediclear_domain::ids::{DoctorId, JobId, OrgId, PatientId, PolicyId, ProviderId, RecordId};
use mediclear_domain::preauth::case::Case;
use mediclear_http::query::Page;
use mediclear_ports::health::ComponentStatus;
use mediclear_ports::identity::IssuedToken;

// ------------------------------------------------------------------------------- envelope --

/// `"success"`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SuccessStatus {
    Success,
}

/// `"accepted"`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum AcceptedStatus {
    Accepted,
}

/// `"error"`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ErrorStatus {
    Error,
}

/// Added to every answer a MediClear function writes (`mediclear_http::envelope::layer`).
#[derive(ToSchema)]
pub struct Metadata {
    /// When the answer was written (RFC 3339, seconds, UTC).
    pub timestamp: DateTime<Utc>,
    /// API Gateway's request id (also in the `x-request-id` header); offline, a client-sent
    /// `x-request-id` that looks like an id, else a fresh one.
    pub request_id: String,
}

/// An error's metadata. API Gateway's own errors (its authorizer's 401, throttling's 429, a body
/// past its limit) carry only `request_id`.
#[derive(ToSchema)]
pub struct ErrorMetadata {
    pub timestamp: Option<DateTime<Utc>>,
    pub request_id: String,
}

/// `200`/`201`: `{"status":"success","data":…,"metadata":…}`.
#[derive(ToSchema)]
pub struct Success<T> {
    pub status: SuccessStatus,
    pub data: T,
    pub metadata: Metadata,
}

/// `202`, long work started: `{"status":"accepted","job_id","message","status_url","data",
/// "metadata"}`. `data` carries the created resource, so a client needs no second call.
#[derive(ToSchema)]
pub struct Accepted<T> {
    pub status: AcceptedStatus,
    /// The job to follow (for a filed case: the case id, followed at `status_url`).
    pub job_id: String,
    pub message: String,
    /// Where to follow the work: `/api/v1/jobs/{job_id}` or `/api/v1/preauth/cases/{case_id}`.
    pub status_url: String,
    pub data: T,
    pub metadata: Metadata,
}

/// The error itself. Never a stack trace, SQL text or another patient's data.
#[derive(ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable; each response below lists the codes it can carry. A 400's
    /// code names the field: `INVALID_<FIELD>`.
    pub code: String,
    /// For people; a 5xx's message is generic.
    pub message: String,
    /// `field` for a 400 (the field at fault); otherwise as each response says.
    pub details: BTreeMap<String, Value>,
}

/// Every error: `{"status":"error","error":{"code","message","details"},"metadata":…}`.
#[derive(ToSchema)]
pub struct ErrorEnvelope {
    pub status: ErrorStatus,
    pub error: ErrorDetail,
    pub metadata: ErrorMetadata,
}

fn error_response<'r>(name: &'r str, description: &str) -> (&'r str, RefOr<utoipa::openapi::Response>) {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorEnvelope"))).build();
    (name, ResponseBuilder::new().description(description).content("application/json", content).build().into())
}

/// 401 on every route that needs a token.
pub struct Unauthorized;

impl<'r> ToResponse<'r> for Unauthorized {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response(
            "Unauthorized",
            "`UNAUTHORIZED`: no bearer token, or not a valid, unexpired Cognito ID token (answered by API Gateway's \
             authorizer; offline, by the runtime's gateway).",
        )
    }
}

/// 429 on every route.
pub struct Throttled;

impl<'r> ToResponse<'r> for Throttled {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response("Throttled", "`THROTTLED`: the REST API stage's rate or burst limit was reached (API Gateway); retry later.")
    }
}

/// 429 on the sign-in route: the stage's throttling, or too many failed sign-ins.
pub struct SignInThrottled;

impl<'r> ToResponse<'r> for SignInThrottled {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        let (name, response) = error_response(
            "SignInThrottled",
            "`THROTTLED`: too many failed sign-ins for this account or from this address (the directory's growing delays; on AWS, \
             Cognito's lockout), or the REST API stage's rate limit. Wait `Retry-After` seconds (also \
             `details.retry_after_seconds`) before trying again; no password is checked until then.",
        );
        let RefOr::T(mut response) = response else { return (name, response) };
        let header = utoipa::openapi::HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
            .description(Some("Seconds to wait before the next attempt."))
            .build();
        response.headers.insert("Retry-After".into(), header);
        (name, response.into())
    }
}

/// 500 on every route.
pub struct InternalError;

impl<'r> ToResponse<'r> for InternalError {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response("InternalError", "`INTERNAL_ERROR`: a real fault. The message is generic; the detail is only in the logs.")
    }
}

/// 413 on every route with a JSON body.
pub struct BodyTooLarge;

impl<'r> ToResponse<'r> for BodyTooLarge {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response("BodyTooLarge", "`PAYLOAD_TOO_LARGE`: the body exceeds 10 MiB (API Gateway's payload limit; the functions apply the same).")
    }
}

/// 415 on every route with a JSON body.
pub struct NotJson;

impl<'r> ToResponse<'r> for NotJson {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response(
            "NotJson",
            "`UNSUPPORTED_MEDIA_TYPE`: a `Content-Type` that is not JSON (`application/json`, `application/*+json`). A body without \
             one is read as JSON.",
        )
    }
}

// ------------------------------------------------------------------------------ parameters --

/// `limit` and `next_token` (`mediclear_http::query::Page`), with the bounds the parser enforces.
pub struct Pagination;

impl IntoParams for Pagination {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let limit = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(Page::MAX_LIMIT as f64))
            .default(Some(Page::DEFAULT_LIMIT.into()));
        let next_token = ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(4096));
        vec![
            ParameterBuilder::new()
                .name("limit")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(format!("Page size, 1-{} (default {}).", Page::MAX_LIMIT, Page::DEFAULT_LIMIT)))
                .schema(Some(limit))
                .build(),
            ParameterBuilder::new()
                .name("next_token")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some("The opaque `next_token` of the previous page."))
                .schema(Some(next_token))
                .build(),
        ]
    }
}

/// The `Idempotency-Key` header of creating requests (`mediclear_domain::idempotency`).
pub struct IdempotencyKeyHeader;

impl IntoParams for IdempotencyKeyHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let key = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(mediclear_domain::idempotency::IdempotencyKey::MAX_LEN))
            .pattern(Some("^[!-~]+$"));
        vec![ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "A key of the client's choosing (a UUID, say) that makes a retry safe: the same key with the same request within 24 \
                 hours gets the first answer again (header `Idempotent-Replayed: true`) and creates nothing; the same key with a \
                 different request is 422 `IDEMPOTENCY_KEY_REUSED`. Keys are scoped to the caller and the route.",
            ))
            .schema(Some(key))
            .build()]
    }
}

/// 422 on creating routes: an `Idempotency-Key` reused for a different request.
pub struct IdempotencyKeyReused;

impl<'r> ToResponse<'r> for IdempotencyKeyReused {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        error_response(
            "IdempotencyKeyReused",
            "`IDEMPOTENCY_KEY_REUSED`: this `Idempotency-Key` was used, within the last 24 hours, for a different request on this \
             route; nothing was created. Use a new key for a new request.",
        )
    }
}

// ---------------------------------------------------------------------------------- bodies --

/// `POST /auth/token`.
#[derive(ToSchema)]
pub struct TokenRequest {
    pub username: LoginName,
    #[schema(format = Password, min_length = 1)]
    pub password: String,
}

/// `POST /auth/token` → 200. The token is in `data` like every answer, and repeated at the top
/// level, where OAuth2 client libraries look for `access_token`.
#[derive(ToSchema)]
pub struct TokenResponse {
    pub status: SuccessStatus,
    pub data: IssuedToken,
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    pub expires_in: u64,
    pub metadata: Metadata,
}

/// `POST /admin/users`. The role's binding is required (`patient_id` for a patient, `doctor_id`
/// for a doctor, `provider_id` for a provider) and a binding foreign to the role is refused:
/// `org_id` only for doctors, providers, insurers and admins.
#[derive(ToSchema)]
pub struct NewUserRequest {
    pub username: LoginName,
    pub password: Password,
    pub role: Role,
    pub patient_id: Option<PatientId>,
    pub doctor_id: Option<DoctorId>,
    pub provider_id: Option<ProviderId>,
    pub org_id: Option<OrgId>,
}

/// `POST /admin/users` → 201.
#[derive(ToSchema)]
pub struct CreatedUser {
    /// The user's subject (`sub`), the actor in audit records.
    pub user_id: String,
    pub username: String,
    pub role: Role,
    pub bindings: Bindings,
}

/// `GET /admin/users` → 200 `data`.
#[derive(ToSchema)]
pub struct UserList {
    pub users: Vec<mediclear_ports::identity::UserSummary>,
    /// Continue with this as `next_token`; `null` on the last page.
    pub next_token: Option<String>,
    pub count: usize,
}

/// `GET /preauth/cases` → 200: newest first.
#[derive(ToSchema)]
pub struct CaseList {
    pub cases: Vec<Case>,
    /// Pass as `next_token` for the next page; null on the last page.
    #[schema(required = true)]
    pub next_token: Option<String>,
    /// How many cases this page holds.
    pub count: u64,
}

/// `POST /preauth/criteria/match`.
#[derive(ToSchema)]
pub struct CriteriaMatchRequest {
    pub procedure_code: ProcedureCode,
    /// Whose records the criteria are judged against (a provider's retrieval is confined to the
    /// records it uploaded).
    pub patient_id: PatientId,
    /// Absent or null means none.
    #[schema(required = false, nullable)]
    pub diagnosis_codes: Vec<mediclear_domain::codes::DiagnosisCode>,
}

/// The document types retrieval can read (`documents::ACCEPTED_CONTENT_TYPES`).
#[derive(ToSchema)]
pub enum DocumentContentType {
    #[schema(rename = "application/pdf")]
    Pdf,
    #[schema(rename = "text/plain")]
    Text,
}

/// `POST /preauth/records` as JSON: the file as `text` (plain text) or `content_base64` —
/// exactly one of them. At most 6 MiB once decoded; a PDF must start with `%PDF-`, text must be
/// UTF-8 (or UTF-16 with a byte-order mark).
#[derive(ToSchema)]
pub struct RecordUploadJson {
    pub patient_id: PatientId,
    /// A plain file name: no path, at most 255 characters, not ending in `.metadata.json`.
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
    /// Required with `content_base64`; `text` implies `text/plain`.
    pub content_type: Option<DocumentContentType>,
    /// The document's text (not blank).
    #[schema(min_length = 1)]
    pub text: Option<String>,
    #[schema(content_encoding = "base64", min_length = 1)]
    pub content_base64: Option<String>,
}

/// `POST /preauth/records` as `multipart/form-data`: a `file` part and the same fields as form
/// fields. `file_name` and `content_type` default to the file part's own.
#[derive(ToSchema)]
pub struct RecordUploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub patient_id: PatientId,
    #[schema(max_length = 255)]
    pub file_name: Option<String>,
    pub content_type: Option<DocumentContentType>,
}

/// `POST /preauth/records` → 202 `data`.
#[derive(ToSchema)]
pub struct RecordStored {
    pub record_id: RecordId,
    pub job_id: JobId,
    pub patient_id: PatientId,
    pub file_name: String,
}

/// `POST /preauth/policies` as JSON: the policy file as `text` or `content_base64`, exactly one.
/// Same limits as a record.
#[derive(ToSchema)]
pub struct PolicyUploadJson {
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// The procedures the policy covers: at least one; duplicates collapse.
    #[schema(min_items = 1)]
    pub procedure_codes: Vec<ProcedureCode>,
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
    pub content_type: Option<DocumentContentType>,
    /// The policy's text (not blank).
    #[schema(min_length = 1)]
    pub text: Option<String>,
    #[schema(content_encoding = "base64", min_length = 1)]
    pub content_base64: Option<String>,
}

/// `POST /preauth/policies` as `multipart/form-data`.
#[derive(ToSchema)]
pub struct PolicyUploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// Comma-separated (`27447,27446`): form fields are strings.
    #[schema(example = "27447,27446")]
    pub procedure_codes: String,
    #[schema(max_length = 255)]
    pub file_name: Option<String>,
    pub content_type: Option<DocumentContentType>,
}

/// `POST /documents/upload` as JSON.
#[derive(ToSchema)]
pub struct DocumentUploadJson {
    pub patient_id: PatientId,
    pub document_type: mediclear_domain::health::document::DocumentType,
    /// The document's date (`YYYY-MM-DD`, not in the future).
    #[schema(value_type = Option<String>, format = Date)]
    pub document_date: Option<String>,
    /// A plain file name: no path, at most 255 characters.
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
    /// The file: PDF, JPEG, PNG or plain text, decided by its bytes; at most 6 MB decoded.
    #[schema(content_encoding = "base64", min_length = 1)]
    pub content_base64: String,
}

/// `POST /documents/upload` as `multipart/form-data`.
#[derive(ToSchema)]
pub struct DocumentUploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub patient_id: PatientId,
    pub document_type: mediclear_domain::health::document::DocumentType,
    #[schema(value_type = Option<String>, format = Date)]
    pub document_date: Option<String>,
    /// Defaults to the file part's name.
    #[schema(max_length = 255)]
    pub file_name: Option<String>,
}

/// `POST /documents/upload` → 202 `data`.
#[derive(ToSchema)]
pub struct DocumentStored {
    pub job_id: JobId,
    pub document_id: mediclear_domain::ids::DocumentId,
    pub status_url: String,
    pub document: crate::api::documents::DocumentView,
}

/// `POST /documents/upload-url` (the file's fields without the file).
#[derive(ToSchema)]
pub struct UploadUrlRequest {
    pub patient_id: PatientId,
    pub document_type: mediclear_domain::health::document::DocumentType,
    #[schema(value_type = Option<String>, format = Date)]
    pub document_date: Option<String>,
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
}

/// `POST /documents/upload-url` → 201 `data`: PUT the file's bytes to `upload_url` before
/// `expires_at`; its arrival starts the pipeline.
#[derive(ToSchema)]
pub struct UploadUrlIssued {
    pub document_id: mediclear_domain::ids::DocumentId,
    pub job_id: JobId,
    pub upload_url: String,
    pub expires_at: DateTime<Utc>,
    pub status_url: String,
}

/// `GET /patients/{id}/documents` → 200 `data`.
#[derive(ToSchema)]
pub struct DocumentList {
    pub documents: Vec<crate::api::documents::DocumentView>,
    /// Pass as `next_token` for the next page; `null` on the last.
    pub next_token: Option<String>,
}

/// `POST /rag/refresh`.
#[derive(ToSchema)]
pub struct RefreshRequest {
    pub patient_id: PatientId,
    pub trigger: mediclear_domain::health::refresh::RefreshTrigger,
}

/// `GET /patients/{id}/refreshes` → 200 `data`.
#[derive(ToSchema)]
pub struct RefreshList {
    pub refreshes: Vec<mediclear_domain::health::refresh::Refresh>,
    pub next_token: Option<String>,
}

/// `POST /documents/{id}/transcription`.
#[derive(ToSchema)]
pub struct TranscriptionRequest {
    /// The document's text as a person read it (at most 1 MB).
    #[schema(min_length = 1)]
    pub text: String,
}

/// `POST /preauth/policies` → 202 `data`.
#[derive(ToSchema)]
pub struct PolicyStored {
    pub policy_id: PolicyId,
    pub job_id: JobId,
    pub title: String,
    pub procedure_codes: Vec<ProcedureCode>,
}

/// `"ok"`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum LiveStatus {
    Ok,
}

/// `GET /health`, `GET /health/live` → 200: the function runs.
#[derive(ToSchema)]
pub struct Liveness {
    pub status: LiveStatus,
    #[schema(example = "mediclear")]
    pub service: String,
    /// The deployed build's version.
    pub version: String,
}

/// `"ready"`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ReadyStatus {
    Ready,
}

/// `GET /health/ready` → 200.
#[derive(ToSchema)]
pub struct Readiness {
    pub status: ReadyStatus,
    pub components: Vec<ComponentStatus>,
}

/// `POST /patients/onboard`: who the patient is, their answers to the questionnaire, and — to
/// create their login — a username and password (required when registering oneself).
#[derive(ToSchema)]
pub struct OnboardRequest {
    pub demographics: DemographicsInput,
    /// Question id → answer, as `GET /patients/questionnaire` describes each (all optional).
    #[schema(value_type = Option<Object>)]
    pub answers: Option<BTreeMap<String, Value>>,
    pub username: Option<LoginName>,
    #[schema(format = Password, min_length = 12, max_length = 256)]
    pub password: Option<String>,
}

/// A patient's demographics as sent.
#[derive(ToSchema)]
pub struct DemographicsInput {
    #[schema(min_length = 1, max_length = 100)]
    pub given_name: String,
    #[schema(min_length = 1, max_length = 100)]
    pub family_name: String,
    /// `YYYY-MM-DD`, in the past.
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// `female`, `male`, `intersex` or `unknown` (`f`/`m` accepted).
    pub sex: String,
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    #[schema(max_length = 16)]
    pub postal_code: Option<String>,
    #[schema(max_length = 35)]
    pub preferred_language: Option<String>,
}

/// `PUT /patients/{id}`: new demographics (replacing the old) and/or answers (merged; `null`
/// clears one), at the version read (`version` here or `If-Match`).
#[derive(ToSchema)]
pub struct PatientUpdateRequest {
    #[schema(minimum = 1)]
    pub version: Option<u64>,
    pub demographics: Option<DemographicsInput>,
    #[schema(value_type = Option<Object>)]
    pub answers: Option<BTreeMap<String, Value>>,
}

/// A credential document as JSON.
#[derive(ToSchema)]
pub struct CredentialDocumentJson {
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
    /// The file (PDF, PNG or JPEG, decided by its bytes), at most 6 MiB decoded.
    #[schema(content_encoding = "base64", min_length = 1)]
    pub content_base64: String,
}

/// `POST /doctors/onboard` as JSON.
#[derive(ToSchema)]
pub struct DoctorOnboardJson {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(format = Email, min_length = 3, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 200)]
    pub specialization: String,
    pub degree_document: CredentialDocumentJson,
    pub license_document: CredentialDocumentJson,
    pub username: LoginName,
    #[schema(format = Password, min_length = 12, max_length = 256)]
    pub password: String,
}

/// `POST /doctors/onboard` as `multipart/form-data`: the same fields, the documents as file parts.
#[derive(ToSchema)]
pub struct DoctorOnboardForm {
    pub name: String,
    pub email: String,
    pub specialization: String,
    #[schema(value_type = String, format = Binary)]
    pub degree_document: Vec<u8>,
    #[schema(value_type = String, format = Binary)]
    pub license_document: Vec<u8>,
    pub username: LoginName,
    #[schema(format = Password)]
    pub password: String,
}

/// `POST /doctors/onboard` → 201 `data`.
#[derive(ToSchema)]
pub struct DoctorOnboarded {
    pub doctor_id: DoctorId,
    pub credentials: mediclear_domain::health::doctor::Credentials,
    /// The credential fields that could not be read, for the reviewer.
    pub unread_fields: Vec<String>,
    pub verification_status: mediclear_domain::health::doctor::VerificationStatus,
}

/// `GET /doctors` → 200 `data`.
#[derive(ToSchema)]
pub struct DoctorList {
    pub doctors: Vec<mediclear_domain::health::doctor::Doctor>,
    /// Continue with this as `next_token`; `null` on the last page.
    pub next_token: Option<String>,
    pub count: usize,
}

/// `POST /doctors/{id}/verification`.
#[derive(ToSchema)]
pub struct VerificationRequest {
    /// `VERIFIED` or `REJECTED` (any letter case).
    pub status: String,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// `POST /doctors/{id}/patients`.
#[derive(ToSchema)]
pub struct AssignmentRequest {
    pub patient_id: PatientId,
}

/// `DELETE /doctors/{id}/patients/{patient_id}` → 200 `data`.
#[derive(ToSchema)]
pub struct Revoked {
    pub doctor_id: DoctorId,
    pub patient_id: PatientId,
    /// False when there was no such assignment.
    pub revoked: bool,
    /// The doctor's open chat threads with the patient, closed now (0 or 1).
    pub threads_closed: usize,
}

// ----------------------------------------------------------------------------- PHI reports --

/// `POST /connections` and `POST /connections/test`: a hospital's database and how to reach it.
#[derive(ToSchema)]
pub struct ConnectionRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub connection_name: String,
    pub org_id: mediclear_domain::ids::OrgId,
    /// `PostgreSQL`, `MySQL` (MariaDB too) or `MongoDB`.
    pub database_type: mediclear_domain::reports::schema::DatabaseType,
    /// A host name or IP address (no scheme, port or path).
    #[schema(min_length = 1, max_length = 253)]
    pub host: String,
    /// Default: 5432, 3306 or 27017 by type.
    #[schema(minimum = 1, maximum = 65535)]
    pub port: Option<u32>,
    #[schema(min_length = 1, max_length = 128)]
    pub database_name: String,
    /// Required except for a MongoDB without authentication.
    #[schema(max_length = 128)]
    pub username: Option<String>,
    /// Sealed before it is stored; never returned.
    #[schema(format = Password, max_length = 1024)]
    pub password: Option<String>,
    pub options: Option<mediclear_domain::reports::connection::ConnectionOptions>,
}

/// `PUT /connections/{id}`: the fields to change; a password omitted keeps the stored one.
#[derive(ToSchema)]
pub struct ConnectionUpdate {
    #[schema(min_length = 1, max_length = 100)]
    pub connection_name: Option<String>,
    pub org_id: Option<mediclear_domain::ids::OrgId>,
    pub database_type: Option<mediclear_domain::reports::schema::DatabaseType>,
    #[schema(min_length = 1, max_length = 253)]
    pub host: Option<String>,
    #[schema(minimum = 1, maximum = 65535)]
    pub port: Option<u32>,
    #[schema(min_length = 1, max_length = 128)]
    pub database_name: Option<String>,
    #[schema(max_length = 128)]
    pub username: Option<String>,
    #[schema(format = Password, max_length = 1024)]
    pub password: Option<String>,
    pub options: Option<mediclear_domain::reports::connection::ConnectionOptions>,
}

/// `POST /queries/generate`: a report request in plain English for one connection.
#[derive(ToSchema)]
pub struct GenerateRequest {
    pub connection_id: mediclear_domain::ids::ConnectionId,
    /// e.g. "Show me patient 1234's visits from the last 6 months".
    #[schema(min_length = 1, max_length = 500)]
    pub query: String,
}

/// `POST /queries/validate`: a SQL query, or a MongoDB pipeline and its collection.
#[derive(ToSchema)]
pub struct ValidateRequest {
    pub connection_id: mediclear_domain::ids::ConnectionId,
    #[schema(max_length = 65536)]
    pub sql: Option<String>,
    /// Stages, each an object with one `$stage` key.
    #[schema(value_type = Option<Vec<Object>>)]
    pub pipeline: Option<Value>,
    #[schema(max_length = 255)]
    pub collection: Option<String>,
}

/// `POST /reports`: a report request in plain English, and the file wanted.
#[derive(ToSchema)]
pub struct ReportRequestBody {
    pub connection_id: mediclear_domain::ids::ConnectionId,
    #[schema(min_length = 1, max_length = 500)]
    pub query: String,
    /// `pdf` (default) or `csv`.
    #[schema(pattern = "^([Pp][Dd][Ff]|[Cc][Ss][Vv])$")]
    pub format: Option<String>,
}

/// Where a score component or a risk marker was read: a document (`"<file name> (<type>)"`, its
/// id) or the onboarding questionnaire (`"Onboarding questionnaire"`, `questionnaire`).
#[derive(ToSchema)]
pub struct InsightSource {
    pub source: String,
    pub source_id: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<String>,
}

/// One health-score component.
#[derive(ToSchema)]
pub struct ScoreComponent {
    /// 0–100; absent when `status` is `insufficient_data`.
    #[schema(minimum = 0, maximum = 100)]
    pub score: Option<u8>,
    #[schema(pattern = "^(excellent|good|fair|needs_attention|insufficient_data)$")]
    pub status: String,
    /// One line that says why.
    pub description: String,
    pub sources: Vec<InsightSource>,
}

/// The six components.
#[derive(ToSchema)]
pub struct ScoreComponents {
    pub screening_compliance: ScoreComponent,
    pub physical_activity: ScoreComponent,
    pub stress_relaxation: ScoreComponent,
    pub healthy_nutrition: ScoreComponent,
    pub regular_health_tests: ScoreComponent,
    pub follow_up_adherence: ScoreComponent,
}

/// `GET /patients/{id}/health-score` → 200 `data`.
#[derive(ToSchema)]
pub struct HealthScoreView {
    pub patient_id: PatientId,
    pub version: u64,
    /// When this version was computed.
    #[schema(value_type = String, format = DateTime)]
    pub last_updated: String,
    /// The mean of the components with data; `null` when none has.
    #[schema(minimum = 0, maximum = 100)]
    pub overall_score: Option<u8>,
    pub components_with_data: u8,
    /// Against the previous version: `improving`, `declining`, `stable`, or `new`.
    pub trend: String,
    pub components: ScoreComponents,
    /// The rules' version (`score-rules/1`).
    pub rules_version: String,
}

/// A risk marker found.
#[derive(ToSchema)]
pub struct RiskIndicatorView {
    pub indicator: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub detected_date: Option<String>,
    /// The document's title and type, or "Onboarding questionnaire".
    pub source: String,
    pub source_id: String,
}

/// The markers by level.
#[derive(ToSchema)]
pub struct RiskCategoriesView {
    pub high_risk: Vec<RiskIndicatorView>,
    pub medium_risk: Vec<RiskIndicatorView>,
    pub low_risk: Vec<RiskIndicatorView>,
}

/// A test the stage recommends.
#[derive(ToSchema)]
pub struct RecommendedTestView {
    pub test: String,
    pub stage: u8,
    #[schema(pattern = "^(present|missing)$")]
    pub status: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_date: Option<String>,
}

/// `GET /patients/{id}/risk-assessment` → 200 `data`.
#[derive(ToSchema)]
pub struct RiskAssessmentView {
    pub patient_id: PatientId,
    pub version: u64,
    #[schema(value_type = String, format = DateTime)]
    pub last_updated: String,
    #[schema(pattern = "^(HIGH|MEDIUM|LOW)$")]
    pub overall_risk: String,
    pub risk_categories: RiskCategoriesView,
    pub recommendation: String,
    pub urgency: String,
    /// 1 low risk, 2 medium or high risk, 3 a breast-cancer patient.
    #[schema(minimum = 1, maximum = 3)]
    pub stage: u8,
    pub recommended_tests: Vec<RecommendedTestView>,
    pub rules_version: String,
}

/// `POST /patients/{id}/chat`.
#[derive(ToSchema)]
pub struct PatientChatRequest {
    /// The question (at most 4,000 characters).
    #[schema(min_length = 1, max_length = 4000)]
    pub message: String,
    /// Continue this conversation; a new one when absent.
    pub conversation_id: Option<String>,
}

/// A passage an answer used.
#[derive(ToSchema)]
pub struct ChatSourceView {
    /// The document's title (its file name).
    pub title: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<String>,
    pub document_id: String,
    pub chunk_id: String,
}

/// `POST /patients/{id}/chat` → 200 `data` (and the `done` event of the stream).
#[derive(ToSchema)]
pub struct ChatAnswer {
    pub response: String,
    pub sources: Vec<ChatSourceView>,
    pub conversation_id: String,
    /// True for a critical question: the answer is the redirect sentence.
    pub requires_doctor_consultation: bool,
    /// False when the records did not answer the question (the response says so).
    pub answered_from_records: bool,
}

/// `POST /doctors/{id}/chat`.
#[derive(ToSchema)]
pub struct DoctorChatRequest {
    pub patient_id: PatientId,
    #[schema(min_length = 1, max_length = 4000)]
    pub message: String,
    pub conversation_id: Option<String>,
    /// Stored with the turn, and used in retrieval and the prompt (at most 4,000 characters).
    #[schema(max_length = 4000)]
    pub additional_context: Option<String>,
}

/// Computed from the patient's records.
#[derive(ToSchema)]
pub struct PatientSummaryStatsView {
    pub age: Option<u32>,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_consultation: Option<String>,
    pub active_conditions: Vec<String>,
}

/// `POST /doctors/{id}/chat` → 200 `data`.
#[derive(ToSchema)]
pub struct DoctorChatAnswer {
    pub response: String,
    pub sources: Vec<ChatSourceView>,
    pub conversation_id: String,
    pub patient_id: PatientId,
    pub requires_doctor_consultation: bool,
    pub answered_from_records: bool,
    pub patient_summary_stats: PatientSummaryStatsView,
}

/// A message of a conversation.
#[derive(ToSchema)]
pub struct ChatMessageView {
    /// `user` or `assistant`.
    pub role: String,
    pub text: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: String,
    pub sources: Vec<ChatSourceView>,
    pub additional_context: Option<String>,
    pub requires_doctor_consultation: bool,
}

/// `GET /patients/{id}/conversations/{conversation_id}` → 200 `data`.
#[derive(ToSchema)]
pub struct ConversationView {
    pub conversation_id: String,
    pub patient_id: PatientId,
    pub messages: Vec<ChatMessageView>,
    /// The older turns, summarised, when they no longer fit whole.
    pub summary: Option<String>,
    pub closed: bool,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: String,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: String,
}

/// One problem of a FHIR request, at its element.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct OperationOutcomeIssue {
    /// `error` or `warning`.
    #[schema(example = "error")]
    pub severity: String,
    /// The FHIR issue type: `structure`, `required`, `value`, `not-found`, `invalid`,
    /// `not-supported`, `too-costly`, `duplicate`.
    #[schema(example = "required")]
    pub code: String,
    /// What is wrong, never a value the request carried.
    pub diagnostics: String,
    /// The element, by FHIRPath from the Bundle root (`Bundle.entry[0].resource.item[1].productOrService`).
    pub expression: Vec<String>,
}

/// A FHIR R4 `OperationOutcome`: why a FHIR request was refused.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct OperationOutcome {
    #[schema(example = "OperationOutcome")]
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    pub issue: Vec<OperationOutcomeIssue>,
}

/// A FHIR R4 Bundle (a Da Vinci PAS request or response); its entries are FHIR resources.
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct FhirBundle {
    #[schema(example = "Bundle")]
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    /// `collection`.
    #[schema(example = "collection")]
    pub r#type: String,
    /// `{fullUrl, resource}`; a request's first entry is the Claim, a response's the ClaimResponse.
    #[schema(value_type = Vec<Object>)]
    pub entry: Vec<Value>,
}
