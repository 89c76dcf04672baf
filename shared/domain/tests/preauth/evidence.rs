//! Evidence selection: the sentence a reviewer would quote is the one chosen, it is cited by the
//! chunk that holds it, and evidence behaves however the retriever delivered the passages.

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::knowledge::Passage;
use mediclear_domain::knowledge::chunking::{ChunkingOptions, chunk};
use mediclear_domain::preauth::analysis::AnalysisRequest;
use mediclear_domain::preauth::evidence::analyze;

use crate::support::{demo_dir, describe, finding, now, passages_of, policy_files, read, request_for, request_from_text};

const PT_POLICY: &str = "Criteria:\n1. Failure of physical therapy for at least 6 weeks.\n2. Knee pain for at least 3 months.";

#[test]
fn the_sentence_that_settles_the_criterion_is_quoted() {
    let note = "Physical therapy was recommended last year. Patient attended some physical therapy sessions. \
                Completed 10 weeks of supervised physical therapy without improvement. Knee pain for 2 years.";
    let a = analyze(&request_from_text(PT_POLICY, &[note]), now()).expect("analysis");
    let f = finding(&a, "1");
    assert_eq!(f.met, Some(true), "{}", describe(&a));
    assert_eq!(f.evidence, "\"Completed 10 weeks of supervised physical therapy without improvement\" (note-0.txt)");
}

#[test]
fn the_chunk_holding_the_quote_is_cited() {
    let filler = (1..=12).map(|i| format!("Visit {i}: vital signs stable and medications reviewed.")).collect::<Vec<_>>().join(" ");
    let note = format!("{filler} Completed 8 weeks of physical therapy with no improvement. {filler} Right knee pain for 3 years.");
    let notes: Vec<Passage> = chunk("REC-LONG", &note, ChunkingOptions { target_chars: 200, max_chars: 300, overlap_sentences: 1 })
        .into_iter()
        .map(|c| Passage { chunk_id: c.chunk_id, document_id: c.document_id, title: Some("long-note.txt".into()), text: c.text, score: 1.0, ordinal: Some(c.ordinal), span: Some((c.start, c.end)) })
        .collect();
    assert!(notes.len() > 4);
    let request = AnalysisRequest {
        procedure_code: ProcedureCode::parse("27447").expect("code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of("POL-T", "Test Policy", PT_POLICY),
        note_passages: notes.clone(),
    };
    let a = analyze(&request, now()).expect("analysis");
    let f = finding(&a, "1");
    assert_eq!(f.source_chunk_ids.len(), 1, "one chunk, though overlapping chunks repeat the sentence");
    let cited = notes.iter().find(|p| p.chunk_id == f.source_chunk_ids[0]).expect("cited chunk was given");
    assert!(cited.text.contains("Completed 8 weeks of physical therapy with no improvement"), "{}", cited.text);
    assert!(a.check(&request.known_chunk_ids()).is_ok());
}

#[test]
fn passages_without_spans_and_out_of_order_still_cite_their_own_chunk() {
    let mut notes = vec![
        Passage { chunk_id: "kb-7".into(), document_id: "s3://records/pat/pt.txt".into(), title: None, text: "Completed 8 weeks of PT without relief.".into(), score: 0.4, ordinal: None, span: None },
        Passage { chunk_id: "kb-2".into(), document_id: "s3://records/pat/hpi.txt".into(), title: None, text: "Knee pain for 2 years.".into(), score: 0.9, ordinal: None, span: None },
    ];
    notes.reverse();
    let request = AnalysisRequest {
        procedure_code: ProcedureCode::parse("27447").expect("code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of("POL-T", "Test Policy", PT_POLICY),
        note_passages: notes,
    };
    let a = analyze(&request, now()).expect("analysis");
    assert_eq!(finding(&a, "1").source_chunk_ids, ["kb-7"]);
    assert_eq!(finding(&a, "2").source_chunk_ids, ["kb-2"]);
    assert!(finding(&a, "1").evidence.ends_with("(s3://records/pat/pt.txt)"), "untitled documents are named by id");
}

#[test]
fn policy_passages_retrieved_out_of_order_read_the_same() {
    let policies = policy_files(&demo_dir().join("policies"));
    let request = request_for(&policies, &demo_dir().join("records/PAT-001"), "27447");
    let mut shuffled = request.clone();
    shuffled.policy_passages.reverse();
    assert_eq!(analyze(&request, now()).expect("analysis"), analyze(&shuffled, now()).expect("analysis"));
}

#[test]
fn without_evidence_the_finding_says_so_and_quotes_nothing() {
    let a = analyze(&request_from_text(PT_POLICY, &["Patient presents for routine follow-up of hypertension."]), now()).expect("analysis");
    for id in ["1", "2"] {
        let f = finding(&a, id);
        assert_eq!(f.met, None);
        assert_eq!(f.evidence, "No evidence found in the retrieved notes.");
        assert!(f.source_chunk_ids.is_empty());
    }
}

#[test]
fn long_sentences_are_trimmed_and_only_notes_are_cited() {
    let long = format!("Completed 8 weeks of physical therapy with no improvement, {}.", "with exercises for strength, balance and gait at every visit ".repeat(12));
    let request = request_from_text(PT_POLICY, &[&long, "Knee pain for 2 years."]);
    let a = analyze(&request, now()).expect("analysis");
    let f = finding(&a, "1");
    let quote = f.evidence.split('"').nth(1).expect("a quote");
    assert!(quote.chars().count() <= 301, "{} chars", quote.chars().count());
    assert!(quote.ends_with('…'));
    for c in &a.criteria {
        assert!(c.source_chunk_ids.iter().all(|id| id.starts_with("REC-")), "{c:?}");
    }
}

#[test]
fn demo_records_read_as_files_cite_the_right_document() {
    let policies = policy_files(&demo_dir().join("policies"));
    let request = request_for(&policies, &demo_dir().join("records/PAT-001"), "27447");
    let a = analyze(&request, now()).expect("analysis");
    let three = finding(&a, "3");
    assert!(three.source_chunk_ids.iter().any(|id| id.starts_with("REC-PAT-001-2024-01-18-physical-therapy-discharge#")), "{:?}", three.source_chunk_ids);
    let cited_texts: Vec<String> = request.note_passages.iter().filter(|p| three.source_chunk_ids.contains(&p.chunk_id)).map(|p| p.text.clone()).collect();
    assert!(cited_texts.iter().any(|t| t.contains("No meaningful improvement")), "{cited_texts:?}");
    let _ = read(&demo_dir().join("cases.json"));
}

#[test]
fn a_concept_named_in_shorthand_meets_its_listed_forms() {
    // "diabetes mellitus (type 1, type 2 or another form of diabetes)": the examples are forms of
    // the concept they explain, so a note naming the concept in shorthand ("T2DM") meets them; an
    // example list of other things ("comorbidity (hypertension, sleep apnea)") still needs one.
    let policy = "Criteria:\n1. The member has a diagnosis of diabetes mellitus (type 1, type 2 or another form of diabetes)\n";
    let a = analyze(&request_from_text(policy, &["Assessment: T2DM with recurrent hypoglycemia."]), now()).expect("analysis");
    assert_eq!(a.criteria[0].met, Some(true), "{}", describe(&a));
    let a = analyze(&request_from_text(policy, &["Assessment: recurrent hypoglycemia, cause unclear."]), now()).expect("analysis");
    assert_ne!(a.criteria[0].met, Some(true), "{}", describe(&a));
}
