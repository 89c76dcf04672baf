//! The offline REST gateway: what API Gateway and its Cognito authorizer do on AWS.
//!
//! For each request it finds the template route (method + path with `{param}`s), verifies the
//! bearer token on authorized routes (401 in MediClear's envelope otherwise, as the deployed
//! gateway responses do), and builds the very event API Gateway would send — REST proxy format,
//! with `requestContext.authorizer.claims` as strings — which `lambda_http` turns into the request
//! the function's router sees. The function's response goes back unchanged.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http::StatusCode;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

use mediclear_local_adapters::directory::LocalIssuer;

use crate::registry::{Function, Registry};
use crate::template::RestRoute;

/// A compiled route.
#[derive(Debug, Clone)]
struct Compiled {
    route: RestRoute,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Param(String),
}

impl Compiled {
    fn new(route: RestRoute) -> Self {
        let segments = route
            .path
            .trim_matches('/')
            .split('/')
            .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name.trim_end_matches('+').to_string()),
                None => Segment::Literal(s.to_string()),
            })
            .collect();
        Self { route, segments }
    }

    fn matches(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = BTreeMap::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(l) if l == part => {}
                Segment::Param(name) if !part.is_empty() => {
                    params.insert(name.clone(), part.to_string());
                }
                _ => return None,
            }
        }
        Some(params)
    }

    /// Literal segments beat parameters when two routes match.
    fn specificity(&self) -> usize {
        self.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count()
    }
}

/// The REST side of the runtime.
#[derive(Clone)]
pub struct Gateway {
    routes: Arc<Vec<Compiled>>,
    registry: Registry,
    issuer: LocalIssuer,
}

const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

fn gateway_error(status: StatusCode, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({
        "status": "error",
        "error": {"code": code, "message": message, "details": {}},
        "metadata": {"timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "request_id": request_id}
    });
    let mut response = (status, axum::Json(body)).into_response();
    if let Ok(v) = http::HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// Claims as API Gateway's Cognito authorizer passes them: every value a string.
fn gateway_claims(claims: Map<String, Value>) -> Map<String, Value> {
    claims
        .into_iter()
        .map(|(k, v)| {
            let s = match v {
                Value::String(s) => s,
                Value::Array(items) => items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(","),
                other => other.to_string(),
            };
            (k, Value::String(s))
        })
        .collect()
}

fn is_textual(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.is_empty() || ct.starts_with("text/") || ct.contains("json") || ct.starts_with("application/x-www-form-urlencoded") || ct.contains("xml")
}

impl Gateway {
    pub fn new(routes: &[RestRoute], registry: Registry, issuer: LocalIssuer) -> Self {
        let mut compiled: Vec<Compiled> = routes.iter().cloned().map(Compiled::new).collect();
        compiled.sort_by_key(|c| std::cmp::Reverse(c.specificity()));
        Self { routes: Arc::new(compiled), registry, issuer }
    }

    /// Serves one request.
    pub async fn handle(&self, ConnectInfo(peer): ConnectInfo<SocketAddr>, request: Request) -> Response {
        let request_id = uuid::Uuid::new_v4().to_string();
        let path = request.uri().path().to_string();
        let method = request.method().as_str().to_string();
        let mut candidates: Vec<(&Compiled, BTreeMap<String, String>)> = self.routes.iter().filter_map(|c| c.matches(&path).map(|p| (c, p))).collect();
        if candidates.is_empty() {
            return gateway_error(StatusCode::NOT_FOUND, "NOT_FOUND", "no such route", &request_id);
        }
        // As API Gateway does, the path selects one resource — the most specific template
        // (`/documents/upload` over `/documents/{document_id}`) — and the method is looked for on
        // it alone (routes are sorted most specific first).
        let resource = candidates[0].0.route.path.clone();
        candidates.retain(|(c, _)| c.route.path == resource);
        let allowed: Vec<&str> = candidates.iter().map(|(c, _)| c.route.method.as_str()).collect();
        let Some((route, params)) = candidates.iter().find(|(c, _)| c.route.method == method).cloned() else {
            let mut response =
                gateway_error(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "this method is not allowed on this route", &request_id);
            if let Ok(allow) = http::HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(http::header::ALLOW, allow);
            }
            return response;
        };
        let route = route.route.clone();

        let mut authorizer = Map::new();
        if route.authorized {
            let token = request
                .headers()
                .get(http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                // Cognito authorizers take the token bare or after `Bearer `.
                .map(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")).unwrap_or(v).trim());
            let Some(claims) = token.and_then(|t| self.issuer.verify_claims(t).ok()) else {
                return gateway_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Unauthorized", &request_id);
            };
            authorizer.insert("claims".into(), Value::Object(gateway_claims(claims)));
        }

        let Some(Function::Http(router)) = self.registry.get(&route.function).cloned() else {
            return gateway_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an internal error occurred", &request_id);
        };
        let event = match self.proxy_event(request, &route, &params, authorizer, peer, &request_id).await {
            Ok(event) => event,
            Err(response) => return response,
        };
        let lambda_request = match lambda_http::request::from_str(&event.to_string()) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "could not build the function's request");
                return gateway_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an internal error occurred", &request_id);
            }
        };
        let (parts, body) = lambda_request.into_parts();
        let request = Request::from_parts(parts, Body::from(body.to_vec()));
        match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }

    /// The REST API proxy event API Gateway would send for this request.
    async fn proxy_event(
        &self,
        request: Request,
        route: &RestRoute,
        params: &BTreeMap<String, String>,
        authorizer: Map<String, Value>,
        peer: SocketAddr,
        request_id: &str,
    ) -> Result<Value, Response> {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_PAYLOAD)
            .await
            .map_err(|_| gateway_error(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the request body exceeds 10 MB", request_id))?;
        let mut headers = Map::new();
        let mut multi_headers: Map<String, Value> = Map::new();
        for (name, value) in &parts.headers {
            // Bytes outside visible ASCII are passed on (as UTF-8 where they are, else
            // replaced), as API Gateway passes them, for the function to refuse if it must.
            let v = String::from_utf8_lossy(value.as_bytes()).into_owned();
            headers.insert(name.as_str().to_string(), Value::String(v.clone()));
            multi_headers.entry(name.as_str().to_string()).or_insert_with(|| Value::Array(vec![])).as_array_mut().map(|a| a.push(Value::String(v)));
        }
        let mut query = Map::new();
        let mut multi_query: Map<String, Value> = Map::new();
        for pair in parts.uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = decode(k);
            let v = decode(v);
            query.insert(k.clone(), Value::String(v.clone()));
            multi_query.entry(k).or_insert_with(|| Value::Array(vec![])).as_array_mut().map(|a| a.push(Value::String(v)));
        }
        let content_type = parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let (body, base64_encoded) = match std::str::from_utf8(&bytes) {
            Ok(text) if is_textual(content_type) => (Value::String(text.to_string()), false),
            _ if bytes.is_empty() => (Value::Null, false),
            _ => (Value::String(base64::engine::general_purpose::STANDARD.encode(&bytes)), true),
        };
        Ok(json!({
            "resource": route.path,
            "path": parts.uri.path(),
            "httpMethod": route.method,
            "headers": headers,
            "multiValueHeaders": multi_headers,
            "queryStringParameters": if query.is_empty() { Value::Null } else { Value::Object(query) },
            "multiValueQueryStringParameters": if multi_query.is_empty() { Value::Null } else { Value::Object(multi_query) },
            "pathParameters": if params.is_empty() { Value::Null } else { json!(params) },
            "stageVariables": null,
            "requestContext": {
                "accountId": "000000000000",
                "resourceId": "local",
                // `$default` keeps the path free of a stage prefix, as AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH does on AWS.
                "stage": "$default",
                "requestId": request_id,
                "identity": {"sourceIp": peer.ip().to_string()},
                "resourcePath": route.path,
                "httpMethod": route.method,
                "apiId": "local",
                "path": parts.uri.path(),
                "protocol": "HTTP/1.1",
                "requestTimeEpoch": chrono::Utc::now().timestamp_millis(),
                "authorizer": authorizer,
            },
            "body": body,
            "isBase64Encoded": base64_encoded,
        }))
    }
}

/// A query-string part, decoded; a malformed escape is passed on as sent (API Gateway does the same).
fn decode(s: &str) -> String {
    mediclear_http::query::percent_decode(s).unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str) -> Compiled {
        Compiled::new(RestRoute { method: method.into(), path: path.into(), function: "F".into(), authorized: true })
    }

    #[test]
    fn matches_params_and_literals() {
        let r = route("GET", "/api/v1/preauth/cases/{case_id}");
        assert_eq!(r.matches("/api/v1/preauth/cases/PA-1").unwrap()["case_id"], "PA-1");
        assert!(r.matches("/api/v1/preauth/cases").is_none());
        assert!(r.matches("/api/v1/preauth/cases/PA-1/decision").is_none());
        assert!(route("GET", "/api/v1/health/live").specificity() > route("GET", "/api/v1/health/{x}").specificity());
    }

    #[test]
    fn claims_become_strings_as_api_gateway_sends_them() {
        let claims = json!({"cognito:groups": ["provider"], "exp": 5, "sub": "s"}).as_object().unwrap().clone();
        let converted = gateway_claims(claims);
        assert_eq!(converted["cognito:groups"], "provider");
        assert_eq!(converted["exp"], "5");
    }

    #[test]
    fn query_decoding() {
        assert_eq!(decode("a%2Bb+c"), "a+b c");
        assert_eq!(decode("100%"), "100%");
    }
}
