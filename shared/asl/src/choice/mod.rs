//! Choice rules: parsed and checked when the definition loads, evaluated against a Choice
//! state's effective input.
//!
//! A rule is `And`/`Or`/`Not` over rules, or a test of `Variable` with exactly one operator.
//! As on AWS: a comparison whose operands have the wrong type is simply false; a `Variable` (or
//! `...Path` operand) that selects nothing fails the execution with `States.Runtime`, except
//! for `IsPresent`, whose whole point is to ask. Top-level rules need `Next`, nested ones must
//! not have it.
//!
//! `parse` builds the rules from the definition; `eval` decides which rule holds.

mod eval;
mod parse;

use serde_json::Value;

use crate::json_path::Path;

pub(crate) use parse::parse;

/// A Choice state's rules, in order, and its default.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Choices {
    pub rules: Vec<(Rule, String)>,
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    And(Vec<Rule>),
    Or(Vec<Rule>),
    Not(Box<Rule>),
    Test { variable: Path, test: Test },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    Compare {
        kind: Kind,
        op: Op,
        operand: Operand,
    },
    Matches(Vec<Glob>),
    Is {
        check: TypeCheck,
        expected: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Literal(Value),
    Path(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeCheck {
    Present,
    Null,
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Glob {
    Char(char),
    Any,
}

#[cfg(test)]
mod tests;
