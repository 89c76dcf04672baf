//! OCR with Amazon Textract's text detection: [`OcrEngine`] and [`OcrJobs`] in one adapter,
//! [`TextractOcr`].
//!
//! - **Synchronous** ([`OcrEngine::recognise`]): `DetectDocumentText` on the bytes — PNG, JPEG,
//!   and PDFs of one page (Textract refuses longer PDFs here: `Rejected`, saying so), up to the
//!   10 MB Textract takes in one call.
//! - **Asynchronous** ([`OcrJobs`]): `StartDocumentTextDetection` on an object of the documents
//!   bucket, with a `ClientRequestToken` derived from its key and version (a retried start gets
//!   the job already started); `GetDocumentTextDetection` answers `IN_PROGRESS` until the job
//!   ends, then every result page is fetched (`NextToken`, 1000 blocks a call, bounded) and
//!   assembled. The state machine's Wait/Choice loop does the waiting, so no Lambda sleeps.
//!
//! Text of a page: its `LINE` blocks in the order the `PAGE` block's `CHILD` relationship lists
//! them (Textract's reading order; lines it does not list follow in block order), one per line.
//! Confidence: the mean of the page's `WORD` confidences (its `LINE`s' when there are no words).
//!
//! Errors: `BadDocumentException`, `UnsupportedDocumentException`, `DocumentTooLargeException`
//! and a `FAILED` job are `Rejected` with a reason a patient can act on; a missing S3 object
//! (`InvalidS3ObjectException`) or job (`InvalidJobIdException`) is `NotFound`; throttling and
//! 5xx `Unavailable` (see `error`). Textract's messages never reach the caller.
//!
//! IAM: `textract:DetectDocumentText`, `textract:StartDocumentTextDetection`,
//! `textract:GetDocumentTextDetection`; Textract reads the S3 object with the caller's
//! permissions, so the starting function also needs `s3:GetObject` (and `kms:Decrypt` on the
//! bucket's key) for the documents it starts.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_textract::Client;
use aws_sdk_textract::primitives::Blob;
use aws_sdk_textract::types::{Block, BlockType, Document, DocumentLocation, JobStatus, RelationshipType, S3Object};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::ocr::{OcrEngine, OcrJobId, OcrJobs, OcrPage, OcrProgress, OcrText, Scan, StoredDocument};
use sha2::{Digest, Sha256};

use crate::error::Failure;

/// The largest document `DetectDocumentText` takes as bytes.
pub(crate) const MAX_SYNC_BYTES: usize = 10 * 1024 * 1024;
/// Blocks per `GetDocumentTextDetection` call (Textract's maximum).
const RESULTS_PER_CALL: i32 = 1000;
/// Result pages fetched for one job: 1000 blocks each, far beyond Textract's 3000-page limit's
/// typical text.
const MAX_RESULT_CALLS: usize = 2000;
/// Text kept for one document, as the PDF text layer's budget.
const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Textract text detection; built once per function from the SDK config and the documents bucket.
#[derive(Debug, Clone)]
pub struct TextractOcr {
    client: Client,
    bucket: String,
}

impl TextractOcr {
    /// `bucket`: where [`OcrJobs::start`]'s documents live (`DOCUMENTS_BUCKET`).
    pub fn new(config: &SdkConfig, bucket: impl Into<String>) -> Self {
        TextractOcr { client: Client::new(config), bucket: bucket.into() }
    }

    /// The idempotency token of a document's job: 64 hex characters of SHA-256 over the bucket,
    /// key and version (Textract allows `[a-zA-Z0-9-_]{1,64}`).
    fn request_token(&self, document: &StoredDocument) -> String {
        let mut hash = Sha256::new();
        for part in [self.bucket.as_str(), document.key.as_str(), document.version.as_deref().unwrap_or("")] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    async fn results(&self, job: &OcrJobId) -> PortResult<OcrProgress> {
        let mut reading = Reading::default();
        let mut next_token: Option<String> = None;
        let mut model = None;
        for _ in 0..MAX_RESULT_CALLS {
            let out = self
                .client
                .get_document_text_detection()
                .job_id(&job.0)
                .max_results(RESULTS_PER_CALL)
                .set_next_token(next_token.clone())
                .send()
                .await
                .map_err(|e| textract_error("textract.GetDocumentTextDetection", &e))?;
            match out.job_status() {
                Some(JobStatus::InProgress) => return Ok(OcrProgress::InProgress),
                Some(JobStatus::Succeeded | JobStatus::PartialSuccess) => {}
                Some(JobStatus::Failed) => {
                    tracing::warn!(status_message = out.status_message().unwrap_or(""), "textract job failed");
                    return Err(PortError::Rejected(
                        "OCR could not read the document (it may be damaged or unsupported); please upload it again".into(),
                    ));
                }
                other => return Err(PortError::Internal(format!("textract.GetDocumentTextDetection: unexpected job status {other:?}"))),
            }
            if !out.warnings().is_empty() {
                tracing::warn!(warnings = out.warnings().len(), "textract job finished with warnings: some pages may be empty");
            }
            model = model.or(out.detect_document_text_model_version().map(str::to_string));
            reading.pages = reading.pages.max(out.document_metadata().and_then(|m| m.pages()).unwrap_or(0).max(0) as u32);
            for block in out.blocks() {
                reading.add(block)?;
            }
            match out.next_token() {
                Some(token) if Some(token) == next_token.as_deref() => {
                    return Err(PortError::Internal("textract.GetDocumentTextDetection: the same NextToken twice".into()));
                }
                Some(token) => next_token = Some(token.to_string()),
                None => {
                    return Ok(OcrProgress::Succeeded { text: OcrText { engine: engine(model.as_deref()), pages: reading.into_pages() } });
                }
            }
        }
        Err(PortError::Rejected("the document has more text than OCR accepts".into()))
    }
}

fn engine(model_version: Option<&str>) -> String {
    match model_version {
        Some(version) => format!("textract {version}"),
        None => "textract".into(),
    }
}

#[async_trait]
impl OcrEngine for TextractOcr {
    #[tracing::instrument(skip(self, scan), fields(format = ?scan.format(), bytes = scan.bytes().len()))]
    async fn recognise(&self, scan: &Scan) -> PortResult<OcrText> {
        if scan.bytes().len() > MAX_SYNC_BYTES {
            return Err(PortError::Rejected("the file is larger than the 10 MB OCR reads in one step".into()));
        }
        let out = self
            .client
            .detect_document_text()
            .document(Document::builder().bytes(Blob::new(scan.bytes().to_vec())).build())
            .send()
            .await
            .map_err(|e| textract_error("textract.DetectDocumentText", &e))?;
        let mut reading =
            Reading { pages: out.document_metadata().and_then(|m| m.pages()).unwrap_or(1).max(1) as u32, ..Reading::default() };
        for block in out.blocks() {
            reading.add(block)?;
        }
        Ok(OcrText { engine: engine(out.detect_document_text_model_version()), pages: reading.into_pages() })
    }
}

#[async_trait]
impl OcrJobs for TextractOcr {
    #[tracing::instrument(skip(self, document), fields(bucket = %self.bucket))]
    async fn start(&self, document: &StoredDocument) -> PortResult<OcrJobId> {
        let object = S3Object::builder().bucket(&self.bucket).name(&document.key).set_version(document.version.clone()).build();
        let out = self
            .client
            .start_document_text_detection()
            .document_location(DocumentLocation::builder().s3_object(object).build())
            .client_request_token(self.request_token(document))
            .send()
            .await
            .map_err(|e| textract_error("textract.StartDocumentTextDetection", &e))?;
        let job = out.job_id().ok_or_else(|| PortError::Internal("textract.StartDocumentTextDetection: no JobId".into()))?;
        Ok(OcrJobId(job.to_string()))
    }

    #[tracing::instrument(skip(self), fields(job = %job.0))]
    async fn poll(&self, job: &OcrJobId) -> PortResult<OcrProgress> {
        self.results(job).await
    }
}

/// Textract's error codes → `PortError`, with reasons safe to show.
pub(crate) fn textract_error<E: ProvideErrorMetadata>(operation: &'static str, err: &SdkError<E, HttpResponse>) -> PortError {
    let failure = Failure::of(operation, err);
    tracing::warn!(error = %failure.describe(), "textract call failed");
    let rejected = |reason: &str| PortError::Rejected(reason.into());
    match failure.code.as_deref() {
        Some("BadDocumentException") => rejected("the file could not be read by OCR (it may be damaged); please upload it again"),
        Some("UnsupportedDocumentException") => {
            rejected("the file cannot be read by OCR in one step (an unsupported format, or a PDF of more than one page)")
        }
        Some("DocumentTooLargeException") => rejected("the file is too large for OCR"),
        Some("InvalidS3ObjectException" | "InvalidJobIdException") => PortError::NotFound,
        Some("IdempotentParameterMismatchException") => PortError::Conflict(failure.describe()),
        _ => failure.into_port_error(),
    }
}

/// The blocks of one document, gathered over the result pages, then laid out per page.
#[derive(Default)]
struct Reading {
    /// Pages the document has (`DocumentMetadata.Pages`).
    pages: u32,
    /// LINE id → (page, text).
    lines: HashMap<String, (u32, String)>,
    /// LINE ids in block order, per page.
    line_order: BTreeMap<u32, Vec<String>>,
    /// The PAGE block's children, per page: Textract's reading order.
    page_children: BTreeMap<u32, Vec<String>>,
    /// Sum and count of WORD confidences, per page; and of LINE confidences.
    words: BTreeMap<u32, (f64, u32)>,
    line_confidence: BTreeMap<u32, (f64, u32)>,
    text_bytes: usize,
}

impl Reading {
    fn add(&mut self, block: &Block) -> PortResult<()> {
        let page = block.page().unwrap_or(1).max(1) as u32;
        match block.block_type() {
            Some(BlockType::Page) => {
                let children = block
                    .relationships()
                    .iter()
                    .filter(|r| r.r#type() == Some(&RelationshipType::Child))
                    .flat_map(|r| r.ids().iter().cloned());
                self.page_children.entry(page).or_default().extend(children);
            }
            Some(BlockType::Line) => {
                let (Some(id), Some(text)) = (block.id(), block.text()) else { return Ok(()) };
                self.text_bytes += text.len() + 1;
                if self.text_bytes > MAX_TEXT_BYTES {
                    return Err(PortError::Rejected("the document has more text than OCR accepts".into()));
                }
                self.lines.insert(id.to_string(), (page, text.to_string()));
                self.line_order.entry(page).or_default().push(id.to_string());
                if let Some(c) = block.confidence() {
                    let entry = self.line_confidence.entry(page).or_default();
                    *entry = (entry.0 + f64::from(c), entry.1 + 1);
                }
            }
            Some(BlockType::Word) => {
                if let Some(c) = block.confidence() {
                    let entry = self.words.entry(page).or_default();
                    *entry = (entry.0 + f64::from(c), entry.1 + 1);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn into_pages(mut self) -> Vec<OcrPage> {
        let last = self.line_order.keys().chain(self.page_children.keys()).copied().max().unwrap_or(0).max(self.pages);
        (1..=last)
            .map(|number| {
                let mut ids = self.page_children.remove(&number).unwrap_or_default();
                // Lines the PAGE block does not list (none, in Textract's answers) keep block order.
                for id in self.line_order.remove(&number).unwrap_or_default() {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                let text: Vec<String> =
                    ids.iter().filter_map(|id| self.lines.remove(id)).filter(|(p, _)| *p == number).map(|(_, t)| t).collect();
                let (sum, count) = self.words.get(&number).or(self.line_confidence.get(&number)).copied().unwrap_or((0.0, 0));
                let confidence = (count > 0).then(|| (sum / f64::from(count)) as f32);
                OcrPage { number, text: text.join("\n"), confidence }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_textract::types::Relationship;

    fn block(kind: BlockType, id: &str, page: i32, text: Option<&str>, confidence: Option<f32>, children: &[&str]) -> Block {
        let mut b = Block::builder().block_type(kind).id(id).page(page).set_text(text.map(str::to_string)).set_confidence(confidence);
        if !children.is_empty() {
            let mut r = Relationship::builder().r#type(RelationshipType::Child);
            for c in children {
                r = r.ids(*c);
            }
            b = b.relationships(r.build());
        }
        b.build()
    }

    #[test]
    fn lines_follow_the_page_blocks_reading_order_and_words_give_the_confidence() {
        let mut reading = Reading { pages: 3, ..Reading::default() };
        // Page 2's lines arrive before its PAGE block and out of reading order; page 3 is blank.
        for b in [
            block(BlockType::Page, "p1", 1, None, None, &["a"]),
            block(BlockType::Line, "a", 1, Some("Dear Dr. Okafor,"), Some(99.0), &["w"]),
            block(BlockType::Word, "w", 1, Some("Dear"), Some(90.0), &[]),
            block(BlockType::Line, "c", 2, Some("second line"), Some(97.0), &[]),
            block(BlockType::Line, "b", 2, Some("first line"), Some(95.0), &[]),
            block(BlockType::Page, "p2", 2, None, None, &["b", "c"]),
        ] {
            reading.add(&b).unwrap();
        }
        let pages = reading.into_pages();
        assert_eq!(pages.len(), 3);
        assert_eq!((pages[0].number, pages[0].text.as_str(), pages[0].confidence), (1, "Dear Dr. Okafor,", Some(90.0)));
        assert_eq!((pages[1].text.as_str(), pages[1].confidence), ("first line\nsecond line", Some(96.0)));
        assert_eq!((pages[2].number, pages[2].text.as_str(), pages[2].confidence), (3, "", None));
    }

    #[test]
    fn request_tokens_fit_textract_and_name_the_version() {
        let config = aws_config::SdkConfig::builder().behavior_version(aws_config::BehaviorVersion::latest()).build();
        let ocr = TextractOcr::new(&config, "documents");
        let v1 = StoredDocument { key: "patients/PAT-1/DOC-1.pdf".into(), version: Some("v1".into()) };
        let v2 = StoredDocument { version: Some("v2".into()), ..v1.clone() };
        let token = ocr.request_token(&v1);
        assert!(token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
        assert_eq!(token, ocr.request_token(&v1.clone()));
        assert_ne!(token, ocr.request_token(&v2));
    }
}
