//! The three lifestyle components, from the questionnaire's answers and the habits notes state
//! ([`super::lifestyle`]). For each figure the newest of the two is used: a note dated after the
//! answers replaces the answer to the same question; otherwise the answer stands.
//!
//! **Physical activity** (WHO 2020 guidelines on physical activity and sedentary behaviour:
//! adults 150–300 min of moderate-intensity aerobic activity a week, and muscle strengthening on
//! 2 or more days): aerobic points = 100 × min(minutes ÷ 150, 1); strength points = 100 ×
//! min(days ÷ 2, 1); with both, 0.75 × aerobic + 0.25 × strength, with one, that one.
//!
//! **Stress & relaxation**: the mean of those known of — stress points = 100 × (5 − level) ÷ 4
//! (level 1–5); relaxation most days 100, weekly 60, rarely 20; sleep 100 for 7–9 h (AASM/SRS
//! consensus: adults 7 or more hours; 9 as the healthy upper bound), 40 points fewer per hour
//! outside that range, down to 0.
//!
//! **Healthy nutrition**: the mean of those known of — fruit and vegetables 100 × min(servings
//! ÷ 5, 1) (WHO healthy diet: at least 400 g, five portions, a day); processed food rarely 100,
//! weekly 60, daily 20; alcohol (NIAAA and CDC/Dietary Guidelines for Americans: at most 1 drink
//! a day for women, 2 for men; over 7 a week for women or 14 for men is heavy drinking): 0 drinks
//! 100, up to the weekly limit L falling to 70, from L to 2L falling to 0; L is 7 for women and
//! for a patient whose sex is not recorded as male, 14 for men; the diet a note describes as a
//! whole, good 100, poor 20.

use super::lifestyle::{self, Diet, Habits};
use super::{Component, DocumentReading, Origin, figure, named, sources};
use crate::health::evidence::PatientRecord;
use crate::health::patient::Sex;

/// A figure and where it came from.
#[derive(Debug, Clone, Copy)]
struct Picked<T> {
    value: T,
    origin: Origin,
    /// A note replaced an answer to the same question.
    replaced_answer: bool,
}

/// The newest of the answer and the notes' readings of one figure.
fn pick<T: Copy>(
    record: &PatientRecord<'_>,
    readings: &[DocumentReading],
    answer: Option<T>,
    from_note: impl Fn(&Habits) -> Option<T>,
) -> Option<Picked<T>> {
    let note = readings
        .iter()
        .filter_map(|r| from_note(&r.habits).map(|v| (r.index, record.documents.get(r.index).map(|d| d.date()), v)))
        .filter_map(|(i, date, v)| date.map(|d| (i, d, v)))
        .max_by_key(|(i, date, _)| (*date, *i));
    match (answer, note) {
        (Some(_), Some((i, date, v))) if date > record.answered_on => Some(Picked { value: v, origin: Origin::Document(i), replaced_answer: true }),
        (Some(a), _) => Some(Picked { value: a, origin: Origin::Questionnaire, replaced_answer: false }),
        (None, Some((i, _, v))) => Some(Picked { value: v, origin: Origin::Document(i), replaced_answer: false }),
        (None, None) => None,
    }
}

fn number(record: &PatientRecord<'_>, id: &str) -> Option<f64> {
    record.answers.get(id).and_then(|a| a.as_number()).filter(|n| n.is_finite())
}

fn choice(record: &PatientRecord<'_>, id: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let value = record.answers.get(id).and_then(|a| a.as_choice())?;
    allowed.iter().copied().find(|a| *a == value)
}

/// " (from the consultation note of 2026-10-01, newer than the questionnaire)", or nothing for an answer.
fn provenance(record: &PatientRecord<'_>, origin: Origin, replaced_answer: bool) -> String {
    match origin {
        Origin::Questionnaire => String::new(),
        Origin::Document(_) if replaced_answer => format!(" (from {}, newer than the questionnaire)", named(record, origin)),
        Origin::Document(_) => format!(" (from {})", named(record, origin)),
    }
}

/// Parts of a component: points and the words that say them.
struct Parts {
    points: Vec<f64>,
    /// Each part's words, and where its figure came from (empty for the questionnaire).
    said: Vec<(String, String)>,
    origins: Vec<Origin>,
}

impl Parts {
    fn new() -> Self {
        Parts { points: Vec::new(), said: Vec::new(), origins: Vec::new() }
    }

    fn add<T>(&mut self, record: &PatientRecord<'_>, picked: &Picked<T>, points: f64, said: String) {
        self.points.push(points);
        self.said.push((said, provenance(record, picked.origin, picked.replaced_answer)));
        self.origins.push(picked.origin);
    }

    fn mean(&self) -> Option<f64> {
        (!self.points.is_empty()).then(|| self.points.iter().sum::<f64>() / self.points.len() as f64)
    }
}

/// WHO 2020: 150 min of moderate activity a week and 2 days of muscle strengthening.
pub fn physical_activity(record: &PatientRecord<'_>, readings: &[DocumentReading]) -> Component {
    let minutes = pick(record, readings, number(record, "activity_minutes_per_week").map(|m| (m, false)), |h| {
        h.activity_minutes.map(|m| (m, h.activity_assumed))
    });
    let days = pick(record, readings, number(record, "strength_training_days_per_week"), |h| h.strength_days);
    let aerobic = minutes.map(|m| 100.0 * (m.value.0 / 150.0).min(1.0));
    let strength = days.map(|d| 100.0 * (d.value / 2.0).min(1.0));
    let score = match (aerobic, strength) {
        (Some(a), Some(s)) => 0.75 * a + 0.25 * s,
        (Some(a), None) => a,
        (None, Some(s)) => s,
        (None, None) => {
            return Component::insufficient("No activity figures: the questionnaire's activity questions are unanswered and no note states a routine.");
        }
    };
    let mut said = Vec::new();
    let mut origins = Vec::new();
    if let Some(m) = minutes {
        let assumed = if m.value.1 {
            format!(", counting {} min a session the note gives no length for", figure(lifestyle::ASSUMED_SESSION_MINUTES))
        } else {
            String::new()
        };
        let from = provenance(record, m.origin, m.replaced_answer);
        said.push((format!("{} min/week of moderate-to-vigorous activity (WHO 2020: 150–300){assumed}", figure(m.value.0)), from));
        origins.push(m.origin);
    }
    if let Some(d) = days {
        let from = provenance(record, d.origin, d.replaced_answer);
        said.push((format!("muscle strengthening on {} days/week (WHO 2020: 2 or more)", figure(d.value)), from));
        origins.push(d.origin);
    }
    Component::scored(score, sentence(&said), sources(record, origins))
}

/// Stress level, relaxation and AASM sleep hours.
pub fn stress_relaxation(record: &PatientRecord<'_>, readings: &[DocumentReading]) -> Component {
    let mut parts = Parts::new();
    if let Some(s) = pick(record, readings, number(record, "stress_level"), |h| h.stress_level) {
        let level = s.value.clamp(1.0, 5.0);
        parts.add(record, &s, 100.0 * (5.0 - level) / 4.0, format!("stress {} of 5", figure(level)));
    }
    if let Some(r) = pick(record, readings, choice(record, "relaxation_practice", &["rarely", "weekly", "most_days"]), |h| h.relaxation) {
        let (points, words) = match r.value {
            "most_days" => (100.0, "relaxation practice most days"),
            "weekly" => (60.0, "relaxation practice weekly"),
            _ => (20.0, "relaxation practice rarely"),
        };
        parts.add(record, &r, points, words.to_string());
    }
    if let Some(h) = pick(record, readings, number(record, "sleep_hours_per_night"), |h| h.sleep_hours) {
        let hours = h.value;
        let outside = if hours < 7.0 { 7.0 - hours } else if hours > 9.0 { hours - 9.0 } else { 0.0 };
        parts.add(record, &h, (100.0 - 40.0 * outside).max(0.0), format!("sleep {} h a night (AASM: 7–9)", figure(hours)));
    }
    match parts.mean() {
        Some(score) => Component::scored(score, sentence(&parts.said), sources(record, parts.origins)),
        None => Component::insufficient("No stress, relaxation or sleep figures: the questions are unanswered and no note states them."),
    }
}

/// WHO fruit and vegetables, processed food, NIAAA/CDC alcohol limits, and a note's view of the diet.
pub fn healthy_nutrition(record: &PatientRecord<'_>, readings: &[DocumentReading]) -> Component {
    let mut parts = Parts::new();
    if let Some(f) = pick(record, readings, number(record, "fruit_vegetable_servings_per_day"), |h| h.fruit_veg_servings) {
        parts.add(record, &f, 100.0 * (f.value / 5.0).min(1.0), format!("{} servings of fruit and vegetables a day (WHO: 5 or more)", figure(f.value)));
    }
    if let Some(p) = pick(record, readings, choice(record, "processed_food_frequency", &["rarely", "weekly", "daily"]), |h| h.processed_food) {
        let points = match p.value {
            "rarely" => 100.0,
            "weekly" => 60.0,
            _ => 20.0,
        };
        let when = match p.value {
            "rarely" => "rarely",
            "weekly" => "weekly",
            _ => "daily",
        };
        parts.add(record, &p, points, format!("processed or fast food {when}"));
    }
    if let Some(a) = pick(record, readings, number(record, "alcohol_drinks_per_week"), |h| h.alcohol_drinks_per_week) {
        let male = record.patient.demographics.sex == Sex::Male;
        let limit = if male { 14.0 } else { 7.0 };
        parts.add(
            record,
            &a,
            alcohol_points(a.value, limit),
            format!("{} alcoholic drinks a week (NIAAA/CDC limit {} for {})", figure(a.value), figure(limit), if male { "men" } else { "women" }),
        );
    }
    // The diet as a whole comes from notes only (the questionnaire does not ask it).
    if let Some(d) = pick(record, readings, None, |h| h.diet) {
        let (points, words) = match d.value {
            Diet::Good => (100.0, "a diet the note calls balanced or healthy"),
            Diet::Poor => (20.0, "a diet the note calls poor"),
        };
        parts.add(record, &d, points, words.to_string());
    }
    match parts.mean() {
        Some(score) => Component::scored(score, sentence(&parts.said), sources(record, parts.origins)),
        None => Component::insufficient("No nutrition figures: the diet and alcohol questions are unanswered and no note states them."),
    }
}

/// 100 at none, 70 at the weekly limit, 0 at twice it.
fn alcohol_points(drinks: f64, limit: f64) -> f64 {
    if drinks <= limit {
        100.0 - 30.0 * drinks.max(0.0) / limit
    } else {
        (70.0 - 70.0 * (drinks - limit) / limit).max(0.0)
    }
}

/// "A, B and C." with a capital; where every part came from the same note, it is named once at the end.
fn sentence(said: &[(String, String)]) -> String {
    let same_source = said.first().is_some_and(|(_, from)| said.iter().all(|(_, f)| f == from));
    let parts: Vec<String> = if same_source {
        said.iter().map(|(words, _)| words.clone()).collect()
    } else {
        said.iter().map(|(words, from)| format!("{words}{from}")).collect()
    };
    let tail = if same_source { said.first().map_or("", |(_, from)| from.as_str()) } else { "" };
    let joined = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let joined = format!("{joined}{tail}");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alcohol_points_follow_the_niaaa_cdc_limits() {
        assert_eq!(alcohol_points(0.0, 7.0), 100.0);
        assert_eq!(alcohol_points(7.0, 7.0), 70.0);
        assert_eq!(alcohol_points(14.0, 7.0), 0.0);
        assert_eq!(alcohol_points(14.0, 14.0), 70.0);
        assert_eq!(alcohol_points(40.0, 14.0), 0.0);
    }

    #[test]
    fn descriptions_read_as_one_sentence() {
        let said = |parts: &[(&str, &str)]| sentence(&parts.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>());
        assert_eq!(said(&[("a", ""), ("b", ""), ("c", "")]), "A, b and c.");
        assert_eq!(said(&[("one", " (from x)")]), "One (from x).");
        assert_eq!(said(&[("a", " (from x)"), ("b", " (from x)")]), "A and b (from x).");
        assert_eq!(said(&[("a", " (from x)"), ("b", "")]), "A (from x) and b.");
    }
}
