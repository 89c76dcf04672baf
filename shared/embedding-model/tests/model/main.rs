//! The model against its reference pipeline, and the `Embedder` contract. One test binary.
//!
//! The model files come from `scripts/fetch-model.sh` (`scripts/test` runs it). Without them these
//! tests skip, saying so — except with `CI=true`, where they fail.

mod padding;
mod port;
mod reference;
mod support;
