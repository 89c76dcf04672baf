//! An Amazon States Language interpreter: MediClear's offline runtime runs the same
//! `statemachines/*.asl.json` files Step Functions runs on AWS, so a mistake in the ASL fails
//! locally, not after a deploy.
//!
//! ```text
//! substitute(text, DefinitionSubstitutions) → StateMachine::parse → run(machine, invoker, name, input, options) → Execution
//! ```
//!
//! Semantics follow the States Language specification and, where AWS documents more, the Step
//! Functions developer guide; `tests/moto_conformance.rs` compares executions with moto's port
//! of a Step Functions executor. Only Lambda tasks run (`lambda:invoke` and function ARNs); other
//! integrations, callbacks, distributed Map, JSONata and variables are rejected when parsed.
//!
//! # Layout
//!
//! - `substitute` — [`substitute()`]: `${Name}` placeholders, as CloudFormation fills them.
//! - `definition` — [`StateMachine`]: parsing and validation of the whole definition
//!   (`fields`: strict objects; `states`: each state type; `task`: supported resources).
//! - `choice` — Choice rules: the model, `parse` (validation) and `eval`.
//! - `retry` — `Retry`/`Catch`: error-name matching and back-off.
//! - `json_path` — Paths and Reference Paths: selection and `ResultPath` writes.
//! - `template` — payload templates (`Parameters`, `ResultSelector`, `ItemSelector`).
//! - `intrinsic` — `States.*` functions: parsing (`mod.rs`) and evaluation (`functions`).
//! - `context` — the context object `$$` and the scope paths are read in.
//! - `timestamp` — the RFC 3339 profile the language uses.
//! - `failure` — runtime error names and causes.
//! - `execution` — [`run`]: the interpreter loop and error handling (`runner`), the state
//!   types (`steps`, `attempts`), input/output processing (`io`) and [`HistoryEvent`]s.
//! - [`AslError`] — why a definition was rejected.

mod choice;
mod context;
mod definition;
mod error;
mod execution;
mod failure;
mod intrinsic;
mod json_path;
mod retry;
mod substitute;
mod template;
mod timestamp;

pub use definition::StateMachine;
pub use error::AslError;
pub use execution::{
    Execution, ExecutionOptions, ExecutionStatus, HistoryEvent, Outcome, TaskFailure, TaskInvoker,
    run,
};
pub use substitute::substitute;
