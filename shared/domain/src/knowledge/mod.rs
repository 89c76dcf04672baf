//! Documents as retrieval material.
//!
//! - [`chunking`] — splits extracted text into overlapping chunks on sentence boundaries, each
//!   remembering its byte span so passages can be stitched back in document order.
//! - [`embedding`] — the offline embedder: signed feature hashing of stems, stem bigrams and
//!   character n-grams into a fixed-size unit vector. Deterministic, no model download.
//! - [`ranking`] — hybrid ranking: BM25 over the candidate set fused with cosine similarity by
//!   reciprocal rank fusion.
//! - [`Passage`] — a retrieved chunk as analyzers and chat see it.

pub mod chunking;
pub mod embedding;
pub mod ranking;

use serde::{Deserialize, Serialize};

/// What a chunk belongs to: a patient's clinical record (pre-auth), an insurer policy, or a
/// patient's health document (health insights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Record,
    Policy,
    HealthDocument,
}

/// A stored chunk of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// `<document id>#<ordinal, 4 digits>`.
    pub chunk_id: String,
    pub document_id: String,
    pub ordinal: u32,
    /// Byte span in the document's extracted text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A retrieved chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub chunk_id: String,
    pub document_id: String,
    /// The document's title (policies) or file name (records).
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    /// Relevance as the retriever scored it (higher is better; scales differ by retriever).
    #[serde(default)]
    pub score: f32,
    /// Position in the document, when the retriever knows it.
    #[serde(default)]
    pub ordinal: Option<u32>,
    /// Byte span in the document's text, when the retriever knows it.
    #[serde(default)]
    pub span: Option<(usize, usize)>,
}

/// A document's text put back together from its passages, in document order, with overlaps
/// removed. Passages without a span are appended in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct StitchedDocument {
    pub document_id: String,
    pub title: Option<String>,
    pub text: String,
    /// For each passage used: its chunk id and its byte span in `text`.
    pub pieces: Vec<(String, usize, usize)>,
}

impl StitchedDocument {
    /// Chunk ids whose span overlaps `[start, end)` of the stitched text.
    pub fn chunks_covering(&self, start: usize, end: usize) -> Vec<String> {
        self.pieces.iter().filter(|(_, s, e)| *s < end.max(start + 1) && start < *e).map(|(id, _, _)| id.clone()).collect()
    }
}

/// Stitches passages into one text per document (documents in first-seen order).
pub fn stitch(passages: &[Passage]) -> Vec<StitchedDocument> {
    let mut order: Vec<&str> = Vec::new();
    for p in passages {
        if !order.contains(&p.document_id.as_str()) {
            order.push(&p.document_id);
        }
    }
    order
        .into_iter()
        .map(|doc| {
            let mut parts: Vec<&Passage> = passages.iter().filter(|p| p.document_id == doc).collect();
            parts.sort_by_key(|p| (p.span.map_or(usize::MAX, |s| s.0), p.ordinal.unwrap_or(u32::MAX)));
            parts.dedup_by(|a, b| a.chunk_id == b.chunk_id);
            let mut text = String::new();
            let mut pieces = Vec::new();
            let mut covered_to: Option<usize> = None;
            for p in parts {
                let piece_start = text.len();
                match (p.span, covered_to) {
                    (Some((s, e)), Some(end)) if s < end => {
                        // Overlap: append only the part past what we already have.
                        let skip = end - s;
                        if skip < p.text.len() && p.text.is_char_boundary(skip) {
                            text.push_str(&p.text[skip..]);
                        }
                        covered_to = Some(end.max(e));
                        pieces.push((p.chunk_id.clone(), piece_start.saturating_sub(skip), text.len()));
                        continue;
                    }
                    _ => {
                        if !text.is_empty() {
                            text.push_str("\n\n");
                        }
                        let start = text.len();
                        text.push_str(&p.text);
                        covered_to = p.span.map(|(_, e)| e);
                        pieces.push((p.chunk_id.clone(), start, text.len()));
                    }
                }
            }
            let title = passages.iter().find(|p| p.document_id == doc).and_then(|p| p.title.clone());
            StitchedDocument { document_id: doc.to_string(), title, text, pieces }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(id: &str, doc: &str, text: &str, span: Option<(usize, usize)>) -> Passage {
        Passage { chunk_id: id.into(), document_id: doc.into(), title: None, text: text.into(), score: 0.0, ordinal: None, span }
    }

    #[test]
    fn stitching_restores_document_order_and_drops_overlap() {
        let source = "One two. Three four. Five six.";
        let a = passage("d#0", "d", &source[0..20], Some((0, 20)));
        let b = passage("d#1", "d", &source[9..30], Some((9, 30)));
        let docs = stitch(&[b, a]);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, source);
        assert_eq!(docs[0].chunks_covering(22, 25), vec!["d#1".to_string()]);
    }

    #[test]
    fn passages_without_spans_are_joined_as_given() {
        let docs = stitch(&[passage("x", "d1", "alpha", None), passage("y", "d2", "beta", None), passage("z", "d1", "gamma", None)]);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "alpha\n\ngamma");
    }
}
