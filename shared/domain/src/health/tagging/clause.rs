//! A piece as the rules read it — its tokens, OCR-repaired words and clinical context — and how a
//! mention in it is judged.
//!
//! Negation, uncertainty, history and experiencer come from the clinical-context engine
//! ([`crate::clinical_context::assertions`]) over the tokenizer's tokens ([`crate::preauth::tokens`]). This
//! module adds only what the engine cannot see from one trigger:
//! - the section the piece is in (family history);
//! - a leading label's value ("BRCA1: negative") and a form's answer to its question ("Have you
//!   had breast cancer?" — "No");
//! - statements about people in general ("women with dense breasts …", "risk factors include …");
//! - relatives the engine has no trigger for (aunt, daughter, cousin, niece), which the
//!   family-history rule needs anyway to grade the relative's degree;
//! - a "family history" scope that runs on into a new predicate about the patient ("strong family
//!   history of breast cancer and is BRCA2 positive").
//!
//! It also tells the engine which words are names, not triggers ("free T4", "non-proliferative",
//! "mammogram: negative" as a result).

use super::Context;
use super::lexicon::{Lexicon, Vocabulary, normalise};
use super::pieces::Section;
use crate::clinical_context::assertions;
use crate::preauth::tokens::{Token, tokenize};

/// A relative named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kin {
    /// As written, with its modifiers: "maternal aunt", "mother's sister".
    pub name: String,
    /// 1 for parents, siblings and children; 2 for grandparents, aunts, uncles, nieces, nephews
    /// and half-siblings; 3 for cousins.
    pub degree: u8,
    pub male: bool,
}

/// Relatives' names: degree and whether male.
pub(crate) fn kin_word(word: &str) -> Option<(u8, bool)> {
    Some(match word {
        "mother" | "mom" | "mum" | "sister" | "sisters" | "daughter" | "daughters" | "parent" | "parents"
        | "sibling" | "siblings" | "twin" => (1, false),
        "father" | "dad" | "brother" | "brothers" | "son" | "sons" => (1, true),
        "grandmother" | "grandmothers" | "grandma" | "grandparent" | "grandparents" | "aunt" | "aunts" | "auntie"
        | "niece" | "nieces" | "granddaughter" | "halfsister" | "mgm" | "pgm" => (2, false),
        "grandfather" | "grandpa" | "uncle" | "uncles" | "nephew" | "nephews" | "grandson" | "halfbrother" | "mgf"
        | "pgf" => (2, true),
        "cousin" | "cousins" => (3, false),
        _ => return None,
    })
}

/// Words that say the sentence is about the patient: a backward search for a relative stops there.
const PATIENT_WORDS: &[&str] =
    &["she", "he", "patient", "pt", "herself", "himself", "personal", "personally", "i", "you", "your"];

/// Words that may stand between relatives listed together ("mother and two sisters").
const KIN_CONNECTORS: &[&str] =
    &["and", "or", "both", "her", "his", "two", "three", "2", "3", "multiple", "several", "a", "the", "also"];

/// Words that may stand between a mention and the relative after it ("breast cancer in her
/// maternal aunt", "breast cancer (mother)").
const KIN_FILLERS: &[&str] =
    &["in", "her", "his", "the", "a", "an", "patient", "pt", "of", "on", "by", "x", "both", "diagnosed", "dx"];

/// Words that make a statement general: "women with dense breasts", "patients who carry".
const GENERIC_SUBJECTS: &[&str] =
    &["women", "patients", "people", "individuals", "persons", "those", "anyone", "carriers", "females", "men"];

/// Values of a leading label that negate it ("BRCA1: negative", "Breast cancer: none").
const NEGATIVE_VALUES: &[&str] = &["no", "none", "negative", "neg", "denies", "denied", "absent", "n", "nil", "never"];

/// Topic words that make a leading label a heading for what follows, not a finding
/// ("Breast cancer screening:", "Breast cancer risk:").
const TOPIC_WORDS: &[&str] = &[
    "screening", "screen", "risk", "risks", "prevention", "education", "counseling", "counselling", "awareness",
    "questionnaire", "assessment", "surveillance",
];

/// Phrases with a word the context engine would read as a trigger, but that are names here.
const PROTECTED: &[(&str, ())] = &[
    ("non proliferative", ()),
    ("free t4|t3", ()),
    ("t4|t3 free", ()),
    ("free thyroxine", ()),
    ("non hdl", ()),
    ("probably benign", ()),
    ("triple negative", ()),
    ("er|pr|her2|receptor negative", ()),
    ("hormone receptor negative", ()),
];

/// Nouns after which "negative", "normal" or "benign" is a result, not a negation
/// ("Screening mammogram: negative", "BI-RADS 1: Negative").
const RESULT_NOUNS: &[&str] = &[
    "mammogram", "mammograms", "mammography", "mammo", "tomosynthesis", "ultrasound", "sonogram", "mri", "rads",
    "birads", "category", "assessment", "impression", "1", "2", "result", "results", "study", "exam", "examination",
];

const RESULT_WORDS: &[&str] = &["negative", "neg", "normal", "benign", "unremarkable"];

/// Strength of a context: the engine's own order (negation over doubt over other people over
/// history).
pub(crate) fn stronger(a: Context, b: Context) -> Context {
    a.stronger(b)
}

/// How a mention reads in its clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Judgement {
    pub context: Context,
    /// Relatives the mention is about, nearest first.
    pub kin: Vec<Kin>,
}

impl Judgement {
    /// About the patient, now or in the past.
    pub(crate) fn is_patients(&self) -> bool {
        matches!(self.context, Context::Affirmed | Context::Historical)
    }

    /// About a relative, affirmed.
    pub(crate) fn is_relatives(&self) -> bool {
        self.context == Context::OtherPerson
    }

    /// The closest relative named, if any.
    pub(crate) fn closest_kin(&self) -> Option<&Kin> {
        self.kin.iter().min_by_key(|k| k.degree)
    }
}

/// A piece as the rules read it.
pub(crate) struct Clause<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token<'t>>,
    /// Each token's lower-case form, OCR-repaired towards the phrase vocabulary.
    pub words: Vec<String>,
    pub contexts: Vec<Context>,
    pub section: Section,
    /// The piece is a title or heading near the document's top ("BILATERAL SCREENING
    /// MAMMOGRAM"): a test it names is the document's own.
    pub heading: bool,
    /// The start of the piece after this one: a form's answer to a question ("Have you had
    /// breast cancer?" — "No."), a table's value on the next line ("HbA1c" — "6.8 %").
    pub following: Option<&'t str>,
}

impl<'t> Clause<'t> {
    pub(crate) fn read(text: &'t str, section: Section, vocabulary: &Vocabulary) -> Clause<'t> {
        let tokens = tokenize(text);
        let words: Vec<String> = tokens.iter().map(|t| normalise(&t.lower, &vocabulary.words)).collect();
        let protected = protected_ranges(&tokens, &words);
        let contexts = assertions(&tokens, &protected);
        Clause { text, tokens, words, contexts, section, heading: false, following: None }
    }

    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    pub(crate) fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    /// Whether a clause boundary (`.`, `;`, a new line item) lies between tokens `a < b`.
    pub(crate) fn stop_between(&self, a: usize, b: usize) -> bool {
        crate::preauth::tokens::stop_between(&self.tokens, a, b)
    }

    /// Tokens of the clause around `i` (from the last stop before it to the next), inclusive.
    pub(crate) fn clause_of(&self, i: usize) -> (usize, usize) {
        let mut a = i;
        while a > 0 && !self.tokens[a].gap.stop {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < self.tokens.len() && !self.tokens[b + 1].gap.stop {
            b += 1;
        }
        (a, b)
    }

    /// Tokens around `i` up to the nearest comma, colon or stop on each side, inclusive.
    pub(crate) fn segment_of(&self, i: usize) -> (usize, usize) {
        let cut = |t: &Token<'_>| t.gap.stop || t.gap.comma || t.gap.colon;
        let mut a = i;
        while a > 0 && !cut(&self.tokens[a]) {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < self.tokens.len() && !cut(&self.tokens[b + 1]) {
            b += 1;
        }
        (a, b)
    }

    /// Whether any of `words` occurs in tokens `a..=b`.
    pub(crate) fn any_in(&self, a: usize, b: usize, words: &[&str]) -> bool {
        (a..=b.min(self.len().saturating_sub(1))).any(|k| words.contains(&self.word(k)))
    }

    /// The strongest context the engine gives tokens `first..=last`.
    pub(crate) fn engine_context(&self, first: usize, last: usize) -> Context {
        self.contexts[first..=last].iter().copied().fold(Context::Affirmed, stronger)
    }

    /// How the mention at tokens `first..=last` reads: the engine's context, then the leading
    /// label's value, a general statement, the family-history section and a relative named next
    /// to it.
    pub(crate) fn judge(&self, first: usize, last: usize) -> Judgement {
        let mut context = self.engine_context(first, last);
        if let Some(label) = self.label_context(last) {
            context = stronger(context, label);
        }
        if self.generic_subject(first, last) {
            context = stronger(context, Context::Uncertain);
        }
        let mut answer_kin = Vec::new();
        if self.text.trim_end().ends_with('?') {
            // A form's question asserts nothing; its answer does.
            match self.answer() {
                Some((true, kin)) => {
                    if self.any_in(0, self.len().saturating_sub(1), &["family", "relative", "relatives", "anyone"]) {
                        context = stronger(context, Context::OtherPerson);
                        answer_kin = kin;
                    }
                }
                Some((false, _)) => context = stronger(context, Context::Negated),
                None => context = stronger(context, Context::Uncertain),
            }
        }
        if context == Context::OtherPerson && self.new_predicate_about_patient(first) {
            context = self.contexts[first..=last]
                .iter()
                .copied()
                .filter(|c| *c != Context::OtherPerson)
                .fold(Context::Affirmed, stronger);
        }
        let about_others = context == Context::OtherPerson || self.section == Section::FamilyHistory;
        let mut kin = self.kin_near(first, last, about_others);
        kin.extend(answer_kin);
        if !kin.is_empty() || self.section == Section::FamilyHistory {
            context = stronger(context, Context::OtherPerson);
        }
        Judgement { context, kin }
    }

    /// The answer after a question: yes or no, and the relatives it names ("Yes - mother").
    fn answer(&self) -> Option<(bool, Vec<Kin>)> {
        let following = self.following?;
        let words: Vec<String> = following
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .map(str::to_lowercase)
            .collect();
        let yes = match words.first()?.as_str() {
            "yes" | "y" | "positive" | "true" => true,
            "no" | "n" | "none" | "negative" | "never" | "false" => false,
            _ => return None,
        };
        let kin = words
            .iter()
            .filter_map(|w| kin_word(w).map(|(degree, male)| Kin { name: w.clone(), degree, male }))
            .collect();
        Some((yes, kin))
    }

    /// Whether a "family history" scope the engine ran on reaches a new predicate about the
    /// patient before the mention ("strong family history of breast cancer and is BRCA2
    /// positive"): a conjunction then a verb. A relative's name as subject ("mother has …") is
    /// not such a case.
    fn new_predicate_about_patient(&self, first: usize) -> bool {
        let (a, _) = self.clause_of(first);
        let Some(trigger) = (a..first)
            .rev()
            .find(|&k| matches!(self.word(k), "family" | "fhx" | "fh") || kin_word(self.word(k)).is_some())
        else {
            return false;
        };
        if kin_word(self.word(trigger)).is_some() {
            return false;
        }
        (trigger + 1..first).any(|k| {
            matches!(self.word(k), "and" | "but")
                && matches!(
                    self.word(k + 1),
                    "is" | "was" | "has" | "had" | "tested" | "carries" | "herself" | "she" | "also"
                )
        })
    }

    /// A mention inside a leading label takes its value's polarity when the value is a bare
    /// negative ("BRCA1: negative", "Breast cancer: none" — not "Mammogram: no mass", where the
    /// "no" is about the mass), and is a topic, not a finding, when a topic word follows it in the
    /// label ("Breast cancer screening: …", not "Screening mammogram: …").
    fn label_context(&self, last: usize) -> Option<Context> {
        let colon = self.tokens.iter().take(7).position(|t| t.gap.colon)?;
        if last >= colon || colon == 0 {
            return None;
        }
        if self.any_in(last + 1, colon - 1, TOPIC_WORDS) && last + 1 < colon {
            return Some(Context::Uncertain);
        }
        let value = self.word(colon);
        let bare = self.tokens.get(colon + 1).is_none_or(|t| t.gap.stop || t.gap.comma);
        if NEGATIVE_VALUES.contains(&value) && (bare || value != "no") {
            return Some(Context::Negated);
        }
        if matches!(value, "unknown" | "unsure" | "uncertain" | "pending") {
            return Some(Context::Uncertain);
        }
        None
    }

    /// "Women with BRCA mutations …", "… in patients with dense breasts", "risk factors for
    /// breast cancer include …": a statement about people in general.
    fn generic_subject(&self, first: usize, last: usize) -> bool {
        let (a, _) = self.clause_of(first);
        let before = (first.saturating_sub(6).max(a)..first).any(|k| {
            GENERIC_SUBJECTS.contains(&self.word(k))
                && matches!(self.word(k + 1), "with" | "who" | "whose" | "having" | "carrying")
        });
        let after = matches!(self.word(last + 1), "in" | "among") && GENERIC_SUBJECTS.contains(&self.word(last + 2));
        // "Risk factors … include", unless they are hers ("her risk factors include").
        let factors = (a..first).any(|k| {
            self.word(k) == "risk"
                && matches!(self.word(k + 1), "factors" | "factor")
                && !matches!(self.word(k.saturating_sub(1)), "her" | "his" | "your" | "patient" | "pt")
        });
        before || after || factors
    }

    /// The relative whose name ends at token `k`, with its modifiers and possessive chain
    /// ("maternal aunt", "half sister", "mother's sister", "maternal side"), and the name's first
    /// token.
    fn kin_ending_at(&self, k: usize) -> Option<(Kin, usize)> {
        let w = self.word(k);
        let (mut degree, male, mut first) = match kin_word(w) {
            Some((degree, male)) => (degree, male, k),
            // "on her maternal side": a second-degree relative not named.
            None if w == "side" && k > 0 && matches!(self.word(k - 1), "maternal" | "paternal") => (2, false, k - 1),
            None => return None,
        };
        while first > 0 && !self.tokens[first].gap.stop && !self.tokens[first].gap.comma {
            let before = &self.tokens[first - 1];
            let p = self.word(first - 1);
            let possessive = before.text.ends_with("'s") || before.text.ends_with("’s");
            if matches!(p, "half" | "great") {
                degree += 1;
            } else if let (Some((d, _)), true) = (kin_word(p), possessive) {
                degree += d;
            } else if !matches!(p, "maternal" | "paternal" | "mat" | "pat") {
                break;
            }
            first -= 1;
        }
        let name = self.text[self.tokens[first].start..self.tokens[k].end].to_string();
        Some((Kin { name, degree: degree.min(3), male }, first))
    }

    /// Relatives the mention at `first..=last` is about: named before it in its clause (stopping
    /// at a word about the patient, unless the clause is already about others), or right after
    /// it ("breast cancer in her mother", "breast cancer (maternal aunt)").
    fn kin_near(&self, first: usize, last: usize, about_others: bool) -> Vec<Kin> {
        let mut found: Vec<Kin> = Vec::new();
        let mut k = first;
        let mut steps = 0;
        while k > 0 && steps < 14 && !self.tokens[k].gap.stop {
            k -= 1;
            steps += 1;
            let w = self.word(k);
            if !about_others && found.is_empty() && PATIENT_WORDS.contains(&w) {
                break;
            }
            if let Some((kin, kin_first)) = self.kin_ending_at(k) {
                found.push(kin);
                k = kin_first;
                continue;
            }
            if !found.is_empty() && !KIN_CONNECTORS.contains(&w) {
                break;
            }
        }
        if !found.is_empty() {
            return found;
        }
        let mut k = last + 1;
        let mut skipped = 0;
        while k < self.len() && skipped <= 4 && !self.tokens[k].gap.stop {
            let w = self.word(k);
            let name_ends_here = kin_word(w).is_some() || (w == "side" && k > last + 1);
            if name_ends_here {
                if let Some((kin, _)) = self.kin_ending_at(k) {
                    found.push(kin);
                }
            } else if matches!(w, "maternal" | "paternal" | "mat" | "pat" | "half" | "great") {
                // Part of the name that follows.
            } else if !found.is_empty() {
                if !KIN_CONNECTORS.contains(&w) {
                    break;
                }
            } else if KIN_FILLERS.contains(&w) {
                skipped += 1;
            } else {
                break;
            }
            k += 1;
        }
        found
    }

    /// The clause as a quote: trimmed, at most about 200 characters, cut around tokens
    /// `first..=last` when longer.
    pub(crate) fn quote(&self, first: usize, last: usize) -> String {
        const MAX: usize = 200;
        let text = self.text.trim();
        if text.chars().count() <= MAX {
            return text.to_string();
        }
        let (from, to) = (self.tokens[first].start, self.tokens[last].end);
        let mut start = from.saturating_sub(80);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        if start > 0 {
            start = self.text[start..].find(' ').map_or(start, |p| start + p + 1).min(from);
        }
        let mut end = (start + MAX).max(to).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        if end < self.text.len() {
            end = self.text[..end].rfind(' ').filter(|p| *p >= to).unwrap_or(end);
        }
        let mut quote = String::new();
        if start > 0 {
            quote.push('…');
        }
        quote.push_str(self.text[start..end].trim());
        if end < self.text.len() {
            quote.push('…');
        }
        quote
    }
}

/// Token ranges the context engine must not read as triggers: the names in [`PROTECTED`], and a
/// result word right after a test, a report heading or an assessment ("mammogram: negative").
fn protected_ranges(tokens: &[Token<'_>], words: &[String]) -> Vec<(usize, usize)> {
    use std::sync::OnceLock;
    static LEXICON: OnceLock<Lexicon<()>> = OnceLock::new();
    let lexicon = LEXICON.get_or_init(|| Lexicon::new(PROTECTED));
    let mut out: Vec<(usize, usize)> = lexicon.matches(words).into_iter().map(|m| (m.first, m.last)).collect();
    for (i, w) in words.iter().enumerate() {
        if !RESULT_WORDS.contains(&w.as_str()) || words.get(i + 1).is_some_and(|n| n == "for") {
            continue;
        }
        // The noun may stand a date and a verb away: "mammogram on 4/5/2023 was negative".
        let from = i.saturating_sub(8);
        let after_noun = (from..i).any(|k| {
            (RESULT_NOUNS.contains(&words[k].as_str()) || super::test_groups::is_test_word(&words[k]))
                && !crate::preauth::tokens::stop_between(tokens, k, i)
                && (k + 1..i).all(|j| {
                    words[j].chars().all(|c| c.is_ascii_digit())
                        || words[j].len() <= 2
                        || matches!(
                            words[j].as_str(),
                            "was"
                                | "were"
                                | "is"
                                | "are"
                                | "on"
                                | "of"
                                | "dated"
                                | "from"
                                | "in"
                                | "bilateral"
                                | "both"
                                | "all"
                                | "and"
                                | "screening"
                                | "diagnostic"
                        )
                        || RESULT_NOUNS.contains(&words[j].as_str())
                        || super::test_groups::is_test_word(&words[j])
                })
        });
        if after_noun {
            out.push((i, i));
        }
    }
    out
}
