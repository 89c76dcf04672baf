//! Whether a written summary states only figures its report holds. A model writes the summary
//! on AWS; before it is shown, every number and date in its prose must be found in a cell of the
//! rows, in the summary computed from them or in the request — or be a small count ("3 visits",
//! "the last 6 months"). A summary that names any other figure is not shown: the computed one is.
//! Words are not checked (a model may call a visit an encounter); figures are what a reader acts
//! on, and an invented one is the error that costs.

use std::collections::HashSet;

use crate::reports::rows::ResultSet;

/// Integers up to this are counts a writer may make ("3 visits", "the last 6 months") — when a
/// word follows them as a count's would: not a value's unit or date ("HbA1c was 9 %", "9 on
/// 2024-03-01" are values, and must be found).
const SMALL_COUNT: f64 = 12.0;

/// Words after a number that make it a measurement or a point in time, not a count.
const NOT_COUNTED: [&str; 16] = ["and", "was", "were", "per", "from", "the", "mmol", "mmhg", "units", "bpm", "mcg", "meq", "percent", "kg/m2", "years", "yrs"];

/// The figures of `prose` found nowhere in the rows or in `sources` (the computed summary, the
/// request), as written. Empty when the prose is grounded.
pub fn ungrounded_figures(prose: &str, result: &ResultSet, sources: &[&str]) -> Vec<String> {
    let mut known = HashSet::new();
    let mut numbers = Vec::new();
    let cells = result.rows.iter().flatten().map(|cell| cell.display());
    for text in cells.chain(sources.iter().map(|s| s.to_string())) {
        for figure in figures(&text) {
            match value(&figure) {
                Some(v) => numbers.push(v),
                // A date's parts: "March 1, 2024" is grounded by 2024-03-01.
                None => known.extend(figure.split(['-', '/']).map(str::to_string)),
            }
            known.insert(figure);
        }
    }
    figures_with_next_word(prose).into_iter().filter(|(figure, next)| !grounded(figure, next, &known, &numbers)).map(|(figure, _)| figure).collect()
}

fn grounded(figure: &str, next_word: &str, known: &HashSet<String>, numbers: &[f64]) -> bool {
    if known.contains(figure) {
        return true;
    }
    let Some(v) = value(figure) else { return false };
    let counted = matches!(next_word, "of" | "st" | "nd" | "rd" | "th") || (next_word.len() >= 3 && !NOT_COUNTED.contains(&next_word));
    if v.fract() == 0.0 && v.abs() <= SMALL_COUNT && !figure.contains('.') && counted {
        return true;
    }
    // A figure written rounded ("7.9" for 7.93) matches a value it rounds; "1,234" matches 1234.
    let decimals = figure.rsplit_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let half_step = 0.5 * 10f64.powi(-decimals);
    numbers.iter().any(|n| (n - v).abs() <= half_step + f64::EPSILON * n.abs().max(1.0))
}

/// The figures of a text: runs of digits, joined by `.` or `,` between digits ("1,234.5") or by
/// `-` and `/` in dates ("2024-03-01", "03/01/2024"). Digits after a letter are part of a name,
/// not a figure ("HbA1c", "B12", "T4"); a unit written on a figure ("500mg") is its next word.
fn figures(text: &str) -> Vec<String> {
    figures_with_next_word(text).into_iter().map(|(figure, _)| figure).collect()
}

/// Each figure with the word that follows it (lower-cased letters; empty when none follows).
fn figures_with_next_word(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || (matches!(chars[i], '.' | ',' | '-' | '/') && chars.get(i + 1).is_some_and(char::is_ascii_digit) && i > start)) {
            i += 1;
        }
        if start > 0 && chars[start - 1].is_alphabetic() {
            continue;
        }
        let mut next = i;
        while next < chars.len() && chars[next] == ' ' {
            next += 1;
        }
        let word: String = chars[next..].iter().take_while(|c| c.is_alphabetic()).flat_map(|c| c.to_lowercase()).collect();
        out.push((chars[start..i].iter().collect(), word));
    }
    out
}

/// A figure's numeric value, when it is a number (not a date).
fn value(figure: &str) -> Option<f64> {
    if figure.contains(['-', '/']) {
        return None;
    }
    figure.replace(',', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::rows::Cell;
    use chrono::NaiveDate;

    fn result() -> ResultSet {
        let d = |s: &str| Cell::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        ResultSet {
            columns: vec!["event_date".into(), "description".into(), "value".into()],
            rows: vec![
                vec![d("2024-03-01"), Cell::Text("HbA1c".into()), Cell::Number(7.93)],
                vec![d("2024-09-01"), Cell::Text("HbA1c".into()), Cell::Number(7.1)],
                vec![d("2023-05-05"), Cell::Text("Total cholesterol".into()), Cell::Number(1234.0)],
            ],
            truncated: false,
        }
    }

    #[test]
    fn figures_from_the_rows_the_summary_or_small_counts_are_grounded() {
        let prose = "Between 2024-03-01 and September 2024 HbA1c fell from 7.9 to 7.1 %; cholesterol was 1,234 in 2023. \
                     Three rows, 3 measurements over the last 6 months (2 of them HbA1c).";
        assert!(ungrounded_figures(prose, &result(), &["3 rows from 2023-05-05 to 2024-09-01."]).is_empty());
    }

    #[test]
    fn an_invented_value_or_date_is_named() {
        let prose = "HbA1c was 8.4 % on 2024-04-02, and 7.1 % later; 45 visits in all.";
        assert_eq!(ungrounded_figures(prose, &result(), &[]), vec!["8.4", "2024-04-02", "45"]);
    }

    #[test]
    fn a_figure_rounded_past_its_value_is_not_grounded() {
        // 7.93 may be written 7.9 or 8, but not 7.8.
        assert!(ungrounded_figures("HbA1c 7.9, then 8.", &result(), &[]).is_empty());
        assert_eq!(ungrounded_figures("HbA1c 7.8.", &result(), &[]), vec!["7.8"]);
    }

    #[test]
    fn a_small_number_is_a_count_only_where_a_count_would_be() {
        assert!(ungrounded_figures("3 visits in the last 6 months, 2 of them urgent.", &result(), &[]).is_empty());
        assert_eq!(ungrounded_figures("HbA1c was 9 on 2024-03-01.", &result(), &[]), vec!["9"]);
        assert_eq!(ungrounded_figures("HbA1c reached 10 % and then 9.", &result(), &[]), vec!["10", "9"]);
        assert_eq!(ungrounded_figures("Vitamin B12 and T4 were normal; HbA1c 7.1 at the 2nd visit.", &result(), &[]), Vec::<String>::new(), "digits in names are not figures");
        assert_eq!(ungrounded_figures("Metformin 500mg, 2 tablets.", &result(), &[]), vec!["500"], "a unit on a figure does not hide it");
    }

    #[test]
    fn the_patient_id_in_the_request_is_grounded() {
        assert!(ungrounded_figures("Patient 3950 had 3 results.", &result(), &["summary report for patient 3950"]).is_empty());
    }
}
