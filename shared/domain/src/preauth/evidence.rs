//! The offline pre-auth analyzer: a deterministic evidence matcher that produces the same
//! [`Analysis`] a language model does, from the same retrieved passages, with no model at all.
//!
//! 1. Policy passages are stitched per document and read into criteria ([`super::criteria`]).
//!    When some documents list the case's procedure code and others list other codes only, the
//!    others are retriever noise and are dropped. Several remaining policies are each judged, ids
//!    prefixed `P1-`, `P2-`… so they stay unambiguous, and all must be satisfied.
//! 2. Note passages are stitched per document and split into candidate sentences
//!    ([`super::notes`]).
//! 3. Each criterion is read into a condition ([`super::condition`]) and judged against the
//!    sentences ([`super::matching`]): lexicon-expanded concept matching, NegEx/ConText
//!    negation, durations and measure thresholds.
//! 4. Groups, findings, verdict and summary follow [`super::verdict`].
//!
//! Same input, same output: no randomness, no clock but the `now` passed in (used only to turn
//! "since March 2023" into a duration), no iteration over unordered maps. The verdict is a
//! recommendation; only the insurer decides.

use chrono::{DateTime, Utc};

use super::analysis::{Analysis, AnalysisRequest, DISPOSITION, NOTICE, Verdict};
use super::criteria::{GroupRule, PolicyCriteria, parse_policy};
use super::matching::Status;
use super::notes::NoteIndex;
use super::verdict::{PolicyOutcome, judge_policy};
use crate::knowledge::{StitchedDocument, stitch};

/// The `engine` of every analysis this module produces.
pub const ENGINE: &str = "offline-evidence-matcher";
/// The `model` of every analysis this module produces.
pub const MODEL: &str = "mediclear-evidence-matcher/1";

/// Why no analysis could be produced. Messages name the procedure code only, never clinical text,
/// so they may be shown to users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    #[error("no insurer policy was retrieved for procedure {procedure_code}")]
    NoPolicy { procedure_code: String },
    #[error("no criteria could be read from the insurer policy for procedure {procedure_code}")]
    NoCriteria { procedure_code: String },
}

impl MatchError {
    /// A stable machine-readable name (`NO_POLICY`, `NO_CRITERIA`).
    pub fn code(&self) -> &'static str {
        match self {
            MatchError::NoPolicy { .. } => "NO_POLICY",
            MatchError::NoCriteria { .. } => "NO_CRITERIA",
        }
    }
}

/// "Total Knee Arthroplasty (POL-7)", or the document id alone when there is no title.
fn reference(doc: &StitchedDocument, policy: &PolicyCriteria) -> String {
    let title = doc.title.clone().filter(|t| !t.trim().is_empty()).or_else(|| policy.title.clone());
    match title {
        Some(t) if t != doc.document_id => format!("{} ({})", t.trim(), doc.document_id),
        _ => doc.document_id.clone(),
    }
}

/// Analyses a pre-auth request. See the module documentation for the steps.
pub fn analyze(request: &AnalysisRequest, now: DateTime<Utc>) -> Result<Analysis, MatchError> {
    let code = request.procedure_code.as_str().to_string();
    if request.policy_passages.is_empty() {
        return Err(MatchError::NoPolicy { procedure_code: code });
    }
    let policy_documents = stitch(&request.policy_passages);
    let mut policies: Vec<(&StitchedDocument, PolicyCriteria)> =
        policy_documents.iter().map(|d| (d, parse_policy(&d.text).for_procedure(&code))).filter(|(_, p)| !p.is_empty()).collect();
    if policies.iter().any(|(_, p)| p.procedure_codes.contains(&code)) {
        policies.retain(|(_, p)| p.procedure_codes.is_empty() || p.procedure_codes.contains(&code));
    }
    if policies.is_empty() {
        return Err(MatchError::NoCriteria { procedure_code: code });
    }

    let note_documents = stitch(&request.note_passages);
    let notes = NoteIndex::build(&note_documents, now);
    let several = policies.len() > 1;
    let outcomes: Vec<(String, PolicyOutcome)> = policies
        .iter()
        .enumerate()
        .map(|(k, (doc, policy))| {
            let prefix = if several { format!("P{}-", k + 1) } else { String::new() };
            let name = reference(doc, policy);
            let outcome = judge_policy(policy, &notes, &name, &prefix);
            (name, outcome)
        })
        .collect();

    let denied = outcomes.iter().any(|(_, o)| !o.exclusions_met.is_empty());
    let ready = outcomes.iter().all(|(_, o)| o.requirements == Status::Met);
    let status = if denied {
        Verdict::AiDenied
    } else if ready {
        Verdict::ApprovedReady
    } else {
        Verdict::MissingInformation
    };
    let summary = summary(status, &outcomes, notes.sentences.is_empty());
    Ok(Analysis {
        procedure_analyzed: code,
        status,
        criteria: outcomes.iter().flat_map(|(_, o)| o.findings.iter().cloned()).collect(),
        summary,
        model: MODEL.into(),
        engine: ENGINE.into(),
        disposition: DISPOSITION.into(),
        notice: NOTICE.into(),
        policy_ids: policies.iter().map(|(d, _)| d.document_id.clone()).collect(),
        analyzed_at: now,
    })
}

/// The short, readable recommendation: counts, the exclusion that applies, what is missing —
/// criterion ids and short criterion text, never patient text.
fn summary(status: Verdict, outcomes: &[(String, PolicyOutcome)], no_notes: bool) -> String {
    let mut out = format!("Recommendation: {} (AI recommendation for the insurer's reviewer; not a decision).", status.as_str());
    if no_notes {
        out.push_str(" No clinical notes were retrieved for this patient.");
    }
    for (name, o) in outcomes {
        let requirements: Vec<_> = o.findings.iter().filter(|f| f.kind == super::analysis::CriterionKind::Requirement).collect();
        let met = requirements.iter().filter(|f| f.met == Some(true)).count();
        let not_met = requirements.iter().filter(|f| f.met == Some(false)).count();
        let unknown = requirements.len() - met - not_met;
        out.push_str(&format!(" {name}: "));
        if requirements.is_empty() {
            out.push_str("no requirements could be read from this policy;");
        } else {
            out.push_str(&format!("{met} of {} requirements met, {not_met} not met, {unknown} without evidence", requirements.len()));
            if matches!(o.root_rule, GroupRule::Any | GroupRule::AtLeast(_)) {
                out.push_str(&format!(" ({} the listed requirements must hold)", o.root_rule.describe()));
            }
            out.push(';');
        }
        if o.exclusions_met.is_empty() {
            out.push_str(" no exclusion applies.");
        } else {
            let list: Vec<String> = o.exclusions_met.iter().map(|(id, text)| format!("{id} ({text})")).collect();
            out.push_str(&format!(" exclusion {} applies.", list.join(", ")));
        }
        if o.requirements != Status::Met && !o.open.is_empty() {
            let not_met: Vec<String> = o.open.iter().filter(|x| x.2 == Status::NotMet).map(|(id, text, _)| format!("{id} ({text})")).collect();
            let missing: Vec<String> = o.open.iter().filter(|x| x.2 == Status::Unknown).map(|(id, text, _)| format!("{id} ({text})")).collect();
            if !not_met.is_empty() {
                out.push_str(&format!(" Not met: {}.", not_met.join("; ")));
            }
            if !missing.is_empty() {
                out.push_str(&format!(" Missing documentation: {}.", missing.join("; ")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::ProcedureCode;
    use crate::knowledge::Passage;

    fn passage(id: &str, doc: &str, title: &str, text: &str) -> Passage {
        Passage { chunk_id: id.into(), document_id: doc.into(), title: Some(title.into()), text: text.into(), score: 1.0, ordinal: Some(0), span: None }
    }

    fn request(policy: &str, notes: &[&str]) -> AnalysisRequest {
        AnalysisRequest {
            procedure_code: ProcedureCode::parse("27447").unwrap(),
            diagnosis_codes: vec![],
            policy_passages: vec![passage("POL-1#0000", "POL-1", "Knee Policy", policy)],
            note_passages: notes.iter().enumerate().map(|(i, n)| passage(&format!("REC-{i}#0000"), &format!("REC-{i}"), "note.txt", n)).collect(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2024-06-15T12:00:00Z".parse().unwrap()
    }

    const POLICY: &str = "Criteria (all required):\n1. Knee pain for at least 3 months.\n2. Physical therapy for at least 6 weeks.\n\nExclusions:\n- Active infection of the knee";

    #[test]
    fn errors_name_the_procedure_only() {
        let mut r = request(POLICY, &[]);
        r.policy_passages.clear();
        let e = analyze(&r, now()).unwrap_err();
        assert_eq!(e.code(), "NO_POLICY");
        assert!(e.to_string().contains("27447"));
        let r = request("This policy describes knee replacement surgery.", &[]);
        assert_eq!(analyze(&r, now()).unwrap_err(), MatchError::NoCriteria { procedure_code: "27447".into() });
    }

    #[test]
    fn verdicts() {
        let ready = request(POLICY, &["Right knee pain for 2 years. Completed 8 weeks of physical therapy without relief. No signs of infection."]);
        let a = analyze(&ready, now()).unwrap();
        assert_eq!(a.status, Verdict::ApprovedReady, "{a:#?}");
        assert!(a.check(&ready.known_chunk_ids()).is_ok());
        assert_eq!(a.criteria[0].policy_reference, "Knee Policy (POL-1) §1");

        let short = request(POLICY, &["Right knee pain for 2 years. Completed 4 weeks of physical therapy."]);
        let a = analyze(&short, now()).unwrap();
        assert_eq!(a.status, Verdict::MissingInformation);
        assert_eq!(a.criteria[1].met, Some(false));
        assert!(a.summary.contains("Not met: 2"), "{}", a.summary);

        let infected = request(POLICY, &["Right knee pain for 2 years. Completed 8 weeks of PT. Active infection of the right knee with purulent drainage."]);
        let a = analyze(&infected, now()).unwrap();
        assert_eq!(a.status, Verdict::AiDenied);
        assert!(a.check(&infected.known_chunk_ids()).is_ok());
        assert!(a.summary.contains("E1"));
    }
}
