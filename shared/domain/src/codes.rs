//! Clinical codes accepted on a pre-auth case.
//!
//! - Procedure codes: CPT Category I (five digits, `27447`), CPT Category II/III and PLA codes
//!   (four digits and `F`, `T` or `U`: `0275T`), and HCPCS Level II (a letter A–V and four digits:
//!   `J1745`, `E0601`). These are the code systems a Da Vinci PAS `Claim.item.productOrService`
//!   carries for US prior authorization.
//! - X12 service types: PAS also codes an item with an X12 005010 element 1365 "Service Type
//!   Code" (`https://codesystem.x12.org/005010/1365`: `3` consultation, `73` durable medical
//!   equipment, `AE` physical medicine), one or two letters or digits. A bare `3` or `73` would
//!   be ambiguous with nothing and unreadable in a case list, so MediClear stores it prefixed:
//!   `X12-3`, `X12-73` (input is trimmed and case-insensitive: `x12-ae` → `X12-AE`).
//! - Diagnosis codes: ICD-10-CM — a letter, a digit, a letter or digit, then optionally a dot and
//!   one to four letters or digits (`M17.11`, `E66.01`, `Z68.41`). Stored in dotted form.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::ValidationError;

/// A CPT or HCPCS Level II procedure code, or an X12 1365 service type as `X12-<code>`,
/// upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProcedureCode(String);

impl ProcedureCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        const FIELD: &str = "procedure_code";
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(ValidationError::missing(FIELD));
        }
        let b = s.as_bytes();
        let cpt_cat1 = b.len() == 5 && b.iter().all(u8::is_ascii_digit);
        let cpt_other = b.len() == 5 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'F' | b'T' | b'U');
        let hcpcs = b.len() == 5 && (b'A'..=b'V').contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit);
        let x12_service_type = s
            .strip_prefix(Self::X12_PREFIX)
            .is_some_and(|code| (1..=2).contains(&code.len()) && code.bytes().all(|c| c.is_ascii_alphanumeric()));
        if cpt_cat1 || cpt_other || hcpcs || x12_service_type {
            Ok(Self(s))
        } else {
            Err(ValidationError::invalid(
                FIELD,
                "procedure_code must be a CPT code (e.g. 27447, 0275T), an HCPCS Level II code (e.g. J1745) or an X12 service type (e.g. X12-3)",
            ))
        }
    }

    /// The prefix of an X12 005010 1365 service-type code (`X12-73`).
    pub const X12_PREFIX: &'static str = "X12-";

    /// The procedure code of an X12 1365 service type given as the bare code (`73` → `X12-73`).
    pub fn x12_service_type(code: &str) -> Result<Self, ValidationError> {
        Self::parse(&format!("{}{}", Self::X12_PREFIX, code.trim()))
    }

    /// The bare X12 1365 code when this is a service type (`X12-73` → `73`).
    pub fn x12_code(&self) -> Option<&str> {
        self.0.strip_prefix(Self::X12_PREFIX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ICD-10-CM diagnosis code in dotted, upper-case form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DiagnosisCode(String);

impl DiagnosisCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        const FIELD: &str = "diagnosis_codes";
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(ValidationError::invalid(FIELD, "diagnosis codes must not be empty"));
        }
        let compact: String = s.chars().filter(|c| *c != '.').collect();
        let dots = s.matches('.').count();
        let b = compact.as_bytes();
        let valid = (3..=7).contains(&b.len())
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && b[2..].iter().all(u8::is_ascii_alphanumeric)
            && (dots == 0 || (dots == 1 && s.find('.') == Some(3) && s.len() > 4));
        if !valid {
            return Err(ValidationError::invalid(
                FIELD,
                "each diagnosis code must be an ICD-10-CM code such as M17.11",
            ));
        }
        let dotted = if compact.len() > 3 { format!("{}.{}", &compact[..3], &compact[3..]) } else { compact };
        Ok(Self(dotted))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! code_traits {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
code_traits!(ProcedureCode);
code_traits!(DiagnosisCode);

/// A string schema for a code: the rule `parse` enforces as a pattern. Input is trimmed and
/// case-insensitive, so the patterns accept either case; responses carry the canonical form.
fn code_schema(description: &str, pattern: &str, examples: [&str; 2]) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .examples(examples)
        .into()
}

impl utoipa::PartialSchema for ProcedureCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        code_schema(
            "A CPT code (five digits, or four digits and F, T or U), an HCPCS Level II code (a letter A-V and four digits) or an X12 005010 1365 service type prefixed X12- (X12-3, X12-73); returned upper-case.",
            "^([0-9]{5}|[0-9]{4}[FTUftu]|[A-Va-v][0-9]{4}|[Xx]12-[A-Za-z0-9]{1,2})$",
            ["27447", "J1745"],
        )
    }
}

impl utoipa::ToSchema for ProcedureCode {}

impl utoipa::PartialSchema for DiagnosisCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        code_schema(
            "An ICD-10-CM code, with or without its dot; returned upper-case in dotted form (M17.11).",
            "^[A-Za-z][0-9][A-Za-z0-9](\\.?[A-Za-z0-9]{1,4})?$",
            ["M17.11", "E66.01"],
        )
    }
}

impl utoipa::ToSchema for DiagnosisCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_codes() {
        for ok in ["27447", "0275T", "3044F", "0001U", "J1745", "e0601", " 73721 "] {
            assert!(ProcedureCode::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(ProcedureCode::parse("e0601").unwrap().as_str(), "E0601");
        for bad in ["", "2744", "274470", "ABCDE", "W1234", "27447;", "12.34"] {
            let e = ProcedureCode::parse(bad).unwrap_err();
            assert_eq!(e.code, "INVALID_PROCEDURE_CODE", "{bad}");
        }
    }

    #[test]
    fn x12_service_types_are_prefixed() {
        // X12 005010 element 1365: one or two letters or digits (3 consultation, 73 DME, AE).
        for ok in ["X12-3", "X12-73", "x12-ae", " X12-A4 "] {
            assert!(ProcedureCode::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(ProcedureCode::parse("x12-ae").unwrap().as_str(), "X12-AE");
        assert_eq!(ProcedureCode::x12_service_type("73").unwrap().as_str(), "X12-73");
        assert_eq!(ProcedureCode::parse("X12-73").unwrap().x12_code(), Some("73"));
        assert_eq!(ProcedureCode::parse("27447").unwrap().x12_code(), None);
        for bad in ["X12-", "X12-123", "X12-7.", "X12 73", "X1273", "X12--3", "73", "X13-3"] {
            assert_eq!(ProcedureCode::parse(bad).unwrap_err().code, "INVALID_PROCEDURE_CODE", "{bad}");
        }
        assert!(ProcedureCode::x12_service_type("").is_err());
    }

    #[test]
    fn diagnosis_codes_normalise_to_dotted_form() {
        assert_eq!(DiagnosisCode::parse("m1711").unwrap().as_str(), "M17.11");
        assert_eq!(DiagnosisCode::parse("M17.11").unwrap().as_str(), "M17.11");
        assert_eq!(DiagnosisCode::parse("E66").unwrap().as_str(), "E66");
        assert_eq!(DiagnosisCode::parse("S72.001A").unwrap().as_str(), "S72.001A");
        for bad in ["", "17.11", "M1", "M17.", "M.1711", "M17.11.2", "M17.12345", "MM7.1"] {
            assert_eq!(DiagnosisCode::parse(bad).unwrap_err().code, "INVALID_DIAGNOSIS_CODES", "{bad}");
        }
    }
}
