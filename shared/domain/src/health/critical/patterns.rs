//! The pattern language the rules are written in, and its matcher.

use std::ops::Range;

use super::vocabulary::{class, WordClass};

pub(super) enum Alt {
    Word(&'static str),
    Prefix(&'static str),
    Class(&'static WordClass),
}

impl Alt {
    pub(super) fn matches(&self, word: &str) -> bool {
        match self {
            Alt::Word(w) => word == *w,
            Alt::Prefix(p) => word.starts_with(p),
            Alt::Class(class) => class.contains(word),
        }
    }
}

pub(super) enum Slot {
    One(Vec<Alt>),
    Optional(Vec<Alt>),
    Gap(usize),
    NotNext(Vec<Alt>),
    End,
}

pub(super) struct Pattern {
    slots: Vec<Slot>,
}

/// A clause break inside a sentence (a comma, a colon, a dash).
pub(super) const COMMA: &str = ",";
/// A sentence break.
pub(super) const STOP: &str = ".";

impl Pattern {
    pub(super) fn parse(text: &'static str, unknown: &mut Vec<String>) -> Pattern {
        let alts = |spec: &'static str, unknown: &mut Vec<String>| -> Vec<Alt> {
            let mut out = Vec::new();
            for alt in spec.split('|') {
                if let Some(name) = alt.strip_prefix('@') {
                    match class(name) {
                        Some(words) => out.push(Alt::Class(words)),
                        None => unknown.push(name.to_string()),
                    }
                } else if let Some(stem) = alt.strip_suffix('*') {
                    out.push(Alt::Prefix(stem));
                } else {
                    out.push(Alt::Word(alt));
                }
            }
            out
        };
        let slots = text
            .split_whitespace()
            .map(|token| {
                if token == "$" {
                    Slot::End
                } else if let Some(n) = token.strip_prefix('~') {
                    Slot::Gap(n.parse().unwrap_or(1))
                } else if let Some(spec) = token.strip_prefix('?') {
                    Slot::Optional(alts(spec, unknown))
                } else if let Some(spec) = token.strip_prefix('!') {
                    Slot::NotNext(alts(spec, unknown))
                } else {
                    Slot::One(alts(token, unknown))
                }
            })
            .collect();
        Pattern { slots }
    }

    /// The literal words the pattern can match, for the repair vocabulary.
    pub(super) fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.slots.iter().flat_map(|slot| match slot {
            Slot::One(alts) | Slot::Optional(alts) => alts
                .iter()
                .flat_map(|alt| match alt {
                    Alt::Word(w) => vec![*w],
                    Alt::Prefix(_) => Vec::new(),
                    Alt::Class(class) => class.lists.iter().flat_map(|list| list.iter().copied()).collect(),
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }

    /// Every place the pattern matches in `words`: for each start, the shortest match. A gap
    /// never covers a comma nor a word of `blocked`.
    pub(super) fn find_all(&self, words: &[String], blocked: &[&str]) -> Vec<Range<usize>> {
        (0..words.len()).filter_map(|start| self.match_at(0, words, start, blocked).map(|end| start..end)).collect()
    }

    pub(super) fn find(&self, words: &[String], blocked: &[&str]) -> bool {
        (0..words.len()).any(|start| self.match_at(0, words, start, blocked).is_some())
    }

    pub(super) fn match_at(&self, slot: usize, words: &[String], at: usize, blocked: &[&str]) -> Option<usize> {
        let Some(current) = self.slots.get(slot) else { return Some(at) };
        let word = words.get(at).map(String::as_str).filter(|w| *w != COMMA);
        match current {
            Slot::One(alts) => {
                let word = word?;
                alts.iter().any(|alt| alt.matches(word)).then_some(())?;
                self.match_at(slot + 1, words, at + 1, blocked)
            }
            Slot::Optional(alts) => {
                let taken = word.is_some_and(|w| alts.iter().any(|alt| alt.matches(w)));
                if let Some(end) = taken.then(|| self.match_at(slot + 1, words, at + 1, blocked)).flatten() {
                    return Some(end);
                }
                self.match_at(slot + 1, words, at, blocked)
            }
            Slot::Gap(n) => {
                for skip in 0..=*n {
                    if skip > 0 {
                        let skipped = words.get(at + skip - 1).map(String::as_str)?;
                        if skipped == COMMA || blocked.contains(&skipped) {
                            return None;
                        }
                    }
                    if let Some(end) = self.match_at(slot + 1, words, at + skip, blocked) {
                        return Some(end);
                    }
                }
                None
            }
            Slot::NotNext(alts) => {
                if word.is_some_and(|w| alts.iter().any(|alt| alt.matches(w))) {
                    return None;
                }
                self.match_at(slot + 1, words, at, blocked)
            }
            // The end of the sentence, or of a clause: "what do I have, is it flu".
            Slot::End => (at >= words.len() || words[at] == COMMA).then(|| self.match_at(slot + 1, words, at, blocked)).flatten(),
        }
    }
}

