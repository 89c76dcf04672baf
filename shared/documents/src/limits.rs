//! How much work one document may cost. An upload is untrusted input, and PDF readers can be
//! driven into huge allocations or very long runs by a small file, so every dimension that
//! grows with the input has a ceiling; past it the document is rejected, never truncated,
//! because a silently shortened medical record is worse than a clear refusal.
//!
//! Memory. The ingest Lambda has 512 MiB (`MemorySize` in `template.yaml`). Above the caller's
//! own copy of the file, reading a PDF holds in turn:
//!
//! - a second copy of the file while lopdf parses it (at most `max_bytes`), and the parsed
//!   objects;
//! - its non-image streams inflated (at most `max_decompressed_bytes`), then the clean copy and
//!   pdf-extract's parse of it, which keep only what pdf-extract reads, and pdf-extract's copy
//!   of a font map or program while it reads one;
//! - a page's drawing instructions decoded, with the forms it is drawing (at most
//!   `max_instruction_bytes`), and the text (at most `max_text_bytes`, held about three times
//!   over while it is normalised and joined).
//!
//! Measured (the `content_bombs` tests read files built to the limits in a child process): a
//! 64 MiB character map, the worst case, peaks 196 MiB above the file; a 64 MiB font program
//! filling a 64 MiB file, 131 MiB; pages at every instruction budget, 68 MiB; the bombs that are
//! refused, under 100 MiB. With the file itself (64 MiB at most; the upload API takes 6 MiB) and
//! the runtime's few tens of MiB, a PDF costs the Lambda at most about 300 MiB of its 512, and
//! text PDFs come nowhere near it. The one cost not bounded here is lopdf's parse of objects
//! other than streams, tens of times their size in the file: a file of nothing but
//! millions of tiny dictionaries can still exceed it.
//!
//! Time. The budgets on drawing instructions and text hold a file to a few seconds in a release
//! build: about 2 s at the instruction budgets, and 2.5 s at the text budget; the 137-page clinical
//! guideline in the fetched corpus reads in 1.3 s (7 s unoptimised). `time_budget` is the
//! backstop for work they do not count, such as font programs read again on every page.

use std::time::Duration;

use crate::error::ExtractionError;

/// Ceilings for one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file. Text-layer PDFs of even long records are a few MiB; anything larger
    /// is almost always scanned images, which need OCR anyway.
    pub max_bytes: usize,
    /// Most pages read from one PDF.
    pub max_pages: usize,
    /// Most bytes all non-image streams of a PDF may decompress to, together. This is what stops
    /// a decompression bomb (a few KiB that inflate to GiB).
    pub max_decompressed_bytes: usize,
    /// Most bytes of extracted text. The strings and names the reader is given may come to twice
    /// this (CID fonts take two bytes a character) before the document is refused unread.
    pub max_text_bytes: usize,
    /// Most tokens (operators, operands, array elements, dictionary keys and values) in one
    /// content stream: the drawing instructions of a page or of a form.
    pub max_stream_tokens: usize,
    /// Most tokens read in a whole document, a form counting again each time it is drawn (the
    /// reader interprets it again each time). Bounds the time a document takes.
    pub max_document_tokens: usize,
    /// Most memory the drawing instructions pdf-extract gets (those that change the text) may
    /// take once it decodes them, for a page and the forms it is drawing at one time, which it
    /// holds all at once: about 600 bytes an operator (see `pdf::content`).
    pub max_instruction_bytes: usize,
    /// Most operands of one operator.
    pub max_operands: usize,
    /// Deepest nesting of arrays and dictionaries in an operand.
    pub max_nesting: usize,
    /// Deepest nesting of `q` (save the graphics state) in one content stream: pdf-extract keeps
    /// a copy of the graphics state for each.
    pub max_saves: usize,
    /// Longest string, name or number in a content stream, in bytes.
    pub max_token_bytes: usize,
    /// Wall-clock time for one PDF. The reader checks it as it goes; if a reader ever stops
    /// checking, the caller gets its answer shortly after all the same (see `pdf::run_on_worker`).
    /// The Lambda's own timeout should be longer.
    pub time_budget: Duration,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 * 1024 * 1024,
        max_pages: 2_000,
        // The 137-page guideline inflates to 4 MiB, fonts included.
        max_decompressed_bytes: 64 * 1024 * 1024,
        // 1.3 million words, a few thousand dense pages; the guideline has 0.5 MiB.
        max_text_bytes: 8 * 1024 * 1024,
        // The busiest real page in the corpus has 320,000 tokens (a vector drawing); text pages
        // have 2,000 to 20,000.
        max_stream_tokens: 1_000_000,
        // About 1,500 pages as dense as the guideline, which has 925,000.
        max_document_tokens: 10_000_000,
        // About 100,000 text operators on one page; the guideline's densest has 1,900 (1 MiB).
        max_instruction_bytes: 64 * 1024 * 1024,
        // No operator takes more than 33 (`scn` in a 32-colorant DeviceN space).
        max_operands: 128,
        // Real files nest two or three deep.
        max_nesting: 32,
        // PDF's implementation limits (ISO 32000-1, Annex C) put it at 28; real files reach 4.
        max_saves: 256,
        // Annex C puts strings at 32,767 bytes and names at 127; real strings are a few hundred.
        max_token_bytes: 64 * 1024,
        // Generous for what the budgets let through (see module doc), and four times what the
        // guideline takes unoptimised, so that tests pass on a busy machine.
        time_budget: Duration::from_secs(30),
    };
}

impl Limits {
    /// The rejection for a file over `max_bytes`.
    pub(crate) fn too_large(&self) -> ExtractionError {
        ExtractionError::TooLarge { limit_mib: self.max_bytes.div_ceil(1024 * 1024) }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
