//! Retrieval quality of the offline embedders.
//!
//! Two corpora, each with labelled question sets (`[{id, patient_id, asker, question, relevant:
//! [{file, quote}]}]`, written without sight of any engine):
//! - `--retrieval`: `tools/bench/data/retrieval-{dev,test}.json` over the demo notes the runtime
//!   seeds for pre-auth (`shared/local/demo/records/<patient>/`);
//! - `--retrieval-health`: `tools/bench/data/retrieval-health-test.json` (68 questions) over the
//!   health demo's documents (`shared/local/demo/health/<patient>/`, the list in
//!   `patients.json`): the text files as they are, and for the PDF and the scanned PNG the text
//!   of their `.truth.txt` — what a perfect text layer or OCR returns, so that the figure is the
//!   retrieval's, not the reader's. `relevant[].file` names `<patient>/<file>`.
//!
//! Each document goes through what ingestion does to text — the plain-text reader (decoding,
//! [`mediclear_documents::normalise`]), then `chunking::chunk` with the default options — and
//! each question is ranked over its patient's chunks, as the retriever ranks
//! (`ranking::hybrid_rank`, unranked chunks after in document order), by cosine alone, and by
//! BM25 alone. A chunk is relevant when its span overlaps the span of one of the question's
//! quotes in the document; a quote is found as written or, failing that, with runs of
//! whitespace counted as one space (the lab reports' columns are normalised on reading).
//!
//! - `recall@5`: questions with a relevant chunk among the first five (the product target: 90 %
//!   with the model); `hit@1`, `hit@3` likewise; `all@5`: every quote of the question overlapped
//!   by the first five; `MRR`: mean reciprocal rank of the first relevant chunk.
//! - Scope `patient` is what the product does. Scope `pooled` ranks over every demo patient's
//!   chunks at once: a diagnostic only (the demo patients have one to a few chunks each, so the
//!   patient scope saturates at five), never what a caller gets; the health set shows only the
//!   patient scope.
//!
//! The test sets are held-out measures: only their totals are printed, and nothing is tuned on
//! them; `--retrieval-misses` lists the missed questions of the dev set only. The embedders'
//! speed is [`crate::embedding_speed`]'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail, ensure};
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
/// The product target for recall@5 with the model.
const TARGET_RECALL: f64 = 90.0;

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

/// One chunk of a demo document.
struct NoteChunk {
    patient: String,
    file: String,
    chunk: Chunk,
}

/// Demo documents, chunked as ingestion chunks them, and each document's text.
pub struct Corpus {
    chunks: Vec<NoteChunk>,
    notes: BTreeMap<(String, String), String>,
}

/// The health demo's list of documents (`health/patients.json`), the part read here.
#[derive(Deserialize)]
struct HealthPatient {
    documents: Vec<HealthDocument>,
}

#[derive(Deserialize)]
struct HealthDocument {
    /// `<patient>/<file>`.
    file: String,
}

impl Corpus {
    /// The pre-auth demo notes (`records/<patient>/<file>`).
    fn records() -> anyhow::Result<Self> {
        let mut files: Vec<(&str, &str)> = mediclear_local::embedded::DEMO_FILES.to_vec();
        files.sort();
        let documents = files.into_iter().filter_map(|(path, raw)| match path.split('/').collect::<Vec<_>>()[..] {
            ["records", patient, file] => Some((patient.to_string(), file.to_string(), path.to_string(), raw)),
            _ => None,
        });
        Self::from_documents(documents)
    }

    /// The health demo's documents, each with its text: the file's own for text, the
    /// `.truth.txt` beside it for a PDF or a picture.
    pub fn health() -> anyhow::Result<Self> {
        let demo = |path: &str| mediclear_local::embedded::DEMO_FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t);
        let patients: Vec<HealthPatient> = serde_json::from_str(demo("health/patients.json").context("health/patients.json is not compiled into mediclear-local")?)
            .context("parsing health/patients.json")?;
        let mut documents = Vec::new();
        for document in patients.iter().flat_map(|p| &p.documents) {
            let (patient, file) = document.file.split_once('/').with_context(|| format!("{}: not <patient>/<file>", document.file))?;
            let source = match document.file.rsplit_once('.') {
                Some((_, "txt")) => document.file.clone(),
                Some((stem, _)) => format!("{stem}.truth.txt"),
                None => bail!("{}: no extension", document.file),
            };
            let path = format!("health/{source}");
            let raw = demo(&path).with_context(|| format!("{path} is not compiled into mediclear-local"))?;
            documents.push((patient.to_string(), file.to_string(), path, raw));
        }
        Self::from_documents(documents.into_iter())
    }

    /// `(patient, file, path, raw text)` each, read and chunked as ingestion does.
    fn from_documents<'a>(documents: impl Iterator<Item = (String, String, String, &'a str)>) -> anyhow::Result<Self> {
        let mut chunks = Vec::new();
        let mut notes = BTreeMap::new();
        for (patient, file, path, raw) in documents {
            // What ingestion reads from a text/plain upload.
            let text = mediclear_documents::plain_text(raw.as_bytes()).with_context(|| format!("reading demo document {path}"))?;
            for c in chunk(&format!("{patient}/{file}"), &text, ChunkingOptions::default()) {
                chunks.push(NoteChunk { patient: patient.clone(), file: file.clone(), chunk: c });
            }
            notes.insert((patient, file), text);
        }
        ensure!(!chunks.is_empty(), "no demo documents compiled into mediclear-local");
        Ok(Self { chunks, notes })
    }

    /// The chunks' texts, in corpus order.
    pub fn texts(&self) -> Vec<String> {
        self.chunks.iter().map(|c| c.chunk.text.clone()).collect()
    }

    /// The chunks' texts, one list a document (as the indexer embeds them: one call a document).
    pub fn texts_by_document(&self) -> Vec<Vec<String>> {
        let mut documents: Vec<Vec<String>> = Vec::new();
        let mut last: Option<(&str, &str)> = None;
        for c in &self.chunks {
            let key = (c.patient.as_str(), c.file.as_str());
            if last != Some(key) {
                documents.push(Vec::new());
                last = Some(key);
            }
            documents.last_mut().expect("pushed above").push(c.chunk.text.clone());
        }
        documents
    }

    /// Byte spans of the question's quotes, by file.
    fn quote_spans(&self, q: &Question) -> anyhow::Result<Vec<(String, usize, usize)>> {
        q.relevant
            .iter()
            .map(|r| {
                // The health set names `<patient>/<file>`, the records sets the file alone.
                let file = r.file.strip_prefix(&format!("{}/", q.patient_id)).unwrap_or(&r.file);
                let text = self.notes.get(&(q.patient_id.clone(), file.to_string())).with_context(|| format!("{}: no demo document {}/{file}", q.id, q.patient_id))?;
                let (start, end) = find_quote(text, &r.quote).with_context(|| format!("{}: a quote is not in {file}", q.id))?;
                Ok((file.to_string(), start, end))
            })
            .collect()
    }
}

/// The byte span of `quote` in `text`: as written, else with every run of whitespace in both
/// taken as one space (the span then runs from the first to the last matched character).
fn find_quote(text: &str, quote: &str) -> Option<(usize, usize)> {
    if let Some(start) = text.find(quote) {
        return Some((start, start + quote.len()));
    }
    // The text with whitespace runs collapsed, and where each of its bytes came from.
    let mut collapsed = String::new();
    let mut origin = Vec::new();
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space && !collapsed.is_empty() {
                collapsed.push(' ');
                origin.push(i);
            }
            in_space = true;
        } else {
            in_space = false;
            collapsed.push(c);
            origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    let wanted = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if wanted.is_empty() {
        return None;
    }
    let start = collapsed.find(&wanted)?;
    let last = start + wanted.len() - 1;
    let end = origin[last] + text[origin[last]..].chars().next().map_or(1, char::len_utf8);
    Some((origin[start], end))
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

/// An embedder under its short name.
pub struct Engine {
    pub name: &'static str,
    pub embedder: Arc<dyn Embedder>,
}

/// The model directory the benchmark uses: `$MEDICLEAR_MODEL_DIR`, else the workspace's.
pub fn model_dir(workspace: &Path) -> PathBuf {
    std::env::var_os(DIR_VARIABLE).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| workspace.join(DEFAULT_DIR))
}

/// The hashing embedder, and the model when it was fetched; notes say what is missing.
pub async fn engines(workspace: &Path) -> anyhow::Result<(Vec<Engine>, Option<MiniLmEmbedder>, Vec<String>)> {
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
    Ok((engines, model, notes))
}

/// Every chunk of the corpus embedded by each engine.
async fn embed_corpus(corpus: &Corpus, engines: &[Engine]) -> anyhow::Result<Vec<Vec<Vec<f32>>>> {
    let texts = corpus.texts();
    let mut chunk_vectors = Vec::new();
    for engine in engines {
        eprintln!("retrieval: embedding {} demo chunks with {}…", texts.len(), engine.embedder.model_id());
        chunk_vectors.push(engine.embedder.embed(&texts).await?);
    }
    Ok(chunk_vectors)
}

fn read_questions(path: &Path) -> anyhow::Result<Vec<Question>> {
    serde_json::from_slice(&std::fs::read(path).with_context(|| format!("reading {}", path.display()))?).with_context(|| format!("parsing {}", path.display()))
}

/// The corpus line: chunks, patients, chunks per patient.
fn corpus_line(corpus: &Corpus) -> String {
    let patients: BTreeMap<&str, usize> = corpus.chunks.iter().fold(BTreeMap::new(), |mut m, c| {
        *m.entry(c.patient.as_str()).or_insert(0) += 1;
        m
    });
    format!(
        "{} chunks over {} patients, {} per patient",
        corpus.chunks.len(),
        patients.len(),
        patients.iter().map(|(p, n)| format!("{p} {n}")).collect::<Vec<_>>().join(", ")
    )
}

fn table_header() -> String {
    format!(
        "{:<6} {:<8} {:<10} {:<7} {:>4} {:>6} {:>6} {:>9} {:>6} {:>6}\n{}\n",
        "set",
        "scope",
        "embedder",
        "ranking",
        "n",
        "hit@1",
        "hit@3",
        "recall@5",
        "all@5",
        "MRR",
        "-".repeat(78)
    )
}

fn table_row(set: &str, scope: Scope, embedder: &str, ranking: &str, t: &Tally) -> String {
    format!(
        "{:<6} {:<8} {:<10} {:<7} {:>4} {:>6} {:>6} {:>9} {:>6} {:>6.3}\n",
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
    )
}

const TABLE_NOTE: &str = "(%; recall@5 = a chunk overlapping a quote among the first 5; all@5 = every quote covered; pooled = all patients' chunks, a diagnostic)\n";

fn embedders_line() -> String {
    format!("embedders: hashing = {}; MiniLM-L6 = {}\n", HashingEmbedder.model_id(), mediclear_embedding_model::MODEL_ID)
}

/// The quality table of the records sets and notes, as text.
pub async fn run(workspace: &Path, sets: Sets, list_dev_misses: bool) -> anyhow::Result<String> {
    let corpus = Corpus::records()?;
    let (engines, _, notes) = engines(workspace).await?;
    let chunk_vectors = embed_corpus(&corpus, &engines).await?;

    let mut out = format!("retrieval quality (demo notes chunked as ingestion does: {})\n", corpus_line(&corpus));
    out.push_str(&table_header());
    let mut dev_misses = Vec::new();
    for set in sets.names() {
        let questions = read_questions(&workspace.join(format!("tools/bench/data/retrieval-{set}.json")))?;
        let query_vectors = embed_questions(&questions, &engines).await?;
        for scope in [Scope::Patient, Scope::Pooled] {
            for (embedder, ranking, t) in score(&corpus, &questions, &engines, &chunk_vectors, &query_vectors, scope)? {
                out.push_str(&table_row(set, scope, embedder, ranking, &t));
                if *set == "dev" && list_dev_misses && !t.missed.is_empty() {
                    dev_misses.push(format!("dev {} {embedder} {ranking}: missed@5 {:?}", scope.name(), t.missed));
                }
            }
        }
    }
    out.push_str(TABLE_NOTE);
    out.push_str(&embedders_line());
    for line in dev_misses {
        out.push_str(&line);
        out.push('\n');
    }
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok(out)
}

/// The quality table of the health set (patient scope only: held out, totals only), as text.
pub async fn run_health(workspace: &Path) -> anyhow::Result<String> {
    let corpus = Corpus::health()?;
    let (engines, _, notes) = engines(workspace).await?;
    let chunk_vectors = embed_corpus(&corpus, &engines).await?;
    let questions = read_questions(&workspace.join("tools/bench/data/retrieval-health-test.json"))?;
    let query_vectors = embed_questions(&questions, &engines).await?;

    let documents = corpus.notes.len();
    let mut out = format!("retrieval quality, health demo ({documents} documents, PDF and PNG as their .truth.txt, chunked as ingestion does: {})\n", corpus_line(&corpus));
    out.push_str(&table_header());
    let mut hybrid = Vec::new();
    for (embedder, ranking, t) in score(&corpus, &questions, &engines, &chunk_vectors, &query_vectors, Scope::Patient)? {
        out.push_str(&table_row("health", Scope::Patient, embedder, ranking, &t));
        if ranking == "hybrid" {
            hybrid.push((embedder, 100.0 * t.hit[TOP - 1] as f64 / t.questions.max(1) as f64));
        }
    }
    let summary: Vec<String> = hybrid.iter().map(|(e, r)| format!("{e} {r:.1} %")).collect();
    // The target is the product's: the model, hybrid ranking.
    let verdict = match hybrid.iter().find(|(e, _)| *e == "MiniLM-L6") {
        Some((_, recall)) if *recall >= TARGET_RECALL => "ok",
        Some(_) => "MISSED",
        None => "not judged (no model)",
    };
    out.push_str(&format!("health recall@5, hybrid ranking: {} (target {TARGET_RECALL} % with the model)  {verdict}\n", summary.join(", ")));
    out.push_str(&format!(
        "(%; recall@5 = a chunk overlapping a quote among the first 5 of the patient's chunks; all@5 = every quote covered; a random order would reach recall@5 {:.1} % on average)\n",
        chance_recall(&corpus, &questions)?
    ));
    out.push_str(&embedders_line());
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok(out)
}

async fn embed_questions(questions: &[Question], engines: &[Engine]) -> anyhow::Result<Vec<Vec<Vec<f32>>>> {
    let asked: Vec<String> = questions.iter().map(|q| q.question.clone()).collect();
    let mut query_vectors = Vec::new();
    for engine in engines {
        query_vectors.push(engine.embedder.embed(&asked).await?);
    }
    Ok(query_vectors)
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

/// The recall@5 a random order of each patient's chunks reaches on average, %: for a question
/// with `r` relevant chunks among `n`, 1 − C(n−r, 5) / C(n, 5). The floor the rankings stand on
/// when a patient has few chunks.
fn chance_recall(corpus: &Corpus, questions: &[Question]) -> anyhow::Result<f64> {
    let mut sum = 0.0;
    for q in questions {
        let spans = corpus.quote_spans(q)?;
        let pool: Vec<&NoteChunk> = corpus.chunks.iter().filter(|c| c.patient == q.patient_id).collect();
        let relevant = pool.iter().filter(|c| spans.iter().any(|(file, start, end)| &c.file == file && c.chunk.start < *end && *start < c.chunk.end)).count();
        // C(n−r, k) / C(n, k) = Π_{i<k} (n−r−i) / (n−i).
        let miss: f64 = (0..TOP.min(pool.len())).map(|i| (pool.len().saturating_sub(relevant + i)) as f64 / (pool.len() - i) as f64).product();
        sum += 1.0 - miss;
    }
    Ok(100.0 * sum / questions.len().max(1) as f64)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_as_written_or_with_whitespace_collapsed() {
        let text = "LDL cholesterol 164 H mg/dL\nHDL  cholesterol 54";
        assert_eq!(find_quote(text, "LDL cholesterol"), Some((0, 15)));
        // Runs of spaces in the quote (a table's columns) and a line break in the text.
        let (start, end) = find_quote(text, "mg/dL    HDL cholesterol").unwrap();
        assert_eq!(&text[start..end], "mg/dL\nHDL  cholesterol");
        assert_eq!(find_quote(text, "HbA1c"), None);
        assert_eq!(find_quote(text, "   "), None);
    }

    #[test]
    fn the_health_corpus_has_every_document_of_the_demo() {
        let corpus = Corpus::health().unwrap();
        assert_eq!(corpus.notes.len(), 12, "three patients, four documents each");
        assert!(corpus.notes.contains_key(&("PAT-101".to_string(), "lab-report.pdf".to_string())));
        assert_eq!(corpus.texts_by_document().len(), 12);
    }
}
