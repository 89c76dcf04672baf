//! The `PatientStore` and `CareTeam` contracts (ports::patients).

use chrono::Utc;
use mediclear_domain::health::patient::{Onboarding, Patient};
use mediclear_domain::ids::{DoctorId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::patients::{Assignment, CareTeam, PatientStore};
use serde_json::json;

use crate::unique;

/// A new patient with a fresh id.
pub fn patient() -> Patient {
    let onboarding = Onboarding::from_json(
        &json!({"demographics": {"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female", "email": "ana@example.org"},
                "answers": {"family_history_breast_cancer": "first_degree", "activity_minutes_per_week": 120, "last_mammogram": "2025-09-30"}}),
        Utc::now().date_naive(),
    )
    .expect("a valid onboarding");
    Patient::onboard(PatientId::parse(&unique("PAT")).unwrap(), onboarding, Some(unique("patient")), Utc::now())
}

/// Runs every patient-store check.
pub async fn patient_store(store: &dyn PatientStore) {
    let patient = patient();
    assert_eq!(store.get(&patient.patient_id).await.expect("get a missing patient"), None, "an unknown patient is None");
    store.create(&patient).await.expect("create");
    assert_eq!(store.get(&patient.patient_id).await.unwrap().as_ref(), Some(&patient), "a patient reads back exactly, answers and all");
    assert!(matches!(store.create(&patient).await, Err(PortError::Conflict(_))), "creating a taken id is a Conflict");

    let next = patient.updated(&json!({"answers": {"sleep_hours_per_night": 7}}), Utc::now()).unwrap();
    store.replace(&next, patient.version).await.expect("replace at the read version");
    assert_eq!(store.get(&patient.patient_id).await.unwrap().map(|p| p.version), Some(2));
    let stale = patient.updated(&json!({"answers": {"sleep_hours_per_night": 5}}), Utc::now()).unwrap();
    assert!(matches!(store.replace(&stale, patient.version).await, Err(PortError::Conflict(_))), "a stale version is a Conflict");
    assert_eq!(store.get(&patient.patient_id).await.unwrap().unwrap().answers["sleep_hours_per_night"].as_number(), Some(7.), "the stale write changed nothing");

    let missing = self::patient();
    assert!(matches!(store.replace(&missing, 1).await, Err(PortError::NotFound)), "replacing a missing patient is NotFound");

    assert!(store.delete(&patient.patient_id).await.expect("delete"), "deleting an existing patient says so");
    assert_eq!(store.get(&patient.patient_id).await.unwrap(), None, "a deleted patient is gone");
    assert!(!store.delete(&patient.patient_id).await.expect("delete again"), "deleting twice finds nothing");
}

/// Runs every care-team check.
pub async fn care_team(team: &dyn CareTeam) {
    let (p1, p2) = (PatientId::parse(&unique("PAT")).unwrap(), PatientId::parse(&unique("PAT")).unwrap());
    let (d1, d2) = (DoctorId::parse(&unique("DOC")).unwrap(), DoctorId::parse(&unique("DOC")).unwrap());
    let assignment = |d: &DoctorId, p: &PatientId| Assignment { doctor_id: d.clone(), patient_id: p.clone(), assigned_by: "admin-sub".into(), assigned_at: Utc::now() };
    assert!(!team.is_assigned(&d1, &p1).await.unwrap(), "nobody is assigned to begin with");
    let first = assignment(&d1, &p1);
    team.assign(&first).await.expect("assign");
    team.assign(&Assignment { assigned_by: "someone-else".into(), ..first.clone() }).await.expect("assign again");
    team.assign(&assignment(&d1, &p2)).await.unwrap();
    team.assign(&assignment(&d2, &p1)).await.unwrap();
    assert!(team.is_assigned(&d1, &p1).await.unwrap());
    assert!(!team.is_assigned(&d2, &p2).await.unwrap(), "assignments are per doctor and patient");
    let doctors = team.doctors_of(&p1).await.unwrap();
    assert_eq!(doctors.len(), 2, "p1 has two doctors");
    assert_eq!(doctors.iter().find(|a| a.doctor_id == d1).map(|a| a.assigned_by.as_str()), Some("admin-sub"), "assigning again keeps the first record");
    let patients: Vec<PatientId> = team.patients_of(&d1).await.unwrap().into_iter().map(|a| a.patient_id).collect();
    assert_eq!(patients.len(), 2);
    assert!(patients.contains(&p1) && patients.contains(&p2));

    assert!(team.revoke(&d1, &p1).await.unwrap(), "revoking an assignment says so");
    assert!(!team.is_assigned(&d1, &p1).await.unwrap());
    assert_eq!(team.patients_of(&d1).await.unwrap().len(), 1, "the doctor's side is revoked too");
    assert!(!team.revoke(&d1, &p1).await.unwrap(), "revoking twice finds nothing");
}
