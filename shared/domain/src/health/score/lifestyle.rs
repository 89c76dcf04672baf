//! The habits a clinician records in a note's text: activity, strength training, stress,
//! relaxation, sleep, fruit and vegetables, processed food, the diet as a whole, alcohol.
//!
//! Read the way clinicians write them: "exercises 3x/wk", "walks 30 min daily", "SH: sedentary,
//! ETOH 2-3 drinks/wk", "reports high stress at work", "sleeps 5 hours", "diet high in processed
//! foods", "eats a balanced diet", "drinks 2 glasses of wine nightly". A habit counts only when
//! it is the patient's and current ([`reading::stance`]): "denies exercise", "will start
//! walking", "Plan: walk 30 min daily", "mother drinks", "used to run" say nothing about what the
//! patient does now. One reading follows from a negation: "denies ETOH", "no alcohol", "quit
//! drinking" record that the patient does not drink, and read as 0 drinks a week.
//!
//! Figures, and the defaults used where the text leaves one out (each named in the component's
//! description):
//! - activity minutes a week: a weekly total ("150 min/week") as it is; else a session's length
//!   times sessions a week ("30 min 3x/wk", "30 min daily" = 7); sessions without a length
//!   ("exercises 3x/wk") count [`ASSUMED_SESSION_MINUTES`] each; a length without a frequency
//!   is not read. "Sedentary", "no regular exercise" read as 0 minutes.
//! - strength days a week: sessions a week of weights, resistance or strength training.
//! - stress 1–5: "stress 4/5" or "7/10" scaled; "severe", "overwhelmed" 5; "high",
//!   "significant", "a lot of" 4; "moderate" or stress named without a degree 3; "mild", "low",
//!   "manageable" 2.
//! - relaxation: meditation, yoga, mindfulness, breathing exercises, tai chi — most days at 4 or
//!   more a week, weekly at 1–3, "rarely" as said; without a frequency, weekly.
//! - sleep hours: "sleeps 5 hours", "6-7 h of sleep a night" (a range reads as its midpoint).
//! - fruit and vegetable servings a day; processed or fast food daily ("high in", most days),
//!   weekly or rarely ("avoids"); the diet as a whole good ("balanced", "healthy",
//!   "Mediterranean") or poor ("poor diet", "low in fruit").
//! - alcohol drinks a week: drinks × their period ("2 glasses of wine nightly" = 14; a bottle of
//!   wine is 5 drinks, NIAAA); "social"
//!   or "occasional" drinking without a figure, [`ASSUMED_OCCASIONAL_DRINKS`] a week.
//!
//! Where a note states one habit twice, the reading least favourable to the patient is kept
//! (most stress, most drinks, least sleep, the most activity stated — a note that names two
//! activities usually restates one).

use std::ops::Range;

use super::reading::{self, Figure, Period, Sentence, Stance, Unit, find_any, figures, frequency_words, parts, segments};

/// Minutes a session counts when the text gives sessions but not their length.
pub const ASSUMED_SESSION_MINUTES: f64 = 30.0;

/// Drinks a week that "drinks socially" or "occasional ETOH" counts.
pub const ASSUMED_OCCASIONAL_DRINKS: f64 = 1.0;

/// How the diet reads as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diet {
    Good,
    Poor,
}

/// The habits one document states. `None`: the text says nothing (readable) about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Habits {
    pub activity_minutes: Option<f64>,
    /// The minutes came from sessions of an assumed length.
    pub activity_assumed: bool,
    pub strength_days: Option<f64>,
    pub stress_level: Option<f64>,
    /// `most_days`, `weekly` or `rarely`, as the questionnaire's `relaxation_practice`.
    pub relaxation: Option<&'static str>,
    pub sleep_hours: Option<f64>,
    pub fruit_veg_servings: Option<f64>,
    /// `daily`, `weekly` or `rarely`, as the questionnaire's `processed_food_frequency`.
    pub processed_food: Option<&'static str>,
    pub diet: Option<Diet>,
    pub alcohol_drinks_per_week: Option<f64>,
}

const AEROBIC: &[&str] = &[
    "exercis*", "works out", "work out", "working out", "workout*", "walk", "walks", "walking", "walked", "jog*", "run", "runs",
    "running", "swim*", "cycling", "bicycl*", "biking", "bikes", "spin class", "gym", "aerobic*", "cardio", "hik*", "danc*",
    "tennis", "sports", "elliptical", "treadmill", "rowing", "zumba", "physical activity", "physically active",
];
const STRENGTH: &[&str] = &[
    "weights", "weight training", "weightlifting", "weight lifting", "lifts", "lifting", "resistance training", "resistance exercise*",
    "strength training", "strengthening", "strength exercise*", "crossfit", "pilates",
];
/// Phrases that name exercise but not a habit (a symptom, an aid, a test).
const NOT_A_HABIT: &[&str] = &[
    "intolerance", "tolerance", "induced", "with exercise", "with exertion", "on exertion", "exertional", "cane", "walker",
    "stress test", "difficulty", "unable", "pain", "limp", "gait",
];
const SEDENTARY: &[&str] = &["sedentary", "inactive", "physically inactive"];
const NO_EXERCISE: &[&str] = &[
    "no regular exercise", "no exercise", "does not exercise", "doesn't exercise", "not exercising", "minimal exercise",
    "little exercise", "rarely exercises", "no physical activity", "little physical activity", "minimal physical activity",
];
const STRESS_NOT_A_HABIT: &[&str] = &[
    "stress test", "stress echo", "stress incontinence", "stress fracture", "post-traumatic", "posttraumatic", "ptsd", "stress ulcer",
    "stress dose", "stress-dose", "nuclear stress", "exercise stress", "stress hyperglycemia", "oxidative stress", "stress echocardiogram",
];
const RELAXATION: &[&str] = &["meditat*", "yoga", "mindfulness", "breathing exercises", "tai chi", "relaxation techniques", "relaxation exercises"];
const SLEEP: &[&str] = &["sleep*", "slept"];
const FRUIT_VEG: &[&str] = &["fruit*", "vegetable*", "veg", "veggies", "salad*", "greens"];
const PROCESSED: &[&str] = &[
    "processed food*", "processed meat*", "fast food*", "junk food*", "take-out", "takeout", "sugary drinks", "sugary beverages", "soda",
    "sodas", "soft drinks", "fried food*", "convenience food*",
];
const DIET_GOOD: &[&str] = &[
    "balanced diet", "healthy diet", "well-balanced", "well balanced", "mediterranean", "plant-based", "plant based", "whole foods",
    "eats well", "heart-healthy diet", "heart healthy diet", "good diet", "healthy eating", "eats healthy",
];
const DIET_POOR: &[&str] = &[
    "poor diet", "unhealthy diet", "poor nutrition", "poor eating", "high-fat diet", "high fat diet", "low in fruit*", "low in vegetable*",
    "few vegetables", "few fruits", "rarely eats vegetables", "rarely eats fruit", "irregular meals", "high in processed",
];
const ALCOHOL: &[&str] = &[
    "etoh", "alcohol*", "beer*", "wine*", "liquor", "spirits", "cocktail*", "vodka", "whiskey", "whisky", "bourbon", "drinker", "drinks",
    "drinking", "drink",
];
/// Drinks that are not alcohol: "drinks" near them is not read as alcohol.
const NOT_ALCOHOL: &[&str] = &["water", "coffee", "tea", "soda", "juice", "fluids", "milk", "sugary", "energy", "protein", "shake", "shakes"];

/// The habits a document's sentences ([`reading::sentences`]) state.
pub fn read(sentences: &[Sentence<'_>]) -> Habits {
    let mut habits = Habits::default();
    for sentence in sentences {
        let all = segments(&sentence.lower);
        for (n, segment) in all.iter().enumerate() {
            for part in parts(&sentence.lower, segment.clone()) {
                read_part(sentence, segment.clone(), part, all.get(n + 1).cloned(), &mut habits);
            }
        }
    }
    habits
}

fn keep_max(slot: &mut Option<f64>, value: f64) {
    *slot = Some(slot.map_or(value, |v| v.max(value)));
}

fn keep_min(slot: &mut Option<f64>, value: f64) {
    *slot = Some(slot.map_or(value, |v| v.min(value)));
}

fn has(lower: &str, part: &Range<usize>, phrases: &[&str]) -> bool {
    find_any(lower, part.clone(), phrases).is_some()
}

/// Sessions a week in a part: "3x/wk", "3 days a week", "2x/day", else a frequency word.
fn sessions_per_week(figures: &[Figure], part_text: &str) -> Option<f64> {
    figures
        .iter()
        .find_map(|f| match (f.unit, f.per) {
            (Unit::Times | Unit::Days, Some(per)) => Some(f.value * per.per_week()),
            _ => None,
        })
        .or_else(|| frequency_words(part_text))
}

/// Reads one part of a segment; `following` is the next segment of the sentence, where a sleep
/// figure may follow its words ("not sleeping well, ~4 h a night").
fn read_part(sentence: &Sentence<'_>, segment: Range<usize>, part: Range<usize>, following: Option<Range<usize>>, habits: &mut Habits) {
    let lower = sentence.lower.as_str();
    let part_text = &lower[part.clone()];
    let stance_of = |mention: Range<usize>| reading::stance(sentence, segment.clone(), mention);
    let figures = figures(lower, part.clone());

    // Activity and strength.
    if !has(lower, &part, NOT_A_HABIT) {
        if let Some(m) = find_any(lower, part.clone(), SEDENTARY)
            && stance_of(m) == Stance::Current
        {
            habits.activity_minutes = Some(0.0);
        } else if let Some(m) = find_any(lower, part.clone(), NO_EXERCISE)
            && matches!(stance_of(m), Stance::Current | Stance::Negated)
        {
            habits.activity_minutes = Some(0.0);
        } else {
            let strength = find_any(lower, part.clone(), STRENGTH);
            let aerobic = find_any(lower, part.clone(), AEROBIC).filter(|a| strength.as_ref().is_none_or(|s| a.start < s.start || a.start >= s.end));
            if let Some(m) = strength
                && stance_of(m) == Stance::Current
                && let Some(days) = sessions_per_week(&figures, part_text)
            {
                keep_max(&mut habits.strength_days, days.min(7.0));
            }
            if let Some(m) = aerobic
                && stance_of(m) == Stance::Current
                && let Some((minutes, assumed)) = activity_minutes(&figures, part_text)
                && habits.activity_minutes.is_none_or(|v| minutes > v)
            {
                habits.activity_minutes = Some(minutes);
                habits.activity_assumed = assumed;
            }
        }
    }

    // Stress.
    if !has(lower, &part, STRESS_NOT_A_HABIT)
        && let Some(m) = find_any(lower, part.clone(), &["stress*"])
        && stance_of(m) == Stance::Current
    {
        keep_max(&mut habits.stress_level, stress_level(lower, &part));
    }

    // Relaxation.
    if let Some(m) = find_any(lower, part.clone(), RELAXATION)
        && stance_of(m) == Stance::Current
    {
        let rarely = has(lower, &part, &["rarely", "occasionally", "seldom"]);
        let practice = match sessions_per_week(&figures, part_text) {
            _ if rarely => "rarely",
            Some(n) if n >= 4.0 => "most_days",
            Some(n) if n < 1.0 => "rarely",
            _ => "weekly",
        };
        habits.relaxation.get_or_insert(practice);
    }

    // Sleep: a figure of hours is read as the hours slept, even in "not sleeping well, 4 h a night".
    if let Some(m) = find_any(lower, part.clone(), SLEEP)
        && !has(lower, &part, &["apnea", "study", "aid", "aids", "medication", "walking"])
        && matches!(stance_of(m), Stance::Current | Stance::Negated)
    {
        let hours = |figures: &[Figure]| figures.iter().find(|f| f.unit == Unit::Hours && f.per.is_none_or(|p| p == Period::Day)).map(|f| f.value);
        let next = following.filter(|r| lower[r.clone()].trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == 'a'));
        let found = hours(&figures).or_else(|| next.and_then(|r| hours(&reading::figures(lower, r))));
        if let Some(h) = found.filter(|h| (0.0..=16.0).contains(h)) {
            keep_min(&mut habits.sleep_hours, h);
        }
    }

    // Fruit and vegetables.
    if let Some(m) = find_any(lower, part.clone(), FRUIT_VEG)
        && stance_of(m) == Stance::Current
    {
        let daily = frequency_words(part_text).is_some_and(|n| n >= 7.0);
        let servings = figures.iter().find_map(|f| match (f.unit, f.per) {
            (Unit::Servings | Unit::None, Some(per)) => Some(f.value * per.per_week() / 7.0),
            (Unit::Servings, None) if daily => Some(f.value),
            _ => None,
        });
        if let Some(s) = servings.filter(|s| (0.0..=30.0).contains(s)) {
            habits.fruit_veg_servings.get_or_insert(s);
        }
    }

    // Processed food.
    if let Some(m) = find_any(lower, part.clone(), PROCESSED)
        && stance_of(m) == Stance::Current
    {
        let often = sessions_per_week(&figures, part_text);
        let frequency = if has(lower, &part, &["rarely", "avoids", "limits", "minimal", "seldom", "low in"]) {
            Some("rarely")
        } else if has(lower, &part, &["high in", "a lot of", "lots of", "mostly", "frequent", "frequently"]) || often.is_some_and(|n| n >= 5.0) {
            Some("daily")
        } else if often.is_some() || has(lower, &part, &["occasional", "occasionally", "sometimes"]) {
            Some("weekly")
        } else {
            None
        };
        let rank = |f: &str| ["rarely", "weekly", "daily"].iter().position(|x| *x == f);
        if let Some(f) = frequency
            && habits.processed_food.is_none_or(|old| rank(f) > rank(old))
        {
            habits.processed_food = Some(f);
        }
    }

    // The diet as a whole.
    if let Some(m) = find_any(lower, part.clone(), DIET_POOR)
        && stance_of(m) == Stance::Current
    {
        habits.diet = Some(Diet::Poor);
        if has(lower, &part, &["high in processed"]) && habits.processed_food.is_none() {
            habits.processed_food = Some("daily");
        }
    } else if let Some(m) = find_any(lower, part.clone(), DIET_GOOD)
        && stance_of(m) == Stance::Current
    {
        habits.diet.get_or_insert(Diet::Good);
    }

    // Alcohol.
    if let Some(drinks) = alcohol(sentence, segment.clone(), part.clone(), &figures) {
        keep_max(&mut habits.alcohol_drinks_per_week, drinks);
    }
}

/// Minutes a week, and whether a session's length was assumed.
fn activity_minutes(figures: &[Figure], part_text: &str) -> Option<(f64, bool)> {
    let minutes = |f: &Figure| match f.unit {
        Unit::Minutes => Some(f.value),
        Unit::Hours => Some(f.value * 60.0),
        _ => None,
    };
    if let Some(total) = figures.iter().find(|f| f.per == Some(Period::Week)).and_then(minutes) {
        return Some((total, false));
    }
    let session = figures.iter().find(|f| f.per.is_none_or(|p| p == Period::Day)).and_then(|f| minutes(f).map(|m| (m, f.per)));
    let sessions = sessions_per_week(figures, part_text);
    match (session, sessions) {
        (Some((length, _)), Some(n)) => Some((length * n, false)),
        (Some((length, Some(Period::Day))), None) => Some((length * 7.0, false)),
        (None, Some(n)) => Some((ASSUMED_SESSION_MINUTES * n, true)),
        _ => None,
    }
    .map(|(m, assumed)| (m.min(3000.0), assumed))
}

/// Stress 1–5 from a part that mentions stress.
fn stress_level(lower: &str, part: &Range<usize>) -> f64 {
    let text = &lower[part.clone()];
    // "stress 4/5", "7/10", "8 out of 10"
    let words = reading::words(text);
    for k in 0..words.len().saturating_sub(1) {
        let (a, b) = (&words[k], &words[k + 1]);
        let between = &text[a.0.end..b.0.start];
        let scale = if between.trim() == "/" {
            Some(b.1)
        } else if b.1 == "out" && words.get(k + 2).is_some_and(|w| w.1 == "of") {
            words.get(k + 3).map(|w| w.1)
        } else {
            None
        };
        if let (Ok(value), Some(Ok(out_of))) = (a.1.parse::<f64>(), scale.map(str::parse::<f64>)) {
            if out_of == 5.0 && (0.0..=5.0).contains(&value) {
                return value.clamp(1.0, 5.0);
            }
            if out_of == 10.0 && (0.0..=10.0).contains(&value) {
                return 1.0 + 4.0 * value / 10.0;
            }
        }
    }
    let said = |phrases: &[&str]| find_any(lower, part.clone(), phrases).is_some();
    if said(&["severe", "extreme", "extremely", "overwhelm*", "very high", "very stressed", "unbearable"]) {
        5.0
    } else if said(&[
        "high", "significant", "a lot of", "lots of", "increased", "considerable", "major", "heavy", "elevated", "chronic", "much", "under stress",
        "very",
    ]) {
        4.0
    } else if said(&["mild", "low", "minimal", "little", "manageable", "well managed", "well-managed", "controlled", "coping well", "copes well"]) {
        2.0
    } else {
        3.0
    }
}

/// Drinks a week a part states, if it speaks of the patient's drinking.
fn alcohol(sentence: &Sentence<'_>, segment: Range<usize>, part: Range<usize>, figures: &[Figure]) -> Option<f64> {
    let lower = sentence.lower.as_str();
    let mention = find_any(lower, part.clone(), ALCOHOL)?;
    let word = &lower[mention.clone()];
    let drink_word = matches!(word, "drinks" | "drinking" | "drink");
    let drink_figure = figures.iter().any(|f| f.unit == Unit::Drinks);
    if has(lower, &part, NOT_ALCOHOL) && !lower[part.clone()].contains("etoh") && !lower[part.clone()].contains("alcohol") {
        return None;
    }
    let part_text = &lower[part.clone()];
    let after = lower[mention.end..part.end].trim_start_matches([':', ' ', '-', '=']);
    let social = has(lower, &part, &["socially", "social", "occasional", "occasionally", "rarely", "rare", "special occasions"]);
    let quit = has(lower, &part, &["quit", "stopped", "no longer", "former", "sober", "abstinent", "abstains", "ex-drinker"]);
    // A bare "drinks" is alcohol only with a drinks figure ("2-3 drinks/wk") or "socially".
    if drink_word && !drink_figure && !social && !quit && reading::find_phrase(after, "alcohol").is_none() {
        let abstinent = matches!(reading::stance(sentence, segment.clone(), mention.clone()), Stance::Negated) && word == "drink";
        if !abstinent {
            return None;
        }
    }
    if ["none", "denies", "denied", "never", "no", "neg", "negative", "0"].iter().any(|w| reading::find_phrase(after, w).is_some_and(|r| r.start == 0)) {
        return Some(0.0);
    }
    match reading::stance(sentence, segment, mention) {
        Stance::Negated => Some(0.0),
        Stance::Past if quit => Some(0.0),
        Stance::Current if quit => Some(0.0),
        Stance::Current => {
            let per_week = figures.iter().find_map(|f| match (f.unit, f.per) {
                (Unit::Drinks | Unit::None, Some(per)) => Some(f.value * per.per_week()),
                _ => None,
            });
            let counted = figures.iter().find(|f| f.unit == Unit::Drinks && f.per.is_none()).and_then(|f| frequency_words(part_text).map(|n| f.value * n));
            // A 750 ml bottle of wine holds about 5 standard drinks (NIAAA).
            let bottles_of_wine = part_text.contains("bottle") && part_text.contains("wine");
            let per_week = per_week.or(counted).map(|d| if bottles_of_wine { d * 5.0 } else { d });
            per_week.or(social.then_some(ASSUMED_OCCASIONAL_DRINKS)).map(|d| d.min(200.0))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Habits {
        super::read(&reading::sentences(text))
    }

    #[test]
    fn activity_as_clinicians_write_it() {
        let h = read("Pt exercises 3x/wk.");
        assert_eq!((h.activity_minutes, h.activity_assumed), (Some(90.0), true));
        assert_eq!(read("Walks 30 min daily.").activity_minutes, Some(210.0));
        assert_eq!(read("SH: sedentary, ETOH 2-3 drinks/wk").activity_minutes, Some(0.0));
        assert_eq!(read("Runs 45 minutes 4 times a week.").activity_minutes, Some(180.0));
        assert_eq!(read("Swims 2 hours per week.").activity_minutes, Some(120.0));
        let h = read("Walks 30 min daily and lifts weights 2x/wk.");
        assert_eq!((h.activity_minutes, h.strength_days), (Some(210.0), Some(2.0)));
        assert_eq!(read("No regular exercise.").activity_minutes, Some(0.0));
    }

    #[test]
    fn negated_planned_past_and_others_habits_do_not_count() {
        for text in [
            "Denies exercise.",
            "Will start walking 30 min daily.",
            "Plan:\n- walk 30 min daily\n- strength training 2x/wk",
            "Advised to exercise 150 min/week.",
            "Husband walks 30 min daily.",
            "Mother runs 5x/week.",
            "Used to run 30 min daily.",
            "Chest pain with exercise 3x/week.",
            "CV: denies chest pain, exercise intolerance.",
        ] {
            let h = read(text);
            assert_eq!((h.activity_minutes, h.strength_days), (None, None), "{text}");
        }
    }

    #[test]
    fn stress_relaxation_and_sleep() {
        assert_eq!(read("Reports high stress at work.").stress_level, Some(4.0));
        assert_eq!(read("Stress 2/5, meditates daily.").stress_level, Some(2.0));
        assert_eq!(read("Stress 2/5, meditates daily.").relaxation, Some("most_days"));
        assert_eq!(read("Stress level 8/10.").stress_level, Some(4.2));
        assert_eq!(read("Stress 5 out of 10 lately.").stress_level, Some(3.0));
        assert_eq!(read("Sleeps 5 hours.").sleep_hours, Some(5.0));
        assert_eq!(read("Not sleeping well, ~4 h a night.").sleep_hours, Some(4.0));
        assert_eq!(read("Sleeping 6-7 hrs/night.").sleep_hours, Some(6.5));
        for text in ["Psych: denies depression, anxiety, stress.", "Stress test 2024-01-02 negative.", "h/o stress fracture", "Sleep study ordered for 2 hours"] {
            let h = read(text);
            assert_eq!((h.stress_level, h.sleep_hours), (None, None), "{text}");
        }
    }

    #[test]
    fn diet_and_alcohol() {
        let h = read("Diet high in processed foods, 1 serving of vegetables a day.");
        assert_eq!((h.processed_food, h.diet, h.fruit_veg_servings), (Some("daily"), Some(Diet::Poor), Some(1.0)));
        assert_eq!(read("Eats a balanced diet.").diet, Some(Diet::Good));
        assert_eq!(read("Drinks 2 glasses of wine nightly.").alcohol_drinks_per_week, Some(14.0));
        assert_eq!(read("SH: sedentary, ETOH 2-3 drinks/wk").alcohol_drinks_per_week, Some(2.5));
        assert_eq!(read("Denies tobacco, ETOH, illicit drugs.").alcohol_drinks_per_week, Some(0.0));
        assert_eq!(read("Alcohol: none.").alcohol_drinks_per_week, Some(0.0));
        assert_eq!(read("Quit drinking 2019.").alcohol_drinks_per_week, Some(0.0));
        assert_eq!(read("Drinks socially.").alcohol_drinks_per_week, Some(ASSUMED_OCCASIONAL_DRINKS));
        assert_eq!(read("EtOH: socially, 2-3 drinks on weekends").alcohol_drinks_per_week, Some(5.0));
        assert_eq!(read("She drinks about a bottle of wine per week.").alcohol_drinks_per_week, Some(5.0));
        assert_eq!(read("Tobacco: never. Alcohol: never.").alcohol_drinks_per_week, Some(0.0));
        for text in [
            "Mother drinks 2 glasses of wine nightly.",
            "Drinks 8 glasses of water a day.",
            "Counseled to limit ETOH to 7 drinks/wk.",
            "Drinks coffee 3 cups daily.",
        ] {
            assert_eq!(read(text).alcohol_drinks_per_week, None, "{text}");
        }
    }

    #[test]
    fn a_templated_note_reads_only_what_it_affirms() {
        let note = "S: 52F here for f/u HTN. Pt reports high stress at work, sleeping 5-6 hrs/night.\n\
            ROS: Constitutional: denies fever, chills, wt loss. CV: denies CP, palpitations, exercise intolerance. \
            Psych: denies depression.\n\
            SH: Married, lives with husband. Denies tobacco. ETOH 2-3 drinks/wk. Walks 20 min 3x/wk.\n\
            FH: mother - breast ca, father heavy drinker.\n\
            A/P: HTN - continue lisinopril. Encouraged exercise 150 min/wk, Mediterranean diet. RTC 3 mo.";
        let h = read(note);
        assert_eq!(h.stress_level, Some(4.0));
        assert_eq!(h.sleep_hours, Some(5.5));
        assert_eq!(h.alcohol_drinks_per_week, Some(2.5));
        assert_eq!(h.activity_minutes, Some(60.0));
        assert_eq!(h.diet, None, "advice is not the patient's diet");
    }
}
