//! The WebSocket side: which connections exist and what they listen to, and pushing a message to
//! one connection (API Gateway Management API on AWS, the local runtime's socket offline).

use async_trait::async_trait;
use mediclear_domain::identity::Caller;
use mediclear_domain::realtime::Channel;

use crate::error::PortResult;

/// A live connection.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionInfo {
    pub connection_id: String,
    pub caller: Caller,
    pub channels: Vec<String>,
}

#[async_trait]
pub trait ConnectionStore: Send + Sync {
    async fn connect(&self, connection_id: &str, caller: &Caller) -> PortResult<()>;
    async fn connection(&self, connection_id: &str) -> PortResult<Option<ConnectionInfo>>;
    /// `NotFound` if the connection is unknown (or expired), leaving nothing behind; subscribing
    /// twice is harmless.
    async fn subscribe(&self, connection_id: &str, channel: &Channel) -> PortResult<()>;
    /// Forgets the connection, its subscriptions and its delivery claims (idempotent: an unknown
    /// connection is fine).
    async fn disconnect(&self, connection_id: &str) -> PortResult<()>;
    async fn subscribers(&self, channel: &Channel) -> PortResult<Vec<String>>;
    /// Claims the right to deliver `delivery_key` to a connection: `true` the first time only —
    /// also among concurrent claims — so a stream record delivered twice sends nothing new.
    async fn claim_delivery(&self, connection_id: &str, delivery_key: &str) -> PortResult<bool>;
    /// Gives a claim back after a failed push, so a retry delivers it.
    async fn release_delivery(&self, connection_id: &str, delivery_key: &str) -> PortResult<()>;
}

/// Why a push did not arrive.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// The connection is gone (HTTP 410 from the Management API); forget it.
    #[error("connection gone")]
    Gone,
    #[error("push failed: {0}")]
    Failed(String),
}

#[async_trait]
pub trait ConnectionPusher: Send + Sync {
    async fn push(&self, connection_id: &str, payload: &[u8]) -> Result<(), PushError>;
}
