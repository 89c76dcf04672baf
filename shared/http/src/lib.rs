//! HTTP plumbing shared by every MediClear API function, on Lambda and in the offline runtime.
//!
//! A handler reads like the API table: parse → authorize → call the domain → respond. This crate
//! supplies the parse and respond ends, once:
//!
//! # Layout
//!
//! - [`envelope`] — the JSON envelope of API.md (`success`, `accepted`, `error`), completed with
//!   `metadata.{timestamp,request_id}` by one middleware, [`envelope::layer`].
//! - [`error`] — [`ApiError`]: the client-facing error, its status and code; how validation and
//!   port errors map onto it; internal details go to logs only.
//! - [`caller`] — [`caller::Authenticated`]: the caller from the API Gateway authorizer's claims
//!   (Cognito on AWS, the offline runtime's gateway locally) and [`caller::RequestId`].
//! - [`body`] — [`body::JsonBody`]: a JSON object body with 415/413/400 named errors.
//! - [`query`] — query-string parameters and pagination (`limit`, `next_token`).
//! - [`router`] — [`router::function_router`]: one function's routes with the envelope layer,
//!   body limit and an enveloped 404/405 fallback.

pub mod body;
pub mod caller;
pub mod envelope;
pub mod error;
pub mod query;
pub mod router;

pub use error::ApiError;

/// What an API handler returns.
pub type ApiResult = Result<axum::response::Response, ApiError>;
