//! The analysis a case carries, and what an analyzer is given to produce it.
//!
//! Shape (API.md): `{"procedure_analyzed","status","criteria":[{"id","text","met","evidence",
//! "policy_reference","source_chunk_ids"}],"summary","model","engine"}`. MediClear adds `kind`
//! (`requirement` or `exclusion`; for an exclusion, `met: true` means the exclusion applies),
//! `disposition: "RECOMMENDATION"` and a `notice`, because an AI verdict is never a decision.
//!
//! [`Analysis::check`] is the schema check a language model's output must pass before it is
//! stored: right statuses, non-empty criteria with unique ids, evidence for every met criterion,
//! and citations only of passages the model was actually given.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::codes::{DiagnosisCode, ProcedureCode};
use crate::knowledge::Passage;
use crate::preauth::case::CaseStatus;

/// The AI's recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    /// Every requirement is met and no exclusion applies.
    ApprovedReady,
    /// Some requirement lacks evidence (or is contradicted) and no exclusion applies.
    MissingInformation,
    /// An exclusion is clearly met by the notes.
    AiDenied,
}

impl Verdict {
    pub fn case_status(self) -> CaseStatus {
        match self {
            Verdict::ApprovedReady => CaseStatus::ApprovedReady,
            Verdict::MissingInformation => CaseStatus::MissingInformation,
            Verdict::AiDenied => CaseStatus::AiDenied,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.case_status().as_str()
    }
}

/// Whether a criterion must be met, or must not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CriterionKind {
    #[default]
    Requirement,
    Exclusion,
}

/// One policy criterion judged against the notes.
// Fields with a serde default are still always serialised, so the OpenAPI schema marks them
// required; the defaults only let older stored analyses deserialise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionFinding {
    /// The policy's own numbering (`"1"`, `"2b"`, `"E1"`).
    pub id: String,
    pub text: String,
    #[serde(default)]
    #[schema(required = true)]
    pub kind: CriterionKind,
    /// `true` met, `false` contradicted by the notes, `null` no evidence either way.
    #[schema(required = true)]
    pub met: Option<bool>,
    /// The quoted evidence, or why there is none.
    pub evidence: String,
    /// Where in the policy the criterion comes from (`"<policy title> §2"`).
    pub policy_reference: String,
    /// The passages the evidence was taken from.
    pub source_chunk_ids: Vec<String>,
}

/// The disposition every AI analysis carries.
pub const DISPOSITION: &str = "RECOMMENDATION";
/// The notice shown with every AI analysis.
pub const NOTICE: &str = "AI recommendation for the insurer's reviewer; only the insurer's decision is final.";

fn disposition() -> String {
    DISPOSITION.to_string()
}

fn notice() -> String {
    NOTICE.to_string()
}

/// A finished analysis.
// Fields with a serde default (older stored analyses lack them) are always serialised, so the
// OpenAPI schema marks them required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Analysis {
    pub procedure_analyzed: String,
    pub status: Verdict,
    pub criteria: Vec<CriterionFinding>,
    pub summary: String,
    pub model: String,
    pub engine: String,
    /// Always `RECOMMENDATION`: an AI verdict is never a decision.
    #[serde(default = "disposition")]
    #[schema(required = true, example = "RECOMMENDATION")]
    pub disposition: String,
    #[serde(default = "notice")]
    #[schema(required = true)]
    pub notice: String,
    /// The policies the criteria came from.
    #[serde(default)]
    #[schema(required = true)]
    pub policy_ids: Vec<String>,
    pub analyzed_at: DateTime<Utc>,
}

/// Output that does not fit the analysis schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("analysis output does not fit the schema: {0}")]
pub struct SchemaViolation(pub String);

impl Analysis {
    /// Checks the schema rules a stored analysis must satisfy, given the ids of the passages the
    /// analyzer was shown.
    pub fn check(&self, known_chunk_ids: &HashSet<&str>) -> Result<(), SchemaViolation> {
        let fail = |m: String| Err(SchemaViolation(m));
        if self.criteria.is_empty() {
            return fail("no criteria were judged".into());
        }
        if self.summary.trim().is_empty() {
            return fail("the summary is empty".into());
        }
        let mut ids = HashSet::new();
        for c in &self.criteria {
            if c.id.trim().is_empty() || c.text.trim().is_empty() {
                return fail("a criterion has no id or no text".into());
            }
            if !ids.insert(c.id.as_str()) {
                return fail(format!("criterion id {} appears twice", c.id));
            }
            if c.met == Some(true) && (c.evidence.trim().is_empty() || c.source_chunk_ids.is_empty()) {
                return fail(format!("criterion {} is met without cited evidence", c.id));
            }
            if let Some(unknown) = c.source_chunk_ids.iter().find(|id| !known_chunk_ids.contains(id.as_str())) {
                return fail(format!("criterion {} cites passage {unknown}, which it was not given", c.id));
            }
        }
        let exclusion_applies = self.criteria.iter().any(|c| c.kind == CriterionKind::Exclusion && c.met == Some(true));
        if exclusion_applies != (self.status == Verdict::AiDenied) {
            return fail("AI_DENIED must be given exactly when an exclusion is met".into());
        }
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn for_test(status: Verdict) -> Analysis {
        Analysis {
            procedure_analyzed: "27447".into(),
            status,
            criteria: vec![CriterionFinding {
                id: "E1".into(),
                text: "Active infection".into(),
                kind: if status == Verdict::AiDenied { CriterionKind::Exclusion } else { CriterionKind::Requirement },
                met: Some(true),
                evidence: "\"active infection\"".into(),
                policy_reference: "Policy §E1".into(),
                source_chunk_ids: vec!["c1".into()],
            }],
            summary: "s".into(),
            model: "m".into(),
            engine: "e".into(),
            disposition: disposition(),
            notice: notice(),
            policy_ids: vec![],
            analyzed_at: Utc::now(),
        }
    }
}

/// What an analyzer is given: the case's codes, the insurer's policy passages and the patient's
/// note passages (already filtered to the patient by the retriever).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    pub procedure_code: ProcedureCode,
    #[serde(default)]
    pub diagnosis_codes: Vec<DiagnosisCode>,
    pub policy_passages: Vec<Passage>,
    pub note_passages: Vec<Passage>,
}

impl AnalysisRequest {
    /// Ids of every passage given, for [`Analysis::check`].
    pub fn known_chunk_ids(&self) -> HashSet<&str> {
        self.policy_passages.iter().chain(&self.note_passages).map(|p| p.chunk_id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_rejects_uncited_or_invented_evidence() {
        let known: HashSet<&str> = ["c1"].into_iter().collect();
        let ok = Analysis::for_test(Verdict::AiDenied);
        assert!(ok.check(&known).is_ok());

        let mut invented = ok.clone();
        invented.criteria[0].source_chunk_ids = vec!["c9".into()];
        assert!(invented.check(&known).unwrap_err().0.contains("c9"));

        let mut uncited = ok.clone();
        uncited.criteria[0].source_chunk_ids.clear();
        assert!(uncited.check(&known).is_err());

        let mut inconsistent = ok.clone();
        inconsistent.status = Verdict::ApprovedReady;
        assert!(inconsistent.check(&known).is_err());

        let mut empty = ok;
        empty.criteria.clear();
        assert!(empty.check(&known).is_err());
    }

    #[test]
    fn serialises_in_the_api_shape() {
        let v = serde_json::to_value(Analysis::for_test(Verdict::MissingInformation)).unwrap();
        assert_eq!(v["status"], "MISSING_INFORMATION");
        assert_eq!(v["disposition"], "RECOMMENDATION");
        for key in ["id", "text", "met", "evidence", "policy_reference", "source_chunk_ids"] {
            assert!(v["criteria"][0].get(key).is_some(), "{key}");
        }
    }
}
