//! The offline runtime's sentence-embedding model: all-MiniLM-L6-v2 (sentence-transformers,
//! Apache-2.0; 384 dimensions), as an ONNX file with int8 weights, run in-process by rten, a
//! pure-Rust ONNX runtime — nothing to install but the model files (`scripts/fetch-model.sh`).
//!
//! Only `mediclear-local` and the benchmark link this crate. The Lambdas embed with Titan on
//! Bedrock; the hashing embedder (`mediclear_handlers::engines::HashingEmbedder`) remains the
//! offline fallback when the model was never fetched.
//!
//! # Layout
//!
//! - [`model_dir`] — where the model lives (default directory, `MEDICLEAR_MODEL_DIR`), its two
//!   files and their pinned checksums, the model id stored with every vector.
//! - [`tokenizer`] — BERT's WordPiece tokenizer, written from `tokenizer.json`'s vocabulary.
//! - [`encoder`] — the transformer run on a padded, masked batch; mean pooling over real tokens
//!   and L2 normalisation, as sentence-transformers does.
//! - [`embedder`] — [`MiniLmEmbedder`], the `Embedder` port: blank texts, length-sorted batches,
//!   inference on a thread of its own one run at a time, small calls (questions) ahead of large
//!   ones (indexing) within a bound, recent vectors remembered.

pub mod embedder;
pub mod encoder;
pub mod model_dir;
pub mod tokenizer;

pub use embedder::MiniLmEmbedder;
pub use model_dir::{LoadError, MODEL_ID};
