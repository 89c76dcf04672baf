//! Users and tokens: Cognito on AWS, the local directory and issuer offline. Both issue tokens of
//! the same shape (Cognito ID-token claims), so handlers never know which one ran.

use std::net::IpAddr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Role};
use serde::Serialize;

use crate::error::PortResult;

/// A token handed to a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    /// The Cognito ID token (a JWT); send it as `Authorization: Bearer <token>`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: u64,
}

/// A user as an administrator sees it: the login, its role and the ids it is bound to — never a
/// password or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    pub username: String,
    pub role: Role,
    /// The ids the user is bound to, as `POST /admin/users` answers them.
    pub bindings: Bindings,
    /// When the user was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

/// One page of [`UserDirectory::list_users`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    /// Continues the listing; `None` on the last page.
    pub next_token: Option<String>,
}

/// The most users one page holds (Cognito's `ListUsersInGroup` returns at most 60 a call).
pub const MAX_USERS_PAGE: usize = 60;

#[async_trait]
pub trait UserDirectory: Send + Sync {
    /// Creates the user; `Conflict` if the username is taken. Returns the identity its tokens
    /// will carry.
    async fn create_user(&self, user: &NewUser) -> PortResult<Caller>;
    /// `Ok(None)` for an unknown user or a wrong password — the two are indistinguishable.
    /// A sign-in that needs a step this API does not offer (an MFA challenge) is `Rejected`; one
    /// refused because of earlier failures (for this account, or from this address) is
    /// `Throttled`. `source` is the client's address as the gateway saw it, which the directory
    /// throttles by (Cognito receives it as the request's context data).
    async fn sign_in(&self, username: &LoginName, password: &str, source: Option<IpAddr>) -> PortResult<Option<IssuedToken>>;
    /// Deletes the user; whether there was one. Tokens already issued stay valid until they
    /// expire (an hour), as Cognito's ID tokens do.
    async fn delete_user(&self, username: &LoginName) -> PortResult<bool>;
    /// Users in `role` (every role when `None`), in the order of [`Role::ALL`] and, within a
    /// role, in the directory's order (by username offline); each once; at most `limit` (clamped to 1..=[`MAX_USERS_PAGE`]) a page, a page
    /// possibly shorter while `next_token` says more follow. A `next_token` this listing (with
    /// this filter) did not issue is `Rejected`.
    async fn list_users(&self, role: Option<Role>, limit: usize, next_token: Option<&str>) -> PortResult<UserPage>;
}

#[async_trait]
pub trait TokenVerifier: Send + Sync {
    /// The caller a token describes; `Rejected` for a token that is invalid, expired or not an
    /// ID token of this issuer.
    async fn verify(&self, token: &str) -> PortResult<Caller>;
}
