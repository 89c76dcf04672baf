//! Who a PAS request concerns: the patient (as a MediClear patient id), the requester and the
//! insurer.
//!
//! - The patient is known to MediClear by the payer's member id. It is read, first found, from:
//!   `Patient.identifier` of type `MB` (HL7 v2 table 0203, member number; PAS Subscriber and
//!   Beneficiary profiles); the focal `Coverage.subscriberId`; `Coverage.identifier` of type
//!   `MB`; a `Patient.identifier` in a `…/MIN` (member identification number) system, as the
//!   Da Vinci examples write it; the first `Coverage.identifier`. It must be a valid
//!   [`PatientId`]; the issue names the element it came from, never its value.
//! - The requester is `Claim.provider` (PAS Requestor: an Organization, a PractitionerRole or a
//!   Practitioner); the practitioner behind a PractitionerRole, or the first one of
//!   `Claim.careTeam`, names the requesting clinician. NPIs come from identifiers in
//!   `http://hl7.org/fhir/sid/us-npi`.
//! - The insurer is the Organization `Claim.insurer` names (PAS Insurer).
//!
//! Only names of organisations and practitioners are read: nothing of the patient but the member
//! id.

use serde::{Deserialize, Serialize};

use super::bundle::Entry;
use super::claim::{BusinessIdentifier, ReadClaim};
use super::issue::{Issue, IssueCode};
use super::model::{Coverage, Organization, Patient, Practitioner, PractitionerRole, read_resource};
use super::terminology::{self, MEMBER_IDENTIFIER_TYPE};
use crate::ids::PatientId;

/// An organisation or practitioner named in the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The entry's `fullUrl` (else `Type/id`): how the response refers to it.
    pub reference: String,
    /// `Organization` or `Practitioner`.
    pub resource_type: String,
    pub name: Option<String>,
    pub npi: Option<String>,
    pub identifiers: Vec<BusinessIdentifier>,
}

/// Who asks: the requesting organisation and clinician, as far as the request names them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Requester {
    pub organization: Option<Party>,
    pub practitioner: Option<Party>,
}

impl ReadClaim<'_, '_> {
    /// The patient's member id as a MediClear patient id. `required` for `$submit`; an
    /// inquiry may name its claim by identifier alone.
    pub fn member_id(&self, required: bool, issues: &mut Vec<Issue>) -> Option<PatientId> {
        let patient = self.patient.and_then(|e| {
            read_resource::<Patient>(e.resource, &e.expression(), "Patient").map_err(|i| issues.push(i)).ok().map(|p| (p, e))
        });
        let coverages: Vec<(Coverage, &Entry)> = self
            .coverages
            .iter()
            .filter_map(|e| {
                read_resource::<Coverage>(e.resource, &e.expression(), "Coverage").map_err(|i| issues.push(i)).ok().map(|c| (c, *e))
            })
            .collect();

        // (value, its FHIRPath, the element's name), in the order of the module doc.
        let mut candidates: Vec<(&str, String, &str)> = Vec::new();
        let is_member = |kind: &Option<super::model::CodeableConcept>| kind.as_ref().is_some_and(|k| k.has_code(MEMBER_IDENTIFIER_TYPE));
        if let Some((patient, entry)) = &patient {
            for (k, identifier) in patient.identifier.iter().enumerate() {
                if let (true, Some(value)) = (is_member(&identifier.kind), identifier.value.as_deref()) {
                    candidates.push((value, format!("{}.identifier[{k}].value", entry.expression()), "Patient.identifier (type MB)"));
                }
            }
        }
        for (coverage, entry) in &coverages {
            if let Some(value) = coverage.subscriber_id.as_deref() {
                candidates.push((value, format!("{}.subscriberId", entry.expression()), "Coverage.subscriberId"));
            }
        }
        for (coverage, entry) in &coverages {
            for (k, identifier) in coverage.identifier.iter().enumerate() {
                if let (true, Some(value)) = (is_member(&identifier.kind), identifier.value.as_deref()) {
                    candidates.push((value, format!("{}.identifier[{k}].value", entry.expression()), "Coverage.identifier (type MB)"));
                }
            }
        }
        if let Some((patient, entry)) = &patient {
            for (k, identifier) in patient.identifier.iter().enumerate() {
                let min_system = identifier.system.as_deref().is_some_and(|s| s.trim_end_matches('/').ends_with("/MIN"));
                if let (true, Some(value)) = (min_system, identifier.value.as_deref()) {
                    candidates.push((
                        value,
                        format!("{}.identifier[{k}].value", entry.expression()),
                        "Patient.identifier (member identification number)",
                    ));
                }
            }
        }
        for (coverage, entry) in &coverages {
            if let Some((k, value)) = coverage.identifier.iter().enumerate().find_map(|(k, i)| Some((k, i.value.as_deref()?))) {
                candidates.push((value, format!("{}.identifier[{k}].value", entry.expression()), "Coverage.identifier"));
            }
        }

        let Some((value, at, element)) = candidates.into_iter().find(|(value, _, _)| !value.trim().is_empty()) else {
            if required {
                let at = self.patient.map_or_else(|| format!("{}.patient", self.at), |e| format!("{}.identifier", e.expression()));
                issues.push(Issue::error(
                    IssueCode::Required,
                    at,
                    "the patient's member id is required: Patient.identifier of type MB, Coverage.subscriberId or Coverage.identifier",
                ));
            }
            return None;
        };
        match PatientId::parse(value) {
            Ok(id) => Some(id),
            Err(_) => {
                issues.push(Issue::error(
                    IssueCode::Value,
                    at,
                    format!("{element}, the member id, is not a valid MediClear patient id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                ));
                None
            }
        }
    }

    /// The requesting organisation and clinician, with the entries they were read from (to be
    /// echoed in the response).
    pub fn requester(&self, issues: &mut Vec<Issue>) -> (Requester, Vec<usize>) {
        let mut requester = Requester::default();
        let mut entries = Vec::new();
        let mut take = |entry: &Entry, requester: &mut Requester, issues: &mut Vec<Issue>| match entry.resource_type {
            "Organization" if requester.organization.is_none() => {
                requester.organization = organization(entry, issues);
                entries.push(entry.index);
            }
            "Practitioner" if requester.practitioner.is_none() => {
                requester.practitioner = practitioner(entry, issues);
                entries.push(entry.index);
            }
            "PractitionerRole" if requester.practitioner.is_none() => {
                let Ok(role) =
                    read_resource::<PractitionerRole>(entry.resource, &entry.expression(), "PractitionerRole").map_err(|i| issues.push(i))
                else {
                    return;
                };
                entries.push(entry.index);
                let behind = |reference: &Option<super::model::Reference>| {
                    reference.as_ref().and_then(|r| r.reference.as_deref()).and_then(|r| self.bundle.resolve(entry.index, r))
                };
                if let Some(person) = behind(&role.practitioner).filter(|e| e.resource_type == "Practitioner") {
                    requester.practitioner = practitioner(person, issues).map(|mut party| {
                        // The role's own NPI, when it has one, is the one the request was made under.
                        if let Some(npi) = npi(&role.identifier) {
                            party.npi = Some(npi);
                        }
                        party
                    });
                    entries.push(person.index);
                }
                if requester.organization.is_none() {
                    if let Some(org) = behind(&role.organization).filter(|e| e.resource_type == "Organization") {
                        requester.organization = organization(org, issues);
                        entries.push(org.index);
                    }
                }
            }
            _ => {}
        };
        if let Some(provider) = self.provider {
            take(provider, &mut requester, issues);
        }
        for member in &self.care_team {
            take(member, &mut requester, issues);
        }
        let mut seen = std::collections::HashSet::new();
        entries.retain(|index| seen.insert(*index));
        (requester, entries)
    }

    /// The insurer Organization.
    pub fn insurer_party(&self, issues: &mut Vec<Issue>) -> Option<Party> {
        self.insurer.and_then(|entry| organization(entry, issues))
    }
}

fn organization(entry: &Entry, issues: &mut Vec<Issue>) -> Option<Party> {
    let org: Organization = read_resource(entry.resource, &entry.expression(), "Organization").map_err(|i| issues.push(i)).ok()?;
    Some(Party {
        reference: entry.reference(),
        resource_type: "Organization".into(),
        name: org.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        npi: npi(&org.identifier),
        identifiers: org.identifier.iter().filter_map(BusinessIdentifier::of).collect(),
    })
}

fn practitioner(entry: &Entry, issues: &mut Vec<Issue>) -> Option<Party> {
    let person: Practitioner = read_resource(entry.resource, &entry.expression(), "Practitioner").map_err(|i| issues.push(i)).ok()?;
    Some(Party {
        reference: entry.reference(),
        resource_type: "Practitioner".into(),
        name: person.name.iter().find_map(|n| n.full()),
        npi: npi(&person.identifier),
        identifiers: person.identifier.iter().filter_map(BusinessIdentifier::of).collect(),
    })
}

fn npi(identifiers: &[super::model::Identifier]) -> Option<String> {
    identifiers
        .iter()
        .filter(|i| i.system.as_deref().is_some_and(terminology::is_npi))
        .find_map(|i| i.value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::bundle::RequestBundle;
    use serde_json::{Value, json};

    fn bundle(patient: Value, coverage: Value, provider: &str, extra: Vec<Value>) -> Value {
        let mut entries = vec![
            json!({"fullUrl": "http://x.example/fhir/Claim/c", "resource": {"resourceType": "Claim", "id": "c",
                "patient": {"reference": "Patient/p"}, "provider": {"reference": provider},
                "insurer": {"reference": "Organization/ins"},
                "careTeam": [{"sequence": 1, "provider": {"reference": "Practitioner/doc"}}],
                "insurance": [{"sequence": 1, "focal": true, "coverage": {"reference": "Coverage/v"}}]}}),
            json!({"fullUrl": "http://x.example/fhir/Patient/p", "resource": patient}),
            json!({"fullUrl": "http://x.example/fhir/Coverage/v", "resource": coverage}),
            json!({"fullUrl": "http://x.example/fhir/Organization/ins", "resource": {"resourceType": "Organization", "id": "ins",
                "name": "ACME HEALTH PLAN", "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1111111112"}]}}),
            json!({"fullUrl": "http://x.example/fhir/Practitioner/doc", "resource": {"resourceType": "Practitioner", "id": "doc",
                "name": [{"given": ["SUSAN"], "family": "WATSON"}], "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}]}}),
        ];
        entries.extend(extra);
        json!({"resourceType": "Bundle", "type": "collection", "identifier": {"value": "A"}, "timestamp": "2024-01-01T00:00:00Z", "entry": entries})
    }

    fn member(value: &Value) -> (Option<PatientId>, Vec<Issue>) {
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(value, &mut issues).unwrap();
        let claim = ReadClaim::read(&bundle, crate::fhir::claim::Operation::Submit, &mut issues).unwrap();
        issues.clear(); // only the member id's issues
        (claim.member_id(true, &mut issues), issues)
    }

    fn mb(value: &str) -> Value {
        json!({"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"}]}, "value": value})
    }

    #[test]
    fn member_id_prefers_the_patient_identifier_of_type_mb() {
        let patient = json!({"resourceType": "Patient", "id": "p", "identifier": [{"system": "http://h.example/mrn", "value": "MRN-1"}, mb("MBR-7")]});
        let coverage = json!({"resourceType": "Coverage", "id": "v", "subscriberId": "SUB-1"});
        let (id, issues) = member(&bundle(patient, coverage, "Organization/ins", vec![]));
        assert!(issues.is_empty());
        assert_eq!(id.unwrap().as_str(), "MBR-7");
    }

    #[test]
    fn member_id_falls_back_to_the_coverage() {
        let patient =
            json!({"resourceType": "Patient", "id": "p", "identifier": [{"system": "http://davinci-pas.org/MIN", "value": "MIN-1"}]});
        let coverage = json!({"resourceType": "Coverage", "id": "v", "subscriberId": "SUB-1", "identifier": [mb("COV-MB")]});
        assert_eq!(member(&bundle(patient.clone(), coverage, "Organization/ins", vec![])).0.unwrap().as_str(), "SUB-1");
        let coverage = json!({"resourceType": "Coverage", "id": "v", "identifier": [{"value": "COV-1"}, mb("COV-MB")]});
        assert_eq!(member(&bundle(patient.clone(), coverage, "Organization/ins", vec![])).0.unwrap().as_str(), "COV-MB");
        // PAS 1.1.0 examples: no MB type, no subscriberId; the Patient's `…/MIN` identifier.
        let coverage = json!({"resourceType": "Coverage", "id": "v"});
        assert_eq!(member(&bundle(patient, coverage, "Organization/ins", vec![])).0.unwrap().as_str(), "MIN-1");
    }

    #[test]
    fn an_invalid_member_id_names_its_element_not_its_value() {
        let patient = json!({"resourceType": "Patient", "id": "p", "identifier": [mb("Jane Doe/42")]});
        let coverage = json!({"resourceType": "Coverage", "id": "v"});
        let (id, issues) = member(&bundle(patient, coverage, "Organization/ins", vec![]));
        assert!(id.is_none());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, IssueCode::Value);
        assert_eq!(issues[0].expression, "Bundle.entry[1].resource.identifier[0].value");
        assert!(!issues[0].diagnostics.contains("Jane"), "{}", issues[0].diagnostics);
    }

    #[test]
    fn a_missing_member_id_is_required() {
        let patient = json!({"resourceType": "Patient", "id": "p"});
        let coverage = json!({"resourceType": "Coverage", "id": "v"});
        let (id, issues) = member(&bundle(patient, coverage, "Organization/ins", vec![]));
        assert!(id.is_none());
        assert_eq!((issues[0].expression.as_str(), issues[0].code), ("Bundle.entry[1].resource.identifier", IssueCode::Required));
    }

    #[test]
    fn requester_through_a_practitioner_role() {
        let patient = json!({"resourceType": "Patient", "id": "p", "identifier": [mb("M1")]});
        let coverage = json!({"resourceType": "Coverage", "id": "v"});
        let extra = vec![
            json!({"fullUrl": "http://x.example/fhir/PractitionerRole/role", "resource": {"resourceType": "PractitionerRole", "id": "role",
                "practitioner": {"reference": "Practitioner/doc"}, "organization": {"reference": "Organization/clinic"}}}),
            json!({"fullUrl": "http://x.example/fhir/Organization/clinic", "resource": {"resourceType": "Organization", "id": "clinic",
                "name": "KNEE CLINIC", "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1999999992"}]}}),
        ];
        let value = bundle(patient, coverage, "PractitionerRole/role", extra);
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(&value, &mut issues).unwrap();
        let claim = ReadClaim::read(&bundle, crate::fhir::claim::Operation::Submit, &mut issues).unwrap();
        issues.clear(); // the Claim's own required elements are not the point here
        let (requester, entries) = claim.requester(&mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        let practitioner = requester.practitioner.unwrap();
        assert_eq!((practitioner.name.as_deref(), practitioner.npi.as_deref()), (Some("SUSAN WATSON"), Some("1234567893")));
        assert_eq!(practitioner.reference, "http://x.example/fhir/Practitioner/doc");
        let organization = requester.organization.unwrap();
        assert_eq!((organization.name.as_deref(), organization.npi.as_deref()), (Some("KNEE CLINIC"), Some("1999999992")));
        assert_eq!(entries, [5, 4, 6], "the role, its practitioner, its organisation");
        let insurer = claim.insurer_party(&mut issues).unwrap();
        assert_eq!((insurer.name.as_deref(), insurer.npi.as_deref()), (Some("ACME HEALTH PLAN"), Some("1111111112")));
    }

    #[test]
    fn requester_organization_with_the_care_team_clinician() {
        let patient = json!({"resourceType": "Patient", "id": "p", "identifier": [mb("M1")]});
        let coverage = json!({"resourceType": "Coverage", "id": "v"});
        let extra = vec![
            json!({"fullUrl": "http://x.example/fhir/Organization/clinic", "resource": {"resourceType": "Organization", "id": "clinic", "name": "KNEE CLINIC"}}),
        ];
        let value = bundle(patient, coverage, "Organization/clinic", extra);
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(&value, &mut issues).unwrap();
        let claim = ReadClaim::read(&bundle, crate::fhir::claim::Operation::Submit, &mut issues).unwrap();
        let (requester, entries) = claim.requester(&mut issues);
        assert_eq!(requester.organization.unwrap().name.as_deref(), Some("KNEE CLINIC"));
        assert_eq!(requester.practitioner.unwrap().name.as_deref(), Some("SUSAN WATSON"));
        assert_eq!(entries, [5, 4]);
    }
}
