//! A patient's note passages as evidence candidates: one entry per sentence, with what the
//! matcher needs read once (tokens, lexicon mentions, negation contexts, durations, measures),
//! the chunks to cite, and an embedding for ranking.
//!
//! Passages are stitched back per document first ([`crate::knowledge::stitch`]), so a sentence
//! repeated in two overlapping chunks is one candidate, cited by the chunk that holds it whole.
//! Notes are often written as lines without full stops ("HPI: …", "Meds: …"), so a sentence is
//! also cut around a table's line (three fields or more, cut at runs of spaces), after a heading
//! or a line ending in a colon and before a bullet, a numbered item or a
//! field label; a line that merely wraps stays joined. A concept named in a leading label that
//! announces a topic ("Infection screen: no fever") is not a finding. Each document's date (its
//! title's `YYYY-MM-DD`, else the first full date of its opening lines) gives its age at the
//! request (the newest note, [`NoteIndex::as_of`]), which durations judged against an upper limit
//! are aged by; durations, ages from a date of birth and values under a recency window are read
//! as of the request too, so a case reads the same whenever it is analysed; a sentence's own
//! date ("Echo 04/10: LVEF 58%", the year taken from its note) dates what it records
//! ([`NoteIndex::days_since`]), and how long before the request — the newest note — it happened
//! ([`NoteIndex::days_before_request`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::duration::{DurationMention, note_durations};
use super::lexicon::{Concept, Mention, mentions};
use super::measure::{Measure, MeasureMention, note_measures};
use super::quantity::{Comparator, Interval};
use super::tokens::{Token, tokenize};
use crate::clinical_context::{Assertion, assertions};
use crate::knowledge::StitchedDocument;
use crate::knowledge::embedding::embed;
use crate::text::sentences;

/// One candidate sentence.
#[derive(Debug, Clone)]
pub struct NoteSentence<'a> {
    /// Index of its document in [`NoteIndex::documents`].
    pub document: usize,
    /// Paragraph number within the document (a blank line starts a new one).
    pub paragraph: usize,
    pub text: &'a str,
    /// Byte span in the stitched document text.
    pub span: (usize, usize),
    pub tokens: Vec<Token<'a>>,
    pub mentions: Vec<Mention>,
    pub contexts: Vec<Assertion>,
    pub durations: Vec<DurationMention>,
    pub measures: Vec<MeasureMention>,
    pub chunk_ids: Vec<String>,
    pub embedding: Vec<f32>,
}

impl NoteSentence<'_> {
    /// Whether the sentence ends by introducing what follows ("Physical therapy:").
    pub fn is_header(&self) -> bool {
        self.text.trim_end().ends_with(':')
    }
}

/// The sentences of every note document, in document order.
#[derive(Debug)]
pub struct NoteIndex<'a> {
    pub documents: &'a [StitchedDocument],
    pub sentences: Vec<NoteSentence<'a>>,
    /// Per document: days from the date it was written (its title's or its text's first date)
    /// to [`NoteIndex::as_of`], when a date is found.
    pub age_days: Vec<Option<f64>>,
    /// Per document: the date it was written, when found.
    pub written: Vec<Option<NaiveDate>>,
    /// The analysis date: dates in the text are read up to it.
    pub today: NaiveDate,
    /// The date the notes are read as of: the newest note's (the request's own documentation),
    /// else the analysis date. Durations, ages, each note's age and a value's age under a
    /// recency window are counted to it, so a request reads the same whenever it is analysed.
    pub as_of: NaiveDate,
}

/// The date a note was written: a `YYYY-MM-DD` opening its title ("2024-06-08-ed-note.txt"),
/// else the first full date in its opening lines ("DOS 06/08/2024", "VISIT - 2024-06-12").
pub fn written_on(doc: &StitchedDocument) -> Option<NaiveDate> {
    let iso = |t: &str| t.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    if let Some(d) = doc.title.as_deref().and_then(iso) {
        return Some(d);
    }
    let head: String = doc.text.chars().take(300).collect();
    for (i, _) in head.char_indices() {
        let at = &head[i..];
        if i > 0 && head[..i].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let b = at.as_bytes();
        let shaped = |seps: &[usize], sep: u8| b.len() >= 10 && (0..10).all(|k| if seps.contains(&k) { b[k] == sep } else { b[k].is_ascii_digit() });
        if shaped(&[4, 7], b'-') {
            if let Some(d) = iso(at) {
                return Some(d);
            }
        }
        if shaped(&[2, 5], b'/') {
            if let Some(d) = chrono::NaiveDate::parse_from_str(&at[..10], "%m/%d/%Y").ok() {
                return Some(d);
            }
        }
    }
    None
}

/// The first date written in `text`: `MM/DD/YYYY`, `YYYY-MM-DD`, `MM/YYYY` (read as mid-month),
/// or `MM/DD` in the year of `written` (the year before, when that would fall after it).
/// A year before `written`'s that a sentence writes alone right after what it dates, among its
/// first words ("Colonoscopy 2013: normal", "s/p TKA (2019)", "PT 2023 and 2024"), as its middle
/// day; not an amount ("metformin 2000 mg"), a range, a part of a date, or an onset ("DM since
/// 2015, A1c 9.1 today" is today's A1c).
fn earlier_year(tokens: &[Token<'_>], written: NaiveDate) -> Option<NaiveDate> {
    const AMOUNTS: &[&str] = &["mg", "mcg", "g", "ml", "cc", "units", "unit", "u", "iu", "kcal", "cal", "calories", "steps", "ft", "feet", "m", "km", "lb", "lbs", "kg", "mm", "cm", "ms", "x"];
    const ONSETS: &[&str] = &["since", "from", "until", "till", "by", "before", "after", "than", "least", "over", "under", "about"];
    (1..tokens.len().min(5)).find_map(|k| {
        let t = &tokens[k];
        let year: i32 = t.lower.parse().ok().filter(|_| t.lower.len() == 4)?;
        if !(1950..written.year()).contains(&year) || t.gap.slash || t.gap.dash || t.gap_text.contains(['$', '#']) {
            return None;
        }
        let previous = &tokens[k - 1];
        let after_word = previous.lower.chars().all(char::is_alphabetic) && !ONSETS.contains(&previous.lower.as_str());
        if !(after_word || t.gap.open_paren) {
            return None;
        }
        let next = tokens.get(k + 1).filter(|n| !n.gap.stop);
        if next.is_some_and(|n| AMOUNTS.contains(&n.lower.as_str()) || n.gap.slash || (n.gap.dash && n.lower.starts_with(|c: char| c.is_ascii_digit()))) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, 7, 1)
    })
}

pub fn first_date(text: &str, written: Option<NaiveDate>) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'/' || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        // Up to three digit runs joined by one '/' or '-'.
        let mut parts: Vec<&str> = Vec::new();
        let mut sep = 0u8;
        let mut k = i;
        loop {
            let start = k;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            parts.push(&text[start..k]);
            let joined = k + 1 < b.len() && matches!(b[k], b'/' | b'-') && (sep == 0 || sep == b[k]) && b[k + 1].is_ascii_digit();
            if !joined || parts.len() == 3 {
                break;
            }
            sep = b[k];
            k += 1;
        }
        let n = |p: &str| p.parse::<i32>().ok();
        let year = |p: &str| n(p).map(|y| if p.len() == 2 { 2000 + y } else { y }).filter(|y| (1900..2100).contains(y));
        let found = match (parts.as_slice(), sep) {
            ([y, m, d], b'-') if y.len() == 4 => NaiveDate::from_ymd_opt(n(y)?, n(m)? as u32, n(d)? as u32),
            ([m, d, y], b'/') if y.len() == 4 || y.len() == 2 => year(y).and_then(|y| NaiveDate::from_ymd_opt(y, n(m)? as u32, n(d)? as u32)),
            ([m, y], b'/') if y.len() == 4 => year(y).and_then(|y| NaiveDate::from_ymd_opt(y, n(m)? as u32, 15)),
            ([m, d], b'/') if m.len() <= 2 && d.len() <= 2 => written.and_then(|w| {
                let on = |y: i32| NaiveDate::from_ymd_opt(y, n(m)? as u32, n(d)? as u32);
                on(w.year()).filter(|x| *x <= w).or_else(|| on(w.year() - 1))
            }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        i = k.max(i + 1);
    }
    month_named(text, written)
}

/// A month named where it dates what is said: "A1c 7.4 (Jan)", "MRI in March", "since
/// January 2024": mid-month, of its year when one follows, else the last such month on or before
/// the note. "May" must be capitalised (it is a verb too); a sentence about what is to come
/// ("follow up in March", "due in May") dates nothing by its month.
fn month_named(text: &str, written: Option<NaiveDate>) -> Option<NaiveDate> {
    let lower = text.to_ascii_lowercase();
    if ["follow", "return", "next ", "due ", "schedul", "planned", "will "].iter().any(|w| lower.contains(w)) {
        return None;
    }
    let words: Vec<(usize, &str)> = text.split(|c: char| !c.is_ascii_alphanumeric()).scan(0usize, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    }).filter(|(_, w)| !w.is_empty()).collect();
    for (k, &(at, word)) in words.iter().enumerate() {
        let l = word.to_ascii_lowercase();
        let Some(month) = super::duration::month_number(&l) else { continue };
        if l == "may" && !word.starts_with('M') {
            continue;
        }
        let before = text[..at].trim_end();
        let next = words.get(k + 1).map(|(_, w)| *w);
        let year: Option<i32> = next.filter(|w| w.len() == 4).and_then(|w| w.parse().ok()).filter(|y| (1900..2100).contains(y));
        let placed = year.is_some() || before.ends_with('(') || ["in", "on", "from", "since", "of"].iter().any(|p| before.to_ascii_lowercase().ends_with(&format!(" {p}")));
        if !placed {
            continue;
        }
        let date = match (year, written) {
            (Some(y), _) => NaiveDate::from_ymd_opt(y, month, 15),
            (None, Some(w)) => NaiveDate::from_ymd_opt(w.year(), month, 15).filter(|d| *d <= w).or_else(|| NaiveDate::from_ymd_opt(w.year() - 1, month, 15)),
            (None, None) => None,
        };
        if date.is_some() {
            return date;
        }
    }
    None
}

/// Whether a line opens with a field label: "HPI:", "Meds:", "Dates of care:".
fn starts_with_label(line: &str) -> bool {
    let head: String = line.chars().take(40).collect();
    head.find(':').is_some_and(|colon| {
        let label = &head[..colon];
        !label.is_empty()
            && label.split_whitespace().count() <= 4
            && label.chars().next().is_some_and(char::is_uppercase)
            && label.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '/' | '-' | '(' | ')' | '&'))
    })
}

/// A table line's fields: its text cut at tabs and at runs of two spaces or more, as byte ranges.
pub fn fields(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let gap = bytes[i] == b'\t' || bytes[i] == b'\n' || (bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()));
        if gap {
            if let Some(from) = start.take() {
                out.push((from, i));
            }
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            continue;
        }
        if start.is_none() && !bytes[i].is_ascii_whitespace() {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(from) = start {
        out.push((from, text.trim_end().len()));
    }
    out
}

/// Cuts a sentence where a new line starts a new statement: after a heading or a line ending
/// in a colon, before a bullet, a numbered item or a field label, and around a table's line
/// (three fields or more, cut at runs of spaces). A line that merely wraps
/// ("… meloxicam 15 mg daily since / June 2023, …") stays joined.
fn line_pieces(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut piece_start = 0;
    let mut line_start = 0;
    for (i, c) in text.char_indices() {
        if c != '\n' {
            continue;
        }
        let line = text[line_start..i].trim();
        line_start = i + 1;
        let next = text[i + 1..].trim_start();
        let heading = line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase);
        let new_statement = line.ends_with(':')
            || heading
            || next.starts_with(['-', '*', '•', '◦', '▪', '·'])
            // "#2 12/2024 letrozole …": a numbered row.
            || (next.starts_with('#') && next[1..].starts_with(|c: char| c.is_ascii_digit()))
            || crate::preauth::layout::marker(next.lines().next().unwrap_or("")).is_some_and(|m| !m.label.is_empty())
            || starts_with_label(next)
            // A table's lines ("Date   Hgb (g/dL)   Plt (K/uL)", "05/12/26   9.6 L   132 L"): one
            // sentence each, so a column is read under its heading.
            || fields(line).len() >= 3
            || fields(next.lines().next().unwrap_or("")).len() >= 3;
        if new_statement {
            out.push((start + piece_start, start + i));
            piece_start = i + 1;
        }
    }
    out.push((start + piece_start, start + text.len()));
    out
}

/// Words that make a leading label a topic rather than a finding: "Infection screen:", "Fall
/// risk:", "Cancer history:".
const TOPIC_WORDS: &[&str] = &[
    "screen", "screening", "risk", "risks", "history", "precautions", "workup", "review", "questionnaire", "status",
    "plan", "education", "prophylaxis", "counseling", "consent",
];

/// Labels whose lines say what is intended: "Plan:", "Recommendations:", "Next steps:".
const PLAN_LABELS: &[&str] = &["plan", "plans", "recommendation", "recommendations", "orders", "next", "steps", "follow", "up", "goals", "discharge"];

/// A concept named in a leading label ("Infection screen: no fever …") is the topic of what
/// follows, not a finding: its context becomes uncertain. A label that is the concept alone
/// ("Infection: none") takes the polarity of its value.
fn label_topics(tokens: &[Token<'_>], found: &[Mention], ctx: &mut [Assertion]) {
    let Some(colon) = tokens.iter().take(6).position(|t| t.gap.colon) else { return };
    if colon == 0 {
        return;
    }
    // "Plan: start physical therapy" — what follows a plan label is intended, not done.
    let plan = tokens[..colon].iter().all(|t| PLAN_LABELS.contains(&t.lower.as_str()));
    if plan {
        for c in ctx.iter_mut().skip(colon) {
            if matches!(c, Assertion::Affirmed | Assertion::Historical) {
                *c = Assertion::Uncertain;
            }
        }
    }
    let topic = tokens[..colon].iter().any(|t| TOPIC_WORDS.contains(&t.lower.as_str()));
    let value_negated = tokens.get(colon).is_some_and(|t| matches!(t.lower.as_str(), "no" | "none" | "negative" | "denies" | "absent" | "denied"));
    for m in found.iter().filter(|m| m.last < colon) {
        for c in ctx.iter_mut().take(m.last + 1).skip(m.first) {
            if topic {
                *c = Assertion::Uncertain;
            } else if value_negated {
                *c = Assertion::Negated;
            }
        }
    }
}

/// "DOB: 02/14/1961", "date of birth 06/1988", "born 3/4/1950": the patient's age on the analysis
/// date, as a measured age — a policy's "at least 60 years old" asks it of the member now. A
/// two-digit year that would fall after today is the century before.
fn age_from_birth(tokens: &[Token<'_>], text: &str, today: NaiveDate) -> Option<MeasureMention> {
    let k = (0..tokens.len()).find(|&k| {
        let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        matches!(w(k), "dob" | "born" | "d.o.b") || (w(k) == "birth" && k >= 2 && w(k - 1) == "of" && w(k - 2) == "date")
    })?;
    let after = &text[tokens[k].end..];
    let lead = after.len() - after.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
    // The date must follow the keyword closely ("DOB: 02/14/1961"), not be any later date.
    if after[..lead].split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() > 1 {
        return None;
    }
    let mut born = first_date(&after[lead..], None)?;
    if born > today {
        born = born.with_year(born.year() - 100)?;
    }
    let years = today.years_since(born)?;
    if years > 120 {
        return None;
    }
    let number = tokens.iter().position(|t| t.start >= tokens[k].end + lead).unwrap_or(k);
    Some(MeasureMention { measure: Measure::Age, value: Interval::from_comparator(Comparator::Exactly, f64::from(years)), first: k, last: number, number })
}

/// The chunks to cite for `[start, end)`: the first chunk holding it whole, else every chunk it
/// overlaps.
fn citation(doc: &StitchedDocument, start: usize, end: usize) -> Vec<String> {
    if let Some((id, _, _)) = doc.pieces.iter().find(|(_, s, e)| *s <= start && end <= *e) {
        return vec![id.clone()];
    }
    doc.chunks_covering(start, end)
}

impl<'a> NoteIndex<'a> {
    pub fn build(documents: &'a [StitchedDocument], now: DateTime<Utc>) -> NoteIndex<'a> {
        let written: Vec<Option<NaiveDate>> = documents.iter().map(written_on).collect();
        let mut out = Vec::new();
        for (d, doc) in documents.iter().enumerate() {
            let text = doc.text.as_str();
            let mut paragraph = 0;
            let mut previous_end = 0;
            for s in sentences(text) {
                for (a, b) in line_pieces(s.text, s.start) {
                    let raw = &text[a..b];
                    let trimmed_start = a + (raw.len() - raw.trim_start().len());
                    let piece = raw.trim();
                    if piece.is_empty() || !piece.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                    if text[previous_end.min(trimmed_start)..trimmed_start].contains("\n\n")
                        || text[previous_end.min(trimmed_start)..trimmed_start].contains("\n\r\n")
                    {
                        paragraph += 1;
                    }
                    previous_end = trimmed_start + piece.len();
                    let tokens = tokenize(piece);
                    let mut found = mentions(&tokens);
                    let protected: Vec<(usize, usize)> = found.iter().map(|m| (m.first, m.last)).collect();
                    let mut ctx = assertions(&tokens, &protected);
                    label_topics(&tokens, &found, &mut ctx);
                    let measures = note_measures(&tokens, &found);
                    // A BMI computed from height and weight is a mention of BMI where its weight is.
                    if !found.iter().any(|f| f.concept == Concept::Bmi)
                        && let Some(m) = measures.iter().find(|m| m.measure == Measure::Bmi)
                    {
                        found.push(Mention { concept: Concept::Bmi, first: m.number, last: m.number, negated_form: false });
                        found.sort_by_key(|f| f.first);
                    }
                    let span = (trimmed_start, trimmed_start + piece.len());
                    out.push(NoteSentence {
                        document: d,
                        paragraph,
                        text: piece,
                        span,
                        chunk_ids: citation(doc, span.0, span.1),
                        embedding: embed(piece),
                        tokens,
                        mentions: found,
                        contexts: ctx,
                        durations: Vec::new(),
                        measures,
                    });
                }
            }
        }
        // The notes are read as of the request, whose documentation is the newest note: "pain
        // since March", an age from a date of birth and a short complaint's age read the same
        // whenever the analysis runs (a case analysed a year after filing is not a year older).
        // (Dates in the text are still read up to the analysis date: a note dated by its first
        // date, "Semen analysis 2024-03-04: …", may go on to later ones.)
        let as_of_date = written.iter().flatten().copied().filter(|d| *d <= now.date_naive()).max().unwrap_or(now.date_naive());
        let as_of = as_of_date.and_hms_opt(12, 0, 0).map_or(now, |t| t.and_utc().min(now));
        for s in &mut out {
            s.durations = note_durations(&s.tokens, as_of);
            let age = age_from_birth(&s.tokens, s.text, as_of_date);
            s.measures.extend(age);
        }
        let age_days = written.iter().map(|w| w.map(|w| (as_of_date - w).num_days().max(0) as f64)).collect();
        NoteIndex { documents, sentences: out, age_days, written, today: now.date_naive(), as_of: as_of_date }
    }

    /// Days from when what sentence `i` records was measured or done to [`NoteIndex::as_of`]: the
    /// first date the sentence gives ("TTE 05/28/2024: LVEF 60%", "echo 12/2023", "echo 04/10"
    /// in a June note), else the date its note was written.
    pub fn days_since(&self, i: usize) -> Option<f64> {
        let date = self.recorded_on(i)?;
        Some((self.as_of - date).num_days().max(0) as f64)
    }

    /// When what sentence `i` records was measured or done: the first date it gives, else a year
    /// before its note's written after what it dates ("Colonoscopy 2013: normal", "s/p TKA
    /// (2019)", read from the middle of the year), else its note's date.
    pub fn recorded_on(&self, i: usize) -> Option<NaiveDate> {
        let s = self.sentences.get(i)?;
        let written = self.written.get(s.document).copied().flatten();
        first_date(s.text, written).or_else(|| earlier_year(&s.tokens, written?)).or(written)
    }

    /// Days from when what sentence `i` records was done to the newest note: how long before
    /// the request (whose documentation is the newest note) it happened. A look-back such as
    /// "within six months prior to ordering" is counted from the request, not from whenever the
    /// analysis runs; without any dated note it falls back to [`NoteIndex::days_since`].
    pub fn days_before_request(&self, i: usize) -> Option<f64> {
        let date = self.recorded_on(i)?;
        Some((self.as_of - date).num_days().max(0) as f64)
    }

    /// Whether sentence `a` was written after sentence `b`: its note is dated later, or, in the same
    /// note (or undated notes), it comes later.
    pub fn newer_or_later(&self, a: usize, b: usize) -> bool {
        let date = |i: usize| self.sentences.get(i).and_then(|s| self.written.get(s.document).copied().flatten());
        match (date(a), date(b)) {
            (Some(x), Some(y)) if x != y => x > y,
            _ => a > b,
        }
    }

    /// Whether sentences `a` and `b` (`a < b`, adjacent) may be read together as one statement:
    /// same document and paragraph, or `a` is a header line introducing `b`.
    pub fn continues(&self, a: usize, b: usize) -> bool {
        match (self.sentences.get(a), self.sentences.get(b)) {
            (Some(x), Some(y)) => x.document == y.document && (x.paragraph == y.paragraph || x.is_header()),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Passage, stitch};

    fn passage(id: &str, doc: &str, text: &str, span: (usize, usize)) -> Passage {
        Passage { chunk_id: id.into(), document_id: doc.into(), title: None, text: text.into(), score: 0.0, ordinal: None, span: Some(span) }
    }

    #[test]
    fn an_age_from_the_date_of_birth() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let age = |text: &str| age_from_birth(&tokenize(text), text, today).map(|m| m.describe());
        assert_eq!(age("Name: [redacted]  DOB: 02/14/1961"), Some("age 64 years".into()));
        assert_eq!(age("Survivorship clinic. DOB 06/1988."), Some("age 37 years".into()));
        assert_eq!(age("Date of birth 7/1/45"), Some("age 79 years".into()), "a two-digit year in the century before");
        assert_eq!(age("born at term, seen 03/2024 for follow-up"), None, "a later date is not the birth date");
        assert_eq!(age("Seen 03/12/2025, BMI 41"), None);
    }

    #[test]
    fn the_date_a_sentence_gives() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let written = d(2024, 3, 20);
        assert_eq!(first_date("Holter 02/14/2024: 3 pauses", written), d(2024, 2, 14));
        assert_eq!(first_date("CT 2023-11-02 unremarkable", written), d(2023, 11, 2));
        assert_eq!(first_date("last spirometry 10/2023", written), d(2023, 10, 15));
        assert_eq!(first_date("labs 03/01 normal", written), d(2024, 3, 1), "the note's year");
        assert_eq!(first_date("Last A1c 7.4 (Jan)", written), d(2024, 1, 15), "a month in parentheses");
        assert_eq!(first_date("MRI in November showed a tear", written), d(2023, 11, 15), "the last November before the note");
        assert_eq!(first_date("Echo September 2022: EF 40%", written), d(2022, 9, 15));
        assert_eq!(first_date("Follow up in March with labs", written), None, "what is to come");
        assert_eq!(first_date("symptoms may improve", written), None);
        assert_eq!(first_date("labs 11/30 normal", written), d(2023, 11, 30), "not after the note");
        assert_eq!(first_date("BP 138/88, HR 72", written), None);
        assert_eq!(first_date("FEV1 2.1 L", written), None);
    }

    #[test]
    fn the_date_a_note_was_written() {
        let doc = |title: Option<&str>, text: &str| StitchedDocument { document_id: "d".into(), title: title.map(Into::into), text: text.into(), pieces: Vec::new() };
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(written_on(&doc(Some("2023-11-02-clinic.txt"), "Seen 01/05/2024")), d(2023, 11, 2), "the title's date first");
        assert_eq!(written_on(&doc(None, "CLINIC NOTE   DOS 03/14/2024\nKnee pain.")), d(2024, 3, 14));
        assert_eq!(written_on(&doc(None, "Visit - 2024-02-01\nStable.")), d(2024, 2, 1));
        assert_eq!(written_on(&doc(None, "Knee pain for 3 months.")), None);
    }

    #[test]
    fn lines_without_full_stops_are_separate_sentences_and_cite_their_chunk() {
        let text = "HPI: 62 yo F with R knee pain x 2 years\nMeds: meloxicam 15 mg daily\n\nPlan: TKA.";
        assert_eq!(line_pieces("pain for over 2 years, worse over the past\n6 months since\nJune 2023", 0).len(), 1, "wrapped lines stay joined");
        assert_eq!(line_pieces("HISTORY\n62-year-old woman", 0).len(), 2, "a heading line stands alone");
        let docs = stitch(&[passage("d#0000", "d", &text[..67], (0, 67)), passage("d#0001", "d", &text[40..], (40, text.len()))]);
        let index = NoteIndex::build(&docs, Utc::now());
        let texts: Vec<&str> = index.sentences.iter().map(|s| s.text).collect();
        assert_eq!(texts, ["HPI: 62 yo F with R knee pain x 2 years", "Meds: meloxicam 15 mg daily", "Plan: TKA."]);
        assert_eq!(index.sentences[0].chunk_ids, ["d#0000"]);
        assert_eq!(index.sentences[2].chunk_ids, ["d#0001"]);
        assert!(index.continues(0, 1));
        assert!(!index.continues(1, 2), "a blank line separates paragraphs");
    }

    #[test]
    fn concepts_in_topic_labels_are_not_findings() {
        let docs = stitch(&[passage("d#0000", "d", "Infection screen: no fever.\nInfection: none.\nPelvis radiograph: severe arthritis.", (0, 80))]);
        let index = NoteIndex::build(&docs, Utc::now());
        let ctx_of_first_mention = |i: usize| index.sentences[i].contexts[index.sentences[i].mentions[0].first];
        assert_eq!(ctx_of_first_mention(0), Assertion::Uncertain);
        assert_eq!(ctx_of_first_mention(1), Assertion::Negated);
        assert_eq!(ctx_of_first_mention(2), Assertion::Affirmed);
        let docs = stitch(&[passage("d#0000", "d", "Plan: start physical therapy.\nAssessment/Plan: failed physical therapy.", (0, 66))]);
        let index = NoteIndex::build(&docs, Utc::now());
        assert_eq!(ctx_of_first_mention_in(&index, 0), Assertion::Uncertain, "a plan is not done");
        assert_eq!(ctx_of_first_mention_in(&index, 1), Assertion::Affirmed, "an assessment line states findings");
    }

    fn ctx_of_first_mention_in(index: &NoteIndex<'_>, i: usize) -> Assertion {
        let s = &index.sentences[i];
        s.contexts[s.mentions.iter().find(|m| m.concept == crate::preauth::lexicon::Concept::PhysicalTherapy).map_or(0, |m| m.first)]
    }
}
