//! [`MiniLmEmbedder`]: the `Embedder` port on the model. Texts are tokenized, blank ones get the
//! zero vector without a model run, the rest are sorted by length and run in batches of similar
//! length (less padding to compute), and the vectors come back in the caller's order.
//!
//! Inference is CPU-bound for tens to hundreds of milliseconds a run, so the async port runs it
//! on Tokio's blocking pool, one model run at a time: rten already spreads one run over the
//! machine's cores (its own thread pool), and two runs at once would only share them. Turns are
//! taken per model run, not per call, and a small call (a question: [`INTERACTIVE_TEXTS`] texts
//! to compute at most) goes ahead of large ones ([`RunQueue`]): a patient's question waits for
//! at most the one run in progress, never behind a whole document being indexed.
//!
//! The port remembers the vectors of recently embedded texts ([`RecentVectors`]): the offline
//! chat weighs every sentence of the passages it retrieved against the question, and a patient's
//! next question retrieves mostly the same passages, so without it each turn re-ran the model on
//! sentences it had just read (most of a turn's CPU). A text's vector depends only on the text
//! (padding does not change it), so a remembered vector is the vector. Texts are remembered by
//! their SHA-256, never as text, so no record's words outlive the request in memory.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, Semaphore, SemaphorePermit};

use mediclear_ports::PortError;
use mediclear_ports::knowledge::Embedder;

use crate::encoder::{DIMENSIONS, EncoderError, SentenceEncoder};
use crate::model_dir::{self, LoadError, MAX_TOKENS, MODEL_ID, ONNX_FILE, TOKENIZER_FILE};
use crate::tokenizer::WordPieceTokenizer;

/// Texts per model run at most.
const BATCH_TEXTS: usize = 32;
/// Token slots per model run at most (texts × the batch's longest text): bounds the activations'
/// memory (attention scores and the feed-forward layer: tens of MB).
const BATCH_TOKENS: usize = 32 * 128;

/// A call with at most this many texts to compute (a question, a chat turn's few unseen
/// sentences) is served ahead of larger ones (indexing).
pub const INTERACTIVE_TEXTS: usize = 8;

/// Vectors remembered per generation; with the previous generation, at most twice this many
/// (each 1.5 KB and its key: about 55 MB in all) — the sentences of some thousand documents, read
/// ahead as they are indexed.
const RECENT_PER_GENERATION: usize = 16_384;

/// The vectors of recently embedded texts, keyed by the text's SHA-256: two generations, the
/// older dropped whole when the newer fills (a bounded cache without per-entry bookkeeping; a
/// vector read from the older generation moves to the newer).
#[derive(Default)]
pub struct RecentVectors {
    current: HashMap<[u8; 32], Arc<[f32]>>,
    previous: HashMap<[u8; 32], Arc<[f32]>>,
}

impl RecentVectors {
    fn key(text: &str) -> [u8; 32] {
        Sha256::digest(text.as_bytes()).into()
    }

    fn get(&mut self, key: &[u8; 32]) -> Option<Arc<[f32]>> {
        if let Some(v) = self.current.get(key) {
            return Some(v.clone());
        }
        let v = self.previous.remove(key)?;
        self.insert(*key, v.clone());
        Some(v)
    }

    fn insert(&mut self, key: [u8; 32], vector: Arc<[f32]>) {
        if self.current.len() >= RECENT_PER_GENERATION {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(key, vector);
    }

    /// How many vectors are remembered.
    pub fn len(&self) -> usize {
        self.current.len() + self.previous.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Who runs the model next: one run at a time, small calls first. A large call takes a turn per
/// run and gives it back whenever a small call is waiting; small calls take turns among
/// themselves in arrival order (the semaphore is fair).
pub struct RunQueue {
    turn: Semaphore,
    small_waiting: AtomicUsize,
    no_small_waiting: Notify,
    runs: AtomicU64,
}

/// A small call's place in the queue: counted from arrival until it holds the turn (or gives up,
/// its future dropped), so large calls never wait for a small call that left.
struct SmallWaiting<'a>(&'a RunQueue);

impl Drop for SmallWaiting<'_> {
    fn drop(&mut self) {
        if self.0.small_waiting.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.no_small_waiting.notify_waiters();
        }
    }
}

impl RunQueue {
    fn new() -> Self {
        Self { turn: Semaphore::new(1), small_waiting: AtomicUsize::new(0), no_small_waiting: Notify::new(), runs: AtomicU64::new(0) }
    }

    /// The turn for one model run.
    async fn turn(&self, small: bool) -> Result<SemaphorePermit<'_>, PortError> {
        let closed = |_| PortError::Internal("embedding model closed".into());
        if small {
            self.small_waiting.fetch_add(1, Ordering::SeqCst);
            let waiting = SmallWaiting(self);
            let permit = self.turn.acquire().await.map_err(closed)?;
            drop(waiting);
            return Ok(self.counted(permit));
        }
        loop {
            // Registered before the count is read, so a wake-up between the two is not lost.
            let no_small = self.no_small_waiting.notified();
            tokio::pin!(no_small);
            no_small.as_mut().enable();
            if self.small_waiting.load(Ordering::SeqCst) == 0 {
                let permit = self.turn.acquire().await.map_err(closed)?;
                if self.small_waiting.load(Ordering::SeqCst) == 0 {
                    return Ok(self.counted(permit));
                }
                // A small call arrived while this one queued: let it (and any queued with it) by.
                drop(permit);
                continue;
            }
            no_small.await;
        }
    }

    fn counted<'a>(&self, permit: SemaphorePermit<'a>) -> SemaphorePermit<'a> {
        self.runs.fetch_add(1, Ordering::Relaxed);
        permit
    }
}

/// The model runs for `pending` (texts' token ids, sorted by length): ranges of at most
/// [`BATCH_TEXTS`] texts and [`BATCH_TOKENS`] token slots.
fn batches(pending: &[(usize, Vec<u32>)]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < pending.len() {
        // Sorted by length, so the last text taken is the batch's longest.
        let mut n = 1;
        while start + n < pending.len() && n < BATCH_TEXTS && (n + 1) * pending[start + n].1.len() <= BATCH_TOKENS {
            n += 1;
        }
        runs.push(start..start + n);
        start += n;
    }
    runs
}

/// all-MiniLM-L6-v2, loaded once and shared (cloning is cheap, and clones share what they
/// remember and the queue for the model).
#[derive(Clone)]
pub struct MiniLmEmbedder {
    model: Arc<Model>,
    queue: Arc<RunQueue>,
    recent: Arc<Mutex<RecentVectors>>,
}

struct Model {
    tokenizer: WordPieceTokenizer,
    encoder: SentenceEncoder,
}

impl MiniLmEmbedder {
    /// The model in `dir` (`model.onnx`, `tokenizer.json`), after checking both files' checksums.
    /// Blocking: reads 23 MB and prepares the weights.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let tokenizer = WordPieceTokenizer::from_json(&model_dir::read_verified(dir, TOKENIZER_FILE)?, MAX_TOKENS)?;
        let encoder = SentenceEncoder::load(model_dir::read_verified(dir, ONNX_FILE)?)?;
        Ok(Self { model: Arc::new(Model { tokenizer, encoder }), queue: Arc::new(RunQueue::new()), recent: Arc::default() })
    }

    pub fn tokenizer(&self) -> &WordPieceTokenizer {
        &self.model.tokenizer
    }

    pub fn encoder(&self) -> &SentenceEncoder {
        &self.model.encoder
    }

    /// How many texts' vectors the port remembers.
    pub fn remembered(&self) -> usize {
        self.recent().len()
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, RecentVectors> {
        // The cache holds only whole entries, whatever a panicking holder did.
        self.recent.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many model runs the port has started (each at most [`BATCH_TEXTS`] texts).
    pub fn model_runs(&self) -> u64 {
        self.queue.runs.load(Ordering::Relaxed)
    }

    /// The non-blank texts' token ids with their positions, shortest first (less padding a run).
    fn tokenized(&self, texts: &[String]) -> Vec<(usize, Vec<u32>)> {
        let mut pending: Vec<(usize, Vec<u32>)> = texts
            .iter()
            .enumerate()
            .filter(|(_, text)| !self.model.tokenizer.is_blank(text))
            .map(|(i, text)| (i, self.model.tokenizer.encode(text)))
            .collect();
        pending.sort_by_key(|(_, ids)| ids.len());
        pending
    }

    /// The vectors of `texts`, computed on this thread (the benchmark and tests call this; the
    /// port's `embed` runs the same runs on the blocking pool, one turn each).
    pub fn embed_blocking(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let mut vectors = vec![vec![0.0f32; DIMENSIONS]; texts.len()];
        let pending = self.tokenized(texts);
        for run in batches(&pending) {
            let batch = &pending[run];
            let ids: Vec<Vec<u32>> = batch.iter().map(|(_, ids)| ids.clone()).collect();
            for ((i, _), vector) in batch.iter().zip(self.model.encoder.embed(&ids)?) {
                vectors[*i] = vector;
            }
        }
        Ok(vectors)
    }

    /// The vectors of `texts` (none remembered), a queued turn per model run.
    async fn compute(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, PortError> {
        let small = texts.len() <= INTERACTIVE_TEXTS;
        let failed = |e: tokio::task::JoinError| PortError::Internal(format!("embedding task failed: {e}"));
        let mut vectors = vec![vec![0.0f32; DIMENSIONS]; texts.len()];
        let embedder = self.clone();
        let pending = Arc::new(tokio::task::spawn_blocking(move || embedder.tokenized(&texts)).await.map_err(failed)?);
        for run in batches(&pending) {
            let _turn = self.queue.turn(small).await?;
            let (model, texts, batch) = (self.model.clone(), pending.clone(), run.clone());
            let computed = tokio::task::spawn_blocking(move || {
                let ids: Vec<Vec<u32>> = texts[batch].iter().map(|(_, ids)| ids.clone()).collect();
                model.encoder.embed(&ids)
            })
            .await
            .map_err(failed)?
            .map_err(|e| PortError::Internal(format!("embedding model: {e}")))?;
            for ((i, _), vector) in pending[run].iter().zip(computed) {
                vectors[*i] = vector;
            }
        }
        Ok(vectors)
    }
}

#[async_trait]
impl Embedder for MiniLmEmbedder {
    fn model_id(&self) -> &str {
        MODEL_ID
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, PortError> {
        let keys: Vec<[u8; 32]> = texts.iter().map(|t| RecentVectors::key(t)).collect();
        let mut vectors: Vec<Option<Vec<f32>>> = {
            let mut recent = self.recent();
            keys.iter().map(|k| recent.get(k).map(|v| v.to_vec())).collect()
        };
        let missing: Vec<usize> = (0..texts.len()).filter(|i| vectors[*i].is_none()).collect();
        if !missing.is_empty() {
            let computed = self.compute(missing.iter().map(|i| texts[*i].clone()).collect()).await?;
            let mut recent = self.recent();
            for (i, vector) in missing.into_iter().zip(computed) {
                recent.insert(keys[i], Arc::from(vector.as_slice()));
                vectors[i] = Some(vector);
            }
        }
        Ok(vectors.into_iter().map(Option::unwrap_or_default).collect())
    }
}
