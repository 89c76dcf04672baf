//! Clinical context of a condition mentioned in a sentence: is it negated, is it current, past or
//! hypothetical, and is it the patient's or someone else's.
//!
//! The method is NegEx (Chapman et al. 2001, "A simple algorithm for identifying negated findings
//! and diseases in discharge summaries", J Biomed Inform 34:301) as extended by ConText (Harkema,
//! Dowling, Thornblade, Chapman 2009, "ConText: an algorithm for determining negation,
//! experiencer, and temporal status from clinical reports", J Biomed Inform 42:839): a trigger
//! phrase ("denies", "history of", "return if", "mother") opens a scope over the words after it
//! (or, for a post-trigger such as "was ruled out", before it); the scope ends at a clause end, a
//! termination term ("but", "however", "which", "presents") or after a window of words; a
//! pseudo-trigger that contains a trigger's words but means something else ("no increase", "gram
//! negative", "history of present illness") triggers nothing. A condition inside a scope takes
//! the trigger's value; a hypothetical scope outranks a historical one. The lexicons, each set
//! naming its source, are in `lexicon.rs`; the scanning is in `scope.rs`.
//!
//! The one context engine of the domain: the pre-auth matcher (`crate::preauth`), the marker
//! tagging (`crate::health::tagging`), the risk and score readings (`crate::health::score`) and
//! the chat's summary statistics all take a mention's context from here. One scan
//! (`scope.rs`) and one lexicon (`lexicon.rs`) serve two readings:
//! - the mention reading, [`assess`] (finds the condition in the sentence itself) and
//!   [`assess_span`] (the byte range a caller has already found: an evidence match, a risk-marker
//!   mention);
//! - the word-by-word reading, [`assess_tokens`], for callers that tokenized the sentence
//!   themselves ([`crate::preauth::tokens`]) and find their own mentions in its tokens, with
//!   protected token ranges (names such as "non-steroidal") that hold no trigger. Its callers read
//!   one value per word, [`Assertion`], the strongest of the three contexts
//!   ([`Context::assertion`]).
//!
//! The pre-auth matcher had an engine of its own (formerly `preauth::negation`); it was merged in
//! on 2026-12-04 as a second scan and on 2026-12-05 into the one scan, bringing what NegEx/ConText
//! lack as lexicon sets that say so: NegEx's *possible* ([`Negation::Possible`]: "possible",
//! "suspicious for", "infection not ruled out", "may represent"); plans, orders and referrals as
//! hypothetical ("will start physical therapy", "MRI pending"); treatment not tried or refused as
//! negated ("physical therapy not tried"); treatment failure as a pseudo-negation ("did not respond
//! to physical therapy" affirms the therapy); a window per trigger; and the comma rule (a bare "no"
//! runs on over bare findings and stops at a new, qualified one: "No erythema, moderate
//! effusion").
//!
//! Measured on the physician-labelled NegEx/ConText pairs (`context-dev.tsv`, development half,
//! 1,188 pairs; `tests/clinical_context.rs`): negation F1 0.984 (0.971 with the published
//! lexicons alone, GenNegEx 0.946; 0.986 before the merge), temporality accuracy 0.942,
//! experiencer 0.999. The word-by-word reading on the same pairs (`tests/tagging/negex.rs`):
//! negation accuracy 0.982 (0.973 before the merge), history 0.933 (0.909). A held-out half is
//! kept elsewhere.

mod lexicon;
mod scope;

use std::ops::Range;

use crate::preauth::tokens::Token;

/// Whether the condition is said to be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Negation {
    Affirmed,
    /// NegEx's *possible*: suspected, not established ("possible septic arthritis", "suspicious
    /// for malignancy", "infection cannot be ruled out").
    Possible,
    Negated,
}

/// When the condition holds, as ConText grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Temporality {
    /// Now or recently (ConText's default).
    Recent,
    /// In the patient's past ("history of", "status post").
    Historical,
    /// Not asserted to happen at all: a condition, a plan, a warning ("return if fever develops",
    /// "rule out PE"). The NegEx/ConText annotations call this "Not particular".
    Hypothetical,
}

/// Whose condition it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Experiencer {
    Patient,
    /// A relative or anyone else ("family history of", "mother had").
    Other,
}

/// The three contexts of one mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context {
    pub negation: Negation,
    pub temporality: Temporality,
    pub experiencer: Experiencer,
}

/// One value for a mention, strongest context first: negated over uncertain (possible or
/// hypothetical) over someone else's over historical over affirmed ([`Context::assertion`]). The
/// pre-auth matcher and the marker tagging reason in these terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Assertion {
    Affirmed,
    /// In the past ("history of", "prior"). Counts as affirmed unless a criterion asks for a
    /// current condition ("active infection").
    Historical,
    /// Possible, planned, hypothetical or conditional.
    Uncertain,
    /// About a family member, not the patient.
    OtherPerson,
    Negated,
}

impl Assertion {
    /// How strong it is when two readings meet: negation over doubt over other people over
    /// history over affirmed. (Not the declaration order, which `Ord` follows.)
    pub fn strength(self) -> u8 {
        match self {
            Assertion::Affirmed => 0,
            Assertion::Historical => 1,
            Assertion::OtherPerson => 2,
            Assertion::Uncertain => 3,
            Assertion::Negated => 4,
        }
    }

    /// The stronger of two assertions ([`Assertion::strength`]); `self` on a tie.
    pub fn stronger(self, other: Assertion) -> Assertion {
        if other.strength() > self.strength() { other } else { self }
    }
}

impl Context {
    /// Affirmed, recent and the patient's: a sentence with no trigger.
    pub const PLAIN: Context =
        Context { negation: Negation::Affirmed, temporality: Temporality::Recent, experiencer: Experiencer::Patient };

    /// The strongest of the three contexts as one value ([`Assertion`]).
    pub fn assertion(self) -> Assertion {
        if self.negation == Negation::Negated {
            Assertion::Negated
        } else if self.negation == Negation::Possible || self.temporality == Temporality::Hypothetical {
            Assertion::Uncertain
        } else if self.experiencer == Experiencer::Other {
            Assertion::OtherPerson
        } else if self.temporality == Temporality::Historical {
            Assertion::Historical
        } else {
            Assertion::Affirmed
        }
    }
}

impl Negation {
    pub fn as_str(self) -> &'static str {
        match self {
            Negation::Affirmed => "Affirmed",
            Negation::Possible => "Possible",
            Negation::Negated => "Negated",
        }
    }
}

impl Temporality {
    pub fn as_str(self) -> &'static str {
        match self {
            Temporality::Recent => "Recent",
            Temporality::Historical => "Historical",
            Temporality::Hypothetical => "Hypothetical",
        }
    }
}

impl Experiencer {
    pub fn as_str(self) -> &'static str {
        match self {
            Experiencer::Patient => "Patient",
            Experiencer::Other => "Other",
        }
    }
}

/// The context of `concept` in `sentence`. The concept is found case-insensitively, ignoring
/// punctuation and spacing ([`locate`]); when it is not there, the whole sentence is assessed.
pub fn assess(sentence: &str, concept: &str) -> Context {
    scope::assess(sentence, locate(sentence, concept))
}

/// The context of the mention at byte range `span` of `sentence`. The span is widened to whole
/// words; a span outside the sentence, or with no word in it, is affirmed, recent and the
/// patient's.
pub fn assess_span(sentence: &str, span: Range<usize>) -> Context {
    scope::assess(sentence, Some(span))
}

/// The context of every token of an already-tokenized sentence (the word-by-word reading, see the
/// module doc). `protected` are token ranges, both ends inclusive, of names the caller found
/// whose words are not triggers ("non-steroidal anti-inflammatory"). Time is linear in the
/// tokens times the trigger lexicon; callers bound their sentences.
pub fn assess_tokens(tokens: &[Token<'_>], protected: &[(usize, usize)]) -> Vec<Context> {
    scope::assess_tokens(tokens, protected)
}

/// [`assess_tokens`] read as one [`Assertion`] per token, as the pre-auth matcher and the marker
/// tagging use it.
pub fn assertions(tokens: &[Token<'_>], protected: &[(usize, usize)]) -> Vec<Assertion> {
    scope::assess_tokens(tokens, protected).into_iter().map(Context::assertion).collect()
}

/// Where `concept` occurs in `sentence`, as a byte range: letters and digits compared without
/// case, everything else (spaces, hyphens, apostrophes, line breaks) ignored, so "chest   pain",
/// "x-ray" and "X ray" match "Chest pain", "X-RAY". An occurrence that starts and ends on word
/// boundaries is preferred over one inside a word ("PE" in "PE's" over "pe" in "pelvis"), and
/// one in the text over a heading ("Allergies: no known allergies" — the second).
pub fn locate(sentence: &str, concept: &str) -> Option<Range<usize>> {
    let folded = |text: &str| -> Vec<(char, usize, usize)> {
        text.char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| (c.to_lowercase().next().unwrap_or(c), i, i + c.len_utf8()))
            .collect()
    };
    let hay = folded(sentence);
    let needle: Vec<char> = folded(concept).into_iter().map(|(c, _, _)| c).collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let is_alnum_at = |byte: usize| sentence[byte..].chars().next().is_some_and(char::is_alphanumeric);
    let is_alnum_before = |byte: usize| sentence[..byte].chars().next_back().is_some_and(char::is_alphanumeric);
    let is_heading = |byte: usize| sentence[byte..].trim_start().starts_with(':');
    let (mut first, mut heading) = (None, None);
    for start in 0..=hay.len() - needle.len() {
        if !hay[start..start + needle.len()].iter().map(|(c, _, _)| *c).eq(needle.iter().copied()) {
            continue;
        }
        let range = hay[start].1..hay[start + needle.len() - 1].2;
        if !is_alnum_before(range.start) && !is_alnum_at(range.end) {
            if !is_heading(range.end) {
                return Some(range);
            }
            heading.get_or_insert(range.clone());
        }
        first.get_or_insert(range);
    }
    heading.or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_ignores_case_spacing_and_punctuation() {
        let s = "No PERICARDIAL   EFFUSION is seen.";
        assert_eq!(locate(s, "pericardial effusion").map(|r| &s[r]), Some("PERICARDIAL   EFFUSION"));
        let s = "Chest x ray clear";
        assert_eq!(locate(s, "X-ray").map(|r| &s[r]), Some("x ray"));
        let s = "Pelvis clear; history of PE's";
        assert_eq!(locate(s, "pe").map(|r| &s[r]), Some("PE"));
        assert_eq!(locate("no fever", "cough"), None);
        let s = "ALLERGIES:  He has no known ALLERGIES.";
        assert_eq!(locate(s, "allergies").map(|r| r.start), Some(s.rfind("ALLERGIES").unwrap()));
    }

    #[test]
    fn odd_input_is_affirmed_not_a_panic() {
        let plain = Context { negation: Negation::Affirmed, temporality: Temporality::Recent, experiencer: Experiencer::Patient };
        assert_eq!(assess("", ""), plain);
        assert_eq!(assess_span("No fever.", 40..50), plain);
        let (start, end) = (6, 2);
        assert_eq!(assess_span("No fever.", start..end), plain);
        assert_eq!(assess("Kein Fieber — no fièvre, ça va.", "fièvre").negation, Negation::Negated);
    }

    #[test]
    fn a_medicine_the_patient_is_on_is_current_under_a_history_label() {
        let s = "PMH: atrial fibrillation and prior NSTEMI 2021 - on metoprolol tartrate 50 mg BID, apixaban.";
        assert_eq!(assess(s, "metoprolol").temporality, Temporality::Recent);
        assert_eq!(assess(s, "atrial fibrillation").temporality, Temporality::Historical);
    }

    #[test]
    fn a_medicine_stopped_is_a_past_one() {
        assert_eq!(assess("Metoprolol discontinued 2023 (switched to amlodipine by cardiology).", "metoprolol").temporality, Temporality::Historical);
        assert_eq!(assess("Stopped methotrexate in 2022 for transaminitis.", "methotrexate").temporality, Temporality::Historical);
        assert_eq!(assess("Meds: amlodipine 5 mg daily, loratadine 10 mg daily.", "amlodipine").temporality, Temporality::Recent);
    }

    #[test]
    fn a_test_not_done_is_negated() {
        assert_eq!(assess("Photography: external photographs NOT obtained today (camera out of service).", "photographs").negation, Negation::Negated);
        assert_eq!(assess("Sleep study not done.", "sleep study").negation, Negation::Negated);
        assert_eq!(assess("Sleep study done 03/2024.", "sleep study").negation, Negation::Affirmed);
    }

    #[test]
    fn the_household_is_someone_else_unless_they_report_on_the_patient() {
        assert_eq!(assess("Social: wife currently receiving cisplatin for cervical cancer.", "cisplatin").experiencer, Experiencer::Other);
        assert_eq!(assess("Wife reports loud snoring and witnessed apneas.", "apneas").experiencer, Experiencer::Patient);
        assert_eq!(assess("Per husband, she stops breathing at night.", "stops breathing").experiencer, Experiencer::Patient);
        // "still" right after the trigger does not end its scope.
        assert_eq!(assess("Spouse still smokes outdoors.", "smokes").experiencer, Experiencer::Other);
    }

    #[test]
    fn an_ex_smoker_is_a_past_smoker() {
        assert_eq!(assess("Tobacco: ex-smoker, 30 pk-yr.", "smoker").temporality, Temporality::Historical);
    }

    #[test]
    fn a_missing_concept_is_judged_on_the_whole_sentence() {
        assert_eq!(assess("Denies fever.", "cough").negation, Negation::Negated);
    }
}
