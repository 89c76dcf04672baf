//! File storage for uploaded documents (S3 offline as a directory). Writing a blob under a
//! watched prefix starts ingestion (an S3 event on AWS; the local runtime emits the same event).

use async_trait::async_trait;

use crate::error::PortResult;

/// A stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()>;
    async fn get(&self, key: &str) -> PortResult<Option<Blob>>;
    /// Deletes every object under `prefix` (which must end in `/`), every stored version of it
    /// where the store keeps versions; how many objects (keys) there were.
    async fn delete_prefix(&self, prefix: &str) -> PortResult<usize>;
    /// A URL that lets whoever holds it `PUT` one file at `key` until `expires_in` has passed
    /// (S3 presigned `PutObject`; offline, a signed URL of the local runtime). Storing through it
    /// raises the same object-created event as [`put`](Self::put).
    async fn presign_put(&self, key: &str, expires_in: std::time::Duration) -> PortResult<String>;
    /// A URL that lets whoever holds it `GET` the file at `key` until `expires_in` has passed,
    /// served as an attachment named `file_name` (S3 presigned `GetObject`; offline, a signed URL
    /// of the local runtime).
    async fn presign_get(&self, key: &str, file_name: &str, expires_in: std::time::Duration) -> PortResult<String>;
}

/// The sidecar key Bedrock Knowledge Bases read a document's metadata from.
pub fn metadata_key(document_key: &str) -> String {
    format!("{document_key}.metadata.json")
}

/// Whether a key is a metadata sidecar rather than a document.
pub fn is_metadata_key(key: &str) -> bool {
    key.ends_with(".metadata.json")
}
