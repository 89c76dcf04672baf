//! Concurrent use: an exclusion of the requested drug "in combination with another biologic",
//! "concurrent use with another osteoporosis agent", "with a JAK inhibitor" is met when a note
//! plans the drug on top of one of those that goes on — "add Nucala to ongoing Xolair", "start
//! Cosentyx while continuing Humira", "continue Rinvoq and add ustekinumab", "Prolia to be added
//! while teriparatide continues". A drug taken before ("failed Humira 2022", "switch from Humira",
//! "stop Forteo, then start Prolia") is no combination: the drug of the exclusion's class must be
//! the one that continues, and the sentence must add another.
//!
//! The classes are read from names, generic and brand, and from the class words a policy uses
//! ("another biologic", "TNF inhibitor", "JAK inhibitor", "osteoporosis agent"). They are kept
//! apart from the lexicon on purpose: a requirement naming one biologic ("failure of adalimumab")
//! is not met by another, while an exclusion of any biologic is.

use super::notes::{NoteIndex, NoteSentence};
use super::tokens::{Token, tokenize};

/// A class of drugs a concurrency exclusion names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrugClass {
    /// Monoclonal antibodies and fusion proteins for immune disease.
    Biologic,
    /// Janus kinase and TYK2 inhibitors, the "targeted synthetic" small molecules.
    TargetedSynthetic,
    /// Agents for osteoporosis.
    Osteoporosis,
}

const BIOLOGICS: &[&str] = &[
    "biologic", "biologics", "adalimumab", "humira", "etanercept", "enbrel", "infliximab", "remicade", "inflectra",
    "certolizumab", "cimzia", "golimumab", "simponi", "ustekinumab", "stelara", "secukinumab", "cosentyx",
    "ixekizumab", "taltz", "brodalumab", "siliq", "bimekizumab", "bimzelx", "guselkumab", "tremfya", "risankizumab",
    "skyrizi", "tildrakizumab", "ilumya", "mirikizumab", "omvoh", "vedolizumab", "entyvio", "natalizumab", "tysabri",
    "omalizumab", "xolair", "mepolizumab", "nucala", "benralizumab", "fasenra", "reslizumab", "cinqair", "dupilumab",
    "dupixent", "tezepelumab", "tezspire", "tralokinumab", "adbry", "lebrikizumab", "ebglyss", "abatacept", "orencia",
    "tocilizumab", "actemra", "sarilumab", "kevzara", "rituximab", "rituxan", "anakinra", "kineret",
];
const TARGETED_SYNTHETIC: &[&str] = &[
    "tofacitinib", "xeljanz", "upadacitinib", "rinvoq", "baricitinib", "olumiant", "deucravacitinib", "sotyktu",
    "abrocitinib", "cibinqo", "ritlecitinib", "ozanimod", "zeposia", "etrasimod", "velsipity", "jak", "tyk2",
];
const OSTEOPOROSIS: &[&str] = &[
    "teriparatide", "forteo", "abaloparatide", "tymlos", "romosozumab", "evenity", "denosumab", "prolia",
    "alendronate", "fosamax", "risedronate", "actonel", "ibandronate", "boniva", "zoledronic", "reclast",
    "bisphosphonate", "bisphosphonates", "raloxifene", "evista", "osteoporosis",
];

fn class_of(lower: &str) -> Option<DrugClass> {
    if BIOLOGICS.contains(&lower) {
        Some(DrugClass::Biologic)
    } else if TARGETED_SYNTHETIC.contains(&lower) {
        Some(DrugClass::TargetedSynthetic)
    } else if OSTEOPOROSIS.contains(&lower) {
        Some(DrugClass::Osteoporosis)
    } else {
        None
    }
}

/// Words of an exclusion that make it about using drugs together.
const CONCURRENCY: &[&str] = &["combination with", "combined with", "concurrent", "concomitant", "together with", "in addition to", "added to", "used with", "use with", "with another"];

/// The drug classes a concurrency exclusion names ("Use in combination with another biologic
/// (omalizumab, dupilumab, …)" → biologics); empty when it is not about concurrent use.
pub fn concurrency_classes(exclusion: &str) -> Vec<DrugClass> {
    let lower = exclusion.to_lowercase();
    if !CONCURRENCY.iter().any(|c| lower.contains(c)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for t in tokenize(exclusion) {
        if let Some(c) = class_of(&t.lower).filter(|c| !out.contains(c)) {
            out.push(c);
        }
    }
    // "IL-17 inhibitor", "TNF blocker": a biologic's target named instead of the drug.
    if ["tnf", "il-17", "il-23", "il-12", "il-5", "il-4", "interleukin", "monoclonal antibod"].iter().any(|w| lower.contains(w)) && !out.contains(&DrugClass::Biologic) {
        out.push(DrugClass::Biologic);
    }
    out
}

/// Words saying a drug goes on, before it ("continue Humira", "while on Xolair", "ongoing
/// Xolair") or after it ("teriparatide continues").
const GOES_ON_BEFORE: &[&str] = &["continue", "continuing", "ongoing", "current", "currently", "remain", "remains", "stay", "stays", "while", "maintain", "maintained", "existing", "established"];
const GOES_ON_AFTER: &[&str] = &["continues", "continued", "ongoing", "continuing"];
/// Words saying another drug is added.
const ADDS: &[&str] = &["add", "adding", "added", "addition", "start", "starting", "initiate", "initiating", "begin", "plus", "combination", "combined", "together", "concurrently", "concomitantly", "alongside", "along", "top", "augment"];
/// Words saying the drug stops or was replaced: no combination.
const STOPS: &[&str] = &["stop", "stopped", "stopping", "discontinue", "discontinued", "discontinuing", "switch", "switched", "switching", "transition", "transitioned", "replace", "replaced", "instead", "taper", "tapered", "hold", "held", "washout", "failed", "previously", "prior", "former", "formerly"];

/// Whether a sentence adds a drug and stops none.
fn adds(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| ADDS.contains(&t.lower.as_str())) && !tokens.iter().any(|t| STOPS.contains(&t.lower.as_str()))
}

/// Whether token `k` is a drug said to go on, in a sentence that stops nothing.
fn goes_on(tokens: &[Token<'_>], k: usize) -> bool {
    // The word that goes on governs this drug: nothing added, no clause end, between them.
    let mut before = false;
    for j in (k.saturating_sub(4)..k).rev() {
        if tokens[j + 1].gap.stop || ADDS.contains(&tokens[j].lower.as_str()) {
            break;
        }
        if GOES_ON_BEFORE.contains(&tokens[j].lower.as_str()) {
            before = true;
            break;
        }
    }
    let after = tokens.get(k + 1..(k + 3).min(tokens.len())).is_some_and(|ts| ts.iter().any(|t| GOES_ON_AFTER.contains(&t.lower.as_str())));
    let stops = tokens.iter().any(|t| STOPS.contains(&t.lower.as_str()));
    (before || after) && !stops
}

/// The note sentence that shows the requested drug planned on top of a drug of `classes` that
/// goes on, if any.
pub fn concurrent_use(classes: &[DrugClass], notes: &NoteIndex<'_>) -> Option<usize> {
    if classes.is_empty() {
        return None;
    }
    // "1. CONTINUE Rinvoq 30 mg PO daily." then "2. ADD ustekinumab …": the addition may be the
    // plan's next sentence.
    let next_adds = |i: usize| notes.sentences.get(i + 1).is_some_and(|n: &NoteSentence<'_>| n.document == notes.sentences[i].document && adds(&n.tokens));
    (0..notes.sentences.len()).find(|&i| {
        let s = &notes.sentences[i];
        s.tokens.iter().enumerate().any(|(k, t)| {
            class_of(&t.lower).is_some_and(|c| classes.contains(&c)) && !matches!(t.lower.as_str(), "biologic" | "biologics" | "osteoporosis" | "bisphosphonates") && goes_on(&s.tokens, k) && (adds(&s.tokens) || next_adds(i))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_concurrency_exclusions() {
        assert_eq!(concurrency_classes("Use in combination with another biologic for asthma (omalizumab, dupilumab, tezepelumab)"), [DrugClass::Biologic]);
        assert_eq!(concurrency_classes("Concurrent use with another osteoporosis agent (e.g., teriparatide)"), [DrugClass::Osteoporosis]);
        assert_eq!(concurrency_classes("Use in combination with another biologic (e.g., TNF, IL-17 inhibitor) or with an oral JAK/TYK2 inhibitor"), [DrugClass::Biologic, DrugClass::TargetedSynthetic]);
        assert!(concurrency_classes("Active tuberculosis").is_empty());
    }

    #[test]
    fn a_drug_that_goes_on_while_another_is_added() {
        let goes_on = |s: &str| {
            let tokens = tokenize(s);
            tokens.iter().enumerate().any(|(k, t)| class_of(&t.lower).is_some() && goes_on(&tokens, k) && adds(&tokens))
        };
        assert!(goes_on("Plan: add Nucala 100 mg SC q4wk to ongoing Xolair."));
        assert!(goes_on("Start Cosentyx while continuing Humira for his PsA."));
        assert!(goes_on("Continue Rinvoq 30 mg daily and add ustekinumab."));
        assert!(goes_on("Prolia to be added while teriparatide continues through month 24."));
        assert!(!goes_on("Switch from Humira to Cosentyx."));
        assert!(!goes_on("Failed Humira 2022; now start Cosentyx."));
        assert!(!goes_on("Continue methotrexate; add adalimumab 40 mg q2wk."), "the drug that goes on is no biologic");
    }
}
