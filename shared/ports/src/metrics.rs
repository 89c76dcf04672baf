//! What the system counts, and where the counts go.
//!
//! Code that did something worth counting calls [`record`] with a [`Measurement`] — a name, a few
//! low-cardinality dimensions and one or more values. Where the counts go is the process's one
//! [`MetricSink`], installed at start:
//! - on Lambda, [`EmfSink`]: one CloudWatch Embedded Metric Format line per measurement on stdout,
//!   which CloudWatch Logs turns into metrics in the `MediClear` namespace (no API call, no
//!   latency);
//! - offline, `mediclear-local`'s registry, read as Prometheus text at `/metrics`;
//! - nowhere when nothing is installed (tests of a single handler).
//!
//! Dimensions and values name kinds, never instances: a route's template
//! (`/api/v1/preauth/cases/{case_id}`), an outcome class (`2xx`), an engine, a verdict, a tier,
//! a file format. Ids, names, clinical values and query results are never a dimension or a value:
//! every dimension value comes from a closed set the code names (the route template is the
//! router's, never the request's path).
//!
//! # What is measured
//!
//! | metric | unit | dimensions | by |
//! |---|---|---|---|
//! | `Requests`, `Latency` | Count, Milliseconds | `Route`, `Method`, `Outcome` | every API route (`mediclear_http::function_router`) |
//! | `PipelineTier` | Milliseconds | `Tier` (`extract`, `enrich`, `index`), `Outcome` | the document pipeline's tasks |
//! | `Analyses` | Count | `Engine`, `Verdict` | the pre-auth analysis task |
//! | `CriticalRedirects` | Count | `Chat`, `Line` (`rules`, `classifier`) | the patient chat's critical-question check |
//! | `ChatAnswers` | Count | `Chat`, `Sources` (`with`, `without`) | both chats |
//! | `ReportRows`, `ReportDuration` | Count, Milliseconds | `Engine`, `Format` | PHI reports |
//! | `ThrottledSignIns` | Count | `Route` | `POST /auth/token` |

use std::sync::{Arc, OnceLock};

/// A CloudWatch unit (the subset MediClear uses; EMF accepts CloudWatch's unit names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Count,
    Milliseconds,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Milliseconds => "Milliseconds",
        }
    }
}

/// One measurement: its values share its dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement<'a> {
    /// `(name, value)` pairs, in dimension order.
    pub dimensions: Vec<(&'static str, &'a str)>,
    /// `(metric name, unit, value)`.
    pub values: Vec<(&'static str, Unit, f64)>,
}

impl<'a> Measurement<'a> {
    pub fn new() -> Self {
        Measurement { dimensions: Vec::new(), values: Vec::new() }
    }

    pub fn dimension(mut self, name: &'static str, value: &'a str) -> Self {
        self.dimensions.push((name, value));
        self
    }

    pub fn count(mut self, name: &'static str, value: f64) -> Self {
        self.values.push((name, Unit::Count, value));
        self
    }

    pub fn millis(mut self, name: &'static str, value: f64) -> Self {
        self.values.push((name, Unit::Milliseconds, value));
        self
    }

    /// Hands it to the installed sink ([`record`]).
    pub fn record(self) {
        record(&self);
    }
}

impl Default for Measurement<'_> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where measurements go.
pub trait MetricSink: Send + Sync {
    fn record(&self, measurement: &Measurement<'_>);
}

static SINK: OnceLock<Arc<dyn MetricSink>> = OnceLock::new();

/// Installs the process's sink; the first one installed stays (a second call returns `false`).
pub fn install(sink: Arc<dyn MetricSink>) -> bool {
    SINK.set(sink).is_ok()
}

/// Records a measurement in the installed sink; nothing happens without one.
pub fn record(measurement: &Measurement<'_>) {
    if let Some(sink) = SINK.get() {
        sink.record(measurement);
    }
}

/// The namespace every MediClear metric is published in.
pub const NAMESPACE: &str = "MediClear";

/// One CloudWatch Embedded Metric Format document (a single line) for `measurement` at
/// `timestamp_ms` (milliseconds since the epoch). Values are finite numbers (a non-finite value
/// is left out, as EMF requires numbers); a measurement without values gives `None`.
pub fn emf_line(measurement: &Measurement<'_>, timestamp_ms: i64) -> Option<String> {
    let mut root = serde_json::Map::new();
    let mut metrics = Vec::new();
    for (name, unit, value) in &measurement.values {
        let Some(number) = serde_json::Number::from_f64(*value) else { continue };
        if root.contains_key(*name) {
            continue;
        }
        metrics.push(serde_json::json!({ "Name": name, "Unit": unit.as_str() }));
        root.insert((*name).to_string(), serde_json::Value::Number(number));
    }
    if metrics.is_empty() {
        return None;
    }
    let mut dimension_set = Vec::new();
    for (name, value) in &measurement.dimensions {
        if root.contains_key(*name) {
            continue;
        }
        dimension_set.push(*name);
        root.insert((*name).to_string(), serde_json::Value::String((*value).to_string()));
    }
    root.insert(
        "_aws".into(),
        serde_json::json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{ "Namespace": NAMESPACE, "Dimensions": [dimension_set], "Metrics": metrics }],
        }),
    );
    Some(serde_json::Value::Object(root).to_string())
}

/// The Lambda sink: an EMF line per measurement on stdout.
pub struct EmfSink;

impl MetricSink for EmfSink {
    fn record(&self, measurement: &Measurement<'_>) {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        if let Some(line) = emf_line(measurement, now) {
            use std::io::Write;
            // One write per line, so lines from concurrent requests never interleave.
            let _ = std::io::stdout().lock().write_all(format!("{line}\n").as_bytes());
        }
    }
}

/// The outcome class of an HTTP status: `2xx`, `3xx`, `4xx`, `5xx`.
pub fn outcome_class(status: u16) -> &'static str {
    match status {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emf_line_carries_its_values_and_dimensions_at_the_root() {
        let m = Measurement::new().dimension("Route", "/api/v1/x/{id}").dimension("Outcome", "2xx").millis("Latency", 12.5).count("Requests", 1.0);
        let line = emf_line(&m, 1_700_000_000_000).unwrap();
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["Latency"], 12.5);
        assert_eq!(v["Requests"], 1.0);
        assert_eq!(v["Route"], "/api/v1/x/{id}");
        let directive = &v["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], NAMESPACE);
        assert_eq!(directive["Dimensions"], serde_json::json!([["Route", "Outcome"]]));
        assert_eq!(directive["Metrics"][0], serde_json::json!({"Name": "Latency", "Unit": "Milliseconds"}));
        assert_eq!(v["_aws"]["Timestamp"], 1_700_000_000_000i64);
    }

    #[test]
    fn non_numbers_and_empty_measurements_give_no_line() {
        assert_eq!(emf_line(&Measurement::new().dimension("Route", "/"), 0), None);
        assert_eq!(emf_line(&Measurement::new().count("Requests", f64::NAN), 0), None);
        assert_eq!(outcome_class(204), "2xx");
        assert_eq!(outcome_class(404), "4xx");
        assert_eq!(outcome_class(503), "5xx");
    }
}
