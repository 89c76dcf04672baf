//! OCR: the text of pictures — images, and PDFs whose pages have no text layer — page by page,
//! with the engine's mean confidence.
//!
//! Two ports, because AWS offers two ways and the document pipeline uses both:
//!
//! - [`OcrEngine::recognise`] is **synchronous**: it answers with the text once it is read. On
//!   AWS it is Textract `DetectDocumentText` (images, and PDFs of **one** page: Textract's
//!   synchronous API refuses longer ones, which come back `Rejected`). Offline it is the tesseract
//!   CLI, which also reads multi-page PDFs (rasterised page by page).
//! - [`OcrJobs::start`] + [`OcrJobs::poll`] is **asynchronous**, for a document already in the
//!   documents store (multi-page PDFs): on AWS `StartDocumentTextDetection` on the S3 object and
//!   `GetDocumentTextDetection` (all result pages), polled by the state machine's Wait/Choice
//!   loop; one task starts, another polls, and the [`OcrJobId`] travels in the execution's JSON.
//!
//! Errors, for both: `Rejected(reason)` when the file cannot be read (not an image or PDF,
//! truncated, too large, too many pages, too long to read) — the reason is safe to show and
//! names no content; `Unavailable` when the engine is missing, busy or throttled (worth
//! retrying later); `NotFound` for a stored document or a job that does not exist.
//!
//! A page with no text is a page with empty text, not an error: whether an empty document needs
//! a person is the pipeline's decision.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::PortError;
use crate::error::PortResult;

/// How far into the file a PDF header may start: readers (Acrobat, poppler) accept junk before
/// it within the first KiB, as `mediclear_documents::sniff` does.
const PDF_HEADER_WINDOW: usize = 1024;

/// What a scan is, by its magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScanFormat {
    Png,
    Jpeg,
    Pdf,
}

impl ScanFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ScanFormat::Png => "image/png",
            ScanFormat::Jpeg => "image/jpeg",
            ScanFormat::Pdf => "application/pdf",
        }
    }
}

/// The bytes of a PNG, a JPEG or a PDF — decided by the bytes, never by a declared type. Only
/// the magic number is checked here; whether the rest is readable is the engine's to say.
#[derive(Clone, PartialEq, Eq)]
pub struct Scan {
    format: ScanFormat,
    bytes: Vec<u8>,
}

impl Scan {
    /// `Rejected` for anything that is not a PNG, a JPEG or a PDF.
    pub fn parse(bytes: Vec<u8>) -> PortResult<Scan> {
        let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            ScanFormat::Png
        } else if bytes.starts_with(b"\xFF\xD8\xFF") {
            ScanFormat::Jpeg
        } else if bytes[..bytes.len().min(PDF_HEADER_WINDOW)].windows(5).any(|w| w == b"%PDF-") {
            ScanFormat::Pdf
        } else if bytes.is_empty() {
            return Err(PortError::Rejected("the file is empty; please upload it again".into()));
        } else {
            return Err(PortError::Rejected("the file is not a PNG or JPEG image or a PDF, so it cannot be read by OCR".into()));
        };
        Ok(Scan { format, bytes })
    }

    pub fn format(&self) -> ScanFormat {
        self.format
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for Scan {
    // The bytes are a patient's document: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan").field("format", &self.format).field("len", &self.bytes.len()).finish()
    }
}

/// The text of one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// 1-based, in document order.
    pub number: u32,
    /// The recognised lines in reading order, one per line (`\n`); an engine may separate the
    /// blocks it found with a blank line.
    pub text: String,
    /// The mean of the engine's word confidences on this page, 0–100; `None` when it found no
    /// words.
    pub confidence: Option<f32>,
}

/// The text of a scan, page by page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrText {
    /// Which engine read it (`textract`, `tesseract 5.3.0`), recorded with the document.
    pub engine: String,
    pub pages: Vec<OcrPage>,
}

impl OcrText {
    /// Every page's text, pages separated by a blank line.
    pub fn text(&self) -> String {
        self.pages.iter().map(|p| p.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n")
    }

    /// The mean of the pages' confidences (pages without words left out).
    pub fn confidence(&self) -> Option<f32> {
        let known: Vec<f32> = self.pages.iter().filter_map(|p| p.confidence).collect();
        (!known.is_empty()).then(|| known.iter().sum::<f32>() / known.len() as f32)
    }
}

/// Synchronous OCR of a scan held in memory.
#[async_trait]
pub trait OcrEngine: Send + Sync {
    /// The text of every page of `scan`, in order. `Rejected` (a reason safe to show) when the
    /// file cannot be read; `Unavailable` when the engine is missing or busy.
    async fn recognise(&self, scan: &Scan) -> PortResult<OcrText>;
}

/// A document in the documents store (the S3 bucket the adapter was built for; offline, the blob
/// store), by key and — where the store keeps versions — version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// An OCR job, as [`OcrJobs::start`] named it; opaque to callers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OcrJobId(pub String);

/// Where a job is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OcrProgress {
    /// Still reading: wait and poll again.
    InProgress,
    /// Done: the text of every page.
    Succeeded { text: OcrText },
}

/// Asynchronous OCR of a stored document (multi-page PDFs), for a state machine that starts the
/// job in one task and polls it in a Wait/Choice loop.
#[async_trait]
pub trait OcrJobs: Send + Sync {
    /// Starts reading `document`. Starting the same document (key and version) again while its
    /// job is known returns the same job, so a retried task starts nothing new.
    async fn start(&self, document: &StoredDocument) -> PortResult<OcrJobId>;
    /// Where the job is. A job that failed because the file cannot be read is `Rejected` (a
    /// reason safe to show); an unknown or expired job is `NotFound`.
    async fn poll(&self, job: &OcrJobId) -> PortResult<OcrProgress>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_are_known_by_their_magic_numbers() {
        assert_eq!(Scan::parse(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap().format(), ScanFormat::Png);
        assert_eq!(Scan::parse(b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec()).unwrap().format(), ScanFormat::Jpeg);
        assert_eq!(Scan::parse(b"junk from a fax gateway\n%PDF-1.4\n".to_vec()).unwrap().format(), ScanFormat::Pdf);
        for refused in [&b""[..], b"GIF89a", b"plain text, named scan.png", b"PK\x03\x04"] {
            assert!(matches!(Scan::parse(refused.to_vec()), Err(PortError::Rejected(_))), "{refused:?}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_bytes() {
        let scan = Scan::parse(b"%PDF-1.7 Patient: Alex Sample".to_vec()).unwrap();
        assert_eq!(format!("{scan:?}"), "Scan { format: Pdf, len: 29 }");
    }

    #[test]
    fn text_and_confidence_span_the_pages() {
        let page = |number, text: &str, confidence| OcrPage { number, text: text.into(), confidence };
        let text = OcrText { engine: "test".into(), pages: vec![page(1, "a\nb", Some(90.0)), page(2, "", None), page(3, "c", Some(80.0))] };
        assert_eq!(text.text(), "a\nb\n\nc");
        assert_eq!(text.confidence(), Some(85.0));
    }

    #[test]
    fn progress_reads_as_the_state_machine_sees_it() {
        assert_eq!(serde_json::to_value(OcrProgress::InProgress).unwrap(), serde_json::json!({"status": "IN_PROGRESS"}));
        let done = OcrProgress::Succeeded { text: OcrText { engine: "textract".into(), pages: vec![] } };
        assert_eq!(serde_json::to_value(&done).unwrap()["status"], "SUCCEEDED");
        assert_eq!(serde_json::to_value(OcrJobId("j-1".into())).unwrap(), serde_json::json!("j-1"));
    }
}
