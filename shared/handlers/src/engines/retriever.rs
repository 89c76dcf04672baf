//! Retrieval from MediClear's own index.
//!
//! - Policy criteria: every chunk of every policy listing the procedure code, in document order —
//!   an analyzer must see all numbered criteria, not the top few.
//! - Clinical notes: the patient's partition only (optionally only one provider's uploads), ranked
//!   by hybrid lexical + vector relevance to the query; the rest follow in document order up to
//!   [`OwnIndexRetriever::MAX_NOTE_PASSAGES`], because a pre-auth query ("27447 M17.11") names codes
//!   the notes rarely spell out, and evidence must not be dropped for that.
//! - A patient's health documents (the chats, [`RecordSearch`]): that patient's partition only,
//!   ranked the same way, the top k.

use std::sync::Arc;

use async_trait::async_trait;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::health::chat::Passage as ChatPassage;
use mediclear_domain::ids::PatientId;
use mediclear_domain::knowledge::{Passage, SourceKind};
use mediclear_domain::knowledge::ranking::{Candidate, hybrid_rank};
use mediclear_ports::PortError;
use mediclear_ports::chat::RecordSearch;
use mediclear_ports::knowledge::{ChunkIndexReader, EmbeddedChunk, Embedder, IndexedDocument, NotesScope, Retriever};

#[derive(Clone)]
pub struct OwnIndexRetriever {
    index: Arc<dyn ChunkIndexReader>,
    embedder: Arc<dyn Embedder>,
}

impl OwnIndexRetriever {
    pub const MAX_NOTE_PASSAGES: usize = 60;

    pub fn new(index: Arc<dyn ChunkIndexReader>, embedder: Arc<dyn Embedder>) -> Self {
        Self { index, embedder }
    }
}

fn passage(document: &IndexedDocument, chunk: &EmbeddedChunk, score: f32) -> Passage {
    Passage {
        chunk_id: chunk.chunk.chunk_id.clone(),
        document_id: document.document_id.clone(),
        title: Some(document.title.clone()),
        text: chunk.chunk.text.clone(),
        score,
        ordinal: Some(chunk.chunk.ordinal),
        span: Some((chunk.chunk.start, chunk.chunk.end)),
    }
}

#[async_trait]
impl Retriever for OwnIndexRetriever {
    async fn policy_criteria(&self, procedure_code: &ProcedureCode) -> Result<Vec<Passage>, PortError> {
        let mut policies = self.index.policies_for(procedure_code).await?;
        // Newest policy first: when an insurer re-issues a policy, its current text leads.
        policies.sort_by(|a, b| b.indexed_at.cmp(&a.indexed_at));
        let mut passages = Vec::new();
        for policy in &policies {
            for chunk in self.index.document_chunks(&policy.document_id).await? {
                passages.push(passage(policy, &chunk, 1.0));
            }
        }
        Ok(passages)
    }

    async fn patient_notes(&self, scope: &NotesScope, query: &str) -> Result<Vec<Passage>, PortError> {
        let chunks: Vec<(IndexedDocument, EmbeddedChunk)> = self
            .index
            .patient_chunks(&scope.patient_id)
            .await?
            .into_iter()
            // Pre-auth reads the clinical records filed for cases, not the patient's own health
            // documents (health insights), which live in the same partition.
            .filter(|(doc, _)| doc.kind == SourceKind::Record && doc.patient_id.as_ref() == Some(&scope.patient_id))
            .filter(|(doc, _)| scope.provider_id.is_none() || doc.provider_id == scope.provider_id)
            .collect();
        if chunks.is_empty() {
            return Ok(Vec::new());
        }
        let query_embedding = self.embedder.embed(&[query.to_string()]).await?.into_iter().next();
        let candidates: Vec<Candidate> = chunks
            .iter()
            .map(|(doc, c)| Candidate {
                text: &c.chunk.text,
                // Vectors from another model are not comparable; rank those lexically only.
                embedding: (doc.embedding_model == self.embedder.model_id()).then_some(c.embedding.as_slice()),
            })
            .collect();
        let ranked = hybrid_rank(query, query_embedding.as_deref(), &candidates);
        let mut taken = vec![false; chunks.len()];
        let mut out = Vec::new();
        for r in &ranked {
            taken[r.index] = true;
            let (doc, chunk) = &chunks[r.index];
            out.push(passage(doc, chunk, r.score));
        }
        for (i, (doc, chunk)) in chunks.iter().enumerate() {
            if !taken[i] {
                out.push(passage(doc, chunk, 0.0));
            }
        }
        out.truncate(Self::MAX_NOTE_PASSAGES);
        Ok(out)
    }
}

/// A patient's own health documents, for the chats: that patient's partition and its health
/// documents only (not the pre-auth records filed by providers), ranked by the same hybrid
/// lexical + vector relevance, the top `top_k` kept.
#[async_trait]
impl RecordSearch for OwnIndexRetriever {
    async fn patient_documents(&self, patient_id: &PatientId, query: &str, top_k: usize) -> Result<Vec<ChatPassage>, PortError> {
        let chunks: Vec<(IndexedDocument, EmbeddedChunk)> = self
            .index
            .patient_chunks(patient_id)
            .await?
            .into_iter()
            .filter(|(doc, _)| doc.kind == SourceKind::HealthDocument && doc.patient_id.as_ref() == Some(patient_id))
            .collect();
        if chunks.is_empty() || top_k == 0 {
            return Ok(Vec::new());
        }
        let query_embedding = self.embedder.embed(&[query.to_string()]).await?.into_iter().next();
        let candidates: Vec<Candidate> = chunks
            .iter()
            .map(|(doc, c)| Candidate { text: &c.chunk.text, embedding: (doc.embedding_model == self.embedder.model_id()).then_some(c.embedding.as_slice()) })
            .collect();
        Ok(hybrid_rank(query, query_embedding.as_deref(), &candidates)
            .into_iter()
            .take(top_k)
            .map(|r| {
                let (doc, chunk) = &chunks[r.index];
                ChatPassage {
                    document_id: doc.document_id.clone(),
                    chunk_id: chunk.chunk.chunk_id.clone(),
                    title: doc.title.clone(),
                    date: doc.document_date,
                    text: chunk.chunk.text.clone(),
                    retrieval_score: r.score,
                }
            })
            .collect())
    }
}
