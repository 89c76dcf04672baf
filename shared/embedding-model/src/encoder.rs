//! The transformer and sentence-transformers' two modules after it: token ids in, one unit vector
//! per text out.
//!
//! A batch is padded with `[PAD]` to its longest text, and the attention mask marks the padding:
//! the model then attends to real tokens only, and the mean over token vectors counts real tokens
//! only (`Pooling(mean)`), followed by L2 normalisation (`Normalize`) — exactly
//! sentence-transformers' pipeline for all-MiniLM-L6-v2. Without the mask in both places a short
//! text's vector would depend on how much padding it shares a batch with.

use rten::{Model, NodeId};
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;

/// Width of the vectors.
pub const DIMENSIONS: usize = 384;

#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error("the ONNX model cannot be loaded: {0}")]
    Load(String),
    #[error("the ONNX model has no {0:?} node")]
    MissingNode(&'static str),
    #[error("running the model failed: {0}")]
    Run(String),
    #[error("the model returned {0:?}, not [batch, tokens, {DIMENSIONS}]")]
    OutputShape(Vec<usize>),
}

/// all-MiniLM-L6-v2's transformer, loaded once.
pub struct SentenceEncoder {
    model: Model,
    input_ids: NodeId,
    attention_mask: NodeId,
    token_type_ids: Option<NodeId>,
    last_hidden_state: NodeId,
}

impl SentenceEncoder {
    /// The model in an ONNX file's bytes.
    pub fn load(onnx: Vec<u8>) -> Result<Self, EncoderError> {
        let model = Model::load(onnx).map_err(|e| EncoderError::Load(e.to_string()))?;
        let node = |name: &'static str| model.find_node(name).ok_or(EncoderError::MissingNode(name));
        Ok(Self {
            input_ids: node("input_ids")?,
            attention_mask: node("attention_mask")?,
            token_type_ids: model.find_node("token_type_ids"),
            last_hidden_state: node("last_hidden_state")?,
            model,
        })
    }

    /// One unit vector per text, padded to the batch's longest text.
    pub fn embed(&self, texts: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let longest = texts.iter().map(Vec::len).max().unwrap_or(0);
        self.embed_padded(texts, longest)
    }

    /// As [`Self::embed`], with every text padded to at least `padded_len` tokens (what a
    /// fixed-padding tokenizer would feed the model); the vectors must not change.
    pub fn embed_padded(&self, texts: &[Vec<u32>], padded_len: usize) -> Result<Vec<Vec<f32>>, EncoderError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let len = texts.iter().map(Vec::len).max().unwrap_or(0).max(padded_len).max(1);
        let batch = texts.len();
        // Zeros: `[PAD]` (id 0), masked out (0).
        let mut ids = NdTensor::<i32, 2>::zeros([batch, len]);
        let mut mask = NdTensor::<i32, 2>::zeros([batch, len]);
        for (row, text) in texts.iter().enumerate() {
            for (col, &id) in text.iter().enumerate() {
                ids[[row, col]] = id as i32;
                mask[[row, col]] = 1;
            }
        }
        let mut inputs = vec![(self.input_ids, ids.view().into()), (self.attention_mask, mask.view().into())];
        let types = NdTensor::<i32, 2>::zeros([batch, len]);
        if let Some(token_type_ids) = self.token_type_ids {
            inputs.push((token_type_ids, types.view().into()));
        }
        let [hidden] = self.model.run_n(inputs, [self.last_hidden_state], None).map_err(|e| EncoderError::Run(e.to_string()))?;
        let hidden: NdTensor<f32, 3> = hidden.try_into().map_err(|e| EncoderError::Run(format!("{e:?}")))?;
        let shape = hidden.shape();
        if shape != [batch, len, DIMENSIONS] {
            return Err(EncoderError::OutputShape(shape.to_vec()));
        }
        Ok((0..batch).map(|row| mean_pool_normalized(&hidden, row, texts[row].len())).collect())
    }
}

/// The mean of the first `real_tokens` token vectors of `row`, scaled to unit length.
fn mean_pool_normalized(hidden: &NdTensor<f32, 3>, row: usize, real_tokens: usize) -> Vec<f32> {
    let mut pooled = vec![0.0f32; DIMENSIONS];
    for token in 0..real_tokens {
        for (d, sum) in pooled.iter_mut().enumerate() {
            *sum += hidden[[row, token, d]];
        }
    }
    let count = real_tokens.max(1) as f32;
    pooled.iter_mut().for_each(|x| *x /= count);
    // sentence-transformers' Normalize: x / max(‖x‖, 1e-12).
    let norm = pooled.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    pooled.iter_mut().for_each(|x| *x /= norm);
    pooled
}
