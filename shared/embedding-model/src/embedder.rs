//! [`MiniLmEmbedder`]: the `Embedder` port on the model. Texts are tokenized, blank ones get the
//! zero vector without a model run, the rest are sorted by length and run in batches of similar
//! length (less padding to compute), and the vectors come back in the caller's order.
//!
//! Inference is CPU-bound for tens to hundreds of milliseconds, so the async port runs it on
//! Tokio's blocking pool, one call at a time: rten already spreads one run over the machine's
//! cores (its own thread pool), and two runs at once would only share them.
//!
//! The port remembers the vectors of recently embedded texts ([`RecentVectors`]): the offline
//! chat weighs every sentence of the passages it retrieved against the question, and a patient's
//! next question retrieves mostly the same passages, so without it each turn re-ran the model on
//! sentences it had just read (most of a turn's CPU). A text's vector depends only on the text
//! (padding does not change it), so a remembered vector is the vector. Texts are remembered by
//! their SHA-256, never as text, so no record's words outlive the request in memory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

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

/// all-MiniLM-L6-v2, loaded once and shared (cloning is cheap, and clones share what they
/// remember).
#[derive(Clone)]
pub struct MiniLmEmbedder {
    model: Arc<Model>,
    one_run_at_a_time: Arc<Semaphore>,
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
        Ok(Self { model: Arc::new(Model { tokenizer, encoder }), one_run_at_a_time: Arc::new(Semaphore::new(1)), recent: Arc::default() })
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

    /// The vectors of `texts`, computed on this thread (the benchmark and tests call this; the
    /// port's `embed` runs it on the blocking pool).
    pub fn embed_blocking(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let mut vectors = vec![vec![0.0f32; DIMENSIONS]; texts.len()];
        let mut pending: Vec<(usize, Vec<u32>)> = texts
            .iter()
            .enumerate()
            .filter(|(_, text)| !self.model.tokenizer.is_blank(text))
            .map(|(i, text)| (i, self.model.tokenizer.encode(text)))
            .collect();
        pending.sort_by_key(|(_, ids)| ids.len());
        let mut rest = pending.as_slice();
        while !rest.is_empty() {
            // Sorted by length, so the last text taken is the batch's longest.
            let mut n = 1;
            while n < rest.len() && n < BATCH_TEXTS && (n + 1) * rest[n].1.len() <= BATCH_TOKENS {
                n += 1;
            }
            let (batch, after) = rest.split_at(n);
            let ids: Vec<Vec<u32>> = batch.iter().map(|(_, ids)| ids.clone()).collect();
            for ((i, _), vector) in batch.iter().zip(self.model.encoder.embed(&ids)?) {
                vectors[*i] = vector;
            }
            rest = after;
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
            let _turn = self.one_run_at_a_time.acquire().await.map_err(|_| PortError::Internal("embedding model closed".into()))?;
            let (embedder, unseen) = (self.clone(), missing.iter().map(|i| texts[*i].clone()).collect::<Vec<_>>());
            let computed = tokio::task::spawn_blocking(move || embedder.embed_blocking(&unseen))
                .await
                .map_err(|e| PortError::Internal(format!("embedding task failed: {e}")))?
                .map_err(|e| PortError::Internal(format!("embedding model: {e}")))?;
            let mut recent = self.recent();
            for (i, vector) in missing.into_iter().zip(computed) {
                recent.insert(keys[i], Arc::from(vector.as_slice()));
                vectors[i] = Some(vector);
            }
        }
        Ok(vectors.into_iter().map(Option::unwrap_or_default).collect())
    }
}
