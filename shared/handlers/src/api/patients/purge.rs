//! `DELETE /api/v1/patients/{patient_id}` (the patient, admins): purges everything MediClear
//! holds of the patient — the profile and answers, the login, the care-team assignments, every
//! stored file (all versions) under the patient's prefixes, every health document's record and
//! processing job, every indexed chunk, every version of the health score and risk assessment, and
//! every conversation — and reports
//! how much of each it removed. The audit trail keeps ids only (who purged which patient, when);
//! no content. Purging again is harmless: it finds nothing and says so.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::delete;
use chrono::Utc;
use serde::Serialize;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::identity::LoginName;
use mediclear_domain::ids::PatientId;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::chat::ConversationStore;
use mediclear_ports::insights::InsightStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::jobs::JobStore;
use mediclear_ports::refreshes::RefreshStore;
use mediclear_ports::knowledge::{ChunkIndexReader, ChunkIndexWriter};
use mediclear_ports::patients::{CareTeam, PatientStore};
use mediclear_ports::limited::{Uses, blob_ops, user_ops};

use crate::api::patients::{Gate, path_patient};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/patients/{patient_id}";

/// What this handler calls on its ports — it removes every stored version under the patient's prefixes and the login. Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::DELETE_PREFIX, directory: user_ops::DELETE_USER, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub patients: Arc<dyn PatientStore>,
    pub care_team: Arc<dyn CareTeam>,
    pub directory: Arc<dyn UserDirectory>,
    pub blobs: Arc<dyn BlobStore>,
    pub documents: Arc<dyn DocumentStore>,
    pub jobs: Arc<dyn JobStore>,
    pub refreshes: Arc<dyn RefreshStore>,
    pub insights: Arc<dyn InsightStore>,
    pub conversations: Arc<dyn ConversationStore>,
    pub index_reader: Arc<dyn ChunkIndexReader>,
    pub index_writer: Arc<dyn ChunkIndexWriter>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, delete(purge_patient)).with_state(deps))
}

/// The storage prefixes that hold a patient's files.
pub fn patient_prefixes(patient_id: &PatientId) -> [String; 4] {
    [format!("records/{patient_id}/"), format!("documents/{patient_id}/"), format!("patients/{patient_id}/"), format!("derived/{patient_id}/")]
}

/// What a purge removed, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Purged {
    /// The profile with its answers (0 or 1).
    pub patient: usize,
    /// The patient's login (0 or 1).
    pub login: usize,
    pub doctor_assignments: usize,
    /// Stored files (each counted once, however many versions it had).
    pub files: usize,
    /// Health documents' records, and their processing jobs.
    pub documents: usize,
    pub jobs: usize,
    /// The record's refreshes.
    pub refreshes: usize,
    /// Stored versions of the health score and the risk assessment.
    pub insight_versions: usize,
    /// Chat conversations (the patient's and each doctor's thread).
    pub conversations: usize,
    /// Indexed documents, and their chunks.
    pub indexed_documents: usize,
    pub chunks: usize,
}

impl Purged {
    fn is_nothing(&self) -> bool {
        *self == Purged::default()
    }
}

/// `DELETE` → 200.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PurgeReport {
    pub patient_id: PatientId,
    pub purged: Purged,
    /// True when nothing was left to remove (a repeated purge).
    pub nothing_left: bool,
}

/// Purge a patient and everything held of them.
///
/// **Who:** the patient, admins. Reports what was removed; a second purge finds nothing and says
/// so (`nothing_left`). The audit trail keeps the ids of who purged whom, never content.
#[utoipa::path(
    delete,
    path = PATH,
    tag = "patients",
    security(("cognito_id_token" = [])),
    params(("patient_id" = PatientId, Path, description = "The patient.")),
    responses(
        (status = 200, description = "Purged (or nothing was left).", body = Success<PurgeReport>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_PATIENT_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may never do this (see **Who**), or the token carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: not a patient this caller may purge."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: a store is unavailable; what was purged stays purged, and repeating the request finishes \\
                           the rest."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn purge_patient(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let patient_id = path_patient(&raw)?;
    deps.gate.check(&caller, PatientAction::Delete, &patient_id).await?;
    let port = |e| ApiError::from_port(e, "patient");
    let mut purged = Purged::default();

    // Derived data first, the profile last: an interrupted purge is finished by repeating it,
    // and until then the profile still names the login to remove.
    let documents: BTreeSet<String> =
        deps.index_reader.patient_chunks(&patient_id).await.map_err(port)?.into_iter().map(|(document, _)| document.document_id).collect();
    for document_id in &documents {
        purged.chunks += deps.index_writer.delete_document(document_id).await.map_err(port)?;
    }
    purged.indexed_documents = documents.len();
    // The health documents' jobs are found through the records, so they go first.
    let mut token = None;
    loop {
        let page = deps.documents.for_patient(&patient_id, 100, token.as_deref()).await.map_err(port)?;
        for document in &page.documents {
            if deps.jobs.delete(&document.job_id).await.map_err(port)? {
                purged.jobs += 1;
            }
        }
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    purged.documents = deps.documents.delete_for_patient(&patient_id).await.map_err(port)?;
    purged.refreshes = deps.refreshes.delete_for_patient(&patient_id).await.map_err(port)?;
    purged.insight_versions = deps.insights.delete_for_patient(&patient_id).await.map_err(port)?;
    purged.conversations = deps.conversations.delete_for_patient(&patient_id).await.map_err(port)?;
    for prefix in patient_prefixes(&patient_id) {
        purged.files += deps.blobs.delete_prefix(&prefix).await.map_err(port)?;
    }
    for assignment in deps.care_team.doctors_of(&patient_id).await.map_err(port)? {
        if deps.care_team.revoke(&assignment.doctor_id, &patient_id).await.map_err(port)? {
            purged.doctor_assignments += 1;
        }
    }
    if let Some(patient) = deps.patients.get(&patient_id).await.map_err(port)? {
        if let Some(username) = patient.username.as_deref().and_then(|u| LoginName::parse(u).ok())
            && deps.directory.delete_user(&username).await.map_err(port)?
        {
            purged.login = 1;
        }
        if deps.patients.delete(&patient_id).await.map_err(port)? {
            purged.patient = 1;
        }
    }
    let resource = Resource { kind: "patient", id: patient_id.as_str() };
    deps.audit.action(&caller, "patient.purge", resource, Outcome::Succeeded, &request_id.0).await;
    tracing::info!(patient_id = %patient_id, at = %Utc::now(), "patient purged");
    let nothing_left = purged.is_nothing();
    Ok(success(PurgeReport { patient_id, purged, nothing_left }))
}
