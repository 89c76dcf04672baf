//! Starting the pre-auth analysis state machine ([`Workflow`]) with Step Functions.
//!
//! `StartExecution` with the caller's execution name and the input as JSON. A Standard workflow
//! treats a repeated start with the same name *and* input as the same execution while it runs
//! (the original ARN comes back), so a retried request is harmless. The same name with a different
//! input, or once that execution has finished, is `ExecutionAlreadyExists` → `Conflict`: the
//! caller knows the execution was started before. The invocation's X-Ray trace goes with it
//! ([`trace_header`]).

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_sfn::Client;
use aws_sdk_sfn::operation::start_execution::StartExecutionError;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::workflow::Workflow;
use serde_json::Value;

use crate::error::{Failure, port_error};

/// The X-Ray trace of the invocation starting the execution (the Lambda runtime sets
/// `_X_AMZN_TRACE_ID` for each invocation), passed as `StartExecution`'s `traceHeader`, so one
/// trace follows a request from API Gateway through the function into the state machine and its
/// tasks. Step Functions takes at most 256 ASCII characters; anything else is left out.
pub fn trace_header(lambda_trace: Option<String>) -> Option<String> {
    lambda_trace.filter(|t| !t.is_empty() && t.len() <= 256 && t.is_ascii())
}

/// Step Functions' rule for execution names: 1–80 characters, none of them whitespace, brackets,
/// wildcards, `" # % \ ^ | ~ ` $ & , ; : /` or control characters. Checked before the call, so a
/// bad name is `Rejected` the same way everywhere.
pub fn is_valid_execution_name(name: &str) -> bool {
    let length = name.chars().count();
    (1..=80).contains(&length)
        && !name.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
        })
}

/// One state machine.
#[derive(Debug, Clone)]
pub struct StepFunctionsWorkflow {
    client: Client,
    state_machine_arn: String,
}

impl StepFunctionsWorkflow {
    pub fn new(config: &SdkConfig, state_machine_arn: impl Into<String>) -> Self {
        Self { client: Client::new(config), state_machine_arn: state_machine_arn.into() }
    }
}

#[async_trait]
impl Workflow for StepFunctionsWorkflow {
    #[tracing::instrument(skip(self, input), fields(state_machine = %self.state_machine_arn))]
    async fn start(&self, execution_name: &str, input: &Value) -> PortResult<String> {
        if !is_valid_execution_name(execution_name) {
            return Err(PortError::Rejected("the execution name is not valid".into()));
        }
        let result = self
            .client
            .start_execution()
            .state_machine_arn(&self.state_machine_arn)
            .name(execution_name)
            .input(input.to_string())
            .set_trace_header(trace_header(std::env::var("_X_AMZN_TRACE_ID").ok()))
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.execution_arn),
            Err(e) => match e.as_service_error() {
                Some(StartExecutionError::ExecutionAlreadyExists(_)) => {
                    Err(PortError::Conflict(format!("execution {execution_name} was started before")))
                }
                Some(StartExecutionError::InvalidName(_)) => Err(PortError::Rejected("the execution name is not valid".into())),
                Some(StartExecutionError::ExecutionLimitExceeded(_)) => {
                    Err(PortError::Unavailable(Failure::of("sfn.StartExecution", &e).describe()))
                }
                _ => Err(port_error("sfn.StartExecution", &e)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invocation_trace_reaches_the_execution_when_step_functions_takes_it() {
        let lambda = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        assert_eq!(trace_header(Some(lambda.into())).as_deref(), Some(lambda));
        assert_eq!(trace_header(None), None, "outside Lambda (or untraced) there is none");
        assert_eq!(trace_header(Some(String::new())), None);
        assert_eq!(trace_header(Some("R".repeat(257))), None, "longer than Step Functions accepts");
    }

    #[test]
    fn execution_names_follow_step_functions_rules() {
        assert!(is_valid_execution_name("PA-0123456789ABCDEFGHJK-v2"));
        assert!(is_valid_execution_name(&"a".repeat(80)));
        for bad in ["", "has space", "a/b", "a:b", "x*", "tab\t", &"a".repeat(81)] {
            assert!(!is_valid_execution_name(bad), "{bad:?}");
        }
    }
}
