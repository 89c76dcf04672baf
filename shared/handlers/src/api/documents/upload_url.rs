//! `POST /api/v1/documents/upload-url` (the patient, their verified assigned doctors): the
//! document's fields without the file → a presigned `PUT` link for a file larger than the API's
//! body limit. The document and its job are created now (`AWAITING_UPLOAD`); the file's arrival
//! raises the S3 event that starts the pipeline, which decides the type by the bytes and strips
//! a picture's metadata exactly as for a direct upload.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;
use http::StatusCode;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::{pending, success_envelope};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::jobs::JobStore;
use mediclear_ports::limited::{Uses, blob_ops, document_ops, job_ops};

use crate::api::documents::upload::{DocumentFields, new_document, store_document};
use crate::api::patients::{Gate, problems};
use crate::audit::{Auditor, Resource};
use crate::documents::file_name;
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Success, Throttled, Unauthorized, UploadUrlIssued, UploadUrlRequest};

pub const PATH: &str = "/api/v1/documents/upload-url";

/// How long an upload link works.
pub const UPLOAD_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// The largest file an upload link is for (the pipeline refuses larger ones).
pub const MAX_LINKED_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// What this handler calls on its ports — it presigns the PUT, writes the job and the record (and marks both failed if the record cannot be stored). Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::PRESIGN_PUT, documents: document_ops::CREATE | document_ops::UPDATE, jobs: job_ops::PUT, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub documents: Arc<dyn DocumentStore>,
    pub jobs: Arc<dyn JobStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(upload_url)).with_state(deps))
}

/// Get an upload link for a large document.
///
/// **Who:** the patient, doctors assigned to them once verified. Anyone else gets 404 for the
/// patient, as for one that does not exist; roles that never upload get 403.
#[utoipa::path(
    post,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    request_body(content = UploadUrlRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "`PUT` the file's bytes to `upload_url` before `expires_at` (15 minutes; at most 50 MB). Its arrival starts \\
                                      the pipeline; follow `status_url`.", body = Success<UploadUrlIssued>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`, `INVALID_PATIENT_ID`, `INVALID_DOCUMENT_TYPE`, `INVALID_DOCUMENT_DATE`, `INVALID_FILE_NAME`: missing or \\
                           malformed; every problem is listed in `details.problems` when there are several."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role never uploads documents (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may reach."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn upload_url(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    if !mediclear_domain::health::access::role_may(caller.role, PatientAction::AddDocuments) {
        return Err(ApiError::forbidden());
    }
    let f = Fields::of(&body)?;
    let mut all = Vec::new();
    let fields = DocumentFields::read(&f, &mut all);
    let name = f.required_str("file_name").and_then(file_name).map_err(|e| all.push(e)).ok();
    let (Some(fields), Some(name), true) = (fields, name, all.is_empty()) else {
        return Err(problems(all));
    };
    deps.gate.check(&caller, PatientAction::AddDocuments, &fields.patient_id).await?;
    let (document, job) = new_document(&caller, &fields, name, None);
    let port = |e| ApiError::from_port(e, "document");
    let upload_url = deps.blobs.presign_put(&document.key, UPLOAD_LINK_LIFETIME).await.map_err(port)?;
    store_document(deps.documents.as_ref(), deps.jobs.as_ref(), deps.blobs.as_ref(), &document, &job, None, None).await.map_err(port)?;
    let expires_at = Utc::now() + chrono::Duration::from_std(UPLOAD_LINK_LIFETIME).unwrap_or_default();
    deps.audit.action(&caller, "document.upload_url", Resource { kind: "document", id: document.document_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    let envelope = success_envelope(json!({
        "document_id": document.document_id,
        "job_id": job.job_id,
        "upload_url": upload_url,
        "expires_at": expires_at,
        "max_bytes": MAX_LINKED_UPLOAD_BYTES,
        "status_url": format!("/api/v1/jobs/{}", job.job_id),
    }))?;
    Ok(pending(StatusCode::CREATED, envelope))
}
