//! The `DocumentStore` contract (ports::documents): a patient's health documents, newest first,
//! and the manual review queue, oldest first.

use chrono::Duration;
use mediclear_domain::health::document::{DocumentStatus, DocumentType, PatientDocument, Tier};
use mediclear_domain::ids::{DocumentId, JobId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::documents::DocumentStore;

use super::fixtures;
use crate::unique;

/// A lab report of `patient` uploaded `minutes` after the fixtures' base time, just stored.
pub fn document(patient: &PatientId, minutes: i64) -> PatientDocument {
    let at = fixtures::base_time() + Duration::minutes(minutes);
    let document_id = DocumentId::parse(&unique("HD")).unwrap();
    PatientDocument {
        key: PatientDocument::key_for(patient, &document_id, "lab report.pdf"),
        document_id,
        patient_id: patient.clone(),
        document_type: DocumentType::LabReport,
        document_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 6),
        file_name: "lab report.pdf".into(),
        content_type: Some("application/pdf".into()),
        content_hash: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
        size: 48_213,
        job_id: JobId::generate(),
        uploaded_by: "patient-sub".into(),
        status: DocumentStatus::Ingested,
        reason: None,
        tiers_done: Vec::new(),
        extraction: None,
        enrichment: None,
        chunk_count: 0,
        indexed_hash: None,
        created_at: at,
        updated_at: at,
    }
}

pub async fn document_store(store: &dyn DocumentStore) {
    let patient = PatientId::parse(&unique("PAT")).unwrap();
    let other = PatientId::parse(&unique("PAT")).unwrap();
    let first = document(&patient, 1);
    assert_eq!(store.get(&first.document_id).await.unwrap(), None, "an unknown document reads as None");
    store.create(&first).await.expect("create");
    assert_eq!(store.get(&first.document_id).await.unwrap().as_ref(), Some(&first), "reads back exactly as created");
    assert!(matches!(store.create(&first).await, Err(PortError::Conflict(_))), "an id is created once");

    let second = document(&patient, 2);
    let third = document(&patient, 3);
    let theirs = document(&other, 4);
    for d in [&second, &third, &theirs] {
        store.create(d).await.unwrap();
    }
    let page = store.for_patient(&patient, 2, None).await.unwrap();
    let ids: Vec<_> = page.documents.iter().map(|d| d.document_id.clone()).collect();
    assert_eq!(ids, vec![third.document_id.clone(), second.document_id.clone()], "newest first, one patient only");
    let rest = store.for_patient(&patient, 2, page.next_token.as_deref()).await.unwrap();
    assert_eq!(rest.documents.iter().map(|d| d.document_id.clone()).collect::<Vec<_>>(), vec![first.document_id.clone()]);
    assert_eq!(rest.next_token, None);
    assert!(matches!(store.for_patient(&other, 2, page.next_token.as_deref()).await, Err(PortError::Rejected(_))), "a token of another listing");

    // Progress is stored; the review queue holds exactly the documents that wait for a person.
    let mut waiting = second.clone();
    waiting.status = DocumentStatus::NeedsReview;
    waiting.reason = Some("no text could be read; it waits for a transcription".into());
    waiting.done(Tier::Extract);
    store.update(&waiting).await.unwrap();
    let mut waiting_too = theirs.clone();
    waiting_too.status = DocumentStatus::NeedsReview;
    store.update(&waiting_too).await.unwrap();
    assert_eq!(store.get(&second.document_id).await.unwrap().as_ref(), Some(&waiting));
    let queue: Vec<_> = store.needing_review(100, None).await.unwrap().documents.into_iter().map(|d| d.document_id).collect();
    let ours: Vec<_> = queue.iter().filter(|id| **id == second.document_id || **id == theirs.document_id).cloned().collect();
    assert_eq!(ours, vec![second.document_id.clone(), theirs.document_id.clone()], "oldest first: {queue:?}");
    let mut resumed = waiting.clone();
    resumed.status = DocumentStatus::Indexed;
    store.update(&resumed).await.unwrap();
    let queue: Vec<_> = store.needing_review(100, None).await.unwrap().documents.into_iter().map(|d| d.document_id).collect();
    assert!(!queue.contains(&second.document_id), "a resumed document leaves the queue");

    // A purge removes the patient's documents only; an update after it does not bring one back.
    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 3);
    assert_eq!(store.for_patient(&patient, 100, None).await.unwrap().documents, Vec::new());
    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 0, "a second purge finds nothing");
    assert!(matches!(store.update(&resumed).await, Err(PortError::NotFound)));
    assert_eq!(store.get(&resumed.document_id).await.unwrap(), None);
    assert!(store.get(&theirs.document_id).await.unwrap().is_some(), "another patient's documents stay");
}
