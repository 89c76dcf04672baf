//! Tests the text shows were done: the stage-1 test groups whose last dates feed
//! `regular_health_tests` (lipids, glucose/HbA1c, kidney, liver, blood count, thyroid, vitamins —
//! the questionnaire's `TEST_GROUPS`), breast imaging (mammogram, breast ultrasound or MRI: all three
//! under `mammogram`, as the questionnaire's last-mammogram date has counted them, and ultrasound
//! and MRI under their own groups too), and the risk assessment's stage 2 and 3 tests: a clinical
//! breast exam (done when its findings are written: "CBE: no masses"; a self-exam is not one),
//! genetic counselling or testing, and a bone density scan (DEXA).
//!
//! A test named is not a test done. It counts when the text shows a result — a value after it
//! (`LDL 131 mg/dL`, `HbA1c: 6.1 %`, a lab table's row), a result word (`TSH normal`,
//! `mammogram negative`), a verb that reports it (`labs showed`, `reviewed lipid panel`, `had a
//! mammogram`), a date, or for breast imaging an assessment category or the report's own title —
//! and nothing says it is still to happen. What says so: the context engine's negation and
//! uncertainty ("no mammogram", "will check TSH", "MRI pending"), the plan section, and status
//! words the engine does not know as triggers ("due", "overdue", "ordered", "requested",
//! "declined", "goal", "in 6 months"). Panels count for every group they hold: a basic metabolic
//! panel for kidney and glucose, a comprehensive one for liver too. A vitamin named with a dose
//! (`vitamin D 2000 IU daily`) is a supplement, not a test.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::clause::Clause;
use super::lexicon::Lexicon;
use super::pieces::Section;
use super::{Context, group};

type Groups = &'static [&'static str];

const LIPIDS: Groups = &[group::LIPIDS];
const GLUCOSE: Groups = &[group::GLUCOSE];
const KIDNEY: Groups = &[group::KIDNEY];
const LIVER: Groups = &[group::LIVER];
const BLOOD_COUNT: Groups = &[group::BLOOD_COUNT];
const THYROID: Groups = &[group::THYROID];
const VITAMINS: Groups = &[group::VITAMINS];
const MAMMOGRAM: Groups = &[group::MAMMOGRAM];
const BASIC_PANEL: Groups = &[group::KIDNEY, group::GLUCOSE];
const METABOLIC_PANEL: Groups = &[group::KIDNEY, group::LIVER, group::GLUCOSE];
const ULTRASOUND: Groups = &[group::MAMMOGRAM, group::BREAST_ULTRASOUND];
const MRI: Groups = &[group::MAMMOGRAM, group::BREAST_MRI];
const GENETIC: Groups = &[group::GENETIC_TESTING];
const BONE_DENSITY: Groups = &[group::BONE_DENSITY];
const BREAST_EXAM: Groups = &[group::CLINICAL_BREAST_EXAM];
/// A name that is no test ("breast self-exam").
const NONE: Groups = &[];

pub(crate) const TESTS: &[(&str, Groups)] = &[
    ("lipid|lipids panel|profile|screen|test|tests|testing|levels|studies", LIPIDS),
    ("lipid|lipids", LIPIDS),
    ("fasting lipid|lipids panel|profile", LIPIDS),
    ("cholesterol", LIPIDS),
    ("total cholesterol", LIPIDS),
    ("ldl|hdl|vldl", LIPIDS),
    ("ldl|hdl c|cholesterol", LIPIDS),
    ("non hdl", LIPIDS),
    ("non hdl cholesterol|c", LIPIDS),
    ("triglycerides|triglyceride|trigs", LIPIDS),
    ("glucose", GLUCOSE),
    ("fasting|blood|plasma|serum|random glucose", GLUCOSE),
    ("blood sugar|sugars", GLUCOSE),
    ("fasting blood sugar", GLUCOSE),
    ("fbs|fpg|fbg|glu", GLUCOSE),
    ("hba1c|a1c|hgba1c|hba1", GLUCOSE),
    ("hb|hgb|hemoglobin|haemoglobin a1c", GLUCOSE),
    ("glycated|glycosylated|glycohemoglobin hemoglobin|haemoglobin", GLUCOSE),
    ("glycohemoglobin", GLUCOSE),
    ("ogtt", GLUCOSE),
    ("glucose tolerance test", GLUCOSE),
    ("creatinine|creat|cr", KIDNEY),
    ("serum creatinine", KIDNEY),
    ("egfr|gfr", KIDNEY),
    ("bun", KIDNEY),
    ("blood urea nitrogen", KIDNEY),
    ("urea", KIDNEY),
    ("renal|kidney function|panel|profile|tests", KIDNEY),
    ("microalbumin|uacr", KIDNEY),
    ("albumin creatinine ratio", KIDNEY),
    ("cystatin c", KIDNEY),
    ("bmp", BASIC_PANEL),
    ("basic metabolic panel", BASIC_PANEL),
    ("cmp", METABOLIC_PANEL),
    ("comprehensive metabolic panel", METABOLIC_PANEL),
    ("alt|sgpt|ast|sgot|alp|ggt|ggtp", LIVER),
    ("alanine|aspartate aminotransferase|transaminase", LIVER),
    ("bilirubin", LIVER),
    ("total|direct bilirubin", LIVER),
    ("alkaline phosphatase", LIVER),
    ("alk phos|phosphatase", LIVER),
    ("t|tot bili", LIVER),
    ("tbili|bili", LIVER),
    ("gamma gt", LIVER),
    ("liver function|enzymes|panel|tests|test|profile", LIVER),
    ("lft|lfts|transaminases", LIVER),
    ("hepatic function|panel", LIVER),
    ("cbc", BLOOD_COUNT),
    ("complete blood count|picture", BLOOD_COUNT),
    ("full blood count", BLOOD_COUNT),
    ("fbc", BLOOD_COUNT),
    ("blood count", BLOOD_COUNT),
    ("hemoglobin|haemoglobin|hgb|hb", BLOOD_COUNT),
    ("hematocrit|haematocrit|hct", BLOOD_COUNT),
    ("wbc|rbc|plt|mcv", BLOOD_COUNT),
    ("white blood cell|cells|count", BLOOD_COUNT),
    ("white cell count", BLOOD_COUNT),
    ("red blood cell|cells|count", BLOOD_COUNT),
    ("platelet|platelets", BLOOD_COUNT),
    ("platelet count", BLOOD_COUNT),
    ("tsh", THYROID),
    ("thyroid stimulating hormone", THYROID),
    ("t4|ft4|t3|ft3", THYROID),
    ("free t4|t3", THYROID),
    ("t4|t3 free", THYROID),
    ("thyroxine", THYROID),
    ("free thyroxine", THYROID),
    ("thyroid function|panel|tests|test|studies|labs|profile", THYROID),
    ("tft|tfts", THYROID),
    ("vitamin|vit d", VITAMINS),
    ("vitamin|vit d 25 oh|hydroxy", VITAMINS),
    ("25 oh|hydroxy vitamin|vit d", VITAMINS),
    ("25 hydroxyvitamin d", VITAMINS),
    ("25 oh d", VITAMINS),
    ("b12", VITAMINS),
    ("vitamin|vit b12", VITAMINS),
    ("vitamin|vit b 12", VITAMINS),
    ("cobalamin", VITAMINS),
    ("folate", VITAMINS),
    ("serum|rbc folate", VITAMINS),
    ("vitamin levels|panel", VITAMINS),
    ("mammogram|mammograms|mammography|mammo|mammos|tomosynthesis", MAMMOGRAM),
    ("breast imaging", MAMMOGRAM),
    ("breast ultrasound|ultrasonography|sonogram|sonography|us", ULTRASOUND),
    ("ultrasound|sonogram of the breast|breasts", ULTRASOUND),
    ("ultrasound|sonogram of the left|right|bilateral breast|breasts", ULTRASOUND),
    ("ultrasound|sonogram of both breasts", ULTRASOUND),
    ("us|ultrasound|sonogram breast|breasts", ULTRASOUND),
    ("us bilateral|left|right breast|breasts", ULTRASOUND),
    ("breast mri|mr", MRI),
    ("mri of the breast|breasts", MRI),
    ("mri of the left|right|bilateral breast|breasts", MRI),
    ("mri of both breasts", MRI),
    ("mri|mr breast|breasts", MRI),
    ("mri|mr bilateral|left|right breast|breasts", MRI),
    ("genetic testing|test|tests|counseling|counselling|panel|screen", GENETIC),
    ("germline testing|test|panel", GENETIC),
    ("multigene|multi gene panel|testing", GENETIC),
    ("brca testing|test|panel|screen", GENETIC),
    ("brca1 2 testing|test|panel|screen", GENETIC),
    ("brca1 brca2 testing|test|panel|screen", GENETIC),
    ("dexa|dxa", BONE_DENSITY),
    ("dexa|dxa scan|scans", BONE_DENSITY),
    ("bone density|densitometry scan|test|study", BONE_DENSITY),
    ("bone densitometry", BONE_DENSITY),
    ("bone mineral density", BONE_DENSITY),
    ("clinical breast exam|examination|exams", BREAST_EXAM),
    ("breast exam|examination|exams", BREAST_EXAM),
    ("cbe", BREAST_EXAM),
    ("self breast exam|examination|exams", NONE),
    ("breast self exam|examination|exams|examinations", NONE),
];

fn lexicon() -> &'static Lexicon<Groups> {
    static LEXICON: OnceLock<Lexicon<Groups>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(TESTS))
}

/// Whether `word` is the head noun of a test ("mammogram", "tsh", "panel").
pub(crate) fn is_test_word(word: &str) -> bool {
    static HEADS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    HEADS
        .get_or_init(|| {
            TESTS
                .iter()
                .flat_map(|(phrase, _)| phrase.rsplit(' ').next().unwrap_or("").split('|'))
                .filter(|w| !matches!(*w, "c" | "d" | "breast" | "breasts"))
                .collect()
        })
        .contains(word)
}

/// Status words the context engine has no trigger for, which say a test is still to happen.
const NOT_YET: &[&str] = &[
    "due", "overdue", "order", "ordered", "orders", "ordering", "request", "requested", "requesting", "recommend",
    "recommended", "recommends", "recommendation", "schedule", "scheduled", "pending", "declined", "declines",
    "refused", "refuses", "deferred", "defer", "plan", "planned", "planning", "will", "needs", "need", "should",
    "consider", "obtain", "goal", "target", "next", "future", "upcoming", "awaiting", "await", "requisition", "repeat",
    "recheck", "check", "future", "book", "booked", "arrange", "arranged", "referral", "refer", "referred",
];

/// Words after a test that report its result.
const RESULT_AFTER: &[&str] = &[
    "normal", "abnormal", "elevated", "high", "low", "wnl", "unremarkable", "negative", "positive", "stable", "within",
    "borderline", "optimal", "desirable", "ok", "fine", "improved", "increased", "decreased", "reviewed", "done",
    "performed", "completed", "obtained", "drawn", "checked", "measured", "resulted", "showed", "shows", "revealed",
    "demonstrated", "returned", "came", "was", "were", "is", "are", "benign", "clear", "raised", "deficient",
    "insufficient", "sufficient", "adequate", "controlled", "h", "l", "hi", "lo", "flag",
];

/// Words before a test that report it done.
const DONE_BEFORE: &[&str] = &[
    "reviewed", "checked", "completed", "had", "underwent", "undergone", "obtained", "drawn", "performed", "recent",
    "recently", "last", "latest", "prior", "previous", "previously", "results", "result", "showed", "normal",
    "abnormal", "diagnostic", "bilateral",
];

/// Words near a vitamin that make it a supplement, near glucose that make it a device or a treat.
const DOSE_WORDS: &[&str] = &[
    "iu", "units", "unit", "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "daily", "weekly", "supplement",
    "supplements", "supplementation", "po", "bid", "qd", "injection", "injections", "shot", "shots", "take", "taking",
    "takes", "dose", "dosing", "gel", "meter", "monitor", "strips", "sensor", "cgm", "replacement", "supplementing",
    "otc", "gummies",
];

/// Whether tokens `a..=b` state a dose: a dose word, or a mass unit that is not a
/// concentration's (`50 mg` and `1000 mcg`, not `91 mg/dL`).
fn is_dose(clause: &Clause<'_>, a: usize, b: usize) -> bool {
    clause.any_in(a, b, DOSE_WORDS)
        || (a..=b).any(|k| {
            matches!(clause.word(k), "mg" | "mcg" | "ug" | "µg" | "g")
                && !(clause.tokens.get(k + 1).is_some_and(|t| t.gap.slash)
                    && matches!(clause.word(k + 1), "dl" | "l" | "ml" | "dL"))
        })
}

/// Where the test at `first..=last` sits: the tokens from the last stop or comma before it to the
/// next one after (a colon does not cut: "Mammogram: due").
fn comma_segment(clause: &Clause<'_>, first: usize, last: usize) -> (usize, usize) {
    let cut = |k: usize| clause.tokens[k].gap.stop || clause.tokens[k].gap.comma;
    let mut a = first;
    while a > 0 && !cut(a) {
        a -= 1;
    }
    let mut b = last;
    while b + 1 < clause.len() && !cut(b + 1) {
        b += 1;
    }
    (a, b)
}

/// "in 6 months", "in 2 weeks": a time from now.
fn in_future(clause: &Clause<'_>, a: usize, b: usize) -> bool {
    (a..b.min(clause.len().saturating_sub(2))).any(|k| {
        clause.word(k) == "in"
            && clause.tokens[k + 1].number().is_some()
            && matches!(
                clause.word(k + 2),
                "days"
                    | "day"
                    | "weeks"
                    | "week"
                    | "wks"
                    | "months"
                    | "month"
                    | "mos"
                    | "mo"
                    | "years"
                    | "year"
                    | "yr"
                    | "yrs"
            )
    })
}

/// Words that may stand between a test and its value: units, specimen and method words, other
/// tests of a list ("LDL cholesterol (mg/dL) 131", "CBC, CMP and TSH were normal").
const BETWEEN_TEST_AND_VALUE: &[&str] = &[
    "and", "or", "&", "the", "a", "mg", "dl", "l", "mmol", "umol", "µmol", "ml", "ng", "pg", "g", "uiu", "miu", "mu",
    "pmol", "nmol", "iu", "u", "ul", "fl", "percent", "level", "value", "serum", "whole", "blood", "plasma", "fasting",
    "nonfasting", "non", "calc", "calculated", "direct", "c", "ratio", "test", "panel", "profile", "free", "total",
    "count", "screen", "d", "measured", "cholesterol",
];

/// A number, OCR look-alikes included (`l42`, `O.9`): starts with a digit, or with `l`, `I`, `O`
/// followed by digits.
fn is_value(token: &str) -> bool {
    let mut chars = token.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('l' | 'I' | 'O' | 'o') => {
            let rest: Vec<char> = chars.collect();
            !rest.is_empty()
                && rest.iter().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'l' | 'O' | 'o'))
                && rest.iter().any(char::is_ascii_digit)
        }
        _ => false,
    }
}

/// Whether a value or a result word follows the test ending at `last` in its clause, with only
/// units, specimen words and other tests of a list between them.
fn result_after(clause: &Clause<'_>, last: usize, clause_end: usize) -> bool {
    for (steps, k) in (last + 1..=clause_end).enumerate() {
        if steps >= 14 {
            break;
        }
        let w = clause.word(k);
        if is_value(clause.tokens[k].text) || RESULT_AFTER.contains(&w) {
            return true;
        }
        if !(is_test_word(w) || BETWEEN_TEST_AND_VALUE.contains(&w)) {
            break;
        }
    }
    false
}

/// A test the text shows done: its group and tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Done {
    pub group: &'static str,
    pub first: usize,
    pub last: usize,
}

pub(crate) fn find(clause: &Clause<'_>, has_date: impl Fn(usize, usize) -> bool, out: &mut Vec<Done>) {
    if clause.section == Section::Plan {
        return;
    }
    for m in lexicon().matches(&clause.words) {
        let (first, last) = (m.first, m.last);
        let (ca, cb) = clause.clause_of(first);
        let (sa, sb) = comma_segment(clause, first, last);
        let context = clause.judge(first, last).context;
        if !matches!(context, Context::Affirmed | Context::Historical) {
            continue;
        }
        let window = (first.saturating_sub(5).max(sa), (last + 5).min(sb));
        if clause.any_in(window.0, window.1, NOT_YET) || in_future(clause, sa, sb) {
            continue;
        }
        let vitamins_or_glucose = m.value.iter().any(|g| *g == group::VITAMINS || *g == group::GLUCOSE);
        if vitamins_or_glucose && is_dose(clause, sa, sb) {
            continue;
        }
        // A table whose values stand on the next line ("HbA1c" / "6.8 %").
        let value_below = last + 1 == clause.len()
            && clause.following.and_then(|f| f.split_whitespace().next()).is_some_and(is_value);
        let value_after = result_after(clause, last, cb) || value_below;
        let done_before =
            clause.any_in(first.saturating_sub(4).max(ca), first.saturating_sub(1).max(ca), DONE_BEFORE) && first > ca;
        let imaging = m.value.contains(&group::MAMMOGRAM);
        let imaging_done = imaging
            && (clause.heading
                || clause.any_in(
                    ca,
                    cb,
                    &[
                        "birads", "rads", "impression", "findings", "exam", "examination", "study", "technique",
                        "procedure",
                    ],
                ));
        // "CBE: no masses", "Breast exam - normal": an exam is done when its findings follow it.
        let exam_written = m.value == BREAST_EXAM
            && clause.tokens.get(last + 1).is_some_and(|t| t.gap.colon || t.gap.dash)
            && last + 1 <= cb;
        if value_after || done_before || imaging_done || exam_written || has_date(ca, cb) {
            for group in m.value {
                out.push(Done { group, first, last });
            }
        }
    }
}
