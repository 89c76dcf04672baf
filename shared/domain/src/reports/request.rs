//! Reading a report request in plain English — the offline planner's understanding, with no
//! language model: which patient, what kind of report, which time window, which lab.
//!
//! The kinds are the reports people actually ask for: one patient's `details`, `visits`
//! (encounters, admissions, appointments), `conditions` (diagnoses, problems), `medications`
//! (drugs, prescriptions), `labs` (measurements, vitals, observations, a named test), `procedures`
//! (surgeries, operations) and a `summary` of all of these.
//!
//! A request is refused — with what was understood — when it is not a report (a write or an
//! action: "delete", "update", "schedule", "prescribe"…, or nothing clinical), is about many
//! patients ("how many patients…", "which patients…"), names no patient or several, asks for
//! something none of the kinds hold (billing, insurance), or states an impossible window.
//!
//! The patient id is taken as written (`1234`, `PAT-0042`, `#77`, `MRN 4455123`) after a label
//! (`patient`, `pt`, `patient id`, `MRN`, `#`), or alone when it has the shape of an id (letters,
//! a dash and digits). It is never put into query text: the planner binds it as a parameter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reports::window::{self, Window, WindowError};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    Details,
    Visits,
    Conditions,
    Medications,
    Labs,
    Procedures,
    Summary,
}

impl ReportKind {
    pub const CLINICAL: [ReportKind; 5] = [ReportKind::Visits, ReportKind::Conditions, ReportKind::Medications, ReportKind::Labs, ReportKind::Procedures];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Details => "details",
            ReportKind::Visits => "visits",
            ReportKind::Conditions => "conditions",
            ReportKind::Medications => "medications",
            ReportKind::Labs => "labs",
            ReportKind::Procedures => "procedures",
            ReportKind::Summary => "summary",
        }
    }
}

/// A request the planner can plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub patient_id: String,
    pub window: Window,
    /// The test a labs request names ("HbA1c", "blood pressure"), as written.
    pub lab_filter: Option<String>,
}

/// Why a request cannot be planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unplannable {
    NoPatient,
    MultiplePatients,
    NotAReport,
    NotPatientScoped,
    UnknownKind,
    BadWindow,
}

impl Unplannable {
    pub fn message(self) -> &'static str {
        match self {
            Unplannable::NoPatient => "the request names no patient: say which one (e.g. \"patient 1234\")",
            Unplannable::MultiplePatients => "the request names more than one patient: a report is about one patient",
            Unplannable::NotAReport => "the request is not a report: MediClear only reads, it never changes a hospital's data",
            Unplannable::NotPatientScoped => "the request is about many patients: reports are about one patient",
            Unplannable::UnknownKind => "MediClear cannot tell what to report: ask for details, visits, conditions, medications, labs, procedures or a summary",
            Unplannable::BadWindow => "the time window is impossible or contradictory",
        }
    }
}

/// A request that could not be planned, and what was understood of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotUnderstood {
    pub reason: Unplannable,
    pub kind: Option<ReportKind>,
    pub patient_id: Option<String>,
    pub window: Option<Window>,
}

const ACTION_VERBS: &[&str] = &[
    "delete", "remove", "erase", "purge", "drop", "truncate", "update", "change", "modify", "edit", "correct", "amend", "insert", "add", "create", "schedule", "reschedule", "book", "prescribe",
    "cancel", "discontinue", "record", "enter", "assign", "merge", "transfer", "discharge", "admit", "refill", "renew", "increase", "decrease", "stop", "order", "set", "mark", "email", "send",
    "fax", "call", "notify", "write", "sign", "approve", "deny", "bill", "charge", "rename", "replace", "reset", "overwrite", "alter", "grant", "revoke", "archive", "restore", "move",
];
/// Words before an imperative verb that keep it imperative ("please delete", "can you update").
const POLITE: &[&str] = &["please", "can", "could", "would", "will", "you", "i", "we", "want", "need", "to", "kindly", "go", "ahead", "and", "like", "i'd", "let's", "lets", "help", "me"];
/// Words that ask to see something.
const REPORT_VERBS: &[&str] = &["show", "list", "get", "give", "pull", "fetch", "display", "generate", "produce", "create", "export", "print", "run", "report", "what", "which", "view", "see", "summarize", "summarise", "find", "retrieve", "download"];

/// Kind vocabularies: single words and phrases (lower case).
fn kind_words(kind: ReportKind) -> &'static [&'static str] {
    match kind {
        ReportKind::Details => &[
            "demographics", "demographic", "contact", "dob", "date of birth", "birth date", "birthdate", "address", "phone", "profile", "who is", "registration", "personal", "details",
            "detail", "info", "information", "age", "gender", "sex", "identity", "patient record",
        ],
        ReportKind::Visits => &[
            "visit", "visits", "encounter", "encounters", "admission", "admissions", "admitted", "appointment", "appointments", "stay", "stays", "hospitalization", "hospitalizations",
            "hospitalisation", "hospitalisations", "inpatient", "outpatient", "consultation", "consultations", "er", "ed",
        ],
        ReportKind::Conditions => &[
            "condition", "conditions", "diagnosis", "diagnoses", "dx", "ddx", "problem", "problems", "problem list", "comorbidities", "comorbidity", "disease", "diseases", "illness",
            "illnesses", "icd", "diagnosed",
        ],
        ReportKind::Medications => &[
            "med", "meds", "medication", "medications", "medicine", "medicines", "prescription", "prescriptions", "rx", "drug", "drugs", "taking", "pharmacy", "dispensed", "prescribed",
        ],
        ReportKind::Labs => &[
            "lab", "labs", "laboratory", "test results", "tests", "test", "vitals", "vital signs", "vital", "observation", "observations", "measurement", "measurements", "bloodwork",
            "blood work", "panel", "panels", "results", "levels", "readings",
        ],
        ReportKind::Procedures => &["procedure", "procedures", "surgery", "surgeries", "surgical", "operation", "operations", "operative", "intervention", "interventions"],
        ReportKind::Summary => &[
            "summary", "summaries", "overview", "full report", "complete report", "comprehensive", "everything", "snapshot", "workup", "work-up", "summarize", "summarise", "full history",
            "complete history", "full record", "complete record", "all records", "all data", "full chart", "whole chart", "all of",
        ],
    }
}

/// Named tests and measurements: a labs request naming one filters on it.
const LAB_NAMES: &[&str] = &[
    "hba1c", "hb a1c", "a1c", "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin", "ldl cholesterol", "hdl cholesterol", "ldl", "hdl", "total cholesterol", "cholesterol",
    "triglycerides", "lipid panel", "lipids", "glucose", "blood glucose", "fasting glucose", "blood sugar", "blood pressure", "systolic blood pressure", "diastolic blood pressure", "bp",
    "heart rate", "pulse", "temperature", "respiratory rate", "oxygen saturation", "spo2", "bmi", "body mass index", "weight", "body weight", "height", "cbc", "complete blood count",
    "hemoglobin", "haemoglobin", "hematocrit", "platelets", "platelet count", "wbc", "white blood cell count", "rbc", "tsh", "t4", "free t4", "creatinine", "egfr", "bun", "urea",
    "potassium", "sodium", "chloride", "calcium", "magnesium", "alt", "ast", "alkaline phosphatase", "bilirubin", "albumin", "ferritin", "iron", "vitamin d", "vitamin b12", "b12",
    "folate", "psa", "inr", "pt/inr", "crp", "c-reactive protein", "esr", "troponin", "bnp", "urinalysis", "microalbumin", "uric acid", "lipase", "amylase", "liver function tests",
    "lfts", "kidney function", "renal panel", "metabolic panel", "cmp", "bmp", "thyroid panel", "estradiol", "testosterone", "cortisol",
];
const UNKNOWN_KINDS: &[&str] = &[
    "billing", "bill", "bills", "invoice", "invoices", "insurance", "claim", "claims", "payment", "payments", "balance", "copay", "copays", "co-pay", "receipt", "receipts", "meal", "meals",
    "parking", "charges", "statement", "statements", "deductible", "premium", "premiums", "salary", "schedule", "roster", "shift", "shifts",
];
const MANY_PATIENTS: &[&str] = &[
    "how many patients", "which patients", "all patients", "every patient", "each patient", "list patients", "list of patients", "patients with", "patients who", "patients that",
    "number of patients", "count of patients", "patients having", "patients admitted", "patients on", "patients in", "patients diagnosed", "any patients", "all the patients", "patients over",
    "patients under", "most patients", "top patients", "patients whose", "patients across", "patients taking", "patients from", "patients had",
];
/// Labels before a patient id.
const ID_LABELS: &[&str] = &["patient", "patients", "pt", "pts", "mrn", "patient's", "pt.", "member", "subject", "person", "id", "no", "no.", "number", "#"];

/// A word of the request with its original spelling.
#[derive(Debug, Clone)]
struct Word {
    lower: String,
    original: String,
}

fn words_of(text: &str) -> Vec<Word> {
    let spaced: String = text.chars().map(|c| if matches!(c, ',' | ';' | '?' | '!' | '(' | ')' | '"' | ':' | '[' | ']') { ' ' } else { c }).collect();
    spaced
        .split_whitespace()
        .flat_map(|w| {
            // "#1234" → "#", "1234"; trailing full stops and possessives go.
            let w = w.trim_end_matches('.');
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
            match w.strip_prefix('#') {
                Some(rest) if !rest.is_empty() => vec!["#".to_string(), rest.to_string()],
                _ => vec![w.to_string()],
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| Word { lower: w.to_lowercase(), original: w })
        .collect()
}

fn has_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words.windows(parts.len()).any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
}

/// A token that has the shape of an id: digits, or letters then digits (`PAT-0042`, `P00912`).
fn id_shaped(word: &str) -> bool {
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    has_digit && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') && !word.starts_with('-') && !word.ends_with('-')
}

fn looks_like_date(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    w.split(['-', '/']).count() == 3 && w.split(['-', '/']).all(|p| p.chars().all(|c| c.is_ascii_digit()))
        || ["st", "nd", "rd", "th"].iter().any(|s| w.strip_suffix(s).is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())))
}

/// The patient ids the request names, and the word positions they occupy.
fn patient_ids(words: &[Word]) -> (Vec<String>, Vec<usize>) {
    let mut ids: Vec<String> = Vec::new();
    let mut used = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i].lower;
        if ID_LABELS.contains(&w.as_str()) && !(w == "no" && words.get(i + 1).is_some_and(|n| !id_shaped(&n.original))) {
            // skip further labels: "patient id #", "patient no."
            let mut j = i + 1;
            while j < words.len() && ID_LABELS.contains(&words[j].lower.as_str()) {
                j += 1;
            }
            // a list after a plural label: "patients 12 and 13", "patients 12, 13"
            let mut k = j;
            while k < words.len() && id_shaped(&words[k].original) && !looks_like_date(&words[k].original) {
                if !ids.contains(&words[k].original) {
                    ids.push(words[k].original.clone());
                }
                used.push(k);
                k += 1;
                if w == "patients" || w == "pts" {
                    while k < words.len() && matches!(words[k].lower.as_str(), "and" | "&" | "or" | "vs" | "versus") {
                        k += 1;
                    }
                } else {
                    break;
                }
            }
            if k > j {
                i = k;
                continue;
            }
        }
        // An id-shaped token with letters and digits (PAT-0042), standing alone.
        let original = &words[i].original;
        let letters = original.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let letter_id = letters > 0 && id_shaped(original) && original.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !is_lab_or_unit(&words[i].lower);
        if letter_id && !used.contains(&i) {
            if !ids.contains(original) {
                ids.push(original.clone());
            }
            used.push(i);
        }
        i += 1;
    }
    (ids, used)
}

/// Tokens with digits that are not ids: tests (`HbA1c`, `B12`, `T4`, `SpO2`) and units.
fn is_lab_or_unit(word: &str) -> bool {
    LAB_NAMES.contains(&word) || matches!(word, "covid-19" | "covid19" | "24h" | "24-hour" | "q4h")
}

/// Understands `text` as of `as_of`.
pub fn understand(text: &str, as_of: NaiveDate) -> Result<ReportRequest, NotUnderstood> {
    let words = words_of(text);
    let lower: Vec<String> = words.iter().map(|w| w.lower.clone()).collect();
    let (ids, id_positions) = patient_ids(&words);
    let kinds = kinds_named(&lower);
    let without_ids: Vec<String> = lower.iter().enumerate().filter(|(i, _)| !id_positions.contains(i)).map(|(_, w)| w.clone()).collect();
    let window = window::read(&without_ids, as_of);

    let kind = pick_kind(&kinds);
    let refuse = |reason| NotUnderstood { reason, kind, patient_id: (ids.len() == 1).then(|| ids[0].clone()), window: window.clone().ok() };

    if is_action(&lower) {
        return Err(refuse(Unplannable::NotAReport));
    }
    if MANY_PATIENTS.iter().any(|p| has_phrase(&lower, p)) && ids.len() <= 1 {
        return Err(refuse(Unplannable::NotPatientScoped));
    }
    if ids.len() > 1 {
        return Err(refuse(Unplannable::MultiplePatients));
    }
    let unknown_kind = lower.iter().any(|w| UNKNOWN_KINDS.contains(&w.as_str()));
    let Some(patient_id) = ids.first().cloned() else {
        if kind.is_none() && !unknown_kind && !lower.iter().any(|w| w.starts_with("patient") || w == "pt") {
            return Err(refuse(Unplannable::NotAReport));
        }
        return Err(refuse(Unplannable::NoPatient));
    };
    let window = match window {
        Ok(window) => window,
        Err(WindowError::ImpossibleDate | WindowError::Empty) => return Err(refuse(Unplannable::BadWindow)),
    };
    let kind = match kind {
        Some(kind) if !(unknown_kind && kinds.iter().all(|k| matches!(k, ReportKind::Details | ReportKind::Labs))) => kind,
        _ if unknown_kind => return Err(refuse(Unplannable::UnknownKind)),
        Some(kind) => kind,
        None => return Err(refuse(Unplannable::UnknownKind)),
    };
    let lab_filter = if kind == ReportKind::Labs { lab_filter(&words) } else { None };
    Ok(ReportRequest { kind, patient_id, window, lab_filter })
}

/// Whether the request asks to do something rather than to see something.
fn is_action(words: &[String]) -> bool {
    // The first word that is not politeness decides: "please delete …", "can you update …".
    let first = words.iter().find(|w| !POLITE.contains(&w.as_str()));
    let Some(first) = first else { return false };
    if ACTION_VERBS.contains(&first.as_str()) && !REPORT_VERBS.contains(&first.as_str()) {
        return true;
    }
    // "create" and "run" may ask for a report ("create a summary report") — only an action when
    // no report word follows.
    if first == "create" && !words.iter().any(|w| w == "report" || w == "summary" || w == "list") {
        return true;
    }
    false
}

/// Every kind the request's words name.
fn kinds_named(words: &[String]) -> Vec<ReportKind> {
    let all = [ReportKind::Summary, ReportKind::Details, ReportKind::Visits, ReportKind::Conditions, ReportKind::Medications, ReportKind::Procedures, ReportKind::Labs];
    let mut kinds: Vec<ReportKind> = all.into_iter().filter(|k| kind_words(*k).iter().any(|p| has_phrase(words, p))).collect();
    if !kinds.contains(&ReportKind::Labs) && LAB_NAMES.iter().any(|p| has_phrase(words, p)) {
        kinds.push(ReportKind::Labs);
    }
    kinds
}

/// One kind from the kinds named: a summary word wins; a generic word (`details`, `results`)
/// gives way to a specific kind; two specific kinds make a summary.
fn pick_kind(kinds: &[ReportKind]) -> Option<ReportKind> {
    if kinds.contains(&ReportKind::Summary) {
        return Some(ReportKind::Summary);
    }
    let specific: Vec<ReportKind> = kinds.iter().copied().filter(|k| *k != ReportKind::Details).collect();
    match specific.as_slice() {
        [] => kinds.first().copied(),
        [one] => Some(*one),
        _ => Some(ReportKind::Summary),
    }
}

/// The named test of a labs request, as written: the longest known test name, or else the
/// words just before "results", "levels", "readings", "values", "trend" or "history".
fn lab_filter(words: &[Word]) -> Option<String> {
    let lower: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
    let mut best: Option<(usize, usize)> = None;
    for name in LAB_NAMES {
        let parts: Vec<&str> = name.split(' ').collect();
        for start in 0..lower.len().saturating_sub(parts.len() - 1) {
            if lower[start..start + parts.len()] == parts[..] && best.is_none_or(|(_, len)| parts.len() > len) {
                best = Some((start, parts.len()));
            }
        }
    }
    if let Some((start, len)) = best {
        return Some(words[start..start + len].iter().map(|w| w.original.as_str()).collect::<Vec<_>>().join(" "));
    }
    const TAILS: [&str; 7] = ["results", "levels", "level", "readings", "values", "trend", "history"];
    const GENERIC: [&str; 22] = [
        "lab", "labs", "test", "tests", "the", "his", "her", "their", "all", "any", "latest", "recent", "blood", "show", "me", "get", "of", "for", "patient", "pt", "and", "my",
    ];
    let tail = lower.iter().position(|w| TAILS.contains(w))?;
    let mut start = tail;
    while start > 0 && tail - start < 3 && !GENERIC.contains(&lower[start - 1]) && !lower[start - 1].chars().any(|c| c.is_ascii_digit()) && !lower[start - 1].contains('\'') {
        start -= 1;
    }
    (start < tail).then(|| words[start..tail].iter().map(|w| w.original.as_str()).collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    #[test]
    fn the_issues_examples() {
        let r = understand("Show me patient 1234's visits from the last 6 months", as_of()).unwrap();
        assert_eq!((r.kind, r.patient_id.as_str()), (ReportKind::Visits, "1234"));
        assert_eq!(r.window.from, NaiveDate::from_ymd_opt(2024, 12, 30));
        let r = understand("Generate a summary report for patient 1234", as_of()).unwrap();
        assert_eq!((r.kind, r.patient_id.as_str(), r.window.is_open()), (ReportKind::Summary, "1234", true));
    }

    #[test]
    fn labs_name_their_test_and_ids_keep_their_spelling() {
        let r = understand("HbA1c trend for PAT-0042 since 2023", as_of()).unwrap();
        assert_eq!((r.kind, r.patient_id.as_str(), r.lab_filter.as_deref()), (ReportKind::Labs, "PAT-0042", Some("HbA1c")));
        let r = understand("pt 0077 meds", as_of()).unwrap();
        assert_eq!((r.kind, r.patient_id.as_str()), (ReportKind::Medications, "0077"));
    }

    #[test]
    fn requests_that_are_not_one_patients_report_are_refused_with_a_reason() {
        let reason = |t: &str| understand(t, as_of()).unwrap_err().reason;
        assert_eq!(reason("delete patient 12"), Unplannable::NotAReport);
        assert_eq!(reason("how many patients have diabetes"), Unplannable::NotPatientScoped);
        assert_eq!(reason("labs for patients 12 and 13"), Unplannable::MultiplePatients);
        assert_eq!(reason("show me the medications"), Unplannable::NoPatient);
        assert_eq!(reason("billing invoices for patient 12"), Unplannable::UnknownKind);
        assert_eq!(reason("visits for patient 12 between May 2024 and March 2024"), Unplannable::BadWindow);
        assert_eq!(reason("what's the weather like"), Unplannable::NotAReport);
    }
}
