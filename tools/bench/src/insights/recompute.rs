//! The recomputation figures, in the release build of this harness (`--insights-recompute DIR`):
//! the offline stores of the data directory the chat run left behind (that runtime stopped), opened
//! by a runtime started in this process on it (`mediclear_local::system::start`, no request sent),
//! and the patient's insights recomputed as the pipeline, a refresh or a changed answer recomputes them — `ComputedInsights::recompute_for`, which loads
//! the record (patient, every document, the texts of the indexed ones) and runs
//! `mediclear_domain::health::risk::assess` and `score::score`, then compares with the latest
//! stored versions and writes a new one when something changed.
//!
//! Measured, each after one unmeasured run:
//! - **unchanged**: nothing changed since the last recomputation, so nothing is written (what a
//!   repeated trigger costs);
//! - **changed**: an answer (`stress_level`) flipped in the patient store first, untimed, so the
//!   score gets a new version — one store write more;
//! - the **load** alone (`PatientRecords::load`), and the **domain** alone: assess + score on the
//!   record already loaded, no store at all.
//!
//! The figures go to stdout as one JSON object for the unoptimised harness to print.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use chrono::Utc;
use serde_json::json;

use mediclear_domain::health::questionnaire::Answer;
use mediclear_domain::health::{risk, score};
use mediclear_domain::ids::PatientId;
use mediclear_local::deps::LocalDeps;
use mediclear_domain::health::chat::Audience;
use mediclear_ports::chat::{ChatTurn, RecordSearch};
use mediclear_ports::patients::PatientStore;

use crate::insights::PATIENT_ID;
use crate::insights::questions::{Kind, QUESTIONS};
use crate::stats::summarize;

/// Pure domain runs per recomputation run: they are fast, so more of them.
const DOMAIN_FACTOR: usize = 10;

/// Runs the measurements on `data_dir` for `patient` and prints them.
pub async fn child(data_dir: &Path, runs: usize) -> anyhow::Result<()> {
    // The runtime in this process, on the stopped runtime's data directory, with the embedder it
    // indexed with; no request reaches it, its background runners have nothing to do.
    let model = crate::retrieval::model_dir(&crate::binaries::workspace_root());
    let mut options = mediclear_local::system::Options::new(data_dir);
    options.embedding_model = model.is_dir().then_some(model);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let system = mediclear_local::system::start(listener, options).await.with_context(|| format!("opening the stores in {}", data_dir.display()))?;
    let deps = system.deps.clone();
    let insights = deps.computed_insights();
    let records = deps.patient_records();
    let patient = PATIENT_ID;
    let patient_id = PatientId::parse(patient).map_err(|e| anyhow!("{e}"))?;

    let loaded = records.load(&patient_id).await?.ok_or_else(|| anyhow!("no patient {patient} in the data directory"))?;
    let record = loaded.record();
    let indexed = record.documents.len();
    let text_bytes: usize = loaded.texts.iter().map(|(_, t)| t.len()).sum();
    let today = Utc::now().date_naive();

    let recompute = |trigger: &'static str| {
        let insights = insights.clone();
        let patient_id = patient_id.clone();
        async move {
            let started = Instant::now();
            let done = insights.recompute_for(&patient_id, trigger).await?.ok_or_else(|| anyhow!("the patient is gone"))?;
            anyhow::Ok((started.elapsed(), done))
        }
    };
    recompute("bench-warm-up").await?;
    let mut unchanged = Vec::new();
    let mut unchanged_writes = 0;
    for _ in 0..runs {
        let (took, done) = recompute("bench").await?;
        unchanged_writes += usize::from(done.score_changed) + usize::from(done.risk_changed);
        unchanged.push(took);
    }

    let mut changed = Vec::new();
    let mut new_versions = 0;
    for run in 0..=runs {
        flip_stress_level(&deps, &patient_id, run).await?;
        let (took, done) = recompute("bench-answers").await?;
        if run > 0 {
            new_versions += usize::from(done.score_changed) + usize::from(done.risk_changed);
            changed.push(took);
        }
    }

    let mut load = Vec::new();
    for _ in 0..=runs {
        let started = Instant::now();
        let again = records.load(&patient_id).await?;
        load.push(started.elapsed());
        std::hint::black_box(again);
    }
    load.remove(0);

    let (mut domain, mut assess, mut scored) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..=runs * DOMAIN_FACTOR {
        let started = Instant::now();
        let record = loaded.record();
        let risk = std::hint::black_box(risk::assess(&record, today));
        let after_assess = started.elapsed();
        let score = std::hint::black_box(score::score(&record, Some(70), today));
        let all = started.elapsed();
        drop((risk, score));
        domain.push(all);
        assess.push(after_assess);
        scored.push(all - after_assess);
    }
    for series in [&mut domain, &mut assess, &mut scored] {
        series.remove(0);
    }

    // For where the chat's time goes: the retrieval of each question the chat would retrieve for,
    // with the embedder the runtime indexed with.
    let retriever = deps.retriever.clone();
    // And the answer written from those passages by the runtime's chat engine (the extractive
    // engine: the passages' sentences and the question embedded in one batch by the same model).
    let responder = deps.chat().responder;
    let (mut retrieval, mut answer, mut sentences) = (Vec::new(), Vec::new(), Vec::new());
    let asked: Vec<&str> = QUESTIONS.iter().filter(|(kind, _)| *kind != Kind::Critical).map(|(_, q)| *q).collect();
    for (n, question) in asked.iter().enumerate() {
        let started = Instant::now();
        let passages = retriever.patient_documents(&patient_id, question, mediclear_handlers::api::chat::PATIENT_TOP_K).await?;
        let retrieved = started.elapsed();
        let turn = ChatTurn { audience: Audience::Patient, question, history: Vec::new(), summary: None, additional_context: None, passages: &passages };
        let started = Instant::now();
        let reply = responder.respond(&turn, &|_| {}).await?;
        let answered = started.elapsed();
        if n > 0 {
            retrieval.push(retrieved);
            answer.push(answered);
            sentences.push(passages.iter().map(|p| p.text.split_terminator(['.', '\n']).filter(|s| !s.trim().is_empty()).count()).sum::<usize>());
        }
        std::hint::black_box(reply);
    }

    let summary = |samples: &[Duration]| serde_json::to_value(summarize(samples)).unwrap_or_default();
    let out = json!({
        "documents": loaded.documents.len(),
        "indexed": indexed,
        "texts": loaded.texts.len(),
        "text_bytes": text_bytes,
        "unchanged": summary(&unchanged),
        "unchanged_writes": unchanged_writes,
        "changed": summary(&changed),
        "changed_new_versions": new_versions,
        "load": summary(&load),
        "domain": summary(&domain),
        "assess": summary(&assess),
        "score": summary(&scored),
        "retrieval": summary(&retrieval),
        "answer": summary(&answer),
        "passage_lines": sentences.iter().sum::<usize>() / sentences.len().max(1),
        "retrieval_embedder": deps.embedder.model_id(),
    });
    println!("{out}");
    system.stop().await;
    Ok(())
}

/// Sets `stress_level` to 3 or 4 by turn, as `PUT /patients/{id}` would store a changed answer.
async fn flip_stress_level(deps: &LocalDeps, patient_id: &PatientId, turn: usize) -> anyhow::Result<()> {
    let mut patient = deps.patients.get(patient_id).await?.ok_or_else(|| anyhow!("the patient is gone"))?;
    let read = patient.version;
    patient.answers.insert("stress_level".into(), Answer::Number(if turn % 2 == 0 { 4.0 } else { 3.0 }));
    patient.version += 1;
    patient.updated_at = Utc::now();
    deps.patients.replace(&patient, read).await?;
    Ok(())
}
