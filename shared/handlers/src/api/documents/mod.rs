//! The document routes of health insights: upload (body or presigned URL), a patient's list, one
//! document with what the pipeline read from it, the manual review queue and transcriptions.
//! Access is the patient gate's (`crate::api::patients::Gate`): clinical content is for the
//! patient and the doctors assigned to them once verified; admins see only the review queue and
//! transcribe. Whoever may not see a document gets 404, as for one that does not exist.

pub mod get;
pub mod list;
pub mod review;
pub mod transcription;
pub mod upload;
pub mod upload_url;

use std::sync::Arc;

use serde::Serialize;

use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::document::{DocumentStatus, DocumentType, Enrichment, Extraction, PatientDocument, Tier};
use mediclear_domain::identity::Caller;
use mediclear_domain::ids::{DocumentId, JobId, PatientId};
use mediclear_http::ApiError;
use mediclear_ports::documents::DocumentStore;

use crate::api::patients::Gate;

/// A document as the API shows it (without its text; `GET /documents/{id}` adds that).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub document_id: DocumentId,
    pub patient_id: PatientId,
    pub document_type: DocumentType,
    #[schema(value_type = Option<String>, format = Date)]
    pub document_date: Option<chrono::NaiveDate>,
    pub file_name: String,
    pub content_type: Option<String>,
    pub size: u64,
    pub status: DocumentStatus,
    /// Why it failed or waits for review, in words a patient can act on.
    pub reason: Option<String>,
    pub tiers_done: Vec<Tier>,
    pub job_id: JobId,
    pub status_url: String,
    pub chunk_count: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<&PatientDocument> for DocumentView {
    fn from(d: &PatientDocument) -> Self {
        DocumentView {
            document_id: d.document_id.clone(),
            patient_id: d.patient_id.clone(),
            document_type: d.document_type,
            document_date: d.document_date,
            file_name: d.file_name.clone(),
            content_type: d.content_type.clone(),
            size: d.size,
            status: d.status,
            reason: d.reason.clone(),
            tiers_done: d.tiers_done.clone(),
            status_url: format!("/api/v1/jobs/{}", d.job_id),
            job_id: d.job_id.clone(),
            chunk_count: d.chunk_count,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// A document with what the pipeline read from it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentDetail {
    #[serde(flatten)]
    pub document: DocumentView,
    /// The extracted (or transcribed) text; `null` until tier 1 is done.
    pub text: Option<String>,
    /// Whether `text` was cut at the API's limit (the whole text is indexed).
    pub text_truncated: bool,
    pub extraction: Option<Extraction>,
    /// Vision annotations, dates and risk markers with their dates.
    pub enrichment: Option<Enrichment>,
}

/// A document id from the path.
pub fn path_document(raw: &str) -> Result<DocumentId, ApiError> {
    Ok(DocumentId::parse(raw)?)
}

/// The document, if `caller` may do `action` to its patient; 404 otherwise (403 when the role
/// never may).
pub async fn reach(documents: &Arc<dyn DocumentStore>, gate: &Gate, caller: &Caller, action: PatientAction, id: &DocumentId) -> Result<PatientDocument, ApiError> {
    if !mediclear_domain::health::access::role_may(caller.role, action) {
        return Err(ApiError::forbidden());
    }
    let document = documents.get(id).await.map_err(|e| ApiError::from_port(e, "document"))?.ok_or_else(|| ApiError::not_found("document"))?;
    gate.check(caller, action, &document.patient_id).await.map_err(|e| if e.status == http::StatusCode::NOT_FOUND { ApiError::not_found("document") } else { e })?;
    Ok(document)
}
