//! Why a document yields no text. Every message is written for the clinic user who uploaded the
//! file and carries no document text: they reach the client as `PortError::Rejected` and logs as
//! they are, so they name only content types, counts and limits.

use mediclear_ports::error::PortError;

/// Why extraction refused a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractionError {
    #[error("the file is empty")]
    Empty,

    #[error("the file is larger than the {limit_mib} MiB limit for reading text")]
    TooLarge { limit_mib: usize },

    /// The declared content type is not one this extractor reads. Holds the cleaned-up type.
    #[error("unsupported content type {0}")]
    UnsupportedContentType(String),

    /// An image format: its text can only be had by OCR, which does not run in-process.
    #[error(
        "{0} files are pictures without a text layer; they need OCR (Textract), which is not available for this upload"
    )]
    ImageNeedsOcr(&'static str),

    /// The bytes are not what the declared content type says.
    #[error("the file's content does not match its declared type {declared}{}", describe_detected(*.detected))]
    ContentMismatch { declared: &'static str, detected: Option<&'static str> },

    #[error("the PDF is encrypted (password-protected); upload an unprotected copy")]
    PdfEncrypted,

    #[error("the PDF is damaged and could not be read")]
    PdfDamaged,

    /// No page carries readable text. `has_images` tells a scan from blank or drawn pages.
    #[error("{}", if *.has_images {
        "the PDF has no text layer (a scan); it needs OCR"
    } else {
        "the PDF contains no text (its pages are blank or drawn as graphics); it needs OCR"
    })]
    PdfNoTextLayer { has_images: bool },

    #[error("the PDF has {pages} pages, more than the {limit} this service reads")]
    PdfTooManyPages { pages: usize, limit: usize },

    /// Reading would take more time or memory than the limits allow (very complex pages, or a
    /// file built to exhaust the reader).
    #[error("the PDF is too complex to read safely within this service's limits")]
    PdfTooComplex,

    /// Text that decodes in no supported encoding. Holds which check failed, e.g. "UTF-16".
    #[error("the text file is not valid {0} text")]
    InvalidText(&'static str),

    #[error("the file does not look like text (it contains binary data)")]
    NotText,

    /// The extractor could not start its worker (the host is out of threads or memory).
    #[error("text extraction could not start")]
    WorkerUnavailable,
}

fn describe_detected(detected: Option<&'static str>) -> String {
    match detected {
        Some(kind) => format!(" (it looks like {kind})"),
        None => String::new(),
    }
}

impl From<ExtractionError> for PortError {
    fn from(error: ExtractionError) -> Self {
        match error {
            // Nothing about the file is wrong: worth retrying on another invocation.
            ExtractionError::WorkerUnavailable => PortError::Unavailable(error.to_string()),
            other => PortError::Rejected(other.to_string()),
        }
    }
}
