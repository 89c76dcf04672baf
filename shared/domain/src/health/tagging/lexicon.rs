//! Phrase lists and how a clause's words are matched against them.
//!
//! A phrase is written as lower-case words separated by spaces, with `|` between alternatives
//! for one word (`"breast cancer|carcinoma|malignancy"`). Words are the tokenizer's
//! ([`crate::preauth::tokens`]): split at hyphens and slashes, so `BI-RADS` is `bi rads`, `s/p` is
//! `s p` and `25-OH` is `25 oh`. Matching takes the longest phrase at each position, left to right.
//!
//! OCR damage is repaired per word, and only towards a word some phrase uses: `rn` read as `m`
//! (`rnammogram`), digits for letters (`cholestero1`, `rnalignancy`) and letters for digits
//! (`BRCAl`, `HbAlc`, `Bl2`). A word no phrase uses is left as it is.

use std::collections::{HashMap, HashSet};

/// A compiled phrase: for each word, its alternatives.
type Phrase = Vec<Vec<&'static str>>;

/// A compiled phrase list, indexed by the alternatives of each phrase's first word.
pub(crate) struct Lexicon<T: Copy + 'static> {
    by_first: HashMap<&'static str, Vec<(Phrase, T)>>,
}

/// One match: inclusive token range and the phrase's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match<T> {
    pub first: usize,
    pub last: usize,
    pub value: T,
}

fn compile(phrase: &'static str) -> Phrase {
    phrase.split(' ').filter(|w| !w.is_empty()).map(|w| w.split('|').collect()).collect()
}

impl<T: Copy + 'static> Lexicon<T> {
    pub(crate) fn new(entries: &[(&'static str, T)]) -> Self {
        let mut by_first: HashMap<&'static str, Vec<(Phrase, T)>> = HashMap::new();
        for (phrase, value) in entries {
            let words = compile(phrase);
            for first in &words[0] {
                by_first.entry(first).or_default().push((words.clone(), *value));
            }
        }
        Lexicon { by_first }
    }

    /// The longest phrase starting at `i`, as (last token, value).
    pub(crate) fn longest_at(&self, words: &[String], i: usize) -> Option<(usize, T)> {
        let candidates = self.by_first.get(words.get(i)?.as_str())?;
        candidates
            .iter()
            .filter(|(phrase, _)| {
                i + phrase.len() <= words.len()
                    && phrase.iter().enumerate().skip(1).all(|(k, alts)| alts.contains(&words[i + k].as_str()))
            })
            .max_by_key(|(phrase, _)| phrase.len())
            .map(|(phrase, value)| (i + phrase.len() - 1, *value))
    }

    /// Longest matches, left to right, not overlapping.
    pub(crate) fn matches(&self, words: &[String]) -> Vec<Match<T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.longest_at(words, i) {
                Some((last, value)) => {
                    out.push(Match { first: i, last, value });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Every word some phrase uses, and the words that tell a clause is worth reading: each phrase's
/// first content word ("children" for "no children", "child" for "first child"), since a phrase
/// cannot match without it. Function words are not keys: "no" and "first" are in every other
/// sentence, and a key that common would send every sentence through the context engine.
pub(crate) struct Vocabulary {
    pub words: HashSet<&'static str>,
    pub keys: HashSet<&'static str>,
}

/// Words that open phrases but say nothing alone.
const FUNCTION_WORDS: &[&str] = &[
    "no", "never", "has", "first", "the", "of", "a", "an", "in", "and", "or", "with", "not", "non", "free", "total",
    "left", "right", "bilateral", "both", "t", "g", "p", "us", "mr", "has", "male",
];

impl Vocabulary {
    /// From every phrase of every list, and the keys of rules that are not phrase lists.
    pub(crate) fn build(
        phrases: impl IntoIterator<Item = &'static str>,
        extra_keys: impl IntoIterator<Item = &'static str>,
    ) -> Vocabulary {
        let mut words = HashSet::new();
        let mut keys: HashSet<&'static str> = extra_keys.into_iter().collect();
        for phrase in phrases {
            let compiled = compile(phrase);
            words.extend(compiled.iter().flatten().copied());
            let key =
                compiled.iter().find(|alts| !alts.iter().all(|w| FUNCTION_WORDS.contains(w))).or(compiled.first());
            keys.extend(key.into_iter().flatten().copied());
        }
        Vocabulary { words, keys }
    }
}

/// `word` (lower case) as the vocabulary spells it, repairing OCR confusions when that yields a
/// vocabulary word.
pub(crate) fn normalise(word: &str, vocabulary: &HashSet<&'static str>) -> String {
    if vocabulary.contains(word) || word.len() < 3 || word.len() > 24 {
        return word.to_string();
    }
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let has_letter = word.chars().any(|c| c.is_ascii_alphabetic());
    let mut candidates: Vec<String> = Vec::new();
    if word.contains("rn") {
        candidates.push(word.replace("rn", "m"));
    }
    if has_digit && has_letter {
        let letters: String = word
            .chars()
            .map(|c| match c {
                '1' => 'l',
                '0' => 'o',
                '5' => 's',
                other => other,
            })
            .collect();
        candidates.push(letters.replace("rn", "m"));
        candidates.push(letters);
    }
    if has_letter && word.len() <= 6 && (word.contains('l') || word.contains('o')) {
        // `brcal` → `brca1`, `hbalc` → `hba1c`, `bl2` → `b12`: one letter at a time, as OCR
        // rarely confuses two in a short word.
        for (i, c) in word.char_indices() {
            let digit = match c {
                'l' | 'i' => '1',
                'o' => '0',
                _ => continue,
            };
            let mut repaired = word.to_string();
            repaired.replace_range(i..i + 1, &digit.to_string());
            candidates.push(repaired);
        }
    }
    candidates.into_iter().find(|c| vocabulary.contains(c.as_str())).unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn longest_phrase_wins_and_matches_do_not_overlap() {
        let lexicon = Lexicon::new(&[
            ("ductal hyperplasia", 1),
            ("atypical ductal hyperplasia", 2),
            ("breast cancer|carcinoma", 3),
        ]);
        let found = lexicon.matches(&words("atypical ductal hyperplasia and breast carcinoma"));
        assert_eq!(found, [Match { first: 0, last: 2, value: 2 }, Match { first: 4, last: 5, value: 3 }]);
    }

    #[test]
    fn ocr_repair_only_towards_known_words() {
        let vocabulary: HashSet<&'static str> =
            ["mammogram", "cholesterol", "brca1", "hba1c", "b12", "malignancy"].into();
        assert_eq!(normalise("rnammogram", &vocabulary), "mammogram");
        assert_eq!(normalise("cholestero1", &vocabulary), "cholesterol");
        assert_eq!(normalise("brcal", &vocabulary), "brca1");
        assert_eq!(normalise("hbalc", &vocabulary), "hba1c");
        assert_eq!(normalise("bl2", &vocabulary), "b12");
        assert_eq!(normalise("rnalignancy", &vocabulary), "malignancy");
        assert_eq!(normalise("modern", &vocabulary), "modern");
    }
}
