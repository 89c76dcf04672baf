//! Numeric thresholds on common clinical measures: what a policy requires ("BMI ≥ 40 kg/m²",
//! "BMI of 35–39.9", "HbA1c below 8%", "18 years of age or older", "Kellgren-Lawrence grade 3 or
//! 4") and what a note records ("BMI 42.1", "A1c of 7.2 %", "58-year-old", "pain 7/10", "KL grade
//! IV", "ODI 46%").
//!
//! The measures are the ones pre-auth policies for the procedures MediClear sees first are
//! written against: body mass index, haemoglobin A1c, age, pain score (0–10), Kellgren–Lawrence
//! radiographic grade (0–4, Kellgren & Lawrence 1957), the Oswestry Disability Index (%) and
//! Snellen visual acuity. Acuity is read as the Snellen fraction (20/50 → 0.4; metric 6/15 → 0.4),
//! so "20/50 or worse" is ≤ 0.4 and "20/40 or better" ≥ 0.5. A value belongs to the keyword it
//! follows (or, for ages, precedes: "58-year-old"), within a few words and never across a clause
//! end. [`NamedThreshold`] covers other quantities a policy names ("AHI of at least 15"): a name
//! with its abbreviation ("ankle-brachial index (ABI) of 0.90 or less") is looked for by the
//! abbreviation, two names ("AHI or RDI ≥ 15", "AHI/RDI below 5", "apnea-hypopnea index (AHI) or
//! respiratory disturbance index (RDI) of 15 or more") by either, and a note's side
//! before the value ("ABI: R 0.72, L 0.95") is skipped. A single digit 0–4 with a plus ("IHC 2+",
//! "edema 1+") is a grade, exactly that value, and so is a bare 0–4 right after an abbreviation
//! that ends its phrase ("IHC 0, IHC 1+"); a larger number with a plus ("65+") is a floor. A value
//! after a connective ("LVEF (…) has been measured by echo … and is 50% or greater") is the
//! subject's, named by the abbreviation the sentence defined. In notes a code between name and
//! value ("HER2 (IHC, 4B5): 3+") is passed over. "Between 30 and 700" is a range, and so is
//! "stage 3 or stage 4" (the step word repeated). A name spelled
//! out before its abbreviation ("Expanded Disability Status Scale (EDSS)") is the abbreviation's,
//! as is the quantity a method in that name measures ("Liver stiffness by … elastography
//! (VCTE)"). Notes may name the quantity by an abbreviation of its whole name ("TSAT" for
//! "transferrin saturation") or write an immunoglobulin out ("Immunoglobulin E, total" for IgE).
//!
//! Some thresholds are measured against a reference, not in a unit ([`Scale`]): the laboratory's
//! reference range ("below the lower limit of normal", "greater than 3 times the ULN"), the mean
//! ("more than 2.25 standard deviations below the mean") or a percentile ("below the 10th
//! percentile"); notes give the range or an L/H flag with the value, "-2.6 SD", "<10th %ile".
//! "232K" is 232,000.
//!
//! Units: a threshold keeps the concentration unit written after its value ("30 ng/mL or less")
//! and the same limit in another unit the policy gives in parentheses ("20 ng/mL (50 nmol/L) or
//! higher"); a note's value is held to the limit in its own unit, converted where the two differ by
//! a power of ten (g/L and g/dL), L/s and L/min, or per millimole and per gram of creatinine
//! (urine ratios), and skipped where they cannot be compared (mmol/L against mg/dL; litres
//! against a percentage of predicted, unless the share follows: "FEV1 1.92 L (62% pred)"). A
//! note's unit is the one written after the value, past a laboratory's flag ("Hb 94 L g/L"), or a
//! table's column unit between the name and the value ("FEV1 (L) 3.12"); kU/L and kUA/L are IU/mL.
//! A grade in roman numerals after a scale's name is its number ("Wagner III"); an arterial blood
//! gas written pH/PaCO2/PaO2/HCO3 ("ABG 7.36/58/61/32") and a blood pressure written
//! systolic/diastolic ("BP 86/50") give the part a threshold names.
//! In notes a qualifier in parentheses after the name ("AHI (4% rule) 22.4"), a scale ("Pain score
//! (0-10): current 8"), the specimen ("Calcium, total 9.3") are passed over, a number before a unit
//! of time ("phosphorus 6 weeks after the dose") is not a value, and a lab table's row ("Ferritin
//! ....... 6 ng/mL") is read like a sentence ([`crate::text::sentences`]). Ages are also read as
//! clinicians write them with the sex ("83M").

use super::duration::DurationUnit;
use super::lexicon::{Concept, Mention};
use super::quantity::{Comparator, Interval, comparator_after, comparator_before, number_at};
use super::tokens::Token;

/// A measured quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Bmi,
    HbA1c,
    Age,
    PainScore,
    KellgrenLawrence,
    Oswestry,
    VisualAcuity,
}

impl Measure {
    pub fn of(concept: Concept) -> Option<Measure> {
        Some(match concept {
            Concept::Bmi => Measure::Bmi,
            Concept::HbA1c => Measure::HbA1c,
            Concept::Age => Measure::Age,
            Concept::PainScore => Measure::PainScore,
            Concept::KellgrenLawrence => Measure::KellgrenLawrence,
            Concept::Oswestry => Measure::Oswestry,
            Concept::VisualAcuity => Measure::VisualAcuity,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Measure::Bmi => "BMI",
            Measure::HbA1c => "HbA1c",
            Measure::Age => "age",
            Measure::PainScore => "pain score",
            Measure::KellgrenLawrence => "Kellgren-Lawrence grade",
            Measure::Oswestry => "Oswestry Disability Index",
            Measure::VisualAcuity => "visual acuity",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::Bmi => "kg/m²",
            Measure::HbA1c | Measure::Oswestry => "%",
            Measure::Age => "years",
            Measure::PainScore => "/10",
            Measure::KellgrenLawrence | Measure::VisualAcuity => "",
        }
    }

    /// Values outside this range are not readings of the measure (a date, a dose).
    fn plausible(self, v: f64) -> bool {
        match self {
            Measure::Bmi => (10.0..=100.0).contains(&v),
            Measure::HbA1c => (3.0..=20.0).contains(&v),
            Measure::Age => (0.0..=120.0).contains(&v),
            Measure::PainScore => (0.0..=10.0).contains(&v),
            Measure::KellgrenLawrence => (0.0..=4.0).contains(&v),
            Measure::Oswestry => (0.0..=100.0).contains(&v),
            Measure::VisualAcuity => v > 0.0 && v <= 2.5,
        }
    }
}

/// A measure with the values a text gives or requires for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureMention {
    pub measure: Measure,
    pub value: Interval,
    /// Token range (inclusive) from the keyword to the value.
    pub first: usize,
    pub last: usize,
    /// The token holding the (first) number, whose context decides whether it counts.
    pub number: usize,
}

/// A Snellen fraction as written in the US convention (0.4 → "20/50").
fn snellen(v: f64) -> String {
    if v <= 0.0 { "20/?".into() } else { format!("20/{}", (20.0 / v).round() as i64) }
}

impl MeasureMention {
    pub fn describe(&self) -> String {
        if self.measure == Measure::VisualAcuity {
            let end = |e: Option<super::quantity::End>, worse: &str, better: &str| {
                e.map(|e| (snellen(e.value), if e.inclusive { format!("or {worse}") } else { format!("({better} excluded)") }))
            };
            return match (self.value.low, self.value.high) {
                (Some(l), Some(h)) if (l.value - h.value).abs() < 1e-9 => format!("visual acuity {}", snellen(l.value)),
                (None, high) => end(high, "worse", "equal").map_or("visual acuity".into(), |(v, w)| format!("visual acuity {v} {w}")),
                (low, None) => end(low, "better", "equal").map_or("visual acuity".into(), |(v, w)| format!("visual acuity {v} {w}")),
                (Some(l), Some(h)) => format!("visual acuity {}–{}", snellen(h.value), snellen(l.value)),
            };
        }
        format!("{} {}", self.measure.name(), self.value.describe(self.measure.unit()).replace(" %", "%").replace(" /10", "/10"))
    }
}

/// Words allowed between a keyword and its value.
const BETWEEN: &[&str] = &[
    "of", "is", "was", "be", "been", "at", "today", "currently", "current", "recorded", "measured", "calculated",
    "score", "grade", "index", "level", "value", "most", "recent", "latest", "now", "kg", "m2", "m²", "percent",
    "the", "a", "an", "on", "in", "rated", "rates", "measuring", "equal", "to", "greater", "than", "or", "more",
    "less", "least", "no", "not", "under", "over", "above", "below", "minimum", "maximum", "between", "from",
    "approximately", "about", "initial", "baseline", "visit", "with", "his", "her", "their", "reported", "documented",
    "scale", "disability", "lawrence", "patient", "pain", "must", "should", "higher", "lower", "exceeding", "up",
    "better", "worse", "poorer", "corrected", "best", "eye", "od", "os", "ou",
];

/// Unit words that may follow a value.
const UNIT_WORDS: &[&str] = &["kg", "m2", "m²", "percent", "points", "point", "mg", "dl", "mmol", "mol", "years", "year", "yrs"];

/// A Kellgren–Lawrence grade in roman numerals (I–IV).
fn roman(lower: &str) -> Option<f64> {
    super::layout::roman_value(lower).filter(|v| *v <= 4).map(f64::from)
}

fn value_at(tokens: &[Token<'_>], i: usize, measure: Measure) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    if measure == Measure::VisualAcuity {
        // "20/70", "6/18": the fraction.
        let numerator: f64 = t.lower.parse().ok()?;
        let d = tokens.get(i + 1).filter(|d| d.gap.slash)?;
        let denominator: f64 = d.lower.parse().ok()?;
        let v = if denominator > 0.0 { numerator / denominator } else { return None };
        return measure.plausible(v).then_some((v, i + 1));
    }
    if measure == Measure::KellgrenLawrence {
        if let Some(v) = roman(&t.lower) {
            return Some((v, i));
        }
    }
    // Digits only: number words ("one") are too often not values here.
    if !t.lower.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (v, last) = number_at(tokens, i, false)?;
    measure.plausible(v).then_some((v, last))
}

/// After a value: skip `/10`, `out of 10`, `%` and unit words; return the last token of the value.
fn end_of_value(tokens: &[Token<'_>], mut last: usize, measure: Measure) -> usize {
    if measure == Measure::PainScore {
        if tokens.get(last + 1).is_some_and(|t| t.gap.slash && t.lower == "10") {
            last += 1;
        } else if tokens.get(last + 1).is_some_and(|t| t.lower == "out") && tokens.get(last + 3).is_some_and(|t| t.lower == "10") {
            last += 3;
        }
    }
    while tokens.get(last + 1).is_some_and(|t| UNIT_WORDS.contains(&t.lower.as_str()) && !t.gap.stop) {
        last += 1;
    }
    last
}

/// A value or range starting at `i`: `40`, `35-39.9`, `35 to 39.9`, `3 or 4`, `III or IV`.
fn range_at(tokens: &[Token<'_>], i: usize, measure: Measure) -> Option<(f64, f64, usize)> {
    let (low, last) = value_at(tokens, i, measure)?;
    if let Some(next) = tokens.get(last + 1) {
        if next.gap.dash && !next.gap.stop {
            if let Some((high, l)) = value_at(tokens, last + 1, measure) {
                return Some((low, high, l));
            }
        }
        if matches!(next.lower.as_str(), "to" | "and" | "or") && !next.gap.stop {
            if let Some((high, l)) = value_at(tokens, last + 2, measure) {
                // "3 or 4" is a set of grades; "35 to 39.9" a range; "between 35 and 39.9" too.
                if high > low {
                    return Some((low, high, l));
                }
            }
        }
    }
    Some((low, low, last))
}

/// A BMI the sentence does not state but its height and weight give ("Ht 67 in, Wt 267 lb" is
/// 41.8): weight in kg or lb, height in cm, m or inches (or feet and inches, "5'7\""), each
/// labelled or with its unit. The mention spans both values; its number is the weight's.
fn derived_bmi(tokens: &[Token<'_>]) -> Option<MeasureMention> {
    let labelled = |k: usize, labels: &[&str]| (k.saturating_sub(2)..k).any(|j| labels.contains(&tokens[j].lower.as_str()));
    let unit = |k: usize| tokens.get(k + 1).filter(|u| !u.gap.stop && !u.gap.comma).map_or("", |u| u.lower.as_str());
    let mut weight: Option<(f64, usize)> = None;
    let mut height: Option<(f64, usize)> = None;
    for (k, t) in tokens.iter().enumerate() {
        // 5'7" written as one word.
        let feet_inches = t.text.split_once(['\'', '’']).and_then(|(f, i)| Some((f.parse::<f64>().ok()?, i.trim_end_matches(['"', '”']).parse::<f64>().ok()?)));
        if let Some((f, i)) = feet_inches.filter(|(f, i)| (3.0..=7.0).contains(f) && *i < 12.0) {
            if height.is_none() {
                height = Some(((f * 12.0 + i) * 0.0254, k));
            }
            continue;
        }
        let Some(v) = t.number() else { continue };
        let kg = match unit(k) {
            "kg" | "kgs" => Some(v),
            "lb" | "lbs" | "pounds" => Some(v * 0.453_592_37),
            _ => None,
        };
        if let Some(kg) = kg.filter(|kg| (20.0..=350.0).contains(kg)) {
            if weight.is_none() && (labelled(k, &["wt", "weight", "weighs", "weighing"]) || matches!(unit(k), "kg" | "lb" | "lbs")) {
                weight = Some((kg, k));
            }
            continue;
        }
        // 5'7": feet, then inches after an apostrophe.
        let feet = tokens.get(k + 1).filter(|n| n.gap_text.trim() == "'" || n.gap_text.trim() == "’").and_then(|n| n.number());
        let metres = match (unit(k), feet) {
            (_, Some(inches)) if (3.0..=7.0).contains(&v) && inches < 12.0 => Some((v * 12.0 + inches) * 0.0254),
            ("cm", _) => Some(v / 100.0),
            ("m", _) => Some(v),
            ("in" | "inches" | "inch", _) if labelled(k, &["ht", "height", "tall"]) || unit(k) == "inches" => Some(v * 0.0254),
            _ => None,
        };
        if let Some(m) = metres.filter(|m| (1.0..=2.3).contains(m)) {
            if height.is_none() && (labelled(k, &["ht", "height"]) || unit(k) != "m" || feet.is_some()) {
                height = Some((m, k));
            }
        }
    }
    let ((kg, w), (m, h)) = (weight?, height?);
    let bmi = kg / (m * m);
    Measure::Bmi.plausible(bmi).then(|| {
        let value = Interval::from_comparator(Comparator::Exactly, (bmi * 10.0).round() / 10.0);
        MeasureMention { measure: Measure::Bmi, value, first: w.min(h), last: w.max(h) + 1, number: w }
    })
}

/// The first value after keyword `m`, within `reach` tokens.
fn value_after(tokens: &[Token<'_>], m: &Mention, measure: Measure, reach: usize) -> Option<(usize, f64, f64, usize)> {
    let mut k = m.last + 1;
    while k < tokens.len() && k <= m.last + reach {
        let t = &tokens[k];
        if t.gap.stop {
            return None;
        }
        // "Pain score (0-10): current 8": the scale, in parentheses, is not the value.
        if t.gap.open_paren && t.lower == "0" {
            if let Some(close) = (k + 1..tokens.len().min(k + 4)).find(|&j| tokens[j].gap.close_paren) {
                k = close;
                continue;
            }
        }
        // "Oswestry 21/50 (42%)": the raw score out of its maximum, and the percentage it makes.
        let percent = (measure == Measure::Oswestry)
            .then(|| tokens.get(k + 2).filter(|p| tokens.get(k + 1).is_some_and(|d| d.gap.slash) && p.gap.open_paren && tokens.get(k + 3).is_some_and(|n| n.gap_text.starts_with('%'))))
            .flatten()
            .and_then(|p| p.number());
        if let Some(p) = percent.filter(|_| t.number().is_some()) {
            return Some((k + 2, p, p, k + 2));
        }
        if let Some((low, high, last)) = range_at(tokens, k, measure) {
            return Some((k, low, high, last));
        }
        if !BETWEEN.contains(&t.lower.as_str()) {
            return None;
        }
        k += 1;
    }
    None
}

/// The value just before an age keyword: `58-year-old`, `58 yo`, `18 years of age`.
fn value_before(tokens: &[Token<'_>], m: &Mention, measure: Measure) -> Option<(usize, f64, f64, usize)> {
    let k = m.first.checked_sub(1)?;
    if tokens[m.first].gap.stop {
        return None;
    }
    // "sixty-eight-year-old", "a seventy-year-old": an age in words, read whole.
    let in_words = || {
        [k.saturating_sub(1), k].into_iter().find_map(|j| number_at(tokens, j, false).filter(|(v, last)| *last == k && measure.plausible(*v)).map(|(v, _)| (j, v)))
    };
    let (first, v) = match (measure == Measure::Age).then(in_words).flatten() {
        Some(found) => found,
        None => value_at(tokens, k, measure).filter(|(_, last)| *last == k).map(|(v, _)| (k, v))?,
    };
    // "15 to 55 years old", "18-64 years of age": a range before the keyword.
    let joined = tokens[first].gap.dash && !tokens[first].gap.stop;
    let low_at = if joined {
        first.checked_sub(1)
    } else {
        first.checked_sub(2).filter(|_| matches!(tokens[first - 1].lower.as_str(), "to" | "through") && !tokens[first - 1].gap.stop)
    };
    let low = low_at.and_then(|j| value_at(tokens, j, measure).filter(|(low, last)| *last + 1 + usize::from(!joined) == first && *low < v).map(|(low, _)| (j, low)));
    Some(match low {
        Some((j, low)) => (j, low, v, k),
        None => (first, v, v, k),
    })
}

fn keyword_mentions<'m>(mentions: &'m [Mention]) -> impl Iterator<Item = (&'m Mention, Measure)> {
    // "Pain 7/10": the word pain followed by a score out of ten is a pain score.
    mentions.iter().filter_map(|m| match m.concept {
        Concept::Pain => Some((m, Measure::PainScore)),
        c => Measure::of(c).map(|measure| (m, measure)),
    })
}

/// A bare "pain" keyword counts only with an explicit scale ("7/10", "7 out of 10").
fn scaled_score(tokens: &[Token<'_>], m: &Mention, found: &(usize, f64, f64, usize)) -> bool {
    m.concept != Concept::Pain || end_of_value(tokens, found.3, Measure::PainScore) > found.3 && tokens.get(found.3 + 1).is_some_and(|t| t.lower == "10" || t.lower == "out")
}

fn age_words_after_number(m: &Mention, tokens: &[Token<'_>]) -> bool {
    tokens.get(m.first).is_some_and(|t| matches!(t.lower.as_str(), "year" | "years" | "yo" | "y"))
}

/// "18 years or older", "65 years and older": an age in a policy without the word "age".
fn bare_age_requirements(tokens: &[Token<'_>], taken: &[usize]) -> Vec<MeasureMention> {
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if taken.contains(&i) || !matches!(tokens[i].lower.as_str(), "years" | "year") {
            continue;
        }
        let Some(number) = i.checked_sub(1) else { continue };
        let Some((v, _)) = value_at(tokens, number, Measure::Age) else { continue };
        if let Some((c, last)) = comparator_after(tokens, i).filter(|(_, last)| {
            tokens.get(*last).is_some_and(|t| matches!(t.lower.as_str(), "older" | "younger"))
        }) {
            let first = comparator_before(tokens, number).map_or(number, |b| b.1.min(number));
            out.push(MeasureMention { measure: Measure::Age, value: Interval::from_comparator(c, v), first, last, number });
        } else if number >= 2 && tokens[number - 1].lower == "than" && !tokens[number].gap.stop && !tokens[number - 1].gap.stop {
            // "members younger than 65 years", "older than 50 years".
            let c = match tokens[number - 2].lower.as_str() {
                "younger" => Comparator::LessThan,
                "older" => Comparator::MoreThan,
                _ => continue,
            };
            out.push(MeasureMention { measure: Measure::Age, value: Interval::from_comparator(c, v), first: number - 2, last: i, number });
        }
    }
    out
}

/// "20/50 or worse", "better than 20/40": acuity comparisons in words (worse is a smaller
/// fraction).
fn acuity_comparator(tokens: &[Token<'_>], number: usize, end: usize) -> Option<(Comparator, usize)> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    match (w(end + 1), w(end + 2)) {
        ("or", "worse") | ("or", "poorer") | ("or", "less") => return Some((Comparator::AtMost, end + 2)),
        ("or", "better") | ("or", "more") => return Some((Comparator::AtLeast, end + 2)),
        _ => {}
    }
    if number >= 2 && w(number - 1) == "than" {
        match w(number - 2) {
            "worse" | "poorer" => return Some((Comparator::LessThan, end)),
            "better" => return Some((Comparator::MoreThan, end)),
            _ => {}
        }
    }
    None
}

/// The thresholds a policy criterion sets.
pub fn policy_measures(tokens: &[Token<'_>], mentions: &[Mention]) -> Vec<MeasureMention> {
    let mut out: Vec<MeasureMention> = Vec::new();
    for (m, measure) in keyword_mentions(mentions) {
        let found = if measure == Measure::Age && age_words_after_number(m, tokens) {
            value_before(tokens, m, measure).or_else(|| value_after(tokens, m, measure, 8))
        } else {
            value_after(tokens, m, measure, 8).or_else(|| if measure == Measure::Age { value_before(tokens, m, measure) } else { None })
        };
        let Some((number, low, high, last)) = found.filter(|f| scaled_score(tokens, m, f)) else { continue };
        let end = end_of_value(tokens, last, measure).max(if number < m.first { m.last } else { last });
        let acuity = if measure == Measure::VisualAcuity { acuity_comparator(tokens, number, end) } else { None };
        let value = if (high - low).abs() > 1e-9 {
            Interval::between(low, high)
        } else {
            let comparator = acuity
                .map(|c| c.0)
                .or_else(|| comparator_after(tokens, end).map(|c| c.0))
                .or_else(|| comparator_before(tokens, number).map(|c| c.0))
                .unwrap_or(Comparator::Exactly);
            Interval::from_comparator(comparator, low)
        };
        let first = m.first.min(number);
        let last = acuity.map(|c| c.1).or_else(|| comparator_after(tokens, end).map(|c| c.1)).unwrap_or(end);
        if !out.iter().any(|o| o.number == number) {
            out.push(MeasureMention { measure, value, first, last, number });
        }
    }
    let taken: Vec<usize> = out.iter().flat_map(|m| m.first..=m.last).collect();
    out.extend(bare_age_requirements(tokens, &taken));
    out.sort_by_key(|m| m.first);
    out
}

/// The values a note records.
pub fn note_measures(tokens: &[Token<'_>], mentions: &[Mention]) -> Vec<MeasureMention> {
    let mut out: Vec<MeasureMention> = Vec::new();
    for (m, measure) in keyword_mentions(mentions) {
        let found = if measure == Measure::Age && age_words_after_number(m, tokens) {
            value_before(tokens, m, measure)
        } else {
            value_after(tokens, m, measure, 5)
        };
        let Some((number, low, high, last)) = found.filter(|f| scaled_score(tokens, m, f)) else { continue };
        let end = end_of_value(tokens, last, measure);
        let value = if (high - low).abs() > 1e-9 {
            Interval::between(low, high)
        } else {
            Interval::from_comparator(comparator_before(tokens, number).map_or(Comparator::Exactly, |c| c.0), low)
        };
        if !out.iter().any(|o| o.number == number) {
            out.push(MeasureMention { measure, value, first: m.first.min(number), last: end.max(m.last), number });
        }
    }
    if !out.iter().any(|o| o.measure == Measure::Bmi) {
        out.extend(derived_bmi(tokens));
    }
    // "83M admitted 5/25", "79F, severe AS": age and sex, as clinicians write them.
    for (k, t) in tokens.iter().enumerate() {
        let Some(digits) = t.text.strip_suffix(['M', 'F']) else { continue };
        let Ok(age) = digits.parse::<u32>() else { continue };
        if (1..=110).contains(&age) && !out.iter().any(|o| o.number == k) {
            out.push(MeasureMention { measure: Measure::Age, value: Interval::from_comparator(Comparator::Exactly, f64::from(age)), first: k, last: k, number: k });
        }
    }
    out
}

/// A threshold on a quantity outside the list above, named by the words before it: "AHI of at
/// least 15", "ejection fraction of 35% or less", "headache on 15 or more days", "LDL ≥ 190".
/// Only an explicit comparison or a range counts, and only digits; the notes must give a value
/// right after the same words.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedThreshold {
    /// Stems of the one or two words naming the quantity.
    pub keyword: Vec<String>,
    /// Other names the policy gives the same threshold ("AHI *or* RDI ≥ 15", "AHI/RDI below 5").
    pub aliases: Vec<Vec<String>>,
    pub value: Interval,
    /// Token range (inclusive) from the keyword to the value.
    pub first: usize,
    pub last: usize,
    /// The unit written after the value, when it is a concentration MediClear knows
    /// ([`unit_after`]), and the same limit in another unit the policy gives in parentheses
    /// ("20 ng/mL (50 nmol/L) or higher").
    pub unit: Option<&'static str>,
    pub alternate: Option<(Interval, &'static str)>,
    /// What `value` is measured on: the quantity itself, or its place against the laboratory's
    /// reference range, the mean (standard deviations) or a percentile.
    pub scale: Scale,
}

/// What a named threshold's value is measured on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// The quantity's own value, in its unit ("AHI of at least 15").
    Value,
    /// A multiple of the reference range's lower (`upper: false`) or upper limit printed with
    /// the note's value: "below the lower limit of normal" is `value < 1` × the lower limit,
    /// "greater than 3 times the upper limit of normal (ULN)" `value > 3` × the upper one. A value
    /// flagged low or high ("4.1 g/L (7.0-16.0) L") is below or above its range; a note may
    /// also give the multiple itself ("ALT 5x ULN").
    NormalLimit { upper: bool },
    /// Standard deviations from the mean (a z-score, SDS): "more than 2.25 standard deviations
    /// below the mean" is `value < -2.25`; notes write "-2.6 SD", "SDS -2.6", "z-score -2.6".
    Deviations,
    /// A percentile for age and sex: "below the 10th percentile" is `value < 10`; notes write
    /// "<10th %ile", "3rd percentile".
    Percentile,
}

impl Scale {
    /// The unit a value on this scale is described in.
    pub fn unit(self) -> &'static str {
        match self {
            Scale::Value => "",
            Scale::NormalLimit { upper: false } => "× the lower limit of normal",
            Scale::NormalLimit { upper: true } => "× the upper limit of normal",
            Scale::Deviations => "SD from the mean",
            Scale::Percentile => "percentile",
        }
    }
}

impl NamedThreshold {
    pub fn describe(&self, tokens_text: &str) -> String {
        format!("{} {}", tokens_text, self.value.describe(self.scale.unit()))
    }

    /// The limit a note's value in `unit` is held to, and the value in the limit's unit: the
    /// policy's own unit or its alternate, converted where the two differ by a power of ten
    /// ("98 g/L" against "11.0 g/dL"), or none when the units cannot be compared ("calcium
    /// 2.30 mmol/L" against "8.5 mg/dL" with no mmol/L limit given). A value without a unit is
    /// held to the policy's limit.
    pub fn limit_for(&self, value: Interval, unit: Option<&str>) -> Option<(Interval, Interval)> {
        let (Some(unit), Some(own)) = (unit, self.unit) else {
            return Some((self.value, value));
        };
        if let Some((alternate, _)) = self.alternate.filter(|(_, u)| *u == unit) {
            return Some((alternate, value));
        }
        let factor = unit_factor(unit, own)?;
        Some((self.value, value.scaled(factor)))
    }

    /// [`Self::limit_for`] for the note's value at token `at`, in the unit written with it; a
    /// value in another unit followed by its percentage ("FEV1 (L) 1.21 (44%)", a volume and its
    /// share of predicted) is held to a percentage limit by that percentage.
    pub fn limit_at(&self, tokens: &[Token<'_>], value: Interval, at: usize) -> Option<(Interval, Interval)> {
        // "FEV1: 3.24 L" against "70% of predicted": litres, not a percentage ("L" alone after a
        // value is otherwise as often a low flag).
        let litres = self.unit == Some("%") && tokens.get(at + 1).is_some_and(|l| matches!(l.text, "L" | "mL") && !l.gap.stop && !l.gap.slash);
        let unit = if litres { Some("l") } else { unit_after(tokens, at) };
        if let Some(pair) = self.limit_for(value, unit) {
            return Some(pair);
        }
        // ("FEV1 1.92 L (62% pred)": after the litres; "(+9%)" is a change, not a share.)
        let share = at + 1 + usize::from(litres);
        let share = tokens.get(share).filter(|p| {
            p.gap.open_paren && !p.gap.stop && p.gap_text.trim_end().ends_with('(') && tokens.get(share + 1).is_some_and(|n| n.gap_text.trim_start().starts_with('%'))
        })?;
        self.limit_for(Interval::from_comparator(Comparator::Exactly, share.number()?), Some("%"))
    }
}

/// Concentrations and percentages by the words written after a value ("ng/mL", "mmol/L", "%");
/// mass per litre units that equal one another map to one key ("µg/L" is "ng/mL").
pub fn unit_after(tokens: &[Token<'_>], value_last: usize) -> Option<&'static str> {
    // "Hb 94 L g/L": a laboratory's flag printed between the value and its unit.
    let flag = tokens.get(value_last + 1).is_some_and(|f| matches!(f.text, "H" | "L" | "HH" | "LL") && !f.gap.stop);
    if flag && tokens.get(value_last + 2).is_some_and(|u| !u.gap.stop && !u.gap.comma) {
        if let Some(unit) = unit_after(tokens, value_last + 1) {
            return Some(unit);
        }
    }
    let next = tokens.get(value_last + 1);
    let rest = next.map_or("", |n| n.gap_text);
    if rest.trim_start().starts_with('%') {
        return Some("%");
    }
    if let Some(unit) = unit_in_parentheses_before(tokens, value_last) {
        return Some(unit);
    }
    let first = next.filter(|n| !n.gap.stop && !n.gap.comma && !n.gap.open_paren)?;
    let per = tokens.get(value_last + 2).filter(|t| t.gap.slash && !t.gap.stop).map(|t| t.lower.as_str());
    // (After a value only a unit per something is read: "2.1 L" may be a low flag.)
    unit_key(&first.lower, Some(per?))
}

/// The key of a unit written as `amount` per `per` ("mg" per "dl"), or alone ("L", "cmH2O");
/// mass per litre units that equal one another share a key ("µg/L" is "ng/mL").
fn unit_key(amount: &str, per: Option<&str>) -> Option<&'static str> {
    let Some(per) = per else {
        return match amount {
            "l" => Some("l"),
            "ml" => Some("ml"),
            "cmh2o" => Some("cmh2o"),
            _ => None,
        };
    };
    Some(match (amount, per) {
        ("mg", "dl") => "mg/dl",
        ("g", "dl") | ("gm", "dl") => "g/dl",
        ("g", "l") => "g/l",
        ("mg", "l") => "mg/l",
        ("mmol", "l") => "mmol/l",
        ("umol" | "µmol" | "μmol", "l") => "umol/l",
        ("nmol", "l") => "nmol/l",
        ("pmol", "l") => "pmol/l",
        ("ng", "ml") | ("ug" | "µg" | "μg" | "mcg", "l") => "ng/ml",
        ("ug" | "µg" | "μg" | "mcg", "dl") => "ug/dl",
        ("ng", "dl") => "ng/dl",
        ("pg", "ml") | ("ng", "l") => "pg/ml",
        // mIU/mL and IU/L are one unit (FSH, LH, hCG); µIU/mL and mIU/L another (TSH).
        ("iu" | "u", "l") | ("miu" | "mu", "ml") => "u/l",
        ("uiu" | "µiu" | "μiu", "ml") | ("miu" | "mu", "l") => "miu/l",
        ("meq", "l") => "meq/l",
        // kU/L and IU/mL are one unit (total IgE).
        ("ku" | "kiu" | "kua", "l") | ("iu", "ml") => "iu/ml",
        ("l", "min") => "l/min",
        // A urine ratio to creatinine: per gram or per millimole of creatinine.
        ("mg", "g") => "mg/g",
        ("mg", "mmol") => "mg/mmol",
        ("l", "s" | "sec") => "l/s",
        _ => return None,
    })
}

/// A table's column unit in parentheses between a row's name and its value ("FEV1 (L) 3.12",
/// "Peak cough flow (L/s) 5.2", "Hb (g/L) 94"): the value's unit, so a volume is not held to a
/// percentage limit.
fn unit_in_parentheses_before(tokens: &[Token<'_>], value: usize) -> Option<&'static str> {
    let v = tokens.get(value)?;
    if !v.gap.close_paren || v.gap.stop || value < 2 {
        return None;
    }
    let open = (value.saturating_sub(3)..value).find(|&j| tokens[j].gap.open_paren)?;
    match &tokens[open..value] {
        [alone] => unit_key(&alone.lower, None),
        [amount, per] if per.gap.slash => unit_key(&amount.lower, Some(&per.lower)),
        _ => None,
    }
}

/// The factor that takes a value in `from` to `to`, for the same quantity: 1 for the same unit,
/// powers of ten between any two mass-per-volume units ("IgG 4.1 g/L" is 410 mg/dL) and between
/// any two molar ones; none across mass and molar units.
fn unit_factor(from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(1.0);
    }
    match (from, to) {
        ("l/s", "l/min") => return Some(60.0),
        ("l/min", "l/s") => return Some(1.0 / 60.0),
        // A millimole of creatinine weighs 113.12 mg: "ACR 45 mg/mmol" is about 398 mg/g.
        ("mg/mmol", "mg/g") => return Some(1000.0 / 113.12),
        ("mg/g", "mg/mmol") => return Some(113.12 / 1000.0),
        _ => {}
    }
    // (kind, amount in grams or moles, volume in litres)
    let parts = |unit: &str| -> Option<(bool, f64, f64)> {
        let (amount, volume) = unit.split_once('/')?;
        let (molar, amount) = match amount {
            "g" => (false, 1.0),
            "mg" => (false, 1e-3),
            "ug" => (false, 1e-6),
            "ng" => (false, 1e-9),
            "pg" => (false, 1e-12),
            "mmol" => (true, 1e-3),
            "umol" => (true, 1e-6),
            "nmol" => (true, 1e-9),
            "pmol" => (true, 1e-12),
            _ => return None,
        };
        let volume = match volume {
            "l" => 1.0,
            "dl" => 0.1,
            "ml" => 1e-3,
            _ => return None,
        };
        Some((molar, amount, volume))
    };
    let (from_molar, from_amount, from_volume) = parts(from)?;
    let (to_molar, to_amount, to_volume) = parts(to)?;
    (from_molar == to_molar).then(|| (from_amount / from_volume) / (to_amount / to_volume))
}

/// Units and rates after a value: "15 or more days per month", "4 episodes per year".
const UNIT_LIKE: &[&str] = &[
    "days", "day", "weeks", "week", "months", "month", "years", "hours", "hour", "minutes", "min", "seconds", "percent",
    "points", "point", "mg", "ml", "dl", "mmol", "events", "episodes", "times", "per", "or", "and", "kg", "lbs", "lb",
    "units", "beats", "bpm", "mmhg", "feet", "meters", "degrees", "cm", "mm", "cells", "cell", "ng", "pg", "iu", "meq",
    "ul", "μl", "µl", "mcl", "microliter", "microlitre",
];

/// Units a policy writes after a threshold's value, before its comparison ("30 ng/mL or less").
const VALUE_UNITS: &[&str] = &[
    "percent", "events", "per", "hour", "mg", "dl", "ml", "min", "days", "day", "cells", "cell", "microliter", "microlitre",
    "ul", "μl", "µl", "mcl", "mm3", "l", "g", "ng", "pg", "mcg", "ug", "µg", "mmol", "umol", "µmol", "nmol", "pmol", "iu", "miu", "u",
    "meq", "kg", "m2", "cm2", "mmhg", "bpm", "fl", "mu", "sec", "ms", "mm", "cm", "m", "x10", "x", "ku", "kua", "kiu",
];

/// Stems of quantity names too general to stand without the word before them ("ejection
/// fraction", "mean gradient").
const GENERIC_HEADS: &[&str] = &[
    "fraction", "index", "score", "level", "count", "rate", "ratio", "time", "volum", "pressur", "test", "valu", "grade", "class",
    "size", "length", "number", "percent", "satur", "concentr", "clearanc", "output", "flow", "gradient", "area", "veloc", "angl",
    "total", "result", "measur", "reading", "dose", "durat", "interv", "threshold", "limit", "weight", "height", "width", "depth",
    "day", "week", "month", "year", "hour", "minut", "episod", "event", "visit", "attack", "unit", "point", "percentag",
];

/// Units of time: a number before one is not a measured value.
fn time_unit(lower: &str) -> bool {
    DurationUnit::parse(lower).is_some() || matches!(lower, "hour" | "hours" | "hr" | "hrs")
}

/// Words skipped between a threshold's name and its value ("AHI *of* at least 15").
const NAME_GAP: &[&str] = &["of", "is", "was", "a", "an", "the", "on", "at", "with", "from", "between", "score", "level", "value", "count", "rate", "trend", "trending"];

/// Named thresholds in a policy criterion. `taken` marks tokens already read as durations or
/// known measures.
pub fn policy_named_thresholds(tokens: &[Token<'_>], taken: &[bool]) -> Vec<NamedThreshold> {
    let mut out = relative_thresholds(tokens, taken);
    // Their numbers ("3 times the ULN", "2.25 standard deviations") are no values of their own.
    let mut taken = taken.to_vec();
    taken.resize(tokens.len(), false);
    for t in &out {
        taken[t.first..=t.last].iter_mut().for_each(|q| *q = true);
    }
    let taken = taken.as_slice();
    let mut k = 0;
    while k < tokens.len() {
        let digits = tokens[k].lower.starts_with(|c: char| c.is_ascii_digit());
        if !digits || taken.get(k).copied().unwrap_or(false) {
            k += 1;
            continue;
        }
        let Some((low, mut last)) = number_at(tokens, k, false) else {
            k += 1;
            continue;
        };
        let mut high = low;
        if let Some(n) = tokens.get(last + 1) {
            // "30-700", "30 to 700", "3 or 4", "between 30 and 700".
            let between = k > 0 && tokens[k - 1].lower == "between";
            let joined = (n.gap.dash && !n.gap.stop) || matches!(n.lower.as_str(), "to" | "or") || (between && n.lower == "and" && !n.gap.stop);
            // "Stage 3 or stage 4": the step word repeated before the second number.
            let repeated = !n.gap.dash && k > 0 && SCALE_STEPS[..5].contains(&tokens[k - 1].stem.as_str()) && tokens.get(last + 2).is_some_and(|w| w.stem == tokens[k - 1].stem && !w.gap.stop);
            let at = if n.gap.dash { last + 1 } else if repeated { last + 3 } else { last + 2 };
            if joined {
                if let Some((h, l)) = number_at(tokens, at, false).filter(|(h, _)| *h > low) {
                    high = h;
                    last = l;
                }
            }
        }
        // Units after the value ("%", "events per hour", "mg/dL", "ng/mL", "mL/min/1.73 m2") may
        // sit before "or more".
        let mut end = last;
        while tokens.get(end + 1).is_some_and(|t| !t.gap.stop && (VALUE_UNITS.contains(&t.lower.as_str()) || t.gap.slash && t.number().is_some())) {
            end += 1;
        }
        let before = comparator_before(tokens, k);
        let in_parens = alternate_in_parens(tokens, end);
        let after = comparator_after(tokens, end).or_else(|| comparator_after(tokens, last)).or_else(|| in_parens.and_then(|(_, _, e)| comparator_after(tokens, e)));
        // "at least 2 NSAIDs", "3 or more daily insulin injections": a count of things, not a
        // quantity's value.
        let next = after.map_or(end, |a| a.1.max(end)) + 1;
        // "35% or less measured after the infarction": a percentage counts nothing, and a verb
        // after the comparison says how the value was obtained.
        let percent = tokens.get(last + 1).is_some_and(|t| t.gap_text.contains('%'));
        let counts_things = !percent
            && tokens.get(next).is_some_and(|t| {
                !t.gap.stop
                    && !t.gap.comma
                    && !t.stopword
                    && t.lower.chars().all(char::is_alphabetic)
                    && !UNIT_LIKE.contains(&t.lower.as_str())
                    && !(t.lower.ends_with("ed") && after.is_some())
            });
        // A range names a band of values ("grade 3 or 4 chondral lesion"), not a count.
        // "IHC 2+ without amplification": a grade with its plus counts nothing.
        let plus = tokens[last].text.ends_with('+') || tokens.get(last + 1).is_some_and(|n| n.gap_text.trim_start().starts_with('+'));
        if counts_things && !plus && end == last && (high - low).abs() < 1e-9 {
            // "fewer than 15 headache days per month": a rate of things, named after the value;
            // notes write it the same way ("18-22 headache days a month").
            let words: Vec<usize> = (next..(next + 3).min(tokens.len())).take_while(|&j| tokens[j].lower.chars().all(char::is_alphabetic) && !tokens[j].stopword && !tokens[j].gap.stop && !tokens[j].gap.comma).collect();
            let rate = words.last().is_some_and(|&w| tokens.get(w + 1).is_some_and(|t| matches!(t.lower.as_str(), "per" | "a" | "each") && !t.gap.stop));
            if rate && let Some(comparator) = after.map(|c| c.0).or(before.map(|c| c.0)) {
                let keyword: Vec<String> = words.iter().rev().take(2).rev().map(|&j| tokens[j].stem.clone()).collect();
                let first = before.map_or(k, |b| b.1.min(k));
                out.push(NamedThreshold {
                    keyword,
                    aliases: Vec::new(),
                    value: Interval::from_comparator(comparator, low),
                    first,
                    last: *words.last().unwrap_or(&last),
                    unit: None,
                    alternate: None,
                    scale: Scale::Value,
                });
                k = words.last().copied().unwrap_or(last) + 1;
                continue;
            }
            k = last + 1;
            continue;
        }
        let is_range = (high - low).abs() > 1e-9;
        // "IHC 0, IHC 1+, or IHC 2+": a bare 0–4 right after an abbreviation, ending its phrase,
        // is a grade like its siblings.
        let bare_grade = !is_range
            && last == k
            && matches!(tokens[k].lower.as_str(), "0" | "1" | "2" | "3" | "4")
            && k > 0
            && abbreviation(&tokens[k - 1])
            && !tokens[k].gap.comma
            && !tokens[k].gap.stop
            && tokens.get(k + 1).is_none_or(|n| n.gap.comma || n.gap.stop || n.gap.close_paren || matches!(n.lower.as_str(), "or" | "and"));
        let Some(comparator) = after.map(|c| c.0).or(before.map(|c| c.0)).or((is_range || bare_grade).then_some(Comparator::Exactly)) else {
            k = last + 1;
            continue;
        };
        // "on a 0-10 numeric scale": the scale, not a value to reach.
        let scale = is_range && low == 0.0 && (last + 1..(last + 4).min(tokens.len())).any(|j| tokens[j].lower == "scale" && !tokens[j].gap.stop);
        if scale {
            k = last + 1;
            continue;
        }
        // The name: up to two content words before the comparison phrase or the number, passing
        // over a qualifier in parentheses ("serum calcium (albumin-corrected when albumin is
        // low) below 8.5 mg/dL"; "(TSAT)" alone is a name).
        let (mut keyword, mut first, j) = name_words(tokens, before.map_or(k, |b| b.1));
        // "Ejection fraction (LVEF) has been measured … and is 50% or greater": after a
        // connective the value is the subject's, named by the abbreviation the sentence defined.
        if keyword.is_empty() && j > 0 && matches!(tokens[j - 1].lower.as_str(), "and" | "which" | "that") {
            let subject = (0..j - 1).rev().take_while(|&i| !tokens[i + 1].gap.stop).find(|&i| tokens[i].gap.open_paren && abbreviation(&tokens[i]));
            if let Some(i) = subject {
                keyword.push(tokens[i].stem.clone());
                first = i;
            }
        }
        // "more than 50% of apneas being central": a share named after its value.
        if keyword.is_empty() && tokens.get(end + 1).is_some_and(|t| t.lower == "of") && !tokens[end + 1].gap.stop {
            let noun = tokens.get(end + 2).filter(|t| !t.stopword && t.lower.chars().all(char::is_alphabetic) && !t.gap.stop && !t.gap.comma);
            if let Some(noun) = noun {
                let mut j = end + 3;
                while tokens.get(j).is_some_and(|t| matches!(t.lower.as_str(), "being" | "that" | "which" | "are" | "is" | "were") && !t.gap.stop && !t.gap.comma) {
                    j += 1;
                }
                let predicate = tokens.get(j).filter(|t| j > end + 3 && !t.stopword && t.lower.chars().all(char::is_alphabetic) && !t.gap.stop && !t.gap.comma);
                keyword = match predicate {
                    Some(adjective) => vec![adjective.stem.clone(), noun.stem.clone()],
                    None => vec![noun.stem.clone()],
                };
                let value = if is_range { Interval::between(low, high) } else { Interval::from_comparator(comparator, low) };
                let last_token = if predicate.is_some() { j } else { end + 2 };
                out.push(NamedThreshold { keyword, aliases: Vec::new(), value, first: before.map_or(k, |b| b.1.min(k)), last: last_token, unit: None, alternate: None, scale: Scale::Value });
                k = last_token + 1;
                continue;
            }
        }
        if keyword.is_empty() {
            k = last + 1;
            continue;
        }
        let aliases = name_aliases(tokens, &mut keyword, &mut first);
        let value = if is_range { Interval::between(low, high) } else { Interval::from_comparator(comparator, low) };
        let unit = unit_after(tokens, last);
        let alternate = in_parens.filter(|_| unit.is_some() && !is_range).and_then(|(v, l, _)| Some((Interval::from_comparator(comparator, v), unit_after(tokens, l)?)));
        // The limit in the other unit is part of the threshold, not a list of examples.
        let last_token = after.map_or(end, |a| a.1.max(end)).max(in_parens.filter(|_| alternate.is_some()).map_or(0, |p| p.2));
        out.push(NamedThreshold { keyword, aliases, value, first, last: last_token, unit, alternate, scale: Scale::Value });
        k = last_token + 1;
    }
    out
}

/// Thresholds measured against a reference instead of in the quantity's unit (see [`Scale`]):
/// "IgG below the lower limit of normal", "ALT or AST greater than 3 times the upper limit of
/// normal (ULN)", "IGF-1 below the lower limit of the age- and sex-adjusted reference range",
/// "height more than 2.25 standard deviations below the mean", "growth velocity below the 10th
/// percentile". A name must stand before the comparison.
fn relative_thresholds(tokens: &[Token<'_>], taken: &[bool]) -> Vec<NamedThreshold> {
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let free = |i: usize| !taken.get(i).copied().unwrap_or(false);
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let Some((scale, value, start, last)) = normal_limit_at(tokens, k).or_else(|| deviations_at(tokens, k)).or_else(|| percentile_at(tokens, k)) else {
            k += 1;
            continue;
        };
        if !(start..=last).all(free) || start == 0 {
            k = last + 1;
            continue;
        }
        let (mut keyword, mut first, _) = name_words(tokens, start);
        // ("… for age and sex": what the reference is for, not a second thing to find.)
        let mut last = last;
        while matches!(w(last + 1), "for" | "age" | "and" | "sex" | "gender") && !tokens[last + 1].gap.stop && !tokens[last + 1].gap.comma {
            last += 1;
        }
        if keyword.is_empty() {
            k = last + 1;
            continue;
        }
        let aliases = name_aliases(tokens, &mut keyword, &mut first);
        out.push(NamedThreshold { keyword, aliases, value, first, last, unit: None, alternate: None, scale });
        k = last + 1;
    }
    out
}

/// The comparison before token `at` ("below the", "greater than 3 times the", "> 3x"): the
/// comparator, the multiple written (1 when none) and the phrase's first token.
fn comparison_before(tokens: &[Token<'_>], at: usize) -> Option<(Comparator, f64, usize)> {
    let mut at = at;
    if at > 0 && tokens[at - 1].lower == "the" && !tokens[at].gap.stop {
        at -= 1;
    }
    let mut times = 1.0;
    // "3 times", "3x", "3 x", "3-fold", "3×".
    let multiplier = |t: &Token<'_>| matches!(t.lower.as_str(), "times" | "x" | "×" | "fold");
    if at >= 2 && multiplier(&tokens[at - 1]) && !tokens[at].gap.stop {
        if let Some(n) = tokens[at - 2].number() {
            times = n;
            at -= 2;
        }
    } else if at >= 1 {
        let t = &tokens[at - 1];
        let digits = t.lower.trim_end_matches(['x', '×']);
        if digits.len() < t.lower.len() && let Ok(n) = digits.parse::<f64>() {
            times = n;
            at -= 1;
        }
    }
    let (comparator, start) = comparator_before(tokens, at)?;
    Some((comparator, times, start))
}

/// "the lower limit of normal", "the upper limit of the reference range", "LLN", "ULN", "the
/// reference range", "the normal range", "normal", after a comparison, at token `k`.
fn normal_limit_at(tokens: &[Token<'_>], k: usize) -> Option<(Scale, Interval, usize, usize)> {
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let (side, mut last) = match w(k) {
        "lower" | "upper" if w(k + 1) == "limit" && w(k + 2) == "of" => {
            // "of normal", "of the normal range", "of the age- and sex-adjusted reference range".
            let end = (k + 3..(k + 12).min(tokens.len())).take_while(|&j| !tokens[j].gap.stop && !tokens[j].gap.comma).find(|&j| w(j) == "normal" && w(j + 1) != "range" || w(j) == "range")?;
            (Some(w(k) == "upper"), end)
        }
        "lln" => (Some(false), k),
        "uln" => (Some(true), k),
        "reference" | "normal" if matches!(w(k + 1), "range" | "limits" | "limit") => (None, k + 1),
        "normal" if tokens.get(k + 1).is_none_or(|n| n.gap.stop || n.gap.comma || n.gap.open_paren || matches!(n.lower.as_str(), "for" | "and" | "or")) => (None, k),
        _ => return None,
    };
    // "(LLN)", "(ULN)" after the words.
    if tokens.get(last + 1).is_some_and(|t| t.gap.open_paren && matches!(t.lower.as_str(), "lln" | "uln")) {
        last += 1;
    }
    let (comparator, times, start) = comparison_before(tokens, k)?;
    let below = matches!(comparator, Comparator::LessThan | Comparator::AtMost);
    let above = matches!(comparator, Comparator::MoreThan | Comparator::AtLeast);
    let upper = match side {
        Some(upper) => upper,
        None if below => false,
        None if above => true,
        None => return None,
    };
    if !(below || above) {
        return None;
    }
    Some((Scale::NormalLimit { upper }, Interval::from_comparator(comparator, times), start, last))
}

/// "more than 2.25 standard deviations below the mean", "at least 1.5 SD below the mean", "2 SD
/// or more above the mean", with the number at token `k`.
fn deviations_at(tokens: &[Token<'_>], k: usize) -> Option<(Scale, Interval, usize, usize)> {
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if !tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (n, number_end) = number_at(tokens, k, false)?;
    let mut j = number_end + 1;
    let after = comparator_after(tokens, number_end);
    if let Some((_, e)) = after {
        j = e + 1;
    }
    match (w(j), w(j + 1)) {
        ("standard", "deviations" | "deviation") => j += 2,
        ("sd" | "sds", _) => j += 1,
        _ => return None,
    }
    if tokens.get(j).is_some_and(|t| t.gap.open_paren && matches!(t.lower.as_str(), "sd" | "sds")) {
        j += 1;
    }
    if let Some((_, e)) = after.is_none().then(|| comparator_after(tokens, j - 1)).flatten() {
        j = e + 1;
    }
    let below = match (w(j), w(j + 1), w(j + 2)) {
        ("below", "the", "mean") => true,
        ("above", "the", "mean") => false,
        _ => return None,
    };
    let last = j + 2;
    let before = comparator_before(tokens, k);
    let comparator = before.map(|b| b.0).or(after.map(|a| a.0)).unwrap_or(Comparator::AtLeast);
    let strict = comparator == Comparator::MoreThan;
    let value = match (below, strict) {
        (true, true) => Interval::from_comparator(Comparator::LessThan, -n),
        (true, false) => Interval::from_comparator(Comparator::AtMost, -n),
        (false, true) => Interval::from_comparator(Comparator::MoreThan, n),
        (false, false) => Interval::from_comparator(Comparator::AtLeast, n),
    };
    Some((Scale::Deviations, value, before.map_or(k, |b| b.1.min(k)), last))
}

/// An ordinal written in digits ("10th", "3rd", "1st", "95th").
fn ordinal(lower: &str) -> Option<f64> {
    let digits = lower.strip_suffix("th").or_else(|| lower.strip_suffix("st")).or_else(|| lower.strip_suffix("nd")).or_else(|| lower.strip_suffix("rd"))?;
    digits.parse::<f64>().ok().filter(|n| (0.0..=100.0).contains(n))
}

/// Whether token `k` is the word after a percentile's number ("percentile", "centile", "%ile").
fn percentile_word(tokens: &[Token<'_>], k: usize) -> bool {
    tokens.get(k).is_some_and(|t| !t.gap.stop && (matches!(t.lower.as_str(), "percentile" | "centile" | "pctl" | "ptile") || t.lower == "ile" && t.gap_text.contains('%')))
}

/// "below the 10th percentile", "at or above the 95th percentile", with the ordinal at token `k`.
fn percentile_at(tokens: &[Token<'_>], k: usize) -> Option<(Scale, Interval, usize, usize)> {
    let n = ordinal(&tokens[k].lower)?;
    if !percentile_word(tokens, k + 1) {
        return None;
    }
    let at = if k > 0 && tokens[k - 1].lower == "the" { k - 1 } else { k };
    let (comparator, start) = comparator_before(tokens, at).or_else(|| comparator_after(tokens, k + 1).map(|(c, _)| (c, at)))?;
    let last = comparator_after(tokens, k + 1).map_or(k + 1, |(_, e)| e);
    Some((Scale::Percentile, Interval::from_comparator(comparator, n), start, last))
}

/// The words naming a threshold whose comparison phrase (or number) starts at token `start`: up
/// to two content words before it, passing over a qualifier in parentheses ("serum calcium
/// (albumin-corrected when albumin is low) below 8.5 mg/dL"; "(TSAT)" alone is a name). Returns
/// the stems, the name's first token and where the search stopped.
fn name_words(tokens: &[Token<'_>], start: usize) -> (Vec<String>, usize, usize) {
    let mut j = start;
    if tokens[j].gap.close_paren && !tokens[j].gap.stop {
        let open = (j.saturating_sub(8)..j).rev().take_while(|&p| !tokens[p + 1].gap.stop).find(|&p| tokens[p].gap.open_paren);
        if let Some(p) = open.filter(|&p| j - p >= 2 || tokens[p].text.chars().any(char::is_lowercase)) {
            j = p;
        }
    }
    while j > 0 && NAME_GAP.contains(&tokens[j - 1].lower.as_str()) && !tokens[j].gap.stop {
        j -= 1;
    }
    let mut keyword = Vec::new();
    let mut first = j;
    while j > 0 && keyword.len() < 2 && !tokens[j].gap.stop && !tokens[j].gap.comma && !tokens[j].gap.colon {
        let t = &tokens[j - 1];
        // "IGF-1", "CA-125": digits written against a name's letters are part of it.
        let joined_digits = t.lower.chars().all(|c| c.is_ascii_digit()) && t.gap.joined && keyword.is_empty() && j >= 2 && tokens[j - 2].lower.chars().all(char::is_alphabetic);
        if t.stopword || !t.lower.chars().all(char::is_alphanumeric) || (t.lower.chars().all(|c| c.is_ascii_digit()) && !joined_digits) {
            break;
        }
        keyword.insert(0, t.stem.clone());
        first = j - 1;
        j -= 1;
    }
    (keyword, first, j)
}

/// An abbreviation: two or more capitals or digits, one capital at least ("ABI", "HER2").
fn abbreviation(t: &Token<'_>) -> bool {
    t.text.chars().count() >= 2 && t.text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && t.text.chars().any(|c| c.is_ascii_uppercase())
}

/// Other names notes use for a threshold's quantity, read around its name (`keyword` from token
/// `first`); a specimen word is dropped from the name ("serum ferritin").
fn name_aliases(tokens: &[Token<'_>], keyword: &mut Vec<String>, first_at: &mut usize) -> Vec<Vec<String>> {
    let mut first = *first_at;
    // "systolic blood pressure": which of its two parts is named with it, not a specimen.
    let part = first.checked_sub(1).map(|k| tokens[k].stem.as_str()).filter(|s| s.starts_with("systol") || s.starts_with("diastol"));
    if let (Some(part), true) = (part, keyword.as_slice() == ["blood", "pressur"]) {
        keyword.insert(0, part.to_string());
        *first_at -= 1;
        // (and its initials, "SBP")
        return initials_before(tokens, first + 1).into_iter().map(|initials| vec![initials]).collect();
    }
    // "blood eosinophil count", "serum ferritin": the specimen is not part of the name notes use.
    if keyword.len() == 2 && matches!(keyword[0].as_str(), "blood" | "serum" | "plasma" | "absolut" | "total" | "peripher" | "urin") {
        keyword.remove(0);
        first += 1;
    }
    let mut aliases = Vec::new();
    let name_end = first + keyword.len() - 1;
    if keyword.len() == 2 && tokens[name_end].gap.slash {
        // "AHI/RDI below 5": two names.
        aliases.push(vec![keyword.remove(0)]);
    } else if keyword.len() == 2 && abbreviation(&tokens[name_end]) {
        keyword.remove(0);
        // "Transferrin saturation (TSAT) less than 20%": notes write either name.
        if tokens[name_end].gap.open_paren {
            let spelled: Vec<String> = (name_end.saturating_sub(2)..name_end)
                .skip_while(|&i| i + 1 < name_end && (tokens[i + 1].gap.stop || tokens[i + 1].gap.comma || tokens[i + 1].gap.colon))
                .filter(|&i| !tokens[i].stopword && tokens[i].lower.chars().all(char::is_alphabetic))
                .map(|i| tokens[i].stem.clone())
                .collect();
            if !spelled.is_empty() && (name_end - spelled.len()..name_end).all(|i| !tokens[i].stopword && tokens[i].lower.chars().all(char::is_alphabetic)) {
                aliases.push(spelled);
            }
        }
    }
    // "Expanded Disability Status Scale (EDSS) score between 3.0 and 6.5": the words the
    // abbreviation spells are its name too, and no words of their own to find.
    if keyword.len() == 1 && tokens[name_end].gap.open_paren && abbreviation(&tokens[name_end]) {
        let letters: String = tokens[name_end].lower.chars().filter(char::is_ascii_alphabetic).collect();
        let mut start = name_end;
        let mut initials = String::new();
        while start > 0 && name_end - start < 6 && initials.len() < letters.len() {
            let t = &tokens[start - 1];
            if t.stopword || !t.lower.chars().all(|c| c.is_ascii_alphabetic()) || (start < name_end && (tokens[start].gap.stop || tokens[start].gap.comma || tokens[start].gap.colon)) {
                break;
            }
            initials.insert(0, t.lower.chars().next().unwrap_or(' '));
            start -= 1;
        }
        if initials.len() >= 2 && initials == letters {
            let spelled: Vec<String> = (start.max(name_end.saturating_sub(2))..name_end).map(|i| tokens[i].stem.clone()).collect();
            if !aliases.contains(&spelled) {
                aliases.push(spelled);
            }
            first = start;
            // "Liver stiffness by vibration-controlled transient elastography (VCTE)": the
            // quantity measured by that method is named before it ("Median liver stiffness: 12.5
            // kPa").
            if start >= 2 && matches!(tokens[start - 1].lower.as_str(), "by" | "on" | "via" | "using") && !tokens[start].gap.stop && !tokens[start - 1].gap.stop {
                let measured: Vec<usize> = (start.saturating_sub(3)..start - 1).rev().take_while(|&i| !tokens[i].stopword && tokens[i].lower.chars().all(|c| c.is_ascii_alphabetic()) && !tokens[i + 1].gap.stop && !tokens[i + 1].gap.comma).collect();
                if let Some(&from) = measured.last() {
                    aliases.push((from..start - 1).rev().take(2).rev().map(|i| tokens[i].stem.clone()).collect());
                    first = from;
                }
            }
        }
    }
    // "AHI or RDI is at least 15": the name before "or" is another name of the same quantity.
    let name_start = name_end + 1 - keyword.len();
    // "apnea-hypopnea index (AHI) or respiratory disturbance index (RDI) of 15 or more": the
    // same with both names spelled out, each followed by its abbreviation.
    let spelled = |or: usize| {
        tokens[name_start].gap.open_paren
            && (or + 1..name_start).all(|i| !tokens[i].stopword && !tokens[i + 1].gap.stop && !tokens[i + 1].gap.comma)
    };
    let or = (name_start.saturating_sub(5)..name_start).rev().find(|&p| tokens[p].lower == "or" && (p + 1 == name_start || spelled(p)));
    if let Some(or) = or.filter(|&p| p >= 1 && abbreviation(&tokens[p - 1]) && abbreviation(&tokens[name_end]) && !tokens[p].gap.stop) {
        aliases.push(vec![tokens[or - 1].stem.clone()]);
        first = first.min(or - 1);
    }
    // "Ankle-brachial index of 0.90 or less": notes write the initials ("ABI 0.72").
    if let Some(initials) = initials_before(tokens, name_end) {
        if !aliases.contains(&vec![initials.clone()]) && *keyword != [initials.clone()] {
            aliases.push(vec![initials]);
        }
    }
    // "Lifetime breast cancer risk of 20% or greater": notes name the quantity with any one of
    // the name's earlier words ("lifetime risk 27.4%").
    if keyword.len() == 2 {
        let mut j = first;
        while j > 0 && first - j < 2 && !tokens[j].gap.stop && !tokens[j].gap.comma && !tokens[j].gap.open_paren {
            let t = &tokens[j - 1];
            if t.stopword || !t.lower.chars().all(|c| c.is_ascii_alphabetic()) || t.lower.len() < 4 || crate::preauth::lexicon::is_boilerplate(&t.lower) {
                break;
            }
            let alias = vec![t.stem.clone(), keyword[1].clone()];
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
            j -= 1;
        }
    }
    // "Epworth Sleepiness Scale score greater than 10": notes write the eponym alone ("Epworth
    // 15/24").
    if let Some(eponym) = first.checked_sub(1).map(|i| &tokens[i]).filter(|t| {
        let mut chars = t.text.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase())
            && t.text.len() >= 4
            && !t.stopword
            && !tokens[first].gap.stop
            && !matches!(t.lower.as_str(), "modified" | "revised" | "total" | "mean" | "standard" | "standardized" | "baseline" | "current" | "blood" | "serum" | "plasma" | "urine" | "absolute" | "peripheral")
    }) {
        if !aliases.contains(&vec![eponym.stem.clone()]) {
            aliases.push(vec![eponym.stem.clone()]);
        }
    }
    // "ECOG performance status of 0 or 1", "NYHA functional class": notes write the
    // abbreviation alone ("ECOG 1").
    if let Some(named) = first.checked_sub(1).map(|i| &tokens[i]).filter(|t| abbreviation(t) && t.text.len() >= 3 && t.text.chars().all(|c| c.is_ascii_uppercase()) && !tokens[first].gap.stop && !tokens[first].gap.comma)
        && *keyword != [named.stem.clone()]
        && !aliases.contains(&vec![named.stem.clone()])
    {
        aliases.push(vec![named.stem.clone()]);
    }
    // A home sleep test reports its respiratory event index where a laboratory study reports
    // an AHI or RDI: sleep policies take any of the three as the same count per hour.
    const SLEEP_INDICES: [&str; 3] = ["ahi", "rdi", "rei"];
    let sleep_index = (keyword.len() == 1 && SLEEP_INDICES.contains(&keyword[0].as_str())) || aliases.iter().any(|a| a.len() == 1 && SLEEP_INDICES.contains(&a[0].as_str()));
    if sleep_index {
        for name in SLEEP_INDICES {
            if *keyword != [name] && !aliases.contains(&vec![name.to_string()]) {
                aliases.push(vec![name.to_string()]);
            }
        }
    }
    *first_at = first;
    aliases
}

/// The same limit in another unit, in parentheses after the value and its unit: "20 ng/mL (50
/// nmol/L) or higher" → the number, its last token and the last token of its unit.
fn alternate_in_parens(tokens: &[Token<'_>], end: usize) -> Option<(f64, usize, usize)> {
    tokens.get(end + 1).filter(|t| t.gap.open_paren && !t.gap.stop && t.lower.starts_with(|c: char| c.is_ascii_digit()))?;
    let (value, last) = number_at(tokens, end + 1, false)?;
    let mut unit_end = last;
    while tokens.get(unit_end + 1).is_some_and(|t| !t.gap.stop && !t.gap.close_paren && VALUE_UNITS.contains(&t.lower.as_str())) {
        unit_end += 1;
    }
    let closes = tokens.get(unit_end + 1).is_none_or(|t| t.gap.close_paren);
    (unit_end > last && closes).then_some((value, last, unit_end))
}

/// The initials of the three or four words naming a quantity that ends at `name_end` ("ankle-brachial
/// index" → "abi", "forced expiratory volume" → "fev"), when they are plain words in one phrase.
fn initials_before(tokens: &[Token<'_>], name_end: usize) -> Option<String> {
    let mut words = Vec::new();
    let mut k = name_end;
    loop {
        let t = &tokens[k];
        if t.stopword || !t.lower.chars().all(|c| c.is_ascii_alphabetic()) || t.lower.len() < 3 {
            break;
        }
        // "serum follicle-stimulating hormone" is FSH: the specimen is no part of the initials.
        if words.len() >= 3 && matches!(t.lower.as_str(), "serum" | "plasma" | "blood" | "urine" | "total") {
            break;
        }
        words.push(t.lower.chars().next()?);
        if words.len() == 4 || k == 0 || t.gap.stop || t.gap.comma || t.gap.colon || t.gap.open_paren {
            break;
        }
        k -= 1;
    }
    (words.len() >= 3).then(|| words.iter().rev().collect())
}

/// The value a note gives right after a threshold's name ("AHI 22", "LVEF: 30%"), with the
/// token holding it.
pub fn note_named_value(tokens: &[Token<'_>], keyword: &[String]) -> Option<(Interval, usize)> {
    let last_word = keyword.last()?;
    if let Some(found) = blood_pressure_part(tokens, keyword) {
        return Some(found);
    }
    for (i, t) in tokens.iter().enumerate() {
        if t.stem != *last_word && !(keyword.len() == 1 && immunoglobulin_written_out(tokens, i, last_word)) {
            continue;
        }
        // "ejection fraction": both words, or the last one alone ("fraction") is too loose;
        // "vein diameter" is met by "diameter 6.2 mm" but "central apneas" not by "obstructive
        // apneas 61": another word qualifying it names another quantity.
        let qualified_otherwise = i > 0
            && !t.gap.stop
            && !t.gap.comma
            && !t.gap.colon
            && !tokens[i - 1].stopword
            && tokens[i - 1].lower.chars().all(char::is_alphabetic)
            && tokens[i - 1].text.chars().any(char::is_lowercase);
        if keyword.len() == 2 && (i == 0 || tokens[i - 1].stem != keyword[0]) && (GENERIC_HEADS.contains(&last_word.as_str()) || qualified_otherwise) {
            continue;
        }
        let mut k = i + 1;
        let mut reach = i + 4;
        while k < tokens.len() && k <= reach {
            if tokens[k].gap.stop {
                break;
            }
            // "AHI (4% rule) 22.4": a qualifier in parentheses right after the name ("ferritin (6)"
            // is the value).
            // ("platelet count (2023 physical) 232K": after the name's own words too.)
            if (i + 1..k).all(|j| NAME_GAP.contains(&tokens[j].lower.as_str())) && tokens[k].gap.open_paren {
                let close = (k + 1..tokens.len().min(k + 6)).find(|&j| tokens[j].gap.close_paren && !tokens[j].gap.stop);
                if let Some(close) = close.filter(|&c| (k..c).any(|j| tokens[j].lower.chars().all(char::is_alphabetic))) {
                    reach += close - k;
                    k = close;
                    continue;
                }
            }
            // "Respiratory event index (REI, 3% desaturation rule): 22.4": the name's own
            // parenthesis goes on with its qualifier; the value comes after it.
            // ("AVA 0.8, Vmax 4.2)" is a value.)
            if tokens[i].gap.open_paren && tokens[k].gap.comma && tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) {
                let close = (k + 1..tokens.len().min(k + 6)).find(|&j| tokens[j].gap.close_paren && !tokens[j].gap.stop);
                let rule = |j: usize| matches!(tokens[j].lower.as_str(), "rule" | "desaturation" | "criteria" | "criterion" | "scoring" | "definition");
                if let Some(close) = close.filter(|&c| (k + 1..c).any(rule)) {
                    reach += close - k + 1;
                    k = close;
                    continue;
                }
            }
            if tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) {
                // "HER2 (IHC, 4B5): 3+": a code such as an antibody clone is not the value.
                let Some((v, number_end)) = number_at(tokens, k, false) else {
                    k += 1;
                    continue;
                };
                // "phosphorus 6 weeks after the dose": a time, not the value ("AHI 22/hr" and
                // "headaches on 20 days per month" are values).
                let rate = tokens.get(number_end + 2).is_some_and(|p| !p.gap.stop && (p.gap.slash || matches!(p.lower.as_str(), "per" | "a" | "an" | "each" | "every" | "in")));
                if !rate && tokens.get(number_end + 1).is_some_and(|u| !u.gap.stop && !u.gap.slash && time_unit(&u.lower)) {
                    break;
                }
                // "NDI 19/50 (38%)": a score out of its maximum, and the percentage it makes.
                let percent = tokens.get(number_end + 2).filter(|p| {
                    tokens[number_end + 1].gap.slash && p.gap.open_paren && tokens.get(number_end + 3).is_some_and(|n| n.gap_text.starts_with('%'))
                });
                if let Some(p) = percent.and_then(|p| p.number()) {
                    return Some((Interval::from_comparator(Comparator::Exactly, p), number_end + 2));
                }
                let c = comparator_before(tokens, k).map_or(Comparator::Exactly, |c| c.0);
                return Some((Interval::from_comparator(c, v), k));
            }
            // "Wagner III", "Outerbridge grade IV", "MGFA class IIa": a step in roman numerals.
            if let Some(v) = roman_step(tokens, k) {
                return Some((Interval::from_comparator(Comparator::Exactly, v), k));
            }
            // "ABI: R 0.72, L 0.95": a side before the value.
            let side = matches!(tokens[k].lower.as_str(), "r" | "l" | "right" | "left" | "rt" | "lt");
            // "Calcium, total 9.3", "glucose, fasting 104": the specimen or the kind of reading.
            let kind = matches!(tokens[k].lower.as_str(), "total" | "serum" | "plasma" | "fasting" | "level");
            if !(side || kind || NAME_GAP.contains(&tokens[k].lower.as_str()) || matches!(tokens[k].lower.as_str(), "today" | "measured" | "recorded" | "reduced" | "preserved")) {
                break;
            }
            k += 1;
        }
        let both = keyword.len() == 2 && i > 0 && tokens[i - 1].stem == keyword[0];
        if let Some(found) = named_value_before(tokens, if both { i - 1 } else { i }) {
            return Some(found);
        }
    }
    // "NYHA class II or III" in the policy, "NYHA III" or "CEAP: C4a" in the note: the scale's
    // name without the word for its steps; "platelet count below 30,000" and "PLT 28": a count
    // or level named by what is counted.
    if keyword.len() == 2 && SCALE_STEPS.contains(&last_word.as_str()) {
        return note_named_value(tokens, &keyword[..1]);
    }
    if let Some(found) = blood_gas_value(tokens, keyword) {
        return Some(found);
    }
    // Notes abbreviate what is counted or measured ("PLT 28", "Eos 0.19"): the token standing for
    // a one-word name.
    // ("TSAT 24 %" for "transferrin saturation": the token standing for every word of the name.)
    if let Some(at) = tokens.iter().position(|t| !keyword.contains(&t.stem) && keyword.iter().all(|w| super::abbreviations::stands_for(t, w))) {
        return note_named_value(tokens, &[tokens[at].stem.clone()]);
    }
    None
}

/// A scale's step written in roman numerals at token `k`, in capitals ("III", "IV", "IIa" with its
/// subdivision): two letters or more, or one ("I", "V") right after the word for the step ("grade
/// I"), where a lone capital is not a pronoun or an initial.
fn roman_step(tokens: &[Token<'_>], k: usize) -> Option<f64> {
    let t = &tokens[k];
    let numeral = t.text.trim_end_matches(['a', 'b', 'c']);
    if numeral.is_empty() || !numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let after_step = k > 0 && SCALE_STEPS.contains(&tokens[k - 1].stem.as_str()) && !t.gap.stop;
    if numeral.len() < 2 && !after_step {
        return None;
    }
    super::tokens::ordinal_value(&t.lower, false).map(f64::from)
}

/// An arterial blood gas written as its values in their fixed order, pH/PaCO2/PaO2/HCO3 ("ABG
/// on home 2L NC: 7.36/58/61/32"): the value of the part a threshold names, after "ABG" in the
/// same sentence. A run counts when it opens with a pH (6.8–7.8, with its decimal) and has three
/// parts or more; a venous gas's ("VBG") pressures are not arterial ones.
fn blood_gas_value(tokens: &[Token<'_>], keyword: &[String]) -> Option<(Interval, usize)> {
    let part = match keyword.last()?.as_str() {
        "ph" => 0,
        "paco2" | "pco2" => 1,
        "pao2" | "po2" => 2,
        "hco3" => 3,
        _ => return None,
    };
    let gas = tokens.iter().position(|t| matches!(t.lower.as_str(), "abg" | "abgs"))?;
    (gas + 1..tokens.len()).find_map(|k| {
        let run = slash_run(tokens, k);
        let ph = run.first().is_some_and(|(v, _)| (6.8..=7.8).contains(v) && tokens[k].lower.contains('.'));
        let &(value, at) = run.get(part).filter(|_| ph && run.len() >= 3)?;
        Some((Interval::from_comparator(Comparator::Exactly, value), at))
    })
}

/// The numbers written one after another with slashes from token `k` ("7.36/58/61/32", "86/50"),
/// each with its token; none when `k` is no number.
fn slash_run(tokens: &[Token<'_>], k: usize) -> Vec<(f64, usize)> {
    let Some(first) = tokens[k].number() else { return Vec::new() };
    let rest = (k + 1..tokens.len()).take_while(|&j| tokens[j].gap.slash && !tokens[j].gap.stop).map_while(|j| tokens[j].number().map(|v| (v, j)));
    std::iter::once((first, k)).chain(rest).collect()
}

/// A blood pressure written systolic/diastolic ("BP 86/50", "blood pressure 150/96 mmHg") for a
/// threshold on one of its two parts ("systolic blood pressure below 90 mmHg"): that part. (A
/// "pulmonary artery systolic pressure" is no blood pressure.)
fn blood_pressure_part(tokens: &[Token<'_>], keyword: &[String]) -> Option<(Interval, usize)> {
    // (The policy's name, or its initials "SBP", "DBP".)
    let part = match keyword {
        [p, blood, pressure] if blood == "blood" && pressure == "pressur" && p.starts_with("systol") => 0,
        [p, blood, pressure] if blood == "blood" && pressure == "pressur" && p.starts_with("diastol") => 1,
        [initials] if initials == "sbp" => 0,
        [initials] if initials == "dbp" => 1,
        _ => return None,
    };
    (0..tokens.len()).find_map(|i| {
        let named = tokens[i].lower == "bp" || (tokens[i].stem == "pressur" && i > 0 && tokens[i - 1].lower == "blood");
        if !named {
            return None;
        }
        let k = (i + 1..tokens.len().min(i + 4)).take_while(|&k| !tokens[k].gap.stop).find(|&k| tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()))?;
        let run = slash_run(tokens, k);
        let plausible = run.len() >= 2 && (50.0..=260.0).contains(&run[0].0) && (20.0..=160.0).contains(&run[1].0);
        let &(value, at) = run.get(part).filter(|_| plausible)?;
        Some((Interval::from_comparator(Comparator::Exactly, value), at))
    })
}

/// An immunoglobulin class named in full where the policy writes its initials: "Immunoglobulin
/// E, total" for "IgE", "immunoglobulin G4" for "IgG4".
fn immunoglobulin_written_out(tokens: &[Token<'_>], i: usize, initials: &str) -> bool {
    initials.strip_prefix("ig").is_some_and(|class| matches!(class, "a" | "d" | "e" | "g" | "m" | "g1" | "g2" | "g3" | "g4") && tokens[i].lower == class)
        && i > 0
        && tokens[i - 1].lower.starts_with("immunoglobulin")
}

/// Where a note names a quantity: the index of the name's last token ("IgG", "serum IgG",
/// "Ht" for height).
fn name_positions(tokens: &[Token<'_>], keyword: &[String]) -> Vec<usize> {
    let Some(last) = keyword.last() else { return Vec::new() };
    let alone = keyword.len() == 1 || (!GENERIC_HEADS.contains(&last.as_str()) && last.len() >= 4 && last.chars().all(char::is_alphabetic));
    (0..tokens.len())
        .filter(|&i| {
            let t = &tokens[i];
            if t.stem == *last {
                alone || (i > 0 && tokens[i - 1].stem == keyword[0])
            } else if immunoglobulin_written_out(tokens, i, last) {
                keyword.len() == 1
            } else {
                keyword.len() == 1 && super::abbreviations::stands_for(t, last)
            }
        })
        .collect()
}

/// A note's value of a quantity on a reference scale (see [`Scale`]), after the name at token
/// `name`, within its clause: the value in the scale, its token, and the words that gave it.
fn scaled_value_after(tokens: &[Token<'_>], name: usize, scale: Scale) -> Option<(Interval, usize, String)> {
    let text = |a: usize, b: usize| tokens[a..=b].iter().enumerate().map(|(n, t)| if n == 0 { t.text.to_string() } else { format!("{}{}", t.gap_text, t.text) }).collect::<String>();
    // The clause: up to a stop, or a comma outside a parenthesis opened after the name ("Ht
    // 118.2 cm (-2.6 SD, <1st %ile); Wt …").
    let mut end = name;
    let mut open = false;
    while end + 1 < tokens.len() && end < name + 14 {
        let t = &tokens[end + 1];
        if t.gap.stop || (t.gap.comma && !open) {
            break;
        }
        if t.gap.open_paren {
            open = true;
        }
        if t.gap.close_paren {
            open = false;
        }
        end += 1;
    }
    let digits = |j: usize| tokens[j].lower.starts_with(|c: char| c.is_ascii_digit());
    match scale {
        Scale::Value => None,
        Scale::Deviations => (name + 1..=end).find_map(|j| {
            if !digits(j) {
                return None;
            }
            let (n, e) = number_at(tokens, j, false)?;
            let w = |i: usize| tokens.get(i).filter(|_| i <= end).map_or("", |t| t.lower.as_str());
            let marked_after = matches!(w(e + 1), "sd" | "sds") || (w(e + 1) == "standard" && w(e + 2).starts_with("deviation"));
            let marked_before = j > name + 1 && (matches!(w(j - 1), "sds" | "z") || (w(j - 1) == "score" && w(j - 2) == "z"));
            if !(marked_after || marked_before) {
                return None;
            }
            let below = (e + 2..=(e + 4).min(end)).any(|i| w(i) == "below");
            let value = if below && n > 0.0 { -n } else { n };
            let c = comparator_before(tokens, j).map_or(Comparator::Exactly, |c| c.0);
            let last = if marked_after { e + 1 } else { e };
            Some((Interval::from_comparator(c, value), j, text(j, last)))
        }),
        Scale::Percentile => (name + 1..=end).find_map(|j| {
            let n = ordinal(&tokens[j].lower).or_else(|| tokens[j].number().filter(|_| digits(j)))?;
            if !(j < end && percentile_word(tokens, j + 1)) {
                return None;
            }
            let c = comparator_before(tokens, j).map_or(Comparator::Exactly, |c| c.0);
            Some((Interval::from_comparator(c, n), j, text(j, j + 1)))
        }),
        Scale::NormalLimit { upper } => {
            // The value: the first number after the name (a range printed after it is the
            // reference).
            let v = (name + 1..=end.min(name + 6)).find(|&j| digits(j))?;
            // ("5x ULN": the multiple written against its sign.)
            let (value, e) = number_at(tokens, v, false).or_else(|| Some((tokens[v].lower.strip_suffix(['x', '×'])?.parse::<f64>().ok()?, v)))?;
            let c = comparator_before(tokens, v).map_or(Comparator::Exactly, |c| c.0);
            let w = |i: usize| tokens.get(i).filter(|_| i <= end).map_or("", |t| t.lower.as_str());
            // "ALT 5x ULN", "ALT >3 times ULN": the multiple itself.
            let times = matches!(w(e + 1), "x" | "times" | "×") || tokens[e].lower.ends_with('x');
            let uln = |i: usize| matches!(w(i), "uln" | "lln") || (w(i) == "upper" && w(i + 1) == "limit");
            if upper && times && (uln(e + 1) || uln(e + 2) || uln(e + 3)) {
                let multiple = if tokens[e].lower.ends_with('x') { tokens[e].lower.trim_end_matches('x').parse::<f64>().ok()? } else { value };
                let last = (e + 1..=(e + 3).min(end)).find(|&i| uln(i)).unwrap_or(e);
                return Some((Interval::from_comparator(c, multiple), v, text(v, last)));
            }
            // The reference range ("(7.0-16.0)", "(ref 83-233, age/sex adjusted)") or a flag ("L",
            // "(H)", "low").
            let range = (e + 1..end).find_map(|j| {
                let (lo, le) = number_at(tokens, j, false).filter(|_| digits(j))?;
                let next = tokens.get(le + 1).filter(|n| n.gap.dash && le < end)?;
                let (hi, he) = number_at(tokens, le + 1, false).filter(|_| next.lower.starts_with(|c: char| c.is_ascii_digit()))?;
                (hi > lo && lo >= 0.0).then_some((lo, hi, he))
            });
            // ("U/L" is a unit, not a flag.)
            let flag = (e + 1..=end).filter(|&j| !tokens[j].gap.slash && !tokens[j].gap.joined).find_map(|j| match tokens[j].text {
                "L" | "LOW" | "Low" | "low" => Some(false),
                "H" | "HIGH" | "High" | "high" => Some(true),
                _ => None,
            });
            let (multiple, last) = match (range, flag) {
                (Some((lo, hi, he)), _) => {
                    let limit = if upper { hi } else { lo };
                    (Interval::from_comparator(c, value / limit), he)
                }
                // Flagged outside its range: beyond the limit on that side, by an unknown multiple.
                (None, Some(high)) => {
                    let beyond = if high { Comparator::MoreThan } else { Comparator::LessThan };
                    (Interval::from_comparator(beyond, 1.0), end)
                }
                (None, None) => return None,
            };
            Some((multiple, v, text(v, last.min(end))))
        }
    }
}

/// A note's value of a threshold on a reference scale (see [`Scale`]): the value in the
/// scale, its token and the words that gave it.
pub fn note_scaled_value(tokens: &[Token<'_>], keyword: &[String], scale: Scale) -> Option<(Interval, usize, String)> {
    name_positions(tokens, keyword).into_iter().find_map(|p| scaled_value_after(tokens, p, scale))
}

/// Words for a scale's steps, or a count's or level's, which notes leave out after the name.
const SCALE_STEPS: &[&str] = &["class", "grade", "stage", "categori", "tier", "score", "count", "level", "concentr"];

/// Every value written after a name in one run, each with the date written right after it:
/// "A1c 8.6% (08/2023), 7.4% (2024-05-02)", "Hb trend: 10.4 (12/2023) -> 9.6 (03/2024) -> 9.1
/// (06/03/24)". The first is [`note_named_value`]'s; the others follow a comma, an arrow or
/// "then", and a value without a date of its own has none.
pub fn note_named_values(tokens: &[Token<'_>], keyword: &[String], today: chrono::NaiveDate) -> Vec<(Interval, usize, Option<chrono::NaiveDate>)> {
    let Some((first, at)) = note_named_value(tokens, keyword) else { return Vec::new() };
    value_run(tokens, first, at, today)
}

/// The run of values starting with `first` at token `at` (see [`note_named_values`]).
pub fn value_run(tokens: &[Token<'_>], first: Interval, at: usize, today: chrono::NaiveDate) -> Vec<(Interval, usize, Option<chrono::NaiveDate>)> {
    let mut out = Vec::new();
    let (mut value, mut k) = (first, at);
    // Whether the value at `k` was reached by an arrow or "then" (else a comma, which only joins
    // values that each carry a date: "A1c 8.6% (08/2023), 7.4% (2024-05-02)", not "LVEF 35%, 2
    // prior infarcts").
    let mut by_arrow = true;
    loop {
        // ("83M": a value read from a word of its own stands alone.)
        let Some((_, end)) = number_at(tokens, k, false) else {
            if out.is_empty() {
                out.push((value, k, None));
            }
            break;
        };
        // Units and a percent sign after the value, then its date in parentheses.
        let mut j = end + 1;
        while tokens.get(j).is_some_and(|t| !t.gap.stop && !t.gap.open_paren && !t.gap.comma && VALUE_UNITS.contains(&t.lower.as_str())) {
            j += 1;
        }
        let mut date = None;
        if tokens.get(j).is_some_and(|t| t.gap.open_paren && !t.gap.stop) {
            let close = (j..tokens.len().min(j + 6)).find(|&c| tokens.get(c + 1).is_none_or(|n| n.gap.close_paren || n.gap.stop)).unwrap_or(j);
            date = super::duration::note_dates(&tokens[j..=close], today).first().map(|(a, _)| *a);
            if date.is_some() {
                j = close + 1;
            }
        }
        if !by_arrow && date.is_none() {
            break;
        }
        out.push((value, k, date));
        // The next value of the run: after an arrow or "then", or after a comma once dated.
        let Some(next) = tokens.get(j) else { break };
        // ("BMI > 35, > 5 yrs post-op": after a comma, ">" compares; it is no arrow.)
        let arrow = next.gap_text.contains("->") || next.gap_text.contains('→') || (next.gap_text.contains('>') && !next.gap_text.contains(','));
        let comma = next.gap_text.contains(',') && !next.gap.stop && date.is_some();
        let (n_at, ok) = if next.lower == "then" { (j + 1, true) } else { (j, arrow || comma) };
        if !ok {
            break;
        }
        by_arrow = arrow || next.lower == "then";
        match tokens.get(n_at).and_then(|t| t.number().map(|_| ())).and_then(|_| number_at(tokens, n_at, false)) {
            Some((v, _)) if !tokens[n_at].gap.stop || arrow => {
                value = Interval::from_comparator(Comparator::Exactly, v);
                k = n_at;
            }
            _ => break,
        }
    }
    out
}

/// A value written before the name that starts at `name`: "18-22 headache days", "62-degree
/// alpha angle", "89% SpO2" — a number or range right before it, or before one unit word.
fn named_value_before(tokens: &[Token<'_>], name: usize) -> Option<(Interval, usize)> {
    if name == 0 || tokens[name].gap.stop || tokens[name].gap.comma || tokens[name].gap.colon {
        return None;
    }
    let mut j = name - 1;
    if matches!(tokens[j].lower.as_str(), "degree" | "degrees" | "percent" | "mm" | "cm") && j > 0 && !tokens[j].gap.stop && !tokens[j].gap.comma {
        j -= 1;
    }
    let digits = |t: &Token<'_>| t.lower.starts_with(|c: char| c.is_ascii_digit()) && t.lower.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !digits(&tokens[j]) {
        return None;
    }
    let high: f64 = tokens[j].lower.parse().ok()?;
    // "18-22": a range ends here.
    if j > 0 && tokens[j].gap.dash && digits(&tokens[j - 1]) && !tokens[j].gap.stop {
        let low: f64 = tokens[j - 1].lower.parse().ok()?;
        if low < high {
            return Some((Interval::between(low, high), j - 1));
        }
    }
    Some((Interval::from_comparator(Comparator::Exactly, high), j))
}

#[cfg(test)]
mod value_before_tests {
    use super::*;
    use crate::preauth::tokens::tokenize;

    #[test]
    fn a_value_may_come_before_its_name() {
        let value = |text: &str, name: &[&str]| note_named_value(&tokenize(text), &name.iter().map(|w| crate::text::stem(w)).collect::<Vec<_>>()).map(|v| v.0.describe(""));
        assert_eq!(value("Diary: 18-22 headache days per month", &["headache", "days"]), Some(Interval::between(18.0, 22.0).describe("")));
        assert_eq!(value("62-degree alpha angle on the right", &["alpha", "angle"]), Some(Interval::from_comparator(Comparator::Exactly, 62.0).describe("")));
        assert_eq!(value("Alpha angle 58 degrees", &["alpha", "angle"]), Some(Interval::from_comparator(Comparator::Exactly, 58.0).describe("")));
        assert_eq!(value("Seen 3 times. Headache days: rare", &["headache", "days"]), None);
        let exactly = |v: f64| Some(Interval::from_comparator(Comparator::Exactly, v).describe(""));
        assert_eq!(value("Sx: SOB walking to mailbox. NYHA III.", &["nyha", "class"]), exactly(3.0), "the scale without its steps' word");
        assert_eq!(value("CEAP: C4a, Ep, As, Pr", &["ceap", "class"]), exactly(4.0));
        assert_eq!(value("NDI 19/50 (38%) - was 26/50.", &["ndi"]), exactly(38.0), "a score out of its maximum, as the percentage it makes");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::lexicon::mentions;
    use crate::preauth::quantity::{Outcome, judge};
    use crate::preauth::tokens::tokenize;

    fn policy(text: &str) -> Vec<String> {
        let t = tokenize(text);
        policy_measures(&t, &mentions(&t)).iter().map(MeasureMention::describe).collect()
    }

    fn note(text: &str) -> Vec<String> {
        let t = tokenize(text);
        note_measures(&t, &mentions(&t)).iter().map(MeasureMention::describe).collect()
    }

    #[test]
    fn a_bmi_from_height_and_weight() {
        assert_eq!(note("Ht 67 in, Wt 267 lb."), ["BMI 41.8 kg/m²"]);
        assert_eq!(note("Height 170 cm, weight 121 kg"), ["BMI 41.9 kg/m²"]);
        assert_eq!(note("5'7\", 267 lbs"), ["BMI 41.8 kg/m²"]);
        assert_eq!(note("Wt 98 kg, BMI 33.1"), ["BMI 33.1 kg/m²"], "a stated BMI is the BMI");
        assert!(note("Walked 300 ft in 6 min; 2 kg weight loss").is_empty());
    }

    #[test]
    fn a_comparator_after_a_comma_starts_no_run() {
        let today = chrono::NaiveDate::from_ymd_opt(2024, 6, 5).expect("a date");
        let run = |text: &str, first: &str| {
            let t = tokenize(text);
            let at = t.iter().position(|x| x.lower == first).expect("the first value");
            value_run(&t, Interval::from_comparator(Comparator::Exactly, 1.0), at, today).len()
        };
        assert_eq!(run("A/P: Weight regain after sleeve, BMI > 35, > 5 yrs post-op.", "35"), 1, "five years are no BMI");
        assert_eq!(run("Hb trend: 10.4 (12/2023) -> 9.6 (03/2024) -> 9.1 (06/03/24)", "10.4"), 3);
        assert_eq!(run("eGFR 28 > 22 > 19", "28"), 3, "a bare '>' between values is still a trend");
    }

    #[test]
    fn policy_thresholds() {
        assert_eq!(policy("BMI ≥ 40 kg/m2"), ["BMI ≥ 40 kg/m²"]);
        assert_eq!(policy("a BMI of 40 kg/m2 or greater"), ["BMI ≥ 40 kg/m²"]);
        assert_eq!(policy("BMI greater than or equal to 35"), ["BMI ≥ 35 kg/m²"]);
        assert_eq!(policy("BMI 35–39.9 with a comorbidity"), ["BMI 35–39.9 kg/m²"]);
        assert_eq!(policy("BMI between 35 and 39.9"), ["BMI 35–39.9 kg/m²"]);
        assert_eq!(policy("HbA1c below 8%"), ["HbA1c < 8%"]);
        assert_eq!(policy("HbA1c of 8.0% or less"), ["HbA1c ≤ 8%"]);
        assert_eq!(policy("18 years of age or older"), ["age ≥ 18 years"]);
        assert_eq!(policy("Patient is 18 years or older"), ["age ≥ 18 years"]);
        assert_eq!(policy("Patient is 15 to 55 years old"), ["age 15–55 years"]);
        assert_eq!(policy("adults 18-64 years of age"), ["age 18–64 years"]);
        assert_eq!(policy("For members younger than 65 years, one of the following"), ["age < 65 years"]);
        assert_eq!(policy("Kellgren-Lawrence grade 3 or 4"), ["Kellgren-Lawrence grade 3–4"]);
        assert_eq!(policy("BMI greater than 50"), ["BMI > 50 kg/m²"]);
        assert_eq!(policy("Best-corrected visual acuity of 20/50 or worse"), ["visual acuity 20/50 or worse"]);
        assert_eq!(policy("visual acuity better than 20/40"), ["visual acuity 20/40 (equal excluded)"]);
    }

    #[test]
    fn note_values() {
        assert_eq!(note("BMI 42.1 kg/m2 today"), ["BMI 42.1 kg/m²"]);
        assert_eq!(note("83M admitted 5/25 w/ fevers"), ["age 83 years"], "age and sex as clinicians write them");
        assert_eq!(note("Pain score (0-10): current 8, best 5"), ["pain score 8/10"], "the scale is not the value");
        assert!(note("walked 5m unaided").is_empty());
        assert_eq!(note("Body mass index: 36"), ["BMI 36 kg/m²"]);
        assert_eq!(note("62-year-old woman"), ["age 62 years"]);
        assert_eq!(note("62 y/o M"), ["age 62 years"]);
        assert_eq!(note("Pain 7/10 with stairs"), ["pain score 7/10"]);
        assert!(note("knee pain 2 weeks").is_empty());
        assert_eq!(note("pain score 7/10"), ["pain score 7/10"]);
        assert_eq!(note("KL grade IV changes"), ["Kellgren-Lawrence grade 4"]);
        assert_eq!(note("A1c of 7.2 %"), ["HbA1c 7.2%"]);
        assert_eq!(note("VA cc: OD 20/60, OS 20/25"), ["visual acuity 20/60"], "the chart's VA");
        assert_eq!(note("Oswestry 21/50 (42%), VAS 7/10"), ["Oswestry Disability Index 42%", "pain score 7/10"], "a raw score out of 50 as its percentage");
        assert_eq!(note("This sixty-eight-year-old retired machinist"), ["age 68 years"], "an age in words");
        assert!(note("BMI not recorded; weight 90 kg").is_empty());
    }

    #[test]
    fn named_thresholds_outside_the_list() {
        let read = |text: &str| {
            let t = tokenize(text);
            policy_named_thresholds(&t, &vec![false; t.len()]).into_iter().map(|n| (n.keyword.join(" "), n.value.describe(""))).collect::<Vec<_>>()
        };
        assert_eq!(read("AHI of at least 15 events per hour"), [("ahi".to_string(), "≥ 15".to_string())]);
        let t = tokenize("Epworth Sleepiness Scale score greater than 10");
        let ess = policy_named_thresholds(&t, &vec![false; t.len()]);
        assert!(ess[0].aliases.contains(&vec!["epworth".to_string()]), "the eponym alone names the scale: {ess:?}");
        assert_eq!(read("left ventricular ejection fraction of 35% or less"), [("eject fraction".to_string(), "≤ 35".to_string())]);
        assert_eq!(read("headache on 15 or more days per month"), [("headach".to_string(), "≥ 15".to_string())]);
        assert_eq!(read("Outerbridge grade 3 or 4 chondral lesion"), [("outerbridg grade".to_string(), "3–4".to_string())]);
        assert!(read("at least two of the following").is_empty(), "words are not thresholds");
        assert!(read("within 12 months").is_empty(), "no comparison, no threshold");
        assert!(read("failed at least 2 NSAIDs").is_empty(), "a count of things is not a threshold");
        assert_eq!(read("T-score of -2.5 or lower"), [("t".to_string(), "≤ -2.5".to_string())]);
        let t = tokenize("Sleep study: AHI 22 events per hour");
        assert_eq!(note_named_value(&t, &["ahi".to_string()]).map(|v| v.0.describe("")), Some("22".to_string()));
    }

    #[test]
    fn lab_limits_keep_their_units_and_notes_their_rows() {
        let policy = |text: &str| {
            let t = tokenize(text);
            policy_named_thresholds(&t, &vec![false; t.len()])
        };
        let note = |text: &str, name: &str| {
            let t = tokenize(text);
            note_named_value(&t, &[crate::text::stem(name)]).map(|(v, at)| (v, unit_after(&t, at)))
        };
        let exactly = |v: f64| Interval::from_comparator(Comparator::Exactly, v);
        let ferritin = &policy("Serum ferritin of 30 ng/mL or less")[0];
        assert_eq!((ferritin.keyword.clone(), ferritin.unit, ferritin.value.describe("")), (vec!["ferritin".to_string()], Some("ng/ml"), "≤ 30".to_string()));
        let vitamin_d = &policy("A 25-hydroxyvitamin D level of 20 ng/mL (50 nmol/L) or higher")[0];
        assert_eq!(vitamin_d.value.describe(""), "≥ 20", "the limit in the policy's first unit");
        assert_eq!(vitamin_d.alternate.map(|(v, u)| (v.describe(""), u)), Some(("≥ 50".to_string(), "nmol/l")));
        assert_eq!(vitamin_d.limit_for(exactly(62.0), Some("nmol/l")).map(|(l, _)| l.describe("")), Some("≥ 50".to_string()), "a value in the other unit meets the other limit");
        let calcium = &policy("most recent serum calcium (albumin-corrected when albumin is low) below 8.5 mg/dL")[0];
        assert_eq!(calcium.keyword, ["calcium"], "the name before a qualifier in parentheses");
        assert_eq!(calcium.limit_for(exactly(2.3), Some("mmol/l")), None, "mmol/L cannot be held to a mg/dL limit");
        let hemoglobin = &policy("Hemoglobin less than 11.0 g/dL")[0];
        assert_eq!(hemoglobin.limit_for(exactly(98.0), Some("g/l")).map(|(_, v)| v.describe("")), Some("9.8".to_string()), "g/L is a tenth of g/dL");
        assert!((unit_factor("g/l", "mg/dl").expect("mass units") - 100.0).abs() < 1e-9, "IgG 4.1 g/L is 410 mg/dL");
        assert!((unit_factor("ug/dl", "ng/ml").expect("mass units") - 10.0).abs() < 1e-9);
        assert!((unit_factor("umol/l", "mmol/l").expect("molar units") - 1e-3).abs() < 1e-12);
        assert_eq!(unit_factor("mmol/l", "mg/dl"), None, "mass and molar units need the substance");
        assert_eq!(note("Ferritin ........... 6      ng/mL      L", "ferritin"), Some((exactly(6.0), Some("ng/ml"))), "a lab table row");
        assert_eq!(note("Calcium, total 7.9 mg/dL (8.6-10.3) LOW", "calcium"), Some((exactly(7.9), Some("mg/dl"))));
        assert_eq!(note("AHI (4% rule) ........ 22.4 events/hr", "ahi").map(|v| v.0), Some(exactly(22.4)), "a qualifier in parentheses is not the value");
        assert_eq!(note("Recheck CBC, ferritin and phosphorus 6 weeks after the second dose", "phosphorus"), None, "a time is not a value");
        assert_eq!(note("Reviewed HSAT: AHI 22/hr", "ahi").map(|v| v.0), Some(exactly(22.0)), "a rate per hour is a value");
        assert_eq!(note("Respiratory event index (REI, 3% desaturation rule): 22.4 events/hour", "rei").map(|v| v.0), Some(exactly(22.4)), "the qualifier inside the name's parenthesis is not the value");
        assert_eq!(note("Hb            94        L      g/L        130-170", "hemoglobin"), Some((exactly(94.0), Some("g/l"))), "the flag between a value and its unit");
        assert_eq!(note("Immunoglobulin E, total 412 H kU/L", "e").map(|v| v.1), Some(Some("iu/ml")), "kU/L is IU/mL");
        assert_eq!(note("DFU L foot - Wagner III (deep ulcer)", "wagner").map(|v| v.0), Some(exactly(3.0)), "a grade in roman numerals");
        assert_eq!(note("MGFA IIa", "mgfa").map(|v| v.0), Some(exactly(2.0)));
        assert_eq!(note("Wagner I", "wagner"), None, "a lone capital I is no grade after a name alone");
        let gas = "ABG in clinic today, seated, awake, on home 2L NC: 7.36/58/61/32, SaO2 91%.";
        assert_eq!(note(gas, "paco2").map(|v| v.0), Some(exactly(58.0)), "pH/PaCO2/PaO2/HCO3");
        assert_eq!(note(gas, "pao2").map(|v| v.0), Some(exactly(61.0)));
        assert_eq!(note("VBG 7.31/62", "paco2"), None, "a venous gas");
        let bp = |text: &str, part: &str| {
            let t = tokenize(text);
            note_named_value(&t, &[crate::text::stem(part), "blood".to_string(), crate::text::stem("pressure")]).map(|v| v.0)
        };
        assert_eq!(bp("0600: BP 86/50 on norepi 0.03.", "systolic"), Some(exactly(86.0)), "systolic/diastolic");
        assert_eq!(bp("Blood pressure 150/96 mmHg seated.", "diastolic"), Some(exactly(96.0)));
        let sbp = &policy("Systolic blood pressure below 90 mmHg.")[0];
        let t = tokenize("0600: BP 86/50 on norepi 0.03.");
        assert_eq!(note_named_value(&t, &sbp.keyword).map(|v| v.0), Some(exactly(86.0)), "the systolic part");
        assert_eq!(sbp.aliases.iter().find_map(|name| note_named_value(&t, name)).map(|v| v.0), Some(exactly(86.0)), "by its initials");
        let dbp = &policy("Diastolic blood pressure of 100 mmHg or higher")[0];
        assert_eq!(note_named_value(&tokenize("BP 150/96 seated"), &dbp.keyword).map(|v| v.0), Some(exactly(96.0)), "the diastolic part");
        let pasp = &policy("Pulmonary artery systolic pressure of 40 mmHg or higher")[0];
        assert_eq!(note_named_value(&tokenize("BP 150/96 during the study"), &pasp.keyword), None, "no blood pressure");
        assert_eq!(note("Dc ABG 4/21: 7.38/61/66 on 2L.", "paco2").map(|v| v.0), Some(exactly(61.0)), "the date before it is no gas");
        assert_eq!(note("FEV1 (L)          3.12       92", "fev1"), Some((exactly(3.12), Some("l"))), "a table's column unit");
        assert_eq!(note("Peak cough flow (L/s)   5.2", "flow").map(|v| v.1), Some(Some("l/s")));
        let cough = &policy("Unassisted peak cough flow below 270 L/min")[0];
        assert_eq!(cough.limit_for(exactly(5.2), Some("l/s")).map(|(_, v)| v.describe("")), Some("312".to_string()), "L/s in L/min");
        let ige = &policy("venom-specific IgE of 0.35 kUA/L or greater")[0];
        assert_eq!((ige.unit, ige.value.describe("")), (Some("iu/ml"), "≥ 0.35".to_string()), "kUA/L before the comparison");
        let acr = &policy("Urine albumin-to-creatinine ratio of 200 mg/g or greater")[0];
        assert_eq!(acr.limit_for(exactly(45.0), Some("mg/mmol")).map(|(_, v)| v.describe("")), Some("397.81".to_string()), "mg/mmol of creatinine in mg/g");
        let fev1 = &policy("FEV1 below 70% of predicted")[0];
        assert_eq!(fev1.limit_for(exactly(3.12), Some("l")), None, "litres are not a percentage of predicted");
        let t = tokenize("FEV1 (L)      1.21 (44%)    1.32 (48%)");
        let (value, at) = note_named_value(&t, &["fev1".to_string()]).expect("a value");
        assert_eq!(fev1.limit_at(&t, value, at).map(|(_, v)| v.describe("")), Some("44".to_string()), "a volume's share of predicted");
        let t = tokenize("Post-BD FEV1: 3.24 L (+4%)");
        let (value, at) = note_named_value(&t, &["fev1".to_string()]).expect("a value");
        assert_eq!(fev1.limit_at(&t, value, at), None, "litres and a change in percent are no share of predicted");
        let t = tokenize("FEV1 ...... 1.92 L (62% pred)");
        let (value, at) = note_named_value(&t, &["fev1".to_string()]).expect("a value");
        assert_eq!(fev1.limit_at(&t, value, at).map(|(_, v)| v.describe("")), Some("62".to_string()), "the share after the litres");
    }

    #[test]
    fn threshold_names_abbreviations_aliases_and_grades() {
        let read = |text: &str| {
            let t = tokenize(text);
            policy_named_thresholds(&t, &vec![false; t.len()])
                .into_iter()
                .map(|n| (n.keyword.join(" "), n.aliases.iter().map(|a| a.join(" ")).collect::<Vec<_>>(), n.value.describe("")))
                .collect::<Vec<_>>()
        };
        let alias = |a: &str| vec![a.to_string()];
        assert_eq!(
            read("a pulse volume index (PVI) of 0.8 or less"),
            [("pvi".to_string(), vec!["volum index".to_string()], "≤ 0.8".to_string())],
            "the abbreviation is the name, and the words it abbreviates another"
        );
        assert_eq!(read("the FVC or DLCO is 60 or less"), [("dlco".to_string(), alias("fvc"), "≤ 60".to_string())], "either name");
        assert_eq!(read("FVC/DLCO below 40"), [("dlco".to_string(), alias("fvc"), "< 40".to_string())]);
        assert_eq!(
            read("an apnea-hypopnea index (AHI) or respiratory disturbance index (RDI) of 15 or more events per hour"),
            [("rdi".to_string(), vec!["disturb index".to_string(), "ahi".to_string(), "rei".to_string()], "≥ 15".to_string())],
            "a threshold after two named, abbreviated indices is either's"
        );
        assert_eq!(read("a urine protein (UP) or albumin (ALB) of 30 or more"), [("alb".to_string(), vec!["albumin".to_string(), "up".to_string()], "≥ 30".to_string())]);
        assert_eq!(read("an edema grade of 2+ in both legs"), [("edema grade".to_string(), vec![], "2".to_string())], "a 0–4 grade is exact");
        assert_eq!(read("an Epworth total of 12+ on screening"), [("epworth total".to_string(), vec![], "≥ 12".to_string())], "a larger number with + is a floor");
        assert_eq!(read("a grade at the end, ASA 3+"), [("asa".to_string(), vec![], "3".to_string())], "a plus ending the text");
        let grades: Vec<String> = read("low expression (TPS 0, TPS 1+ or TPS 2+)").into_iter().map(|g| g.2).collect();
        assert_eq!(grades, ["0", "1", "2"], "a bare grade beside its siblings");
        assert!(read("seen by the ENT 2 times").is_empty(), "a count is no grade");
        let t = tokenize("Resting PVI: R 0.6, L 0.9");
        assert_eq!(note_named_value(&t, &["pvi".to_string()]).map(|v| v.0.describe("")), Some("0.6".to_string()), "a side before the value");
    }

    #[test]
    fn snellen_acuity_compares_worse_and_better() {
        let p = tokenize("visual acuity of 20/50 or worse");
        let required = policy_measures(&p, &mentions(&p))[0].value;
        for (note, expected) in [("BCVA 20/70 OD", Outcome::Satisfied), ("BCVA 20/30 OD", Outcome::Violated), ("visual acuity 6/15", Outcome::Satisfied)] {
            let n = tokenize(note);
            assert_eq!(judge(&required, &note_measures(&n, &mentions(&n))[0].value, 0.0), expected, "{note}");
        }
    }

    #[test]
    fn thresholds_judge_values() {
        let t = tokenize("BMI ≥ 40");
        let req = policy_measures(&t, &mentions(&t))[0].value;
        let t = tokenize("BMI 32");
        let obs = note_measures(&t, &mentions(&t))[0].value;
        assert_eq!(judge(&req, &obs, 0.0), Outcome::Violated);
        let t = tokenize("BMI 35–39.9");
        let range = policy_measures(&t, &mentions(&t))[0].value;
        let t = tokenize("BMI 37.4");
        assert_eq!(judge(&range, &note_measures(&t, &mentions(&t))[0].value, 0.0), Outcome::Satisfied);
    }
}
