//! One attempt of a Task, Parallel or Map state, from raw input to state output. The runner
//! repeats attempts for `Retry` and routes their failures to `Catch`.
//!
//! - Task: the Lambda call, bounded by `TimeoutSeconds` (`States.Timeout`).
//! - Parallel: every branch gets the effective input; the result is the array of branch
//!   outputs; the first failing branch fails the state and the others are dropped (cancelled).
//! - Map: each item of `ItemsPath` (through `ItemSelector`, which sees `$$.Map.Item`) runs the
//!   item processor, at most `MaxConcurrency` at once (0 = no limit); results keep item order.

use futures::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};

use super::history::HistoryEvent;
use super::io;
use super::runner::Runner;
use super::steps::amount_of;
use crate::context::{Context, Scope};
use crate::definition::states::{Handling, Kind, MapState, State, Task};
use crate::definition::task::Resource;
use crate::failure::{Failure, names};

pub(crate) async fn attempt(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    retry_count: u32,
    state: &State,
    raw: &Value,
) -> Result<Value, Failure> {
    let ctx = Context::new(&runner.facts, name, entered, retry_count);
    let effective = io::effective_input(state.input_path.as_ref(), raw, &ctx)?;
    let (handling, result) = match &state.kind {
        Kind::Task(task) => (
            &task.handling,
            run_task(runner, name, task, &effective, &ctx).await?,
        ),
        Kind::Parallel(parallel) => {
            let input = parameters(&parallel.handling, &effective, &ctx, runner)?;
            let branches = parallel
                .branches
                .iter()
                .map(|branch| runner.run_graph(branch, input.clone()));
            (
                &parallel.handling,
                Value::Array(futures::future::try_join_all(branches).await?),
            )
        }
        Kind::Map(map) => (
            &map.handling,
            run_map(runner, name, map, &effective, &ctx).await?,
        ),
        _ => {
            return Err(Failure::runtime(format!(
                "state '{name}' cannot be attempted"
            )));
        }
    };
    io::check_size(
        &result,
        runner.options.max_payload_bytes,
        &format!("the result of state '{name}'"),
    )?;
    let selected = match &handling.result_selector {
        Some(template) => template.eval(&Scope {
            input: &result,
            context: &ctx,
        })?,
        None => result,
    };
    let combined = io::combine(handling.result_path.as_ref(), raw, selected)?;
    io::output(state.output_path.as_ref(), &combined, &ctx)
}

/// `Parameters` applied to the effective input, or the effective input itself.
fn parameters(
    handling: &Handling,
    effective: &Value,
    ctx: &Context<'_>,
    runner: &Runner<'_>,
) -> Result<Value, Failure> {
    let input = match &handling.parameters {
        Some(template) => template.eval(&Scope {
            input: effective,
            context: ctx,
        })?,
        None => effective.clone(),
    };
    io::check_size(
        &input,
        runner.options.max_payload_bytes,
        "the state input after Parameters",
    )?;
    Ok(input)
}

async fn run_task(
    runner: &Runner<'_>,
    name: &str,
    task: &Task,
    effective: &Value,
    ctx: &Context<'_>,
) -> Result<Value, Failure> {
    let params = parameters(&task.handling, effective, ctx, runner)?;
    let (function, payload) = match &task.resource {
        Resource::Function(function) => (function.clone(), params),
        Resource::LambdaInvoke { .. } => invoke_request(params)?,
    };
    let timeout = match &task.timeout {
        Some(amount) => Some(amount_of(
            amount,
            &Scope {
                input: effective,
                context: ctx,
            },
            "TimeoutSecondsPath",
        )?),
        None => None,
    };
    runner.record(HistoryEvent::TaskScheduled {
        state: name.to_string(),
        function: function.clone(),
        payload: payload.clone(),
    });
    let call = runner.invoker.invoke(&function, payload);
    let outcome = match timeout.and_then(|s| runner.scaled(s as f64)) {
        Some(limit) => tokio::time::timeout(limit, call).await.ok(),
        None => Some(call.await),
    };
    match outcome {
        None => {
            runner.record(HistoryEvent::TaskTimedOut {
                state: name.to_string(),
                function,
            });
            Err(Failure::new(
                names::TIMEOUT,
                format!(
                    "The task ran longer than its TimeoutSeconds ({} s)",
                    timeout.unwrap_or(0)
                ),
            ))
        }
        Some(Err(e)) => {
            runner.record(HistoryEvent::TaskFailed {
                state: name.to_string(),
                function,
                error: e.error.clone(),
                cause: e.cause.clone(),
            });
            Err(Failure::new(e.error, e.cause))
        }
        Some(Ok(output)) => {
            runner.record(HistoryEvent::TaskSucceeded {
                state: name.to_string(),
                function,
                output: output.clone(),
            });
            Ok(match &task.resource {
                // What the optimized integration returns (the SDK metadata left out).
                Resource::LambdaInvoke { .. } => {
                    json!({ "ExecutedVersion": "$LATEST", "Payload": output, "StatusCode": 200 })
                }
                Resource::Function(_) => output,
            })
        }
    }
}

/// The function and payload a `lambda:invoke` task's evaluated Parameters ask for.
fn invoke_request(params: Value) -> Result<(String, Value), Failure> {
    let Value::Object(mut map) = params else {
        return Err(Failure::runtime(
            "lambda:invoke Parameters must be an object",
        ));
    };
    let function = match map.remove("FunctionName") {
        Some(Value::String(f)) if !f.is_empty() => f,
        _ => {
            return Err(Failure::runtime(
                "lambda:invoke needs FunctionName to be a non-empty string",
            ));
        }
    };
    let function = match map.remove("Qualifier") {
        Some(Value::String(q)) => format!("{function}:{q}"),
        _ => function,
    };
    Ok((function, map.remove("Payload").unwrap_or_else(|| json!({}))))
}

async fn run_map(
    runner: &Runner<'_>,
    name: &str,
    map: &MapState,
    effective: &Value,
    ctx: &Context<'_>,
) -> Result<Value, Failure> {
    let scope = Scope {
        input: effective,
        context: ctx,
    };
    let items = match scope.select(&map.items_path) {
        Some(Value::Array(items)) => items,
        _ => {
            return Err(Failure::runtime(format!(
                "The ItemsPath '{}' does not select an array",
                map.items_path.text()
            )));
        }
    };
    let limit = amount_of(&map.max_concurrency, &scope, "MaxConcurrencyPath")?;
    let mut inputs = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        inputs.push(match &map.item_selector {
            Some(template) => template.eval(&Scope {
                input: effective,
                context: &ctx.with_map_item(index, item),
            })?,
            None => item.clone(),
        });
    }
    let limit = match usize::try_from(limit) {
        Ok(0) | Err(_) => inputs.len().max(1),
        Ok(n) => n,
    };
    let iterations = inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| async move {
            runner.record(HistoryEvent::MapIterationStarted {
                state: name.to_string(),
                index,
            });
            let result = runner.run_graph(&map.processor, input).await;
            runner.record(match &result {
                Ok(_) => HistoryEvent::MapIterationSucceeded {
                    state: name.to_string(),
                    index,
                },
                Err(f) => HistoryEvent::MapIterationFailed {
                    state: name.to_string(),
                    index,
                    error: f.error.clone(),
                },
            });
            result
        });
    let outputs: Vec<Value> = futures::stream::iter(iterations)
        .buffered(limit)
        .try_collect()
        .await?;
    Ok(Value::Array(outputs))
}
