//! A pre-authorization case: the validated request, the status machine and the deadline.
//!
//! Status machine (API.md):
//! `PENDING → ANALYZING → APPROVED_READY | MISSING_INFORMATION | AI_DENIED | ANALYSIS_FAILED →
//! APPROVED | DENIED`. An analysis may also fail before it starts (`PENDING → ANALYSIS_FAILED`).
//! The AI statuses are recommendations; only the insurer's decision (`APPROVED`/`DENIED`) is final.
//!
//! Deadline: CMS-0057-F (Interoperability and Prior Authorization final rule, 2024) requires payers
//! to decide expedited requests within 72 hours and standard requests within 7 calendar days.
//!
//! Every change returns a new case with `version + 1`; stores write it only if the stored version
//! is still the one it was read at, so two concurrent decisions cannot both win.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

use crate::codes::{DiagnosisCode, ProcedureCode};
use crate::ids::{CaseId, PatientId, ProviderId};
use crate::preauth::analysis::Analysis;
use crate::validation::{Fields, ValidationError};

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseStatus {
    Pending,
    Analyzing,
    ApprovedReady,
    MissingInformation,
    AiDenied,
    AnalysisFailed,
    Approved,
    Denied,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 8] = [
        CaseStatus::Pending,
        CaseStatus::Analyzing,
        CaseStatus::ApprovedReady,
        CaseStatus::MissingInformation,
        CaseStatus::AiDenied,
        CaseStatus::AnalysisFailed,
        CaseStatus::Approved,
        CaseStatus::Denied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Pending => "PENDING",
            CaseStatus::Analyzing => "ANALYZING",
            CaseStatus::ApprovedReady => "APPROVED_READY",
            CaseStatus::MissingInformation => "MISSING_INFORMATION",
            CaseStatus::AiDenied => "AI_DENIED",
            CaseStatus::AnalysisFailed => "ANALYSIS_FAILED",
            CaseStatus::Approved => "APPROVED",
            CaseStatus::Denied => "DENIED",
        }
    }

    /// Parses a status name as a client sends it (e.g. in `?status=`).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let wanted = raw.trim().to_ascii_uppercase();
        CaseStatus::ALL.into_iter().find(|s| s.as_str() == wanted).ok_or_else(|| {
            ValidationError::invalid(
                "status",
                "status must be one of PENDING, ANALYZING, APPROVED_READY, MISSING_INFORMATION, AI_DENIED, ANALYSIS_FAILED, APPROVED, DENIED",
            )
        })
    }

    /// The analysis has finished (with a verdict or a failure): the case waits for the insurer.
    pub fn awaits_decision(self) -> bool {
        matches!(
            self,
            CaseStatus::ApprovedReady | CaseStatus::MissingInformation | CaseStatus::AiDenied | CaseStatus::AnalysisFailed
        )
    }

    /// The insurer has decided; nothing changes afterwards.
    pub fn is_final(self) -> bool {
        matches!(self, CaseStatus::Approved | CaseStatus::Denied)
    }

    /// Whether the status machine allows `self → next`.
    pub fn can_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        match (self, next) {
            (Pending, Analyzing | AnalysisFailed) => true,
            (Analyzing, ApprovedReady | MissingInformation | AiDenied | AnalysisFailed) => true,
            (from, Approved | Denied) => from.awaits_decision(),
            _ => false,
        }
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How fast the insurer must decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    #[default]
    Standard,
    Expedited,
}

impl Urgency {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(Urgency::Standard),
            "expedited" | "urgent" => Ok(Urgency::Expedited),
            _ => Err(ValidationError::invalid("urgency", "urgency must be \"standard\" or \"expedited\"")),
        }
    }

    /// CMS-0057-F decision time frames: 72 hours expedited, 7 calendar days standard.
    pub fn decision_window(self) -> Duration {
        match self {
            Urgency::Expedited => Duration::hours(72),
            Urgency::Standard => Duration::days(7),
        }
    }
}

/// A validated request to file a case: the `POST /preauth/cases` body.
// Its OpenAPI schema describes the body `from_json` accepts, hence the `required = false` fields.
#[derive(Debug, Clone, PartialEq, Eq, utoipa::ToSchema)]
pub struct CaseRequest {
    pub patient_id: PatientId,
    pub procedure_code: ProcedureCode,
    /// At most 12; duplicates collapse. Absent or null means none.
    #[schema(required = false, nullable, max_items = 12)]
    pub diagnosis_codes: Vec<DiagnosisCode>,
    /// `standard` when absent or null (`urgent` is accepted as `expedited`).
    #[schema(required = false, nullable)]
    pub urgency: Urgency,
    /// The provider's notes, offered to the analysis as evidence.
    #[schema(max_length = 20000)]
    pub notes: Option<String>,
}

impl CaseRequest {
    pub const MAX_DIAGNOSES: usize = 12;
    pub const MAX_NOTES_CHARS: usize = 20_000;

    /// Validates a `POST /preauth/cases` body; each problem names its field.
    pub fn from_json(body: &Value) -> Result<Self, ValidationError> {
        let f = Fields::of(body)?;
        let patient_id = PatientId::parse(f.required_str("patient_id")?)?;
        let procedure_code = ProcedureCode::parse(f.required_str("procedure_code")?)?;
        let raw_codes = f.str_list("diagnosis_codes")?;
        if raw_codes.len() > Self::MAX_DIAGNOSES {
            return Err(ValidationError::invalid(
                "diagnosis_codes",
                format!("at most {} diagnosis codes are accepted", Self::MAX_DIAGNOSES),
            ));
        }
        let mut diagnosis_codes = Vec::new();
        for (i, raw) in raw_codes.iter().enumerate() {
            let code = DiagnosisCode::parse(raw).map_err(|e| {
                ValidationError { message: format!("diagnosis_codes[{i}] is not an ICD-10-CM code such as M17.11"), ..e }
            })?;
            if !diagnosis_codes.contains(&code) {
                diagnosis_codes.push(code);
            }
        }
        let urgency = f.optional_str("urgency")?.map(Urgency::parse).transpose()?.unwrap_or_default();
        let notes = f.bounded_str("notes", Self::MAX_NOTES_CHARS)?.map(|n| n.trim().to_string());
        Ok(Self { patient_id, procedure_code, diagnosis_codes, urgency, notes })
    }
}

/// The insurer's final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FinalDecision {
    Approved,
    Denied,
}

impl FinalDecision {
    pub fn status(self) -> CaseStatus {
        match self {
            FinalDecision::Approved => CaseStatus::Approved,
            FinalDecision::Denied => CaseStatus::Denied,
        }
    }
}

/// A validated `POST /preauth/cases/{case_id}/decision` body.
#[derive(Debug, Clone, PartialEq, Eq, utoipa::ToSchema)]
pub struct DecisionRequest {
    pub decision: FinalDecision,
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// The insurer's own reason code.
    #[schema(max_length = 32, pattern = "^[A-Za-z0-9._-]{0,32}$")]
    pub reason_code: Option<String>,
}

impl DecisionRequest {
    pub const MAX_REASON_CHARS: usize = 2_000;

    pub fn from_json(body: &Value) -> Result<Self, ValidationError> {
        let f = Fields::of(body)?;
        let decision = match f.required_str("decision")?.trim().to_ascii_uppercase().as_str() {
            "APPROVED" => FinalDecision::Approved,
            "DENIED" => FinalDecision::Denied,
            _ => return Err(ValidationError::invalid("decision", "decision must be \"APPROVED\" or \"DENIED\"")),
        };
        let reason = f.bounded_str("reason", Self::MAX_REASON_CHARS)?.ok_or_else(|| ValidationError::missing("reason"))?;
        let reason_code = f.optional_str("reason_code")?.map(str::trim).map(str::to_string);
        if let Some(code) = &reason_code {
            let ok = code.len() <= 32 && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !ok {
                return Err(ValidationError::invalid("reason_code", "reason_code must be up to 32 letters, digits, '.', '_' or '-'"));
            }
        }
        Ok(Self { decision, reason: reason.trim().to_string(), reason_code })
    }
}

/// The decision as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub decision: FinalDecision,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The deciding insurer user's subject.
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// A pre-authorization case as stored and returned.
// The OpenAPI schema marks `analysis`, `failure_reason` and `decision` required (and nullable):
// they are always serialised; the serde defaults only let older stored cases deserialise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Case {
    pub case_id: CaseId,
    pub patient_id: PatientId,
    pub provider_id: ProviderId,
    pub procedure_code: ProcedureCode,
    pub diagnosis_codes: Vec<DiagnosisCode>,
    pub urgency: Urgency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub status: CaseStatus,
    /// Bumped on every change; the optimistic-concurrency token.
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decision_deadline: DateTime<Utc>,
    /// The subject of the provider user who filed it.
    pub filed_by: String,
    /// Present once the analysis finished with a verdict.
    #[serde(default)]
    #[schema(required = true)]
    pub analysis: Option<Analysis>,
    /// Why the analysis failed (`ANALYSIS_FAILED`), in words fit for the insurer and the provider.
    #[serde(default)]
    #[schema(required = true)]
    pub failure_reason: Option<String>,
    /// Present once the insurer decided.
    #[serde(default)]
    #[schema(required = true)]
    pub decision: Option<Decision>,
    /// For a case filed through `POST /fhir/Claim/$submit`: the Claim it answers (identifiers,
    /// item, the requester and insurer the Bundle names). Absent for cases filed as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fhir: Option<crate::fhir::filing::FhirOrigin>,
}

/// A status change the machine does not allow (→ 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case in status {from} cannot become {to}")]
pub struct IllegalTransition {
    pub from: CaseStatus,
    pub to: CaseStatus,
}

impl Case {
    /// A newly filed case: `PENDING`, version 1, deadline from its urgency.
    pub fn file(case_id: CaseId, request: CaseRequest, provider_id: ProviderId, filed_by: &str, now: DateTime<Utc>) -> Case {
        Case {
            case_id,
            patient_id: request.patient_id,
            provider_id,
            procedure_code: request.procedure_code,
            diagnosis_codes: request.diagnosis_codes,
            urgency: request.urgency,
            notes: request.notes,
            status: CaseStatus::Pending,
            version: 1,
            created_at: now,
            updated_at: now,
            decision_deadline: now + request.urgency.decision_window(),
            filed_by: filed_by.to_string(),
            analysis: None,
            failure_reason: None,
            decision: None,
            fhir: None,
        }
    }

    /// The same new case, recording the FHIR Claim item it was filed from.
    pub fn from_fhir(mut self, origin: crate::fhir::filing::FhirOrigin) -> Case {
        self.fhir = Some(origin);
        self
    }

    fn moved_to(&self, next: CaseStatus, now: DateTime<Utc>) -> Result<Case, IllegalTransition> {
        if !self.status.can_become(next) {
            return Err(IllegalTransition { from: self.status, to: next });
        }
        let mut case = self.clone();
        case.status = next;
        case.version += 1;
        case.updated_at = now;
        Ok(case)
    }

    /// `PENDING → ANALYZING`. `None` when the case is already `ANALYZING` (a resumed or retried
    /// execution carries on without a change).
    pub fn begin_analysis(&self, now: DateTime<Utc>) -> Result<Option<Case>, IllegalTransition> {
        if self.status == CaseStatus::Analyzing {
            return Ok(None);
        }
        self.moved_to(CaseStatus::Analyzing, now).map(Some)
    }

    /// `ANALYZING → verdict`, keeping the analysis.
    pub fn complete_analysis(&self, analysis: Analysis, now: DateTime<Utc>) -> Result<Case, IllegalTransition> {
        let mut case = self.moved_to(analysis.status.case_status(), now)?;
        case.analysis = Some(analysis);
        case.failure_reason = None;
        Ok(case)
    }

    /// `PENDING | ANALYZING → ANALYSIS_FAILED` with a reason fit for the insurer and the provider.
    pub fn fail_analysis(&self, reason: &str, now: DateTime<Utc>) -> Result<Case, IllegalTransition> {
        let mut case = self.moved_to(CaseStatus::AnalysisFailed, now)?;
        case.failure_reason = Some(reason.to_string());
        Ok(case)
    }

    /// An analysed case → `APPROVED | DENIED`.
    pub fn decide(&self, request: DecisionRequest, decided_by: &str, now: DateTime<Utc>) -> Result<Case, IllegalTransition> {
        let mut case = self.moved_to(request.decision.status(), now)?;
        case.decision = Some(Decision {
            decision: request.decision,
            reason: request.reason,
            reason_code: request.reason_code,
            decided_by: decided_by.to_string(),
            decided_at: now,
        });
        Ok(case)
    }

    /// The passage id under which the case's own notes are offered as evidence.
    pub fn notes_chunk_id(&self) -> String {
        format!("{}#notes", self.case_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::analysis::{Analysis, Verdict};
    use chrono::TimeZone;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
    }

    fn request(urgency: &str) -> CaseRequest {
        CaseRequest::from_json(&json!({
            "patient_id": "PAT-001", "procedure_code": "27447", "diagnosis_codes": ["M17.11", "m1711"], "urgency": urgency
        }))
        .unwrap()
    }

    fn filed(urgency: &str) -> Case {
        Case::file(CaseId::parse("PA-1").unwrap(), request(urgency), ProviderId::parse("PRV-001").unwrap(), "sub-1", now())
    }

    #[test]
    fn deadlines_follow_cms_0057_f() {
        assert_eq!(filed("expedited").decision_deadline, now() + Duration::hours(72));
        assert_eq!(filed("standard").decision_deadline, now() + Duration::days(7));
    }

    #[test]
    fn request_validation_names_the_field() {
        let cases = [
            (json!({"procedure_code": "27447"}), "INVALID_PATIENT_ID"),
            (json!({"patient_id": "P1", "procedure_code": "ABC"}), "INVALID_PROCEDURE_CODE"),
            (json!({"patient_id": "P1"}), "INVALID_PROCEDURE_CODE"),
            (json!({"patient_id": "P1", "procedure_code": "27447", "diagnosis_codes": ["M17.11", "bad"]}), "INVALID_DIAGNOSIS_CODES"),
            (json!({"patient_id": "P1", "procedure_code": "27447", "diagnosis_codes": "M17.11"}), "INVALID_DIAGNOSIS_CODES"),
            (json!({"patient_id": "P1", "procedure_code": "27447", "urgency": "soon"}), "INVALID_URGENCY"),
            (json!({"patient_id": 5, "procedure_code": "27447"}), "INVALID_PATIENT_ID"),
            (json!("text"), "INVALID_BODY"),
        ];
        for (body, code) in cases {
            assert_eq!(CaseRequest::from_json(&body).unwrap_err().code, code, "{body}");
        }
        let bad = CaseRequest::from_json(&json!({"patient_id": "P1", "procedure_code": "27447", "diagnosis_codes": ["M17.11", "bad"]}));
        assert!(bad.unwrap_err().message.contains("diagnosis_codes[1]"));
    }

    #[test]
    fn duplicate_diagnoses_collapse_and_urgency_defaults_to_standard() {
        let r = CaseRequest::from_json(&json!({"patient_id": "P1", "procedure_code": "27447", "diagnosis_codes": ["M17.11", "m1711"]})).unwrap();
        assert_eq!(r.diagnosis_codes.len(), 1);
        assert_eq!(r.urgency, Urgency::Standard);
    }

    #[test]
    fn status_machine_allows_only_documented_moves() {
        use CaseStatus::*;
        let allowed = [
            (Pending, Analyzing),
            (Pending, AnalysisFailed),
            (Analyzing, ApprovedReady),
            (Analyzing, MissingInformation),
            (Analyzing, AiDenied),
            (Analyzing, AnalysisFailed),
            (ApprovedReady, Approved),
            (ApprovedReady, Denied),
            (MissingInformation, Approved),
            (MissingInformation, Denied),
            (AiDenied, Approved),
            (AiDenied, Denied),
            (AnalysisFailed, Approved),
            (AnalysisFailed, Denied),
        ];
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn a_case_moves_through_analysis_to_a_decision_bumping_its_version() {
        let case = filed("standard");
        let analyzing = case.begin_analysis(now()).unwrap().unwrap();
        assert_eq!((analyzing.status, analyzing.version), (CaseStatus::Analyzing, 2));
        assert_eq!(analyzing.begin_analysis(now()).unwrap(), None, "resuming is not a change");
        let analysis = Analysis::for_test(Verdict::AiDenied);
        let analysed = analyzing.complete_analysis(analysis, now()).unwrap();
        assert_eq!(analysed.status, CaseStatus::AiDenied);
        let decision = DecisionRequest::from_json(&json!({"decision": "APPROVED", "reason": "peer review"})).unwrap();
        let decided = analysed.decide(decision.clone(), "ins-1", now()).unwrap();
        assert_eq!((decided.status, decided.version), (CaseStatus::Approved, 4));
        assert_eq!(decided.decide(decision.clone(), "ins-1", now()).unwrap_err().from, CaseStatus::Approved);
        assert!(case.decide(decision, "ins-1", now()).is_err(), "no decision before analysis");
    }

    #[test]
    fn decision_request_validation() {
        assert_eq!(DecisionRequest::from_json(&json!({"decision": "MAYBE", "reason": "x"})).unwrap_err().code, "INVALID_DECISION");
        assert_eq!(DecisionRequest::from_json(&json!({"decision": "DENIED"})).unwrap_err().code, "INVALID_REASON");
        assert_eq!(
            DecisionRequest::from_json(&json!({"decision": "DENIED", "reason": "x", "reason_code": "a b"})).unwrap_err().code,
            "INVALID_REASON_CODE"
        );
        let ok = DecisionRequest::from_json(&json!({"decision": "denied", "reason": " not necessary ", "reason_code": "MN-1"})).unwrap();
        assert_eq!((ok.decision, ok.reason.as_str()), (FinalDecision::Denied, "not necessary"));
    }

    #[test]
    fn statuses_parse_case_insensitively_and_reject_unknown() {
        assert_eq!(CaseStatus::parse("ai_denied").unwrap(), CaseStatus::AiDenied);
        assert_eq!(CaseStatus::parse("DONE").unwrap_err().code, "INVALID_STATUS");
        assert_eq!(serde_json::to_value(CaseStatus::ApprovedReady).unwrap(), json!("APPROVED_READY"));
    }
}
