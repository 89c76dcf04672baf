//! The task functions of the state machines, one per `Task` state:
//! `statemachines/preauth-analysis.asl.json` ([`analysis`]) and
//! `statemachines/document-pipeline.asl.json` ([`pipeline`]). Every task reads its case or
//! document from the store by id, so nothing in the execution's input can widen what a task
//! retrieves or changes.

pub mod analysis;
pub mod pipeline;
pub mod refresh;
