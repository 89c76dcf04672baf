//! The document pipeline (`statemachines/document-pipeline.asl.json`): one task per Lambda.
//!
//! - [`StartPipeline`] — the S3 `ObjectCreated` event of `patients/…` starts an execution named
//!   after the document and the object's ETag, so a redelivered event starts nothing new; a
//!   picture arriving through a presigned URL is first rewritten without its EXIF metadata.
//! - [`ExtractText`] — tier 1: plain text as it is, a PDF's text layer, else OCR (synchronous,
//!   or — where the engine has jobs, Textract on AWS — a started job the state machine polls
//!   with [`PollOcr`]). No text to be had: `NEEDS_REVIEW`, for a person to transcribe.
//! - [`EnrichDocument`] — tier 2: images described by the vision model where there is one
//!   (offline the document records that vision was skipped, never an invented description);
//!   dates, risk markers and tests tagged (`mediclear_domain::health::tagging`).
//! - [`IndexDocument`] — tier 3: chunked, embedded and written to the patient's index, tagged
//!   with type, date and markers; `INDEXED`.
//! - [`RecordDocumentFailure`] — any failure: `FAILED` with a reason a person can act on, so
//!   nothing is left `ANALYZING`.
//!
//! The document's record and its job move together ([`Tracker`]). Each task is idempotent: the
//! state machine retries, and the offline runtime re-runs an interrupted execution.

use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;

use mediclear_domain::health::document::{DocumentStatus, Enrichment, Extraction, ExtractionMethod, ImageNote, PatientDocument, Tier, VisionStatus};
use mediclear_domain::health::tagging::tag;
use mediclear_domain::ids::DocumentId;
use mediclear_domain::knowledge::SourceKind;
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::jobs::{JobStatus, JobStore};
use mediclear_documents::ExtractionError;
use mediclear_ports::refreshes::Insights;
use mediclear_ports::knowledge::{ChunkIndexWriter, EmbeddedChunk, Embedder, IndexedDocument};
use mediclear_ports::ocr::{OcrEngine, OcrJobId, OcrJobs, OcrProgress, OcrText, Scan, StoredDocument};
use mediclear_ports::vision::{ImageFormat, Vision};
use mediclear_ports::workflow::Workflow;

use crate::api::documents::upload::content_hash;
use crate::events::ingest::decode_key;
use crate::function::{EventHandler, FunctionError};

/// Polls of an OCR job before the document is failed (the state machine waits between polls).
pub const MAX_OCR_POLLS: u32 = 90;
/// A PDF's text layer counts when it has at least this many letters and digits; fewer is a scan
/// (perhaps with a stamped date or page numbers) and goes to OCR.
pub const MIN_TEXT_LAYER_CHARACTERS: usize = 40;
/// The note a document carries when no vision model looked at its images.
pub const VISION_SKIPPED_OFFLINE: &str = "vision: skipped (offline)";

/// A step's input: the document, and where a job or a poll count is being carried along.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DocumentStep {
    pub document_id: String,
    #[serde(default)]
    pub ocr_job: Option<String>,
    #[serde(default)]
    pub polls: u32,
}

/// What a step did, for the state machine's Choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Extracted,
    OcrStarted,
    InProgress,
    NeedsReview,
    Enriched,
    Indexed,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub document_id: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_job: Option<String>,
    #[serde(default)]
    pub polls: u32,
}

impl StepResult {
    fn of(document: &PatientDocument, outcome: Outcome) -> Self {
        StepResult { document_id: document.document_id.to_string(), outcome, ocr_job: None, polls: 0 }
    }
}

/// The document's record and its job, moved together.
#[derive(Clone)]
pub struct Tracker {
    pub documents: Arc<dyn DocumentStore>,
    pub jobs: Arc<dyn JobStore>,
}

impl Tracker {
    pub async fn load(&self, raw: &str) -> Result<PatientDocument, FunctionError> {
        let id = DocumentId::parse(raw).map_err(|_| FunctionError::invalid_event("document_id is not a document id"))?;
        self.documents
            .get(&id)
            .await
            .map_err(FunctionError::from_port)?
            .ok_or_else(|| FunctionError::new("DocumentNotFound", format!("document {id} is gone (purged?)")))
    }

    /// Stores the document with `status` (and `reason`), and its job with the same status and
    /// the last tier reached.
    pub async fn save(&self, document: &mut PatientDocument, status: DocumentStatus, reason: Option<String>) -> Result<(), FunctionError> {
        document.status = status;
        document.reason = reason.clone();
        document.updated_at = Utc::now();
        self.documents.update(document).await.map_err(|e| match e {
            PortError::NotFound => FunctionError::new("DocumentNotFound", format!("document {} is gone (purged?)", document.document_id)),
            other => FunctionError::from_port(other),
        })?;
        if let Some(mut job) = self.jobs.get(&document.job_id).await.map_err(FunctionError::from_port)? {
            job.status = match status {
                DocumentStatus::AwaitingUpload | DocumentStatus::Ingested => JobStatus::Ingested,
                DocumentStatus::Analyzing => JobStatus::Analyzing,
                DocumentStatus::Indexed => JobStatus::Indexed,
                DocumentStatus::NeedsReview => JobStatus::NeedsReview,
                DocumentStatus::Failed => JobStatus::Failed,
            };
            job.reason = reason;
            job.tier = document.tiers_done.last().map(|t| tier_name(*t).to_string());
            job.updated_at = Utc::now();
            self.jobs.put(&job).await.map_err(FunctionError::from_port)?;
        }
        Ok(())
    }

    /// After the pipeline's start kept failing for a stored file (`ingest-failed`): its document
    /// becomes `FAILED` unless it got further meanwhile; whether it did.
    pub async fn abandon(&self, key: &str, runs: u32) -> Result<bool, PortError> {
        let Some((_, document_id)) = PatientDocument::parse_key(key) else { return Ok(false) };
        let Some(mut document) = self.documents.get(&document_id).await? else { return Ok(false) };
        if !matches!(document.status, DocumentStatus::AwaitingUpload | DocumentStatus::Ingested) {
            return Ok(false);
        }
        let reason = crate::documents::stopped_after(runs);
        self.save(&mut document, DocumentStatus::Failed, Some(reason)).await.map_err(|e| match e.error_type.as_str() {
            "DependencyUnavailable" => PortError::Unavailable(e.message),
            "DocumentNotFound" => PortError::NotFound,
            _ => PortError::Internal(e.message),
        })?;
        Ok(true)
    }

    /// `FAILED` with `reason`; the step's result says so.
    async fn fail(&self, document: &mut PatientDocument, reason: &str) -> Result<StepResult, FunctionError> {
        tracing::warn!(document_id = %document.document_id, %reason, "document processing failed");
        self.save(document, DocumentStatus::Failed, Some(reason.to_string())).await?;
        Ok(StepResult::of(document, Outcome::Failed))
    }
}

pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Extract => "extract",
        Tier::Enrich => "enrich",
        Tier::Index => "index",
    }
}

/// Runs one tier's step and counts its time under the tier and how it ended (`PipelineTier`,
/// `mediclear_ports::metrics`); an error counts as `error`.
async fn measured(tier: Tier, step: impl std::future::Future<Output = Result<StepResult, FunctionError>>) -> Result<StepResult, FunctionError> {
    let started = std::time::Instant::now();
    let result = step.await;
    let outcome = match &result {
        Ok(r) => match r.outcome {
            Outcome::Extracted => "extracted",
            Outcome::OcrStarted => "ocr_started",
            Outcome::InProgress => "in_progress",
            Outcome::NeedsReview => "needs_review",
            Outcome::Enriched => "enriched",
            Outcome::Indexed => "indexed",
            Outcome::Failed => "failed",
        },
        Err(_) => "error",
    };
    mediclear_ports::metrics::Measurement::new()
        .dimension("Tier", tier_name(tier))
        .dimension("Outcome", outcome)
        .millis("PipelineTier", started.elapsed().as_secs_f64() * 1000.0)
        .record();
    result
}

/// Stores tier 1's text beside the file and records how it was had.
async fn keep_text(tracker: &Tracker, blobs: &dyn BlobStore, document: &mut PatientDocument, text: &str, extraction: Extraction) -> Result<(), FunctionError> {
    blobs.put(&document.text_key(), text.as_bytes().to_vec(), "text/plain; charset=utf-8").await.map_err(FunctionError::from_port)?;
    document.extraction = Some(extraction);
    document.done(Tier::Extract);
    tracker.save(document, DocumentStatus::Analyzing, None).await
}

fn ocr_extraction(text: &OcrText) -> (String, Extraction) {
    let joined = text.text();
    let confidences: Vec<f32> = text.pages.iter().filter_map(|p| p.confidence).collect();
    let confidence = (!confidences.is_empty()).then(|| confidences.iter().sum::<f32>() / confidences.len() as f32);
    let extraction = Extraction {
        method: ExtractionMethod::Ocr,
        engine: text.engine.clone(),
        pages: text.pages.len() as u32,
        confidence,
        characters: joined.chars().count() as u64,
    };
    (joined, extraction)
}

fn letters_and_digits(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// A reader's reason, ending with what the patient can do.
fn with_reupload(reason: &str) -> String {
    if reason.contains("upload") { reason.to_string() } else { format!("{reason}; please check the file and re-upload it") }
}

const NO_TEXT_FOUND: &str = "no text could be read from this file (it may be a photo or a faint scan); it is waiting for a person to transcribe it";
const NO_OCR: &str = "no text layer, and OCR is not available on this system; the document is waiting for a person to transcribe it";
const NOT_A_DOCUMENT: &str = "the file is not a PDF, a JPEG or PNG picture, or plain text; please upload one of those";
const FILE_MISSING: &str = "the file is missing from storage; please re-upload it";

/// `NEEDS_REVIEW` with `reason`.
async fn wait_for_review(tracker: &Tracker, document: &mut PatientDocument, reason: &str) -> Result<StepResult, FunctionError> {
    tracing::info!(document_id = %document.document_id, "document waits for manual review");
    tracker.save(document, DocumentStatus::NeedsReview, Some(reason.to_string())).await?;
    Ok(StepResult::of(document, Outcome::NeedsReview))
}

/// Tier 1.
#[derive(Clone)]
pub struct ExtractText {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub extractor: Arc<mediclear_documents::InProcessExtractor>,
    pub ocr: Arc<dyn OcrEngine>,
    /// Asynchronous OCR of stored PDFs, where the engine has it (Textract); PDFs go to
    /// [`OcrEngine::recognise`] otherwise.
    pub ocr_jobs: Option<Arc<dyn OcrJobs>>,
    /// Whether an OCR engine is installed at all (offline: tesseract). Without one a document
    /// without text goes straight to review instead of retrying an engine that is not there.
    pub ocr_installed: bool,
}

impl EventHandler for ExtractText {
    type Event = DocumentStep;
    type Output = StepResult;

    async fn handle(&self, step: DocumentStep) -> Result<StepResult, FunctionError> {
        measured(Tier::Extract, async {
            let mut document = self.tracker.load(&step.document_id).await?;
            let Some(blob) = self.blobs.get(&document.key).await.map_err(FunctionError::from_port)? else {
                return self.tracker.fail(&mut document, FILE_MISSING).await;
            };
            if blob.bytes.len() > crate::api::documents::upload_url::MAX_LINKED_UPLOAD_BYTES {
                return self.tracker.fail(&mut document, "the file is larger than 50 MB; please upload a smaller copy (for a long scan, split it)").await;
            }
            let kind = match mediclear_documents::sniff(&blob.bytes) {
                Some(kind @ ("application/pdf" | "image/jpeg" | "image/png" | "text/plain")) => kind,
                _ => return self.tracker.fail(&mut document, NOT_A_DOCUMENT).await,
            };
            document.content_type = Some(kind.to_string());
            document.content_hash = Some(content_hash(&blob.bytes));
            document.size = blob.bytes.len() as u64;
            document.tiers_done.clear();
            document.extraction = None;
            document.enrichment = None;
            self.tracker.save(&mut document, DocumentStatus::Analyzing, None).await?;

            // A text layer too thin to be the document (a stamped date, page numbers) sends a PDF to
            // OCR; if OCR reads nothing, that little text is kept rather than nothing.
            let mut thin_layer = None;
            if kind == "text/plain" || kind == "application/pdf" {
                match self.extractor.extract_detailed(&blob.bytes, kind).await.map_err(FunctionError::from_port)? {
                    Ok(text) if kind == "text/plain" || letters_and_digits(&text) >= MIN_TEXT_LAYER_CHARACTERS => {
                        let method = if kind == "text/plain" { ExtractionMethod::PlainText } else { ExtractionMethod::PdfTextLayer };
                        let extraction = Extraction { method, engine: "mediclear-documents".into(), pages: 0, confidence: None, characters: text.chars().count() as u64 };
                        if letters_and_digits(&text) == 0 {
                            return self.tracker.fail(&mut document, "the document contains no text; please check the file and re-upload it").await;
                        }
                        keep_text(&self.tracker, self.blobs.as_ref(), &mut document, &text, extraction).await?;
                        return Ok(StepResult::of(&document, Outcome::Extracted));
                    }
                    // A scan: no (or hardly any) text layer.
                    Ok(text) => thin_layer = (letters_and_digits(&text) > 0).then_some(text),
                    Err(ExtractionError::PdfNoTextLayer { .. }) => {}
                    Err(ExtractionError::WorkerUnavailable) => return Err(FunctionError::new("DependencyUnavailable", "text extraction could not start")),
                    Err(e) => return self.tracker.fail(&mut document, &with_reupload(&e.to_string())).await,
                }
            }

            if !self.ocr_installed {
                return self.without_ocr_text(&mut document, thin_layer, NO_OCR).await;
            }
            if kind == "application/pdf"
                && let Some(jobs) = &self.ocr_jobs
            {
                let started = jobs.start(&StoredDocument { key: document.key.clone(), version: None }).await;
                return match started {
                    Ok(job) => Ok(StepResult { ocr_job: Some(job.0), ..StepResult::of(&document, Outcome::OcrStarted) }),
                    Err(PortError::Rejected(reason)) => wait_for_review(&self.tracker, &mut document, &reason).await,
                    Err(e) => Err(FunctionError::from_port(e)),
                };
            }
            let scan = match Scan::parse(blob.bytes) {
                Ok(scan) => scan,
                Err(PortError::Rejected(reason)) => return self.tracker.fail(&mut document, &reason).await,
                Err(e) => return Err(FunctionError::from_port(e)),
            };
            match self.ocr.recognise(&scan).await {
                Ok(text) if letters_and_digits(&text.text()) > 0 => {
                    let (joined, extraction) = ocr_extraction(&text);
                    keep_text(&self.tracker, self.blobs.as_ref(), &mut document, &joined, extraction).await?;
                    Ok(StepResult::of(&document, Outcome::Extracted))
                }
                Ok(_) => self.without_ocr_text(&mut document, thin_layer, NO_TEXT_FOUND).await,
                Err(PortError::Rejected(reason)) => {
                    let reason = format!("OCR could not read the file ({reason}); it is waiting for a person to transcribe it");
                    self.without_ocr_text(&mut document, thin_layer, &reason).await
                }
                Err(e) => Err(FunctionError::from_port(e)),
            }
            })
        .await
    }
}

impl ExtractText {
    /// No text from OCR: the PDF's thin text layer if it had one, else the review queue.
    async fn without_ocr_text(&self, document: &mut PatientDocument, thin_layer: Option<String>, reason: &str) -> Result<StepResult, FunctionError> {
        let Some(text) = thin_layer else {
            return wait_for_review(&self.tracker, document, reason).await;
        };
        let extraction =
            Extraction { method: ExtractionMethod::PdfTextLayer, engine: "mediclear-documents".into(), pages: 0, confidence: None, characters: text.chars().count() as u64 };
        keep_text(&self.tracker, self.blobs.as_ref(), document, &text, extraction).await?;
        Ok(StepResult::of(document, Outcome::Extracted))
    }
}

/// Tier 1, asynchronous OCR: one poll of the job (the state machine waits between polls).
#[derive(Clone)]
pub struct PollOcr {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub ocr_jobs: Arc<dyn OcrJobs>,
}

impl EventHandler for PollOcr {
    type Event = DocumentStep;
    type Output = StepResult;

    async fn handle(&self, step: DocumentStep) -> Result<StepResult, FunctionError> {
        measured(Tier::Extract, async {
            let mut document = self.tracker.load(&step.document_id).await?;
            let job = step.ocr_job.clone().ok_or_else(|| FunctionError::invalid_event("ocr_job is required"))?;
            match self.ocr_jobs.poll(&OcrJobId(job.clone())).await {
                Ok(OcrProgress::InProgress) if step.polls + 1 >= MAX_OCR_POLLS => {
                    self.tracker.fail(&mut document, "OCR took too long to read the document; please re-upload it, or split a very long scan").await
                }
                Ok(OcrProgress::InProgress) => Ok(StepResult { ocr_job: Some(job), polls: step.polls + 1, ..StepResult::of(&document, Outcome::InProgress) }),
                Ok(OcrProgress::Succeeded { text }) if letters_and_digits(&text.text()) > 0 => {
                    let (joined, extraction) = ocr_extraction(&text);
                    keep_text(&self.tracker, self.blobs.as_ref(), &mut document, &joined, extraction).await?;
                    Ok(StepResult::of(&document, Outcome::Extracted))
                }
                Ok(OcrProgress::Succeeded { .. }) => wait_for_review(&self.tracker, &mut document, NO_TEXT_FOUND).await,
                Err(PortError::Rejected(reason)) => wait_for_review(&self.tracker, &mut document, &format!("OCR could not read the file ({reason}); it is waiting for a person to transcribe it")).await,
                Err(e) => Err(FunctionError::from_port(e)),
            }
            })
        .await
    }
}

/// The images of a document a vision model may describe: an uploaded picture, or the pictures
/// in a PDF.
fn images_of(content_type: &str, bytes: &[u8]) -> Vec<(u32, ImageFormat, Vec<u8>)> {
    match content_type {
        "image/png" => vec![(1, ImageFormat::Png, bytes.to_vec())],
        "image/jpeg" => vec![(1, ImageFormat::Jpeg, bytes.to_vec())],
        "application/pdf" => match mediclear_documents::pdf_images(bytes, &mediclear_documents::ImageLimits::default()) {
            // A JPEG taken from a PDF keeps its EXIF block: it goes to the model without it.
            Ok(images) => images
                .into_iter()
                .filter_map(|i| Some((i.page, i.format, mediclear_documents::strip_image_metadata(&i.bytes).ok()?)))
                .collect(),
            Err(e) => {
                tracing::warn!(error = %e, "the PDF's images could not be read; none are described");
                Vec::new()
            }
        },
        _ => Vec::new(),
    }
}

/// The text that is indexed and tagged: the extracted text, then each image description marked
/// as such.
pub fn enriched_text(text: &str, images: &[ImageNote]) -> String {
    let mut out = text.to_string();
    for image in images {
        out.push_str(&format!("\n\n[Image description by {} (page {}), not text of the document]\n{}", image.model, image.page, image.description));
    }
    out
}

/// Tier 2.
#[derive(Clone)]
pub struct EnrichDocument {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    /// The vision model; `None` offline.
    pub vision: Option<Arc<dyn Vision>>,
}

impl EnrichDocument {
    async fn text(&self, document: &PatientDocument) -> Result<Option<String>, FunctionError> {
        let blob = self.blobs.get(&document.text_key()).await.map_err(FunctionError::from_port)?;
        Ok(blob.map(|b| String::from_utf8_lossy(&b.bytes).into_owned()))
    }
}

impl EventHandler for EnrichDocument {
    type Event = DocumentStep;
    type Output = StepResult;

    async fn handle(&self, step: DocumentStep) -> Result<StepResult, FunctionError> {
        measured(Tier::Enrich, async {
            let mut document = self.tracker.load(&step.document_id).await?;
            let Some(text) = self.text(&document).await? else {
                return self.tracker.fail(&mut document, "the document's text is missing; please re-upload it").await;
            };
            let content_type = document.content_type.clone().unwrap_or_default();
            let images = if content_type == "text/plain" {
                Vec::new()
            } else {
                match self.blobs.get(&document.key).await.map_err(FunctionError::from_port)? {
                    Some(blob) => images_of(&content_type, &blob.bytes),
                    None => Vec::new(),
                }
            };
            let (vision, vision_note, notes) = match (&self.vision, images.is_empty()) {
                (_, true) => (VisionStatus::NoImages, "vision: no images".to_string(), Vec::new()),
                (None, false) => (VisionStatus::SkippedOffline, VISION_SKIPPED_OFFLINE.to_string(), Vec::new()),
                (Some(model), false) => {
                    let context = document.document_type.as_str().replace('_', " ");
                    let mut notes = Vec::new();
                    let mut refused = 0;
                    for (page, format, bytes) in &images {
                        match model.describe(bytes, *format, &context).await {
                            Ok(description) => notes.push(ImageNote { page: *page, description: description.text, model: description.model }),
                            Err(PortError::Rejected(_)) => refused += 1,
                            Err(e) => return Err(FunctionError::from_port(e)),
                        }
                    }
                    let status = if refused == 0 { VisionStatus::Described } else { VisionStatus::Partial };
                    let note = format!("vision: {} of {} images described", notes.len(), images.len());
                    (status, note, notes)
                }
            };
            let tags = tag(&enriched_text(&text, &notes), document.document_date);
            document.enrichment = Some(Enrichment { vision, vision_note, images: notes, tags });
            document.done(Tier::Enrich);
            self.tracker.save(&mut document, DocumentStatus::Analyzing, None).await?;
            Ok(StepResult::of(&document, Outcome::Enriched))
            })
        .await
    }
}

/// Tier 3.
#[derive(Clone)]
pub struct IndexDocument {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub embedder: Arc<dyn Embedder>,
    pub index: Arc<dyn ChunkIndexWriter>,
    /// The patient's score and risk, recomputed once the document is indexed.
    pub insights: Arc<dyn Insights>,
}

impl EventHandler for IndexDocument {
    type Event = DocumentStep;
    type Output = StepResult;

    async fn handle(&self, step: DocumentStep) -> Result<StepResult, FunctionError> {
        measured(Tier::Index, async {
            let mut document = self.tracker.load(&step.document_id).await?;
            let Some(blob) = self.blobs.get(&document.text_key()).await.map_err(FunctionError::from_port)? else {
                return self.tracker.fail(&mut document, "the document's text is missing; please re-upload it").await;
            };
            let text = String::from_utf8_lossy(&blob.bytes).into_owned();
            let images = document.enrichment.as_ref().map(|e| e.images.clone()).unwrap_or_default();
            let full = enriched_text(&text, &images);
            let chunks = chunk(document.document_id.as_str(), &full, ChunkingOptions::default());
            let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
            let embeddings = if texts.is_empty() { Vec::new() } else { self.embedder.embed(&texts).await.map_err(FunctionError::from_port)? };
            let embedded: Vec<EmbeddedChunk> = chunks.into_iter().zip(embeddings).map(|(chunk, embedding)| EmbeddedChunk { chunk, embedding }).collect();
            let markers: Vec<String> = document
                .enrichment
                .as_ref()
                .map(|e| {
                    let ids: std::collections::BTreeSet<String> = e.tags.markers.iter().map(|m| m.marker.to_string()).collect();
                    ids.into_iter().collect()
                })
                .unwrap_or_default();
            let indexed = IndexedDocument {
                document_id: document.document_id.to_string(),
                kind: SourceKind::HealthDocument,
                title: document.file_name.clone(),
                patient_id: Some(document.patient_id.clone()),
                provider_id: None,
                procedure_codes: Vec::new(),
                document_type: Some(document.document_type.as_str().to_string()),
                document_date: document.enrichment.as_ref().and_then(|e| e.tags.document_date).or(document.document_date),
                markers,
                embedding_model: self.embedder.model_id().to_string(),
                chunk_count: embedded.len() as u32,
                indexed_at: Utc::now(),
            };
            self.index.replace_document(&indexed, &embedded).await.map_err(FunctionError::from_port)?;
            document.chunk_count = embedded.len() as u32;
            document.indexed_hash = document.content_hash.clone();
            document.done(Tier::Index);
            self.tracker.save(&mut document, DocumentStatus::Indexed, None).await?;
            tracing::info!(document_id = %document.document_id, chunks = document.chunk_count, "document indexed");
            // A store that is down now fails the step, which the state machine retries (indexing
            // again changes nothing); anything else is logged, and the next refresh recomputes.
            match self.insights.recompute(&document.patient_id, "document_indexed").await {
                Ok(_) => {}
                Err(e) if e.is_transient() => return Err(FunctionError::from_port(e)),
                Err(e) => tracing::error!(error = %e, "insights not recomputed after indexing"),
            }
            Ok(StepResult::of(&document, Outcome::Indexed))
            })
        .await
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FailInput {
    pub document_id: String,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub cause: Option<String>,
}

/// The reason shown on a failed document. Only MediClear's own error names carry a message we
/// wrote (ids and reasons, never content); anything else is named, not quoted.
pub fn failure_reason(error: Option<&str>, cause: Option<&str>) -> String {
    let own_message = || crate::function::cause_message(cause);
    match error.unwrap_or("") {
        "Rejected" => own_message().unwrap_or_else(|| "the file could not be processed; please re-upload it".into()),
        "DependencyUnavailable" | "Lambda.TooManyRequestsException" | "Lambda.ServiceException" => {
            "a service the pipeline needs stayed unavailable; please re-upload the document later".into()
        }
        "States.Timeout" | "States.HeartbeatTimeout" => "processing took too long; please re-upload the document".into(),
        "Runtime.ExitError" => "processing stopped repeatedly on this file; please re-upload it, or contact support if it keeps failing".into(),
        _ => "the document could not be processed; please re-upload it, or contact support if it keeps failing".into(),
    }
}

/// Any failure → `FAILED` with a reason (a document already settled is left as it is).
#[derive(Clone)]
pub struct RecordDocumentFailure {
    pub tracker: Tracker,
}

impl EventHandler for RecordDocumentFailure {
    type Event = FailInput;
    type Output = serde_json::Value;

    async fn handle(&self, event: FailInput) -> Result<serde_json::Value, FunctionError> {
        let reason = failure_reason(event.error.as_deref(), event.cause.as_deref());
        let mut document = match self.tracker.load(&event.document_id).await {
            Ok(document) => document,
            Err(e) if e.error_type == "DocumentNotFound" || e.error_type == "InvalidEvent" => {
                return Ok(json!({"document_id": event.document_id, "status": null, "reason": reason}));
            }
            Err(e) => return Err(e),
        };
        if matches!(document.status, DocumentStatus::Indexed | DocumentStatus::NeedsReview | DocumentStatus::Failed) {
            return Ok(json!({"document_id": event.document_id, "status": document.status, "reason": document.reason}));
        }
        tracing::warn!(document_id = %document.document_id, error = event.error.as_deref().unwrap_or(""), "document processing failed");
        self.tracker.save(&mut document, DocumentStatus::Failed, Some(reason.clone())).await?;
        Ok(json!({"document_id": event.document_id, "status": DocumentStatus::Failed, "reason": reason}))
    }
}

/// The execution name of a stored object: the document and the first 16 characters of its ETag
/// (its content), within Step Functions' 80 characters.
pub fn execution_name(document_id: &DocumentId, etag: &str) -> String {
    let tag: String = etag.chars().filter(|c| c.is_ascii_alphanumeric()).take(16).collect();
    format!("{document_id}-{}", if tag.is_empty() { "0" } else { &tag })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StartReport {
    pub started: usize,
    pub already_started: usize,
    pub skipped: usize,
}

/// The S3 event → the pipeline.
#[derive(Clone)]
pub struct StartPipeline {
    pub tracker: Tracker,
    pub blobs: Arc<dyn BlobStore>,
    pub workflow: Arc<dyn Workflow>,
}

impl StartPipeline {
    async fn start(&self, key: &str, etag: &str) -> Result<Option<bool>, FunctionError> {
        let Some((_, document_id)) = PatientDocument::parse_key(key) else { return Ok(None) };
        let Ok(mut document) = self.tracker.load(document_id.as_str()).await else {
            tracing::warn!(%document_id, "an object arrived for a document MediClear does not know; ignored");
            return Ok(None);
        };
        if document.key != key {
            return Ok(None);
        }
        if document.status == DocumentStatus::AwaitingUpload {
            // A presigned upload: pictures lose their metadata here (the rewrite is a new
            // object, whose own event starts the pipeline).
            if let Some(blob) = self.blobs.get(key).await.map_err(FunctionError::from_port)?
                && let Some(kind @ ("image/jpeg" | "image/png")) = mediclear_documents::sniff(&blob.bytes)
                && let Ok(stripped) = mediclear_documents::strip_image_metadata(&blob.bytes)
                && stripped != blob.bytes
            {
                self.blobs.put(key, stripped, kind).await.map_err(FunctionError::from_port)?;
                return Ok(None);
            }
            self.tracker.save(&mut document, DocumentStatus::Ingested, None).await?;
        }
        let name = execution_name(&document.document_id, etag);
        match self.workflow.start(&name, &json!({"document_id": document.document_id})).await {
            Ok(_) => Ok(Some(true)),
            Err(PortError::Conflict(_)) => Ok(Some(false)),
            Err(e) => Err(FunctionError::from_port(e)),
        }
    }
}

impl EventHandler for StartPipeline {
    type Event = aws_lambda_events::s3::S3Event;
    type Output = StartReport;

    async fn handle(&self, event: aws_lambda_events::s3::S3Event) -> Result<StartReport, FunctionError> {
        let mut report = StartReport::default();
        for record in event.records {
            let key = record.s3.object.key.as_deref().and_then(decode_key);
            let etag = record.s3.object.e_tag.clone().unwrap_or_default();
            match key {
                Some(key) => match self.start(&key, &etag).await? {
                    Some(true) => report.started += 1,
                    Some(false) => report.already_started += 1,
                    None => report.skipped += 1,
                },
                None => report.skipped += 1,
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execution_names_fit_and_follow_the_content() {
        let id = DocumentId::parse("HD-8K2N5Q1T7W0B4F9H3M6R").unwrap();
        let name = execution_name(&id, "\"d41d8cd98f00b204e9800998ecf8427e\"");
        assert_eq!(name, "HD-8K2N5Q1T7W0B4F9H3M6R-d41d8cd98f00b204");
        assert!(name.len() <= 80);
        assert_ne!(name, execution_name(&id, "0cc175b9c0f1b6a831c399e269772661"));
    }

    #[test]
    fn failure_reasons_never_quote_foreign_errors() {
        let cause = r#"{"errorType":"Rejected","errorMessage":"the PDF is too complex to read safely; please re-upload a simpler copy"}"#;
        assert!(failure_reason(Some("Rejected"), Some(cause)).starts_with("the PDF is too complex"));
        let foreign = r#"{"errorMessage":"Patient Jane Doe note: ..."}"#;
        assert!(!failure_reason(Some("KeyError"), Some(foreign)).contains("Jane"));
    }

    #[test]
    fn image_descriptions_are_marked_as_such() {
        let text = enriched_text("Report text.", &[ImageNote { page: 2, description: "A bar chart of HbA1c.".into(), model: "claude".into() }]);
        assert!(text.starts_with("Report text.") && text.contains("[Image description by claude (page 2), not text of the document]"));
    }
}
