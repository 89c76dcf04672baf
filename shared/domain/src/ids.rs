//! Identifier newtypes. Each can only be built through `parse` (or `generate` for ids MediClear
//! mints), so a value of the type is always well-formed: 1–64 characters, starting with a letter
//! or digit, then letters, digits, `.`, `_` or `-`. That excludes path separators, whitespace and
//! anything that could smuggle a second key into a storage key or a retrieval filter.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::ValidationError;

const MAX_ID_LEN: usize = 64;

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    s.len() <= MAX_ID_LEN && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The OpenAPI schema of every identifier: the rule [`is_identifier`] enforces, as a pattern.
fn identifier_schema(example: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(format!("1-{MAX_ID_LEN} letters, digits, '.', '_' or '-', starting with a letter or digit")))
        .min_length(Some(1))
        .max_length(Some(MAX_ID_LEN))
        .pattern(Some(format!("^[A-Za-z0-9][A-Za-z0-9._-]{{0,{}}}$", MAX_ID_LEN - 1)))
        .examples([example])
        .into()
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $field:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The JSON field this identifier is usually sent in; names the error.
            pub const FIELD: &'static str = $field;

            /// Parses a trimmed identifier; a missing or malformed one names the field.
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                let s = raw.trim();
                if s.is_empty() {
                    return Err(ValidationError::missing($field));
                }
                if !is_identifier(s) {
                    return Err(ValidationError::invalid(
                        $field,
                        format!("{} must be 1-{MAX_ID_LEN} letters, digits, '.', '_' or '-'", $field),
                    ));
                }
                Ok(Self(s.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                identifier_schema($example)
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

identifier!(
    /// A patient, e.g. `PAT-001`.
    PatientId, "patient_id", "PAT-001");
identifier!(
    /// A provider organisation (clinic) that files pre-auth cases, e.g. `PRV-001`.
    ProviderId, "provider_id", "PRV-001");
identifier!(
    /// A doctor, e.g. `DOC-001`.
    DoctorId, "doctor_id", "DOC-001");
identifier!(
    /// A hospital or insurer organisation.
    OrgId, "org_id", "ORG-001");
identifier!(
    /// A pre-authorization case, minted by MediClear (`PA-…`).
    CaseId, "case_id", "PA-7M2Q9XK4D1T8B6R0C3VW");
identifier!(
    /// An insurer policy document, minted by MediClear (`POL-…`).
    PolicyId, "policy_id", "POL-3F8K1N6Q0T2W9X4B7D5H");
identifier!(
    /// A clinical record uploaded for a patient, minted by MediClear (`REC-…`).
    RecordId, "record_id", "REC-9C4H2M7P1R5V8X0B3K6N");
identifier!(
    /// A patient's health document (health insights), minted by MediClear (`HD-…`).
    DocumentId, "document_id", "HD-8K2N5Q1T7W0B4F9H3M6R");
identifier!(
    /// A long-running job (document ingestion), minted by MediClear (`JOB-…`).
    JobId, "job_id", "JOB-5T1W8B3F6K9N2Q4X7C0D");
identifier!(
    /// A hospital's database registered for PHI reports, minted by MediClear (`CON-…`).
    ConnectionId, "connection_id", "CON-2B7F4K9M1Q5T8W0X3D6H");
identifier!(
    /// A generated PHI report, minted by MediClear (`RPT-…`).
    ReportId, "report_id", "RPT-6N1Q4T8W2B5F9K0M3X7D");
identifier!(
    /// A login name in the user directory.
    Username, "username", "demo-provider");

/// A fresh random suffix: 20 upper-case base-32 characters (100 bits), so ids sort nowhere in
/// particular and cannot be guessed from one another.
fn random_suffix() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = uuid::Uuid::new_v4().as_u128();
    (0..20).map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
}

macro_rules! minted {
    ($name:ident, $prefix:literal) => {
        impl $name {
            /// A new, unguessable identifier with the type's prefix.
            pub fn generate() -> Self {
                Self(format!(concat!($prefix, "-{}"), random_suffix()))
            }
        }
    };
}

minted!(CaseId, "PA");
minted!(PatientId, "PAT");
minted!(DoctorId, "DOC");
minted!(PolicyId, "POL");
minted!(DocumentId, "HD");
minted!(RecordId, "REC");
minted!(JobId, "JOB");
minted!(ConnectionId, "CON");
minted!(ReportId, "RPT");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids_and_trims() {
        assert_eq!(PatientId::parse(" PAT-001 ").unwrap().as_str(), "PAT-001");
        assert!(ProviderId::parse("prv_9.a").is_ok());
    }

    #[test]
    fn rejects_missing_and_malformed_ids_naming_the_field() {
        let missing = PatientId::parse("  ").unwrap_err();
        assert_eq!(missing.code, "INVALID_PATIENT_ID");
        assert_eq!(missing.field, "patient_id");
        for bad in ["../etc", "PAT 001", "-PAT", "PAT/1", "a\"b", &"x".repeat(65)] {
            assert!(PatientId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn generated_ids_are_prefixed_unique_and_parse_back() {
        let a = CaseId::generate();
        let b = CaseId::generate();
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("PA-"));
        assert_eq!(CaseId::parse(a.as_str()).unwrap(), a);
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<PatientId>("\"PAT-1\"").is_ok());
        assert!(serde_json::from_str::<PatientId>("\"PAT 1\"").is_err());
    }
}
