//! Hybrid ranking of candidate chunks for a query.
//!
//! Lexical: Okapi BM25 (k1 = 1.2, b = 0.75) with IDF computed over the candidate set itself — a
//! patient's chunks or a policy's chunks are a small closed corpus, ranked in memory.
//! Vector: cosine similarity of embeddings.
//! Fusion: reciprocal rank fusion (Cormack et al. 2009, k = 60), which needs no score calibration
//! between the two. Candidates with neither a shared term nor a positive cosine are dropped.

use std::collections::HashMap;

use crate::knowledge::embedding::cosine;
use crate::text::terms;

const K1: f32 = 1.2;
const B: f32 = 0.75;
const RRF_K: f32 = 60.0;

/// A candidate: its text and, if known, its embedding.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub text: &'a str,
    pub embedding: Option<&'a [f32]>,
}

/// A ranked candidate: its index in the input and its fused score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub index: usize,
    pub score: f32,
}

/// BM25 score of each candidate for the query.
pub fn bm25(query: &str, texts: &[&str]) -> Vec<f32> {
    let docs: Vec<Vec<String>> = texts.iter().map(|t| terms(t)).collect();
    let n = docs.len() as f32;
    let avg_len = (docs.iter().map(Vec::len).sum::<usize>() as f32 / n.max(1.0)).max(1.0);
    let mut query_terms = terms(query);
    query_terms.sort();
    query_terms.dedup();
    let df: HashMap<&str, f32> = query_terms
        .iter()
        .map(|q| (q.as_str(), docs.iter().filter(|d| d.contains(q)).count() as f32))
        .collect();
    docs.iter()
        .map(|doc| {
            let len = doc.len() as f32;
            query_terms
                .iter()
                .map(|q| {
                    let tf = doc.iter().filter(|t| *t == q).count() as f32;
                    if tf == 0.0 {
                        return 0.0;
                    }
                    let d = df[q.as_str()];
                    let idf = ((n - d + 0.5) / (d + 0.5) + 1.0).ln();
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len))
                })
                .sum()
        })
        .collect()
}

fn ranks_of(scores: &[f32]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut ranks = vec![None; scores.len()];
    for (rank, i) in order.into_iter().enumerate() {
        ranks[i] = Some(rank);
    }
    ranks
}

/// Candidates ranked for the query, best first. Ties keep input order.
pub fn hybrid_rank(query: &str, query_embedding: Option<&[f32]>, candidates: &[Candidate<'_>]) -> Vec<Ranked> {
    let texts: Vec<&str> = candidates.iter().map(|c| c.text).collect();
    let lexical = ranks_of(&bm25(query, &texts));
    let vector_scores: Vec<f32> = candidates
        .iter()
        .map(|c| match (query_embedding, c.embedding) {
            (Some(q), Some(e)) => cosine(q, e),
            _ => 0.0,
        })
        .collect();
    let vector = ranks_of(&vector_scores);
    let mut ranked: Vec<Ranked> = (0..candidates.len())
        .filter_map(|i| {
            let score: f32 = [lexical[i], vector[i]].iter().flatten().map(|r| 1.0 / (RRF_K + *r as f32 + 1.0)).sum();
            (score > 0.0).then_some(Ranked { index: i, score })
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::embedding::embed;

    #[test]
    fn bm25_prefers_rare_matching_terms() {
        let texts = ["knee pain knee pain", "knee replacement surgery planned", "blood pressure normal"];
        let s = bm25("knee replacement", &texts);
        assert!(s[1] > s[0]);
        assert_eq!(s[2], 0.0);
    }

    #[test]
    fn hybrid_ranks_relevant_first_and_drops_unrelated() {
        let texts = [
            "Blood pressure 120/80, afebrile.",
            "Completed 8 weeks of physical therapy without improvement in knee pain.",
            "Dental cleaning scheduled.",
            "Knee radiographs show severe joint space narrowing.",
        ];
        let embeddings: Vec<Vec<f32>> = texts.iter().map(|t| embed(t)).collect();
        let candidates: Vec<Candidate> =
            texts.iter().zip(&embeddings).map(|(t, e)| Candidate { text: t, embedding: Some(e) }).collect();
        let q = "failed physical therapy for knee pain";
        let ranked = hybrid_rank(q, Some(&embed(q)), &candidates);
        assert_eq!(ranked[0].index, 1);
        assert!(ranked.iter().position(|r| r.index == 3) < ranked.iter().position(|r| r.index == 2).or(Some(usize::MAX)));
    }

    #[test]
    fn lexical_only_when_no_embeddings() {
        let candidates = [Candidate { text: "alpha beta", embedding: None }, Candidate { text: "gamma", embedding: None }];
        let ranked = hybrid_rank("gamma", None, &candidates);
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].index, 1);
    }
}
