//! Timestamps as the States Language defines them (Choice `Timestamp*` rules, Wait `Timestamp`):
//! RFC 3339 with an uppercase `T` between date and time and an uppercase `Z` when there is no
//! numeric offset, e.g. `2016-03-14T01:59:00Z` or `2016-03-14T01:59:00.123+01:00`.
//! A string that breaks those rules is not a timestamp (a Choice comparison is then false).

use chrono::{DateTime, FixedOffset};

pub(crate) fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    // chrono also accepts a space or a lowercase 't'/'z'; the spec does not.
    if text.as_bytes().get(10) != Some(&b'T') || text.ends_with('z') {
        return None;
    }
    DateTime::parse_from_rfc3339(text).ok()
}

/// `now` as Step Functions prints times in the context object (milliseconds, `Z`).
pub(crate) fn format(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spec_timestamps() {
        assert!(parse("2016-03-14T01:59:00Z").is_some());
        assert!(parse("2016-03-14T01:59:00.123456+01:00").is_some());
        assert_eq!(
            parse("2016-03-14T02:59:00+01:00"),
            parse("2016-03-14T01:59:00Z")
        );
    }

    #[test]
    fn rejects_lenient_forms() {
        for bad in [
            "2016-03-14t01:59:00Z",
            "2016-03-14T01:59:00z",
            "2016-03-14 01:59:00Z",
            "2016-03-14",
            "2016-03-14T01:59:00",
            "yesterday",
            "",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
