//! The patient routes of health insights: the onboarding questionnaire, onboarding, reading,
//! updating and purging a patient. Access is `mediclear_domain::health::access`'s: a patient
//! reaches only themself, a doctor only patients assigned to them once verified, an admin
//! manages; anyone else gets 404 for a patient, exactly as for one that does not exist.

pub mod get;
pub mod onboard;
pub mod purge;
pub mod questionnaire;
pub mod update;

use std::sync::Arc;

use mediclear_domain::health::access::{DoctorStanding, PatientAction, permits, role_may};
use mediclear_domain::identity::{Caller, Role};
use mediclear_domain::ids::PatientId;
use mediclear_http::ApiError;
use mediclear_ports::doctors::DoctorStore;
use mediclear_ports::limited::{self, Uses, care_team_ops, doctor_ops};
use mediclear_ports::patients::{CareTeam, DoctorRoster};

/// The URL of a patient.
pub fn patient_url(patient_id: &PatientId) -> String {
    format!("/api/v1/patients/{patient_id}")
}

/// What deciding access to a patient needs.
#[derive(Clone)]
pub struct Gate {
    pub care_team: Arc<dyn CareTeam>,
    pub doctors: Arc<dyn DoctorRoster>,
}

impl Gate {
    /// What the checks read: whether a doctor is verified and whether assigned.
    pub const USES: Uses = Uses { care_team: care_team_ops::IS_ASSIGNED, doctors: doctor_ops::GET, ..Uses::NONE };

    /// A gate over these stores, limited to [`Gate::USES`] (`mediclear_ports::limited`): a
    /// function that reaches the care team or the doctors only through its gate links none of
    /// their listings or writes.
    pub fn over<C, D>(care_team: Arc<C>, doctors: Arc<D>) -> Gate
    where
        C: CareTeam + ?Sized + 'static,
        D: DoctorStore + ?Sized + 'static,
    {
        Gate { care_team: limited::care_team::<{ Gate::USES.care_team }, _>(care_team), doctors: limited::doctors::<{ Gate::USES.doctors }, _>(doctors) }
    }

    /// The caller's standing as a doctor of this patient (default for other roles).
    pub async fn standing(&self, caller: &Caller, patient_id: &PatientId) -> Result<DoctorStanding, ApiError> {
        let Some(doctor_id) = caller.bindings.doctor_id.as_ref().filter(|_| caller.role == Role::Doctor) else {
            return Ok(DoctorStanding::default());
        };
        let verified = self.doctors.is_verified(doctor_id).await.map_err(|e| ApiError::from_port(e, "patient"))?;
        let assigned = verified && self.care_team.is_assigned(doctor_id, patient_id).await.map_err(|e| ApiError::from_port(e, "patient"))?;
        Ok(DoctorStanding { verified, assigned })
    }

    /// 403 when the caller's role never may do `action`; 404 when it may, but not to this
    /// patient (a refused and a missing patient answer alike).
    pub async fn check(&self, caller: &Caller, action: PatientAction, patient_id: &PatientId) -> Result<(), ApiError> {
        if !role_may(caller.role, action) {
            return Err(ApiError::forbidden());
        }
        let standing = self.standing(caller, patient_id).await?;
        if permits(caller, action, patient_id, standing) { Ok(()) } else { Err(ApiError::not_found("patient")) }
    }
}

/// A patient id from the path (`INVALID_PATIENT_ID` when malformed, as for case ids).
pub fn path_patient(raw: &str) -> Result<PatientId, ApiError> {
    Ok(PatientId::parse(raw)?)
}

/// Several validation problems as one 400: the first names the code, all are listed.
pub fn problems(problems: Vec<mediclear_domain::validation::ValidationError>) -> ApiError {
    let mut iter = problems.into_iter();
    let Some(first) = iter.next() else { return ApiError::internal(&"no problem to report") };
    let rest: Vec<serde_json::Value> = iter.map(|p| serde_json::json!({"field": p.field, "code": p.code, "message": p.message})).collect();
    let mut error = ApiError::from(first.clone());
    if !rest.is_empty() {
        let mut all = vec![serde_json::json!({"field": first.field, "code": first.code, "message": first.message})];
        all.extend(rest);
        error = error.with_detail("problems", all);
    }
    error
}
