//! The hashing embedder behind the `Embedder` port: no model, no network, same vector everywhere.

use async_trait::async_trait;

use mediclear_domain::knowledge::embedding;
use mediclear_ports::PortError;
use mediclear_ports::knowledge::Embedder;

#[derive(Debug, Clone, Copy, Default)]
pub struct HashingEmbedder;

#[async_trait]
impl Embedder for HashingEmbedder {
    fn model_id(&self) -> &str {
        embedding::MODEL_ID
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, PortError> {
        Ok(texts.iter().map(|t| embedding::embed(t)).collect())
    }
}
