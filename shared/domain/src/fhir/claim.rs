//! The Claim of a PAS request: its required elements and references, its items, diagnoses and
//! urgency.
//!
//! Rules (PAS Claim profile `profile-claim`, on FHIR R4 Claim):
//! - the Claim is the Bundle's first entry (PAS Request Bundle: `entry[0]` is the Claim);
//! - `use` is `preauthorization`; `status` is `active` (fixed by PAS);
//! - `identifier` (the patient event trace number), `type`, `created`, `priority`, `patient`,
//!   `provider`, `insurer` and `insurance.coverage` are present, and each reference names the
//!   right kind of resource (Patient; Organization, PractitionerRole or Practitioner;
//!   Organization; Coverage);
//! - each `item` has a unique positive `sequence` and a `productOrService` coded in CPT, HCPCS
//!   Level II or X12 1365 (an X12 code becomes the procedure code `X12-<code>`);
//! - each `diagnosis` is coded in ICD-10-CM (`diagnosisCodeableConcept`);
//! - urgency: `priority` `stat` (or `urgent`), or the PAS `levelOfServiceCode` extension `U`
//!   (urgent) or `03` (emergency), make a request expedited (CMS-0057-F: 72 hours); anything
//!   else is standard (7 days).

use serde::{Deserialize, Serialize};

use super::bundle::{Entry, RequestBundle, resource_expression};
use super::issue::{Issue, IssueCode};
use super::model::{self, Claim, CodeableConcept, Reference, read_resource};
use super::terminology::{self, ItemCodeSystem};
use super::{MAX_DIAGNOSES, MAX_ITEMS};
use crate::codes::{DiagnosisCode, ProcedureCode};
use crate::preauth::case::Urgency;

/// A business identifier as sent (`Claim.identifier`, an NPI, a tax id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessIdentifier {
    pub system: Option<String>,
    pub value: String,
}

impl BusinessIdentifier {
    pub(crate) fn of(identifier: &model::Identifier) -> Option<Self> {
        let value = identifier.value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        Some(Self { system: identifier.system.clone(), value: value.to_string() })
    }
}

/// One requested service: a `Claim.item`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasItem {
    /// `Claim.item.sequence`; the response's `itemSequence`.
    pub sequence: u32,
    pub code_system: ItemCodeSystem,
    /// The code as sent (trimmed).
    pub code: String,
    /// The code as a MediClear case files it (`X12-3` for the X12 service type `3`).
    pub procedure_code: ProcedureCode,
    pub display: Option<String>,
    /// `Claim.item.quantity.value`.
    pub quantity: Option<f64>,
    /// `servicedDate`, else the date of `servicedPeriod.start`.
    pub service_date: Option<String>,
}

/// Which operation the Claim is read for: an inquiry may name its request without
/// `Claim.identifier` (see [`super::inquire`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Submit,
    Inquire,
}

/// The Claim, read and checked, with the entries its references resolve to.
pub(crate) struct ReadClaim<'b, 'a> {
    pub bundle: &'b RequestBundle<'a>,
    pub claim: Claim,
    /// `Bundle.entry[0].resource`.
    pub at: String,
    pub identifiers: Vec<BusinessIdentifier>,
    pub patient: Option<&'b Entry<'a>>,
    pub provider: Option<&'b Entry<'a>>,
    pub insurer: Option<&'b Entry<'a>>,
    /// The focal coverage first.
    pub coverages: Vec<&'b Entry<'a>>,
    /// `careTeam.provider`, in order.
    pub care_team: Vec<&'b Entry<'a>>,
}

impl<'b, 'a> ReadClaim<'b, 'a> {
    /// Reads the first entry as the PAS Claim; `None` when it is not a readable Claim.
    pub fn read(bundle: &'b RequestBundle<'a>, operation: Operation, issues: &mut Vec<Issue>) -> Option<Self> {
        let at = resource_expression(0);
        let Some(entry) = bundle.entry(0).filter(|e| e.resource_type == "Claim") else {
            issues.push(Issue::error(
                IssueCode::Invalid,
                at,
                "the first entry must be the Claim (PAS Request Bundle: the Claim leads, what it references follows)",
            ));
            return None;
        };
        let claim: Claim = read_resource(entry.resource, &at, "Claim").map_err(|issue| issues.push(issue)).ok()?;

        match claim.purpose.as_deref() {
            Some("preauthorization") => {}
            None => {
                issues.push(Issue::error(IssueCode::Required, format!("{at}.use"), "Claim.use is required (PAS Claim: preauthorization)"))
            }
            Some(_) => issues.push(Issue::error(
                IssueCode::Invalid,
                format!("{at}.use"),
                "Claim.use must be 'preauthorization' (PAS Claim): claims and predeterminations are not prior authorization requests",
            )),
        }
        match claim.status.as_deref() {
            Some("active") => {}
            None => issues.push(Issue::error(IssueCode::Required, format!("{at}.status"), "Claim.status is required (PAS Claim: active)")),
            Some(_) => issues.push(Issue::error(IssueCode::Invalid, format!("{at}.status"), "Claim.status must be 'active' (PAS Claim)")),
        }
        let present = |element: &str, is_present: bool, issues: &mut Vec<Issue>| {
            if !is_present {
                issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{at}.{element}"),
                    format!("Claim.{element} is required (FHIR R4 Claim / PAS Claim, 1..1)"),
                ));
            }
        };
        present("type", claim.kind.as_ref().is_some_and(|k| !k.coding.is_empty() || k.text.is_some()), issues);
        present("created", claim.created.as_deref().is_some_and(|c| !c.trim().is_empty()), issues);
        present("priority", claim.priority.as_ref().is_some_and(|p| !p.coding.is_empty() || p.text.is_some()), issues);

        let identifiers: Vec<BusinessIdentifier> = claim.identifier.iter().filter_map(BusinessIdentifier::of).collect();
        if identifiers.is_empty() && operation == Operation::Submit {
            issues.push(Issue::error(
                IssueCode::Required,
                format!("{at}.identifier"),
                "Claim.identifier with a value is required (PAS Claim: the patient event trace number)",
            ));
        }

        let refer = |reference: Option<&Reference>, element: &str, name: &str, allowed: &[&str], issues: &mut Vec<Issue>| {
            referenced(bundle, reference, &format!("{at}.{element}"), name, allowed, issues)
        };
        let patient = refer(claim.patient.as_ref(), "patient", "Claim.patient", &["Patient"], issues);
        let provider =
            refer(claim.provider.as_ref(), "provider", "Claim.provider", &["Organization", "PractitionerRole", "Practitioner"], issues);
        let insurer = refer(claim.insurer.as_ref(), "insurer", "Claim.insurer", &["Organization"], issues);

        if claim.insurance.is_empty() {
            issues.push(Issue::error(
                IssueCode::Required,
                format!("{at}.insurance"),
                "Claim.insurance is required: the coverage the request is made under (FHIR R4 Claim, 1..*)",
            ));
        }
        let mut coverages = Vec::new();
        for (i, insurance) in claim.insurance.iter().enumerate() {
            let element = format!("insurance[{i}].coverage");
            if let Some(coverage) = refer(insurance.coverage.as_ref(), &element, "Claim.insurance.coverage", &["Coverage"], issues) {
                if insurance.focal == Some(true) {
                    coverages.insert(0, coverage);
                } else {
                    coverages.push(coverage);
                }
            }
        }
        let mut care_team = Vec::new();
        for (i, member) in claim.care_team.iter().enumerate() {
            let element = format!("careTeam[{i}].provider");
            let allowed = ["Practitioner", "PractitionerRole", "Organization"];
            if let Some(provider) = refer(member.provider.as_ref(), &element, "Claim.careTeam.provider", &allowed, issues) {
                care_team.push(provider);
            }
        }

        Some(Self { bundle, claim, at, identifiers, patient, provider, insurer, coverages, care_team })
    }

    /// `Claim.item`, each checked; `required` when the request must ask for at least one service.
    pub fn items(&self, required: bool, issues: &mut Vec<Issue>) -> Vec<PasItem> {
        let at = &self.at;
        if self.claim.item.is_empty() {
            if required {
                issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{at}.item"),
                    "Claim.item is required: at least one requested service (PAS Claim, 1..*)",
                ));
            }
            return Vec::new();
        }
        if self.claim.item.len() > MAX_ITEMS {
            issues.push(Issue::error(
                IssueCode::TooCostly,
                format!("{at}.item"),
                format!("a request may ask for at most {MAX_ITEMS} items"),
            ));
            return Vec::new();
        }
        let mut items = Vec::new();
        let mut sequences = std::collections::HashSet::new();
        for (i, item) in self.claim.item.iter().enumerate() {
            let item_at = format!("{at}.item[{i}]");
            let sequence = match item.sequence {
                None => {
                    issues.push(Issue::error(
                        IssueCode::Required,
                        format!("{item_at}.sequence"),
                        "Claim.item.sequence is required (FHIR R4, 1..1)",
                    ));
                    None
                }
                Some(0) => {
                    issues.push(Issue::error(
                        IssueCode::Value,
                        format!("{item_at}.sequence"),
                        "Claim.item.sequence must be a positiveInt (1 or more)",
                    ));
                    None
                }
                Some(sequence) if !sequences.insert(sequence) => {
                    issues.push(Issue::error(
                        IssueCode::Invalid,
                        format!("{item_at}.sequence"),
                        "Claim.item.sequence must be unique: the response names each item by it",
                    ));
                    None
                }
                Some(sequence) => Some(sequence),
            };
            let coded = match &item.product_or_service {
                None => {
                    issues.push(Issue::error(
                        IssueCode::Required,
                        format!("{item_at}.productOrService"),
                        "Claim.item.productOrService is required: the service asked for (FHIR R4, 1..1)",
                    ));
                    None
                }
                Some(concept) => item_code(concept, &format!("{item_at}.productOrService"), issues),
            };
            let service_date = match (&item.serviced_date, item.serviced_period.as_ref().and_then(|p| p.start.as_deref())) {
                (Some(date), _) => checked_date(date, &format!("{item_at}.servicedDate"), issues),
                (None, Some(start)) => checked_date(start, &format!("{item_at}.servicedPeriod.start"), issues),
                (None, None) => None,
            };
            if let (Some(sequence), Some((code_system, code, procedure_code, display))) = (sequence, coded) {
                items.push(PasItem {
                    sequence,
                    code_system,
                    code,
                    procedure_code,
                    display,
                    quantity: item.quantity.as_ref().and_then(|q| q.value),
                    service_date,
                });
            }
        }
        items
    }

    /// `Claim.diagnosis` as ICD-10-CM codes, duplicates collapsed.
    pub fn diagnoses(&self, issues: &mut Vec<Issue>) -> Vec<DiagnosisCode> {
        let at = &self.at;
        if self.claim.diagnosis.len() > MAX_DIAGNOSES {
            issues.push(Issue::error(
                IssueCode::TooCostly,
                format!("{at}.diagnosis"),
                format!("a request may carry at most {MAX_DIAGNOSES} diagnoses (as a MediClear case)"),
            ));
            return Vec::new();
        }
        let mut codes = Vec::new();
        for (i, diagnosis) in self.claim.diagnosis.iter().enumerate() {
            let diagnosis_at = format!("{at}.diagnosis[{i}]");
            let Some(concept) = &diagnosis.diagnosis_codeable_concept else {
                if diagnosis.diagnosis_reference.is_some() {
                    issues.push(Issue::error(
                        IssueCode::NotSupported,
                        format!("{diagnosis_at}.diagnosisReference"),
                        "MediClear reads diagnoses as ICD-10-CM codes in Claim.diagnosis.diagnosisCodeableConcept, not as references",
                    ));
                } else {
                    issues.push(Issue::error(
                        IssueCode::Required,
                        format!("{diagnosis_at}.diagnosisCodeableConcept"),
                        "Claim.diagnosis.diagnosis[x] is required (FHIR R4, 1..1)",
                    ));
                }
                continue;
            };
            let Some((j, coding)) =
                concept.coding.iter().enumerate().find(|(_, c)| c.system.as_deref().is_some_and(terminology::is_icd10cm))
            else {
                issues.push(Issue::error(
                    IssueCode::NotSupported,
                    format!("{diagnosis_at}.diagnosisCodeableConcept"),
                    "Claim.diagnosis.diagnosisCodeableConcept has no ICD-10-CM coding (http://hl7.org/fhir/sid/icd-10-cm), the only diagnosis code system MediClear reads",
                ));
                continue;
            };
            match coding.code.as_deref().map(DiagnosisCode::parse) {
                Some(Ok(code)) => {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
                None => issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{diagnosis_at}.diagnosisCodeableConcept.coding[{j}].code"),
                    "Claim.diagnosis.diagnosisCodeableConcept.coding.code is required",
                )),
                Some(Err(_)) => issues.push(Issue::error(
                    IssueCode::Value,
                    format!("{diagnosis_at}.diagnosisCodeableConcept.coding[{j}].code"),
                    "Claim.diagnosis.diagnosisCodeableConcept.coding.code is not an ICD-10-CM code (a letter, a digit, a letter or digit, then up to four more after a dot, e.g. M17.11)",
                )),
            }
        }
        codes
    }

    /// Expedited or standard, from `priority` and the PAS level-of-service extension.
    pub fn urgency(&self) -> Urgency {
        urgency(&self.claim)
    }
}

/// The entry a required reference names, checking its resource type. An absent reference is a
/// `required` issue; one that does not resolve was already reported by the Bundle's reference
/// check, so it is not reported twice.
fn referenced<'b, 'a>(
    bundle: &'b RequestBundle<'a>,
    reference: Option<&Reference>,
    at: &str,
    name: &str,
    allowed: &[&str],
    issues: &mut Vec<Issue>,
) -> Option<&'b Entry<'a>> {
    let Some(literal) = reference.and_then(|r| r.reference.as_deref()) else {
        let why = if reference.is_some() {
            format!("{name} must reference an entry of the Bundle (a reference by identifier alone cannot be followed)")
        } else {
            format!("{name} is required (PAS Claim)")
        };
        issues.push(Issue::error(IssueCode::Required, at, why));
        return None;
    };
    if literal.starts_with('#') {
        issues.push(Issue::error(
            IssueCode::NotSupported,
            at,
            format!("{name} must reference an entry of the Bundle, not a contained resource"),
        ));
        return None;
    }
    let entry = bundle.resolve(0, literal)?;
    if !allowed.contains(&entry.resource_type) {
        issues.push(Issue::error(IssueCode::Invalid, at, format!("{name} must reference a {}", allowed.join(" or "))));
        return None;
    }
    Some(entry)
}

/// The first coding of `productOrService` in a system MediClear reads, as a procedure code.
fn item_code(
    concept: &CodeableConcept,
    at: &str,
    issues: &mut Vec<Issue>,
) -> Option<(ItemCodeSystem, String, ProcedureCode, Option<String>)> {
    let found = concept.coding.iter().enumerate().find_map(|(j, coding)| Some((j, coding, ItemCodeSystem::of(coding.system.as_deref()?)?)));
    let Some((j, coding, system)) = found else {
        issues.push(Issue::error(
            IssueCode::NotSupported,
            at,
            "Claim.item.productOrService has no CPT, HCPCS Level II or X12 1365 service-type coding, the item code systems MediClear reads",
        ));
        return None;
    };
    let code_at = format!("{at}.coding[{j}].code");
    let Some(code) = coding.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) else {
        issues.push(Issue::error(IssueCode::Required, code_at, "Claim.item.productOrService.coding.code is required"));
        return None;
    };
    match system.procedure_code(code) {
        Ok(procedure_code) => {
            let display = coding.display.clone().or_else(|| concept.text.clone());
            Some((system, code.to_string(), procedure_code, display))
        }
        Err(_) => {
            let shape = match system {
                ItemCodeSystem::Cpt => "a CPT code (five digits, or four digits and F, T or U)",
                ItemCodeSystem::Hcpcs => "an HCPCS Level II code (a letter A-V and four digits)",
                ItemCodeSystem::X12ServiceType => "an X12 1365 service type (one or two letters or digits)",
            };
            issues.push(Issue::error(IssueCode::Value, code_at, format!("Claim.item.productOrService.coding.code is not {shape}")));
            None
        }
    }
}

/// The date part of a FHIR `date` or `dateTime` (`2024`, `2024-05`, `2024-05-20`, or a
/// `2024-05-20T08:00:00Z`); anything else is a `value` issue.
fn checked_date(raw: &str, at: &str, issues: &mut Vec<Issue>) -> Option<String> {
    let date = raw.trim().split('T').next().unwrap_or_default();
    let valid = match date.len() {
        4 => date.bytes().all(|b| b.is_ascii_digit()),
        7 => chrono::NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d").is_ok(),
        10 => chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        _ => false,
    };
    if valid {
        Some(date.to_string())
    } else {
        issues.push(Issue::error(IssueCode::Value, at, "the service date must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or dateTime"));
        None
    }
}

/// Expedited when `Claim.priority` is `stat` (or `urgent`), or the PAS levelOfServiceCode
/// extension carries X12 1338 `U` (urgent) or `03` (emergency).
pub(crate) fn urgency(claim: &Claim) -> Urgency {
    let priority = claim.priority.as_ref().is_some_and(|p| p.has_code("stat") || p.has_code("urgent"));
    let level = model::extension(&claim.extension, terminology::EXT_LEVEL_OF_SERVICE)
        .and_then(|e| e.value_codeable_concept.as_ref())
        .is_some_and(|c| c.has_code("U") || c.has_code("03"));
    if priority || level { Urgency::Expedited } else { Urgency::Standard }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A minimal valid PAS request: a Claim with one item, and the resources it references.
    fn request(claim_changes: Value) -> Value {
        let mut claim = json!({
            "resourceType": "Claim", "id": "c", "status": "active", "use": "preauthorization",
            "identifier": [{"system": "http://example.org/trace", "value": "T-1"}],
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
            "created": "2024-05-02T11:01:00+05:00",
            "priority": {"coding": [{"code": "normal"}]},
            "patient": {"reference": "Patient/p"}, "provider": {"reference": "Organization/o"},
            "insurer": {"reference": "Organization/i"},
            "insurance": [{"sequence": 1, "focal": true, "coverage": {"reference": "Coverage/v"}}],
            "item": [{"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447"}]}}],
        });
        for (key, value) in claim_changes.as_object().unwrap() {
            if value.is_null() {
                claim.as_object_mut().unwrap().remove(key);
            } else {
                claim[key] = value.clone();
            }
        }
        json!({
            "resourceType": "Bundle", "type": "collection", "timestamp": "2024-05-02T11:01:00+05:00",
            "identifier": {"value": "A1"},
            "entry": [
                {"fullUrl": "http://x.example/fhir/Claim/c", "resource": claim},
                {"fullUrl": "http://x.example/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}},
                {"fullUrl": "http://x.example/fhir/Organization/o", "resource": {"resourceType": "Organization", "id": "o"}},
                {"fullUrl": "http://x.example/fhir/Organization/i", "resource": {"resourceType": "Organization", "id": "i"}},
                {"fullUrl": "http://x.example/fhir/Coverage/v", "resource": {"resourceType": "Coverage", "id": "v"}},
            ],
        })
    }

    fn issues_of(value: &Value, read_items: bool) -> Vec<Issue> {
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(value, &mut issues).unwrap();
        if let Some(claim) = ReadClaim::read(&bundle, Operation::Submit, &mut issues) {
            if read_items {
                claim.items(true, &mut issues);
                claim.diagnoses(&mut issues);
            }
        }
        issues
    }

    fn at(issues: &[Issue]) -> Vec<(String, IssueCode)> {
        issues.iter().map(|i| (i.expression.clone(), i.code)).collect()
    }

    #[test]
    fn a_minimal_pas_claim_reads_cleanly() {
        assert!(issues_of(&request(json!({})), true).is_empty());
    }

    #[test]
    fn the_first_entry_must_be_the_claim() {
        // PAS Request Bundle: entry[0] is the Claim.
        let mut value = request(json!({}));
        value["entry"].as_array_mut().unwrap().swap(0, 1);
        assert_eq!(at(&issues_of(&value, true)), [("Bundle.entry[0].resource".to_string(), IssueCode::Invalid)]);
    }

    #[test]
    fn use_must_be_preauthorization() {
        // PAS Claim: use = preauthorization.
        let issues = issues_of(&request(json!({"use": "claim"})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.use".to_string(), IssueCode::Invalid)]);
        let issues = issues_of(&request(json!({"use": null})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.use".to_string(), IssueCode::Required)]);
    }

    #[test]
    fn status_must_be_active() {
        // PAS Claim: status fixed to active.
        let issues = issues_of(&request(json!({"status": "draft"})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.status".to_string(), IssueCode::Invalid)]);
    }

    #[test]
    fn every_missing_required_element_is_reported_at_once() {
        // FHIR R4 Claim 1..1: type, created, priority, patient, provider; PAS: identifier, insurer;
        // R4: insurance 1..*.
        let changes = json!({"type": null, "created": null, "priority": null, "identifier": null, "patient": null,
            "provider": null, "insurer": null, "insurance": null});
        let mut found: Vec<String> = issues_of(&request(changes), true).iter().map(|i| i.expression.clone()).collect();
        found.sort();
        let expected = ["created", "identifier", "insurance", "insurer", "patient", "priority", "provider", "type"];
        assert_eq!(found, expected.map(|e| format!("Bundle.entry[0].resource.{e}")));
    }

    #[test]
    fn references_must_name_the_right_kind_of_resource() {
        // PAS Claim: patient → Patient (Beneficiary), insurer → Organization (Insurer).
        let issues = issues_of(&request(json!({"patient": {"reference": "Organization/o"}, "insurer": {"reference": "Patient/p"}})), true);
        assert_eq!(
            at(&issues),
            [
                ("Bundle.entry[0].resource.patient".to_string(), IssueCode::Invalid),
                ("Bundle.entry[0].resource.insurer".to_string(), IssueCode::Invalid)
            ]
        );
        let issues = issues_of(&request(json!({"patient": {"identifier": {"value": "M-1"}}})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.patient".to_string(), IssueCode::Required)]);
        assert!(!issues[0].diagnostics.contains("M-1"));
    }

    #[test]
    fn a_dangling_patient_is_reported_once() {
        let issues = issues_of(&request(json!({"patient": {"reference": "Patient/nobody"}})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.patient".to_string(), IssueCode::NotFound)]);
    }

    #[test]
    fn items_need_a_sequence_and_a_code_mediclear_reads() {
        // FHIR R4 Claim.item: sequence (positiveInt, unique) and productOrService 1..1.
        let items = json!([
            {"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447"}]}},
            {"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27448"}]}},
            {"productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447"}]}},
            {"sequence": 4},
            {"sequence": 5, "productOrService": {"coding": [{"system": "http://hl7.org/fhir/sid/ndc", "code": "0002-8215-01"}]}},
            {"sequence": 6, "productOrService": {"coding": [{"system": "http://snomed.info/sct", "code": "1"},
                {"system": "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "J17"}]}},
            {"sequence": 0, "productOrService": {"coding": [{"system": "https://codesystem.x12.org/005010/1365", "code": "3"}]}},
        ]);
        let issues = issues_of(&request(json!({"item": items})), true);
        let item = |i: usize, rest: &str, code| (format!("Bundle.entry[0].resource.item[{i}]{rest}"), code);
        assert_eq!(
            at(&issues),
            [
                item(1, ".sequence", IssueCode::Invalid),
                item(2, ".sequence", IssueCode::Required),
                item(3, ".productOrService", IssueCode::Required),
                item(4, ".productOrService", IssueCode::NotSupported),
                item(5, ".productOrService.coding[1].code", IssueCode::Value),
                item(6, ".sequence", IssueCode::Value),
            ]
        );
    }

    #[test]
    fn items_read_cpt_hcpcs_and_x12_codes() {
        let items = json!([
            {"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447", "display": "Total knee"}]},
             "quantity": {"value": 1}, "servicedDate": "2024-06-01"},
            {"sequence": 2, "productOrService": {"coding": [{"system": "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "e0601"}], "text": "CPAP"},
             "servicedPeriod": {"start": "2024-06-03T08:00:00Z"}},
            {"sequence": 3, "productOrService": {"coding": [{"system": "http://codesystem.x12.org/005010/1365", "code": "73"}]}},
        ]);
        let value = request(json!({"item": items}));
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(&value, &mut issues).unwrap();
        let items = ReadClaim::read(&bundle, Operation::Submit, &mut issues).unwrap().items(true, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(items.len(), 3);
        assert_eq!((items[0].code_system, items[0].procedure_code.as_str()), (ItemCodeSystem::Cpt, "27447"));
        assert_eq!((items[0].quantity, items[0].service_date.as_deref()), (Some(1.0), Some("2024-06-01")));
        assert_eq!(items[0].display.as_deref(), Some("Total knee"));
        assert_eq!(
            (items[1].code_system, items[1].procedure_code.as_str(), items[1].code.as_str()),
            (ItemCodeSystem::Hcpcs, "E0601", "e0601")
        );
        assert_eq!((items[1].display.as_deref(), items[1].service_date.as_deref()), (Some("CPAP"), Some("2024-06-03")));
        assert_eq!((items[2].code_system, items[2].procedure_code.as_str()), (ItemCodeSystem::X12ServiceType, "X12-73"));
    }

    #[test]
    fn service_dates_are_fhir_dates() {
        // FHIR R4 Claim.item.serviced[x]: date or Period of dateTime.
        let item = |serviced: Value| {
            let mut item =
                json!({"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447"}]}});
            item.as_object_mut().unwrap().extend(serviced.as_object().unwrap().clone());
            json!([item])
        };
        for ok in [
            json!({"servicedDate": "2024"}),
            json!({"servicedDate": "2024-05"}),
            json!({"servicedPeriod": {"start": "2024-05-20T08:00:00Z"}}),
        ] {
            assert!(issues_of(&request(json!({"item": item(ok.clone())})), true).is_empty(), "{ok}");
        }
        let issues = issues_of(&request(json!({"item": item(json!({"servicedDate": "2024-02-30"}))})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.item[0].servicedDate".to_string(), IssueCode::Value)]);
        let issues = issues_of(&request(json!({"item": item(json!({"servicedPeriod": {"start": "next week"}}))})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.item[0].servicedPeriod.start".to_string(), IssueCode::Value)]);
    }

    #[test]
    fn at_least_one_item_and_at_most_fifty() {
        // PAS Claim: item 1..*; MediClear: at most MAX_ITEMS per request.
        let issues = issues_of(&request(json!({"item": []})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.item".to_string(), IssueCode::Required)]);
        let many: Vec<Value> = (1..=MAX_ITEMS as u32 + 1)
            .map(
                |s| json!({"sequence": s, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "27447"}]}}),
            )
            .collect();
        let issues = issues_of(&request(json!({"item": many})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.item".to_string(), IssueCode::TooCostly)]);
    }

    #[test]
    fn diagnoses_must_be_icd10cm() {
        let icd = |code: &str| json!({"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code}]}});
        let diagnoses = json!([
            icd("M17.11"), icd("m1711"), icd("17.11"),
            {"sequence": 4, "diagnosisCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "239873007"}]}},
            {"sequence": 5, "diagnosisReference": {"reference": "Condition/x"}},
            {"sequence": 6},
        ]);
        let value = request(json!({"diagnosis": diagnoses}));
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(&value, &mut issues).unwrap();
        issues.clear(); // the dangling Condition reference is the Bundle's issue, tested there
        let codes = ReadClaim::read(&bundle, Operation::Submit, &mut issues).unwrap().diagnoses(&mut issues);
        assert_eq!(codes.iter().map(DiagnosisCode::as_str).collect::<Vec<_>>(), ["M17.11"], "duplicates collapse");
        let d = |i: usize, rest: &str, code| (format!("Bundle.entry[0].resource.diagnosis[{i}]{rest}"), code);
        assert_eq!(
            at(&issues),
            [
                d(2, ".diagnosisCodeableConcept.coding[0].code", IssueCode::Value),
                d(3, ".diagnosisCodeableConcept", IssueCode::NotSupported),
                d(4, ".diagnosisReference", IssueCode::NotSupported),
                d(5, ".diagnosisCodeableConcept", IssueCode::Required),
            ]
        );
        let many: Vec<Value> = (0..=MAX_DIAGNOSES).map(|_| icd("M17.11")).collect();
        let issues = issues_of(&request(json!({"diagnosis": many})), true);
        assert_eq!(at(&issues), [("Bundle.entry[0].resource.diagnosis".to_string(), IssueCode::TooCostly)]);
    }

    #[test]
    fn urgency_from_priority_or_level_of_service() {
        let claim = |value: Value| -> Claim { read_resource(&value, "Claim", "Claim").unwrap() };
        let normal = json!({"priority": {"coding": [{"code": "normal"}]}});
        assert_eq!(urgency(&claim(normal)), Urgency::Standard);
        // FHIR processpriority `stat`.
        assert_eq!(urgency(&claim(json!({"priority": {"coding": [{"code": "stat"}]}}))), Urgency::Expedited);
        assert_eq!(urgency(&claim(json!({"priority": {"coding": [{"code": "urgent"}]}}))), Urgency::Expedited);
        // PAS levelOfServiceCode, X12 1338: U urgent, 03 emergency, E elective.
        let level = |code: &str| {
            json!({"priority": {"coding": [{"code": "normal"}]}, "extension": [{"url": terminology::EXT_LEVEL_OF_SERVICE,
                "valueCodeableConcept": {"coding": [{"system": "https://codesystem.x12.org/005010/1338", "code": code}]}}]})
        };
        assert_eq!(urgency(&claim(level("U"))), Urgency::Expedited);
        assert_eq!(urgency(&claim(level("03"))), Urgency::Expedited);
        assert_eq!(urgency(&claim(level("E"))), Urgency::Standard);
    }
}
