//! The task functions of `statemachines/preauth-analysis.asl.json`, one per `Task` state.
//! Every task reads the case from the store by id, so nothing in the execution's input can widen
//! what a task retrieves or changes.

pub mod analysis;
