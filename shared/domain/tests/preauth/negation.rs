//! Negation as the matcher applies it: NegEx triggers and scope, pseudo-negations, and the
//! ConText contexts (uncertain, historical, someone else) — first word by word, as the shared
//! engine's word-by-word reading gives them (`clinical_context::assertions`, formerly the
//! matcher's own engine), then through a whole analysis of a note written to trip a naive matcher.

use mediclear_domain::clinical_context::{Assertion, assertions};
use mediclear_domain::preauth::analysis::CriterionKind;
use mediclear_domain::preauth::evidence::analyze;
use mediclear_domain::preauth::tokens::tokenize;

use crate::support::{demo_dir, describe, finding, fixtures_dir, now, request_from_files, request_from_text};

fn context_of(text: &str, word: &str) -> Assertion {
    let tokens = tokenize(text);
    let ctx = assertions(&tokens, &[]);
    let i = tokens.iter().position(|t| t.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
    ctx[i]
}

#[test]
fn triggers_before_and_after() {
    for (text, word) in [
        ("Denies fever", "fever"),
        ("No evidence of infection", "infection"),
        ("Negative for malignancy", "malignancy"),
        ("Without effusion", "effusion"),
        ("Absence of neurologic deficit", "deficit"),
        ("No history of diabetes", "diabetes"),
        ("Never smoked cigarettes", "cigarettes"),
        ("Free of infection", "infection"),
        ("Fracture was ruled out", "fracture"),
        ("Blood cultures negative", "cultures"),
        ("Physical therapy not tried", "therapy"),
        ("Pain-free at rest", "pain"),
    ] {
        assert_eq!(context_of(text, word), Assertion::Negated, "{text}");
    }
}

#[test]
fn scope_ends_at_punctuation_and_conjunctions() {
    assert_eq!(context_of("No fever. Knee swelling noted", "swelling"), Assertion::Affirmed);
    assert_eq!(context_of("No fever; knee swelling noted", "swelling"), Assertion::Affirmed);
    assert_eq!(context_of("No fever but knee swelling", "swelling"), Assertion::Affirmed);
    assert_eq!(context_of("No trauma, however reports instability", "instability"), Assertion::Affirmed);
    assert_eq!(context_of("No recent illness although knee pain persists", "pain"), Assertion::Affirmed);
    assert_eq!(context_of("No erythema, moderate effusion", "effusion"), Assertion::Affirmed);
    assert_eq!(context_of("Denies fever, chills, night sweats, weight loss or bladder dysfunction", "bladder"), Assertion::Negated, "a denied list reaches its end");
}

#[test]
fn pseudo_negations_affirm_or_negate_nothing() {
    assert_eq!(context_of("No change in knee pain", "pain"), Assertion::Affirmed);
    assert_eq!(context_of("Not only pain but instability", "pain"), Assertion::Affirmed);
    assert_eq!(context_of("Gram negative rods in culture", "rods"), Assertion::Affirmed);
    assert_eq!(context_of("Diabetes not well controlled", "diabetes"), Assertion::Affirmed);
    for failure in ["No improvement with physical therapy", "Did not respond to physical therapy", "Physical therapy without relief", "Failed to improve with physical therapy"] {
        assert_eq!(context_of(failure, "therapy"), Assertion::Affirmed, "{failure}");
    }
}

#[test]
fn uncertain_historical_and_other_people() {
    assert_eq!(context_of("Possible septic arthritis", "septic"), Assertion::Uncertain);
    assert_eq!(context_of("Rule out infection", "infection"), Assertion::Uncertain);
    assert_eq!(context_of("Return if fever develops", "fever"), Assertion::Uncertain);
    assert_eq!(context_of("Plan to start physical therapy", "therapy"), Assertion::Uncertain);
    assert_eq!(context_of("Infection cannot be ruled out", "infection"), Assertion::Uncertain);
    assert_eq!(context_of("History of knee infection", "infection"), Assertion::Historical);
    assert_eq!(context_of("Mother had breast cancer", "cancer"), Assertion::OtherPerson);
}

#[test]
fn a_note_written_to_trip_a_naive_matcher() {
    let request = request_from_files(
        &demo_dir().join("policies/total-knee-arthroplasty.txt"),
        &[&fixtures_dir().join("notes/knee-negation-tricky.txt")],
        "27447",
    );
    let a = analyze(&request, now()).expect("analysis");
    let e1 = finding(&a, "E1");
    // "Infection screen:", "risks including infection were discussed", "mother had a prosthetic
    // joint infection" and "no evidence of infection" are not an active infection.
    assert_eq!(e1.kind, CriterionKind::Exclusion);
    assert_eq!(e1.met, Some(false), "{}", describe(&a));
    assert!(e1.evidence.contains("ruled out") || e1.evidence.contains("No evidence of infection"), "{}", e1.evidence);
    // "did not respond to 8 weeks of physical therapy" and "not relieved by a corticosteroid
    // injection" affirm failed therapy.
    let three = finding(&a, "3");
    assert!(three.evidence.contains("3a: \"He did not respond to 8 weeks of physical therapy"), "{}", three.evidence);
    assert!(three.evidence.contains("3c: \"Pain not relieved by a corticosteroid injection"), "{}", three.evidence);
    // "Not only medial but also patellofemoral narrowing" does not negate the imaging.
    assert_eq!(finding(&a, "1").met, Some(true));
    assert!(a.check(&request.known_chunk_ids()).is_ok());
}

#[test]
fn negated_exclusions_and_requirements_asking_for_absence() {
    let policy = "Criteria:\n1. No active infection of the knee.\n2. Knee pain for at least 3 months.\n\nExclusions:\n- Active infection of the knee";
    let clean = request_from_text(policy, &["Right knee pain for 2 years. No signs of infection of the knee."]);
    let a = analyze(&clean, now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(true), "absence documented meets an absence requirement\n{}", describe(&a));
    assert_eq!(finding(&a, "E1").met, Some(false));
    let infected = request_from_text(policy, &["Right knee pain for 2 years. Active infection of the right knee, cultures pending."]);
    let a = analyze(&infected, now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(false), "{}", describe(&a));
    assert_eq!(finding(&a, "E1").met, Some(true));
    let historical = request_from_text(policy, &["Right knee pain for 2 years. History of knee infection in 2015, treated and resolved."]);
    let a = analyze(&historical, now()).expect("analysis");
    assert_ne!(finding(&a, "E1").met, Some(true), "a past infection is not an active one\n{}", describe(&a));
}
