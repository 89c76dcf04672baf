//! The WebSocket API's functions.
//!
//! - [`ConnectAuthorizer`] — the `$connect` Lambda authorizer: verifies `?token=` with the same
//!   issuer as the REST API (Cognito JWKS on AWS, the local issuer offline); answers API Gateway's
//!   `Unauthorized` (401) for a bad token, otherwise allows and passes the caller in the context.
//! - [`Connect`] — `$connect`: remembers the connection and its caller.
//! - [`Disconnect`] — `$disconnect`: forgets it and its subscriptions.
//! - [`Subscribe`] — `{"action":"subscribe","channel":…}`: only a channel the caller's role allows
//!   (see `mediclear_domain::realtime`); the reply goes back through the route response.

use std::sync::Arc;

use aws_lambda_events::apigw::{ApiGatewayCustomAuthorizerRequestTypeRequest, ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest};
use aws_lambda_events::encodings::Body;
use serde_json::{Value, json};

use mediclear_domain::identity::Caller;
use mediclear_domain::realtime::Channel;
use mediclear_ports::PortError;
use mediclear_ports::identity::TokenVerifier;
use mediclear_ports::realtime::ConnectionStore;

use crate::function::{EventHandler, FunctionError};

/// The authorizer-context key carrying the caller (JSON) to `$connect`.
pub const CALLER_CONTEXT_KEY: &str = "caller";

#[derive(Clone)]
pub struct ConnectAuthorizer {
    pub verifier: Arc<dyn TokenVerifier>,
}

fn unauthorized() -> FunctionError {
    // API Gateway turns exactly this error message into a 401.
    FunctionError::new("Unauthorized", "Unauthorized")
}

impl EventHandler for ConnectAuthorizer {
    type Event = ApiGatewayCustomAuthorizerRequestTypeRequest;
    type Output = Value;

    async fn handle(&self, event: Self::Event) -> Result<Value, FunctionError> {
        let token = event.query_string_parameters.first("token").map(str::to_string).ok_or_else(unauthorized)?;
        let caller = match self.verifier.verify(&token).await {
            Ok(caller) => caller,
            Err(PortError::Rejected(_)) => return Err(unauthorized()),
            Err(e) => return Err(FunctionError::from_port(e)),
        };
        let caller_json = serde_json::to_string(&caller).map_err(|e| FunctionError::new("InternalError", e.to_string()))?;
        Ok(json!({
            "principalId": caller.subject,
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event.method_arn.unwrap_or_else(|| "*".into())}]
            },
            "context": { CALLER_CONTEXT_KEY: caller_json }
        }))
    }
}

fn reply(status: i64, body: Value) -> ApiGatewayProxyResponse {
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = status;
    response.body = Some(Body::Text(body.to_string()));
    response
}

fn connection_id(event: &ApiGatewayWebsocketProxyRequest) -> Result<String, FunctionError> {
    event.request_context.connection_id.clone().ok_or_else(|| FunctionError::invalid_event("the event has no connection id"))
}

/// The caller the authorizer passed to `$connect`.
pub fn caller_from_context(event: &ApiGatewayWebsocketProxyRequest) -> Option<Caller> {
    let value = event.request_context.authorizer.fields.get(CALLER_CONTEXT_KEY)?;
    match value {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => serde_json::from_value(other.clone()).ok(),
    }
}

#[derive(Clone)]
pub struct Connect {
    pub connections: Arc<dyn ConnectionStore>,
}

impl EventHandler for Connect {
    type Event = ApiGatewayWebsocketProxyRequest;
    type Output = ApiGatewayProxyResponse;

    async fn handle(&self, event: Self::Event) -> Result<ApiGatewayProxyResponse, FunctionError> {
        let id = connection_id(&event)?;
        let Some(caller) = caller_from_context(&event) else {
            return Ok(reply(401, json!({"type": "error", "error": {"code": "UNAUTHORIZED", "message": "connect with ?token=<access token>"}})));
        };
        self.connections.connect(&id, &caller).await.map_err(FunctionError::from_port)?;
        tracing::info!(connection_id = %id, role = %caller.role, "connected");
        Ok(reply(200, json!({"type": "connected"})))
    }
}

#[derive(Clone)]
pub struct Disconnect {
    pub connections: Arc<dyn ConnectionStore>,
}

impl EventHandler for Disconnect {
    type Event = ApiGatewayWebsocketProxyRequest;
    type Output = ApiGatewayProxyResponse;

    async fn handle(&self, event: Self::Event) -> Result<ApiGatewayProxyResponse, FunctionError> {
        let id = connection_id(&event)?;
        self.connections.disconnect(&id).await.map_err(FunctionError::from_port)?;
        Ok(reply(200, json!({"type": "disconnected"})))
    }
}

#[derive(Clone)]
pub struct Subscribe {
    pub connections: Arc<dyn ConnectionStore>,
}

fn error_reply(status: i64, code: &str, message: &str) -> ApiGatewayProxyResponse {
    reply(status, json!({"type": "error", "error": {"code": code, "message": message}}))
}

impl EventHandler for Subscribe {
    type Event = ApiGatewayWebsocketProxyRequest;
    type Output = ApiGatewayProxyResponse;

    async fn handle(&self, event: Self::Event) -> Result<ApiGatewayProxyResponse, FunctionError> {
        let id = connection_id(&event)?;
        let body: Value = match event.body.as_deref().map(serde_json::from_str) {
            Some(Ok(v)) => v,
            _ => return Ok(error_reply(400, "INVALID_BODY", "send {\"action\":\"subscribe\",\"channel\":\"...\"}")),
        };
        let channel = match body.get("channel").and_then(Value::as_str).map(Channel::parse) {
            Some(Ok(c)) => c,
            Some(Err(e)) => return Ok(error_reply(400, &e.code, &e.message)),
            None => return Ok(error_reply(400, "INVALID_CHANNEL", "channel is required")),
        };
        let Some(connection) = self.connections.connection(&id).await.map_err(FunctionError::from_port)? else {
            return Ok(error_reply(401, "UNAUTHORIZED", "this connection is not known; reconnect"));
        };
        if !channel.may_subscribe(&connection.caller) {
            return Ok(error_reply(403, "FORBIDDEN", "your role may not subscribe to this channel"));
        }
        match self.connections.subscribe(&id, &channel).await {
            Ok(()) => Ok(reply(200, json!({"type": "subscribed", "channel": channel.to_string()}))),
            Err(PortError::NotFound) => Ok(error_reply(401, "UNAUTHORIZED", "this connection is not known; reconnect")),
            Err(e) => Err(FunctionError::from_port(e)),
        }
    }
}
