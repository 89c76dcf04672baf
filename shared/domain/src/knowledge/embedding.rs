//! The offline embedder: signed feature hashing ("the hashing trick", Weinberger et al. 2009)
//! of a text's stems, stem bigrams and character 4-grams into a 384-dimension unit vector.
//!
//! It needs no model download and gives the same vector for the same text on every machine.
//! Similar wording gives similar vectors; character n-grams make `arthroplasty` and
//! `arthroplasties`, or `osteoarthritis` and `osteoarthritic`, land close. It is not a semantic
//! model, so it is fused with BM25 rather than trusted alone (see [`super::ranking`]).

use crate::text::terms;

pub const DIMENSIONS: usize = 384;
pub const MODEL_ID: &str = "mediclear-hashing-384";

/// FNV-1a, 64 bit: small, fast and stable across platforms and releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn add(vector: &mut [f32], feature: &str, weight: f32) {
    let h = fnv1a(feature.as_bytes());
    let index = (h % DIMENSIONS as u64) as usize;
    let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
    vector[index] += sign * weight;
}

/// The embedding of `text`; the zero vector when it has no terms.
pub fn embed(text: &str) -> Vec<f32> {
    let mut v = vec![0.0f32; DIMENSIONS];
    let ts = terms(text);
    for t in &ts {
        add(&mut v, &format!("w:{t}"), 1.0);
        let padded: Vec<char> = format!("<{t}>").chars().collect();
        for gram in padded.windows(4) {
            add(&mut v, &format!("c:{}", gram.iter().collect::<String>()), 0.25);
        }
    }
    for pair in ts.windows(2) {
        add(&mut v, &format!("b:{} {}", pair[0], pair[1]), 0.5);
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// Cosine similarity of two vectors (0 when either is zero or lengths differ).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_unit_vectors() {
        let a = embed("Severe osteoarthritis of the right knee");
        assert_eq!(a, embed("Severe osteoarthritis of the right knee"));
        assert_eq!(a.len(), DIMENSIONS);
        assert!((a.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(embed("the of and").iter().all(|x| *x == 0.0));
    }

    #[test]
    fn related_wording_is_closer_than_unrelated() {
        let q = embed("knee osteoarthritis with failed physical therapy");
        let related = embed("osteoarthritic knee; physical therapy failed after 8 weeks");
        let unrelated = embed("routine dental cleaning and fluoride varnish");
        assert!(cosine(&q, &related) > cosine(&q, &unrelated) + 0.2);
    }
}
