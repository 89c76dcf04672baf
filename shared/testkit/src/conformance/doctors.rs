//! The `DoctorStore` contract (ports::doctors), and `DoctorRoster` on top of it.

use chrono::{Duration, Utc};
use mediclear_domain::health::doctor::{Credentials, Doctor, VerificationStatus};
use mediclear_domain::ids::DoctorId;
use mediclear_ports::PortError;
use mediclear_ports::doctors::DoctorStore;
use mediclear_ports::patients::DoctorRoster;

use super::fixtures;
use crate::unique;

/// A doctor awaiting review, created `minutes` after the fixtures' base time.
pub fn doctor(minutes: i64) -> Doctor {
    let at = fixtures::base_time() + Duration::minutes(minutes);
    let credentials = Credentials {
        university_name: Some("University of Michigan Medical School".into()),
        doctor_name: Some("Maya R. Okafor".into()),
        degree_name: Some("Doctor of Medicine".into()),
        license_number: None,
        issue_date: Some("2015-06-30".into()),
    };
    Doctor {
        doctor_id: DoctorId::parse(&unique("DOC")).unwrap(),
        name: "Dr. Maya Okafor".into(),
        email: "maya@example.org".into(),
        specialization: "Oncology".into(),
        unread_fields: credentials.unread().into_iter().map(str::to_string).collect(),
        credentials,
        verification_status: VerificationStatus::PendingManualReview,
        verification_note: None,
        reviewed_by: None,
        reviewed_at: None,
        username: Some(unique("doctor")),
        degree_document_key: "doctors/x/degree.pdf".into(),
        license_document_key: "doctors/x/license.pdf".into(),
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

/// Runs every doctor-store check. The store may hold other doctors (other suites, other runs):
/// listings are checked for this run's doctors only.
pub async fn doctor_store<S: DoctorStore>(store: &S) {
    let first = doctor(1);
    assert_eq!(store.get(&first.doctor_id).await.expect("get a missing doctor"), None);
    store.create(&first).await.expect("create");
    assert_eq!(store.get(&first.doctor_id).await.unwrap().as_ref(), Some(&first), "a doctor reads back exactly");
    assert!(matches!(store.create(&first).await, Err(PortError::Conflict(_))), "a taken id is a Conflict");
    assert!(!store.is_verified(&first.doctor_id).await.unwrap(), "a pending doctor is not verified");

    let verified = first.reviewed(VerificationStatus::Verified, Some("Licence checked with the board".into()), "admin-sub", Utc::now()).unwrap();
    store.replace(&verified, first.version).await.expect("verify");
    assert!(store.is_verified(&first.doctor_id).await.unwrap(), "the roster reads the stored decision");
    let late = first.reviewed(VerificationStatus::Rejected, None, "other-admin", Utc::now()).unwrap();
    assert!(matches!(store.replace(&late, first.version).await, Err(PortError::Conflict(_))), "a decision on a stale version is a Conflict");
    assert!(matches!(store.replace(&doctor(2), 1).await, Err(PortError::NotFound)), "replacing a missing doctor is NotFound");
    assert!(!store.is_verified(&DoctorId::parse(&unique("DOC")).unwrap()).await.unwrap(), "an unknown doctor is not verified");

    // The queue: this run's pending doctors, oldest first, across pages.
    let pending: Vec<Doctor> = (10..15).map(doctor).collect();
    for d in pending.iter().rev() {
        store.create(d).await.unwrap();
    }
    let ours = |ids: &[DoctorId]| -> Vec<DoctorId> { ids.iter().filter(|id| pending.iter().any(|d| &d.doctor_id == *id)).cloned().collect() };
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = store.list(Some(VerificationStatus::PendingManualReview), 2, token.as_deref()).await.expect("list the queue");
        assert!(page.doctors.len() <= 2, "pages hold at most the limit");
        assert!(page.doctors.iter().all(|d| d.verification_status == VerificationStatus::PendingManualReview), "only the status asked for");
        seen.extend(page.doctors.iter().map(|d| d.doctor_id.clone()));
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    let expected: Vec<DoctorId> = pending.iter().map(|d| d.doctor_id.clone()).collect();
    assert_eq!(ours(&seen), expected, "oldest first, each once");
    let all: Vec<DoctorId> = store.list(None, 100, None).await.unwrap().doctors.into_iter().map(|d| d.doctor_id).collect();
    assert!(all.contains(&first.doctor_id), "the full listing includes verified doctors");
    let verified_only: Vec<DoctorId> = store.list(Some(VerificationStatus::Verified), 100, None).await.unwrap().doctors.into_iter().map(|d| d.doctor_id).collect();
    assert!(verified_only.contains(&first.doctor_id) && ours(&verified_only).is_empty());
    let forged = store.list(Some(VerificationStatus::Verified), 2, Some("forged-token")).await;
    assert!(matches!(forged, Err(PortError::Rejected(_))), "a token this listing did not issue is Rejected");
}
