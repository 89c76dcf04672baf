//! A doctor of the health-insights product: who they say they are, the credentials read from
//! their degree and licence, and whether an admin has verified them. Only a `VERIFIED` doctor
//! reaches patients (and only those assigned to them); a doctor starts
//! `PENDING_MANUAL_REVIEW`, whatever the reading found, because a machine reading of a diploma
//! is evidence for a reviewer, not a verification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::DoctorId;
use crate::validation::{Fields, ValidationError};

/// Where a doctor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerificationStatus {
    PendingManualReview,
    Verified,
    Rejected,
}

impl VerificationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::PendingManualReview => "PENDING_MANUAL_REVIEW",
            VerificationStatus::Verified => "VERIFIED",
            VerificationStatus::Rejected => "REJECTED",
        }
    }

    /// Parses a status (any letter case), naming `field` when it is not one.
    pub fn parse(raw: &str, field: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "PENDING_MANUAL_REVIEW" => Ok(VerificationStatus::PendingManualReview),
            "VERIFIED" => Ok(VerificationStatus::Verified),
            "REJECTED" => Ok(VerificationStatus::Rejected),
            _ => Err(ValidationError::invalid(field, format!("{field} must be PENDING_MANUAL_REVIEW, VERIFIED or REJECTED"))),
        }
    }
}

/// The five fields read from a doctor's degree and licence (`None`: could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    pub university_name: Option<String>,
    pub doctor_name: Option<String>,
    pub degree_name: Option<String>,
    pub license_number: Option<String>,
    /// The licence's issue date (else the degree's), `YYYY-MM-DD`.
    pub issue_date: Option<String>,
}

impl Credentials {
    /// The API names of the fields that could not be read.
    pub fn unread(&self) -> Vec<&'static str> {
        [
            ("universityName", self.university_name.is_none()),
            ("doctorName", self.doctor_name.is_none()),
            ("degreeName", self.degree_name.is_none()),
            ("licenseNumber", self.license_number.is_none()),
            ("issueDate", self.issue_date.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect()
    }
}

/// Who signs up: the profile fields of `POST /doctors/onboard`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorProfile {
    pub name: String,
    pub email: String,
    pub specialization: String,
}

impl DoctorProfile {
    pub fn from_json(body: &Value) -> Result<Self, Vec<ValidationError>> {
        let f = Fields::of(body).map_err(|e| vec![e])?;
        let mut problems = Vec::new();
        let mut text = |name: &str, max: usize| match f.bounded_str(name, max) {
            Ok(Some(v)) if !v.chars().any(char::is_control) => v.trim().to_string(),
            Ok(Some(_)) => {
                problems.push(ValidationError::invalid(name, format!("{name} must not contain control characters")));
                String::new()
            }
            Ok(None) => {
                problems.push(ValidationError::missing(name));
                String::new()
            }
            Err(e) => {
                problems.push(e);
                String::new()
            }
        };
        let name = text("name", 200);
        let email = text("email", 254);
        let specialization = text("specialization", 200);
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            problems.push(ValidationError::invalid("email", "email must be an email address"));
        }
        if problems.is_empty() { Ok(DoctorProfile { name, email, specialization }) } else { Err(problems) }
    }
}

/// A stored doctor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Doctor {
    pub doctor_id: DoctorId,
    pub name: String,
    pub email: String,
    pub specialization: String,
    /// What was read from the degree and the licence.
    pub credentials: Credentials,
    /// The credential fields that could not be read: the reviewer checks them by hand.
    pub unread_fields: Vec<String>,
    pub verification_status: VerificationStatus,
    /// The reviewer's note on verifying or rejecting.
    #[serde(default)]
    pub verification_note: Option<String>,
    /// Subject of the admin who verified or rejected, and when.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The doctor's login.
    #[serde(default)]
    pub username: Option<String>,
    /// Storage keys of the two documents, for the reviewer.
    pub degree_document_key: String,
    pub license_document_key: String,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Why a review cannot happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("a review decides VERIFIED or REJECTED")]
    NotADecision,
}

impl Doctor {
    pub fn is_verified(&self) -> bool {
        self.verification_status == VerificationStatus::Verified
    }

    /// The doctor after an admin's decision (a verified doctor may be rejected later, and a
    /// rejected one verified after a second look: reviews are not one-way).
    pub fn reviewed(&self, status: VerificationStatus, note: Option<String>, reviewer: &str, now: DateTime<Utc>) -> Result<Doctor, ReviewError> {
        if status == VerificationStatus::PendingManualReview {
            return Err(ReviewError::NotADecision);
        }
        let mut next = self.clone();
        next.verification_status = status;
        next.verification_note = note;
        next.reviewed_by = Some(reviewer.to_string());
        next.reviewed_at = Some(now);
        next.version += 1;
        next.updated_at = now;
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credentials_serialise_in_the_api_names_and_list_what_was_not_read() {
        let c = Credentials { university_name: Some("University of Michigan".into()), license_number: Some("4301123456".into()), ..Default::default() };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["universityName"], "University of Michigan");
        assert_eq!(v["issueDate"], serde_json::Value::Null);
        assert_eq!(c.unread(), ["doctorName", "degreeName", "issueDate"]);
    }

    #[test]
    fn profiles_name_each_problem() {
        let problems = DoctorProfile::from_json(&json!({"name": "", "email": "not-an-email"})).unwrap_err();
        let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["INVALID_NAME", "INVALID_SPECIALIZATION", "INVALID_EMAIL"]);
        assert!(DoctorProfile::from_json(&json!({"name": "Dr A", "email": "a@b.org", "specialization": "Oncology"})).is_ok());
    }

    #[test]
    fn statuses_parse_and_reviews_decide() {
        assert_eq!(VerificationStatus::parse("verified", "status").unwrap(), VerificationStatus::Verified);
        assert_eq!(VerificationStatus::parse("maybe", "status").unwrap_err().code, "INVALID_STATUS");
    }
}
