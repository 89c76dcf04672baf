//! Errors found before anything runs: a definition that is not valid ASL, uses a feature this
//! interpreter does not support, or still holds a `${Placeholder}`.
//!
//! Every variant names where the problem is (`at`, a dotted location such as
//! `States.Retrieve.Branches[0].States.Fetch.Retry[0]`) so that a mistake in a `.asl.json` file
//! can be fixed without reading the interpreter.

/// Why a definition was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AslError {
    /// The text is not JSON (after substitution).
    #[error("the definition is not valid JSON: {0}")]
    Json(String),
    /// `${Name}` has no value in the substitutions.
    #[error("no substitution for placeholder ${{{0}}}")]
    UnknownPlaceholder(String),
    /// `${` without its closing `}`.
    #[error("unterminated placeholder starting at byte {0}")]
    UnterminatedPlaceholder(usize),
    /// The definition breaks a rule of the States Language.
    #[error("invalid definition at {at}: {problem}")]
    Invalid { at: String, problem: String },
    /// Valid ASL that this interpreter does not run (other service integrations, callbacks,
    /// distributed Map, JSONata, ...). Rejected up front so it never half-works.
    #[error("unsupported at {at}: {feature}")]
    Unsupported { at: String, feature: String },
}

impl AslError {
    pub(crate) fn invalid(at: impl Into<String>, problem: impl Into<String>) -> Self {
        AslError::Invalid {
            at: at.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn unsupported(at: impl Into<String>, feature: impl Into<String>) -> Self {
        AslError::Unsupported {
            at: at.into(),
            feature: feature.into(),
        }
    }
}
