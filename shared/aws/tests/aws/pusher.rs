//! API Gateway Management: a push on moto, and a gone connection on the wire stub.

use mediclear_aws::ApiGatewayPusher;
use mediclear_ports::realtime::{ConnectionPusher, PushError};
use mediclear_testkit::moto::moto;
use mediclear_testkit::wire::{Operation, Scripted, WireStub};

#[tokio::test]
async fn pushes_to_a_connection_on_moto() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    // moto serves the Management API at its root (no stage in the path).
    let pusher = ApiGatewayPusher::new(&config, &moto.endpoint);
    pusher.push("conn-1=", br#"{"type":"case.updated"}"#).await.expect("push");
}

#[tokio::test]
async fn a_gone_connection_is_reported_as_gone() {
    let stub = WireStub::start().await;
    let config = stub.sdk_config().await;
    let pusher = ApiGatewayPusher::new(&config, format!("{}/prod", stub.endpoint()));
    stub.mark_gone("gone-1=");

    pusher.push("live-1=", b"{\"type\":\"case.updated\"}").await.expect("a live connection");
    assert_eq!(pusher.push("gone-1=", b"{}").await, Err(PushError::Gone));

    let requests = stub.requests_for(Operation::PostToConnection);
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, "/prod/@connections/live-1=", "the stage is kept in the path");
    assert_eq!(requests[0].body, b"{\"type\":\"case.updated\"}", "the payload is the body, as is");
    assert!(requests[0].header("authorization").is_some_and(|a| a.contains("/execute-api/aws4_request")), "signed for execute-api");

    stub.script(Operation::PostToConnection, Scripted::error(429, "LimitExceededException", "Rate exceeded"));
    assert!(matches!(pusher.push("live-1=", b"{}").await, Err(PushError::Failed(_))), "throttling is a failure to retry, not gone");
}
