//! One state of the definition, parsed: its type's fields, checked the way Step Functions checks
//! them when a state machine is created (allowed fields per type, `Next`/`End`, exclusive
//! fields, value ranges). Transitions and nested graphs are checked by the caller.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::Graph;
use super::fields::Fields;
use super::task::{Resource, parse_resource};
use crate::AslError;
use crate::choice::{self, Choices};
use crate::intrinsic::{self, Call};
use crate::json_path::Path;
use crate::retry::{Catcher, Retrier, parse_catch, parse_retry};
use crate::template::Template;
use crate::timestamp;

/// Largest `TimeoutSeconds`/`Seconds` Step Functions accepts.
const MAX_SECONDS: u64 = 99_999_999;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    pub kind: Kind,
    /// `None` is `"InputPath": null` (the effective input is `{}`).
    pub input_path: Option<Path>,
    /// `None` is `"OutputPath": null` (the output is `{}`).
    pub output_path: Option<Path>,
    pub transition: Transition,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Transition {
    Next(String),
    /// `End: true`, or a state that ends by its nature (Succeed, Fail) or never by itself (Choice).
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Pass(Pass),
    Task(Task),
    Choice(Choices),
    Wait(Wait),
    Succeed,
    Fail(Fail),
    Parallel(Parallel),
    Map(MapState),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pass {
    pub result: Option<Value>,
    pub parameters: Option<Template>,
    pub result_path: Option<Path>,
}

/// What Task, Parallel and Map share: how their result is shaped and how their errors are handled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Handling {
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: Option<Path>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Task {
    pub resource: Resource,
    pub handling: Handling,
    pub timeout: Option<Amount>,
}

/// A non-negative integer (seconds, a concurrency limit), fixed or read from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Amount {
    Fixed(u64),
    Path(Path),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wait {
    Seconds(Amount),
    Timestamp(DateTime<FixedOffset>),
    TimestampPath(Path),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fail {
    pub error: Option<Text>,
    pub cause: Option<Text>,
}

/// A Fail state's `Error`/`Cause`, fixed or read from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Text {
    Fixed(String),
    Path(Path),
    Call(Call),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parallel {
    pub branches: Vec<Graph>,
    pub handling: Handling,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapState {
    pub processor: Graph,
    pub items_path: Path,
    /// `ItemSelector`, or the legacy `Parameters` that means the same in a Map state.
    pub item_selector: Option<Template>,
    /// 0 is "no limit".
    pub max_concurrency: Amount,
    pub handling: Handling,
}

const IO: &[&str] = &["Type", "Comment", "InputPath", "OutputPath"];
const FLOW: &[&str] = &["Next", "End"];
const OUTCOME: &[&str] = &[
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Retry",
    "Catch",
];

fn allowed(parts: &[&[&'static str]]) -> Vec<&'static str> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// Parses the state `name` (at `at`); `graph` parses nested branches and processors.
pub(crate) fn parse(
    value: &Value,
    at: &str,
    graph: &mut dyn FnMut(&Value, &str) -> Result<Graph, AslError>,
) -> Result<State, AslError> {
    let type_name = value
        .get("Type")
        .and_then(Value::as_str)
        .ok_or_else(|| AslError::invalid(at, "every state needs a string 'Type'"))?;
    let fields = match type_name {
        "Pass" => allowed(&[IO, FLOW, &["ResultPath", "Parameters", "Result"]]),
        "Task" => allowed(&[
            IO,
            FLOW,
            OUTCOME,
            &["Resource", "TimeoutSeconds", "TimeoutSecondsPath"],
        ]),
        "Choice" => allowed(&[IO, &["Choices", "Default"]]),
        "Wait" => allowed(&[
            IO,
            FLOW,
            &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ]),
        "Succeed" => allowed(&[IO]),
        "Fail" => vec![
            "Type",
            "Comment",
            "Error",
            "ErrorPath",
            "Cause",
            "CausePath",
        ],
        "Parallel" => allowed(&[IO, FLOW, OUTCOME, &["Branches"]]),
        "Map" => allowed(&[
            IO,
            FLOW,
            OUTCOME,
            &[
                "ItemsPath",
                "ItemSelector",
                "ItemProcessor",
                "Iterator",
                "MaxConcurrency",
                "MaxConcurrencyPath",
            ],
        ]),
        other => {
            return Err(AslError::invalid(
                at,
                format!("unknown state type '{other}'"),
            ));
        }
    };
    let f = Fields::new(value, at, &fields)?;
    let kind = match type_name {
        "Pass" => Kind::Pass(Pass {
            result: f.value("Result").cloned(),
            parameters: template(&f, "Parameters")?,
            result_path: f.nullable_path("ResultPath", true)?,
        }),
        "Task" => task(&f)?,
        "Choice" => Kind::Choice(choice::parse(&f)?),
        "Wait" => wait(&f)?,
        "Succeed" => Kind::Succeed,
        "Fail" => Kind::Fail(Fail {
            error: text(&f, "Error", "ErrorPath")?,
            cause: text(&f, "Cause", "CausePath")?,
        }),
        "Parallel" => {
            let items = f
                .array("Branches")?
                .ok_or_else(|| AslError::invalid(at, "a Parallel state needs 'Branches'"))?;
            if items.is_empty() {
                return Err(f.invalid("Branches", "must hold at least one branch"));
            }
            let branches = items
                .iter()
                .enumerate()
                .map(|(i, b)| graph(b, &format!("{}[{i}]", f.at_key("Branches"))))
                .collect::<Result<Vec<_>, _>>()?;
            Kind::Parallel(Parallel {
                branches,
                handling: handling(&f)?,
            })
        }
        _ => map(&f, graph)?,
    };
    let terminal_by_nature = matches!(kind, Kind::Choice(_) | Kind::Succeed | Kind::Fail(_));
    let transition = transition(&f, terminal_by_nature)?;
    let has_io = !matches!(kind, Kind::Fail(_));
    Ok(State {
        input_path: if has_io {
            f.nullable_path("InputPath", false)?
        } else {
            Path::parse("$").ok()
        },
        output_path: if has_io {
            f.nullable_path("OutputPath", false)?
        } else {
            Path::parse("$").ok()
        },
        kind,
        transition,
    })
}

fn transition(f: &Fields<'_>, terminal_by_nature: bool) -> Result<Transition, AslError> {
    if terminal_by_nature {
        // Their allowed-field lists already exclude Next and End.
        return Ok(Transition::End);
    }
    match (f.str("Next")?, f.bool("End")?) {
        (Some(_), Some(true)) => Err(AslError::invalid(
            f.at(),
            "'Next' and 'End' cannot both be given",
        )),
        (Some(next), _) => Ok(Transition::Next(next.to_string())),
        (None, Some(true)) => Ok(Transition::End),
        (None, _) => Err(AslError::invalid(
            f.at(),
            "the state needs 'Next' or \"End\": true",
        )),
    }
}

fn template(f: &Fields<'_>, key: &str) -> Result<Option<Template>, AslError> {
    f.value(key)
        .map(|v| Template::parse(v, &f.at_key(key)))
        .transpose()
}

fn handling(f: &Fields<'_>) -> Result<Handling, AslError> {
    Ok(Handling {
        parameters: template(f, "Parameters")?,
        result_selector: template(f, "ResultSelector")?,
        result_path: f.nullable_path("ResultPath", true)?,
        retry: parse_retry(f)?,
        catch: parse_catch(f)?,
    })
}

fn task(f: &Fields<'_>) -> Result<Kind, AslError> {
    let resource = parse_resource(f.required_str("Resource")?, f.value("Parameters"), f.at())?;
    f.exclusive(&["TimeoutSeconds", "TimeoutSecondsPath"])?;
    let timeout = match (
        f.uint("TimeoutSeconds", MAX_SECONDS)?,
        f.path("TimeoutSecondsPath", true)?,
    ) {
        (Some(0), _) => return Err(f.invalid("TimeoutSeconds", "must be a positive integer")),
        (Some(n), _) => Some(Amount::Fixed(n)),
        (None, Some(path)) => Some(Amount::Path(path)),
        (None, None) => None,
    };
    Ok(Kind::Task(Task {
        resource,
        handling: handling(f)?,
        timeout,
    }))
}

fn wait(f: &Fields<'_>) -> Result<Kind, AslError> {
    let keys = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
    f.exclusive(&keys)?;
    if let Some(n) = f.uint("Seconds", MAX_SECONDS)? {
        return Ok(Kind::Wait(Wait::Seconds(Amount::Fixed(n))));
    }
    if let Some(path) = f.path("SecondsPath", true)? {
        return Ok(Kind::Wait(Wait::Seconds(Amount::Path(path))));
    }
    if let Some(text) = f.str("Timestamp")? {
        let time = timestamp::parse(text).ok_or_else(|| {
            f.invalid(
                "Timestamp",
                "must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z",
            )
        })?;
        return Ok(Kind::Wait(Wait::Timestamp(time)));
    }
    if let Some(path) = f.path("TimestampPath", true)? {
        return Ok(Kind::Wait(Wait::TimestampPath(path)));
    }
    Err(AslError::invalid(
        f.at(),
        format!("a Wait state needs one of {}", keys.join(", ")),
    ))
}

/// `Error`/`ErrorPath` or `Cause`/`CausePath`; the `...Path` form takes a Reference Path or an
/// intrinsic call.
fn text(f: &Fields<'_>, fixed: &str, path: &str) -> Result<Option<Text>, AslError> {
    f.exclusive(&[fixed, path])?;
    if let Some(text) = f.str(fixed)? {
        return Ok(Some(Text::Fixed(text.to_string())));
    }
    match f.str(path)? {
        None => Ok(None),
        Some(expr) if intrinsic::looks_like_call(expr) => Ok(Some(Text::Call(
            Call::parse(expr).map_err(|why| f.invalid(path, why))?,
        ))),
        Some(_) => Ok(f.path(path, true)?.map(Text::Path)),
    }
}

fn map(
    f: &Fields<'_>,
    graph: &mut dyn FnMut(&Value, &str) -> Result<Graph, AslError>,
) -> Result<Kind, AslError> {
    f.exclusive(&["ItemProcessor", "Iterator"])?;
    f.exclusive(&["ItemSelector", "Parameters"])?;
    f.exclusive(&["MaxConcurrency", "MaxConcurrencyPath"])?;
    let processor = match (f.value("ItemProcessor"), f.value("Iterator")) {
        (Some(p), _) => {
            let at = f.at_key("ItemProcessor");
            let config = p.get("ProcessorConfig");
            if let Some(config) = config {
                let cf = Fields::new(
                    config,
                    &format!("{at}.ProcessorConfig"),
                    &["Mode", "ExecutionType"],
                )?;
                match cf.str("Mode")? {
                    None | Some("INLINE") => {}
                    Some("DISTRIBUTED") => {
                        return Err(AslError::unsupported(cf.at_key("Mode"), "distributed Map"));
                    }
                    Some(other) => {
                        return Err(cf.invalid(
                            "Mode",
                            format!("must be INLINE or DISTRIBUTED, not '{other}'"),
                        ));
                    }
                }
            }
            let mut inner = p.clone();
            if let Some(obj) = inner.as_object_mut() {
                obj.remove("ProcessorConfig");
            }
            graph(&inner, &at)?
        }
        (None, Some(iterator)) => graph(iterator, &f.at_key("Iterator"))?,
        (None, None) => {
            return Err(AslError::invalid(
                f.at(),
                "a Map state needs 'ItemProcessor' (or the legacy 'Iterator')",
            ));
        }
    };
    let item_selector = match template(f, "ItemSelector")? {
        Some(t) => Some(t),
        None => template(f, "Parameters")?,
    };
    let max_concurrency = match (
        f.uint("MaxConcurrency", u64::from(u32::MAX))?,
        f.path("MaxConcurrencyPath", true)?,
    ) {
        (Some(n), _) => Amount::Fixed(n),
        (None, Some(path)) => Amount::Path(path),
        (None, None) => Amount::Fixed(0),
    };
    let items_path = f
        .path("ItemsPath", true)?
        .map_or_else(|| Path::parse("$"), Ok)
        .map_err(|why| f.invalid("ItemsPath", why))?;
    // In a Map state `Parameters` is the item selector, so the shared handling must not apply it
    // to the state's input as well.
    let mut handling = handling(f)?;
    handling.parameters = None;
    Ok(Kind::Map(MapState {
        processor,
        items_path,
        item_selector,
        max_concurrency,
        handling,
    }))
}

impl State {
    /// Every state this one can move to: `Next`, catchers, Choice rules and default.
    pub fn targets(&self) -> Vec<&str> {
        let mut out = Vec::new();
        if let Transition::Next(next) = &self.transition {
            out.push(next.as_str());
        }
        match &self.kind {
            Kind::Choice(c) => {
                out.extend(c.rules.iter().map(|(_, next)| next.as_str()));
                out.extend(c.default.as_deref());
            }
            Kind::Task(Task { handling, .. })
            | Kind::Parallel(Parallel { handling, .. })
            | Kind::Map(MapState { handling, .. }) => {
                out.extend(crate::retry::catch_targets(&handling.catch));
            }
            _ => {}
        }
        out
    }
}
