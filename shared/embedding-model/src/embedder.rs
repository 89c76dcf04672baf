//! [`MiniLmEmbedder`]: the `Embedder` port on the model. Texts are tokenized, blank ones get the
//! zero vector without a model run, the rest are sorted by length and run in batches of similar
//! length (less padding to compute), and the vectors come back in the caller's order.
//!
//! Inference is CPU-bound for tens to hundreds of milliseconds, so the async port runs it on
//! Tokio's blocking pool, one call at a time: rten already spreads one run over the machine's
//! cores (its own thread pool), and two runs at once would only share them.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
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

/// all-MiniLM-L6-v2, loaded once and shared (cloning is cheap).
#[derive(Clone)]
pub struct MiniLmEmbedder {
    model: Arc<Model>,
    one_run_at_a_time: Arc<Semaphore>,
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
        Ok(Self { model: Arc::new(Model { tokenizer, encoder }), one_run_at_a_time: Arc::new(Semaphore::new(1)) })
    }

    pub fn tokenizer(&self) -> &WordPieceTokenizer {
        &self.model.tokenizer
    }

    pub fn encoder(&self) -> &SentenceEncoder {
        &self.model.encoder
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
        let _turn = self.one_run_at_a_time.acquire().await.map_err(|_| PortError::Internal("embedding model closed".into()))?;
        let (embedder, texts) = (self.clone(), texts.to_vec());
        tokio::task::spawn_blocking(move || embedder.embed_blocking(&texts))
            .await
            .map_err(|e| PortError::Internal(format!("embedding task failed: {e}")))?
            .map_err(|e| PortError::Internal(format!("embedding model: {e}")))
    }
}
