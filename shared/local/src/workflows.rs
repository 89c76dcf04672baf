//! Runs state-machine executions offline: the ASL file the template names, with its
//! `DefinitionSubstitutions` filled, interpreted by `mediclear-asl`, each `Task` invoking the
//! template function its substituted ARN names — the same handler the Lambda runs.
//!
//! Executions are recorded durably by the `Workflow` adapter. The runner runs each one still
//! `RUNNING` — new ones when woken, and after a restart the ones a previous process left
//! unfinished (from the start; every analysis task is idempotent) — and records the outcome.
//!
//! A run that the process's death cut short is counted, with the task it was in. After
//! [`MAX_INTERRUPTED_RUNS`] such runs the next one gives that task the error Lambda reports for
//! a function whose process died (`Runtime.ExitError`), and the state machine's own `Retry` and
//! `Catch` decide what follows — on AWS the same crash fails that one task, not the whole
//! system, so a task that kills the process (a hostile input, say) cannot make every restart
//! crash again. A graceful stop lets running executions finish within its grace period; one
//! still running then is cut off without being counted and resumes at the next start.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Utc;
use serde_json::{Value, json};
use tokio::sync::{Notify, watch};

use mediclear_asl::{ExecutionOptions, Outcome, StateMachine, TaskFailure, TaskInvoker};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::workflow::{ExecutionRecord, ExecutionStatus};

use crate::registry::Registry;
use crate::template::StateMachineDef;

/// After a restart: every case left `PENDING` or `ANALYZING` without a running execution (the
/// process stopped between filing and starting, or the execution record was lost) gets one, so
/// no case waits for ever. Executions are named after the case, as the filing handler names them.
pub async fn recover_cases(deps: &crate::deps::LocalDeps) -> anyhow::Result<usize> {
    use mediclear_domain::preauth::case::CaseStatus;
    use mediclear_ports::workflow::Workflow;
    let mut started = 0;
    for case in deps.cases.all().await? {
        if !matches!(case.status, CaseStatus::Pending | CaseStatus::Analyzing) {
            continue;
        }
        let name = case.case_id.to_string();
        let input = mediclear_handlers::api::preauth::file_case::execution_input(&case.case_id);
        let existing = deps.store.execution(deps.workflow.state_machine(), &name).await?;
        match existing {
            Some(e) if e.status == ExecutionStatus::Running => {}
            Some(_) => {
                // The execution ended but the case did not move: re-run it under a new name.
                deps.workflow.start(&format!("{name}-recovered-{}", Utc::now().timestamp()), &input).await?;
                started += 1;
            }
            None => {
                deps.workflow.start(&name, &input).await?;
                started += 1;
            }
        }
    }
    Ok(started)
}

/// The pseudo-ARN a substitution resolves to offline: the function's logical id is its name.
pub fn function_arn(logical_id: &str) -> String {
    format!("arn:aws:lambda:local:000000000000:function:{logical_id}")
}

/// Parses a template state machine's definition with its substitutions filled.
pub fn load_machine(def: &StateMachineDef, definition_text: &str) -> anyhow::Result<StateMachine> {
    let substitutions: BTreeMap<String, String> = def.substitutions.iter().map(|(k, f)| (k.clone(), function_arn(f))).collect();
    let text = mediclear_asl::substitute(definition_text, &substitutions)?;
    Ok(StateMachine::parse(&text)?)
}

/// Runs cut short by the process's death before the next run fails the task they died in.
pub const MAX_INTERRUPTED_RUNS: u32 = 3;

struct Invoker {
    registry: Registry,
    store: LocalStore,
    /// The execution, to record the task in flight on.
    record: Mutex<ExecutionRecord>,
    /// Set when earlier runs died: the task to fail with `Runtime.ExitError` (any task when
    /// the runs died before recording one), once.
    fail_task: Mutex<Option<Option<String>>>,
}

impl Invoker {
    async fn record_task_in_flight(&self, logical_id: &str) {
        let record = {
            let mut record = self.record.lock().unwrap_or_else(|e| e.into_inner());
            record.task_in_flight = Some(logical_id.to_string());
            record.clone()
        };
        if let Err(e) = self.store.put_execution(&record).await {
            tracing::warn!(error = %e, "cannot record the task in flight");
        }
    }

    /// Whether this invocation is the one that gets the crash of earlier runs.
    fn takes_the_crash(&self, logical_id: &str) -> bool {
        let mut fail = self.fail_task.lock().unwrap_or_else(|e| e.into_inner());
        let hit = match fail.as_ref() {
            Some(Some(task)) => task == logical_id,
            Some(None) => true,
            None => false,
        };
        if hit {
            *fail = None;
        }
        hit
    }
}

#[async_trait]
impl TaskInvoker for Invoker {
    async fn invoke(&self, function_name: &str, payload: Value) -> Result<Value, TaskFailure> {
        let logical_id = function_name.rsplit(':').next().unwrap_or(function_name);
        if self.takes_the_crash(logical_id) {
            let message = format!("the function's process ended during {MAX_INTERRUPTED_RUNS} runs in a row (out of memory or killed)");
            tracing::error!(task = logical_id, runs = MAX_INTERRUPTED_RUNS, "a task ended the process repeatedly; failing it");
            return Err(TaskFailure {
                error: "Runtime.ExitError".into(),
                cause: json!({"errorType": "Runtime.ExitError", "errorMessage": message}).to_string(),
            });
        }
        self.record_task_in_flight(logical_id).await;
        self.registry.invoke(logical_id, payload).await.map_err(|e| TaskFailure {
            // Lambda reports a function error's Cause as this JSON document.
            cause: json!({"errorType": e.error_type, "errorMessage": e.message}).to_string(),
            error: e.error_type,
        })
    }
}

#[derive(Clone)]
pub struct Runner {
    store: LocalStore,
    registry: Registry,
    machine: Arc<StateMachine>,
    name: String,
    options: Arc<ExecutionOptions>,
    in_flight: Arc<Mutex<HashSet<String>>>,
}

impl Runner {
    pub fn new(store: LocalStore, registry: Registry, machine: StateMachine, name: &str, time_scale: f64) -> Self {
        let options = ExecutionOptions { time_scale, state_machine_name: name.to_string(), region: "local".into(), account_id: "000000000000".into(), ..ExecutionOptions::default() };
        Self { store, registry, machine: Arc::new(machine), name: name.to_string(), options: Arc::new(options), in_flight: Arc::default() }
    }

    /// Runs executions as they are started, until the shutdown signal; then gives those still
    /// running `grace` to finish and cuts off the rest without counting their run.
    pub async fn run_until(self, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>, grace: std::time::Duration) {
        let mut executions = tokio::task::JoinSet::new();
        while !*shutdown.borrow() {
            while executions.try_join_next().is_some() {}
            let notified = wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match self.store.running_executions(&self.name).await {
                Ok(running) => {
                    for record in running {
                        let fresh = self.in_flight.lock().unwrap_or_else(|e| e.into_inner()).insert(record.name.clone());
                        if fresh {
                            let runner = self.clone();
                            executions.spawn(async move { runner.execute(record).await });
                        }
                    }
                }
                Err(e) => tracing::error!(error = %e, "cannot read executions"),
            }
            tokio::select! {
                _ = tokio::time::timeout(std::time::Duration::from_secs(5), notified) => {}
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
        }
        let drained = tokio::time::timeout(grace, async {
            while executions.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            executions.abort_all();
            while executions.join_next().await.is_some() {}
            self.uncount_cut_off_runs().await;
        }
    }

    /// Executions cut off by a graceful stop: their run did not end by a crash, so it does not
    /// count towards [`MAX_INTERRUPTED_RUNS`].
    async fn uncount_cut_off_runs(&self) {
        let names: Vec<String> = self.in_flight.lock().unwrap_or_else(|e| e.into_inner()).drain().collect();
        for name in names {
            if let Ok(Some(mut record)) = self.store.execution(&self.name, &name).await
                && record.status == ExecutionStatus::Running
            {
                record.attempts = record.attempts.saturating_sub(1);
                let _ = self.store.put_execution(&record).await;
                tracing::info!(execution = %name, "execution cut off by the shutdown; it resumes at the next start");
            }
        }
    }

    async fn execute(&self, mut record: ExecutionRecord) {
        // Runs that started and never ended died with the process.
        let died = record.attempts;
        record.attempts += 1;
        if died > 0 {
            tracing::info!(execution = %record.name, attempt = record.attempts, "resuming an execution interrupted by a restart");
        }
        let fail_task = (died >= MAX_INTERRUPTED_RUNS).then(|| record.task_in_flight.clone());
        let _ = self.store.put_execution(&record).await;
        let invoker = Invoker { registry: self.registry.clone(), store: self.store.clone(), record: Mutex::new(record.clone()), fail_task: Mutex::new(fail_task) };
        let execution = mediclear_asl::run(&self.machine, &invoker, &record.name, record.input.clone(), &self.options).await;
        record.ended_at = Some(Utc::now());
        record.task_in_flight = None;
        record.attempts = 0;
        match execution.outcome {
            Outcome::Succeeded(output) => {
                record.status = ExecutionStatus::Succeeded;
                record.output = Some(output);
            }
            Outcome::Failed { error, .. } => {
                tracing::warn!(execution = %record.name, %error, "execution failed");
                record.status = ExecutionStatus::Failed;
                record.error = Some(error);
            }
        }
        if let Err(e) = self.store.put_execution(&record).await {
            tracing::error!(error = %e, "cannot record an execution's outcome");
        }
        self.in_flight.lock().unwrap_or_else(|e| e.into_inner()).remove(&record.name);
    }
}
