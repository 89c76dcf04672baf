//! The interpreter loop: walk a graph from `StartAt` until a state ends it, and around every
//! Task, Parallel and Map attempt apply `Retry` then `Catch` (see [`crate::retry`] for matching).
//!
//! Branches and iterations run as futures of the same task, not spawned tasks, so they borrow
//! the machine and the invoker, and dropping a failed Parallel's sibling branches cancels them.

use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;

use super::history::HistoryEvent;
use super::{Execution, ExecutionOptions, Outcome, TaskInvoker, io, steps};
use crate::context::ExecutionFacts;
use crate::definition::Graph;
use crate::definition::states::{Handling, Kind, State, Transition};
use crate::failure::Failure;

pub(super) struct Runner<'a> {
    pub invoker: &'a dyn TaskInvoker,
    pub options: &'a ExecutionOptions,
    pub facts: ExecutionFacts,
    history: Mutex<Vec<HistoryEvent>>,
}

/// Where a state sends the execution next.
pub(super) enum Next<'g> {
    State(&'g str),
    End,
}

impl<'a> Runner<'a> {
    pub fn new(
        invoker: &'a dyn TaskInvoker,
        options: &'a ExecutionOptions,
        facts: ExecutionFacts,
    ) -> Self {
        Runner {
            invoker,
            options,
            facts,
            history: Mutex::new(Vec::new()),
        }
    }

    /// Appends `event`; returns how many events the history now holds.
    pub fn record(&self, event: HistoryEvent) -> usize {
        // A poisoned lock only means another branch panicked mid-push; the events are still fine.
        let mut history = self.history.lock().unwrap_or_else(|p| p.into_inner());
        history.push(event);
        history.len()
    }

    pub fn finish(self, outcome: Outcome) -> Execution {
        Execution {
            outcome,
            history: self.history.into_inner().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Real time for `seconds` of simulated time; `None` when time is not simulated at all.
    pub fn scaled(&self, seconds: f64) -> Option<Duration> {
        let scale = self.options.time_scale;
        if !(scale.is_finite() && scale > 0.0) {
            return None;
        }
        Duration::try_from_secs_f64((seconds * scale).max(0.0))
            .ok()
            .or(Some(Duration::MAX))
    }

    pub async fn sleep(&self, seconds: f64) {
        if let Some(duration) = self.scaled(seconds).filter(|d| !d.is_zero()) {
            tokio::time::sleep(duration).await;
        }
    }

    /// Runs `graph` on `input` to its end: the output of its last state, or the failure no state
    /// handled.
    pub fn run_graph<'s>(
        &'s self,
        graph: &'s Graph,
        input: Value,
    ) -> BoxFuture<'s, Result<Value, Failure>> {
        Box::pin(async move {
            let mut name = graph.start_at.as_str();
            let mut input = input;
            loop {
                let state = graph
                    .states
                    .get(name)
                    .ok_or_else(|| Failure::runtime(format!("no state named '{name}'")))?;
                let events = self.record(HistoryEvent::StateEntered {
                    state: name.to_string(),
                    input: input.clone(),
                });
                if events > self.options.max_history_events {
                    return Err(Failure::runtime(format!(
                        "The execution reached the limit of {} history events",
                        self.options.max_history_events
                    )));
                }
                let (output, next) = match self.run_state(name, state, input).await {
                    Ok(done) => done,
                    Err(failure) => {
                        self.record(HistoryEvent::StateFailed {
                            state: name.to_string(),
                            error: failure.error.clone(),
                            cause: failure.cause.clone(),
                        });
                        return Err(failure);
                    }
                };
                self.record(HistoryEvent::StateExited {
                    state: name.to_string(),
                    output: output.clone(),
                });
                match next {
                    Next::State(next) => {
                        name = next;
                        input = output;
                    }
                    Next::End => return Ok(output),
                }
            }
        })
    }

    async fn run_state<'g>(
        &self,
        name: &'g str,
        state: &'g State,
        raw: Value,
    ) -> Result<(Value, Next<'g>), Failure> {
        let entered = crate::timestamp::format(chrono::Utc::now());
        let on = |output: Value| {
            let next = match &state.transition {
                Transition::Next(next) => Next::State(next.as_str()),
                Transition::End => Next::End,
            };
            (output, next)
        };
        let done = match &state.kind {
            Kind::Pass(pass) => on(steps::pass(self, name, &entered, state, pass, &raw)?),
            Kind::Succeed => (
                steps::pass_through(self, name, &entered, state, &raw)?,
                Next::End,
            ),
            Kind::Fail(fail) => return Err(steps::fail(self, name, &entered, fail, &raw)),
            Kind::Choice(choices) => steps::choice(self, name, &entered, state, choices, &raw)?,
            Kind::Wait(wait) => on(steps::wait(self, name, &entered, state, wait, &raw).await?),
            Kind::Task(task) => {
                self.with_error_handling(name, &entered, state, &task.handling, raw)
                    .await?
            }
            Kind::Parallel(p) => {
                self.with_error_handling(name, &entered, state, &p.handling, raw)
                    .await?
            }
            Kind::Map(m) => {
                self.with_error_handling(name, &entered, state, &m.handling, raw)
                    .await?
            }
        };
        io::check_size(
            &done.0,
            self.options.max_payload_bytes,
            &format!("the output of state '{name}'"),
        )?;
        Ok(done)
    }

    /// Runs attempts of a Task, Parallel or Map state until one succeeds, a retrier gives up, or
    /// the error matches no retrier; then applies the first matching catcher, if any.
    async fn with_error_handling<'g>(
        &self,
        name: &'g str,
        entered: &str,
        state: &'g State,
        handling: &'g Handling,
        raw: Value,
    ) -> Result<(Value, Next<'g>), Failure> {
        let mut used = vec![0u64; handling.retry.len()];
        let mut retry_count = 0u32;
        let failure = loop {
            match steps::attempt(self, name, entered, retry_count, state, &raw).await {
                Ok(output) => {
                    let next = match &state.transition {
                        Transition::Next(next) => Next::State(next.as_str()),
                        Transition::End => Next::End,
                    };
                    return Ok((output, next));
                }
                Err(failure) => {
                    let Some(i) = handling
                        .retry
                        .iter()
                        .position(|r| r.errors.matches(&failure.error))
                    else {
                        break failure;
                    };
                    let retrier = &handling.retry[i];
                    if used[i] >= retrier.max_attempts {
                        break failure;
                    }
                    let delay = retrier.delay_seconds(used[i], random_unit());
                    used[i] += 1;
                    retry_count = retry_count.saturating_add(1);
                    self.record(HistoryEvent::RetryScheduled {
                        state: name.to_string(),
                        error: failure.error.clone(),
                        attempt: used[i],
                        delay_seconds: delay,
                    });
                    self.sleep(delay).await;
                }
            }
        };
        let Some(catcher) = handling
            .catch
            .iter()
            .find(|c| c.errors.matches(&failure.error))
        else {
            return Err(failure);
        };
        self.record(HistoryEvent::Caught {
            state: name.to_string(),
            error: failure.error.clone(),
            next: catcher.next.clone(),
        });
        // The catcher's ResultPath works on the state's raw input; OutputPath does not apply.
        let output = io::combine(
            catcher.result_path.as_ref(),
            &raw,
            failure.to_error_output(),
        )?;
        Ok((output, Next::State(catcher.next.as_str())))
    }
}

/// A random number in [0, 1) for `JitterStrategy: FULL`.
fn random_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u64_pair().0 >> 11) as f64 / (1u64 << 53) as f64
}
