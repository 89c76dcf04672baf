use std::sync::Arc;

use mediclear_domain::identity::{Bindings, Caller, Role};
use mediclear_domain::ids::ProviderId;
use mediclear_handlers::events::websocket::{Connect, ConnectAuthorizer, Disconnect, Subscribe};
use mediclear_handlers::function::invoke_json;
use mediclear_local_adapters::connections::LocalConnectionStore;
use mediclear_local_adapters::directory::LocalIssuer;
use mediclear_ports::realtime::ConnectionStore;

use crate::{fixture, store};

#[tokio::test]
async fn the_authorizer_allows_a_valid_token_and_passes_the_caller_on() {
    let dir = tempfile::tempdir().unwrap();
    let issuer = LocalIssuer::load_or_create(dir.path()).unwrap();
    let caller = Caller { subject: "sub-1".into(), username: "demo-provider".into(), role: Role::Provider, bindings: Bindings { provider_id: Some(ProviderId::parse("PRV-001").unwrap()), ..Default::default() } };
    let token = issuer.issue(&caller).unwrap().access_token;
    let authorizer = ConnectAuthorizer { verifier: Arc::new(issuer) };

    let mut event = fixture("ws-authorizer-connect.json");
    event["queryStringParameters"]["token"] = token.clone().into();
    let answer = invoke_json(&authorizer, event.clone()).await.unwrap();
    assert_eq!(answer["policyDocument"]["Statement"][0]["Effect"], "Allow");
    assert_eq!(answer["policyDocument"]["Statement"][0]["Resource"], event["methodArn"]);
    let passed: Caller = serde_json::from_str(answer["context"]["caller"].as_str().unwrap()).unwrap();
    assert_eq!(passed, caller);

    event["queryStringParameters"]["token"] = "garbage".into();
    let err = invoke_json(&authorizer, event).await.unwrap_err();
    assert_eq!(err.message, "Unauthorized", "API Gateway turns exactly this into a 401");
}

#[tokio::test]
async fn connect_subscribe_and_disconnect_follow_the_fixture_connection() {
    let (_dir, store) = store();
    let connections = Arc::new(LocalConnectionStore::new(store));
    let connect = Connect { connections: connections.clone() };
    let reply = invoke_json(&connect, fixture("ws-connect.json")).await.unwrap();
    assert_eq!(reply["statusCode"], 200);
    let stored = connections.connection("Ks9ZkeqRoAMCJBw=").await.unwrap().unwrap();
    assert_eq!(stored.caller.role, Role::Provider);

    let subscribe = Subscribe { connections: connections.clone() };
    let reply = invoke_json(&subscribe, fixture("ws-subscribe.json")).await.unwrap();
    assert_eq!(reply["statusCode"], 200);
    assert_eq!(serde_json::from_str::<serde_json::Value>(reply["body"].as_str().unwrap()).unwrap()["type"], "subscribed");
    let channel = mediclear_domain::realtime::Channel::parse("provider-PRV-001").unwrap();
    assert_eq!(connections.subscribers(&channel).await.unwrap(), ["Ks9ZkeqRoAMCJBw="]);

    let disconnect = Disconnect { connections: connections.clone() };
    invoke_json(&disconnect, fixture("ws-disconnect.json")).await.unwrap();
    assert!(connections.subscribers(&channel).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_connect_without_authorizer_context_is_refused() {
    let (_dir, store) = store();
    let connect = Connect { connections: Arc::new(LocalConnectionStore::new(store)) };
    let mut event = fixture("ws-connect.json");
    event["requestContext"]["authorizer"] = serde_json::json!({});
    assert_eq!(invoke_json(&connect, event).await.unwrap()["statusCode"], 401);
}
