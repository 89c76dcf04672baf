//! MediClear's onboarding questions, and the validation of a patient's answers to them.
//!
//! The questions come from the product's marker lists: the breast-cancer risk markers (family
//! history, BRCA, chest radiation, prior cancer, benign breast disease, hormonal factors, breast
//! density — the factors the Tyrer-Cuzick (IBIS) and Gail models weigh and ACR/NCCN screening
//! guidance names), the stage-1 test groups whose last dates drive `regular_health_tests`
//! (lipids, glucose/HbA1c, kidney, liver, blood count, thyroid, vitamins), and the lifestyle and
//! follow-up questions behind the other health-score components. Each question says which score
//! component or risk marker it feeds, so the score and the risk assessment can name their
//! sources.
//!
//! Every question is optional — a component without data is `insufficient_data`, never guessed —
//! but an answer that is given must fit its question; each bad answer is a named error
//! (`INVALID_ANSWERS_<QUESTION_ID>`), and none of them repeats what was sent.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::validation::ValidationError;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AnswerType {
    Boolean,
    Choice,
    Number,
    /// `YYYY-MM-DD`, not in the future.
    Date,
    Text,
}

/// A choice's value and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// One onboarding question.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Question {
    pub id: &'static str,
    pub text: &'static str,
    #[serde(rename = "type")]
    pub answer_type: AnswerType,
    /// For `choice`: the accepted values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Choice>>,
    /// For `number`: the accepted range and unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    /// The score components (`score:<component>`) and risk markers (`risk:<marker>`) the answer
    /// feeds.
    pub feeds: Vec<&'static str>,
}

/// Score components (API.md's health score).
pub mod component {
    pub const SCREENING_COMPLIANCE: &str = "score:screening_compliance";
    pub const PHYSICAL_ACTIVITY: &str = "score:physical_activity";
    pub const STRESS_RELAXATION: &str = "score:stress_relaxation";
    pub const HEALTHY_NUTRITION: &str = "score:healthy_nutrition";
    pub const REGULAR_HEALTH_TESTS: &str = "score:regular_health_tests";
    pub const FOLLOW_UP_ADHERENCE: &str = "score:follow_up_adherence";
}

/// Breast-cancer risk markers.
pub mod marker {
    pub const FAMILY_HISTORY: &str = "risk:family_history";
    pub const GENETIC_MUTATION: &str = "risk:genetic_mutation";
    pub const CHEST_RADIATION: &str = "risk:chest_radiation";
    pub const PRIOR_BREAST_CANCER: &str = "risk:prior_breast_cancer";
    pub const BENIGN_BREAST_DISEASE: &str = "risk:benign_breast_disease";
    pub const HORMONAL_FACTORS: &str = "risk:hormonal_factors";
    pub const BREAST_DENSITY: &str = "risk:breast_density";
    pub const SCREENING_HISTORY: &str = "risk:screening_history";
}

const fn c(value: &'static str, label: &'static str) -> Choice {
    Choice { value, label }
}

fn choice(id: &'static str, text: &'static str, options: &[Choice], feeds: &[&'static str]) -> Question {
    Question { id, text, answer_type: AnswerType::Choice, options: Some(options.to_vec()), min: None, max: None, unit: None, feeds: feeds.to_vec() }
}

fn boolean(id: &'static str, text: &'static str, feeds: &[&'static str]) -> Question {
    Question { id, text, answer_type: AnswerType::Boolean, options: None, min: None, max: None, unit: None, feeds: feeds.to_vec() }
}

fn number(id: &'static str, text: &'static str, range: (f64, f64), unit: &'static str, feeds: &[&'static str]) -> Question {
    Question { id, text, answer_type: AnswerType::Number, options: None, min: Some(range.0), max: Some(range.1), unit: Some(unit), feeds: feeds.to_vec() }
}

fn date(id: &'static str, text: &'static str, feeds: &[&'static str]) -> Question {
    Question { id, text, answer_type: AnswerType::Date, options: None, min: None, max: None, unit: None, feeds: feeds.to_vec() }
}

/// The stage-1 test groups, by question id (their last dates feed `regular_health_tests`).
pub const TEST_GROUPS: [(&str, &str); 7] = [
    ("last_lipid_panel", "lipids"),
    ("last_glucose_test", "glucose/HbA1c"),
    ("last_kidney_function_test", "kidney"),
    ("last_liver_function_test", "liver"),
    ("last_blood_count", "blood count"),
    ("last_thyroid_test", "thyroid"),
    ("last_vitamin_test", "vitamins"),
];

/// The questions, in the order a form shows them.
pub fn questions() -> Vec<Question> {
    use component::*;
    use marker::*;
    let relatives = [
        c("none", "No"),
        c("second_degree", "Yes, a second-degree relative (grandparent, aunt, uncle, half-sibling)"),
        c("first_degree", "Yes, one first-degree relative (parent, sibling, child)"),
        c("multiple_first_degree", "Yes, two or more first-degree relatives"),
        c("unknown", "I don't know"),
    ];
    let mut all = vec![
        choice("family_history_breast_cancer", "Has a blood relative had breast cancer?", &relatives, &[FAMILY_HISTORY]),
        choice("family_history_ovarian_cancer", "Has a blood relative had ovarian cancer?", &relatives, &[FAMILY_HISTORY]),
        boolean(
            "family_history_early_onset",
            "Was any of those relatives diagnosed before age 50, or was a male relative diagnosed with breast cancer?",
            &[FAMILY_HISTORY],
        ),
        choice(
            "genetic_mutation",
            "Have you been found to carry a mutation that raises breast-cancer risk?",
            &[
                c("none_found", "Tested, none found"),
                c("brca1", "BRCA1"),
                c("brca2", "BRCA2"),
                c("other_high_risk", "Another high-risk gene (e.g. PALB2, TP53, PTEN)"),
                c("not_tested", "Never tested"),
                c("unknown", "I don't know"),
            ],
            &[GENETIC_MUTATION],
        ),
        boolean("chest_radiation_before_30", "Did you have radiation therapy to the chest before age 30 (e.g. for lymphoma)?", &[CHEST_RADIATION]),
        boolean("prior_breast_cancer", "Have you had breast cancer or DCIS yourself?", &[PRIOR_BREAST_CANCER]),
        choice(
            "benign_breast_disease",
            "Has a breast biopsy ever shown a benign (non-cancer) condition?",
            &[
                c("none", "No biopsy, or a normal one"),
                c("non_proliferative", "Benign, non-proliferative (e.g. cysts, fibroadenoma)"),
                c("proliferative_without_atypia", "Proliferative without atypia"),
                c("atypical_hyperplasia", "Atypical hyperplasia (ADH or ALH)"),
                c("lcis", "Lobular carcinoma in situ (LCIS)"),
                c("unknown", "I don't know the result"),
            ],
            &[BENIGN_BREAST_DISEASE],
        ),
        number("age_at_first_period", "How old were you at your first menstrual period?", (6., 25.), "years", &[HORMONAL_FACTORS]),
        choice(
            "first_live_birth",
            "How old were you at the birth of your first child?",
            &[c("none", "No live births"), c("under_30", "Under 30"), c("30_or_older", "30 or older")],
            &[HORMONAL_FACTORS],
        ),
        choice(
            "menopause_status",
            "Which describes you?",
            &[c("premenopausal", "Still having periods"), c("perimenopausal", "Periods becoming irregular"), c("postmenopausal", "Periods have stopped for 12 months or more")],
            &[HORMONAL_FACTORS],
        ),
        number("age_at_menopause", "If your periods have stopped, at what age?", (25., 70.), "years", &[HORMONAL_FACTORS]),
        choice(
            "hormone_therapy",
            "Have you taken menopausal hormone therapy (estrogen plus progestin)?",
            &[c("never", "Never"), c("past", "In the past"), c("current", "Currently, under 5 years"), c("current_5_years_or_more", "Currently, 5 years or more")],
            &[HORMONAL_FACTORS],
        ),
        choice(
            "breast_density",
            "If a mammogram report gave your breast density, what was it?",
            &[
                c("a_fatty", "A: almost entirely fatty"),
                c("b_scattered", "B: scattered fibroglandular density"),
                c("c_heterogeneously_dense", "C: heterogeneously dense"),
                c("d_extremely_dense", "D: extremely dense"),
                c("unknown", "I don't know"),
            ],
            &[BREAST_DENSITY],
        ),
        date("last_mammogram", "When was your last mammogram?", &[SCREENING_COMPLIANCE, SCREENING_HISTORY]),
        date("last_cervical_screening", "When was your last cervical screening (Pap or HPV test)?", &[SCREENING_COMPLIANCE]),
        date("last_colorectal_screening", "When was your last colorectal screening (colonoscopy or stool test)?", &[SCREENING_COMPLIANCE]),
    ];
    for (id, group) in TEST_GROUPS {
        let text = match group {
            "lipids" => "When did you last have a cholesterol (lipid) test?",
            "glucose/HbA1c" => "When did you last have a blood sugar test (glucose or HbA1c)?",
            "kidney" => "When did you last have a kidney function test (creatinine, eGFR)?",
            "liver" => "When did you last have a liver function test?",
            "blood count" => "When did you last have a complete blood count?",
            "thyroid" => "When did you last have a thyroid test (TSH)?",
            _ => "When did you last have your vitamin levels checked (vitamin D, B12)?",
        };
        all.push(date(id, text, &[REGULAR_HEALTH_TESTS]));
    }
    all.extend([
        number("activity_minutes_per_week", "About how many minutes of moderate or vigorous activity do you get in a week?", (0., 3000.), "minutes/week", &[PHYSICAL_ACTIVITY]),
        number("strength_training_days_per_week", "On how many days a week do you do muscle-strengthening exercise?", (0., 7.), "days/week", &[PHYSICAL_ACTIVITY]),
        number("fruit_vegetable_servings_per_day", "How many servings of fruit and vegetables do you eat on a typical day?", (0., 20.), "servings/day", &[HEALTHY_NUTRITION]),
        choice(
            "processed_food_frequency",
            "How often do you eat processed or fast food, or drink sugary drinks?",
            &[c("rarely", "Rarely"), c("weekly", "A few times a week"), c("daily", "Daily")],
            &[HEALTHY_NUTRITION],
        ),
        number("alcohol_drinks_per_week", "How many alcoholic drinks do you have in a typical week?", (0., 100.), "drinks/week", &[HEALTHY_NUTRITION, HORMONAL_FACTORS]),
        number("stress_level", "How stressed have you felt over the past month, from 1 (not at all) to 5 (extremely)?", (1., 5.), "1-5", &[STRESS_RELAXATION]),
        choice(
            "relaxation_practice",
            "How often do you do something to relax (meditation, breathing, a hobby, time outdoors)?",
            &[c("rarely", "Rarely"), c("weekly", "Once or twice a week"), c("most_days", "Most days")],
            &[STRESS_RELAXATION],
        ),
        number("sleep_hours_per_night", "How many hours do you usually sleep a night?", (0., 16.), "hours", &[STRESS_RELAXATION]),
        number("missed_follow_ups_last_year", "How many recommended follow-up visits or tests did you miss in the past 12 months?", (0., 50.), "visits", &[FOLLOW_UP_ADHERENCE]),
        date("last_doctor_visit", "When did you last see a doctor for a check-up?", &[FOLLOW_UP_ADHERENCE]),
    ]);
    all
}

/// A valid answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Boolean(bool),
    Number(f64),
    /// A choice's value, a date (`YYYY-MM-DD`) or free text.
    Text(String),
}

impl Answer {
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Answer::Text(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Answer::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_choice(&self) -> Option<&str> {
        match self {
            Answer::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Answer::Boolean(b) => Some(*b),
            _ => None,
        }
    }
}

/// A patient's answers, by question id, all valid.
pub type Answers = BTreeMap<String, Answer>;

/// The longest free-text answer.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Validates `raw` (a JSON object of question id → value; `null` clears an answer) against the
/// questions, as of `today`. Every bad answer is reported.
pub fn validate_answers(raw: &Value, today: NaiveDate) -> Result<Answers, Vec<ValidationError>> {
    let Some(object) = raw.as_object() else {
        return Err(vec![ValidationError::invalid("answers", "answers must be an object of question id to answer")]);
    };
    let questions = questions();
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for (id, value) in object {
        let Some(question) = questions.iter().find(|q| q.id == id) else {
            // The id is the client's text: it is not repeated.
            errors.push(ValidationError::invalid("answers", "an answer names a question that does not exist (see GET /patients/questionnaire)"));
            continue;
        };
        if value.is_null() {
            continue;
        }
        match check(question, value, today) {
            Ok(answer) => {
                answers.insert(question.id.to_string(), answer);
            }
            Err(message) => errors.push(ValidationError::invalid(&format!("answers.{}", question.id), message)),
        }
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

fn check(question: &Question, value: &Value, today: NaiveDate) -> Result<Answer, String> {
    let id = question.id;
    match question.answer_type {
        AnswerType::Boolean => value.as_bool().map(Answer::Boolean).ok_or_else(|| format!("{id} must be true or false")),
        AnswerType::Number => {
            let (min, max) = (question.min.unwrap_or(f64::MIN), question.max.unwrap_or(f64::MAX));
            match value.as_f64() {
                Some(n) if n.is_finite() && (min..=max).contains(&n) => Ok(Answer::Number(n)),
                _ => Err(format!("{id} must be a number from {min} to {max}")),
            }
        }
        AnswerType::Choice => {
            let options = question.options.as_deref().unwrap_or_default();
            match value.as_str().map(str::trim) {
                Some(v) if options.iter().any(|o| o.value == v) => Ok(Answer::Text(v.to_string())),
                _ => Err(format!("{id} must be one of: {}", options.iter().map(|o| o.value).collect::<Vec<_>>().join(", "))),
            }
        }
        AnswerType::Date => match value.as_str().map(str::trim).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
            Some(d) if d <= today && d.year_ce().1 >= 1900 => Ok(Answer::Text(d.format("%Y-%m-%d").to_string())),
            Some(_) => Err(format!("{id} must be a date from 1900 up to today")),
            None => Err(format!("{id} must be a date as YYYY-MM-DD")),
        },
        AnswerType::Text => match value.as_str().map(str::trim) {
            Some(t) if !t.is_empty() && t.chars().count() <= MAX_TEXT_CHARS => Ok(Answer::Text(t.to_string())),
            _ => Err(format!("{id} must be text of 1-{MAX_TEXT_CHARS} characters")),
        },
    }
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn every_question_is_unique_and_feeds_a_component_or_marker() {
        let qs = questions();
        let mut ids: Vec<&str> = qs.iter().map(|q| q.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), qs.len(), "ids are unique");
        for q in &qs {
            assert!(!q.feeds.is_empty(), "{} feeds nothing", q.id);
            assert!(q.feeds.iter().all(|f| f.starts_with("score:") || f.starts_with("risk:")), "{}", q.id);
            assert_eq!(q.options.is_some(), q.answer_type == AnswerType::Choice, "{}", q.id);
        }
        // Every score component and risk marker has at least one question.
        for feed in [
            component::SCREENING_COMPLIANCE, component::PHYSICAL_ACTIVITY, component::STRESS_RELAXATION,
            component::HEALTHY_NUTRITION, component::REGULAR_HEALTH_TESTS, component::FOLLOW_UP_ADHERENCE,
            marker::FAMILY_HISTORY, marker::GENETIC_MUTATION, marker::CHEST_RADIATION, marker::PRIOR_BREAST_CANCER,
            marker::BENIGN_BREAST_DISEASE, marker::HORMONAL_FACTORS, marker::BREAST_DENSITY, marker::SCREENING_HISTORY,
        ] {
            assert!(qs.iter().any(|q| q.feeds.contains(&feed)), "nothing feeds {feed}");
        }
    }

    #[test]
    fn valid_answers_are_kept_typed_and_nulls_clear() {
        let answers = validate_answers(
            &json!({"family_history_breast_cancer": "first_degree", "chest_radiation_before_30": false,
                    "activity_minutes_per_week": 150, "last_mammogram": "2025-10-01", "sleep_hours_per_night": null}),
            today(),
        )
        .unwrap();
        assert_eq!(answers["family_history_breast_cancer"], Answer::Text("first_degree".into()));
        assert_eq!(answers["activity_minutes_per_week"].as_number(), Some(150.));
        assert_eq!(answers["last_mammogram"].as_date(), NaiveDate::from_ymd_opt(2025, 10, 1));
        assert!(!answers.contains_key("sleep_hours_per_night"));
    }

    #[test]
    fn each_bad_answer_is_named_and_none_is_echoed() {
        let errors = validate_answers(
            &json!({"family_history_breast_cancer": "my aunt Zelda", "activity_minutes_per_week": -5, "last_mammogram": "2030-01-01",
                    "chest_radiation_before_30": "yes", "last_lipid_panel": "last spring", "no_such_question_xyz": 1}),
            today(),
        )
        .unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        for code in [
            "INVALID_ANSWERS_FAMILY_HISTORY_BREAST_CANCER", "INVALID_ANSWERS_ACTIVITY_MINUTES_PER_WEEK", "INVALID_ANSWERS_LAST_MAMMOGRAM",
            "INVALID_ANSWERS_CHEST_RADIATION_BEFORE_30", "INVALID_ANSWERS_LAST_LIPID_PANEL", "INVALID_ANSWERS",
        ] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        for e in &errors {
            assert!(!e.message.contains("Zelda") && !e.message.contains("xyz") && !e.message.contains("spring"), "{}", e.message);
        }
        assert_eq!(validate_answers(&json!([1]), today()).unwrap_err()[0].code, "INVALID_ANSWERS");
    }
}
