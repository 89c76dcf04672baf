//! SDK errors → [`PortError`].
//!
//! Every adapter call ends in one of these mappings, so the classification lives in one place:
//! throttling, timeouts, 5xx and "not ready" answers are `Unavailable` (the caller, or the state
//! machine's `Retry`, tries again); anything else is `Internal` unless the adapter recognises a
//! code it can say more about (a failed condition is `Conflict`, a refused input `Rejected`).
//!
//! The text of a mapped error names the operation, the service's error code and the HTTP status,
//! never the service's message: DynamoDB and Bedrock messages may quote the request, and the
//! request may carry clinical text.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use mediclear_ports::PortError;

/// Error codes that mean "try again later", across the services MediClear calls.
const TRANSIENT_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "LimitExceededException",
    "TransactionInProgressException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "InternalServerError",
    "InternalServerException",
    "InternalFailure",
    "InternalErrorException",
    "ModelNotReadyException",
    "ModelTimeoutException",
    "ModelErrorException",
    "SlowDown",
    "RequestTimeout",
    "RequestTimeoutException",
];

/// What went wrong with one SDK call, reduced to what a mapping needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// The operation, e.g. `dynamodb.PutItem`.
    pub operation: &'static str,
    /// The service's error code (`ConditionalCheckFailedException`), when it answered.
    pub code: Option<String>,
    /// The HTTP status, when there was a response.
    pub status: Option<u16>,
    /// No response arrived (timeout, connection failure) or it could not be read.
    pub no_answer: bool,
}

impl Failure {
    pub fn of<E: ProvideErrorMetadata>(operation: &'static str, err: &SdkError<E, HttpResponse>) -> Failure {
        let status = err.raw_response().map(|r| r.status().as_u16());
        match err {
            SdkError::ServiceError(service) => {
                Failure { operation, code: service.err().code().map(str::to_string), status, no_answer: false }
            }
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
                Failure { operation, code: None, status, no_answer: true }
            }
            // A request the SDK could not even build is MediClear's fault.
            _ => Failure { operation, code: Some("ConstructionFailure".into()), status: None, no_answer: false },
        }
    }

    pub fn code_is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    pub fn is_transient(&self) -> bool {
        self.no_answer
            || self.code.as_deref().is_some_and(|c| TRANSIENT_CODES.contains(&c))
            || self.status.is_some_and(|s| s == 429 || s >= 500)
    }

    /// A short technical description: operation, code, status. Never the service's message.
    pub fn describe(&self) -> String {
        let code = self.code.as_deref().unwrap_or(if self.no_answer { "no response" } else { "unknown error" });
        match self.status {
            Some(status) => format!("{}: {code} (HTTP {status})", self.operation),
            None => format!("{}: {code}", self.operation),
        }
    }

    /// The default mapping: transient → `Unavailable`, everything else → `Internal`.
    pub fn into_port_error(self) -> PortError {
        if self.is_transient() { PortError::Unavailable(self.describe()) } else { PortError::Internal(self.describe()) }
    }
}

/// The default mapping for one SDK error; logs the technical description (no message text).
pub(crate) fn port_error<E: ProvideErrorMetadata>(operation: &'static str, err: &SdkError<E, HttpResponse>) -> PortError {
    let failure = Failure::of(operation, err);
    tracing::warn!(error = %failure.describe(), "aws call failed");
    failure.into_port_error()
}

/// A value the store itself wrote could not be read back: a fault, never the caller's.
pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("stored {what} is unreadable: {}", without_values(&err.to_string())))
}

/// A value could not be encoded for storage: a fault in MediClear's types.
pub(crate) fn unencodable(what: &str, id: &str, err: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("{what} {id} could not be encoded: {}", without_values(&err.to_string())))
}

/// A serde error message with every quoted value blanked: serde quotes the offending value
/// (`invalid type: string "…", expected u64`), and a stored value may be clinical text. Field
/// names (in backticks) stay, so the reason still says where the problem is.
pub(crate) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quote = false;
    for c in message.chars() {
        match (c, in_quote) {
            ('"', false) => {
                in_quote = true;
                out.push_str("\"…\"");
            }
            ('"', true) => in_quote = false,
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: Option<&str>, status: Option<u16>, no_answer: bool) -> Failure {
        Failure { operation: "svc.Op", code: code.map(str::to_string), status, no_answer }
    }

    #[test]
    fn throttling_timeouts_and_5xx_are_transient() {
        assert!(failure(Some("ThrottlingException"), Some(400), false).is_transient());
        assert!(failure(Some("ModelNotReadyException"), Some(429), false).is_transient());
        assert!(failure(None, Some(503), false).is_transient());
        assert!(failure(None, None, true).is_transient());
        assert!(!failure(Some("ValidationException"), Some(400), false).is_transient());
        assert!(!failure(Some("AccessDeniedException"), Some(403), false).is_transient());
    }

    #[test]
    fn serde_reasons_keep_fields_and_drop_values() {
        assert_eq!(
            without_values("invalid type: string \"knee pain since May\", expected u64 at `version`"),
            "invalid type: string \"…\", expected u64 at `version`"
        );
    }

    #[test]
    fn descriptions_carry_code_and_status_only() {
        assert_eq!(failure(Some("ValidationException"), Some(400), false).describe(), "svc.Op: ValidationException (HTTP 400)");
        assert!(matches!(failure(Some("ThrottlingException"), Some(400), false).into_port_error(), PortError::Unavailable(_)));
        assert!(matches!(failure(Some("AccessDeniedException"), Some(403), false).into_port_error(), PortError::Internal(_)));
    }
}
