//! The context object (`$$`) and the scope a path or template is evaluated in.
//!
//! Step Functions exposes `Execution` (Id, Name, Input, StartTime, RoleArn, RedriveCount),
//! `State` (Name, EnteredTime, RetryCount), `StateMachine` (Id, Name) and, while a Map state
//! builds an iteration's input, `Map.Item` (Index, Value). The object is built only when a `$$`
//! path is actually read, since most states never read it and `Execution.Input` can be large.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::json_path::{Path, Root};

/// What every state of one execution sees under `$$.Execution` and `$$.StateMachine`.
#[derive(Debug, Clone)]
pub(crate) struct ExecutionFacts {
    pub id: String,
    pub name: String,
    pub input: Value,
    pub start_time: String,
    pub role_arn: String,
    pub state_machine_id: String,
    pub state_machine_name: String,
}

/// The context object as one state (or one Map item) sees it.
#[derive(Debug)]
pub(crate) struct Context<'e> {
    execution: &'e ExecutionFacts,
    state_name: &'e str,
    entered_time: &'e str,
    retry_count: u32,
    map_item: Option<(usize, &'e Value)>,
    built: OnceLock<Value>,
}

impl<'e> Context<'e> {
    pub fn new(
        execution: &'e ExecutionFacts,
        state_name: &'e str,
        entered_time: &'e str,
        retry_count: u32,
    ) -> Self {
        Context {
            execution,
            state_name,
            entered_time,
            retry_count,
            map_item: None,
            built: OnceLock::new(),
        }
    }

    /// The same context with `$$.Map.Item` set, for a Map state's ItemSelector.
    pub fn with_map_item(&self, index: usize, value: &'e Value) -> Context<'e> {
        Context {
            map_item: Some((index, value)),
            built: OnceLock::new(),
            ..*self
        }
    }

    pub fn value(&self) -> &Value {
        self.built.get_or_init(|| {
            let e = self.execution;
            let mut ctx = json!({
                "Execution": {
                    "Id": e.id,
                    "Input": e.input,
                    "Name": e.name,
                    "RoleArn": e.role_arn,
                    "StartTime": e.start_time,
                    "RedriveCount": 0,
                },
                "State": {
                    "EnteredTime": self.entered_time,
                    "Name": self.state_name,
                    "RetryCount": self.retry_count,
                },
                "StateMachine": { "Id": e.state_machine_id, "Name": e.state_machine_name },
            });
            if let (Some((index, value)), Some(map)) = (self.map_item, ctx.as_object_mut()) {
                map.insert(
                    "Map".into(),
                    json!({ "Item": { "Index": index, "Value": value } }),
                );
            }
            ctx
        })
    }
}

/// The two roots a path can read: the data (`$`) and the context object (`$$`).
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub input: &'a Value,
    pub context: &'a Context<'a>,
}

impl Scope<'_> {
    pub fn select(&self, path: &Path) -> Option<Value> {
        match path.root() {
            Root::Input => path.select(self.input),
            Root::Context => path.select(self.context.value()),
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Facts for unit tests that need a context object.
    pub fn facts() -> ExecutionFacts {
        ExecutionFacts {
            id: "arn:aws:states:us-east-1:123456789012:execution:Machine:exec-1".into(),
            name: "exec-1".into(),
            input: json!({"original": true}),
            start_time: "2024-01-02T03:04:05.678Z".into(),
            role_arn: "arn:aws:iam::123456789012:role/Machine".into(),
            state_machine_id: "arn:aws:states:us-east-1:123456789012:stateMachine:Machine".into(),
            state_machine_name: "Machine".into(),
        }
    }
}
