//! `GET /api/v1/doctors/{doctor_id}` (that doctor, admins): the profile, the credentials read from
//! the documents (and which could not be), the verification status, and the patients assigned to
//! the doctor (ids and dates: the doctor's worklist), and short-lived (5-minute) download links to
//! the two credential documents as uploaded, so a reviewer reads the extracted fields beside the
//! documents they came from. Anyone else: 404 for a doctor, or 403 for a role that never reads
//! doctors.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::doctor::Doctor;
use mediclear_domain::identity::Role;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::doctors::DoctorStore;
use mediclear_ports::limited::{Uses, blob_ops};
use mediclear_ports::patients::CareTeam;

use crate::api::doctors::{CREDENTIAL_TYPES, path_doctor};
use crate::api::require_role;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/doctors/{doctor_id}";

/// What this handler calls on its ports — beyond reading the doctor and the care team, it only
/// presigns downloads of the credential documents. Its Lambda limits the bucket to that.
pub const USES: Uses = Uses { blobs: blob_ops::PRESIGN_GET, ..Uses::NONE };

/// How long a credential document's link works.
pub const DOCUMENT_LINK_LIFETIME: std::time::Duration = std::time::Duration::from_secs(300);

#[derive(Clone)]
pub struct Deps {
    pub doctors: Arc<dyn DoctorStore>,
    pub care_team: Arc<dyn CareTeam>,
    /// The documents bucket, where the credential documents are kept.
    pub blobs: Arc<dyn BlobStore>,
    pub audit: Auditor,
}

/// Which credential document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CredentialKind {
    Degree,
    License,
}

/// A credential document as uploaded (pictures without their metadata), to read beside the
/// fields extracted from it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CredentialDocument {
    pub kind: CredentialKind,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: &'static str,
    /// A `GET` link to the document; it works for `expires_in_seconds`.
    pub download_url: String,
    pub expires_in_seconds: u64,
}

/// A patient assigned to the doctor.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AssignedPatient {
    pub patient_id: mediclear_domain::ids::PatientId,
    pub assigned_at: chrono::DateTime<chrono::Utc>,
}

/// The doctor, with the patients assigned to them, newest assignment first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DoctorProfile {
    #[serde(flatten)]
    pub doctor: Doctor,
    pub assigned_patients: Vec<AssignedPatient>,
    /// The degree and the licence as uploaded, each behind a short-lived link.
    pub credential_documents: Vec<CredentialDocument>,
}

/// The document's type, from the extension it was stored with (the type its bytes were
/// recognised as at sign-up).
fn content_type_of(extension: &str) -> &'static str {
    CREDENTIAL_TYPES.iter().find(|(_, known)| *known == extension).map_or("application/octet-stream", |(content_type, _)| content_type)
}

async fn credential_documents(blobs: &dyn BlobStore, doctor: &Doctor) -> Result<Vec<CredentialDocument>, ApiError> {
    let mut documents = Vec::with_capacity(2);
    for (kind, key, name) in [(CredentialKind::Degree, &doctor.degree_document_key, "degree"), (CredentialKind::License, &doctor.license_document_key, "license")] {
        let extension = key.rsplit_once('.').map_or("", |(_, ext)| ext);
        let file_name = format!("{}-{name}.{extension}", doctor.doctor_id.as_str());
        let download_url = blobs.presign_get(key, &file_name, DOCUMENT_LINK_LIFETIME).await.map_err(|e| ApiError::from_port(e, "doctor"))?;
        documents.push(CredentialDocument { kind, content_type: content_type_of(extension), download_url, expires_in_seconds: DOCUMENT_LINK_LIFETIME.as_secs() });
    }
    Ok(documents)
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_doctor)).with_state(deps))
}

/// Read a doctor.
///
/// **Who:** that doctor, admins.
#[utoipa::path(
    get,
    path = PATH,
    tag = "doctors",
    security(("cognito_id_token" = [])),
    params(("doctor_id" = mediclear_domain::ids::DoctorId, Path, description = "The doctor.")),
    responses(
        (status = 200, description = "The doctor, with the patients assigned to them and 5-minute links to the credential documents.",
            body = Success<DoctorProfile>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_DOCTOR_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role never reads doctors (patients, providers, insurers), or the token carries no MediClear \\
                           role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such doctor, or another doctor."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_doctor(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    require_role(&caller, &[Role::Admin, Role::Doctor])?;
    let doctor_id = path_doctor(&raw)?;
    if caller.role == Role::Doctor && caller.bindings.doctor_id.as_ref() != Some(&doctor_id) {
        return Err(ApiError::not_found("doctor"));
    }
    let doctor = deps.doctors.get(&doctor_id).await.map_err(|e| ApiError::from_port(e, "doctor"))?.ok_or_else(|| ApiError::not_found("doctor"))?;
    let mut assigned = deps.care_team.patients_of(&doctor_id).await.map_err(|e| ApiError::from_port(e, "doctor"))?;
    assigned.sort_by(|a, b| b.assigned_at.cmp(&a.assigned_at).then_with(|| a.patient_id.as_str().cmp(b.patient_id.as_str())));
    let assigned_patients = assigned.into_iter().map(|a| AssignedPatient { patient_id: a.patient_id, assigned_at: a.assigned_at }).collect();
    let credential_documents = credential_documents(deps.blobs.as_ref(), &doctor).await?;
    deps.audit.read(&caller, "doctor.read", Resource { kind: "doctor", id: doctor_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(DoctorProfile { doctor, assigned_patients, credential_documents }))
}
