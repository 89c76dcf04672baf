//! The offline runtime: the whole MediClear system on one machine, with no AWS account and no
//! network. It serves every route of `template.yaml` with the handlers the Lambdas run, runs the
//! state machine from the same ASL file, and delivers stream and storage events to the same
//! event handlers, with all data in one directory that survives restarts.
//!
//! # Layout
//!
//! - [`template`] — reads `template.yaml`: functions, REST routes, event sources, WebSocket
//!   routes and authorizer, state machines. Nothing is declared twice.
//! - [`embedded`] — the template, ASL files, demo content and console compiled into the binary.
//! - [`deps`] — the offline adapters, built once.
//! - [`registry`] — template function → the same handler its Lambda runs.
//! - [`gateway`] — the REST gateway: route match, token check, API Gateway proxy events.
//! - [`websocket`] — the WebSocket API: authorizer, `$connect`, routes by `action`, `$disconnect`.
//! - [`events`] — case-stream and S3-event delivery with AWS's retry semantics.
//! - [`workflows`] — runs (and after a restart resumes) state-machine executions.
//! - [`demo`] — demo users, policies and notes.
//! - [`data_dir`] — one runtime per data directory: the lock that a second one is refused by.
//! - [`web`] — what a browser opens: the console at `/`, the API docs at `/docs`, `/metrics`.
//! - [`metrics`] — the measurements the handlers record, as Prometheus text.
//! - [`system`] — [`system::start`]: everything together on a listener and a data directory;
//!   graceful stop.
//! - [`client`] — an HTTP/WebSocket client for the walkthrough and tests.
//! - [`walkthrough`] — the `demo` command's guided tour.

pub mod client;
pub mod data_dir;
pub mod demo;
pub mod deps;
pub mod embedded;
pub mod events;
pub mod gateway;
pub mod metrics;
pub mod registry;
pub mod system;
pub mod template;
pub mod uploads;
pub mod walkthrough;
pub mod web;
pub mod websocket;
pub mod workflows;
