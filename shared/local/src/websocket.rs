//! The offline WebSocket API at `ws://ADDR/ws`, with API Gateway's semantics:
//!
//! - connect with `?token=`: the template's `$connect` authorizer function runs first (a REQUEST
//!   authorizer event; `Unauthorized` → 401, no upgrade), then the `$connect` route's function
//!   with the authorizer's context; a non-2xx answer refuses the connection;
//! - each text message is routed by its `action` field (`$request.body.action`) to the matching
//!   route's function, else `$default`, else API Gateway's "Forbidden" reply; a two-way route's
//!   function response body is sent back to the client;
//! - closing runs `$disconnect`;
//! - pushes from the notifier arrive through the [`LocalPusher`], the offline Management API.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use futures::{SinkExt, StreamExt};
use http::StatusCode;
use serde_json::{Value, json};

use mediclear_local_adapters::pusher::LocalPusher;

use crate::registry::Registry;
use crate::template::SocketRoute;

#[derive(Clone)]
pub struct SocketApi {
    routes: Arc<Vec<SocketRoute>>,
    authorizer: Option<String>,
    registry: Registry,
    pusher: LocalPusher,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

fn new_connection_id() -> String {
    // API Gateway connection ids are short base64 strings ending in '='.
    let bytes = uuid::Uuid::new_v4();
    base64::engine::general_purpose::STANDARD.encode(&bytes.as_bytes()[..9]).replace(['+', '/'], "x") + "="
}

fn request_context(connection_id: &str, route_key: &str, event_type: &str, authorizer: Option<&Value>) -> Value {
    let mut context = json!({
        "routeKey": route_key,
        "eventType": event_type,
        "connectionId": connection_id,
        "requestId": uuid::Uuid::new_v4().to_string(),
        "messageId": uuid::Uuid::new_v4().simple().to_string(),
        "apiId": "local",
        "stage": "local",
        "domainName": "127.0.0.1",
        "connectedAt": chrono::Utc::now().timestamp_millis(),
        "requestTimeEpoch": chrono::Utc::now().timestamp_millis(),
        "identity": {"sourceIp": "127.0.0.1"},
        "messageDirection": "IN",
    });
    if let Some(a) = authorizer {
        context["authorizer"] = a.clone();
    }
    context
}

fn status_of(response: &Value) -> i64 {
    response.get("statusCode").and_then(Value::as_i64).unwrap_or(200)
}

impl SocketApi {
    pub fn new(routes: &[SocketRoute], authorizer: Option<String>, registry: Registry, pusher: LocalPusher, shutdown: tokio::sync::watch::Receiver<bool>) -> Self {
        Self { routes: Arc::new(routes.to_vec()), authorizer, registry, pusher, shutdown }
    }

    fn route(&self, key: &str) -> Option<&SocketRoute> {
        self.routes.iter().find(|r| r.route_key == key)
    }

    /// `GET /ws?token=…` — authorize, `$connect`, then upgrade.
    pub async fn upgrade(&self, ws: WebSocketUpgrade, ConnectInfo(peer): ConnectInfo<SocketAddr>, Query(query): Query<std::collections::HashMap<String, String>>) -> Response {
        let connection_id = new_connection_id();
        let mut authorizer_context = None;
        if let Some(authorizer) = &self.authorizer {
            let event = json!({
                "type": "REQUEST",
                "methodArn": "arn:aws:execute-api:local:000000000000:local/local/$connect",
                "resource": "$connect",
                "path": "/ws",
                "headers": {},
                "queryStringParameters": query,
                "requestContext": request_context(&connection_id, "$connect", "CONNECT", None),
            });
            match self.registry.invoke(authorizer, event).await {
                Ok(answer) => {
                    let allowed = answer
                        .pointer("/policyDocument/Statement")
                        .and_then(Value::as_array)
                        .is_some_and(|s| s.iter().any(|st| st.get("Effect").and_then(Value::as_str) == Some("Allow")));
                    if !allowed {
                        return (StatusCode::FORBIDDEN, "Forbidden").into_response();
                    }
                    let mut context = answer.get("context").cloned().unwrap_or_else(|| json!({}));
                    context["principalId"] = answer.get("principalId").cloned().unwrap_or(Value::Null);
                    authorizer_context = Some(context);
                }
                Err(e) if e.error_type == "Unauthorized" => return (StatusCode::UNAUTHORIZED, "Unauthorized").into_response(),
                Err(e) => {
                    tracing::error!(error = %e, "authorizer failed");
                    return (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response();
                }
            }
        }
        if let Some(route) = self.route("$connect") {
            let event = json!({"requestContext": request_context(&connection_id, "$connect", "CONNECT", authorizer_context.as_ref()), "isBase64Encoded": false});
            match self.registry.invoke(&route.function, event).await {
                Ok(r) if (200..300).contains(&status_of(&r)) => {}
                Ok(r) => return StatusCode::from_u16(status_of(&r) as u16).unwrap_or(StatusCode::FORBIDDEN).into_response(),
                Err(e) => {
                    tracing::error!(error = %e, "$connect failed");
                    return (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response();
                }
            }
        }
        tracing::debug!(%peer, %connection_id, "socket connected");
        let api = self.clone();
        ws.on_upgrade(move |socket| async move { api.serve(socket, connection_id, authorizer_context).await })
    }

    async fn serve(self, socket: WebSocket, connection_id: String, authorizer: Option<Value>) {
        let (mut sink, mut stream) = socket.split();
        let (outgoing, mut queue) = tokio::sync::mpsc::unbounded_channel::<String>();
        self.pusher.register(&connection_id, outgoing.clone());
        let writer = tokio::spawn(async move {
            while let Some(text) = queue.recv().await {
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
        });
        let mut shutdown = self.shutdown.clone();
        loop {
            let message = tokio::select! {
                m = stream.next() => match m {
                    Some(Ok(m)) => m,
                    _ => break,
                },
                _ = shutdown.wait_for(|stop| *stop) => break,
            };
            let text = match message {
                Message::Text(t) => t.to_string(),
                Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
                Message::Close(_) => break,
                _ => continue,
            };
            if let Some(reply) = self.route_message(&connection_id, &text, authorizer.as_ref()).await {
                let _ = outgoing.send(reply);
            }
        }
        self.pusher.unregister(&connection_id);
        writer.abort();
        if let Some(route) = self.route("$disconnect") {
            let event = json!({"requestContext": request_context(&connection_id, "$disconnect", "DISCONNECT", authorizer.as_ref()), "isBase64Encoded": false});
            if let Err(e) = self.registry.invoke(&route.function, event).await {
                tracing::warn!(error = %e, "$disconnect failed");
            }
        }
    }

    /// Runs the route a message selects; the reply to send back, if any.
    async fn route_message(&self, connection_id: &str, text: &str, authorizer: Option<&Value>) -> Option<String> {
        let action = serde_json::from_str::<Value>(text).ok().and_then(|v| v.get("action").and_then(Value::as_str).map(str::to_string));
        let route = action.as_deref().and_then(|a| self.route(a)).or_else(|| self.route("$default"));
        let Some(route) = route else {
            return Some(json!({"message": "Forbidden", "connectionId": connection_id, "requestId": uuid::Uuid::new_v4().to_string()}).to_string());
        };
        let event = json!({
            "requestContext": request_context(connection_id, &route.route_key, "MESSAGE", authorizer),
            "body": text,
            "isBase64Encoded": false,
        });
        match self.registry.invoke(&route.function, event).await {
            Ok(response) if route.two_way => response.get("body").and_then(Value::as_str).map(str::to_string),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %e, route = %route.route_key, "socket route failed");
                Some(json!({"message": "Internal server error", "connectionId": connection_id}).to_string())
            }
        }
    }
}
