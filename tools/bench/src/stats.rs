//! Summaries of timed samples: median and p95 (nearest rank), with min and max, in milliseconds;
//! and, for the load section's routes, the tail up to p99. Nearest rank rather than interpolation
//! so that every figure printed is one that was measured.

use std::time::Duration;

use serde::Serialize;

/// A summary of one series of measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub runs: usize,
    pub min_ms: f64,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The sample at quantile `q` by the nearest-rank method (`sorted` is ascending, not empty).
fn nearest_rank(sorted: &[Duration], q: f64) -> Duration {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `None` for no samples.
pub fn summarize(samples: &[Duration]) -> Option<Summary> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    Some(Summary {
        runs: sorted.len(),
        min_ms: ms(sorted[0]),
        median_ms: ms(nearest_rank(&sorted, 0.5)),
        p95_ms: ms(nearest_rank(&sorted, 0.95)),
        max_ms: ms(sorted[sorted.len() - 1]),
    })
}

/// The tail of one series: median, p95 and p99 by nearest rank, and the max, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tail {
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// `None` for no samples.
pub fn tail(samples: &[Duration]) -> Option<Tail> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    Some(Tail {
        runs: sorted.len(),
        median_ms: ms(nearest_rank(&sorted, 0.5)),
        p95_ms: ms(nearest_rank(&sorted, 0.95)),
        p99_ms: ms(nearest_rank(&sorted, 0.99)),
        max_ms: ms(sorted[sorted.len() - 1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let samples: Vec<Duration> = (1..=20).rev().map(Duration::from_millis).collect();
        let s = summarize(&samples).unwrap();
        assert_eq!((s.runs, s.min_ms, s.median_ms, s.p95_ms, s.max_ms), (20, 1.0, 10.0, 19.0, 20.0));
        let one = summarize(&[Duration::from_millis(7)]).unwrap();
        assert_eq!((one.median_ms, one.p95_ms), (7.0, 7.0));
        assert!(summarize(&[]).is_none());
    }

    #[test]
    fn the_tail_is_measured_values() {
        let samples: Vec<Duration> = (1..=200).rev().map(Duration::from_millis).collect();
        let t = tail(&samples).unwrap();
        assert_eq!((t.runs, t.median_ms, t.p95_ms, t.p99_ms, t.max_ms), (200, 100.0, 190.0, 198.0, 200.0));
        assert!(tail(&[]).is_none());
    }
}
