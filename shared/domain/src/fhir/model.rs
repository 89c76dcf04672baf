//! The FHIR R4 elements PAS reading needs, as typed serde structs.
//!
//! Only what MediClear reads is declared; every other element (narrative, meta, the many PAS
//! extensions MediClear does not act on) is ignored. Every field is optional here, so a missing
//! element never fails deserialization: the readers report it as a `required` issue naming the
//! element. What can fail here is a value of the wrong JSON type (a string where FHIR has an
//! array); [`read_resource`] reports that as a `structure` issue at the element's FHIRPath.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::issue::{Issue, IssueCode};

/// FHIR `Coding`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

/// FHIR `CodeableConcept`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CodeableConcept {
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

impl CodeableConcept {
    /// Whether any coding has this code (whatever its system).
    pub fn has_code(&self, code: &str) -> bool {
        self.coding.iter().any(|c| c.code.as_deref() == Some(code))
    }

    /// What a person would call it: the first coding's display, else the text.
    pub fn display(&self) -> Option<&str> {
        self.coding.iter().find_map(|c| c.display.as_deref()).or(self.text.as_deref())
    }
}

/// FHIR `Identifier`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Identifier {
    #[serde(rename = "type")]
    pub kind: Option<CodeableConcept>,
    pub system: Option<String>,
    pub value: Option<String>,
}

/// FHIR `Reference`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reference {
    pub reference: Option<String>,
    pub identifier: Option<Identifier>,
    pub display: Option<String>,
}

/// FHIR `Quantity` (`SimpleQuantity`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Quantity {
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// FHIR `Period`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Period {
    pub start: Option<String>,
    pub end: Option<String>,
}

/// FHIR `HumanName`; read for practitioners only, never for the patient.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HumanName {
    pub text: Option<String>,
    pub family: Option<String>,
    pub given: Vec<String>,
}

impl HumanName {
    /// `text`, else the given names and the family name.
    pub fn full(&self) -> Option<String> {
        if let Some(text) = self.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            return Some(text.to_string());
        }
        let parts: Vec<&str> =
            self.given.iter().map(String::as_str).chain(self.family.as_deref()).map(str::trim).filter(|p| !p.is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// FHIR `Extension`, with the value types PAS extensions MediClear reads use.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Extension {
    pub url: Option<String>,
    pub value_codeable_concept: Option<CodeableConcept>,
    pub value_reference: Option<Reference>,
    pub value_string: Option<String>,
    pub value_code: Option<String>,
    pub extension: Vec<Extension>,
}

/// The extension with this canonical URL, if present.
pub fn extension<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a Extension> {
    extensions.iter().find(|e| e.url.as_deref() == Some(url))
}

/// FHIR `Attachment`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Attachment {
    pub content_type: Option<String>,
    /// base64Binary.
    pub data: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub creation: Option<String>,
}

/// `Claim` (PAS Claim profile): what a prior authorization request asks for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Claim {
    pub id: Option<String>,
    pub extension: Vec<Extension>,
    pub identifier: Vec<Identifier>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<CodeableConcept>,
    #[serde(rename = "use")]
    pub purpose: Option<String>,
    pub patient: Option<Reference>,
    pub created: Option<String>,
    pub insurer: Option<Reference>,
    pub provider: Option<Reference>,
    pub priority: Option<CodeableConcept>,
    pub care_team: Vec<ClaimCareTeam>,
    pub diagnosis: Vec<ClaimDiagnosis>,
    pub insurance: Vec<ClaimInsurance>,
    pub item: Vec<ClaimItem>,
    pub supporting_info: Vec<ClaimSupportingInfo>,
}

/// `Claim.careTeam`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClaimCareTeam {
    pub sequence: Option<u32>,
    pub provider: Option<Reference>,
}

/// `Claim.diagnosis`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClaimDiagnosis {
    pub sequence: Option<u32>,
    pub diagnosis_codeable_concept: Option<CodeableConcept>,
    pub diagnosis_reference: Option<Reference>,
}

/// `Claim.insurance`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClaimInsurance {
    pub sequence: Option<u32>,
    pub focal: Option<bool>,
    pub coverage: Option<Reference>,
}

/// `Claim.item`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClaimItem {
    pub sequence: Option<u32>,
    pub extension: Vec<Extension>,
    pub product_or_service: Option<CodeableConcept>,
    pub quantity: Option<Quantity>,
    pub serviced_date: Option<String>,
    pub serviced_period: Option<Period>,
}

/// `Claim.supportingInfo`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClaimSupportingInfo {
    pub sequence: Option<u32>,
    pub category: Option<CodeableConcept>,
    pub value_reference: Option<Reference>,
    pub value_attachment: Option<Attachment>,
}

/// `Patient` (PAS Subscriber/Beneficiary): only its identifiers are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Patient {
    pub id: Option<String>,
    pub identifier: Vec<Identifier>,
}

/// `Coverage` (PAS Coverage).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Coverage {
    pub id: Option<String>,
    pub identifier: Vec<Identifier>,
    pub subscriber_id: Option<String>,
    pub beneficiary: Option<Reference>,
}

/// `Organization` (PAS Requestor or Insurer).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Organization {
    pub id: Option<String>,
    pub identifier: Vec<Identifier>,
    pub name: Option<String>,
}

/// `Practitioner` (PAS Practitioner).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Practitioner {
    pub id: Option<String>,
    pub identifier: Vec<Identifier>,
    pub name: Vec<HumanName>,
}

/// `PractitionerRole` (PAS PractitionerRole).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PractitionerRole {
    pub id: Option<String>,
    pub identifier: Vec<Identifier>,
    pub practitioner: Option<Reference>,
    pub organization: Option<Reference>,
}

/// `DocumentReference` (US Core DocumentReference): an attached clinical document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DocumentReference {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<CodeableConcept>,
    pub description: Option<String>,
    pub date: Option<String>,
    pub content: Vec<DocumentContent>,
}

/// `DocumentReference.content`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DocumentContent {
    pub attachment: Option<Attachment>,
}

/// `Binary`: raw content, usually what a DocumentReference's attachment URL points at.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Binary {
    pub id: Option<String>,
    pub content_type: Option<String>,
    /// base64Binary.
    pub data: Option<String>,
}

/// Reads the resource at `expression` (`Bundle.entry[3].resource`) as `T`. A value of the wrong
/// JSON type is one `structure` issue at that element's FHIRPath; the diagnostics name the
/// element, never the value (serde's own message can quote it).
pub fn read_resource<T: DeserializeOwned>(resource: &Value, expression: &str, resource_type: &str) -> Result<T, Issue> {
    serde_path_to_error::deserialize(resource).map_err(|error| {
        let mut at = expression.to_string();
        let mut element = resource_type.to_string();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => at.push_str(&format!("[{index}]")),
                serde_path_to_error::Segment::Map { key } => {
                    at.push('.');
                    at.push_str(key);
                    element.push('.');
                    element.push_str(key);
                }
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Issue::error(
            IssueCode::Structure,
            at,
            format!("{element} does not have its FHIR R4 JSON type (e.g. a string where an array, an object or a number belongs)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_elements_are_ignored_and_missing_ones_are_none() {
        let claim: Claim = read_resource(
            &json!({"resourceType": "Claim", "text": {"div": "<div/>"}, "accident": {"date": "2016-03-09"}, "use": "preauthorization"}),
            "Bundle.entry[0].resource",
            "Claim",
        )
        .unwrap();
        assert_eq!(claim.purpose.as_deref(), Some("preauthorization"));
        assert!(claim.patient.is_none() && claim.item.is_empty());
    }

    #[test]
    fn a_wrong_json_type_names_the_element_by_its_fhirpath() {
        // FHIR R4 JSON: Claim.item is an array of objects, item.sequence a positiveInt.
        let err = read_resource::<Claim>(
            &json!({"resourceType": "Claim", "item": [{"sequence": 1}, {"sequence": "two"}]}),
            "Bundle.entry[0].resource",
            "Claim",
        )
        .unwrap_err();
        assert_eq!(err.code, IssueCode::Structure);
        assert_eq!(err.expression, "Bundle.entry[0].resource.item[1].sequence");
        assert!(err.diagnostics.starts_with("Claim.item.sequence "), "{}", err.diagnostics);
        assert!(!err.diagnostics.contains("two"), "never echoes the value: {}", err.diagnostics);
    }

    #[test]
    fn practitioner_names_read_from_text_or_parts() {
        let name = HumanName { text: None, family: Some("WATSON".into()), given: vec!["SUSAN".into()] };
        assert_eq!(name.full().as_deref(), Some("SUSAN WATSON"));
        let name = HumanName { text: Some(" Dr. Susan Watson ".into()), ..Default::default() };
        assert_eq!(name.full().as_deref(), Some("Dr. Susan Watson"));
        assert_eq!(HumanName::default().full(), None);
    }
}
