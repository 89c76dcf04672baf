//! A small client for the offline system's HTTP and WebSocket APIs — what the `demo` walkthrough
//! and the tests use to talk to it exactly as a dashboard would.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// A response: status, headers, JSON body (or `Null`), and the raw body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: Value,
    pub raw: Bytes,
}

#[derive(Clone)]
pub struct Client {
    base: String,
    http: HyperClient<HttpConnector, Full<Bytes>>,
}

impl Client {
    /// `base` like `http://127.0.0.1:3000`.
    pub fn new(base: &str) -> Self {
        Self { base: base.trim_end_matches('/').to_string(), http: HyperClient::builder(TokioExecutor::new()).build_http() }
    }

    /// A client whose connections leave from `source` (another loopback address, say, to play a
    /// second machine against the offline runtime).
    pub fn from_address(base: &str, source: std::net::IpAddr) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_local_address(Some(source));
        Self { base: base.trim_end_matches('/').to_string(), http: HyperClient::builder(TokioExecutor::new()).build(connector) }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends a request with optional bearer token, body and content type.
    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, content_type: Option<&str>, body: Vec<u8>) -> anyhow::Result<Reply> {
        self.send_with(method, path, token, &[], content_type, body).await
    }

    /// [`Client::send`] with extra headers (`Idempotency-Key`, …).
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> anyhow::Result<Reply> {
        let mut request = Request::builder().method(method).uri(format!("{}{path}", self.base));
        if let Some(t) = token {
            request = request.header("authorization", format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self.http.request(request.body(Full::new(Bytes::from(body)))?).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let raw = response.into_body().collect().await?.to_bytes();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Ok(Reply { status, headers, body, raw })
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> anyhow::Result<Reply> {
        self.send(Method::GET, path, token, None, Vec::new()).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> anyhow::Result<Reply> {
        self.send(Method::POST, path, token, Some("application/json"), serde_json::to_vec(body)?).await
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, username: &str, password: &str) -> anyhow::Result<String> {
        let reply = self.post("/api/v1/auth/token", None, &json!({"username": username, "password": password})).await?;
        anyhow::ensure!(reply.status == StatusCode::OK, "sign-in as {username} failed: {} {}", reply.status, reply.body);
        reply.body["data"]["access_token"].as_str().map(str::to_string).ok_or_else(|| anyhow::anyhow!("no access_token in {}", reply.body))
    }
}

/// A WebSocket connection to `ws://ADDR/ws`.
pub struct Socket {
    stream: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
}

impl Socket {
    /// Connects with a token (`None` to try without one).
    pub async fn connect(base: &str, token: Option<&str>) -> anyhow::Result<Socket> {
        let ws_base = base.replacen("http://", "ws://", 1);
        let url = match token {
            Some(t) => format!("{ws_base}/ws?token={t}"),
            None => format!("{ws_base}/ws"),
        };
        let (stream, _) = tokio_tungstenite::connect_async(url).await?;
        Ok(Socket { stream })
    }

    pub async fn send(&mut self, message: &Value) -> anyhow::Result<()> {
        self.stream.send(Message::Text(message.to_string().into())).await?;
        Ok(())
    }

    /// The next JSON message, or `None` after `wait` with nothing.
    pub async fn next(&mut self, wait: Duration) -> anyhow::Result<Option<Value>> {
        loop {
            match tokio::time::timeout(wait, self.stream.next()).await {
                Err(_) => return Ok(None),
                Ok(None) => anyhow::bail!("the socket closed"),
                Ok(Some(message)) => match message? {
                    Message::Text(t) => return Ok(Some(serde_json::from_str(&t)?)),
                    Message::Close(_) => anyhow::bail!("the socket closed"),
                    _ => continue,
                },
            }
        }
    }

    /// Subscribes and returns the reply.
    pub async fn subscribe(&mut self, channel: &str) -> anyhow::Result<Value> {
        self.send(&json!({"action": "subscribe", "channel": channel})).await?;
        self.next(Duration::from_secs(5)).await?.ok_or_else(|| anyhow::anyhow!("no reply to subscribe"))
    }

    /// Waits for a `case.updated` message about `case_id` with one of `statuses`.
    pub async fn wait_for_case(&mut self, case_id: &str, statuses: &[&str], wait: Duration) -> anyhow::Result<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let Some(message) = self.next(left).await? else {
                anyhow::bail!("no update for {case_id} reached {statuses:?} in time");
            };
            if message["type"] == "case.updated" && message["case"]["case_id"] == case_id && statuses.iter().any(|s| message["case"]["status"] == *s) {
                return Ok(message);
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
