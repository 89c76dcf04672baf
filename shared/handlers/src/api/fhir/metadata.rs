//! `GET /api/v1/fhir/metadata` (anyone): the CapabilityStatement of MediClear's PAS server.

use axum::Router;
use axum::routing::get;
use chrono::Utc;
use http::{HeaderMap, StatusCode};

use mediclear_domain::fhir::capability_statement;
use mediclear_http::ApiResult;
use mediclear_http::router::function_router;

use crate::api::fhir::{base_url, fhir_response};
use crate::openapi::schemas::{InternalError, Throttled};

pub const PATH: &str = "/api/v1/fhir/metadata";

pub fn router() -> Router {
    function_router(Router::new().route(PATH, get(metadata)))
}

/// What MediClear's FHIR server supports.
///
/// **Who:** anyone, without a token (FHIR clients read it before they authenticate). A FHIR R4
/// `CapabilityStatement` (`application/fhir+json`): server mode, JSON, `Claim` with the Da Vinci
/// PAS `$submit` and `$inquire` operations.
#[utoipa::path(
    get,
    path = PATH,
    tag = "fhir",
    responses(
        (status = 200, description = "The CapabilityStatement.", content_type = "application/fhir+json", body = Object),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
    ),
)]
async fn metadata(headers: HeaderMap) -> ApiResult {
    Ok(fhir_response(StatusCode::OK, &capability_statement(&base_url(&headers), Utc::now())))
}
