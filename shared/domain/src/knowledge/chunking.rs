//! Splits a document's text into chunks for retrieval. Chunks end on sentence boundaries, aim at
//! `target_chars` and never exceed `max_chars` unless a single sentence does (then it is cut at
//! word boundaries). Consecutive chunks share `overlap_sentences` sentences so a fact stated
//! across a boundary is still found whole in one chunk.

use crate::knowledge::Chunk;
use crate::text::sentences;

#[derive(Debug, Clone, Copy)]
pub struct ChunkingOptions {
    pub target_chars: usize,
    pub max_chars: usize,
    pub overlap_sentences: usize,
}

impl Default for ChunkingOptions {
    /// About a paragraph or two: small enough to cite precisely, large enough to keep context.
    fn default() -> Self {
        Self { target_chars: 900, max_chars: 1_400, overlap_sentences: 1 }
    }
}

/// Byte spans of the pieces of one over-long sentence, cut at whitespace.
fn split_long(text: &str, start: usize, end: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    while end - s > max {
        let mut cut = s + max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[s..cut];
        let at = window.rfind(char::is_whitespace).filter(|&i| i > 0).map_or(cut, |i| s + i);
        out.push((s, at));
        s = at;
        while s < end && text[s..].starts_with(char::is_whitespace) {
            s += text[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if s < end {
        out.push((s, end));
    }
    out
}

/// The chunks of `text`, numbered from 0, ids `<document_id>#<ordinal>`.
pub fn chunk(document_id: &str, text: &str, options: ChunkingOptions) -> Vec<Chunk> {
    let units: Vec<(usize, usize)> = sentences(text)
        .into_iter()
        .flat_map(|s| split_long(text, s.start, s.end, options.max_chars))
        .collect();
    let mut chunks = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let first = i;
        let start = units[i].0;
        let mut end = units[i].1;
        i += 1;
        while i < units.len() && units[i].1 - start <= options.max_chars && end - start < options.target_chars {
            end = units[i].1;
            i += 1;
        }
        let ordinal = chunks.len() as u32;
        chunks.push(Chunk {
            chunk_id: format!("{document_id}#{ordinal:04}"),
            document_id: document_id.to_string(),
            ordinal,
            start,
            end,
            text: text[start..end].to_string(),
        });
        if i < units.len() {
            // Step back for overlap, but always make progress.
            i = (i.saturating_sub(options.overlap_sentences)).max(first + 1);
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_text_on_sentence_boundaries_with_overlap() {
        let text = (1..=40).map(|i| format!("Sentence number {i} says something clinical.")).collect::<Vec<_>>().join(" ");
        let chunks = chunk("REC-1", &text, ChunkingOptions { target_chars: 200, max_chars: 300, overlap_sentences: 1 });
        assert!(chunks.len() > 5);
        assert_eq!(chunks[0].start, 0);
        assert_eq!(chunks.last().unwrap().end, text.len());
        for pair in chunks.windows(2) {
            assert!(pair[1].start < pair[0].end, "consecutive chunks overlap");
            assert!(pair[1].start > pair[0].start, "progress");
        }
        for c in &chunks {
            assert_eq!(&text[c.start..c.end], c.text);
            assert!(c.text.len() <= 300);
            assert!(c.text.ends_with('.'));
        }
        assert_eq!(chunks[3].chunk_id, "REC-1#0003");
    }

    #[test]
    fn an_over_long_sentence_is_cut_at_words() {
        let text = "word ".repeat(1000);
        let chunks = chunk("d", text.trim(), ChunkingOptions { target_chars: 100, max_chars: 120, overlap_sentences: 0 });
        assert!(chunks.iter().all(|c| c.text.len() <= 120 && !c.text.starts_with(' ')));
        assert!(chunks.iter().all(|c| c.text.split(' ').all(|w| w == "word")));
    }

    #[test]
    fn empty_text_has_no_chunks() {
        assert!(chunk("d", "  \n ", ChunkingOptions::default()).is_empty());
    }
}
