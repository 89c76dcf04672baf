//! `OcrEngine` and `OcrJobs`: known text in, the same text out (character error rate ≤ 2 % on a
//! clean page), one numbered page per page, a blank page is an empty page (no error, no
//! confidence), an unreadable file is `Rejected` with a reason that quotes nothing of it, a
//! repeated start is the same job, an unknown job is `NotFound`.
//!
//! The suites take an [`OcrStage`], which puts a page of known text in front of the engine: the
//! offline family gets it drawn by ImageMagick ([`RenderedScans`]); the Textract adapter gets a
//! wire stub scripted with the very lines drawn ([`ScriptedTextract`]), as Textract's blocks.
//! [`scans`] holds the reference pages, the scan variants and the hostile files.

pub mod scans;

use std::time::Duration;

use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::ocr::{OcrEngine, OcrJobId, OcrJobs, OcrProgress, OcrText, Scan, StoredDocument};

use crate::unique;
use crate::wire::{Operation, Scripted, WireStub, textract_blocks};
use scans::{CLINICAL_LETTER, LAB_REPORT, ReferencePage, Variant};

/// The error rate a clean page must stay within.
pub const CLEAN_PAGE_CER: f64 = 0.02;

/// Puts pages of known text in front of an engine.
#[allow(async_fn_in_trait)] // used by tests on one task; no Send bound is needed
pub trait OcrStage {
    /// A one-page scan showing `page`.
    async fn image_of(&self, page: &ReferencePage) -> Scan;
    /// A blank page.
    async fn blank_page(&self) -> Scan;
    /// A scan the engine cannot read (an image cut off half-way).
    async fn unreadable_image(&self) -> Scan;
    /// A stored PDF without a text layer whose pages show `pages`.
    async fn stored_pdf(&self, pages: &[ReferencePage]) -> StoredDocument;
    /// A stored document the engine cannot read.
    async fn stored_unreadable(&self) -> StoredDocument;
}

/// Levenshtein distance between the whitespace-normalised texts (every run of whitespace one
/// space, ends trimmed), divided by the reference's length in characters.
pub fn character_error_rate(reference: &str, recognised: &str) -> f64 {
    let normalise = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect::<Vec<char>>();
    let (reference, recognised) = (normalise(reference), normalise(recognised));
    if reference.is_empty() {
        return if recognised.is_empty() { 0.0 } else { 1.0 };
    }
    let mut previous: Vec<usize> = (0..=recognised.len()).collect();
    let mut current = vec![0; recognised.len() + 1];
    for (i, r) in reference.iter().enumerate() {
        current[0] = i + 1;
        for (j, h) in recognised.iter().enumerate() {
            current[j + 1] = (previous[j + 1] + 1).min(current[j] + 1).min(previous[j] + usize::from(r != h));
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[recognised.len()] as f64 / reference.len() as f64
}

pub async fn ocr_engine(engine: &dyn OcrEngine, stage: &impl OcrStage) {
    let text = engine.recognise(&stage.image_of(&LAB_REPORT).await).await.expect("a clean page is read");
    assert!(!text.engine.is_empty(), "the engine names itself");
    assert_eq!(text.pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1], "an image is one page, numbered 1");
    let cer = character_error_rate(&LAB_REPORT.text(), &text.pages[0].text);
    assert!(cer <= CLEAN_PAGE_CER, "a clean page is read with ≤ 2 % character errors, not {:.2} %:\n{}", cer * 100.0, text.pages[0].text);
    let confidence = text.pages[0].confidence.expect("a page with words has a confidence");
    assert!(confidence > 50.0 && confidence <= 100.0, "confidence is a percentage: {confidence}");

    let blank = engine.recognise(&stage.blank_page().await).await.expect("a blank page is no error");
    assert_eq!(blank.pages.len(), 1);
    assert!(blank.pages[0].text.trim().is_empty(), "a blank page has no text: {:?}", blank.pages[0].text);
    assert_eq!(blank.pages[0].confidence, None, "no words, no confidence");

    match engine.recognise(&stage.unreadable_image().await).await {
        Err(PortError::Rejected(reason)) => {
            assert!(!reason.is_empty() && !reason.contains("Glucose"), "a reason, quoting nothing: {reason}")
        }
        other => panic!("a cut-off image is Rejected, not {other:?}"),
    }
    assert!(matches!(Scan::parse(scans::not_an_image()), Err(PortError::Rejected(_))), "a Word file is no scan");
}

pub async fn ocr_jobs(jobs: &dyn OcrJobs, stage: &impl OcrStage) {
    let pages = [LAB_REPORT, CLINICAL_LETTER];
    let document = stage.stored_pdf(&pages).await;
    let job = jobs.start(&document).await.expect("a stored PDF starts");
    assert_eq!(jobs.start(&document).await.expect("a second start"), job, "starting the same document again is the same job");
    let text = until_done(jobs, &job).await.expect("the job succeeds");
    assert_eq!(text.pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2], "every page, in order");
    for (page, reference) in text.pages.iter().zip(pages) {
        let cer = character_error_rate(&reference.text(), &page.text);
        assert!(cer <= CLEAN_PAGE_CER, "page {} ({}) within 2 %, not {:.2} %:\n{}", page.number, reference.name, cer * 100.0, page.text);
        assert!(page.confidence.is_some_and(|c| c > 50.0 && c <= 100.0), "page {} has a confidence", page.number);
    }

    let broken = stage.stored_unreadable().await;
    let outcome = match jobs.start(&broken).await {
        Ok(job) => until_done(jobs, &job).await,
        Err(e) => Err(e),
    };
    assert!(matches!(outcome, Err(PortError::Rejected(_))), "an unreadable document ends Rejected: {outcome:?}");

    let unknown = jobs.poll(&OcrJobId("no-such-job".into())).await;
    assert_eq!(unknown, Err(PortError::NotFound), "an unknown job is NotFound");
}

/// Polls as the state machine does (with a short wait) until the job ends; at most 3 minutes.
pub async fn until_done(jobs: &dyn OcrJobs, job: &OcrJobId) -> Result<OcrText, PortError> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    loop {
        match jobs.poll(job).await? {
            OcrProgress::Succeeded { text } => return Ok(text),
            OcrProgress::InProgress if tokio::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
            OcrProgress::InProgress => panic!("job {job:?} still in progress after 3 minutes"),
        }
    }
}

/// The offline stage: pages drawn by ImageMagick, documents put in `blobs`.
pub struct RenderedScans<'a> {
    pub blobs: &'a dyn BlobStore,
}

impl OcrStage for RenderedScans<'_> {
    async fn image_of(&self, page: &ReferencePage) -> Scan {
        Scan::parse(scans::render(page, Variant::Clean)).expect("a PNG")
    }

    async fn blank_page(&self) -> Scan {
        Scan::parse(scans::blank_page()).expect("a PNG")
    }

    async fn unreadable_image(&self) -> Scan {
        Scan::parse(scans::truncated(&scans::render(&LAB_REPORT, Variant::Clean), 0.5)).expect("still a PNG by its magic number")
    }

    async fn stored_pdf(&self, pages: &[ReferencePage]) -> StoredDocument {
        let jpegs: Vec<Vec<u8>> = pages.iter().map(|p| scans::render(p, Variant::Jpeg(75))).collect();
        self.put(scans::image_only_pdf(&jpegs, 300)).await
    }

    async fn stored_unreadable(&self) -> StoredDocument {
        self.put(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R".to_vec()).await
    }
}

impl RenderedScans<'_> {
    async fn put(&self, bytes: Vec<u8>) -> StoredDocument {
        let key = format!("ocr-conformance/{}.pdf", unique("DOC"));
        self.blobs.put(&key, bytes, "application/pdf").await.expect("store the document");
        StoredDocument { key, version: None }
    }
}

/// The Textract stage: the stub answers with the reference lines as Textract blocks.
pub struct ScriptedTextract<'a> {
    pub stub: &'a WireStub,
}

impl OcrStage for ScriptedTextract<'_> {
    async fn image_of(&self, page: &ReferencePage) -> Scan {
        self.stub.script(Operation::DetectDocumentText, Scripted::textract_lines(&page.lines()));
        Scan::parse(scans::placeholder_png()).expect("a PNG")
    }

    async fn blank_page(&self) -> Scan {
        self.stub.script(Operation::DetectDocumentText, Scripted::textract_lines(&[]));
        Scan::parse(scans::placeholder_png()).expect("a PNG")
    }

    async fn unreadable_image(&self) -> Scan {
        let error = Scripted::json_1_1_error(400, "BadDocumentException", "Request has unsupported document format");
        self.stub.script(Operation::DetectDocumentText, error);
        Scan::parse(scans::truncated(&scans::placeholder_png(), 0.5)).expect("still a PNG by its magic number")
    }

    async fn stored_pdf(&self, pages: &[ReferencePage]) -> StoredDocument {
        let lines: Vec<Vec<&str>> = pages.iter().map(|p| p.lines()).collect();
        let lines: Vec<&[&str]> = lines.iter().map(Vec::as_slice).collect();
        let blocks = textract_blocks(&lines);
        // Results split mid-page across two calls, as Textract's 1000-block pages split them.
        let (first, second) = blocks.split_at(blocks.len() / 2);
        let count = pages.len() as u32;
        self.stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_in_progress());
        self.stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_succeeded(count, first, Some("results-2")));
        self.stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_succeeded(count, second, None));
        StoredDocument { key: format!("ocr-conformance/{}.pdf", unique("DOC")), version: Some("1".into()) }
    }

    async fn stored_unreadable(&self) -> StoredDocument {
        self.stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_failed("UNSUPPORTED_DOCUMENT"));
        StoredDocument { key: format!("ocr-conformance/{}.pdf", unique("DOC")), version: Some("1".into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::character_error_rate;

    #[test]
    fn error_rate_is_edits_over_the_normalised_reference() {
        assert_eq!(character_error_rate("HbA1c  41\nmmol/mol", "HbA1c 41 mmol/mol"), 0.0);
        assert!((character_error_rate("HbA1c 41", "HbAl1c 41") - 1.0 / 8.0).abs() < 1e-9, "one inserted character");
        assert_eq!(character_error_rate("abc", ""), 1.0);
        assert_eq!(character_error_rate("", ""), 0.0);
    }
}
