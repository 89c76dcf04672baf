//! Blobs on the file system under `<data dir>/blobs/<key>`, written atomically (temporary file,
//! then rename), with content type and size in the database. Each put appends an
//! `ObjectCreated` entry to the S3-events outbox — the offline twin of an S3 event notification —
//! in the same transaction that makes the blob visible.
//!
//! Upload URLs ([`BlobStore::presign_put`]) are the runtime's own
//! `<address>/local-s3/<key>?expires=<unix seconds>&signature=<hex>`: HMAC-SHA256 over the method,
//! key and expiry with a secret kept in the data directory (`upload-url.key`), checked by
//! [`LocalBlobStore::check_upload`] when the runtime's `PUT /local-s3/…` receives the file.

use async_trait::async_trait;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use mediclear_ports::PortError;
use mediclear_ports::blobs::{Blob, BlobStore};

use crate::outbox::{Log, ObjectCreated, append};
use crate::store::{BLOBS, LocalStore, internal, to_json};

#[derive(Debug, Clone)]
pub struct LocalBlobStore {
    store: LocalStore,
    /// Where upload URLs point (the runtime's address); none, no upload URLs.
    public_url: Option<String>,
}

/// The path the runtime serves upload URLs under.
pub const UPLOAD_PATH: &str = "/local-s3/";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct BlobMeta {
    content_type: String,
    size: u64,
    etag: String,
}

impl LocalBlobStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store, public_url: None }
    }

    /// Upload URLs point at `url` (`http://127.0.0.1:3000`).
    pub fn with_public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = Some(url.into().trim_end_matches('/').to_string());
        self
    }

    /// The data directory's signing secret, created on first use.
    fn upload_secret(&self) -> Result<Vec<u8>, PortError> {
        let path = self.store.data_dir().join("upload-url.key");
        if let Ok(secret) = std::fs::read(&path)
            && secret.len() == 32
        {
            return Ok(secret);
        }
        let secret: Vec<u8> = uuid::Uuid::new_v4().as_bytes().iter().chain(uuid::Uuid::new_v4().as_bytes()).copied().collect();
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, &secret).and_then(|()| std::fs::rename(&temporary, &path)).map_err(internal)?;
        Ok(secret)
    }

    fn signature(&self, key: &str, expires: i64) -> Result<String, PortError> {
        let mac = hmac_sha256(&self.upload_secret()?, format!("PUT\n{key}\n{expires}").as_bytes());
        Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Whether an upload URL's `signature` for `key` and `expires` is this store's and still
    /// valid at `now`: `Rejected` for an expired link, `NotFound` for any other.
    pub fn check_upload(&self, key: &str, expires: i64, signature: &str, now: chrono::DateTime<Utc>) -> Result<(), PortError> {
        let expected = self.signature(key, expires)?;
        let same = expected.len() == signature.len() && expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !same {
            return Err(PortError::NotFound);
        }
        if now.timestamp() > expires {
            return Err(PortError::Rejected("the upload link has expired; ask for a new one".into()));
        }
        Ok(())
    }

    fn download_signature(&self, key: &str, expires: i64, name: &str) -> Result<String, PortError> {
        let mac = hmac_sha256(&self.upload_secret()?, format!("GET\n{key}\n{expires}\n{name}").as_bytes());
        Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Whether a download link's `signature` for `key`, `expires` and `name` is this store's and
    /// still valid at `now`: `Rejected` for an expired link, `NotFound` for any other.
    pub fn check_download(&self, key: &str, expires: i64, name: &str, signature: &str, now: chrono::DateTime<Utc>) -> Result<(), PortError> {
        let expected = self.download_signature(key, expires, name)?;
        let same = expected.len() == signature.len() && expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !same {
            return Err(PortError::NotFound);
        }
        if now.timestamp() > expires {
            return Err(PortError::Rejected("the download link has expired; ask for a new one".into()));
        }
        Ok(())
    }

    /// The bucket name local S3 events carry.
    pub const BUCKET: &'static str = "mediclear-local-documents";
}

/// A key or name as a URL path: unreserved bytes as they are, the rest percent-encoded.
fn url_path(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// A download's file name: letters, digits, `.`, `_`, `-` only (it goes into a header).
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).take(100).collect();
    if cleaned.is_empty() { "download".into() } else { cleaned }
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// Keys are S3-style paths; refuse anything that could escape the blob directory.
fn checked_key(key: &str) -> Result<&str, PortError> {
    let ok = !key.is_empty()
        && key.len() <= 1024
        && !key.starts_with('/')
        && !key.contains('\\')
        && !key.contains('\0')
        && key.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if ok { Ok(key) } else { Err(PortError::Rejected("the storage key is not valid".into())) }
}

/// The ETag of stored bytes (FNV-1a, hex): what the S3-shaped events carry.
pub fn etag(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("{h:016x}")
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PortError> {
        let key = checked_key(key)?.to_string();
        let path = self.store.dir.join("blobs").join(&key);
        let meta = BlobMeta { content_type: content_type.to_string(), size: bytes.len() as u64, etag: etag(&bytes) };
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(internal)?;
        }
        tokio::fs::write(&tmp, &bytes).await.map_err(internal)?;
        tokio::fs::rename(&tmp, &path).await.map_err(internal)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(BLOBS).map_err(internal)?;
                table.insert(key.as_str(), to_json(&meta)?.as_slice()).map_err(internal)?;
                drop(table);
                append(txn, Log::S3Events, &ObjectCreated { key, size: meta.size, etag: meta.etag.clone(), at: Utc::now() })?;
                Ok(())
            })
            .await
    }

    async fn delete_prefix(&self, prefix: &str) -> Result<usize, PortError> {
        if !prefix.ends_with('/') {
            return Err(PortError::Rejected("a deletion prefix must end in '/'".into()));
        }
        checked_key(prefix.trim_end_matches('/'))?;
        let keys: Vec<String> = self.store.scan_json::<BlobMeta>(BLOBS, prefix.to_string()).await?.into_iter().map(|(k, _)| k).collect();
        for key in &keys {
            match tokio::fs::remove_file(self.store.dir.join("blobs").join(key)).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(internal(e)),
            }
        }
        let gone = keys.clone();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(BLOBS).map_err(internal)?;
                for key in &gone {
                    table.remove(key.as_str()).map_err(internal)?;
                }
                Ok(())
            })
            .await?;
        // Empty directories left behind are removed; a stray one is harmless.
        let _ = remove_empty_dirs(&self.store.dir.join("blobs").join(prefix.trim_end_matches('/')));
        Ok(keys.len())
    }

    async fn presign_put(&self, key: &str, expires_in: std::time::Duration) -> Result<String, PortError> {
        let key = checked_key(key)?;
        let Some(base) = &self.public_url else {
            return Err(PortError::Unavailable("upload links need the runtime's address".into()));
        };
        let expires = Utc::now().timestamp() + i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX / 2);
        let signature = self.signature(key, expires)?;
        Ok(format!("{base}{UPLOAD_PATH}{}?expires={expires}&signature={signature}", url_path(key)))
    }

    async fn presign_get(&self, key: &str, file_name: &str, expires_in: std::time::Duration) -> Result<String, PortError> {
        let key = checked_key(key)?;
        let Some(base) = &self.public_url else {
            return Err(PortError::Unavailable("download links need the runtime's address".into()));
        };
        let expires = Utc::now().timestamp() + i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX / 2);
        let name = safe_file_name(file_name);
        let signature = self.download_signature(key, expires, &name)?;
        Ok(format!("{base}{UPLOAD_PATH}{}?expires={expires}&name={}&signature={signature}", url_path(key), url_path(&name)))
    }

    async fn get(&self, key: &str) -> Result<Option<Blob>, PortError> {
        let key = checked_key(key)?.to_string();
        let Some(meta) = self.store.get_json::<BlobMeta>(BLOBS, key.clone()).await? else {
            return Ok(None);
        };
        let path = self.store.dir.join("blobs").join(&key);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(Blob { bytes, content_type: meta.content_type })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(internal(e)),
        }
    }
}

/// Removes `dir` and the empty directories under it.
fn remove_empty_dirs(dir: &std::path::Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
        }
    }
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_blob_directory() {
        for bad in ["", "/etc/passwd", "a/../../b", "a//b", "a\\b", "./a"] {
            assert!(checked_key(bad).is_err(), "{bad}");
        }
        assert!(checked_key("records/PAT-1/REC-1/note.txt.metadata.json").is_ok());
    }
}
