//! `POST /api/v1/doctors/onboard` (public: anyone signing up as a doctor): the profile, the degree
//! and licence documents, and a login. The documents' types are decided by their bytes (PDF, PNG
//! or JPEG; pictures lose their EXIF before storage); their text is read and the five credential
//! fields extracted (Textract queries on AWS; text layer or OCR, then MediClear's parser,
//! offline). The doctor is stored `PENDING_MANUAL_REVIEW` whatever was read, with the fields that
//! could not be read flagged for the reviewer. The login is created first and removed again if
//! anything after it fails.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::routing::post;
use base64::Engine;
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::doctor::{Doctor, DoctorProfile, VerificationStatus};
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::DoctorId;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::{MAX_BODY_BYTES, is_json, parse_json_object};
use mediclear_http::caller::RequestId;
use mediclear_http::envelope::{pending, success_envelope};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::credentials::CredentialReader;
use mediclear_ports::doctors::DoctorStore;
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::limited::{Uses, blob_ops, doctor_ops, user_ops};

use crate::api::doctors::CREDENTIAL_TYPES;
use crate::api::patients::problems;
use crate::audit::{Auditor, Resource};
use crate::documents::MAX_DOCUMENT_BYTES;
use crate::idempotency::{Begin, Idempotency, canonical_json};
use crate::openapi::schemas::{
    BodyTooLarge, DoctorOnboardForm, DoctorOnboardJson, DoctorOnboarded, ErrorEnvelope, IdempotencyKeyHeader, IdempotencyKeyReused, InternalError,
    Success, Throttled,
};

pub const PATH: &str = "/api/v1/doctors/onboard";

/// What this handler calls on its ports — it stores the documents, the login and the doctor, and undoes the first two when a later step fails. Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::PUT | blob_ops::DELETE_PREFIX, directory: user_ops::CREATE_USER | user_ops::DELETE_USER, doctors: doctor_ops::CREATE, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub doctors: Arc<dyn DoctorStore>,
    pub directory: Arc<dyn UserDirectory>,
    pub blobs: Arc<dyn BlobStore>,
    pub reader: Arc<dyn CredentialReader>,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(onboard_doctor)).with_state(deps))
}

/// A credential document, checked: its bytes (without picture metadata) and their type.
struct CredentialFile {
    bytes: Vec<u8>,
    extension: &'static str,
    content_type: &'static str,
}

/// Why a document was refused (415 for a type that is not accepted).
enum FileProblem {
    Invalid(ValidationError),
    TooLarge,
    Unsupported(&'static str),
}

fn checked_file(field: &'static str, bytes: Vec<u8>) -> Result<CredentialFile, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Invalid(ValidationError::invalid(field, format!("{field} is empty; please upload the document again"))));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(FileProblem::TooLarge);
    }
    let sniffed = mediclear_documents::sniff(&bytes);
    let Some(&(content_type, extension)) = CREDENTIAL_TYPES.iter().find(|(known, _)| Some(*known) == sniffed) else {
        return Err(FileProblem::Unsupported(field));
    };
    let bytes = mediclear_documents::strip_image_metadata(&bytes)
        .map_err(|_| FileProblem::Invalid(ValidationError::invalid(field, format!("{field} is damaged or incomplete; please upload it again"))))?;
    Ok(CredentialFile { bytes, extension, content_type })
}

/// The request: the fields as JSON and the two documents' bytes.
struct SignUp {
    fields: Value,
    degree: Vec<u8>,
    license: Vec<u8>,
}

/// `{file_name, content_base64}` of a JSON document field, decoded.
fn json_document(fields: &Value, field: &'static str) -> Result<Vec<u8>, ApiError> {
    let document = fields.get(field).filter(|v| !v.is_null()).ok_or_else(|| ValidationError::missing(field))?;
    let f = Fields::of(document).map_err(|_| ValidationError::invalid(field, format!("{field} must be an object with file_name and content_base64")))?;
    let encoded = f.optional_str("content_base64").map_err(|_| ValidationError::invalid(field, format!("{field}.content_base64 must be a string")))?;
    let encoded = encoded.ok_or_else(|| ValidationError::invalid(field, format!("{field}.content_base64 is required")))?;
    if encoded.len() > MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
        return Err(ApiError::payload_too_large(MAX_DOCUMENT_BYTES));
    }
    let cleaned: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|_| ValidationError::invalid(field, format!("{field}.content_base64 is not valid base64")))?)
}

/// The form's parts read by name; others are ignored.
const FORM_FIELDS: [&str; 7] = ["name", "email", "specialization", "username", "password", "degree_document", "license_document"];

async fn read_sign_up(request: Request) -> Result<SignUp, ApiError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let invalid = || ApiError::from(ValidationError::invalid("body", "the multipart body is not valid"));
        let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| invalid())?;
        let (mut fields, mut degree, mut license) = (Map::new(), None, None);
        while let Some(part) = multipart.next_field().await.map_err(|_| invalid())? {
            let Some(name) = part.name().and_then(|n| FORM_FIELDS.iter().copied().find(|known| *known == n)) else { continue };
            match name {
                "degree_document" => degree = Some(part.bytes().await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?.to_vec()),
                "license_document" => license = Some(part.bytes().await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?.to_vec()),
                _ => {
                    let text = part.text().await.map_err(|_| ApiError::from(ValidationError::invalid(name, format!("{name} is not valid text"))))?;
                    fields.insert(name.to_string(), Value::String(text));
                }
            }
        }
        let degree = degree.ok_or_else(|| ApiError::from(ValidationError::missing("degree_document")))?;
        let license = license.ok_or_else(|| ApiError::from(ValidationError::missing("license_document")))?;
        return Ok(SignUp { fields: Value::Object(fields), degree, license });
    }
    if !content_type.is_empty() && !is_json(&content_type) {
        return Err(ApiError::unsupported_media_type("this route takes application/json or multipart/form-data"));
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
    let fields = parse_json_object(&bytes)?;
    let degree = json_document(&fields, "degree_document")?;
    let license = json_document(&fields, "license_document")?;
    Ok(SignUp { fields, degree, license })
}

/// Sign up as a doctor.
///
/// **Who:** anyone (public). The doctor starts `PENDING_MANUAL_REVIEW` and reaches no patient
/// until an admin verifies them.
#[utoipa::path(
    post,
    path = PATH,
    tag = "doctors",
    params(IdempotencyKeyHeader),
    request_body(content(
        (DoctorOnboardJson = "application/json"),
        (DoctorOnboardForm = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "Signed up, awaiting review; `credentials` holds what could be read, `unread_fields` what could not.",
            body = Success<DoctorOnboarded>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object, or not valid multipart. `INVALID_NAME`, `INVALID_EMAIL`, `INVALID_SPECIALIZATION`, \\
                           `INVALID_USERNAME`, `INVALID_PASSWORD`: missing or malformed. `INVALID_DEGREE_DOCUMENT`, `INVALID_LICENSE_DOCUMENT`: \\
                           missing, empty, not base64, or damaged — upload it again. `INVALID_IDEMPOTENCY_KEY`. Every problem is listed in \\
                           `details.problems` when there are several."),
        (status = 409, body = ErrorEnvelope, description = "`USERNAME_TAKEN`: the requested username exists."),
        (status = 413, response = BodyTooLarge),
        (status = 415, body = ErrorEnvelope,
            description = "`UNSUPPORTED_MEDIA_TYPE`: a body that is neither JSON nor multipart, or a document that is not a PDF, PNG or JPEG \\
                           (decided by its bytes; `details.field` names it)."),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage or the user directory is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn onboard_doctor(State(deps): State<Deps>, request_id: RequestId, headers: HeaderMap, request: Request) -> ApiResult {
    let sign_up = read_sign_up(request).await?;
    let mut all = Vec::new();
    let profile = DoctorProfile::from_json(&sign_up.fields).map_err(|mut e| all.append(&mut e)).ok();
    let login = Fields::of(&sign_up.fields).and_then(|f| {
        let username = LoginName::parse(f.required_str("username")?)?;
        let password = Password::parse(f.required_str("password")?)?;
        Ok((username, password))
    });
    let login = login.map_err(|e| all.push(e)).ok();
    let mut files = Vec::new();
    for (field, bytes) in [("degree_document", sign_up.degree), ("license_document", sign_up.license)] {
        match checked_file(field, bytes) {
            Ok(file) => files.push(file),
            Err(FileProblem::TooLarge) => return Err(ApiError::payload_too_large(MAX_DOCUMENT_BYTES)),
            Err(FileProblem::Unsupported(field)) => {
                return Err(ApiError::unsupported_media_type(format!("{field} must be a PDF, PNG or JPEG file")).with_detail("field", field));
            }
            Err(FileProblem::Invalid(e)) => all.push(e),
        }
    }
    let (Some(profile), Some((username, password)), [degree, license]) = (profile, login, files.as_slice()) else {
        return Err(problems(all));
    };
    if !all.is_empty() {
        return Err(problems(all));
    }

    let mut fingerprinted = sign_up.fields.clone();
    if let Some(fields) = fingerprinted.as_object_mut() {
        fields.remove("password");
    }
    let scope = format!("doctor-sign-up:{}", username.as_str());
    let claim = match deps.idempotency.begin(&headers, &scope, "POST /api/v1/doctors/onboard", &[&canonical_json(&fingerprinted), &degree.bytes, &license.bytes]).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };

    let doctor_id = DoctorId::generate();
    let user = NewUser::new(username.clone(), password, Role::Doctor, Bindings { doctor_id: Some(doctor_id.clone()), ..Default::default() })?;
    let created = match deps.directory.create_user(&user).await {
        Ok(created) => created,
        Err(PortError::Conflict(_)) => return Err(ApiError::conflict("USERNAME_TAKEN", "a user with this username already exists")),
        Err(e) => return Err(ApiError::from_port(e, "user")),
    };
    let stored = store_doctor(&deps, &doctor_id, profile, &username, degree, license).await;
    let doctor = match stored {
        Ok(doctor) => doctor,
        Err(e) => {
            // No login (or files) left behind by a sign-up that did not complete.
            let _ = deps.directory.delete_user(&username).await;
            let _ = deps.blobs.delete_prefix(&format!("doctors/{doctor_id}/")).await;
            return Err(e);
        }
    };
    let resource = Resource { kind: "doctor", id: doctor_id.as_str() };
    deps.audit.action(&created, "doctor.onboard", resource, Outcome::Succeeded, &request_id.0).await;
    tracing::info!(doctor_id = %doctor_id, unread = doctor.unread_fields.len(), "doctor signed up; awaiting review");
    let envelope = success_envelope(json!({
        "doctor_id": doctor.doctor_id,
        "credentials": doctor.credentials,
        "unread_fields": doctor.unread_fields,
        "verification_status": doctor.verification_status,
    }))?;
    if let Some(claim) = &claim
        && let Some(winner) = deps.idempotency.save(claim, &claim.answer(StatusCode::CREATED, &envelope)).await?
    {
        return Ok(winner);
    }
    Ok(pending(StatusCode::CREATED, envelope))
}

/// Stores the documents, reads them, and stores the doctor awaiting review.
async fn store_doctor(
    deps: &Deps,
    doctor_id: &DoctorId,
    profile: DoctorProfile,
    username: &LoginName,
    degree: &CredentialFile,
    license: &CredentialFile,
) -> Result<Doctor, ApiError> {
    let port = |e| ApiError::from_port(e, "doctor");
    let degree_key = format!("doctors/{doctor_id}/degree.{}", degree.extension);
    let license_key = format!("doctors/{doctor_id}/license.{}", license.extension);
    deps.blobs.put(&degree_key, degree.bytes.clone(), degree.content_type).await.map_err(port)?;
    deps.blobs.put(&license_key, license.bytes.clone(), license.content_type).await.map_err(port)?;
    let credentials = deps.reader.read(&degree.bytes, &license.bytes).await.map_err(port)?;
    let now = Utc::now();
    let doctor = Doctor {
        doctor_id: doctor_id.clone(),
        name: profile.name,
        email: profile.email,
        specialization: profile.specialization,
        unread_fields: credentials.unread().into_iter().map(str::to_string).collect(),
        credentials,
        verification_status: VerificationStatus::PendingManualReview,
        verification_note: None,
        reviewed_by: None,
        reviewed_at: None,
        username: Some(username.as_str().to_string()),
        degree_document_key: degree_key,
        license_document_key: license_key,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    deps.doctors.create(&doctor).await.map_err(port)?;
    Ok(doctor)
}
