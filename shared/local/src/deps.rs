//! The offline adapters, built once per data directory and shared by every function — the local
//! counterpart of each Lambda building its AWS clients once in `main`.

use std::sync::Arc;

use tokio::sync::Notify;

use mediclear_handlers::audit::Auditor;
use mediclear_handlers::documents::Indexing;
use mediclear_handlers::idempotency::Idempotency;
use mediclear_handlers::engines::{HashingEmbedder, OfflineAnalyzer, OwnIndexRetriever};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::audit::LocalAuditLog;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_local_adapters::connections::LocalConnectionStore;
use mediclear_local_adapters::directory::{LocalDirectory, LocalIssuer};
use mediclear_local_adapters::idempotency::LocalIdempotencyStore;
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_local_adapters::pusher::LocalPusher;
use mediclear_local_adapters::readiness::LocalReadiness;
use mediclear_local_adapters::workflow::LocalWorkflow;

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
    pub connections: Arc<LocalConnectionStore>,
    pub pusher: LocalPusher,
    pub issuer: LocalIssuer,
    pub directory: Arc<LocalDirectory>,
    pub workflow: Arc<LocalWorkflow>,
    pub readiness: Arc<LocalReadiness>,
    pub embedder: Arc<HashingEmbedder>,
    pub retriever: Arc<OwnIndexRetriever>,
    pub analyzer: Arc<OfflineAnalyzer>,
    pub extractor: Arc<mediclear_documents::InProcessExtractor>,
    /// Wakes the workflow runner when an execution starts.
    pub workflow_wake: Arc<Notify>,
}

impl LocalDeps {
    pub fn new(store: LocalStore, issuer: LocalIssuer, state_machine: &str) -> Self {
        let workflow_wake = Arc::new(Notify::new());
        let index = Arc::new(LocalChunkIndex::new(store.clone()));
        let embedder = Arc::new(HashingEmbedder);
        Self {
            cases: Arc::new(LocalCaseStore::new(store.clone())),
            audit_log: Arc::new(LocalAuditLog::new(store.clone())),
            blobs: Arc::new(LocalBlobStore::new(store.clone())),
            retriever: Arc::new(OwnIndexRetriever::new(index.clone(), embedder.clone())),
            index,
            embedder,
            jobs: Arc::new(LocalJobStore::new(store.clone())),
            idempotency: Arc::new(LocalIdempotencyStore::new(store.clone())),
            connections: Arc::new(LocalConnectionStore::new(store.clone())),
            pusher: LocalPusher::new(),
            directory: Arc::new(LocalDirectory::new(store.clone(), issuer.clone())),
            issuer,
            workflow: Arc::new(LocalWorkflow::new(store.clone(), state_machine, workflow_wake.clone())),
            readiness: Arc::new(LocalReadiness::new(store.clone())),
            analyzer: Arc::new(OfflineAnalyzer),
            extractor: Arc::new(mediclear_documents::InProcessExtractor::default()),
            workflow_wake,
            store,
        }
    }

    pub fn idempotent(&self) -> Idempotency {
        Idempotency { store: self.idempotency.clone() }
    }

    pub fn auditor(&self) -> Auditor {
        Auditor::new(self.audit_log.clone())
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
