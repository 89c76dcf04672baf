//! [`OcrJobs`] offline: the tesseract engine run in the background on a document from the blob
//! store, so the document pipeline's Start → Wait → Poll loop runs offline as it does on
//! Textract.
//!
//! The job id names the document (its key, base64url-encoded), so a poll that finds no job —
//! after a restart of the local runtime, or once its result has been evicted — starts it again
//! and answers `IN_PROGRESS`: recognition is deterministic, so the execution that polls gets the
//! text it would have had. Results of the most recent [`KEEP_FINISHED`] jobs are kept in memory.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::error::PortResult;
use mediclear_ports::ocr::{OcrEngine, OcrJobId, OcrJobs, OcrProgress, OcrText, Scan, StoredDocument};

use super::TesseractOcr;

/// Finished jobs whose results are kept for polling.
const KEEP_FINISHED: usize = 64;
const ID_PREFIX: &str = "local-ocr-";

enum JobState {
    Running,
    Finished(PortResult<OcrText>),
}

#[derive(Default)]
struct Jobs {
    states: HashMap<OcrJobId, JobState>,
    finished: VecDeque<OcrJobId>,
}

/// Start/poll OCR of stored documents on the offline engine.
#[derive(Clone)]
pub struct LocalOcrJobs {
    engine: TesseractOcr,
    blobs: Arc<dyn BlobStore>,
    jobs: Arc<Mutex<Jobs>>,
}

impl LocalOcrJobs {
    pub fn new(engine: TesseractOcr, blobs: Arc<dyn BlobStore>) -> Self {
        LocalOcrJobs { engine, blobs, jobs: Arc::default() }
    }

    /// The key and, when given, the version (a new file at the same key is a new job).
    fn job_id(document: &StoredDocument) -> OcrJobId {
        let named = match &document.version {
            Some(version) => format!("{}\u{1f}{version}", document.key),
            None => document.key.clone(),
        };
        OcrJobId(format!("{ID_PREFIX}{}", URL_SAFE_NO_PAD.encode(named)))
    }

    fn document_of(job: &OcrJobId) -> Option<StoredDocument> {
        let encoded = job.0.strip_prefix(ID_PREFIX)?;
        let named = String::from_utf8(URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()?;
        Some(match named.split_once('\u{1f}') {
            Some((key, version)) => StoredDocument { key: key.to_string(), version: Some(version.to_string()) },
            None => StoredDocument { key: named, version: None },
        })
    }

    /// Registers the job and starts it unless it is known already.
    fn launch(&self, job: &OcrJobId, document: &StoredDocument) {
        {
            let mut jobs = self.jobs.lock().expect("ocr jobs");
            if jobs.states.contains_key(job) {
                return;
            }
            jobs.states.insert(job.clone(), JobState::Running);
        }
        let (this, job, key) = (self.clone(), job.clone(), document.key.clone());
        tokio::spawn(async move {
            let result = this.read(&key).await;
            let mut jobs = this.jobs.lock().expect("ocr jobs");
            jobs.states.insert(job.clone(), JobState::Finished(result));
            jobs.finished.push_back(job);
            while jobs.finished.len() > KEEP_FINISHED {
                if let Some(oldest) = jobs.finished.pop_front() {
                    jobs.states.remove(&oldest);
                }
            }
        });
    }

    async fn read(&self, key: &str) -> PortResult<OcrText> {
        let blob = self.blobs.get(key).await?.ok_or(PortError::NotFound)?;
        self.engine.recognise(&Scan::parse(blob.bytes)?).await
    }
}

#[async_trait]
impl OcrJobs for LocalOcrJobs {
    async fn start(&self, document: &StoredDocument) -> PortResult<OcrJobId> {
        if self.engine.engine().is_none() {
            return Err(PortError::Unavailable(super::NOT_INSTALLED.into()));
        }
        // The stored bytes' ETag stands for the version (the blob store keeps none): a new file
        // at the same key is a new job, never an earlier file's text.
        let version = match &document.version {
            Some(version) => version.clone(),
            None => crate::blobs::etag(&self.blobs.get(&document.key).await?.ok_or(PortError::NotFound)?.bytes),
        };
        let document = StoredDocument { key: document.key.clone(), version: Some(version) };
        let job = Self::job_id(&document);
        self.launch(&job, &document);
        Ok(job)
    }

    async fn poll(&self, job: &OcrJobId) -> PortResult<OcrProgress> {
        {
            let mut jobs = self.jobs.lock().expect("ocr jobs");
            match jobs.states.get(job) {
                Some(JobState::Running) => return Ok(OcrProgress::InProgress),
                Some(JobState::Finished(Ok(text))) => return Ok(OcrProgress::Succeeded { text: text.clone() }),
                Some(JobState::Finished(Err(e))) if e.is_transient() => {
                    // Said once; the next poll tries again.
                    let e = e.clone();
                    jobs.states.remove(job);
                    return Err(e);
                }
                Some(JobState::Finished(Err(e))) => return Err(e.clone()),
                None => {}
            }
        }
        let document = Self::document_of(job).ok_or(PortError::NotFound)?;
        self.launch(job, &document);
        Ok(OcrProgress::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_name_their_document() {
        let document = StoredDocument { key: "patients/PAT-001/documents/DOC-1/scan.pdf".into(), version: None };
        let job = LocalOcrJobs::job_id(&document);
        assert!(job.0.starts_with(ID_PREFIX) && !job.0.contains('/'), "{job:?}");
        assert_eq!(LocalOcrJobs::document_of(&job), Some(document.clone()));
        let versioned = StoredDocument { version: Some("9f86d081".into()), ..document };
        let other = LocalOcrJobs::job_id(&versioned);
        assert_ne!(other, job, "a new file at the same key is another job");
        assert_eq!(LocalOcrJobs::document_of(&other), Some(versioned));
        assert_eq!(LocalOcrJobs::document_of(&OcrJobId("a-textract-job".into())), None);
        assert_eq!(LocalOcrJobs::document_of(&OcrJobId(format!("{ID_PREFIX}***"))), None);
    }
}
