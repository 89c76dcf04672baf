//! Personal and family history: breast and ovarian cancer, inherited mutations, chest radiation.
//!
//! One mention of breast cancer is read three ways, by its context: the patient's own (affirmed
//! or historical — "history of left breast cancer, s/p lumpectomy 2015" is a prior cancer), a
//! relative's (the family-history marker, graded by the closest relative's degree: first-degree
//! High, second-degree Medium, third-degree Low, not named Medium; a male relative's breast
//! cancer High, as it points to BRCA2), or nobody's (negated, hypothetical, a screening topic).
//! Ovarian cancer counts for family history only, as the questionnaire asks (hereditary
//! breast–ovarian cancer). LCIS is not a cancer here: it is a high-risk benign lesion
//! ([`super::pathology`]).
//!
//! A gene (BRCA1/2, PALB2, TP53, PTEN, CDH1, STK11, CHEK2, ATM, BARD1, RAD51C/D, NF1) is a
//! mutation only next to a word that says so ("pathogenic", "mutation", "carrier", "positive",
//! "BRCA1+") which is itself affirmed; a variant of uncertain significance is not. NCCN's
//! genetic/familial high-risk assessment lists these genes; the brief grades any pathogenic
//! mutation High.
//!
//! Chest radiation is radiation therapy with a chest site (chest, mantle field, mediastinum,
//! thorax) or for Hodgkin lymphoma: High before age 30 (the USPSTF/ACS high-risk criterion),
//! Medium from 30, and High when the age is not given but the treatment is one given young
//! (mantle field, Hodgkin, "as a teenager"). Radiation to the breast itself is breast-cancer
//! treatment and is not counted again.

use std::sync::OnceLock;

use super::clause::{Clause, Judgement, Kin};
use super::lexicon::Lexicon;
use super::{DocumentFacts, Finding, FindingKind, RiskLevel, marker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    /// A breast cancer, with the name the indicator gives it.
    BreastCancer(&'static str),
    /// Breast and ovarian cancer named together ("breast and ovarian cancer in her mother").
    BreastAndOvarian,
    /// "cancer", "carcinoma", "malignancy": a breast cancer when "breast" is next to it.
    Cancer,
    OvarianCancer,
    /// Lobular carcinoma in situ and lobular neoplasia: read by the pathology rules, never a cancer.
    NotCancer,
    Gene(&'static str),
    /// A hereditary syndrome: a mutation by definition.
    Syndrome(&'static str),
    Radiation,
    /// "Family history" on its own ("strong family history", "given family history").
    FamilyHistory,
}

use Term::*;

pub(crate) const TERMS: &[(&str, Term)] = &[
    ("breast cancer|cancers|ca|carcinoma|carcinomas|malignancy|malignancies", BreastCancer("breast cancer")),
    ("male breast cancer", BreastCancer("male breast cancer")),
    ("ductal carcinoma in situ", BreastCancer("DCIS")),
    ("intraductal carcinoma", BreastCancer("DCIS")),
    ("dcis", BreastCancer("DCIS")),
    ("invasive|infiltrating ductal carcinoma|ca|cancer", BreastCancer("invasive ductal carcinoma")),
    ("idc", BreastCancer("invasive ductal carcinoma")),
    ("invasive|infiltrating lobular carcinoma|ca|cancer", BreastCancer("invasive lobular carcinoma")),
    ("ilc", BreastCancer("invasive lobular carcinoma")),
    ("invasive|infiltrating mammary carcinoma", BreastCancer("invasive mammary carcinoma")),
    ("mammary carcinoma", BreastCancer("mammary carcinoma")),
    ("paget disease of the breast|nipple", BreastCancer("Paget disease of the breast")),
    ("paget disease of breast|nipple", BreastCancer("Paget disease of the breast")),
    ("breast and|or|& ovarian cancer|cancers|ca|carcinoma", BreastAndOvarian),
    (
        "breast and|or|& colon|colorectal|uterine|endometrial|lung|thyroid|pancreatic|prostate|skin cancer|cancers|ca|carcinoma",
        BreastCancer("breast cancer"),
    ),
    ("ovarian and|or|& breast cancer|cancers|ca|carcinoma", BreastAndOvarian),
    ("cancer|carcinoma|malignancy|adenocarcinoma|cancers", Cancer),
    ("invasive carcinoma", Cancer),
    ("malignant neoplasm|tumor|tumour", Cancer),
    ("ovarian cancer|cancers|ca|carcinoma|malignancy", OvarianCancer),
    ("cancer|carcinoma of the ovary|ovaries", OvarianCancer),
    ("fallopian tube cancer|carcinoma", OvarianCancer),
    ("lobular carcinoma in situ", NotCancer),
    ("lcis", NotCancer),
    ("lobular neoplasia", NotCancer),
    ("brca1", Gene("BRCA1")),
    ("brca 1", Gene("BRCA1")),
    ("brca2", Gene("BRCA2")),
    ("brca 2", Gene("BRCA2")),
    ("brca1 2", Gene("BRCA1/2")),
    ("brca", Gene("BRCA")),
    ("palb2", Gene("PALB2")),
    ("palb 2", Gene("PALB2")),
    ("tp53", Gene("TP53")),
    ("p53", Gene("TP53")),
    ("pten", Gene("PTEN")),
    ("cdh1", Gene("CDH1")),
    ("stk11", Gene("STK11")),
    ("chek2", Gene("CHEK2")),
    ("atm", Gene("ATM")),
    ("bard1", Gene("BARD1")),
    ("rad51c", Gene("RAD51C")),
    ("rad51d", Gene("RAD51D")),
    ("nf1", Gene("NF1")),
    ("li fraumeni syndrome", Syndrome("Li-Fraumeni syndrome (TP53)")),
    ("li fraumeni", Syndrome("Li-Fraumeni syndrome (TP53)")),
    ("cowden syndrome|disease", Syndrome("Cowden syndrome (PTEN)")),
    ("hereditary breast and ovarian cancer syndrome", Syndrome("Hereditary breast and ovarian cancer syndrome")),
    ("hereditary breast and ovarian cancer", Syndrome("Hereditary breast and ovarian cancer syndrome")),
    ("hboc", Syndrome("Hereditary breast and ovarian cancer syndrome")),
    ("peutz jeghers syndrome", Syndrome("Peutz-Jeghers syndrome (STK11)")),
    ("radiation|radiotherapy|irradiation|xrt", Radiation),
    ("radiation therapy|treatment|treatments|tx", Radiation),
    ("mantle field|radiation|irradiation", Radiation),
    ("family history|hx", FamilyHistory),
    ("fhx|fh", FamilyHistory),
];

fn lexicon() -> &'static Lexicon<Term> {
    static LEXICON: OnceLock<Lexicon<Term>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(TERMS))
}

/// Words right after a cancer mention that make it a topic: "breast cancer screening", "breast
/// cancer risk", "breast cancer gene".
const TOPIC_AFTER: &[&str] = &[
    "screening", "screen", "screens", "risk", "risks", "awareness", "prevention", "gene", "genes", "genetic",
    "genetics", "susceptibility", "panel", "education", "predisposition", "surveillance", "clinic", "center", "centre",
    "foundation", "program", "programme", "specialist", "month", "walk", "research", "trial", "statistics",
    "incidence", "mortality", "rates", "rate", "detection", "syndrome", "pathway", "pamphlet",
];

/// Words shortly before a cancer mention that make it a topic: "screening for breast cancer",
/// "worried about breast cancer".
const TOPIC_BEFORE: &[&str] = &[
    "screening", "screen", "prevent", "prevention", "preventing", "reduce", "reducing", "lower", "lowering", "worried",
    "worry", "worries", "concerned", "fear", "fears", "afraid", "anxious", "anxiety", "educated", "education",
    "information", "questions", "awareness", "chemoprevention", "symptoms", "detect", "detecting", "detection",
    "diagnose", "exclude", "excluding", "estimated", "lifetime", "model", "calculator", "tyrer", "gail", "cuzick",
    "ibis", "boadicea", "risk",
];

/// Other organs: a cancer word next to one of them is not a breast cancer.
const OTHER_ORGANS: &[&str] = &[
    "skin", "lung", "lungs", "colon", "colorectal", "rectal", "ovarian", "ovary", "uterine", "uterus", "endometrial",
    "cervical", "cervix", "thyroid", "prostate", "pancreatic", "pancreas", "renal", "kidney", "bladder", "gastric",
    "stomach", "liver", "hepatocellular", "esophageal", "brain", "bone", "basal", "squamous", "melanoma", "lymphoma",
    "leukemia", "head", "neck", "oral", "throat", "tongue", "bowel", "testicular", "vulvar", "anal",
];

/// Words that say a gene is altered.
const POSITIVE: &[&str] = &[
    "mutation", "mutations", "mutated", "mutant", "carrier", "carriers", "carries", "carry", "carrying", "positive",
    "pathogenic", "deleterious", "variant", "variants", "heterozygous", "germline", "alteration", "alterations",
];

/// Words that say a variant is not (known to be) harmful.
const NOT_HARMFUL: &[&str] = &["uncertain", "vus", "benign", "polymorphism", "unknown"];

/// Chest sites of radiation therapy.
const CHEST_SITES: &[&str] =
    &["chest", "mantle", "mediastinal", "mediastinum", "thoracic", "thorax", "supradiaphragmatic"];

/// Diseases treated with chest radiation when young.
const YOUNG_TREATMENT: &[&str] = &["hodgkin", "hodgkins", "lymphoma", "mantle"];

pub(crate) fn find(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    let matches = lexicon().matches(&clause.words);
    let before = out.len();
    for m in &matches {
        match m.value {
            BreastCancer(name) => cancer(clause, m.first, m.last, name, false, out),
            BreastAndOvarian => {
                cancer(clause, m.first, m.last, "breast cancer", false, out);
                cancer(clause, m.first, m.last, "ovarian cancer", true, out);
            }
            Cancer if breast_next_to(clause, m.first, m.last) => {
                cancer(clause, m.first, m.last, "breast cancer", false, out)
            }
            OvarianCancer => cancer(clause, m.first, m.last, "ovarian cancer", true, out),
            Gene(name) => gene(clause, m.first, m.last, name, false, out),
            Syndrome(name) => gene(clause, m.first, m.last, name, true, out),
            Radiation => radiation(clause, m.first, m.last, out),
            Cancer | NotCancer | FamilyHistory => {}
        }
    }
    // "Strong family history", "referred given family history": in a document about the breast,
    // a family history of breast cancer the sentence does not detail — unless it names one.
    let named = out[before..].iter().any(|f| f.marker == marker::FAMILY_HISTORY);
    if !named && document.about_breast {
        for m in matches.iter().filter(|m| m.value == FamilyHistory) {
            if family_history_asserted(clause, m.first, m.last) {
                out.push(Finding {
                    marker: marker::FAMILY_HISTORY,
                    level: RiskLevel::Medium,
                    indicator: "Family history of breast cancer (not detailed)".to_string(),
                    first: m.first,
                    last: m.last,
                    kind: FindingKind::Statement,
                });
                break;
            }
        }
    }
}

/// Words before "family history" that assert one.
const ASSERTING: &[&str] = &[
    "strong", "positive", "significant", "notable", "given", "concerning", "extensive", "due", "because", "+",
    "important",
];

fn family_history_asserted(clause: &Clause<'_>, first: usize, last: usize) -> bool {
    let next = clause.word(last + 1);
    let label = clause.tokens.get(last + 1).is_some_and(|t| t.gap.colon);
    let asserted = clause.any_in(first.saturating_sub(2), first.saturating_sub(1), ASSERTING) && first > 0;
    let context = clause.engine_context(first, last);
    asserted && !label && next != "of" && !matches!(context, super::Context::Negated | super::Context::Uncertain)
}

/// "Cancer of the left breast", "left breast: invasive carcinoma", "carcinoma, right breast": a
/// breast word within five words before or eight after, in the same clause, and no other organ
/// just before the cancer word.
fn breast_next_to(clause: &Clause<'_>, first: usize, last: usize) -> bool {
    if first > 0 && clause.any_in(first.saturating_sub(2), first - 1, OTHER_ORGANS) {
        return false;
    }
    let is_breast = |k: usize| matches!(clause.word(k), "breast" | "breasts" | "mammary");
    let before = (first.saturating_sub(5)..first).any(|k| is_breast(k) && !clause.stop_between(k, first));
    // "Malignant neoplasm of unspecified site of right female breast" (ICD-10 C50).
    let after = (last + 1..(last + 9).min(clause.len())).any(|k| is_breast(k) && !clause.stop_between(last, k));
    before || after
}

fn is_topic(clause: &Clause<'_>, first: usize, last: usize) -> bool {
    let after = TOPIC_AFTER.contains(&clause.word(last + 1));
    let before = (first.saturating_sub(3)..first)
        .any(|k| TOPIC_BEFORE.contains(&clause.word(k)) && !clause.stop_between(k, first));
    after || before
}

/// The degree words of a relative.
fn degree_name(degree: u8) -> &'static str {
    match degree {
        1 => "First-degree",
        2 => "Second-degree",
        _ => "Third-degree",
    }
}

fn kin_names(kin: &[Kin]) -> String {
    let mut names: Vec<String> = Vec::new();
    for k in kin {
        let name = k.name.to_lowercase();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// The family-history level and indicator for `what` ("breast cancer", "a BRCA1 mutation") in
/// the relatives of `judgement`.
fn family_finding(judgement: &Judgement, what: &str, male_counts: bool) -> (RiskLevel, String) {
    match judgement.closest_kin() {
        Some(closest) => {
            let male = male_counts && judgement.kin.iter().any(|k| k.male);
            let level = match closest.degree {
                1 => RiskLevel::High,
                _ if male => RiskLevel::High,
                2 => RiskLevel::Medium,
                _ => RiskLevel::Low,
            };
            let male_note = if male && closest.degree > 1 { ", male relative" } else { "" };
            (
                level,
                format!(
                    "{} family history of {what} ({}{male_note})",
                    degree_name(closest.degree),
                    kin_names(&judgement.kin)
                ),
            )
        }
        None => (RiskLevel::Medium, format!("Family history of {what} (relative not named)")),
    }
}

fn cancer(clause: &Clause<'_>, first: usize, last: usize, name: &'static str, ovarian: bool, out: &mut Vec<Finding>) {
    if is_topic(clause, first, last) {
        return;
    }
    let judgement = clause.judge(first, last);
    if judgement.is_relatives() {
        let male_counts = !ovarian;
        let what = if name == "male breast cancer" { "breast cancer" } else { name };
        let (level, indicator) = family_finding(&judgement, what, male_counts);
        let level = if name == "male breast cancer" { RiskLevel::High } else { level };
        out.push(Finding {
            marker: marker::FAMILY_HISTORY,
            level,
            indicator,
            first,
            last,
            kind: FindingKind::Statement,
        });
    } else if judgement.is_patients() && !ovarian {
        let indicator = match name {
            "breast cancer" => "Personal history of breast cancer".to_string(),
            other => format!("Personal history of breast cancer ({other})"),
        };
        out.push(Finding {
            marker: marker::PRIOR_BREAST_CANCER,
            level: RiskLevel::High,
            indicator,
            first,
            last,
            kind: FindingKind::Statement,
        });
    }
}

fn gene(clause: &Clause<'_>, first: usize, last: usize, name: &'static str, syndrome: bool, out: &mut Vec<Finding>) {
    let (clause_start, clause_end) = clause.clause_of(first);
    let near_from = first.saturating_sub(4).max(clause_start);
    let near_to = (last + 4).min(clause_end);
    if !syndrome {
        let plus = clause.text[clause.tokens[last].end..].starts_with('+');
        let said_altered = (near_from..=near_to).any(|k| {
            POSITIVE.contains(&clause.word(k))
                && !matches!(clause.word(k + 1), "family" | "fhx" | "fh")
                && matches!(
                    clause.contexts[k],
                    super::Context::Affirmed | super::Context::Historical | super::Context::OtherPerson
                )
        });
        if !(plus || said_altered) || clause.any_in(clause_start, clause_end, NOT_HARMFUL) {
            return;
        }
    }
    let judgement = clause.judge(first, last);
    if judgement.is_relatives() {
        let what = if syndrome { name.to_string() } else { format!("a {name} mutation") };
        let (level, indicator) = family_finding(&judgement, &what, false);
        out.push(Finding {
            marker: marker::FAMILY_HISTORY,
            level,
            indicator,
            first,
            last,
            kind: FindingKind::Statement,
        });
    } else if judgement.is_patients() {
        let indicator = if syndrome { name.to_string() } else { format!("Pathogenic {name} mutation") };
        out.push(Finding {
            marker: marker::GENETIC_MUTATION,
            level: RiskLevel::High,
            indicator,
            first,
            last,
            kind: FindingKind::Statement,
        });
    }
}

/// Words after "radiation" that name a department or an imaging dose, not a treatment.
const NOT_TREATMENT: &[&str] = &["oncology", "oncologist", "dose", "doses", "exposure", "safety", "physics", "field"];

fn radiation(clause: &Clause<'_>, first: usize, last: usize, out: &mut Vec<Finding>) {
    if NOT_TREATMENT.contains(&clause.word(last + 1)) && clause.word(first) != "mantle" {
        return;
    }
    let (a, b) = clause.clause_of(first);
    let (from, to) = (first.saturating_sub(8).max(a), (last + 8).min(b));
    let chest = clause.any_in(from, to, CHEST_SITES);
    let young_treatment = clause.any_in(a, b, YOUNG_TREATMENT);
    if !(chest || young_treatment) {
        return;
    }
    // Chest-wall radiation for breast cancer is that cancer's treatment, counted as the cancer.
    let breast_treatment = clause.any_in(a, b, &["breast", "lumpectomy", "mastectomy", "dcis", "carcinoma", "cancer"]);
    if breast_treatment && !young_treatment {
        return;
    }
    let judgement = clause.judge(first, last);
    if !judgement.is_patients() {
        return;
    }
    let age = age_in(clause, a, b);
    let young_words = clause.any_in(
        a,
        b,
        &[
            "teenager", "teen", "teens", "child", "childhood", "adolescent", "adolescence", "pediatric", "paediatric",
            "young", "twenties", "20s",
        ],
    );
    let (level, indicator) = match age {
        Some(age) if age < 30 => (RiskLevel::High, format!("Chest radiation before age 30 (at {age})")),
        Some(age) => (RiskLevel::Medium, format!("Chest radiation at age {age}")),
        None if young_words || young_treatment => {
            (RiskLevel::High, "Chest radiation when young (mantle field / Hodgkin lymphoma)".to_string())
        }
        None => (RiskLevel::Medium, "Chest radiation therapy (age not stated)".to_string()),
    };
    out.push(Finding { marker: marker::CHEST_RADIATION, level, indicator, first, last, kind: FindingKind::Statement });
}

/// An age stated in tokens `a..=b`: "at age 19", "age 19", "aged 19", "at 19", "19 years old",
/// "19 yo", "when she was 19".
pub(crate) fn age_in(clause: &Clause<'_>, a: usize, b: usize) -> Option<u32> {
    let number = |k: usize| -> Option<u32> {
        let w = clause.word(k);
        (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
            .filter(|n| (3..=95).contains(n))
    };
    let unit_after = |k: usize| {
        matches!(
            clause.word(k + 1),
            "gy" | "cgy"
                | "mg"
                | "weeks"
                | "week"
                | "months"
                | "days"
                | "cm"
                | "mm"
                | "percent"
                | "sessions"
                | "fractions"
        )
    };
    for k in a..=b.min(clause.len().saturating_sub(1)) {
        let w = clause.word(k);
        if matches!(w, "age" | "aged" | "ages") {
            let j = if clause.word(k + 1) == "of" { k + 2 } else { k + 1 };
            if let Some(n) = number(j) {
                return Some(n);
            }
        }
        if matches!(w, "at" | "was")
            && let Some(n) = number(k + 1).filter(|_| !unit_after(k + 1))
        {
            return Some(n);
        }
        if let Some(n) = number(k)
            && matches!(clause.word(k + 1), "years" | "year" | "yrs" | "yr" | "yo" | "y")
            && matches!(clause.word(k + 2), "old" | "o" | "")
        {
            return Some(n);
        }
    }
    None
}
