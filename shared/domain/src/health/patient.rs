//! A patient of the health-insights product: who they are (demographics), what they told
//! MediClear at onboarding (answers to the questionnaire), and the `version` every update must
//! name (optimistic locking: two people editing the same profile cannot silently overwrite each
//! other).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::health::questionnaire::{Answers, validate_answers};
use crate::ids::PatientId;
use crate::validation::{Fields, ValidationError};

/// Sex recorded for screening guidance (breast screening applies to female patients by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
    Intersex,
    Unknown,
}

impl Sex {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "female" | "f" => Ok(Sex::Female),
            "male" | "m" => Ok(Sex::Male),
            "intersex" => Ok(Sex::Intersex),
            "unknown" => Ok(Sex::Unknown),
            _ => Err(ValidationError::invalid("demographics.sex", "demographics.sex must be female, male, intersex or unknown")),
        }
    }
}

/// Who the patient is. Names and contact details are PHI: they are stored, returned to those who
/// may see the patient, and never logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Demographics {
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
}

const MAX_NAME_CHARS: usize = 100;

fn field(name: &str) -> String {
    format!("demographics.{name}")
}

fn text(f: &Fields<'_>, name: &str, max: usize, required: bool) -> Result<Option<String>, ValidationError> {
    let path = field(name);
    let value = f.optional_str(name).map_err(|_| ValidationError::invalid(&path, format!("{path} must be a string")))?;
    match value.map(str::trim) {
        None if required => Err(ValidationError::missing(&path)),
        None => Ok(None),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(ValidationError::invalid(&path, format!("{path} must be at most {max} characters, without control characters")))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

impl Demographics {
    /// Reads `demographics` as of `today` (a birth date in the future, or more than 130 years
    /// ago, is refused), reporting every problem.
    pub fn from_json(value: &Value, today: NaiveDate) -> Result<Self, Vec<ValidationError>> {
        let f = Fields::of(value).map_err(|_| vec![ValidationError::invalid("demographics", "demographics must be an object")])?;
        let mut problems = Vec::new();
        let mut read = |name: &str, max: usize, required: bool| text(&f, name, max, required).map_err(|e| problems.push(e)).ok().flatten();
        let given_name = read("given_name", MAX_NAME_CHARS, true);
        let family_name = read("family_name", MAX_NAME_CHARS, true);
        let date_of_birth = read("date_of_birth", 10, true);
        let sex = read("sex", 16, true);
        let email = read("email", 254, false);
        let phone = read("phone", 32, false);
        let postal_code = read("postal_code", 16, false);
        let preferred_language = read("preferred_language", 35, false);
        let date_of_birth = date_of_birth.and_then(|raw| {
            let parsed = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").ok().filter(|d| *d <= today && today.year() - d.year() <= 130);
            if parsed.is_none() {
                problems.push(ValidationError::invalid(&field("date_of_birth"), "demographics.date_of_birth must be a past date as YYYY-MM-DD"));
            }
            parsed
        });
        let sex = sex.and_then(|raw| Sex::parse(&raw).map_err(|e| problems.push(e)).ok());
        if email.as_deref().is_some_and(|e| !e.contains('@') || e.contains(char::is_whitespace)) {
            problems.push(ValidationError::invalid(&field("email"), "demographics.email must be an email address"));
        }
        if phone.as_deref().is_some_and(|p| !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))) {
            problems.push(ValidationError::invalid(&field("phone"), "demographics.phone must be digits, spaces and + - ( ) ."));
        }
        match (given_name, family_name, date_of_birth, sex) {
            (Some(given_name), Some(family_name), Some(date_of_birth), Some(sex)) if problems.is_empty() => {
                Ok(Demographics { given_name, family_name, date_of_birth, sex, email, phone, postal_code, preferred_language })
            }
            _ => Err(problems),
        }
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        let mut age = day.year() - self.date_of_birth.year();
        if (day.month(), day.day()) < (self.date_of_birth.month(), self.date_of_birth.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }
}

/// A stored patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Patient {
    pub patient_id: PatientId,
    pub demographics: Demographics,
    /// Answers to `GET /patients/questionnaire`, by question id.
    #[schema(value_type = Object)]
    pub answers: Answers,
    /// The login bound to this patient, if one was created.
    #[serde(default)]
    pub username: Option<String>,
    /// Increases by one with every change; an update names the version it read.
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every problem of an onboarding or update request, each named.
pub type Problems = Vec<ValidationError>;

/// What an onboarding request carries, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Onboarding {
    pub demographics: Demographics,
    pub answers: Answers,
}

impl Onboarding {
    /// Reads `{demographics, answers?}` as of `today`, reporting every problem.
    pub fn from_json(body: &Value, today: NaiveDate) -> Result<Self, Problems> {
        let mut problems = Vec::new();
        let demographics = match body.get("demographics") {
            Some(value) => Demographics::from_json(value, today).map_err(|mut e| problems.append(&mut e)).ok(),
            None => {
                problems.push(ValidationError::missing("demographics"));
                None
            }
        };
        let answers = match body.get("answers") {
            None | Some(Value::Null) => Some(Answers::new()),
            Some(raw) => validate_answers(raw, today).map_err(|mut e| problems.append(&mut e)).ok(),
        };
        match (demographics, answers) {
            (Some(demographics), Some(answers)) if problems.is_empty() => Ok(Onboarding { demographics, answers }),
            _ => Err(problems),
        }
    }
}

impl Patient {
    /// A new patient, version 1.
    pub fn onboard(patient_id: PatientId, onboarding: Onboarding, username: Option<String>, now: DateTime<Utc>) -> Self {
        Patient { patient_id, demographics: onboarding.demographics, answers: onboarding.answers, username, version: 1, created_at: now, updated_at: now }
    }

    /// The patient after an update: `demographics` replaces the old ones when given; `answers`
    /// are merged (a `null` answer clears it). Every problem is reported.
    pub fn updated(&self, body: &Value, now: DateTime<Utc>) -> Result<Patient, Problems> {
        let today = now.date_naive();
        let mut problems = Vec::new();
        let mut next = self.clone();
        if let Some(value) = body.get("demographics").filter(|v| !v.is_null()) {
            match Demographics::from_json(value, today) {
                Ok(d) => next.demographics = d,
                Err(mut e) => problems.append(&mut e),
            }
        }
        if let Some(raw) = body.get("answers").filter(|v| !v.is_null()) {
            match validate_answers(raw, today) {
                Ok(answers) => {
                    for id in raw.as_object().into_iter().flat_map(|o| o.iter()).filter(|(_, v)| v.is_null()).map(|(k, _)| k) {
                        next.answers.remove(id);
                    }
                    next.answers.extend(answers);
                }
                Err(mut e) => problems.append(&mut e),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        next.version = self.version + 1;
        next.updated_at = now;
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn body() -> Value {
        json!({"demographics": {"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female"},
               "answers": {"activity_minutes_per_week": 90}})
    }

    #[test]
    fn onboarding_reads_demographics_and_answers() {
        let o = Onboarding::from_json(&body(), now().date_naive()).unwrap();
        assert_eq!(o.demographics.age_on(now().date_naive()), 51);
        let p = Patient::onboard(PatientId::parse("PAT-X").unwrap(), o, None, now());
        assert_eq!(p.version, 1);
    }

    #[test]
    fn every_problem_is_named() {
        let bad = json!({"demographics": {"given_name": "", "family_name": "Lima", "date_of_birth": "2090-01-01", "sex": "f"},
                         "answers": {"activity_minutes_per_week": "lots"}});
        let problems = Onboarding::from_json(&bad, now().date_naive()).unwrap_err();
        let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
        assert!(codes.contains(&"INVALID_DEMOGRAPHICS_GIVEN_NAME"), "{codes:?}");
        assert!(codes.contains(&"INVALID_ANSWERS_ACTIVITY_MINUTES_PER_WEEK"), "{codes:?}");
        let dob = Onboarding::from_json(&json!({"demographics": {"given_name": "A", "family_name": "L", "date_of_birth": "2090-01-01", "sex": "f"}}), now().date_naive()).unwrap_err();
        assert_eq!(dob[0].code, "INVALID_DEMOGRAPHICS_DATE_OF_BIRTH");
        assert_eq!(Onboarding::from_json(&json!({}), now().date_naive()).unwrap_err()[0].code, "INVALID_DEMOGRAPHICS");
    }

    #[test]
    fn updates_merge_answers_clear_nulls_and_bump_the_version() {
        let p = Patient::onboard(PatientId::parse("PAT-X").unwrap(), Onboarding::from_json(&body(), now().date_naive()).unwrap(), None, now());
        let next = p.updated(&json!({"answers": {"activity_minutes_per_week": null, "sleep_hours_per_night": 7}}), now()).unwrap();
        assert_eq!(next.version, 2);
        assert!(!next.answers.contains_key("activity_minutes_per_week"));
        assert_eq!(next.answers["sleep_hours_per_night"].as_number(), Some(7.));
        assert_eq!(next.demographics, p.demographics);
        assert!(p.updated(&json!({"answers": {"sleep_hours_per_night": 40}}), now()).is_err());
    }
}
