//! Password hashing for the offline directory, on a fixed pool: argon2id is memory-hard on
//! purpose (19 MiB per hash), so running one hash per request on the async runtime's blocking
//! pool let a flood of sign-ins hold hundreds of 19 MiB buffers at once, which the allocator kept
//! afterwards. Here [`WORKERS`] threads each own one buffer, allocated once and reused, and at
//! most [`QUEUE`] requests wait for them; past that the caller is told to retry shortly. The
//! memory this costs is fixed: `WORKERS × 19 MiB`, whatever the load.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, OWASP's recommended
//! parameters). A stored hash with larger parameters than the pool's buffer (none that this
//! directory writes) is checked with a buffer of its own.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand_core::OsRng;
use tokio::sync::oneshot;

use mediclear_ports::PortError;

/// Hashing threads. Two keep sign-in latency flat for a clinic's worth of users while leaving
/// the machine's other cores to the rest of the system.
pub const WORKERS: usize = 2;
/// Requests that may wait for a worker before callers are asked to retry.
pub const QUEUE: usize = 64;

/// One unit of work for a hashing thread.
enum Work {
    Hash { password: String, reply: oneshot::Sender<Result<String, PortError>> },
    Verify { password: String, hash: String, reply: oneshot::Sender<bool> },
}

/// The process's hashing pool.
#[derive(Clone)]
pub struct PasswordPool {
    queue: SyncSender<Work>,
}

impl std::fmt::Debug for PasswordPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordPool").field("workers", &WORKERS).finish()
    }
}

/// Why the pool did not answer.
fn busy() -> PortError {
    PortError::Throttled { retry_after_seconds: 1 }
}

impl PasswordPool {
    /// The pool shared by every directory in this process, started on first use.
    pub fn shared() -> PasswordPool {
        static POOL: OnceLock<PasswordPool> = OnceLock::new();
        POOL.get_or_init(PasswordPool::start).clone()
    }

    fn start() -> PasswordPool {
        let (queue, work) = sync_channel(QUEUE);
        let work = Arc::new(Mutex::new(work));
        for n in 0..WORKERS {
            let work = work.clone();
            let spawned = std::thread::Builder::new().name(format!("mediclear-password-{n}")).spawn(move || serve(&work));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password-hashing thread");
            }
        }
        PasswordPool { queue }
    }

    fn submit(&self, work: Work) -> Result<(), PortError> {
        self.queue.try_send(work).map_err(|e| match e {
            TrySendError::Full(_) => busy(),
            TrySendError::Disconnected(_) => PortError::Internal("the password-hashing threads stopped".into()),
        })
    }

    /// A PHC string for a new password, with a fresh salt.
    pub async fn hash(&self, password: &str) -> Result<String, PortError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Work::Hash { password: password.to_string(), reply })?;
        answer.await.map_err(|_| PortError::Internal("a password-hashing thread stopped".into()))?
    }

    /// Whether `password` matches the PHC string `hash`; a malformed hash matches nothing.
    pub async fn verify(&self, password: &str, hash: &str) -> Result<bool, PortError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Work::Verify { password: password.to_string(), hash: hash.to_string(), reply })?;
        answer.await.map_err(|_| PortError::Internal("a password-hashing thread stopped".into()))
    }
}

/// The parameters every new hash uses (argon2's defaults are OWASP's recommendation).
fn params() -> Params {
    Params::default()
}

/// A hashing thread: takes work until the pool is dropped, with one buffer for its whole life.
fn serve(work: &Mutex<Receiver<Work>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let next = match work.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(next) = next else { return };
        if memory.is_empty() {
            memory = vec![Block::default(); params().block_count()];
        }
        match next {
            Work::Hash { password, reply } => {
                let _ = reply.send(hash_with(&password, &mut memory));
            }
            Work::Verify { password, hash, reply } => {
                let _ = reply.send(verify_with(&password, &hash, &mut memory));
            }
        }
    }
}

fn hash_with(password: &str, memory: &mut [Block]) -> Result<String, PortError> {
    let internal = |e: &dyn std::fmt::Display| PortError::Internal(format!("password hashing: {e}"));
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| internal(&e))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon.hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *memory).map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(|e| internal(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params()).try_into().map_err(|e: argon2::password_hash::Error| internal(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

fn verify_with(password: &str, hash: &str, memory: &mut [Block]) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed)) else { return false };
    let version = parsed.version.and_then(|v| Version::try_from(v).ok()).unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let argon = Argon2::new(algorithm, version, params.clone());
    let blocks = params.block_count();
    let mut own;
    let memory = if blocks <= memory.len() {
        &mut memory[..blocks]
    } else {
        own = vec![Block::default(); blocks];
        &mut own[..]
    };
    let computed = Output::init_with(expected.len(), |out| {
        argon.hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *memory).map_err(|_| argon2::password_hash::Error::Crypto)
    });
    // `Output`'s equality is constant-time.
    computed.is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_that_verify() {
        let pool = PasswordPool::shared();
        let hash = pool.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(pool.verify("correct horse battery", &hash).await.unwrap());
        assert!(!pool.verify("correct horse batter", &hash).await.unwrap());
        // Any argon2 implementation reads them.
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
    }

    #[tokio::test]
    async fn hashes_written_by_the_argon2_crate_verify_and_garbage_matches_nothing() {
        use argon2::PasswordHasher;
        let pool = PasswordPool::shared();
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"s3cret", &salt).unwrap().to_string();
        assert!(pool.verify("s3cret", &theirs).await.unwrap());
        // Larger parameters than the pool's buffer get a buffer of their own.
        let bigger = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(32 * 1024, 1, 1, None).unwrap());
        let big = bigger.hash_password(b"s3cret", &salt).unwrap().to_string();
        assert!(pool.verify("s3cret", &big).await.unwrap());
        for garbage in ["", "$argon2id$", "not a hash", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$AAAA"] {
            assert!(!pool.verify("s3cret", garbage).await.unwrap(), "{garbage}");
        }
    }

    #[tokio::test]
    async fn a_flood_is_answered_with_retry_later_rather_than_queued_without_bound() {
        // A pool of its own: flooding the shared one would throttle the other tests of this
        // process that hash at the same moment.
        let pool = PasswordPool::start();
        let hash = pool.hash("pw").await.unwrap();
        let attempts = (0..(QUEUE + WORKERS) * 3).map(|_| {
            let pool = pool.clone();
            let hash = hash.clone();
            tokio::spawn(async move { pool.verify("wrong", &hash).await })
        });
        let mut outcomes = Vec::new();
        for attempt in attempts.collect::<Vec<_>>() {
            outcomes.push(attempt.await);
        }
        let busy = outcomes.iter().filter(|o| matches!(o, Ok(Err(PortError::Throttled { .. })))).count();
        let answered = outcomes.iter().filter(|o| matches!(o, Ok(Ok(false)))).count();
        assert_eq!(busy + answered, outcomes.len());
        assert!(busy > 0, "past the queue, callers are asked to retry");
        assert!(answered >= QUEUE, "the queue's worth is answered");
    }
}
