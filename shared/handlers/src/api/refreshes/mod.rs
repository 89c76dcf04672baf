//! Refreshes of a patient's record: `POST /rag/refresh` queues one, `GET
//! /patients/{id}/refreshes` lists them (version, trigger, when, what changed). The worker that
//! runs them is `crate::tasks::refresh`.

pub mod list;
pub mod request;
