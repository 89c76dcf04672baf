//! The offline runtime's metrics: every measurement the handlers record
//! (`mediclear_ports::metrics`) is added up here and read at `GET /metrics` in Prometheus's text
//! exposition format (version 0.0.4), the same measurements a Lambda writes as EMF lines.
//!
//! A count (`Unit::Count`) is a counter, `mediclear_<name>_total`; a duration
//! (`Unit::Milliseconds`) a histogram in seconds, `mediclear_<name>_seconds` (buckets from 5 ms to
//! 30 s). Dimensions become labels (`Route` → `route`). The registry is the process's: systems
//! started one after another in one process (tests) add to the same counts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use mediclear_ports::metrics::{Measurement, MetricSink, Unit};

/// Histogram bucket upper bounds, in seconds.
const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0];

type Labels = Vec<(String, String)>;

#[derive(Default)]
struct Series {
    /// Per bucket (then +Inf), how many observations were at most its bound; counters use none.
    buckets: Vec<u64>,
    count: u64,
    sum: f64,
}

/// The counts, by Prometheus metric name and label set.
#[derive(Default)]
pub struct Registry {
    series: Mutex<BTreeMap<(String, Labels), Series>>,
}

/// `Requests` → `requests`, `PipelineTier` → `pipeline_tier`, `ThrottledSignIns` → `throttled_sign_ins`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

impl MetricSink for Registry {
    fn record(&self, m: &Measurement<'_>) {
        let labels: Labels = m.dimensions.iter().map(|(k, v)| (snake(k), (*v).to_string())).collect();
        let Ok(mut series) = self.series.lock() else { return };
        for (name, unit, value) in &m.values {
            if !value.is_finite() {
                continue;
            }
            let (metric, observed) = match unit {
                Unit::Count => (format!("mediclear_{}_total", snake(name)), *value),
                Unit::Milliseconds => (format!("mediclear_{}_seconds", snake(name)), value / 1000.0),
            };
            let entry = series.entry((metric, labels.clone())).or_default();
            if *unit == Unit::Milliseconds {
                if entry.buckets.is_empty() {
                    entry.buckets = vec![0; BUCKETS.len() + 1];
                }
                for (i, bound) in BUCKETS.iter().enumerate() {
                    if observed <= *bound {
                        entry.buckets[i] += 1;
                    }
                }
                entry.buckets[BUCKETS.len()] += 1;
            }
            entry.count += 1;
            entry.sum += observed;
        }
    }
}

impl Registry {
    /// The text exposition: a `# TYPE` line per metric, then its series.
    pub fn render(&self) -> String {
        let Ok(series) = self.series.lock() else { return String::new() };
        let mut out = String::new();
        let mut current = "";
        for ((metric, labels), s) in series.iter() {
            let histogram = !s.buckets.is_empty();
            if metric != current {
                let _ = writeln!(out, "# TYPE {metric} {}", if histogram { "histogram" } else { "counter" });
                current = metric;
            }
            let label_text = |extra: Option<(&str, String)>| {
                let mut parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape(v))).collect();
                if let Some((k, v)) = extra {
                    parts.push(format!("{k}=\"{v}\""));
                }
                if parts.is_empty() { String::new() } else { format!("{{{}}}", parts.join(",")) }
            };
            if histogram {
                let base = metric.trim_end_matches("_seconds");
                for (i, bound) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(out, "{base}_seconds_bucket{} {}", label_text(Some(("le", bound.to_string()))), s.buckets[i]);
                }
                let _ = writeln!(out, "{base}_seconds_bucket{} {}", label_text(Some(("le", "+Inf".into()))), s.buckets[BUCKETS.len()]);
                let _ = writeln!(out, "{base}_seconds_sum{} {}", label_text(None), s.sum);
                let _ = writeln!(out, "{base}_seconds_count{} {}", label_text(None), s.count);
            } else {
                let _ = writeln!(out, "{metric}{} {}", label_text(None), s.sum);
            }
        }
        out
    }
}

/// The process's registry, installed as its metrics sink on first use.
pub fn registry() -> Arc<Registry> {
    static REGISTRY: OnceLock<Arc<Registry>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| {
            let registry = Arc::new(Registry::default());
            mediclear_ports::metrics::install(registry.clone());
            registry
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_durations_render_as_prometheus_text() {
        let r = Registry::default();
        let m = Measurement::new().dimension("Route", "/api/v1/x/{id}").dimension("Outcome", "2xx").count("Requests", 1.0).millis("Latency", 30.0);
        r.record(&m);
        r.record(&m);
        r.record(&Measurement::new().dimension("Chat", "say \"hi\"").count("ThrottledSignIns", 1.0));
        let text = r.render();
        assert!(text.contains("# TYPE mediclear_requests_total counter\n"), "{text}");
        assert!(text.contains("mediclear_requests_total{route=\"/api/v1/x/{id}\",outcome=\"2xx\"} 2\n"), "{text}");
        assert!(text.contains("# TYPE mediclear_latency_seconds histogram\n"), "{text}");
        assert!(text.contains("mediclear_latency_seconds_bucket{route=\"/api/v1/x/{id}\",outcome=\"2xx\",le=\"0.025\"} 0\n"), "{text}");
        assert!(text.contains("mediclear_latency_seconds_bucket{route=\"/api/v1/x/{id}\",outcome=\"2xx\",le=\"0.05\"} 2\n"), "{text}");
        assert!(text.contains("mediclear_latency_seconds_bucket{route=\"/api/v1/x/{id}\",outcome=\"2xx\",le=\"+Inf\"} 2\n"), "{text}");
        assert!(text.contains("mediclear_latency_seconds_count{route=\"/api/v1/x/{id}\",outcome=\"2xx\"} 2\n"), "{text}");
        assert!(text.contains("mediclear_throttled_sign_ins_total{chat=\"say \\\"hi\\\"\"} 1\n"), "{text}");
    }
}
