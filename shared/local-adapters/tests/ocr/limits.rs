//! The engine's own bounds: a page past its time limit is killed and `Rejected`, a call that
//! cannot get its turn is `Unavailable`, private directories are removed whatever happens, and
//! without tesseract every call says what to install.

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use mediclear_local_adapters::ocr::{LocalOcrJobs, NOT_INSTALLED, OcrLimits, Preprocessing, TesseractOcr};
use mediclear_ports::PortError;
use mediclear_ports::ocr::{OcrEngine, OcrJobs, Scan, StoredDocument};
use mediclear_testkit::conformance::ocr::scans::{self, LAB_REPORT, Variant, ocr_tools_or_skip};

#[tokio::test]
async fn without_tesseract_ocr_says_what_to_install() {
    let engine = TesseractOcr::detect_on(OsStr::new("/nonexistent"), OcrLimits::default(), Preprocessing::default()).await;
    assert_eq!(engine.engine(), None);
    let scan = Scan::parse(scans::placeholder_png()).unwrap();
    assert_eq!(engine.recognise(&scan).await, Err(PortError::Unavailable(NOT_INSTALLED.into())));
    assert_eq!(NOT_INSTALLED, "OCR is not available: install tesseract-ocr");

    let dir = tempfile::tempdir().unwrap();
    let blobs = std::sync::Arc::new(mediclear_local_adapters::blobs::LocalBlobStore::new(
        mediclear_local_adapters::LocalStore::open(dir.path()).unwrap(),
    ));
    let jobs = LocalOcrJobs::new(engine, blobs);
    let started = jobs.start(&StoredDocument { key: "scans/a.pdf".into(), version: None }).await;
    assert_eq!(started, Err(PortError::Unavailable(NOT_INSTALLED.into())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_past_its_time_limit_is_killed_and_rejected() {
    if !ocr_tools_or_skip("a_page_past_its_time_limit_is_killed_and_rejected") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let limits =
        OcrLimits { page_time: Duration::from_millis(300), scratch_dir: Some(scratch.path().to_path_buf()), ..OcrLimits::default() };
    let engine = super::engine_with(limits, Preprocessing::default()).await;
    let scan = Scan::parse(scans::render(&LAB_REPORT, Variant::Rotated(8.0))).unwrap();
    let started = Instant::now();
    let outcome = engine.recognise(&scan).await;
    assert!(started.elapsed() < Duration::from_secs(3), "killed at the limit, not after {:?}", started.elapsed());
    match outcome {
        Err(PortError::Rejected(reason)) => {
            assert!(reason.contains("within 0 s") || reason.contains("could not be read within"), "{reason}")
        }
        other => panic!("Rejected, not {other:?}"),
    }
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0, "the private directory is removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_that_cannot_get_its_turn_is_unavailable_and_nothing_is_left_behind() {
    if !ocr_tools_or_skip("a_call_that_cannot_get_its_turn_is_unavailable") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let limits = OcrLimits {
        concurrency: 1,
        queue_wait: Duration::from_millis(50),
        scratch_dir: Some(scratch.path().to_path_buf()),
        ..OcrLimits::default()
    };
    let engine = super::engine_with(limits, Preprocessing::default()).await;
    let scan = Scan::parse(scans::render(&LAB_REPORT, Variant::Clean)).unwrap();
    let first = {
        let (engine, scan) = (engine.clone(), scan.clone());
        tokio::spawn(async move { engine.recognise(&scan).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(engine.recognise(&scan).await, Err(PortError::Unavailable("OCR is busy; try again shortly".into())));
    let text = first.await.unwrap().expect("the first call is read");
    assert!(text.text().contains("RIVERSIDE COMMUNITY LABORATORY"));
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0, "the private directory is removed");
}
