//! A metering proxy in front of moto and the wire stub, so a warm figure can be split into time
//! spent waiting on AWS and time spent in the function. moto is a Python server: a DynamoDB call
//! there costs several milliseconds, which says nothing about MediClear; the time with no AWS
//! call in flight is what a change to MediClear's code moves.
//!
//! The proxy forwards every request unchanged (moto does not check SigV4 signatures against the
//! host) and adds the wall time during which at least one call was in flight to a shared
//! [`Meter`] — overlapping calls (the embedder's fan-out) are counted once.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// Time with at least one AWS call in flight, and the number of calls, since start.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Reading {
    pub busy: Duration,
    pub calls: u64,
}

impl std::ops::Sub for Reading {
    type Output = Reading;
    fn sub(self, earlier: Reading) -> Reading {
        Reading { busy: self.busy.saturating_sub(earlier.busy), calls: self.calls.saturating_sub(earlier.calls) }
    }
}

#[derive(Debug, Default)]
struct MeterState {
    in_flight: usize,
    busy_since: Option<Instant>,
    total: Reading,
}

/// Shared by the proxies of one run.
#[derive(Debug, Clone, Default)]
pub struct Meter {
    state: Arc<Mutex<MeterState>>,
}

impl Meter {
    fn begin(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if s.in_flight == 0 {
            s.busy_since = Some(Instant::now());
        }
        s.in_flight += 1;
        s.total.calls += 1;
    }

    fn end(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.in_flight = s.in_flight.saturating_sub(1);
        if s.in_flight == 0
            && let Some(since) = s.busy_since.take()
        {
            s.total.busy += since.elapsed();
        }
    }

    /// The totals so far (a call in flight counts up to now).
    pub fn read(&self) -> Reading {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut reading = s.total;
        if let Some(since) = s.busy_since {
            reading.busy += since.elapsed();
        }
        reading
    }
}

#[derive(Clone)]
struct Upstream {
    base: String,
    client: Client<HttpConnector, Full<Bytes>>,
    meter: Meter,
}

/// Headers that belong to one hop, not to the request.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(name.as_str(), "connection" | "keep-alive" | "transfer-encoding" | "te" | "trailer" | "upgrade" | "proxy-connection")
}

async fn forward(State(upstream): State<Upstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut outgoing = hyper::Request::builder().method(parts.method).uri(format!("{}{path}", upstream.base));
    for (name, value) in &parts.headers {
        if !hop_by_hop(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    let Ok(outgoing) = outgoing.body(Full::new(body)) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    upstream.meter.begin();
    let result = async {
        let response = upstream.client.request(outgoing).await.map_err(|_| StatusCode::BAD_GATEWAY)?;
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.map_err(|_| StatusCode::BAD_GATEWAY)?.to_bytes();
        Ok::<_, StatusCode>((parts, bytes))
    }
    .await;
    upstream.meter.end();
    match result {
        Ok((parts, bytes)) => {
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = parts.status;
            for (name, value) in &parts.headers {
                if !hop_by_hop(name) {
                    response.headers_mut().append(name, value.clone());
                }
            }
            response
        }
        Err(status) => status.into_response(),
    }
}

/// A running proxy.
pub struct MeteredProxy {
    endpoint: String,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for MeteredProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl MeteredProxy {
    /// Forwards `http://127.0.0.1:<port>` to `upstream` (`http://host:port`), metering into `meter`.
    pub async fn start(upstream: &str, meter: Meter) -> anyhow::Result<MeteredProxy> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let state = Upstream { base: upstream.trim_end_matches('/').to_string(), client: Client::builder(TokioExecutor::new()).build_http(), meter };
        let app = Router::new().fallback(forward).with_state(state);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MeteredProxy { endpoint, server })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_calls_count_once() {
        let meter = Meter::default();
        meter.begin();
        meter.begin();
        std::thread::sleep(Duration::from_millis(20));
        meter.end();
        meter.end();
        let reading = meter.read();
        assert_eq!(reading.calls, 2);
        assert!(reading.busy >= Duration::from_millis(20) && reading.busy < Duration::from_millis(200), "{reading:?}");
        let later = meter.read() - reading;
        assert_eq!(later, Reading::default());
    }
}
