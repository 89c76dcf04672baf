//! The client-facing error. Each has a status and a stable code (API.md: 400 names the field,
//! 401 no/invalid token, 403 not allowed, 404 absent or not visible, 409 conflict, 413, 415,
//! 422, 429, 5xx only for real faults). A 5xx never carries internal text: the detail is logged
//! (ids and technical reasons only) and the client gets a generic message.

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::{Map, Value, json};

use mediclear_domain::validation::ValidationError;
use mediclear_ports::PortError;

use crate::envelope::pending;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Map<String, Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self { status, code: code.to_string(), message: message.into(), details: Map::new() }
    }

    pub fn with_detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_string(), value.into());
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "a valid bearer token is required")
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", "your role is not allowed to do this")
    }

    /// Absent, or not visible to this caller: the two are indistinguishable on purpose.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", format!("{what} not found"))
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", format!("the request body exceeds {limit_bytes} bytes"))
    }

    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", message)
    }

    pub fn unprocessable(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 429: wait `retry_after_seconds` (sent as `Retry-After`, and in `details`).
    pub fn throttled(retry_after_seconds: u64) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "THROTTLED", format!("too many attempts; retry after {retry_after_seconds} seconds"))
            .with_detail("retry_after_seconds", retry_after_seconds)
    }

    pub fn unavailable() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "a dependency is temporarily unavailable; retry shortly")
    }

    /// A real fault. `detail` goes to the log only.
    pub fn internal(detail: &dyn std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an internal error occurred")
    }

    /// Maps a port error met while serving a request. `what` names the resource for 404s.
    pub fn from_port(error: PortError, what: &str) -> Self {
        match error {
            PortError::NotFound => Self::not_found(what),
            PortError::Conflict(reason) => Self::conflict("CONFLICT", reason),
            PortError::Rejected(reason) => Self::unprocessable("UNPROCESSABLE", reason),
            PortError::Throttled { retry_after_seconds } => Self::throttled(retry_after_seconds),
            PortError::Unavailable(reason) => {
                tracing::warn!(%reason, "dependency unavailable");
                Self::unavailable()
            }
            other @ (PortError::InvalidOutput(_) | PortError::Internal(_)) => Self::internal(&other),
        }
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, &e.code, e.message).with_detail("field", e.field)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = (self.status == StatusCode::TOO_MANY_REQUESTS)
            .then(|| self.details.get("retry_after_seconds").and_then(Value::as_u64))
            .flatten();
        let mut response = pending(
            self.status,
            json!({"status": "error", "error": {"code": self.code, "message": self.message, "details": self.details}}),
        );
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}
