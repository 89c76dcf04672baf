//! Regular health tests: the seven stage-1 test groups (`questionnaire::TEST_GROUPS`: lipids,
//! glucose/HbA1c, kidney, liver, blood count, thyroid, vitamins) against the last date the
//! answers or the documents' tags (tier 2's dated tests) give each.
//!
//! A group counts when its last date is within [`RECENT_DAYS`] (12 months) of today — the yearly
//! check-up interval the product's test list is built on. Score = 100 × groups counted ÷ 7.
//! Once any group has a date, a group with none is "not on record" and does not count (the score
//! measures what the record shows); with no date for any group the component is
//! `insufficient_data`.

use chrono::NaiveDate;

use super::{Component, Origin, sources};
use crate::health::evidence::PatientRecord;
use crate::health::questionnaire::TEST_GROUPS;
use crate::health::tagging::group;

/// How recent a test must be to count.
pub const RECENT_DAYS: i64 = 365;

/// The tagging group id of a questionnaire test question.
fn tag_group(question: &str) -> Option<&'static str> {
    group::ALL.iter().find(|(_, q)| *q == question).map(|(g, _)| *g)
}

pub fn component(record: &PatientRecord<'_>, today: NaiveDate) -> Component {
    let mut recent: Vec<&str> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut dated = 0;
    let mut origins: Vec<Origin> = Vec::new();
    let tags: Vec<_> = record.documents.iter().map(|d| d.tags()).collect();
    for (question, label) in TEST_GROUPS {
        let mut last: Option<(NaiveDate, Origin)> =
            record.answers.get(question).and_then(|a| a.as_date()).filter(|d| *d <= today).map(|d| (d, Origin::Questionnaire));
        if let Some(tag) = tag_group(question) {
            for (i, document_tags) in tags.iter().enumerate() {
                for test in document_tags.tests.iter().filter(|t| t.group == tag) {
                    if let Some(date) = test.date.filter(|d| *d <= today)
                        && last.is_none_or(|(l, _)| date > l)
                    {
                        last = Some((date, Origin::Document(i)));
                    }
                }
            }
        }
        match last {
            Some((date, origin)) => {
                dated += 1;
                origins.push(origin);
                if (today - date).num_days() <= RECENT_DAYS {
                    recent.push(label);
                } else {
                    missing.push(label);
                }
            }
            None => missing.push(label),
        }
    }
    if dated == 0 {
        return Component::insufficient("No date on record for any routine test group (lipids, glucose, kidney, liver, blood count, thyroid, vitamins).");
    }
    let total = TEST_GROUPS.len();
    let done = if recent.is_empty() { String::new() } else { format!(" ({})", recent.join(", ")) };
    let not_done = if missing.is_empty() { String::new() } else { format!("; not on record within 12 months: {}", missing.join(", ")) };
    let description = format!("{} of {total} routine test groups done in the last 12 months{done}{not_done}.", recent.len());
    Component::scored(100.0 * recent.len() as f64 / total as f64, description, sources(record, origins))
}
