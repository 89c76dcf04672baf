//! `Retry` and `Catch`: which errors a state handles and how.
//!
//! Matching follows the AWS developer guide ("Error handling"): names are compared exactly;
//! `States.ALL` matches everything except `States.Runtime` and `States.DataLimitExceeded`;
//! `States.TaskFailed` matches everything except those two and `States.Timeout`; a
//! `States.Runtime` error is never retried or caught, even by name. The first retrier whose
//! `ErrorEquals` matches decides; once it has used its `MaxAttempts` the error goes to `Catch`,
//! even if a later retrier would also match.

use crate::AslError;
use crate::definition::fields::Fields;
use crate::failure::names;
use crate::json_path::Path;

/// Upper bounds Step Functions enforces on retrier numbers.
const MAX_INTERVAL_SECONDS: u64 = 99_999_999;
const MAX_ATTEMPTS: u64 = 99_999_999;
const MAX_DELAY_SECONDS: u64 = 31_622_400;

/// The error names a retrier or catcher handles.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorEquals(Vec<String>);

impl ErrorEquals {
    pub fn matches(&self, error: &str) -> bool {
        if error == names::RUNTIME {
            return false;
        }
        self.0.iter().any(|name| {
            name == error
                || (name == names::ALL && error != names::DATA_LIMIT_EXCEEDED)
                || (name == names::TASK_FAILED
                    && error != names::TIMEOUT
                    && error != names::DATA_LIMIT_EXCEEDED)
        })
    }

    fn is_catch_all(&self) -> bool {
        self.0.iter().any(|n| n == names::ALL)
    }

    fn parse(fields: &Fields<'_>) -> Result<ErrorEquals, AslError> {
        let items = fields
            .array("ErrorEquals")?
            .ok_or_else(|| fields.invalid("ErrorEquals", "is required"))?;
        if items.is_empty() {
            return Err(fields.invalid("ErrorEquals", "must list at least one error name"));
        }
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            let name = item
                .as_str()
                .ok_or_else(|| fields.invalid("ErrorEquals", "must hold strings"))?;
            if name.starts_with("States.") && !names::RESERVED.contains(&name) {
                return Err(fields.invalid("ErrorEquals", format!("'{name}' is not a States.* error name (custom names must not start with 'States.')")));
            }
            list.push(name.to_string());
        }
        if list.iter().any(|n| n == names::ALL) && list.len() > 1 {
            return Err(fields.invalid("ErrorEquals", "States.ALL must appear alone"));
        }
        Ok(ErrorEquals(list))
    }
}

/// One entry of `Retry`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Retrier {
    pub errors: ErrorEquals,
    pub interval_seconds: u64,
    pub max_attempts: u64,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<u64>,
    pub full_jitter: bool,
}

impl Retrier {
    /// Seconds to wait before retry number `attempt + 1` of this retrier; `random` in [0, 1)
    /// is used only with `JitterStrategy: FULL`.
    pub fn delay_seconds(&self, attempt: u64, random: f64) -> f64 {
        let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
        let mut delay = self.interval_seconds as f64 * self.backoff_rate.powi(exponent);
        if let Some(max) = self.max_delay_seconds {
            delay = delay.min(max as f64);
        }
        if !delay.is_finite() {
            delay = MAX_DELAY_SECONDS as f64;
        }
        if self.full_jitter {
            delay * random
        } else {
            delay
        }
    }
}

/// One entry of `Catch`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Catcher {
    pub errors: ErrorEquals,
    pub next: String,
    /// `None` is `"ResultPath": null`: the state's input goes on unchanged.
    pub result_path: Option<Path>,
}

/// Parses a state's `Retry` array (absent is empty).
pub(crate) fn parse_retry(state: &Fields<'_>) -> Result<Vec<Retrier>, AslError> {
    let Some(items) = state.array("Retry")? else {
        return Ok(Vec::new());
    };
    let mut retriers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{}[{i}]", state.at_key("Retry"));
        let f = Fields::new(
            item,
            &at,
            &[
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
                "Comment",
            ],
        )?;
        let errors = ErrorEquals::parse(&f)?;
        if errors.is_catch_all() && i + 1 != items.len() {
            return Err(AslError::invalid(
                at,
                "a retrier with States.ALL must be the last one",
            ));
        }
        let interval_seconds = f
            .uint("IntervalSeconds", MAX_INTERVAL_SECONDS)?
            .unwrap_or(1);
        if interval_seconds == 0 {
            return Err(f.invalid("IntervalSeconds", "must be a positive integer"));
        }
        let backoff_rate = f.number("BackoffRate")?.unwrap_or(2.0);
        if backoff_rate < 1.0 {
            return Err(f.invalid("BackoffRate", "must be at least 1.0"));
        }
        let max_delay_seconds = f.uint("MaxDelaySeconds", MAX_DELAY_SECONDS)?;
        if max_delay_seconds == Some(0) {
            return Err(f.invalid("MaxDelaySeconds", "must be a positive integer"));
        }
        let full_jitter = match f.str("JitterStrategy")? {
            None | Some("NONE") => false,
            Some("FULL") => true,
            Some(other) => {
                return Err(f.invalid(
                    "JitterStrategy",
                    format!("must be FULL or NONE, not '{other}'"),
                ));
            }
        };
        retriers.push(Retrier {
            errors,
            interval_seconds,
            max_attempts: f.uint("MaxAttempts", MAX_ATTEMPTS)?.unwrap_or(3),
            backoff_rate,
            max_delay_seconds,
            full_jitter,
        });
    }
    Ok(retriers)
}

/// Parses a state's `Catch` array (absent is empty).
pub(crate) fn parse_catch(state: &Fields<'_>) -> Result<Vec<Catcher>, AslError> {
    let Some(items) = state.array("Catch")? else {
        return Ok(Vec::new());
    };
    let mut catchers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{}[{i}]", state.at_key("Catch"));
        let f = Fields::new(item, &at, &["ErrorEquals", "Next", "ResultPath", "Comment"])?;
        let errors = ErrorEquals::parse(&f)?;
        if errors.is_catch_all() && i + 1 != items.len() {
            return Err(AslError::invalid(
                at,
                "a catcher with States.ALL must be the last one",
            ));
        }
        catchers.push(Catcher {
            errors,
            next: f.required_str("Next")?.to_string(),
            result_path: f.nullable_path("ResultPath", true)?,
        });
    }
    Ok(catchers)
}

/// Catchers' targets, for transition checks.
pub(crate) fn catch_targets(catchers: &[Catcher]) -> impl Iterator<Item = &str> {
    catchers.iter().map(|c| c.next.as_str())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn retry(value: Value) -> Result<Vec<Retrier>, AslError> {
        let state = json!({ "Retry": value });
        parse_retry(&Fields::new(&state, "S", &["Retry"]).unwrap())
    }

    fn names(list: &[&str]) -> ErrorEquals {
        ErrorEquals(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn defaults_follow_the_developer_guide() {
        let r = retry(json!([{"ErrorEquals": ["E"]}])).unwrap().remove(0);
        assert_eq!(
            (
                r.interval_seconds,
                r.max_attempts,
                r.backoff_rate,
                r.max_delay_seconds,
                r.full_jitter
            ),
            (1, 3, 2.0, None, false)
        );
    }

    #[test]
    fn delays_back_off_and_are_capped() {
        let r = retry(json!([{"ErrorEquals": ["E"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxDelaySeconds": 5}])).unwrap().remove(0);
        assert_eq!(r.delay_seconds(0, 0.5), 3.0);
        assert_eq!(r.delay_seconds(1, 0.5), 4.5);
        assert_eq!(r.delay_seconds(2, 0.5), 5.0, "capped by MaxDelaySeconds");
        let jittered =
            retry(json!([{"ErrorEquals": ["E"], "IntervalSeconds": 4, "JitterStrategy": "FULL"}]))
                .unwrap()
                .remove(0);
        assert_eq!(
            jittered.delay_seconds(1, 0.25),
            2.0,
            "FULL jitter scales the delay by the random draw"
        );
    }

    #[test]
    fn matching_rules() {
        assert!(names(&["States.ALL"]).matches("Anything"));
        assert!(names(&["States.ALL"]).matches("States.Timeout"));
        assert!(!names(&["States.ALL"]).matches("States.Runtime"));
        assert!(!names(&["States.ALL"]).matches("States.DataLimitExceeded"));
        assert!(names(&["States.DataLimitExceeded"]).matches("States.DataLimitExceeded"));
        assert!(!names(&["States.Runtime"]).matches("States.Runtime"));
        assert!(names(&["States.TaskFailed"]).matches("Lambda.Unknown"));
        assert!(!names(&["States.TaskFailed"]).matches("States.Timeout"));
        assert!(names(&["A", "B"]).matches("B"));
        assert!(!names(&["A"]).matches("a"), "names are case-sensitive");
    }

    #[test]
    fn rejects_malformed_retriers() {
        for bad in [
            json!([{"ErrorEquals": []}]),
            json!([{"ErrorEquals": ["States.ALL", "E"]}]),
            json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]),
            json!([{"ErrorEquals": ["States.Bogus"]}]),
            json!([{"ErrorEquals": ["E"], "IntervalSeconds": 0}]),
            json!([{"ErrorEquals": ["E"], "MaxAttempts": -1}]),
            json!([{"ErrorEquals": ["E"], "BackoffRate": 0.5}]),
            json!([{"ErrorEquals": ["E"], "JitterStrategy": "HALF"}]),
            json!([{"ErrorEquals": ["E"], "Retries": 2}]),
            json!([{"ErrorEquals": "E"}]),
        ] {
            assert!(retry(bad.clone()).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn catchers_need_next_and_take_result_path() {
        let state = json!({"Catch": [{"ErrorEquals": ["E"], "Next": "X", "ResultPath": "$.err"}, {"ErrorEquals": ["States.ALL"], "Next": "Y", "ResultPath": null}]});
        let catchers = parse_catch(&Fields::new(&state, "S", &["Catch"]).unwrap()).unwrap();
        assert_eq!(
            catchers[0].result_path.as_ref().map(Path::text),
            Some("$.err")
        );
        assert_eq!(catchers[1].result_path, None);
        let state = json!({"Catch": [{"ErrorEquals": ["E"]}]});
        assert!(parse_catch(&Fields::new(&state, "S", &["Catch"]).unwrap()).is_err());
    }
}
