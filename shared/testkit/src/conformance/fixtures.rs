//! Valid domain values for tests: cases, callers, documents and chunks with fresh ids.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::identity::{Bindings, Caller, Role};
use mediclear_domain::ids::{CaseId, PatientId, ProviderId};
use mediclear_domain::knowledge::{Chunk, SourceKind};
use mediclear_domain::preauth::analysis::{Analysis, CriterionFinding, CriterionKind, DISPOSITION, NOTICE, Verdict};
use mediclear_domain::preauth::case::{Case, CaseRequest, CaseStatus};
use mediclear_domain::ids::JobId;
use mediclear_ports::jobs::{Job, JobStatus};
use mediclear_ports::knowledge::{EmbeddedChunk, IndexedDocument};
use serde_json::json;

use crate::unique;

pub fn patient_id() -> PatientId {
    PatientId::parse(&unique("PAT")).expect("valid patient id")
}

pub fn provider_id() -> ProviderId {
    ProviderId::parse(&unique("PRV")).expect("valid provider id")
}

/// A fixed instant with sub-second precision, so stores must keep nanoseconds.
pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() + Duration::nanoseconds(123_456_789)
}

/// A filed case for this patient and provider, created at `created_at`, in `status`.
pub fn case(patient: &PatientId, provider: &ProviderId, status: CaseStatus, created_at: DateTime<Utc>) -> Case {
    let request = CaseRequest::from_json(&json!({
        "patient_id": patient.as_str(),
        "procedure_code": "27447",
        "diagnosis_codes": ["M17.11"],
        "urgency": "standard",
        "notes": "Conformance notes."
    }))
    .expect("valid case request");
    let mut case = Case::file(CaseId::parse(&unique("PA")).expect("valid case id"), request, provider.clone(), "sub-conformance", created_at);
    case.status = status;
    case
}

/// An analysis with one finding of each kind, citing `chunk`.
pub fn analysis(chunk: &str) -> Analysis {
    Analysis {
        procedure_analyzed: "27447".into(),
        status: Verdict::MissingInformation,
        criteria: vec![
            CriterionFinding {
                id: "1".into(),
                text: "Radiographic evidence of osteoarthritis".into(),
                kind: CriterionKind::Requirement,
                met: Some(true),
                evidence: "\"Kellgren-Lawrence grade 4\"".into(),
                policy_reference: "Knee arthroplasty policy §1".into(),
                source_chunk_ids: vec![chunk.into()],
            },
            CriterionFinding {
                id: "E1".into(),
                text: "Active infection".into(),
                kind: CriterionKind::Exclusion,
                met: None,
                evidence: String::new(),
                policy_reference: "Knee arthroplasty policy §E1".into(),
                source_chunk_ids: vec![],
            },
        ],
        summary: "Conservative therapy duration is not documented.".into(),
        model: "conformance".into(),
        engine: "conformance".into(),
        disposition: DISPOSITION.into(),
        notice: NOTICE.into(),
        policy_ids: vec!["POL-1".into()],
        analyzed_at: base_time(),
    }
}

/// A caller of `role` with the binding the role needs.
pub fn caller(role: Role) -> Caller {
    let mut bindings = Bindings::default();
    match role {
        Role::Patient => bindings.patient_id = Some(patient_id()),
        Role::Provider => bindings.provider_id = Some(provider_id()),
        Role::Doctor => bindings.doctor_id = Some(mediclear_domain::ids::DoctorId::parse(&unique("DOC")).unwrap()),
        Role::Insurer | Role::Admin => {}
    }
    Caller { subject: unique("sub"), username: unique("user"), role, bindings }
}

/// A patient record's index entry.
pub fn record(document_id: &str, patient: &PatientId, provider: &ProviderId, chunks: u32) -> IndexedDocument {
    IndexedDocument {
        document_id: document_id.into(),
        kind: SourceKind::Record,
        title: format!("{document_id}.pdf"),
        patient_id: Some(patient.clone()),
        provider_id: Some(provider.clone()),
        procedure_codes: vec![],
        embedding_model: "conformance-embedder".into(),
        document_type: None,
        document_date: None,
        markers: Vec::new(),
        chunk_count: chunks,
        indexed_at: base_time(),
    }
}

/// A policy's index entry.
pub fn policy(document_id: &str, codes: &[&ProcedureCode], chunks: u32) -> IndexedDocument {
    IndexedDocument {
        document_id: document_id.into(),
        kind: SourceKind::Policy,
        title: format!("Policy {document_id}"),
        patient_id: None,
        provider_id: None,
        procedure_codes: codes.iter().map(|c| (*c).clone()).collect(),
        embedding_model: "conformance-embedder".into(),
        document_type: None,
        document_date: None,
        markers: Vec::new(),
        chunk_count: chunks,
        indexed_at: base_time(),
    }
}

/// `count` chunks of a document with distinct texts (`version` tells re-indexed text apart) and
/// embeddings whose values are not round in any base.
pub fn chunks(document_id: &str, count: u32, version: u32) -> Vec<EmbeddedChunk> {
    (0..count)
        .map(|ordinal| {
            let start = ordinal as usize * 100;
            EmbeddedChunk {
                chunk: Chunk {
                    chunk_id: format!("{document_id}#{ordinal:04}"),
                    document_id: document_id.into(),
                    ordinal,
                    start,
                    end: start + 120,
                    text: format!("Version {version} chunk {ordinal} of {document_id}: knee pain for 6 months despite physical therapy."),
                },
                embedding: (0..8).map(|i| ((ordinal * 8 + i + version) as f32 * 0.137).sin() / 3.0).collect(),
            }
        })
        .collect()
}

/// A random CPT Category III code (`0nnnT`). Others may draw the same one, so suites assert only
/// about their own documents under it.
pub fn procedure_code() -> ProcedureCode {
    let n = uuid::Uuid::new_v4().as_u128() % 1000;
    ProcedureCode::parse(&format!("0{n:03}T")).expect("valid code")
}

/// A new record-ingestion job, `INGESTED`, with fresh ids.
pub fn job() -> Job {
    Job {
        job_id: JobId::generate(),
        kind: "record_ingestion".into(),
        resource_id: unique("REC"),
        status: JobStatus::Ingested,
        reason: None,
        owner: unique("sub"),
        patient_id: None,
        tier: None,
        attempts: 0,
        created_at: base_time(),
        updated_at: base_time(),
    }
}
