//! Demo data for `--demo`: the users of API.md (password `demo-password`, offline only), the
//! insurer policies and the patients' clinical notes under `demo/`, uploaded through the same
//! storage-and-ingestion path a real upload takes. Seeding is idempotent: users are created when
//! missing, documents once per data directory (a marker file records it).
//!
//! With these, a newcomer can file the cases in `demo/cases.json` and see an approval, a
//! missing-information case and a recommended denial.
//!
//! Health insights (`demo/health/patients.json`): three patients (`PAT-101`…`PAT-103`, logins
//! `demo-patient-101`…), each with a consultation note (text), a lab report (PDF with a text
//! layer), a scanned report (a picture: OCR, or the review queue without tesseract) and a
//! mammography report, uploaded through the document pipeline; and a verified doctor
//! (`demo-oncologist`, `DOC-101`, with the credential documents under `demo/health/DOC-101/`)
//! assigned to all three.

use std::time::Duration;

use serde::Deserialize;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::{DoctorId, JobId, PatientId, PolicyId, ProviderId, RecordId};
use mediclear_domain::knowledge::SourceKind;
use mediclear_handlers::documents::{DocumentMetadata, UploadedFile, store_upload};
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::jobs::{JobStatus, JobStore};

use crate::deps::LocalDeps;
use crate::embedded::{DEMO_BINARY_FILES, DEMO_FILES};

pub const DEMO_PASSWORD: &str = "demo-password";
const MARKER: &str = "demo-seeded";

/// A demo case a newcomer can file (from `demo/cases.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct DemoCase {
    pub patient_id: String,
    pub procedure_code: String,
    #[serde(default)]
    pub diagnosis_codes: Vec<String>,
    #[serde(default)]
    pub urgency: Option<String>,
    pub expected_status: String,
}

pub fn demo_cases() -> Vec<DemoCase> {
    DEMO_FILES
        .iter()
        .find(|(path, _)| *path == "cases.json")
        .and_then(|(_, text)| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

fn users() -> anyhow::Result<Vec<NewUser>> {
    let user = |name: &str, role: Role, bindings: Bindings| -> anyhow::Result<NewUser> {
        Ok(NewUser::new(LoginName::parse(name)?, Password::parse(DEMO_PASSWORD)?, role, bindings)?)
    };
    Ok(vec![
        user("demo-admin", Role::Admin, Bindings::default())?,
        user("demo-provider", Role::Provider, Bindings { provider_id: Some(ProviderId::parse(DEMO_PROVIDER)?), ..Default::default() })?,
        user("demo-insurer", Role::Insurer, Bindings::default())?,
        user("demo-doctor", Role::Doctor, Bindings { doctor_id: Some(DoctorId::parse("DOC-001")?), ..Default::default() })?,
        user("demo-patient", Role::Patient, Bindings { patient_id: Some(PatientId::parse("PAT-001")?), ..Default::default() })?,
    ])
}

/// A demo policy file: `Title:` and `Procedure codes:` header lines, a blank line, the body.
fn policy_header(text: &str) -> anyhow::Result<(String, Vec<ProcedureCode>)> {
    let mut title = None;
    let mut codes = Vec::new();
    for line in text.lines().take_while(|l| !l.trim().is_empty()) {
        if let Some(t) = line.strip_prefix("Title:") {
            title = Some(t.trim().to_string());
        } else if let Some(c) = line.strip_prefix("Procedure codes:") {
            for code in c.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                codes.push(ProcedureCode::parse(code)?);
            }
        }
    }
    let title = title.ok_or_else(|| anyhow::anyhow!("a demo policy has no Title: line"))?;
    anyhow::ensure!(!codes.is_empty(), "demo policy {title} lists no procedure codes");
    Ok((title, codes))
}

/// The provider the demo records are filed by.
pub const DEMO_PROVIDER: &str = "PRV-001";

/// What a demo file is stored as: `policies/<file>.txt` a policy (codes and title from its
/// header), `records/<patient>/<file>.txt` a record of that patient filed by `provider`; `None`
/// for anything else. The name returned is the upload's file name.
pub fn demo_document<'a>(path: &'a str, text: &str, provider: &ProviderId) -> anyhow::Result<Option<(DocumentMetadata, &'a str)>> {
    let parts: Vec<&str> = path.split('/').collect();
    let document = match parts.as_slice() {
        ["policies", file] if file.ends_with(".txt") => {
            let (title, procedure_codes) = policy_header(text)?;
            let metadata = DocumentMetadata {
                kind: SourceKind::Policy,
                document_id: PolicyId::generate().to_string(),
                title,
                job_id: JobId::generate(),
                patient_id: None,
                provider_id: None,
                procedure_codes,
            };
            (metadata, *file)
        }
        ["records", patient, file] if file.ends_with(".txt") => {
            let metadata = DocumentMetadata {
                kind: SourceKind::Record,
                document_id: RecordId::generate().to_string(),
                title: file.to_string(),
                job_id: JobId::generate(),
                patient_id: Some(PatientId::parse(patient)?),
                provider_id: Some(provider.clone()),
                procedure_codes: Vec::new(),
            };
            (metadata, *file)
        }
        _ => return Ok(None),
    };
    Ok(Some(document))
}

/// A health demo patient (`demo/health/patients.json`).
#[derive(Debug, Clone, Deserialize)]
struct HealthPatient {
    patient_id: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    sex: String,
    #[serde(default)]
    answers: serde_json::Value,
    documents: Vec<HealthDocument>,
}

#[derive(Debug, Clone, Deserialize)]
struct HealthDocument {
    file: String,
    document_type: String,
    document_date: Option<String>,
}

fn health_patients() -> anyhow::Result<Vec<HealthPatient>> {
    let text = DEMO_FILES.iter().find(|(p, _)| *p == "health/patients.json").map(|(_, t)| *t).ok_or_else(|| anyhow::anyhow!("demo/health/patients.json is missing"))?;
    Ok(serde_json::from_str(text)?)
}

/// The bytes of a demo file, text or binary.
fn demo_bytes(path: &str) -> Option<Vec<u8>> {
    DEMO_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| t.as_bytes().to_vec())
        .or_else(|| DEMO_BINARY_FILES.iter().find(|(p, _)| *p == path).map(|(_, b)| b.to_vec()))
}

/// The demo's verified doctor, assigned to every health demo patient.
pub const DEMO_ONCOLOGIST: &str = "DOC-101";

/// Health insights: the doctor, the patients with their logins, and their documents through the
/// pipeline; the jobs to wait for.
async fn seed_health(deps: &LocalDeps) -> anyhow::Result<Vec<JobId>> {
    use mediclear_domain::health::doctor::{Credentials, Doctor, VerificationStatus};
    use mediclear_domain::health::patient::{Onboarding, Patient};
    use mediclear_handlers::api::documents::upload::{DocumentFields, check_file, new_document, store_document};
    use mediclear_ports::blobs::BlobStore;
    use mediclear_ports::doctors::DoctorStore;
    use mediclear_ports::patients::{Assignment, CareTeam, PatientStore};

    let now = chrono::Utc::now();
    let doctor_id = DoctorId::parse(DEMO_ONCOLOGIST)?;
    if deps.doctors.get(&doctor_id).await?.is_none() {
        let doctor = Doctor {
            doctor_id: doctor_id.clone(),
            name: "Dr. Lena Marsh".into(),
            email: "lena.marsh@example.org".into(),
            specialization: "Breast oncology".into(),
            credentials: Credentials {
                university_name: Some("University of Michigan".into()),
                doctor_name: Some("Lena Marsh".into()),
                degree_name: Some("Doctor of Medicine".into()),
                license_number: Some("4301-118842".into()),
                issue_date: Some("2012-07-01".into()),
            },
            unread_fields: Vec::new(),
            verification_status: VerificationStatus::Verified,
            verification_note: Some("Demo doctor, verified at seeding.".into()),
            reviewed_by: Some("system:demo".into()),
            reviewed_at: Some(now),
            username: Some("demo-oncologist".into()),
            degree_document_key: format!("doctors/{DEMO_ONCOLOGIST}/degree.pdf"),
            license_document_key: format!("doctors/{DEMO_ONCOLOGIST}/license.pdf"),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        deps.doctors.create(&doctor).await?;
    }
    // The credential documents the record was read from, for the reviewer to open.
    for name in ["degree.pdf", "license.pdf"] {
        let key = format!("doctors/{DEMO_ONCOLOGIST}/{name}");
        if deps.blobs.get(&key).await?.is_none() {
            let bytes = demo_bytes(&format!("health/{DEMO_ONCOLOGIST}/{name}")).ok_or_else(|| anyhow::anyhow!("demo/health/{DEMO_ONCOLOGIST}/{name} is missing"))?;
            deps.blobs.put(&key, bytes, "application/pdf").await?;
        }
    }
    let login = |name: &str, role: Role, bindings: Bindings| -> anyhow::Result<NewUser> {
        Ok(NewUser::new(LoginName::parse(name)?, Password::parse(DEMO_PASSWORD)?, role, bindings)?)
    };
    let mut users = vec![login("demo-oncologist", Role::Doctor, Bindings { doctor_id: Some(doctor_id.clone()), ..Default::default() })?];
    let mut jobs = Vec::new();
    let today = now.date_naive();
    for demo in health_patients()? {
        let patient_id = PatientId::parse(&demo.patient_id)?;
        let suffix = demo.patient_id.trim_start_matches("PAT-");
        let username = format!("demo-patient-{suffix}");
        users.push(login(&username, Role::Patient, Bindings { patient_id: Some(patient_id.clone()), ..Default::default() })?);
        if deps.patients.get(&patient_id).await?.is_none() {
            let body = serde_json::json!({
                "demographics": {"given_name": demo.given_name, "family_name": demo.family_name, "date_of_birth": demo.date_of_birth, "sex": demo.sex},
                "answers": demo.answers,
            });
            let onboarding = Onboarding::from_json(&body, today).map_err(|problems| anyhow::anyhow!("demo patient {}: {problems:?}", demo.patient_id))?;
            deps.patients.create(&Patient::onboard(patient_id.clone(), onboarding, Some(username.clone()), now)).await?;
        }
        deps.care_team.assign(&Assignment { doctor_id: doctor_id.clone(), patient_id: patient_id.clone(), assigned_by: "system:demo".into(), assigned_at: now }).await?;
        let uploader = mediclear_domain::identity::Caller { subject: format!("system:demo:{username}"), username: username.clone(), role: Role::Patient, bindings: Bindings::default() };
        for document in &demo.documents {
            let path = format!("health/{}", document.file);
            let bytes = demo_bytes(&path).ok_or_else(|| anyhow::anyhow!("demo file {path} is missing"))?;
            let file = check_file(bytes).map_err(|e| anyhow::anyhow!("demo file {path}: {}", e.message))?;
            let fields = DocumentFields {
                patient_id: patient_id.clone(),
                document_type: mediclear_domain::health::document::DocumentType::parse(&document.document_type)?,
                document_date: document.document_date.as_deref().map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")).transpose()?,
            };
            let name = document.file.rsplit('/').next().unwrap_or(&document.file).to_string();
            let (record, job) = new_document(&uploader, &fields, name, Some(&file));
            store_document(deps.documents.as_ref(), deps.jobs.as_ref(), deps.blobs.as_ref(), &record, &job, Some(file), None).await?;
            jobs.push(job.job_id);
        }
    }
    for user in users {
        if !deps.directory.exists(&user.username).await? {
            deps.directory.create_user(&user).await?;
        }
    }
    Ok(jobs)
}

/// Seeds users and documents, then waits until the documents are indexed.
pub async fn seed(deps: &LocalDeps, health: bool) -> anyhow::Result<()> {
    for user in users()? {
        if !deps.directory.exists(&user.username).await? {
            deps.directory.create_user(&user).await?;
        }
    }
    let marker = deps.store.data_dir().join(MARKER);
    if marker.exists() {
        return Ok(());
    }
    let provider = ProviderId::parse(DEMO_PROVIDER)?;
    let mut jobs = Vec::new();
    for (path, text) in DEMO_FILES {
        let Some((metadata, file_name)) = demo_document(path, text, &provider)? else { continue };
        let file = UploadedFile { file_name: file_name.to_string(), content_type: "text/plain".into(), bytes: text.as_bytes().to_vec() };
        let job = store_upload(deps.blobs.as_ref(), deps.jobs.as_ref(), &metadata, file, "system:demo", None).await?;
        jobs.push(job.job_id);
    }
    if health {
        jobs.extend(seed_health(deps).await?);
    }
    register_demo_database(deps).await?;
    wait_for_indexing(deps, &jobs).await?;
    std::fs::write(&marker, format!("{} documents\n", jobs.len()))?;
    Ok(())
}

/// PHI reports' demo connection: Eunomia (Synthea patients in OMOP form) in the machine's
/// PostgreSQL, as `scripts/client-dbs.sh` loads it, registered for `ORG-001` when it answers —
/// and a line saying why not when it does not.
async fn register_demo_database(deps: &LocalDeps) -> anyhow::Result<()> {
    use mediclear_domain::ids::{ConnectionId, OrgId};
    use mediclear_domain::reports::connection::{Connection, ConnectionOptions, ConnectionSpec};
    use mediclear_domain::reports::schema::DatabaseType;
    use mediclear_ports::client_databases::{ClientDatabases, Limits, Target};
    use mediclear_ports::reports::{ConnectionCatalog, SecretBox};

    let (host, port, database, username, password) = ("127.0.0.1", 5432, "eunomia", "mediclear_reader", "reader-password");
    let target = Target { database_type: DatabaseType::PostgreSQL, host: host.into(), port, database_name: database.into(), username: username.into(), password: password.into(), tls: false };
    let limits = Limits { connect_timeout: Duration::from_secs(2), ..Limits::default() };
    let check = mediclear_client_db::Drivers.check(&target, limits).await;
    if !check.authenticated {
        let why = check.error.map(|e| e.code).unwrap_or_default();
        println!("PHI reports: no demo database at postgresql://{host}:{port}/{database} ({why}); run scripts/client-dbs.sh to load Eunomia, then restart with --demo on a fresh data directory");
        return Ok(());
    }
    let connection_id = ConnectionId::generate();
    let now = chrono::Utc::now();
    let connection = Connection {
        sealed_password: deps.secrets.seal(&connection_id, password).await?,
        connection_id,
        spec: ConnectionSpec {
            connection_name: "Eunomia demo (PostgreSQL)".into(),
            org_id: OrgId::parse("ORG-001")?,
            database_type: DatabaseType::PostgreSQL,
            host: host.into(),
            port,
            database_name: database.into(),
            username: username.into(),
            options: ConnectionOptions::default(),
        },
        schema: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    deps.report_connections.create(&connection).await?;
    println!("PHI reports: demo connection {} to postgresql://{host}:{port}/{database} (Eunomia, read-only user)", connection.connection_id);
    Ok(())
}

async fn wait_for_indexing(deps: &LocalDeps, jobs: &[JobId]) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let mut pending = 0;
        for id in jobs {
            match deps.jobs.get(id).await?.map(|j| j.status) {
                // A scan waits for a transcription where tesseract is not installed.
                Some(JobStatus::Indexed | JobStatus::NeedsReview) => {}
                Some(JobStatus::Failed) => anyhow::bail!("a demo document could not be indexed (job {id})"),
                _ => pending += 1,
            }
        }
        if pending == 0 {
            return Ok(());
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "demo documents were not indexed in time ({pending} pending)");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_content_is_complete() {
        let policies = DEMO_FILES.iter().filter(|(p, _)| p.starts_with("policies/")).count();
        assert!(policies >= 3, "at least three insurer policies");
        for (path, text) in DEMO_FILES.iter().filter(|(p, _)| p.starts_with("policies/")) {
            policy_header(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        let statuses: Vec<String> = demo_cases().into_iter().map(|c| c.expected_status).collect();
        for wanted in ["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED"] {
            assert!(statuses.iter().any(|s| s == wanted), "a demo case ends {wanted}");
        }
        assert_eq!(users().unwrap().len(), 5);
        let patients = health_patients().unwrap();
        assert_eq!(patients.len(), 3);
        for patient in &patients {
            let today = chrono::Utc::now().date_naive();
            let body = serde_json::json!({"demographics": {"given_name": patient.given_name, "family_name": patient.family_name,
                "date_of_birth": patient.date_of_birth, "sex": patient.sex}, "answers": patient.answers});
            mediclear_domain::health::patient::Onboarding::from_json(&body, today).unwrap_or_else(|p| panic!("{}: {p:?}", patient.patient_id));
            let types: Vec<&str> = patient.documents.iter().map(|d| d.document_type.as_str()).collect();
            assert_eq!(patient.documents.len(), 4, "{}: a note, a lab report, a scan and a mammography report", patient.patient_id);
            for document in &patient.documents {
                let bytes = demo_bytes(&format!("health/{}", document.file)).unwrap_or_else(|| panic!("{} is missing", document.file));
                mediclear_handlers::api::documents::upload::check_file(bytes).unwrap_or_else(|e| panic!("{}: {}", document.file, e.message));
            }
            assert!(types.contains(&"lab_report") && types.contains(&"consultation_note"), "{types:?}");
        }
    }
}
