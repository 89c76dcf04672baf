//! The offline OCR engine (tesseract, poppler, ImageMagick) on generated scans: the port's
//! conformance suites, the character error rate of every scan variant, hostile files, and the
//! engine's own limits. Needs `scripts/tools.sh ocr`; without it (outside CI) these tests skip,
//! saying so — except [`limits::without_tesseract_ocr_says_what_to_install`], which needs nothing.
//!
//! `cargo test -p mediclear-local-adapters --test ocr -- --nocapture` prints the error-rate table.

mod accuracy;
mod conformance;
mod hostile;
mod limits;

use mediclear_local_adapters::ocr::{OcrLimits, Preprocessing, TesseractOcr};

/// The engine as the local runtime builds it.
async fn engine() -> TesseractOcr {
    engine_with(OcrLimits::default(), Preprocessing::default()).await
}

async fn engine_with(limits: OcrLimits, preprocessing: Preprocessing) -> TesseractOcr {
    let engine = TesseractOcr::detect(limits, preprocessing).await;
    assert!(engine.engine().is_some(), "the OCR tools are installed, so tesseract is found");
    engine
}
