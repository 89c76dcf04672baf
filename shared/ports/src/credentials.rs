//! Reading a doctor's credentials from their degree and licence. On AWS: Textract
//! `AnalyzeDocument` with `QUERIES` (one question per field); offline: the document's text (PDF
//! text layer, or OCR for pictures and scans) and MediClear's field parser
//! (`mediclear_domain::health::credentials`). Either way a field that cannot be read is `None`
//! — for the reviewer to check by hand — never a guess.

use async_trait::async_trait;

use mediclear_domain::health::doctor::Credentials;

use crate::error::PortResult;

#[async_trait]
pub trait CredentialReader: Send + Sync {
    /// The fields of the degree and licence (each a PDF, PNG or JPEG, decided by its bytes).
    /// A document that cannot be read at all leaves its fields `None`; `Unavailable` only when
    /// the reader itself cannot work now.
    async fn read(&self, degree: &[u8], license: &[u8]) -> PortResult<Credentials>;
}
