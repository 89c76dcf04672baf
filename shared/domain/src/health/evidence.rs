//! What the insights (risk assessment, health score, doctor chat's summary) read about one
//! patient: the questionnaire answers with the day they were last given, and each indexed
//! document with what tier 2 tagged in it and, where it was loaded, its text.
//!
//! Built by the insights step from the stored records; the rules never fetch anything.

use chrono::NaiveDate;

use crate::health::document::{DocumentStatus, PatientDocument};
use crate::health::patient::Patient;
use crate::health::questionnaire::Answers;
use crate::health::tagging::Tags;

/// A patient's record as the insights read it.
#[derive(Debug, Clone)]
pub struct PatientRecord<'a> {
    pub patient: &'a Patient,
    /// The questionnaire's answers and the day they were last changed ("the answer's date").
    pub answers: &'a Answers,
    pub answered_on: NaiveDate,
    /// Documents that reached the index (others have no tags), oldest first by their date.
    pub documents: Vec<DocumentEvidence<'a>>,
}

/// One indexed document.
#[derive(Debug, Clone)]
pub struct DocumentEvidence<'a> {
    pub document: &'a PatientDocument,
    /// The extracted or transcribed text, when the caller loaded it (consultation notes are
    /// read for lifestyle and follow-ups).
    pub text: Option<&'a str>,
}

impl<'a> DocumentEvidence<'a> {
    /// What tier 2 found; empty for a document that was never enriched.
    pub fn tags(&self) -> Tags {
        self.document.enrichment.as_ref().map(|e| e.tags.clone()).unwrap_or_default()
    }

    /// The document's date: the one the uploader declared or the text gave, else the day it was
    /// uploaded.
    pub fn date(&self) -> NaiveDate {
        self.document
            .document_date
            .or_else(|| self.document.enrichment.as_ref().and_then(|e| e.tags.document_date))
            .unwrap_or_else(|| self.document.created_at.date_naive())
    }

    /// The title people know it by: its file name.
    pub fn title(&self) -> &str {
        &self.document.file_name
    }

    /// `consultation_note`, `lab_report`, …
    pub fn kind(&self) -> &'static str {
        self.document.document_type.as_str()
    }

    /// "<title> (<type>)", the `source` a marker or score component names.
    pub fn source(&self) -> String {
        format!("{} ({})", self.title(), self.kind())
    }
}

impl<'a> PatientRecord<'a> {
    /// The record of `patient` over `documents` (only the indexed ones are kept), with the texts
    /// `text_of` gives.
    pub fn new(patient: &'a Patient, documents: &'a [PatientDocument], text_of: impl Fn(&PatientDocument) -> Option<&'a str>) -> Self {
        let mut documents: Vec<DocumentEvidence<'a>> = documents
            .iter()
            .filter(|d| d.status == DocumentStatus::Indexed)
            .map(|d| DocumentEvidence { document: d, text: text_of(d) })
            .collect();
        documents.sort_by_key(|d| (d.date(), d.document.created_at));
        PatientRecord { patient, answers: &patient.answers, answered_on: patient.updated_at.date_naive(), documents }
    }
}
