//! Real values of the documented types, and stand-ins for the ports the offline adapters do not
//! cover cheaply (the user directory, the workflow, retrieval and the analyzer, readiness), each
//! able to answer the way a handler's error path needs.

use async_trait::async_trait;
use chrono::Utc;
use serde_json::Value;

use mediclear_domain::codes::{DiagnosisCode, ProcedureCode};
use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Role};
use mediclear_domain::ids::{CaseId, JobId, OrgId, PatientId, ProviderId};
use mediclear_domain::knowledge::Passage;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest, CriterionFinding, CriterionKind, DISPOSITION, NOTICE, Verdict};
use mediclear_domain::preauth::case::{Case, CaseRequest, DecisionRequest, FinalDecision, Urgency};
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::cases::CaseWriter;
use mediclear_ports::health::{ComponentStatus, ReadinessProbe};
use mediclear_ports::identity::{IssuedToken, UserDirectory, UserPage, UserSummary};
use mediclear_ports::jobs::{Job, JobStatus};
use mediclear_ports::knowledge::{NotesScope, Retriever};
use mediclear_ports::workflow::Workflow;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;

pub const PROVIDER: &str = "PRV-001";
/// A procedure an insurer policy covers (see [`FakeRetriever`]); any other has none.
pub const COVERED_PROCEDURE: &str = "27447";

pub fn analysis(status: Verdict) -> Analysis {
    Analysis {
        procedure_analyzed: COVERED_PROCEDURE.into(),
        status,
        criteria: vec![CriterionFinding {
            id: "1".into(),
            text: "Six months of failed conservative treatment".into(),
            kind: CriterionKind::Requirement,
            met: Some(true),
            evidence: "\"physical therapy since March without relief\"".into(),
            policy_reference: "Knee arthroplasty policy §1".into(),
            source_chunk_ids: vec!["POL-1#0".into()],
        }],
        summary: "Every criterion is met.".into(),
        model: "offline".into(),
        engine: "offline-matcher".into(),
        disposition: DISPOSITION.into(),
        notice: NOTICE.into(),
        policy_ids: vec!["POL-1".into()],
        analyzed_at: Utc::now(),
    }
}

fn request(notes: Option<&str>) -> CaseRequest {
    CaseRequest {
        patient_id: PatientId::parse("PAT-001").unwrap(),
        procedure_code: ProcedureCode::parse(COVERED_PROCEDURE).unwrap(),
        diagnosis_codes: vec![DiagnosisCode::parse("M17.11").unwrap()],
        urgency: Urgency::Expedited,
        notes: notes.map(str::to_string),
    }
}

/// A `PENDING` case with no optional field set.
pub fn filed_case() -> Case {
    Case::file(CaseId::generate(), request(None), ProviderId::parse(PROVIDER).unwrap(), "sub-provider", Utc::now())
}

/// An analysed case (`APPROVED_READY`), waiting for the insurer.
pub fn analysed_case() -> Case {
    let filed = Case::file(CaseId::generate(), request(Some("Knee pain for a year.")), ProviderId::parse(PROVIDER).unwrap(), "sub-provider", Utc::now());
    let analysing = filed.begin_analysis(Utc::now()).unwrap().unwrap();
    analysing.complete_analysis(analysis(Verdict::ApprovedReady), Utc::now()).unwrap()
}

/// A decided case: every optional field set.
pub fn decided_case() -> Case {
    let decision = DecisionRequest { decision: FinalDecision::Approved, reason: "Criteria met.".into(), reason_code: Some("MN-1".into()) };
    let decided = analysed_case().decide(decision, "sub-insurer", Utc::now()).unwrap();
    Case { fhir: Some(fhir_origin()), ..decided }
}

/// Where a case filed through FHIR came from: the first item of MediClear's own PAS fixture.
pub fn fhir_origin() -> mediclear_domain::fhir::filing::FhirOrigin {
    let bundle: serde_json::Value = serde_json::from_str(include_str!("../../../../domain/tests/fixtures/fhir/knee-arthroplasty-request.json")).unwrap();
    let submission = mediclear_domain::fhir::read_submit(&bundle).unwrap();
    mediclear_domain::fhir::filing::case_requests(&submission).remove(0).1
}

pub fn failed_job() -> Job {
    Job {
        job_id: JobId::generate(),
        kind: "record_ingestion".into(),
        resource_id: "REC-1".into(),
        status: JobStatus::Failed,
        reason: Some("the document contains no text".into()),
        owner: "sub-provider".into(),
        patient_id: None,
        tier: None,
        attempts: 0,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

pub fn token() -> IssuedToken {
    IssuedToken { access_token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzIn0.c2lnbmF0dXJl".into(), token_type: "Bearer", expires_in: 3600 }
}

pub fn bindings() -> Bindings {
    Bindings { provider_id: Some(ProviderId::parse(PROVIDER).unwrap()), org_id: Some(OrgId::parse("ORG-1").unwrap()), ..Default::default() }
}

/// Signs in `demo-user` with `right-password`. `needs-reset` is refused as Cognito refuses a
/// user whose password must be reset; `taken-name` is taken.
pub struct FakeDirectory;

#[async_trait]
impl UserDirectory for FakeDirectory {
    async fn create_user(&self, user: &NewUser) -> PortResult<Caller> {
        if user.username.as_str() == "taken-name" {
            return Err(PortError::Conflict("the username is taken".into()));
        }
        Ok(Caller { subject: "sub-new".into(), username: user.username.as_str().into(), role: user.role, bindings: user.bindings.clone() })
    }

    async fn sign_in(&self, username: &LoginName, password: &str, _source: Option<std::net::IpAddr>) -> PortResult<Option<IssuedToken>> {
        match (username.as_str(), password) {
            ("needs-reset", _) => Err(PortError::Rejected("the password must be reset before signing in".into())),
            ("demo-user", "right-password") => Ok(Some(token())),
            _ => Ok(None),
        }
    }

    async fn delete_user(&self, username: &LoginName) -> PortResult<bool> {
        Ok(username.as_str() == "demo-user")
    }

    async fn list_users(&self, role: Option<Role>, _limit: usize, next_token: Option<&str>) -> PortResult<UserPage> {
        if next_token.is_some_and(|t| t != "page-2") {
            return Err(PortError::Rejected("next_token is not valid".into()));
        }
        let user = UserSummary { username: "demo-user".into(), role: role.unwrap_or(Role::Provider), bindings: bindings(), created_at: Some(Utc::now()) };
        Ok(UserPage { users: vec![user], next_token: None })
    }
}

/// Starts executions, or fails every start.
pub struct FakeWorkflow {
    pub up: bool,
}

#[async_trait]
impl Workflow for FakeWorkflow {
    async fn start(&self, execution_name: &str, _input: &Value) -> PortResult<String> {
        if self.up { Ok(format!("execution:{execution_name}")) } else { Err(PortError::Unavailable("the state machine is unavailable".into())) }
    }
}

/// One policy passage for [`COVERED_PROCEDURE`]; no notes.
pub struct FakeRetriever;

#[async_trait]
impl Retriever for FakeRetriever {
    async fn policy_criteria(&self, procedure_code: &ProcedureCode) -> PortResult<Vec<Passage>> {
        if procedure_code.as_str() != COVERED_PROCEDURE {
            return Ok(Vec::new());
        }
        Ok(vec![Passage {
            chunk_id: "POL-1#0".into(),
            document_id: "POL-1".into(),
            title: Some("Knee arthroplasty policy".into()),
            text: "1. Six months of failed conservative treatment.".into(),
            score: 1.0,
            ordinal: Some(0),
            span: None,
        }])
    }

    async fn patient_notes(&self, _scope: &NotesScope, _query: &str) -> PortResult<Vec<Passage>> {
        Ok(Vec::new())
    }
}

/// Answers with [`analysis`], or with output that never fits the schema.
pub struct FakeAnalyzer {
    pub fits: bool,
}

#[async_trait]
impl Analyzer for FakeAnalyzer {
    async fn analyze(&self, _request: &AnalysisRequest) -> PortResult<Analysis> {
        if self.fits { Ok(analysis(Verdict::ApprovedReady)) } else { Err(PortError::InvalidOutput("criteria is not a list".into())) }
    }
}

/// Every conditional write loses, as when another decision won.
pub struct LosingWriter;

#[async_trait]
impl CaseWriter for LosingWriter {
    async fn create(&self, _case: &Case) -> PortResult<()> {
        Err(PortError::Conflict("exists".into()))
    }

    async fn create_once(&self, _case: &Case, _answer: &mediclear_ports::idempotency::IdempotencyRecord) -> PortResult<()> {
        Err(PortError::Conflict("exists".into()))
    }

    async fn replace(&self, _case: &Case, _expected_version: u64) -> PortResult<()> {
        Err(PortError::Conflict("the version moved".into()))
    }
}

/// Two components, both ready or one not.
pub struct FakeProbe {
    pub ready: bool,
}

#[async_trait]
impl ReadinessProbe for FakeProbe {
    async fn check(&self) -> Vec<ComponentStatus> {
        vec![
            ComponentStatus { component: "cases_table".into(), ready: true, detail: None },
            ComponentStatus {
                component: "documents_bucket".into(),
                ready: self.ready,
                detail: (!self.ready).then(|| "timed out".to_string()),
            },
        ]
    }
}
