//! S3 `PutObject` as one SigV4-signed HTTP `PUT`, without the SDK's operation.
//!
//! The SDK's `PutObject` carries S3's flexible checksums, and their CRC library links a lookup
//! table for every CRC it knows — 0.59 MB of a Lambda's zip, with no feature to leave them out
//! (README, Benchmarks). A function that writes objects but never reads one back can store them
//! with a plain `PUT` instead: signed by `aws-sigv4`, the signer the SDK itself uses, with the
//! payload's SHA-256 in `x-amz-content-sha256` (so S3 still checks the bytes it receives), sent on
//! the HTTP and TLS stack the SDK already links. [`SignedPutBlobs`] is the documents bucket with
//! its `put` done this way and every other operation the SDK's.
//!
//! Addressing follows the SDK's: virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/<key>`)
//! on AWS, path-style for a bucket whose name has a dot (its TLS name would not match) and for a
//! configured endpoint (`AWS_ENDPOINT_URL`: emulators). A test checks the URL against the SDK's own
//! presigned one for awkward keys.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings, UriPathNormalizationMode, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;

use mediclear_ports::PortError;
use mediclear_ports::blobs::{Blob, BlobStore};
use mediclear_ports::error::PortResult;

use crate::blobs::S3BlobStore;
use crate::id_tokens::https_connector;

/// How long one `PUT` may take, connection included.
const PUT_TIMEOUT: Duration = Duration::from_secs(60);

type Https = HttpClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Signed `PUT`s of objects into one bucket.
#[derive(Clone)]
pub struct SignedPut {
    /// Made at the first `put`: loading the system's TLS roots would otherwise add milliseconds
    /// to every cold start, including those that store nothing.
    http: OnceLock<Https>,
    credentials: Option<SharedCredentialsProvider>,
    region: String,
    endpoint: Option<String>,
    bucket: String,
}

impl std::fmt::Debug for SignedPut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedPut").field("bucket", &self.bucket).field("region", &self.region).finish_non_exhaustive()
    }
}

/// S3's URI encoding of one path segment: everything but `A-Z a-z 0-9 - _ . ~` as `%XX`.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn encode_key(key: &str) -> String {
    key.split('/').map(encode_segment).collect::<Vec<_>>().join("/")
}

impl SignedPut {
    pub fn new(config: &SdkConfig, bucket: impl Into<String>) -> Self {
        Self {
            http: OnceLock::new(),
            credentials: config.credentials_provider(),
            region: config.region().map_or_else(|| "us-east-1".to_string(), |r| r.to_string()),
            endpoint: config.endpoint_url().map(|e| e.trim_end_matches('/').to_string()),
            bucket: bucket.into(),
        }
    }

    /// Where `key` is written.
    pub fn url(&self, key: &str) -> String {
        let key = encode_key(key);
        match &self.endpoint {
            Some(endpoint) => format!("{endpoint}/{}/{key}", self.bucket),
            None if self.bucket.contains('.') => format!("https://s3.{}.amazonaws.com/{}/{key}", self.region, self.bucket),
            None => format!("https://{}.s3.{}.amazonaws.com/{key}", self.bucket, self.region),
        }
    }

    async fn identity(&self) -> PortResult<Identity> {
        let provider = self.credentials.as_ref().ok_or_else(|| PortError::Internal("s3.PutObject: no AWS credentials are configured".into()))?;
        let credentials = provider.provide_credentials().await.map_err(|e| PortError::Unavailable(format!("s3.PutObject: no credentials: {e}")))?;
        Ok(credentials.into())
    }

    /// Stores `bytes` at `key`.
    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()> {
        let url = self.url(key);
        let identity = self.identity().await?;
        let length = bytes.len().to_string();
        let headers = [("content-type", content_type), ("content-length", length.as_str())];
        let signature = signature_headers(&url, &headers, &bytes, &identity, &self.region, SystemTime::now())?;
        let mut request = http::Request::builder().method("PUT").uri(&url);
        for (name, value) in headers.iter().copied().chain(signature.iter().map(|(n, v)| (n.as_str(), v.as_str()))) {
            request = request.header(name, value);
        }
        let request = request.body(Full::new(Bytes::from(bytes))).map_err(|e| PortError::Internal(format!("s3.PutObject: request: {e}")))?;
        let http = self.http.get_or_init(|| HttpClient::builder(hyper_util::rt::TokioExecutor::new()).build(https_connector()));
        let response = tokio::time::timeout(PUT_TIMEOUT, http.request(request))
            .await
            .map_err(|_| PortError::Unavailable("s3.PutObject: timed out".into()))?
            .map_err(|e| PortError::Unavailable(format!("s3.PutObject: {e}")))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // S3's error document names the code; nothing of the object is in it.
        let body = tokio::time::timeout(PUT_TIMEOUT, response.into_body().collect()).await.ok().and_then(Result::ok).map(|b| b.to_bytes()).unwrap_or_default();
        let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
        let code = text.split_once("<Code>").and_then(|(_, rest)| rest.split_once("</Code>")).map_or("", |(code, _)| code);
        let reason = format!("s3.PutObject: {} {code}", status.as_u16());
        Err(match status.as_u16() {
            429 | 500 | 502 | 503 | 504 => PortError::Unavailable(reason),
            _ if code == "SlowDown" || code == "RequestTimeout" => PortError::Unavailable(reason),
            _ => PortError::Internal(reason),
        })
    }
}

/// The headers that sign a `PUT` of `body` to `url` carrying `headers`, at `time`: S3's SigV4
/// with the payload's SHA-256 (`x-amz-content-sha256`), `x-amz-date`, the session token when
/// the credentials have one, and `authorization`.
pub fn signature_headers(url: &str, headers: &[(&str, &str)], body: &[u8], identity: &Identity, region: &str, time: SystemTime) -> PortResult<Vec<(String, String)>> {
    let signing = |e: &dyn std::fmt::Display| PortError::Internal(format!("s3.PutObject: signing: {e}"));
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    let params = v4::SigningParams::builder().identity(identity).region(region).name("s3").time(time).settings(settings).build().map_err(|e| signing(&e))?.into();
    let signable = SignableRequest::new("PUT", url, headers.iter().copied(), SignableBody::Bytes(body)).map_err(|e| signing(&e))?;
    let (instructions, _) = sign(signable, &params).map_err(|e| signing(&e))?.into_parts();
    Ok(instructions.headers().map(|(name, value)| (name.to_string(), value.to_string())).collect())
}

/// The documents bucket with `put` as a signed `PUT` ([`SignedPut`]) and every other operation
/// the SDK's: for functions that store objects and read none, so the SDK's checksum code is not
/// linked.
#[derive(Debug)]
pub struct SignedPutBlobs {
    put: SignedPut,
    rest: Arc<S3BlobStore>,
}

impl SignedPutBlobs {
    pub fn new(config: &SdkConfig, bucket: impl Into<String>) -> Self {
        let bucket = bucket.into();
        Self { put: SignedPut::new(config, bucket.clone()), rest: Arc::new(S3BlobStore::new(config, bucket)) }
    }
}

#[async_trait]
impl BlobStore for SignedPutBlobs {
    #[tracing::instrument(skip(self, key, bytes), fields(bytes = bytes.len()))]
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()> {
        self.put.put(key, bytes, content_type).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Blob>> {
        self.rest.get(key).await
    }

    async fn delete_prefix(&self, prefix: &str) -> PortResult<usize> {
        self.rest.delete_prefix(prefix).await
    }

    async fn presign_put(&self, key: &str, expires_in: Duration) -> PortResult<String> {
        self.rest.presign_put(key, expires_in).await
    }

    async fn presign_get(&self, key: &str, file_name: &str, expires_in: Duration) -> PortResult<String> {
        self.rest.presign_get(key, file_name, expires_in).await
    }
}
