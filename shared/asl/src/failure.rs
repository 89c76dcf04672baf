//! Runtime errors: an error name and a cause, the pair Step Functions reports, matches in
//! `Retry`/`Catch`, and hands to a catcher as `{"Error", "Cause"}`.
//!
//! The `States.*` names the interpreter itself raises live here so every module raises the same
//! ones; which name a situation gets follows the AWS developer guide ("Error names").

use serde_json::Value;

/// A state (or the whole execution) failed with `error`, described by `cause`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub error: String,
    pub cause: String,
}

pub(crate) mod names {
    pub const ALL: &str = "States.ALL";
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const RUNTIME: &str = "States.Runtime";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";

    /// Every name the language reserves; a custom error name must not start with `States.`.
    pub const RESERVED: &[&str] = &[
        ALL,
        "States.HeartbeatTimeout",
        TIMEOUT,
        TASK_FAILED,
        "States.Permissions",
        RESULT_PATH_MATCH_FAILURE,
        "States.ParameterPathFailure",
        "States.BranchFailed",
        NO_CHOICE_MATCHED,
        "States.IntrinsicFailure",
        "States.ExceedToleratedFailureThreshold",
        "States.ItemReaderFailed",
        "States.ResultWriterFailed",
        "States.QueryEvaluationError",
        RUNTIME,
        DATA_LIMIT_EXCEEDED,
    ];
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// `States.Runtime`: never retried, never caught.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Failure::new(names::RUNTIME, cause)
    }

    /// The error output a catcher receives.
    pub fn to_error_output(&self) -> Value {
        serde_json::json!({ "Error": self.error, "Cause": self.cause })
    }
}

/// A short rendering of a JSON value for error causes (inputs can be large).
pub(crate) fn excerpt(value: &Value) -> String {
    const LIMIT: usize = 256;
    let text = value.to_string();
    if text.len() <= LIMIT {
        return text;
    }
    let mut end = LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}
