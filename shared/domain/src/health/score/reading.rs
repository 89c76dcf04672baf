//! How the score reads a document's text: its sentences with the section each is in, their
//! comma-separated segments, the figures in a segment ("3x/wk", "30 min daily", "2-3 drinks/wk",
//! "5 hours", "3/12"), calendar dates, and whether a mention is the patient's current, stated fact.
//!
//! Context comes from the shared NegEx/ConText engine ([`crate::clinical_context`]); this module
//! adds what one trigger there cannot show: the section a line is in (a plan's "walk 30 min daily"
//! is advice, a family history's "drinks" is a relative's), plans and intentions ("will start
//! walking", "advised to", "goal"), past habits ("used to run", "quit drinking") and the people a
//! social history names that the engine has no trigger for (husband, wife, partner, friend).

use std::ops::Range;

use chrono::NaiveDate;

use crate::clinical_context::{self, Experiencer, Negation, Temporality};

/// Text past this many bytes of one document is not read.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// At most this many sentences of one document are read: a consultation note has a few dozen to
/// a few hundred, a long discharge summary under a thousand. (Each may go through the context
/// engine, whose cost grows with its words; with [`super::MAX_DOCUMENT_TEXTS`] this bounds a
/// score's work.)
pub const MAX_SENTENCES: usize = 1_000;

/// A sentence longer than this is read up to it (the context engine's cost grows with its words).
pub const MAX_SENTENCE_BYTES: usize = 600;

/// The part of a note a line is in, as far as the score cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// History of present illness, social history, examination, assessment and anything unnamed.
    Body,
    /// Plan, recommendations, counselling, instructions: advice, not what the patient does.
    Plan,
    /// Family history: about relatives.
    Family,
    /// Past medical or surgical history.
    History,
}

/// One sentence (or `;`-separated clause) of a document, lower-cased for matching.
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// `text` lower-cased (ASCII), so byte offsets agree.
    pub lower: String,
    pub section: Section,
}

/// A known section heading, and the section it opens.
fn section_of(heading: &str) -> Option<Section> {
    let h = heading.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    let h = h.as_str();
    const PLAN: &[&str] = &[
        "plan", "a/p", "a&p", "assessment and plan", "assessment & plan", "assessment/plan", "impression and plan", "recommendations",
        "recommendation", "counseling", "counselling", "goals", "instructions", "patient instructions", "discharge instructions",
        "orders", "education", "patient education",
    ];
    const FAMILY: &[&str] = &["family history", "fh", "fhx", "family hx", "family medical history"];
    const HISTORY: &[&str] = &["pmh", "past medical history", "psh", "past surgical history", "medical history", "surgical history"];
    const BODY: &[&str] = &[
        "hpi", "history of present illness", "subjective", "objective", "exam", "physical exam", "physical examination", "pe", "vitals",
        "assessment", "impression", "social history", "sh", "social hx", "shx", "lifestyle", "habits", "medications", "meds", "allergies",
        "labs", "results", "chief complaint", "cc", "ros", "review of systems", "interval history",
    ];
    if PLAN.contains(&h) {
        Some(Section::Plan)
    } else if FAMILY.contains(&h) {
        Some(Section::Family)
    } else if HISTORY.contains(&h) {
        Some(Section::History)
    } else if BODY.contains(&h) {
        Some(Section::Body)
    } else {
        None
    }
}

/// The longest prefix of `text` that ends on a character boundary and is at most `max` bytes.
pub fn bounded(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The sentences of a document's text, each with its section, up to the bounds above. A line
/// that starts with a known heading ("Plan:", "SH:", "Family history:") opens that section until
/// the next known heading; the heading itself is left out of the sentence, so the engine does not
/// read "Social history:" as a history trigger over the habits that follow it.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let text = bounded(text, MAX_TEXT_BYTES);
    let mut out = Vec::new();
    let mut section = Section::Body;
    for line in text.lines() {
        let mut content = line.trim();
        if let Some(colon) = content.find(':')
            && colon <= 40
            && let Some(opened) = section_of(&content[..colon])
        {
            section = opened;
            content = content[colon + 1..].trim();
        }
        for sentence in crate::text::sentences(content) {
            for clause in sentence.text.split(';') {
                let clause = bounded(clause.trim(), MAX_SENTENCE_BYTES);
                if clause.chars().any(char::is_alphanumeric) {
                    out.push(Sentence { text: clause, lower: clause.to_ascii_lowercase(), section });
                    if out.len() >= MAX_SENTENCES {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// The comma-separated segments of a sentence, as byte ranges ("SH: sedentary, ETOH 2-3
/// drinks/wk"). "fruit and vegetables" stays whole; " but " also separates.
pub fn segments(lower: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let cut = match bytes[i] {
            // A thousands separator ("1,000") does not cut.
            b',' if !(i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) => Some(1),
            b' ' if lower[i..].starts_with(" but ") => Some(5),
            _ => None,
        };
        if let Some(width) = cut {
            if i > start {
                out.push(start..i);
            }
            start = i + width;
            i += width;
        } else {
            i += 1;
        }
    }
    if start < lower.len() {
        out.push(start..lower.len());
    }
    out
}

/// How a mention stands, read in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// The patient does it now (or the note states it without qualification).
    Current,
    /// The patient is said not to ("denies ETOH", "no regular exercise").
    Negated,
    /// In the past ("used to run", "history of alcohol use", "quit drinking").
    Past,
    /// Advice, a plan, an intention or a condition ("will start walking", "Plan: exercise").
    Planned,
    /// Someone else's ("mother is a smoker", "husband drinks").
    SomeoneElse,
}

/// Words that make a habit in the same segment advice or intention rather than practice.
const PLAN_WORDS: &[&str] = &[
    "will", "plan", "plans", "planning", "wants", "want", "would", "hopes", "goal", "goals", "advised", "advise", "encouraged",
    "encourage", "recommended", "recommend", "recommends", "counseled", "counselled", "discussed", "educated", "try", "trying",
    "should", "needs", "need", "start", "starting", "begin", "aim", "consider", "increase", "reduce", "decrease", "limit", "cut",
    "continue", "target", "prescribed", "rx", "refer", "referred", "due", "schedule", "scheduled", "order", "ordered", "overdue",
];

/// Words that put a habit in the past.
const PAST_WORDS: &[&str] = &["used", "formerly", "former", "previously", "quit", "stopped", "ago", "ex", "until", "remote"];

/// People the engine has no trigger for (it has parents, siblings, children, other relatives).
const OTHER_PEOPLE: &[&str] = &[
    "husband", "wife", "spouse", "partner", "boyfriend", "girlfriend", "roommate", "friend", "friends", "coworker", "coworkers",
    "children", "kids", "family",
];

/// The lower-case words of `text` (letters, digits, `'`), with their byte ranges.
pub fn words(lower: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        let part = c.is_ascii_alphanumeric() || c == '\'';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &lower[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..lower.len(), &lower[s..]));
    }
    out
}

/// How the mention at bytes `mention` of `sentence` stands. `segment` is the comma-separated
/// part it is in: plan, past and other-person words count only there, so "lives with husband,
/// walks 30 min daily" is the patient's walking.
pub fn stance(sentence: &Sentence<'_>, segment: Range<usize>, mention: Range<usize>) -> Stance {
    match sentence.section {
        Section::Plan => return Stance::Planned,
        Section::Family => return Stance::SomeoneElse,
        Section::History => return Stance::Past,
        Section::Body => {}
    }
    let before = &sentence.lower[segment.start..mention.start.max(segment.start)];
    let segment_words = words(&sentence.lower[segment.clone()]);
    let before_words = words(before);
    if before_words.iter().any(|(_, w)| OTHER_PEOPLE.contains(w)) {
        return Stance::SomeoneElse;
    }
    let context = clinical_context::assess_span(sentence.text, mention);
    if context.experiencer == Experiencer::Other {
        return Stance::SomeoneElse;
    }
    if before_words.iter().any(|(_, w)| PLAN_WORDS.contains(w)) || context.temporality == Temporality::Hypothetical {
        return Stance::Planned;
    }
    let no_longer = sentence.lower[segment.clone()].contains("no longer") || sentence.lower[segment].contains("in the past");
    if no_longer || segment_words.iter().any(|(_, w)| PAST_WORDS.contains(w)) || context.temporality == Temporality::Historical {
        return Stance::Past;
    }
    if context.negation == Negation::Negated {
        return Stance::Negated;
    }
    Stance::Current
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    /// "3x", "3 times", "3 sessions".
    Times,
    Days,
    Weeks,
    Months,
    Years,
    /// Drinks, glasses, beers, shots.
    Drinks,
    Servings,
    /// A bare number ("ETOH 2-3/wk").
    None,
}

/// Per what a figure is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// How many of this period make a week.
    pub fn per_week(self) -> f64 {
        match self {
            Period::Day => 7.0,
            Period::Week => 1.0,
            Period::Month => 12.0 / 52.0,
        }
    }
}

/// One figure in a segment: "30 min", "3x/wk", "2-3 drinks per week" (a range reads as its
/// midpoint, `high` keeps its top).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub high: f64,
    pub unit: Unit,
    pub per: Option<Period>,
    /// Byte range in the sentence.
    pub span: Range<usize>,
}

fn word_number(word: &str) -> Option<f64> {
    Some(match word {
        "a" | "an" | "one" | "once" => 1.0,
        "two" | "twice" | "couple" => 2.0,
        "three" | "thrice" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "half" => 0.5,
        _ => return None,
    })
}

fn unit_of(word: &str) -> Option<Unit> {
    Some(match word {
        "min" | "mins" | "minute" | "minutes" | "mn" => Unit::Minutes,
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
        "x" | "times" | "time" | "sessions" | "session" => Unit::Times,
        "d" | "day" | "days" => Unit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Weeks,
        "m" | "mo" | "mos" | "month" | "months" | "mth" | "mths" => Unit::Months,
        "y" | "yr" | "yrs" | "year" | "years" => Unit::Years,
        "drink" | "drinks" | "glass" | "glasses" | "beer" | "beers" | "shot" | "shots" | "cocktail" | "cocktails" | "pint" | "pints"
        | "can" | "cans" | "bottle" | "bottles" | "units" | "unit" => Unit::Drinks,
        "serving" | "servings" | "portion" | "portions" | "cup" | "cups" => Unit::Servings,
        _ => return None,
    })
}

fn period_of(word: &str) -> Option<Period> {
    Some(match word {
        "d" | "day" | "days" | "daily" | "night" | "nights" | "nightly" | "qd" | "evening" | "evenings" => Period::Day,
        "w" | "wk" | "wks" | "week" | "weeks" | "weekly" => Period::Week,
        "mo" | "mos" | "month" | "months" | "monthly" | "mth" => Period::Month,
        _ => return None,
    })
}

/// A number, a word number, or a number glued to a unit ("3x", "2wks", "30min"): its value and
/// the unit word glued to it.
fn number_in(word: &str) -> Option<(f64, &str)> {
    if let Some(n) = word_number(word) {
        return Some((n, ""));
    }
    let digits = word.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.len());
    if digits == 0 {
        return None;
    }
    let value: f64 = word[..digits].parse().ok()?;
    Some((value, &word[digits..]))
}

/// Words between a figure and its period: "2 glasses of red wine nightly", "5 hours of sleep a night".
const NOUN_WORDS: &[&str] = &["of", "wine", "beer", "fruit", "fruits", "vegetables", "veg", "veggies", "liquor", "alcohol", "etoh", "red", "white", "sleep"];

/// The figures in bytes `range` of `lower` (a sentence, lower-cased).
pub fn figures(lower: &str, range: Range<usize>) -> Vec<Figure> {
    let segment = &lower[range.clone()];
    let tokens: Vec<(Range<usize>, &str)> =
        words(segment).into_iter().map(|(r, w)| ((r.start + range.start)..(r.end + range.start), w)).collect();
    let gap = |a: usize, b: usize| -> &str { lower.get(tokens[a].0.end..tokens[b].0.start).unwrap_or("") };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((mut value, glued)) = number_in(tokens[i].1) else {
            i += 1;
            continue;
        };
        // "a" and "an" are numbers only before a unit ("a week"), never alone.
        let start = tokens[i].0.start;
        let mut end = tokens[i].0.end;
        let mut j = i + 1;
        // A decimal: "1.5".
        if glued.is_empty()
            && j < tokens.len()
            && gap(i, j) == "."
            && tokens[j].1.chars().all(|c| c.is_ascii_digit())
            && let Ok(v) = format!("{}.{}", tokens[i].1, tokens[j].1).parse()
        {
            value = v;
            end = tokens[j].0.end;
            j += 1;
        }
        let mut high = value;
        let mut unit_word = glued;
        // A range: "2-3", "2 to 3", "6-8 weeks".
        if unit_word.is_empty() && j < tokens.len() && (matches!(gap(j - 1, j).trim(), "-" | "–") || tokens[j].1 == "to" || tokens[j].1 == "or") {
            let k = if tokens[j].1 == "to" || tokens[j].1 == "or" { j + 1 } else { j };
            if let Some((top, glued_top)) = tokens.get(k).and_then(|t| number_in(t.1)).filter(|(top, _)| *top >= value)
                && (k == j || gap(j, k).trim().is_empty())
            {
                high = top;
                unit_word = glued_top;
                end = tokens[k].0.end;
                j = k + 1;
            }
        }
        // The unit: glued, or the next word ("30 min", "3 times", "2 glasses of wine").
        let mut unit = unit_of(unit_word);
        if unit.is_none()
            && unit_word.is_empty()
            && j < tokens.len()
            && !gap(j - 1, j).contains('/')
            && let Some(u) = unit_of(tokens[j].1)
        {
            unit = Some(u);
            end = tokens[j].0.end;
            j += 1;
        }
        if matches!(tokens[i].1, "a" | "an" | "half" | "couple") && unit.is_none() {
            i += 1;
            continue;
        }
        // A glued word that is not a unit ("3rd", "4th") is not a figure.
        if unit.is_none() && !unit_word.is_empty() {
            i += 1;
            continue;
        }
        // The period: "/wk", "per week", "a day", "each night", "daily", "x/week".
        let mut per = None;
        let mut k = j;
        // "of wine", "of fruit": a drink's or serving's noun phrase before its period.
        while k < tokens.len() && k < j + 3 && NOUN_WORDS.contains(&tokens[k].1) {
            k += 1;
        }
        if k < tokens.len() {
            let between = gap(k - 1, k);
            let w = tokens[k].1;
            if between.contains('/') || matches!(w, "per" | "a" | "an" | "each" | "every") {
                let target = if between.contains('/') { k } else { k + 1 };
                if let Some(p) = tokens.get(target).and_then(|t| period_of(t.1)) {
                    per = Some(p);
                    end = tokens[target].0.end;
                    j = target + 1;
                }
            } else if matches!(w, "daily" | "nightly" | "weekly" | "monthly" | "qd") {
                per = period_of(w);
                end = tokens[k].0.end;
                j = k + 1;
            }
        }
        out.push(Figure { value: (value + high) / 2.0, high, unit: unit.unwrap_or(Unit::None), per, span: start..end });
        i = j.max(i + 1);
    }
    out
}

/// Sessions a week said without a number ("daily", "most days", "every other day", "twice a
/// week", "on weekends"), anywhere in the segment.
pub fn frequency_words(segment: &str) -> Option<f64> {
    const PHRASES: &[(&str, f64)] = &[
        ("every other day", 3.5),
        ("most days", 5.0),
        ("weekdays", 5.0),
        ("on weekends", 2.0),
        ("weekends", 2.0),
        ("every day", 7.0),
        ("every night", 7.0),
        ("each night", 7.0),
        ("each day", 7.0),
        ("daily", 7.0),
        ("nightly", 7.0),
        ("a day", 7.0),
        ("a night", 7.0),
        ("per day", 7.0),
        ("/day", 7.0),
        ("qd", 7.0),
        ("twice weekly", 2.0),
        ("twice a week", 2.0),
        ("once a week", 1.0),
        ("once weekly", 1.0),
        ("weekly", 1.0),
    ];
    let padded = format!(" {segment} ");
    PHRASES.iter().find(|(p, _)| {
        padded.match_indices(p).any(|(i, _)| {
            let before = padded[..i].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
            let after = padded[i + p.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
            before && after
        })
    }).map(|(_, n)| *n)
}

/// The parts of a segment joined by " and ", " & " or " + " ("walks 30 min daily and lifts weights
/// 2x/wk"), so a figure is read with the habit it belongs to; "fruit and vegetables" stays whole.
pub fn parts(lower: &str, segment: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = segment.start;
    let text = &lower[segment.clone()];
    let joiners: std::collections::BTreeMap<usize, usize> =
        [" and ", " & ", " + "].iter().flat_map(|j| text.match_indices(j)).map(|(i, j)| (i, j.len())).collect();
    for (i, joiner) in joiners {
        let at = segment.start + i;
        if at < start || lower[start..at].trim_end().ends_with("fruit") || lower[start..at].trim_end().ends_with("fruits") {
            continue;
        }
        out.push(start..at);
        start = at + joiner;
    }
    out.push(start..segment.end);
    out
}

/// Whether `phrase` occurs in `lower` on word boundaries; its first such byte range.
pub fn find_phrase(lower: &str, phrase: &str) -> Option<Range<usize>> {
    lower.match_indices(phrase).map(|(i, _)| i..i + phrase.len()).find(|r| {
        let before = lower[..r.start].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
        let after = lower[r.end..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
        before && after
    })
}

/// The first of `phrases` (each a word or words; a trailing `*` matches any ending) in bytes
/// `range` of `lower`, as a byte range of `lower`.
pub fn find_any(lower: &str, range: Range<usize>, phrases: &[&str]) -> Option<Range<usize>> {
    let part = &lower[range.clone()];
    let mut best: Option<Range<usize>> = None;
    for phrase in phrases {
        let found = if let Some(stem) = phrase.strip_suffix('*') {
            part.match_indices(stem)
                .find(|(i, _)| part[..*i].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric()))
                .map(|(i, _)| {
                    let tail = part[i + stem.len()..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(part.len() - i - stem.len());
                    i..i + stem.len() + tail
                })
        } else {
            find_phrase(part, phrase)
        };
        if let Some(r) = found
            && best.as_ref().is_none_or(|b| r.start < b.start)
        {
            best = Some(r);
        }
    }
    best.map(|r| (r.start + range.start)..(r.end + range.start))
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    (0..12).find(|&i| w == MONTHS[i] || w == full[i] || (w == "sept" && i == 8)).map(|i| i as u32 + 1)
}

/// The calendar dates in `lower`, with their byte ranges: `2024-03-01`, `3/1/2024` (US order),
/// `March 1, 2024`, `1 March 2024`. A month and year alone is not a date.
pub fn dates(lower: &str) -> Vec<(Range<usize>, NaiveDate)> {
    let mut out = Vec::new();
    let bytes = lower.as_bytes();
    // Numeric forms.
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
        let n = |from: usize, len: usize| lower[from..from + len].parse::<u32>().ok();
        let a = run(i);
        let mut matched = None;
        if a == 4 && bytes.get(i + 4) == Some(&b'-') {
            let b = run(i + 5);
            if (1..=2).contains(&b) && bytes.get(i + 5 + b) == Some(&b'-') {
                let c = run(i + 6 + b);
                if (1..=2).contains(&c) {
                    let date = (n(i, 4), n(i + 5, b), n(i + 6 + b, c));
                    if let (Some(y), Some(m), Some(d)) = date {
                        matched = NaiveDate::from_ymd_opt(y as i32, m, d).map(|dt| (i + 6 + b + c, dt));
                    }
                }
            }
        } else if (1..=2).contains(&a) && bytes.get(i + a) == Some(&b'/') {
            let b = run(i + a + 1);
            if (1..=2).contains(&b) && bytes.get(i + a + 1 + b) == Some(&b'/') {
                let c = run(i + a + 2 + b);
                if c == 4 || c == 2 {
                    let year = n(i + a + 2 + b, c).map(|y| if c == 2 { 2000 + y as i32 } else { y as i32 });
                    if let (Some(m), Some(d), Some(y)) = (n(i, a), n(i + a + 1, b), year) {
                        matched = NaiveDate::from_ymd_opt(y, m, d).map(|dt| (i + a + 2 + b + c, dt));
                    }
                }
            }
        }
        match matched {
            Some((end, date)) if !bytes.get(end).is_some_and(u8::is_ascii_digit) => {
                out.push((i..end, date));
                i = end;
            }
            _ => i += a.max(1),
        }
    }
    // Month-name forms.
    let tokens = words(lower);
    for (k, (range, word)) in tokens.iter().enumerate() {
        let Some(month) = month_of(word) else { continue };
        let number = |t: Option<&(Range<usize>, &str)>| t.and_then(|(_, w)| w.parse::<u32>().ok());
        // "March 1, 2024"
        if let (Some(day), Some(year)) = (number(tokens.get(k + 1)), number(tokens.get(k + 2)))
            && (1900..=2200).contains(&year)
            && let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            out.push((range.start..tokens[k + 2].0.end, date));
            continue;
        }
        // "1 March 2024"
        if k > 0
            && let (Some(day), Some(year)) = (number(tokens.get(k - 1)), number(tokens.get(k + 1)))
            && (1900..=2200).contains(&year)
            && let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            out.push((tokens[k - 1].0.start..tokens[k + 1].0.end, date));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Sentence<'_> {
        Sentence { text, lower: text.to_ascii_lowercase(), section: Section::Body }
    }

    #[test]
    fn headings_open_sections_and_are_left_out() {
        let s = sentences("HPI: pt here for f/u.\nSocial History: walks daily; ETOH 2/wk\nPlan:\n- walk 30 min daily\nFH: mother drinks");
        let found: Vec<(&str, Section)> = s.iter().map(|s| (s.text, s.section)).collect();
        assert_eq!(
            found,
            [
                ("pt here for f/u.", Section::Body),
                ("walks daily", Section::Body),
                ("ETOH 2/wk", Section::Body),
                ("- walk 30 min daily", Section::Plan),
                ("mother drinks", Section::Family)
            ]
        );
    }

    #[test]
    fn figures_read_clinical_shorthand() {
        let f = |t: &str| {
            let lower = t.to_ascii_lowercase();
            figures(&lower, 0..lower.len()).into_iter().map(|f| (f.value, f.unit, f.per)).collect::<Vec<_>>()
        };
        assert_eq!(f("exercises 3x/wk"), [(3.0, Unit::Times, Some(Period::Week))]);
        assert_eq!(f("walks 30 min daily"), [(30.0, Unit::Minutes, Some(Period::Day))]);
        assert_eq!(f("ETOH 2-3 drinks/wk"), [(2.5, Unit::Drinks, Some(Period::Week))]);
        assert_eq!(f("2 glasses of wine nightly"), [(2.0, Unit::Drinks, Some(Period::Day))]);
        assert_eq!(f("sleeps 5 hours"), [(5.0, Unit::Hours, None)]);
        assert_eq!(f("three times a week"), [(3.0, Unit::Times, Some(Period::Week))]);
        assert_eq!(f("150 minutes per week"), [(150.0, Unit::Minutes, Some(Period::Week))]);
        assert_eq!(f("RTC 2wks"), [(2.0, Unit::Weeks, None)]);
        assert_eq!(f("1.5 hours"), [(1.5, Unit::Hours, None)]);
        assert!(f("a b c").is_empty());
    }

    #[test]
    fn dates_in_the_forms_notes_use() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let found: Vec<NaiveDate> =
            dates("colonoscopy 2021-03-02, fit 4/5/2024 and pap march 3, 2023; hpv 1 june 2022; 2024-13-01").into_iter().map(|(_, d)| d).collect();
        assert_eq!(found, [d(2021, 3, 2), d(2024, 4, 5), d(2023, 3, 3), d(2022, 6, 1)]);
    }

    #[test]
    fn stance_reads_negation_plans_the_past_and_other_people() {
        let read = |t: &str, concept: &str| {
            let s = sentence(t);
            let at = s.lower.find(concept).unwrap();
            let seg = segments(&s.lower).into_iter().find(|r| r.contains(&at)).unwrap();
            stance(&s, seg, at..at + concept.len())
        };
        assert_eq!(read("Pt exercises 3x/wk.", "exercises"), Stance::Current);
        assert_eq!(read("Denies exercise.", "exercise"), Stance::Negated);
        assert_eq!(read("Will start walking 30 min daily.", "walking"), Stance::Planned);
        assert_eq!(read("Mother drinks 2 glasses of wine nightly.", "drinks"), Stance::SomeoneElse);
        assert_eq!(read("Lives with husband, walks 30 min daily.", "walks"), Stance::Current);
        assert_eq!(read("Husband drinks heavily.", "drinks"), Stance::SomeoneElse);
        assert_eq!(read("Used to run 5 miles daily.", "run"), Stance::Past);
    }

    #[test]
    fn huge_or_odd_text_is_bounded_and_does_not_panic() {
        let big = "é walks 30 min daily; ".repeat(60_000);
        assert!(sentences(&big).len() <= MAX_SENTENCES);
        assert_eq!(bounded("éé", 3), "é");
        for odd in ["", ":::", "1/", "2024-", "3x/", "- - -", "—/—", "99999999999999999999999 min"] {
            let _ = sentences(odd);
            let _ = dates(odd);
            let _ = figures(odd, 0..odd.len());
        }
    }
}
