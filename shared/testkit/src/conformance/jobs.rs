//! The `JobStore` contract (ports::jobs).

use chrono::Duration;
use mediclear_domain::ids::JobId;
use mediclear_ports::jobs::{Job, JobStatus, JobStore};

use super::fixtures;

/// Runs every job-store check.
pub async fn job_store(store: &dyn JobStore) {
    let job = fixtures::job();
    assert_eq!(store.get(&job.job_id).await.expect("get a missing job"), None, "an unknown job reads as None");
    store.put(&job).await.expect("put");
    assert_eq!(store.get(&job.job_id).await.unwrap().as_ref(), Some(&job), "a job reads back exactly as put");

    let failed = Job {
        status: JobStatus::Failed,
        reason: Some("The file is not a readable PDF.".into()),
        attempts: 2,
        patient_id: Some(mediclear_domain::ids::PatientId::parse("PAT-101").unwrap()),
        tier: Some("extract".into()),
        updated_at: job.updated_at + Duration::seconds(30),
        ..job.clone()
    };
    store.put(&failed).await.expect("overwrite");
    assert_eq!(store.get(&job.job_id).await.unwrap().as_ref(), Some(&failed), "a put replaces the job's status");

    let other = Job { job_id: JobId::generate(), status: JobStatus::Indexed, ..job.clone() };
    store.put(&other).await.expect("put another");
    assert_eq!(store.get(&job.job_id).await.unwrap().map(|j| j.status), Some(JobStatus::Failed), "jobs are independent");
    assert!(store.delete(&job.job_id).await.expect("delete"), "a stored job is deleted");
    assert_eq!(store.get(&job.job_id).await.unwrap(), None);
    assert!(!store.delete(&job.job_id).await.unwrap(), "deleting again finds nothing");
    assert!(store.get(&other.job_id).await.unwrap().is_some(), "the other job stays");
}
