//! Retrieval quality of the offline embedders, and the model's throughput.
//!
//! Quality: the labelled question sets `tools/bench/data/retrieval-{dev,test}.json`
//! (`[{id, patient_id, asker, question, relevant: [{file, quote}]}]`, written without sight of
//! any engine) against the demo notes the runtime seeds (`shared/local/demo/records/<patient>/`).
//! Each note goes through what ingestion does — the plain-text reader, then
//! `chunking::chunk` with the default options — and each question is ranked over its patient's
//! chunks, as the retriever ranks (`ranking::hybrid_rank`, unranked chunks after in document
//! order), and by cosine alone. A chunk is relevant when its span overlaps the span of one of the
//! question's quotes in the note.
//!
//! - `recall@5`: questions with a relevant chunk among the first five (the product target: 90 %
//!   with the model); `hit@1`, `hit@3` likewise; `all@5`: every quote of the question overlapped
//!   by the first five; `MRR`: mean reciprocal rank of the first relevant chunk.
//! - Scope `patient` is what the product does. Scope `pooled` ranks over every demo patient's
//!   chunks at once: a diagnostic only (the demo patients have one to a few chunks each, so the
//!   patient scope saturates at five), never what a caller gets.
//!
//! Throughput: 200 chunk-sized texts (the demo notes' chunks, repeated), embedded in one call as
//! the indexer sends a document's chunks, in this process — so only when the harness itself is a
//! release build (`cargo run --release -p mediclear-bench -- --retrieval`); an unoptimised harness
//! says so instead of printing a figure about itself.
//!
//! The test set is a held-out measure: only its totals are printed; `--retrieval-misses` lists
//! the missed questions of the dev set only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, ensure};
use serde::Deserialize;

use mediclear_domain::knowledge::Chunk;
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_domain::knowledge::embedding::cosine;
use mediclear_domain::knowledge::ranking::{Candidate, bm25, hybrid_rank};
use mediclear_embedding_model::MiniLmEmbedder;
use mediclear_embedding_model::model_dir::{DEFAULT_DIR, DIR_VARIABLE};
use mediclear_handlers::engines::HashingEmbedder;
use mediclear_ports::knowledge::Embedder;

const TOP: usize = 5;
const THROUGHPUT_TEXTS: usize = 200;

/// Which question sets to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sets {
    Dev,
    Test,
    Both,
}

impl Sets {
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "dev" => Ok(Sets::Dev),
            "test" => Ok(Sets::Test),
            "both" => Ok(Sets::Both),
            other => Err(format!("--retrieval-set takes dev, test or both, not {other:?}")),
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Sets::Dev => &["dev"],
            Sets::Test => &["test"],
            Sets::Both => &["dev", "test"],
        }
    }
}

#[derive(Debug, Deserialize)]
struct Question {
    id: String,
    patient_id: String,
    question: String,
    relevant: Vec<Quote>,
}

#[derive(Debug, Deserialize)]
struct Quote {
    file: String,
    quote: String,
}

/// One chunk of a demo note.
struct NoteChunk {
    patient: String,
    file: String,
    chunk: Chunk,
}

/// The demo notes, chunked as ingestion chunks them, and each note's text.
struct Corpus {
    chunks: Vec<NoteChunk>,
    notes: BTreeMap<(String, String), String>,
}

impl Corpus {
    fn load() -> anyhow::Result<Self> {
        let mut chunks = Vec::new();
        let mut notes = BTreeMap::new();
        let mut files: Vec<(&str, &str)> = mediclear_local::embedded::DEMO_FILES.to_vec();
        files.sort();
        for (path, raw) in files {
            let ["records", patient, file] = path.split('/').collect::<Vec<_>>()[..] else { continue };
            // What ingestion reads from a text/plain upload.
            let text = mediclear_documents::plain_text(raw.as_bytes()).with_context(|| format!("reading demo note {path}"))?;
            for c in chunk(&format!("{patient}/{file}"), &text, ChunkingOptions::default()) {
                chunks.push(NoteChunk { patient: patient.to_string(), file: file.to_string(), chunk: c });
            }
            notes.insert((patient.to_string(), file.to_string()), text);
        }
        ensure!(!chunks.is_empty(), "no demo notes compiled into mediclear-local");
        Ok(Self { chunks, notes })
    }

    /// Byte spans of the question's quotes, by file.
    fn quote_spans(&self, q: &Question) -> anyhow::Result<Vec<(String, usize, usize)>> {
        q.relevant
            .iter()
            .map(|r| {
                let text = self.notes.get(&(q.patient_id.clone(), r.file.clone())).with_context(|| format!("{}: no demo note {}/{}", q.id, q.patient_id, r.file))?;
                let start = text.find(&r.quote).with_context(|| format!("{}: a quote is not in {}", q.id, r.file))?;
                Ok((r.file.clone(), start, start + r.quote.len()))
            })
            .collect()
    }
}

/// How each question fared under one embedder and ranking.
#[derive(Default)]
struct Tally {
    questions: usize,
    hit: [usize; TOP],
    all_quotes: usize,
    reciprocal_rank: f64,
    missed: Vec<String>,
}

impl Tally {
    /// `order`: candidate indices best first; `relevant[i]`: which quotes candidate i overlaps.
    fn add(&mut self, id: &str, order: &[usize], relevant: &[Vec<usize>], quotes: usize) {
        self.questions += 1;
        let first = order.iter().position(|&i| !relevant[i].is_empty());
        if let Some(rank) = first {
            self.reciprocal_rank += 1.0 / (rank as f64 + 1.0);
            for k in rank..TOP {
                self.hit[k] += 1;
            }
        }
        let mut covered: Vec<usize> = order.iter().take(TOP).flat_map(|&i| relevant[i].iter().copied()).collect();
        covered.sort();
        covered.dedup();
        if covered.len() == quotes {
            self.all_quotes += 1;
        }
        if first.is_none_or(|rank| rank >= TOP) {
            self.missed.push(id.to_string());
        }
    }

    fn pct(&self, n: usize) -> String {
        format!("{:.1}", 100.0 * n as f64 / self.questions.max(1) as f64)
    }
}

struct Engine {
    name: &'static str,
    embedder: Arc<dyn Embedder>,
}

/// The model directory the benchmark uses: `$MEDICLEAR_MODEL_DIR`, else the workspace's.
fn model_dir(workspace: &Path) -> PathBuf {
    std::env::var_os(DIR_VARIABLE).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| workspace.join(DEFAULT_DIR))
}

/// The quality table, the throughput figures and notes, as text.
pub async fn run(workspace: &Path, sets: Sets, list_dev_misses: bool) -> anyhow::Result<String> {
    let corpus = Corpus::load()?;
    let mut engines = vec![Engine { name: "hashing", embedder: Arc::new(HashingEmbedder) }];
    let mut notes = Vec::new();
    let dir = model_dir(workspace);
    let model = if dir.is_dir() {
        let loading = dir.clone();
        let model = tokio::task::spawn_blocking(move || MiniLmEmbedder::load(&loading)).await?.with_context(|| format!("loading the model in {}", dir.display()))?;
        engines.push(Engine { name: "MiniLM-L6", embedder: Arc::new(model.clone()) });
        Some(model)
    } else {
        notes.push(format!("no embedding model at {} (scripts/fetch-model.sh): hashing embedder only", dir.display()));
        None
    };

    let texts: Vec<String> = corpus.chunks.iter().map(|c| c.chunk.text.clone()).collect();
    let mut chunk_vectors = Vec::new();
    for engine in &engines {
        eprintln!("retrieval: embedding {} demo chunks with {}…", texts.len(), engine.embedder.model_id());
        chunk_vectors.push(engine.embedder.embed(&texts).await?);
    }

    let mut out = String::new();
    let patients: BTreeMap<&str, usize> = corpus.chunks.iter().fold(BTreeMap::new(), |mut m, c| {
        *m.entry(c.patient.as_str()).or_insert(0) += 1;
        m
    });
    out.push_str(&format!(
        "retrieval quality (demo notes chunked as ingestion does: {} chunks over {} patients, {} per patient)\n",
        corpus.chunks.len(),
        patients.len(),
        patients.iter().map(|(p, n)| format!("{p} {n}")).collect::<Vec<_>>().join(", ")
    ));
    out.push_str(&format!("{:<5} {:<8} {:<10} {:<7} {:>4} {:>6} {:>6} {:>9} {:>6} {:>6}\n", "set", "scope", "embedder", "ranking", "n", "hit@1", "hit@3", "recall@5", "all@5", "MRR"));
    out.push_str(&format!("{}\n", "-".repeat(77)));
    let mut dev_misses = Vec::new();
    for set in sets.names() {
        let path = workspace.join(format!("tools/bench/data/retrieval-{set}.json"));
        let questions: Vec<Question> = serde_json::from_slice(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?).with_context(|| format!("parsing {}", path.display()))?;
        let asked: Vec<String> = questions.iter().map(|q| q.question.clone()).collect();
        let mut query_vectors = Vec::new();
        for engine in &engines {
            query_vectors.push(engine.embedder.embed(&asked).await?);
        }
        for scope in [Scope::Patient, Scope::Pooled] {
            for (embedder, ranking, t) in score(&corpus, &questions, &engines, &chunk_vectors, &query_vectors, scope)? {
                out.push_str(&format!(
                    "{:<5} {:<8} {:<10} {:<7} {:>4} {:>6} {:>6} {:>9} {:>6} {:>6.3}\n",
                    set,
                    scope.name(),
                    embedder,
                    ranking,
                    t.questions,
                    t.pct(t.hit[0]),
                    t.pct(t.hit[2]),
                    t.pct(t.hit[TOP - 1]),
                    t.pct(t.all_quotes),
                    t.reciprocal_rank / t.questions.max(1) as f64
                ));
                if *set == "dev" && list_dev_misses && !t.missed.is_empty() {
                    dev_misses.push(format!("dev {} {embedder} {ranking}: missed@5 {:?}", scope.name(), t.missed));
                }
            }
        }
    }
    out.push_str("(%; recall@5 = a chunk overlapping a quote among the first 5; all@5 = every quote covered; pooled = all patients' chunks, a diagnostic)\n");
    out.push_str(&format!("embedders: hashing = {}; MiniLM-L6 = {}\n", HashingEmbedder.model_id(), mediclear_embedding_model::MODEL_ID));
    for line in dev_misses {
        out.push_str(&line);
        out.push('\n');
    }

    out.push_str(&throughput(&engines, model.as_ref(), &texts).await?);
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok(out)
}

/// Which chunks a question is ranked over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Its patient's, as the retriever does.
    Patient,
    /// Every demo patient's: a harder diagnostic.
    Pooled,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Patient => "patient",
            Scope::Pooled => "pooled",
        }
    }
}

/// One tally per ranking: BM25 alone (how the retriever ranks chunks whose vectors come from
/// another model), then hybrid and vector-only for each engine.
fn score(
    corpus: &Corpus,
    questions: &[Question],
    engines: &[Engine],
    chunk_vectors: &[Vec<Vec<f32>>],
    query_vectors: &[Vec<Vec<f32>>],
    scope: Scope,
) -> anyhow::Result<Vec<(&'static str, &'static str, Tally)>> {
    let mut rows = vec![("-", "bm25", Tally::default())];
    for engine in engines {
        rows.push((engine.name, "hybrid", Tally::default()));
        rows.push((engine.name, "vector", Tally::default()));
    }
    for (qi, q) in questions.iter().enumerate() {
        let spans = corpus.quote_spans(q)?;
        let pool: Vec<usize> = (0..corpus.chunks.len()).filter(|&i| scope == Scope::Pooled || corpus.chunks[i].patient == q.patient_id).collect();
        // For each candidate, the quotes its span overlaps.
        let relevant: Vec<Vec<usize>> = pool
            .iter()
            .map(|&i| {
                let c = &corpus.chunks[i];
                let overlaps = |(file, start, end): &(String, usize, usize)| c.patient == q.patient_id && &c.file == file && c.chunk.start < *end && *start < c.chunk.end;
                spans.iter().enumerate().filter(|(_, span)| overlaps(span)).map(|(k, _)| k).collect()
            })
            .collect();
        let texts: Vec<&str> = pool.iter().map(|&i| corpus.chunks[i].chunk.text.as_str()).collect();
        rows[0].2.add(&q.id, &with_rest(by_score(&bm25(&q.question, &texts)), pool.len()), &relevant, spans.len());
        for e in 0..engines.len() {
            let query = &query_vectors[e][qi];
            let candidates: Vec<Candidate> = pool.iter().map(|&i| Candidate { text: &corpus.chunks[i].chunk.text, embedding: Some(&chunk_vectors[e][i]) }).collect();
            let hybrid: Vec<usize> = hybrid_rank(&q.question, Some(query), &candidates).iter().map(|r| r.index).collect();
            rows[1 + 2 * e].2.add(&q.id, &with_rest(hybrid, pool.len()), &relevant, spans.len());
            let cosines: Vec<f32> = pool.iter().map(|&i| cosine(query, &chunk_vectors[e][i])).collect();
            rows[2 + 2 * e].2.add(&q.id, &with_rest(by_score(&cosines), pool.len()), &relevant, spans.len());
        }
    }
    Ok(rows)
}

/// Indices with a positive score, best first (ties in input order).
fn by_score(scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// `ranked`, then every other index in order — as the retriever fills its passages.
fn with_rest(mut ranked: Vec<usize>, len: usize) -> Vec<usize> {
    let mut taken = vec![false; len];
    ranked.iter().for_each(|&i| taken[i] = true);
    ranked.extend((0..len).filter(|&i| !taken[i]));
    ranked
}

async fn throughput(engines: &[Engine], model: Option<&MiniLmEmbedder>, chunks: &[String]) -> anyhow::Result<String> {
    if cfg!(debug_assertions) {
        // Unoptimised, the figure would describe the harness's build, not the runtime's (and 200
        // texts would take minutes).
        return Ok("\nembedding throughput: not measured by an unoptimised harness; run `cargo run --release -p mediclear-bench -- --retrieval`\n".into());
    }
    let texts: Vec<String> = chunks.iter().cycle().take(THROUGHPUT_TEXTS).cloned().collect();
    let bytes = texts.iter().map(String::len).sum::<usize>() / texts.len();
    let mut out = format!("\nembedding throughput: {} chunk-sized texts (mean {bytes} bytes", texts.len());
    if let Some(model) = model {
        let tokens = texts.iter().map(|t| model.tokenizer().encode(t).len()).sum::<usize>() / texts.len();
        out.push_str(&format!(", {tokens} tokens"));
    }
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    out.push_str(&format!(") in one call, as the indexer sends a document's chunks; release build, {cpus} CPUs\n"));
    for engine in engines {
        // One warm-up call (first-run allocations), then the measured one.
        engine.embedder.embed(&texts[..4]).await?;
        let started = Instant::now();
        let vectors = engine.embedder.embed(&texts).await?;
        let seconds = started.elapsed().as_secs_f64();
        ensure!(vectors.len() == texts.len(), "{} returned {} vectors for {} texts", engine.name, vectors.len(), texts.len());
        out.push_str(&format!("  {:<10} {:>10.1} embeddings/s  ({:.2} s)\n", engine.name, texts.len() as f64 / seconds, seconds));
    }
    Ok(out)
}
