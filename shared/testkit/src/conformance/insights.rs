//! The `InsightStore` and `ConversationStore` contracts (ports::insights, ports::chat): every
//! version kept per patient and kind, the latest found, a taken version refused; conversations
//! saved only over the `updated_at` the caller read, listed and purged per patient.

use chrono::Duration;
use serde_json::json;

use mediclear_domain::health::chat::{ChatSource, Conversation};
use mediclear_domain::ids::{DoctorId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::chat::ConversationStore;
use mediclear_ports::insights::{InsightKind, InsightStore, InsightVersion};

use super::fixtures;
use crate::unique;

fn version(patient: &PatientId, kind: InsightKind, version: u64, overall: u64) -> InsightVersion {
    InsightVersion {
        patient_id: patient.clone(),
        kind,
        version,
        computed_at: fixtures::base_time() + Duration::minutes(version as i64),
        trigger: format!("refresh {version}"),
        body: json!({"overall_score": overall, "components": {"physical_activity": {"score": overall, "status": "good", "sources": []}}}),
    }
}

pub async fn insight_store(store: &dyn InsightStore) {
    let patient = PatientId::parse(&unique("PAT")).unwrap();
    let other = PatientId::parse(&unique("PAT")).unwrap();
    assert_eq!(store.latest(&patient, InsightKind::HealthScore).await.unwrap(), None, "nothing yet");
    for v in 1..=12 {
        store.put(&version(&patient, InsightKind::HealthScore, v, 50 + v)).await.expect("put");
    }
    store.put(&version(&patient, InsightKind::RiskAssessment, 1, 0)).await.unwrap();
    store.put(&version(&other, InsightKind::HealthScore, 1, 99)).await.unwrap();
    assert!(matches!(store.put(&version(&patient, InsightKind::HealthScore, 3, 1)).await, Err(PortError::Conflict(_))), "a version is taken once");

    let latest = store.latest(&patient, InsightKind::HealthScore).await.unwrap().expect("latest");
    assert_eq!(latest.version, 12, "the latest is the highest version, 12 after 9 (not text order)");
    assert_eq!(latest, version(&patient, InsightKind::HealthScore, 12, 62), "round-trips whole");
    assert_eq!(store.get(&patient, InsightKind::HealthScore, 3).await.unwrap().unwrap().body["overall_score"], 53, "every version kept");
    assert_eq!(store.latest(&patient, InsightKind::RiskAssessment).await.unwrap().unwrap().version, 1, "kinds are apart");
    assert_eq!(store.get(&patient, InsightKind::RiskAssessment, 2).await.unwrap(), None);

    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 13);
    assert_eq!(store.latest(&patient, InsightKind::HealthScore).await.unwrap(), None);
    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 0, "purging again finds nothing");
    assert_eq!(store.latest(&other, InsightKind::HealthScore).await.unwrap().unwrap().version, 1, "another patient's are untouched");
}

pub async fn conversation_store(store: &dyn ConversationStore) {
    let patient = PatientId::parse(&unique("PAT")).unwrap();
    let doctor = DoctorId::parse(&unique("DOC")).unwrap();
    let at = fixtures::base_time();
    let mut own = Conversation::new(patient.clone(), None, at);
    own.push_user("When was my last mammogram? ünïcødé".into(), None, at).unwrap();
    let source = ChatSource { title: "mammo.pdf".into(), date: None, document_id: "HD-1".into(), chunk_id: "HD-1#0".into() };
    own.push_assistant("Your mammogram report says …".into(), vec![source], false, at + Duration::seconds(1)).unwrap();
    store.save(&own, None).await.expect("create");
    assert!(matches!(store.save(&own, None).await, Err(PortError::Conflict(_))), "created once");
    assert_eq!(store.get(&patient, &own.conversation_id).await.unwrap().as_ref(), Some(&own), "round-trips whole");

    // A turn saved over what was read; a second writer that read the same version loses.
    let read = own.updated_at;
    let mut next = own.clone();
    next.push_user("And the one before?".into(), None, at + Duration::seconds(5)).unwrap();
    store.save(&next, Some(read)).await.expect("save over what was read");
    let mut stale = own.clone();
    stale.push_user("A racing turn".into(), None, at + Duration::seconds(6)).unwrap();
    assert!(matches!(store.save(&stale, Some(read)).await, Err(PortError::Conflict(_))), "a stale save is refused");
    assert_eq!(store.get(&patient, &own.conversation_id).await.unwrap().unwrap().messages.len(), 3);

    let mut thread = Conversation::new(patient.clone(), Some(doctor.clone()), at);
    thread.push_user("Summarise".into(), Some("pre-op".into()), at).unwrap();
    store.save(&thread, None).await.unwrap();
    let all = store.for_patient(&patient).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|c| c.doctor_id.as_ref() == Some(&doctor)));
    assert_eq!(store.get(&PatientId::parse(&unique("PAT")).unwrap(), &own.conversation_id).await.unwrap(), None, "found under its patient only");

    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 2);
    assert_eq!(store.for_patient(&patient).await.unwrap(), Vec::new());
    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 0);
}
