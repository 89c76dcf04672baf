//! Blobs on the file system under `<data dir>/blobs/<key>`, written atomically (temporary file,
//! then rename), with content type and size in the database. Each put appends an
//! `ObjectCreated` entry to the S3-events outbox — the offline twin of an S3 event notification —
//! in the same transaction that makes the blob visible.

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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct BlobMeta {
    content_type: String,
    size: u64,
    etag: String,
}

impl LocalBlobStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }

    /// The bucket name local S3 events carry.
    pub const BUCKET: &'static str = "mediclear-local-documents";
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

fn etag(bytes: &[u8]) -> String {
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
