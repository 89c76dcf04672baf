//! Durations and thresholds: parsed from policies and notes in their many spellings, and compared
//! the way a reviewer would (at least vs more than, weeks vs months, ranges).

use mediclear_domain::preauth::duration::{CROSS_UNIT_TOLERANCE, DurationMention, note_durations, policy_durations};
use mediclear_domain::preauth::evidence::analyze;
use mediclear_domain::preauth::lexicon::mentions;
use mediclear_domain::preauth::measure::{MeasureMention, note_measures, policy_measures};
use mediclear_domain::preauth::quantity::{Outcome, judge};
use mediclear_domain::preauth::tokens::tokenize;

use crate::support::{demo_dir, describe, finding, fixtures_dir, now, request_from_files, request_from_text};

fn required(text: &str) -> DurationMention {
    policy_durations(&tokenize(text)).into_iter().next().unwrap_or_else(|| panic!("no duration in {text}"))
}

fn documented(text: &str) -> Vec<DurationMention> {
    note_durations(&tokenize(text), now())
}

fn outcome(policy: &str, note: &str) -> Outcome {
    let r = required(policy);
    let n = documented(note);
    let d = n.first().unwrap_or_else(|| panic!("no duration in {note}"));
    let tolerance = if d.unit == r.unit { 0.0 } else { CROSS_UNIT_TOLERANCE };
    judge(&r.days, &d.days, tolerance)
}

#[test]
fn note_durations_in_digits_words_and_shorthand() {
    for (note, expected) in [
        ("six weeks of PT", "6 weeks"),
        ("PT x 8 wks", "8 weeks"),
        ("a 12-week course", "12 weeks"),
        ("pain since 2 years", "2 years"),
        ("over the past 6 months", "6 months"),
        ("for over 2 years", "> 2 years"),
        ("twenty-four months", "24 months"),
        ("for 3-4 months", "3–4 months"),
        ("for a year", "1 years"),
    ] {
        let found: Vec<String> = documented(note).iter().map(DurationMention::describe).collect();
        assert_eq!(found, [expected], "{note}");
    }
}

#[test]
fn things_that_look_like_durations_but_are_not() {
    for note in ["62-year-old", "seen 2 years ago", "follow up in 6 weeks", "every 3 months", "3 days a week", "2x/week", "6 weeks post-op", "30 pack-years"] {
        assert!(documented(note).is_empty(), "{note}");
    }
    assert!(policy_durations(&tokenize("within the past 12 months")).is_empty(), "a recency window is not a required length");
}

#[test]
fn policy_wording_of_minimums() {
    for policy in ["at least 6 weeks", "a minimum of six (6) weeks", "≥ 6 weeks", "6 weeks or more", "6 weeks or longer", "for 6 weeks", "a 6-week trial", "no less than 6 weeks"] {
        assert_eq!(required(policy).describe(), "≥ 6 weeks", "{policy}");
    }
    assert_eq!(required("more than 3 months").describe(), "> 3 months");
    assert_eq!(required("greater than 3 months").describe(), "> 3 months");
}

#[test]
fn comparisons_distinguish_at_least_from_more_than_and_convert_units() {
    assert_eq!(outcome("at least 6 weeks", "4 weeks of PT"), Outcome::Violated);
    assert_eq!(outcome("at least 6 weeks", "6 weeks of PT"), Outcome::Satisfied);
    assert_eq!(outcome("more than 6 weeks", "6 weeks of PT"), Outcome::Violated);
    assert_eq!(outcome("more than 6 weeks", "7 weeks of PT"), Outcome::Satisfied);
    assert_eq!(outcome("at least 3 months", "12 weeks of PT"), Outcome::Satisfied, "12 weeks is 3 months");
    assert_eq!(outcome("at least 3 months", "10 weeks of PT"), Outcome::Violated);
    assert_eq!(outcome("more than 3 months", "12 weeks of PT"), Outcome::Violated, "… but not more than 3 months");
    assert_eq!(outcome("at least 6 weeks", "over 4 weeks of PT"), Outcome::Undetermined);
    assert_eq!(outcome("at least 6 months", "since 2 years"), Outcome::Satisfied);
}

#[test]
fn dates_are_counted_to_the_analysis_time() {
    // now() is 2024-06-15.
    assert_eq!(outcome("at least 12 months", "meloxicam since March 2023"), Outcome::Satisfied);
    assert_eq!(outcome("at least 6 months", "meloxicam since March 2024"), Outcome::Violated);
    assert_eq!(outcome("at least 2 months", "amitriptyline from 01/2023 to 06/2023"), Outcome::Satisfied);
    assert!(documented("since 2099").is_empty(), "a future date is no duration");
}

fn measures(policy: &str, note: &str) -> (MeasureMention, MeasureMention) {
    let p = tokenize(policy);
    let n = tokenize(note);
    let r = policy_measures(&p, &mentions(&p)).into_iter().next().unwrap_or_else(|| panic!("no threshold in {policy}"));
    let o = note_measures(&n, &mentions(&n)).into_iter().next().unwrap_or_else(|| panic!("no value in {note}"));
    (r, o)
}

#[test]
fn measure_thresholds_and_ranges() {
    for (policy, note, expected) in [
        ("BMI ≥ 40 kg/m2", "BMI 42.1", Outcome::Satisfied),
        ("BMI ≥ 40 kg/m2", "BMI 32", Outcome::Violated),
        ("BMI of 40 or higher", "Body mass index: 40", Outcome::Satisfied),
        ("BMI greater than 40", "BMI 40", Outcome::Violated),
        ("BMI 35–39.9", "BMI 37.8 kg/m2", Outcome::Satisfied),
        ("BMI between 35 and 39.9", "BMI 41", Outcome::Violated),
        ("BMI less than 40 kg/m2", "BMI 31.4 kg/m2", Outcome::Satisfied),
        ("HbA1c below 8%", "A1c 7.2%", Outcome::Satisfied),
        ("HbA1c of 7.0% or higher", "hemoglobin A1c 6.5 %", Outcome::Violated),
        ("18 years of age or older", "62-year-old woman", Outcome::Satisfied),
        ("age 18 or older", "16 y/o male", Outcome::Violated),
        ("Kellgren-Lawrence grade 3 or 4", "KL grade IV", Outcome::Satisfied),
        ("Kellgren-Lawrence grade 3 or 4", "Kellgren-Lawrence grade 2", Outcome::Violated),
        ("pain score of at least 5/10", "pain 7/10", Outcome::Satisfied),
    ] {
        let (r, o) = measures(policy, note);
        assert_eq!(judge(&r.value, &o.value, 0.0), expected, "{policy} vs {note}");
    }
}

#[test]
fn goals_and_targets_are_not_values() {
    let request = request_from_text("Criteria:\n1. BMI of 40 kg/m2 or greater.", &["Goal BMI below 30 after surgery."]);
    let a = analyze(&request, now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, None, "{}", describe(&a));
}

#[test]
fn a_duration_belongs_to_its_own_therapy() {
    let policy = "Criteria:\n1. Physical therapy for at least 6 weeks.";
    let a = analyze(&request_from_text(policy, &["Right knee pain x 2 years, failed PT."]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, None, "two years of pain are not two years of therapy\n{}", describe(&a));
    let a = analyze(&request_from_text(policy, &["Completed 4 weeks of PT in April; stopped due to cost."]), now()).expect("analysis");
    let f = finding(&a, "1");
    assert_eq!(f.met, Some(false));
    assert!(f.evidence.contains("requires ≥ 6 weeks; the notes document 4 weeks"), "{}", f.evidence);
}

#[test]
fn a_note_full_of_misleading_numbers() {
    let request = request_from_files(
        &demo_dir().join("policies/total-knee-arthroplasty.txt"),
        &[&fixtures_dir().join("notes/knee-durations-tricky.txt")],
        "27447",
    );
    let a = analyze(&request, now()).expect("analysis");
    // "knee pain since 2 years" meets "present for at least 3 months".
    assert_eq!(finding(&a, "2").met, Some(true), "{}", describe(&a));
    // KL grade IV in roman numerals; BMI 38 below 40.
    assert_eq!(finding(&a, "1").met, Some(true));
    assert_eq!(finding(&a, "5").met, Some(true));
    // "follow up in 6 weeks" is no ibuprofen trial, "2 years ago" no duration of injections.
    let three = finding(&a, "3");
    assert_eq!(three.met, None, "{}", describe(&a));
    assert!(three.evidence.contains("3b: No evidence found in the retrieved notes of ≥ 4 weeks"), "{}", three.evidence);
}

/// A look-back on a visit or service ("within six months prior to ordering, the practitioner
/// evaluated …") dates what the notes describe, counted back from the request's newest note.
#[test]
fn a_visit_before_the_look_back_window_is_not_evidence() {
    use mediclear_domain::preauth::analysis::AnalysisRequest;
    use crate::support::passages_of;
    let policy = "Criteria:\n1. Within six (6) months prior to ordering the pump, the treating practitioner had a visit with the member to evaluate their diabetes control.";
    let request = |visit: &str| {
        let mut note_passages = passages_of("REC-1", "2024-06-01-order.txt", &format!("Insulin pump order. Most recent visit with the ordering practitioner to evaluate diabetes control: {visit}."));
        note_passages.extend(passages_of("REC-2", "2023-01-10-clinic.txt", "Routine visit, type 1 diabetes on insulin."));
        AnalysisRequest {
            procedure_code: mediclear_domain::codes::ProcedureCode::parse("27447").expect("code"),
            diagnosis_codes: vec![],
            policy_passages: passages_of("POL-T", "Test Policy", policy),
            note_passages,
        }
    };
    let old = analyze(&request("09/14/2023"), now()).expect("analysis");
    assert_eq!(finding(&old, "1").met, None, "{}", describe(&old));
    let recent = analyze(&request("04/22/2024"), now()).expect("analysis");
    assert_eq!(finding(&recent, "1").met, Some(true), "{}", describe(&recent));
    // Read a year later, the same request still counts from its own date.
    let later = analyze(&request("04/22/2024"), "2025-06-15T12:00:00Z".parse().expect("time")).expect("analysis");
    assert_eq!(finding(&later, "1").met, Some(true), "{}", describe(&later));
}
