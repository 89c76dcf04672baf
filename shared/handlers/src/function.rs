//! The shape of non-HTTP functions (state-machine tasks, S3 and stream consumers, WebSocket
//! routes) and how any function is handed to the Lambda runtime.
//!
//! A task's error name is what the ASL `Retry`/`Catch` blocks match, so names are a contract:
//! `DependencyUnavailable` (transient, retried), `InvalidModelOutput` (retried once),
//! `NoPolicyForProcedure`, `NoCriteriaInPolicy`, `CaseNotFound`, `IllegalCaseState`,
//! `InvalidEvent`, `InternalError`. Messages carry ids and reasons, never clinical text.

use std::future::Future;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use mediclear_ports::PortError;

/// A function's failure: `error_type` becomes Lambda's `errorType` (and Step Functions' error name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error_type}: {message}")]
pub struct FunctionError {
    pub error_type: String,
    pub message: String,
}

impl FunctionError {
    pub fn new(error_type: &str, message: impl Into<String>) -> Self {
        Self { error_type: error_type.to_string(), message: message.into() }
    }

    pub fn invalid_event(message: impl Into<String>) -> Self {
        Self::new("InvalidEvent", message)
    }

    /// The name a port error is reported under.
    pub fn from_port(error: PortError) -> Self {
        match error {
            PortError::Unavailable(m) => Self::new("DependencyUnavailable", m),
            // The ASL's retries on DependencyUnavailable cover a throttled dependency too.
            e @ PortError::Throttled { .. } => Self::new("DependencyUnavailable", e.to_string()),
            PortError::InvalidOutput(m) => Self::new("InvalidModelOutput", m),
            PortError::NotFound => Self::new("NotFound", "not found"),
            PortError::Conflict(m) => Self::new("Conflict", m),
            PortError::Rejected(m) => Self::new("Rejected", m),
            PortError::Internal(m) => {
                tracing::error!(detail = %m, "internal error");
                Self::new("InternalError", "an internal error occurred")
            }
        }
    }
}

impl From<FunctionError> for lambda_runtime::Diagnostic {
    fn from(e: FunctionError) -> Self {
        lambda_runtime::Diagnostic { error_type: e.error_type, error_message: e.message }
    }
}

/// A non-HTTP function: a typed event in, a typed result out.
/// The message of a Step Functions `Cause` (`{"errorType","errorMessage"}` of a task's error),
/// at most 300 characters; the cause as it is when it is not such JSON. Only MediClear's own
/// error types carry messages fit to show; callers decide by the error's name.
pub fn cause_message(cause: Option<&str>) -> Option<String> {
    let cause = cause?;
    let message = match serde_json::from_str::<serde_json::Value>(cause) {
        Ok(value) => value.get("errorMessage").and_then(|m| m.as_str()).map_or_else(|| cause.to_string(), str::to_string),
        Err(_) => cause.to_string(),
    };
    Some(message.chars().take(300).collect())
}

pub trait EventHandler: Send + Sync + 'static {
    type Event: DeserializeOwned + Send;
    type Output: Serialize + Send;
    fn handle(&self, event: Self::Event) -> impl Future<Output = Result<Self::Output, FunctionError>> + Send;
}

/// A deserialisation error without the values it quotes: serde names the offending value
/// (`invalid type: string "…"`), which in an event may be clinical text.
fn redacted(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push_str("\"…");
            }
            ('"', true) => {
                quoted = false;
                out.push('"');
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// Calls a handler with a JSON event, as the offline runtime does: the same deserialisation the
/// Lambda runtime performs, so a malformed event fails the same way (`InvalidEvent`).
pub async fn invoke_json<H: EventHandler>(handler: &H, event: serde_json::Value) -> Result<serde_json::Value, FunctionError> {
    let event: H::Event = serde_json::from_value(event).map_err(|e| FunctionError::invalid_event(format!("the event does not have the expected shape: {}", redacted(&e))))?;
    let output = handler.handle(event).await?;
    serde_json::to_value(output).map_err(|e| FunctionError::new("InternalError", format!("cannot serialise the output: {e}")))
}

/// Runs an event handler on Lambda.
pub async fn run_event<H: EventHandler>(handler: H) -> Result<(), lambda_runtime::Error> {
    let handler = Arc::new(handler);
    lambda_runtime::run(lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<H::Event>| {
        let handler = handler.clone();
        async move { handler.handle(event.payload).await }
    }))
    .await
}

/// Runs an API function's router on Lambda.
pub async fn run_http(router: axum::Router) -> Result<(), lambda_http::Error> {
    lambda_http::run(router).await
}

/// Runs an HTTP router on Lambda in response-streaming mode (the chats): the body is sent as the
/// handler produces it, so server-sent events reach API Gateway's streaming integration token by
/// token; a JSON answer is sent in one piece as before.
pub async fn run_http_streaming(router: axum::Router) -> Result<(), lambda_http::Error> {
    lambda_http::run_with_streaming_response(router).await
}

/// Structured logs as Lambda's JSON log format expects: JSON lines when `AWS_LAMBDA_LOG_FORMAT`
/// is `JSON` (template.yaml's `LoggingConfig`), at the level of `AWS_LAMBDA_LOG_LEVEL`, else
/// `RUST_LOG`, else INFO — what `lambda_runtime::tracing::init_default_subscriber` does, with one
/// level instead of per-target directives: its directive parser (a regex engine) would be the
/// largest part of every function's zip that logging brings.
///
/// It also installs the metrics sink of a Lambda: CloudWatch Embedded Metric Format lines on
/// stdout (`mediclear_ports::metrics::EmfSink`), which Lambda's log delivery turns into metrics.
pub fn init_lambda_logging() {
    mediclear_ports::metrics::install(Arc::new(mediclear_ports::metrics::EmfSink));
    let format = std::env::var("AWS_LAMBDA_LOG_FORMAT").unwrap_or_default();
    let collector = tracing_subscriber::fmt().with_target(false).without_time().with_max_level(lambda_log_level(
        std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().as_deref(),
        std::env::var("RUST_LOG").ok().as_deref(),
    ));
    let _ = if format.eq_ignore_ascii_case("json") { collector.json().try_init() } else { collector.try_init() };
}

/// The first of the two that names a level (`info`, `DEBUG`, …); INFO otherwise.
fn lambda_log_level(lambda: Option<&str>, rust_log: Option<&str>) -> tracing_subscriber::filter::LevelFilter {
    [lambda, rust_log].into_iter().flatten().find_map(|v| v.trim().parse().ok()).unwrap_or(tracing_subscriber::filter::LevelFilter::INFO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_level_comes_from_lambda_then_rust_log() {
        use tracing_subscriber::filter::LevelFilter;
        assert_eq!(lambda_log_level(Some("DEBUG"), Some("warn")), LevelFilter::DEBUG);
        assert_eq!(lambda_log_level(None, Some("warn")), LevelFilter::WARN);
        assert_eq!(lambda_log_level(Some("loud"), Some("error")), LevelFilter::ERROR);
        assert_eq!(lambda_log_level(None, Some("info,aws_smithy=warn")), LevelFilter::INFO);
        assert_eq!(lambda_log_level(None, None), LevelFilter::INFO);
    }

    #[test]
    fn event_errors_do_not_quote_values() {
        let err = serde_json::from_str::<u64>("\"Jane Doe has diabetes\"").unwrap_err();
        let text = redacted(&err);
        assert!(!text.contains("Jane"), "{text}");
        assert!(text.contains("invalid type"), "{text}");
    }
}
