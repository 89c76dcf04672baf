//! The doctor chat's `patient_summary_stats` (API.md, `POST /doctors/{id}/chat`): the patient's
//! age, last consultation and active conditions, computed from the record on every answer.
//!
//! - **age** — whole years on the day, from the date of birth (none when the birth date is after it).
//! - **last consultation** — the latest date of a `consultation_note`; when there is none, the
//!   latest of the other documents that record an encounter with a clinician (a specialist's
//!   letter, a discharge summary, a prescription). Lab and imaging reports are not consultations:
//!   a test can be done without one. Dates after the day are ignored (a misread date).
//! - **active conditions** — what the records state as the patient's current conditions, newest
//!   document first, each once (case and spacing ignored), at most [`MAX_ACTIVE_CONDITIONS`]:
//!   1. the items under a problem-list, assessment or diagnosis heading of a document's text
//!      ("Problem list:", "Assessment and plan:", "Diagnosis:", "Discharge diagnoses:" …), one per
//!      list item or comma/semicolon-separated entry, cut before a plan or a qualifier
//!      ("Hypertension - continue lisinopril" → "Hypertension"). Each is judged in its own words
//!      by NegEx/ConText ([`crate::clinical_context`]): negated ("no diabetes", "pneumonia,
//!      resolved"), historical ("h/o", "s/p", "past history of"), hypothetical ("rule out") and
//!      other people's ("family history of", "mother") conditions are left out, and so are
//!      uncertain ones ("possible", "suspected", "?"), plan items ("follow up", "continue") and
//!      prose longer than a condition's name;
//!   2. the risk markers tier 2 tagged that describe a current condition of the patient: a
//!      pathogenic mutation, benign breast disease, and — from the latest breast assessment
//!      only, since a later one supersedes it — a suspicious finding and the breast density; a
//!      breast cancer only when its sentence states it as current (BI-RADS 6, a new diagnosis),
//!      not a personal history. Family history, chest radiation, hormonal factors and screening
//!      history are risk factors, not conditions. The marker's sentence goes through the same
//!      context check (a mutation is lifelong, so only its negation and experiencer count).
//!
//! Only documents whose text the caller loaded give stated conditions; every indexed document
//! gives its markers. Text is read up to [`MAX_TEXT_BYTES`] and [`MAX_LINES`] lines a document.

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinical_context::{self, Experiencer, Negation, Temporality};
use crate::health::document::DocumentType;
use crate::health::evidence::{DocumentEvidence, PatientRecord};
use crate::health::tagging::{MarkerMention, marker};
use crate::text::sentences;

/// At most this many active conditions are listed.
pub const MAX_ACTIVE_CONDITIONS: usize = 20;
/// Each document's text is read up to this many bytes…
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// …and this many lines.
pub const MAX_LINES: usize = 5_000;
/// A line is read up to this many characters.
const MAX_LINE_CHARS: usize = 500;
/// A condition's name has at most this many words and characters; longer is prose.
const MAX_CONDITION_WORDS: usize = 8;
const MAX_CONDITION_CHARS: usize = 80;
/// At most this many entries are read under one heading.
const MAX_SECTION_ITEMS: usize = 40;

/// Headings under which a note lists the patient's conditions.
const CONDITION_HEADINGS: &[&str] = &[
    "problem list", "problems", "active problems", "active problem list", "current problems", "problem",
    "assessment", "assessment and plan", "assessment & plan", "assessment/plan", "a/p", "a&p", "impression and plan",
    "diagnosis", "diagnoses", "final diagnosis", "final diagnoses", "discharge diagnosis", "discharge diagnoses",
    "primary diagnosis", "secondary diagnoses", "secondary diagnosis", "working diagnosis", "dx",
    "active conditions", "current conditions", "conditions", "active diagnoses",
];

/// First words of a plan, not a condition.
const PLAN_WORDS: &[&str] = &[
    "continue", "continued", "start", "started", "stop", "stopped", "follow", "follow-up", "f/u", "return", "rtc",
    "recheck", "repeat", "refer", "referred", "referral", "schedule", "scheduled", "order", "ordered", "check",
    "discuss", "discussed", "counsel", "counseled", "counselled", "advised", "advise", "plan", "monitor", "increase",
    "decrease", "reduce", "titrate", "consider", "obtain", "see", "will", "next", "due", "recommend", "recommended",
    "patient", "pt", "she", "he", "the", "on", "with", "for", "to", "at", "per", "since", "labs", "lab", "seen",
];

/// First words that make a condition uncertain, not established.
const UNCERTAIN_WORDS: &[&str] =
    &["possible", "possibly", "probable", "probably", "suspected", "suspect", "query", "questionable", "presumed", "likely", "?"];

/// Words that only qualify the condition before them ("well controlled", "resolved").
const QUALIFIERS: &[&str] = &[
    "controlled", "uncontrolled", "well", "poorly", "stable", "unstable", "improving", "improved", "worsening", "worse",
    "better", "mild", "moderate", "severe", "new", "ongoing", "persistent", "active", "chronic", "acute", "resolved",
    "resolving", "ruled", "out", "unchanged", "currently", "now", "and", "not", "at", "goal", "optimized", "treated",
];

/// The doctor chat's summary of the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PatientSummaryStats {
    pub age: Option<u32>,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_consultation: Option<NaiveDate>,
    pub active_conditions: Vec<String>,
}

impl PatientSummaryStats {
    /// The summary of `record` on `today` (see the module doc).
    pub fn of(record: &PatientRecord<'_>, today: NaiveDate) -> Self {
        let demographics = &record.patient.demographics;
        let age = (demographics.date_of_birth <= today).then(|| demographics.age_on(today));
        PatientSummaryStats { age, last_consultation: last_consultation(record, today), active_conditions: active_conditions(record) }
    }
}

/// The latest consultation note's date, else the latest clinician's letter, discharge summary or prescription.
fn last_consultation(record: &PatientRecord<'_>, today: NaiveDate) -> Option<NaiveDate> {
    let latest = |types: &[DocumentType]| {
        record.documents.iter().filter(|d| types.contains(&d.document.document_type)).map(|d| d.date()).filter(|d| *d <= today).max()
    };
    latest(&[DocumentType::ConsultationNote]).or_else(|| {
        latest(&[DocumentType::SpecialistLetter, DocumentType::DischargeSummary, DocumentType::Prescription])
    })
}

/// The conditions, newest document first (see the module doc).
fn active_conditions(record: &PatientRecord<'_>) -> Vec<String> {
    let has_marker = |d: &DocumentEvidence<'_>, ids: &[&str]| d.tags().markers.iter().any(|m| ids.contains(&m.marker));
    let latest_assessment =
        record.documents.iter().rposition(|d| has_marker(d, &[marker::SCREENING_HISTORY, marker::SUSPICIOUS_FINDING]));
    let latest_density = record.documents.iter().rposition(|d| has_marker(d, &[marker::BREAST_DENSITY]));

    let mut out: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut add = |condition: String, out: &mut Vec<String>| {
        let key = key_of(&condition);
        if !key.is_empty() && !keys.contains(&key) && out.len() < MAX_ACTIVE_CONDITIONS {
            keys.push(key);
            out.push(condition);
        }
    };
    for (index, document) in record.documents.iter().enumerate().rev() {
        if let Some(text) = document.text {
            for condition in stated_conditions(text) {
                add(condition, &mut out);
            }
        }
        for mention in document.tags().markers {
            let current = match mention.marker {
                marker::GENETIC_MUTATION => patients_own(&mention, false),
                marker::BENIGN_BREAST_DISEASE => patients_own(&mention, true),
                marker::SUSPICIOUS_FINDING => Some(index) == latest_assessment && patients_own(&mention, true),
                marker::BREAST_DENSITY => Some(index) == latest_density && patients_own(&mention, true),
                marker::PRIOR_BREAST_CANCER => patients_own(&mention, true),
                _ => false,
            };
            if current {
                add(mention.indicator, &mut out);
            }
        }
        if out.len() >= MAX_ACTIVE_CONDITIONS {
            break;
        }
    }
    out
}

/// Whether the marker's sentence states it as the patient's, affirmed, and (when `now`) current.
fn patients_own(mention: &MarkerMention, now: bool) -> bool {
    let context = clinical_context::assess(&mention.quote, &mention.indicator);
    context.negation == Negation::Affirmed
        && context.experiencer == Experiencer::Patient
        && (!now || context.temporality == Temporality::Recent)
}

/// Case- and spacing-blind identity of a condition.
fn key_of(condition: &str) -> String {
    crate::text::words(condition).iter().map(|w| w.text.to_lowercase()).collect::<Vec<_>>().join(" ")
}

/// The conditions a text states under its problem-list, assessment and diagnosis headings, each
/// once, at most [`MAX_ACTIVE_CONDITIONS`].
pub fn stated_conditions(text: &str) -> Vec<String> {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut found = Vec::new();
    let mut in_section = false;
    let mut items = 0usize;
    for raw in text[..end].lines().take(MAX_LINES) {
        let line = super::clip_chars(raw.trim(), MAX_LINE_CHARS);
        if line.is_empty() {
            if items > 0 {
                in_section = false;
            }
            continue;
        }
        // A list item is an entry even with a colon in it ("1. Diabetes: on metformin").
        if !is_list_item(line)
            && let Some((heading, rest)) = heading_of(line)
        {
            in_section = CONDITION_HEADINGS.contains(&heading.as_str());
            items = 0;
            if in_section && !rest.is_empty() {
                items += read_entries(rest, &mut found);
            }
        } else if in_section && items < MAX_SECTION_ITEMS {
            items += read_entries(line, &mut found).max(1);
        }
        if found.len() >= MAX_ACTIVE_CONDITIONS * 4 {
            break;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for condition in found {
        if out.len() < MAX_ACTIVE_CONDITIONS && !out.iter().any(|c| key_of(c) == key_of(&condition)) {
            out.push(condition);
        }
    }
    out
}

/// Whether a line is a bullet or numbered item.
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['-', '*', '•', '◦', '▪']) || strip_enumerator(t).len() != t.len()
}

/// A line's heading, lower-case, and what follows it: "Assessment: HTN" → ("assessment", "HTN").
/// A whole line that is a known heading ("ASSESSMENT") is one too.
fn heading_of(line: &str) -> Option<(String, &str)> {
    let normal = |s: &str| {
        let trimmed = s.trim_matches(|c: char| c == '#' || c == '*' || c.is_whitespace()).to_lowercase();
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if let Some(colon) = line.find(':') {
        let (head, rest) = (&line[..colon], &line[colon + 1..]);
        let words = head.split_whitespace().count();
        if (1..=4).contains(&words) && head.len() <= 40 && head.chars().all(|c| c.is_alphabetic() || " /&#*-".contains(c)) {
            return Some((normal(head), rest.trim()));
        }
        return None;
    }
    let whole = normal(line);
    CONDITION_HEADINGS.contains(&whole.as_str()).then_some((whole, ""))
}

/// Reads the conditions of one list item or inline list into `out`; returns how many entries it read.
fn read_entries(text: &str, out: &mut Vec<String>) -> usize {
    let item = strip_enumerator(text);
    let mut entries: Vec<String> = Vec::new();
    for sentence in sentences(item) {
        for fragment in sentence.text.split([';', ',']) {
            let fragment = fragment.trim();
            if fragment.is_empty() {
                continue;
            }
            // A qualifier-only fragment ("resolved", "well controlled") belongs to the entry before it.
            let qualifier_only = crate::text::words(fragment).iter().all(|w| QUALIFIERS.contains(&w.text.to_lowercase().as_str()));
            match entries.last_mut() {
                Some(previous) if qualifier_only => {
                    previous.push_str(", ");
                    previous.push_str(fragment);
                }
                _ => entries.push(fragment.to_string()),
            }
        }
    }
    for entry in &entries {
        if let Some(condition) = condition_in(entry) {
            out.push(condition);
        }
    }
    entries.len()
}

/// The condition an entry names, if it states one the patient has now.
fn condition_in(entry: &str) -> Option<String> {
    let mut name = entry;
    for cut in [" - ", " – ", " — ", "(", ":", " on ", " since ", " per ", ", "] {
        if let Some(at) = name.find(cut) {
            name = &name[..at];
        }
    }
    let name = name.trim().trim_end_matches(['.', '-']).trim();
    let words: Vec<String> = crate::text::words(name).iter().map(|w| w.text.to_lowercase()).collect();
    let first = words.first()?;
    if words.len() > MAX_CONDITION_WORDS
        || name.chars().count() > MAX_CONDITION_CHARS
        || PLAN_WORDS.contains(&first.as_str())
        || UNCERTAIN_WORDS.contains(&first.as_str())
        || name.starts_with('?')
        || name.ends_with('?')
        || words.iter().all(|w| QUALIFIERS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
        || words.iter().any(|w| matches!(w.as_str(), "year-old" | "y/o" | "yo" | "old"))
    {
        return None;
    }
    let context = clinical_context::assess(entry, name);
    if context.negation != Negation::Affirmed || context.temporality != Temporality::Recent || context.experiencer != Experiencer::Patient {
        return None;
    }
    let flat = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect())
}

/// A list item without its bullet or enumerator: "- x", "1. x", "2) x", "(a) x", "#3 x".
fn strip_enumerator(item: &str) -> &str {
    let t = item.trim_start().trim_start_matches(['-', '*', '•', '◦', '▪', '#']).trim_start();
    let label_end = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '(')).unwrap_or(0);
    let label = t[..label_end].trim_start_matches('(');
    let rest = &t[label_end..];
    let is_label = !label.is_empty() && (label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit()) || label.len() == 1);
    if is_label && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t")) {
        rest[1..].trim_start()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::document::{DocumentStatus, Enrichment, PatientDocument, VisionStatus};
    use crate::health::patient::{Demographics, Patient, Sex};
    use crate::health::tagging::tag;
    use crate::ids::{DocumentId, JobId, PatientId};
    use chrono::{TimeZone, Utc};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn patient(born: NaiveDate) -> Patient {
        Patient {
            patient_id: PatientId::parse("PAT-001").unwrap(),
            demographics: Demographics {
                given_name: "Ana".into(),
                family_name: "Silva".into(),
                date_of_birth: born,
                sex: Sex::Female,
                email: None,
                phone: None,
                postal_code: None,
                preferred_language: None,
            },
            answers: Default::default(),
            username: None,
            version: 1,
            created_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    fn document(n: u32, kind: DocumentType, date: NaiveDate, text: &str) -> PatientDocument {
        let created = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, n).unwrap();
        PatientDocument {
            document_id: DocumentId::parse(&format!("HD-{n}")).unwrap(),
            patient_id: PatientId::parse("PAT-001").unwrap(),
            document_type: kind,
            document_date: Some(date),
            file_name: format!("doc{n}.txt"),
            content_type: Some("text/plain".into()),
            key: format!("patients/PAT-001/HD-{n}/doc{n}.txt"),
            content_hash: None,
            size: text.len() as u64,
            job_id: JobId::parse(&format!("JOB-{n}")).unwrap(),
            uploaded_by: "PAT-001".into(),
            status: DocumentStatus::Indexed,
            reason: None,
            tiers_done: Vec::new(),
            extraction: None,
            enrichment: Some(Enrichment {
                vision: VisionStatus::NoImages,
                vision_note: String::new(),
                images: Vec::new(),
                tags: tag(text, Some(date)),
            }),
            chunk_count: 1,
            indexed_hash: None,
            created_at: created,
            updated_at: created,
        }
    }

    fn stats(born: NaiveDate, documents: &[(DocumentType, NaiveDate, &str)], today: NaiveDate) -> PatientSummaryStats {
        let patient = patient(born);
        let docs: Vec<PatientDocument> = documents.iter().enumerate().map(|(i, (k, d, t))| document(i as u32 + 1, *k, *d, t)).collect();
        let texts: Vec<(DocumentId, &str)> = docs.iter().zip(documents).map(|(d, (_, _, t))| (d.document_id.clone(), *t)).collect();
        let record = PatientRecord::new(&patient, &docs, |d| texts.iter().find(|(id, _)| *id == d.document_id).map(|(_, t)| *t));
        PatientSummaryStats::of(&record, today)
    }

    #[test]
    fn age_and_last_consultation() {
        // Brief: age from the date of birth; last consultation = latest consultation note, else a clinician's document.
        let today = day(2026, 3, 1);
        let s = stats(
            day(1973, 3, 2),
            &[
                (DocumentType::ConsultationNote, day(2025, 6, 1), "Routine visit."),
                (DocumentType::LabReport, day(2026, 1, 5), "Glucose 5.1 mmol/L."),
                (DocumentType::ConsultationNote, day(2025, 11, 20), "Follow-up visit."),
                (DocumentType::SpecialistLetter, day(2026, 2, 1), "Dear colleague."),
            ],
            today,
        );
        assert_eq!(s.age, Some(52), "turns 53 tomorrow");
        assert_eq!(s.last_consultation, Some(day(2025, 11, 20)), "a later lab report or letter is not the consultation");

        let s = stats(
            day(1973, 3, 1),
            &[(DocumentType::LabReport, day(2026, 1, 5), "x"), (DocumentType::DischargeSummary, day(2025, 9, 9), "y")],
            today,
        );
        assert_eq!(s.age, Some(53));
        assert_eq!(s.last_consultation, Some(day(2025, 9, 9)), "no consultation note: the clinician's discharge summary");
        let s = stats(day(2027, 1, 1), &[(DocumentType::ImagingReport, day(2026, 1, 5), "x")], today);
        assert_eq!((s.age, s.last_consultation), (None, None));
    }

    #[test]
    fn stated_conditions_leave_out_negated_historical_and_family_ones() {
        // Brief: negated, historical ("h/o", "s/p", "resolved") and family members' conditions are excluded.
        let note = "\
Visit date: 2025-11-20
Past medical history: appendicitis, asthma.
Family history: mother with breast cancer.

Problem list:
1. Type 2 diabetes mellitus, well controlled - continue metformin
2. Hypertension (on lisinopril)
3. h/o appendectomy
4. s/p cholecystectomy 2015
5. Pneumonia, resolved
6. No known drug allergies
7. Family history of breast cancer
8. Possible sleep apnea
9. Follow up in 3 months

Assessment: hyperlipidemia; obesity. Rule out hypothyroidism.
Plan: recheck lipids, diet counselling.";
        assert_eq!(stated_conditions(note), ["Type 2 diabetes mellitus", "Hypertension", "Hyperlipidemia", "Obesity"]);
        assert_eq!(stated_conditions("DIAGNOSIS\n- Fibroadenoma of the left breast\n\nComment: benign."), ["Fibroadenoma of the left breast"]);
        assert!(stated_conditions("The patient denies chest pain. Assessment of gait normal").is_empty());
    }

    #[test]
    fn active_conditions_join_notes_and_current_markers() {
        let today = day(2026, 3, 1);
        let s = stats(
            day(1970, 1, 1),
            &[
                (
                    DocumentType::ImagingReport,
                    day(2024, 5, 1),
                    "Screening mammogram.\nImpression: BI-RADS 4. Suspicious calcifications in the left breast.",
                ),
                (DocumentType::ImagingReport, day(2025, 5, 1), "Screening mammogram.\nImpression: BI-RADS 2, benign findings."),
                (DocumentType::LabReport, day(2025, 6, 1), "Genetic testing: pathogenic BRCA1 mutation detected."),
                (DocumentType::ConsultationNote, day(2025, 7, 1), "Assessment:\n- Hypertension\n- Hypertension\n- HYPERTENSION, stable"),
            ],
            today,
        );
        assert!(s.active_conditions.iter().any(|c| c == "Hypertension"), "{:?}", s.active_conditions);
        assert_eq!(s.active_conditions.iter().filter(|c| c.eq_ignore_ascii_case("hypertension")).count(), 1, "{:?}", s.active_conditions);
        assert!(s.active_conditions.iter().any(|c| c.contains("BRCA1")), "{:?}", s.active_conditions);
        assert!(
            !s.active_conditions.iter().any(|c| c.contains("BI-RADS 4") || c.contains("Suspicious")),
            "the later benign mammogram supersedes the earlier suspicious one: {:?}",
            s.active_conditions
        );
        assert_eq!(s.active_conditions[0], "Hypertension", "newest document first");

        let suspicious = "Screening mammogram.\nImpression: BI-RADS 4. Suspicious calcifications in the left breast.";
        let s = stats(day(1970, 1, 1), &[(DocumentType::ImagingReport, day(2024, 5, 1), suspicious)], today);
        assert!(s.active_conditions.iter().any(|c| c.contains("BI-RADS 4")), "the latest assessment counts: {:?}", s.active_conditions);
        let history = "Mother with breast cancer at 45. History of left breast cancer, s/p lumpectomy 2015.";
        let s = stats(day(1970, 1, 1), &[(DocumentType::ConsultationNote, day(2025, 1, 1), history)], today);
        assert!(s.active_conditions.is_empty(), "family history and a past cancer are not active: {:?}", s.active_conditions);
    }

    #[test]
    fn conditions_are_bounded_and_odd_text_is_safe() {
        let many: String = (0..100).map(|i| format!("- Condition number{i}\n")).collect();
        let s = stats(day(1980, 1, 1), &[(DocumentType::ConsultationNote, day(2025, 1, 1), &format!("Problem list:\n{many}"))], day(2026, 1, 1));
        assert_eq!(s.active_conditions.len(), MAX_ACTIVE_CONDITIONS);
        for odd in ["", ":", "Assessment:", "Assessment: ,,;;", "Problem list:\n- 日本語\n- ✓", "Dx: 𝄞 b\u{0}"] {
            let _ = stated_conditions(odd);
        }
        let huge = "Assessment: hypertension\n".repeat(100_000);
        assert_eq!(stated_conditions(&huge), ["Hypertension"]);
    }
}
