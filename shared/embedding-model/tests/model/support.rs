//! The model under test, loaded once per test binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use mediclear_embedding_model::MiniLmEmbedder;
use mediclear_embedding_model::model_dir::DIR_VARIABLE;

/// `$MEDICLEAR_MODEL_DIR`, else `.models/all-MiniLM-L6-v2` at the workspace root.
fn model_dir() -> PathBuf {
    std::env::var_os(DIR_VARIABLE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.models/all-MiniLM-L6-v2"))
}

/// The model, or `None` (after saying so) when it was never fetched. Under `CI=true` a missing
/// model fails the test instead: CI must not pass by skipping.
pub fn model() -> Option<&'static MiniLmEmbedder> {
    static MODEL: OnceLock<Option<MiniLmEmbedder>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let dir = model_dir();
            if !dir.is_dir() {
                let message = format!("no embedding model at {}: run scripts/fetch-model.sh", dir.display());
                assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{message}");
                eprintln!("skipping: {message}");
                return None;
            }
            Some(MiniLmEmbedder::load(&dir).unwrap_or_else(|e| panic!("loading the model in {}: {e}", dir.display())))
        })
        .as_ref()
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}
