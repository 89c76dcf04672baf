//! Document files in S3 ([`BlobStore`]).
//!
//! One object per key in the documents bucket. Encryption at rest is the bucket's default (SSE-KMS
//! with the stack's key, set in `template.yaml`), so no per-request encryption headers are sent and
//! a function needs only `s3:PutObject`/`s3:GetObject` plus `kms:GenerateDataKey`/`kms:Decrypt`.
//! Writing under a watched prefix starts ingestion through the bucket's event notification.
//! A key that does not exist reads as `None`. Keys are not logged: a key may carry a file name.
//! `delete_prefix` removes every version and delete marker under a prefix (the bucket is
//! versioned), `ListObjectVersions` page by page and a `DeleteObject` of each version, sixteen at
//! a time, so a purged patient leaves no recoverable copy. Not the batch `DeleteObjects`: S3
//! requires a request checksum on it, and the SDK's checksum code (the crc-fast tables, 0.59 MB
//! zipped) would then ship in the purge function, which otherwise needs none of it (README,
//! Benchmarks). A purge removes a patient's files once; the extra requests cost it little.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::primitives::ByteStream;
use futures::{StreamExt, TryStreamExt};
use mediclear_ports::PortError;
use mediclear_ports::blobs::{Blob, BlobStore};
use mediclear_ports::error::PortResult;

use crate::error::{Failure, port_error};

/// How many `DeleteObject` calls a purge keeps in flight.
const DELETE_FAN_OUT: usize = 16;

/// The documents bucket.
#[derive(Debug, Clone)]
pub struct S3BlobStore {
    client: Client,
    bucket: String,
}

impl S3BlobStore {
    pub fn new(config: &SdkConfig, bucket: impl Into<String>) -> Self {
        Self { client: Client::new(config), bucket: bucket.into() }
    }

    /// Like [`S3BlobStore::new`], but with path-style addressing (`endpoint/bucket/key`), which
    /// emulators need.
    pub fn path_style(config: &SdkConfig, bucket: impl Into<String>) -> Self {
        let s3 = aws_sdk_s3::config::Builder::from(config).force_path_style(true).build();
        Self { client: Client::from_conf(s3), bucket: bucket.into() }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    #[tracing::instrument(skip(self, key, bytes), fields(bucket = %self.bucket, bytes = bytes.len()))]
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| port_error("s3.PutObject", &e))?;
        Ok(())
    }

    /// A presigned `PutObject` (SigV4 query string, signed locally: no call is made). S3 cannot
    /// bound a presigned PUT's size; the pipeline refuses a file over its limits.
    #[tracing::instrument(skip(self, key), fields(bucket = %self.bucket))]
    async fn presign_put(&self, key: &str, expires_in: std::time::Duration) -> PortResult<String> {
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(expires_in)
            .map_err(|e| PortError::Rejected(format!("the upload link's lifetime is not valid: {e}")))?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(config)
            .await
            .map_err(|e| port_error("s3.PutObject (presign)", &e))?;
        Ok(request.uri().to_string())
    }

    async fn presign_get(&self, key: &str, file_name: &str, expires_in: std::time::Duration) -> PortResult<String> {
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(expires_in)
            .map_err(|e| PortError::Rejected(format!("the download link's lifetime is not valid: {e}")))?;
        let name: String = file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).take(100).collect();
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(format!("attachment; filename=\"{name}\""))
            .presigned(config)
            .await
            .map_err(|e| port_error("s3.GetObject (presign)", &e))?;
        Ok(request.uri().to_string())
    }

    #[tracing::instrument(skip(self, prefix), fields(bucket = %self.bucket))]
    async fn delete_prefix(&self, prefix: &str) -> PortResult<usize> {
        if !prefix.ends_with('/') {
            return Err(PortError::Rejected("a deletion prefix must end in '/'".into()));
        }
        let mut keys = std::collections::BTreeSet::new();
        let (mut key_marker, mut version_marker) = (None::<String>, None::<String>);
        loop {
            let page = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(|e| port_error("s3.ListObjectVersions", &e))?;
            let mut doomed = Vec::new();
            let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
            let markers = page.delete_markers().iter().map(|m| (m.key(), m.version_id()));
            for (key, version) in versions.chain(markers) {
                let Some(key) = key else { continue };
                keys.insert(key.to_string());
                doomed.push((key.to_string(), version.map(str::to_string)));
            }
            // Each version by its id: removed for good (no delete marker is left in its place).
            futures::stream::iter(doomed)
                .map(|(key, version)| async move {
                    self.client.delete_object().bucket(&self.bucket).key(key).set_version_id(version).send().await.map_err(|e| port_error("s3.DeleteObject", &e))
                })
                .buffer_unordered(DELETE_FAN_OUT)
                .try_for_each(|_| async { Ok(()) })
                .await?;
            if page.is_truncated() != Some(true) {
                return Ok(keys.len());
            }
            key_marker = page.next_key_marker().map(str::to_string);
            version_marker = page.next_version_id_marker().map(str::to_string);
        }
    }

    #[tracing::instrument(skip(self, key), fields(bucket = %self.bucket))]
    async fn get(&self, key: &str) -> PortResult<Option<Blob>> {
        let out = match self.client.get_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => out,
            Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => return Ok(None),
            Err(e) => {
                // A 404 without the NoSuchKey shape (some S3-compatible stores) is still a
                // missing key; a missing *bucket* is a deployment fault.
                let failure = Failure::of("s3.GetObject", &e);
                if failure.status == Some(404) && !failure.code_is("NoSuchBucket") {
                    return Ok(None);
                }
                return Err(port_error("s3.GetObject", &e));
            }
        };
        let content_type = out.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|_| PortError::Unavailable("s3.GetObject: the object's body was cut off".into()))?
            .into_bytes()
            .to_vec();
        Ok(Some(Blob { bytes, content_type }))
    }
}
