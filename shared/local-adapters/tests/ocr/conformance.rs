//! The `OcrEngine` and `OcrJobs` conformance suites on the tesseract engine, with pages drawn by
//! ImageMagick — the same suites the Textract adapter passes on the wire stub, scripted with the
//! lines drawn here.

use std::sync::Arc;

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::ocr::LocalOcrJobs;
use mediclear_testkit::conformance::ocr::scans::ocr_tools_or_skip;
use mediclear_testkit::conformance::ocr::{RenderedScans, ocr_engine, ocr_jobs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ocr_engine_conformance() {
    if !ocr_tools_or_skip("ocr_engine_conformance") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let blobs = LocalBlobStore::new(LocalStore::open(dir.path()).unwrap());
    ocr_engine(&super::engine().await, &RenderedScans { blobs: &blobs }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ocr_jobs_conformance() {
    if !ocr_tools_or_skip("ocr_jobs_conformance") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let blobs = Arc::new(LocalBlobStore::new(LocalStore::open(dir.path()).unwrap()));
    let jobs = LocalOcrJobs::new(super::engine().await, blobs.clone());
    ocr_jobs(&jobs, &RenderedScans { blobs: &*blobs }).await;
}
