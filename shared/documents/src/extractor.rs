//! The [`TextExtractor`] port, in-process: picks the reader by declared content type, after
//! checking that the bytes are what the type says.
//!
//! Read: `application/pdf` (and the legacy `application/x-pdf`) and `text/plain`. Refused with a
//! reason that says OCR is needed: `image/png`, `image/jpeg`, `image/tiff` (the formats
//! Textract reads). Everything else is an unsupported content type. Parameters such as
//! `charset` are ignored: the bytes decide the encoding (see [`crate::plain_text`]), because
//! uploads get their content type from the browser, which does not know the file's encoding.

use async_trait::async_trait;
use mediclear_ports::error::{PortError, PortResult};
use mediclear_ports::knowledge::TextExtractor;

use crate::error::ExtractionError;
use crate::limits::Limits;
use crate::pdf::read_pdf_owned;
use crate::plain::plain_text;
use crate::sniff::sniff;

/// Reads PDF text layers and plain text in-process, on AWS and offline alike.
#[derive(Debug, Clone, Default)]
pub struct InProcessExtractor {
    limits: Limits,
}

/// What the extractor does with a declared content type.
enum Reader {
    Pdf,
    PlainText,
    Ocr(&'static str),
}

impl InProcessExtractor {
    /// An extractor with the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_limits(limits: Limits) -> Self {
        InProcessExtractor { limits }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The text of a document, synchronously (it may take seconds: call it off the async runtime).
    pub fn extract_blocking(&self, bytes: &[u8], content_type: &str) -> Result<String, ExtractionError> {
        self.extract_owned(bytes.to_vec(), content_type)
    }

    fn extract_owned(&self, bytes: Vec<u8>, content_type: &str) -> Result<String, ExtractionError> {
        if bytes.is_empty() {
            return Err(ExtractionError::Empty);
        }
        let (declared, reader) = reader_for(content_type)?;
        let detected = sniff(&bytes);
        // Unrecognised bytes under a text type are left to the text decoder, which says why.
        let matches = match reader {
            Reader::PlainText => detected.is_none() || detected == Some("text/plain"),
            _ => detected == Some(declared),
        };
        if !matches {
            return Err(ExtractionError::ContentMismatch { declared, detected });
        }
        if bytes.len() > self.limits.max_bytes {
            return Err(self.limits.too_large());
        }
        match reader {
            Reader::Pdf => read_pdf_owned(bytes, &self.limits).map(|pdf| pdf.text),
            Reader::PlainText => plain_text(&bytes),
            Reader::Ocr(kind) => Err(ExtractionError::ImageNeedsOcr(kind)),
        }
    }
}

/// The canonical content type and its reader, or the reason it is not supported.
fn reader_for(content_type: &str) -> Result<(&'static str, Reader), ExtractionError> {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    Ok(match essence.as_str() {
        "application/pdf" | "application/x-pdf" => ("application/pdf", Reader::Pdf),
        "text/plain" => ("text/plain", Reader::PlainText),
        "image/png" => ("image/png", Reader::Ocr("image/png")),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => ("image/jpeg", Reader::Ocr("image/jpeg")),
        "image/tiff" => ("image/tiff", Reader::Ocr("image/tiff")),
        _ => return Err(ExtractionError::UnsupportedContentType(printable(&essence))),
    })
}

/// The content type as it may be shown and logged: it comes from the client, so it is cut short
/// and stripped of anything a MIME type does not contain.
fn printable(essence: &str) -> String {
    let cleaned: String =
        essence.chars().filter(|c| c.is_ascii_alphanumeric() || "/+.-_".contains(*c)).take(80).collect();
    if cleaned.is_empty() { "(none)".to_owned() } else { cleaned }
}

impl InProcessExtractor {
    /// [`extract_blocking`](Self::extract_blocking) off the async runtime, with the reason kept
    /// (the document pipeline sends a PDF without a text layer to OCR, a damaged one back).
    pub async fn extract_detailed(&self, bytes: &[u8], content_type: &str) -> Result<Result<String, ExtractionError>, PortError> {
        let extractor = self.clone();
        let bytes = bytes.to_vec();
        let content_type = content_type.to_owned();
        match tokio::task::spawn_blocking(move || extractor.extract_owned(bytes, &content_type)).await {
            Ok(outcome) => Ok(outcome),
            // Every reader catches its own panics; this is the runtime shutting down, or a bug.
            Err(join_error) if join_error.is_cancelled() => Err(PortError::Unavailable("text extraction was cancelled".into())),
            Err(_) => Err(PortError::Internal("text extraction failed".into())),
        }
    }
}

#[async_trait]
impl TextExtractor for InProcessExtractor {
    #[tracing::instrument(name = "extract_text", skip(self, bytes), fields(bytes = bytes.len()))]
    async fn extract(&self, bytes: &[u8], content_type: &str) -> PortResult<String> {
        self.extract_detailed(bytes, content_type).await?.map_err(|error| {
            tracing::info!(reason = %error, "document text not extracted");
            error.into()
        })
    }
}
