//! What each state type does with its input, in the spec's processing order. Pass, Succeed,
//! Fail, Choice and Wait are here; Task, Parallel and Map (which can be retried and caught)
//! are in [`super::attempts`].

use chrono::Utc;
use serde_json::Value;

use super::io;
use super::runner::{Next, Runner};
use crate::choice::Choices;
use crate::context::{Context, Scope};
use crate::definition::states::{Amount, Fail, Pass, State, Text, Wait};
use crate::failure::{Failure, names};

pub(super) use super::attempts::attempt;

fn context<'e>(runner: &'e Runner<'_>, name: &'e str, entered: &'e str) -> Context<'e> {
    Context::new(&runner.facts, name, entered, 0)
}

/// Pass: `Result` (or `Parameters`, or the effective input) placed by `ResultPath`.
pub(super) fn pass(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    state: &State,
    pass: &Pass,
    raw: &Value,
) -> Result<Value, Failure> {
    let ctx = context(runner, name, entered);
    let effective = io::effective_input(state.input_path.as_ref(), raw, &ctx)?;
    let result = match (&pass.result, &pass.parameters) {
        (Some(result), _) => result.clone(),
        (None, Some(template)) => template.eval(&Scope {
            input: &effective,
            context: &ctx,
        })?,
        (None, None) => effective,
    };
    let combined = io::combine(pass.result_path.as_ref(), raw, result)?;
    io::output(state.output_path.as_ref(), &combined, &ctx)
}

/// Succeed: the effective input, through `OutputPath`.
pub(super) fn pass_through(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    state: &State,
    raw: &Value,
) -> Result<Value, Failure> {
    let ctx = context(runner, name, entered);
    let effective = io::effective_input(state.input_path.as_ref(), raw, &ctx)?;
    io::output(state.output_path.as_ref(), &effective, &ctx)
}

/// Fail: the error and cause it names, read from the raw input when given as paths.
pub(super) fn fail(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    fail: &Fail,
    raw: &Value,
) -> Failure {
    let ctx = context(runner, name, entered);
    let scope = Scope {
        input: raw,
        context: &ctx,
    };
    let text = |text: &Option<Text>, field: &str| -> Result<String, Failure> {
        let value = match text {
            None => return Ok(String::new()),
            Some(Text::Fixed(s)) => return Ok(s.clone()),
            Some(Text::Path(path)) => scope.select(path).ok_or_else(|| {
                Failure::runtime(format!(
                    "The JSONPath '{}' of {field} could not be found in the input",
                    path.text()
                ))
            })?,
            Some(Text::Call(call)) => crate::intrinsic::eval(call, &scope)?,
        };
        match value {
            Value::String(s) => Ok(s),
            other => Err(Failure::runtime(format!(
                "{field} must select a string, not {other}"
            ))),
        }
    };
    match (
        text(&fail.error, "ErrorPath"),
        text(&fail.cause, "CausePath"),
    ) {
        (Ok(error), Ok(cause)) => Failure::new(error, cause),
        (Err(failure), _) | (_, Err(failure)) => failure,
    }
}

/// Choice: the first rule that holds picks the next state; none and no Default is
/// `States.NoChoiceMatched`.
pub(super) fn choice<'g>(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    state: &State,
    choices: &'g Choices,
    raw: &Value,
) -> Result<(Value, Next<'g>), Failure> {
    let ctx = context(runner, name, entered);
    let effective = io::effective_input(state.input_path.as_ref(), raw, &ctx)?;
    let next = choices
        .choose(&Scope {
            input: &effective,
            context: &ctx,
        })?
        .ok_or_else(|| {
            Failure::new(
                names::NO_CHOICE_MATCHED,
                format!(
                    "No Choice Rule of state '{name}' matched the input, and it has no Default"
                ),
            )
        })?;
    Ok((
        io::output(state.output_path.as_ref(), &effective, &ctx)?,
        Next::State(next),
    ))
}

/// Wait: sleep (scaled), then pass the effective input on.
pub(super) async fn wait(
    runner: &Runner<'_>,
    name: &str,
    entered: &str,
    state: &State,
    wait: &Wait,
    raw: &Value,
) -> Result<Value, Failure> {
    let ctx = context(runner, name, entered);
    let effective = io::effective_input(state.input_path.as_ref(), raw, &ctx)?;
    let scope = Scope {
        input: &effective,
        context: &ctx,
    };
    let seconds = match wait {
        Wait::Seconds(amount) => amount_of(amount, &scope, "SecondsPath")? as f64,
        Wait::Timestamp(time) => until(time.with_timezone(&Utc)),
        Wait::TimestampPath(path) => {
            let text = scope
                .select(path)
                .and_then(|v| v.as_str().map(str::to_string));
            let time = text
                .as_deref()
                .and_then(crate::timestamp::parse)
                .ok_or_else(|| {
                    Failure::runtime(format!(
                        "The TimestampPath '{}' does not select an RFC 3339 timestamp",
                        path.text()
                    ))
                })?;
            until(time.with_timezone(&Utc))
        }
    };
    runner.sleep(seconds).await;
    io::output(state.output_path.as_ref(), &effective, &ctx)
}

fn until(time: chrono::DateTime<Utc>) -> f64 {
    ((time - Utc::now()).num_milliseconds().max(0) as f64) / 1000.0
}

/// A fixed amount, or the non-negative integer a path selects (`States.Runtime` otherwise).
pub(super) fn amount_of(amount: &Amount, scope: &Scope<'_>, field: &str) -> Result<u64, Failure> {
    match amount {
        Amount::Fixed(n) => Ok(*n),
        Amount::Path(path) => scope.select(path).and_then(|v| v.as_u64()).ok_or_else(|| {
            Failure::runtime(format!(
                "The {field} '{}' does not select a non-negative integer",
                path.text()
            ))
        }),
    }
}
