//! What happened during an execution, in order: enough to assert on in tests and to print as a
//! debug log, like a (much smaller) Step Functions execution history.
//!
//! Events of concurrent Parallel branches and Map iterations interleave as they happened; state
//! names are unique across a machine, so `state` tells them apart.

use serde::Serialize;
use serde_json::Value;

/// One event of an execution's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum HistoryEvent {
    ExecutionStarted {
        input: Value,
    },
    StateEntered {
        state: String,
        input: Value,
    },
    StateExited {
        state: String,
        output: Value,
    },
    /// A Task is about to call `function` with `payload`.
    TaskScheduled {
        state: String,
        function: String,
        payload: Value,
    },
    TaskSucceeded {
        state: String,
        function: String,
        output: Value,
    },
    TaskFailed {
        state: String,
        function: String,
        error: String,
        cause: String,
    },
    TaskTimedOut {
        state: String,
        function: String,
    },
    /// A retrier matched `error`; retry number `attempt` (1-based, per retrier) follows after
    /// `delay_seconds` (before `time_scale`).
    RetryScheduled {
        state: String,
        error: String,
        attempt: u64,
        delay_seconds: f64,
    },
    /// A catcher matched `error`; the execution goes on at `next`.
    Caught {
        state: String,
        error: String,
        next: String,
    },
    /// The state failed with an error nothing in it handled.
    StateFailed {
        state: String,
        error: String,
        cause: String,
    },
    MapIterationStarted {
        state: String,
        index: usize,
    },
    MapIterationSucceeded {
        state: String,
        index: usize,
    },
    MapIterationFailed {
        state: String,
        index: usize,
        error: String,
    },
    ExecutionSucceeded {
        output: Value,
    },
    ExecutionFailed {
        error: String,
        cause: String,
    },
    /// The machine-level `TimeoutSeconds` ran out.
    ExecutionTimedOut {
        cause: String,
    },
}
