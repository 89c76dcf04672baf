//! `Claim/$submit`: a PAS request Bundle read into what MediClear files cases from.
//!
//! [`read_submit`] applies every rule of [`super::bundle`], [`super::claim`],
//! [`super::parties`] and [`super::documents`], collects every problem, and returns the
//! submission only when none is an error. A submission needs at least one item and the
//! patient's member id; warnings (an attachment of a type MediClear does not read) travel with it.

use serde_json::Value;

use super::bundle::RequestBundle;
use super::claim::{BusinessIdentifier, Operation, PasItem, ReadClaim};
use super::documents::AttachedDocument;
use super::issue::{Issue, IssueCode};
use super::parties::{Party, Requester};
use super::response::ClaimEcho;
use crate::codes::DiagnosisCode;
use crate::ids::PatientId;
use crate::preauth::case::Urgency;

/// A valid PAS `$submit` request.
#[derive(Debug, Clone)]
pub struct PasSubmission {
    /// `Claim.identifier`: the provider's trace number(s) for the request.
    pub claim_identifiers: Vec<BusinessIdentifier>,
    /// The patient's member id, as a MediClear patient id.
    pub patient_id: PatientId,
    /// One per `Claim.item`, in order; at most [`super::MAX_ITEMS`].
    pub items: Vec<PasItem>,
    /// ICD-10-CM, duplicates collapsed; at most [`super::MAX_DIAGNOSES`].
    pub diagnoses: Vec<DiagnosisCode>,
    pub urgency: Urgency,
    pub requester: Requester,
    pub insurer: Party,
    /// At most [`super::MAX_DOCUMENTS`], with at most [`super::MAX_DOCUMENT_BYTES`] of content.
    pub documents: Vec<AttachedDocument>,
    /// Problems that do not reject the request.
    pub warnings: Vec<Issue>,
    /// What the response repeats of this request.
    pub echo: ClaimEcho,
}

/// Reads a PAS request Bundle sent to `Claim/$submit`. Every problem is returned, errors and
/// warnings, each at its element's FHIRPath.
pub fn read_submit(bundle: &Value) -> Result<PasSubmission, Vec<Issue>> {
    let mut issues = Vec::new();
    let Some(request) = RequestBundle::read(bundle, &mut issues) else {
        return Err(issues);
    };
    let Some(claim) = ReadClaim::read(&request, Operation::Submit, &mut issues) else {
        return Err(issues);
    };
    let items = claim.items(true, &mut issues);
    let diagnoses = claim.diagnoses(&mut issues);
    let patient_id = claim.member_id(true, &mut issues);
    let (requester, requester_entries) = claim.requester(&mut issues);
    let insurer = claim.insurer_party(&mut issues);
    let documents = claim.documents(&mut issues);

    let (Some(patient_id), Some(insurer)) = (patient_id, insurer) else {
        if !issues.iter().any(Issue::is_error) {
            // Unreachable in practice: whatever left these empty reported an error.
            issues.push(Issue::error(IssueCode::Required, claim.at.clone(), "the Claim's patient and insurer could not be read"));
        }
        return Err(issues);
    };
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    let echo = ClaimEcho::of(&claim, &requester_entries, items.iter().map(|i| i.sequence).collect());
    Ok(PasSubmission {
        claim_identifiers: claim.identifiers.clone(),
        patient_id,
        items,
        diagnoses,
        urgency: claim.urgency(),
        requester,
        insurer,
        documents,
        warnings: issues,
        echo,
    })
}
