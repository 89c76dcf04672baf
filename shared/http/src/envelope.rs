//! The response envelope (API.md):
//! success `{"status":"success","data":…,"metadata":{"timestamp","request_id"}}`,
//! accepted `{"status":"accepted","job_id","message","status_url",…}`,
//! error `{"status":"error","error":{"code","message","details"},"metadata":…}`.
//!
//! Handlers build the envelope without metadata ([`pending`]); [`layer`] — the one middleware every
//! function router has — assigns the request id, completes `metadata` and sets `x-request-id`,
//! so no handler can forget either.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde_json::{Value, json};

use crate::caller::RequestId;

/// An envelope waiting for its metadata, carried in the response's extensions.
#[derive(Debug, Clone)]
pub struct PendingEnvelope(pub Value);

/// A response whose body [`layer`] will write.
pub fn pending(status: StatusCode, envelope: Value) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response.extensions_mut().insert(PendingEnvelope(envelope));
    response
}

/// 200 with `data`.
pub fn success<T: Serialize>(data: T) -> Response {
    with_status(StatusCode::OK, data)
}

/// 201 with `data` (a created resource).
pub fn created<T: Serialize>(data: T) -> Response {
    with_status(StatusCode::CREATED, data)
}

fn with_status<T: Serialize>(status: StatusCode, data: T) -> Response {
    match success_envelope(data) {
        Ok(envelope) => pending(status, envelope),
        Err(e) => e.into_response(),
    }
}

/// 202: long work started. `data` carries the created resource (case, record ids) so a client
/// has what it needs without a second call.
pub fn accepted<T: Serialize>(job_id: &str, message: &str, status_url: &str, data: T) -> Response {
    match accepted_envelope(job_id, message, status_url, data) {
        Ok(envelope) => pending(StatusCode::ACCEPTED, envelope),
        Err(e) => e.into_response(),
    }
}

/// The envelope [`accepted`] answers with, for a handler that also keeps it (an idempotent
/// request's first answer).
pub fn accepted_envelope<T: Serialize>(job_id: &str, message: &str, status_url: &str, data: T) -> Result<Value, crate::ApiError> {
    let data = serde_json::to_value(data).map_err(|e| crate::ApiError::internal(&e))?;
    Ok(json!({"status": "accepted", "job_id": job_id, "message": message, "status_url": status_url, "data": data}))
}

/// The envelope [`success`] and [`created`] answer with.
pub fn success_envelope<T: Serialize>(data: T) -> Result<Value, crate::ApiError> {
    let data = serde_json::to_value(data).map_err(|e| crate::ApiError::internal(&e))?;
    Ok(json!({"status": "success", "data": data}))
}

/// The request id: API Gateway's (from the request context), else a client-sent `x-request-id`
/// that looks like an id, else a fresh one.
fn request_id_of(request: &Request) -> String {
    use lambda_http::RequestExt;
    let from_gateway = request.request_context_ref().and_then(|ctx| match ctx {
        lambda_http::request::RequestContext::ApiGatewayV1(c) => c.request_id.clone(),
        lambda_http::request::RequestContext::WebSocket(c) => c.request_id.clone(),
        _ => None,
    });
    from_gateway
        .or_else(|| {
            request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .map(str::to_string)
        })
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Assigns the request id and completes every pending envelope.
pub async fn layer(mut request: Request, next: Next) -> Response {
    let request_id = request_id_of(&request);
    request.extensions_mut().insert(RequestId(request_id.clone()));
    let mut response = next.run(request).await;
    if let Some(PendingEnvelope(mut envelope)) = response.extensions_mut().remove::<PendingEnvelope>() {
        if envelope.get("status").and_then(Value::as_str) != Some("accepted") || envelope.get("metadata").is_none() {
            envelope["metadata"] = json!({
                "timestamp": Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                "request_id": request_id,
            });
        }
        let bytes = serde_json::to_vec(&envelope).unwrap_or_default();
        *response.body_mut() = Body::from(bytes);
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    if let Some(origin) = cors_origin() {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        // Readable by browser dashboards: the request id, how long to wait after a 429, and
        // whether an answer is an idempotent replay.
        response.headers_mut().insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("x-request-id, retry-after, idempotent-replayed"));
    }
    response
}

/// The origin browser dashboards may read responses from (`CORS_ALLOW_ORIGIN`, set by the
/// template; unset offline, where the dashboard and API share an origin or use a proxy).
fn cors_origin() -> Option<&'static HeaderValue> {
    static ORIGIN: std::sync::OnceLock<Option<HeaderValue>> = std::sync::OnceLock::new();
    ORIGIN
        .get_or_init(|| std::env::var("CORS_ALLOW_ORIGIN").ok().filter(|o| !o.is_empty()).and_then(|o| HeaderValue::from_str(&o).ok()))
        .as_ref()
}
