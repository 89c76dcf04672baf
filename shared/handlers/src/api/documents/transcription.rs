//! `POST /api/v1/documents/{document_id}/transcription` (admins, the patient's verified assigned
//! doctors): the text of a document nobody's OCR could read, typed or checked by a person. The
//! document must be waiting for review (`NEEDS_REVIEW`); its text is stored as a transcription
//! and the pipeline resumes at tier 2 (enrich, then index).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::document::{DocumentStatus, Extraction, ExtractionMethod, Tier};
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::accepted;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::workflow::Workflow;
use mediclear_ports::limited::{Uses, blob_ops, document_ops, job_ops};

use crate::api::documents::{DocumentView, path_document, reach};
use crate::api::patients::Gate;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{Accepted, BodyTooLarge, ErrorEnvelope, InternalError, NotJson, Throttled, TranscriptionRequest, Unauthorized};
use crate::tasks::pipeline::Tracker;

pub const PATH: &str = "/api/v1/documents/{document_id}/transcription";

/// The longest transcription accepted.
pub const MAX_TRANSCRIPTION_BYTES: usize = 1024 * 1024;

/// What this handler calls on its ports — it reads the record, stores the text, moves the record and its job on (through the tracker). Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::PUT, documents: document_ops::GET | document_ops::UPDATE, jobs: job_ops::GET | job_ops::PUT, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub gate: Gate,
    pub workflow: Arc<dyn Workflow>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(transcribe)).with_state(deps))
}

/// Post a document's transcription.
///
/// **Who:** admins, doctors assigned to the patient once verified. The patient cannot (403);
/// anyone else gets 404, as for a document that does not exist.
#[utoipa::path(
    post,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    params(("document_id" = mediclear_domain::ids::DocumentId, Path, description = "The document.")),
    request_body(content = TranscriptionRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Stored; the document continues at tier 2 (`status_url`).", body = Accepted<crate::api::documents::DocumentView>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_DOCUMENT_ID`, `INVALID_BODY`, `INVALID_TEXT` (missing, blank, or over 1 MB)."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role never transcribes (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such document, or not one this caller may reach."),
        (status = 409, body = ErrorEnvelope, description = "`NOT_AWAITING_REVIEW`: the document is not waiting for a transcription."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage or the workflow is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn transcribe(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(raw): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let document_id = path_document(&raw)?;
    let f = Fields::of(&body)?;
    let text = f.required_str("text")?;
    if text.len() > MAX_TRANSCRIPTION_BYTES {
        return Err(ValidationError::invalid("text", "text is longer than 1 MB").into());
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(ValidationError::invalid("text", "text must contain the document's words").into());
    }
    let mut document = reach(&deps.tracker.documents, &deps.gate, &caller, PatientAction::Transcribe, &document_id).await?;
    if document.status != DocumentStatus::NeedsReview {
        return Err(ApiError::conflict("NOT_AWAITING_REVIEW", "the document is not waiting for a transcription"));
    }
    let waiting = document.clone();
    deps.blobs.put(&document.text_key(), text.as_bytes().to_vec(), "text/plain; charset=utf-8").await.map_err(|e| ApiError::from_port(e, "document"))?;
    document.extraction = Some(Extraction {
        method: ExtractionMethod::Transcription,
        engine: format!("transcribed by {}", caller.role.as_str()),
        pages: 0,
        confidence: None,
        characters: text.chars().count() as u64,
    });
    document.done(Tier::Extract);
    let transcriptions = document.updated_at.timestamp_millis();
    deps.tracker.save(&mut document, DocumentStatus::Analyzing, None).await.map_err(|e| match e.error_type.as_str() {
        "DocumentNotFound" => ApiError::not_found("document"),
        "DependencyUnavailable" => ApiError::unavailable(),
        _ => ApiError::internal(&e.message),
    })?;
    let name = format!("{}-t{transcriptions}", document.document_id);
    if let Err(e) = deps.workflow.start(&name, &json!({"document_id": document.document_id, "start_at": "enrich"})).await {
        // Not started: the document waits for review again, so the transcription can be posted anew.
        let mut waiting = waiting;
        let reason = waiting.reason.clone();
        let _ = deps.tracker.save(&mut waiting, DocumentStatus::NeedsReview, reason).await;
        return Err(ApiError::from_port(e, "document"));
    }
    deps.audit.action(&caller, "document.transcribe", Resource { kind: "document", id: document_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    let status_url = format!("/api/v1/jobs/{}", document.job_id);
    Ok(accepted(document.job_id.as_str(), "transcription stored; the document continues at tier 2", &status_url, DocumentView::from(&document)))
}
