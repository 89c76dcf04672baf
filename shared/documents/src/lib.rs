//! In-process text extraction for uploaded documents: the text layer of PDFs and plain-text
//! files, and the pictures PDFs embed. The ingestion Lambda and the offline runtime use the same
//! code; images and scanned PDFs need OCR (Textract on AWS) and are refused here with a reason
//! that says so.
//!
//! Uploads are untrusted: every entry point returns an [`ExtractionError`] (never a panic, never
//! a hang) whose message is safe to show the clinic user and carries no document text. Through
//! the [`TextExtractor`](mediclear_ports::knowledge::TextExtractor) port those errors become
//! `PortError::Rejected(reason)`.
//!
//! # Layout
//!
//! - [`extractor`] — [`InProcessExtractor`], the port: content type → reader, after checking
//!   the bytes match the declared type.
//! - [`sniff`](mod@sniff) — what the bytes are (PDF, PNG, JPEG, … or text), from magic numbers.
//! - [`pdf`] — [`pdf_text`] / [`read_pdf`]: the text layer, read on a bounded worker thread;
//!   `pdf::prepare` opens and cleans the file with lopdf, `pdf::content` reads drawing
//!   instructions one operation at a time within budgets, `pdf::walk` follows the forms each
//!   page draws and keeps the document's budgets, `pdf::layout` turns positioned characters into
//!   lines for pdf-extract; [`pdf_images`] takes out the pictures it embeds (JPEG as they are,
//!   8-bit grey and RGB re-encoded as PNG) for a vision model, within [`ImageLimits`].
//! - [`plain`] — [`plain_text`]: which text encodings are read, and why Windows-1252 is.
//! - [`normalise`](mod@normalise) — one shape for all extracted text (line endings, spaces,
//!   broken words, paragraph breaks).
//! - [`image_metadata`] — [`strip_image_metadata`]: JPEG/PNG without EXIF, GPS, text chunks.
//! - [`limits`] — [`Limits`]: the size, page, drawing-instruction, memory and time ceilings and
//!   their defaults.
//! - [`error`] — [`ExtractionError`]: the reasons, worded for the user.

pub mod error;
pub mod extractor;
pub mod image_metadata;
pub mod limits;
pub mod normalise;
pub mod pdf;
pub mod plain;
pub mod sniff;

pub use error::ExtractionError;
pub use extractor::InProcessExtractor;
pub use image_metadata::strip_image_metadata;
pub use limits::Limits;
pub use normalise::normalise;
pub use pdf::{EmbeddedImage, ImageLimits, PdfText, pdf_images, pdf_text, read_pdf};
pub use plain::plain_text;
pub use sniff::sniff;
