//! Scanning a sentence: its words and clause ends, the triggers found in it, and whether the
//! condition's words fall inside a trigger's scope.
//!
//! One pass per kind (negation, historical, hypothetical, experiencer), as NegEx and ConText run
//! each trigger type independently: at each word a pseudo-trigger of that kind is skipped whole,
//! else the longest trigger phrase starting there opens a scope (both NegEx rules). The scope
//! ends at a clause end, a termination term of its kind or the kind's window (NegEx, ConText).
//!
//! Four refinements, each added after reading the development pairs and each a general reading
//! rule rather than a fit to one sentence:
//! - a pseudo-trigger that overlaps the condition does not shield it ("no change in vision" when
//!   the condition is "change in vision");
//! - a trigger inside the condition after its first word qualifies part of it, not the condition
//!   ("pharynx is pink without exudates" is an affirmed finding); without this rule negation
//!   precision on the pairs falls from 0.98 to 0.94;
//! - a heading trigger (followed by a colon) governs its whole clause, except for negation, whose
//!   scope a later colon ends ("Extremities: no cyanosis. Neck: supple");
//! - a scope does not leave the brackets it starts in ("(slides not submitted) indicates …").

use std::ops::Range;

use super::lexicon::{Kind, LIST_NEGATION, Reach, RULES, TERMINATION_COMMON, pseudo, termination, window};
use super::{Context, Experiencer, Negation, Temporality};
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

fn words_of(sentence: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut previous_end = 0;
    let mut depth = 0usize;
    for (start, end) in pieces(sentence) {
        let gap = &sentence[previous_end..start];
        let mut lower = sentence[start..end].to_lowercase().replace('’', "'");
        if lower == "ve" && (gap.ends_with('-') || gap.ends_with('+')) {
            lower = format!("{}ve", &gap[gap.len() - 1..]);
        }
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
        depth = (depth + gap.matches(['(', '[']).count()).saturating_sub(gap.matches([')', ']']).count());
        out.push(Word { lower, start, end, stop_before, colon_before: gap.contains(':'), comma_before: gap.contains(','), depth });
        previous_end = end;
    }
    out
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

fn longest_at(sentence: &[Word], i: usize, phrases: &[&str]) -> Option<usize> {
    phrases.iter().filter_map(|p| phrase_at(sentence, i, p)).max()
}

fn terminates(sentence: &[Word], i: usize, kind: Kind) -> bool {
    std::iter::once(TERMINATION_COMMON)
        .chain(termination(kind).iter().copied())
        .any(|phrases| longest_at(sentence, i, phrases).is_some())
}

/// A trigger found in the sentence: words `start..end`.
struct Trigger {
    start: usize,
    end: usize,
    reach: Reach,
    /// Governs a comma-separated list ([`LIST_NEGATION`]).
    list: bool,
}

/// The condition's words, and whether it stands for the whole sentence (a condition not found).
struct Mention {
    words: Range<usize>,
    whole_sentence: bool,
}

/// The triggers of `kind`, scanning left to right, pseudo-triggers skipped. A word may trigger
/// both ways ("previously had a splenectomy", "splenectomy previously").
fn triggers(sentence: &[Word], kind: Kind, mention: &Mention) -> Vec<Trigger> {
    let concept = &mention.words;
    let mut found = Vec::new();
    let mut i = 0;
    while i < sentence.len() {
        if let Some(n) = pseudo(kind).iter().filter_map(|phrases| longest_at(sentence, i, phrases)).max() {
            let overlaps_concept = i < concept.end && concept.start < i + n;
            if mention.whole_sentence || !overlaps_concept {
                i += n;
                continue;
            }
        }
        let matches: Vec<(usize, Reach)> = RULES
            .iter()
            .filter(|rule| rule.kind == kind)
            .filter_map(|rule| longest_at(sentence, i, rule.phrases).map(|n| (n, rule.reach)))
            .collect();
        let Some(n) = matches.iter().map(|(n, _)| *n).max() else {
            i += 1;
            continue;
        };
        let list = kind == Kind::Negation && longest_at(sentence, i, LIST_NEGATION) == Some(n);
        for reach in [Reach::Forward, Reach::Backward] {
            if matches.contains(&(n, reach)) {
                found.push(Trigger { start: i, end: i + n, reach, list });
            }
        }
        i += n;
    }
    found
}

fn counts_toward_window(word: &Word) -> bool {
    !is_stopword(&word.lower) && word.lower.chars().any(char::is_alphabetic)
}

/// Whether the trigger's scope reaches a word of the mention.
fn reaches(sentence: &[Word], trigger: &Trigger, kind: Kind, mention: &Mention) -> bool {
    let concept = &mention.words;
    // A trigger written inside the condition after its first word qualifies a part of it, not
    // the condition: "pharynx is pink without exudates" is an affirmed finding, as the NegEx
    // physicians read it (module doc).
    if !mention.whole_sentence && trigger.start > concept.start && trigger.start < concept.end {
        return false;
    }
    // A heading ("Past medical history: …", "… any of the following are noted: …") governs its
    // whole clause, however long the list after it.
    let heading = sentence.get(trigger.end).is_some_and(|w| w.colon_before);
    let limit = if heading && kind != Kind::Negation { usize::MAX } else { window(kind) };
    let depth = sentence[trigger.start].depth;
    let mut counted = 0;
    match trigger.reach {
        Reach::Forward => {
            for k in trigger.end..sentence.len() {
                let word = &sentence[k];
                // A colon right after the trigger introduces what it governs ("Denies: fever");
                // later, it ends a negation's clause. A bracket closing around the trigger ends
                // its scope ("(slides not submitted) indicates a diagnosis of …").
                let colon_ends = kind == Kind::Negation && word.colon_before && k > trigger.end;
                if word.stop_before || colon_ends || word.depth < depth {
                    return false;
                }
                if concept.contains(&k) {
                    return true;
                }
                if terminates(sentence, k, kind) {
                    return false;
                }
                if trigger.list && word.comma_before {
                    counted = 0;
                }
                if counts_toward_window(word) {
                    counted += 1;
                    if counted > limit {
                        return false;
                    }
                }
            }
            false
        }
        Reach::Backward => {
            let mut k = trigger.start;
            while k > 0 {
                let colon_ends = kind == Kind::Negation && sentence[k].colon_before;
                if sentence[k].stop_before || colon_ends || sentence[k - 1].depth < depth {
                    return false;
                }
                k -= 1;
                if concept.contains(&k) {
                    return true;
                }
                if terminates(sentence, k, kind) {
                    return false;
                }
                if counts_toward_window(&sentence[k]) {
                    counted += 1;
                    if counted > limit {
                        return false;
                    }
                }
            }
            false
        }
    }
}

fn in_scope_of(sentence: &[Word], kind: Kind, mention: &Mention) -> bool {
    triggers(sentence, kind, mention).iter().any(|t| reaches(sentence, t, kind, mention))
}

/// The context of the mention at byte range `span` of `sentence`; `None` judges the whole
/// sentence (every trigger in it counts).
pub(super) fn assess(sentence: &str, span: Option<Range<usize>>) -> Context {
    let sentence_words = words_of(sentence);
    let mention = match span {
        None => Mention { words: 0..sentence_words.len(), whole_sentence: true },
        Some(span) => {
            let first = sentence_words.iter().position(|w| w.end > span.start);
            let last = sentence_words.iter().rposition(|w| w.start < span.end);
            let words = match (first, last) {
                (Some(a), Some(b)) if a <= b => a..b + 1,
                // A span with no word in it: nothing can reach it.
                _ => 0..0,
            };
            Mention { words, whole_sentence: false }
        }
    };
    let negation =
        if in_scope_of(&sentence_words, Kind::Negation, &mention) { Negation::Negated } else { Negation::Affirmed };
    let temporality = if in_scope_of(&sentence_words, Kind::Hypothetical, &mention) {
        Temporality::Hypothetical
    } else if in_scope_of(&sentence_words, Kind::Historical, &mention) {
        Temporality::Historical
    } else {
        Temporality::Recent
    };
    let experiencer = if in_scope_of(&sentence_words, Kind::Experiencer, &mention) {
        Experiencer::Other
    } else {
        Experiencer::Patient
    };
    Context { negation, temporality, experiencer }
}
