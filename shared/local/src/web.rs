//! What a browser opens on the offline runtime, beside the API: the console at `/` (its assets at
//! `/console/…`), the live API docs at `/docs`, and the metrics at `/metrics`.
//!
//! - **Console** — the files of `console/`, compiled in by `build.rs`. With
//!   `MEDICLEAR_CONSOLE_DIR` set they are read from that directory on every request instead, so
//!   the console can be edited without rebuilding.
//! - **API docs** — Swagger UI reading `/openapi.json`, with a sign-in form that puts the token in
//!   Swagger's *Authorize* dialog. Swagger UI's own files come from the npm package
//!   `swagger-ui-dist`, which `scripts/tools.sh docs` installs into `.tools/docs-ui/` (the run and
//!   test scripts call it); the runtime serves them from there (`MEDICLEAR_DOCS_UI_DIR` names
//!   another directory). Nothing is loaded from the internet.
//! - **Metrics** — Prometheus text ([`crate::metrics`]).
//!
//! Pages carry a content security policy that allows only this origin, so a page can load nothing
//! else and send nothing elsewhere.

use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::Path as UrlPath;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};

use crate::embedded;

/// Only this origin: scripts, styles, images, fetches and the WebSocket (`'self'` covers `ws:` on
/// the same host). Inline styles are allowed (Swagger UI sets them); inline scripts are not.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The docs page: our HTML and script around Swagger UI's bundle.
const DOCS_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MediClear API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header class="docs-bar">
  <strong>MediClear API</strong> <span>the offline runtime's <a href="/openapi.json">openapi.json</a> · <a href="/">console</a></span>
  <form id="sign-in" autocomplete="off">
    <label for="docs-user">Username</label> <input id="docs-user" name="username" required>
    <label for="docs-password">Password</label> <input id="docs-password" name="password" type="password" required>
    <button type="submit">Sign in and authorize</button>
    <output id="sign-in-status" aria-live="polite"></output>
  </form>
</header>
<main id="swagger-ui"></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/docs.js"></script>
</body>
</html>
"#;

/// Loads the document, points its first server at this origin (the runtime may listen anywhere),
/// and wires the sign-in form to Swagger UI's bearer authorization.
const DOCS_JS: &str = r##""use strict";
(async function () {
  const spec = await (await fetch("/openapi.json")).json();
  spec.servers = [{ url: window.location.origin, description: "this runtime" }].concat(spec.servers || []);
  const ui = SwaggerUIBundle({
    spec,
    dom_id: "#swagger-ui",
    deepLinking: false,
    docExpansion: "list",
    tryItOutEnabled: true,
    displayRequestDuration: true,
    persistAuthorization: false,
  });
  window.ui = ui;
  const form = document.getElementById("sign-in");
  const status = document.getElementById("sign-in-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "signing in…";
    try {
      const response = await fetch("/api/v1/auth/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = (body.error && body.error.message) || ("sign-in failed (" + response.status + ")");
        return;
      }
      const scheme = Object.keys((spec.components && spec.components.securitySchemes) || {})[0];
      ui.preauthorizeApiKey(scheme, body.data.access_token);
      form.password.value = "";
      status.textContent = "authorized: requests from this page carry the token";
    } catch (e) {
      status.textContent = "sign-in failed: " + e.message;
    }
  });
})();
"##;

const DOCS_CSS: &str = ".docs-bar{font-family:system-ui,sans-serif;padding:.75rem 1.25rem;background:#12324a;color:#fff;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}\
.docs-bar a{color:#cfe8ff}.docs-bar form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-left:auto}\
.docs-bar input{padding:.3rem}.docs-bar button{padding:.35rem .7rem}.docs-bar output{min-width:12rem}";

/// Swagger UI's files the docs page uses (nothing else of the package is served).
const DOCS_ASSETS: &[&str] = &["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui.css.map", "swagger-ui-bundle.js.map"];

/// Where Swagger UI's files are: `MEDICLEAR_DOCS_UI_DIR`, else `.tools/docs-ui/` under the working
/// directory, else under the workspace this binary was built in.
fn docs_ui_dir() -> Option<PathBuf> {
    let inside = |root: PathBuf| root.join(".tools/docs-ui/node_modules/swagger-ui-dist");
    let candidates = [
        std::env::var_os("MEDICLEAR_DOCS_UI_DIR").map(PathBuf::from),
        std::env::current_dir().ok().map(inside),
        Some(inside(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))),
    ];
    candidates.into_iter().flatten().find(|d| d.join("swagger-ui-bundle.js").is_file())
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn page(status: StatusCode, path: &str, bytes: impl Into<Body>) -> Response {
    let mut response = (status, bytes.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn not_found() -> Response {
    mediclear_http::ApiError::not_found("file").into_response()
}

/// A relative path of plain components only (no `..`, no root), as the console's files are named.
fn plain_relative(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// A console file: from `MEDICLEAR_CONSOLE_DIR` when set, else compiled in. The console's
/// browser tests and notes are never served (`build.rs` leaves them out too).
fn console_file(path: &str) -> Response {
    let private = path.starts_with("tests/") || path.starts_with("node_modules/") || path.ends_with(".md");
    if !plain_relative(path) || private {
        return not_found();
    }
    if let Some(dir) = std::env::var_os("MEDICLEAR_CONSOLE_DIR") {
        return match std::fs::read(Path::new(&dir).join(path)) {
            Ok(bytes) => page(StatusCode::OK, path, bytes),
            Err(_) => not_found(),
        };
    }
    match embedded::CONSOLE_FILES.iter().find(|(name, _)| *name == path) {
        Some((_, bytes)) => page(StatusCode::OK, path, *bytes),
        None => not_found(),
    }
}

async fn docs_asset(UrlPath(file): UrlPath<String>) -> Response {
    if !DOCS_ASSETS.contains(&file.as_str()) {
        return not_found();
    }
    match docs_ui_dir().and_then(|dir| std::fs::read(dir.join(&file)).ok()) {
        Some(bytes) => page(StatusCode::OK, &file, bytes),
        None => not_found(),
    }
}

async fn docs_page() -> Response {
    if docs_ui_dir().is_none() {
        let text = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MediClear API</title></head><body>\
                    <h1>The API docs' files are not installed</h1><p>Run <code>scripts/tools.sh docs</code> (it installs the npm package \
                    <code>swagger-ui-dist</code> into <code>.tools/docs-ui/</code>, once), then reload. The document itself is at \
                    <a href=\"/openapi.json\">/openapi.json</a>.</p></body></html>";
        return page(StatusCode::SERVICE_UNAVAILABLE, "docs.html", text);
    }
    page(StatusCode::OK, "docs.html", DOCS_HTML)
}

/// The console, the docs and `/metrics`, to merge into the runtime's router.
pub fn routes() -> Router {
    let registry = crate::metrics::registry();
    Router::new()
        .route("/", get(|| async { console_file("index.html") }))
        .route("/console/{*path}", get(|UrlPath(path): UrlPath<String>| async move { console_file(&path) }))
        .route("/docs", get(docs_page))
        .route("/docs/", get(docs_page))
        .route("/docs/docs.js", get(|| async { page(StatusCode::OK, "docs.js", DOCS_JS) }))
        .route("/docs/docs.css", get(|| async { page(StatusCode::OK, "docs.css", DOCS_CSS) }))
        .route("/docs/assets/{file}", get(docs_asset))
        .route(
            "/metrics",
            get(move || {
                let text = registry.render();
                async move { ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text) }
            }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_console_files() {
        assert!(plain_relative("app.js"));
        assert!(plain_relative("js/views.js"));
        assert!(!plain_relative("../Cargo.toml"));
        assert!(!plain_relative("/etc/passwd"));
        assert!(!plain_relative("js/../../x"));
        assert!(!plain_relative(""));
    }
}
