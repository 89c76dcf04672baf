//! `Claim/$inquire`: a PAS inquiry Bundle read into what a lookup of earlier requests needs.
//!
//! The inquiry Bundle has the request Bundle's shape and a Claim naming the request asked about
//! (PAS Claim Inquiry): by `Claim.identifier` (the trace number `$submit` carried), and/or by the
//! patient's member id with the items' codes. The same Bundle and Claim rules as `$submit`
//! apply, except that items are optional and `Claim.identifier` may be left out when the member
//! id and at least one item code name the request instead.

use serde_json::Value;

use super::bundle::RequestBundle;
use super::claim::{BusinessIdentifier, Operation, PasItem, ReadClaim};
use super::issue::{Issue, IssueCode};
use super::parties::Requester;
use super::response::ClaimEcho;
use crate::codes::ProcedureCode;
use crate::ids::PatientId;

/// A valid PAS `$inquire` request: what names the request(s) asked about.
#[derive(Debug, Clone)]
pub struct PasInquiry {
    /// `Claim.identifier`, matched against the identifiers `$submit` recorded.
    pub claim_identifiers: Vec<BusinessIdentifier>,
    /// The patient's member id, when the inquiry carries one.
    pub patient_id: Option<PatientId>,
    /// The items asked about (their codes narrow the lookup).
    pub items: Vec<PasItem>,
    /// Who asks, as the inquiry names it.
    pub requester: Requester,
    /// What the response repeats of this inquiry.
    pub echo: ClaimEcho,
}

impl PasInquiry {
    /// The procedure codes of the items asked about.
    pub fn procedure_codes(&self) -> Vec<&ProcedureCode> {
        self.items.iter().map(|i| &i.procedure_code).collect()
    }
}

/// Reads a PAS inquiry Bundle sent to `Claim/$inquire`; every problem is returned.
pub fn read_inquire(bundle: &Value) -> Result<PasInquiry, Vec<Issue>> {
    let mut issues = Vec::new();
    let Some(request) = RequestBundle::read(bundle, &mut issues) else {
        return Err(issues);
    };
    let Some(claim) = ReadClaim::read(&request, Operation::Inquire, &mut issues) else {
        return Err(issues);
    };
    let items = claim.items(false, &mut issues);
    let patient_id = claim.member_id(false, &mut issues);
    let (requester, requester_entries) = claim.requester(&mut issues);
    if claim.identifiers.is_empty() && (patient_id.is_none() || items.is_empty()) {
        issues.push(Issue::error(
            IssueCode::Required,
            format!("{}.identifier", claim.at),
            "an inquiry names its request by Claim.identifier, or by the patient's member id and the items' codes",
        ));
    }
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    let echo = ClaimEcho::of(&claim, &requester_entries, items.iter().map(|i| i.sequence).collect());
    Ok(PasInquiry { claim_identifiers: claim.identifiers.clone(), patient_id, items, requester, echo })
}
