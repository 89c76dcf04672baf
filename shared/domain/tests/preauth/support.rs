//! Shared helpers: reading policy and record files the way the runtime does (chunked, with spans),
//! and ranking record chunks for a case the way a retriever would.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_domain::knowledge::embedding::embed;
use mediclear_domain::knowledge::ranking::{Candidate, hybrid_rank};
use mediclear_domain::knowledge::Passage;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest};
use mediclear_domain::preauth::criteria::{Criterion, parse_policy};

/// How many record chunks the simulated retriever hands the analyzer.
pub const RETRIEVED_CHUNKS: usize = 24;

/// A fixed analysis time, so date-based durations are reproducible.
pub fn now() -> DateTime<Utc> {
    "2024-06-15T12:00:00Z".parse().expect("valid timestamp")
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo_dir() -> PathBuf {
    manifest_dir().join("../local/demo")
}

pub fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Text shaped the way ingestion normalises it before chunking: lines trimmed (indentation
/// gone), runs of blank lines collapsed to one.
pub fn ingested(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Every chunk of a document as a passage, in order, with spans.
pub fn passages_of(document_id: &str, title: &str, text: &str) -> Vec<Passage> {
    chunk(document_id, text, ChunkingOptions::default())
        .into_iter()
        .map(|c| Passage {
            chunk_id: c.chunk_id,
            document_id: c.document_id,
            title: Some(title.to_string()),
            text: c.text,
            score: 1.0,
            ordinal: Some(c.ordinal),
            span: Some((c.start, c.end)),
        })
        .collect()
}

/// A policy file: `Title:` and `Procedure codes:` lines, a blank line, the body.
pub struct PolicyFile {
    pub document_id: String,
    pub title: String,
    pub codes: Vec<String>,
    pub text: String,
}

pub fn policy_files(dir: &Path) -> Vec<PolicyFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = read(&p);
            let parsed = parse_policy(&text);
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("policy").to_string();
            PolicyFile {
                document_id: format!("POL-{stem}"),
                title: parsed.title.clone().unwrap_or(stem),
                codes: parsed.procedure_codes.clone(),
                text,
            }
        })
        .collect()
}

/// The record chunks of one patient, ranked for `query` with the domain's hybrid ranking and cut
/// to [`RETRIEVED_CHUNKS`], best first — what a retriever filtered by `patient_id` returns.
pub fn retrieve_records(patient_dir: &Path, query: &str, shape: impl Fn(&str) -> String) -> Vec<Passage> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(patient_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", patient_dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    paths.sort();
    let patient = patient_dir.file_name().and_then(|s| s.to_str()).unwrap_or("PAT");
    let mut all: Vec<Passage> = Vec::new();
    for p in paths {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("record");
        let name = p.file_name().and_then(|s| s.to_str()).unwrap_or("record.txt");
        all.extend(passages_of(&format!("REC-{patient}-{stem}"), name, &shape(&read(&p))));
    }
    let embeddings: Vec<Vec<f32>> = all.iter().map(|p| embed(&p.text)).collect();
    let candidates: Vec<Candidate<'_>> =
        all.iter().zip(&embeddings).map(|(p, e)| Candidate { text: &p.text, embedding: Some(e) }).collect();
    let ranked = hybrid_rank(query, Some(&embed(query)), &candidates);
    ranked
        .into_iter()
        .take(RETRIEVED_CHUNKS)
        .map(|r| Passage { score: r.score, ..all[r.index].clone() })
        .collect()
}

/// The query a retriever would send for a procedure: the policy's title and criteria.
pub fn query_for(policy: &PolicyFile) -> String {
    fn texts(items: &[Criterion], out: &mut Vec<String>) {
        for c in items {
            out.push(c.text.clone());
            if let Some(g) = &c.children {
                texts(&g.items, out);
            }
        }
    }
    let parsed = parse_policy(&policy.text);
    let mut parts = vec![policy.title.clone()];
    texts(&parsed.requirements.items, &mut parts);
    texts(&parsed.exclusions, &mut parts);
    parts.join(" ")
}

/// A request for one case from files: the policies listing the code, the patient's records.
pub fn request_for(policies: &[PolicyFile], records: &Path, procedure_code: &str) -> AnalysisRequest {
    request_shaped(policies, records, procedure_code, |t| t.to_string())
}

/// [`request_for`] with every file's text passed through `shape` first (e.g. [`ingested`]).
pub fn request_shaped(policies: &[PolicyFile], records: &Path, procedure_code: &str, shape: impl Fn(&str) -> String) -> AnalysisRequest {
    let chosen: Vec<&PolicyFile> = policies.iter().filter(|p| p.codes.iter().any(|c| c == procedure_code)).collect();
    assert!(!chosen.is_empty(), "no policy lists {procedure_code}");
    let query = chosen.iter().map(|p| query_for(p)).collect::<Vec<_>>().join(" ");
    AnalysisRequest {
        procedure_code: ProcedureCode::parse(procedure_code).expect("valid code"),
        diagnosis_codes: vec![],
        policy_passages: chosen.iter().flat_map(|p| passages_of(&p.document_id, &p.title, &shape(&p.text))).collect(),
        note_passages: retrieve_records(records, &query, &shape),
    }
}

/// A request from literal texts: one policy, one note per string (one chunk each).
pub fn request_from_text(policy: &str, notes: &[&str]) -> AnalysisRequest {
    let mut note_passages = Vec::new();
    for (i, n) in notes.iter().enumerate() {
        note_passages.extend(passages_of(&format!("REC-{i}"), &format!("note-{i}.txt"), n));
    }
    AnalysisRequest {
        procedure_code: ProcedureCode::parse("27447").expect("valid code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of("POL-T", "Test Policy", policy),
        note_passages,
    }
}

/// A request from fixture files: one policy file, one or more note files.
pub fn request_from_files(policy: &Path, notes: &[&Path], procedure_code: &str) -> AnalysisRequest {
    let mut note_passages = Vec::new();
    for n in notes {
        let stem = n.file_stem().and_then(|s| s.to_str()).unwrap_or("note");
        let name = n.file_name().and_then(|s| s.to_str()).unwrap_or("note.txt");
        note_passages.extend(passages_of(&format!("REC-{stem}"), name, &read(n)));
    }
    let text = read(policy);
    let title = parse_policy(&text).title.unwrap_or_else(|| "Policy".into());
    AnalysisRequest {
        procedure_code: ProcedureCode::parse(procedure_code).expect("valid code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of("POL-F", &title, &text),
        note_passages,
    }
}

/// A readable dump of an analysis, for assertion messages.
pub fn describe(a: &Analysis) -> String {
    let mut out = format!("{} — {}\n", a.status.as_str(), a.summary);
    for c in &a.criteria {
        out.push_str(&format!("  [{:?}] {} met={:?}: {}\n      evidence: {}\n      cites: {:?}\n", c.kind, c.id, c.met, c.text, c.evidence, c.source_chunk_ids));
    }
    out
}

/// The finding with `id`.
pub fn finding<'a>(a: &'a Analysis, id: &str) -> &'a mediclear_domain::preauth::analysis::CriterionFinding {
    a.criteria.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no finding {id} in\n{}", describe(a)))
}
