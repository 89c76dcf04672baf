//! A minimal, in-process Lambda Runtime API (the interface a `provided.al2023` bootstrap talks to
//! through `AWS_LAMBDA_RUNTIME_API`), on `127.0.0.1:0`, that records when each request arrives.
//!
//! It serves what `lambda_runtime` calls:
//! - `GET /2018-06-01/runtime/invocation/next` — records the arrival (the end of init for the
//!   first one), then waits for a queued event and hands it out with `Lambda-Runtime-Aws-Request-Id`,
//!   `Lambda-Runtime-Deadline-Ms`, `Lambda-Runtime-Invoked-Function-Arn` and
//!   `Lambda-Runtime-Trace-Id`, recording the hand-out;
//! - `POST /2018-06-01/runtime/invocation/{id}/response` and `.../error` — record the result;
//! - `POST /2018-06-01/runtime/init/error` — records an initialisation failure.
//!
//! Everything is reported, in arrival order, as an [`Observation`]; arrivals, hand-outs and
//! responses carry the [`Instant`] they happened at, so the measurements are taken where the
//! Lambda service would take them and not in the function.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::{Mutex, mpsc, watch};
use tokio::task::JoinHandle;

/// One event to hand out.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub request_id: String,
    pub payload: Vec<u8>,
    /// How long the function may run (its template `Timeout`), for the deadline header.
    pub timeout: Duration,
}

/// What the runtime API saw, when.
#[derive(Debug, Clone)]
pub enum Observation {
    /// A `GET .../invocation/next` arrived.
    Next { at: Instant },
    /// An event was given to the function.
    HandedOut { request_id: String, at: Instant },
    /// The function posted a result.
    Response { request_id: String, at: Instant, body: Bytes },
    /// The function posted an error for an invocation.
    Error { request_id: String, body: Bytes },
    /// The function could not initialise.
    InitError { body: Bytes },
}

#[derive(Clone)]
struct ApiState {
    function_arn: String,
    queue: Arc<Mutex<mpsc::UnboundedReceiver<Invocation>>>,
    observations: mpsc::UnboundedSender<Observation>,
    shutdown: watch::Receiver<bool>,
}

/// A running runtime API for one function.
pub struct RuntimeApi {
    address: String,
    queue: mpsc::UnboundedSender<Invocation>,
    observations: mpsc::UnboundedReceiver<Observation>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

fn epoch_ms(after: Duration) -> u128 {
    (SystemTime::now() + after).duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

/// An X-Ray trace header of the shape Lambda sends (`Root=1-<time>-<24 hex>;Parent=…;Sampled=0`).
fn trace_id() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("Root=1-{seconds:08x}-{};Parent={};Sampled=0", &hex[..24], &hex[16..32])
}

fn header(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

async fn next(State(state): State<ApiState>) -> Response {
    let _ = state.observations.send(Observation::Next { at: Instant::now() });
    let mut shutdown = state.shutdown.clone();
    // One function process at a time, so one waiter: the lock is only contended by a process
    // that was killed while waiting, and `shutdown` releases that one.
    let invocation = {
        let mut queue = tokio::select! {
            queue = state.queue.lock() => queue,
            _ = shutdown.wait_for(|stop| *stop) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        };
        tokio::select! {
            invocation = queue.recv() => invocation,
            _ = shutdown.wait_for(|stop| *stop) => None,
        }
    };
    let Some(invocation) = invocation else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("lambda-runtime-aws-request-id", header(&invocation.request_id));
    headers.insert("lambda-runtime-deadline-ms", header(&epoch_ms(invocation.timeout).to_string()));
    headers.insert("lambda-runtime-invoked-function-arn", header(&state.function_arn));
    headers.insert("lambda-runtime-trace-id", header(&trace_id()));
    let _ = state.observations.send(Observation::HandedOut { request_id: invocation.request_id.clone(), at: Instant::now() });
    (StatusCode::OK, headers, invocation.payload).into_response()
}

async fn response(State(state): State<ApiState>, Path(request_id): Path<String>, body: Bytes) -> StatusCode {
    let _ = state.observations.send(Observation::Response { request_id, at: Instant::now(), body });
    StatusCode::ACCEPTED
}

async fn error(State(state): State<ApiState>, Path(request_id): Path<String>, body: Bytes) -> StatusCode {
    let _ = state.observations.send(Observation::Error { request_id, body });
    StatusCode::ACCEPTED
}

async fn init_error(State(state): State<ApiState>, body: Bytes) -> StatusCode {
    let _ = state.observations.send(Observation::InitError { body });
    StatusCode::ACCEPTED
}

impl RuntimeApi {
    /// Serves a runtime API for the function with this ARN on a free loopback port.
    pub async fn start(function_arn: &str) -> anyhow::Result<RuntimeApi> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?.to_string();
        let (queue_tx, queue_rx) = mpsc::unbounded_channel();
        let (observations_tx, observations_rx) = mpsc::unbounded_channel();
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let state = ApiState {
            function_arn: function_arn.to_string(),
            queue: Arc::new(Mutex::new(queue_rx)),
            observations: observations_tx,
            shutdown: shutdown_rx.clone(),
        };
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(state);
        let mut stop = shutdown_rx;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
        });
        Ok(RuntimeApi { address, queue: queue_tx, observations: observations_rx, shutdown: shutdown_tx, server })
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn queue(&self, invocation: Invocation) {
        let _ = self.queue.send(invocation);
    }

    /// The next observation, or `None` after `wait`.
    pub async fn observe(&mut self, wait: Duration) -> Option<Observation> {
        tokio::time::timeout(wait, self.observations.recv()).await.ok().flatten()
    }

    /// Forgets observations left over from a previous process.
    pub fn drain(&mut self) {
        while self.observations.try_recv().is_ok() {}
    }

    /// Stops serving; a `next` still waiting is answered 503.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let mut server = self.server;
        if tokio::time::timeout(Duration::from_secs(2), &mut server).await.is_err() {
            server.abort();
        }
    }
}
