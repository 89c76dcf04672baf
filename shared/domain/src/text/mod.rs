//! Text handling shared by retrieval ranking and evidence matching: word spans, normalised and
//! stemmed terms, stop words and sentence boundaries. English only, as the seed's documents are.

mod sentences;
mod terms;

pub use sentences::{Sentence, sentences};
pub(crate) use sentences::starts_list_item;
pub use terms::{Word, is_stopword, stem, terms, words};

/// `text` less what stands in parentheses, the parentheses too ("House dust mite (D.
/// pteronyssinus)" → "House dust mite "): a policy heading's qualifier, a label's Latin name.
pub(crate) fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// `word` with British spellings made American: "ae" and "oe" before a consonant as "e"
/// ("haem", "anaemia", "paediatric", "caesarean", "oedema", "oestrogen", "coeliac"), a final
/// "our" as "or" ("tumour", "colour"), in words of six letters or more.
pub fn american(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().count() < 6 || !word.is_ascii() {
        return std::borrow::Cow::Borrowed(word);
    }
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = (bytes[i], bytes.get(i + 1).copied());
        let next = bytes.get(i + 2).copied();
        if matches!(pair, (b'a', Some(b'e')) | (b'o', Some(b'e'))) && next.is_some_and(|c| c.is_ascii_alphabetic() && !b"aeiouy".contains(&c)) {
            out.push('e');
            i += 2;
            continue;
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    if let Some(stem) = out.strip_suffix("our") {
        out = format!("{stem}or");
    }
    if out == word { std::borrow::Cow::Borrowed(word) } else { std::borrow::Cow::Owned(out) }
}
