//! A hospital's database as MediClear registers it: where it is, as whom to connect, and the
//! options a report needs. The password travels in once (create, or a change on update), is
//! sealed by the `SecretBox` port before anything is stored, and is never returned, logged or put
//! in an error.
//!
//! Who may do what (API.md, PHI reports): admins manage connections (an admin bound to an
//! `org_id` only its organisation's); a doctor reads, describes and reports on the connections of
//! the `org_id` in its token; anyone else, and a doctor of another organisation, finds nothing
//! (404, as for a connection that does not exist).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::identity::{Caller, Role};
use crate::ids::{ConnectionId, OrgId};
use crate::reports::schema::{DatabaseSchema, DatabaseType};
use crate::validation::{Fields, ValidationError};

/// Options a connection may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConnectionOptions {
    /// Require TLS, verified against public roots.
    #[serde(default)]
    pub tls: bool,
    /// The column (`table.column`) or MongoDB field holding the patient id, when the schema's
    /// foreign keys and names do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_key: Option<String>,
}

/// Where and as whom: everything of a connection but its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionSpec {
    pub connection_name: String,
    pub org_id: OrgId,
    pub database_type: DatabaseType,
    pub host: String,
    pub port: u16,
    pub database_name: String,
    pub username: String,
    pub options: ConnectionOptions,
}

/// A registered connection as stored: the spec, the sealed password, the extracted schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub connection_id: ConnectionId,
    #[serde(flatten)]
    pub spec: ConnectionSpec,
    /// The password sealed by the `SecretBox` (KMS ciphertext or the offline envelope), base64.
    pub sealed_password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<DatabaseSchema>,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A connection as the API returns it: never the password, sealed or not.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ConnectionView {
    pub connection_id: ConnectionId,
    pub connection_name: String,
    pub org_id: OrgId,
    pub database_type: DatabaseType,
    pub host: String,
    pub port: u16,
    pub database_name: String,
    pub username: String,
    pub options: ConnectionOptions,
    /// When the stored schema was extracted, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_extracted_at: Option<String>,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Connection {
    pub fn view(&self) -> ConnectionView {
        ConnectionView {
            connection_id: self.connection_id.clone(),
            connection_name: self.spec.connection_name.clone(),
            org_id: self.spec.org_id.clone(),
            database_type: self.spec.database_type,
            host: self.spec.host.clone(),
            port: self.spec.port,
            database_name: self.spec.database_name.clone(),
            username: self.spec.username.clone(),
            options: self.spec.options.clone(),
            schema_extracted_at: self.schema.as_ref().and_then(|s| s.extracted_at.clone()),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const MAX_PASSWORD: usize = 1024;

fn database_type(raw: &str) -> Result<DatabaseType, ValidationError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "postgresql" | "postgres" => Ok(DatabaseType::PostgreSQL),
        "mysql" | "mariadb" => Ok(DatabaseType::MySQL),
        "mongodb" | "mongo" => Ok(DatabaseType::MongoDB),
        _ => Err(ValidationError::invalid("database_type", "database_type must be PostgreSQL, MySQL or MongoDB")),
    }
}

/// A host name or an IP address: no scheme, path, credentials or spaces.
fn host(raw: &str) -> Result<String, ValidationError> {
    let h = raw.trim();
    let ipv6 = h.starts_with('[') && h.ends_with(']') && h[1..h.len() - 1].chars().all(|c| c.is_ascii_hexdigit() || c == ':');
    let name = !h.is_empty() && h.len() <= 253 && h.split('.').all(|label| !label.is_empty() && label.len() <= 63 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !label.starts_with('-'));
    if ipv6 || name {
        Ok(h.trim_matches(['[', ']']).to_string())
    } else {
        Err(ValidationError::invalid("host", "host must be a host name or an IP address (no scheme, port or path)"))
    }
}

fn port(fields: &Fields, database_type: DatabaseType, body: &Value) -> Result<u16, ValidationError> {
    match body.get("port") {
        None | Some(Value::Null) => Ok(database_type.default_port()),
        Some(Value::Number(n)) => n.as_u64().filter(|p| (1..=65535).contains(p)).map(|p| p as u16).ok_or_else(|| ValidationError::invalid("port", "port must be a whole number from 1 to 65535")),
        Some(Value::String(s)) => s.trim().parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| ValidationError::invalid("port", "port must be a whole number from 1 to 65535")),
        Some(_) => {
            let _ = fields;
            Err(ValidationError::invalid("port", "port must be a whole number from 1 to 65535"))
        }
    }
}

/// A name made of printable characters, `1..=max`.
fn printable(fields: &Fields, name: &str, max: usize, required: bool) -> Result<String, ValidationError> {
    let value = fields.bounded_str(name, max)?;
    match value {
        Some(v) if v.chars().any(char::is_control) => Err(ValidationError::invalid(name, format!("{name} must not contain control characters"))),
        Some(v) => Ok(v.trim().to_string()),
        None if required => Err(ValidationError::missing(name)),
        None => Ok(String::new()),
    }
}

fn options(body: &Value) -> Result<ConnectionOptions, ValidationError> {
    match body.get("options") {
        None | Some(Value::Null) => Ok(ConnectionOptions::default()),
        Some(Value::Object(o)) => {
            let tls = match o.get("tls") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(ValidationError::invalid("options.tls", "options.tls must be true or false")),
            };
            let patient_key = match o.get("patient_key") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.trim().is_empty() => None,
                Some(Value::String(s)) if s.len() <= 128 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$')) => Some(s.trim().to_string()),
                Some(_) => return Err(ValidationError::invalid("options.patient_key", "options.patient_key must be a column (table.column) or field name")),
            };
            Ok(ConnectionOptions { tls, patient_key })
        }
        Some(_) => Err(ValidationError::invalid("options", "options must be an object")),
    }
}

/// A new connection from `POST /connections` (or an ad hoc `POST /connections/test`): the spec and
/// the password, checked field by field.
pub fn parse_new(body: &Value) -> Result<(ConnectionSpec, String), ValidationError> {
    let fields = Fields::of(body)?;
    let connection_name = printable(&fields, "connection_name", 100, true)?;
    let org_id = OrgId::parse(fields.required_str("org_id")?)?;
    let database_type = database_type(fields.required_str("database_type")?)?;
    let spec = ConnectionSpec {
        connection_name,
        org_id,
        database_type,
        host: host(fields.required_str("host")?)?,
        port: port(&fields, database_type, body)?,
        database_name: printable(&fields, "database_name", 128, true)?,
        username: printable(&fields, "username", 128, database_type != DatabaseType::MongoDB)?,
        options: options(body)?,
    };
    let password = password(body, database_type != DatabaseType::MongoDB || !spec.username.is_empty())?.unwrap_or_default();
    Ok((spec, password))
}

fn password(body: &Value, required: bool) -> Result<Option<String>, ValidationError> {
    match body.get("password") {
        None | Some(Value::Null) if required => Err(ValidationError::missing("password")),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(p)) if p.is_empty() && required => Err(ValidationError::missing("password")),
        Some(Value::String(p)) if p.len() > MAX_PASSWORD => Err(ValidationError::invalid("password", format!("password must be at most {MAX_PASSWORD} bytes"))),
        Some(Value::String(p)) => Ok(Some(p.clone())),
        Some(_) => Err(ValidationError::invalid("password", "password must be a string")),
    }
}

/// `PUT /connections/{id}`: the fields given replace the stored ones; a password omitted (or
/// null) keeps the stored one. Returns the new spec and the new password, if one was given.
pub fn parse_update(body: &Value, current: &ConnectionSpec) -> Result<(ConnectionSpec, Option<String>), ValidationError> {
    let mut merged = serde_json::to_value(current).map_err(|_| ValidationError::invalid("body", "the stored connection cannot be read"))?;
    let given = body.as_object().ok_or_else(|| ValidationError::invalid("body", "the request body must be a JSON object"))?;
    for (key, value) in given {
        if key != "password" && !value.is_null() {
            merged[key] = value.clone();
        }
    }
    // A new database type takes its default port unless one is given.
    if given.contains_key("database_type") && !given.contains_key("port") {
        merged["port"] = Value::Null;
    }
    merged["password"] = Value::String("unchanged".into());
    let (spec, _) = parse_new(&merged)?;
    let password = password(body, false)?;
    Ok((spec, password))
}

/// What a caller may do with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionAction {
    /// Create, change, delete, test, list databases.
    Manage,
    /// Read, describe (schema), generate and validate queries, make reports.
    Use,
}

/// Whether `caller` may act on a connection of `org_id`. A refusal is answered as 404.
pub fn may(caller: &Caller, action: ConnectionAction, org_id: &OrgId) -> bool {
    let same_org = caller.bindings.org_id.as_ref().is_none_or(|o| o == org_id);
    match caller.role {
        Role::Admin => same_org,
        Role::Doctor => action == ConnectionAction::Use && caller.bindings.org_id.as_ref() == Some(org_id),
        _ => false,
    }
}

/// Which organisations' connections `caller` lists: `None` for all (an admin bound to none).
pub fn listable_org(caller: &Caller) -> Result<Option<OrgId>, ()> {
    match caller.role {
        Role::Admin => Ok(caller.bindings.org_id.clone()),
        Role::Doctor => caller.bindings.org_id.clone().map(Some).ok_or(()),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body() -> Value {
        json!({"connection_name": "Main EHR", "org_id": "ORG-001", "database_type": "PostgreSQL", "host": "db.hospital.example", "database_name": "ehr", "username": "reader", "password": "s3cret"})
    }

    #[test]
    fn a_connection_is_checked_field_by_field() {
        let (spec, password) = parse_new(&body()).unwrap();
        assert_eq!((spec.port, password.as_str()), (5432, "s3cret"));
        for (field, value, code) in [
            ("database_type", json!("Oracle"), "INVALID_DATABASE_TYPE"),
            ("host", json!("http://db/x"), "INVALID_HOST"),
            ("port", json!(70000), "INVALID_PORT"),
            ("password", json!(null), "INVALID_PASSWORD"),
            ("org_id", json!("../x"), "INVALID_ORG_ID"),
            ("options", json!({"tls": "yes"}), "INVALID_OPTIONS_TLS"),
        ] {
            let mut b = body();
            b[field] = value;
            assert_eq!(parse_new(&b).unwrap_err().code, code, "{field}");
        }
        let mongo = json!({"connection_name": "FHIR store", "org_id": "ORG-001", "database_type": "MongoDB", "host": "10.0.0.5", "database_name": "fhir"});
        assert_eq!(parse_new(&mongo).unwrap().0.port, 27017);
    }

    #[test]
    fn an_update_without_a_password_keeps_it() {
        let (spec, _) = parse_new(&body()).unwrap();
        let (updated, password) = parse_update(&json!({"host": "db2.hospital.example"}), &spec).unwrap();
        assert_eq!((updated.host.as_str(), password), ("db2.hospital.example", None));
        let (_, password) = parse_update(&json!({"password": "new"}), &spec).unwrap();
        assert_eq!(password.as_deref(), Some("new"));
        assert_eq!(parse_update(&json!({"port": "x"}), &spec).unwrap_err().code, "INVALID_PORT");
    }
}
