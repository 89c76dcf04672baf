//! Adapters limited, at compile time, to the operations one function calls.
//!
//! A handler takes its dependencies as port trait objects (`Arc<dyn BlobStore>`,
//! `Arc<dyn DocumentStore>`, …). A trait object's vtable holds every method of the trait, so a
//! function that reads one S3 object still links every S3 operation [`S3BlobStore`] can make —
//! `PutObject`, `ListObjectVersions`, `DeleteObject`, both presignings — and LTO cannot drop
//! them: they are reachable through the vtable. Each operation brings its serialisers, its error
//! types and its interceptors; `GetObject` and `PutObject` also bring the SDK's checksum code, whose CRC
//! library (crc-fast) carries 664 kB of lookup tables for every CRC it knows (they hardly
//! compress: 0.59 MB of a zip). On DynamoDB a listing or a purge a function never makes still
//! links `Query`, `BatchWriteItem`, `DeleteItem` or `TransactWriteItems`.
//!
//! The types here implement the same ports with only the operations named in `OPS`, a bit set (a
//! const parameter) of the matching `*_ops` module: they call the full adapter for those, and
//! answer any other with [`PortError::Internal`] without a call. Because `OPS` is a constant, the
//! compiler removes the branch that would call the adapter, and with it the SDK operation. A
//! function's `main` names what its handler calls:
//!
//! ```ignore
//! blobs: aws.blobs()?.only::<{ blob_ops::GET }>(),
//! documents: health.documents_only::<{ document_ops::GET | document_ops::UPDATE }>(),
//! ```
//!
//! Nothing changes for a handler that calls only what its function names; one that calls
//! something else gets an `Internal` error (a 500, logged as an error naming the operation),
//! never a silent no-op — and the function's IAM policy in `template.yaml`, which grants the same
//! operations, would refuse most such calls anyway. When a handler starts calling another
//! operation, its function's `main` must name it.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mediclear_domain::health::document::PatientDocument;
use mediclear_domain::identity::{Caller, LoginName, NewUser};
use mediclear_domain::ids::{DoctorId, DocumentId, JobId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::blobs::{Blob, BlobStore};
use mediclear_ports::documents::{DocumentPage, DocumentStore};
use mediclear_ports::error::PortResult;
use mediclear_ports::idempotency::IdempotencyRecord;
use mediclear_ports::identity::{IssuedToken, UserDirectory};
use mediclear_ports::jobs::{Job, JobStore};
use mediclear_ports::patients::{Assignment, CareTeam};

use crate::blobs::S3BlobStore;
use crate::directory::CognitoDirectory;
use crate::jobs::DynamoJobStore;
use crate::patients::DynamoHealthStore;

/// The [`BlobStore`] operations, as bits of [`LimitedBlobs`]' `OPS`.
pub mod blob_ops {
    /// `get` (`GetObject`).
    pub const GET: u8 = 1 << 0;
    /// `put` (`PutObject`).
    pub const PUT: u8 = 1 << 1;
    /// `presign_put` (a presigned `PutObject`, signed locally).
    pub const PRESIGN_PUT: u8 = 1 << 2;
    /// `delete_prefix` (`ListObjectVersions` and `DeleteObject`).
    pub const DELETE_PREFIX: u8 = 1 << 3;
    /// `presign_get` (a presigned `GetObject`, signed locally).
    pub const PRESIGN_GET: u8 = 1 << 4;
    pub const ALL: u8 = GET | PUT | PRESIGN_PUT | DELETE_PREFIX | PRESIGN_GET;
}

/// The [`UserDirectory`] operations, as bits of [`LimitedDirectory`]' `OPS`.
pub mod user_ops {
    /// `create_user` (`AdminCreateUser`, `AdminSetUserPassword`, `AdminAddUserToGroup`, and
    /// `AdminDeleteUser` to undo).
    pub const CREATE_USER: u8 = 1 << 0;
    /// `sign_in` (`AdminInitiateAuth`).
    pub const SIGN_IN: u8 = 1 << 1;
    /// `delete_user` (`AdminDeleteUser`).
    pub const DELETE_USER: u8 = 1 << 2;
    pub const ALL: u8 = CREATE_USER | SIGN_IN | DELETE_USER;
}

/// The [`DocumentStore`] operations, as bits of [`LimitedDocuments`]' `OPS`.
pub mod document_ops {
    pub const CREATE: u8 = 1 << 0;
    pub const GET: u8 = 1 << 1;
    pub const UPDATE: u8 = 1 << 2;
    pub const FOR_PATIENT: u8 = 1 << 3;
    pub const NEEDING_REVIEW: u8 = 1 << 4;
    pub const DELETE_FOR_PATIENT: u8 = 1 << 5;
    pub const ALL: u8 = CREATE | GET | UPDATE | FOR_PATIENT | NEEDING_REVIEW | DELETE_FOR_PATIENT;
}

/// The [`JobStore`] operations, as bits of [`LimitedJobs`]' `OPS`.
pub mod job_ops {
    pub const PUT: u8 = 1 << 0;
    pub const CREATE_ONCE: u8 = 1 << 1;
    pub const GET: u8 = 1 << 2;
    pub const DELETE: u8 = 1 << 3;
    pub const ALL: u8 = PUT | CREATE_ONCE | GET | DELETE;
}

/// The [`CareTeam`] operations, as bits of [`LimitedCareTeam`]' `OPS`.
pub mod care_team_ops {
    pub const ASSIGN: u8 = 1 << 0;
    pub const REVOKE: u8 = 1 << 1;
    pub const IS_ASSIGNED: u8 = 1 << 2;
    pub const DOCTORS_OF: u8 = 1 << 3;
    pub const PATIENTS_OF: u8 = 1 << 4;
    pub const ALL: u8 = ASSIGN | REVOKE | IS_ASSIGNED | DOCTORS_OF | PATIENTS_OF;
}

/// The answer to an operation the function does not make.
fn not_wired(operation: &'static str) -> PortError {
    tracing::error!(operation, "an operation this function was not built to make was called");
    PortError::Internal(format!("{operation} is not wired into this function"))
}

/// Returns `not_wired` unless `bit` is in `OPS` — a constant, so the rest of the method is
/// compiled only for the functions that make the operation.
macro_rules! only_if {
    ($ops:ident, $bit:expr, $operation:literal) => {
        if $ops & $bit == 0 {
            return Err(not_wired($operation));
        }
    };
}

/// [`S3BlobStore`] with only the operations in `OPS` (bits of [`blob_ops`]).
#[derive(Debug)]
pub struct LimitedBlobs<const OPS: u8> {
    store: Arc<S3BlobStore>,
}

impl S3BlobStore {
    /// This bucket, answering only the operations in `OPS`; the others are not linked.
    pub fn only<const OPS: u8>(self: &Arc<Self>) -> Arc<LimitedBlobs<OPS>> {
        Arc::new(LimitedBlobs { store: self.clone() })
    }
}

#[async_trait]
impl<const OPS: u8> BlobStore for LimitedBlobs<OPS> {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()> {
        only_if!(OPS, blob_ops::PUT, "s3.put");
        self.store.put(key, bytes, content_type).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Blob>> {
        only_if!(OPS, blob_ops::GET, "s3.get");
        self.store.get(key).await
    }

    async fn delete_prefix(&self, prefix: &str) -> PortResult<usize> {
        only_if!(OPS, blob_ops::DELETE_PREFIX, "s3.delete_prefix");
        self.store.delete_prefix(prefix).await
    }

    async fn presign_put(&self, key: &str, expires_in: Duration) -> PortResult<String> {
        only_if!(OPS, blob_ops::PRESIGN_PUT, "s3.presign_put");
        self.store.presign_put(key, expires_in).await
    }

    async fn presign_get(&self, key: &str, file_name: &str, expires_in: Duration) -> PortResult<String> {
        only_if!(OPS, blob_ops::PRESIGN_GET, "s3.presign_get");
        self.store.presign_get(key, file_name, expires_in).await
    }
}

/// [`CognitoDirectory`] with only the operations in `OPS` (bits of [`user_ops`]).
#[derive(Debug)]
pub struct LimitedDirectory<const OPS: u8> {
    directory: Arc<CognitoDirectory>,
}

impl CognitoDirectory {
    /// This user pool, answering only the operations in `OPS`; the others are not linked.
    pub fn only<const OPS: u8>(self: &Arc<Self>) -> Arc<LimitedDirectory<OPS>> {
        Arc::new(LimitedDirectory { directory: self.clone() })
    }
}

#[async_trait]
impl<const OPS: u8> UserDirectory for LimitedDirectory<OPS> {
    async fn create_user(&self, user: &NewUser) -> PortResult<Caller> {
        only_if!(OPS, user_ops::CREATE_USER, "cognito.create_user");
        self.directory.create_user(user).await
    }

    async fn sign_in(&self, username: &LoginName, password: &str, source: Option<IpAddr>) -> PortResult<Option<IssuedToken>> {
        only_if!(OPS, user_ops::SIGN_IN, "cognito.sign_in");
        self.directory.sign_in(username, password, source).await
    }

    async fn delete_user(&self, username: &LoginName) -> PortResult<bool> {
        only_if!(OPS, user_ops::DELETE_USER, "cognito.delete_user");
        self.directory.delete_user(username).await
    }
}

/// The health table's documents ([`DocumentStore`]) with only the operations in `OPS` (bits of
/// [`document_ops`]).
#[derive(Debug)]
pub struct LimitedDocuments<const OPS: u8> {
    store: Arc<DynamoHealthStore>,
}

/// The health table's care team ([`CareTeam`]) with only the operations in `OPS` (bits of
/// [`care_team_ops`]).
#[derive(Debug)]
pub struct LimitedCareTeam<const OPS: u8> {
    store: Arc<DynamoHealthStore>,
}

impl DynamoHealthStore {
    /// Its documents, answering only the operations in `OPS`; the others are not linked.
    pub fn documents_only<const OPS: u8>(self: &Arc<Self>) -> Arc<LimitedDocuments<OPS>> {
        Arc::new(LimitedDocuments { store: self.clone() })
    }

    /// Its care team, answering only the operations in `OPS`; the others are not linked.
    pub fn care_team_only<const OPS: u8>(self: &Arc<Self>) -> Arc<LimitedCareTeam<OPS>> {
        Arc::new(LimitedCareTeam { store: self.clone() })
    }
}

#[async_trait]
impl<const OPS: u8> DocumentStore for LimitedDocuments<OPS> {
    async fn create(&self, document: &PatientDocument) -> PortResult<()> {
        only_if!(OPS, document_ops::CREATE, "documents.create");
        DocumentStore::create(&*self.store, document).await
    }

    async fn get(&self, document_id: &DocumentId) -> PortResult<Option<PatientDocument>> {
        only_if!(OPS, document_ops::GET, "documents.get");
        DocumentStore::get(&*self.store, document_id).await
    }

    async fn update(&self, document: &PatientDocument) -> PortResult<()> {
        only_if!(OPS, document_ops::UPDATE, "documents.update");
        DocumentStore::update(&*self.store, document).await
    }

    async fn for_patient(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        only_if!(OPS, document_ops::FOR_PATIENT, "documents.for_patient");
        DocumentStore::for_patient(&*self.store, patient_id, limit, next_token).await
    }

    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        only_if!(OPS, document_ops::NEEDING_REVIEW, "documents.needing_review");
        DocumentStore::needing_review(&*self.store, limit, next_token).await
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        only_if!(OPS, document_ops::DELETE_FOR_PATIENT, "documents.delete_for_patient");
        DocumentStore::delete_for_patient(&*self.store, patient_id).await
    }
}

#[async_trait]
impl<const OPS: u8> CareTeam for LimitedCareTeam<OPS> {
    async fn assign(&self, assignment: &Assignment) -> PortResult<()> {
        only_if!(OPS, care_team_ops::ASSIGN, "care_team.assign");
        CareTeam::assign(&*self.store, assignment).await
    }

    async fn revoke(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        only_if!(OPS, care_team_ops::REVOKE, "care_team.revoke");
        CareTeam::revoke(&*self.store, doctor_id, patient_id).await
    }

    async fn is_assigned(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        only_if!(OPS, care_team_ops::IS_ASSIGNED, "care_team.is_assigned");
        CareTeam::is_assigned(&*self.store, doctor_id, patient_id).await
    }

    async fn doctors_of(&self, patient_id: &PatientId) -> PortResult<Vec<Assignment>> {
        only_if!(OPS, care_team_ops::DOCTORS_OF, "care_team.doctors_of");
        CareTeam::doctors_of(&*self.store, patient_id).await
    }

    async fn patients_of(&self, doctor_id: &DoctorId) -> PortResult<Vec<Assignment>> {
        only_if!(OPS, care_team_ops::PATIENTS_OF, "care_team.patients_of");
        CareTeam::patients_of(&*self.store, doctor_id).await
    }
}

/// [`DynamoJobStore`] with only the operations in `OPS` (bits of [`job_ops`]).
#[derive(Debug)]
pub struct LimitedJobs<const OPS: u8> {
    store: Arc<DynamoJobStore>,
}

impl DynamoJobStore {
    /// This table, answering only the operations in `OPS`; the others are not linked.
    pub fn only<const OPS: u8>(self: &Arc<Self>) -> Arc<LimitedJobs<OPS>> {
        Arc::new(LimitedJobs { store: self.clone() })
    }
}

#[async_trait]
impl<const OPS: u8> JobStore for LimitedJobs<OPS> {
    async fn put(&self, job: &Job) -> PortResult<()> {
        only_if!(OPS, job_ops::PUT, "jobs.put");
        self.store.put(job).await
    }

    async fn create_once(&self, job: &Job, answer: &IdempotencyRecord) -> PortResult<()> {
        only_if!(OPS, job_ops::CREATE_ONCE, "jobs.create_once");
        self.store.create_once(job, answer).await
    }

    async fn get(&self, job_id: &JobId) -> PortResult<Option<Job>> {
        only_if!(OPS, job_ops::GET, "jobs.get");
        self.store.get(job_id).await
    }

    async fn delete(&self, job_id: &JobId) -> PortResult<bool> {
        only_if!(OPS, job_ops::DELETE, "jobs.delete");
        self.store.delete(job_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SDK configuration whose every call fails at once (nothing listens on port 9, and
    /// nothing is retried): an operation that is not wired must answer without trying.
    fn unreachable_sdk() -> aws_config::SdkConfig {
        let credentials = aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", None, None, "limited-tests");
        aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url("http://127.0.0.1:9")
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials))
            .retry_config(aws_config::retry::RetryConfig::disabled())
            .build()
    }

    fn is_not_wired<T: std::fmt::Debug>(result: PortResult<T>, operation: &str) {
        match result {
            Err(PortError::Internal(message)) => assert_eq!(message, format!("{operation} is not wired into this function")),
            other => panic!("{operation}: expected not wired, got {other:?}"),
        }
    }

    fn was_attempted<T: std::fmt::Debug>(result: PortResult<T>, operation: &str) {
        assert!(!matches!(&result, Err(PortError::Internal(m)) if m.contains("not wired")), "{operation} was not attempted: {result:?}");
    }

    #[tokio::test]
    async fn operations_outside_the_set_answer_without_a_call() {
        let sdk = unreachable_sdk();
        let blobs = Arc::new(S3BlobStore::new(&sdk, "bucket")).only::<{ blob_ops::GET }>();
        is_not_wired(blobs.put("k", b"x".to_vec(), "text/plain").await, "s3.put");
        is_not_wired(blobs.delete_prefix("p/").await, "s3.delete_prefix");
        is_not_wired(blobs.presign_put("k", Duration::from_secs(60)).await, "s3.presign_put");
        is_not_wired(blobs.presign_get("k", "a.pdf", Duration::from_secs(60)).await, "s3.presign_get");

        let directory = Arc::new(CognitoDirectory::new(&sdk, "pool", "client")).only::<{ user_ops::DELETE_USER }>();
        is_not_wired(directory.sign_in(&LoginName::parse("someone").unwrap(), "password", None).await, "cognito.sign_in");

        let health = Arc::new(DynamoHealthStore::new(&sdk, "health"));
        let documents = health.documents_only::<{ document_ops::GET | document_ops::UPDATE }>();
        is_not_wired(documents.for_patient(&PatientId::generate(), 10, None).await, "documents.for_patient");
        is_not_wired(documents.delete_for_patient(&PatientId::generate()).await, "documents.delete_for_patient");
        is_not_wired(documents.needing_review(10, None).await, "documents.needing_review");
        let care_team = health.care_team_only::<{ care_team_ops::IS_ASSIGNED }>();
        is_not_wired(care_team.doctors_of(&PatientId::generate()).await, "care_team.doctors_of");
        is_not_wired(care_team.revoke(&DoctorId::generate(), &PatientId::generate()).await, "care_team.revoke");

        let jobs = Arc::new(DynamoJobStore::new(&sdk, "jobs")).only::<{ job_ops::PUT }>();
        is_not_wired(jobs.delete(&JobId::generate()).await, "jobs.delete");
        is_not_wired(jobs.get(&JobId::generate()).await, "jobs.get");
    }

    #[tokio::test]
    async fn operations_in_the_set_reach_the_adapter() {
        let sdk = unreachable_sdk();
        // Presigning is local (no call), so the limited store's answer is the full store's.
        let full = Arc::new(S3BlobStore::new(&sdk, "bucket"));
        let url = full.only::<{ blob_ops::PRESIGN_PUT }>().presign_put("records/p/r/a.txt", Duration::from_secs(60)).await.unwrap();
        assert!(url.contains("records/p/r/a.txt") && url.contains("X-Amz-Signature="), "{url}");
        // A wired operation is attempted: the refused connection is the adapter's own error.
        let blobs = full.only::<{ blob_ops::ALL }>();
        was_attempted(blobs.get("k").await, "s3.get");
        // The adapter's own checks still come first (the prefix rule of `delete_prefix`).
        assert!(matches!(blobs.delete_prefix("no-slash").await, Err(PortError::Rejected(_))));

        let health = Arc::new(DynamoHealthStore::new(&sdk, "health"));
        was_attempted(health.documents_only::<{ document_ops::ALL }>().get(&DocumentId::generate()).await, "documents.get");
        was_attempted(health.care_team_only::<{ care_team_ops::IS_ASSIGNED }>().is_assigned(&DoctorId::generate(), &PatientId::generate()).await, "care_team.is_assigned");
        was_attempted(Arc::new(DynamoJobStore::new(&sdk, "jobs")).only::<{ job_ops::GET }>().get(&JobId::generate()).await, "jobs.get");
    }
}
