//! Users and tokens: Cognito on AWS, the local directory and issuer offline. Both issue tokens of
//! the same shape (Cognito ID-token claims), so handlers never know which one ran.

use std::net::IpAddr;

use async_trait::async_trait;
use mediclear_domain::identity::{Caller, LoginName, NewUser};
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
}

#[async_trait]
pub trait TokenVerifier: Send + Sync {
    /// The caller a token describes; `Rejected` for a token that is invalid, expired or not an
    /// ID token of this issuer.
    async fn verify(&self, token: &str) -> PortResult<Caller>;
}
