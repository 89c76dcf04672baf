//! API tests: the whole offline system, driven over HTTP and WebSocket exactly as a dashboard
//! drives it. Each test starts its own system on `127.0.0.1:0` with a fresh data directory.

mod harness;

mod auth;
mod cases;
mod decisions;
mod doctors;
mod documents;
mod fhir;
mod health;
mod health_documents;
mod idempotency;
mod insights;
mod matrix;
mod patients;
mod process;
mod realtime;
mod reports;
mod restart;
mod web;
mod wiring;
