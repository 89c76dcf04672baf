//! The offline adapters, built once per data directory and shared by every function — the local
//! counterpart of each Lambda building its AWS clients once in `main`.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Notify;

use mediclear_embedding_model::MiniLmEmbedder;
use mediclear_handlers::audit::Auditor;
use mediclear_handlers::documents::Indexing;
use mediclear_handlers::api::patients::Gate;
use mediclear_handlers::tasks::pipeline::Tracker;
use mediclear_handlers::idempotency::Idempotency;
use mediclear_handlers::api::chat::ChatDeps;
use mediclear_handlers::engines::{ComputedInsights, ExtractiveChat, HashingEmbedder, OfflineAnalyzer, OwnIndexRetriever, PatientRecords, TextCredentialReader};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::audit::LocalAuditLog;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_local_adapters::connections::LocalConnectionStore;
use mediclear_local_adapters::directory::{LocalDirectory, LocalIssuer};
use mediclear_local_adapters::doctors::LocalDoctorStore;
use mediclear_local_adapters::documents::LocalDocumentStore;
use mediclear_local_adapters::idempotency::LocalIdempotencyStore;
use mediclear_local_adapters::conversations::LocalConversationStore;
use mediclear_local_adapters::insights::LocalInsightStore;
use mediclear_local_adapters::patients::{LocalCareTeam, LocalPatientStore};
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_local_adapters::ocr::{LocalOcrJobs, OcrLimits, Preprocessing, TesseractOcr};
use mediclear_local_adapters::pusher::LocalPusher;
use mediclear_local_adapters::readiness::LocalReadiness;
use mediclear_local_adapters::refreshes::{LocalRefreshQueue, LocalRefreshStore};
use mediclear_local_adapters::reports::{LocalConnectionCatalog, LocalReportLog, LocalSecretBox};
use mediclear_handlers::api::connections::Connections;
use mediclear_handlers::engines::OfflinePlanner;
use mediclear_ports::client_databases::Limits;
use mediclear_local_adapters::workflow::LocalWorkflow;
use mediclear_ports::knowledge::Embedder;
use mediclear_ports::ocr::OcrEngine;

/// Every offline adapter.
#[derive(Clone)]
pub struct LocalDeps {
    pub store: LocalStore,
    pub cases: Arc<LocalCaseStore>,
    pub audit_log: Arc<LocalAuditLog>,
    pub blobs: Arc<LocalBlobStore>,
    pub index: Arc<LocalChunkIndex>,
    pub jobs: Arc<LocalJobStore>,
    pub idempotency: Arc<LocalIdempotencyStore>,
    pub patients: Arc<LocalPatientStore>,
    pub care_team: Arc<LocalCareTeam>,
    pub doctors: Arc<LocalDoctorStore>,
    pub documents: Arc<LocalDocumentStore>,
    pub refreshes: Arc<LocalRefreshStore>,
    pub refresh_queue: Arc<LocalRefreshQueue>,
    /// Every version of each patient's health score and risk assessment.
    pub insights: Arc<LocalInsightStore>,
    pub conversations: Arc<LocalConversationStore>,
    pub connections: Arc<LocalConnectionStore>,
    pub pusher: LocalPusher,
    pub issuer: LocalIssuer,
    pub directory: Arc<LocalDirectory>,
    pub workflow: Arc<LocalWorkflow>,
    /// The document pipeline's executions ([`PIPELINE_MACHINE`]).
    pub pipeline: Arc<LocalWorkflow>,
    pub readiness: Arc<LocalReadiness>,
    /// Indexes documents and ranks queries: the sentence-embedding model when the runtime was
    /// started with one ([`embedder`]), else the hashing embedder. Each indexed document records
    /// the model id, and the retriever compares vectors of the same model only.
    pub embedder: Arc<dyn Embedder>,
    pub retriever: Arc<OwnIndexRetriever>,
    pub analyzer: Arc<OfflineAnalyzer>,
    pub extractor: Arc<mediclear_documents::InProcessExtractor>,
    /// Pictures and scans: the tesseract CLI when installed (see [`ocr`]).
    pub ocr: Arc<dyn OcrEngine>,
    /// Whether tesseract is installed: without it, documents without text go to manual review.
    pub ocr_installed: bool,
    /// Scanned PDFs read in the background and polled by the pipeline's Wait loop, as Textract's
    /// jobs are.
    pub ocr_jobs: Arc<LocalOcrJobs>,
    /// Wakes the workflow runner when an execution starts.
    pub workflow_wake: Arc<Notify>,
    /// Wakes the document pipeline's runner.
    pub pipeline_wake: Arc<Notify>,
    /// PHI reports: registered connections, their sealed passwords, report records.
    pub report_connections: Arc<LocalConnectionCatalog>,
    pub secrets: Arc<LocalSecretBox>,
    pub report_log: Arc<LocalReportLog>,
    /// The date report requests count back from ("last 6 months"); today when `None`.
    pub reports_as_of: Option<chrono::NaiveDate>,
}

/// The template's logical id of the document pipeline's state machine.
pub const PIPELINE_MACHINE: &str = "DocumentPipelineStateMachine";

impl LocalDeps {
    /// With the hashing embedder: needs no model files and costs nothing to start (the API
    /// tests build their systems this way).
    pub fn new(store: LocalStore, issuer: LocalIssuer, state_machine: &str) -> Self {
        let ocr = Arc::new(TesseractOcr::without_tools("OCR is not available: this system was built without looking for tesseract"));
        Self::with_engines(store, issuer, state_machine, Arc::new(HashingEmbedder), ocr, None)
    }

    /// `public_url`: the runtime's address, where upload links point.
    pub fn with_engines(store: LocalStore, issuer: LocalIssuer, state_machine: &str, embedder: Arc<dyn Embedder>, ocr: Arc<TesseractOcr>, public_url: Option<String>) -> Self {
        let workflow_wake = Arc::new(Notify::new());
        let pipeline_wake = Arc::new(Notify::new());
        let ocr_installed = ocr.engine().is_some();
        let blobs = LocalBlobStore::new(store.clone());
        let blobs = Arc::new(match public_url {
            Some(url) => blobs.with_public_url(url),
            None => blobs,
        });
        let ocr_jobs = Arc::new(LocalOcrJobs::new(ocr.as_ref().clone(), blobs.clone()));
        let index = Arc::new(LocalChunkIndex::new(store.clone()));
        Self {
            cases: Arc::new(LocalCaseStore::new(store.clone())),
            audit_log: Arc::new(LocalAuditLog::new(store.clone())),
            blobs,
            retriever: Arc::new(OwnIndexRetriever::new(index.clone(), embedder.clone())),
            index,
            embedder,
            jobs: Arc::new(LocalJobStore::new(store.clone())),
            idempotency: Arc::new(LocalIdempotencyStore::new(store.clone())),
            patients: Arc::new(LocalPatientStore::new(store.clone())),
            care_team: Arc::new(LocalCareTeam::new(store.clone())),
            doctors: Arc::new(LocalDoctorStore::new(store.clone())),
            documents: Arc::new(LocalDocumentStore::new(store.clone())),
            refreshes: Arc::new(LocalRefreshStore::new(store.clone())),
            refresh_queue: Arc::new(LocalRefreshQueue::new(store.clone())),
            insights: Arc::new(LocalInsightStore::new(store.clone())),
            conversations: Arc::new(LocalConversationStore::new(store.clone())),
            connections: Arc::new(LocalConnectionStore::new(store.clone())),
            pusher: LocalPusher::new(),
            directory: Arc::new(LocalDirectory::new(store.clone(), issuer.clone())),
            issuer,
            workflow: Arc::new(LocalWorkflow::new(store.clone(), state_machine, workflow_wake.clone())),
            pipeline: Arc::new(LocalWorkflow::new(store.clone(), PIPELINE_MACHINE, pipeline_wake.clone())),
            readiness: Arc::new(LocalReadiness::new(store.clone())),
            analyzer: Arc::new(OfflineAnalyzer),
            extractor: Arc::new(mediclear_documents::InProcessExtractor::default()),
            ocr,
            ocr_installed,
            ocr_jobs,
            workflow_wake,
            pipeline_wake,
            report_connections: Arc::new(LocalConnectionCatalog::new(store.clone())),
            secrets: Arc::new(LocalSecretBox::new(&store)),
            report_log: Arc::new(LocalReportLog::new(store.clone())),
            reports_as_of: None,
            store,
        }
    }

    /// What the PHI-report connection routes share: the catalog, the secret box, the drivers.
    pub fn report_access(&self) -> Connections {
        Connections { catalog: self.report_connections.clone(), secrets: self.secrets.clone(), databases: Arc::new(mediclear_client_db::Drivers), limits: Limits::default() }
    }

    pub fn planner(&self) -> Arc<OfflinePlanner> {
        Arc::new(OfflinePlanner)
    }

    /// Who may reach which patient.
    pub fn gate(&self) -> Gate {
        Gate::over(self.care_team.clone(), self.doctors.clone())
    }

    /// A health document's record and its job.
    pub fn tracker(&self) -> Tracker {
        Tracker { documents: self.documents.clone(), jobs: self.jobs.clone() }
    }

    pub fn idempotent(&self) -> Idempotency {
        Idempotency { store: self.idempotency.clone() }
    }

    pub fn auditor(&self) -> Auditor {
        Auditor::new(self.audit_log.clone())
    }

    /// A doctor's credentials from their documents: text layer or OCR, then the field parser.
    pub fn credential_reader(&self) -> TextCredentialReader {
        TextCredentialReader { extractor: self.extractor.clone(), ocr: self.ocr.clone() }
    }

    /// A patient's record as the insights and the doctor chat read it.
    pub fn patient_records(&self) -> PatientRecords {
        PatientRecords { patients: self.patients.clone(), documents: self.documents.clone(), blobs: self.blobs.clone() }
    }

    /// The score and risk step.
    pub fn computed_insights(&self) -> ComputedInsights {
        ComputedInsights { records: self.patient_records(), store: self.insights.clone() }
    }

    /// What a chat turn needs: the conversations, the patient's own documents, the extractive
    /// engine over the runtime's embedder.
    pub fn chat(&self) -> ChatDeps {
        ChatDeps {
            conversations: self.conversations.clone(),
            search: self.retriever.clone(),
            responder: Arc::new(ExtractiveChat::new(self.embedder.clone())),
            audit: self.auditor(),
        }
    }

    pub fn indexing(&self) -> Indexing {
        Indexing {
            blobs: self.blobs.clone(),
            jobs: self.jobs.clone(),
            extractor: self.extractor.clone(),
            embedder: self.embedder.clone(),
            index: self.index.clone(),
        }
    }
}

/// The embedder a runtime starts with: the sentence-embedding model in `model_dir` (both files
/// checked against their pinned checksums), or the hashing embedder when there is none. A model
/// directory that exists but cannot be loaded is an error, not a silent fallback: vectors of
/// another model would not be comparable with those already indexed.
pub async fn embedder(model_dir: Option<&Path>) -> anyhow::Result<Arc<dyn Embedder>> {
    let Some(dir) = model_dir.map(Path::to_path_buf) else {
        return Ok(Arc::new(HashingEmbedder));
    };
    let shown = dir.display().to_string();
    let model = tokio::task::spawn_blocking(move || MiniLmEmbedder::load(&dir))
        .await
        .context("loading the embedding model")?
        .with_context(|| format!("the embedding model in {shown} cannot be used"))?;
    tracing::info!(model = mediclear_embedding_model::MODEL_ID, dir = %shown, "embedding with the sentence-embedding model");
    Ok(Arc::new(model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_model_when_given_else_the_hashing_embedder() {
        assert_eq!(embedder(None).await.unwrap().model_id(), mediclear_domain::knowledge::embedding::MODEL_ID);
        let empty = tempfile::tempdir().unwrap();
        let refused = embedder(Some(empty.path())).await.err().expect("an empty model directory is refused, not ignored");
        assert!(format!("{refused:#}").contains("scripts/fetch-model.sh"), "{refused:#}");

        let fetched = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../").join(mediclear_embedding_model::model_dir::DEFAULT_DIR);
        if !fetched.is_dir() {
            let message = format!("no embedding model at {}: run scripts/fetch-model.sh", fetched.display());
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{message}");
            eprintln!("skipping the model half: {message}");
            return;
        }
        assert_eq!(embedder(Some(&fetched)).await.unwrap().model_id(), mediclear_embedding_model::MODEL_ID);
    }
}

/// The offline OCR engine: the tesseract CLI (with poppler and ImageMagick for PDFs and
/// deskewing) when installed; without it, scans go to manual review and say so.
pub async fn ocr() -> Arc<TesseractOcr> {
    Arc::new(TesseractOcr::detect(OcrLimits::default(), Preprocessing::default()).await)
}
