//! What a browser opens beside the API: the console at `/`, the API docs at `/docs`, the metrics
//! at `/metrics`. (The console's flows are driven in Chromium by `scripts/browser-test.sh`.)

use http::Method;

use crate::harness::App;

/// The value of one Prometheus sample (`name{labels}`), 0 when it is not there yet.
fn sample(text: &str, series: &str) -> f64 {
    text.lines().find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' '))).and_then(|v| v.trim().parse().ok()).unwrap_or(0.0)
}

async fn metrics(app: &App) -> String {
    let reply = app.client.get("/metrics", None).await.unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.headers[http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    String::from_utf8(reply.raw.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_count_a_request_just_made_under_its_route_not_its_ids() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let filed = app.file_case(&provider, crate::harness::case_body("PAT-7781", "27447")).await;
    let case_id = filed.body["data"]["case_id"].as_str().unwrap().to_string();
    let series = r#"mediclear_requests_total{route="/api/v1/preauth/cases/{case_id}",method="GET",outcome="2xx"}"#;
    let latency = r#"mediclear_latency_seconds_count{route="/api/v1/preauth/cases/{case_id}",method="GET",outcome="2xx"}"#;
    let before = metrics(&app).await;
    let reply = app.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&provider)).await.unwrap();
    assert_eq!(reply.status, 200);
    let after = metrics(&app).await;
    // Other tests of this process may read cases at the same time: at least this one is counted.
    assert!(sample(&after, series) >= sample(&before, series) + 1.0, "{after}");
    assert!(sample(&after, latency) >= sample(&before, latency) + 1.0, "{after}");
    assert!(after.contains("# TYPE mediclear_latency_seconds histogram"));
    assert!(!after.contains(&case_id) && !after.contains("PAT-7781"), "ids are never labels");
    let unknown = app.client.get(&format!("/api/v1/preauth/nothing/{case_id}"), Some(&provider)).await.unwrap();
    assert_eq!(unknown.status, 404);
    assert!(!metrics(&app).await.contains(&case_id), "an unmatched path is not a label either");
}

#[tokio::test]
async fn the_console_is_served_at_the_root_with_its_assets_and_a_strict_policy() {
    let app = App::demo().await;
    let page = app.client.get("/", None).await.unwrap();
    assert_eq!(page.status, 200);
    assert!(page.headers[http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let csp = page.headers[http::header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("http"), "{csp}");
    let html = String::from_utf8(page.raw.to_vec()).unwrap();
    assert!(html.to_lowercase().contains("<!doctype html>"));
    // Every asset the page names is served from this origin.
    let assets: Vec<&str> = html.split(['"', '\'']).filter(|s| s.starts_with("/console/")).collect();
    assert!(!assets.is_empty(), "the page loads its script and styles from /console/");
    for asset in assets {
        let reply = app.client.get(asset, None).await.unwrap();
        assert_eq!(reply.status, 200, "{asset}");
    }
    for hostile in ["/console/../Cargo.toml", "/console/%2e%2e/Cargo.toml", "/console/tests/run.mjs", "/console/nothing.js"] {
        let reply = app.client.send(Method::GET, hostile, None, None, Vec::new()).await.unwrap();
        assert_eq!(reply.status, 404, "{hostile}");
    }
}

#[tokio::test]
async fn the_api_docs_page_reads_the_same_openapi_document_from_this_origin() {
    let app = App::demo().await;
    let page = app.client.get("/docs", None).await.unwrap();
    if page.status == 503 {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "Swagger UI's files are missing in CI: scripts/test runs scripts/tools.sh docs");
        eprintln!("skipped: Swagger UI's files are not installed (scripts/tools.sh docs)");
        return;
    }
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.raw.to_vec()).unwrap();
    for asset in ["/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/docs/docs.js"] {
        assert!(html.contains(asset), "{asset}");
        let reply = app.client.get(asset, None).await.unwrap();
        assert_eq!(reply.status, 200, "{asset}");
        assert!(reply.raw.len() > 100, "{asset}");
    }
    let script = app.client.get("/docs/docs.js", None).await.unwrap();
    assert!(String::from_utf8_lossy(&script.raw).contains("/openapi.json"));
    for refused in ["/docs/assets/package.json", "/docs/assets/..%2F..%2F..%2FCargo.toml", "/docs/assets/index.html"] {
        assert_eq!(app.client.get(refused, None).await.unwrap().status, 404, "{refused}");
    }
}
