//! Demo data for `--demo`: the users of API.md (password `demo-password`, offline only), the
//! insurer policies and the patients' clinical notes under `demo/`, uploaded through the same
//! storage-and-ingestion path a real upload takes. Seeding is idempotent: users are created when
//! missing, documents once per data directory (a marker file records it).
//!
//! With these, a newcomer can file the cases in `demo/cases.json` and see an approval, a
//! missing-information case and a recommended denial.

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
use crate::embedded::DEMO_FILES;

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

/// Seeds users and documents, then waits until the documents are indexed.
pub async fn seed(deps: &LocalDeps) -> anyhow::Result<()> {
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
    wait_for_indexing(deps, &jobs).await?;
    std::fs::write(&marker, format!("{} documents\n", jobs.len()))?;
    Ok(())
}

async fn wait_for_indexing(deps: &LocalDeps, jobs: &[JobId]) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let mut pending = 0;
        for id in jobs {
            match deps.jobs.get(id).await?.map(|j| j.status) {
                Some(JobStatus::Indexed) => {}
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
    }
}
