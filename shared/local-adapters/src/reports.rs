//! PHI reports offline: connections and report records in the embedded database, and the
//! `SecretBox` as AES-256-GCM with a 256-bit key kept in the data directory (`secret-box.key`,
//! created on first use, owner-only permissions) — the offline stand-in for KMS. The connection
//! id is the AEAD's associated data, as KMS's encryption context is: a sealed password opened
//! under another connection's id fails authentication.

use std::path::PathBuf;

use async_trait::async_trait;
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;

use mediclear_domain::ids::{ConnectionId, OrgId, ReportId};
use mediclear_domain::reports::connection::Connection;
use mediclear_ports::PortError;
use mediclear_ports::reports::{ConnectionCatalog, ReportLog, ReportRecord, SecretBox};

use crate::store::{LocalStore, REPORT_CONNECTIONS, REPORTS, internal, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalConnectionCatalog {
    store: LocalStore,
}

impl LocalConnectionCatalog {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ConnectionCatalog for LocalConnectionCatalog {
    async fn create(&self, connection: &Connection) -> Result<(), PortError> {
        let id = connection.connection_id.to_string();
        let bytes = to_json(connection)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REPORT_CONNECTIONS).map_err(internal)?;
                if txn_get::<Connection>(&table, &id)?.is_some() {
                    return Err(PortError::Conflict(format!("connection {id} already exists")));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn get(&self, connection_id: &ConnectionId) -> Result<Option<Connection>, PortError> {
        self.store.get_json(REPORT_CONNECTIONS, connection_id.to_string()).await
    }

    async fn list(&self, org_id: Option<&OrgId>) -> Result<Vec<Connection>, PortError> {
        let mut all: Vec<Connection> = self.store.scan_json::<Connection>(REPORT_CONNECTIONS, String::new()).await?.into_iter().map(|(_, c)| c).filter(|c| org_id.is_none_or(|o| &c.spec.org_id == o)).collect();
        all.sort_by(|a, b| (a.spec.connection_name.to_lowercase(), a.connection_id.as_str()).cmp(&(b.spec.connection_name.to_lowercase(), b.connection_id.as_str())));
        Ok(all)
    }

    async fn replace(&self, connection: &Connection, expected_version: u64) -> Result<(), PortError> {
        let id = connection.connection_id.to_string();
        let bytes = to_json(connection)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REPORT_CONNECTIONS).map_err(internal)?;
                let stored: Connection = txn_get(&table, &id)?.ok_or(PortError::NotFound)?;
                if stored.version != expected_version {
                    return Err(PortError::Conflict(format!("connection {id} is at version {}, not {expected_version}", stored.version)));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn delete(&self, connection_id: &ConnectionId) -> Result<bool, PortError> {
        let id = connection_id.to_string();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REPORT_CONNECTIONS).map_err(internal)?;
                let removed = table.remove(id.as_str()).map_err(internal)?.is_some();
                Ok(removed)
            })
            .await
    }
}

#[derive(Debug, Clone)]
pub struct LocalReportLog {
    store: LocalStore,
}

impl LocalReportLog {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ReportLog for LocalReportLog {
    async fn put(&self, record: &ReportRecord) -> Result<(), PortError> {
        let id = record.report_id.to_string();
        let bytes = to_json(record)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(REPORTS).map_err(internal)?;
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn get(&self, report_id: &ReportId) -> Result<Option<ReportRecord>, PortError> {
        self.store.get_json(REPORTS, report_id.to_string()).await
    }
}

/// AES-256-GCM under a key in the data directory.
#[derive(Debug, Clone)]
pub struct LocalSecretBox {
    key_path: PathBuf,
}

/// Marks the sealed format, so a future key rotation can tell generations apart.
const VERSION: u8 = 1;

impl LocalSecretBox {
    pub fn new(store: &LocalStore) -> Self {
        Self { key_path: store.data_dir().join("secret-box.key") }
    }

    fn key(&self) -> Result<LessSafeKey, PortError> {
        let bytes = match std::fs::read(&self.key_path) {
            Ok(bytes) if bytes.len() == 32 => bytes,
            _ => {
                let mut fresh = [0u8; 32];
                SystemRandom::new().fill(&mut fresh).map_err(|_| PortError::Internal("no randomness for the secret-box key".into()))?;
                let temporary = self.key_path.with_extension("tmp");
                write_private(&temporary, &fresh)?;
                std::fs::rename(&temporary, &self.key_path).map_err(internal)?;
                fresh.to_vec()
            }
        };
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| PortError::Internal("the secret-box key is not a valid AES-256 key".into()))?;
        Ok(LessSafeKey::new(key))
    }
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), PortError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(internal)?;
    file.write_all(bytes).map_err(internal)?;
    file.sync_all().map_err(internal)
}

#[async_trait]
impl SecretBox for LocalSecretBox {
    async fn seal(&self, context: &ConnectionId, secret: &str) -> Result<String, PortError> {
        let key = self.key()?;
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).map_err(|_| PortError::Internal("no randomness for a nonce".into()))?;
        let mut sealed = secret.as_bytes().to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(context.as_str().as_bytes()), &mut sealed).map_err(|_| PortError::Internal("sealing failed".into()))?;
        let mut out = vec![VERSION];
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    async fn open(&self, context: &ConnectionId, sealed: &str) -> Result<String, PortError> {
        let refused = || PortError::Rejected("the sealed secret does not open under this connection".into());
        let bytes = base64::engine::general_purpose::STANDARD.decode(sealed).map_err(|_| refused())?;
        if bytes.len() < 1 + NONCE_LEN + 16 || bytes[0] != VERSION {
            return Err(refused());
        }
        let nonce = Nonce::try_assume_unique_for_key(&bytes[1..1 + NONCE_LEN]).map_err(|_| refused())?;
        let mut body = bytes[1 + NONCE_LEN..].to_vec();
        let plain = self.key()?.open_in_place(nonce, Aad::from(context.as_str().as_bytes()), &mut body).map_err(|_| refused())?;
        String::from_utf8(plain.to_vec()).map_err(|_| refused())
    }
}
