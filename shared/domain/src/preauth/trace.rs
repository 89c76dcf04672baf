//! Makes a finding's quoted evidence traceable: each quote found again in the stored text of the
//! patient's records, with the document, its date, the character span and the passage around it
//! (`GET /preauth/cases/{case_id}/evidence/{criterion_id}`).
//!
//! - **Quotes** are the double-quoted segments of a finding's `evidence` — the form both the
//!   offline matcher (`"…" (file)`) and the model's prompt use. A quote the matcher shortened
//!   ends in `…`; only the part before it is looked for.
//! - **Stored text** is a record's text as indexed: its chunks laid back at their byte offsets
//!   ([`rebuild`]); the whitespace between sentences that no chunk holds comes back as spaces, so
//!   offsets into the rebuilt text are offsets into the indexed text.
//! - **Matching** ignores differences in whitespace and letter case (quotes are whitespace
//!   normalised); documents the finding cites are searched first, then the patient's other
//!   records. A quote found nowhere is reported as not located, never guessed.
//! - **Spans** count Unicode scalar values (characters) from the start of the stored text,
//!   end exclusive; the passage is the surrounding text cut at sentence or line ends, at most
//!   [`PASSAGE_RADIUS`] characters either side.
//! - **Dates**: the date the document was stored with, else the date the text gives as its own
//!   ("Date of service: …", a letter's date line), else a `YYYY-MM-DD` prefix of its file name.

use chrono::NaiveDate;
use serde::Serialize;

use crate::knowledge::Chunk;

/// How far the passage reaches either side of a quote, in characters.
pub const PASSAGE_RADIUS: usize = 400;
/// Quotes shorter than this (after trimming) are too unspecific to locate.
const MIN_QUOTE_CHARS: usize = 8;

/// A patient record as the trace reads it.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub document_id: String,
    pub title: String,
    pub document_date: Option<NaiveDate>,
    /// The indexed text ([`rebuild`]).
    pub text: String,
    /// `(chunk id, start, end)`, character offsets into `text`.
    pub chunks: Vec<(String, usize, usize)>,
}

impl StoredRecord {
    /// A record from its chunks (any order) and what its index entry says.
    pub fn from_chunks(document_id: &str, title: &str, stored_date: Option<NaiveDate>, chunks: &[Chunk]) -> Self {
        let text = rebuild(chunks);
        let chars = CharIndex::of(&text);
        let spans = chunks.iter().map(|c| (c.chunk_id.clone(), chars.at(c.start), chars.at(c.end))).collect();
        let document_date = stored_date.or_else(|| crate::health::tagging::document_date(&text)).or_else(|| date_prefix(title));
        Self { document_id: document_id.to_string(), title: title.to_string(), document_date, text, chunks: spans }
    }
}

/// One quote and where it was found.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TracedQuote {
    /// The quote as the evidence gives it.
    pub quote: String,
    /// Whether it was found in a stored record; when not, the fields below are null.
    pub located: bool,
    #[schema(required = true)]
    pub document_id: Option<String>,
    /// The record's title (file name).
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub document_date: Option<NaiveDate>,
    /// The chunk holding the quote's start.
    #[schema(required = true)]
    pub chunk_id: Option<String>,
    /// Character span of the quote in the record's stored text (end exclusive).
    #[schema(required = true)]
    pub span: Option<Span>,
    /// The text around the quote, and its own span in the stored text.
    #[schema(required = true)]
    pub passage: Option<QuotePassage>,
}

/// A character range, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The surrounding text of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct QuotePassage {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The double-quoted segments of an evidence text, in order, each at most once. A quote closes
/// at a `"` followed by the end, whitespace or punctuation, so a quote that itself contains a
/// quoted word ("states "it locks" daily") stays whole when the closing mark is followed by a
/// space and a source in parentheses.
pub fn quotes_in(evidence: &str) -> Vec<String> {
    let chars: Vec<char> = evidence.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let opens = matches!(chars[i], '"' | '“') && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !opens {
            i += 1;
            continue;
        }
        // The closing mark: prefer one followed by " (" (the source), else the first closing
        // mark followed by a non-word character.
        let closes = |j: usize| matches!(chars[j], '"' | '”') && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric());
        let mut close = None;
        let mut first = None;
        for j in i + 1..chars.len() {
            if closes(j) {
                first.get_or_insert(j);
                if chars.get(j + 1) == Some(&' ') && chars.get(j + 2) == Some(&'(') {
                    close = Some(j);
                    break;
                }
                if chars.get(j + 1).is_none() {
                    break;
                }
            }
        }
        let Some(end) = close.or(first) else { break };
        let quote: String = chars[i + 1..end].iter().collect();
        let quote = quote.trim().to_string();
        if !quote.is_empty() && !out.contains(&quote) {
            out.push(quote);
        }
        i = end + 1;
    }
    out
}

/// A document's text from its chunks: each laid at its byte offset, gaps filled with spaces.
/// Chunks that disagree about an overlapping byte keep the first one laid.
pub fn rebuild(chunks: &[Chunk]) -> String {
    let len = chunks.iter().map(|c| c.start + c.text.len()).max().unwrap_or(0);
    let mut bytes = vec![b' '; len];
    let mut filled = vec![false; len];
    let mut ordered: Vec<&Chunk> = chunks.iter().collect();
    ordered.sort_by_key(|c| (c.start, c.ordinal));
    for c in ordered {
        for (k, b) in c.text.bytes().enumerate() {
            let at = c.start + k;
            if !filled[at] {
                bytes[at] = b;
                filled[at] = true;
            }
        }
    }
    // A multi-byte character cut by a disagreeing overlap would be invalid UTF-8; repair it.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Byte offset → character offset.
struct CharIndex {
    /// Byte offset of each character, plus the text's length at the end.
    starts: Vec<usize>,
}

impl CharIndex {
    fn of(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        Self { starts }
    }

    /// The character at or after byte offset `byte`.
    fn at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
}

/// A text with whitespace runs collapsed to one space and letters lower-cased, remembering the
/// character offset each kept character came from.
struct Folded {
    chars: Vec<char>,
    origin: Vec<usize>,
}

impl Folded {
    fn of(text: &str) -> Self {
        let mut chars = Vec::new();
        let mut origin = Vec::new();
        let mut space = true;
        for (i, c) in text.chars().enumerate() {
            if c.is_whitespace() {
                if !space {
                    chars.push(' ');
                    origin.push(i);
                    space = true;
                }
                continue;
            }
            space = false;
            for l in c.to_lowercase() {
                chars.push(l);
                origin.push(i);
            }
        }
        if chars.last() == Some(&' ') {
            chars.pop();
            origin.pop();
        }
        Self { chars, origin }
    }

    fn find(&self, needle: &[char]) -> Option<usize> {
        if needle.is_empty() || needle.len() > self.chars.len() {
            return None;
        }
        self.chars.windows(needle.len()).position(|w| w == needle)
    }
}

/// The part of a quote to look for: without a trailing ellipsis (the matcher's shortening) and
/// the punctuation before it.
fn searchable(quote: &str) -> Vec<char> {
    let cut = quote.trim().trim_end_matches(['…', '.']).trim_end_matches("...");
    let cut = cut.trim_end_matches([',', ';', ':', ' ']);
    Folded::of(cut).chars
}

/// Where `quote` is in `record`, as a character span.
fn locate(quote: &[char], folded: &Folded) -> Option<Span> {
    let at = folded.find(quote)?;
    let start = folded.origin[at];
    let end = folded.origin[at + quote.len() - 1] + 1;
    Some(Span { start, end })
}

/// The text around `span`, cut at a sentence or line end within [`PASSAGE_RADIUS`] characters.
fn passage_around(text: &[char], span: Span) -> QuotePassage {
    let from = span.start.saturating_sub(PASSAGE_RADIUS);
    let to = (span.end + PASSAGE_RADIUS).min(text.len());
    let boundary = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = if from == 0 {
        0
    } else {
        (from..span.start).find(|&i| boundary(text[i])).map_or(from, |i| i + 1)
    };
    let end = if to == text.len() {
        to
    } else {
        (span.end..to).rev().find(|&i| boundary(text[i])).map_or(to, |i| i + 1)
    };
    let raw: String = text[start..end].iter().collect();
    let lead = raw.len() - raw.trim_start().len();
    let lead_chars = raw[..lead].chars().count();
    let trimmed = raw.trim();
    QuotePassage { text: trimmed.to_string(), start: start + lead_chars, end: start + lead_chars + trimmed.chars().count() }
}

/// Traces every quote of a finding's evidence through the patient's stored records, the cited
/// ones (`cited_chunk_ids`) first.
pub fn trace(evidence: &str, cited_chunk_ids: &[String], records: &[StoredRecord]) -> Vec<TracedQuote> {
    let cites = |r: &StoredRecord| r.chunks.iter().any(|(id, _, _)| cited_chunk_ids.contains(id));
    let mut order: Vec<&StoredRecord> = records.iter().filter(|r| cites(r)).collect();
    order.extend(records.iter().filter(|r| !cites(r)));
    let folded: Vec<Folded> = order.iter().map(|r| Folded::of(&r.text)).collect();
    quotes_in(evidence)
        .into_iter()
        .map(|quote| {
            let needle = searchable(&quote);
            let found = (needle.len() >= MIN_QUOTE_CHARS)
                .then(|| order.iter().zip(&folded).find_map(|(r, f)| locate(&needle, f).map(|span| (*r, span))))
                .flatten();
            match found {
                Some((record, span)) => {
                    let text: Vec<char> = record.text.chars().collect();
                    let chunk_id = record
                        .chunks
                        .iter()
                        .filter(|(_, s, e)| *s <= span.start && span.start < *e)
                        .min_by_key(|(id, _, _)| (!cited_chunk_ids.contains(id), id.clone()))
                        .map(|(id, _, _)| id.clone());
                    TracedQuote {
                        quote,
                        located: true,
                        document_id: Some(record.document_id.clone()),
                        title: Some(record.title.clone()),
                        document_date: record.document_date,
                        chunk_id,
                        span: Some(span),
                        passage: Some(passage_around(&text, span)),
                    }
                }
                None => TracedQuote { quote, located: false, document_id: None, title: None, document_date: None, chunk_id: None, span: None, passage: None },
            }
        })
        .collect()
}

/// `2024-03-04` from a file name such as `2024-03-04-orthopaedic-consult.txt`.
fn date_prefix(title: &str) -> Option<NaiveDate> {
    let head = title.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::chunking::{ChunkingOptions, chunk};

    fn record(id: &str, title: &str, text: &str) -> StoredRecord {
        let chunks = chunk(id, text, ChunkingOptions::default());
        StoredRecord::from_chunks(id, title, None, &chunks)
    }

    #[test]
    fn quotes_are_the_double_quoted_segments_with_their_sources_left_out() {
        let evidence = "Met: \"Kellgren-Lawrence grade 4 changes of the right knee.\" (2024-02-20-radiology.txt) … \"Completed 8 weeks of PT …\" (pt.txt)";
        assert_eq!(quotes_in(evidence), vec!["Kellgren-Lawrence grade 4 changes of the right knee.", "Completed 8 weeks of PT …"]);
        // A quote holding a quoted word stays whole when its source follows.
        assert_eq!(quotes_in("\"patient states \"it locks\" daily\" (n.txt)"), vec!["patient states \"it locks\" daily"]);
        assert!(quotes_in("No evidence found in the retrieved notes.").is_empty());
        assert_eq!(quotes_in("\"same\" (a) … \"same\" (a)"), vec!["same"]);
    }

    #[test]
    fn the_rebuilt_text_keeps_every_offset_of_the_indexed_text() {
        let text = "Café visit. Knee pain for 8 months.\n\nPlan: total knee arthroplasty. Follow-up in 2 weeks.";
        let chunks = chunk("REC-1", text, ChunkingOptions { max_chars: 40, target_chars: 30, overlap_sentences: 1 });
        assert!(chunks.len() > 1);
        let rebuilt = rebuild(&chunks);
        assert_eq!(rebuilt.len(), text.len());
        for c in &chunks {
            assert_eq!(&rebuilt[c.start..c.end], c.text);
        }
    }

    #[test]
    fn a_quote_is_found_with_its_character_span_passage_and_chunk() {
        let text = "Date of service: 2024-03-04\nÉvaluation: the patient has  severe\nright knee pain for 8 months. Kellgren-Lawrence grade 4 on X-ray. Plan: TKA.";
        let r = record("REC-1", "consult.txt", text);
        let traced = trace("\"The patient has severe right knee pain for 8 months.\" (consult.txt)", &[], &[r]);
        let q = &traced[0];
        assert!(q.located);
        let span = q.span.unwrap();
        let chars: Vec<char> = text.chars().collect();
        let found: String = chars[span.start..span.end].iter().collect();
        assert_eq!(found, "the patient has  severe\nright knee pain for 8 months", "a closing full stop is not part of the search");
        assert_eq!(q.document_date, Some(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()));
        assert_eq!(q.chunk_id.as_deref(), Some("REC-1#0000"));
        let passage = q.passage.as_ref().unwrap();
        let again: String = chars[passage.start..passage.end].iter().collect();
        assert_eq!(again, passage.text);
        assert!(passage.text.contains("Kellgren-Lawrence grade 4"));
    }

    #[test]
    fn a_shortened_quote_is_found_by_what_precedes_its_ellipsis() {
        let r = record("REC-2", "2024-01-18-pt-discharge.txt", "Completed 8 weeks of supervised physical therapy, with home exercises twice daily and little relief.");
        let q = &trace("\"Completed 8 weeks of supervised physical therapy, with home …\" (pt)", &[], &[r])[0];
        assert!(q.located);
        assert_eq!(q.span.unwrap().start, 0);
        assert_eq!(q.document_date, Some(NaiveDate::from_ymd_opt(2024, 1, 18).unwrap()), "the file name's date");
    }

    #[test]
    fn cited_records_are_searched_first_and_a_missing_quote_is_not_guessed() {
        let a = record("REC-A", "a.txt", "Knee pain for 8 months despite bracing.");
        let b = record("REC-B", "b.txt", "Knee pain for 8 months despite bracing.");
        let cited = vec!["REC-B#0000".to_string()];
        let traced = trace("\"Knee pain for 8 months\" (b.txt) … \"Hip pain for 2 years\" (b.txt)", &cited, &[a, b]);
        assert_eq!(traced[0].document_id.as_deref(), Some("REC-B"));
        assert!(!traced[1].located);
        assert!(traced[1].span.is_none() && traced[1].passage.is_none());
    }

    #[test]
    fn very_short_quotes_are_not_located() {
        let r = record("REC-1", "a.txt", "No. Yes. Knee pain.");
        assert!(!trace("\"No.\" (a.txt)", &[], &[r])[0].located);
    }
}
