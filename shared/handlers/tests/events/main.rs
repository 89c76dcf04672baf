//! The `events/` fixtures — real event JSON, the files `sam local invoke -e` takes — fed to the
//! handlers they are for, with the offline adapters behind them.

mod api;
mod corpus;
mod credentials_rendered;
mod ingest;
mod notifier;
mod pipeline;
mod tasks;
mod websocket;

use std::sync::Arc;

use mediclear_domain::ids::{CaseId, PatientId, ProviderId};
use mediclear_domain::preauth::case::{Case, CaseStatus};
use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_ports::cases::CaseWriter;

/// A fixture from the workspace's `events/` directory.
pub fn fixture(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

pub fn store() -> (tempfile::TempDir, LocalStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    (dir, store)
}

/// The case the fixtures talk about: `PA-FIXTURE000000000001`, PAT-001, PRV-001, 27447.
pub async fn fixture_case(cases: &LocalCaseStore) -> Case {
    let mut case = mediclear_testkit::conformance::fixtures::case(&PatientId::parse("PAT-001").unwrap(), &ProviderId::parse("PRV-001").unwrap(), CaseStatus::Pending, chrono::Utc::now());
    case.case_id = CaseId::parse("PA-FIXTURE000000000001").unwrap();
    cases.create(&case).await.unwrap();
    case
}

pub fn auditor(store: &LocalStore) -> mediclear_handlers::audit::Auditor {
    mediclear_handlers::audit::Auditor::new(Arc::new(mediclear_local_adapters::audit::LocalAuditLog::new(store.clone())))
}

/// The score and risk step over the offline stores.
pub fn insights(store: &LocalStore) -> Arc<mediclear_handlers::engines::ComputedInsights> {
    use mediclear_handlers::engines::{ComputedInsights, PatientRecords};
    Arc::new(ComputedInsights {
        records: PatientRecords {
            patients: Arc::new(mediclear_local_adapters::patients::LocalPatientStore::new(store.clone())),
            documents: Arc::new(mediclear_local_adapters::documents::LocalDocumentStore::new(store.clone())),
            blobs: Arc::new(mediclear_local_adapters::blobs::LocalBlobStore::new(store.clone())),
        },
        store: Arc::new(mediclear_local_adapters::insights::LocalInsightStore::new(store.clone())),
    })
}
