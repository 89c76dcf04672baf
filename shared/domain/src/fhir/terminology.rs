//! The canonical URLs and code systems PAS exchanges use, and how an item's coding becomes a
//! MediClear [`ProcedureCode`].
//!
//! Code systems are compared without their scheme (`http`/`https`) and trailing slash: the PAS
//! 1.1.0 examples write `http://codesystem.x12.org/…` where later ones write `https://…`, and
//! CMS's HCPCS URL appears both ways.

use crate::codes::ProcedureCode;
use crate::validation::ValidationError;

/// The PAS implementation guide.
pub const PAS_IG: &str = "http://hl7.org/fhir/us/davinci-pas/ImplementationGuide/hl7.fhir.us.davinci-pas";
/// The capabilities a PAS server (payer or intermediary) instantiates.
pub const PAS_SERVER_CAPABILITIES: &str = "http://hl7.org/fhir/us/davinci-pas/CapabilityStatement/IntermediaryCapabilities";
pub const OPERATION_SUBMIT: &str = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit";
pub const OPERATION_INQUIRE: &str = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquire";

pub const PROFILE_RESPONSE_BUNDLE: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-pas-response-bundle";
pub const PROFILE_CLAIM_RESPONSE: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claimresponse";

/// Claim extension: X12 1338 level of service (`U` urgent, `03` emergency, `E` elective).
pub const EXT_LEVEL_OF_SERVICE: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode";
/// ClaimResponse item adjudication extension: the review outcome, with `reviewActionCode`,
/// `number` and `reasonCode` inside.
pub const EXT_REVIEW_ACTION: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction";
pub const EXT_REVIEW_ACTION_CODE: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode";

/// X12 005010 element 306, "Action Code" (HCR01): the review outcome of an item.
pub const X12_REVIEW_ACTION_SYSTEM: &str = "https://codesystem.x12.org/005010/306";
/// X12 005010 element 1365, "Service Type Code".
pub const X12_SERVICE_TYPE_SYSTEM: &str = "https://codesystem.x12.org/005010/1365";

pub const CLAIM_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/claim-type";
pub const ADJUDICATION_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/adjudication";

/// Identifier type `MB` (member number) from HL7 v2 table 0203.
pub const MEMBER_IDENTIFIER_TYPE: &str = "MB";

/// The system of an item code MediClear reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemCodeSystem {
    /// CPT (AMA): `http://www.ama-assn.org/go/cpt`.
    Cpt,
    /// HCPCS Level II (CMS): `http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets`.
    Hcpcs,
    /// X12 005010 1365 service types: `https://codesystem.x12.org/005010/1365`.
    X12ServiceType,
}

impl ItemCodeSystem {
    /// The system an item coding names, when MediClear reads it.
    pub fn of(system: &str) -> Option<Self> {
        match bare(system).as_str() {
            "www.ama-assn.org/go/cpt" | "urn:oid:2.16.840.1.113883.6.12" => Some(Self::Cpt),
            "www.cms.gov/medicare/coding/hcpcsreleasecodesets"
            | "bluebutton.cms.gov/resources/codesystem/hcpcs"
            | "urn:oid:2.16.840.1.113883.6.285" => Some(Self::Hcpcs),
            "codesystem.x12.org/005010/1365" => Some(Self::X12ServiceType),
            _ => None,
        }
    }

    /// The canonical URL written back in responses.
    pub fn url(self) -> &'static str {
        match self {
            Self::Cpt => "http://www.ama-assn.org/go/cpt",
            Self::Hcpcs => "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            Self::X12ServiceType => X12_SERVICE_TYPE_SYSTEM,
        }
    }

    /// The MediClear procedure code of `code` in this system: CPT and HCPCS as they are, an X12
    /// service type prefixed (`3` → `X12-3`).
    pub fn procedure_code(self, code: &str) -> Result<ProcedureCode, ValidationError> {
        let parsed = match self {
            Self::Cpt | Self::Hcpcs => ProcedureCode::parse(code)?,
            Self::X12ServiceType => ProcedureCode::x12_service_type(code)?,
        };
        // `X12-3` is MediClear's spelling, not a CPT or HCPCS code.
        if (self == Self::X12ServiceType) != parsed.x12_code().is_some() {
            return Err(ValidationError::invalid("procedure_code", "the code does not belong to its code system"));
        }
        Ok(parsed)
    }
}

/// Whether `system` is ICD-10-CM (by its FHIR URL or its OID).
pub fn is_icd10cm(system: &str) -> bool {
    matches!(bare(system).as_str(), "hl7.org/fhir/sid/icd-10-cm" | "urn:oid:2.16.840.1.113883.6.90")
}

/// Whether `system` is the NPI's.
pub fn is_npi(system: &str) -> bool {
    bare(system) == "hl7.org/fhir/sid/us-npi"
}

/// A system URL without scheme and trailing slash, lower-cased, for comparison.
fn bare(system: &str) -> String {
    let s = system.trim();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    s.trim_end_matches('/').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_systems_are_recognised_whatever_the_scheme() {
        // The PAS 1.1.0 examples use http://codesystem.x12.org, later ones https://.
        assert_eq!(ItemCodeSystem::of("http://codesystem.x12.org/005010/1365"), Some(ItemCodeSystem::X12ServiceType));
        assert_eq!(ItemCodeSystem::of("https://codesystem.x12.org/005010/1365"), Some(ItemCodeSystem::X12ServiceType));
        assert_eq!(ItemCodeSystem::of("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"), Some(ItemCodeSystem::Hcpcs));
        assert_eq!(ItemCodeSystem::of("https://bluebutton.cms.gov/resources/codesystem/hcpcs"), Some(ItemCodeSystem::Hcpcs));
        assert_eq!(ItemCodeSystem::of("http://www.ama-assn.org/go/cpt"), Some(ItemCodeSystem::Cpt));
        assert_eq!(ItemCodeSystem::of("http://hl7.org/fhir/sid/ndc"), None);
        assert_eq!(ItemCodeSystem::of("https://codesystem.x12.org/005010/1338"), None);
    }

    #[test]
    fn x12_service_types_become_prefixed_procedure_codes() {
        let code = ItemCodeSystem::X12ServiceType.procedure_code("73").unwrap();
        assert_eq!(code.as_str(), "X12-73");
        assert!(ItemCodeSystem::X12ServiceType.procedure_code("X12-73").is_err());
        assert!(ItemCodeSystem::X12ServiceType.procedure_code("737").is_err());
        assert_eq!(ItemCodeSystem::Hcpcs.procedure_code("g0154").unwrap().as_str(), "G0154");
        assert!(ItemCodeSystem::Cpt.procedure_code("2744").is_err());
        assert!(ItemCodeSystem::Cpt.procedure_code("X12-3").is_err(), "MediClear's X12 spelling is not CPT");
    }

    #[test]
    fn item_systems_serialize_as_kebab_case_names() {
        let names = serde_json::to_value([ItemCodeSystem::Cpt, ItemCodeSystem::Hcpcs, ItemCodeSystem::X12ServiceType]).unwrap();
        assert_eq!(names, serde_json::json!(["cpt", "hcpcs", "x12-service-type"]));
    }

    #[test]
    fn diagnosis_and_npi_systems() {
        assert!(is_icd10cm("http://hl7.org/fhir/sid/icd-10-cm"));
        assert!(!is_icd10cm("http://snomed.info/sct"));
        assert!(is_npi("http://hl7.org/fhir/sid/us-npi"));
    }
}
