//! Screening compliance: the cancer screenings the USPSTF recommends for the patient's age and
//! sex, against the last date the answers or documents give each.
//!
//! **Which, and how often** (USPSTF recommendation statements: breast cancer 2024, cervical
//! cancer 2018, colorectal cancer 2021), age on the day the score is computed:
//! - mammogram: women 40–74, every 2 years;
//! - cervical: women 21–65; cytology (Pap) every 3 years; at 30–65 an HPV test (alone or as a
//!   co-test) every 5 years; when the record does not say which test, 3 years (the interval that
//!   holds at every age in the range);
//! - colorectal: everyone 45–75; colonoscopy every 10 years, stool test (FIT, gFOBT) every year,
//!   stool DNA-FIT every 3 years, CT colonography or flexible sigmoidoscopy every 5 years; when
//!   the record does not say which (the questionnaire asks "colonoscopy or stool test"), 10
//!   years, the colonoscopy interval — and the description says that default was used.
//!
//! Breast and cervical screening apply to patients recorded as female, and to those whose sex is
//! recorded as intersex or unknown when a date for them is on record.
//!
//! **Dates**: the questionnaire's `last_mammogram`, `last_cervical_screening`,
//! `last_colorectal_screening`; mammograms tier 2 tagged in documents; cervical and colorectal
//! tests a document's text names as done ("colonoscopy 3/2/2021: normal", "s/p colonoscopy
//! 2019-05-01", a lab report of a FIT), dated by the sentence, or by the document when it is the
//! report itself (a lab or imaging report). A test named as due, recommended or a relative's does
//! not count. The latest date wins.
//!
//! **Arithmetic**: each screening due scores 100 when its last date plus its interval is today
//! or later; overdue, it loses points in proportion to how far past due it is, reaching 0 one
//! whole interval late; a screening due with no date on record scores 0 and is named. The
//! component is their mean; with no date for any screening due, or none due at all, it is
//! `insufficient_data`.

use chrono::{Months, NaiveDate};

use super::reading::{self, Sentence, Stance, find_any, segments};
use super::{Component, DocumentReading, Origin, named, sources};
use crate::health::document::DocumentType;
use crate::health::evidence::{DocumentEvidence, PatientRecord};
use crate::health::patient::Sex;
use crate::health::tagging::group;

/// The screenings scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screening {
    Mammogram,
    Cervical,
    Colorectal,
}

impl Screening {
    fn name(self) -> &'static str {
        match self {
            Screening::Mammogram => "mammogram",
            Screening::Cervical => "cervical screening",
            Screening::Colorectal => "colorectal screening",
        }
    }
}

/// Which test it was, when the record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Unstated,
    Cytology,
    Hpv,
    Colonoscopy,
    StoolTest,
    StoolDna,
    CtColonography,
    Sigmoidoscopy,
}

/// A screening a document's text names as done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub screening: Screening,
    pub method: Method,
    pub date: NaiveDate,
}

const TERMS: &[(&str, Screening, Method)] = &[
    ("ct colonography", Screening::Colorectal, Method::CtColonography),
    ("virtual colonoscopy", Screening::Colorectal, Method::CtColonography),
    ("colonoscopy", Screening::Colorectal, Method::Colonoscopy),
    ("sigmoidoscopy", Screening::Colorectal, Method::Sigmoidoscopy),
    ("flex sig", Screening::Colorectal, Method::Sigmoidoscopy),
    ("cologuard", Screening::Colorectal, Method::StoolDna),
    ("stool dna", Screening::Colorectal, Method::StoolDna),
    ("multitarget stool", Screening::Colorectal, Method::StoolDna),
    ("mt-sdna", Screening::Colorectal, Method::StoolDna),
    ("fit test", Screening::Colorectal, Method::StoolTest),
    ("fit kit", Screening::Colorectal, Method::StoolTest),
    ("fecal immunochemical", Screening::Colorectal, Method::StoolTest),
    ("fecal occult", Screening::Colorectal, Method::StoolTest),
    ("fobt", Screening::Colorectal, Method::StoolTest),
    ("gfobt", Screening::Colorectal, Method::StoolTest),
    ("ifobt", Screening::Colorectal, Method::StoolTest),
    ("hemoccult", Screening::Colorectal, Method::StoolTest),
    ("hpv co-test", Screening::Cervical, Method::Hpv),
    ("co-test", Screening::Cervical, Method::Hpv),
    ("cotest", Screening::Cervical, Method::Hpv),
    ("cotesting", Screening::Cervical, Method::Hpv),
    ("hpv test", Screening::Cervical, Method::Hpv),
    ("hpv testing", Screening::Cervical, Method::Hpv),
    ("hr-hpv", Screening::Cervical, Method::Hpv),
    ("high-risk hpv", Screening::Cervical, Method::Hpv),
    ("hpv", Screening::Cervical, Method::Hpv),
    ("pap smear", Screening::Cervical, Method::Cytology),
    ("pap test", Screening::Cervical, Method::Cytology),
    ("pap", Screening::Cervical, Method::Cytology),
    ("cervical cytology", Screening::Cervical, Method::Cytology),
    ("thinprep", Screening::Cervical, Method::Cytology),
    ("cervical screening", Screening::Cervical, Method::Unstated),
    ("colorectal screening", Screening::Colorectal, Method::Unstated),
    ("colon cancer screening", Screening::Colorectal, Method::Unstated),
];

/// Words after a test that say it was not done ("colonoscopy recommended", "FIT kit given").
const NOT_DONE: &[&str] = &[
    "recommended", "ordered", "due", "scheduled", "declined", "refused", "overdue", "needed", "pending", "discussed", "offered", "given",
    "advised", "planned", "requested", "referral", "referred", "deferred", "postponed", "cancelled", "canceled",
];

/// The cervical and colorectal screenings `document`'s text names as done (mammograms come from
/// its tags).
pub fn read(sentences: &[Sentence<'_>], document: &DocumentEvidence<'_>) -> Vec<Mention> {
    let document_date = document.date();
    let is_report = matches!(document.document.document_type, DocumentType::LabReport | DocumentType::ImagingReport | DocumentType::Other);
    let mut out: Vec<Mention> = Vec::new();
    for sentence in sentences {
        let lower = sentence.lower.as_str();
        if lower.contains("vaccin") || lower.contains("gardasil") {
            continue;
        }
        let dates = reading::dates(lower);
        for segment in segments(lower) {
            // The first term of the segment, longest first where two start together.
            let Some((mention, screening, mut method)) = TERMS
                .iter()
                .filter_map(|(term, s, m)| find_any(lower, segment.clone(), &[term]).map(|r| (r, *s, *m)))
                .min_by_key(|(r, _, _)| (r.start, usize::MAX - r.len()))
            else {
                continue;
            };
            // A Pap with an HPV test is a co-test.
            if screening == Screening::Cervical && lower[segment.clone()].contains("hpv") {
                method = Method::Hpv;
            }
            let stance = reading::stance(sentence, segment.clone(), mention.clone());
            let after = reading::words(&lower[mention.end..segment.end]);
            if !matches!(stance, Stance::Current | Stance::Past) || after.iter().any(|(_, w)| NOT_DONE.contains(w)) {
                continue;
            }
            let in_segment = dates
                .iter()
                .filter(|(r, d)| r.start >= segment.start && r.end <= segment.end && *d <= document_date)
                .min_by_key(|(r, _)| r.start.abs_diff(mention.start));
            let in_sentence = dates.iter().filter(|(_, d)| *d <= document_date).min_by_key(|(r, _)| r.start.abs_diff(mention.start));
            let date = in_segment.or(in_sentence).map(|(_, d)| *d).or((is_report && stance == Stance::Current).then_some(document_date));
            if let Some(date) = date {
                let found = Mention { screening, method, date };
                if !out.contains(&found) {
                    out.push(found);
                }
            }
        }
    }
    out
}

/// The interval in months of a screening done by `method`, at `age`; and whether it is the
/// stated default for an unstated method.
fn interval_months(screening: Screening, method: Method, age: u32) -> (u32, bool) {
    match (screening, method) {
        (Screening::Mammogram, _) => (24, false),
        (Screening::Cervical, Method::Hpv) if age >= 30 => (60, false),
        (Screening::Cervical, Method::Unstated) => (36, true),
        (Screening::Cervical, _) => (36, false),
        (Screening::Colorectal, Method::StoolTest) => (12, false),
        (Screening::Colorectal, Method::StoolDna) => (36, false),
        (Screening::Colorectal, Method::CtColonography | Method::Sigmoidoscopy) => (60, false),
        (Screening::Colorectal, Method::Unstated) => (120, true),
        (Screening::Colorectal, _) => (120, false),
    }
}

fn method_words(method: Method, months: u32, default: bool) -> String {
    let every = if months.is_multiple_of(12) { format!("every {} years", months / 12) } else { format!("every {months} months") };
    let every = if months == 12 { "every year".to_string() } else { every };
    let test = match method {
        Method::Unstated => "",
        Method::Cytology => "cytology, ",
        Method::Hpv => "HPV test, ",
        Method::Colonoscopy => "colonoscopy, ",
        Method::StoolTest => "stool test, ",
        Method::StoolDna => "stool DNA test, ",
        Method::CtColonography => "CT colonography, ",
        Method::Sigmoidoscopy => "sigmoidoscopy, ",
    };
    if default {
        let assumed = if months == 120 { "colonoscopy" } else { "cytology" };
        format!("test not stated, counted as {assumed}: {every}")
    } else {
        format!("{test}{every}")
    }
}

pub fn component(record: &PatientRecord<'_>, readings: &[DocumentReading], today: NaiveDate) -> Component {
    let demographics = &record.patient.demographics;
    let age = demographics.age_on(today);
    let mut evidence: Vec<(Screening, NaiveDate, Method, Origin)> = Vec::new();
    for (question, screening) in [
        ("last_mammogram", Screening::Mammogram),
        ("last_cervical_screening", Screening::Cervical),
        ("last_colorectal_screening", Screening::Colorectal),
    ] {
        if let Some(date) = record.answers.get(question).and_then(|a| a.as_date()) {
            evidence.push((screening, date, Method::Unstated, Origin::Questionnaire));
        }
    }
    for (i, document) in record.documents.iter().enumerate() {
        for test in document.tags().tests.iter().filter(|t| t.group == group::MAMMOGRAM) {
            if let Some(date) = test.date {
                evidence.push((Screening::Mammogram, date, Method::Unstated, Origin::Document(i)));
            }
        }
    }
    for reading in readings {
        for m in &reading.screenings {
            evidence.push((m.screening, m.date, m.method, Origin::Document(reading.index)));
        }
    }
    evidence.retain(|(_, date, _, _)| *date <= today);

    let female_or_unrecorded = |screening: Screening| match demographics.sex {
        Sex::Female => true,
        Sex::Male => false,
        Sex::Intersex | Sex::Unknown => evidence.iter().any(|(s, ..)| *s == screening),
    };
    let due: Vec<Screening> = [
        (Screening::Mammogram, (40..=74).contains(&age) && female_or_unrecorded(Screening::Mammogram)),
        (Screening::Cervical, (21..=65).contains(&age) && female_or_unrecorded(Screening::Cervical)),
        (Screening::Colorectal, (45..=75).contains(&age)),
    ]
    .into_iter()
    .filter_map(|(s, applies)| applies.then_some(s))
    .collect();
    if due.is_empty() {
        return Component::insufficient(format!("No USPSTF cancer screening is due at age {age} for the sex on record."));
    }

    let mut points = Vec::new();
    let mut said = Vec::new();
    let mut origins = Vec::new();
    let mut up_to_date = 0;
    let mut undated = Vec::new();
    for screening in &due {
        // The latest date; on the same day, a document that names the test over an answer that does not.
        let last = evidence
            .iter()
            .filter(|(s, ..)| s == screening)
            .max_by_key(|(_, date, method, _)| (*date, *method != Method::Unstated));
        let Some(&(_, date, method, origin)) = last else {
            undated.push(screening.name());
            points.push(0.0);
            continue;
        };
        origins.push(origin);
        let (months, default) = interval_months(*screening, method, age);
        let due_on = date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
        let interval_days = (due_on - date).num_days().max(1) as f64;
        let late_days = (today - due_on).num_days();
        let from = if origin == Origin::Questionnaire { String::new() } else { format!(", {}", named(record, origin)) };
        let state = if late_days <= 0 {
            up_to_date += 1;
            points.push(100.0);
            "up to date".to_string()
        } else {
            points.push((100.0 - 100.0 * late_days as f64 / interval_days).max(0.0));
            format!("overdue by {} months", (late_days + 15) / 30)
        };
        said.push(format!("{} {date} {state} ({}{from})", screening.name(), method_words(method, months, default)));
    }
    if origins.is_empty() {
        let names: Vec<&str> = due.iter().map(|s| s.name()).collect();
        return Component::insufficient(format!("No date on record for the screenings due at age {age} (USPSTF): {}.", names.join(", ")));
    }
    let missing = if undated.is_empty() { String::new() } else { format!("; no date on record: {}", undated.join(", ")) };
    let description = format!(
        "Up to date on {up_to_date} of {} screenings due at age {age} (USPSTF): {}{missing}.",
        due.len(),
        said.join("; ")
    );
    Component::scored(points.iter().sum::<f64>() / points.len() as f64, description, sources(record, origins))
}
