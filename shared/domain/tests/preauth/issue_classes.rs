//! The kinds of misses issue 10 names, each as a small policy × note pair of its own wording.

use mediclear_domain::preauth::analysis::Verdict;
use mediclear_domain::preauth::evidence::analyze;

use crate::support::{describe, now, request_from_text};

fn verdict(policy: &str, notes: &[&str]) -> (Verdict, String) {
    let a = analyze(&request_from_text(policy, notes), now()).expect("analysis");
    (a.status, describe(&a))
}

const LBP_MRI: &str = "Title: MRI Lumbar Spine\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Low back pain that has persisted for more than 6 weeks\n2. Failure of at least 6 weeks of conservative therapy (physical therapy, NSAIDs)\n\nExclusions\n1. Acute, uncomplicated low back pain of less than 6 weeks' duration without red flags\n";

#[test]
fn a_short_stated_duration_meets_the_acute_exclusion_and_fails_the_more_than() {
    let (v, d) = verdict(LBP_MRI, &["2024-06-01 Urgent care. Back pain for 10 days after lifting boxes. No red flags: no fever, no weight loss, no saddle anesthesia, no bowel or bladder change. Ibuprofen helps a little."]);
    assert_eq!(v, Verdict::AiDenied, "{d}");
}

const CCTA: &str = "Title: Coronary CT angiography\nProcedure codes: 27447\n\nCriteria\nOne of the following:\n1. Chest pain or anginal equivalent in a patient with intermediate pre-test probability of coronary artery disease\n2. Equivocal or inconclusive stress test\n\nNot medically necessary\n1. Screening in asymptomatic patients\n";

#[test]
fn a_check_up_scan_without_complaints_is_screening_in_an_asymptomatic_patient() {
    let (v, d) = verdict(CCTA, &["2024-05-10 Annual visit. 52M, no complaints. Walks 3 miles daily without symptoms. Wants a check-up scan of his heart to be safe because a coworker had a heart attack."]);
    assert_eq!(v, Verdict::AiDenied, "{d}");
}

const HER2: &str = "Title: Trastuzumab\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Diagnosis of breast cancer\n2. Documented HER2 overexpression or gene amplification\n";

#[test]
fn her2_3_plus_documents_her2_overexpression() {
    let (v, d) = verdict(HER2, &["2024-05-02 Oncology consult. Invasive ductal carcinoma of the left breast, HER2 3+ on core biopsy, ER negative."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

const SEIZURE: &str = "Title: MRI Brain\nProcedure codes: 27447\n\nCriteria\nAny one of the following:\n1. New onset seizure at age 60 or older\n2. Focal neurological deficit\n3. Known brain tumor for follow-up\n";

#[test]
fn a_first_seizure_at_71_is_new_onset_at_60_or_older() {
    let (v, d) = verdict(SEIZURE, &["2024-06-02 Neurology. 71-year-old man, first seizure last week, witnessed generalized tonic-clonic, no prior history."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

const SET: &str = "Title: Supervised exercise therapy\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Leg pain on walking that is relieved by rest\n2. Ankle-brachial index of 0.90 or less\n";

#[test]
fn claudication_is_leg_pain_on_walking_relieved_by_rest_and_abi_is_the_index() {
    let (v, d) = verdict(SET, &["2024-05-20 Vascular. Claudication of the right calf at two blocks. ABI 0.72 right."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

const DOE: &str = "Title: Pulmonary rehab\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Diagnosis of COPD\n2. Dyspnea on exertion limiting daily activities\n";

#[test]
fn sob_climbing_one_flight_is_dyspnea_on_exertion_limiting_activities() {
    let (v, d) = verdict(DOE, &["2024-05-20 Pulm f/u. COPD GOLD 3. SOB climbing one flight of stairs, has stopped doing her own shopping."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

const DEFICIT: &str = "Title: Lumbar decompression\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Radiculopathy with a progressive neurological deficit (weakness, numbness or reflex loss)\n2. MRI showing nerve root compression\n";

#[test]
fn a_no_x_no_y_no_z_list_shows_the_finding_not_met() {
    let (v, d) = verdict(DEFICIT, &["2024-05-20 Spine. Leg pain. Exam: no weakness, no numbness, no reflex changes. MRI: L5 root compression by an L4-5 disc."]);
    assert!(d.contains("] 1 met=Some(false)"), "{d}");
    assert_eq!(v, Verdict::MissingInformation, "{d}");
}


const HIP_SCOPE: &str = "Title: Hip arthroscopy\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Hip pain with a positive impingement test\n2. Failure of at least 3 months of conservative management including two or more of: (2a) physical therapy; (2b) NSAIDs; (2c) intra-articular corticosteroid injection.\n";

#[test]
fn a_course_of_care_is_as_long_as_the_dates_of_its_parts_show() {
    // No sentence states how long the care lasted; its parts' dates do: an injection in February,
    // failure of it and of physical therapy documented at the end of May.
    let notes = [
        "2024-04-15 Physical therapy discharge summary. Physical therapy episode 01/08/2024 - 04/15/2024, 16 visits, no lasting change. He also had an intra-articular corticosteroid injection of the right hip on 02/14/2024 with relief for ten days only.",
        "2024-05-29 Orthopaedics. Right hip pain, anterior impingement test positive. Failed physical therapy and the injection.",
    ];
    let (v, d) = verdict(HIP_SCOPE, &notes);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    assert!(d.contains("A course of about 3 months, from 2024-02-14 to 2024-05-29"), "{d}");
}

#[test]
fn a_course_whose_dates_span_weeks_is_not_months_and_not_contradicted_either() {
    let notes = [
        "2024-05-02 Sports medicine. Right hip pain, anterior impingement test positive. Started physical therapy on 05/02/2024 and naproxen 500 mg twice daily.",
        "2024-06-05 Orthopaedics. Hip pain unchanged despite physical therapy and naproxen.",
    ];
    let (v, d) = verdict(HIP_SCOPE, &notes);
    assert_eq!(v, Verdict::MissingInformation, "{d}");
    assert!(d.contains("] 2 met=None"), "five weeks of care neither meets nor rules out three months: {d}");
}

const CTS: &str = "Title: Carpal tunnel release\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Carpal tunnel syndrome confirmed by nerve conduction studies\n2. Failure of at least 4 weeks of provider-directed non-operative care, which included at least two of: (a) wrist splinting; (b) NSAIDs; (c) activity modification.\n";

#[test]
fn a_part_that_lasted_long_enough_meets_the_course() {
    let (v, d) = verdict(CTS, &["2024-06-01 Hand clinic. Nerve conduction studies 05/20/2024: moderate median neuropathy at the right wrist, consistent with carpal tunnel syndrome. Six weeks of ibuprofen 600 mg three times daily and night splints have not helped."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

#[test]
fn a_study_that_has_not_been_performed_confirms_nothing() {
    let (v, d) = verdict(CTS, &["2024-06-01 Primary care. Tingling in both hands, Phalen's positive, clinical carpal tunnel syndrome. Night splints and ibuprofen for 10 weeks without improvement. Nerve conduction studies have not been performed; patient declined needle testing."]);
    assert_eq!(v, Verdict::MissingInformation, "{d}");
    assert!(!d.contains("] 1 met=Some(true)"), "{d}");
}

const ADALIMUMAB: &str = "Title: Adalimumab\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Diagnosis of rheumatoid arthritis\n2. Prescribed by or in consultation with a rheumatologist\n";

#[test]
fn a_note_from_the_specialty_shows_the_specialist_prescribes() {
    let (v, d) = verdict(ADALIMUMAB, &["RHEUMATOLOGY CLINIC\n2024-05-20\nSeropositive rheumatoid arthritis, active despite methotrexate 20 mg weekly. Plan: start adalimumab 40 mg every other week."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
}

const GROWTH: &str = "Title: Growth hormone\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Growth hormone deficiency\n2. Therapy is prescribed by, or in consultation with, a pediatric endocrinologist (or a pediatric nephrologist for chronic kidney disease)\n";

const WCD: &str = "Title: Wearable defibrillator\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. LVEF of 35% or less\n2. The device is ordered by a cardiologist or a cardiac electrophysiologist.\n";

#[test]
fn each_specialist_named_is_an_alternative() {
    let (v, d) = verdict(WCD, &["2024-05-20 Electrophysiology clinic. Echo today: LVEF 25%. LifeVest ordered."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    let (v, d) = verdict(WCD, &["2024-05-20 Heart failure clinic, Dr. Osei (Cardiology). Echo today: LVEF 25%. LifeVest ordered."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    let (v, d) = verdict(WCD, &["2024-05-20 Family medicine. Echo today: LVEF 25%. LifeVest ordered."]);
    assert_eq!(v, Verdict::MissingInformation, "{d}");
}

#[test]
fn a_parenthesised_or_is_another_specialist_not_a_second_requirement() {
    let (v, d) = verdict(GROWTH, &["CHILDREN'S HOSPITAL - DIVISION OF PEDIATRIC ENDOCRINOLOGY\nMay 6, 2024\nDiagnosis: isolated growth hormone deficiency. Plan: start somatropin."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    let (v, d) = verdict(GROWTH, &["2024-05-06 Pediatric nephrology clinic. Growth failure with growth hormone deficiency on stimulation testing in a child with chronic kidney disease stage 4. Plan: somatropin."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    let (v, d) = verdict(GROWTH, &["2024-05-06 Family medicine. Growth hormone deficiency suspected by the parents; will refer."]);
    assert_ne!(v, Verdict::ApprovedReady, "{d}");
}

const THA: &str = "Title: Total hip arthroplasty\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Hip osteoarthritis on X-ray\n2. Members with diabetes mellitus must have a hemoglobin A1c below 8.0% drawn within the 90 days before the request.\n";

#[test]
fn a_requirement_for_some_members_does_not_apply_when_the_notes_deny_it() {
    let (v, d) = verdict(THA, &["2024-05-20 Orthopaedics. X-ray: severe right hip osteoarthritis, bone on bone. PMH: hypertension. She is not diabetic."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    assert!(d.contains("Does not apply (the notes deny diabetes mellitus)"), "{d}");
    let (v, d) = verdict(THA, &["2024-05-20 Orthopaedics. X-ray: severe right hip osteoarthritis, bone on bone. Type 2 diabetes on metformin; A1c 7.1% on 2024-05-02."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    let (v, d) = verdict(THA, &["2024-05-20 Orthopaedics. X-ray: severe right hip osteoarthritis, bone on bone. Type 2 diabetes on metformin; A1c 9.4% on 2024-05-02."]);
    assert_ne!(v, Verdict::ApprovedReady, "an A1c of 9.4% does not meet below 8.0%: {d}");
}

#[test]
fn a_condition_may_end_at_a_colon() {
    let tha = THA.replace("2. Members with diabetes mellitus must have", "2. For patients with diabetes mellitus: ");
    let (v, d) = verdict(&tha, &["2024-05-20 Orthopaedics. X-ray: severe right hip osteoarthritis, bone on bone. PMH: hypertension. She is not diabetic."]);
    assert_eq!(v, Verdict::ApprovedReady, "{d}");
    assert!(d.contains("Does not apply (the notes deny diabetes mellitus)"), "{d}");
}

const BARIATRIC: &str = "Title: Bariatric surgery\nProcedure codes: 27447\n\nCriteria\nAll of the following:\n1. Members with a BMI of 40 or more, or a BMI of 35 or more with a serious comorbidity.\n2. In members with diabetes, an A1c below 8.0% within 90 days.\n";

#[test]
fn a_requirement_naming_its_members_with_a_comma_is_not_a_condition_and_the_rest() {
    let (v, d) = verdict(BARIATRIC, &["2024-05-20 Bariatric clinic. BMI 33.1. No diabetes."]);
    assert_ne!(v, Verdict::ApprovedReady, "a BMI of 33 meets neither: {d}");
    assert!(d.contains("Does not apply (the notes deny diabetes)"), "'In members with diabetes, …' is a condition: {d}");
}
