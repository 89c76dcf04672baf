//! Words and terms. A *word* is a maximal run of letters or digits (with inner `'`, `-` kept
//! together as in `x-ray`, `post-op`); a *term* is a lower-cased, stemmed, non-stop word, the unit
//! both BM25 and the evidence matcher count.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// A word and where it sits in the text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// The words of `text`, in order. Inner hyphens, apostrophes, dots between digits (`2.5`) and
/// slashes between letters (`b/l`) stay inside a word.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let inner_joiner = matches!(c, '-' | '\'' | '’' | '.' | '/')
            && start.is_some()
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric())
            && match c {
                '.' => i > 0 && bytes[i - 1].is_ascii_digit() && iter.peek().is_some_and(|(_, n)| n.is_ascii_digit()),
                '/' => i > 0 && bytes[i - 1].is_ascii_alphabetic() && iter.peek().is_some_and(|(_, n)| n.is_alphabetic()),
                _ => true,
            };
        if c.is_alphanumeric() || inner_joiner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word { text: &text[s..i], start: s, end: i });
        }
    }
    if let Some(s) = start {
        out.push(Word { text: &text[s..], start: s, end: text.len() });
    }
    out
}

/// Common English function words that carry no evidence on their own. Negation words (`no`,
/// `not`, `without`) are deliberately absent: the matcher needs them.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "by", "for", "from", "had", "has", "have", "he", "her",
    "his", "i", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "was", "we", "were", "which", "who", "will", "with", "would",
    "you", "your", "also", "than", "such", "any", "all", "each", "other", "following", "must", "should", "may", "can",
    "per", "via", "upon", "within", "both", "either", "one", "if", "what", "when", "where", "how", "do", "does", "did",
    "so", "but", "about", "after", "before", "during", "over", "under", "up", "out", "more", "most", "some", "only",
];

pub fn is_stopword(lowercase_word: &str) -> bool {
    STOPWORDS.binary_search(&lowercase_word).is_ok() || STOPWORDS.contains(&lowercase_word)
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The Snowball English stem of a lower-case word.
pub fn stem(lowercase_word: &str) -> String {
    stemmer().stem(lowercase_word).into_owned()
}

/// Lower-cased, stemmed, non-stop terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|w| w.text.to_lowercase().replace('’', "'"))
        .filter(|w| !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_clinical_tokens_together() {
        let ws: Vec<&str> = words("Post-op x-ray (BMI 41.5), b/l knees; pt's pain.").iter().map(|w| w.text).collect();
        assert_eq!(ws, ["Post-op", "x-ray", "BMI", "41.5", "b/l", "knees", "pt's", "pain"]);
    }

    #[test]
    fn word_offsets_point_into_the_text() {
        let text = "Knee pain — worse";
        for w in words(text) {
            assert_eq!(&text[w.start..w.end], w.text);
        }
    }

    #[test]
    fn terms_are_stemmed_and_drop_stop_words_but_keep_negations() {
        assert_eq!(terms("The patient has failed injections"), ["patient", "fail", "inject"]);
        assert_eq!(terms("no relief without therapy"), ["no", "relief", "without", "therapi"]);
    }
}
