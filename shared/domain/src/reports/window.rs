//! Time windows in report requests: "last 6 months", "since 2024", "between March and May
//! 2024", "before 2020", "in February 2024", "after June 1 2024" — read against an "as of" date
//! (today in production, a fixed date in tests so "last 6 months" is stable).
//!
//! The rules (both ends inclusive):
//!
//! - **last/past N days|weeks|months|years** — from N units before the as-of date (months keep
//!   the day of the month, clamped to the month's end; a year is 12 months) to the as-of date;
//!   "last year", "past month", "in the last week" mean N = 1;
//! - **this year / this month** — from its first day to the as-of date;
//! - **in / during / for / on X** — the whole of X (a year, a month, a day);
//! - **between X and Y**, **from X to Y** — the start of X to the end of Y;
//! - **since X / from X / starting X** — from the start of X, open-ended ("since last year" starts
//!   on 1 January of the previous year);
//! - **after X** — from the day after X ends; **before / prior to X** — until the day before X
//!   starts; **until / through X** — until X ends;
//! - a bare year (`pt 505 procedures 2024`) — that year.
//!
//! Several constraints intersect; an empty intersection, a reversed range or an impossible date
//! ("February 30 2024") is a bad window, never silently "no window".

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;

/// An inclusive date range; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct Window {
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
}

impl Window {
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    fn intersect(self, other: Window) -> Window {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Window { from, to }
    }
}

/// Why the time words could not be read as one window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowError {
    /// A date that does not exist, e.g. February 30.
    ImpossibleDate,
    /// The constraints leave no day (a reversed range, "since 2024 but before 2022").
    Empty,
}

/// A date expression: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: NaiveDate,
    end: NaiveDate,
}

const MONTHS: [(&str, u32); 21] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
];
const MORE_MONTHS: [(&str, u32); 3] = [("sept", 9), ("nov", 11), ("dec", 12)];

fn month_word(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    MONTHS.iter().chain(MORE_MONTHS.iter()).find(|(name, _)| *name == w).map(|(_, m)| *m)
}

/// Number words up to the hundreds that requests use ("two years", "ninety days").
pub fn number_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    if let Some(n) = UNITS.iter().position(|u| *u == word) {
        return Some(n as u32);
    }
    if let Some(n) = TENS.iter().position(|t| !t.is_empty() && *t == word) {
        return Some(n as u32 * 10);
    }
    if let Some((tens, unit)) = word.split_once('-') {
        return Some(number_word(tens)? + number_word(unit)?);
    }
    match word {
        "a" | "an" => Some(1),
        "couple" => Some(2),
        "few" => Some(3),
        "several" => Some(3),
        "hundred" => Some(100),
        _ => None,
    }
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, month + 1, 1)? };
    first_next.pred_opt()
}

fn year_of(word: &str) -> Option<i32> {
    let w = word.trim_end_matches(['s', '\'']);
    (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())).then(|| w.parse().ok()).flatten().filter(|y| (1900..=2100).contains(y))
}

fn day_of(word: &str) -> Option<u32> {
    let digits: String = word.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !(rest.is_empty() || matches!(rest, "st" | "nd" | "rd" | "th" | ",")) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Reads a date expression at `words[i..]`: returns its span and the words it used.
fn date_at(words: &[String], i: usize, as_of: NaiveDate) -> Option<Result<(Span, usize), WindowError>> {
    let w = words.get(i)?.trim_end_matches(',');
    // ISO 2024-06-01, or US 06/01/2024
    if let Some(date) = iso_or_slash(w) {
        return Some(date.map(|d| (Span { start: d, end: d }, 1)));
    }
    if w == "today" {
        return Some(Ok((Span { start: as_of, end: as_of }, 1)));
    }
    if w == "last" && words.get(i + 1).map(String::as_str) == Some("year") {
        let y = as_of.year() - 1;
        return Some(Ok((Span { start: NaiveDate::from_ymd_opt(y, 1, 1)?, end: NaiveDate::from_ymd_opt(y, 12, 31)? }, 2)));
    }
    if let Some(year) = year_of(w) {
        return Some(Ok((Span { start: NaiveDate::from_ymd_opt(year, 1, 1)?, end: NaiveDate::from_ymd_opt(year, 12, 31)? }, 1)));
    }
    // "June 1 2024", "June 1st, 2024", "June 2024", "June" (the as-of year)
    if let Some(month) = month_word(w) {
        let next = words.get(i + 1).map(|s| s.trim_end_matches(','));
        if let Some(day) = next.and_then(day_of) {
            let year = words.get(i + 2).and_then(|s| year_of(s.trim_end_matches(',')));
            let used = if year.is_some() { 3 } else { 2 };
            let year = year.unwrap_or(as_of.year());
            return Some(match NaiveDate::from_ymd_opt(year, month, day) {
                Some(d) => Ok((Span { start: d, end: d }, used)),
                None => Err(WindowError::ImpossibleDate),
            });
        }
        if let Some(year) = next.and_then(year_of) {
            return Some(Ok((Span { start: NaiveDate::from_ymd_opt(year, month, 1)?, end: month_end(year, month)? }, 2)));
        }
        // A bare month word is a month only where a date is expected ("may" is also a verb).
        return Some(Ok((Span { start: NaiveDate::from_ymd_opt(as_of.year(), month, 1)?, end: month_end(as_of.year(), month)? }, 1)));
    }
    // "1 June 2024", "1st of June 2024"
    if let Some(day) = day_of(w) {
        let mut j = i + 1;
        if words.get(j).map(String::as_str) == Some("of") {
            j += 1;
        }
        if let Some(month) = words.get(j).and_then(|m| month_word(m.trim_end_matches(','))) {
            let year = words.get(j + 1).and_then(|s| year_of(s.trim_end_matches(',')));
            let used = j - i + 1 + usize::from(year.is_some());
            return Some(match NaiveDate::from_ymd_opt(year.unwrap_or(as_of.year()), month, day) {
                Some(d) => Ok((Span { start: d, end: d }, used)),
                None => Err(WindowError::ImpossibleDate),
            });
        }
    }
    None
}

fn iso_or_slash(w: &str) -> Option<Result<NaiveDate, WindowError>> {
    let parts: Vec<&str> = w.split(['-', '/']).collect();
    if parts.len() != 3 || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0] as i32, n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2] as i32, n[0], n[1])
    } else {
        return None;
    };
    Some(NaiveDate::from_ymd_opt(y, m, d).ok_or(WindowError::ImpossibleDate))
}

fn unit_word(word: &str) -> Option<&'static str> {
    match word.trim_end_matches(',') {
        "day" | "days" => Some("day"),
        "week" | "weeks" | "wk" | "wks" => Some("week"),
        "month" | "months" | "mo" | "mos" | "mth" | "mths" => Some("month"),
        "year" | "years" | "yr" | "yrs" => Some("year"),
        _ => None,
    }
}

fn back(as_of: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    match unit {
        "day" => as_of.checked_sub_signed(Duration::days(n.into())),
        "week" => as_of.checked_sub_signed(Duration::days(7 * i64::from(n))),
        "month" => as_of.checked_sub_months(Months::new(n)),
        "year" => as_of.checked_sub_months(Months::new(12 * n)),
        _ => None,
    }
}

/// The window the words of a request state, `Ok(Window::default())` when they state none.
/// `words` are the request's lower-case words with the patient id already taken out.
pub fn read(words: &[String], as_of: NaiveDate) -> Result<Window, WindowError> {
    let mut constraints: Vec<Window> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        // last / past / previous / recent [N] unit
        if matches!(w, "last" | "past" | "previous" | "recent" | "prior") && !(w == "last" && next == Some("year") && i > 0 && words[i - 1] == "since") {
            let mut j = i + 1;
            let mut n = 1;
            if let Some(count) = words.get(j).and_then(|x| number_word(x)) {
                n = count;
                j += 1;
                if words.get(j).map(String::as_str) == Some("of") {
                    j += 1;
                }
            }
            if let Some(unit) = words.get(j).and_then(|x| unit_word(x)) {
                constraints.push(Window { from: back(as_of, n, unit), to: Some(as_of) });
                i = j + 1;
                continue;
            }
        }
        if w == "this" && let Some(unit) = next.and_then(unit_word) {
            let from = match unit {
                "year" => NaiveDate::from_ymd_opt(as_of.year(), 1, 1),
                "month" => NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1),
                "week" => as_of.checked_sub_signed(Duration::days(as_of.weekday().num_days_from_monday().into())),
                _ => Some(as_of),
            };
            constraints.push(Window { from, to: Some(as_of) });
            i += 2;
            continue;
        }
        // between X and Y / from X to Y
        if matches!(w, "between" | "from") && let Some(first) = date_at(words, i + 1, as_of) {
            let (x, used) = first?;
            let k = i + 1 + used;
            if matches!(words.get(k).map(String::as_str), Some("and" | "to" | "until" | "through" | "thru" | "-" | "till"))
                && let Some(second) = date_at(words, k + 1, as_of)
            {
                let (y, used2) = second?;
                // "between March and May 2024": a first date without a year takes the second's.
                let mut x = x;
                if used == 1 && month_word(&words[i + 1]).is_some() && x.start.year() != y.start.year() {
                    let month = x.start.month();
                    if let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(y.start.year(), month, 1), month_end(y.start.year(), month)) {
                        x = Span { start, end };
                    }
                }
                if y.end < x.start {
                    return Err(WindowError::Empty);
                }
                constraints.push(Window { from: Some(x.start), to: Some(y.end) });
                i = k + 1 + used2;
                continue;
            }
            if w == "from" {
                constraints.push(Window { from: Some(x.start), to: None });
                i = k;
                continue;
            }
        }
        if matches!(w, "since" | "starting" | "beginning") && let Some(date) = date_at(words, i + 1, as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: Some(x.start), to: None });
            i += 1 + used;
            continue;
        }
        if w == "after" && let Some(date) = date_at(words, i + 1, as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: x.end.succ_opt(), to: None });
            i += 1 + used;
            continue;
        }
        let prior_to = w == "prior" && next == Some("to");
        if (w == "before" || prior_to) && let Some(date) = date_at(words, i + 1 + usize::from(prior_to), as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: None, to: x.start.pred_opt() });
            i += 1 + usize::from(prior_to) + used;
            continue;
        }
        if matches!(w, "until" | "through" | "thru" | "till") && let Some(date) = date_at(words, i + 1, as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: None, to: Some(x.end) });
            i += 1 + used;
            continue;
        }
        if matches!(w, "in" | "during" | "for" | "on" | "of" | "throughout") && let Some(date) = date_at(words, i + 1, as_of) {
            let (x, used) = date?;
            // "for June" alone is too weak a signal (a bare month needs a year here).
            let bare_month = used == 1 && month_word(&words[i + 1]).is_some();
            if !bare_month {
                constraints.push(Window { from: Some(x.start), to: Some(x.end) });
                i += 1 + used;
                continue;
            }
        }
        // A bare year or full date standing alone ("pt 505 procedures 2024").
        if (year_of(w).is_some() || iso_or_slash(w).is_some()) && let Some(date) = date_at(words, i, as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: Some(x.start), to: Some(x.end) });
            i += used;
            continue;
        }
        // "Month YYYY" or "Month D YYYY" standing alone.
        if month_word(w).is_some() && next.is_some_and(|n| year_of(n.trim_end_matches(',')).is_some() || day_of(n).is_some()) && let Some(date) = date_at(words, i, as_of) {
            let (x, used) = date?;
            constraints.push(Window { from: Some(x.start), to: Some(x.end) });
            i += used;
            continue;
        }
        i += 1;
    }
    let window = constraints.into_iter().fold(Window::default(), Window::intersect);
    match (window.from, window.to) {
        (Some(from), Some(to)) if from > to => Err(WindowError::Empty),
        _ => Ok(window),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn window(text: &str) -> Result<(Option<String>, Option<String>), WindowError> {
        let words: Vec<String> = text.to_lowercase().split_whitespace().map(str::to_string).collect();
        read(&words, d("2025-06-30")).map(|w| (w.from.map(|d| d.to_string()), w.to.map(|d| d.to_string())))
    }

    fn both(from: &str, to: &str) -> Result<(Option<String>, Option<String>), WindowError> {
        Ok((Some(from.into()), Some(to.into())))
    }

    #[test]
    fn rolling_windows_end_on_the_as_of_date() {
        assert_eq!(window("visits from the last 6 months"), both("2024-12-30", "2025-06-30"));
        assert_eq!(window("in the past two years"), both("2023-06-30", "2025-06-30"));
        assert_eq!(window("last 90 days"), both("2025-04-01", "2025-06-30"));
        assert_eq!(window("in the last week"), both("2025-06-23", "2025-06-30"));
        assert_eq!(window("labs this year"), both("2025-01-01", "2025-06-30"));
        assert_eq!(window("last 4 months"), both("2025-02-28", "2025-06-30"));
    }

    #[test]
    fn calendar_windows_cover_what_they_name() {
        assert_eq!(window("in 2023"), both("2023-01-01", "2023-12-31"));
        assert_eq!(window("for february 2024"), both("2024-02-01", "2024-02-29"));
        assert_eq!(window("between march 2024 and may 2024"), both("2024-03-01", "2024-05-31"));
        assert_eq!(window("between march and may 2024"), both("2024-03-01", "2024-05-31"));
        assert_eq!(window("from 2024-01-15 to 2024-02-10"), both("2024-01-15", "2024-02-10"));
        assert_eq!(window("since 2024"), Ok((Some("2024-01-01".into()), None)));
        assert_eq!(window("since last year"), Ok((Some("2024-01-01".into()), None)));
        assert_eq!(window("after june 1 2024"), Ok((Some("2024-06-02".into()), None)));
        assert_eq!(window("before 2020"), Ok((None, Some("2019-12-31".into()))));
        assert_eq!(window("procedures 2024"), both("2024-01-01", "2024-12-31"));
        assert_eq!(window("medications"), Ok((None, None)));
    }

    #[test]
    fn impossible_and_contradictory_windows_are_errors() {
        assert_eq!(window("on february 30 2024"), Err(WindowError::ImpossibleDate));
        assert_eq!(window("between may 2024 and march 2024"), Err(WindowError::Empty));
        assert_eq!(window("since 2024 but before 2022"), Err(WindowError::Empty));
    }
}
