//! Problems found in a FHIR request, and the `OperationOutcome` that reports them.
//!
//! Each [`Issue`] names the element it concerns as a FHIRPath expression from the Bundle root
//! (`Bundle.entry[0].resource.item[1].productOrService`), with an issue type from FHIR R4's
//! `IssueType` value set (`http://hl7.org/fhir/issue-type`). Diagnostics say what the rule is and
//! where it comes from; they never repeat a value the client sent, so no patient name, member id
//! or note text can reach a log or a response through them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `OperationOutcome.issue.severity` (FHIR R4 `IssueSeverity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Fatal,
    Error,
    Warning,
    Information,
}

/// `OperationOutcome.issue.code`: the subset of FHIR R4 `IssueType` this reader reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    /// The JSON does not have FHIR's shape (a string where an array belongs, not an object).
    Structure,
    /// A required element is missing.
    Required,
    /// An element's value is not allowed (a malformed code, an unknown code, bad base64).
    Value,
    /// A reference does not resolve to an entry of the Bundle.
    NotFound,
    /// The content is not what the operation accepts (a Claim whose `use` is not preauthorization).
    Invalid,
    /// Valid FHIR that MediClear does not handle (a code system it does not read).
    NotSupported,
    /// More items, diagnoses, documents or bytes than one request may carry.
    TooCostly,
    /// A request that repeats an identifier already used for a different one.
    Duplicate,
}

impl IssueCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Structure => "structure",
            IssueCode::Required => "required",
            IssueCode::Value => "value",
            IssueCode::NotFound => "not-found",
            IssueCode::Invalid => "invalid",
            IssueCode::NotSupported => "not-supported",
            IssueCode::TooCostly => "too-costly",
            IssueCode::Duplicate => "duplicate",
        }
    }
}

/// One problem with a request, at one element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: Severity,
    pub code: IssueCode,
    /// FHIRPath of the element, from the Bundle root.
    pub expression: String,
    /// What is wrong, naming the element and the rule; never a value the client sent.
    pub diagnostics: String,
}

impl Issue {
    pub fn error(code: IssueCode, expression: impl Into<String>, diagnostics: impl Into<String>) -> Self {
        Self { severity: Severity::Error, code, expression: expression.into(), diagnostics: diagnostics.into() }
    }

    pub fn warning(code: IssueCode, expression: impl Into<String>, diagnostics: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, code, expression: expression.into(), diagnostics: diagnostics.into() }
    }

    /// Whether the request must be rejected for it (errors and fatal problems).
    pub fn is_error(&self) -> bool {
        matches!(self.severity, Severity::Error | Severity::Fatal)
    }

    /// This issue as an `OperationOutcome.issue` element.
    pub fn to_fhir(&self) -> Value {
        json!({
            "severity": self.severity,
            "code": self.code.as_str(),
            "diagnostics": self.diagnostics,
            "expression": [self.expression],
        })
    }
}

/// A FHIR R4 `OperationOutcome` listing `issues` (the body of a 400 from `$submit`/`$inquire`).
/// With no issues it says so with one `informational` issue, as R4 requires at least one.
pub fn operation_outcome(issues: &[Issue]) -> Value {
    let issue: Vec<Value> = if issues.is_empty() {
        vec![json!({"severity": "information", "code": "informational", "diagnostics": "no problems found"})]
    } else {
        issues.iter().map(Issue::to_fhir).collect()
    };
    json!({"resourceType": "OperationOutcome", "issue": issue})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_outcome_lists_every_issue_with_its_expression() {
        let issues = [
            Issue::error(IssueCode::Required, "Bundle.entry[0].resource.patient", "Claim.patient is required"),
            Issue::error(IssueCode::NotFound, "Bundle.entry[0].resource.insurer", "does not resolve"),
        ];
        let outcome = operation_outcome(&issues);
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        assert_eq!(outcome["issue"].as_array().unwrap().len(), 2);
        assert_eq!(outcome["issue"][0]["severity"], "error");
        assert_eq!(outcome["issue"][0]["code"], "required");
        assert_eq!(outcome["issue"][0]["expression"][0], "Bundle.entry[0].resource.patient");
        assert_eq!(outcome["issue"][1]["code"], "not-found");
    }

    #[test]
    fn an_empty_outcome_still_has_one_issue() {
        // FHIR R4 OperationOutcome.issue is 1..*.
        let outcome = operation_outcome(&[]);
        assert_eq!(outcome["issue"][0]["code"], "informational");
    }

    #[test]
    fn issue_codes_are_fhir_issue_types() {
        let json = serde_json::to_value([IssueCode::NotFound, IssueCode::TooCostly, IssueCode::NotSupported]).unwrap();
        assert_eq!(json, json!(["not-found", "too-costly", "not-supported"]));
        for code in [IssueCode::Structure, IssueCode::Required, IssueCode::Value, IssueCode::Invalid] {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
        }
    }
}
