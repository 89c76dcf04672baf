//! Sentence boundaries for clinical prose and policy text. A sentence ends at `.`, `!` or `?`
//! followed by whitespace (not after a common abbreviation or an enumerator like `1.`), at a blank
//! line, or where the next line starts a list item, so each numbered criterion and each bullet of
//! a note is its own sentence. A row of a table ("Ferritin ....... 6  ng/mL", "TSAT\t8 %": a name,
//! a column gap — two spaces, a tab or dot leaders — and a number) is a sentence of its own, and
//! a run of dots (a leader, an ellipsis) ends nothing.

/// A sentence and its byte span in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "etc", "approx", "no", "pt", "hx", "dx", "fig", "st", "jr", "sr",
    "b.i.d", "t.i.d", "q.d", "p.o", "a.m", "p.m", "mg", "wk", "wks", "yr", "yrs", "mo", "mos", "sec", "incl", "min",
];

/// Whether a line begins a list item: `1.`, `2)`, `(a)`, `a.`, `iv.`, `-`, `*`, `•`.
pub(crate) fn starts_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['-', '*', '•', '◦', '▪']) {
        return true;
    }
    let enumerator: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '(').collect();
    let rest = &t[enumerator.len()..];
    let label = enumerator.trim_start_matches('(');
    let is_label = !label.is_empty()
        && (label.chars().all(|c| c.is_ascii_digit()) && label.len() <= 3
            || label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic())
            || label.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) && label.len() <= 4);
    is_label && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t") || rest.starts_with(")\t"))
}

/// Whether the period at `dot` does not end a sentence: it closes a common abbreviation
/// (`Dr.`, `e.g.`) or an enumerator that opens a line (`1.`, `a.`, `iv.`).
fn is_non_terminal_period(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    // After the last separator, which may be wider than one byte (a no-break space from a PDF).
    let token_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(')
        .map_or(0, |(p, c)| p + c.len_utf8());
    let token = before[token_start..].to_ascii_lowercase();
    // "pt." is "patient" mid-sentence, but "PT." in capitals is physical therapy ending one
    // ("Completed 8 weeks of PT. No improvement.").
    if ABBREVIATIONS.contains(&token.as_str()) && &before[token_start..] != "PT" {
        return true;
    }
    let opens_line = before[..token_start].rsplit('\n').next().unwrap_or("").trim().is_empty();
    let enumerator = token.len() <= 3 && !token.is_empty() && token.chars().all(|c| c.is_ascii_digit())
        || token.len() == 1 && token.chars().all(|c| c.is_ascii_alphabetic())
        || (1..=4).contains(&token.len()) && token.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    opens_line && enumerator
}

/// Whether a line is a row of a table: a name (with a letter, not ending a sentence), a column gap
/// (two spaces, a tab, or three dots or more) and then a number.
fn table_row(line: &str) -> bool {
    let t = line.trim();
    let Some(gap) = t.find("  ").into_iter().chain(t.find('\t')).chain(t.find("...")).min() else {
        return false;
    };
    let name = t[..gap].trim_end();
    let value = t[gap..].trim_start_matches([' ', '\t', '.', ':']).trim_start_matches(['<', '>', '≤', '≥', '=', ' ']);
    name.chars().any(char::is_alphabetic) && !name.ends_with(['.', ',', ';']) && value.starts_with(|c: char| c.is_ascii_digit())
}

/// The sentences of `text`, trimmed, skipping empty ones.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut cuts = vec![0usize];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            let next_line_start = i + 1;
            let next_line = text[next_line_start..].split('\n').next().unwrap_or("");
            let blank_line = next_line.trim().is_empty();
            let this_line = text[..i].rsplit('\n').next().unwrap_or("");
            let table = table_row(next_line) || table_row(this_line);
            if blank_line || table || starts_list_item(next_line) || text[..i].trim_end().ends_with(':') {
                cuts.push(next_line_start);
            }
        } else if matches!(b, b'.' | b'!' | b'?') {
            let next = text[i + 1..].chars().next();
            let dots = b == b'.' && (next == Some('.') || i > 0 && bytes[i - 1] == b'.');
            if next.is_none_or(char::is_whitespace) && !dots && !(b == b'.' && is_non_terminal_period(text, i)) {
                cuts.push(i + 1);
            }
        }
        i += 1;
    }
    cuts.push(text.len());
    cuts.dedup();
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (s, e) = (pair[0], pair[1]);
        let raw = &text[s..e];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if !trimmed.is_empty() && trimmed.chars().any(char::is_alphanumeric) {
            let start = s + lead;
            out.push(Sentence { text: trimmed, start, end: start + trimmed.len() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_prose_but_not_abbreviations_or_decimals() {
        assert_eq!(
            texts("Seen by Dr. Lee on 3/2. BMI 41.5 today! Denies fever? Yes."),
            ["Seen by Dr. Lee on 3/2.", "BMI 41.5 today!", "Denies fever?", "Yes."]
        );
    }

    #[test]
    fn wide_whitespace_before_a_period_does_not_panic() {
        assert_eq!(texts("BMI 41\u{a0}no. Next\u{2003}x. End"), ["BMI 41\u{a0}no. Next\u{2003}x.", "End"]);
    }

    #[test]
    fn capital_pt_ends_a_sentence_but_pt_for_patient_does_not() {
        assert_eq!(texts("Completed 8 weeks of PT. No improvement."), ["Completed 8 weeks of PT.", "No improvement."]);
        assert_eq!(texts("Seen today, pt. reports less pain."), ["Seen today, pt. reports less pain."]);
    }

    #[test]
    fn each_list_item_is_a_sentence() {
        let policy = "Criteria (ALL of the following):\n1. Pain for more than 6 weeks.\n2. Failed physical therapy\n   of at least 6 weeks.\n- bullet item";
        assert_eq!(
            texts(policy),
            [
                "Criteria (ALL of the following):",
                "1. Pain for more than 6 weeks.",
                "2. Failed physical therapy\n   of at least 6 weeks.",
                "- bullet item"
            ]
        );
    }

    #[test]
    fn each_table_row_is_a_sentence_and_leaders_end_nothing() {
        let lab = "IRON PANEL\n  Iron, serum ........ 22     ug/dL      L\n  Ferritin ........... 6      ng/mL      L\nPhosphorus is 3.4. Repeat\nin six weeks.";
        assert_eq!(
            texts(lab),
            ["IRON PANEL", "Iron, serum ........ 22     ug/dL      L", "Ferritin ........... 6      ng/mL      L", "Phosphorus is 3.4.", "Repeat\nin six weeks."]
        );
        assert_eq!(texts("Seen today.  2 weeks of PT\nhelped."), ["Seen today.", "2 weeks of PT\nhelped."], "two spaces after a full stop are prose");
    }

    #[test]
    fn spans_point_into_the_text() {
        let t = "  First one.  Second one.\n\nThird";
        for s in sentences(t) {
            assert_eq!(&t[s.start..s.end], s.text);
        }
        assert_eq!(texts(t).len(), 3);
    }

    #[test]
    fn list_item_detection() {
        for yes in ["1. x", "12) y", "(a) z", "b. w", "iv. v", "- q", "• r"] {
            assert!(starts_list_item(yes), "{yes}");
        }
        for no in ["1.5 mg", "Patient", "2024 visit", "A1c 7.2"] {
            assert!(!starts_list_item(no), "{no}");
        }
    }
}
