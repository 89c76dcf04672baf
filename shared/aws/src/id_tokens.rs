//! Verifying Cognito ID tokens ([`TokenVerifier`]) — used by the WebSocket `$connect` Lambda
//! authorizer, where API Gateway's Cognito authorizer is not available.
//!
//! A token is accepted when: it is a three-part JWS with `alg` RS256 (nothing else — no `none`, no
//! HMAC with a public key as secret); its `kid` names a key in the pool's JWKS and the signature
//! checks out; `exp` is in the future; `iss` is the pool's issuer; `token_use` is `id`; `aud` is
//! the app client; and the claims make a [`Caller`]. Any failure is `Rejected` with a short reason.
//!
//! The JWKS (`{issuer}/.well-known/jwks.json`) is fetched on first use and cached. A token signed
//! with an unknown `kid` (Cognito rotated its keys) triggers one refetch, at most once a minute, so
//! a flood of forged tokens cannot turn into a flood of JWKS requests. The fetch uses the HTTP and
//! TLS stack the SDK already compiles (hyper + rustls on aws-lc).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use mediclear_domain::identity::Caller;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::identity::TokenVerifier;
use serde::Deserialize;
use serde_json::{Map, Value};
use tokio::sync::{Mutex, RwLock};

/// The least time between two JWKS fetches triggered by unknown key ids.
const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// How long a JWKS fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest JWKS document read.
const MAX_JWKS_BYTES: usize = 64 * 1024;

type Https = HttpClient<hyper_rustls::HttpsConnector<HttpConnector>, Empty<Bytes>>;

#[derive(Debug, Clone, PartialEq, Eq)]
struct RsaKey {
    n: Vec<u8>,
    e: Vec<u8>,
}

#[derive(Debug, Default)]
struct KeyCache {
    keys: HashMap<String, RsaKey>,
    fetched_at: Option<Instant>,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: String,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
}

/// Verifies the ID tokens of one user pool and app client.
pub struct CognitoTokenVerifier {
    issuer: String,
    jwks_url: String,
    client_id: String,
    http: Https,
    cache: RwLock<KeyCache>,
    refetch: Mutex<()>,
}

impl std::fmt::Debug for CognitoTokenVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CognitoTokenVerifier").field("issuer", &self.issuer).field("jwks_url", &self.jwks_url).finish_non_exhaustive()
    }
}

fn rejected(reason: &str) -> PortError {
    PortError::Rejected(format!("the token is not valid: {reason}"))
}

fn https_client() -> Https {
    HttpClient::builder(TokioExecutor::new()).build(https_connector())
}

/// HTTPS (or plain HTTP, for emulators) on the rustls/aws-lc stack the SDK links, with the
/// system's roots.
pub(crate) fn https_connector() -> hyper_rustls::HttpsConnector<HttpConnector> {
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = match builder.with_provider_and_native_roots(provider.clone()) {
        Ok(b) => b,
        // No system roots (a bare container): plain-HTTP JWKS endpoints (emulators) still work,
        // HTTPS ones fail their handshake and surface as `Unavailable`.
        Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
            rustls::ClientConfig::builder_with_provider(provider.into())
                .with_safe_default_protocol_versions()
                .expect("default protocol versions")
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth(),
        ),
    };
    builder.https_or_http().enable_http1().build()
}

impl CognitoTokenVerifier {
    /// The issuer of a Cognito user pool's tokens.
    pub fn issuer_for(region: &str, user_pool_id: &str) -> String {
        format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}")
    }

    /// A verifier for a user pool on AWS: issuer and JWKS URL follow from region and pool id.
    pub fn new(region: &str, user_pool_id: &str, client_id: impl Into<String>) -> Self {
        let issuer = Self::issuer_for(region, user_pool_id);
        let jwks_url = format!("{issuer}/.well-known/jwks.json");
        Self::with_issuer(issuer, jwks_url, client_id)
    }

    /// A verifier for a user pool in the SDK config's region (the function's own region). Where
    /// the config sends AWS calls elsewhere (`AWS_ENDPOINT_URL`, an emulator), the key set is
    /// fetched from there too, at the path Cognito uses (`/{pool}/.well-known/jwks.json`); the
    /// issuer tokens must carry stays the region's.
    pub fn for_region_of(config: &aws_config::SdkConfig, user_pool_id: &str, client_id: impl Into<String>) -> Self {
        let region = config.region().map(|r| r.as_ref().to_string()).unwrap_or_else(|| "us-east-1".into());
        match config.endpoint_url() {
            Some(endpoint) => Self::with_issuer(
                Self::issuer_for(&region, user_pool_id),
                format!("{}/{user_pool_id}/.well-known/jwks.json", endpoint.trim_end_matches('/')),
                client_id,
            ),
            None => Self::new(&region, user_pool_id, client_id),
        }
    }

    /// A verifier with an explicit issuer and JWKS URL (an emulator serves the JWKS elsewhere
    /// than the issuer it writes into tokens).
    pub fn with_issuer(issuer: impl Into<String>, jwks_url: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            jwks_url: jwks_url.into(),
            client_id: client_id.into(),
            http: https_client(),
            cache: RwLock::new(KeyCache::default()),
            refetch: Mutex::new(()),
        }
    }

    async fn fetch_keys(&self) -> PortResult<HashMap<String, RsaKey>> {
        let unavailable = |why: &str| PortError::Unavailable(format!("jwks: {why}"));
        let uri: http::Uri = self.jwks_url.parse().map_err(|_| PortError::Internal("the JWKS URL is not a valid URI".into()))?;
        let request = async {
            let response = self.http.get(uri).await.map_err(|_| unavailable("the request failed"))?;
            if !response.status().is_success() {
                return Err(unavailable(&format!("HTTP {}", response.status().as_u16())));
            }
            let body = response.into_body().collect().await.map_err(|_| unavailable("the body was cut off"))?.to_bytes();
            Ok(body)
        };
        let body = tokio::time::timeout(FETCH_TIMEOUT, request).await.map_err(|_| unavailable("timed out"))??;
        if body.len() > MAX_JWKS_BYTES {
            return Err(unavailable("the key set is too large"));
        }
        let jwks: Jwks = serde_json::from_slice(&body).map_err(|_| unavailable("the key set is not JSON"))?;
        let mut keys = HashMap::new();
        for key in jwks.keys {
            if key.kty != "RSA" || key.alg.as_deref().is_some_and(|a| a != "RS256") {
                continue;
            }
            let (Some(kid), Some(n), Some(e)) = (key.kid, key.n, key.e) else { continue };
            let (Ok(n), Ok(e)) = (URL_SAFE_NO_PAD.decode(n.trim_end_matches('=')), URL_SAFE_NO_PAD.decode(e.trim_end_matches('='))) else {
                continue;
            };
            keys.insert(kid, RsaKey { n, e });
        }
        tracing::info!(keys = keys.len(), "fetched the user pool's signing keys");
        Ok(keys)
    }

    /// The key for `kid`, fetching the key set on first use and (rate-limited) on an unknown kid.
    async fn key(&self, kid: &str) -> PortResult<RsaKey> {
        {
            let cache = self.cache.read().await;
            if let Some(key) = cache.keys.get(kid) {
                return Ok(key.clone());
            }
            if cache.fetched_at.is_some_and(|at| at.elapsed() < MIN_REFETCH_INTERVAL) {
                return Err(rejected("unknown signing key"));
            }
        }
        let _one_fetch_at_a_time = self.refetch.lock().await;
        {
            // Another task may have fetched while this one waited.
            let cache = self.cache.read().await;
            if let Some(key) = cache.keys.get(kid) {
                return Ok(key.clone());
            }
            if cache.fetched_at.is_some_and(|at| at.elapsed() < MIN_REFETCH_INTERVAL) {
                return Err(rejected("unknown signing key"));
            }
        }
        let keys = self.fetch_keys().await?;
        let mut cache = self.cache.write().await;
        cache.keys = keys;
        cache.fetched_at = Some(Instant::now());
        cache.keys.get(kid).cloned().ok_or_else(|| rejected("unknown signing key"))
    }

    /// Checks every claim but the signature; returns the caller.
    fn check_claims(&self, claims: &Map<String, Value>, now: i64) -> PortResult<Caller> {
        let exp = claims.get("exp").and_then(Value::as_i64).ok_or_else(|| rejected("no expiry"))?;
        if exp <= now {
            return Err(rejected("expired"));
        }
        if claims.get("iss").and_then(Value::as_str) != Some(self.issuer.as_str()) {
            return Err(rejected("another issuer"));
        }
        if claims.get("token_use").and_then(Value::as_str) != Some("id") {
            return Err(rejected("not an ID token"));
        }
        let audience_ok = match claims.get("aud") {
            Some(Value::String(aud)) => *aud == self.client_id,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(self.client_id.as_str())),
            _ => false,
        };
        if !audience_ok {
            return Err(rejected("another audience"));
        }
        Caller::from_claims(claims).map_err(|e| PortError::Rejected(e.to_string()))
    }
}

fn decode_json(part: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[async_trait]
impl TokenVerifier for CognitoTokenVerifier {
    #[tracing::instrument(skip(self, token))]
    async fn verify(&self, token: &str) -> PortResult<Caller> {
        let mut parts = token.trim().split('.');
        let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(rejected("not a JWT"));
        };
        let header_json = decode_json(header).ok_or_else(|| rejected("unreadable header"))?;
        if header_json.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(rejected("unsupported algorithm"));
        }
        let kid = header_json.get("kid").and_then(Value::as_str).ok_or_else(|| rejected("no key id"))?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| rejected("unreadable signature"))?;
        let claims = decode_json(payload).ok_or_else(|| rejected("unreadable claims"))?;

        let key = self.key(kid).await?;
        let signed = &token.trim()[..header.len() + 1 + payload.len()];
        aws_lc_rs::signature::RsaPublicKeyComponents { n: key.n.as_slice(), e: key.e.as_slice() }
            .verify(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256, signed.as_bytes(), &signature)
            .map_err(|_| rejected("bad signature"))?;
        self.check_claims(&claims, chrono::Utc::now().timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verifier() -> CognitoTokenVerifier {
        CognitoTokenVerifier::new("us-east-1", "us-east-1_pool", "client-1")
    }

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn good() -> Value {
        json!({
            "sub": "s-1", "cognito:username": "clinic", "cognito:groups": ["provider"], "custom:provider_id": "PRV-001",
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool", "aud": "client-1", "token_use": "id", "exp": 2000
        })
    }

    #[tokio::test]
    async fn claims_are_checked_one_by_one() {
        let v = verifier();
        assert_eq!(v.check_claims(&claims(good()), 1000).unwrap().provider_id().unwrap().as_str(), "PRV-001");
        let cases = [
            ("exp", json!(1000), "expired"),
            ("iss", json!("https://cognito-idp.us-east-1.amazonaws.com/other"), "another issuer"),
            ("token_use", json!("access"), "not an ID token"),
            ("aud", json!("client-2"), "another audience"),
            ("cognito:groups", json!([]), "no MediClear role"),
        ];
        for (name, value, reason) in cases {
            let mut c = good();
            c[name] = value;
            let err = v.check_claims(&claims(c), 1000).unwrap_err();
            assert!(matches!(&err, PortError::Rejected(r) if r.contains(reason)), "{name}: {err}");
        }
    }

    #[tokio::test]
    async fn malformed_tokens_are_rejected_before_any_fetch() {
        let v = verifier();
        for token in ["", "a.b", "a.b.c.d", "not-a-token"] {
            assert!(matches!(v.verify(token).await, Err(PortError::Rejected(_))), "{token}");
        }
        let none_alg = format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#), URL_SAFE_NO_PAD.encode(good().to_string()));
        assert!(matches!(v.verify(&none_alg).await, Err(PortError::Rejected(r)) if r.contains("algorithm")));
    }
}
