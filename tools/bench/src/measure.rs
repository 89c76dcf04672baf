//! The two per-function timings, both taken by the runtime API (see [`crate::runtime_api`]):
//!
//! - **init**: process spawn → its first `GET …/invocation/next`. That is what Lambda bills as
//!   the Init phase of a `provided.al2023` function, minus the sandbox and the download of the
//!   code: loading the binary, the Tokio runtime, logging, the SDK config and every client and
//!   adapter `main` builds. One priming spawn first (unmeasured) so that every measured spawn
//!   reads the binary from the page cache, as every spawn but the very first would.
//! - **warm latency**: event handed out → result posted, in one process, invocation after
//!   invocation. The first invocation after init is reported on its own: lazy work (TLS roots,
//!   the HTTP connection pool, the credentials cache, a JWKS fetch) lands there, and on Lambda
//!   it is part of every cold request. Each warm figure is also given without the time an AWS
//!   call was in flight ([`crate::aws_meter`]): moto's latency is not MediClear's.
//!
//! An invocation that posts an error, or a result [`crate::scenarios::outcome`] calls a failure,
//! ends the function's warm run with that error; it is never counted as a timing.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws_meter::{Meter, Reading};
use crate::process::{Launch, LambdaProcess};
use crate::runtime_api::{Invocation, Observation, RuntimeApi};
use crate::scenarios::{outcome, posted_error};
use crate::stats::{Summary, summarize};

/// How often a wait for the runtime API also checks whether the process has exited.
const POLL: Duration = Duration::from_millis(20);

/// Warm-run timings.
#[derive(Debug, Clone, Serialize)]
pub struct Warm {
    pub first_invocation_ms: f64,
    pub warm: Option<Summary>,
    /// Warm latency minus the time an AWS call (to moto or the stub) was in flight.
    pub in_function: Option<Summary>,
    /// AWS calls per warm invocation, on average.
    pub aws_calls_per_invocation: Option<f64>,
}

/// One answered invocation.
struct Timed {
    latency: Duration,
    aws: Reading,
}

/// Where the function's log is, and its last line (what a failing `main` printed).
fn log_hint(launch: &Launch) -> String {
    let text = std::fs::read_to_string(&launch.log).unwrap_or_default();
    match text.lines().rev().find(|l| !l.trim().is_empty()) {
        Some(last) => format!("— last log line: {} (log: {})", last.chars().take(240).collect::<String>(), launch.log.display()),
        None => format!("(log: {})", launch.log.display()),
    }
}

/// Waits for the process's first `next`: the init time, or why it did not come.
async fn first_next(api: &mut RuntimeApi, process: &mut LambdaProcess, launch: &Launch, timeout: Duration) -> Result<Duration, String> {
    let deadline = Instant::now() + timeout;
    loop {
        match api.observe(POLL).await {
            Some(Observation::Next { at }) => return Ok(at.saturating_duration_since(process.spawned_at)),
            Some(Observation::InitError { body, .. }) => return Err(format!("init error: {}", posted_error(&body))),
            Some(_) => continue,
            None => {}
        }
        if let Some(status) = process.exited() {
            // The runtime may have posted an init error just before exiting.
            if let Some(Observation::InitError { body, .. }) = api.observe(POLL).await {
                return Err(format!("init error: {}", posted_error(&body)));
            }
            return Err(format!("exited ({status}) before asking for an event {}", log_hint(launch)));
        }
        if Instant::now() > deadline {
            return Err(format!("no request for an event within {}s {}", timeout.as_secs(), log_hint(launch)));
        }
    }
}

/// Init times of `runs` spawns (after one priming spawn).
pub async fn init(launch: &Launch, function_arn: &str, runs: usize, timeout: Duration) -> Result<Summary, String> {
    let mut api = RuntimeApi::start(function_arn).await.map_err(|e| format!("runtime API: {e}"))?;
    let mut samples = Vec::with_capacity(runs);
    let mut failure = None;
    for run in 0..=runs {
        api.drain();
        let mut process = match launch.spawn(api.address()) {
            Ok(p) => p,
            Err(e) => {
                failure = Some(format!("{e:#}"));
                break;
            }
        };
        let result = first_next(&mut api, &mut process, launch, timeout).await;
        process.kill();
        match result {
            Ok(d) if run > 0 => samples.push(d),
            Ok(_) => {}
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    api.stop().await;
    match failure {
        Some(e) => Err(e),
        None => summarize(&samples).ok_or_else(|| "no init measured".into()),
    }
}

/// Waits for invocation `request_id` to be handed out and answered: its latency, or the error.
async fn answered(api: &mut RuntimeApi, process: &mut LambdaProcess, launch: &Launch, request_id: &str, timeout: Duration) -> Result<Duration, String> {
    let deadline = Instant::now() + timeout;
    let mut handed_out = None;
    loop {
        match api.observe(POLL).await {
            Some(Observation::HandedOut { request_id: id, at }) if id == request_id => handed_out = Some(at),
            Some(Observation::Response { request_id: id, at, body }) if id == request_id => {
                let output: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                outcome(&output)?;
                let start = handed_out.ok_or("a response before the event was handed out")?;
                return Ok(at.saturating_duration_since(start));
            }
            Some(Observation::Error { request_id: id, body, .. }) if id == request_id => return Err(posted_error(&body)),
            Some(_) => continue,
            None => {}
        }
        if let Some(status) = process.exited() {
            return Err(format!("exited ({status}) during an invocation {}", log_hint(launch)));
        }
        if Instant::now() > deadline {
            return Err(format!("no result within {}s {}", timeout.as_secs(), log_hint(launch)));
        }
    }
}

/// Runs `events` in one process: the first invocation, then the warm ones.
pub async fn warm(
    launch: &Launch,
    function_arn: &str,
    function_timeout: Duration,
    events: &[serde_json::Value],
    meter: &Meter,
    timeout: Duration,
) -> Result<Warm, String> {
    let mut api = RuntimeApi::start(function_arn).await.map_err(|e| format!("runtime API: {e}"))?;
    let mut process = launch.spawn(api.address()).map_err(|e| format!("{e:#}"))?;
    let result = async {
        first_next(&mut api, &mut process, launch, timeout).await?;
        let mut latencies = Vec::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let request_id = uuid::Uuid::new_v4().to_string();
            let payload = serde_json::to_vec(event).map_err(|e| e.to_string())?;
            let before = meter.read();
            api.queue(Invocation { request_id: request_id.clone(), payload, timeout: function_timeout });
            let latency = answered(&mut api, &mut process, launch, &request_id, timeout).await.map_err(|e| match i {
                0 => format!("first invocation: {e}"),
                _ => format!("invocation {}: {e}", i + 1),
            })?;
            latencies.push(Timed { latency, aws: meter.read() - before });
        }
        let (first, rest) = latencies.split_first().ok_or("no events")?;
        let totals: Vec<Duration> = rest.iter().map(|t| t.latency).collect();
        let own: Vec<Duration> = rest.iter().map(|t| t.latency.saturating_sub(t.aws.busy)).collect();
        let calls = (!rest.is_empty()).then(|| rest.iter().map(|t| t.aws.calls).sum::<u64>() as f64 / rest.len() as f64);
        Ok(Warm { first_invocation_ms: first.latency.as_secs_f64() * 1000.0, warm: summarize(&totals), in_function: summarize(&own), aws_calls_per_invocation: calls })
    }
    .await;
    process.kill();
    api.stop().await;
    result
}
