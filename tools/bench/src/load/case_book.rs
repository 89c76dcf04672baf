//! The cases filed during the run and when each was first seen analysed: one WebSocket
//! subscribed to `insurer-queue` (which carries every case) watches for the analysed
//! `case.updated` of each, so the time to analysed is measured without adding polls to the load;
//! when that socket is lost, the cases still waiting are read through the API instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mediclear_local::client::{Client, Socket};

use super::tally::{Tally, Work};

/// Analysis outcomes: the case is done.
const ANALYSED: [&str; 4] = ["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"];

/// The cases filed during the run and when each was seen analysed.
#[derive(Clone, Default)]
pub struct CaseBook(Arc<Mutex<Cases>>);

#[derive(Default)]
struct Cases {
    /// case id → (POST sent, the demo's expected outcome).
    filed: HashMap<String, (Instant, String)>,
    /// case id → (first analysed `case.updated` seen, its status).
    analysed: HashMap<String, (Instant, String)>,
    observer_lost: bool,
}

/// How the filed cases ended, for the table.
#[derive(Debug, Clone, Default)]
pub struct CaseOutcomes {
    pub filed: usize,
    /// Analysed with another outcome than the demo's (`expected → got`).
    pub unexpected: HashMap<String, usize>,
    pub observer_lost: bool,
}

impl CaseBook {
    pub fn filed(&self, case_id: &str, posted: Instant, expected: &str) {
        if let Ok(mut cases) = self.0.lock() {
            cases.filed.insert(case_id.to_string(), (posted, expected.to_string()));
        }
    }

    fn analysed(&self, case_id: &str, status: &str) {
        if let Ok(mut cases) = self.0.lock() {
            cases.analysed.entry(case_id.to_string()).or_insert_with(|| (Instant::now(), status.to_string()));
        }
    }

    /// Cases filed, not seen analysed, and younger than `late`.
    fn waiting(&self, late: Duration) -> Vec<String> {
        let Ok(cases) = self.0.lock() else { return Vec::new() };
        cases.filed.iter().filter(|(id, (posted, _))| !cases.analysed.contains_key(*id) && posted.elapsed() < late).map(|(id, _)| id.clone()).collect()
    }

    /// Waits until every filed case is analysed or `late` old; reads the waiting ones through the
    /// API when the observer's socket was lost. Then tallies each case's time to analysed.
    pub async fn settle(&self, base: &str, token: &str, tally: &Tally, late: Duration) -> CaseOutcomes {
        let client = Client::new(base);
        loop {
            let waiting = self.waiting(late);
            if waiting.is_empty() {
                break;
            }
            if self.0.lock().map(|c| c.observer_lost).unwrap_or(true) {
                for case_id in waiting {
                    if let Ok(reply) = client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(token)).await
                        && let Some(status) = reply.body["data"]["status"].as_str().filter(|s| ANALYSED.contains(s))
                    {
                        self.analysed(&case_id, status);
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let Ok(cases) = self.0.lock() else { return CaseOutcomes::default() };
        let mut outcomes = CaseOutcomes { filed: cases.filed.len(), observer_lost: cases.observer_lost, ..CaseOutcomes::default() };
        for (case_id, (posted, expected)) in &cases.filed {
            match cases.analysed.get(case_id) {
                Some((at, status)) => {
                    let failed = (status == "ANALYSIS_FAILED").then(|| status.clone());
                    tally.done(Work::CaseAnalysis, Some(at.saturating_duration_since(*posted)), failed);
                    if status != expected {
                        *outcomes.unexpected.entry(format!("{expected} -> {status}")).or_default() += 1;
                    }
                }
                None => tally.done(Work::CaseAnalysis, None, None),
            }
        }
        outcomes
    }
}

/// Watches every case change on the `insurer-queue` channel (as `token`'s insurer) and notes when
/// each filed case is first seen analysed; runs until aborted.
pub async fn observe_cases(base: &str, token: &str, cases: CaseBook) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut socket = Socket::connect(base, Some(token)).await?;
    let subscribed = socket.subscribe("insurer-queue").await?;
    anyhow::ensure!(subscribed["type"] == "subscribed", "subscribing to insurer-queue failed: {}", subscribed["type"]);
    Ok(tokio::spawn(async move {
        loop {
            match socket.next(Duration::from_secs(3600)).await {
                Ok(Some(message)) => {
                    let case = &message["case"];
                    if message["type"] == "case.updated"
                        && let (Some(id), Some(status)) = (case["case_id"].as_str(), case["status"].as_str())
                        && ANALYSED.contains(&status)
                    {
                        cases.analysed(id, status);
                    }
                }
                Ok(None) => {}
                Err(_) => {
                    if let Ok(mut c) = cases.0.lock() {
                        c.observer_lost = true;
                    }
                    return;
                }
            }
        }
    }))
}
