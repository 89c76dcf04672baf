//! The chat's offline engine: an extractive answer built from the retrieved passages by
//! `mediclear_domain::health::chat` — it picks the best-supported sentences and rephrases them for
//! the reader — with the sentence-embedding model (the runtime's [`Embedder`]) judging how close
//! each sentence is to the question. It never adds anything the passages do not say.
//!
//! The domain engine asks for similarities synchronously; the embedder is asynchronous. So the
//! engine is run once to learn which sentences it weighs, those and the question are embedded in
//! one batch, and it is run again with their cosine similarities.
//!
//! [`ReadAheadEmbedder`] is the indexer's side: as a document's chunks are embedded, so are the
//! sentences this engine will weigh in each ([`sentences_to_weigh`]), so that an embedder that
//! remembers vectors (the offline model does) answers a patient's first question about the
//! document from memory instead of running the model on the passages then.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use mediclear_domain::health::chat::{answer, sentences_to_weigh};
use mediclear_domain::knowledge::embedding::cosine;
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

/// The indexer's embedder where the extractive engine answers: embeds the texts it is given, then
/// the sentences the engine will weigh in each, discarding their vectors — the inner embedder
/// remembers them. Reading ahead is best effort: its failure is logged, never the indexing's.
#[derive(Clone)]
pub struct ReadAheadEmbedder {
    inner: Arc<dyn Embedder>,
}

impl ReadAheadEmbedder {
    pub fn new(inner: Arc<dyn Embedder>) -> Self {
        Self { inner }
    }
}

#[async_trait]
impl Embedder for ReadAheadEmbedder {
    fn model_id(&self) -> &str {
        self.inner.model_id()
    }

    async fn embed(&self, texts: &[String]) -> PortResult<Vec<Vec<f32>>> {
        let vectors = self.inner.embed(texts).await?;
        let mut sentences: Vec<String> = texts.iter().flat_map(|t| sentences_to_weigh(t)).collect();
        sentences.sort();
        sentences.dedup();
        if !sentences.is_empty()
            && let Err(e) = self.inner.embed(&sentences).await
        {
            tracing::warn!(error = %e, sentences = sentences.len(), "reading the chat's sentences ahead failed");
        }
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediclear_domain::health::chat::{Audience, Passage};
    use mediclear_domain::knowledge::embedding;

    /// The hashing embedder, recording every text it is asked for.
    #[derive(Default)]
    struct Recording(Mutex<Vec<String>>);

    #[async_trait]
    impl Embedder for Recording {
        fn model_id(&self) -> &str {
            embedding::MODEL_ID
        }

        async fn embed(&self, texts: &[String]) -> PortResult<Vec<Vec<f32>>> {
            self.0.lock().unwrap().extend(texts.iter().cloned());
            Ok(texts.iter().map(|t| embedding::embed(t)).collect())
        }
    }

    const CHUNKS: [&str; 2] = [
        "Screening mammogram, 14 March 2024.\nFindings: scattered fibroglandular density. No suspicious mass.\nImpression: BI-RADS 2, benign. \
         Routine screening in 12 months.",
        "Consultation note. Mother diagnosed with breast cancer at 52; no BRCA testing done. Patient reports cyclical breast pain only. \
         Plan: genetics referral.",
    ];

    #[tokio::test]
    async fn every_sentence_the_chat_weighs_was_read_ahead_at_indexing() {
        let indexer = Arc::new(Recording::default());
        let texts: Vec<String> = CHUNKS.map(String::from).to_vec();
        let vectors = ReadAheadEmbedder::new(indexer.clone()).embed(&texts).await.unwrap();
        assert_eq!(vectors.len(), 2, "the chunks' own vectors, in order");
        let read_ahead = indexer.0.lock().unwrap().clone();

        let chat = Arc::new(Recording::default());
        let passages: Vec<Passage> = CHUNKS
            .iter()
            .enumerate()
            .map(|(i, t)| Passage { document_id: format!("DOC-{i}"), chunk_id: format!("DOC-{i}#0"), title: "report.txt".into(), date: None, text: t.to_string(), retrieval_score: 1.0 })
            .collect();
        for question in ["What did my mammogram show?", "Does breast cancer run in my family?", "When is my next screening?"] {
            chat.0.lock().unwrap().clear();
            let turn = ChatTurn { audience: Audience::Patient, question, history: Vec::new(), summary: None, additional_context: None, passages: &passages };
            ExtractiveChat::new(chat.clone()).respond(&turn, &|_| {}).await.unwrap();
            let weighed: Vec<String> = chat.0.lock().unwrap().iter().filter(|t| t.as_str() != question).cloned().collect();
            assert!(!weighed.is_empty(), "{question}: the chat weighed sentences");
            for sentence in &weighed {
                assert!(read_ahead.contains(sentence), "{question}: {sentence:?} was not read ahead");
            }
        }
    }
}
