//! Who is calling: roles, the claims a token carries, and the [`Caller`] every handler authorizes.
//!
//! Tokens have Cognito's ID-token shape on AWS and offline alike: `sub`, `cognito:username`,
//! `cognito:groups` (one group per role) and `custom:<binding>` attributes for the ids the user is
//! bound to. API Gateway's Cognito authorizer hands the claims to a Lambda as strings (groups as
//! `"provider"`, `"[provider]"` or `"a,b"`), the offline issuer as JSON values; [`Caller::from_claims`]
//! reads both.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

use crate::ids::{DoctorId, OrgId, PatientId, ProviderId};
use crate::validation::ValidationError;

/// The five roles, one Cognito group each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Patient,
    Doctor,
    Provider,
    Insurer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Patient, Role::Doctor, Role::Provider, Role::Insurer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Doctor => "doctor",
            Role::Provider => "provider",
            Role::Insurer => "insurer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim().to_ascii_lowercase())
            .ok_or_else(|| ValidationError::invalid("role", "role must be one of patient, doctor, provider, insurer, admin"))
    }

    /// The id binding a user of this role must carry, if any.
    pub fn required_binding(self) -> Option<&'static str> {
        match self {
            Role::Patient => Some("patient_id"),
            Role::Doctor => Some("doctor_id"),
            Role::Provider => Some("provider_id"),
            Role::Insurer | Role::Admin => None,
        }
    }

    /// Bindings that make sense for this role. A binding outside this set would grant a user
    /// access it should not have (a provider with a `patient_id` claim), so it is refused.
    pub fn allowed_bindings(self) -> &'static [&'static str] {
        match self {
            Role::Patient => &["patient_id"],
            Role::Doctor => &["doctor_id", "org_id"],
            Role::Provider => &["provider_id", "org_id"],
            Role::Insurer => &["org_id"],
            Role::Admin => &["org_id"],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ids a user is bound to. Each is carried in the token as `custom:<name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bindings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<PatientId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor_id: Option<DoctorId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<ProviderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<OrgId>,
}

impl Bindings {
    /// `(name, value)` of every binding present.
    pub fn present(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(v) = &self.patient_id {
            out.push(("patient_id", v.as_str()));
        }
        if let Some(v) = &self.doctor_id {
            out.push(("doctor_id", v.as_str()));
        }
        if let Some(v) = &self.provider_id {
            out.push(("provider_id", v.as_str()));
        }
        if let Some(v) = &self.org_id {
            out.push(("org_id", v.as_str()));
        }
        out
    }

    /// Checks the bindings against the role: the required one is present, none is foreign.
    pub fn check_for(&self, role: Role) -> Result<(), ValidationError> {
        if let Some(required) = role.required_binding() {
            if !self.present().iter().any(|(name, _)| *name == required) {
                return Err(ValidationError::invalid(required, format!("{required} is required for a {role} user")));
            }
        }
        for (name, _) in self.present() {
            if !role.allowed_bindings().contains(&name) {
                return Err(ValidationError::invalid(name, format!("{name} does not apply to a {role} user")));
            }
        }
        Ok(())
    }
}

/// The authenticated caller of a request, built from verified token claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    /// The stable subject (`sub`), used as the actor in audit records.
    pub subject: String,
    pub username: String,
    pub role: Role,
    #[serde(flatten)]
    pub bindings: Bindings,
}

/// Claims that do not make a usable caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the token has no subject")]
    NoSubject,
    #[error("the token carries no MediClear role")]
    NoRole,
    #[error("the token carries more than one MediClear role")]
    AmbiguousRole,
    #[error("the token carries a malformed {0}")]
    MalformedBinding(&'static str),
}

/// Claim names, as Cognito spells them.
pub mod claim {
    pub const SUBJECT: &str = "sub";
    pub const USERNAME: &str = "cognito:username";
    pub const GROUPS: &str = "cognito:groups";
    pub const TOKEN_USE: &str = "token_use";
    pub fn binding(name: &str) -> String {
        format!("custom:{name}")
    }
}

/// Reads a groups claim in any of the forms API Gateway or a JWT library produce.
fn groups_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Value::String(s) => s
            .trim_matches(|c| c == '[' || c == ']')
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|g| g.trim_matches('"').trim())
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

impl Bindings {
    /// The bindings carried as `custom:<name>` claims (or a Cognito user's attributes of those
    /// names); a malformed id is an error, never dropped.
    pub fn from_claims(claims: &Map<String, Value>) -> Result<Bindings, IdentityError> {
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let binding = |name: &'static str| text(&claim::binding(name)).map(str::to_string);
        Ok(Bindings {
            patient_id: binding("patient_id")
                .map(|v| PatientId::parse(&v).map_err(|_| IdentityError::MalformedBinding("patient_id")))
                .transpose()?,
            doctor_id: binding("doctor_id")
                .map(|v| DoctorId::parse(&v).map_err(|_| IdentityError::MalformedBinding("doctor_id")))
                .transpose()?,
            provider_id: binding("provider_id")
                .map(|v| ProviderId::parse(&v).map_err(|_| IdentityError::MalformedBinding("provider_id")))
                .transpose()?,
            org_id: binding("org_id")
                .map(|v| OrgId::parse(&v).map_err(|_| IdentityError::MalformedBinding("org_id")))
                .transpose()?,
        })
    }
}

impl Caller {
    /// The caller a set of verified claims describes. Groups that are not MediClear roles are
    /// ignored; exactly one role group must remain.
    pub fn from_claims(claims: &Map<String, Value>) -> Result<Caller, IdentityError> {
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let subject = text(claim::SUBJECT).ok_or(IdentityError::NoSubject)?.to_string();
        let username = text(claim::USERNAME).or_else(|| text("username")).unwrap_or(&subject).to_string();
        let mut roles: Vec<Role> = claims
            .get(claim::GROUPS)
            .map(groups_of)
            .unwrap_or_default()
            .iter()
            .filter_map(|g| Role::parse(g).ok())
            .collect();
        roles.dedup();
        let role = match roles.as_slice() {
            [] => return Err(IdentityError::NoRole),
            [one] => *one,
            _ => return Err(IdentityError::AmbiguousRole),
        };
        let bindings = Bindings::from_claims(claims)?;
        Ok(Caller { subject, username, role, bindings })
    }

    /// The claims a token for this caller carries (without the issuer's time and audience
    /// claims, which the issuer adds).
    pub fn to_claims(&self) -> Map<String, Value> {
        let mut claims = Map::new();
        claims.insert(claim::SUBJECT.into(), Value::String(self.subject.clone()));
        claims.insert(claim::USERNAME.into(), Value::String(self.username.clone()));
        claims.insert(claim::GROUPS.into(), Value::Array(vec![Value::String(self.role.as_str().into())]));
        claims.insert(claim::TOKEN_USE.into(), Value::String("id".into()));
        for (name, value) in self.bindings.present() {
            claims.insert(claim::binding(name), Value::String(value.to_string()));
        }
        claims
    }

    pub fn provider_id(&self) -> Option<&ProviderId> {
        self.bindings.provider_id.as_ref()
    }

    pub fn patient_id(&self) -> Option<&PatientId> {
        self.bindings.patient_id.as_ref()
    }
}

/// A login name: 3–128 characters of letters, digits and `. _ - @ +` (so e-mail addresses work).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LoginName(String);

impl LoginName {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValidationError::missing("username"));
        }
        let ok = (3..=128).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'));
        if !ok {
            return Err(ValidationError::invalid("username", "username must be 3-128 letters, digits or . _ - @ +"));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LoginName {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<LoginName> for String {
    fn from(n: LoginName) -> String {
        n.0
    }
}

impl utoipa::PartialSchema for LoginName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("3-128 letters, digits or . _ - @ + (so e-mail addresses work)"))
            .pattern(Some("^[A-Za-z0-9._@+-]{3,128}$"))
            .examples(["demo-provider"])
            .into()
    }
}

impl utoipa::ToSchema for LoginName {}

/// A password as the caller chose it. Never printed: its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Length over composition, as NIST SP 800-63B advises; the Cognito pool uses the same rule.
    pub const MIN_LEN: usize = 12;
    pub const MAX_LEN: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.is_empty() {
            return Err(ValidationError::missing("password"));
        }
        let len = raw.chars().count();
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&len) {
            return Err(ValidationError::invalid(
                "password",
                format!("password must be {}-{} characters", Self::MIN_LEN, Self::MAX_LEN),
            ));
        }
        Ok(Self(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl utoipa::PartialSchema for Password {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("Length over composition (NIST SP 800-63B), as the Cognito pool's policy."))
            .min_length(Some(Self::MIN_LEN))
            .max_length(Some(Self::MAX_LEN))
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Password)))
            .into()
    }
}

impl utoipa::ToSchema for Password {}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A user to create, validated: the role's required binding present, no foreign binding.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: LoginName,
    pub password: Password,
    pub role: Role,
    pub bindings: Bindings,
}

impl NewUser {
    pub fn new(username: LoginName, password: Password, role: Role, bindings: Bindings) -> Result<Self, ValidationError> {
        bindings.check_for(role)?;
        Ok(Self { username, password, role, bindings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn reads_cognito_claims_as_api_gateway_passes_them() {
        for groups in [json!("provider"), json!("[provider]"), json!(["provider"]), json!("provider,other-group")] {
            let c = Caller::from_claims(&claims(json!({
                "sub": "u-1", "cognito:username": "clinic", "cognito:groups": groups, "custom:provider_id": "PRV-001"
            })))
            .unwrap();
            assert_eq!(c.role, Role::Provider);
            assert_eq!(c.provider_id().unwrap().as_str(), "PRV-001");
        }
    }

    #[test]
    fn refuses_claims_without_a_single_role() {
        assert_eq!(Caller::from_claims(&claims(json!({"sub": "u"}))), Err(IdentityError::NoRole));
        assert_eq!(
            Caller::from_claims(&claims(json!({"sub": "u", "cognito:groups": ["admin", "patient"]}))),
            Err(IdentityError::AmbiguousRole)
        );
        assert_eq!(Caller::from_claims(&claims(json!({"cognito:groups": "admin"}))), Err(IdentityError::NoSubject));
        assert_eq!(
            Caller::from_claims(&claims(json!({"sub": "u", "cognito:groups": "patient", "custom:patient_id": "../x"}))),
            Err(IdentityError::MalformedBinding("patient_id"))
        );
    }

    #[test]
    fn claims_round_trip() {
        let caller = Caller {
            subject: "s".into(),
            username: "demo-patient".into(),
            role: Role::Patient,
            bindings: Bindings { patient_id: Some(PatientId::parse("PAT-001").unwrap()), ..Default::default() },
        };
        assert_eq!(Caller::from_claims(&caller.to_claims()).unwrap(), caller);
    }

    #[test]
    fn bindings_must_fit_the_role() {
        let none = Bindings::default();
        assert_eq!(none.check_for(Role::Provider).unwrap_err().code, "INVALID_PROVIDER_ID");
        assert!(none.check_for(Role::Insurer).is_ok());
        let foreign = Bindings { patient_id: Some(PatientId::parse("P1").unwrap()), ..Default::default() };
        assert_eq!(foreign.check_for(Role::Admin).unwrap_err().code, "INVALID_PATIENT_ID");
    }

    #[test]
    fn passwords_are_length_checked_and_never_printed() {
        assert!(Password::parse("short").is_err());
        let p = Password::parse("demo-password").unwrap();
        assert!(!format!("{p:?}").contains("demo"));
    }
}
