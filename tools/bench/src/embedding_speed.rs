//! Embedding throughput of the offline embedders — the hashing embedder and the MiniLM model
//! (`mediclear_embedding_model::MiniLmEmbedder`) — on the chunks of the health demo's documents
//! ([`crate::retrieval::Corpus::health`]: the text files, and the `.truth.txt` texts of the PDFs
//! and scans), chunked as ingestion chunks them.
//!
//! Batches are the indexer's: one `embed` call a document with all of its chunks, as the
//! pipeline's `IndexDocument` sends them (the model then runs them in length-sorted batches of
//! its own). One unmeasured round over every document first, then rounds until at least
//! [`MIN_SECONDS`] and [`MIN_ROUNDS`] have passed. Tokens are the model's WordPiece count
//! (`[CLS]` and `[SEP]` included, cut at its 256-token limit), the same count for both
//! embedders.
//!
//! The figure describes compiled code in this process, so it comes from a release build only:
//! an unoptimised harness runs this section in the release build of itself
//! ([`crate::binaries::release_harness`]).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};

use crate::retrieval::{Corpus, engines};

const MIN_SECONDS: Duration = Duration::from_secs(3);
const MIN_ROUNDS: usize = 3;

/// The throughput table, as text.
pub async fn run(workspace: &Path, no_build: bool) -> anyhow::Result<String> {
    if cfg!(debug_assertions) {
        let harness = crate::binaries::release_harness(workspace, no_build)?;
        let output = Command::new(&harness)
            .args(["--embedding", "--no-build"])
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("running {}", harness.display()))?;
        if !output.status.success() {
            bail!("{} --embedding failed ({})", harness.display(), output.status);
        }
        // Its table, as it printed it (without the blank line that followed).
        return Ok(format!("{}\n", String::from_utf8_lossy(&output.stdout).trim_end()));
    }
    let corpus = Corpus::health()?;
    let documents = corpus.texts_by_document();
    let chunks: usize = documents.iter().map(Vec::len).sum();
    let bytes: usize = documents.iter().flatten().map(String::len).sum();
    let (engines, model, notes) = engines(workspace).await?;
    let tokens = model.as_ref().map(|m| documents.iter().flatten().map(|t| m.tokenizer().encode(t).len()).sum::<usize>());

    let mut out = format!(
        "embedding throughput — health demo: {} documents, {chunks} chunks (mean {} bytes{}), one call a document as the indexer embeds; release build, {}\n",
        documents.len(),
        bytes / chunks.max(1),
        tokens.map(|t| format!(", {} tokens", t / chunks.max(1))).unwrap_or_default(),
        crate::report::machine()
    );
    out.push_str(&format!("{:<10} {:>7} {:>10} {:>11} {:>12} {:>9}\n", "embedder", "rounds", "chunks/s", "tokens/s", "ms/document", "ms/chunk"));
    out.push_str(&format!("{}\n", "-".repeat(64)));
    for engine in &engines {
        eprintln!("embedding: {}…", engine.embedder.model_id());
        // The unmeasured round: first-run allocations, the model's thread pool.
        for document in &documents {
            engine.embedder.embed(document).await?;
        }
        let started = Instant::now();
        let mut rounds = 0;
        while rounds < MIN_ROUNDS || started.elapsed() < MIN_SECONDS {
            for document in &documents {
                let vectors = engine.embedder.embed(document).await?;
                ensure!(vectors.len() == document.len(), "{} returned {} vectors for {} texts", engine.name, vectors.len(), document.len());
            }
            rounds += 1;
        }
        let seconds = started.elapsed().as_secs_f64();
        let per_second = |n: usize| (rounds * n) as f64 / seconds;
        out.push_str(&format!(
            "{:<10} {:>7} {:>10.1} {:>11} {:>12.3} {:>9.3}\n",
            engine.name,
            rounds,
            per_second(chunks),
            tokens.map(|t| format!("{:.0}", per_second(t))).unwrap_or_else(|| "-".into()),
            1000.0 * seconds / (rounds * documents.len()) as f64,
            1000.0 * seconds / (rounds * chunks) as f64
        ));
    }
    out.push_str("(tokens: the model's WordPiece tokens, [CLS]/[SEP] included, cut at 256 — the same count for both embedders)\n");
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok(out)
}
