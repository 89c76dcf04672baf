//! What one request costs the runtime when nothing else runs, measured before the load (not
//! counted): a patient's chat turn and a sign-in, one at a time, each as wall time and as the
//! runtime's CPU time (`/proc`), the chat's split out for the embedding model's threads. Divided
//! into the machine's cores, that is how many of them a second the runtime could answer at best —
//! the yardstick for what the load asked of it.

use std::time::{Duration, Instant};

use serde_json::json;

use mediclear_local::client::Client;

use super::usage::cpu_seconds;
use crate::insights::questions::QUESTIONS;
use crate::stats::summarize;

/// Turns and sign-ins timed.
const RUNS: usize = 10;

/// One request kind's unloaded cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    pub wall_median_ms: f64,
    /// The runtime's CPU a request, mean.
    pub cpu_ms: f64,
    /// Of which the embedding model's threads.
    pub model_cpu_ms: f64,
}

/// The costs of a chat turn and of a sign-in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calibration {
    pub chat: Cost,
    pub sign_in: Cost,
}

/// Asks [`RUNS`] chat questions as `patient` (signed in as `username`) and signs in [`RUNS`] times.
pub async fn measure(base: &str, pid: u32, username: &str, password: &str, patient_id: &str) -> anyhow::Result<Calibration> {
    let client = Client::new(base);
    let shared = &client;
    let sign_in = timed(pid, |_| async move { shared.token(username, password).await.map(|_| ()) }).await?;
    let token = client.token(username, password).await?;
    let path = format!("/api/v1/patients/{patient_id}/chat");
    let chat = timed(pid, |n| {
        let (client, token, path) = (&client, &token, &path);
        async move {
            let reply = client.post(path, Some(token), &json!({"message": QUESTIONS[n * 7 % QUESTIONS.len()].1})).await?;
            anyhow::ensure!(reply.status.is_success(), "the chat answered {}", reply.status);
            Ok(())
        }
    })
    .await?;
    Ok(Calibration { chat, sign_in })
}

async fn timed<F, Fut>(pid: u32, mut request: F) -> anyhow::Result<Cost>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    // One unmeasured first.
    request(RUNS).await?;
    let (cpu0, model0) = cpu_seconds(pid).unwrap_or_default();
    let mut walls: Vec<Duration> = Vec::new();
    for n in 0..RUNS {
        let started = Instant::now();
        request(n).await?;
        walls.push(started.elapsed());
    }
    let (cpu1, model1) = cpu_seconds(pid).unwrap_or_default();
    Ok(Cost {
        wall_median_ms: summarize(&walls).map_or(0.0, |s| s.median_ms),
        cpu_ms: 1000.0 * (cpu1 - cpu0) / RUNS as f64,
        model_cpu_ms: 1000.0 * (model1 - model0) / RUNS as f64,
    })
}
