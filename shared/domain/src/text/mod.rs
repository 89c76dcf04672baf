//! Text handling shared by retrieval ranking and evidence matching: word spans, normalised and
//! stemmed terms, stop words and sentence boundaries. English only, as the seed's documents are.

mod sentences;
mod terms;

pub use sentences::{Sentence, sentences};
pub(crate) use sentences::starts_list_item;
pub use terms::{Word, is_stopword, stem, terms, words};
