//! The chat's offline engine: an extractive answer built from the retrieved passages by
//! `mediclear_domain::health::chat` — it picks the best-supported sentences and rephrases them for
//! the reader — with the sentence-embedding model (the runtime's [`Embedder`]) judging how close
//! each sentence is to the question. It never adds anything the passages do not say.
//!
//! The domain engine asks for similarities synchronously; the embedder is asynchronous. So the
//! engine is run once to learn which sentences it weighs, those and the question are embedded in
//! one batch, and it is run again with their cosine similarities.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use mediclear_domain::health::chat::answer;
use mediclear_ports::chat::{ChatReply, ChatResponder, ChatTurn};
use mediclear_ports::error::PortResult;
use mediclear_ports::knowledge::Embedder;

/// The engine's name in logs and on the answer.
pub const EXTRACTIVE_ENGINE: &str = "extractive";

#[derive(Clone)]
pub struct ExtractiveChat {
    embedder: Arc<dyn Embedder>,
}

impl ExtractiveChat {
    pub fn new(embedder: Arc<dyn Embedder>) -> Self {
        Self { embedder }
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 { 0.0 } else { (dot / (na * nb)).clamp(-1.0, 1.0) }
}

#[async_trait]
impl ChatResponder for ExtractiveChat {
    async fn respond(&self, turn: &ChatTurn<'_>, on_token: &(dyn for<'t> Fn(&'t str) + Send + Sync)) -> PortResult<ChatReply> {
        let weighed: Mutex<Vec<String>> = Mutex::new(Vec::new());
        answer(turn.question, turn.audience, turn.passages, &|_, sentences: &[&str]| {
            if let Ok(mut w) = weighed.lock() {
                w.extend(sentences.iter().map(|s| s.to_string()));
            }
            vec![0.0; sentences.len()]
        });
        let mut texts = weighed.into_inner().unwrap_or_default();
        texts.sort();
        texts.dedup();
        let similarity: HashMap<String, f32> = if texts.is_empty() {
            HashMap::new()
        } else {
            let mut batch = vec![turn.question.to_string()];
            batch.extend(texts.iter().cloned());
            let vectors = self.embedder.embed(&batch).await?;
            let question = vectors.first().cloned().unwrap_or_default();
            texts.into_iter().zip(vectors.iter().skip(1)).map(|(t, v)| { let s = cosine(&question, v); (t, s) }).collect()
        };
        let written = answer(turn.question, turn.audience, turn.passages, &|_, sentences: &[&str]| {
            sentences.iter().map(|s| similarity.get(*s).copied().unwrap_or(0.0)).collect()
        });
        for token in mediclear_domain::health::chat::tokens(&written.response) {
            on_token(token);
        }
        Ok(ChatReply { response: written.response, sources: written.sources, answered: written.answered, engine: format!("{EXTRACTIVE_ENGINE} ({})", self.embedder.model_id()) })
    }
}
