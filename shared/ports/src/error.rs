//! The error every port returns. Messages carry ids and technical reasons only — never clinical
//! text — because they may reach logs and, for `Rejected`, the client.

/// What went wrong, classified for the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A conditional write lost: the item exists already or changed since it was read.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The dependency refused the input (unreadable file, bad pagination token). Safe to show.
    #[error("{0}")]
    Rejected(String),
    /// A language model answered with output that does not fit the schema.
    #[error("invalid model output: {0}")]
    InvalidOutput(String),
    /// A transient failure: throttling, timeout, network. Worth retrying.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    /// The caller must wait before trying again (too many failed sign-ins, a saturated pool):
    /// the client's `429` with `Retry-After`.
    #[error("throttled; retry after {retry_after_seconds} s")]
    Throttled { retry_after_seconds: u64 },
    /// Anything else: a fault on MediClear's side or the dependency's.
    #[error("internal: {0}")]
    Internal(String),
}

impl PortError {
    pub fn is_transient(&self) -> bool {
        matches!(self, PortError::Unavailable(_) | PortError::Throttled { .. })
    }
}

pub type PortResult<T> = Result<T, PortError>;
