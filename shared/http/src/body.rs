//! Request bodies. MediClear's JSON routes take a JSON object; anything else is refused with a
//! status that says why: 415 for a non-JSON content type, 413 past the size limit, 400
//! `INVALID_BODY` for malformed JSON or a non-object. Field-level problems are the domain's to
//! name (see `mediclear_domain::validation::Fields`).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use http::header;
use serde_json::Value;

use crate::ApiError;

/// Upper bound for JSON bodies: API Gateway's payload limit is 10 MB; uploads arrive base64 in
/// JSON, so documents up to about 7 MB fit.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// A JSON object body.
#[derive(Debug, Clone)]
pub struct JsonBody(pub Value);

/// Parses bytes as a JSON object body.
pub fn parse_json_object(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::from(mediclear_domain::validation::ValidationError::invalid("body", "a JSON object body is required")));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::from(mediclear_domain::validation::ValidationError::invalid(
            "body",
            format!("the body is not valid JSON (line {}, column {})", e.line(), e.column()),
        ))
    })?;
    if !value.is_object() {
        return Err(ApiError::from(mediclear_domain::validation::ValidationError::invalid("body", "the body must be a JSON object")));
    }
    Ok(value)
}

/// Whether a content type is JSON (`application/json`, `application/*+json`, with parameters).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        if let Some(ct) = &content_type {
            if !is_json(ct) {
                return Err(ApiError::unsupported_media_type("this route takes application/json"));
            }
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|_| ApiError::payload_too_large(MAX_BODY_BYTES))?;
        parse_json_object(&bytes).map(JsonBody)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/fhir+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("multipart/form-data; boundary=x"));
    }

    #[test]
    fn bodies_must_be_json_objects() {
        assert!(parse_json_object(br#"{"a":1}"#).is_ok());
        for bad in [&b""[..], b"  ", b"[1]", b"{\"a\":", b"\"x\""] {
            assert_eq!(parse_json_object(bad).unwrap_err().code, "INVALID_BODY");
        }
    }
}
