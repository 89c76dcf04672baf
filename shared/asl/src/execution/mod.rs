//! Running a parsed [`StateMachine`]: the public entry point [`run`], what it needs
//! ([`TaskInvoker`], [`ExecutionOptions`]) and what it returns ([`Execution`]).
//!
//! Time is simulated through `time_scale`: a Wait of `s` seconds, a retry delay of `s` seconds
//! and a `TimeoutSeconds` of `s` all last `s × time_scale` real seconds, so a test can shrink a
//! 15-minute workflow to milliseconds without changing which deadline fires first. With
//! `time_scale = 0` nothing sleeps and timeouts are not enforced (a zero deadline would fire
//! before any work).

mod attempts;
mod history;
mod io;
mod runner;
mod steps;

use serde_json::Value;

pub use self::history::HistoryEvent;
use self::runner::Runner;
use crate::StateMachine;
use crate::context::ExecutionFacts;
use crate::failure::names;

/// Calls the Lambda functions Task states name.
#[async_trait::async_trait]
pub trait TaskInvoker: Send + Sync {
    /// Invoke a Lambda function by the name/ARN the definition gives, with the payload; Err
    /// carries the function's error name (errorType) and cause.
    async fn invoke(&self, function_name: &str, payload: Value) -> Result<Value, TaskFailure>;
}

/// A function's error: `error` is what `Retry`/`Catch` match (the Lambda `errorType`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct TaskFailure {
    pub error: String,
    pub cause: String,
}

/// How to run one execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionOptions {
    /// Multiplies Wait, retry delays and timeouts; `0.0` means never sleep (and no timeouts).
    pub time_scale: f64,
    /// `$$.StateMachine.Name`, and part of the execution and state machine ARNs.
    pub state_machine_name: String,
    /// Region and account of the ARNs in the context object.
    pub region: String,
    pub account_id: String,
    /// Step Functions' payload quota (256 KiB): a larger state input, result or output fails
    /// with `States.DataLimitExceeded`.
    pub max_payload_bytes: usize,
    /// Step Functions fails an execution whose history reaches 25,000 events; here the limit
    /// also stops a state machine stuck in a loop from spinning forever when nothing sleeps.
    pub max_history_events: usize,
}

impl Default for ExecutionOptions {
    fn default() -> Self {
        ExecutionOptions {
            time_scale: 1.0,
            state_machine_name: "StateMachine".into(),
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            max_payload_bytes: 256 * 1024,
            max_history_events: 25_000,
        }
    }
}

/// How an execution ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Succeeded(Value),
    /// `error` is empty when a Fail state gave no `Error`. A machine-level timeout is
    /// `States.Timeout` (see [`Execution::status`]).
    Failed {
        error: String,
        cause: String,
    },
}

/// Step Functions' execution status, for callers that mirror `DescribeExecution`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionStatus {
    Succeeded,
    Failed,
    TimedOut,
}

/// A finished execution.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    pub outcome: Outcome,
    pub history: Vec<HistoryEvent>,
}

impl Execution {
    /// `TimedOut` when the machine's `TimeoutSeconds` ended it, as `DescribeExecution` reports.
    pub fn status(&self) -> ExecutionStatus {
        match (&self.outcome, self.history.last()) {
            (Outcome::Succeeded(_), _) => ExecutionStatus::Succeeded,
            (_, Some(HistoryEvent::ExecutionTimedOut { .. })) => ExecutionStatus::TimedOut,
            _ => ExecutionStatus::Failed,
        }
    }
}

/// Runs `machine` on `input` as the execution `execution_name`, calling Lambda functions
/// through `invoker`. Never panics: every failure, including bad data, is an [`Outcome::Failed`].
pub async fn run(
    machine: &StateMachine,
    invoker: &dyn TaskInvoker,
    execution_name: &str,
    input: Value,
    options: &ExecutionOptions,
) -> Execution {
    let machine_arn = format!(
        "arn:aws:states:{}:{}:stateMachine:{}",
        options.region, options.account_id, options.state_machine_name
    );
    let facts = ExecutionFacts {
        id: format!(
            "arn:aws:states:{}:{}:execution:{}:{execution_name}",
            options.region, options.account_id, options.state_machine_name
        ),
        name: execution_name.to_string(),
        input: input.clone(),
        start_time: crate::timestamp::format(chrono::Utc::now()),
        role_arn: format!(
            "arn:aws:iam::{}:role/{}-role",
            options.account_id, options.state_machine_name
        ),
        state_machine_id: machine_arn,
        state_machine_name: options.state_machine_name.clone(),
    };
    let runner = Runner::new(invoker, options, facts);
    runner.record(HistoryEvent::ExecutionStarted {
        input: input.clone(),
    });

    let work = async {
        io::check_size(&input, options.max_payload_bytes, "the execution input")?;
        runner.run_graph(&machine.root, input).await
    };
    let deadline = machine
        .timeout_seconds()
        .and_then(|s| runner.scaled(s as f64));
    let result = match deadline {
        Some(limit) => match tokio::time::timeout(limit, work).await {
            Ok(result) => result,
            Err(_) => {
                let cause = format!(
                    "The execution ran longer than its TimeoutSeconds ({} s)",
                    machine.timeout_seconds().unwrap_or(0)
                );
                runner.record(HistoryEvent::ExecutionTimedOut {
                    cause: cause.clone(),
                });
                return runner.finish(Outcome::Failed {
                    error: names::TIMEOUT.into(),
                    cause,
                });
            }
        },
        None => work.await,
    };
    let outcome = match result {
        Ok(output) => {
            runner.record(HistoryEvent::ExecutionSucceeded {
                output: output.clone(),
            });
            Outcome::Succeeded(output)
        }
        Err(failure) => {
            runner.record(HistoryEvent::ExecutionFailed {
                error: failure.error.clone(),
                cause: failure.cause.clone(),
            });
            Outcome::Failed {
                error: failure.error,
                cause: failure.cause,
            }
        }
    };
    runner.finish(outcome)
}

#[cfg(test)]
mod tests;
