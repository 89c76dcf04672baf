//! The limited ports (`mediclear_ports::limited`) over the AWS adapters: an operation outside
//! the set answers without a call; one inside reaches the adapter, whose own checks still come
//! first.

use std::sync::Arc;
use std::time::Duration;

use mediclear_aws::{CognitoDirectory, DynamoHealthStore, DynamoJobStore, S3BlobStore};
use mediclear_domain::identity::LoginName;
use mediclear_domain::ids::{DoctorId, DocumentId, JobId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::error::PortResult;
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::jobs::JobStore;
use mediclear_ports::limited::{self, blob_ops, care_team_ops, document_ops, job_ops, user_ops};
use mediclear_ports::patients::CareTeam;

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
    let blobs = limited::blobs::<{ blob_ops::GET }, _>(Arc::new(S3BlobStore::new(&sdk, "bucket")));
    is_not_wired(blobs.put("k", b"x".to_vec(), "text/plain").await, "blobs.put");
    is_not_wired(blobs.delete_prefix("p/").await, "blobs.delete_prefix");
    is_not_wired(blobs.presign_put("k", Duration::from_secs(60)).await, "blobs.presign_put");
    is_not_wired(blobs.presign_get("k", "a.pdf", Duration::from_secs(60)).await, "blobs.presign_get");

    let directory = limited::directory::<{ user_ops::DELETE_USER }, _>(Arc::new(CognitoDirectory::new(&sdk, "pool", "client")));
    is_not_wired(directory.sign_in(&LoginName::parse("someone").unwrap(), "password", None).await, "directory.sign_in");

    let health = Arc::new(DynamoHealthStore::new(&sdk, "health"));
    let documents = limited::documents::<{ document_ops::GET | document_ops::UPDATE }, _>(health.clone());
    is_not_wired(documents.for_patient(&PatientId::generate(), 10, None).await, "documents.for_patient");
    is_not_wired(documents.delete_for_patient(&PatientId::generate()).await, "documents.delete_for_patient");
    is_not_wired(documents.needing_review(10, None).await, "documents.needing_review");
    let care_team = limited::care_team::<{ care_team_ops::IS_ASSIGNED }, _>(health.clone());
    is_not_wired(care_team.doctors_of(&PatientId::generate()).await, "care_team.doctors_of");
    is_not_wired(care_team.revoke(&DoctorId::generate(), &PatientId::generate()).await, "care_team.revoke");

    let jobs = limited::jobs::<{ job_ops::PUT }, _>(Arc::new(DynamoJobStore::new(&sdk, "jobs")));
    is_not_wired(jobs.delete(&JobId::generate()).await, "jobs.delete");
    is_not_wired(jobs.get(&JobId::generate()).await, "jobs.get");
}

#[tokio::test]
async fn operations_in_the_set_reach_the_adapter() {
    let sdk = unreachable_sdk();
    // Presigning is local (no call), so the limited store's answer is the full store's.
    let full = Arc::new(S3BlobStore::new(&sdk, "bucket"));
    let url = limited::blobs::<{ blob_ops::PRESIGN_PUT }, _>(full.clone()).presign_put("records/p/r/a.txt", Duration::from_secs(60)).await.unwrap();
    assert!(url.contains("records/p/r/a.txt") && url.contains("X-Amz-Signature="), "{url}");
    // A wired operation is attempted: the refused connection is the adapter's own error.
    let blobs = limited::blobs::<{ blob_ops::ALL }, _>(full.clone());
    was_attempted(blobs.get("k").await, "blobs.get");
    // The adapter's own checks still come first (the prefix rule of `delete_prefix`).
    assert!(matches!(blobs.delete_prefix("no-slash").await, Err(PortError::Rejected(_))));

    let health = Arc::new(DynamoHealthStore::new(&sdk, "health"));
    was_attempted(limited::documents::<{ document_ops::ALL }, _>(health.clone()).get(&DocumentId::generate()).await, "documents.get");
    was_attempted(limited::care_team::<{ care_team_ops::IS_ASSIGNED }, _>(health.clone()).is_assigned(&DoctorId::generate(), &PatientId::generate()).await, "care_team.is_assigned");
    was_attempted(limited::jobs::<{ job_ops::GET }, _>(Arc::new(DynamoJobStore::new(&sdk, "jobs"))).get(&JobId::generate()).await, "jobs.get");
}
