//! The REST endpoints, one module per Lambda function. Each exposes a `router(deps)` serving
//! exactly its route(s) from `template.yaml`, wrapped by `mediclear_http::router::function_router`.
//! Handlers read like the API table: parse → authorize → call the domain → respond.

pub mod admin_user_list;
pub mod admin_users;
pub mod auth_token;
pub mod chat;
pub mod connections;
pub mod doctors;
pub mod documents;
pub mod fhir;
pub mod health;
pub mod insights;
pub mod jobs;
pub mod patients;
pub mod preauth;
pub mod queries;
pub mod refreshes;
pub mod reports;

use mediclear_domain::identity::{Caller, Role};
use mediclear_http::ApiError;

/// 403 unless the caller has one of `roles`.
pub(crate) fn require_role(caller: &Caller, roles: &[Role]) -> Result<(), ApiError> {
    if roles.contains(&caller.role) { Ok(()) } else { Err(ApiError::forbidden()) }
}
