//! Calendar dates in clinical text, and which of them is the document's own.
//!
//! A *date* here is a full calendar date: ISO (`2024-03-15`, `2024/03/15`), US numeric
//! (`03/15/2024`, `3/15/24`, `3-15-2024`), day-first only when it cannot be month-first
//! (`15/03/2024`, `15.03.2024`), and written out (`March 15, 2024`, `Mar. 15 2024`, `15 March 2024`,
//! `15th of March, 2024`, `15-Mar-2024`). OCR look-alikes inside a numeric part that has a real
//! digit are read as digits (`O3/l5/2024`). A month and year (`03/2024`, `March 2024`) or a bare
//! year is not a calendar date; it is kept as a *partial* date, because a test dated "March 2024"
//! must not be given the document's own date instead.
//!
//! Each date remembers the words just before it on its line (its *label*), which is how the
//! document's own date is told from a birth date or a follow-up appointment: see [`Label`].

use chrono::NaiveDate;

/// A full date found in a text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// What the words before a date say it is, from the strongest claim to be the document's own date
/// to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Label {
    /// "Date of service", "Exam date", "Collected", "Visit date": when the care happened.
    Service,
    /// "Report date", "Reported", "Date:": when the document was written.
    Report,
    /// "Electronically signed", "Dictated", "Received", "Admission": close to it.
    Signed,
    /// No label.
    Unlabelled,
    /// An earlier event: a comparison study, "last mammogram", "diagnosed", "since". Not the
    /// document's date, but it may date what its sentence names.
    Past,
    /// A follow-up, appointment, due or expiry date: dates nothing that was done.
    Future,
    /// A birth date or a last menstrual period.
    Birth,
}

/// Byte span of a month-and-year or bare-year mention, or of "… ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PartialDate {
    pub start: usize,
    pub end: usize,
}

/// The dates of `text`, in order, and its partial dates.
pub(crate) fn find(text: &str) -> (Vec<FoundDate>, Vec<PartialDate>) {
    let words = date_words(text);
    let mut dates = Vec::new();
    let mut partial = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((date, used)) = date_at(&words, i) {
            let (start, end) = (words[i].start, words[i + used - 1].end);
            let from = dates.last().map_or(0, |d: &FoundDate| d.end);
            dates.push(FoundDate { date, start, end, label: label_before(text, from, start) });
            i += used;
            continue;
        }
        if let Some(used) = partial_at(&words, i) {
            partial.push(PartialDate { start: words[i].start, end: words[i + used - 1].end });
            i += used;
            continue;
        }
        i += 1;
    }
    (dates, partial)
}

/// A word as dates are read: split at white space and at `,;:()[]{}|"`, so `Date:03/15/2024`
/// and `(3/15/24)` give their dates, and trailing full stops dropped (`Mar.`, `2024.`).
#[derive(Debug, Clone, Copy)]
struct DateWord<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn date_words(text: &str) -> Vec<DateWord<'_>> {
    let is_separator =
        |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '"');
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if is_separator(c) {
            if let Some(s) = start.take() {
                let raw: &str = &text[s..i];
                let trimmed = raw.trim_end_matches('.');
                if !trimmed.is_empty() {
                    out.push(DateWord { text: trimmed, start: s, end: s + trimmed.len() });
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// The date starting at `words[i]` and how many words it spans.
fn date_at(words: &[DateWord<'_>], i: usize) -> Option<(NaiveDate, usize)> {
    let word = words[i].text;
    if let Some(date) = numeric(word) {
        return Some((date, 1));
    }
    // Month D, YYYY — "March 15, 2024", "Mar. 15th 2024".
    if let Some(month) = month_of(word) {
        let day = words.get(i + 1).and_then(|w| day_of(w.text));
        let year = words.get(i + 2).and_then(|w| year_of(w.text));
        if let (Some(day), Some(year)) = (day, year) {
            return NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, 3));
        }
    }
    // D Month YYYY — "15 March 2024", "15th of March, 2024".
    if let Some(day) = day_of(word) {
        let mut j = i + 1;
        if words.get(j).is_some_and(|w| w.text.eq_ignore_ascii_case("of")) {
            j += 1;
        }
        let month = words.get(j).and_then(|w| month_of(w.text));
        let year = words.get(j + 1).and_then(|w| year_of(w.text));
        if let (Some(month), Some(year)) = (month, year) {
            return NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, j + 2 - i));
        }
    }
    None
}

/// A month and year, a bare year, or "ago": how many words it spans.
fn partial_at(words: &[DateWord<'_>], i: usize) -> Option<usize> {
    let word = words[i].text;
    let is = |w: &str, options: &[&str]| options.iter().any(|o| w.eq_ignore_ascii_case(o));
    if is(word, &["ago"]) {
        return Some(1);
    }
    // "last year", "last spring".
    if is(word, &["last"])
        && words
            .get(i + 1)
            .is_some_and(|w| is(w.text, &["year", "month", "week", "spring", "summer", "fall", "autumn", "winter"]))
    {
        return Some(2);
    }
    // "in June", "since March": a month without its year, after a preposition ("May" is left
    // alone: it is as often the verb).
    if i > 0
        && is(words[i - 1].text, &["in", "since", "during", "early", "late", "mid", "last"])
        && word.len() > 3
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && month_of(word).is_some()
    {
        return Some(1);
    }
    // "March 2024", capitalised so that "may 2024" in running prose is not taken for a month.
    if word.starts_with(|c: char| c.is_ascii_uppercase())
        && month_of(word).is_some()
        && words.get(i + 1).and_then(|w| year_of(w.text)).is_some()
    {
        return Some(2);
    }
    // "03/2024", "2024-03".
    let parts: Vec<&str> = word.split(['/', '-']).collect();
    if parts.len() == 2 {
        let (a, b) = (digits(parts[0]), digits(parts[1]));
        if let (Some(a), Some(b)) = (a, b) {
            let month_year =
                a.len() <= 2 && b.len() == 4 && plausible_year(&b) && (1..=12).contains(&a.parse::<u32>().ok()?);
            let year_month =
                a.len() == 4 && b.len() <= 2 && plausible_year(&a) && (1..=12).contains(&b.parse::<u32>().ok()?);
            if month_year || year_month {
                return Some(1);
            }
        }
    }
    // A bare year: "2015", "(2021)".
    if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) && plausible_year(word) {
        return Some(1);
    }
    None
}

fn plausible_year(digits: &str) -> bool {
    digits.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// A numeric part with at least one real digit, OCR look-alikes read as digits (`2O24` → `2024`).
fn digits(part: &str) -> Option<String> {
    if part.is_empty() || part.len() > 4 || !part.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mapped: String = part
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' | '|' => '1',
            other => other,
        })
        .collect();
    mapped.chars().all(|c| c.is_ascii_digit()).then_some(mapped)
}

/// `2024-03-15`, `2024/03/15`, `03/15/2024`, `3/15/24`, `15/03/2024`, `15.03.2024`, `15-Mar-2024`.
fn numeric(word: &str) -> Option<NaiveDate> {
    if word.len() < 6 || !word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let separator = ['/', '-', '.'].into_iter().find(|s| word.contains(*s))?;
    let parts: Vec<&str> = word.split(separator).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let number = |p: &str| -> Option<u32> { digits(p)?.parse().ok() };
    // Year first: ISO.
    if parts[0].len() == 4 {
        let year = number(parts[0])? as i32;
        if parts[1].len() > 2 || parts[2].len() > 2 || !(1900..=2100).contains(&year) {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, number(parts[1])?, number(parts[2])?);
    }
    // Year last: two digits only with slashes (`3/15/24`), since `5-10-15` and `1.2.10` are
    // more often ranges and versions.
    let year_len = parts[2].len();
    if !(year_len == 4 || (year_len == 2 && separator == '/')) {
        return None;
    }
    let year = number(parts[2])? as i32;
    let year = if year_len == 2 { if year < 50 { 2000 + year } else { 1900 + year } } else { year };
    if !(1900..=2100).contains(&year) {
        return None;
    }
    if let Some(month) = month_of(parts[1]) {
        return NaiveDate::from_ymd_opt(year, month, number(parts[0])?);
    }
    if let Some(month) = month_of(parts[0]) {
        return NaiveDate::from_ymd_opt(year, month, number(parts[1])?);
    }
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let (a, b) = (number(parts[0])?, number(parts[1])?);
    // Month first, as US documents print it; day first only when the first part cannot be a month.
    let (day, month) = if a > 12 { (a, b) } else { (b, a) };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `15`, `15th`, `3rd`, `l5`.
fn day_of(word: &str) -> Option<u32> {
    if word.len() > 4 || !word.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'l' | 'I' | 'O')) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let core = ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    if core.len() > 2 {
        return None;
    }
    let day: u32 = digits(core)?.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn year_of(word: &str) -> Option<i32> {
    if word.len() != 4 {
        return None;
    }
    let year: i32 = digits(word)?.parse().ok()?;
    (1900..=2100).contains(&year).then_some(year)
}

/// English month names and their usual abbreviations (`Sept`, `Mar.`).
fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "jan"],
        &["february", "feb"],
        &["march", "mar"],
        &["april", "apr"],
        &["may"],
        &["june", "jun"],
        &["july", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    if word.len() < 3 || word.len() > 9 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS.iter().position(|names| names.iter().any(|n| n.eq_ignore_ascii_case(word))).map(|p| p as u32 + 1)
}

/// Words just before a date that say it is a birth date, a future date or an earlier event.
/// Checked first, so that "Date of birth" is a birth date before it is a "date".
const BIRTH_LABELS: &[&str] = &["birth", "dob", "d.o.b", "born", "lmp", "menstrual"];

const FUTURE_LABELS: &[&str] = &[
    "next", "due", "follow", "followup", "return", "appointment", "appt", "scheduled", "expires", "expiry",
    "expiration", "until", "recall",
];

const PAST_LABELS: &[&str] = &[
    "comparison", "compared", "prior", "previous", "last", "since", "onset", "diagnosed", "surgery", "printed",
    "effective", "lumpectomy", "mastectomy", "biopsy",
];

const SERVICE_LABELS: &[&str] = &[
    "service", "dos", "exam", "examination", "study", "procedure", "visit", "encounter", "collected", "collection",
    "drawn", "specimen", "performed", "consultation", "consult", "seen", "test", "obtained",
];

const REPORT_LABELS: &[&str] = &["report", "reported", "resulted", "result", "results", "dated", "date", "letter"];

const SIGNED_LABELS: &[&str] = &[
    "signed", "dictated", "transcribed", "received", "verified", "finalized", "final", "approved", "admission",
    "admitted", "discharge", "discharged",
];

/// The label of a date: the words between the previous date (or the line start) and this one,
/// at most the last five on its line.
fn label_before(text: &str, from: usize, start: usize) -> Label {
    let before = &text[from.min(start)..start];
    let line = before.rsplit(['\n', '\r']).next().unwrap_or("");
    // OCR digits inside a label word read as letters ("Col1ected", "Exarn" stays unknown).
    let words: Vec<String> = line
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(|c| c.is_alphabetic()) {
                w.replace('1', "l").replace('0', "o").replace("rn", "m")
            } else {
                w
            }
        })
        .collect();
    let recent = &words[words.len().saturating_sub(5)..];
    let any = |labels: &[&str]| recent.iter().any(|w| labels.contains(&w.as_str()));
    if any(BIRTH_LABELS) {
        Label::Birth
    } else if any(FUTURE_LABELS) {
        Label::Future
    } else if any(PAST_LABELS) {
        Label::Past
    } else if any(SERVICE_LABELS) {
        Label::Service
    } else if any(SIGNED_LABELS) {
        Label::Signed
    } else if any(REPORT_LABELS) {
        Label::Report
    } else {
        Label::Unlabelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(text: &str) -> Vec<NaiveDate> {
        find(text).0.into_iter().map(|f| f.date).collect()
    }

    #[test]
    fn numeric_forms_read_month_first_unless_they_cannot() {
        assert_eq!(dates("2024-03-15 and 03/15/2024 and 3/15/24 and 15/03/2024"), [d(2024, 3, 15); 4]);
        assert_eq!(dates("05/03/2024"), [d(2024, 5, 3)], "ambiguous: US order");
        assert_eq!(dates("15.03.2024, 15-Mar-2024, O3/l5/2O24"), [d(2024, 3, 15); 3]);
        assert!(dates("BP 120/80, dose 1.2.10, range 5-10-15, ratio 3/4").is_empty());
    }

    #[test]
    fn written_forms() {
        assert_eq!(
            dates("March 15, 2024; Mar. 15 2024; 15 March 2024; 15th of March, 2024 (Date:3/15/2024)"),
            [d(2024, 3, 15); 5]
        );
        assert!(dates("in March 2024, may 2024").is_empty());
        assert_eq!(find("Last mammogram March 2023, colonoscopy 2019, 3 years ago, 03/2022").1.len(), 4);
        assert_eq!(find("checked last year; A1c in June; May return").1.len(), 2);
    }

    #[test]
    fn labels_tell_the_documents_date_from_others() {
        let (found, _) =
            find("DOB: 04/12/1975  Date of service: 03/15/2024\nNext appointment 06/01/2024\nReported: 03/16/2024");
        let labels: Vec<Label> = found.iter().map(|f| f.label).collect();
        assert_eq!(labels, [Label::Birth, Label::Service, Label::Future, Label::Report]);
        let (found, _) = find("Electronically signed 03/17/2024 by Dr. Lee");
        assert_eq!(found[0].label, Label::Signed);
    }
}
