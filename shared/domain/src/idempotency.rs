//! `Idempotency-Key`: a client that retries a creating request after a lost answer (a reset
//! connection, a timeout) gets the first answer again instead of creating a second record.
//!
//! The rules, as Stripe's API and the IETF draft "The Idempotency-Key HTTP Header Field" set
//! them: a key is the client's string (1–255 visible ASCII characters, a UUID by convention);
//! it is scoped to the caller and the operation, so two clients' keys never meet; the same key
//! with the same request within 24 hours returns the stored first answer; the same key with a
//! different request is refused (422), because answering it either way would be a lie.
//!
//! Keys and requests are stored only as SHA-256 digests: a key may be any client text and a
//! request body may hold patient data, and neither belongs in the idempotency table.

use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::validation::ValidationError;

/// The header's name.
pub const HEADER: &str = "idempotency-key";

/// How long a first answer is kept.
pub fn retention() -> Duration {
    Duration::hours(24)
}

/// A valid `Idempotency-Key` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MAX_LEN: usize = 255;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let key = raw.trim();
        // Structured-field strings are sometimes sent quoted, as the draft writes them.
        let key = key.strip_prefix('"').and_then(|k| k.strip_suffix('"')).unwrap_or(key);
        if key.is_empty() || key.len() > Self::MAX_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ValidationError::invalid(
                "idempotency_key",
                format!("the Idempotency-Key header must be 1-{} visible ASCII characters (a UUID, say)", Self::MAX_LEN),
            ));
        }
        Ok(Self(key.to_string()))
    }

    /// The stored id of this key for `subject` calling `operation`: a digest, so the stored id
    /// carries neither the client's text nor who sent it.
    pub fn scoped(&self, subject: &str, operation: &str) -> String {
        digest(&[subject.as_bytes(), operation.as_bytes(), self.0.as_bytes()])
    }
}

/// The fingerprint of a request's content, compared when a key comes back.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    digest(parts)
}

/// SHA-256 of the parts, each prefixed with its length so that no two splits of the same bytes
/// collide; lower-case hex.
fn digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255_characters() {
        assert!(IdempotencyKey::parse("8e03978e-40d5-43e8-bc93-6894a57f9324").is_ok());
        assert_eq!(IdempotencyKey::parse("\"abc\"").unwrap(), IdempotencyKey::parse("abc").unwrap());
        for bad in ["", "   ", "has space", "tab\there", "é", &"k".repeat(256)] {
            let error = IdempotencyKey::parse(bad).unwrap_err();
            assert_eq!(error.code, "INVALID_IDEMPOTENCY_KEY", "{bad:?}");
            assert!(!error.message.contains(bad) || bad.trim().is_empty(), "the key is not echoed");
        }
    }

    #[test]
    fn the_same_key_is_a_different_id_for_another_caller_or_operation() {
        let key = IdempotencyKey::parse("retry-1").unwrap();
        let id = key.scoped("alice", "POST /cases");
        assert_eq!(id, key.scoped("alice", "POST /cases"));
        assert_ne!(id, key.scoped("bob", "POST /cases"));
        assert_ne!(id, key.scoped("alice", "POST /records"));
        assert_eq!(id.len(), 64);
        assert!(!id.contains("retry"));
    }

    #[test]
    fn fingerprints_tell_splits_apart() {
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_eq!(fingerprint(&[b"same"]), fingerprint(&[b"same"]));
    }
}
