//! The offline user directory and token issuer — what Cognito is on AWS.
//!
//! Passwords are stored only as argon2id hashes (PHC strings, OWASP-recommended parameters:
//! 19 MiB, 2 passes), so a copied data directory does not reveal them; they are computed on the
//! fixed pool of [`crate::passwords`]. Signing in with an unknown user still runs one hash, so
//! response time does not reveal which usernames exist. Failed sign-ins are throttled per account
//! and per client address with growing delays ([`mediclear_domain::sign_in_throttle`]), as
//! Cognito locks out repeated failures on AWS; a throttled attempt checks no password.
//!
//! Tokens carry Cognito ID-token claims (`sub`, `cognito:username`, `cognito:groups`,
//! `custom:<binding>`, `token_use: id`) signed with HS256 under a 256-bit key generated on first
//! start and kept in `<data dir>/issuer.key` (mode 0600). The local runtime's gateway verifies
//! them and passes the claims to handlers exactly as API Gateway's Cognito authorizer does.

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use redb::ReadableTable;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Role};
use mediclear_domain::sign_in_throttle::SignInThrottle;
use mediclear_ports::PortError;
use mediclear_ports::identity::{IssuedToken, MAX_USERS_PAGE, TokenVerifier, UserDirectory, UserPage, UserSummary};

use crate::page_token;
use crate::passwords::PasswordPool;
use crate::store::{LocalStore, USERS, internal, to_json};

/// Signs and verifies local tokens.
#[derive(Clone)]
pub struct LocalIssuer {
    key: Arc<Vec<u8>>,
    ttl_seconds: u64,
}

impl std::fmt::Debug for LocalIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalIssuer").field("ttl_seconds", &self.ttl_seconds).finish_non_exhaustive()
    }
}

impl LocalIssuer {
    pub const ISSUER: &'static str = "mediclear-local";
    pub const AUDIENCE: &'static str = "mediclear-local-client";
    /// One hour, as the Cognito app client's ID-token validity.
    pub const TTL_SECONDS: u64 = 3600;

    /// Loads the signing key from the data directory, creating it on first start.
    pub fn load_or_create(dir: &Path) -> std::io::Result<Self> {
        let path = dir.join("issuer.key");
        let key = match std::fs::read_to_string(&path) {
            Ok(hex) => decode_hex(hex.trim()).filter(|k| k.len() == 32).ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{} is not a 256-bit hex key", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key: Vec<u8> = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()].iter().flat_map(|u| *u.as_bytes()).collect();
                write_private(&path, &encode_hex(&key))?;
                key
            }
            Err(e) => return Err(e),
        };
        Ok(Self { key: Arc::new(key), ttl_seconds: Self::TTL_SECONDS })
    }

    /// A token for the caller.
    pub fn issue(&self, caller: &Caller) -> Result<IssuedToken, PortError> {
        let now = Utc::now().timestamp();
        let mut claims = caller.to_claims();
        claims.insert("iss".into(), Value::String(Self::ISSUER.into()));
        claims.insert("aud".into(), Value::String(Self::AUDIENCE.into()));
        claims.insert("iat".into(), now.into());
        claims.insert("auth_time".into(), now.into());
        claims.insert("exp".into(), (now + self.ttl_seconds as i64).into());
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(&self.key)).map_err(internal)?;
        Ok(IssuedToken { access_token: token, token_type: "Bearer", expires_in: self.ttl_seconds })
    }

    /// The verified claims of a token.
    pub fn verify_claims(&self, token: &str) -> Result<Map<String, Value>, PortError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[Self::ISSUER]);
        validation.set_audience(&[Self::AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &DecodingKey::from_secret(&self.key), &validation)
            .map_err(|_| PortError::Rejected("the token is not valid".into()))?;
        if data.claims.get("token_use").and_then(Value::as_str) != Some("id") {
            return Err(PortError::Rejected("the token is not an ID token".into()));
        }
        Ok(data.claims)
    }
}

#[async_trait]
impl TokenVerifier for LocalIssuer {
    async fn verify(&self, token: &str) -> Result<Caller, PortError> {
        let claims = self.verify_claims(token)?;
        Caller::from_claims(&claims).map_err(|e| PortError::Rejected(e.to_string()))
    }
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    (s.len() % 2 == 0).then_some(())?;
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

/// A user as stored: never the password, only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredUser {
    username: String,
    subject: String,
    password_hash: String,
    role: Role,
    #[serde(flatten)]
    bindings: Bindings,
    created_at: DateTime<Utc>,
}

impl StoredUser {
    fn caller(&self) -> Caller {
        Caller { subject: self.subject.clone(), username: self.username.clone(), role: self.role, bindings: self.bindings.clone() }
    }
}

/// The offline user directory.
#[derive(Debug, Clone)]
pub struct LocalDirectory {
    store: LocalStore,
    issuer: LocalIssuer,
    passwords: PasswordPool,
    throttle: Arc<Mutex<SignInThrottle>>,
}

impl LocalDirectory {
    pub fn new(store: LocalStore, issuer: LocalIssuer) -> Self {
        Self { store, issuer, passwords: PasswordPool::shared(), throttle: Arc::new(Mutex::new(SignInThrottle::default())) }
    }

    fn throttle(&self) -> std::sync::MutexGuard<'_, SignInThrottle> {
        // The throttle's state stays consistent whatever a panicking holder did half-way.
        self.throttle.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether a user exists (for idempotent demo seeding).
    pub async fn exists(&self, username: &LoginName) -> Result<bool, PortError> {
        Ok(self.store.get_json::<StoredUser>(USERS, username.as_str().to_string()).await?.is_some())
    }
}

/// Used when the user is unknown, so the check costs the same as a real one.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2mJ5X7c0Jp8k0m7f0b1yq2mB0r0o9yT1U3g3v4i5w6E";

#[async_trait]
impl UserDirectory for LocalDirectory {
    async fn create_user(&self, user: &NewUser) -> Result<Caller, PortError> {
        let hash = self.passwords.hash(user.password.expose()).await?;
        let stored = StoredUser {
            username: user.username.as_str().to_string(),
            subject: uuid::Uuid::new_v4().to_string(),
            password_hash: hash,
            role: user.role,
            bindings: user.bindings.clone(),
            created_at: Utc::now(),
        };
        let caller = stored.caller();
        let bytes = to_json(&stored)?;
        let name = stored.username.clone();
        self.store
            .write(move |txn| {
                let mut users = txn.open_table(USERS).map_err(internal)?;
                if users.get(name.as_str()).map_err(internal)?.is_some() {
                    return Err(PortError::Conflict(format!("username {name} is taken")));
                }
                users.insert(name.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await?;
        Ok(caller)
    }

    async fn delete_user(&self, username: &LoginName) -> Result<bool, PortError> {
        let name = username.as_str().to_string();
        self.store.write(move |txn| Ok(txn.open_table(USERS).map_err(internal)?.remove(name.as_str()).map_err(internal)?.is_some())).await
    }

    async fn list_users(&self, role: Option<Role>, limit: usize, next_token: Option<&str>) -> Result<UserPage, PortError> {
        let scope = format!("users:{}", role.map_or("all", Role::as_str));
        let after = next_token.map(|t| page_token::decode(t, &scope)).transpose()?;
        // Role order as `Role::ALL`, then username: the position is (role's rank, username).
        let position = |u: &UserSummary| (format!("{}", Role::ALL.iter().position(|r| *r == u.role).unwrap_or(Role::ALL.len())), u.username.clone());
        let mut users: Vec<UserSummary> = self
            .store
            .scan_json::<StoredUser>(USERS, String::new())
            .await?
            .into_iter()
            .map(|(_, u)| UserSummary { username: u.username, role: u.role, bindings: u.bindings, created_at: Some(u.created_at) })
            .filter(|u| role.is_none_or(|r| u.role == r))
            .collect();
        users.sort_by_key(position);
        if let Some(after) = after {
            users.retain(|u| position(u) > after);
        }
        let limit = limit.clamp(1, MAX_USERS_PAGE);
        let more = users.len() > limit;
        users.truncate(limit);
        let next_token = if more { users.last().map(|u| page_token::encode(&position(u), &scope)) } else { None };
        Ok(UserPage { users, next_token })
    }

    async fn sign_in(&self, username: &LoginName, password: &str, source: Option<IpAddr>) -> Result<Option<IssuedToken>, PortError> {
        let account = username.as_str();
        if let Err(wait) = self.throttle().check(account, source, Utc::now()) {
            return Err(PortError::Throttled { retry_after_seconds: wait.0 });
        }
        let stored: Option<StoredUser> = self.store.get_json(USERS, account.to_string()).await?;
        let hash = stored.as_ref().map_or(DUMMY_HASH, |u| u.password_hash.as_str());
        let matches = self.passwords.verify(password, hash).await?;
        match stored {
            Some(user) if matches => {
                self.throttle().succeeded(account, source, Utc::now());
                self.issuer.issue(&user.caller()).map(Some)
            }
            _ => {
                self.throttle().failed(account, source, Utc::now());
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let bytes = [0u8, 1, 171, 255];
        assert_eq!(decode_hex(&encode_hex(&bytes)).unwrap(), bytes);
        assert!(decode_hex("abc").is_none());
        assert!(decode_hex("zz").is_none());
    }

    #[tokio::test]
    async fn dummy_hash_parses_so_unknown_users_cost_a_real_check() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!PasswordPool::shared().verify("anything-at-all", DUMMY_HASH).await.unwrap());
    }
}
