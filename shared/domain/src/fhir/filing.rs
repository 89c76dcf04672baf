//! From a PAS `$submit` to MediClear cases, and back for `$inquire`.
//!
//! - **One case per `Claim.item`**, filed by the provider in the token, with the Claim's
//!   diagnoses and urgency; the case records where it came from ([`FhirOrigin`]: the Claim's
//!   identifiers, the item's sequence and code, the Bundle's requester and insurer, and what a
//!   response repeats of the request).
//! - **Case ids are derived** from the provider and the Claim's first identifier (its trace
//!   number) and the item's sequence ([`case_id_for`]), so `$inquire` finds a claim's cases by
//!   identifier without any index, another provider's identical trace number leads to other ids
//!   (never to this provider's cases), and a repeated `$submit` of the same request finds the
//!   cases it filed instead of filing them twice ([`FhirOrigin::same_request`]).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::claim::BusinessIdentifier;
use super::parties::{Party, Requester};
use super::response::ClaimEcho;
use super::submit::PasSubmission;
use crate::codes::ProcedureCode;
use crate::ids::{CaseId, PatientId, ProviderId};
use crate::preauth::case::CaseRequest;

/// Where a case filed through FHIR came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FhirOrigin {
    /// `Claim.identifier` of the request, as sent.
    #[schema(value_type = Vec<Object>)]
    pub claim_identifiers: Vec<BusinessIdentifier>,
    /// `Claim.item.sequence` of the item this case answers.
    pub item_sequence: u32,
    /// The item's code as sent, and its system (`cpt`, `hcpcs`, `x12-service-type`).
    pub item_code: String,
    /// Every item of the Claim, so any of its cases can answer for the whole Claim.
    pub items: Vec<ClaimItem>,
    /// The requesting organisation and clinician the Bundle names (the filing provider is the
    /// case's `provider_id`, from the token).
    #[schema(value_type = Object)]
    pub requester: Requester,
    #[schema(value_type = Object)]
    pub insurer: Party,
    /// What a ClaimResponse repeats of the request (it holds the request's Patient resource).
    #[schema(value_type = Object)]
    pub echo: ClaimEcho,
}

impl FhirOrigin {
    /// Whether `submission` is the request these cases were filed from (same patient, same items
    /// with the same codes): a retry to be answered with the current state, not a conflict.
    pub fn same_request(&self, patient_id: &PatientId, case_patient: &PatientId, submission: &PasSubmission) -> bool {
        patient_id == case_patient && claim_items(submission) == self.items
    }
}

/// One item of a Claim: its sequence and the procedure code its case was filed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClaimItem {
    pub sequence: u32,
    pub procedure_code: ProcedureCode,
}

/// The items of a submission as its cases record them.
fn claim_items(submission: &PasSubmission) -> Vec<ClaimItem> {
    submission.items.iter().map(|i| ClaimItem { sequence: i.sequence, procedure_code: i.procedure_code.clone() }).collect()
}

/// The key a Claim is filed under: its first identifier's value (the trace number), for one
/// provider. `None` when the Claim has no identifier.
pub fn claim_key(provider_id: &ProviderId, identifiers: &[BusinessIdentifier]) -> Option<String> {
    let first = identifiers.first()?;
    let mut hash = Sha256::new();
    hash.update(provider_id.as_str().as_bytes());
    hash.update([0]);
    hash.update(first.value.trim().as_bytes());
    let digest = hash.finalize();
    Some(digest[..10].iter().map(|b| format!("{b:02X}")).collect())
}

/// The case filed for item `sequence` of the Claim filed under `key`: `PA-F<key>-<sequence>`.
pub fn case_id_for(key: &str, sequence: u32) -> CaseId {
    CaseId::parse(&format!("PA-F{key}-{sequence}")).expect("hex digits and a number make a well-formed id")
}

/// The key a case filed through FHIR was filed under (the inverse of [`case_id_for`]); `None`
/// for any other case id.
pub fn claim_key_of(case_id: &CaseId) -> Option<&str> {
    case_id.as_str().strip_prefix("PA-F").and_then(|rest| rest.rsplit_once('-')).map(|(key, _)| key)
}

/// The case requests a submission files, one per item, in order, with where each came from.
pub fn case_requests(submission: &PasSubmission) -> Vec<(CaseRequest, FhirOrigin)> {
    let items = claim_items(submission);
    submission
        .items
        .iter()
        .map(|item| {
            let request = CaseRequest {
                patient_id: submission.patient_id.clone(),
                procedure_code: item.procedure_code.clone(),
                diagnosis_codes: submission.diagnoses.clone(),
                urgency: submission.urgency,
                notes: None,
            };
            let origin = FhirOrigin {
                claim_identifiers: submission.claim_identifiers.clone(),
                item_sequence: item.sequence,
                item_code: item.code.clone(),
                items: items.clone(),
                requester: submission.requester.clone(),
                insurer: submission.insurer.clone(),
                echo: submission.echo.clone(),
            };
            (request, origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(value: &str) -> Vec<BusinessIdentifier> {
        vec![BusinessIdentifier { system: Some("http://example.org/trace".into()), value: value.into() }]
    }

    #[test]
    fn a_claim_is_keyed_by_provider_and_trace_number() {
        let a = ProviderId::parse("PRV-001").unwrap();
        let b = ProviderId::parse("PRV-002").unwrap();
        let key = claim_key(&a, &id("111099")).unwrap();
        assert_eq!(claim_key(&a, &id(" 111099 ")), Some(key.clone()), "the same trace number, however padded");
        assert_ne!(claim_key(&b, &id("111099")), Some(key.clone()), "another provider's trace number leads elsewhere");
        assert_ne!(claim_key(&a, &id("111100")), Some(key.clone()));
        assert_eq!(claim_key(&a, &[]), None);
        let case = case_id_for(&key, 2);
        assert!(case.as_str().starts_with("PA-F") && case.as_str().ends_with("-2"), "{case}");
        assert_ne!(case_id_for(&key, 1), case);
        assert_eq!(claim_key_of(&case), Some(key.as_str()), "the key reads back from the case id");
        assert_eq!(claim_key_of(&CaseId::parse("PA-7M2Q9XK4D1T8B6R0C3VW").unwrap()), None);
    }
}
