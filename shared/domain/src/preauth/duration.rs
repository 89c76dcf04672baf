//! Durations: what a policy requires ("at least 6 weeks", "more than 3 months", "≥ 12 weeks", "a
//! minimum of six (6) weeks", "6-week trial") and what a note documents ("8 weeks", "x 8 wks",
//! "12-week course", "since 2 years", "over the past 6 months", "for over 2 years", "6-8 weeks",
//! "since March 2023", "since about 2024-03-01", "since late March" (the last March before
//! `now`), an onset dated ("pain began around Christmas 2023", "started 2024-04-01", "onset in
//! late December 2023", "since L4-S1 fusion (October 2022)"), "from January to April 2024", "from 01/2024 to 04/2024", and shorthand with a one-letter unit fused to
//! the number: "x10d", "3w"). After "since" only, a month and day without a year ("since 4/14",
//! the last such day up to `now`) and a floor ("since at least 4/14") date the onset.
//!
//! Everything is counted in days (week 7, month 30, year 365). Two lengths stated in different
//! units count as equal within 7%, so "12 weeks" meets "at least 3 months" (84 vs 90 days) — the
//! reading insurers apply — while "11 weeks" does not and "12 weeks" is not "more than 3 months".
//!
//! Not durations: ages ("58-year-old", "aged 58 years"), points in time ("2 years ago", "6 weeks
//! post-op"), future or repeating times ("follow up in 6 weeks", "every 3 months", "3 days a
//! week", "2x/week") and policy recency windows ("within the past 12 months", read apart by
//! [`policy_recency`]). A policy's bare
//! "for 6 weeks" means at least 6 weeks; a note's bare "6 weeks" means exactly that. Dates are
//! measured to `now` (for notes, the newest note's date: see [`super::notes::NoteIndex::as_of`])
//! from the middle of the month or year they name: "since March 2023" read in June 2024 is
//! about 15 months, "January to March" about two.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::quantity::{Comparator, Interval, comparator_after, comparator_before, number_at};
use super::tokens::Token;

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Year,
}

impl DurationUnit {
    pub fn days(self) -> f64 {
        match self {
            DurationUnit::Day => 1.0,
            DurationUnit::Week => 7.0,
            DurationUnit::Month => 30.0,
            DurationUnit::Year => 365.0,
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            DurationUnit::Day => "days",
            DurationUnit::Week => "weeks",
            DurationUnit::Month => "months",
            DurationUnit::Year => "years",
        }
    }

    pub(crate) fn parse(lower: &str) -> Option<DurationUnit> {
        Some(match lower {
            "day" | "days" => DurationUnit::Day,
            "week" | "weeks" | "wk" | "wks" => DurationUnit::Week,
            "month" | "months" | "mo" | "mos" | "mth" | "mths" | "mon" => DurationUnit::Month,
            "year" | "years" | "yr" | "yrs" => DurationUnit::Year,
            _ => return None,
        })
    }
}

/// Relative slack when comparing lengths stated in different units.
pub const CROSS_UNIT_TOLERANCE: f64 = 0.07;

/// A length of time found in text, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationMention {
    /// The lengths the text allows, in days.
    pub days: Interval,
    /// The unit it was written in (for dates, the coarsest unit of the date).
    pub unit: DurationUnit,
    /// Token range (inclusive) of the whole phrase.
    pub first: usize,
    pub last: usize,
}

impl DurationMention {
    /// The interval in the mention's own unit, for display.
    pub fn describe(&self) -> String {
        self.days.scaled(1.0 / self.unit.days()).describe(self.unit.plural())
    }
}

/// Which side a duration is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Policy,
    Note,
}

/// A number and a unit in one token: `6wks`, `x8wks`, `3mo`, `12weeks`.
fn compact(lower: &str) -> Option<(f64, DurationUnit)> {
    let s = lower.strip_prefix('x').unwrap_or(lower);
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    if split == 0 {
        return None;
    }
    let value: f64 = s[..split].parse().ok()?;
    // Clinical shorthand writes days, weeks, months as one letter after the number ("LBP x10d",
    // "cough 3w", "x2mo" is read above); only in this compact form, where a number is fused to it.
    let unit = match &s[split..] {
        "d" => DurationUnit::Day,
        "w" => DurationUnit::Week,
        u => DurationUnit::parse(u)?,
    };
    Some((value, unit))
}

fn lower_at<'t>(tokens: &'t [Token<'_>], i: usize) -> &'t str {
    tokens.get(i).map_or("", |t| t.lower.as_str())
}

/// Whether the words after a unit make it an age, a point in time or a frequency.
fn not_a_length_after(tokens: &[Token<'_>], unit: usize) -> bool {
    let next = lower_at(tokens, unit + 1);
    let after = lower_at(tokens, unit + 2);
    matches!(next, "old" | "ago" | "earlier" | "before" | "later" | "postop" | "post" | "postoperative" | "postoperatively" | "pregnant" | "gestation" | "prior")
        || (next == "of" && matches!(after, "age" | "gestation"))
        || (matches!(next, "per" | "a" | "an" | "each" | "every") && DurationUnit::parse(after).is_some())
        || tokens.get(unit + 1).is_some_and(|t| t.gap.slash && DurationUnit::parse(&t.lower).is_some())
}

/// Whether the words before a number make it a future time, a frequency, an age or (in a policy)
/// a recency window.
fn not_a_length_before(tokens: &[Token<'_>], number: usize, side: Side) -> bool {
    if number == 0 {
        return false;
    }
    let prev = lower_at(tokens, number - 1);
    let prev2 = if number >= 2 { lower_at(tokens, number - 2) } else { "" };
    let prev3 = if number >= 3 { lower_at(tokens, number - 3) } else { "" };
    if matches!(prev, "in" | "every" | "q" | "each" | "aged" | "age" | "within" | "ages") {
        return true;
    }
    // "3 days a week", "twice a month": "a week" after a count is a frequency.
    let article = matches!(lower_at(tokens, number), "a" | "an" | "per");
    if article && (DurationUnit::parse(prev).is_some() || matches!(prev, "times" | "x" | "once" | "twice" | "sessions" | "visits")) {
        return true;
    }
    // "within the past 12 months", "in the last 6 months": when something happened, not how long.
    let recency = (matches!(prev, "past" | "last" | "previous" | "preceding" | "prior")
        && (matches!(prev2, "within" | "in") || (prev2 == "the" && matches!(prev3, "within" | "in"))))
        || (prev == "the" && prev2 == "within");
    match side {
        Side::Policy => recency || matches!(prev, "past" | "last") && prev2 == "the" && prev3 != "over" && prev3 != "for",
        Side::Note => false,
    }
}

/// The durations written in `tokens`. `now` lets dates count ("since March 2023").
fn scan(tokens: &[Token<'_>], side: Side, now: Option<DateTime<Utc>>) -> Vec<DurationMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(found) = number_duration(tokens, i, side) {
            i = found.last + 1;
            out.push(found);
            continue;
        }
        if side == Side::Note {
            if let Some(found) = now.and_then(|now| date_duration(tokens, i, now)) {
                i = found.last + 1;
                out.push(found);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `6 weeks`, `six (6) weeks`, `6-8 weeks`, `3 to 4 months`, `6wks`, `a year`, with the
/// comparison phrases around them.
fn number_duration(tokens: &[Token<'_>], i: usize, side: Side) -> Option<DurationMention> {
    let (low, high, unit, last_number, unit_index) = if let Some((v, u)) = compact(&tokens[i].lower) {
        (v, v, u, i, i)
    } else {
        let (v, mut last) = number_at(tokens, i, true)?;
        let mut high = v;
        // A range: "6-8 weeks", "3 to 4 months".
        if let Some(n) = tokens.get(last + 1) {
            if n.gap.dash && !n.gap.stop {
                if let Some((h, l)) = number_at(tokens, last + 1, false) {
                    high = h;
                    last = l;
                }
            } else if n.lower == "to" || n.lower == "or" {
                if let Some((h, l)) = number_at(tokens, last + 2, false) {
                    if DurationUnit::parse(lower_at(tokens, l + 1)).is_some() {
                        high = h;
                        last = l;
                    }
                }
            }
        }
        // "6 consecutive months", "six full weeks"
        let unit_at = if matches!(lower_at(tokens, last + 1), "consecutive" | "continuous" | "full" | "straight" | "uninterrupted" | "total" | "additional")
        {
            last + 2
        } else {
            last + 1
        };
        let unit = DurationUnit::parse(lower_at(tokens, unit_at))?;
        if (last + 1..=unit_at).any(|k| tokens.get(k).is_some_and(|t| t.gap.stop)) {
            return None;
        }
        (v, high, unit, last, unit_at)
    };
    // Digits glued to a unit word (`x8wks`) or a real number word; "a" alone needs a unit after it.
    if not_a_length_before(tokens, i, side) || not_a_length_after(tokens, unit_index) {
        return None;
    }
    let _ = last_number;
    let before = comparator_before(tokens, i);
    let after = comparator_after(tokens, unit_index);
    let comparator = after.or(before).map(|c| c.0).unwrap_or(Comparator::Exactly);
    let first = before.map_or(i, |b| b.1.min(i));
    let last = after.map_or(unit_index, |a| a.1.max(unit_index));
    let days = unit.days();
    let interval = if (high - low).abs() > 1e-9 {
        Interval::between(low * days, high * days)
    } else {
        let comparator = match (side, comparator) {
            (Side::Policy, Comparator::Exactly) => Comparator::AtLeast,
            (_, c) => c,
        };
        Interval::from_comparator(comparator, low * days)
    };
    Some(DurationMention { days: interval, unit, first, last })
}

/// The month a lower-case word names ("jan", "january", "sept"), 1 to 12.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    Some(match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

/// Words that hedge a date: "since about 2024-03-01", "late March".
const HEDGES: &[&str] = &["about", "approximately", "approx", "around", "roughly", "early", "mid", "late"];

/// A calendar date or month: the first and last day it can mean, and its last token.
/// A date where one is expected ("since …", "from … to …"), read up to `today`: hedges before it
/// are skipped ("since about 2024-03-01", "since late March"), a bare year is that year, and a
/// month without a year is its last occurrence on or before `today`.
fn date_at(tokens: &[Token<'_>], i: usize, today: NaiveDate) -> Option<(NaiveDate, NaiveDate, usize)> {
    let mut i = i;
    while tokens.get(i).is_some_and(|t| HEDGES.contains(&t.lower.as_str())) && i + 1 < tokens.len() {
        i += 1;
    }
    let t = tokens.get(i)?;
    // "around Christmas 2023" is December.
    let month_of = |s: &str| month_number(s).or((s == "christmas").then_some(12));
    let year_of = |tok: Option<&Token<'_>>| -> Option<i32> {
        let tok = tok?;
        let y: i32 = tok.lower.parse().ok()?;
        match tok.lower.len() {
            4 if (1900..=2100).contains(&y) => Some(y),
            2 => Some(2000 + y),
            _ => None,
        }
    };
    let month_span = |y: i32, m: u32| -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
        Some((first, next.pred_opt()?))
    };
    // "March 2023", "March 3, 2023", "Mar 3 2023"
    if let Some(m) = month_of(&t.lower) {
        let next = tokens.get(i + 1).filter(|n| !n.gap.stop);
        if let Some(y) = year_of(next).filter(|_| next.is_some_and(|n| n.lower.len() == 4)) {
            let (a, b) = month_span(y, m)?;
            return Some((a, b, i + 1));
        }
        let day: Option<u32> = next.and_then(|n| n.lower.parse().ok()).filter(|d| (1..=31).contains(d));
        let year = year_of(tokens.get(i + 2)).filter(|_| tokens.get(i + 2).is_some_and(|t| t.lower.len() == 4));
        if let (Some(day), Some(y)) = (day, year) {
            let d = NaiveDate::from_ymd_opt(y, m, day)?;
            return Some((d, d, i + 2));
        }
        // "since late March": the last March up to today ("may" alone is a verb).
        if day.is_none() && t.lower != "may" {
            let y = if m > today.month() { today.year() - 1 } else { today.year() };
            let (a, z) = month_span(y, m)?;
            return Some((a, z, i));
        }
        return None;
    }
    let n: u32 = t.lower.parse().ok()?;
    let slash_next = tokens.get(i + 1).filter(|x| x.gap.slash && !x.gap.stop);
    let dash_next = tokens.get(i + 1).filter(|x| x.gap.dash && x.gap.joined);
    // 2024-01-15
    if t.lower.len() == 4 && dash_next.is_some() {
        let m: u32 = tokens.get(i + 1)?.lower.parse().ok()?;
        let d: u32 = tokens.get(i + 2).filter(|x| x.gap.dash)?.lower.parse().ok()?;
        let date = NaiveDate::from_ymd_opt(n as i32, m, d)?;
        return Some((date, date, i + 2));
    }
    // 03/2024, 3/14/2024, 3/14/24
    if let Some(second) = slash_next {
        let b: u32 = second.lower.parse().ok()?;
        if second.lower.len() == 4 && (1..=12).contains(&n) {
            let (a, z) = month_span(b as i32, n)?;
            return Some((a, z, i + 1));
        }
        let third = tokens.get(i + 2).filter(|x| x.gap.slash)?;
        let y = year_of(Some(third))?;
        let date = NaiveDate::from_ymd_opt(y, n, b)?;
        return Some((date, date, i + 2));
    }
    // A bare year ("since 2021").
    if t.lower.len() == 4 && (1900..=2100).contains(&n) {
        let a = NaiveDate::from_ymd_opt(n as i32, 1, 1)?;
        let z = NaiveDate::from_ymd_opt(n as i32, 12, 31)?;
        return Some((a, z, i));
    }
    None
}

/// A month and day in digits with no year ("4/14") at token `i`: that day in the last year it
/// falls on or before `today`.
fn month_day_at(tokens: &[Token<'_>], i: usize, today: NaiveDate) -> Option<(NaiveDate, NaiveDate, usize)> {
    let month: u32 = tokens.get(i)?.lower.parse().ok()?;
    let second = tokens.get(i + 1).filter(|x| x.gap.slash && !x.gap.stop && x.lower.len() <= 2)?;
    let day: u32 = second.lower.parse().ok()?;
    if tokens.get(i + 2).is_some_and(|x| x.gap.slash && !x.gap.stop) {
        return None;
    }
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    let date = if this_year > today { NaiveDate::from_ymd_opt(today.year() - 1, month, day)? } else { this_year };
    Some((date, date, i + 1))
}

/// "since <date>", "from <date> to <date>", "between <date> and <date>", "<date> – <date>".
fn date_duration(tokens: &[Token<'_>], i: usize, now: DateTime<Utc>) -> Option<DurationMention> {
    let today = now.date_naive();
    let word = tokens[i].lower.as_str();
    let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days().max(0) as f64;
    let unit_of = |a: NaiveDate, b: NaiveDate| {
        if a == b { DurationUnit::Day } else if a.month() == b.month() && a.year() == b.year() { DurationUnit::Month } else { DurationUnit::Year }
    };
    // "since March 2023"; an onset dated: "pain began around Christmas 2023", "started 2024-01-10",
    // "onset in late December 2023".
    // "first noticed around 05/25/2025", "appeared in early May 2025", "AVF created 05/20/2025".
    let onset = matches!(word, "began" | "begun" | "started" | "onset" | "beginning" | "starting" | "noticed" | "appeared" | "developed" | "created");
    if word == "since" || onset {
        let mut at = i + 1;
        // "continuously in AF since at least 4/14": a floor on the start, read as the start.
        if word == "since" && tokens.get(at).is_some_and(|t| t.lower == "at") && tokens.get(at + 1).is_some_and(|t| t.lower == "least" && !t.gap.stop) {
            at += 2;
        }
        while onset && at <= i + 2 && tokens.get(at).is_some_and(|t| !t.gap.stop && matches!(t.lower.as_str(), "in" | "on" | "at" | "of" | "from" | "around" | "about" | "approximately" | "approx" | "circa")) {
            at += 1;
        }
        // "since L4-S1 fusion (October 2022)", "since her MI in 03/2024": the event, then its date.
        let after_event = || {
            (i + 2..(i + 8).min(tokens.len())).take_while(|&j| !tokens[j].gap.stop && !tokens[j].gap.comma).find_map(|j| {
                let introduced = tokens[j].gap.open_paren || matches!(tokens[j - 1].lower.as_str(), "in" | "on");
                date_at(tokens, j, today).filter(|_| introduced && word == "since")
            })
        };
        // ("since 4/14": a month and day without the year, the last such day up to today; only
        // after "since", where "4/10" is no pain score.)
        let month_day = || month_day_at(tokens, at, today).filter(|_| word == "since");
        let (a, z, last) = date_at(tokens, at, today).or_else(month_day).or_else(after_event)?;
        if a > today {
            return None;
        }
        let start = midpoint(a, z).min(today);
        let interval = Interval::from_comparator(Comparator::Exactly, days(start, today));
        return Some(DurationMention { days: interval, unit: coarse(unit_of(a, z)), first: i, last });
    }
    let (start_at, joined_by): (usize, &[&str]) = match word {
        "from" => (i + 1, &["to", "through", "until", "till", "thru"]),
        "between" => (i + 1, &["and"]),
        // "2023-12-04 to 2024-03-22", "06/2023 through 11/2023".
        _ => (i, &["to", "through", "until", "thru"]),
    };
    let (a1, z1, l1) = date_at(tokens, start_at, today)?;
    let next = tokens.get(l1 + 1)?;
    let second_at = if joined_by.contains(&next.lower.as_str()) {
        l1 + 2
    } else if next.gap.dash && !next.gap.joined || (next.gap.dash && start_at == i) {
        l1 + 1
    } else {
        return None;
    };
    let (a2, z2, l2) = date_at(tokens, second_at, today)?;
    // "between April and August 2023": a month without its year takes the second date's.
    let (a1, z1) = if a2 < a1 { date_at(tokens, start_at, z2).map(|(a, z, _)| (a, z)).filter(|(a, _)| *a <= a2)? } else { (a1, z1) };
    let interval = Interval::from_comparator(Comparator::Exactly, days(midpoint(a1, z1), midpoint(a2, z2)));
    Some(DurationMention { days: interval, unit: coarse(unit_of(a1, z1)), first: i, last: l2 })
}

/// The middle of a date's span: "March 2023" is read as mid-March, so "January to March" is
/// about two months and "since 2021" about three years in mid-2024.
fn midpoint(a: NaiveDate, z: NaiveDate) -> NaiveDate {
    a + chrono::Duration::days((z - a).num_days() / 2)
}

/// Dates give months or years of treatment; show them in months.
fn coarse(unit: DurationUnit) -> DurationUnit {
    match unit {
        DurationUnit::Day => DurationUnit::Week,
        u => u,
    }
}

/// The calendar dates a note sentence names, each as the first and last day it can mean: full
/// dates and months with their year ("02/14/2024", "2024-01-08", "March 2023", "09/2023"), up to
/// `today`. A bare year or a month without its year is too vague to date an event by.
pub fn note_dates(tokens: &[Token<'_>], today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    placed_dates(tokens, today).into_iter().map(|(a, z, _, _)| (a, z)).collect()
}

/// [`note_dates`] with where each is written: (first day, last day, first token, last token).
pub fn placed_dates(tokens: &[Token<'_>], today: NaiveDate) -> Vec<(NaiveDate, NaiveDate, usize, usize)> {
    let mut dates = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if HEDGES.contains(&tokens[i].lower.as_str()) {
            i += 1;
            continue;
        }
        match date_at(tokens, i, today).filter(|(_, _, last)| *last > i) {
            Some((a, z, last)) => {
                if a <= today {
                    dates.push((a, z.min(today), i, last));
                }
                i = last + 1;
            }
            None => i += 1,
        }
    }
    dates
}

/// The durations a note documents, with comparison words ("over 2 years" is more than 2).
pub fn note_durations(tokens: &[Token<'_>], now: DateTime<Utc>) -> Vec<DurationMention> {
    scan(tokens, Side::Note, Some(now))
}

/// The durations a policy criterion requires; a bare length means "at least".
pub fn policy_durations(tokens: &[Token<'_>]) -> Vec<DurationMention> {
    scan(tokens, Side::Policy, None)
}

/// A policy's recency window, in days: "within the 3 months before the request", "within the
/// past 12 months", "in the last 6 weeks" — how recent what it asks for must be, not how long.
pub fn policy_recency(tokens: &[Token<'_>]) -> Option<f64> {
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t.lower.as_str(), "within" | "in") {
            continue;
        }
        let mut k = i + 1;
        if lower_at(tokens, k) == "the" {
            k += 1;
        }
        let marked = matches!(lower_at(tokens, k), "past" | "last" | "previous" | "preceding" | "prior");
        if marked {
            k += 1;
        } else if t.lower == "in" {
            // "in 6 weeks" is a future time; only "in the last/past …" is a window.
            continue;
        }
        if k >= tokens.len() {
            continue;
        }
        let Some((n, last)) = number_at(tokens, k, true) else { continue };
        let Some(unit) = DurationUnit::parse(lower_at(tokens, last + 1)) else { continue };
        if (k..=last + 1).any(|j| tokens[j].gap.stop) {
            continue;
        }
        return Some(n * unit.days());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::quantity::{Outcome, judge};
    use crate::preauth::tokens::tokenize;

    fn now() -> DateTime<Utc> {
        "2024-06-15T12:00:00Z".parse().unwrap()
    }

    fn note(text: &str) -> Vec<String> {
        note_durations(&tokenize(text), now()).iter().map(DurationMention::describe).collect()
    }

    fn policy(text: &str) -> Vec<String> {
        policy_durations(&tokenize(text)).iter().map(DurationMention::describe).collect()
    }

    #[test]
    fn note_durations_in_many_spellings() {
        assert_eq!(note("Completed six weeks of PT"), ["6 weeks"]);
        assert_eq!(note("PT x 8 wks"), ["8 weeks"]);
        assert_eq!(note("PT x8wks"), ["8 weeks"]);
        assert_eq!(note("a 12-week course of therapy"), ["12 weeks"]);
        assert_eq!(note("pain since 2 years"), ["2 years"]);
        assert_eq!(note("over the past 6 months"), ["6 months"]);
        assert_eq!(note("knee pain for over 2 years"), ["> 2 years"]);
        assert_eq!(note("6-8 weeks of therapy"), ["6–8 weeks"]);
        assert_eq!(note("less than 4 weeks of PT"), ["< 4 weeks"]);
    }

    #[test]
    fn an_onset_dated_is_a_duration_to_now() {
        // Read on 2024-06-15: from mid-December 2023 is about six months.
        assert_eq!(note("Pain began around Christmas 2023 after lifting a snowblower").len(), 1);
        let days = |text: &str| note_durations(&tokenize(text), now())[0].days.low.map(|e| e.value).unwrap_or_default();
        assert!((175.0..=190.0).contains(&days("Pain began around Christmas 2023")));
        assert!((70.0..=80.0).contains(&days("letrozole started on 04/01/2024")));
        assert!(note("she started PT twice a week").is_empty(), "no date, no duration");
        assert!((19.0..=23.0).contains(&days("The ulcer was first noticed around 05/25/2024")));
        // "since" an event, dated after it.
        assert!((590.0..=620.0).contains(&days("Burning radicular pain since L4-S1 fusion (October 2022)")));
        assert!((85.0..=100.0).contains(&days("Dyspnea since her MI in 03/2024")));
        assert!((25.0..=28.0).contains(&days("L brachiocephalic AVF created 05/20/2024")));
        // A month and day without the year, after "since" (and "at least" before it).
        let day_before = now().date_naive() - chrono::Duration::days(20);
        let written = format!("{}/{}", day_before.month(), day_before.day());
        assert_eq!(days(&format!("Continuously in AF since at least {written} per PCP ECG")), 20.0);
        assert_eq!(days(&format!("AF since {written}.")), 20.0);
        assert!(note("Pain from 3/10 to 8/10 with activity").is_empty(), "scores, not dates");
    }

    #[test]
    fn a_range_whose_first_month_has_no_year_takes_the_second_ones() {
        // April to August 2023, not April 2024 (the last April before the analysis) to August 2023.
        assert_eq!(note("She saw a chiropractor for 14 visits between April and August 2023"), ["4.1 months"]);
        assert_eq!(note("PT from 01/08/2024 to 04/15/2024"), ["14 weeks"]);
    }

    #[test]
    fn dates_that_can_date_an_event_are_full_dates_and_months_with_their_year() {
        let today = now().date_naive();
        let dates = |text: &str| note_dates(&tokenize(text), today).iter().map(|(a, z)| format!("{a}..{z}")).collect::<Vec<_>>();
        assert_eq!(dates("Injection on 02/14/2024 (relief ~10 days only)"), ["2024-02-14..2024-02-14"]);
        assert_eq!(dates("Episode: 01/08/2024 - 04/15/2024, 16 visits"), ["2024-01-08..2024-01-08", "2024-04-15..2024-04-15"]);
        assert_eq!(dates("ESI in July 2023 and again in late November 2023"), ["2023-07-01..2023-07-31", "2023-11-01..2023-11-30"]);
        assert_eq!(dates("Completed supervised program 09/2023-02/2024"), ["2023-09-01..2023-09-30", "2024-02-01..2024-02-29"]);
        assert!(dates("metformin 2000 mg since March; BP 120/80, pain 5/10").is_empty(), "bare years, yearless months and ratios date nothing");
        assert!(dates("Follow-up planned 09/01/2024").is_empty(), "after the analysis date");
    }

    #[test]
    fn one_letter_units_fused_to_a_number() {
        let d = note_durations(&tokenize("neck pain x12d, worse at night"), now());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].describe(), "12 days");
        assert_eq!(note_durations(&tokenize("cough 3w"), now())[0].describe(), "3 weeks");
        assert!(note_durations(&tokenize("vitamin D 3 d"), now()).is_empty(), "a loose letter is no unit");
    }

    #[test]
    fn ages_times_and_frequencies_are_not_durations() {
        assert!(note("58-year-old woman").is_empty());
        assert!(note("58 year old, aged 58 years").is_empty());
        assert!(note("injection 2 years ago; follow up in 6 weeks; every 3 months").is_empty());
        assert!(note("PT 3 days a week; 2x/week").is_empty());
        assert!(note("6 weeks post-op").is_empty());
    }

    #[test]
    fn dates_are_measured_to_now() {
        let d = note_durations(&tokenize("meloxicam since March 2023"), now());
        assert_eq!(d.len(), 1);
        let at_least_a_year = Interval::from_comparator(Comparator::AtLeast, 365.0);
        assert_eq!(judge(&at_least_a_year, &d[0].days, CROSS_UNIT_TOLERANCE), Outcome::Satisfied);
        let d = note_durations(&tokenize("PT from 01/2024 to 03/2024"), now());
        let six_weeks = Interval::from_comparator(Comparator::AtLeast, 42.0);
        assert_eq!(judge(&six_weeks, &d[0].days, 0.0), Outcome::Satisfied);
        let d = note_durations(&tokenize("PT 2024-05-01 - 2024-05-20"), now());
        assert_eq!(judge(&six_weeks, &d[0].days, 0.0), Outcome::Violated);
    }

    #[test]
    fn hedged_and_yearless_dates_are_measured_to_now() {
        let four_weeks = Interval::from_comparator(Comparator::AtLeast, 28.0);
        let three_months = Interval::from_comparator(Comparator::AtLeast, 90.0);
        let d = note_durations(&tokenize("left leg pain since about 2024-03-01"), now());
        assert_eq!(judge(&three_months, &d[0].days, CROSS_UNIT_TOLERANCE), Outcome::Satisfied);
        // June 2024: "late March" is this year's March, "November" last year's.
        let d = note_durations(&tokenize("leg pain since late March"), now());
        assert_eq!(judge(&four_weeks, &d[0].days, 0.0), Outcome::Satisfied, "{:?}", d);
        assert_eq!(judge(&Interval::from_comparator(Comparator::AtLeast, 150.0), &d[0].days, 0.0), Outcome::Violated);
        let d = note_durations(&tokenize("hip pain since November"), now());
        assert_eq!(judge(&Interval::from_comparator(Comparator::AtLeast, 180.0), &d[0].days, 0.0), Outcome::Satisfied);
        let d = note_durations(&tokenize("PT from January to April 2024"), now());
        assert_eq!(judge(&three_months, &d[0].days, CROSS_UNIT_TOLERANCE), Outcome::Satisfied);
        assert!(note_durations(&tokenize("symptoms may improve since"), now()).is_empty());
    }

    #[test]
    fn policy_durations_default_to_at_least_and_skip_recency() {
        assert_eq!(policy("for 6 weeks"), ["≥ 6 weeks"]);
        assert_eq!(policy("more than 6 weeks"), ["> 6 weeks"]);
        assert_eq!(policy("a minimum of six (6) weeks"), ["≥ 6 weeks"]);
        assert_eq!(policy("≥ 12 weeks"), ["≥ 12 weeks"]);
        assert_eq!(policy("3 months or longer"), ["≥ 3 months"]);
        assert_eq!(policy("a 6-week trial"), ["≥ 6 weeks"]);
        assert_eq!(policy("a minimum of six (6) consecutive months within the 2 years before surgery"), ["≥ 6 months"]);
        assert!(policy("within the past 12 months").is_empty());
    }

    #[test]
    fn recency_windows_are_read_apart_from_lengths() {
        let window = |t: &str| policy_recency(&tokenize(t));
        assert_eq!(window("a hearing test done within the 6 months before the visit"), Some(180.0));
        assert_eq!(window("blood counts drawn in the last 2 weeks"), Some(14.0));
        assert_eq!(window("a trial of bracing for 3 months"), None);
        assert_eq!(window("review in 4 weeks"), None, "a future time is no window");
        assert!(policy("in the last 6 months").is_empty());
        assert_eq!(window("Within six (6) months prior to ordering the pump, the practitioner saw the member"), Some(180.0));
        assert_eq!(window("seen within 30 days before the order"), Some(30.0));
    }

    #[test]
    fn comparisons_respect_more_than_versus_at_least() {
        let req = |t: &str| policy_durations(&tokenize(t))[0].days;
        let obs = |t: &str| note_durations(&tokenize(t), now())[0].days;
        assert_eq!(judge(&req("at least 6 weeks"), &obs("4 weeks of PT"), 0.0), Outcome::Violated);
        assert_eq!(judge(&req("at least 6 weeks"), &obs("6 weeks of PT"), 0.0), Outcome::Satisfied);
        assert_eq!(judge(&req("more than 6 weeks"), &obs("6 weeks of PT"), 0.0), Outcome::Violated);
        assert_eq!(judge(&req("at least 3 months"), &obs("12 weeks of PT"), CROSS_UNIT_TOLERANCE), Outcome::Satisfied);
    }
}
