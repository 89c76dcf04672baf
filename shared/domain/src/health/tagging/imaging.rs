//! Breast imaging: the BI-RADS assessment, breast density, suspicious findings and the patient's
//! screening history, as the ACR BI-RADS Atlas (5th edition) names them.
//!
//! - **Assessment category.** 4 and 5 are suspicious findings (High); 6 is a known cancer (prior
//!   breast cancer, High); 0 (incomplete) and 3 (probably benign, short-interval follow-up) are
//!   screening history Medium; 1 and 2 (negative, benign) screening history Low. A category is the
//!   report's structured conclusion and is read like a lab value: only negation, a hypothesis
//!   ("if"), another person and — for 3 to 5 — the past change it. The hedging around it ("biopsy
//!   is recommended for this BI-RADS 4 lesion") hedges the plan, not the category.
//! - **Density.** Heterogeneously dense (C) and extremely dense (D) Medium, scattered
//!   fibroglandular (B) and almost entirely fatty (A) Low; the 4th edition's numbers 1–4 read as
//!   A–D. Density is structured the same way; "dense breasts" without a category counts unless
//!   its sentence is a general statement, as leaflets and letters make them ("dense tissue can
//!   hide cancer; it is common").
//! - **Findings.** A mass or palpable lump, architectural distortion, suspicious calcifications,
//!   a developing asymmetry, nipple discharge (bloody: High), nipple retraction (not a
//!   long-standing one) or a new inversion, skin changes,
//!   axillary adenopathy — affirmed now, in a document or sentence about the breast. Where the
//!   document gives an assessment category, that category judges the imaging findings (a
//!   "stable mass, BI-RADS 2" is not suspicious); the patient's own symptoms stay, Medium when the
//!   category is benign.
//! - **Screening history.** Besides the categories: a normal mammogram (Low), and a gap in
//!   screening — never screened, declined, overdue, last mammogram three or more years ago
//!   (Medium). "No prior mammograms for comparison" is about the radiologist's archive, not the
//!   patient, and does not count.

use std::sync::OnceLock;

use super::clause::Clause;
use super::lexicon::Lexicon;
use super::{Context, DocumentFacts, Finding, FindingKind, RiskLevel, marker};

/// Whether a structured value (category, density) at `first..=last` is stated about the
/// patient: not negated, not hypothetical, not general, not a relative's.
fn structured_ok(clause: &Clause<'_>, first: usize, last: usize) -> Option<Context> {
    let judgement = clause.judge(first, last);
    if matches!(judgement.context, Context::Negated | Context::OtherPerson) {
        return None;
    }
    let (a, _) = clause.clause_of(first);
    if clause.any_in(a, first.saturating_sub(1), &["if", "unless", "whether", "women", "patients"]) && first > a {
        return None;
    }
    Some(if clause.engine_context(first, last) == Context::Historical {
        Context::Historical
    } else {
        Context::Affirmed
    })
}

// ---------------------------------------------------------------------------------------------
// Assessment categories
// ---------------------------------------------------------------------------------------------

/// The last token of a BI-RADS name starting at `i`: `birads`, `bi rads`, OCR `bl rads`, `bi rad5`.
fn birads_name_at(clause: &Clause<'_>, i: usize) -> Option<usize> {
    let w = clause.word(i);
    if matches!(w, "birads" | "birad" | "biras") {
        return Some(i);
    }
    let rads = |k: usize| matches!(clause.word(k), "rads" | "rad" | "rad5" | "rads5" | "raos");
    if matches!(w, "bi" | "bl" | "b1" | "b") && rads(i + 1) {
        return Some(i + 1);
    }
    None
}

const CATEGORY_FILLERS: &[&str] = &[
    "category", "cat", "assessment", "final", "overall", "score", "of", "is", "code", "classification", "result",
    "impression", "rating", "atlas", "acr", "level", "grade", "no", "number", "=",
];

/// A category value: `0`–`6`, `4a`/`4b`/`4c` (also `4 a`), written numbers, OCR `l` and `o`.
fn category_at(clause: &Clause<'_>, k: usize) -> Option<(u8, &'static str, usize)> {
    let w = clause.word(k);
    let (n, mut suffix) = match w {
        "0" | "zero" | "o" => (0, ""),
        "1" | "one" | "l" => (1, ""),
        "2" | "two" => (2, ""),
        "3" | "three" => (3, ""),
        "4" | "four" => (4, ""),
        "4a" => (4, "A"),
        "4b" => (4, "B"),
        "4c" => (4, "C"),
        "5" | "five" => (5, ""),
        "6" | "six" => (6, ""),
        _ => return None,
    };
    let mut last = k;
    if n == 4
        && suffix.is_empty()
        && clause.tokens.get(k + 1).is_some_and(|t| t.gap.joined || t.gap.dash || t.gap_text.is_empty())
    {
        suffix = match clause.word(k + 1) {
            "a" => "A",
            "b" => "B",
            "c" => "C",
            _ => "",
        };
        if !suffix.is_empty() {
            last = k + 1;
        }
    }
    // "BI-RADS 2 of 6", "1 cm": a number that goes on is not a category.
    if matches!(clause.word(last + 1), "cm" | "mm" | "of" | "x" | "o'clock" | "oclock" | "months" | "month" | "years") {
        return None;
    }
    Some((n, suffix, last))
}

/// Descriptors of a category, for "ASSESSMENT: Negative" and "BI-RADS: Benign".
fn descriptor_at(clause: &Clause<'_>, k: usize) -> Option<(u8, usize)> {
    match (clause.word(k), clause.word(k + 1), clause.word(k + 2)) {
        ("probably", "benign", _) => Some((3, k + 1)),
        ("highly", "suggestive", _) => Some((5, k + 1)),
        ("known", "biopsy", _) => Some((6, k + 1)),
        ("negative", _, _) => Some((1, k)),
        ("benign", _, _) => Some((2, k)),
        ("suspicious", "abnormality" | "finding" | "findings", _) | ("suspicious", "", _) => Some((4, k)),
        ("incomplete", _, _) => Some((0, k)),
        _ => None,
    }
}

/// Assessment categories stated in the clause: after a BI-RADS name, after "category" in a
/// breast document, or as the value of an "Assessment:"/"Impression:" label in a breast imaging
/// report.
fn categories(clause: &Clause<'_>, document: &DocumentFacts) -> Vec<(u8, &'static str, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < clause.len() {
        let name_end = birads_name_at(clause, i).or_else(|| {
            (document.about_breast
                && matches!(clause.word(i), "category" | "cat")
                && !clause.any_in(i.saturating_sub(2), i, &["density", "composition"]))
            .then_some(i)
        });
        let Some(name_end) = name_end else {
            i += 1;
            continue;
        };
        let mut k = name_end + 1;
        while k < clause.len() && k <= name_end + 4 && CATEGORY_FILLERS.contains(&clause.word(k)) {
            k += 1;
        }
        if matches!(clause.word(k), "density" | "composition" | "breast") {
            i = k;
            continue;
        }
        if let Some((n, suffix, last)) = category_at(clause, k) {
            out.push((n, suffix, i, last));
            i = last + 1;
        } else if birads_name_at(clause, i).is_some()
            && let Some((n, last)) = descriptor_at(clause, k)
        {
            out.push((n, "", i, last));
            i = last + 1;
        } else {
            i = name_end + 1;
        }
    }
    if out.is_empty()
        && document.breast_imaging
        && let Some(colon) = clause.tokens.iter().take(4).position(|t| t.gap.colon)
        && colon > 0
        && (0..colon).all(|k| matches!(clause.word(k), "assessment" | "impression" | "final" | "overall" | "result"))
        && let Some((n, last)) = descriptor_at(clause, colon)
    {
        out.push((n, "", colon, last));
    }
    out
}

fn assessments(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    let imaging = if document.mammography { "mammogram" } else { "breast imaging" };
    for (n, suffix, first, last) in categories(clause, document) {
        let Some(context) = structured_ok(clause, first, last) else { continue };
        if context == Context::Historical && n >= 3 {
            continue;
        }
        let (marker, level, indicator) = match n {
            0 => (
                marker::SCREENING_HISTORY,
                RiskLevel::Medium,
                format!("Incomplete {imaging}: additional imaging needed (BI-RADS 0)"),
            ),
            1 => (marker::SCREENING_HISTORY, RiskLevel::Low, format!("Negative {imaging} (BI-RADS 1)")),
            2 => (marker::SCREENING_HISTORY, RiskLevel::Low, format!("Benign {imaging} findings (BI-RADS 2)")),
            3 => (
                marker::SCREENING_HISTORY,
                RiskLevel::Medium,
                "Probably benign finding, short-interval follow-up (BI-RADS 3)".to_string(),
            ),
            4 => (marker::SUSPICIOUS_FINDING, RiskLevel::High, format!("Suspicious abnormality (BI-RADS 4{suffix})")),
            5 => {
                (marker::SUSPICIOUS_FINDING, RiskLevel::High, "Highly suggestive of malignancy (BI-RADS 5)".to_string())
            }
            _ => (
                marker::PRIOR_BREAST_CANCER,
                RiskLevel::High,
                "Known biopsy-proven breast cancer (BI-RADS 6)".to_string(),
            ),
        };
        out.push(Finding { marker, level, indicator, first, last, kind: FindingKind::Assessment(n) });
    }
}

// ---------------------------------------------------------------------------------------------
// Density
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Density {
    A,
    B,
    C,
    D,
    /// "Dense breasts", no category.
    Dense,
}

pub(crate) const DENSITY_TERMS: &[(&str, Density)] = &[
    ("heterogeneously|heterogeneous dense", Density::C),
    ("heterogeneously|heterogeneous dense breast|breasts|tissue|parenchyma", Density::C),
    ("extremely dense", Density::D),
    ("extremely dense breast|breasts|tissue|parenchyma", Density::D),
    ("scattered fibroglandular", Density::B),
    ("scattered areas of fibroglandular", Density::B),
    ("scattered fibroglandular densities|density|tissue|elements", Density::B),
    ("almost entirely fatty", Density::A),
    ("predominantly|mostly|largely|entirely fatty", Density::A),
    ("fatty replaced", Density::A),
    ("dense breast|breasts", Density::Dense),
    ("dense breast tissue", Density::Dense),
    ("dense fibroglandular tissue", Density::Dense),
];

fn density_lexicon() -> &'static Lexicon<Density> {
    static LEXICON: OnceLock<Lexicon<Density>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(DENSITY_TERMS))
}

const DENSITY_FILLERS: &[&str] = &[
    "category", "cat", "is", "type", "acr", "bi", "rads", "birads", "grade", "level", "pattern", "breast", "of",
    "class",
];

/// "Density: C", "ACR density category c", "breast composition: b", "density 3".
fn lettered_density(clause: &Clause<'_>, i: usize) -> Option<(Density, usize)> {
    // "Density: C", or "category D" right after density words ("dense breasts (category D)").
    let head = matches!(clause.word(i), "density" | "composition" | "densities")
        || (matches!(clause.word(i), "category" | "cat" | "type")
            && clause.any_in(
                i.saturating_sub(4),
                i.saturating_sub(1),
                &["dense", "density", "fatty", "fibroglandular", "composition"],
            ));
    if !head {
        return None;
    }
    let mut k = i + 1;
    while k < clause.len() && k <= i + 4 && DENSITY_FILLERS.contains(&clause.word(k)) {
        k += 1;
    }
    let density = match clause.word(k) {
        "a" | "1" => Density::A,
        "b" | "2" => Density::B,
        "c" | "3" => Density::C,
        "d" | "4" => Density::D,
        _ => return None,
    };
    // A lone letter must stand alone ("density: a", "C -", "c (heterogeneously dense)"), not
    // start a phrase ("density a few").
    let ends = clause.tokens.get(k + 1).is_none_or(|t| {
        t.gap.stop || t.gap.comma || t.gap.dash || t.gap.open_paren || t.gap.close_paren || t.gap.colon
    }) || matches!(
        clause.word(k + 1),
        "heterogeneously" | "extremely" | "scattered" | "almost" | "the" | "which" | "breasts"
    );
    ends.then_some((density, k))
}

fn density_finding(density: Density) -> (RiskLevel, &'static str) {
    match density {
        Density::A => (RiskLevel::Low, "Almost entirely fatty breast tissue (BI-RADS A)"),
        Density::B => (RiskLevel::Low, "Scattered fibroglandular density (BI-RADS B)"),
        Density::C => (RiskLevel::Medium, "Heterogeneously dense breast tissue (BI-RADS C)"),
        Density::D => (RiskLevel::Medium, "Extremely dense breast tissue (BI-RADS D)"),
        Density::Dense => (RiskLevel::Medium, "Dense breast tissue"),
    }
}

/// Words of a general statement about dense breasts, as letters and leaflets make them.
const GENERAL_STATEMENT: &[&str] = &[
    "can", "could", "may", "might", "common", "often", "some", "many", "most", "women", "people", "if", "generally",
    "usually", "about",
];

fn density(clause: &Clause<'_>, out: &mut Vec<Finding>) {
    let mut found: Vec<(Density, usize, usize)> =
        density_lexicon().matches(&clause.words).into_iter().map(|m| (m.value, m.first, m.last)).collect();
    for i in 0..clause.len() {
        if let Some((density, last)) = lettered_density(clause, i) {
            found.push((density, i, last));
        }
        // "The breast tissue is dense", "breasts are dense".
        if clause.word(i) == "dense"
            && !matches!(
                clause.word(i.saturating_sub(1)),
                "heterogeneously" | "heterogeneous" | "extremely" | "not" | "non" | "less" | "very"
            )
            && (i.saturating_sub(3)..i)
                .any(|k| matches!(clause.word(k), "breast" | "breasts" | "tissue") && !clause.stop_between(k, i))
            && !found.iter().any(|(_, a, b)| (*a..=*b).contains(&i))
        {
            found.push((Density::Dense, i, i));
        }
    }
    for (density, first, last) in found {
        if structured_ok(clause, first, last).is_none() {
            continue;
        }
        // "Dense breast tissue" without a category is the patient's unless the sentence is a
        // general statement ("dense breast tissue can make cancer harder to see; it is common").
        let (a, b) = clause.clause_of(first);
        if density == Density::Dense && clause.any_in(a, b, GENERAL_STATEMENT) {
            continue;
        }
        let (level, indicator) = density_finding(density);
        out.push(Finding {
            marker: marker::BREAST_DENSITY,
            level,
            indicator: indicator.to_string(),
            first,
            last,
            kind: FindingKind::Statement,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sign {
    Mass,
    Lump,
    Distortion,
    Calcifications,
    Asymmetry,
    Discharge,
    Retraction,
    Inversion,
    Skin,
    Axilla,
}

pub(crate) const SIGNS: &[(&str, Sign)] = &[
    ("mass|masses", Sign::Mass),
    ("lump|lumps|lumpiness", Sign::Lump),
    ("palpable mass|masses|lump|lumps|abnormality|finding|nodule", Sign::Lump),
    ("architectural distortion|distortions", Sign::Distortion),
    ("calcifications|calcification|microcalcifications|microcalcification|calcs", Sign::Calcifications),
    ("developing asymmetry", Sign::Asymmetry),
    ("nipple discharge", Sign::Discharge),
    ("discharge from the|her|left|right|both nipple|nipples", Sign::Discharge),
    ("discharge from the|her left|right nipple|nipples", Sign::Discharge),
    ("nipple retraction", Sign::Retraction),
    ("retracted|retracting nipple", Sign::Retraction),
    ("nipple inversion", Sign::Inversion),
    ("inverted|inverting nipple", Sign::Inversion),
    ("skin dimpling|retraction|thickening|tethering|puckering", Sign::Skin),
    ("dimpling|puckering", Sign::Skin),
    ("peau d'orange", Sign::Skin),
    ("peau d orange", Sign::Skin),
    ("orange peel", Sign::Skin),
    ("skin changes|change", Sign::Skin),
    ("axillary lymphadenopathy|adenopathy", Sign::Axilla),
    ("enlarged|abnormal|suspicious axillary lymph node|nodes", Sign::Axilla),
    ("enlarged|abnormal|suspicious axillary node|nodes", Sign::Axilla),
    ("enlarged|abnormal|suspicious left|right axillary lymph node|nodes", Sign::Axilla),
];

fn signs_lexicon() -> &'static Lexicon<Sign> {
    static LEXICON: OnceLock<Lexicon<Sign>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(SIGNS))
}

/// Words that place a finding in the breast.
pub(crate) const BREAST_WORDS: &[&str] = &[
    "breast", "breasts", "nipple", "nipples", "areola", "areolar", "subareolar", "retroareolar", "periareolar",
    "axilla", "axillary", "quadrant", "o'clock", "oclock", "uoq", "uiq", "loq", "liq", "mammographic", "mammogram",
];

/// Words that place a finding elsewhere.
pub(crate) const ELSEWHERE: &[&str] = &[
    "body", "muscle", "bone", "lean", "fat", "adrenal", "renal", "kidney", "lung", "pulmonary", "abdominal", "abdomen",
    "pelvic", "pelvis", "adnexal", "ovarian", "liver", "hepatic", "thyroid", "neck", "brain", "pancreatic", "uterine",
    "mediastinal", "thigh", "arm", "back", "scalp", "groin", "inguinal", "index", "effect", "vascular", "arterial",
    "aortic", "coronary", "valve", "valvular", "mitral", "annular", "pineal", "vessel", "vessels", "leg", "shoulder",
];

/// Words that make a nipple retraction long-standing rather than new.
const LONG_STANDING: &[&str] = &[
    "long", "longstanding", "chronic", "congenital", "lifelong", "birth", "puberty", "childhood", "always", "unchanged",
    "stable", "baseline",
];

/// Words that make a mass or calcifications benign or known.
const BENIGN_WORDS: &[&str] = &[
    "benign", "cyst", "cysts", "cystic", "fibroadenoma", "node", "nodes", "stable", "unchanged", "resolved", "lipoma",
    "hamartoma", "oil", "dystrophic", "secretory", "vascular", "skin", "milk", "rim", "coarse", "popcorn", "scattered",
    "punctate", "round", "decreased",
];

/// Descriptors that make calcifications suspicious.
const SUSPICIOUS_CALCIFICATIONS: &[&str] = &[
    "pleomorphic", "linear", "branching", "segmental", "suspicious", "amorphous", "heterogeneous", "clustered",
    "grouped", "new", "indeterminate",
];

fn findings(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    for m in signs_lexicon().matches(&clause.words) {
        let (a, b) = clause.segment_of(m.first);
        let (ca, cb) = clause.clause_of(m.first);
        let in_breast =
            clause.any_in(ca, cb, BREAST_WORDS) || (document.about_breast && !clause.any_in(a, b, ELSEWHERE));
        let elsewhere = clause.any_in(m.first.saturating_sub(2), (m.last + 1).min(cb), ELSEWHERE);
        if !in_breast || elsewhere {
            continue;
        }
        let benign = clause.any_in(a, b, BENIGN_WORDS);
        let judgement = clause.judge(m.first, m.last);
        if judgement.context != Context::Affirmed {
            continue;
        }
        let bloody = (ca..=cb).any(|k| {
            matches!(
                clause.word(k),
                "bloody"
                    | "blood"
                    | "sanguineous"
                    | "serosanguineous"
                    | "serosanguinous"
                    | "hemorrhagic"
                    | "spontaneous"
            ) && clause.contexts[k] != Context::Negated
                && !matches!(clause.word(k.saturating_sub(1)), "non" | "not" | "no")
        });
        let (level, indicator, kind) = match m.value {
            Sign::Mass if !benign => (RiskLevel::High, "Breast mass", FindingKind::ImagingFinding),
            Sign::Lump if !benign => (RiskLevel::High, "Palpable breast lump", FindingKind::Symptom),
            Sign::Distortion => (RiskLevel::High, "Architectural distortion", FindingKind::ImagingFinding),
            Sign::Calcifications
                if !benign && clause.any_in(m.first.saturating_sub(4), m.first, SUSPICIOUS_CALCIFICATIONS) =>
            {
                (RiskLevel::High, "Suspicious calcifications", FindingKind::ImagingFinding)
            }
            Sign::Asymmetry => (RiskLevel::Medium, "Developing asymmetry", FindingKind::ImagingFinding),
            Sign::Discharge if bloody => (RiskLevel::High, "Bloody nipple discharge", FindingKind::Symptom),
            Sign::Discharge => (RiskLevel::Medium, "Nipple discharge", FindingKind::Symptom),
            // Nipple retraction that is long-standing is not the new retraction the seed lists.
            Sign::Retraction if !clause.any_in(ca, cb, LONG_STANDING) => {
                (RiskLevel::High, "Nipple retraction", FindingKind::Symptom)
            }
            Sign::Inversion if clause.any_in(ca, cb, &["new", "newly", "recent", "recently"]) => {
                (RiskLevel::High, "New nipple inversion", FindingKind::Symptom)
            }
            Sign::Skin => (RiskLevel::High, "Breast skin changes", FindingKind::Symptom),
            Sign::Axilla => (RiskLevel::Medium, "Axillary lymphadenopathy", FindingKind::ImagingFinding),
            _ => continue,
        };
        out.push(Finding {
            marker: marker::SUSPICIOUS_FINDING,
            level,
            indicator: indicator.to_string(),
            first: m.first,
            last: m.last,
            kind,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Screening history
// ---------------------------------------------------------------------------------------------

const MAMMOGRAM_WORDS: &[&str] = &["mammogram", "mammograms", "mammography", "mammo", "mammos"];

/// Words in a clause that make "no prior mammograms" about the archive or the images, not the
/// patient.
const ARCHIVE_WORDS: &[&str] = &[
    "comparison", "compare", "compared", "available", "evidence", "findings", "finding", "abnormality",
    "abnormalities", "change", "changes", "interval", "sign", "signs", "features", "correlate",
];

fn screening(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    for k in 0..clause.len() {
        if !MAMMOGRAM_WORDS.contains(&clause.word(k)) {
            continue;
        }
        let (a, b) = clause.clause_of(k);
        let judgement = clause.judge(k, k);
        let mut push = |level: RiskLevel, indicator: String, kind: FindingKind| {
            out.push(Finding { marker: marker::SCREENING_HISTORY, level, indicator, first: k, last: k, kind });
        };
        match judgement.context {
            Context::Negated if !clause.any_in(a, b, ARCHIVE_WORDS) => {
                if clause.any_in(a, b, &["declined", "declines", "refused", "refuses", "refusing", "declining"]) {
                    push(RiskLevel::Medium, "Declined screening mammogram".to_string(), FindingKind::Statement);
                } else if clause.any_in(a, b, &["years", "year", "yrs", "recent", "recently", "since", "last"]) {
                    push(RiskLevel::Medium, "No recent screening mammogram".to_string(), FindingKind::Statement);
                } else {
                    push(RiskLevel::Medium, "Never had a screening mammogram".to_string(), FindingKind::Statement);
                }
            }
            Context::Affirmed | Context::Historical => {
                if clause.any_in(a, b, &["overdue"]) {
                    push(RiskLevel::Medium, "Overdue for screening mammogram".to_string(), FindingKind::Statement);
                    continue;
                }
                if let Some(years) = years_ago(clause, a, b).filter(|y| *y >= 3) {
                    push(RiskLevel::Medium, format!("Last mammogram {years} years ago"), FindingKind::Statement);
                    continue;
                }
                // "Last mammogram 2019", "due for mammogram - last one 2019", against the
                // document's year.
                let last_year = clause
                    .any_in(a, b, &["last", "due", "previous", "prior"])
                    .then(|| {
                        (a..=b).find_map(|j| clause.word(j).parse::<i32>().ok().filter(|y| (1970..=2100).contains(y)))
                    })
                    .flatten();
                if let (Some(year), Some(now)) = (last_year, document.year)
                    && now - year >= 3
                {
                    push(RiskLevel::Medium, format!("Last mammogram in {year}"), FindingKind::Statement);
                    continue;
                }
                let result = (k + 1..=(k + 8).min(b)).any(|j| {
                    matches!(clause.word(j), "negative" | "normal" | "benign" | "unremarkable" | "clear" | "wnl")
                }) || (k.saturating_sub(2)..k)
                    .any(|j| matches!(clause.word(j), "negative" | "normal" | "benign" | "unremarkable"));
                if result {
                    push(RiskLevel::Low, "Normal mammogram".to_string(), FindingKind::NormalImaging);
                }
            }
            _ => {}
        }
    }
}

/// "5 years ago", "five years ago".
fn years_ago(clause: &Clause<'_>, a: usize, b: usize) -> Option<u32> {
    (a..b.min(clause.len().saturating_sub(2))).find_map(|k| {
        let ago = matches!(clause.word(k + 1), "years" | "yrs" | "year") && clause.word(k + 2) == "ago";
        ago.then(|| clause.tokens[k].number()).flatten().filter(|n| (1.0..=60.0).contains(n)).map(|n| n as u32)
    })
}

/// Words that tell a clause may hold an assessment category or a density, besides the phrases.
pub(crate) const KEYS: &[&str] = &[
    "birads", "birad", "rads", "category", "cat", "density", "densities", "composition", "dense", "assessment",
    "impression", "mammogram", "mammograms", "mammography", "mammo", "mammos",
];

pub(crate) fn find(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    assessments(clause, document, out);
    density(clause, out);
    findings(clause, document, out);
    screening(clause, document, out);
}
