//! How much work one document may cost. An upload is untrusted input, and PDF readers can be
//! driven into huge allocations or very long runs by a small file, so every dimension that
//! grows with the input has a ceiling; past it the document is rejected, never truncated,
//! because a silently shortened medical record is worse than a clear refusal.
//!
//! The defaults fit a Lambda with 1 GiB of memory: a PDF's peak use is about the input plus twice
//! its decompressed non-image streams (the cleaned copy, and the parsed copy pdf-extract reads),
//! so at most about 64 + 2 × 128 MiB, and text PDFs come nowhere near it.

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
    /// Most bytes of extracted text.
    pub max_text_bytes: usize,
    /// Wall-clock time for one PDF. The reader checks it as it goes; if a reader ever stops
    /// checking, the caller gets its answer shortly after all the same (see `pdf::run_on_worker`).
    /// The Lambda's own timeout should be longer.
    pub time_budget: Duration,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 * 1024 * 1024,
        max_pages: 2_000,
        max_decompressed_bytes: 128 * 1024 * 1024,
        max_text_bytes: 32 * 1024 * 1024,
        // Generous: a 137-page clinical guideline reads in about a second in a release build.
        time_budget: Duration::from_secs(60),
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
