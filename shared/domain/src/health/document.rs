//! A patient's health document and its way through the three-tier pipeline.
//!
//! A document is uploaded (through the API, or a presigned PUT), stored under
//! `patients/<patient_id>/<document_id>/<file name>`, and processed in three tiers:
//!
//! 1. **extract** — the text: a plain-text file as it is, a PDF's text layer, else OCR (images,
//!    and PDFs without a text layer); when no text can be had the document waits for a person
//!    (`NEEDS_REVIEW`) and a transcription resumes it at tier 2;
//! 2. **enrich** — images described by a vision model (on AWS; offline the document records that
//!    vision was skipped), dates and risk markers tagged;
//! 3. **index** — chunked, embedded and written to the patient's index.
//!
//! The status follows the job's: `INGESTED → ANALYZING → INDEXED | NEEDS_REVIEW | FAILED`.
//! The extracted text itself is stored beside the file (it may be megabytes), not in the record.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::health::tagging::Tags;
use crate::ids::{DocumentId, JobId, PatientId};
use crate::validation::ValidationError;

/// What kind of document it is, as the uploader says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    ConsultationNote,
    LabReport,
    ImagingReport,
    SpecialistLetter,
    DischargeSummary,
    Prescription,
    Other,
}

impl DocumentType {
    pub const ALL: [DocumentType; 7] = [
        DocumentType::ConsultationNote,
        DocumentType::LabReport,
        DocumentType::ImagingReport,
        DocumentType::SpecialistLetter,
        DocumentType::DischargeSummary,
        DocumentType::Prescription,
        DocumentType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::ConsultationNote => "consultation_note",
            DocumentType::LabReport => "lab_report",
            DocumentType::ImagingReport => "imaging_report",
            DocumentType::SpecialistLetter => "specialist_letter",
            DocumentType::DischargeSummary => "discharge_summary",
            DocumentType::Prescription => "prescription",
            DocumentType::Other => "other",
        }
    }

    /// The type named by `raw` (case and surrounding space ignored).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let wanted = raw.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return Err(ValidationError::missing("document_type"));
        }
        Self::ALL.into_iter().find(|t| t.as_str() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|t| t.as_str()).collect();
            ValidationError::invalid("document_type", format!("document_type must be one of {}", names.join(", ")))
        })
    }
}

/// A document date as the uploader gives it: `YYYY-MM-DD`, not in the future.
pub fn parse_document_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| ValidationError::invalid("document_date", "document_date must be a date, YYYY-MM-DD"))?;
    if date > today {
        return Err(ValidationError::invalid("document_date", "document_date cannot be in the future"));
    }
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date") {
        return Err(ValidationError::invalid("document_date", "document_date is too far in the past"));
    }
    Ok(date)
}

/// Where the document is in the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DocumentStatus {
    /// Presigned upload issued; the file has not arrived.
    AwaitingUpload,
    /// Stored; processing has not started.
    Ingested,
    Analyzing,
    Indexed,
    /// No text could be extracted: a person transcribes it (`GET /review/documents`).
    NeedsReview,
    Failed,
}

/// The pipeline's tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Extract,
    Enrich,
    Index,
}

/// How the text was had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExtractionMethod {
    PlainText,
    PdfTextLayer,
    Ocr,
    Transcription,
}

/// Tier 1's result (the text is stored beside the file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Extraction {
    pub method: ExtractionMethod,
    /// `pdf-text-layer`, `tesseract 5.3.0`, `textract 1.0`, the transcriber's subject…
    pub engine: String,
    pub pages: u32,
    /// OCR's mean confidence, 0–100, where the engine gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    pub characters: u64,
}

/// Whether images were described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisionStatus {
    /// Every image was described.
    Described,
    /// The document has no image to describe.
    NoImages,
    /// No vision model offline: images are not described (never an invented description).
    SkippedOffline,
    /// The model could not describe some images (refused, too large); what was had is kept.
    Partial,
}

/// One image's description by the vision model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImageNote {
    /// The PDF page the image is on (1 for an uploaded picture).
    pub page: u32,
    pub description: String,
    pub model: String,
}

/// Tier 2's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Enrichment {
    pub vision: VisionStatus,
    /// "vision: skipped (offline)" and similar, for people reading the record.
    pub vision_note: String,
    pub images: Vec<ImageNote>,
    #[schema(value_type = Object)]
    pub tags: Tags,
}

/// A patient's document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientDocument {
    pub document_id: DocumentId,
    pub patient_id: PatientId,
    pub document_type: DocumentType,
    /// The date the uploader gave.
    #[serde(default)]
    pub document_date: Option<NaiveDate>,
    pub file_name: String,
    /// Decided by the bytes once they are stored (`application/pdf`, `image/jpeg`, `image/png`,
    /// `text/plain`); `None` while a presigned upload has not arrived.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Where the file is stored.
    pub key: String,
    /// SHA-256 of the stored bytes, hex: what a refresh compares to find changed documents.
    #[serde(default)]
    pub content_hash: Option<String>,
    #[serde(default)]
    pub size: u64,
    pub job_id: JobId,
    /// Subject of whoever uploaded it.
    pub uploaded_by: String,
    pub status: DocumentStatus,
    /// Why it failed or waits for review, in words a patient can act on.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub tiers_done: Vec<Tier>,
    #[serde(default)]
    pub extraction: Option<Extraction>,
    #[serde(default)]
    pub enrichment: Option<Enrichment>,
    #[serde(default)]
    pub chunk_count: u32,
    /// The content hash last indexed: a refresh re-processes the document when they differ.
    #[serde(default)]
    pub indexed_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PatientDocument {
    /// Storage key of a document's file.
    pub fn key_for(patient_id: &PatientId, document_id: &DocumentId, file_name: &str) -> String {
        format!("patients/{patient_id}/{document_id}/{file_name}")
    }

    /// The patient and document a stored file belongs to, from its key; `None` for any other key.
    pub fn parse_key(key: &str) -> Option<(PatientId, DocumentId)> {
        let mut parts = key.strip_prefix("patients/")?.splitn(3, '/');
        let patient = PatientId::parse(parts.next()?).ok()?;
        let document = DocumentId::parse(parts.next()?).ok()?;
        let file = parts.next()?;
        (!file.is_empty() && !file.contains('/')).then_some((patient, document))
    }

    /// Where the extracted (or transcribed) text is kept: outside `patients/`, so writing it
    /// starts nothing.
    pub fn text_key(&self) -> String {
        format!("derived/{}/{}/text.txt", self.patient_id, self.document_id)
    }

    /// Every derived file of a patient (purged with the patient).
    pub fn derived_prefix(patient_id: &PatientId) -> String {
        format!("derived/{patient_id}/")
    }

    /// Marks a tier done (once).
    pub fn done(&mut self, tier: Tier) {
        if !self.tiers_done.contains(&tier) {
            self.tiers_done.push(tier);
            self.tiers_done.sort();
        }
    }

    /// A finished or waiting document may be processed again (a transcription, a refresh); one
    /// being analysed may not.
    pub fn is_settled(&self) -> bool {
        !matches!(self.status, DocumentStatus::Analyzing | DocumentStatus::Ingested | DocumentStatus::AwaitingUpload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_other_keys_are_not_documents() {
        let patient = PatientId::parse("PAT-101").unwrap();
        let document = DocumentId::parse("HD-1").unwrap();
        let key = PatientDocument::key_for(&patient, &document, "lab report.pdf");
        assert_eq!(key, "patients/PAT-101/HD-1/lab report.pdf");
        assert_eq!(PatientDocument::parse_key(&key), Some((patient, document)));
        for other in ["records/PAT-1/REC-1/a.txt", "patients/PAT-1/HD-1/", "patients/PAT-1/HD-1/a/b.txt", "patients/PAT 1/HD-1/a", "derived/PAT-1/HD-1/text.txt"] {
            assert_eq!(PatientDocument::parse_key(other), None, "{other}");
        }
    }

    #[test]
    fn types_and_dates_are_checked() {
        assert_eq!(DocumentType::parse(" Lab_Report ").unwrap(), DocumentType::LabReport);
        assert_eq!(DocumentType::parse("x-ray").unwrap_err().code, "INVALID_DOCUMENT_TYPE");
        assert_eq!(DocumentType::parse("").unwrap_err().code, "INVALID_DOCUMENT_TYPE");
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(parse_document_date("2026-11-30", today).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        for bad in ["2026-12-03", "30/11/2026", "1899-12-31", ""] {
            assert_eq!(parse_document_date(bad, today).unwrap_err().code, "INVALID_DOCUMENT_DATE", "{bad}");
        }
    }
}
