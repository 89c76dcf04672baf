//! API Gateway proxy events, through `lambda_http`'s own conversion, into the function routers:
//! identity comes only from `requestContext.authorizer.claims`.

use std::sync::Arc;

use axum::body::Body;
use tower::ServiceExt;

use mediclear_handlers::api::preauth::{get_case, list_cases};
use mediclear_local_adapters::cases::LocalCaseStore;

use crate::{auditor, fixture, fixture_case, store};

async fn call(router: axum::Router, event: serde_json::Value) -> (u16, serde_json::Value) {
    let request = lambda_http::request::from_str(&event.to_string()).unwrap();
    let (parts, body) = request.into_parts();
    let response = router.oneshot(http::Request::from_parts(parts, Body::from(body.to_vec()))).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn get_and_list_cases_from_api_gateway_events() {
    // SAFETY: set before any other thread reads the environment in this test binary's use of it;
    // the fixtures carry a stage (`v1`) that the template's Globals strip from the path this way.
    unsafe { std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true") };
    let (_dir, store) = store();
    let cases = Arc::new(LocalCaseStore::new(store.clone()));
    fixture_case(&cases).await;

    let router = get_case::router(get_case::Deps { cases: cases.clone(), audit: auditor(&store) });
    let (status, body) = call(router.clone(), fixture("apigw-get-case.json")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["case_id"], "PA-FIXTURE000000000001");
    assert_eq!(body["metadata"]["request_id"], "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "API Gateway's request id");

    let mut other = fixture("apigw-get-case.json");
    other["requestContext"]["authorizer"]["claims"]["custom:provider_id"] = "PRV-002".into();
    assert_eq!(call(router.clone(), other).await.0, 404);
    let mut anonymous = fixture("apigw-get-case.json");
    anonymous["requestContext"]["authorizer"] = serde_json::json!({});
    assert_eq!(call(router, anonymous).await.0, 401);

    let list = list_cases::router(list_cases::Deps { cases, audit: auditor(&store) });
    let (status, body) = call(list, fixture("apigw-list-cases.json")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["count"], 0, "the fixture filters on APPROVED_READY; the case is PENDING");
}
