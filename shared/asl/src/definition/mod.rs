//! The state machine definition: parsed and validated as a whole, once, before it runs.
//!
//! Beyond each state's own fields ([`states`]) this checks what Step Functions checks when a
//! state machine is created: `StartAt` and every `Next` (including catchers' and Choice
//! rules') name a state of the same graph, since a branch or Map processor cannot jump out of
//! itself; every state is reachable; state names are unique across the whole machine and at
//! most 80 characters.

pub(crate) mod fields;
pub(crate) mod states;
pub(crate) mod task;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use self::fields::Fields;
use self::states::{Kind, State};
use self::task::Resource;
use crate::AslError;

const MAX_STATE_NAME_CHARS: usize = 80;
const MAX_TIMEOUT_SECONDS: u64 = 99_999_999;

/// A parsed, validated state machine definition.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    comment: Option<String>,
    timeout_seconds: Option<u64>,
    pub(crate) root: Graph,
}

/// `StartAt` and `States`: the machine itself, a Parallel branch or a Map item processor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Graph {
    pub start_at: String,
    pub states: BTreeMap<String, State>,
}

impl StateMachine {
    /// Parses and validates a definition (after [`crate::substitute()`]).
    pub fn parse(definition_json: &str) -> Result<StateMachine, AslError> {
        let value: Value =
            serde_json::from_str(definition_json).map_err(|e| AslError::Json(e.to_string()))?;
        let f = Fields::new(
            &value,
            "definition",
            &[
                "StartAt",
                "States",
                "Comment",
                "Version",
                "TimeoutSeconds",
                "QueryLanguage",
            ],
        )?;
        if let Some(language) = f
            .value("QueryLanguage")
            .filter(|l| l.as_str() != Some("JSONPath"))
        {
            return Err(AslError::unsupported(
                f.at_key("QueryLanguage"),
                format!("the query language {language}; only JSONPath is supported"),
            ));
        }
        if f.value("Version")
            .is_some_and(|version| !version.is_string())
        {
            return Err(f.invalid("Version", "must be a string such as \"1.0\""));
        }
        let timeout_seconds = f.uint("TimeoutSeconds", MAX_TIMEOUT_SECONDS)?;
        if timeout_seconds == Some(0) {
            return Err(f.invalid("TimeoutSeconds", "must be a positive integer"));
        }
        let mut names = BTreeSet::new();
        let root = parse_graph(
            &value,
            "definition",
            &["Comment", "Version", "TimeoutSeconds", "QueryLanguage"],
            &mut names,
        )?;
        Ok(StateMachine {
            comment: f.str("Comment")?.map(str::to_string),
            timeout_seconds,
            root,
        })
    }

    /// Every Lambda function a Task can call, sorted and without repeats: the `FunctionName` of
    /// `lambda:invoke` tasks (when fixed in the definition) and function ARNs used as Resource.
    pub fn function_names(&self) -> Vec<String> {
        let mut names = BTreeSet::new();
        collect_functions(&self.root, &mut names);
        names.into_iter().collect()
    }

    /// The definition's `Comment`.
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// The machine-level `TimeoutSeconds`.
    pub fn timeout_seconds(&self) -> Option<u64> {
        self.timeout_seconds
    }
}

fn collect_functions(graph: &Graph, out: &mut BTreeSet<String>) {
    for state in graph.states.values() {
        match &state.kind {
            Kind::Task(task) => match &task.resource {
                Resource::LambdaInvoke {
                    static_function: Some(name),
                }
                | Resource::Function(name) => {
                    out.insert(name.clone());
                }
                Resource::LambdaInvoke {
                    static_function: None,
                } => {}
            },
            Kind::Parallel(p) => p.branches.iter().for_each(|b| collect_functions(b, out)),
            Kind::Map(m) => collect_functions(&m.processor, out),
            _ => {}
        }
    }
}

/// Parses a graph at `at`; `extra` are the fields allowed beside `StartAt`/`States`/`Comment`.
fn parse_graph(
    value: &Value,
    at: &str,
    extra: &[&str],
    names: &mut BTreeSet<String>,
) -> Result<Graph, AslError> {
    let mut allowed = vec!["StartAt", "States", "Comment"];
    allowed.extend_from_slice(extra);
    let f = Fields::new(value, at, &allowed)?;
    let start_at = f.required_str("StartAt")?.to_string();
    let raw_states = f
        .value("States")
        .and_then(Value::as_object)
        .ok_or_else(|| AslError::invalid(at, "'States' must be an object of states"))?;
    if raw_states.is_empty() {
        return Err(f.invalid("States", "must hold at least one state"));
    }
    let mut states = BTreeMap::new();
    for (name, raw) in raw_states {
        let here = format!("{}.{name}", f.at_key("States"));
        if name.is_empty() || name.chars().count() > MAX_STATE_NAME_CHARS {
            return Err(AslError::invalid(
                here,
                format!("a state name must have 1 to {MAX_STATE_NAME_CHARS} characters"),
            ));
        }
        if !names.insert(name.clone()) {
            return Err(AslError::invalid(
                here,
                format!("the state name '{name}' is used twice in the state machine"),
            ));
        }
        let state = states::parse(raw, &here, &mut |v: &Value, a: &str| {
            parse_graph(v, a, &[], names)
        })?;
        states.insert(name.clone(), state);
    }
    let graph = Graph { start_at, states };
    check_transitions(&graph, &f)?;
    Ok(graph)
}

fn check_transitions(graph: &Graph, f: &Fields<'_>) -> Result<(), AslError> {
    if !graph.states.contains_key(&graph.start_at) {
        return Err(f.invalid(
            "StartAt",
            format!("'{}' is not a state here", graph.start_at),
        ));
    }
    for (name, state) in &graph.states {
        for target in state.targets() {
            if !graph.states.contains_key(target) {
                return Err(AslError::invalid(
                    format!("{}.{name}", f.at_key("States")),
                    format!(
                        "moves to '{target}', which is not a state of the same branch or processor"
                    ),
                ));
            }
        }
    }
    let mut reached = BTreeSet::from([graph.start_at.as_str()]);
    let mut todo = vec![graph.start_at.as_str()];
    while let Some(name) = todo.pop() {
        for target in graph
            .states
            .get(name)
            .map(State::targets)
            .unwrap_or_default()
        {
            if reached.insert(target) {
                todo.push(target);
            }
        }
    }
    if let Some(unreached) = graph.states.keys().find(|n| !reached.contains(n.as_str())) {
        return Err(AslError::invalid(
            format!("{}.{unreached}", f.at_key("States")),
            "no state leads to this state",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
