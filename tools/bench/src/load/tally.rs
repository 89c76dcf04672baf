//! What the simulated users saw: every request's route, time and outcome, and every piece of
//! asynchronous work's time to done — gathered from all users at once, summarised per route.
//!
//! An outcome is one of [`Class`]. What counts as an error is the issue's: any 5xx, any 4xx the
//! flow did not expect, any timeout (and any connection the runtime refused or reset). A `429` is
//! counted on its own, and left out of the latency figures: it answers at once, and the user waits
//! its `Retry-After` and asks again, which is timed as a request of its own. An expected `4xx` is
//! one the API promises for a race the flow can lose — an insurer deciding a case another insurer
//! decided a moment before (`409`) — and is counted on its own too.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::stats::{Tail, tail};

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 2xx.
    Ok,
    /// A 4xx the flow expects (a lost race).
    Expected,
    /// 429.
    Throttled,
    /// Any other 4xx.
    ClientError,
    /// 5xx.
    ServerError,
    /// No answer within `--timeout`.
    Timeout,
    /// The connection failed (refused, reset, closed mid-answer).
    Transport,
}

impl Class {
    pub fn is_error(self) -> bool {
        matches!(self, Class::ClientError | Class::ServerError | Class::Timeout | Class::Transport)
    }
}

/// Asynchronous work a user waits for after a `202` or a `201`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    /// `POST /preauth/cases` → the analysed `case.updated` (`APPROVED_READY`, `MISSING_INFORMATION`,
    /// `AI_DENIED`; `ANALYSIS_FAILED` is done but an error).
    CaseAnalysis,
    /// `POST /documents/upload` → `GET /jobs/{id}` says `INDEXED` (`NEEDS_REVIEW` or `FAILED` for a
    /// text document is done but an error).
    DocumentPipeline,
    /// `POST /reports` → its file downloaded through the link.
    ReportReady,
}

impl Work {
    pub const ALL: [Work; 3] = [Work::CaseAnalysis, Work::DocumentPipeline, Work::ReportReady];

    pub fn label(self) -> &'static str {
        match self {
            Work::CaseAnalysis => "case analysis: POST /preauth/cases -> analysed case.updated",
            Work::DocumentPipeline => "document pipeline: POST /documents/upload -> INDEXED",
            Work::ReportReady => "report ready: POST /reports -> file downloaded",
        }
    }
}

/// One request.
#[derive(Debug, Clone)]
struct Request {
    route: &'static str,
    /// When it ended, from the start of the run.
    at: Duration,
    took: Duration,
    class: Class,
    /// For errors: the status and the envelope's error code (never a message: it may quote input).
    detail: Option<String>,
}

/// One piece of asynchronous work.
#[derive(Debug, Clone)]
struct Done {
    work: Work,
    /// `None`: not done when the waiting stopped.
    took: Option<Duration>,
    /// Done, but not as it should be (`ANALYSIS_FAILED`, a text document `FAILED`): its end state.
    failed: Option<String>,
}

struct Records {
    start: Instant,
    requests: Vec<Request>,
    done: Vec<Done>,
}

/// Shared by every simulated user.
#[derive(Clone)]
pub struct Tally(Arc<Mutex<Records>>);

impl Tally {
    /// An empty tally for a run that starts at `start`.
    pub fn new(start: Instant) -> Tally {
        Tally(Arc::new(Mutex::new(Records { start, requests: Vec::new(), done: Vec::new() })))
    }

    pub fn request(&self, route: &'static str, took: Duration, class: Class, detail: Option<String>) {
        if let Ok(mut records) = self.0.lock() {
            let at = records.start.elapsed();
            records.requests.push(Request { route, at, took, class, detail });
        }
    }

    /// The run in slices of `slice`: `(requests answered in it, p99 ms of them)`, throttled ones
    /// left out of both, for the timeline under the table.
    pub fn timeline(&self, slice: Duration) -> Vec<(usize, Option<f64>)> {
        let Ok(records) = self.0.lock() else { return Vec::new() };
        let slices = records.requests.iter().map(|r| (r.at.as_secs_f64() / slice.as_secs_f64()) as usize + 1).max().unwrap_or(0);
        (0..slices)
            .map(|n| {
                let in_slice: Vec<&Request> = records.requests.iter().filter(|r| (r.at.as_secs_f64() / slice.as_secs_f64()) as usize == n).collect();
                let times: Vec<Duration> = in_slice.iter().filter(|r| r.class != Class::Throttled).map(|r| r.took).collect();
                (times.len(), tail(&times).map(|t| t.p99_ms))
            })
            .collect()
    }

    pub fn done(&self, work: Work, took: Option<Duration>, failed: Option<String>) {
        if let Ok(mut records) = self.0.lock() {
            records.done.push(Done { work, took, failed });
        }
    }

    /// The per-route figures, in the order routes were first used.
    pub fn routes(&self) -> Vec<RouteFigures> {
        let Ok(records) = self.0.lock() else { return Vec::new() };
        let mut order: Vec<&'static str> = Vec::new();
        for request in &records.requests {
            if !order.contains(&request.route) {
                order.push(request.route);
            }
        }
        order.into_iter().map(|route| RouteFigures::of(route, records.requests.iter().filter(|r| r.route == route))).collect()
    }

    /// Every request but the throttled ones, as one series.
    pub fn all_routes(&self) -> RouteFigures {
        let Ok(records) = self.0.lock() else { return RouteFigures::of("", std::iter::empty()) };
        RouteFigures::of("all routes", records.requests.iter())
    }

    /// The figures of one kind of asynchronous work, against `goal`.
    pub fn work(&self, work: Work, goal: Duration) -> WorkFigures {
        let Ok(records) = self.0.lock() else { return WorkFigures::default() };
        let of_kind: Vec<&Done> = records.done.iter().filter(|d| d.work == work).collect();
        let times: Vec<Duration> = of_kind.iter().filter_map(|d| d.took).collect();
        let mut failed: BTreeMap<String, usize> = BTreeMap::new();
        for state in of_kind.iter().filter_map(|d| d.failed.clone()) {
            *failed.entry(state).or_default() += 1;
        }
        let over_goal = times.iter().filter(|t| **t > goal).count();
        WorkFigures { started: of_kind.len(), done: times.len(), over_goal, tail: tail(&times), failed }
    }

    /// Errors by route and what they were: `(route, "503 SERVICE_UNAVAILABLE") → count`.
    pub fn errors(&self) -> BTreeMap<(&'static str, String), usize> {
        let mut errors = BTreeMap::new();
        if let Ok(records) = self.0.lock() {
            for request in records.requests.iter().filter(|r| r.class.is_error()) {
                *errors.entry((request.route, request.detail.clone().unwrap_or_default())).or_default() += 1;
            }
        }
        errors
    }
}

/// One route's figures.
#[derive(Debug, Clone)]
pub struct RouteFigures {
    pub route: &'static str,
    /// Every answer, throttled ones included.
    pub requests: usize,
    /// Latency over every request but the throttled ones (timeouts count at `--timeout`).
    pub tail: Option<Tail>,
    pub errors: usize,
    pub throttled: usize,
    pub expected: usize,
}

impl RouteFigures {
    fn of<'a>(route: &'static str, requests: impl Iterator<Item = &'a Request>) -> RouteFigures {
        let (mut count, mut errors, mut throttled, mut expected) = (0, 0, 0, 0);
        let mut times = Vec::new();
        for request in requests {
            count += 1;
            match request.class {
                Class::Throttled => throttled += 1,
                class => {
                    times.push(request.took);
                    errors += usize::from(class.is_error());
                    expected += usize::from(class == Class::Expected);
                }
            }
        }
        RouteFigures { route, requests: count, tail: tail(&times), errors, throttled, expected }
    }
}

/// One kind of asynchronous work's figures.
#[derive(Debug, Clone, Default)]
pub struct WorkFigures {
    pub started: usize,
    pub done: usize,
    /// Done, but later than the goal.
    pub over_goal: usize,
    /// Time to done of the ones done.
    pub tail: Option<Tail>,
    /// Done in a wrong end state, by state.
    pub failed: BTreeMap<String, usize>,
}
