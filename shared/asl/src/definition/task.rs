//! Which Task resources run here: Lambda, in its two forms.
//!
//! - `arn:aws:states:::lambda:invoke` (the optimized integration): `Parameters` must give
//!   `FunctionName` and may give `Payload`; the task's result wraps the function's output as
//!   `{"ExecutedVersion", "Payload", "StatusCode"}`.
//! - a Lambda function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`),
//!   or, so that local substitutions can use short names, a bare function name: the effective
//!   input is the payload and the function's output is the result.
//!
//! Everything else (other services, activities, `.sync`, `.waitForTaskToken`) is rejected when
//! the definition loads, so a workflow never half-runs locally.

use serde_json::Value;

use crate::AslError;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resource {
    /// `lambda:invoke`; the name is known up front unless given as `FunctionName.$`.
    LambdaInvoke { static_function: Option<String> },
    /// A function ARN or name as the Resource.
    Function(String),
}

/// Parameters the `lambda:invoke` integration accepts (with or without `.$`).
const INVOKE_PARAMETERS: &[&str] = &[
    "FunctionName",
    "Payload",
    "Qualifier",
    "InvocationType",
    "ClientContext",
    "LogType",
];

pub(crate) fn parse_resource(
    resource: &str,
    parameters: Option<&Value>,
    at: &str,
) -> Result<Resource, AslError> {
    let at_resource = format!("{at}.Resource");
    if let Some(rest) = resource.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(6, ':').collect();
        match parts.as_slice() {
            [_partition, "states", "", "", "lambda", "invoke"] => {
                return lambda_invoke(parameters, at);
            }
            [_partition, "states", "", "", "lambda", pattern] if pattern.starts_with("invoke.") => {
                return Err(AslError::unsupported(
                    at_resource,
                    format!(
                        "the '{}' integration pattern (only request-response lambda:invoke runs locally)",
                        &pattern["invoke".len()..]
                    ),
                ));
            }
            [_partition, "lambda", region, account, "function", function]
                if !region.is_empty() && !account.is_empty() =>
            {
                if function.is_empty() || function.split(':').count() > 2 {
                    return Err(AslError::invalid(
                        at_resource,
                        format!("'{resource}' is not a Lambda function ARN"),
                    ));
                }
                return Ok(Resource::Function(resource.to_string()));
            }
            [_partition, "states", _, _, "activity", ..] => {
                return Err(AslError::unsupported(at_resource, "activities"));
            }
            _ => {
                return Err(AslError::unsupported(
                    at_resource,
                    format!(
                        "the resource '{resource}' (only arn:aws:states:::lambda:invoke and Lambda function ARNs run locally)"
                    ),
                ));
            }
        }
    }
    if !resource.is_empty()
        && resource.len() <= 64
        && resource
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Ok(Resource::Function(resource.to_string()));
    }
    Err(AslError::invalid(
        at_resource,
        format!("'{resource}' is neither a supported integration ARN nor a Lambda function name"),
    ))
}

fn lambda_invoke(parameters: Option<&Value>, at: &str) -> Result<Resource, AslError> {
    let at_parameters = format!("{at}.Parameters");
    let map = parameters.and_then(Value::as_object).ok_or_else(|| {
        AslError::invalid(
            &at_parameters,
            "lambda:invoke needs Parameters with a FunctionName",
        )
    })?;
    for key in map.keys() {
        let name = key.strip_suffix(".$").unwrap_or(key);
        if !INVOKE_PARAMETERS.contains(&name) {
            return Err(AslError::invalid(
                &at_parameters,
                format!(
                    "lambda:invoke takes no parameter '{key}' (it takes {})",
                    INVOKE_PARAMETERS.join(", ")
                ),
            ));
        }
    }
    if map
        .get("InvocationType")
        .is_some_and(|kind| kind.as_str() != Some("RequestResponse"))
    {
        return Err(AslError::unsupported(
            format!("{at_parameters}.InvocationType"),
            "invocation types other than RequestResponse",
        ));
    }
    if map.contains_key("InvocationType.$") {
        return Err(AslError::unsupported(
            format!("{at_parameters}.InvocationType.$"),
            "a dynamic invocation type",
        ));
    }
    let static_function = match (map.get("FunctionName"), map.get("FunctionName.$")) {
        (Some(Value::String(name)), None) if !name.is_empty() => Some(name.clone()),
        (None, Some(_)) => None,
        (Some(_), None) => {
            return Err(AslError::invalid(
                &at_parameters,
                "FunctionName must be a non-empty string",
            ));
        }
        (None, None) => {
            return Err(AslError::invalid(
                &at_parameters,
                "lambda:invoke needs a FunctionName",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(AslError::invalid(
                &at_parameters,
                "give FunctionName or FunctionName.$, not both",
            ));
        }
    };
    Ok(Resource::LambdaInvoke { static_function })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lambda_forms() {
        let params = json!({"FunctionName": "fn-1", "Payload.$": "$"});
        assert_eq!(
            parse_resource("arn:aws:states:::lambda:invoke", Some(&params), "S").unwrap(),
            Resource::LambdaInvoke {
                static_function: Some("fn-1".into())
            }
        );
        let dynamic = json!({"FunctionName.$": "$.fn"});
        assert_eq!(
            parse_resource("arn:aws:states:::lambda:invoke", Some(&dynamic), "S").unwrap(),
            Resource::LambdaInvoke {
                static_function: None
            }
        );
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:analysis-begin:live";
        assert_eq!(
            parse_resource(arn, None, "S").unwrap(),
            Resource::Function(arn.into())
        );
        assert_eq!(
            parse_resource("analysis-begin", None, "S").unwrap(),
            Resource::Function("analysis-begin".into())
        );
    }

    #[test]
    fn other_integrations_are_unsupported() {
        for resource in [
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "arn:aws:states:::dynamodb:putItem",
            "arn:aws:states:::states:startExecution.sync:2",
            "arn:aws:states:us-east-1:123456789012:activity:review",
        ] {
            let err =
                parse_resource(resource, Some(&json!({"FunctionName": "f"})), "S").unwrap_err();
            assert!(
                matches!(err, AslError::Unsupported { .. }),
                "{resource}: {err}"
            );
        }
    }

    #[test]
    fn malformed_resources_and_parameters_are_invalid() {
        assert!(parse_resource("not a name!", None, "S").is_err());
        assert!(parse_resource("arn:aws:states:::lambda:invoke", None, "S").is_err());
        assert!(
            parse_resource(
                "arn:aws:states:::lambda:invoke",
                Some(&json!({"Payload": {}})),
                "S"
            )
            .is_err()
        );
        assert!(
            parse_resource(
                "arn:aws:states:::lambda:invoke",
                Some(&json!({"FunctionName": "f", "Bogus": 1})),
                "S"
            )
            .is_err()
        );
        assert!(
            parse_resource(
                "arn:aws:states:::lambda:invoke",
                Some(&json!({"FunctionName": "f", "InvocationType": "Event"})),
                "S"
            )
            .is_err()
        );
    }
}
