//! Who may do what to a patient's record (API.md, Health insights): a patient reaches only their
//! own; a doctor only patients assigned to them, and only once the doctor is `VERIFIED`; admins
//! manage (create, delete, assign) but read no clinical content unless a route says so. Someone
//! who may not see a patient gets the same answer as for a patient that does not exist (404).

use crate::identity::{Caller, Role};
use crate::ids::PatientId;

/// What a doctor caller's stored record says about this patient (looked up by the handler:
/// verification is stored state, not a token claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DoctorStanding {
    pub verified: bool,
    pub assigned: bool,
}

/// An action on one patient's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientAction {
    /// Profile and answers.
    Read,
    /// Demographics and answers.
    Update,
    /// Purge everything of the patient.
    Delete,
    /// Clinical content: documents, their text and what was read from them.
    ReadClinical,
    /// Upload documents.
    AddDocuments,
    /// Post the transcription of a document nobody's OCR could read.
    Transcribe,
    /// Queue a refresh of the patient's record.
    Refresh,
    /// Ask the patient chat about the records and read its conversations: the patient alone
    /// (doctors have their own thread, `POST /doctors/{id}/chat`, under `ReadClinical`).
    Chat,
}

/// Whether the role may ever do `action` to some patient: a role that never may is refused with
/// 403; one that may, but not to this patient, gets 404.
pub fn role_may(role: Role, action: PatientAction) -> bool {
    matches!(
        (role, action),
        (
            Role::Patient,
            PatientAction::Read | PatientAction::Update | PatientAction::Delete | PatientAction::ReadClinical | PatientAction::AddDocuments | PatientAction::Chat
        )
            | (
                Role::Doctor,
                PatientAction::Read | PatientAction::Update | PatientAction::ReadClinical | PatientAction::AddDocuments | PatientAction::Transcribe | PatientAction::Refresh
            )
            | (Role::Admin, PatientAction::Read | PatientAction::Delete | PatientAction::Transcribe | PatientAction::Refresh)
    )
}

/// Whether `caller` may do `action` to `patient`; `doctor` is the doctor caller's standing with
/// this patient (ignored for other roles).
pub fn permits(caller: &Caller, action: PatientAction, patient: &PatientId, doctor: DoctorStanding) -> bool {
    if !role_may(caller.role, action) {
        return false;
    }
    match caller.role {
        Role::Patient => caller.patient_id() == Some(patient),
        Role::Doctor => doctor.verified && doctor.assigned,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Bindings;
    use crate::ids::DoctorId;

    fn caller(role: Role, bindings: Bindings) -> Caller {
        Caller { subject: "s".into(), username: "u".into(), role, bindings }
    }

    #[test]
    fn patients_reach_only_themselves_and_doctors_only_when_verified_and_assigned() {
        let p1 = PatientId::parse("PAT-1").unwrap();
        let p2 = PatientId::parse("PAT-2").unwrap();
        let patient = caller(Role::Patient, Bindings { patient_id: Some(p1.clone()), ..Default::default() });
        let doctor = caller(Role::Doctor, Bindings { doctor_id: Some(DoctorId::parse("DOC-1").unwrap()), ..Default::default() });
        let admin = caller(Role::Admin, Bindings::default());
        let none = DoctorStanding::default();
        let treating = DoctorStanding { verified: true, assigned: true };
        for action in [PatientAction::Read, PatientAction::Update, PatientAction::Delete] {
            assert!(permits(&patient, action, &p1, none));
            assert!(!permits(&patient, action, &p2, none));
        }
        assert!(permits(&doctor, PatientAction::Read, &p1, treating));
        assert!(permits(&doctor, PatientAction::Update, &p1, treating));
        assert!(!permits(&doctor, PatientAction::Delete, &p1, treating), "doctors do not purge");
        assert!(!permits(&doctor, PatientAction::Read, &p1, DoctorStanding { verified: false, assigned: true }), "not yet verified");
        assert!(!permits(&doctor, PatientAction::Read, &p1, DoctorStanding { verified: true, assigned: false }), "not assigned");
        assert!(permits(&admin, PatientAction::Read, &p1, none) && permits(&admin, PatientAction::Delete, &p1, none));
        assert!(!permits(&admin, PatientAction::Update, &p1, none), "admins manage, they do not edit clinical answers");
        for role in [Role::Provider, Role::Insurer] {
            assert!(!permits(&caller(role, Bindings::default()), PatientAction::Read, &p1, treating));
            assert!(!role_may(role, PatientAction::Read), "never: 403 rather than 404");
        }
        assert!(!role_may(Role::Admin, PatientAction::Update) && !role_may(Role::Doctor, PatientAction::Delete));
    }

    #[test]
    fn clinical_content_is_for_the_patient_and_treating_doctors_and_admins_only_transcribe() {
        let p1 = PatientId::parse("PAT-1").unwrap();
        let patient = caller(Role::Patient, Bindings { patient_id: Some(p1.clone()), ..Default::default() });
        let doctor = caller(Role::Doctor, Bindings { doctor_id: Some(DoctorId::parse("DOC-1").unwrap()), ..Default::default() });
        let admin = caller(Role::Admin, Bindings::default());
        let treating = DoctorStanding { verified: true, assigned: true };
        let none = DoctorStanding::default();
        for action in [PatientAction::ReadClinical, PatientAction::AddDocuments] {
            assert!(permits(&patient, action, &p1, none) && permits(&doctor, action, &p1, treating));
            assert!(!permits(&doctor, action, &p1, DoctorStanding { verified: true, assigned: false }));
            assert!(!role_may(Role::Admin, action), "admins read no clinical content");
        }
        assert!(permits(&admin, PatientAction::Transcribe, &p1, none) && permits(&doctor, PatientAction::Transcribe, &p1, treating));
        assert!(!role_may(Role::Patient, PatientAction::Transcribe));
    }

    #[test]
    fn only_the_patient_uses_the_patient_chat() {
        let p1 = PatientId::parse("PAT-1").unwrap();
        let p2 = PatientId::parse("PAT-2").unwrap();
        let patient = caller(Role::Patient, Bindings { patient_id: Some(p1.clone()), ..Default::default() });
        assert!(permits(&patient, PatientAction::Chat, &p1, DoctorStanding::default()));
        assert!(!permits(&patient, PatientAction::Chat, &p2, DoctorStanding::default()), "another patient's chat");
        for role in [Role::Doctor, Role::Admin, Role::Provider, Role::Insurer] {
            assert!(!role_may(role, PatientAction::Chat), "{role:?}");
        }
    }
}
