//! Follow-up adherence: the follow-ups documents recommend against the documents that came
//! after them, the missed visits the patient reports, and the last check-up.
//!
//! **Recommended follow-ups** are read from a document's text as clinicians write them: "follow
//! up in 3 months", "return in 6 weeks", "recheck lipids in 1 year", "RTC 2 wks", "f/u 6-8
//! weeks", "f/u 3/12" (months), "review annually". A follow-up only to happen on a condition
//! ("return if symptoms worsen", "f/u prn") has no due date and is not read; "no follow-up needed"
//! is negated; "f/u 3 mo or sooner if needed" is a 3-month follow-up.
//!
//! **Kept or missed.** A follow-up recommended on day D for "in N" is due at D + N (a range, at
//! D + low … D + high). It was kept when a later document of the patient (any type), or the
//! `last_doctor_visit` answer, is dated within the grace window: from [`GRACE_DAYS`] (14 days) or
//! a quarter of the interval, whichever is longer, before the due date, to the same after it. It
//! was missed when that window has closed with no such date. One whose window is still open and
//! not met counts neither way.
//!
//! **Arithmetic**: the mean of the parts that have data —
//! - recommendations: 100 × kept ÷ (kept + missed);
//! - `missed_follow_ups_last_year` (self-reported): 100 − 25 per missed visit, down to 0;
//! - the last visit — the later of `last_doctor_visit` and the latest consultation note,
//!   specialist letter or discharge summary: within 12 months 100, within 24 months 50, older 0
//!   (a yearly check-up, as the questionnaire asks).

use chrono::{Days, Months, NaiveDate};

use super::reading::{self, Sentence, Stance, Unit, figures, find_any, segments};
use super::{Component, DocumentReading, Origin, sources};
use crate::health::document::DocumentType;
use crate::health::evidence::PatientRecord;

/// The shortest grace either side of a due date.
pub const GRACE_DAYS: u64 = 14;

/// A length of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Months(u32),
}

impl Span {
    fn after(self, date: NaiveDate) -> NaiveDate {
        match self {
            Span::Days(n) => date.checked_add_days(Days::new(u64::from(n))),
            Span::Months(n) => date.checked_add_months(Months::new(n)),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// "In low … high" after the recommending document (equal when one figure is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub low: Span,
    pub high: Span,
}

const TRIGGERS: &[&str] = &[
    "follow up", "follow-up", "followup", "f/u", "fu", "fup", "return", "returns", "return to clinic", "rtc", "rto", "recheck", "re-check",
    "repeat", "see again", "see you", "come back", "revisit", "reassess", "re-evaluate", "reevaluate", "re-evaluation", "next visit",
    "next appointment", "recall", "review", "reassessment",
];

/// What "return to …" may be other than the clinic.
const NOT_A_VISIT: &[&str] = &[
    "to work", "to school", "to activit", "to sport", "to normal", "to duty", "to full duty", "to play", "to running", "to exercise",
    "to driving", "to baseline", "of symptoms", "of pain",
];

fn span(value: f64, unit: Unit) -> Option<Span> {
    if !(0.0..=100.0).contains(&value) {
        return None;
    }
    let n = value.round() as u32;
    match unit {
        Unit::Days => Some(Span::Days(n)),
        Unit::Weeks => Some(Span::Days(n * 7)),
        Unit::Months => Some(Span::Months(n)),
        Unit::Years => Some(Span::Months(n * 12)),
        _ => None,
    }
}

/// The follow-ups a document's sentences ([`reading::sentences`]) recommend.
pub fn read(sentences: &[Sentence<'_>]) -> Vec<Interval> {
    let mut out = Vec::new();
    for sentence in sentences {
        let lower = sentence.lower.as_str();
        for segment in segments(lower) {
            let Some(trigger) = find_any(lower, segment.clone(), TRIGGERS) else { continue };
            let rest = trigger.end..segment.end;
            let rest_text = &lower[rest.clone()];
            // "Return to work in 2 weeks" is not a visit.
            if NOT_A_VISIT.iter().any(|w| rest_text.trim_start().starts_with(w)) {
                continue;
            }
            let conditional = ["if", "prn", "as needed", "should", "unless"].iter().any(|w| reading::find_phrase(rest_text, w).is_some())
                && !["sooner", "earlier"].iter().any(|w| rest_text.contains(w));
            if conditional {
                continue;
            }
            if matches!(reading::stance(sentence, segment.clone(), trigger.clone()), Stance::Negated | Stance::SomeoneElse) {
                continue;
            }
            let interval = figures(lower, rest.clone())
                .into_iter()
                .filter(|f| !lower[f.span.end..segment.end].trim_start().starts_with("ago"))
                .find_map(|f| Some(Interval { low: span(f.value - (f.high - f.value), f.unit)?, high: span(f.high, f.unit)? }))
                .or_else(|| uk_interval(rest_text))
                .or_else(|| {
                    ["annually", "yearly", "annual", "in a year"]
                        .iter()
                        .any(|w| reading::find_phrase(rest_text, w).is_some())
                        .then_some(Interval { low: Span::Months(12), high: Span::Months(12) })
                });
            if let Some(interval) = interval
                && !out.contains(&interval)
            {
                out.push(interval);
            }
        }
    }
    out
}

/// British shorthand: "3/12" three months, "2/52" two weeks, "5/7" five days (not a date).
fn uk_interval(text: &str) -> Option<Interval> {
    let words = reading::words(text);
    for pair in words.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if &text[a.0.end..b.0.start] != "/" || text[b.0.end..].starts_with('/') {
            continue;
        }
        let Ok(n) = a.1.parse::<u32>() else { continue };
        let found = match b.1 {
            "12" if (1..=24).contains(&n) => Span::Months(n),
            "52" if (1..=104).contains(&n) => Span::Days(n * 7),
            "7" if (1..=14).contains(&n) => Span::Days(n),
            _ => continue,
        };
        return Some(Interval { low: found, high: found });
    }
    None
}

pub fn component(record: &PatientRecord<'_>, readings: &[DocumentReading], today: NaiveDate) -> Component {
    let last_visit_answer = record.answers.get("last_doctor_visit").and_then(|a| a.as_date()).filter(|d| *d <= today);
    let mut visits: Vec<(NaiveDate, Origin)> = record.documents.iter().enumerate().map(|(i, d)| (d.date(), Origin::Document(i))).collect();
    if let Some(date) = last_visit_answer {
        visits.push((date, Origin::Questionnaire));
    }

    let (mut kept, mut missed, mut pending) = (0u32, 0u32, 0u32);
    let mut origins = Vec::new();
    for reading in readings {
        let Some(document) = record.documents.get(reading.index) else { continue };
        let recommended_on = document.date();
        for interval in &reading.follow_ups {
            let (from, to) = (interval.low.after(recommended_on), interval.high.after(recommended_on));
            let grace = GRACE_DAYS.max(((to - recommended_on).num_days().max(0) as u64) / 4);
            let opens = from.checked_sub_days(Days::new(grace)).unwrap_or(NaiveDate::MIN).max(recommended_on.succ_opt().unwrap_or(recommended_on));
            let closes = to.checked_add_days(Days::new(grace)).unwrap_or(NaiveDate::MAX);
            let attended = visits.iter().find(|(date, _)| *date > recommended_on && *date >= opens && *date <= closes && *date <= today);
            origins.push(Origin::Document(reading.index));
            match attended {
                Some((_, by)) => {
                    kept += 1;
                    origins.push(*by);
                }
                None if today > closes => missed += 1,
                None => pending += 1,
            }
        }
    }

    let mut points = Vec::new();
    let mut said = Vec::new();
    if kept + missed > 0 {
        points.push(100.0 * f64::from(kept) / f64::from(kept + missed));
        said.push(format!(
            "{kept} of {} follow-ups the documents recommend were kept (a later document within {GRACE_DAYS} days or a quarter of the interval of the due date)",
            kept + missed
        ));
    }
    if pending > 0 {
        said.push(format!("{pending} not yet due"));
    }
    if let Some(n) = record.answers.get("missed_follow_ups_last_year").and_then(|a| a.as_number()).filter(|n| n.is_finite() && *n >= 0.0) {
        points.push((100.0 - 25.0 * n).max(0.0));
        said.push(format!("{} missed follow-up{} reported for the past year", n.round(), if n.round() == 1.0 { "" } else { "s" }));
        origins.push(Origin::Questionnaire);
    }
    let visit_documents = record.documents.iter().enumerate().filter(|(_, d)| {
        matches!(d.document.document_type, DocumentType::ConsultationNote | DocumentType::SpecialistLetter | DocumentType::DischargeSummary)
    });
    let last_visit = visit_documents
        .map(|(i, d)| (d.date(), Origin::Document(i)))
        .chain(last_visit_answer.map(|d| (d, Origin::Questionnaire)))
        .filter(|(d, _)| *d <= today)
        .max_by_key(|(d, origin)| (*d, *origin == Origin::Questionnaire));
    if let Some((date, origin)) = last_visit {
        let days = (today - date).num_days();
        let (score, within) = if days <= 365 {
            (100.0, "within 12 months")
        } else if days <= 730 {
            (50.0, "12–24 months ago")
        } else {
            (0.0, "over 2 years ago")
        };
        points.push(score);
        said.push(format!("last visit {date} ({within})"));
        origins.push(origin);
    }
    if points.is_empty() {
        let why = if pending > 0 { " (the follow-ups recommended are not yet due)" } else { "" };
        return Component::insufficient(format!(
            "No follow-up record: no recommended follow-up has come due, no visit is on record and the follow-up questions are unanswered{why}."
        ));
    }
    let mut description = said.join("; ");
    if let Some(first) = description.get(..1) {
        description = format!("{}{}.", first.to_uppercase(), &description[1..]);
    }
    Component::scored(points.iter().sum::<f64>() / points.len() as f64, description, sources(record, origins))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Interval> {
        super::read(&reading::sentences(text))
    }

    fn months(n: u32) -> Interval {
        Interval { low: Span::Months(n), high: Span::Months(n) }
    }

    fn days(n: u32) -> Interval {
        Interval { low: Span::Days(n), high: Span::Days(n) }
    }

    #[test]
    fn follow_ups_as_clinicians_write_them() {
        assert_eq!(read("Follow up in 3 months."), [months(3)]);
        assert_eq!(read("Return in 6 weeks."), [days(42)]);
        assert_eq!(read("Recheck lipids in 1 year."), [months(12)]);
        assert_eq!(read("RTC 2 wks"), [days(14)]);
        assert_eq!(read("f/u 3 mo or sooner if needed"), [months(3)]);
        assert_eq!(read("F/U 6-8 weeks"), [Interval { low: Span::Days(42), high: Span::Days(56) }]);
        assert_eq!(read("Review 3/12"), [months(3)]);
        assert_eq!(read("Plan:\n- RTC 3 mo\n- recheck A1c in 3 months"), [months(3)]);
        assert_eq!(read("Follow-up annually."), [months(12)]);
    }

    #[test]
    fn conditional_negated_and_past_follow_ups_are_not_read() {
        for text in [
            "Return if symptoms worsen.",
            "F/u prn.",
            "No follow-up needed.",
            "Seen for follow-up 3 months ago.",
            "Return to clinic as needed in 2 weeks.",
            "Daughter will follow up in 2 weeks.",
            "May return to work in 2 weeks.",
        ] {
            assert!(read(text).is_empty(), "{text}");
        }
    }
}
