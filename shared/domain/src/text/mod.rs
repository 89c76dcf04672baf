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
