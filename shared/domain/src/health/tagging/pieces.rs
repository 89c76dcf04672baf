//! The document as pieces: sentences, table rows and list items, in the sections that change how
//! they are read.
//!
//! **Pieces.** Lines are joined while a line merely wraps (the next starts in lower case) and cut
//! where a new one starts (a capital, a digit, a bullet, a table row, after a line ending in `:`
//! or `.`); each block is then split into sentences ([`crate::text::sentences`]) and a sentence
//! longer than [`MAX_PIECE_BYTES`] into pieces at spaces. A piece remembers its block, so that a
//! date given early in a paragraph dates what follows in it.
//!
//! **Sections.** A known label at a line's start ("FAMILY HISTORY:", "Plan:") opens a section that
//! lasts until the next known label; a blank line ends it once it has content and the next line is
//! not one of its list items. Only two sections change how a piece is read: *family history*
//! (what it names is about relatives) and *plan* (what it names is intended, not done). A label
//! naming a relative ("Mother: breast cancer at 45") is content, not a section.

use chrono::NaiveDate;

use super::clause::kin_word;
use super::dates::{self, Label};

/// A sentence longer than this is read in pieces of at most this many bytes (the context engine's
/// scopes are a few words; a piece this long is a paragraph without punctuation).
pub(crate) const MAX_PIECE_BYTES: usize = 600;

/// A block of joined lines longer than this is cut at the next line start.
const MAX_BLOCK_BYTES: usize = 4000;

/// The section a piece is in, as far as it changes how the piece is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Body,
    FamilyHistory,
    Plan,
}

/// One piece of the document: a sentence, a table row, a list item.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub section: Section,
    /// The date of the heading this piece is under, when the heading gives one ("Labs
    /// 03/01/2024:").
    pub heading_date: Option<NaiveDate>,
    /// Its position among the document's pieces.
    pub ordinal: usize,
    /// Which block of joined lines it came from: sentences of one block share a date given
    /// earlier in it ("Labs from 01/05/2024 reviewed: CBC normal. ALT 22.").
    pub block: usize,
}

const FAMILY_LABELS: &[&str] = &[
    "family history", "family hx", "fhx", "fh", "family medical history", "family cancer history",
    "family history of cancer", "family", "fam hx",
];

const PLAN_LABELS: &[&str] = &[
    "plan", "plans", "recommendation", "recommendations", "recommended", "orders", "order", "follow up", "followup",
    "next steps", "disposition", "instructions", "patient instructions", "to do", "advice",
    "follow up recommendations", "recommended follow up",
];

/// A label at the start of a line: up to five words before a colon, the first capitalised.
fn leading_label(line: &str) -> Option<&str> {
    let mut head = line.len().min(60);
    while !line.is_char_boundary(head) {
        head -= 1;
    }
    let colon = line[..head].find(':')?;
    let label = line[..colon].trim();
    let ok = !label.is_empty()
        && label.split_whitespace().count() <= 5
        && label.starts_with(|c: char| c.is_uppercase())
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '/' | '-' | '(' | ')' | '&' | '.'));
    ok.then_some(label)
}

/// A heading line: a short line in capitals without a colon ("FAMILY HISTORY").
fn heading_line(line: &str) -> Option<&str> {
    let words = line.split_whitespace().count();
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    (words <= 6 && letters >= 2 && !line.chars().any(char::is_lowercase) && !line.contains(':')).then_some(line)
}

fn label_key(label: &str) -> String {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The section a label opens; `None` for a label that names a relative or a concept ("Mother:",
/// "LDL:"), which is content.
fn section_of_label(label: &str, known_only: bool) -> Option<Section> {
    let key = label_key(label);
    if FAMILY_LABELS.contains(&key.as_str()) {
        return Some(Section::FamilyHistory);
    }
    if PLAN_LABELS.contains(&key.as_str()) {
        return Some(Section::Plan);
    }
    if key.split(' ').any(|w| kin_word(w).is_some() || matches!(w, "maternal" | "paternal")) {
        return None;
    }
    const OTHER_SECTIONS: &[&str] = &[
        "history", "hpi", "history of present illness", "past medical history", "pmh", "medical history",
        "past surgical history", "psh", "surgical history", "social history", "medications", "meds",
        "current medications", "allergies", "review of systems", "ros", "physical exam", "exam", "examination",
        "assessment", "impression", "assessment and plan", "a p", "findings", "results", "labs", "laboratory",
        "lab results", "indication", "indications", "clinical history", "comparison", "technique", "diagnosis",
        "final diagnosis", "procedure", "chief complaint", "cc", "reason for visit", "reason for exam",
        "gynecologic history", "obstetric history", "menstrual history", "reproductive history", "ob gyn history",
        "health maintenance", "preventive care", "vitals", "subjective", "objective", "interpretation",
        "screening history", "genetic history", "genetics", "breast history", "pathology", "summary",
    ];
    if OTHER_SECTIONS.contains(&key.as_str()) || !known_only {
        return Some(Section::Body);
    }
    None
}

/// Whether a line looks like an item of the list its section holds: a bullet, a number, a
/// relative.
fn continues_list(line: &str) -> bool {
    if line.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '◦' | '▪' | '(')) {
        return true;
    }
    let first: String = line.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    kin_word(&first).is_some() || matches!(first.as_str(), "maternal" | "paternal")
}

/// Lines joined into one block, before it is cut into sentences.
struct Block {
    start: usize,
    end: usize,
    section: Section,
    heading_date: Option<NaiveDate>,
}

/// The pieces of `text`, at most `max` of them, and whether the text went on past them.
pub(crate) fn pieces(text: &str, max: usize) -> (Vec<Piece<'_>>, bool) {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut section = Section::Body;
    let mut section_has_content = false;
    let mut heading_date: Option<NaiveDate> = None;
    let mut previous = "";
    let mut after_blank = false;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim();
        if line.is_empty() {
            if let Some(block) = current.take()
                && push_block(text, &block, &mut out, max)
            {
                return (out, true);
            }
            after_blank = true;
            continue;
        }
        let lead = raw_line.len() - raw_line.trim_start().len();
        let (start, end) = (line_start + lead, line_start + lead + line.len());

        let opened = match (leading_label(line), heading_line(line)) {
            (Some(label), _) => section_of_label(label, false),
            (None, Some(heading)) => section_of_label(heading, true),
            _ => None,
        };
        let heading_only = line.ends_with(':') || heading_line(line).is_some();
        if let Some(s) = opened {
            section = s;
            section_has_content = false;
            heading_date = None;
        } else if after_blank && section_has_content && section != Section::Body && !continues_list(line) {
            section = Section::Body;
            heading_date = None;
        }
        if heading_only && line.chars().any(|c| c.is_ascii_digit()) {
            heading_date = dates::find(line)
                .0
                .into_iter()
                .find(|d| !matches!(d.label, Label::Birth | Label::Future))
                .map(|d| d.date);
        }
        after_blank = false;

        let starts_new = current.as_ref().is_none_or(|b| b.end - b.start > MAX_BLOCK_BYTES)
            || opened.is_some()
            || previous.ends_with([':', '.', ';', '?', '!'])
            || heading_line(previous).is_some()
            || line.starts_with(|c: char| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '◦' | '▪' | '|' | '·' | '(')
            });
        if starts_new {
            if let Some(block) = current.take()
                && push_block(text, &block, &mut out, max)
            {
                return (out, true);
            }
            current = Some(Block { start, end, section, heading_date });
        } else if let Some(block) = current.as_mut() {
            block.end = end;
        }
        if !heading_only {
            section_has_content = true;
        }
        previous = line;
    }
    let truncated = current.is_some_and(|block| push_block(text, &block, &mut out, max));
    (out, truncated)
}

/// Cuts a block into pieces; true when the cap was reached before its end.
fn push_block<'a>(text: &'a str, block: &Block, out: &mut Vec<Piece<'a>>, max: usize) -> bool {
    let block_number = out.last().map_or(0, |p: &Piece<'_>| p.block + 1);
    for sentence in crate::text::sentences(&text[block.start..block.end]) {
        let mut s = block.start + sentence.start;
        let e = block.start + sentence.end;
        while s < e {
            if out.len() >= max {
                return true;
            }
            let mut cut = e.min(s + MAX_PIECE_BYTES);
            if cut < e {
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                if let Some(space) = text[s..cut].rfind(char::is_whitespace).filter(|p| *p > 0) {
                    cut = s + space;
                }
            }
            let raw = &text[s..cut];
            let piece = raw.trim();
            if !piece.is_empty() {
                out.push(Piece {
                    text: piece,
                    section: block.section,
                    heading_date: block.heading_date,
                    ordinal: out.len(),
                    block: block_number,
                });
            }
            s = cut;
        }
    }
    false
}

/// A piece's text as the tokenizer should see it: a word hyphenated across a line end joined
/// (`carci-\nnoma`), and every run of white space one space.
pub(crate) fn repair(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '-' && out.ends_with(|p: char| p.is_alphabetic()) && chars.peek() == Some(&'\n') {
            let mut lookahead = chars.clone();
            lookahead.next();
            while lookahead.peek().is_some_and(|n| *n == ' ' || *n == '\t') {
                lookahead.next();
            }
            if lookahead.peek().is_some_and(|n| n.is_lowercase()) {
                chars = lookahead;
                continue;
            }
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        pieces(t, 1000).0.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn wrapped_lines_join_and_new_lines_cut() {
        assert_eq!(
            texts("There is a 1.2 cm mass in the upper\nouter quadrant. BI-RADS 4.\nLDL 130 mg/dL\nHDL 50 mg/dL"),
            ["There is a 1.2 cm mass in the upper\nouter quadrant.", "BI-RADS 4.", "LDL 130 mg/dL", "HDL 50 mg/dL"]
        );
    }

    #[test]
    fn sections_open_at_known_labels_and_relatives_are_content() {
        let text = "FAMILY HISTORY:\n\nMother: breast cancer at 45.\nBreast cancer in an aunt.\nSOCIAL HISTORY: nonsmoker\nPlan:\nMammogram.";
        let sections: Vec<(String, Section)> =
            pieces(text, 100).0.iter().map(|p| (p.text.to_string(), p.section)).collect();
        assert_eq!(sections[1], ("Mother: breast cancer at 45.".into(), Section::FamilyHistory));
        assert_eq!(sections[2].1, Section::FamilyHistory);
        assert_eq!(sections[3].1, Section::Body);
        assert_eq!(sections[5], ("Mammogram.".into(), Section::Plan));
    }

    #[test]
    fn the_piece_cap_stops_reading() {
        let text = "Line one.\n".repeat(50);
        let (found, truncated) = pieces(&text, 10);
        assert_eq!(found.len(), 10);
        assert!(truncated);
    }

    #[test]
    fn repair_joins_hyphenated_line_ends() {
        assert_eq!(repair("invasive carci-\n  noma of the\n breast"), "invasive carcinoma of the breast");
        assert_eq!(repair("BI-\nRADS"), "BI- RADS");
    }
}
