//! State-machine executions offline. `start` records the execution durably (name, input,
//! `RUNNING`) and wakes the runtime's runner; the runner runs the ASL and records the outcome.
//! On restart the runner finds executions still `RUNNING` and runs them again from the start —
//! every analysis task is idempotent — so an interrupted analysis resumes instead of hanging.
//!
//! Names follow Step Functions: starting a name again with the same input returns the same
//! execution; with a different input it is a `Conflict` (`ExecutionAlreadyExists`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

use mediclear_ports::PortError;
use mediclear_ports::workflow::Workflow;

use crate::store::{EXECUTIONS, LocalStore, internal, to_json, txn_get};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionStatus {
    Running,
    Succeeded,
    Failed,
}

/// A recorded execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionRecord {
    pub name: String,
    pub state_machine: String,
    pub input: Value,
    pub status: ExecutionStatus,
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub output: Option<Value>,
    #[serde(default)]
    pub error: Option<String>,
    /// Runs started and not cleanly ended: a process that died during the run left it counted.
    #[serde(default)]
    pub attempts: u32,
    /// The function of the task being invoked, recorded before each invocation, so that a run
    /// cut short by the process's death knows which task it died in.
    #[serde(default)]
    pub task_in_flight: Option<String>,
}

/// Starts executions of one state machine.
#[derive(Debug, Clone)]
pub struct LocalWorkflow {
    store: LocalStore,
    state_machine: String,
    wake: Arc<Notify>,
}

impl LocalWorkflow {
    pub fn new(store: LocalStore, state_machine: &str, wake: Arc<Notify>) -> Self {
        Self { store, state_machine: state_machine.to_string(), wake }
    }

    /// The state machine this adapter starts.
    pub fn state_machine(&self) -> &str {
        &self.state_machine
    }

    pub fn execution_id(state_machine: &str, name: &str) -> String {
        format!("arn:aws:states:local:000000000000:execution:{state_machine}:{name}")
    }
}

#[async_trait]
impl Workflow for LocalWorkflow {
    async fn start(&self, execution_name: &str, input: &Value) -> Result<String, PortError> {
        let valid = !execution_name.is_empty()
            && execution_name.len() <= 80
            && execution_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(PortError::Rejected("execution names are 1-80 letters, digits, '-' or '_'".into()));
        }
        let record = ExecutionRecord {
            name: execution_name.to_string(),
            state_machine: self.state_machine.clone(),
            input: input.clone(),
            status: ExecutionStatus::Running,
            started_at: Utc::now(),
            ended_at: None,
            output: None,
            error: None,
            attempts: 0,
            task_in_flight: None,
        };
        let key = format!("{}\u{1f}{}", self.state_machine, execution_name);
        self.store
            .write(move |txn| {
                let mut t = txn.open_table(EXECUTIONS).map_err(internal)?;
                if let Some(existing) = txn_get::<ExecutionRecord>(&t, &key)? {
                    return if existing.input == record.input {
                        Ok(())
                    } else {
                        Err(PortError::Conflict(format!("execution {} already exists", record.name)))
                    };
                }
                t.insert(key.as_str(), to_json(&record)?.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await?;
        self.wake.notify_one();
        Ok(Self::execution_id(&self.state_machine, execution_name))
    }
}

impl LocalStore {
    /// Executions of a state machine still running (to run now, or to resume after a restart).
    pub async fn running_executions(&self, state_machine: &str) -> Result<Vec<ExecutionRecord>, PortError> {
        let all: Vec<(String, ExecutionRecord)> = self.scan_json(EXECUTIONS, format!("{state_machine}\u{1f}")).await?;
        Ok(all.into_iter().map(|(_, e)| e).filter(|e| e.status == ExecutionStatus::Running).collect())
    }

    /// One execution.
    pub async fn execution(&self, state_machine: &str, name: &str) -> Result<Option<ExecutionRecord>, PortError> {
        self.get_json(EXECUTIONS, format!("{state_machine}\u{1f}{name}")).await
    }

    /// Records an execution's progress or outcome.
    pub async fn put_execution(&self, record: &ExecutionRecord) -> Result<(), PortError> {
        let key = format!("{}\u{1f}{}", record.state_machine, record.name);
        let bytes = to_json(record)?;
        self.write(move |txn| {
            txn.open_table(EXECUTIONS).map_err(internal)?.insert(key.as_str(), bytes.as_slice()).map_err(internal)?;
            Ok(())
        })
        .await
    }
}
