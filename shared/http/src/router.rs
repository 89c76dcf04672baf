//! One Lambda function's router: its route(s), the envelope middleware, the body size limit, an
//! enveloped fallback so even an unknown path or wrong method answers in MediClear's format, and
//! the per-route `Requests`/`Latency` measurement (`mediclear_ports::metrics`).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use http::StatusCode;

use crate::ApiError;
use crate::body::MAX_BODY_BYTES;

/// Wraps a function's routes with the shared layers.
pub fn function_router(routes: Router) -> Router {
    routes
        .fallback(|| async { ApiError::not_found("route").into_response() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "this method is not allowed on this route").into_response()
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(crate::envelope::layer))
        .layer(axum::middleware::from_fn(measure))
}

/// Counts the request and its latency under its route's template and outcome class. A request no
/// route matched counts under `unmatched`, never under its path (which may hold an id). A streamed
/// answer's latency is the time to its first byte.
async fn measure(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let started = std::time::Instant::now();
    let route = request.extensions().get::<axum::extract::MatchedPath>().map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = request.method().clone();
    let response = next.run(request).await;
    mediclear_ports::metrics::Measurement::new()
        .dimension("Route", &route)
        .dimension("Method", method.as_str())
        .dimension("Outcome", mediclear_ports::metrics::outcome_class(response.status().as_u16()))
        .count("Requests", 1.0)
        .millis("Latency", started.elapsed().as_secs_f64() * 1000.0)
        .record();
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use http::Request;
    use tower::ServiceExt;

    async fn call(router: Router, request: Request<Body>) -> (StatusCode, serde_json::Value, Option<String>) {
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let rid = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap(), rid)
    }

    fn app() -> Router {
        function_router(Router::new().route(
            "/api/v1/things/{id}",
            get(|axum::extract::Path(id): axum::extract::Path<String>| async move {
                if id == "missing" { Err(ApiError::not_found("thing")) } else { Ok(crate::envelope::success(serde_json::json!({"id": id}))) }
            }),
        ))
    }

    #[tokio::test]
    async fn success_and_errors_carry_the_envelope_and_request_id() {
        let (status, body, rid) = call(app(), Request::get("/api/v1/things/7").header("x-request-id", "abc-1").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], "success");
        assert_eq!(body["data"]["id"], "7");
        assert_eq!(body["metadata"]["request_id"], "abc-1");
        assert_eq!(rid.as_deref(), Some("abc-1"));

        let (status, body, _) = call(app(), Request::get("/api/v1/things/missing").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"]["code"], "NOT_FOUND");
        assert!(body["metadata"]["request_id"].as_str().is_some_and(|r| r.len() > 8));
    }

    #[tokio::test]
    async fn unknown_routes_and_methods_are_enveloped() {
        let (status, body, _) = call(app(), Request::get("/nope").body(Body::empty()).unwrap()).await;
        assert_eq!((status, body["status"].as_str()), (StatusCode::NOT_FOUND, Some("error")));
        let response = app().oneshot(Request::post("/api/v1/things/1").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.headers().get(http::header::ALLOW).map(|v| v.to_str().unwrap()), Some("GET,HEAD"), "405 names what is allowed");
        let (status, body, _) = call(app(), Request::post("/api/v1/things/1").body(Body::empty()).unwrap()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::METHOD_NOT_ALLOWED, Some("METHOD_NOT_ALLOWED")));
    }
}
