use crate::harness::App;

#[tokio::test]
async fn health_routes_answer_without_a_token() {
    let app = App::demo().await;
    for path in ["/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready"] {
        let reply = app.client.get(path, None).await.unwrap();
        assert_eq!(reply.status.as_u16(), 200, "{path}: {}", reply.body);
        assert_eq!(reply.body["status"], "success");
        assert!(reply.body["metadata"]["request_id"].is_string());
    }
    let ready = app.client.get("/api/v1/health/ready", None).await.unwrap();
    assert!(ready.body["data"]["components"].as_array().unwrap().iter().all(|c| c["ready"] == true));
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_envelope() {
    let app = App::demo().await;
    let missing = app.client.get("/api/v1/nothing-here", None).await.unwrap();
    assert_eq!(missing.status.as_u16(), 404);
    assert_eq!(missing.body["status"], "error");
    let wrong_method = app.client.send(http::Method::DELETE, "/api/v1/preauth/cases", None, None, vec![]).await.unwrap();
    assert_eq!(wrong_method.status.as_u16(), 405);
    assert_eq!(wrong_method.body["error"]["code"], "METHOD_NOT_ALLOWED");
}
