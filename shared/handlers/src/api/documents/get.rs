//! `GET /api/v1/documents/{document_id}` (the patient, their verified assigned doctors): the
//! document's record, its status and tiers, the extracted text, the vision annotations and the
//! dates and risk markers tagged in it. The read is audited before anything is returned.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::limited::{Uses, blob_ops, document_ops};

use crate::api::documents::{DocumentDetail, DocumentView, path_document, reach};
use crate::api::patients::Gate;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/documents/{document_id}";

/// The most text one answer carries (the whole text is indexed).
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// What this handler calls on its ports — it reads the record and the stored text. Its Lambda limits the AWS adapters to
/// this, and the local runtime the offline ones (`mediclear_ports::limited`).
pub const USES: Uses = Uses { blobs: blob_ops::GET, documents: document_ops::GET, ..Uses::NONE };

#[derive(Clone)]
pub struct Deps {
    pub documents: Arc<dyn DocumentStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_document)).with_state(deps))
}

/// `text` cut at a character boundary at most `limit` bytes in; whether it was cut.
fn clipped(text: String, limit: usize) -> (String, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    let end = (0..=limit).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    (text[..end].to_string(), true)
}

/// Read a document and what the pipeline read from it.
///
/// **Who:** the patient, doctors assigned to them once verified. Anyone else gets 404, as for a
/// document that does not exist; admins get 403 (they read no clinical content).
#[utoipa::path(
    get,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    params(("document_id" = mediclear_domain::ids::DocumentId, Path, description = "The document.")),
    responses(
        (status = 200, description = "The document; `text` is at most 256 KiB (`text_truncated`).", body = Success<DocumentDetail>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_DOCUMENT_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role never reads clinical content (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such document, or not one this caller may see."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: storage is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_document(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, Path(raw): Path<String>) -> ApiResult {
    let document_id = path_document(&raw)?;
    let document = reach(&deps.documents, &deps.gate, &caller, PatientAction::ReadClinical, &document_id).await?;
    let text = match document.extraction {
        Some(_) => deps.blobs.get(&document.text_key()).await.map_err(|e| ApiError::from_port(e, "document"))?.map(|b| String::from_utf8_lossy(&b.bytes).into_owned()),
        None => None,
    };
    let (text, text_truncated) = match text {
        Some(text) => {
            let (text, cut) = clipped(text, MAX_TEXT_BYTES);
            (Some(text), cut)
        }
        None => (None, false),
    };
    deps.audit.read(&caller, "document.read", Resource { kind: "document", id: document_id.as_str() }, Outcome::Succeeded, &request_id.0).await?;
    Ok(success(DocumentDetail {
        document: DocumentView::from(&document),
        text,
        text_truncated,
        extraction: document.extraction.clone(),
        enrichment: document.enrichment.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::clipped;

    #[test]
    fn text_is_cut_on_a_character_boundary() {
        assert_eq!(clipped("abc".into(), 10), ("abc".into(), false));
        assert_eq!(clipped("aé".into(), 2), ("a".into(), true));
    }
}
