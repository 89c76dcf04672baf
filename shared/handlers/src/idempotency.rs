//! `Idempotency-Key` on creating requests (cases, records, policies, users): the same key and
//! the same request within 24 hours get the first answer again — marked `Idempotent-Replayed:
//! true` — and create nothing; the same key with a different request is 422
//! `IDEMPOTENCY_KEY_REUSED`. The rules are `mediclear_domain::idempotency`'s; the storage is the
//! `IdempotencyStore` port, whose answers are written in the same transaction as the record
//! (`CaseWriter::create_once`, `JobStore::create_once`).
//!
//! A handler calls [`Idempotency::begin`] once it has authorized and validated the request:
//! either it replays, or it goes on with an optional [`Claim`] whose [`Claim::answer`] it writes
//! together with its record. A write that loses the race to a concurrent request with the same
//! key is answered with the winner's answer ([`Idempotency::replay_winner`]).

use std::sync::Arc;

use axum::response::Response;
use chrono::{Timelike, Utc};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::Value;

use mediclear_domain::idempotency::{HEADER, IdempotencyKey, fingerprint, retention};
use mediclear_domain::validation::ValidationError;
use mediclear_http::ApiError;
use mediclear_http::envelope::pending;
use mediclear_ports::PortError;
use mediclear_ports::idempotency::{IdempotencyRecord, IdempotencyStore, KEY_TAKEN};

/// The header a replayed answer carries.
pub const REPLAYED: &str = "idempotent-replayed";

#[derive(Clone)]
pub struct Idempotency {
    pub store: Arc<dyn IdempotencyStore>,
}

/// How a creating request goes on.
pub enum Begin {
    /// Not seen before; `Some` when it carries a key, whose answer must be stored.
    Fresh(Option<Claim>),
    /// Seen before with the same request: this is the first answer.
    Replay(Response),
}

/// A keyed request that has no answer yet.
#[derive(Debug, Clone)]
pub struct Claim {
    key: String,
    fingerprint: String,
}

impl Claim {
    /// The record of the answer this request is about to give.
    pub fn answer(&self, status: StatusCode, envelope: &Value) -> IdempotencyRecord {
        // Whole seconds: DynamoDB's TTL attribute holds epoch seconds.
        let now = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
        IdempotencyRecord {
            key: self.key.clone(),
            fingerprint: self.fingerprint.clone(),
            status: status.as_u16(),
            response: envelope.clone(),
            created_at: now,
            expires_at: now + retention(),
        }
    }

    /// The stored answer for this request, or 422 when the key was used for another request.
    fn replay(&self, record: &IdempotencyRecord) -> Result<Response, ApiError> {
        if record.fingerprint != self.fingerprint {
            return Err(ApiError::unprocessable(
                "IDEMPOTENCY_KEY_REUSED",
                "this Idempotency-Key was already used for a different request; use a new key for a new request",
            ));
        }
        let status = StatusCode::from_u16(record.status).map_err(|e| ApiError::internal(&e))?;
        let mut response = pending(status, record.response.clone());
        response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
        Ok(response)
    }
}

/// Whether a write failed because the key already has an answer.
pub fn is_key_taken(error: &PortError) -> bool {
    matches!(error, PortError::Conflict(reason) if reason == KEY_TAKEN)
}

impl Idempotency {
    /// Reads the request's key, if any: a replay, or how to go on. `operation` names the route
    /// (`POST /api/v1/preauth/cases`); `request` is the request's content in a canonical form
    /// (see [`canonical_json`]), which a retry must repeat exactly.
    pub async fn begin(&self, headers: &HeaderMap, subject: &str, operation: &str, request: &[&[u8]]) -> Result<Begin, ApiError> {
        let Some(raw) = headers.get(HEADER) else { return Ok(Begin::Fresh(None)) };
        let key = raw
            .to_str()
            .map_err(|_| ValidationError::invalid("idempotency_key", "the Idempotency-Key header must be visible ASCII characters"))
            .and_then(IdempotencyKey::parse)?;
        let claim = Claim { key: key.scoped(subject, operation), fingerprint: fingerprint(request) };
        match self.store.find(&claim.key).await.map_err(|e| ApiError::from_port(e, "idempotency key"))? {
            Some(record) => claim.replay(&record).map(Begin::Replay),
            None => Ok(Begin::Fresh(Some(claim))),
        }
    }

    /// The answer of the concurrent request that took the key first.
    pub async fn replay_winner(&self, claim: &Claim) -> Result<Response, ApiError> {
        match self.store.find(&claim.key).await.map_err(|e| ApiError::from_port(e, "idempotency key"))? {
            Some(record) => claim.replay(&record),
            // Taken and gone again within the same instant: the winner failed and freed it.
            None => Err(ApiError::conflict("IDEMPOTENCY_KEY_IN_USE", "another request with this Idempotency-Key is being processed; retry")),
        }
    }

    /// Stores the answer of a record that could not share its transaction (a user, created in
    /// the directory): answers the winner's answer if a concurrent request stored one first.
    pub async fn save(&self, claim: &Claim, answer: &IdempotencyRecord) -> Result<Option<Response>, ApiError> {
        match self.store.save(answer).await {
            Ok(()) => Ok(None),
            Err(e) if is_key_taken(&e) => self.replay_winner(claim).await.map(Some),
            // The record exists; only its replay is lost. Answer, and let a retry find the record.
            Err(e) => {
                tracing::warn!(error = %e, "could not store an idempotent answer");
                Ok(None)
            }
        }
    }

    /// Replaces a stored answer that changed after the record was written.
    pub async fn update(&self, answer: &IdempotencyRecord) {
        if let Err(e) = self.store.replace(answer).await {
            tracing::warn!(error = %e, "could not update an idempotent answer");
        }
    }

    /// Frees the key of a request that failed after its record was written, so that a retry
    /// runs again instead of replaying a success that did not happen.
    pub async fn forget(&self, claim: &Claim) {
        if let Err(e) = self.store.forget(&claim.key).await {
            tracing::warn!(error = %e, "could not free an idempotency key");
        }
    }
}

/// A JSON value's canonical bytes: object keys sorted at every level, no insignificant
/// whitespace, so that the same request serialised differently fingerprints the same.
pub fn canonical_json(value: &Value) -> Vec<u8> {
    fn write(value: &Value, out: &mut Vec<u8>) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                out.push(b'{');
                for (index, (key, value)) in entries.into_iter().enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    out.extend(serde_json::to_vec(key).unwrap_or_default());
                    out.push(b':');
                    write(value, out);
                }
                out.push(b'}');
            }
            Value::Array(items) => {
                out.push(b'[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    write(item, out);
                }
                out.push(b']');
            }
            scalar => out.extend(serde_json::to_vec(scalar).unwrap_or_default()),
        }
    }
    let mut out = Vec::new();
    write(value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_ignores_key_order_and_spacing() {
        let a: Value = serde_json::from_str(r#"{"b": [1, {"y": 2, "x": 1}], "a": "é"}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":"é","b":[1,{"x":1,"y":2}]}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_ne!(canonical_json(&json!({"a": [1, 2]})), canonical_json(&json!({"a": [2, 1]})));
    }
}
