//! One shape for all extracted text, whatever the source: what the chunker downstream splits on
//! sentences and lines, and what retrieval matches words in.
//!
//! - Line endings become `\n` (CR LF, lone CR, form feed, Unicode line and paragraph separators).
//! - Typographic spaces (tab, no-break, thin …) become one space; runs of spaces collapse; lines
//!   are trimmed. Layout spacing carries no meaning once the text leaves the page.
//! - Zero-width characters and soft hyphens inside a line are dropped, and the Latin ligatures
//!   (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) are spelled out: LaTeX and desktop-publishing PDFs emit them, and
//!   "ﬁbrosis" would not match a search for "fibrosis".
//! - A word broken across two lines is rejoined when that is obvious: the line ends in a
//!   lowercase letter and a hyphen and the next line starts with a lowercase letter ("treat-" /
//!   "ment"), or the line ends in a soft hyphen. The rejoined word moves up to the first line, so
//!   line structure stays. A real hyphenated compound split at its hyphen ("follow-" / "up")
//!   loses its hyphen; that is the price of the rule, and the words still match.
//! - Blank lines are kept as paragraph breaks, at most one in a row; blank lines at the start and
//!   end are dropped.
//!
//! Unicode normalisation (NFC) is not applied: extracted text is already composed in practice and
//! the ranking tokenizer compares words, not code points.

/// Normalised text; empty when the input holds no visible characters.
pub fn normalise(text: &str) -> String {
    // `None` marks a line emptied by rejoining a broken word: gone, not a paragraph break.
    let mut lines: Vec<Option<String>> = split_lines(text).map(|line| Some(clean_line(line))).collect();
    rejoin_broken_words(&mut lines);
    join_paragraphs(lines.iter().flatten())
}

const SOFT_HYPHEN: char = '\u{AD}';

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    // CR LF first, so that it yields one line break and not a line and an empty one.
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .flat_map(|line| line.split(['\r', '\u{0C}', '\u{2028}', '\u{2029}']))
}

/// Spaces unified and collapsed, zero-width characters dropped, ligatures spelled out, trimmed.
/// A soft hyphen is kept only as the line's last character, where it marks a broken word.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    let mut ends_with_soft_hyphen = false;
    for c in line.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if c == SOFT_HYPHEN {
            ends_with_soft_hyphen = !out.is_empty();
            continue;
        }
        ends_with_soft_hyphen = false;
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match ligature(c) {
            Some(spelled) => out.push_str(spelled),
            None => out.push(c),
        }
    }
    if ends_with_soft_hyphen {
        out.push(SOFT_HYPHEN);
    }
    out
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{0B}' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// Moves the second half of a word broken across lines up to the first line (see module doc).
fn rejoin_broken_words(lines: &mut [Option<String>]) {
    for index in 0..lines.len().saturating_sub(1) {
        let (Some(line), Some(next)) = (&lines[index], &lines[index + 1]) else {
            continue;
        };
        let Some(stem_len) = broken_word_stem(line, next) else {
            continue;
        };
        let tail_end = next.find(' ').unwrap_or(next.len());
        let tail = next[..tail_end].to_owned();
        let rest = next[tail_end..].trim_start().to_owned();
        if let Some(line) = &mut lines[index] {
            line.truncate(stem_len);
            line.push_str(&tail);
        }
        lines[index + 1] = (!rest.is_empty()).then_some(rest);
    }
}

/// When `line` ends with a broken word continued on `next`, the byte length of `line` without
/// its hyphen.
fn broken_word_stem(line: &str, next: &str) -> Option<usize> {
    let mut from_end = line.char_indices().rev();
    let (hyphen_at, hyphen) = from_end.next()?;
    let next_starts_lowercase = next.chars().next().is_some_and(char::is_lowercase);
    match hyphen {
        SOFT_HYPHEN if !next.is_empty() => Some(hyphen_at),
        '-' | '\u{2010}' => {
            let (_, before) = from_end.next()?;
            (before.is_lowercase() && next_starts_lowercase).then_some(hyphen_at)
        }
        _ => None,
    }
}

/// Lines joined with `\n`, at most one blank line in a row, none at either end.
fn join_paragraphs<'a>(lines: impl Iterator<Item = &'a String>) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    for line in lines {
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        // A soft hyphen with no word after it to join marks nothing.
        out.push_str(line.strip_suffix(SOFT_HYPHEN).unwrap_or(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn unifies_line_endings_and_keeps_one_blank_line_between_paragraphs() {
        let text = "Assessment:\r\nStable.\r\n\r\n\r\n\rPlan:\rFollow up\u{0C}in two weeks.";
        assert_eq!(normalise(text), "Assessment:\nStable.\n\nPlan:\nFollow up\nin two weeks.");
    }

    #[test]
    fn collapses_layout_spacing_and_trims_lines() {
        let text = "  BP \t 120/80\u{A0}mmHg   HR  72  \n\n\n   ";
        assert_eq!(normalise(text), "BP 120/80 mmHg HR 72");
    }

    #[test]
    fn rejoins_a_word_broken_across_lines() {
        let text = "started on anti-\ncoagulation treat-\nment today";
        assert_eq!(normalise(text), "started on anticoagulation\ntreatment\ntoday");
    }

    #[test]
    fn keeps_hyphens_that_are_not_line_breaks_inside_words() {
        // A dash after a space, a code before a number, a capitalised continuation.
        let text = "pain -\nsevere\nCOVID-\n19 negative\nHER2-\nPositive";
        assert_eq!(normalise(text), text);
    }

    #[test]
    fn does_not_join_across_a_paragraph_break() {
        assert_eq!(normalise("treat-\n\nment"), "treat-\n\nment");
    }

    #[test]
    fn soft_hyphens_join_at_line_end_and_vanish_inside_lines() {
        assert_eq!(normalise("hyper\u{AD}\ntension and co\u{AD}morbidity"), "hypertension\nand comorbidity");
        assert_eq!(normalise("hyper\u{AD}\n\ntension"), "hyper\n\ntension");
    }

    #[test]
    fn spells_out_ligatures_and_drops_zero_width_characters() {
        assert_eq!(normalise("\u{FB01}brosis of the a\u{FB00}ected\u{200B} ﬂap"), "fibrosis of the affected flap");
    }

    #[test]
    fn blank_input_gives_empty_text() {
        assert_eq!(normalise(" \n\t\r\n\u{0C} "), "");
    }
}
