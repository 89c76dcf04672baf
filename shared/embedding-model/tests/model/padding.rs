//! Padding is masked out: a text's vector does not depend on the padding it is run with.

use crate::support::{cosine, model};

#[test]
fn padding_does_not_change_a_short_sentence() {
    let Some(model) = model() else { return };
    let ids = model.tokenizer().encode("Denies chest pain or shortness of breath.");
    let alone = model.encoder().embed(std::slice::from_ref(&ids)).unwrap().remove(0);
    // As tokenizer.json's fixed padding would feed it: 128 tokens, most of them [PAD].
    let padded = model.encoder().embed_padded(std::slice::from_ref(&ids), 128).unwrap().remove(0);
    // In a batch with a long text.
    let long = model.tokenizer().encode(&"Severe osteoarthritis of the right knee with joint space narrowing. ".repeat(12));
    let batched = model.encoder().embed(&[long, ids.clone()]).unwrap().remove(1);
    for (what, v) in [("padded to 128", &padded), ("batched with a long text", &batched)] {
        let c = cosine(&alone, v);
        assert!(c > 0.99999, "{what}: cosine {c}");
        let max_diff = alone.iter().zip(v.iter()).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max_diff < 1e-4, "{what}: largest component difference {max_diff}");
    }
}
