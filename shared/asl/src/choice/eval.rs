//! Which rule holds for an input. Type mismatches are false, not errors; a path that selects
//! nothing is `States.Runtime` (except for `IsPresent`), as on AWS.

use std::cmp::Ordering;

use serde_json::Value;

use super::{Choices, Glob, Kind, Op, Operand, Rule, Test, TypeCheck};
use crate::context::Scope;
use crate::failure::Failure;
use crate::json_path::Path;
use crate::timestamp;

fn glob_matches(pattern: &[Glob], text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was and how much text it has swallowed, to backtrack to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Glob::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(Glob::Any) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..]
        .iter()
        .all(|g| *g == Glob::Any)
}

impl Choices {
    /// The `Next` of the first rule that holds, else the default; `None` when nothing applies.
    pub fn choose(&self, scope: &Scope<'_>) -> Result<Option<&str>, Failure> {
        for (rule, next) in &self.rules {
            if rule.holds(scope)? {
                return Ok(Some(next));
            }
        }
        Ok(self.default.as_deref())
    }
}

impl Rule {
    fn holds(&self, scope: &Scope<'_>) -> Result<bool, Failure> {
        match self {
            Rule::And(rules) => {
                for rule in rules {
                    if !rule.holds(scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Rule::Or(rules) => {
                for rule in rules {
                    if rule.holds(scope)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Rule::Not(rule) => Ok(!rule.holds(scope)?),
            Rule::Test { variable, test } => {
                let value = scope.select(variable);
                if let Test::Is {
                    check: TypeCheck::Present,
                    expected,
                } = test
                {
                    return Ok(value.is_some() == *expected);
                }
                let value = value.ok_or_else(|| invalid_path(variable))?;
                test.holds(&value, scope)
            }
        }
    }
}

fn invalid_path(path: &Path) -> Failure {
    Failure::runtime(format!(
        "Invalid path '{}': The choice state's condition path references an invalid value.",
        path.text()
    ))
}

impl Test {
    fn holds(&self, value: &Value, scope: &Scope<'_>) -> Result<bool, Failure> {
        Ok(match self {
            Test::Is { check, expected } => {
                let is = match check {
                    TypeCheck::Present => true,
                    TypeCheck::Null => value.is_null(),
                    TypeCheck::String => value.is_string(),
                    TypeCheck::Numeric => value.is_number(),
                    TypeCheck::Boolean => value.is_boolean(),
                    TypeCheck::Timestamp => value.as_str().and_then(timestamp::parse).is_some(),
                };
                is == *expected
            }
            Test::Matches(pattern) => value.as_str().is_some_and(|s| glob_matches(pattern, s)),
            Test::Compare { kind, op, operand } => {
                let other = match operand {
                    Operand::Literal(v) => v.clone(),
                    Operand::Path(path) => scope.select(path).ok_or_else(|| invalid_path(path))?,
                };
                match compare(*kind, value, &other) {
                    None => false,
                    Some(ordering) => match op {
                        Op::Equals => ordering == Ordering::Equal,
                        Op::LessThan => ordering == Ordering::Less,
                        Op::GreaterThan => ordering == Ordering::Greater,
                        Op::LessThanEquals => ordering != Ordering::Greater,
                        Op::GreaterThanEquals => ordering != Ordering::Less,
                    },
                }
            }
        })
    }
}

/// How `a` compares to `b` as `kind`; `None` when either is not of that kind.
fn compare(kind: Kind, a: &Value, b: &Value) -> Option<Ordering> {
    match kind {
        Kind::String => Some(a.as_str()?.cmp(b.as_str()?)),
        // Booleans only have `Equals`, so "not equal" needs no real order.
        Kind::Boolean => Some(if a.as_bool()? == b.as_bool()? {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        Kind::Numeric => {
            let (x, y) = (a.as_number()?, b.as_number()?);
            match (x.as_i64(), y.as_i64()) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => x.as_f64()?.partial_cmp(&y.as_f64()?),
            }
        }
        Kind::Timestamp => {
            Some(timestamp::parse(a.as_str()?)?.cmp(&timestamp::parse(b.as_str()?)?))
        }
    }
}
