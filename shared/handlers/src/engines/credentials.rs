//! The in-process [`CredentialReader`]: each document's text — a PDF's text layer read in
//! process, else OCR (pictures, and scans without a text layer) — then MediClear's field parser.
//! A document that cannot be read (damaged, OCR unavailable) contributes no text, so its fields
//! come back unread for the reviewer rather than failing the doctor's sign-up.

use std::sync::Arc;

use async_trait::async_trait;

use mediclear_domain::health::credentials::extract;
use mediclear_domain::health::doctor::Credentials;
use mediclear_ports::PortError;
use mediclear_ports::credentials::CredentialReader;
use mediclear_ports::knowledge::TextExtractor;
use mediclear_ports::ocr::{OcrEngine, Scan, ScanFormat};

#[derive(Clone)]
pub struct TextCredentialReader {
    pub extractor: Arc<dyn TextExtractor>,
    pub ocr: Arc<dyn OcrEngine>,
}

impl TextCredentialReader {
    /// The text of one document, or empty when it cannot be read.
    async fn text_of(&self, bytes: &[u8], which: &'static str) -> String {
        let scan = match Scan::parse(bytes.to_vec()) {
            Ok(scan) => scan,
            Err(_) => return String::new(),
        };
        if scan.format() == ScanFormat::Pdf {
            match self.extractor.extract(bytes, "application/pdf").await {
                Ok(text) if text.chars().filter(|c| c.is_alphanumeric()).count() >= 20 => return text,
                // No text layer (a scan): OCR below.
                Ok(_) | Err(PortError::Rejected(_)) => {}
                Err(e) => {
                    tracing::warn!(error = %e, document = which, "credential document could not be read");
                    return String::new();
                }
            }
        }
        match self.ocr.recognise(&scan).await {
            Ok(text) => text.text(),
            Err(e) => {
                tracing::warn!(error = %e, document = which, "credential document could not be read by OCR; its fields go to the reviewer");
                String::new()
            }
        }
    }
}

#[async_trait]
impl CredentialReader for TextCredentialReader {
    async fn read(&self, degree: &[u8], license: &[u8]) -> Result<Credentials, PortError> {
        let degree_text = self.text_of(degree, "degree").await;
        let license_text = self.text_of(license, "license").await;
        Ok(extract(&degree_text, &license_text).credentials)
    }
}
