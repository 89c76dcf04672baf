//! The offline patient chat measured on whether it answers: questions about a patient's own
//! records, labelled `answerable` (with a phrase of the record a right answer holds) or
//! `unanswerable` (the records do not say it; general knowledge; someone else), written by
//! helpers who never saw the chat's code (`shared/domain/tests/data/chat/*/README.md`).
//!
//! Each set's records are chunked as the pipeline chunks them and embedded with the runtime's
//! sentence-embedding model; each question retrieves the patient's top 5 chunks with the
//! retriever's hybrid ranking and is answered by the domain's extractive engine with the model's
//! similarities — the path `POST /patients/{id}/chat` takes offline, less the critical-question
//! check (the sets hold no critical questions) and the conversation store.
//!
//! - `dev` — the set the answer threshold was chosen on; its misses are printed with
//!   `MEDICLEAR_SHOW_MISSES`.
//! - `holdout` — written at the same time by another helper; only its figures are printed.
//! - `holdout2` — written blind on 2026-12-06 by a third helper (eight other themes: atrial
//!   fibrillation, COPD, Crohn's, rheumatoid arthritis, iron deficiency, epilepsy, sleep apnoea,
//!   osteoporosis); only its figures are printed.
//! - `holdout3` — written blind later on 2026-12-06 by a fourth helper (heart failure, type 1
//!   diabetes, prostate, psoriatic arthritis, hepatitis C, glaucoma, depression and anxiety, hip
//!   replacement), for the figure of the day's changes; only its figures are printed.
//! - `dev2` — written blind in the thirteenth session (hypertension, coeliac disease, multiple
//!   sclerosis, melanoma, lupus, Parkinson's, cataract, HIV), read after its first reading;
//!   `MEDICLEAR_SHOW_MISSES=dev2` prints its misses.
//! - `holdout4` — written blind at the same time by another helper (endometriosis, kidney
//!   stones, TIA, Hodgkin lymphoma, bariatric surgery, adult ADHD, isotretinoin, ACL
//!   reconstruction), held out; only its figures are printed.
//! - `dev3` — written blind in the nineteenth session (STEMI, pulmonary embolism, colorectal
//!   cancer, lithium, PCOS/IVF, sciatica, wet AMD, peanut allergy), read after its first reading;
//!   `MEDICLEAR_SHOW_MISSES=dev3` prints its misses.
//!
//! First readings (2026-12-03), before and after the out-of-scope checks (`health::chat::scope`)
//! written on dev's misses: dev declined 50/80 → 73/80, answered 60/87 → 60/87 (with the phrase
//! 28 → 28); held-out declined 57/104 → 62/104, answered 67/111 → 65/111 (with the phrase 37 → 37).
//! 2026-12-05, a question naming a month answered only from that month (`health::chat::scope`):
//! dev unchanged; held-out declined 62 → 63/104, answered 65/111 (with the phrase 37). Then a
//! report's header lines left out unless the question asks who or when: dev declined 73 → 74/80,
//! answered 60 → 61/87 (phrase 28); held-out unchanged (63/104, 65/111, 37).
//! 2026-12-06, more kinds of named test and vaccine (holter, angiogram, sleep study, BRCA, …) and
//! a medicine named by its generic name that no retrieved sentence names, from general medical
//! vocabulary: dev declined 74 → 75/80, answered unchanged; held-out unchanged; `holdout2`, first
//! read then, before → after: declined 62 → 67/104, answered 80 → 80/112 (with the phrase 54 → 55).
//! Then a scan, X-ray or biopsy of a part of the body no retrieved sentence names ("my thyroid
//! ultrasound" in a breast patient's records): dev unchanged (75/80); held-out declined 63 → 66/104,
//! `holdout2` 67 → 72/104 (its second reading); answered unchanged on all three.
//! Then answers ranked by what the question asks for (a value: a sentence with a number; "now":
//! the newest record): with the phrase dev 28 → 29/87, held-out 37 → 38/111, `holdout2` 55 → 57/112.
//! Then table rows as sentences of their own (2026-12-06, for lab values): with the phrase held-out
//! 38 → 39/111, `holdout2` 57 → 56/112; declined on `holdout2` 72 → 71/104; dev unchanged.
//! 2026-12-06 (later), a report's labelled lines as sentences, headings in capitals, titles and glossary
//! meanings as half-weight context, misspellings read as the records' word, threshold 0.37 (the
//! misses now say whether retrieval brought the phrase: on dev it did for 86 of 87): dev declined
//! 75/80 and with the phrase 29/87 unchanged; held-out declined 66 → 70/104, with the phrase
//! 39 → 36/111; `holdout2` declined 71 → 75/104, with the phrase 56 → 60/112. Then plans of a
//! test count less for a question asking for a result, named months and years only narrow, and
//! medicines are found by what they are for: dev declined 75 → 76/80, with the phrase 29 → 33/87;
//! held-out declined 70 → 73/104, with the phrase 36 → 38/111; `holdout2` 75/104, phrase 60 → 59.
//! Then valves and measurements in the glossary: dev with the phrase 33 → 34/87; held-out
//! declined 73 → 74/104, phrase 38 → 39/111; `holdout2` phrase 59 → 60/112 (declined 75/104).
//! `holdout3`, written blind after these changes and read on the day's first engine and its last
//! (twice, before and after the valve phrases, the same figures; never its misses): declined 69 → 76/104, answered 87 → 83/112, with the phrase
//! 63 → 67/112.
//! 2026-12-06 (thirteenth session): two more sets written blind — `dev2` (read after its first
//! reading) and `holdout4` (held out, only its figures printed). Their first readings, on the
//! session's starting engine: `dev2` declined 88/104, answered 77/112 (phrase 49); `holdout4`
//! declined 78/104, answered 83/112 (phrase 66). The classes `dev2` showed were then added
//! (general questions with nothing of the patient in them, relatives, costs, times of day and
//! telephone numbers, common medicines without an INN stem, misspelt months, organs and
//! antibody classes the records do not name, years bounded by "before"/"after", a value asked
//! by its kind, "first" and "lowest"/"highest", tests by their lay names). Before → after:
//! dev declined 76 → 76/80, phrase 34 → 37/87; `dev2` declined 88 → 102/104, phrase 49 → 56/112;
//! held-out declined 74 → 78/104, phrase 39 → 40/111; `holdout2` 75 → 91/104, phrase 60 → 61/112;
//! `holdout3` 76 → 87/104, phrase 67 → 69/112; `holdout4` 78 → 88/104, answered 83 → 84/112,
//! phrase 66 → 68/112.
//! Sixteenth session (2026-12-07): medicines asked by their kind, a joined word's parts, brand
//! names (classes of `dev2`). Before → after, declined / answered / phrase: dev 76/58/37 →
//! 76/60/40; `dev2` 102/81/56 → 102/89/61; held-out 78/65/40 → 78/71/43; `holdout2` 91/77/61 →
//! 92/83/67; `holdout3` 87/85/69 → 86/87/71; `holdout4` 88/84/68 → 89/85/69.
//! Nineteenth session (2026-12-07): `dev3` written blind (STEMI, pulmonary embolism, colorectal
//! cancer, lithium, PCOS/IVF, sciatica, wet AMD, peanut allergy), first read on the session's
//! starting engine (declined 86/104, answered 70/112, phrase 48), then its misses read: how a
//! question asks ("what's", "how much", light verbs, "highest"), British spellings, visits named
//! to say which record, "A&E", medicines asked by how they are given, reference ranges, date
//! labels, denials for "which", yes/no general questions. Before → after, declined / answered /
//! phrase: dev 76/60/40 → 76/66/45; `dev2` 102/89/61 → 101/93/68; `dev3` 86/70/48 → 92/86/63;
//! held-out 78/71/43 → 82/74/48; `holdout2` 92/83/67 → 93/87/74; `holdout3` 86/87/71 →
//! 87/93/71; `holdout4` 89/85/69 → 86/90/74.
//!
//! Figures: the share of unanswerable questions answered "not in your records" (the error that
//! matters most: an answer the records do not support), the share of answerable ones answered,
//! and of those the share whose answer holds the expected phrase. Run with `-- --nocapture`.
//! Needs the model (`scripts/fetch-model.sh`); without it the test fails in CI and is skipped
//! with a note elsewhere.

use std::path::{Path, PathBuf};

use mediclear_domain::health::chat::{Audience, Passage, answer};
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_domain::knowledge::ranking::{Candidate, hybrid_rank};
use mediclear_embedding_model::MiniLmEmbedder;

/// Passages a patient's question retrieves (the patient chat's top-k).
const TOP_K: usize = 5;

struct Record {
    document_id: String,
    title: String,
    date: Option<chrono::NaiveDate>,
    chunks: Vec<(String, String, Vec<f32>)>,
}

struct Tally {
    unanswerable: usize,
    declined: usize,
    answerable: usize,
    answered: usize,
    right_phrase: usize,
}

fn data_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/data/chat").join(set)
}

fn model() -> Option<MiniLmEmbedder> {
    let dir = std::env::var_os(mediclear_embedding_model::model_dir::DIR_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../").join(mediclear_embedding_model::model_dir::DEFAULT_DIR));
    match MiniLmEmbedder::load(&dir) {
        Ok(model) => Some(model),
        Err(error) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "the embedding model is required in CI ({}): {error}", dir.display());
            eprintln!("SKIPPED: no embedding model in {} ({error}); run scripts/fetch-model.sh", dir.display());
            None
        }
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

fn records(model: &MiniLmEmbedder, dir: &Path) -> Vec<Record> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|path| {
            let title = path.file_name().unwrap().to_string_lossy().to_string();
            let document_id = format!("DOC-{}", path.file_stem().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path).unwrap();
            let date = title.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let pieces = chunk(&document_id, &text, ChunkingOptions::default());
            let texts: Vec<String> = pieces.iter().map(|c| c.text.clone()).collect();
            let vectors = model.embed_blocking(&texts).expect("embed chunks");
            let chunks = pieces.into_iter().zip(vectors).map(|(c, v)| (c.chunk_id, c.text, v)).collect();
            Record { document_id, title, date, chunks }
        })
        .collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn measure(set: &str, show_misses: bool) -> Option<Tally> {
    let model = model()?;
    let root = data_dir(set);
    let questions = std::fs::read_to_string(root.join("questions.tsv")).unwrap_or_else(|e| panic!("{set}/questions.tsv: {e}"));
    let mut tally = Tally { unanswerable: 0, declined: 0, answerable: 0, answered: 0, right_phrase: 0 };
    let mut loaded: std::collections::HashMap<String, Vec<Record>> = std::collections::HashMap::new();
    for line in questions.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let columns: Vec<&str> = line.splitn(4, '\t').collect();
        let [patient, label, expected, question] = columns[..] else { panic!("{set}: bad line {line:?}") };
        let records = loaded.entry(patient.to_string()).or_insert_with(|| records(&model, &root.join("patients").join(patient)));
        let question_vector = model.embed_blocking(&[question.to_string()]).expect("embed question").remove(0);
        let all: Vec<(&Record, &(String, String, Vec<f32>))> = records.iter().flat_map(|r| r.chunks.iter().map(move |c| (r, c))).collect();
        let candidates: Vec<Candidate<'_>> = all.iter().map(|(_, c)| Candidate { text: &c.1, embedding: Some(&c.2) }).collect();
        let passages: Vec<Passage> = hybrid_rank(question, Some(&question_vector), &candidates)
            .into_iter()
            .take(TOP_K)
            .map(|r| {
                let (record, c) = all[r.index];
                Passage { document_id: record.document_id.clone(), chunk_id: c.0.clone(), title: record.title.clone(), date: record.date, text: c.1.clone(), retrieval_score: r.score }
            })
            .collect();
        let scorer = |q: &str, sentences: &[&str]| -> Vec<f32> {
            let mut batch = vec![q.to_string()];
            batch.extend(sentences.iter().map(|s| s.to_string()));
            let vectors = model.embed_blocking(&batch).expect("embed sentences");
            vectors[1..].iter().map(|v| cosine(&vectors[0], v)).collect()
        };
        let reply = answer(question, Audience::Patient, &passages, &scorer);
        // Whether retrieval brought the expected phrase at all (misses only).
        let retrieved = if passages.iter().any(|p| squash(&p.text).contains(&squash(expected))) { "retrieved" } else { "not retrieved" };
        match label {
            "unanswerable" => {
                tally.unanswerable += 1;
                if !reply.answered {
                    tally.declined += 1;
                } else if show_misses {
                    eprintln!("ANSWERED (should not) {patient}: {question:?}\n  -> {}", reply.response);
                }
            }
            "answerable" => {
                tally.answerable += 1;
                if reply.answered {
                    tally.answered += 1;
                    if squash(&reply.response).contains(&squash(expected)) {
                        tally.right_phrase += 1;
                    } else if show_misses {
                        eprintln!("ANSWERED WITHOUT {expected:?} ({retrieved}) {patient}: {question:?}\n  -> {}", reply.response);
                    }
                } else if show_misses {
                    eprintln!("NOT ANSWERED (should be, {expected:?}; {retrieved}) {patient}: {question:?}");
                }
            }
            other => panic!("{set}: unknown label {other:?}"),
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    eprintln!(
        "chat {set}: unanswerable declined {}/{} = {:.3}; answerable answered {}/{} = {:.3}, with the expected phrase {}/{} = {:.3}",
        tally.declined,
        tally.unanswerable,
        share(tally.declined, tally.unanswerable),
        tally.answered,
        tally.answerable,
        share(tally.answered, tally.answerable),
        tally.right_phrase,
        tally.answerable,
        share(tally.right_phrase, tally.answerable)
    );
    Some(tally)
}

#[test]
fn dev_set() {
    if let Some(t) = measure("dev", std::env::var_os("MEDICLEAR_SHOW_MISSES").is_some()) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * DEV_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn second_dev_set() {
    // Written blind (`dev2`), read after its first reading; `MEDICLEAR_SHOW_MISSES=dev2` prints
    // its misses.
    if let Some(t) = measure("dev2", std::env::var("MEDICLEAR_SHOW_MISSES").as_deref() == Ok("dev2")) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * DEV2_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn third_dev_set() {
    // Written blind in the nineteenth session (`dev3`), read after its first reading;
    // `MEDICLEAR_SHOW_MISSES=dev3` prints its misses.
    if let Some(t) = measure("dev3", std::env::var("MEDICLEAR_SHOW_MISSES").as_deref() == Ok("dev3")) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * DEV3_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn held_out_set() {
    // Only the figures: the held-out questions it gets wrong are not read.
    if let Some(t) = measure("holdout", false) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * HOLDOUT_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn second_held_out_set() {
    // Only the figures: the held-out questions it gets wrong are not read.
    if let Some(t) = measure("holdout2", false) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * HOLDOUT2_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn fourth_held_out_set() {
    // Only the figures: the held-out questions it gets wrong are not read.
    if let Some(t) = measure("holdout4", false) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * HOLDOUT4_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

#[test]
fn third_held_out_set() {
    // Only the figures: the held-out questions it gets wrong are not read.
    if let Some(t) = measure("holdout3", false) {
        assert!(t.unanswerable >= 40 && t.answerable >= 40, "the set holds both kinds");
        assert!(t.declined * 100 >= t.unanswerable * HOLDOUT3_DECLINED_FLOOR, "fewer unanswerable questions declined than before");
    }
}

/// Regression floors, just under the figures the README reports (declined: dev 76/80, held-out
/// 78/104).
const DEV_DECLINED_FLOOR: usize = 92;
const HOLDOUT_DECLINED_FLOOR: usize = 72;
/// holdout2: 72/104 declined (0.692) since the body-part check, 71/104 since table rows became
/// sentences, 75/104 (0.721) since a report's layout splits sentences.
/// 91/104 (0.875) since the thirteenth session's classes.
const HOLDOUT2_DECLINED_FLOOR: usize = 85;
/// holdout3: 76/104 declined (0.731) at its first reading, on the day's final engine.
/// 87/104 (0.837) since the thirteenth session's classes.
const HOLDOUT3_DECLINED_FLOOR: usize = 82;
/// dev2: 88/104 at its first reading, 102/104 (0.981) after its classes.
const DEV2_DECLINED_FLOOR: usize = 95;
/// holdout4: 78/104 (0.750) at its first reading, on the session's starting engine; 88/104
/// (0.846) on its final one.
const HOLDOUT4_DECLINED_FLOOR: usize = 80;
/// dev3: 86/104 (0.827) at its first reading, on the nineteenth session's starting engine; 92/104
/// (0.885) after its classes.
const DEV3_DECLINED_FLOOR: usize = 85;
