//! Token ids and vectors against the model's own Python pipeline (`tests/reference/`: Hugging Face
//! `tokenizers` and onnxruntime on the same files, one unpadded text at a time).

use serde::Deserialize;

use crate::support::{cosine, model};

#[derive(Deserialize)]
struct Reference {
    sentences: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    text: String,
    ids: Vec<u32>,
    vector: Vec<f32>,
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("../reference/reference.json")).expect("reference.json parses")
}

#[test]
fn tokenizer_matches_the_reference_ids() {
    let Some(model) = model() else { return };
    for s in reference().sentences {
        assert_eq!(model.tokenizer().encode(&s.text), s.ids, "token ids of {:?}", s.text);
    }
}

#[test]
fn vectors_match_the_reference_in_one_padded_batch() {
    let Some(model) = model() else { return };
    let reference = reference();
    let texts: Vec<String> = reference.sentences.iter().map(|s| s.text.clone()).collect();
    // All texts at once: short ones share batches with longer ones, so padding is exercised too.
    let vectors = model.embed_blocking(&texts).unwrap();
    let mut worst = f32::MAX;
    for (s, v) in reference.sentences.iter().zip(&vectors) {
        let c = cosine(&s.vector, v);
        eprintln!("cosine {c:.7}  {:.50}", s.text.replace(char::is_whitespace, " "));
        assert!(c >= 0.999, "cosine {c} for {:?}", s.text);
        worst = worst.min(c);
    }
    eprintln!("worst cosine vs reference: {worst:.7} over {} texts", vectors.len());
}
