//! The port conformance suites (`mediclear-testkit`) against the offline adapters — the same
//! suites the AWS adapters pass on moto, so both families keep one contract.

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::audit::LocalAuditLog;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_local_adapters::connections::LocalConnectionStore;
use mediclear_local_adapters::directory::{LocalDirectory, LocalIssuer};
use mediclear_local_adapters::index::LocalChunkIndex;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_testkit::conformance;

fn store() -> (tempfile::TempDir, LocalStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    (dir, store)
}

#[tokio::test]
async fn case_store() {
    let (_dir, store) = store();
    let cases = LocalCaseStore::new(store);
    conformance::case_store(&cases, &cases).await;
}

#[tokio::test]
async fn audit_log() {
    let (_dir, store) = store();
    let audit = LocalAuditLog::new(store);
    conformance::audit_log(&audit, &audit).await;
}

#[tokio::test]
async fn blob_store() {
    let (_dir, store) = store();
    conformance::blob_store(&LocalBlobStore::new(store)).await;
}

#[tokio::test]
async fn chunk_index() {
    let (_dir, store) = store();
    let index = LocalChunkIndex::new(store);
    conformance::chunk_index(&index, &index).await;
}

#[tokio::test]
async fn job_store() {
    let (_dir, store) = store();
    conformance::job_store(&LocalJobStore::new(store)).await;
}

#[tokio::test]
async fn idempotency_store_and_records_written_with_their_answers() {
    let (_dir, store) = store();
    let answers = mediclear_local_adapters::idempotency::LocalIdempotencyStore::new(store.clone());
    conformance::idempotency_store(&answers).await;
    let cases = LocalCaseStore::new(store.clone());
    conformance::case_with_answer(&cases, &cases, &answers).await;
    conformance::job_with_answer(&LocalJobStore::new(store), &answers).await;
}

#[tokio::test]
async fn patient_store_and_care_team() {
    let (_dir, store) = store();
    conformance::patient_store(&mediclear_local_adapters::patients::LocalPatientStore::new(store.clone())).await;
    conformance::care_team(&mediclear_local_adapters::patients::LocalCareTeam::new(store.clone())).await;
    conformance::doctor_store(&mediclear_local_adapters::doctors::LocalDoctorStore::new(store.clone())).await;
    conformance::document_store(&mediclear_local_adapters::documents::LocalDocumentStore::new(store.clone())).await;
    conformance::refresh_store(&mediclear_local_adapters::refreshes::LocalRefreshStore::new(store.clone())).await;
    conformance::insight_store(&mediclear_local_adapters::insights::LocalInsightStore::new(store.clone())).await;
    conformance::conversation_store(&mediclear_local_adapters::conversations::LocalConversationStore::new(store)).await;
}

#[tokio::test]
async fn connection_store() {
    let (_dir, store) = store();
    conformance::connection_store(&LocalConnectionStore::new(store)).await;
}

#[tokio::test]
async fn user_directory() {
    let (dir, store) = store();
    let issuer = LocalIssuer::load_or_create(dir.path()).unwrap();
    let directory = LocalDirectory::new(store, issuer.clone());
    conformance::user_directory(&directory, &issuer).await;
}

#[tokio::test]
async fn workflow() {
    let (_dir, store) = store();
    let workflow = mediclear_local_adapters::workflow::LocalWorkflow::new(store, "AnalysisStateMachine", Default::default());
    conformance::workflow(&workflow).await;
}

#[tokio::test]
async fn the_data_directory_survives_reopening() {
    use mediclear_ports::jobs::JobStore;
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now();
    let job = mediclear_ports::jobs::Job {
        job_id: mediclear_domain::ids::JobId::generate(),
        kind: "record_ingestion".into(),
        resource_id: "REC-1".into(),
        status: mediclear_ports::jobs::JobStatus::Indexed,
        reason: None,
        owner: "someone".into(),
        patient_id: None,
        tier: None,
        attempts: 0,
        created_at: now,
        updated_at: now,
    };
    {
        let store = LocalStore::open(dir.path()).unwrap();
        LocalJobStore::new(store).put(&job).await.unwrap();
    }
    let store = LocalStore::open(dir.path()).unwrap();
    assert_eq!(LocalJobStore::new(store).get(&job.job_id).await.unwrap(), Some(job));
    let key_a = std::fs::read_to_string(dir.path().join("issuer.key")).ok();
    LocalIssuer::load_or_create(dir.path()).unwrap();
    LocalIssuer::load_or_create(dir.path()).unwrap();
    let key_b = std::fs::read_to_string(dir.path().join("issuer.key")).unwrap();
    assert!(key_a.is_none_or(|a| a == key_b), "the signing key is kept across restarts");
}

#[tokio::test]
async fn report_stores_and_the_secret_box_conform() {
    let dir = tempfile::tempdir().unwrap();
    let store = mediclear_local_adapters::LocalStore::open(dir.path()).unwrap();
    conformance::connection_catalog(&mediclear_local_adapters::reports::LocalConnectionCatalog::new(store.clone())).await;
    conformance::report_log(&mediclear_local_adapters::reports::LocalReportLog::new(store.clone())).await;
    let secrets = mediclear_local_adapters::reports::LocalSecretBox::new(&store);
    conformance::secret_box(&secrets).await;
    // The key lives in the data directory, readable by its owner only; a box opened again on the
    // same directory opens what the first sealed.
    let sealed = mediclear_ports::reports::SecretBox::seal(&secrets, &mediclear_domain::ids::ConnectionId::parse("CON-1").unwrap(), "s3cret").await.unwrap();
    let again = mediclear_local_adapters::reports::LocalSecretBox::new(&store);
    assert_eq!(mediclear_ports::reports::SecretBox::open(&again, &mediclear_domain::ids::ConnectionId::parse("CON-1").unwrap(), &sealed).await.unwrap(), "s3cret");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secret-box.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key is the owner's alone");
    }
}
