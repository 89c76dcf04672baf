//! The runtime serves exactly what template.yaml declares.

use mediclear_local::embedded::TEMPLATE;
use mediclear_local::template::Template;

use crate::harness::App;

#[test]
fn every_template_function_has_a_local_handler() {
    let template = Template::parse(TEMPLATE).unwrap();
    assert_eq!(template.functions.len(), 74, "one function per endpoint, task and event");
    let store_dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = mediclear_local_adapters::LocalStore::open(store_dir.path()).unwrap();
        let issuer = mediclear_local_adapters::directory::LocalIssuer::load_or_create(store_dir.path()).unwrap();
        let deps = mediclear_local::deps::LocalDeps::new(store, issuer, "AnalysisStateMachine");
        for (function, binary) in &template.functions {
            assert!(mediclear_local::registry::build(binary, &deps).is_some(), "{function} ({binary}) has no handler");
        }
    });
}

#[tokio::test]
async fn every_template_route_is_served() {
    let app = App::demo().await;
    let template = &app.system.as_ref().unwrap().template;
    assert!(template.rest_routes.len() >= 12);
    for route in &template.rest_routes {
        let path = route.path.replace("{case_id}", "PA-NOPE").replace("{job_id}", "JOB-NOPE");
        let method: http::Method = route.method.parse().unwrap();
        let reply = app.client.send(method, &path, None, Some("application/json"), b"{}".to_vec()).await.unwrap();
        let code = reply.body["error"]["code"].as_str().unwrap_or("");
        assert!(code != "NOT_FOUND" || path.contains("NOPE"), "{} {} is not served: {}", route.method, route.path, reply.body);
        assert!(code != "METHOD_NOT_ALLOWED", "{} {}", route.method, route.path);
        if route.authorized {
            assert_eq!(reply.status.as_u16(), 401, "{} {} needs a token", route.method, route.path);
        }
    }
    assert!(template.socket_routes.iter().any(|r| r.route_key == "$connect"));
    assert!(template.socket_routes.iter().any(|r| r.route_key == "subscribe" && r.two_way));
}

#[tokio::test]
async fn the_openapi_document_is_served_and_matches_the_handlers() {
    let app = App::demo().await;
    let reply = app.client.get("/openapi.json", None).await.unwrap();
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(reply.body, serde_json::to_value(mediclear_handlers::openapi::document()).unwrap());
}
