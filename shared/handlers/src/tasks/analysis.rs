//! The analysis tasks: `BeginAnalysis` (PENDING → ANALYZING), `RetrievePolicyCriteria`,
//! `RetrieveClinicalNotes` (scope = the stored case's patient and provider), `JudgeCriteria`
//! (the `Analyzer` port), `SaveAnalysis` (ANALYZING → verdict) and `RecordFailure`
//! (→ ANALYSIS_FAILED with a reason fit to show).
//!
//! Each task is idempotent — the state machine retries, and the offline runtime re-runs an
//! interrupted execution from the start — and each case update is a version-conditioned
//! read-modify-write that re-reads on conflict.

use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use mediclear_domain::audit::Outcome;
use mediclear_domain::codes::{DiagnosisCode, ProcedureCode};
use mediclear_domain::ids::CaseId;
use mediclear_domain::knowledge::Passage;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest};
use mediclear_domain::preauth::case::{Case, CaseStatus};
use mediclear_ports::PortError;
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::cases::{CaseReader, CaseWriter};
use mediclear_ports::knowledge::{NotesScope, Retriever};

use crate::audit::{Auditor, Resource};
use crate::function::{EventHandler, FunctionError};

/// Why an analysis could not produce a verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisFailure {
    NoPolicy(String),
    NoCriteria(String),
    InvalidModelOutput(String),
    Port(PortError),
}

impl From<AnalysisFailure> for FunctionError {
    fn from(f: AnalysisFailure) -> Self {
        match f {
            AnalysisFailure::NoPolicy(m) => FunctionError::new("NoPolicyForProcedure", m),
            AnalysisFailure::NoCriteria(m) => FunctionError::new("NoCriteriaInPolicy", m),
            AnalysisFailure::InvalidModelOutput(m) => FunctionError::new("InvalidModelOutput", m),
            AnalysisFailure::Port(e) => FunctionError::from_port(e),
        }
    }
}

/// The policy passages for a procedure; none is a failure the user must hear about.
pub async fn policy_passages(retriever: &dyn Retriever, procedure_code: &ProcedureCode) -> Result<Vec<Passage>, AnalysisFailure> {
    let passages = retriever.policy_criteria(procedure_code).await.map_err(AnalysisFailure::Port)?;
    if passages.is_empty() {
        return Err(AnalysisFailure::NoPolicy(format!("no insurer policy covers procedure {procedure_code}")));
    }
    Ok(passages)
}

/// The retrieval query for a case's notes: its codes and the provider's own notes.
pub fn notes_query(procedure_code: &ProcedureCode, diagnosis_codes: &[DiagnosisCode], case_notes: Option<&str>) -> String {
    let mut query = format!("prior authorization {procedure_code}");
    for code in diagnosis_codes {
        query.push(' ');
        query.push_str(code.as_str());
    }
    if let Some(notes) = case_notes {
        query.push(' ');
        query.extend(notes.chars().take(1000));
    }
    query
}

/// Runs the analyzer, retrying once when its output fails the schema (as the ASL does).
pub async fn analyze_once_retried(analyzer: &dyn Analyzer, request: &AnalysisRequest) -> Result<Analysis, AnalysisFailure> {
    let mut last = String::new();
    for _ in 0..2 {
        match analyzer.analyze(request).await {
            Ok(analysis) => return Ok(analysis),
            Err(PortError::InvalidOutput(reason)) => last = reason,
            Err(e) => return Err(classify(e)),
        }
    }
    Err(AnalysisFailure::InvalidModelOutput(last))
}

/// The offline analyzer reports unreadable policies as `Rejected`.
fn classify(e: PortError) -> AnalysisFailure {
    match e {
        PortError::Rejected(m) if m.contains("no insurer policy") => AnalysisFailure::NoPolicy(m),
        PortError::Rejected(m) => AnalysisFailure::NoCriteria(m),
        PortError::InvalidOutput(m) => AnalysisFailure::InvalidModelOutput(m),
        other => AnalysisFailure::Port(other),
    }
}

fn parse_case_id(raw: &str) -> Result<CaseId, FunctionError> {
    CaseId::parse(raw).map_err(|e| FunctionError::invalid_event(e.message))
}

async fn load(reader: &dyn CaseReader, case_id: &CaseId) -> Result<Case, FunctionError> {
    reader
        .get(case_id)
        .await
        .map_err(FunctionError::from_port)?
        .ok_or_else(|| FunctionError::new("CaseNotFound", format!("case {case_id} does not exist")))
}

/// Read-modify-write with re-reads on version conflicts. `change` returns `None` for "nothing to do".
async fn update_case<F>(reader: &dyn CaseReader, writer: &dyn CaseWriter, case_id: &CaseId, change: F) -> Result<Case, FunctionError>
where
    F: Fn(&Case) -> Result<Option<Case>, FunctionError>,
{
    for _ in 0..5 {
        let case = load(reader, case_id).await?;
        let Some(next) = change(&case)? else {
            return Ok(case);
        };
        match writer.replace(&next, case.version).await {
            Ok(()) => return Ok(next),
            Err(PortError::Conflict(_)) => continue,
            Err(e) => return Err(FunctionError::from_port(e)),
        }
    }
    Err(FunctionError::new("DependencyUnavailable", format!("case {case_id} kept changing; will retry")))
}

fn illegal(case: &Case, wanted: &str) -> FunctionError {
    FunctionError::new("IllegalCaseState", format!("case {} is {}, cannot {wanted}", case.case_id, case.status))
}

/// Case status after a task, returned to the state machine (ids and status only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseState {
    pub case_id: String,
    pub status: CaseStatus,
}

impl From<&Case> for CaseState {
    fn from(c: &Case) -> Self {
        Self { case_id: c.case_id.to_string(), status: c.status }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct CaseStep {
    pub case_id: String,
    #[serde(default)]
    pub execution: Option<String>,
}

/// `BeginAnalysis`: PENDING → ANALYZING (already ANALYZING: carry on).
#[derive(Clone)]
pub struct BeginAnalysis {
    pub reader: Arc<dyn CaseReader>,
    pub writer: Arc<dyn CaseWriter>,
    pub audit: Auditor,
}

impl EventHandler for BeginAnalysis {
    type Event = CaseStep;
    type Output = CaseState;

    async fn handle(&self, event: CaseStep) -> Result<CaseState, FunctionError> {
        let case_id = parse_case_id(&event.case_id)?;
        let case = update_case(self.reader.as_ref(), self.writer.as_ref(), &case_id, |case| {
            case.begin_analysis(Utc::now()).map_err(|_| illegal(case, "begin an analysis"))
        })
        .await?;
        let execution = event.execution.unwrap_or_default();
        self.audit.system("analysis", "preauth.case.analysis.begin", Resource { kind: "preauth_case", id: case_id.as_str() }, Outcome::Succeeded, &execution).await;
        Ok(CaseState::from(&case))
    }
}

/// Passages returned by a retrieval task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retrieved {
    pub passages: Vec<Passage>,
}

/// `RetrievePolicyCriteria`: the insurer policy passages for the case's procedure.
#[derive(Clone)]
pub struct RetrievePolicy {
    pub reader: Arc<dyn CaseReader>,
    pub retriever: Arc<dyn Retriever>,
}

impl EventHandler for RetrievePolicy {
    type Event = CaseStep;
    type Output = Retrieved;

    async fn handle(&self, event: CaseStep) -> Result<Retrieved, FunctionError> {
        let case = load(self.reader.as_ref(), &parse_case_id(&event.case_id)?).await?;
        let passages = policy_passages(self.retriever.as_ref(), &case.procedure_code).await?;
        tracing::info!(case_id = %case.case_id, passages = passages.len(), "policy criteria retrieved");
        Ok(Retrieved { passages })
    }
}

/// `RetrieveClinicalNotes`: the case's patient's notes uploaded by the case's provider, plus the
/// notes filed with the case itself.
#[derive(Clone)]
pub struct RetrieveNotes {
    pub reader: Arc<dyn CaseReader>,
    pub retriever: Arc<dyn Retriever>,
}

impl EventHandler for RetrieveNotes {
    type Event = CaseStep;
    type Output = Retrieved;

    async fn handle(&self, event: CaseStep) -> Result<Retrieved, FunctionError> {
        let case = load(self.reader.as_ref(), &parse_case_id(&event.case_id)?).await?;
        let scope = NotesScope { patient_id: case.patient_id.clone(), provider_id: Some(case.provider_id.clone()) };
        let query = notes_query(&case.procedure_code, &case.diagnosis_codes, case.notes.as_deref());
        let mut passages = self.retriever.patient_notes(&scope, &query).await.map_err(FunctionError::from_port)?;
        if let Some(notes) = case.notes.as_deref().filter(|n| !n.trim().is_empty()) {
            passages.insert(
                0,
                Passage {
                    chunk_id: case.notes_chunk_id(),
                    document_id: case.case_id.to_string(),
                    title: Some("Notes filed with the case".into()),
                    text: notes.to_string(),
                    score: 1.0,
                    ordinal: Some(0),
                    span: None,
                },
            );
        }
        tracing::info!(case_id = %case.case_id, passages = passages.len(), "clinical notes retrieved");
        Ok(Retrieved { passages })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct JudgeInput {
    pub case_id: String,
    pub policy_passages: Vec<Passage>,
    pub note_passages: Vec<Passage>,
}

/// `JudgeCriteria`: the analyzer's judgement of each criterion.
#[derive(Clone)]
pub struct JudgeCriteria {
    pub reader: Arc<dyn CaseReader>,
    pub analyzer: Arc<dyn Analyzer>,
}

impl EventHandler for JudgeCriteria {
    type Event = JudgeInput;
    type Output = Analysis;

    async fn handle(&self, event: JudgeInput) -> Result<Analysis, FunctionError> {
        let case = load(self.reader.as_ref(), &parse_case_id(&event.case_id)?).await?;
        let request = AnalysisRequest {
            procedure_code: case.procedure_code.clone(),
            diagnosis_codes: case.diagnosis_codes.clone(),
            policy_passages: event.policy_passages,
            note_passages: event.note_passages,
        };
        // One attempt per invocation: the state machine owns the retry of invalid output.
        let analysis = self.analyzer.analyze(&request).await.map_err(|e| FunctionError::from(classify(e)))?;
        tracing::info!(case_id = %case.case_id, verdict = analysis.status.as_str(), "criteria judged");
        Ok(analysis)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SaveInput {
    pub case_id: String,
    #[serde(default)]
    pub execution: Option<String>,
    pub analysis: Analysis,
}

/// `SaveAnalysis`: ANALYZING → the verdict, with the analysis. Saving the same verdict twice is
/// a no-op.
#[derive(Clone)]
pub struct SaveAnalysis {
    pub reader: Arc<dyn CaseReader>,
    pub writer: Arc<dyn CaseWriter>,
    pub audit: Auditor,
}

impl EventHandler for SaveAnalysis {
    type Event = SaveInput;
    type Output = CaseState;

    async fn handle(&self, event: SaveInput) -> Result<CaseState, FunctionError> {
        let case_id = parse_case_id(&event.case_id)?;
        let analysis = event.analysis;
        let case = update_case(self.reader.as_ref(), self.writer.as_ref(), &case_id, |case| {
            if case.status == analysis.status.case_status() && case.analysis.is_some() {
                return Ok(None);
            }
            case.complete_analysis(analysis.clone(), Utc::now()).map(Some).map_err(|_| illegal(case, "save an analysis"))
        })
        .await?;
        // Counted per saved analysis, by engine family (the engine's name is free text in a stored
        // analysis, so it is read into a closed set) and verdict.
        let engine = if analysis.engine == mediclear_domain::preauth::evidence::ENGINE { "offline" } else { "bedrock" };
        mediclear_ports::metrics::Measurement::new().dimension("Engine", engine).dimension("Verdict", analysis.status.as_str()).count("Analyses", 1.0).record();
        let execution = event.execution.unwrap_or_default();
        self.audit.system("analysis", "preauth.case.analysis.save", Resource { kind: "preauth_case", id: case_id.as_str() }, Outcome::Succeeded, &execution).await;
        Ok(CaseState::from(&case))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FailInput {
    pub case_id: String,
    #[serde(default)]
    pub execution: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub cause: Option<String>,
}

/// The reason shown on a failed case. Only MediClear's own error names carry a cause we wrote
/// (ids and codes, never clinical text); anything else is named, not quoted.
pub fn failure_reason(error: Option<&str>, cause: Option<&str>) -> String {
    let own_message = || crate::function::cause_message(cause);
    match error.unwrap_or("") {
        "NoPolicyForProcedure" | "NoCriteriaInPolicy" => own_message().unwrap_or_else(|| "no usable insurer policy was found".into()),
        "InvalidModelOutput" => "the model's answer did not fit the analysis schema after a retry".into(),
        "DependencyUnavailable" | "Lambda.TooManyRequestsException" | "Lambda.ServiceException" => {
            "a dependency (retrieval or the model) stayed unavailable after retries".into()
        }
        "States.Timeout" => "the analysis timed out".into(),
        "" => "the analysis could not be completed".into(),
        other => format!("the analysis could not be completed ({other})"),
    }
}

/// `RecordFailure`: PENDING | ANALYZING → ANALYSIS_FAILED. A case that is gone or already past
/// analysis is left alone (the failure came after, or instead of, a real outcome).
#[derive(Clone)]
pub struct RecordFailure {
    pub reader: Arc<dyn CaseReader>,
    pub writer: Arc<dyn CaseWriter>,
    pub audit: Auditor,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureRecorded {
    pub case_id: String,
    pub status: Option<CaseStatus>,
    pub reason: String,
}

impl EventHandler for RecordFailure {
    type Event = FailInput;
    type Output = FailureRecorded;

    async fn handle(&self, event: FailInput) -> Result<FailureRecorded, FunctionError> {
        let reason = failure_reason(event.error.as_deref(), event.cause.as_deref());
        let Ok(case_id) = CaseId::parse(&event.case_id) else {
            return Ok(FailureRecorded { case_id: event.case_id, status: None, reason });
        };
        let updated = update_case(self.reader.as_ref(), self.writer.as_ref(), &case_id, |case| {
            if matches!(case.status, CaseStatus::Pending | CaseStatus::Analyzing) {
                case.fail_analysis(&reason, Utc::now()).map(Some).map_err(|_| illegal(case, "fail"))
            } else {
                Ok(None)
            }
        })
        .await;
        let status = match updated {
            Ok(case) => Some(case.status),
            Err(e) if e.error_type == "CaseNotFound" => None,
            Err(e) => return Err(e),
        };
        let execution = event.execution.unwrap_or_default();
        tracing::warn!(case_id = %case_id, error = event.error.as_deref().unwrap_or(""), "analysis failed");
        self.audit.system("analysis", "preauth.case.analysis.fail", Resource { kind: "preauth_case", id: case_id.as_str() }, Outcome::Failed, &execution).await;
        Ok(FailureRecorded { case_id: case_id.to_string(), status, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_never_quote_foreign_causes() {
        assert_eq!(
            failure_reason(Some("NoPolicyForProcedure"), Some(r#"{"errorType":"NoPolicyForProcedure","errorMessage":"no insurer policy covers procedure 12345"}"#)),
            "no insurer policy covers procedure 12345"
        );
        let other = failure_reason(Some("Some.Error"), Some("patient John has ..."));
        assert!(!other.contains("John"));
        assert!(other.contains("Some.Error"));
        assert_eq!(failure_reason(Some("States.Timeout"), None), "the analysis timed out");
    }
}
