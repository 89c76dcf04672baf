//! Patients and their care team in the embedded database. Patient writes are conditional exactly
//! as on DynamoDB (`create` only if absent, `replace` only at the expected version). Assignments
//! are kept twice — under the patient and under the doctor — in one transaction, so both
//! directions read one key range.

use async_trait::async_trait;
use redb::ReadableTable;

use mediclear_domain::health::patient::Patient;
use mediclear_domain::ids::{DoctorId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::patients::{Assignment, CareTeam, PatientStore};

use crate::store::{CARE_TEAM, LocalStore, PATIENTS, internal, key, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalPatientStore {
    store: LocalStore,
}

impl LocalPatientStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl PatientStore for LocalPatientStore {
    async fn get(&self, patient_id: &PatientId) -> Result<Option<Patient>, PortError> {
        self.store.get_json(PATIENTS, patient_id.to_string()).await
    }

    async fn create(&self, patient: &Patient) -> Result<(), PortError> {
        let id = patient.patient_id.to_string();
        let bytes = to_json(patient)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(PATIENTS).map_err(internal)?;
                if table.get(id.as_str()).map_err(internal)?.is_some() {
                    return Err(PortError::Conflict(format!("patient {id} already exists")));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn replace(&self, patient: &Patient, expected_version: u64) -> Result<(), PortError> {
        let id = patient.patient_id.to_string();
        let bytes = to_json(patient)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(PATIENTS).map_err(internal)?;
                let stored: Patient = txn_get(&table, &id)?.ok_or(PortError::NotFound)?;
                if stored.version != expected_version {
                    return Err(PortError::Conflict(format!("patient {id} is at version {}, not {expected_version}", stored.version)));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn delete(&self, patient_id: &PatientId) -> Result<bool, PortError> {
        let id = patient_id.to_string();
        self.store.write(move |txn| Ok(txn.open_table(PATIENTS).map_err(internal)?.remove(id.as_str()).map_err(internal)?.is_some())).await
    }
}

/// Care-team keys: `P␟<patient>␟<doctor>` and `D␟<doctor>␟<patient>`.
fn by_patient(patient: &str, doctor: &str) -> String {
    key(&["P", patient, doctor])
}

fn by_doctor(doctor: &str, patient: &str) -> String {
    key(&["D", doctor, patient])
}

#[derive(Debug, Clone)]
pub struct LocalCareTeam {
    store: LocalStore,
}

impl LocalCareTeam {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl CareTeam for LocalCareTeam {
    async fn assign(&self, assignment: &Assignment) -> Result<(), PortError> {
        let (p, d) = (assignment.patient_id.to_string(), assignment.doctor_id.to_string());
        let bytes = to_json(assignment)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(CARE_TEAM).map_err(internal)?;
                if table.get(by_patient(&p, &d).as_str()).map_err(internal)?.is_none() {
                    table.insert(by_patient(&p, &d).as_str(), bytes.as_slice()).map_err(internal)?;
                    table.insert(by_doctor(&d, &p).as_str(), bytes.as_slice()).map_err(internal)?;
                }
                Ok(())
            })
            .await
    }

    async fn revoke(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> Result<bool, PortError> {
        let (p, d) = (patient_id.to_string(), doctor_id.to_string());
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(CARE_TEAM).map_err(internal)?;
                let existed = table.remove(by_patient(&p, &d).as_str()).map_err(internal)?.is_some();
                table.remove(by_doctor(&d, &p).as_str()).map_err(internal)?;
                Ok(existed)
            })
            .await
    }

    async fn is_assigned(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> Result<bool, PortError> {
        Ok(self.store.get_json::<Assignment>(CARE_TEAM, by_patient(patient_id.as_str(), doctor_id.as_str())).await?.is_some())
    }

    async fn doctors_of(&self, patient_id: &PatientId) -> Result<Vec<Assignment>, PortError> {
        let prefix = format!("{}\u{1f}", key(&["P", patient_id.as_str()]));
        Ok(self.store.scan_json::<Assignment>(CARE_TEAM, prefix).await?.into_iter().map(|(_, a)| a).collect())
    }

    async fn patients_of(&self, doctor_id: &DoctorId) -> Result<Vec<Assignment>, PortError> {
        let prefix = format!("{}\u{1f}", key(&["D", doctor_id.as_str()]));
        Ok(self.store.scan_json::<Assignment>(CARE_TEAM, prefix).await?.into_iter().map(|(_, a)| a).collect())
    }
}
