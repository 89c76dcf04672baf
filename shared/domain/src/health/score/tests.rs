//! The score over whole records: each rule with its source, answers against newer notes, no
//! data, the overall and the trend.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::health::document::{DocumentStatus, DocumentType, Enrichment, PatientDocument, VisionStatus};
use crate::health::evidence::DocumentEvidence;
use crate::health::patient::{Demographics, Patient, Sex};
use crate::health::questionnaire::validate_answers;
use crate::health::tagging::{Tags, TestMention, group};
use crate::ids::{DocumentId, JobId, PatientId};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-12-01")
}

/// A patient born on `born`, of `sex`, who answered `answers` on 2026-01-15.
fn patient(sex: Sex, born: &str, answers: serde_json::Value) -> Patient {
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
    Patient {
        patient_id: PatientId::parse("PAT-001").unwrap(),
        demographics: Demographics {
            given_name: "Zelda".into(),
            family_name: "Quibble".into(),
            date_of_birth: day(born),
            sex,
            email: None,
            phone: None,
            postal_code: None,
            preferred_language: None,
        },
        answers: validate_answers(&answers, today()).unwrap(),
        username: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

fn document(id: &str, kind: DocumentType, date: &str, tests: &[(&'static str, &str)]) -> PatientDocument {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let tags = Tags {
        document_date: Some(day(date)),
        tests: tests.iter().map(|(g, d)| TestMention { group: g, date: Some(day(d)), quote: String::new() }).collect(),
        ..Tags::default()
    };
    PatientDocument {
        document_id: DocumentId::parse(id).unwrap(),
        patient_id: PatientId::parse("PAT-001").unwrap(),
        document_type: kind,
        document_date: Some(day(date)),
        file_name: format!("{id}.txt"),
        content_type: Some("text/plain".into()),
        key: format!("patients/PAT-001/{id}/{id}.txt"),
        content_hash: None,
        size: 0,
        job_id: JobId::parse("JOB-1").unwrap(),
        uploaded_by: "doctor-1".into(),
        status: DocumentStatus::Indexed,
        reason: None,
        tiers_done: Vec::new(),
        extraction: None,
        enrichment: Some(Enrichment { vision: VisionStatus::NoImages, vision_note: String::new(), images: Vec::new(), tags }),
        chunk_count: 0,
        indexed_hash: None,
        created_at: at,
        updated_at: at,
    }
}

fn record<'a>(patient: &'a Patient, documents: &'a [(PatientDocument, Option<&'a str>)]) -> PatientRecord<'a> {
    let mut documents: Vec<DocumentEvidence<'a>> = documents.iter().map(|(d, text)| DocumentEvidence { document: d, text: *text }).collect();
    documents.sort_by_key(|d| d.date());
    PatientRecord { patient, answers: &patient.answers, answered_on: patient.updated_at.date_naive(), documents }
}

fn scored(patient: &Patient, documents: &[(PatientDocument, Option<&str>)]) -> HealthScore {
    score(&record(patient, documents), None, today())
}

#[test]
fn uspstf_screening_by_age_sex_and_interval() {
    // 52-year-old woman: mammogram (biennial, 40–74), cervical (21–65), colorectal (45–75) are due.
    let p = patient(Sex::Female, "1974-03-01", json!({"last_mammogram": "2025-06-01", "last_cervical_screening": "2022-06-01"}));
    let c = scored(&p, &[]).components.screening_compliance;
    // Mammogram up to date (100); cervical, test not stated, 3 years: due 2025-06-01, 548 days late of 1096 → 50;
    // colorectal: no date → 0. Mean 50.
    assert_eq!(c.score, Some(50));
    assert_eq!(c.status, ComponentStatus::Fair);
    assert!(c.description.contains("Up to date on 1 of 3 screenings due at age 52 (USPSTF)"), "{}", c.description);
    assert!(c.description.contains("test not stated, counted as cytology: every 3 years"), "{}", c.description);
    assert!(c.description.contains("no date on record: colorectal screening"), "{}", c.description);
    assert_eq!(c.sources, vec![ScoreSource { source: "Onboarding questionnaire".into(), source_id: "questionnaire".into(), date: Some(day("2026-01-15")) }]);

    // A man of 50: only colorectal is due; unstated test counts as colonoscopy (10 years).
    let p = patient(Sex::Male, "1976-01-01", json!({"last_colorectal_screening": "2020-01-01", "last_mammogram": "2020-01-01"}));
    let c = scored(&p, &[]).components.screening_compliance;
    assert_eq!(c.score, Some(100));
    assert!(c.description.contains("test not stated, counted as colonoscopy: every 10 years"), "{}", c.description);

    // A man of 30: nothing is due — no data, no number.
    let p = patient(Sex::Male, "1996-01-01", json!({"last_colorectal_screening": "2020-01-01"}));
    let c = scored(&p, &[]).components.screening_compliance;
    assert_eq!((c.score, c.status), (None, ComponentStatus::InsufficientData));
}

#[test]
fn uspstf_colorectal_interval_follows_the_test_a_document_names() {
    let p = patient(Sex::Male, "1970-01-01", json!({}));
    // A stool test (FIT) is yearly: the lab report of 2024-06-01 is 18 months old, 6 months overdue.
    let fit = [(document("HD-FIT", DocumentType::LabReport, "2024-06-01", &[]), Some("FIT test: negative."))];
    let c = scored(&p, &fit).components.screening_compliance;
    assert!(c.description.contains("stool test, every year"), "{}", c.description);
    assert!(c.score.is_some_and(|s| s < 60), "{c:?}");
    // A colonoscopy a note dates is good for 10 years.
    let colonoscopy = [(document("HD-N", DocumentType::ConsultationNote, "2026-03-01", &[]), Some("PMH: HTN. s/p colonoscopy 5/1/2019, 2 polyps removed."))];
    let c = scored(&p, &colonoscopy).components.screening_compliance;
    assert_eq!(c.score, Some(100));
    assert!(c.description.contains("colorectal screening 2019-05-01 up to date (colonoscopy, every 10 years"), "{}", c.description);
    assert_eq!(c.sources[0].source_id, "HD-N");
    // "Due for colonoscopy" is a plan, not a screening done.
    let due = [(document("HD-D", DocumentType::ConsultationNote, "2026-03-01", &[]), Some("Due for colonoscopy 2026-03-01, will schedule."))];
    assert_eq!(scored(&p, &due).components.screening_compliance.score, None);
}

#[test]
fn regular_health_tests_count_each_group_done_within_12_months() {
    let p = patient(Sex::Female, "1980-01-01", json!({"last_lipid_panel": "2026-06-01", "last_glucose_test": "2024-01-01"}));
    let lab = [(document("HD-LAB", DocumentType::LabReport, "2026-09-10", &[(group::THYROID, "2026-09-10"), (group::LIPIDS, "2026-09-10")]), None)];
    let c = scored(&p, &lab).components.regular_health_tests;
    // lipids and thyroid within 12 months: 2 of 7 → 29.
    assert_eq!(c.score, Some(29));
    assert_eq!(c.status, ComponentStatus::NeedsAttention);
    assert!(c.description.starts_with("2 of 7 routine test groups done in the last 12 months (lipids, thyroid)"), "{}", c.description);
    assert!(c.description.contains("glucose/HbA1c"), "{}", c.description);
    let ids: Vec<&str> = c.sources.iter().map(|s| s.source_id.as_str()).collect();
    assert_eq!(ids, ["questionnaire", "HD-LAB"]);
    assert_eq!(c.sources[1].source, "HD-LAB.txt (lab_report)");
    assert_eq!(c.sources[1].date, Some(day("2026-09-10")));
}

#[test]
fn who_2020_physical_activity() {
    let a = |answers| scored(&patient(Sex::Female, "1980-01-01", answers), &[]).components.physical_activity;
    assert_eq!(a(json!({"activity_minutes_per_week": 150, "strength_training_days_per_week": 2})).score, Some(100));
    assert_eq!(a(json!({"activity_minutes_per_week": 300})).score, Some(100));
    assert_eq!(a(json!({"activity_minutes_per_week": 75})).score, Some(50));
    // 0.75 × 80 + 0.25 × 50 = 72.5
    let c = a(json!({"activity_minutes_per_week": 120, "strength_training_days_per_week": 1}));
    assert_eq!((c.score, c.status), (Some(73), ComponentStatus::Good));
    assert!(c.description.contains("120 min/week of moderate-to-vigorous activity (WHO 2020: 150–300)"), "{}", c.description);
    assert_eq!(a(json!({})).status, ComponentStatus::InsufficientData);
}

#[test]
fn stress_relaxation_and_aasm_sleep() {
    let s = |answers| scored(&patient(Sex::Female, "1980-01-01", answers), &[]).components.stress_relaxation;
    // (75 + 100 + 100) / 3
    assert_eq!(s(json!({"stress_level": 2, "relaxation_practice": "most_days", "sleep_hours_per_night": 8})).score, Some(92));
    // AASM 7–9 h: 5 h is 2 h short → 20.
    let c = s(json!({"sleep_hours_per_night": 5}));
    assert_eq!(c.score, Some(20));
    assert!(c.description.contains("Sleep 5 h a night (AASM: 7–9)"), "{}", c.description);
    assert_eq!(s(json!({"sleep_hours_per_night": 10})).score, Some(60));
    assert_eq!(s(json!({"stress_level": 5})).score, Some(0));
}

#[test]
fn who_fruit_and_vegetables_and_niaaa_cdc_alcohol() {
    let n = |sex, answers| scored(&patient(sex, "1980-01-01", answers), &[]).components.healthy_nutrition;
    let c = n(Sex::Female, json!({"fruit_vegetable_servings_per_day": 5, "processed_food_frequency": "rarely", "alcohol_drinks_per_week": 0}));
    assert_eq!((c.score, c.status), (Some(100), ComponentStatus::Excellent));
    // 14 a week is twice a woman's limit (0 points) but a man's limit (70).
    assert_eq!(n(Sex::Female, json!({"alcohol_drinks_per_week": 14})).score, Some(0));
    let c = n(Sex::Male, json!({"alcohol_drinks_per_week": 14}));
    assert_eq!(c.score, Some(70));
    assert!(c.description.contains("14 alcoholic drinks a week (NIAAA/CDC limit 14 for men)"), "{}", c.description);
    // (50 + 20) / 2
    assert_eq!(n(Sex::Female, json!({"fruit_vegetable_servings_per_day": 2.5, "processed_food_frequency": "daily"})).score, Some(35));
}

#[test]
fn a_newer_note_replaces_answers_and_the_description_says_so() {
    let p = patient(Sex::Female, "1980-01-01", json!({"activity_minutes_per_week": 200, "alcohol_drinks_per_week": 0, "sleep_hours_per_night": 8}));
    let note = "SH: sedentary lifestyle. Drinks 2 glasses of wine nightly. Sleeps 5 hours.";
    let newer = [(document("HD-NEW", DocumentType::ConsultationNote, "2026-10-01", &[]), Some(note))];
    let s = scored(&p, &newer);
    assert_eq!(s.components.physical_activity.score, Some(0));
    let activity = &s.components.physical_activity.description;
    assert!(activity.contains("0 min/week") && activity.contains("(from the consultation note of 2026-10-01, newer than the questionnaire)"), "{activity}");
    assert!(s.components.healthy_nutrition.description.contains("14 alcoholic drinks a week"), "{}", s.components.healthy_nutrition.description);
    assert_eq!(s.components.stress_relaxation.score, Some(20));
    let ids: Vec<&str> = s.components.physical_activity.sources.iter().map(|s| s.source_id.as_str()).collect();
    assert_eq!(ids, ["HD-NEW"]);

    // The same note dated before the answers: the answers stand.
    let older = [(document("HD-OLD", DocumentType::ConsultationNote, "2025-10-01", &[]), Some(note))];
    let s = scored(&p, &older);
    assert_eq!(s.components.physical_activity.score, Some(100));
    assert_eq!(s.components.healthy_nutrition.score, Some(100));
}

#[test]
fn a_consultation_note_written_the_way_clinicians_write() {
    let p = patient(Sex::Female, "1974-03-01", json!({}));
    let note = "S: 52F here for f/u HTN. Pt reports high stress at work, sleeping 5-6 hrs/night.\n\
        ROS: Constitutional: denies fever, chills, wt loss. CV: denies CP, palpitations, exercise intolerance. Psych: denies depression.\n\
        SH: Married, lives with husband. Denies tobacco. ETOH 2-3 drinks/wk. Exercises 3x/wk.\n\
        FH: mother - breast ca, smoker. Father heavy drinker.\n\
        A/P: HTN - continue lisinopril. Encouraged exercise 150 min/wk, Mediterranean diet. RTC 3 mo.";
    let docs = [(document("HD-C1", DocumentType::ConsultationNote, "2026-05-01", &[]), Some(note))];
    let s = scored(&p, &docs);
    let c = &s.components;
    // 3 sessions of an assumed 30 min: 90 min → 60.
    assert_eq!(c.physical_activity.score, Some(60));
    assert!(c.physical_activity.description.contains("counting 30 min a session"), "{}", c.physical_activity.description);
    // stress 4 → 25; sleep 5.5 h → 40: mean 33 (rounded 32.5 → 33).
    assert_eq!(c.stress_relaxation.score, Some(33));
    // 2.5 drinks a week of a woman's 7: 100 − 30 × 2.5/7 = 89.3; the advice is not her diet.
    assert_eq!(c.healthy_nutrition.score, Some(89));
    // RTC 3 mo from 2026-05-01, due 2026-08-01, window closed 2026-08-24, no later document: missed.
    assert!(c.follow_up_adherence.description.starts_with("0 of 1 follow-ups"), "{}", c.follow_up_adherence.description);
    // missed (0) and last visit within 12 months (100).
    assert_eq!(c.follow_up_adherence.score, Some(50));
    for component in c.all() {
        assert!(!component.description.contains("Zelda") && !component.description.contains("Quibble") && !component.description.contains("HD-C1.txt"));
    }
}

#[test]
fn follow_ups_are_kept_missed_or_not_yet_due() {
    let p = patient(Sex::Female, "1980-01-01", json!({"missed_follow_ups_last_year": 1}));
    let docs = [
        // Recheck in 6 weeks from 2026-01-10: due 2026-02-21; the lab report of 2026-02-25 is within 14 days → kept.
        (document("HD-1", DocumentType::ConsultationNote, "2026-01-10", &[]), Some("Recheck lipids in 6 weeks.")),
        (document("HD-2", DocumentType::LabReport, "2026-02-25", &[]), None),
        // RTC 2 wks from 2026-03-01: due 2026-03-15, window to 2026-03-29; nothing until June → missed.
        (document("HD-3", DocumentType::ConsultationNote, "2026-03-01", &[]), Some("RTC 2 wks")),
        // f/u 3 months from 2026-06-01: due 2026-09-01 (window 2026-08-09 … 2026-09-24) → the 2026-09-05 letter kept it.
        (document("HD-4", DocumentType::ConsultationNote, "2026-06-01", &[]), Some("F/u in 3 months.")),
        (document("HD-5", DocumentType::SpecialistLetter, "2026-09-05", &[]), None),
        // Follow up in 1 year from 2026-11-01: not yet due, counts neither way.
        (document("HD-6", DocumentType::ConsultationNote, "2026-11-01", &[]), Some("Follow up in 1 year.")),
    ];
    let c = scored(&p, &docs).components.follow_up_adherence;
    // kept 2 of 3 → 66.7; 1 missed reported → 75; last visit 2026-11-01 → 100. Mean 80.6.
    assert_eq!(c.score, Some(81));
    assert!(c.description.starts_with("2 of 3 follow-ups the documents recommend were kept"), "{}", c.description);
    assert!(c.description.contains("1 not yet due") && c.description.contains("1 missed follow-up reported"), "{}", c.description);
    let ids: Vec<&str> = c.sources.iter().map(|s| s.source_id.as_str()).collect();
    assert_eq!(ids, ["questionnaire", "HD-1", "HD-2", "HD-3", "HD-4", "HD-5", "HD-6"]);
}

#[test]
fn no_data_means_insufficient_data_no_score_and_no_overall() {
    let p = patient(Sex::Female, "1990-01-01", json!({}));
    let s = score(&record(&p, &[]), Some(70), today());
    assert_eq!(s.overall_score, None);
    assert_eq!(s.components_with_data, 0);
    assert_eq!(s.trend, Trend::New);
    assert_eq!(s.rules_version, "score-rules/1");
    for c in s.components.all() {
        assert_eq!((c.score, c.status), (None, ComponentStatus::InsufficientData), "{}", c.description);
        assert!(c.sources.is_empty());
        assert!(!c.description.is_empty());
    }
    let body = serde_json::to_value(&s).unwrap();
    assert_eq!(body["components"]["physical_activity"]["status"], "insufficient_data");
    assert!(body["components"]["physical_activity"].get("score").is_none());
    assert!(body["overall_score"].is_null());
    assert_eq!(body["trend"], "new");
    let back: HealthScore = serde_json::from_value(body).unwrap();
    assert_eq!(back, s);
}

#[test]
fn overall_is_the_rounded_mean_of_the_components_with_data() {
    let p = patient(Sex::Male, "1990-01-01", json!({"activity_minutes_per_week": 75, "alcohol_drinks_per_week": 0, "sleep_hours_per_night": 8}));
    let s = scored(&p, &[]);
    // activity 50, nutrition 100, stress 100: (250 / 3) = 83.3 → 83, over 3 of 6.
    assert_eq!(s.components_with_data, 3);
    assert_eq!(s.overall_score, Some(83));
    assert_eq!(overall(&[50, 51]), Some(51), "half rounds up");
    assert_eq!(overall(&[]), None);
}

#[test]
fn trend_moves_at_three_points() {
    assert_eq!(trend(Some(73), Some(70)), Trend::Improving);
    assert_eq!(trend(Some(72), Some(70)), Trend::Stable);
    assert_eq!(trend(Some(68), Some(70)), Trend::Stable);
    assert_eq!(trend(Some(67), Some(70)), Trend::Declining);
    assert_eq!(trend(Some(67), None), Trend::New);
    assert_eq!(trend(None, Some(67)), Trend::New);
    let p = patient(Sex::Male, "1990-01-01", json!({"activity_minutes_per_week": 150}));
    assert_eq!(score(&record(&p, &[]), Some(90), today()).trend, Trend::Improving);
}

#[test]
fn status_bands() {
    assert_eq!([100, 85, 84, 70, 69, 50, 49, 0].map(ComponentStatus::of), [
        ComponentStatus::Excellent,
        ComponentStatus::Excellent,
        ComponentStatus::Good,
        ComponentStatus::Good,
        ComponentStatus::Fair,
        ComponentStatus::Fair,
        ComponentStatus::NeedsAttention,
        ComponentStatus::NeedsAttention
    ]);
}

#[test]
fn huge_and_odd_texts_are_read_within_bounds() {
    let p = patient(Sex::Female, "1974-03-01", json!({}));
    let huge = "Pt walks 30 min daily; RTC 2 wks. é ".repeat(40_000);
    let odd = "\u{0}:::/// 3x/ 2024-99-99 f/u 9999999999 months ETOH 1e308 drinks/wk ☃";
    // Two texts past the bounds, and more documents with text than are read.
    let docs: Vec<(PatientDocument, Option<&str>)> = (0..MAX_DOCUMENT_TEXTS + 10)
        .map(|i| (document(&format!("HD-{i}"), DocumentType::ConsultationNote, "2026-06-01", &[]), Some(if i >= MAX_DOCUMENT_TEXTS + 8 { huge.as_str() } else { odd })))
        .collect();
    let s = scored(&p, &docs);
    assert_eq!(s.components.physical_activity.score, Some(100));
    assert_eq!(read_documents(&record(&p, &docs)).len(), MAX_DOCUMENT_TEXTS);
}
