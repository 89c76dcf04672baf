//! The recommendation: groups (all / any / at least N, nested, gated), exclusions, several
//! policies, and a summary a reviewer can act on without any patient text in it.

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::preauth::analysis::{AnalysisRequest, Verdict};
use mediclear_domain::preauth::evidence::{MatchError, analyze};

use crate::support::{demo_dir, describe, finding, fixtures_dir, now, passages_of, request_from_files, request_from_text};

fn fixture_case(policy: &str, note: &str, code: &str) -> (AnalysisRequest, mediclear_domain::preauth::analysis::Analysis) {
    let request = request_from_files(&fixtures_dir().join("policies").join(policy), &[&fixtures_dir().join("notes").join(note)], code);
    let a = analyze(&request, now()).expect("analysis");
    a.check(&request.known_chunk_ids()).unwrap_or_else(|e| panic!("{e}\n{}", describe(&a)));
    (request, a)
}

#[test]
fn all_requirements_must_hold() {
    let policy = "Criteria (ALL required):\n1. Knee pain for at least 3 months.\n2. BMI below 40.";
    let a = analyze(&request_from_text(policy, &["Knee pain for 6 months. BMI 44."]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::MissingInformation);
    assert_eq!(finding(&a, "2").met, Some(false));
    assert!(a.summary.contains("1 of 2 requirements met, 1 not met, 0 without evidence"), "{}", a.summary);
    assert!(a.summary.contains("Not met: 2 (BMI below 40)"), "{}", a.summary);
    let a = analyze(&request_from_text(policy, &["Knee pain for 6 months. BMI 31."]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
}

#[test]
fn any_one_group_and_at_least_two_of_three() {
    let (_, a) = fixture_case("paren-numbered-hip.txt", "hip-two-of-three.txt", "27130");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
    let two = finding(&a, "2");
    assert!(two.evidence.contains("Met by 2a") && two.evidence.contains("Met by 2c"), "{}", two.evidence);
    assert!(!two.evidence.contains("2b"), "the denied night pain is not needed once two hold: {}", two.evidence);

    let (_, a) = fixture_case("windows-crlf-botox.txt", "migraine-preventives.txt", "J0585");
    assert_eq!(a.status, Verdict::ApprovedReady, "topiramate and amitriptyline make two\n{}", describe(&a));
    assert!(finding(&a, "3").evidence.contains("Met by 3a") && finding(&a, "3").evidence.contains("Met by 3c"));
}

#[test]
fn an_option_falls_short_or_was_never_tried() {
    let note = fixtures_dir().join("notes/migraine-preventives.txt");
    let note = crate::support::read(&note);
    let short = analyze(&request_from_text("Criteria:\n1. Propranolol or metoprolol for at least 2 months.", &[&note]), now()).expect("analysis");
    let f = finding(&short, "1");
    assert_eq!(f.met, Some(false), "{}", describe(&short));
    assert!(f.evidence.contains("the notes document 6 weeks"), "{}", f.evidence);
    let untried = analyze(&request_from_text("Criteria:\n1. Candesartan for at least 2 months.", &[&note]), now()).expect("analysis");
    assert_eq!(finding(&untried, "1").met, Some(false), "{}", describe(&untried));
}

#[test]
fn a_gate_that_does_not_hold_makes_its_items_not_apply() {
    let (_, a) = fixture_case("alpha-sections-meniscus.txt", "meniscus-young.txt", "29881");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
    let b = finding(&a, "B");
    assert_eq!(b.met, Some(true));
    assert!(b.evidence.starts_with("Does not apply (In members 50 years of age or older)"), "{}", b.evidence);
    let older = request_from_text(
        &crate::support::read(&fixtures_dir().join("policies/alpha-sections-meniscus.txt")),
        &["58-year-old man with knee locking and catching. MRI shows a medial meniscal tear. Radiographs: Kellgren-Lawrence grade 3 osteoarthritis."],
    );
    let a = analyze(&older, now()).expect("analysis");
    assert_eq!(a.status, Verdict::MissingInformation, "over 50 the items apply\n{}", describe(&a));
}

#[test]
fn an_exclusion_that_applies_means_ai_denied_whatever_else_holds() {
    let policy = "Criteria:\n1. Knee pain for at least 3 months.\n2. BMI below 40.\n\nTKA is not medically necessary in patients with active infection or a BMI greater than 50.";
    let a = analyze(&request_from_text(policy, &["Knee pain for 2 years. BMI 52."]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::AiDenied, "BMI 52 meets the exclusion\n{}", describe(&a));
    assert_eq!(finding(&a, "E1").met, Some(true));
    assert!(a.summary.contains("exclusion E1"), "{}", a.summary);
    let a = analyze(&request_from_text(policy, &["Knee pain for 2 years. BMI 31. No signs of infection."]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
    assert_eq!(finding(&a, "E1").met, Some(false));
}

#[test]
fn several_policies_are_each_judged_with_distinct_ids() {
    let knee = "Title: Knee Policy\nProcedure codes: 27447\n\nCriteria:\n1. Knee pain for at least 3 months.";
    let site = "Title: Site-of-Care Policy\nProcedure codes: 27447\n\nCriteria:\n1. BMI below 45.";
    let other = "Title: Hip Policy\nProcedure codes: 27130\n\nCriteria:\n1. Hip pain for at least 3 months.";
    let mut request = request_from_text(knee, &["Knee pain for 2 years. BMI 31."]);
    request.policy_passages.extend(passages_of("POL-SITE", "Site-of-Care Policy", site));
    request.policy_passages.extend(passages_of("POL-HIP", "Hip Policy", other));
    let a = analyze(&request, now()).expect("analysis");
    assert_eq!(a.policy_ids, ["POL-T", "POL-SITE"], "a policy for another procedure is retriever noise");
    let ids: Vec<&str> = a.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["P1-1", "P2-1"]);
    assert_eq!(finding(&a, "P2-1").policy_reference, "Site-of-Care Policy (POL-SITE) §1");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
    assert!(a.check(&request.known_chunk_ids()).is_ok());
    let mut heavier = request.clone();
    heavier.note_passages = passages_of("REC-1", "note.txt", "Knee pain for 2 years. BMI 47.");
    assert_eq!(analyze(&heavier, now()).expect("analysis").status, Verdict::MissingInformation, "every policy must hold");
}

#[test]
fn errors_name_the_procedure_and_nothing_clinical() {
    let mut request = request_from_text("Criteria:\n1. Knee pain.", &["Knee pain for 2 years."]);
    request.policy_passages.clear();
    let e = analyze(&request, now()).unwrap_err();
    assert_eq!(e, MatchError::NoPolicy { procedure_code: "27447".into() });
    assert_eq!(e.to_string(), "no insurer policy was retrieved for procedure 27447");
    let request = AnalysisRequest {
        procedure_code: ProcedureCode::parse("J0585").expect("code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of("POL-X", "Overview", "This document gives background on botulinum toxin products."),
        note_passages: vec![],
    };
    let e = analyze(&request, now()).unwrap_err();
    assert_eq!(e.code(), "NO_CRITERIA");
    assert!(e.to_string().contains("J0585"));
}

#[test]
fn the_summary_is_a_labelled_recommendation_without_patient_text() {
    let policies = crate::support::policy_files(&demo_dir().join("policies"));
    for (patient, code) in [("PAT-002", "27447"), ("PAT-005", "72148"), ("PAT-007", "43644")] {
        let request = crate::support::request_for(&policies, &demo_dir().join("records").join(patient), code);
        let a = analyze(&request, now()).expect("analysis");
        assert!(a.summary.starts_with("Recommendation: MISSING_INFORMATION (AI recommendation"), "{}", a.summary);
        assert!(a.summary.contains("Missing documentation:") || a.summary.contains("Not met:"), "{}", a.summary);
        let note_words: Vec<String> = request.note_passages.iter().flat_map(|p| p.text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>()).collect();
        for distinctive in ["warehouse", "furniture", "stop-bang", "prediabetes", "scheduling"] {
            if note_words.iter().any(|w| w.contains(distinctive)) {
                assert!(!a.summary.to_lowercase().contains(distinctive), "{patient}: {}", a.summary);
            }
        }
    }
    let empty = request_from_text("Criteria:\n1. Knee pain for at least 3 months.", &[]);
    let a = analyze(&empty, now()).expect("analysis");
    assert!(a.summary.contains("No clinical notes were retrieved"), "{}", a.summary);
    assert_eq!(a.status, Verdict::MissingInformation);
}

#[test]
fn any_policy_and_notes_give_a_valid_analysis_or_a_named_error() {
    let policy_pieces = [
        "1. ", "2) ", "(a) ", "iv. ", "• ", "ALL of the following:\n", "one of the following:\n", "at least two of:\n", "Exclusions\n",
        "knee pain for at least 6 weeks", "BMI ≥ 40 or BMI 35–39.9 with diabetes", "not medically necessary when infection", "\r\n", "\n",
        "no active infection", "(e.g., NSAIDs, PT or injection)", "In members 50 years of age or older, ALL of the following:", "Page 2 of 3\n",
        "failure of 3 months of conservative therapy", "\u{a0}", "—", ";", "or ", "between 3 and ",
    ];
    let note_pieces = [
        "Denies ", "no ", "not ", "without ", "knee pain ", "PT ", "x 8 wks", "for 3-4 months", "since March 2023", "since 13/45/2023",
        "from 2024-13-45 to 2024-01-01", "BMI 9999", "BMI 41.2", "62-year-old", "infection", " ruled out", ", ", ". ", "\n", ":", "(", ")",
        "failed ", "meloxicam ", "mother had ", "risks including ", "6 weeks", "€", "\u{a0}", "KL grade IV", "pain 7/10",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut analysed = 0;
    for _ in 0..120 {
        let policy: String = (0..30).map(|_| policy_pieces[next(policy_pieces.len())]).collect();
        let notes: Vec<String> = (0..3).map(|_| (0..40).map(|_| note_pieces[next(note_pieces.len())]).collect()).collect();
        let refs: Vec<&str> = notes.iter().map(String::as_str).collect();
        let request = request_from_text(&policy, &refs);
        match analyze(&request, now()) {
            Ok(a) => {
                analysed += 1;
                a.check(&request.known_chunk_ids()).unwrap_or_else(|e| panic!("{e}\npolicy: {policy:?}\n{}", describe(&a)));
                assert_eq!(analyze(&request, now()).expect("same input"), a, "deterministic");
            }
            Err(e) => assert!(matches!(e, MatchError::NoCriteria { .. })),
        }
    }
    assert!(analysed > 60, "most generated policies have readable criteria ({analysed})");
}

#[test]
fn an_intro_that_names_what_its_items_show_is_met_by_them() {
    // "shown by ONE of", "meaning at least one of", "demonstrates BOTH": the head is the
    // category or the test, its items are the substance.
    let policy = "Criteria:\n1. Eosinophilic phenotype, shown by ONE of:\n  a. blood eosinophil count of at least 150 cells/uL;\n  b. sputum eosinophils on induced sputum.\n2. Duplex ultrasound of the vein to be treated demonstrates BOTH:\n  a. reflux in the great saphenous vein;\n  b. a dilated great saphenous vein.";
    let note = "Sputum eosinophils 6% on induced sputum. GSV: reflux in the great saphenous vein, which is dilated (great saphenous vein 6.2 mm).";
    let a = analyze(&request_from_text(policy, &[note]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(true), "{}", describe(&a));
    assert_eq!(finding(&a, "2a").met, Some(true), "{}", describe(&a));
    assert!(a.criteria.iter().all(|c| c.id != "2"), "a bare BOTH intro lists its items: {}", describe(&a));
}

#[test]
fn a_diagnosis_is_documented_by_naming_it_and_studies_by_their_abbreviations() {
    let policy = "Criteria:\n1. Diagnosis of severe asthma.\n2. The diagnosis of carpal tunnel syndrome is confirmed by electrodiagnostic studies demonstrating median neuropathy at the wrist.\n3. Exacerbation history in the previous 12 months.";
    let note = "45-year-old woman with severe persistent asthma. NCS 05/2024: severe median neuropathy at the wrist. Exacerbations in the last 12 months requiring oral prednisone bursts.";
    let a = analyze(&request_from_text(policy, &[note]), now()).expect("analysis");
    for id in ["1", "2", "3"] {
        assert_eq!(finding(&a, id).met, Some(true), "{id}: {}", describe(&a));
    }
}

#[test]
fn the_reason_an_exclusion_gives_is_not_something_to_find() {
    let policy = "Criteria:\n1. Hand numbness.\nExclusions:\n- during pregnancy, as symptoms frequently resolve after delivery.";
    let a = analyze(&request_from_text(policy, &["31F at 29 weeks gestation with hand numbness."]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::AiDenied, "{}", describe(&a));
    let a = analyze(&request_from_text(policy, &["31F with hand numbness; pregnancy test negative."]), now()).expect("analysis");
    assert_ne!(a.status, Verdict::AiDenied, "{}", describe(&a));
}

#[test]
fn an_exclusion_does_not_apply_when_its_exception_holds() {
    let policy = "Criteria:\n1. Allergic rhinitis or venom allergy.\n\nExclusions:\n1. Current use of a beta-blocker, except when the immunotherapy is for Hymenoptera venom allergy.";
    let pollen = analyze(&request_from_text(policy, &["Seasonal allergic rhinitis. Meds: metoprolol 50 mg daily, cardiology will not stop it."]), now()).expect("analysis");
    assert_eq!(pollen.status, Verdict::AiDenied, "{}", describe(&pollen));
    let venom = analyze(&request_from_text(policy, &["Yellow jacket venom allergy with a systemic reaction; venom immunotherapy indicated. Meds: metoprolol 50 mg daily."]), now()).expect("analysis");
    assert_eq!(venom.status, Verdict::ApprovedReady, "{}", describe(&venom));
    assert!(finding(&venom, "E1").evidence.starts_with("Does not apply (the exception holds"), "{}", finding(&venom, "E1").evidence);
}

#[test]
fn a_requirement_for_other_indications_or_other_members_does_not_apply() {
    let policy = "Section A - Indication (ANY ONE):\n  A1. Advanced glenohumeral osteoarthritis on radiographs;\n  A3. Acute displaced proximal humerus fracture confirmed on CT.\n\n\
                  Section B - Requirements (ALL that apply):\n  B1. For A1: failure of at least 3 months of physical therapy;\n  B2. For reverse arthroplasty (any indication): functioning deltoid muscle on examination;\n  B3. For patients with diabetes mellitus: a hemoglobin A1c result within the past 90 days.\n";
    // A fracture: the therapy asked for arthritis does not apply, nor do the others.
    let fracture = "CT 06/08/2024: acute displaced 4-part proximal humerus fracture, left.\nPlan: hemiarthroplasty.";
    let a = analyze(&request_from_text(policy, &[fracture]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::ApprovedReady, "{}", describe(&a));
    let b1 = finding(&a, "B1");
    assert_eq!(b1.met, Some(true));
    assert!(b1.evidence.starts_with("Does not apply (it is for A1"), "{}", b1.evidence);
    assert!(finding(&a, "B2").evidence.starts_with("Does not apply (the notes do not show reverse arthroplasty"), "{}", finding(&a, "B2").evidence);
    // Arthritis: the therapy is required; a planned reverse arthroplasty needs the deltoid.
    let arthritis = "XR R shoulder: advanced glenohumeral osteoarthritis with joint space loss.\nPT 2x/week for 4 weeks, no benefit.\nPlan: reverse total shoulder arthroplasty.";
    let a = analyze(&request_from_text(policy, &[arthritis]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::MissingInformation, "{}", describe(&a));
    assert_eq!(finding(&a, "B1").met, Some(false), "{}", describe(&a));
    assert_eq!(finding(&a, "B2").met, None, "{}", describe(&a));
}

#[test]
fn a_drug_planned_on_top_of_another_of_the_excluded_class_is_denied() {
    let policy = "Criteria (ALL required):\n1. Diagnosis of chronic plaque psoriasis.\n\nExclusions:\n- Use in combination with another biologic (e.g., TNF or IL-17 inhibitor) or with an oral JAK inhibitor.\n";
    let together = "Dx: chronic plaque psoriasis, BSA 22%.\nPlan: Continue Humira per rheumatology for joints.\nAdd secukinumab (Cosentyx) 300 mg for skin.";
    let a = analyze(&request_from_text(policy, &[together]), now()).expect("analysis");
    assert_eq!(a.status, Verdict::AiDenied, "{}", describe(&a));
    assert!(finding(&a, "E1").evidence.contains("Continue Humira"), "{}", describe(&a));
    for apart in [
        "Dx: chronic plaque psoriasis, BSA 22%.\nPlan: switch from Humira to Cosentyx 300 mg.",
        "Dx: chronic plaque psoriasis, BSA 22%.\nFailed Humira 2022. Plan: start Cosentyx 300 mg.",
        "Dx: chronic plaque psoriasis, BSA 22%.\nContinue methotrexate; add Cosentyx 300 mg.",
        // A class named without use together: no concurrent use.
        "Dx: chronic plaque psoriasis, BSA 22%.\nNot currently on, and has never received, a biologic. Start Cosentyx 300 mg.",
        "Dx: chronic plaque psoriasis, BSA 22%.\nTNF inhibitors avoided (demyelinating disease). Start Cosentyx 300 mg.",
    ] {
        let a = analyze(&request_from_text(policy, &[apart]), now()).expect("analysis");
        assert_eq!(a.status, Verdict::ApprovedReady, "{apart}\n{}", describe(&a));
    }
}

#[test]
fn a_criterion_about_relatives_is_met_by_a_relative() {
    let policy = "Criteria (ALL required):\n1. The member has a blood relative with a known BRCA1 or BRCA2 pathogenic variant.";
    let note = "38F, no personal history of cancer. Here because her maternal aunt tested positive for BRCA2 c.5946delT (pathogenic).";
    let a = analyze(&request_from_text(policy, &[note]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(true), "{}", describe(&a));
    let own = "Criteria (ALL required):\n1. The member carries a BRCA1 or BRCA2 pathogenic variant.";
    let a = analyze(&request_from_text(own, &[note]), now()).expect("analysis");
    assert_ne!(finding(&a, "1").met, Some(true), "the aunt's variant is not the member's: {}", describe(&a));
}

#[test]
fn a_request_reads_the_same_whenever_it_is_analysed() {
    let policy = "Criteria (ALL required):\n1. Member is 50 years of age or older.\n2. Knee pain for at least 3 months.\n3. HbA1c of 7.0% or higher measured within the past 90 days.\n\nExclusions:\n- Acute knee pain of less than 6 weeks duration.";
    let mut request = request_from_text(policy, &[]);
    request.note_passages = passages_of("REC-0", "2024-06-10-clinic-note.txt", "DOB: 02/14/1975. Right knee pain since April 2024, worse on stairs. HbA1c 8.1% (05/20/2024).");
    let read = |at: &str| {
        let a = analyze(&request, at.parse().expect("a timestamp")).expect("analysis");
        (a.status, a.criteria.iter().map(|c| (c.id.clone(), c.met)).collect::<Vec<_>>(), describe(&a))
    };
    let (status, found, text) = read("2024-06-15T12:00:00Z");
    assert_eq!(finding_met(&found, "1"), Some(false), "49 at the visit: {text}");
    assert_eq!(finding_met(&found, "2"), Some(false), "about two months of pain: {text}");
    assert_eq!(finding_met(&found, "3"), Some(true), "measured three weeks before the visit: {text}");
    assert_eq!(finding_met(&found, "E1"), Some(false), "no longer acute: {text}");
    // Two and a half years later the member is not older, nor the pain longer, in these notes.
    let (later_status, later, later_text) = read("2026-12-07T12:00:00Z");
    assert_eq!((later_status, later), (status, found), "{later_text}");
}

fn finding_met(found: &[(String, Option<bool>)], id: &str) -> Option<bool> {
    found.iter().find(|(i, _)| i == id).and_then(|(_, m)| *m)
}

#[test]
fn a_bmi_is_computed_from_height_and_weight_when_no_note_states_it() {
    let policy = "Criteria (ALL required):\n1. Body mass index (BMI) of 40 kg/m2 or greater.";
    let a = analyze(&request_from_text(policy, &["Vitals: BP 148/86, HR 78, Ht 67 in, Wt 267 lb."]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(true), "{}", describe(&a));
    let a = analyze(&request_from_text(policy, &["Vitals: BP 128/76, Ht 5'7\", Wt 180 lb."]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(false), "BMI 28.2: {}", describe(&a));
}

#[test]
fn a_fill_history_shows_how_long_a_medicine_was_taken() {
    let policy = "Criteria (ALL required):\n1. At least 3 months of a statin.";
    let fills = |dates: &str| format!("Pharmacy claims - atorvastatin 40 mg, 1 tab daily\n{dates} (30-day supplies)");
    let long = fills("12/28/23, 01/27/24, 02/26/24, 03/28/24, 04/27/24");
    let a = analyze(&request_from_text(policy, &[&long]), now()).expect("analysis");
    assert_eq!(finding(&a, "1").met, Some(true), "{}", describe(&a));
    assert!(finding(&a, "1").evidence.contains("4 months"), "{}", describe(&a));
    // Two fills a month apart are no three months; nor is a sentence dating two things.
    for short in [fills("03/28/24, 04/27/24, 05/20/24"), "Atorvastatin 40 mg filled 05/02/2024; lipid panel 01/2024 and 03/2024.".to_string()] {
        let a = analyze(&request_from_text(policy, &[&short]), now()).expect("analysis");
        assert_ne!(finding(&a, "1").met, Some(true), "{short}\n{}", describe(&a));
    }
}

#[test]
fn the_levels_planned_against_a_limit_on_levels() {
    let policy = "Criteria (ALL required):\n1. Facet-mediated low back pain.\n2. No more than two facet joint levels (unilateral or bilateral) are treated in one session.\n";
    let two = analyze(&request_from_text(policy, &["Dx: facet-mediated low back pain.\nPlan: bilateral L4-5 and L5-S1 medial branch RFA."]), now()).expect("analysis");
    assert_eq!(finding(&two, "2").met, Some(true), "{}", describe(&two));
    let three = analyze(&request_from_text(policy, &["Dx: facet-mediated low back pain.\nPlan: bilateral L3-4, L4-5 and L5-S1 medial branch RFA."]), now()).expect("analysis");
    assert_eq!(finding(&three, "2").met, Some(false), "{}", describe(&three));
    assert!(finding(&three, "2").evidence.contains("3 levels"), "{}", finding(&three, "2").evidence);
}
