//! The text layer of a PDF, read in-process, with nothing the file does able to crash, hang or
//! exhaust the caller.
//!
//! Three layers of defence, because PDF libraries are known to panic and loop on hostile input:
//!
//! 1. `prepare` opens the file with lopdf 0.47, enforces the limits and writes a clean copy
//!    (see there for what "clean" means). Its drawing instructions are read within budgets by
//!    `content` (one stream) and `walk` (the whole document, a form each time it is drawn), so
//!    that pdf-extract gets no more than it can interpret in bounded memory and time.
//! 2. pdf-extract reads that copy one page at a time, each page inside `catch_unwind`: a page
//!    that panics (an unsupported font encoding, say) is lost alone, and the rest is read. The
//!    `layout` sink checks the deadline and the text budget on every character.
//! 3. All of it runs on a worker thread with its own large stack; the caller waits at most the
//!    time budget and a grace period, then answers "too complex" even if the worker is stuck in
//!    code that never reaches a check. The worker is left to finish on its own.
//!
//! Panic messages from the worker are kept out of stderr (they can quote PDF objects): a panic
//! hook, installed once, records only the panic's location for worker threads and defers to
//! the previous hook for every other thread. pdf-extract and lopdf print nothing themselves;
//! they log through the `log` crate, which goes nowhere unless a binary installs a logger.
//!
//! Which pages need OCR: a page that yields no letters or digits but draws an image, and a page
//! mostly covered by images whose only text sits in the top or bottom fifth (the header a fax
//! server stamps on every page, a Bates number): both are scans, and the second kind is common
//! in referrals and prior-authorization paperwork, where reading only the stamp would silently
//! lose the page. A document with no typed page is rejected as a scan (or as blank); one with
//! some is read, and [`PdfText`] lists the scanned pages so that a caller can send them to OCR.
//!
//! The pictures of a PDF (charts, photos, scanned tables), for a vision model to describe, come
//! from `images` ([`pdf_images`]): the same opening and the same worker, then the pages' image
//! XObjects as JPEG or PNG files.

mod content;
mod images;
mod layout;
mod prepare;
mod walk;

use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::ExtractionError;
use crate::limits::Limits;
use crate::normalise::normalise;
use crate::sniff::{is_pdf, sniff};
use layout::{PageText, PageTextSink, Stop};

pub use images::{EmbeddedImage, ImageLimits, pdf_images};

/// Name of the worker threads; the panic hook recognises them by it.
const WORKER_NAME: &str = "mediclear-pdf-reader";
/// Stack of a worker thread. lopdf's parsers recurse up to 100 levels per nested object and
/// forms nest up to `walk::MAX_FORM_DEPTH`; 16 MiB leaves a wide margin (it is reserved,
/// not committed, so it costs no memory until used).
const WORKER_STACK: usize = 16 * 1024 * 1024;
/// How long past the time budget the caller waits for a worker that stopped checking the clock.
const GRACE: Duration = Duration::from_secs(2);

/// The text of a PDF and what could not be read of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// Normalised text, pages separated by a blank line.
    pub text: String,
    pub page_count: usize,
    /// Pages (1-based) that draw an image but carry no text: scanned pages that need OCR.
    pub pages_needing_ocr: Vec<usize>,
    /// Pages (1-based) the reader failed on (an unsupported font, broken drawing instructions).
    pub unreadable_pages: Vec<usize>,
}

/// The text layer of a PDF, with the default [`Limits`].
pub fn pdf_text(bytes: &[u8]) -> Result<String, ExtractionError> {
    read_pdf(bytes, &Limits::DEFAULT).map(|pdf| pdf.text)
}

/// The text layer of a PDF and what could not be read, within `limits`.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractionError> {
    if bytes.len() > limits.max_bytes {
        // Checked before the copy below.
        return Err(limits.too_large());
    }
    read_pdf_owned(bytes.to_vec(), limits)
}

/// [`read_pdf`] for bytes the caller can give away (the worker thread needs its own copy).
pub(crate) fn read_pdf_owned(bytes: Vec<u8>, limits: &Limits) -> Result<PdfText, ExtractionError> {
    if bytes.is_empty() {
        return Err(ExtractionError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(limits.too_large());
    }
    if !is_pdf(&bytes) {
        return Err(ExtractionError::ContentMismatch { declared: "application/pdf", detected: sniff(&bytes) });
    }
    run_bounded(bytes, *limits)
}

/// Runs the extraction on a worker thread (see module doc).
fn run_bounded(bytes: Vec<u8>, limits: Limits) -> Result<PdfText, ExtractionError> {
    run_on_worker(limits.time_budget, move |deadline| read_prepared(bytes, &limits, deadline))
}

/// Runs `work` on a worker thread, giving it a deadline `budget` from now, and waits for it at
/// most the budget and a grace period. A panic in `work` reads as a damaged file; a worker still
/// running after the wait is abandoned and reads as too complex.
fn run_on_worker<T, F>(budget: Duration, work: F) -> Result<T, ExtractionError>
where
    T: Send + 'static,
    F: FnOnce(Instant) -> Result<T, ExtractionError> + Send + 'static,
{
    silence_worker_panics();
    let started = Instant::now();
    // A budget too large to add is as good as none.
    let deadline = started.checked_add(budget).unwrap_or(started + Duration::from_secs(365 * 24 * 3600));
    let (answer, answered) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new().name(WORKER_NAME.to_owned()).stack_size(WORKER_STACK).spawn(move || {
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(deadline)));
        // The caller may have stopped waiting; then nobody needs the answer.
        let _ = answer.send(outcome);
    });
    if spawned.is_err() {
        tracing::warn!("could not start a PDF reader thread");
        return Err(ExtractionError::WorkerUnavailable);
    }
    match answered.recv_timeout(deadline.saturating_duration_since(started).saturating_add(GRACE)) {
        Ok(Ok(result)) => result,
        Ok(Err(_panic)) => {
            tracing::debug!("PDF reader panicked outside a page");
            Err(ExtractionError::PdfDamaged)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            tracing::warn!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "PDF reader ignored its deadline; abandoned"
            );
            Err(ExtractionError::PdfTooComplex)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractionError::PdfDamaged),
    }
}

/// Installs, once per process, a panic hook that keeps worker panics out of stderr.
fn silence_worker_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(WORKER_NAME) {
                // The location is library code; the message could quote the document.
                let location = info.location().map(|at| format!("{}:{}", at.file(), at.line()));
                tracing::debug!(location, "PDF reader panicked; the page or file is treated as unreadable");
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs on the worker: the clean copy, then pdf-extract page by page.
fn read_prepared(bytes: Vec<u8>, limits: &Limits, deadline: Instant) -> Result<PdfText, ExtractionError> {
    let prepared = prepare::prepare(bytes, limits, deadline)?;
    let doc = pdf_extract::Document::load_mem(&prepared.bytes).map_err(|_| {
        tracing::debug!("pdf-extract could not open the clean copy");
        ExtractionError::PdfDamaged
    })?;
    // Parsed; the copy's bytes are not needed any more.
    drop(prepared.bytes);
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut sink = PageTextSink::new(deadline, limits.max_text_bytes);
    let mut pages: Vec<Option<PageText>> = Vec::with_capacity(page_numbers.len());
    for &number in &page_numbers {
        let read = panic::catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc_page(&doc, &mut sink, number)));
        match (read, sink.stop()) {
            (_, Some(Stop::Deadline)) => return Err(ExtractionError::PdfTooComplex),
            (_, Some(Stop::TextLimit)) => {
                tracing::debug!(limit = limits.max_text_bytes, "PDF text exceeds the limit");
                return Err(ExtractionError::PdfTooComplex);
            }
            (Ok(Ok(())), None) => pages.push(Some(sink.take_page())),
            (Ok(Err(_)) | Err(_), None) => {
                sink.discard_page();
                pages.push(None);
            }
        }
    }
    assemble(pages, &prepared.image_coverage)
}

/// Share of a page that images must cover for it to count as a scanned page.
const SCANNED_COVERAGE: f64 = 0.5;
/// Share of the page height, at the top or the bottom, where a fax header, a Bates number or
/// a page stamp sits. A scanned page whose only text lies there still needs OCR.
const MARGIN_BAND: f64 = 0.2;

/// What a page yielded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageKind {
    Text,
    NeedsOcr,
    Blank,
}

fn classify(page: &PageText, image_coverage: f64) -> PageKind {
    if !page.text.chars().any(char::is_alphanumeric) {
        return if image_coverage > 0. { PageKind::NeedsOcr } else { PageKind::Blank };
    }
    let only_in_margin = page.band.is_some_and(|(low, high)| high <= MARGIN_BAND || low >= 1. - MARGIN_BAND);
    if image_coverage >= SCANNED_COVERAGE && only_in_margin { PageKind::NeedsOcr } else { PageKind::Text }
}

/// Joins the pages' text and decides whether the document as a whole has a text layer. A scan
/// with a header stamp on every page has text, but not the text that matters: it is refused
/// as a scan like one without any.
fn assemble(pages: Vec<Option<PageText>>, image_coverage: &[f64]) -> Result<PdfText, ExtractionError> {
    let page_count = pages.len();
    let mut texts = Vec::with_capacity(page_count);
    let mut typed_pages = 0;
    let mut pages_needing_ocr = Vec::new();
    let mut unreadable_pages = Vec::new();
    for (index, page) in pages.into_iter().enumerate() {
        let number = index + 1;
        let Some(mut page) = page else {
            unreadable_pages.push(number);
            continue;
        };
        page.text = normalise(&page.text);
        match classify(&page, image_coverage.get(index).copied().unwrap_or_default()) {
            PageKind::Text => typed_pages += 1,
            PageKind::NeedsOcr => pages_needing_ocr.push(number),
            PageKind::Blank => {}
        }
        if !page.text.is_empty() {
            texts.push(page.text);
        }
    }
    if typed_pages == 0 {
        // Scanned pages explain the missing text best; failed pages next; else it is blank.
        if pages_needing_ocr.is_empty() && !unreadable_pages.is_empty() {
            tracing::debug!(
                page_count,
                unreadable = unreadable_pages.len(),
                "PDF reader failed on every page with content"
            );
            return Err(ExtractionError::PdfDamaged);
        }
        return Err(ExtractionError::PdfNoTextLayer { has_images: !pages_needing_ocr.is_empty() });
    }
    if !pages_needing_ocr.is_empty() || !unreadable_pages.is_empty() {
        tracing::warn!(
            page_count,
            pages_needing_ocr = pages_needing_ocr.len(),
            unreadable_pages = unreadable_pages.len(),
            "PDF text read in part"
        );
    }
    Ok(PdfText { text: texts.join("\n\n"), page_count, pages_needing_ocr, unreadable_pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_that_never_checks_its_deadline_is_abandoned_after_the_grace_period() {
        let started = Instant::now();
        let outcome: Result<PdfText, _> = run_on_worker(Duration::ZERO, |_deadline| {
            // Stands in for library code stuck in a loop that never reaches a check.
            std::thread::sleep(GRACE * 3);
            Err(ExtractionError::PdfDamaged)
        });

        assert_eq!(outcome, Err(ExtractionError::PdfTooComplex));
        assert!(started.elapsed() < GRACE * 3, "the caller got its answer before the worker finished");
    }

    #[test]
    fn a_panicking_worker_reads_as_a_damaged_file() {
        let outcome: Result<PdfText, _> = run_on_worker(Duration::from_secs(5), |_deadline| panic!("reader bug"));

        assert_eq!(outcome, Err(ExtractionError::PdfDamaged));
    }

    #[test]
    fn an_enormous_budget_does_not_overflow_the_clock() {
        let outcome: Result<PdfText, _> = run_on_worker(Duration::MAX, |_deadline| Err(ExtractionError::PdfEncrypted));

        assert_eq!(outcome, Err(ExtractionError::PdfEncrypted));
    }
}
