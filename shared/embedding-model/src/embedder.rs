//! [`MiniLmEmbedder`]: the `Embedder` port on the model. Texts are tokenized, blank ones get the
//! zero vector without a model run, the rest are sorted by length and run in batches of similar
//! length (less padding to compute), and the vectors come back in the caller's order.
//!
//! Inference is CPU-bound for tens to hundreds of milliseconds a run, so the async port hands it
//! to a thread of its own, one model run at a time: rten already spreads one run over the
//! machine's cores (its own thread pool), and two runs at once would only share them. Runs are
//! queued one by one, not a call's all at once, and a small call (a question:
//! [`INTERACTIVE_TEXTS`] texts to compute at most) goes ahead of large ones, never more than
//! [`SMALL_RUNS_IN_A_ROW`] in a row while a document waits ([`RunQueue`]): a patient's question
//! waits for about one run, not behind every document being indexed, and indexing keeps a third
//! of the model at least.
//!
//! The port remembers the vectors of recently embedded texts ([`RecentVectors`]): the offline
//! chat weighs every sentence of the passages it retrieved against the question, and a patient's
//! next question retrieves mostly the same passages, so without it each turn re-ran the model on
//! sentences it had just read (most of a turn's CPU). A text's vector depends only on the text
//! (padding does not change it), so a remembered vector is the vector. Texts are remembered by
//! their SHA-256, never as text, so no record's words outlive the request in memory.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use async_trait::async_trait;
use sha2::{Digest, Sha256};

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

/// Small runs served in a row at most while a large call's run waits: a question goes ahead of
/// indexing, but a steady stream of questions never stops the documents.
const SMALL_RUNS_IN_A_ROW: u32 = 2;

/// One model run asked for: token ids, and where the vectors go.
struct RunRequest {
    ids: Vec<Vec<u32>>,
    reply: tokio::sync::oneshot::Sender<Result<Vec<Vec<f32>>, EncoderError>>,
}

#[derive(Default)]
struct Waiting {
    small: VecDeque<RunRequest>,
    large: VecDeque<RunRequest>,
    small_in_a_row: u32,
    closed: bool,
}

impl Waiting {
    /// The next run: small calls first, in arrival order, but a large call's run after
    /// [`SMALL_RUNS_IN_A_ROW`] small ones.
    fn next(&mut self) -> Option<RunRequest> {
        let large_turn = self.small.is_empty() || (!self.large.is_empty() && self.small_in_a_row >= SMALL_RUNS_IN_A_ROW);
        if large_turn && let Some(run) = self.large.pop_front() {
            self.small_in_a_row = 0;
            return Some(run);
        }
        let run = self.small.pop_front()?;
        self.small_in_a_row += 1;
        Some(run)
    }
}

/// Who runs the model next, and the thread that runs it: one run at a time, on a thread of its
/// own (never waiting for a place in Tokio's blocking pool, where the database's reads
/// run), small calls first within [`SMALL_RUNS_IN_A_ROW`]. A large call asks for its runs one at
/// a time, so large calls take turns among themselves, run by run.
pub struct RunQueue {
    waiting: Mutex<Waiting>,
    work: Condvar,
    runs: AtomicU64,
}

impl RunQueue {
    /// The queue and its model thread, which ends when the queue is closed.
    fn start(model: Arc<Model>) -> Result<Arc<Self>, LoadError> {
        let queue = Arc::new(Self { waiting: Mutex::default(), work: Condvar::new(), runs: AtomicU64::new(0) });
        let worker = queue.clone();
        std::thread::Builder::new()
            .name("embedding-model".into())
            .spawn(move || worker.serve(&model))
            .map_err(LoadError::Thread)?;
        Ok(queue)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        // The queue holds only whole requests, whatever a panicking holder did.
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn serve(&self, model: &Model) {
        loop {
            let run = {
                let mut waiting = self.lock();
                loop {
                    if let Some(run) = waiting.next() {
                        break run;
                    }
                    if waiting.closed {
                        return;
                    }
                    waiting = self.work.wait(waiting).unwrap_or_else(PoisonError::into_inner);
                }
            };
            self.runs.fetch_add(1, Ordering::Relaxed);
            // A run that panics fails its caller only: the thread goes on serving the queue.
            let vectors = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| model.encoder.embed(&run.ids)))
                .unwrap_or_else(|_| Err(EncoderError::Run("the model panicked on this batch".into())));
            // A caller that gave up no longer waits for its vectors.
            let _ = run.reply.send(vectors);
        }
    }

    /// One model run, queued by size.
    async fn run(&self, ids: Vec<Vec<u32>>, small: bool) -> Result<Vec<Vec<f32>>, PortError> {
        let (reply, vectors) = tokio::sync::oneshot::channel();
        {
            let mut waiting = self.lock();
            if waiting.closed {
                return Err(PortError::Internal("embedding model closed".into()));
            }
            let queue = if small { &mut waiting.small } else { &mut waiting.large };
            queue.push_back(RunRequest { ids, reply });
        }
        self.work.notify_one();
        vectors
            .await
            .map_err(|_| PortError::Internal("embedding model stopped".into()))?
            .map_err(|e| PortError::Internal(format!("embedding model: {e}")))
    }

    fn close(&self) {
        self.lock().closed = true;
        self.work.notify_all();
    }
}

/// Closes the queue when the last embedder sharing it is dropped, so its thread ends.
struct QueueOwner(Arc<RunQueue>);

impl Drop for QueueOwner {
    fn drop(&mut self) {
        self.0.close();
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
    queue: Arc<QueueOwner>,
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
        let model = Arc::new(Model { tokenizer, encoder });
        let queue = Arc::new(QueueOwner(RunQueue::start(model.clone())?));
        Ok(Self { model, queue, recent: Arc::default() })
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
        self.queue.0.runs.load(Ordering::Relaxed)
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
    /// port's `embed` queues the same runs for the model's thread).
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

    /// The vectors of `texts` (none remembered), each model run queued in turn.
    async fn compute(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, PortError> {
        let small = texts.len() <= INTERACTIVE_TEXTS;
        let mut vectors = vec![vec![0.0f32; DIMENSIONS]; texts.len()];
        // Tokenizing is microseconds a text: done here, so only model runs queue.
        let pending = self.tokenized(&texts);
        for run in batches(&pending) {
            let batch = &pending[run];
            let computed = self.queue.0.run(batch.iter().map(|(_, ids)| ids.clone()).collect(), small).await?;
            for ((i, _), vector) in batch.iter().zip(computed) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(marker: u32) -> RunRequest {
        RunRequest { ids: vec![vec![marker]], reply: tokio::sync::oneshot::channel().0 }
    }

    #[test]
    fn questions_go_first_but_never_stop_the_documents() {
        let mut waiting = Waiting::default();
        for question in 1..=5 {
            waiting.small.push_back(request(question));
        }
        for document in [100, 200] {
            waiting.large.push_back(request(document));
        }
        let order: Vec<u32> = std::iter::from_fn(|| waiting.next()).map(|r| r.ids[0][0]).collect();
        assert_eq!(order, [1, 2, 100, 3, 4, 200, 5], "two questions, then a document's run, in arrival order within each");
        waiting.large.push_back(request(300));
        assert_eq!(waiting.next().map(|r| r.ids[0][0]), Some(300), "with no question waiting, the document runs");
    }
}
