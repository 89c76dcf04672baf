//! Breast symptoms the other rules do not grade, and what an exam or a review of systems rules
//! out — the symptom and negative entries of the product seed's marker lists:
//!
//! - **Breast pain** ([`marker::BREAST_PAIN`]): localized or focal (a point, a quadrant, a clock
//!   position, one breast) Medium — focal pain is the kind that gets imaged (ACR Appropriateness
//!   Criteria, Breast Pain, 2018); cyclical or premenstrual pain with nothing focal Low ("cyclical
//!   pain only"). Pain named with neither ("breast pain") is not graded: the text does not say
//!   which it is. Focal pain that is also cyclical is localized.
//! - **A rapidly growing mass** ([`marker::SUSPICIOUS_FINDING`], High): a lump or mass the text
//!   says is growing, enlarging or has grown, affirmed ("no interval growth", "has not grown" do
//!   not count; a cyst does not).
//! - **What is ruled out** ([`marker::NO_SUSPICIOUS_FINDING`], Low): a negated lump ("no palpable
//!   lump", "pt denies breast lump", "CBE: no masses") is "No breast lump", and negated skin or
//!   nipple signs ("no skin or nipple changes", "denies nipple discharge") are "No skin or nipple
//!   changes" naming which. Templated lists ("Denies: breast lump, nipple discharge, skin changes")
//!   negate every item: the context engine's list triggers do that. A mass ruled out on imaging
//!   ("no solid mass") counts only with an exam word, as the seed's "no lump" is about what is
//!   felt. "No change in the lump" is not "no lump" (the engine's pseudo-triggers), and neither is
//!   "if a lump appears, call us" (hypothetical).
//!
//! Everything is read in a document about the breast or a clause naming it, and not where the
//! clause names another site ("Neck: no masses").

use std::sync::OnceLock;

use super::clause::Clause;
use super::imaging::{BREAST_WORDS, ELSEWHERE};
use super::lexicon::Lexicon;
use super::{Context, DocumentFacts, Finding, FindingKind, RiskLevel, marker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    Lump,
    Mass,
    Pain,
    /// A skin or nipple sign, with the name the indicator gives it; `Both` for "skin or nipple
    /// changes".
    Sign(&'static str),
    Both,
}

use Term::*;

pub(crate) const TERMS: &[(&str, Term)] = &[
    ("lump|lumps|lumpiness", Lump),
    ("palpable mass|masses|lump|lumps|abnormality|abnormalities|finding|findings|nodule|nodules", Lump),
    ("breast lump|lumps", Lump),
    ("mass|masses", Mass),
    ("dominant|discrete|solid mass|masses", Mass),
    ("breast pain|tenderness|discomfort|ache|aching|soreness", Pain),
    ("mastalgia|mastodynia", Pain),
    ("pain|tenderness|discomfort in the|her|left|right|both breast|breasts", Pain),
    ("pain|tenderness|discomfort in the|her left|right breast|breasts", Pain),
    ("tender breast|breasts", Pain),
    ("skin changes|change|dimpling|retraction|thickening|tethering|puckering", Sign("skin changes")),
    ("dimpling|puckering", Sign("skin changes")),
    ("peau d'orange", Sign("skin changes")),
    ("peau d orange", Sign("skin changes")),
    ("nipple changes|change", Sign("nipple changes")),
    ("nipple discharge", Sign("nipple discharge")),
    ("discharge from the|her|left|right|both nipple|nipples", Sign("nipple discharge")),
    ("nipple retraction|inversion", Sign("nipple retraction")),
    ("retracted|inverted nipple|nipples", Sign("nipple retraction")),
    ("skin or|and nipple changes|change", Both),
    ("skin nipple changes|change", Both),
    ("nipple or|and skin changes|change", Both),
];

fn lexicon() -> &'static Lexicon<Term> {
    static LEXICON: OnceLock<Lexicon<Term>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(TERMS))
}

/// Words that make pain cyclical.
const CYCLICAL: &[&str] = &[
    "cyclical", "cyclic", "premenstrual", "menstrual", "menses", "period", "periods", "luteal", "pms", "catamenial",
    "cycle", "cycles", "monthly",
];

/// Words that make pain localized: a spot, a clock position, a quadrant, one side.
const FOCAL: &[&str] = &[
    "focal", "focally", "localized", "localised", "point", "pinpoint", "spot", "o'clock", "oclock", "quadrant", "uoq",
    "uiq", "loq", "liq", "subareolar", "retroareolar", "periareolar", "site", "area", "one",
];

/// Words that make pain diffuse.
const DIFFUSE: &[&str] = &["bilateral", "bilaterally", "both", "diffuse", "diffusely", "generalized", "generalised", "breasts"];

/// Words that make a lump or mass growing.
const GROWING: &[&str] = &[
    "growing", "grown", "grew", "enlarging", "enlarged", "enlargement", "increasing", "increased", "bigger", "larger",
    "expanding", "growth",
];

/// Words that say how a breast was examined: a mass ruled out with one of them was felt for.
const EXAM_WORDS: &[&str] =
    &["palpable", "palpated", "palpation", "exam", "examination", "cbe", "felt", "feel", "feels", "breasts", "breast"];

/// Words that make a mass something other than a lump: benign or a node.
const NOT_A_LUMP: &[&str] = &["cyst", "cysts", "node", "nodes", "lymph", "lipoma", "abscess"];

fn in_breast(clause: &Clause<'_>, document: &DocumentFacts, first: usize, last: usize) -> bool {
    let (ca, cb) = clause.clause_of(first);
    let breast = clause.any_in(ca, cb, BREAST_WORDS);
    let elsewhere = clause.any_in(ca, cb, ELSEWHERE) && !clause.any_in(first.saturating_sub(3), (last + 3).min(cb), BREAST_WORDS);
    (breast || document.about_breast) && !elsewhere
}

/// Whether a negated mention is a change, not an absence: "no change in the lump", "no increase
/// in size of the mass".
fn negates_a_change(clause: &Clause<'_>, first: usize) -> bool {
    let (ca, _) = clause.clause_of(first);
    clause.any_in(first.saturating_sub(5).max(ca), first.saturating_sub(1), &["change", "changes", "increase", "growth", "interval", "enlargement"])
        && first > ca
}

pub(crate) fn find(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    let mut ruled_out: Vec<&'static str> = Vec::new();
    let mut ruled_out_span: Option<(usize, usize)> = None;
    let mut no_lump: Option<(usize, usize)> = None;
    for m in lexicon().matches(&clause.words) {
        let (first, last) = (m.first, m.last);
        if !in_breast(clause, document, first, last) {
            continue;
        }
        let (ca, cb) = clause.clause_of(first);
        let judgement = clause.judge(first, last);
        match m.value {
            Lump | Mass => {
                if clause.any_in(first.saturating_sub(2), (last + 2).min(cb), NOT_A_LUMP) {
                    continue;
                }
                match judgement.context {
                    Context::Negated if !negates_a_change(clause, first) => {
                        let felt = m.value == Lump || !document.breast_imaging || clause.any_in(ca, cb, EXAM_WORDS);
                        if felt && no_lump.is_none() {
                            no_lump = Some((first, last));
                        }
                    }
                    Context::Affirmed if growing(clause, first, last) => out.push(Finding {
                        marker: marker::SUSPICIOUS_FINDING,
                        level: RiskLevel::High,
                        indicator: "Rapidly growing breast mass".to_string(),
                        first,
                        last,
                        kind: FindingKind::Symptom,
                    }),
                    _ => {}
                }
            }
            Pain => {
                if judgement.context != Context::Affirmed {
                    continue;
                }
                let cyclical = clause.any_in(ca, cb, CYCLICAL);
                let side = (first.saturating_sub(3).max(ca)..first)
                    .any(|k| matches!(clause.word(k), "left" | "right" | "l" | "r" | "lt" | "rt"))
                    || (last + 1..=(last + 4).min(cb)).any(|k| matches!(clause.word(k), "left" | "right"));
                let focal = clause.any_in(ca, cb, FOCAL)
                    || (side && !clause.any_in(ca, cb, DIFFUSE));
                let (level, indicator) = match (focal, cyclical) {
                    (true, _) => (RiskLevel::Medium, "Localized breast pain"),
                    (false, true) => (RiskLevel::Low, "Cyclical breast pain only"),
                    (false, false) => continue,
                };
                out.push(Finding {
                    marker: marker::BREAST_PAIN,
                    level,
                    indicator: indicator.to_string(),
                    first,
                    last,
                    kind: FindingKind::Statement,
                });
            }
            Sign(_) | Both if judgement.context == Context::Negated && !negates_a_change(clause, first) => {
                let names: Vec<&'static str> = match m.value {
                    Sign(name) => vec![name],
                    _ => vec!["skin changes", "nipple changes"],
                };
                for n in names {
                    if !ruled_out.contains(&n) {
                        ruled_out.push(n);
                    }
                }
                ruled_out_span.get_or_insert((first, last));
            }
            _ => {}
        }
    }
    if let Some((first, last)) = no_lump {
        out.push(Finding {
            marker: marker::NO_SUSPICIOUS_FINDING,
            level: RiskLevel::Low,
            indicator: "No breast lump".to_string(),
            first,
            last,
            kind: FindingKind::Statement,
        });
    }
    if let Some((first, last)) = ruled_out_span {
        let named = match ruled_out.as_slice() {
            [one] => one.to_string(),
            [rest @ .., final_one] => format!("{} or {final_one}", rest.join(", ")),
            [] => String::new(),
        };
        out.push(Finding {
            marker: marker::NO_SUSPICIOUS_FINDING,
            level: RiskLevel::Low,
            indicator: format!("No skin or nipple changes (no {named})"),
            first,
            last,
            kind: FindingKind::Statement,
        });
    }
}

/// Whether the affirmed lump at `first..=last` is said to grow: "rapidly growing mass",
/// "enlarging lump", "the lump has grown", "lump getting bigger" — the growth word itself
/// affirmed ("has not grown", "no interval growth" are not).
fn growing(clause: &Clause<'_>, first: usize, last: usize) -> bool {
    let (ca, cb) = clause.clause_of(first);
    (first.saturating_sub(3).max(ca)..=(last + 6).min(cb)).any(|k| {
        GROWING.contains(&clause.word(k))
            && !(first..=last).contains(&k)
            && !matches!(clause.contexts[k], Context::Negated | Context::Uncertain)
            && !matches!(clause.word(k.saturating_sub(1)), "not" | "no" | "non" | "never")
            && !clause.any_in(ca, cb, &["stable", "unchanged", "decreased", "smaller", "resolved", "shrinking"])
    })
}
