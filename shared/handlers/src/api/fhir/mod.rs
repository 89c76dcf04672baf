//! The FHIR R4 Da Vinci PAS endpoints (API.md, Prior authorization): EHRs file and follow prior
//! authorizations as PAS Bundles instead of MediClear's JSON.
//!
//! - [`claim`] — `POST /fhir/Claim/$submit` and `POST /fhir/Claim/$inquire` (provider).
//! - [`metadata`] — `GET /fhir/metadata` (anyone): the CapabilityStatement.
//!
//! Answers are FHIR resources (`application/fhir+json`), not MediClear's envelope: a Bundle, or
//! an `OperationOutcome` for a request the route refuses (400 invalid, 404 unknown claim, 409 a
//! different request under a trace number already used, 413, 415). A missing or invalid token,
//! or a role that may not use the route, is refused before the route runs, in the envelope every
//! route uses.

pub mod claim;
pub mod metadata;

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use mediclear_domain::fhir::{Issue, operation_outcome};

/// The FHIR media type.
pub const FHIR_JSON: &str = "application/fhir+json";

/// A FHIR resource as the answer.
pub fn fhir_response(status: StatusCode, resource: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, FHIR_JSON)], serde_json::to_vec(resource).unwrap_or_default()).into_response()
}

/// An `OperationOutcome` of `issues` with `status`.
pub fn refused(status: StatusCode, issues: &[Issue]) -> Response {
    fhir_response(status, &operation_outcome(issues))
}

/// The FHIR base the request reached (`https://host/api/v1/fhir`), for the `fullUrl`s of what
/// MediClear answers: the scheme API Gateway forwarded (else `http`, the offline runtime's) and
/// the `Host` header (else the offline default).
pub fn base_url(headers: &HeaderMap) -> String {
    let header_text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
    let scheme = header_text("x-forwarded-proto").filter(|p| matches!(*p, "http" | "https")).unwrap_or("http");
    let host = header_text(header::HOST.as_str())
        .filter(|h| h.len() <= 255 && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
        .unwrap_or("127.0.0.1:3000");
    format!("{scheme}://{host}/api/v1/fhir")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_follows_the_forwarded_scheme_and_a_well_formed_host() {
        let mut headers = HeaderMap::new();
        assert_eq!(base_url(&headers), "http://127.0.0.1:3000/api/v1/fhir");
        headers.insert(header::HOST, "abc.execute-api.us-east-1.amazonaws.com".parse().unwrap());
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(base_url(&headers), "https://abc.execute-api.us-east-1.amazonaws.com/api/v1/fhir");
        headers.insert(header::HOST, "evil.example/<script>".parse().unwrap());
        assert_eq!(base_url(&headers), "https://127.0.0.1:3000/api/v1/fhir", "a host that is not a host name is not echoed");
    }
}
