//! Scanning a sentence: its words and clause ends, the triggers found in it, and the words each
//! trigger's scope covers. One scan serves both readings: the mention reading ([`assess`]: is
//! this condition in a scope?) and the word-by-word reading ([`assess_tokens`]: the context of
//! every token a caller tokenized).
//!
//! One pass per kind (negation, possible, historical, hypothetical, experiencer), as NegEx and
//! ConText run each trigger type independently: at each word a pseudo-trigger of that kind is
//! skipped whole, else the longest trigger phrase starting there opens a scope (both NegEx rules).
//! The scope ends at a clause end, a termination term of its kind or the trigger's window (NegEx,
//! ConText).
//!
//! Refinements, each a general reading rule rather than a fit to one sentence:
//! - a pseudo-trigger that overlaps the condition does not shield it ("no change in vision" when
//!   the condition is "change in vision");
//! - a trigger inside the condition after its first word qualifies part of it, not the condition
//!   ("pharynx is pink without exudates" is an affirmed finding); without this rule negation
//!   precision on the pairs falls from 0.98 to 0.94; nor does a termination term inside it end a
//!   scope ("history of recent MI");
//! - a heading trigger (followed by a colon) governs its whole clause, except for negation, whose
//!   scope a later colon ends ("Extremities: no cyanosis. Neck: supple"); a colon right after a
//!   negation introduces what it governs ("Denies: fever");
//! - a scope does not leave the brackets it starts in ("(slides not submitted) indicates …");
//! - the comma rule ([`stops_at_comma`]): a list trigger ("denies", "negative for", "no history
//!   of") reaches every comma-separated item; a bare "no" goes on past a comma when an "or"
//!   further on shows the list goes on or the next item is a bare finding ("no murmurs, rubs,
//!   gallops"), and stops at a new, qualified finding or clause ("no erythema, moderate
//!   effusion"); a backward scope other than history stops at a comma once it has covered a word
//!   ("active infection, cultures pending"; "hypertension, resolved" still reaches back; "measles,
//!   mumps and varicella in the past" are all past);
//! - names the caller protects ("non-steroidal anti-inflammatory") hold no trigger;
//! - no scope covers more than [`MAX_SCOPE_WORDS`] words, so one endless comma-separated sentence
//!   (a hostile file) costs time linear in its length.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::lexicon::{Kind, Label, NEW_FINDING_AFTER_COMMA, RULES, Reach, TERMINATION_COMMON, pseudo, stops_at_comma, termination, window};
use super::{Context, Experiencer, Negation, Temporality};
use crate::preauth::tokens::Token;
use crate::text::{is_stopword, words};

/// One word of the sentence.
struct Word {
    /// Lower-cased, curly apostrophes straightened; "-ve"/"+ve" keep their sign.
    lower: String,
    start: usize,
    end: usize,
    /// A clause ends between the previous word and this one (`.` `;` `!` `?`).
    stop_before: bool,
    colon_before: bool,
    comma_before: bool,
    /// How many brackets are open around it.
    depth: usize,
}

/// Titles: a full stop after one never ends a clause ("Dr. Smith").
const TITLES: &[&str] = &["dr", "mr", "mrs", "ms", "st"];

/// Abbreviations: a full stop after one ends a clause only before a capital ("p.o. fluids" goes
/// on, "etc. Denies fever" ends). Single letters count as abbreviations too.
const ABBREVIATIONS: &[&str] = &["vs", "approx", "etc"];

/// `depth` after the brackets opened and closed in a gap between words.
fn bracket_depth(depth: usize, gap: &str) -> usize {
    (depth + gap.matches(['(', '[']).count()).saturating_sub(gap.matches([')', ']']).count())
}

/// "ve" after a "-" or "+" keeps its sign: "-ve for", "+ve".
fn signed(lower: String, gap: &str) -> String {
    if lower == "ve" && (gap.ends_with('-') || gap.ends_with('+')) { format!("{}ve", &gap[gap.len() - 1..]) } else { lower }
}

fn words_of(sentence: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut previous_end = 0;
    let mut depth = 0usize;
    for (start, end) in pieces(sentence) {
        let gap = &sentence[previous_end..start];
        let lower = signed(sentence[start..end].to_lowercase().replace('’', "'"), gap);
        let previous = out.last().map(|p: &Word| p.lower.as_str()).unwrap_or("");
        let title = TITLES.contains(&previous);
        let abbreviation = previous.chars().count() == 1 || ABBREVIATIONS.contains(&previous);
        let next_upper = sentence[start..].chars().next().is_some_and(char::is_uppercase);
        let mut stop_before = false;
        for (i, c) in gap.char_indices() {
            match c {
                ';' | '!' | '?' => stop_before = true,
                '.' => {
                    let ends = gap[i + 1..].chars().next().is_none_or(char::is_whitespace);
                    if ends && !out.is_empty() && !title && (next_upper || !abbreviation) {
                        stop_before = true;
                    }
                }
                _ => {}
            }
        }
        if gap.contains("\n\n") {
            stop_before = true;
        }
        depth = bracket_depth(depth, gap);
        out.push(Word { lower, start, end, stop_before, colon_before: gap.contains(':'), comma_before: gap.contains(','), depth });
        previous_end = end;
    }
    out
}

/// The tokenizer's tokens ([`crate::preauth::tokens`]) as words, one for one.
fn words_of_tokens(tokens: &[Token<'_>]) -> Vec<Word> {
    let mut depth = 0usize;
    tokens
        .iter()
        .map(|t| {
            depth = bracket_depth(depth, t.gap_text);
            Word {
                lower: signed(t.lower.clone(), t.gap_text),
                start: t.start,
                end: t.end,
                stop_before: t.gap.stop,
                colon_before: t.gap.colon,
                comma_before: t.gap.comma,
                depth,
            }
        })
        .collect()
}

/// The words of [`crate::text::words`], split again at inner hyphens ("one-day" → "one" "day",
/// "light-headedness"), so a phrase matches every hyphenation of it.
fn pieces(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for w in words(sentence) {
        let mut start = w.start;
        for (i, c) in w.text.char_indices() {
            if c == '-' {
                if w.start + i > start {
                    out.push((start, w.start + i));
                }
                start = w.start + i + 1;
            }
        }
        if w.end > start {
            out.push((start, w.end));
        }
    }
    out
}

/// Whether `phrase` (lower-case words separated by spaces) is written at word `i`, inside one
/// clause. Returns its length in words.
fn phrase_at(sentence: &[Word], i: usize, phrase: &str) -> Option<usize> {
    let mut n = 0;
    for (k, part) in phrase.split(' ').enumerate() {
        let word = sentence.get(i + k)?;
        if word.lower != part || (k > 0 && word.stop_before) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// The lexicon's phrases by kind and first word, built once: at each word only the phrases that
/// start with it are tried.
struct Lexicon {
    /// Per kind: first word → (index in [`RULES`], phrase).
    triggers: Vec<HashMap<&'static str, Vec<(usize, &'static str)>>>,
    pseudo: Vec<HashMap<&'static str, Vec<&'static str>>>,
    ends: Vec<HashMap<&'static str, Vec<&'static str>>>,
}

fn first_word(phrase: &str) -> &str {
    phrase.split(' ').next().unwrap_or(phrase)
}

fn by_first_word(sets: &[&'static [&'static str]]) -> HashMap<&'static str, Vec<&'static str>> {
    let mut out: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for phrase in sets.iter().flat_map(|set| set.iter().copied()) {
        out.entry(first_word(phrase)).or_default().push(phrase);
    }
    out
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let triggers = KINDS
            .iter()
            .map(|&kind| {
                let mut out: HashMap<&'static str, Vec<(usize, &'static str)>> = HashMap::new();
                for (r, rule) in RULES.iter().enumerate().filter(|(_, rule)| rule.kind == kind) {
                    for &phrase in rule.phrases {
                        out.entry(first_word(phrase)).or_default().push((r, phrase));
                    }
                }
                out
            })
            .collect();
        let pseudo = KINDS.iter().map(|&kind| by_first_word(pseudo(kind))).collect();
        let ends = KINDS
            .iter()
            .map(|&kind| by_first_word(&std::iter::once(TERMINATION_COMMON).chain(termination(kind).iter().copied()).collect::<Vec<_>>()))
            .collect();
        Lexicon { triggers, pseudo, ends }
    })
}

fn kind_index(kind: Kind) -> usize {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0)
}

/// The longest of `phrases` (all starting with the word at `i`) written at word `i`.
fn longest_of(sentence: &[Word], i: usize, phrases: Option<&Vec<&'static str>>) -> Option<usize> {
    phrases?.iter().filter_map(|p| phrase_at(sentence, i, p)).max()
}

/// Per word: whether a termination term of `kind` starts there. Computed once per kind, so a
/// scope's walk is a lookup per word.
fn terminations(sentence: &[Word], kind: Kind) -> Vec<bool> {
    let ends = &lexicon().ends[kind_index(kind)];
    (0..sentence.len()).map(|i| longest_of(sentence, i, ends.get(sentence[i].lower.as_str())).is_some()).collect()
}

/// Function words, "or" and "any" do not use up a window ("denies any orthopnea, …, or calf pain").
fn counts_toward_window(word: &Word) -> bool {
    !is_stopword(&word.lower)
        && !matches!(word.lower.as_str(), "or" | "nor" | "any" | "other")
        && word.lower.chars().any(char::is_alphabetic)
}

/// Per word: whether an "or"/"nor" follows from it before the clause ends (a list still being
/// listed), in one pass from the end.
fn or_ahead(sentence: &[Word]) -> Vec<bool> {
    let mut out = vec![false; sentence.len()];
    let mut ahead = false;
    for (k, word) in sentence.iter().enumerate().rev() {
        if matches!(word.lower.as_str(), "or" | "nor") {
            ahead = true;
        }
        out[k] = ahead;
        if word.stop_before || word.colon_before {
            ahead = false;
        }
    }
    out
}

/// Per word: how many words from it to the next comma, colon or clause end (the list item it
/// starts, when a comma comes before it).
fn item_lengths(sentence: &[Word]) -> Vec<usize> {
    let mut out = vec![0; sentence.len()];
    let mut length = 0;
    for k in (0..sentence.len()).rev() {
        length += 1;
        out[k] = length;
        let word = &sentence[k];
        if word.stop_before || word.colon_before || word.comma_before {
            length = 0;
        }
    }
    out
}

/// A sentence's words with what every scope's walk looks up.
struct Scan {
    words: Vec<Word>,
    or_ahead: Vec<bool>,
    item_length: Vec<usize>,
}

impl Scan {
    fn new(words: Vec<Word>) -> Scan {
        let or_ahead = or_ahead(&words);
        let item_length = item_lengths(&words);
        Scan { words, or_ahead, item_length }
    }

    /// Whether the item after the comma before word `k` is another item of a negated list: an
    /// "or" further on shows the list goes on ("No fever, chills, or sweats"), or the item is a
    /// bare finding of a few words ("no murmurs, rubs, gallops"), not a new, qualified finding
    /// ("no erythema, moderate effusion") or a new clause ("no trauma, pain started gradually
    /// after lifting").
    fn list_goes_on(&self, k: usize) -> bool {
        let word = &self.words[k];
        let new_finding = NEW_FINDING_AFTER_COMMA.contains(&word.lower.as_str()) || word.lower.chars().any(|c| c.is_ascii_digit());
        self.or_ahead[k] || (self.item_length[k] <= 3 && !new_finding)
    }
}

/// A trigger found in the sentence: words `start..end`.
struct Trigger {
    start: usize,
    end: usize,
    reach: Reach,
    /// Content words its scope may cover.
    window: usize,
    /// Governs a comma-separated list.
    list: bool,
    /// A field's value ("Vape: no"): its scope is the field's label, across the colon.
    value: bool,
}

/// The triggers of `kind`, scanning left to right, pseudo-triggers skipped; none starts in a
/// protected range (both ends inclusive). A word may trigger both ways ("previously had a
/// splenectomy", "splenectomy previously"). A pseudo-trigger overlapping `mention` does not
/// shield it.
fn triggers(sentence: &[Word], kind: Kind, mention: Option<&Range<usize>>, protected: &[(usize, usize)]) -> Vec<Trigger> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < sentence.len() {
        if protected.iter().any(|(a, b)| *a <= i && i <= *b) {
            i += 1;
            continue;
        }
        let first = sentence[i].lower.as_str();
        if let Some(n) = longest_of(sentence, i, lexicon().pseudo[kind_index(kind)].get(first)) {
            let overlaps_concept = mention.is_some_and(|concept| i < concept.end && concept.start < i + n);
            if !overlaps_concept {
                i += n;
                continue;
            }
        }
        let labelled = |n: usize| sentence.get(i + n).is_some_and(|w| w.colon_before);
        let candidates = lexicon().triggers[kind_index(kind)].get(first).map_or(&[][..], Vec::as_slice);
        let matches: Vec<(usize, &_)> = candidates
            .iter()
            .filter_map(|&(r, phrase)| phrase_at(sentence, i, phrase).map(|n| (n, &RULES[r])))
            .filter(|(n, rule)| match rule.label {
                Label::Anywhere => true,
                Label::Only => labelled(*n),
                Label::Never => !labelled(*n),
                Label::Value => sentence[i].colon_before && sentence.get(i + *n).is_none_or(|w| w.stop_before || w.comma_before),
            })
            .collect();
        let Some(n) = matches.iter().map(|(n, _)| *n).max() else {
            i += 1;
            continue;
        };
        // "six weeks of scheduled ibuprofen", "a scheduled dose": an order word used before its
        // noun describes it; it says nothing of what came before.
        let attributive = kind == Kind::Hypothetical && i > 0 && ATTRIBUTIVE_BEFORE.contains(&sentence[i - 1].lower.as_str()) && !sentence[i].comma_before && !sentence[i].stop_before;
        for reach in [Reach::Forward, Reach::Backward] {
            if attributive && reach == Reach::Backward {
                continue;
            }
            let rules: Vec<_> = matches.iter().filter(|(m, rule)| *m == n && rule.reach == reach).map(|(_, rule)| *rule).collect();
            if let Some(widest) = rules.iter().map(|rule| rule.window.unwrap_or(window(kind))).max() {
                let value = rules.iter().any(|rule| rule.label == Label::Value);
                found.push(Trigger { start: i, end: i + n, reach, window: widest, list: rules.iter().any(|rule| rule.list), value });
            }
        }
        i += n;
    }
    found
}

/// Words before an order word that make it describe the noun after it ("of scheduled ibuprofen").
const ATTRIBUTIVE_BEFORE: &[&str] = &["of", "a", "an", "the", "his", "her", "their", "any", "with", "on"];

/// Words between a comma and a backward trigger that keep the trigger reading back across the
/// comma ("…, treated and resolved", "…, now resolved", "…, since ruled out").
const CARRY_BACK: &[&str] = &["treated", "and", "now", "since", "fully", "completely", "has", "have", "was", "were", "been", "successfully", "all", "which"];

/// The most words a scope covers, whatever its window: a list (whose window restarts at each
/// comma) or a heading (which governs its clause) reaches no further, so a hostile text of one
/// endless comma-separated sentence costs time linear in its length.
const MAX_SCOPE_WORDS: usize = 120;

/// The words a trigger's scope covers; `ends` are the kind's [`terminations`]. Words of `mention`
/// never end it.
fn scope(scan: &Scan, ends: &[bool], trigger: &Trigger, kind: Kind, mention: Option<&Range<usize>>) -> Range<usize> {
    let sentence = &scan.words;
    let exempt = |k: usize| mention.is_some_and(|concept| concept.contains(&k));
    // A heading ("Past medical history: …", "… any of the following are noted: …") governs its
    // whole clause, however long the list after it.
    let heading = sentence.get(trigger.end).is_some_and(|w| w.colon_before);
    let limit = if heading && kind != Kind::Negation { usize::MAX } else { trigger.window };
    let depth = sentence[trigger.start].depth;
    let mut counted = 0;
    match trigger.reach {
        Reach::Forward => {
            let mut k = trigger.end;
            while k < sentence.len().min(trigger.end + MAX_SCOPE_WORDS) {
                let word = &sentence[k];
                // A colon right after the trigger introduces what it governs ("Denies: fever");
                // later, it ends a negation's clause. A bracket closing around the trigger ends
                // its scope ("(slides not submitted) indicates a diagnosis of …").
                let colon_ends = kind == Kind::Negation && word.colon_before && k > trigger.end;
                // ("Spouse still smokes": "still" right after the trigger ends nothing.)
                let still_first = k == trigger.end && word.lower == "still";
                if word.stop_before || colon_ends || word.depth < depth || (!exempt(k) && ends[k] && !still_first) {
                    break;
                }
                if word.comma_before && k > trigger.end {
                    if trigger.list {
                        counted = 0;
                    } else if stops_at_comma(kind) && !scan.list_goes_on(k) {
                        break;
                    }
                }
                k += 1;
                // (An aside in brackets does not put the trigger further from its concept.)
                if counts_toward_window(word) && word.depth <= depth {
                    counted += 1;
                    if counted >= limit {
                        break;
                    }
                }
            }
            trigger.end..k
        }
        Reach::Backward => {
            let mut k = trigger.start;
            while k > trigger.start.saturating_sub(MAX_SCOPE_WORDS) {
                let word = &sentence[k];
                // A colon ends a backward scope: before the trigger's own label only for negation
                // ("Cultures: pending" is pending).
                let colon_ends = word.colon_before && (kind == Kind::Negation || k < trigger.start) && !(trigger.value && k == trigger.start);
                // A comma ends a backward scope once it has covered words ("active infection,
                // cultures pending"); one right before the trigger does not ("hypertension,
                // resolved"), and a list of past conditions runs on ("measles, mumps and
                // varicella in the past").
                // "Urinary tract infection 2019, treated and resolved": a comma followed only by
                // the words that carry the trigger back does not end it.
                let carried = (k..trigger.start).all(|j| CARRY_BACK.contains(&sentence[j].lower.as_str()));
                let comma_ends = kind != Kind::Historical && word.comma_before && (k < trigger.start || counted > 0) && !carried;
                if word.stop_before || colon_ends || comma_ends || sentence[k - 1].depth < depth {
                    break;
                }
                if !exempt(k - 1) && ends[k - 1] {
                    break;
                }
                k -= 1;
                // ("Bone age radiograph (L hand/wrist) ordered today": the aside is not counted.)
                if counts_toward_window(&sentence[k]) && sentence[k].depth <= depth {
                    counted += 1;
                    if counted >= limit {
                        break;
                    }
                }
            }
            k..trigger.start
        }
    }
}

/// Puts `kind` on a word's context; a stronger value already there stays (negated over possible,
/// hypothetical over historical).
fn mark(c: &mut Context, kind: Kind) {
    match kind {
        Kind::Negation => c.negation = Negation::Negated,
        Kind::Possible if c.negation == Negation::Affirmed => c.negation = Negation::Possible,
        Kind::Hypothetical => c.temporality = Temporality::Hypothetical,
        Kind::Historical if c.temporality == Temporality::Recent => c.temporality = Temporality::Historical,
        Kind::Experiencer => c.experiencer = Experiencer::Other,
        Kind::Possible | Kind::Historical => {}
    }
}

const KINDS: [Kind; 5] = [Kind::Negation, Kind::Possible, Kind::Historical, Kind::Hypothetical, Kind::Experiencer];

/// The context of the mention at byte range `span` of `sentence`; `None` judges the whole
/// sentence (every trigger in it counts).
pub(super) fn assess(sentence: &str, span: Option<Range<usize>>) -> Context {
    let scan = Scan::new(words_of(sentence));
    let sentence_words = &scan.words;
    let concept = span.map(|span| {
        let first = sentence_words.iter().position(|w| w.end > span.start);
        let last = sentence_words.iter().rposition(|w| w.start < span.end);
        match (first, last) {
            (Some(a), Some(b)) if a <= b => a..b + 1,
            // A span with no word in it: nothing can reach it.
            _ => 0..0,
        }
    });
    let mention = concept.clone().unwrap_or(0..sentence_words.len());
    let mut context = Context::PLAIN;
    for kind in KINDS {
        let ends = terminations(sentence_words, kind);
        let reached = triggers(sentence_words, kind, concept.as_ref(), &[]).iter().any(|trigger| {
            // A trigger written inside the condition after its first word qualifies a part of it,
            // not the condition (module doc).
            if concept.is_some() && trigger.start > mention.start && trigger.start < mention.end {
                return false;
            }
            let covered = scope(&scan, &ends, trigger, kind, concept.as_ref());
            covered.start < mention.end && mention.start < covered.end
        });
        if reached {
            mark(&mut context, kind);
        }
    }
    context
}

/// The context of every token; see [`super::assess_tokens`].
pub(super) fn assess_tokens(tokens: &[Token<'_>], protected: &[(usize, usize)]) -> Vec<Context> {
    let scan = Scan::new(words_of_tokens(tokens));
    let mut out = vec![Context::PLAIN; scan.words.len()];
    for kind in KINDS {
        let ends = terminations(&scan.words, kind);
        for trigger in triggers(&scan.words, kind, None, protected) {
            for k in scope(&scan, &ends, &trigger, kind, None) {
                mark(&mut out[k], kind);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Context, Experiencer, Negation, Temporality, assess_tokens};
    use crate::clinical_context::{Assertion, assertions};
    use crate::preauth::tokens::tokenize;

    fn context_of(text: &str, word: &str) -> Assertion {
        let t = tokenize(text);
        let c = assertions(&t, &[]);
        let i = t.iter().position(|x| x.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
        c[i]
    }

    // The cases below came with the engine from the pre-auth matcher; the rules they test are
    // NegEx's (Chapman 2001: pre/post triggers, pseudo-negations, termination) and ConText's
    // (Harkema 2009: uncertain, historical, other experiencer) as this reading applies them.

    #[test]
    fn pre_and_post_triggers() {
        assert_eq!(context_of("Denies fever, chills or night sweats", "sweats"), Assertion::Negated);
        assert_eq!(context_of("Denies bowel or bladder dysfunction, saddle anesthesia, fever, unexplained weight loss or history of cancer", "cancer"), Assertion::Negated);
        assert_eq!(context_of("No erythema or warmth, moderate effusion and marked crepitus", "crepitus"), Assertion::Affirmed);
        assert_eq!(context_of("No fever, chills, or night sweats", "sweats"), Assertion::Negated);
        assert_eq!(context_of("No evidence of active infection", "infection"), Assertion::Negated);
        assert_eq!(context_of("Blood cultures negative", "cultures"), Assertion::Negated);
        // A field answered in the negative; a field's other value is not.
        assert_eq!(context_of("Vape: no.", "vape"), Assertion::Negated);
        assert_eq!(context_of("Urinary tract infection 2019, treated and resolved", "infection"), Assertion::Negated);
        assert_eq!(context_of("Active infection of the knee, cultures negative", "infection"), Assertion::Affirmed);
        assert_eq!(context_of("Smokeless tobacco: none", "tobacco"), Assertion::Negated);
        assert_eq!(context_of("Pain: no relief from PT", "pain"), Assertion::Affirmed);
        assert_eq!(context_of("Vape: daily. Alcohol: no", "vape"), Assertion::Affirmed);
        assert_eq!(context_of("Infection was ruled out.", "infection"), Assertion::Negated);
        assert_eq!(context_of("Knee effusion present", "effusion"), Assertion::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures pending", "infection"), Assertion::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures negative", "infection"), Assertion::Affirmed);
        assert_eq!(context_of("History of hypertension, resolved after weight loss", "hypertension"), Assertion::Negated);
        assert_eq!(context_of("MRI pending", "mri"), Assertion::Uncertain);
        assert_eq!(context_of("Knee MRI scheduled for next week", "mri"), Assertion::Uncertain);
        // An order word before its noun describes that noun, not what came before.
        assert_eq!(context_of("Six weeks of scheduled ibuprofen have not helped", "weeks"), Assertion::Affirmed);
        assert_eq!(context_of("Candesartan has not been tried.", "candesartan"), Assertion::Negated);
        assert_eq!(context_of("Nerve conduction studies have not yet been performed.", "studies"), Assertion::Negated);
        assert_eq!(context_of("An MRI was not obtained.", "mri"), Assertion::Negated);
        assert_eq!(context_of("Complete extraction of dual-chamber ICD system", "icd"), Assertion::Negated);
        assert_eq!(context_of("Conservative therapy was not attempted.", "therapy"), Assertion::Negated);
    }

    #[test]
    fn scope_ends_at_clause_ends_and_terminators() {
        assert_eq!(context_of("No fever; knee swelling noted", "swelling"), Assertion::Affirmed);
        assert_eq!(context_of("No fever but persistent knee pain", "pain"), Assertion::Affirmed);
        assert_eq!(context_of("Denies trauma, however reports instability", "instability"), Assertion::Affirmed);
        // A bare negation covers nine content words (`lexicon::window`).
        assert_eq!(context_of("no alpha beta gamma delta epsilon zeta eta theta pain", "pain"), Assertion::Negated);
        assert_eq!(context_of("no alpha beta gamma delta epsilon zeta eta theta iota pain", "pain"), Assertion::Affirmed);
    }

    #[test]
    fn pseudo_negations_negate_nothing() {
        assert_eq!(context_of("No improvement in knee pain after therapy", "pain"), Assertion::Affirmed);
        assert_eq!(context_of("No change in radicular symptoms", "symptoms"), Assertion::Affirmed);
        assert_eq!(context_of("Did not respond to physical therapy", "therapy"), Assertion::Affirmed);
        assert_eq!(context_of("Diabetes not well controlled", "diabetes"), Assertion::Affirmed);
        assert_eq!(context_of("Infection not ruled out", "infection"), Assertion::Uncertain);
    }

    #[test]
    fn uncertain_historical_and_family() {
        assert_eq!(context_of("Risks including infection were discussed", "infection"), Assertion::Uncertain);
        assert_eq!(context_of("Will start physical therapy", "therapy"), Assertion::Uncertain);
        assert_eq!(context_of("Referral to physical therapy", "therapy"), Assertion::Uncertain);
        assert_eq!(context_of("History of knee infection in 2015", "infection"), Assertion::Historical);
        assert_eq!(context_of("Mother with breast cancer", "cancer"), Assertion::OtherPerson);
        assert_eq!(context_of("No history of malignancy", "malignancy"), Assertion::Negated);
        assert_eq!(context_of("Past history is notable for gout", "gout"), Assertion::Historical);
        assert_eq!(context_of("History: pneumonia as a child", "pneumonia"), Assertion::Historical, "a history heading");
        assert_eq!(context_of("The history suggests pneumonia", "pneumonia"), Assertion::Affirmed, "history only as a heading");
        assert_eq!(context_of("Post-traumatic arthritis of the ankle", "traumatic"), Assertion::Historical);
        assert_eq!(context_of("Opioid use disorder in sustained remission", "opioid"), Assertion::Negated);
        assert_eq!(context_of("8 weekly sessions, none missed", "sessions"), Assertion::Affirmed);
    }

    #[test]
    fn protected_names_are_not_triggers() {
        let t = tokenize("non-steroidal anti-inflammatory");
        assert_eq!(assertions(&t, &[])[1], Assertion::Negated);
        assert_eq!(assertions(&t, &[(0, 3)])[1], Assertion::Affirmed);
    }

    #[test]
    fn possible_and_hypothetical_are_kept_apart() {
        // NegEx's "possible" phrases (Chapman 2001) against ConText's hypothetical (Harkema 2009):
        // both read as uncertain, but the three contexts say which.
        let at = |text: &str, word: &str| {
            let t = tokenize(text);
            let i = t.iter().position(|x| x.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
            assess_tokens(&t, &[])[i]
        };
        assert_eq!(at("Suspicious for malignancy", "malignancy").negation, Negation::Possible);
        assert_eq!(at("Infection cannot be ruled out", "infection").negation, Negation::Possible);
        assert_eq!(at("Suspicious for malignancy", "malignancy").temporality, Temporality::Recent);
        assert_eq!(at("Return if fever develops", "fever").temporality, Temporality::Hypothetical);
        assert_eq!(at("Return if fever develops", "fever").negation, Negation::Affirmed);
        assert_eq!(at("Mother had breast cancer", "cancer").experiencer, Experiencer::Other);
        // Negation wins over doubt on the same word: "no possible infection" is negated.
        assert_eq!(at("No possible infection", "infection").assertion(), Assertion::Negated);
    }

    #[test]
    fn odd_input_is_plain_not_a_panic() {
        assert!(assess_tokens(&[], &[]).is_empty());
        let t = tokenize("no");
        assert_eq!(assess_tokens(&t, &[(5, 1), (0, 99)]), vec![Context::PLAIN]);
        let long = "denies fever, ".repeat(2000);
        let t = tokenize(&long);
        assert_eq!(assess_tokens(&t, &[]).len(), t.len());
        // A list scope reaches at most `MAX_SCOPE_WORDS` words, so a hostile endless list costs
        // linear time (quadratic, 60,000 words would take minutes): every item still denied.
        let hostile = "denies fever, chills, ".repeat(20_000);
        let t = tokenize(&hostile);
        let contexts = assess_tokens(&t, &[]);
        assert!(t.iter().zip(&contexts).filter(|(t, _)| t.lower != "denies").all(|(_, c)| c.negation == Negation::Negated));
    }
}
