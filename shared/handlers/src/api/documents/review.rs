//! `GET /api/v1/review/documents` (admins): the manual review queue — documents whose text could
//! not be extracted (OCR unavailable or unable to read them), oldest first. The queue shows what
//! a reviewer needs to find and transcribe the file (ids, type, date, file name, why), never its
//! content.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use http::Uri;
use serde_json::json;

use mediclear_domain::audit::Outcome;
use mediclear_domain::identity::Role;
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::query::Query;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::documents::DocumentStore;

use crate::api::documents::DocumentView;
use crate::api::require_role;
use crate::audit::Auditor;
use crate::openapi::schemas::{DocumentList, ErrorEnvelope, InternalError, Pagination, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/review/documents";

#[derive(Clone)]
pub struct Deps {
    pub documents: Arc<dyn DocumentStore>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(review_queue)).with_state(deps))
}

/// The manual review queue.
///
/// **Who:** admins. A document leaves the queue when its transcription is posted.
#[utoipa::path(
    get,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    params(Pagination),
    responses(
        (status = 200, description = "Oldest first.", body = Success<DocumentList>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_LIMIT`, `INVALID_NEXT_TOKEN`, `INVALID_QUERY`."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the document store is unavailable, or the read could not be audited."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn review_queue(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, uri: Uri) -> ApiResult {
    require_role(&caller, &[Role::Admin])?;
    let query = Query::from_uri(&uri, &["limit", "next_token"])?;
    let page = query.page()?;
    let listed = deps.documents.needing_review(page.limit, page.next_token.as_deref()).await.map_err(|e| match e {
        PortError::Rejected(reason) => ApiError::from(ValidationError::invalid("next_token", reason)),
        other => ApiError::from_port(other, "documents"),
    })?;
    let ids: Vec<&str> = listed.documents.iter().map(|d| d.document_id.as_str()).collect();
    deps.audit.read_each(&caller, "document.review_queue", "document", &ids, Outcome::Succeeded, &request_id.0).await?;
    let documents: Vec<DocumentView> = listed.documents.iter().map(DocumentView::from).collect();
    Ok(success(json!({"documents": documents, "next_token": listed.next_token})))
}
