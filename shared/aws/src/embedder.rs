//! Text embeddings with Titan Text Embeddings v2 ([`Embedder`]) via Bedrock `InvokeModel`.
//!
//! One InvokeModel per text (Titan v2 embeds one input per call), body
//! `{"inputText", "dimensions", "normalize": true}` → `{"embedding": [...]}`. Normalised vectors
//! make cosine similarity a dot product in the ranking. A batch fans out with bounded
//! concurrency (default 8 calls in flight) so a large document neither crawls nor trips the
//! account's throttling, and results keep the order of the texts.
//!
//! A blank text embeds as the zero vector without a call (Titan refuses empty input); a text
//! beyond Titan's 50,000-character limit is cut at that limit.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::primitives::Blob;
use futures::{StreamExt, TryStreamExt};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::knowledge::Embedder;
use serde::Deserialize;
use serde_json::json;

use crate::error::port_error;

pub const DEFAULT_EMBEDDING_MODEL_ID: &str = "amazon.titan-embed-text-v2:0";
/// Titan v2 accepts 256, 512 or 1024.
pub const DEFAULT_DIMENSIONS: u32 = 512;
const DEFAULT_CONCURRENCY: usize = 8;
/// Titan Text Embeddings v2's input limit, in characters.
const MAX_INPUT_CHARS: usize = 50_000;

#[derive(Deserialize)]
struct TitanResponse {
    embedding: Vec<f32>,
}

/// Titan embeddings through Bedrock Runtime.
#[derive(Debug, Clone)]
pub struct TitanEmbedder {
    client: Client,
    model_id: String,
    dimensions: u32,
    concurrency: usize,
}

impl TitanEmbedder {
    pub fn new(config: &SdkConfig, model_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), model_id: model_id.into(), dimensions: DEFAULT_DIMENSIONS, concurrency: DEFAULT_CONCURRENCY }
    }

    /// 256, 512 (default) or 1024.
    pub fn with_dimensions(mut self, dimensions: u32) -> Self {
        self.dimensions = dimensions;
        self
    }

    /// How many InvokeModel calls a batch keeps in flight (default 8).
    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    async fn embed_one(&self, text: &str) -> PortResult<Vec<f32>> {
        if text.trim().is_empty() {
            return Ok(vec![0.0; self.dimensions as usize]);
        }
        let input: &str = match text.char_indices().nth(MAX_INPUT_CHARS) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        let body = json!({ "inputText": input, "dimensions": self.dimensions, "normalize": true });
        let out = self
            .client
            .invoke_model()
            .model_id(&self.model_id)
            .content_type("application/json")
            .accept("application/json")
            .body(Blob::new(body.to_string()))
            .send()
            .await
            .map_err(|e| port_error("bedrock.InvokeModel", &e))?;
        let response: TitanResponse = serde_json::from_slice(out.body.as_ref())
            .map_err(|_| PortError::Internal("bedrock.InvokeModel: the embedding response has no embedding".into()))?;
        if response.embedding.len() != self.dimensions as usize {
            return Err(PortError::Internal(format!(
                "bedrock.InvokeModel: expected {} dimensions, got {}",
                self.dimensions,
                response.embedding.len()
            )));
        }
        Ok(response.embedding)
    }
}

#[async_trait]
impl Embedder for TitanEmbedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    #[tracing::instrument(skip(self, texts), fields(model = %self.model_id, texts = texts.len()))]
    async fn embed(&self, texts: &[String]) -> PortResult<Vec<Vec<f32>>> {
        // Built eagerly: a lazy `map` closure inside the stream trips the `Send` check of
        // async-trait's boxed future (rust-lang/rust#102211).
        let calls: Vec<_> = texts.iter().map(|t| self.embed_one(t.as_str())).collect();
        futures::stream::iter(calls).buffered(self.concurrency).try_collect().await
    }
}
