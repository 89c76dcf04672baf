//! A doctor's credentials read from the text of the two documents they upload at sign-up: the
//! medical degree (diploma) and the medical licence (state board licence, GMC or medical council
//! registration, AHPRA, …), as a PDF text layer or the OCR of a photo gives them. The result
//! pre-fills the sign-up form; the doctor confirms it and staff verify it with the issuer.
//!
//! What it decides, and why:
//! - **Which document answers which field.** University, name and degree come from the degree.
//!   The licence fills a gap only from a labelled line (`Qualification:`, `Medical School:`),
//!   because licences name their own issuers — "The University of the State of New York" is New
//!   York's licensing authority, not a medical school. The name is cross-checked with the
//!   licence, which also gives the casing when the degree prints it in capitals. The licence
//!   number and issue date come from the licence; the issue date falls back to the degree's
//!   conferral date.
//! - **Which date is the issue date.** The label nearest before a date decides. Expiry,
//!   renewal, revalidation, validity and birth dates are never taken; an "original", "initial"
//!   or "first" issue beats a current registration, and a provisional registration loses to a
//!   full one (GMC). An unlabelled licence date is not taken: it is as often the print date of a
//!   verification letter.
//! - **Day or month first.** A document's own numeric dates decide when one of them reads only
//!   one way (`07/15/2016`); otherwise non-US markers (GMC, "licence", medical councils,
//!   Commonwealth countries) mean day first, as those registers print dates.
//! - **OCR repair.** Confusions (l/1/I, O/0, 5/S, letter-spaced headings, words split by a
//!   stray space or a line-end hyphen) are repaired inside words only — against a vocabulary of
//!   credential words, else by the word's own case — never inside numbers. Within a licence
//!   number only the letters inside its digit run read as digits (`MEDOOO1876543` →
//!   `MED0001876543`), so a prefix such as `OS` or `ME` survives.
//! - **No guessing.** A field without evidence is `None` and named in `unread`.
//!
//! Bounded: each document is cut at [`MAX_DOCUMENT_BYTES`] and every pass walks its words once
//! with a fixed look-ahead, so the work is linear in the input. There is no regex: the domain
//! crate does not depend on one, and word scanning keeps the bound visible.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

pub use crate::health::doctor::Credentials;

pub use dates::{DateOrder, normalise_date};
pub use ocr::repair_ocr;

/// Text past this many bytes of one document is not read. A diploma or licence is a page or
/// two (a few KB of text); the cap bounds the work a hostile upload can cause.
pub const MAX_DOCUMENT_BYTES: usize = 512 * 1024;

/// What [`extract`] read, and the JSON names of the fields it could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedCredentials {
    pub credentials: Credentials,
    /// `universityName`, `doctorName`, `degreeName`, `licenseNumber`, `issueDate` — those that
    /// are `None`, in that order.
    pub unread: Vec<&'static str>,
}

/// Reads the credential fields from the text of the degree and of the licence. Pure and
/// bounded; either text may be empty.
pub fn extract(degree_text: &str, license_text: &str) -> ExtractedCredentials {
    let degree = Document::read(degree_text);
    let licence = Document::read(license_text);
    let credentials = Credentials {
        university_name: institution::awarding(&degree).or_else(|| institution::named_in_licence(&licence)),
        doctor_name: person::doctor_name(&degree, &licence),
        degree_name: degree_title::awarded(&degree).or_else(|| degree_title::qualification_in_licence(&licence)),
        license_number: licence_number::read(&licence),
        issue_date: issue_date::read(&licence, &degree).map(|date| date.format("%Y-%m-%d").to_string()),
    };
    let unread = credentials.unread();
    ExtractedCredentials { credentials, unread }
}

// ---------------------------------------------------------------------------------------------
// The document as words
// ---------------------------------------------------------------------------------------------

/// One word of a repaired document.
struct Word {
    /// As printed (after OCR repair), surrounding punctuation kept.
    text: String,
    /// Lower-case letters and digits only, accents folded; `#` kept (`CPSO#:` → `cpso#`).
    key: String,
    line: usize,
    /// Which column of its line the word is in, counting wide gaps (a table row's cell).
    cell: usize,
    /// A colon follows, attached or as its own token: the word ends a label.
    colon: bool,
}

struct Document {
    words: Vec<Word>,
    /// The words of each line, by line number.
    lines: Vec<Range<usize>>,
    /// For each line, the nearest line above it that has words.
    lines_above: Vec<Option<usize>>,
    /// How this document's ambiguous numeric dates read.
    order: DateOrder,
    /// Every key, space-separated and space-padded, for phrase look-ups.
    joined_keys: String,
}

impl Document {
    fn read(raw: &str) -> Self {
        let mut end = raw.len().min(MAX_DOCUMENT_BYTES);
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        let mut words: Vec<Word> = Vec::new();
        let mut lines = Vec::new();
        for (line_no, tokens) in ocr::repaired_lines(&raw[..end]).into_iter().enumerate() {
            let start = words.len();
            let mut cell = 0;
            for token in tokens {
                cell += usize::from(token.gap);
                for piece in spaced_after_colons(&token.text).split_whitespace() {
                    let key = key_of(piece);
                    if key.is_empty() {
                        if piece.contains(':') && words.len() > start {
                            words.last_mut().expect("a word on this line").colon = true;
                        }
                        continue;
                    }
                    let colon = piece.trim_end_matches(['.', ')']).ends_with(':');
                    words.push(Word { text: piece.to_string(), key, line: line_no, cell, colon });
                }
            }
            lines.push(start..words.len());
        }
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let mut joined_keys = String::from(" ");
        for w in &words {
            joined_keys.push_str(&w.key);
            joined_keys.push(' ');
        }
        let order = dates::document_order(&texts, &joined_keys);
        let mut lines_above = Vec::with_capacity(lines.len());
        let mut last_with_words = None;
        for (n, range) in lines.iter().enumerate() {
            lines_above.push(last_with_words);
            if !range.is_empty() {
                last_with_words = Some(n);
            }
        }
        Self { words, lines, lines_above, order, joined_keys }
    }

    fn texts(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }

    /// The nearest line above `line` that has words.
    fn line_above(&self, line: usize) -> Option<usize> {
        self.lines_above[line]
    }

    /// Whether any of the phrases (lower-case keys, space-padded) occurs in the document.
    fn mentions_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.joined_keys.contains(p))
    }

    fn key(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.key.as_str())
    }

    fn line_of(&self, i: usize) -> Range<usize> {
        self.lines[self.words[i].line].clone()
    }
}

/// `Name:SMITH` → `Name: SMITH` (but `10:30` stays).
fn spaced_after_colons(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut prev = ' ';
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == ':' && !prev.is_ascii_digit() && chars.peek().is_some_and(|n| !n.is_whitespace()) {
            out.push(' ');
        }
        prev = c;
    }
    out
}

/// Lower-case letters and digits, accents folded, `#` kept.
fn key_of(token: &str) -> String {
    token.chars().map(fold_accent).flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric() || *c == '#').collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        other => other,
    }
}

/// The word without the punctuation around it (`(M.D.),` → `M.D.`); inner `.`, `'`, `-` and
/// `/` stay.
fn bare(text: &str) -> &str {
    text.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '#' | '*'))
}

fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// Starts with a capital letter (any script), ignoring opening punctuation.
fn is_capitalised(text: &str) -> bool {
    text.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase)
}

/// No lower-case letter and at least two capitals: printed in capitals.
fn is_shouted(text: &str) -> bool {
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lower = text.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && upper > 3 * lower
}

/// Title case for one word printed in capitals: `O'CONNOR` → `O'Connor`, `MCKENZIE` →
/// `McKenzie`, `CLAIR-BROWN` → `Clair-Brown`, `GEORGE'S` → `George's`; initials (`A.T.`) and
/// roman suffixes (`III`) stay capitals; `lowercase_words` (particles, connectors) go lower case
/// unless first.
fn title_case_word(word: &str, lowercase_words: &[&str], first: bool) -> String {
    let key = key_of(word);
    if !first && lowercase_words.contains(&key.as_str()) {
        return word.to_lowercase();
    }
    if matches!(key.as_str(), "ii" | "iii" | "iv") || is_initials(word) {
        return word.to_uppercase();
    }
    word.split('-').map(title_case_part).collect::<Vec<_>>().join("-")
}

fn title_case_part(part: &str) -> String {
    let lower = part.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if lower.starts_with("mc") && chars.len() > 3 {
        return format!("Mc{}", capitalise(&chars[2..].iter().collect::<String>()));
    }
    if chars.len() > 2 && chars[1] == '\'' {
        return format!("{}'{}", capitalise(&chars[..1].iter().collect::<String>()), capitalise(&chars[2..].iter().collect::<String>()));
    }
    capitalise(&lower)
}

fn capitalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = false;
    for c in s.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// `A.`, `J.R.`, `A.T.`: letters each followed by a dot.
fn is_initials(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() >= 2 && chars.chunks(2).all(|pair| pair.len() == 2 && pair[0].is_alphabetic() && pair[1] == '.')
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: the words the documents are read by, and the words OCR repair trusts
// ---------------------------------------------------------------------------------------------

/// Words that are repaired to when OCR confused their letters (`UNlVERSITY`, `0F`, `lssue`).
/// The list holds the words the field rules match on, so a confusion can never hide a label.
const VOCABULARY: &[&str] = &[
    "university", "universidad", "universidade", "université", "universitas", "college", "school",
    "faculty", "institute", "academy", "medicine", "medical", "medicina", "medicinae", "doctor",
    "doctorem", "doctorate", "bachelor", "master", "surgery", "surgeon", "surgeons", "osteopathic",
    "osteopathy", "physician", "physicians", "dentistry", "health", "sciences", "science", "licence",
    "license", "licensed", "licensee", "licensure", "registration", "registered", "register",
    "registrar", "registrant", "number", "board", "council", "commission", "commonwealth",
    "department", "state", "general", "certificate", "certify", "certifies", "certified",
    "conferred", "confers", "confer", "upon", "degree", "diploma", "issue", "issued", "issuance",
    "date", "expiration", "expires", "expiry", "renewal", "valid", "until", "through", "birth",
    "name", "full", "first", "original", "initial", "given", "granted", "awarded", "admitted",
    "hereby", "this", "that", "the", "with", "seal", "trustees", "regents", "president", "dean",
    "day", "year", "of", "and", "for", "in", "on", "at", "to", "no", "is", "has", "have", "been",
    "having", "known", "practitioner", "practise", "practice", "status", "type", "credential",
    "permit", "reference", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "verification", "standing",
    "whereof", "witness", "recommendation", "requirements", "completed", "satisfied",
    "examination", "qualification", "father", "distinction", "united", "kingdom", "australia",
    "australian", "regulation", "agency", "division", "profession", "professional",
];

/// Maps a word's OCR skeleton (`0`/`o` alike, `1`/`l`/`i`/`|` alike, `5`/`s` alike) to the
/// vocabulary word with that skeleton.
fn vocabulary() -> &'static HashMap<String, &'static str> {
    static BY_SKELETON: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    BY_SKELETON.get_or_init(|| {
        let mut map = HashMap::new();
        for word in VOCABULARY {
            map.entry(ocr::skeleton(word)).or_insert(*word);
        }
        map
    })
}

fn is_vocabulary_word(lowercase: &str) -> bool {
    vocabulary().get(&ocr::skeleton(lowercase)).is_some_and(|w| *w == lowercase)
}

// ---------------------------------------------------------------------------------------------
// OCR repair
// ---------------------------------------------------------------------------------------------

mod ocr {
    use super::{VOCABULARY, is_vocabulary_word, vocabulary};

    /// The text with common OCR damage repaired, line by line: typographic quotes and dashes
    /// folded, stray marks (`|`, `~`, `..`) dropped, letter-spaced headings closed up
    /// (`U N I V E R S I T Y   O F` → `UNIVERSITY OF`), confusions repaired inside words
    /// (`UNIVERSlTY` → `UNIVERSITY`, `D0CTOR` → `DOCTOR`, `Th1s` → `This`), words split by a stray
    /// space or a line-end hyphen joined (`conf erred`, `Doc-`/`tor`). Digits inside numbers and
    /// dates are left alone; spaces are collapsed.
    pub fn repair_ocr(text: &str) -> String {
        repaired_lines(text)
            .iter()
            .map(|tokens| tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A repaired word, and whether a wide gap (two spaces or more, a tab) came before it on
    /// its line: the column boundary of a table row.
    pub(super) struct Token {
        pub text: String,
        pub gap: bool,
    }

    /// [`repair_ocr`]'s work, line by line, keeping the column gaps.
    pub(super) fn repaired_lines(text: &str) -> Vec<Vec<Token>> {
        let folded = fold_typography(text);
        let mut lines: Vec<Vec<Token>> = folded
            .lines()
            .map(|line| {
                let mut tokens = Vec::new();
                let mut gap = false;
                for (text, wide) in collapse_letter_spacing(line) {
                    let text = text.trim_matches('|');
                    gap |= wide;
                    if !is_stray(text) {
                        tokens.push(Token { text: repair_token(text), gap });
                        gap = false;
                    }
                }
                join_split_words(tokens)
            })
            .collect();
        join_hyphenated_breaks(&mut lines);
        lines
    }

    fn fold_typography(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
                '\u{201C}' | '\u{201D}' => out.push('"'),
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{00AD}' => out.push('-'),
                '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
                '\t' => out.push_str("  "),
                '\r' => out.push('\n'),
                '\u{200B}' | '\u{FEFF}' => {}
                '\u{FB01}' => out.push_str("fi"),
                '\u{FB02}' => out.push_str("fl"),
                '\u{FB00}' => out.push_str("ff"),
                other => out.push(other),
            }
        }
        out
    }

    /// A token with nothing to read: no letter or digit and none of `& # : /`.
    fn is_stray(token: &str) -> bool {
        token.is_empty() || !token.chars().any(|c| c.is_alphanumeric() || matches!(c, '&' | '#' | ':' | '/'))
    }

    /// The line's tokens, each with whether a wide gap came before it. Runs of single
    /// characters are one word (`D O C T O R`, `D . O .`); where the line has no wide gaps to say
    /// where the words end, the run is split at vocabulary words.
    fn collapse_letter_spacing(line: &str) -> Vec<(String, bool)> {
        let line = line.replace('\t', "  ");
        let segments: Vec<&str> = line.split("  ").map(str::trim).filter(|s| !s.is_empty()).collect();
        let is_single = |t: &str| {
            let mut chars = t.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphanumeric() || c == '\'' || c == '.')
        };
        let letters = |run: &[&str]| run.iter().filter(|t| t.chars().all(char::is_alphanumeric)).count();
        let tokens_of: Vec<Vec<&str>> = segments.iter().map(|s| s.split(' ').filter(|t| !t.is_empty()).collect()).collect();
        let spaced = tokens_of.iter().any(|tokens| tokens.split(|t| !is_single(t)).any(|run| run.len() >= 3 && letters(run) >= 2));
        let mut out: Vec<(String, bool)> = Vec::new();
        for (s, tokens) in tokens_of.iter().enumerate() {
            let mut k = 0;
            while k < tokens.len() {
                let gap = s > 0 && k == 0;
                let run = if spaced { tokens[k..].iter().take_while(|t| is_single(t)).count() } else { 0 };
                if run >= 2 && letters(&tokens[k..k + run]) >= 1 {
                    let joined: String = tokens[k..k + run].concat();
                    // Headings are short; a longer run is left whole rather than searched.
                    let letters_in_run = joined.chars().count();
                    let text = if segments.len() == 1 && (8..=80).contains(&letters_in_run) { segment_run(&joined) } else { joined };
                    for (n, word) in text.split(' ').enumerate() {
                        out.push((word.to_string(), gap && n == 0));
                    }
                    k += run;
                } else {
                    out.push((tokens[k].to_string(), gap));
                    k += 1;
                }
            }
        }
        out
    }

    /// Splits a run such as `THEOHIOSTATEUNIVERSITY` into vocabulary words and unknown chunks
    /// at least cost: a vocabulary word costs 1 (a short one less than its letters would cost
    /// inside a chunk), an unknown chunk 2 plus ½ per letter. A word of two or three letters
    /// stands only next to a longer word
    /// (`UNIVERSITY OF TORONTO`, not `TO RON TO`), or as a heading's opening `THE`. Dynamic
    /// programming over positions × vocabulary × five states: linear in the run.
    fn segment_run(run: &str) -> String {
        let chars: Vec<char> = run.chars().collect();
        let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
        if lower.len() != chars.len() {
            return run.to_string();
        }
        // What the last segment was. A short word after a chunk (`Pending`) must be followed by
        // a long word.
        const START: usize = 0;
        const LONG: usize = 1;
        const SHORT: usize = 2;
        const PENDING: usize = 3;
        const CHUNK: usize = 4;
        #[derive(Clone, Copy)]
        struct Step {
            cost: f64,
            start: usize,
            before: usize,
        }
        let n = chars.len();
        let unset = Step { cost: f64::INFINITY, start: 0, before: START };
        let mut best = vec![[unset; 5]; n + 1];
        best[0][START].cost = 0.0;
        let relax = |best: &mut Vec<[Step; 5]>, at: usize, state: usize, step: Step| {
            if step.cost < best[at][state].cost {
                best[at][state] = step;
            }
        };
        for i in 0..n {
            for state in [START, LONG, SHORT, PENDING, CHUNK] {
                let here = best[i][state];
                if here.cost.is_infinite() {
                    continue;
                }
                for w in VOCABULARY.iter().filter(|w| w.len() >= 2 && w.is_ascii()) {
                    let len = w.len();
                    if i + len > n || !lower[i..i + len].iter().copied().eq(w.chars()) {
                        continue;
                    }
                    let step = |cost: f64| Step { cost: here.cost + cost, start: i, before: state };
                    if len >= 4 {
                        relax(&mut best, i + len, LONG, step(1.0));
                        continue;
                    }
                    let cost = if len == 2 { 0.6 } else { 0.8 };
                    match state {
                        LONG => relax(&mut best, i + len, SHORT, step(cost)),
                        // `OF THE`, and a heading's opening `THE`.
                        START | SHORT if *w == "the" => relax(&mut best, i + len, SHORT, step(cost)),
                        START | CHUNK => relax(&mut best, i + len, PENDING, step(cost)),
                        _ => {}
                    }
                }
                match state {
                    CHUNK => relax(&mut best, i + 1, CHUNK, Step { cost: here.cost + 0.5, ..here }),
                    PENDING => {}
                    _ => relax(&mut best, i + 1, CHUNK, Step { cost: here.cost + 2.5, start: i, before: state }),
                }
            }
        }
        let Some(mut state) = [LONG, SHORT, CHUNK].into_iter().min_by(|a, b| best[n][*a].cost.total_cmp(&best[n][*b].cost)) else {
            return run.to_string();
        };
        if best[n][state].cost.is_infinite() {
            return run.to_string();
        }
        let mut cuts = Vec::new();
        let mut i = n;
        while i > 0 {
            let step = best[i][state];
            cuts.push(step.start);
            i = step.start;
            state = step.before;
        }
        cuts.reverse();
        let mut out = String::new();
        let mut last = 0;
        for cut in cuts.into_iter().filter(|&c| c > 0) {
            out.extend(&chars[last..cut]);
            out.push(' ');
            last = cut;
        }
        out.extend(&chars[last..]);
        out
    }

    /// Repairs each piece of a token between its punctuation (`FAIRCL0UGH-ADEYEMI`, `M.D.`);
    /// `0'BRIEN` is `O'BRIEN`.
    fn repair_token(token: &str) -> String {
        if let Some(rest) = token.strip_prefix("0'")
            && rest.starts_with(char::is_alphabetic)
        {
            return format!("O'{}", repair_token(rest));
        }
        let mut out = String::with_capacity(token.len());
        let mut piece = String::new();
        for c in token.chars() {
            if c.is_alphanumeric() || c == '|' {
                piece.push(c);
            } else {
                out.push_str(&repair_piece(&piece));
                piece.clear();
                out.push(c);
            }
        }
        out.push_str(&repair_piece(&piece));
        out
    }

    /// `0`/`O`/`o` alike, `1`/`l`/`i`/`I`/`|` alike, `5`/`s`/`S` alike; the rest lower case.
    pub(super) fn skeleton(word: &str) -> String {
        word.chars()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                '0' => 'o',
                '1' | 'i' | '|' => 'l',
                '5' => 's',
                other => other,
            })
            .collect()
    }

    fn repair_piece(piece: &str) -> String {
        let chars: Vec<char> = piece.chars().collect();
        let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
        if letters == 0 || chars.iter().any(|c| c.is_ascii_digit() && !matches!(c, '0' | '1' | '5')) || is_ordinal_number(piece) {
            return piece.to_string();
        }
        let digits = chars.iter().filter(|c| matches!(c, '0' | '1' | '5' | '|')).count();
        if let Some(word) = from_vocabulary(piece, &chars, digits) {
            return word;
        }
        if digits > 0 && (letters < 2 || letters < digits) {
            return piece.to_string();
        }
        // Case of the letters whose case OCR does not confuse (`l` and `I` are the confusion).
        let upper = chars.iter().filter(|&&c| c.is_uppercase() && c != 'I').count();
        let lower = chars.iter().filter(|&&c| c.is_lowercase() && c != 'l').count();
        let upper_word = upper >= 2 && upper > 3 * lower;
        let lower_word = lower >= 2 && !upper_word;
        if !upper_word && !lower_word {
            return piece.to_string();
        }
        let mut out: Vec<char> = Vec::with_capacity(chars.len());
        for (i, &c) in chars.iter().enumerate() {
            let prev = out.last().copied();
            let next = chars.get(i + 1).copied();
            let repaired = match c {
                '0' => if upper_word || i == 0 { 'O' } else { 'o' },
                '5' => if upper_word || i == 0 { 'S' } else { 's' },
                '1' | '|' if upper_word || i == 0 => 'I',
                // Between consonants a vowel is missing (`Th1s`); elsewhere it is an `l` (`Bache1or`).
                '1' | '|' => if is_consonant(prev) && is_consonant(next) { 'i' } else { 'l' },
                'l' if upper_word => 'I',
                'I' if lower_word && prev.is_some_and(char::is_lowercase) && !after_mc(&chars, i) => 'l',
                other => other,
            };
            out.push(repaired);
        }
        out.into_iter().collect()
    }

    /// A vocabulary word whose OCR skeleton the piece has. Short pieces are repaired only when
    /// they hold a digit, so a name like `Ali` is never read as `All`.
    fn from_vocabulary(piece: &str, chars: &[char], digits: usize) -> Option<String> {
        if chars.len() < 4 && digits == 0 {
            return None;
        }
        let readable = chars.iter().any(|c| c.is_alphabetic() && !matches!(c, 'o' | 'O' | 'l' | 'I' | 'i' | 's' | 'S'));
        if !readable {
            return None;
        }
        let word = vocabulary().get(&skeleton(piece))?;
        let lower: String = piece.chars().flat_map(char::to_lowercase).collect();
        if lower == *word {
            return None;
        }
        let upper = chars.iter().filter(|&&c| c.is_uppercase() && c != 'I').count();
        let lower_count = chars.iter().filter(|&&c| c.is_lowercase() && c != 'l').count();
        Some(if upper >= 1 && lower_count == 0 {
            word.to_uppercase()
        } else if chars[0].is_uppercase() {
            super::capitalise(word)
        } else {
            word.to_string()
        })
    }

    fn is_ordinal_number(piece: &str) -> bool {
        let lower = piece.to_ascii_lowercase();
        ["st", "nd", "rd", "th"].iter().any(|suffix| {
            lower.strip_suffix(suffix).is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        })
    }

    fn is_consonant(c: Option<char>) -> bool {
        c.is_some_and(|c| c.is_alphabetic() && !"aeiouyAEIOUY".contains(c))
    }

    /// `McIntyre`, `MacIver`: the capital after the prefix is real.
    fn after_mc(chars: &[char], i: usize) -> bool {
        (i == 2 && chars[0] == 'M' && chars[1] == 'c') || (i == 3 && chars[0] == 'M' && chars[1] == 'a' && chars[2] == 'c')
    }

    /// `conf erred` → `conferred`, `Th is` → `This`: two pieces that make a vocabulary word
    /// when the first is not a word of its own; and a capital split from the rest of its word
    /// (`N ational`, `C ollege`) — but not an initial before a name (`J Robert`).
    fn join_split_words(tokens: Vec<Token>) -> Vec<Token> {
        let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
        for token in tokens {
            if let Some(prev) = out.last_mut()
                && !token.gap
            {
                let head = prev.text.as_str();
                let head_ok = head.chars().all(char::is_alphabetic) && !is_vocabulary_word(&head.to_lowercase());
                let core: String = token.text.chars().take_while(|c| c.is_alphabetic()).collect();
                if head_ok && !core.is_empty() {
                    let joined = format!("{head}{core}").to_lowercase();
                    let split_capital = head.chars().count() == 1
                        && head.chars().all(char::is_uppercase)
                        && !matches!(head, "A" | "I")
                        && core.starts_with(char::is_lowercase);
                    if split_capital || (joined.chars().count() >= 4 && is_vocabulary_word(&joined)) {
                        prev.text.push_str(&token.text);
                        continue;
                    }
                }
            }
            out.push(token);
        }
        out
    }

    /// `Doc-` / `tor of Medicine` → `Doctor`; `SMITH-` / `JONES` keeps its hyphen.
    fn join_hyphenated_breaks(lines: &mut [Vec<Token>]) {
        for i in 0..lines.len().saturating_sub(1) {
            let Some(last) = lines[i].last() else { continue };
            let Some(head) = last.text.strip_suffix('-') else { continue };
            if !head.chars().last().is_some_and(char::is_alphabetic) {
                continue;
            }
            let Some(tail) = lines[i + 1].first().map(|t| t.text.as_str()) else { continue };
            if !tail.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let tail_core: String = tail.chars().take_while(|c| c.is_alphabetic()).collect();
            let joined_word = format!("{head}{tail_core}").to_lowercase();
            let glue = if is_vocabulary_word(&joined_word) || tail.starts_with(char::is_lowercase) { "" } else { "-" };
            let joined = format!("{head}{glue}{tail}");
            lines[i].last_mut().expect("checked above").text = joined;
            lines[i + 1].remove(0);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

mod dates {
    use chrono::NaiveDate;

    /// How an ambiguous numeric date (`03/04/2015`) reads.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DateOrder {
        /// US: `03/04/2015` is March 4.
        MonthFirst,
        /// Elsewhere: `03/04/2015` is 3 April.
        DayFirst,
    }

    /// The first date in `text`, as YYYY-MM-DD: `March 3, 2015`, `03/03/2015` (read in
    /// `order` unless one part is over 12), `2015-03-03`, `3rd day of March 2015`,
    /// `03-MAR-2015`, `the twelfth day of June, two thousand and eighteen`, Latin
    /// (`die XXVI mensis Maii anno Domini MMXIII`), Spanish and French month names. OCR
    /// confusions inside the digits (`O8/14/2O19`, `l5 March`) are read as digits.
    pub fn normalise_date(text: &str, order: DateOrder) -> Option<String> {
        let repaired = super::repair_ocr(text);
        let words: Vec<&str> = repaired.split_whitespace().collect();
        (0..words.len()).find_map(|i| parse_at(&words, i, order)).map(|(date, _)| date.format("%Y-%m-%d").to_string())
    }

    /// The date that starts at `words[i]`, and how many words it spans. Looks ahead at most
    /// about twenty words.
    pub(super) fn parse_at(words: &[&str], i: usize, order: DateOrder) -> Option<(NaiveDate, usize)> {
        if let Some(date) = numeric(words[i], order) {
            return Some((date, 1));
        }
        if let Some((day, n)) = day_at(words, i) {
            let j = skip_fillers(words, i + n, 4);
            if let Some(month) = words.get(j).and_then(|w| month_of(w)) {
                let k = skip_fillers(words, j + 1, 7);
                if let Some((year, m)) = year_at(words, k) {
                    return NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, k + m - i));
                }
            }
        }
        if let Some(month) = month_of(words[i]) {
            let j = skip_fillers(words, i + 1, 2);
            if let Some((day, n)) = day_at(words, j) {
                let k = skip_fillers(words, j + n, 3);
                if let Some((year, m)) = year_at(words, k) {
                    return NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, k + m - i));
                }
            }
        }
        None
    }

    /// Day-first when the document's own numeric dates say so, else when it carries non-US
    /// markers (more of them than US ones).
    pub(super) fn document_order(words: &[&str], joined_keys: &str) -> DateOrder {
        let (mut day_first, mut month_first) = (0, 0);
        for word in words {
            if let Some((a, b)) = ambiguous_pair(word) {
                if a > 12 && b <= 12 {
                    day_first += 1;
                } else if b > 12 && a <= 12 {
                    month_first += 1;
                }
            }
        }
        if day_first > 0 && month_first == 0 {
            return DateOrder::DayFirst;
        }
        if month_first > 0 && day_first == 0 {
            return DateOrder::MonthFirst;
        }
        let non_us = NON_US_MARKERS.iter().filter(|m| joined_keys.contains(*m)).count();
        let us = US_MARKERS.iter().filter(|m| joined_keys.contains(*m)).count();
        if non_us > us { DateOrder::DayFirst } else { DateOrder::MonthFirst }
    }

    /// Words (as keys, space-padded) of registers and countries that print the day first.
    const NON_US_MARKERS: &[&str] = &[
        " licence ", " licenced ", " gmc ", " general medical council ", " council ", " ahpra ",
        " australia ", " australian ", " new zealand ", " united kingdom ", " england ",
        " scotland ", " wales ", " london ", " ireland ", " india ", " pakistan ", " bangladesh ",
        " nepal ", " sri lanka ", " nigeria ", " kenya ", " ghana ", " south africa ", " uganda ",
        " jamaica ", " trinidad ", " barbados ", " west indies ", " mbbs ", " mbchb ", " practise ",
        " canada ", " ontario ", " quebec ", " british columbia ", " alberta ", " mexico ",
        " registrar ",
    ];

    const US_MARKERS: &[&str] = &[
        " usa ", " united states ", " npi ", " alabama ", " alaska ", " arizona ", " arkansas ",
        " california ", " colorado ", " connecticut ", " delaware ", " florida ", " hawaii ",
        " idaho ", " illinois ", " indiana ", " iowa ", " kansas ", " kentucky ", " louisiana ",
        " maine ", " maryland ", " massachusetts ", " michigan ", " minnesota ", " mississippi ",
        " missouri ", " montana ", " nebraska ", " nevada ", " new hampshire ", " new jersey ",
        " new mexico ", " new york ", " north carolina ", " north dakota ", " ohio ",
        " oklahoma ", " oregon ", " pennsylvania ", " rhode island ", " south carolina ",
        " south dakota ", " tennessee ", " texas ", " utah ", " vermont ", " virginia ",
        " wisconsin ", " wyoming ",
    ];

    /// `a/b/yyyy` with both `a` and `b` numbers of up to two digits.
    fn ambiguous_pair(word: &str) -> Option<(u32, u32)> {
        let parts = numeric_parts(word)?;
        if parts[0].len() > 2 || parts[1].len() > 2 || !matches!(parts[2].len(), 2 | 4) {
            return None;
        }
        Some((digits(parts[0])?.parse().ok()?, digits(parts[1])?.parse().ok()?))
    }

    fn numeric_parts(word: &str) -> Option<Vec<&str>> {
        let t = word.trim_matches(|c: char| !c.is_alphanumeric());
        let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
        (parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4)).then_some(parts)
    }

    /// A part with at least one real digit, OCR look-alikes read as digits (`2O15` → `2015`).
    pub(super) fn digits(part: &str) -> Option<String> {
        if !part.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let mapped: String = part
            .chars()
            .map(|c| match c {
                'O' | 'o' => '0',
                'l' | 'I' | 'i' | '|' => '1',
                other => other,
            })
            .collect();
        mapped.chars().all(|c| c.is_ascii_digit()).then_some(mapped)
    }

    /// `07/15/2016`, `2016-07-15`, `15.07.2016`, `22-JUL-2015`, `O8/14/2O19`.
    pub(super) fn numeric(word: &str, order: DateOrder) -> Option<NaiveDate> {
        let parts = numeric_parts(word)?;
        let number = |p: &str| -> Option<u32> { digits(p)?.parse().ok() };
        if parts[0].len() == 4 {
            let year = number(parts[0])? as i32;
            let month = number(parts[1]).or_else(|| month_of(parts[1]))?;
            if parts[2].len() > 2 {
                return None;
            }
            return NaiveDate::from_ymd_opt(year, month, number(parts[2])?);
        }
        if !matches!(parts[2].len(), 2 | 4) {
            return None;
        }
        let year = number(parts[2])? as i32;
        let year = if parts[2].len() == 2 { if year < 50 { 2000 + year } else { 1900 + year } } else { year };
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
        let (day, month) = if a > 12 || (b <= 12 && order == DateOrder::DayFirst) { (a, b) } else { (b, a) };
        NaiveDate::from_ymd_opt(year, month, day)
    }

    fn clean(word: &str) -> String {
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase()
    }

    /// `3`, `03`, `3rd`, `l5`, `third`, `twenty-first`, `twenty first`, and a Roman day after
    /// Latin `die`.
    fn day_at(words: &[&str], i: usize) -> Option<(u32, usize)> {
        let word = clean(words.get(i)?);
        let core = ["st", "nd", "rd", "th"].iter().find_map(|s| word.strip_suffix(s)).filter(|c| !c.is_empty()).unwrap_or(&word);
        if core.len() <= 2 && let Some(d) = digits(core).and_then(|d| d.parse::<u32>().ok()) {
            return (1..=31).contains(&d).then_some((d, 1));
        }
        let parts: Vec<&str> = word.split('-').collect();
        match parts.as_slice() {
            [tens, unit] => {
                let day = tens_value(tens)? + ordinal_value(unit).filter(|u| *u < 10)?;
                return (day <= 31).then_some((day, 1));
            }
            [single] => {
                if let Some(day) = ordinal_value(single) {
                    return Some((day, 1));
                }
                if let Some(tens) = tens_value(single) && let Some(next) = words.get(i + 1) {
                    let unit = ordinal_value(&clean(next)).filter(|u| *u < 10)?;
                    return (tens + unit <= 31).then_some((tens + unit, 2));
                }
            }
            _ => {}
        }
        if i > 0 && clean(words[i - 1]) == "die" {
            let day = roman(words[i].trim_matches(|c: char| !c.is_alphanumeric()))?;
            return (1..=31).contains(&day).then_some((day, 1));
        }
        None
    }

    /// `2015`, `2O15`, `MMXV`, `two thousand and eighteen`, `nineteen ninety-eight`.
    fn year_at(words: &[&str], k: usize) -> Option<(i32, usize)> {
        let raw = words.get(k)?.trim_matches(|c: char| !c.is_alphanumeric());
        let in_range = |y: u32| (1900..=2100).contains(&y);
        if raw.len() == 4 && let Some(y) = digits(raw).and_then(|d| d.parse::<u32>().ok()) {
            return in_range(y).then_some((y as i32, 1));
        }
        if let Some(y) = roman(raw) {
            return in_range(y).then_some((y as i32, 1));
        }
        let (year, n) = year_in_words(words, k)?;
        in_range(year).then_some((year as i32, n))
    }

    fn year_in_words(words: &[&str], k: usize) -> Option<(u32, usize)> {
        let mut parts: Vec<String> = Vec::new();
        let mut used = 0;
        for word in words[k..].iter().take(8) {
            let cleaned = clean(word);
            let pieces: Vec<&str> = cleaned.split('-').collect();
            if cleaned.is_empty() || !pieces.iter().all(|p| *p == "and" || cardinal_value(p).is_some() || matches!(*p, "hundred" | "thousand")) {
                break;
            }
            if parts.is_empty() && cleaned == "and" {
                break;
            }
            parts.extend(pieces.iter().map(|p| p.to_string()));
            used += 1;
            if word.ends_with([',', '.', ';']) {
                break;
            }
        }
        if used == 0 {
            return None;
        }
        let (mut total, mut current, mut multiplied) = (0u32, 0u32, false);
        for part in &parts {
            match part.as_str() {
                "and" => {}
                "thousand" => {
                    total += current.max(1) * 1000;
                    current = 0;
                    multiplied = true;
                }
                "hundred" => {
                    current = current.max(1) * 100;
                    multiplied = true;
                }
                other => {
                    let value = cardinal_value(other)?;
                    // "nineteen ninety", "twenty eighteen": two pairs of digits.
                    if !multiplied && total == 0 && (10..100).contains(&current) && value >= 10 {
                        total = current * 100;
                        current = value;
                    } else {
                        current += value;
                    }
                }
            }
        }
        Some((total + current, used))
    }

    fn cardinal_value(word: &str) -> Option<u32> {
        const UNITS: [&str; 19] = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ];
        UNITS.iter().position(|u| *u == word).map(|p| p as u32 + 1).or_else(|| tens_value(word))
    }

    fn tens_value(word: &str) -> Option<u32> {
        const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        TENS.iter().position(|t| *t == word).map(|p| (p as u32 + 2) * 10)
    }

    fn ordinal_value(word: &str) -> Option<u32> {
        const ORDINALS: [&str; 19] = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth",
        ];
        match word {
            "twentieth" => Some(20),
            "thirtieth" => Some(30),
            _ => ORDINALS.iter().position(|o| *o == word).map(|p| p as u32 + 1),
        }
    }

    /// Upper-case Roman numerals only (`MMXIII`), so the English word "I" is never a number.
    fn roman(text: &str) -> Option<u32> {
        if text.is_empty() || text.len() > 15 || !text.chars().all(|c| "MDCLXVI".contains(c)) {
            return None;
        }
        let value = |c: char| match c {
            'M' => 1000,
            'D' => 500,
            'C' => 100,
            'L' => 50,
            'X' => 10,
            'V' => 5,
            _ => 1,
        };
        let chars: Vec<u32> = text.chars().map(value).collect();
        let mut total = 0i64;
        for (i, v) in chars.iter().enumerate() {
            if chars.get(i + 1).is_some_and(|next| next > v) {
                total -= i64::from(*v);
            } else {
                total += i64::from(*v);
            }
        }
        u32::try_from(total).ok().filter(|t| *t > 0)
    }

    /// Words that may stand between a date's parts: `3rd day of March, in the year of our Lord`,
    /// `12 de junio de 2017`, `die … mensis Maii anno Domini`.
    fn skip_fillers(words: &[&str], mut j: usize, max: usize) -> usize {
        let mut skipped = 0;
        while skipped < max && let Some(word) = words.get(j) {
            let key = super::key_of(word);
            if !matches!(
                key.as_str(),
                "day" | "days" | "of" | "the" | "in" | "year" | "our" | "lord" | "ad" | "anno" | "domini" | "de" | "del"
                    | "dia" | "mes" | "mensis" | "this" | "on" | "le" | "en" | "el"
            ) {
                break;
            }
            j += 1;
            skipped += 1;
        }
        j
    }

    /// English, abbreviated, Latin (genitive), Spanish and French month names.
    pub(super) fn month_of(word: &str) -> Option<u32> {
        const MONTHS: [&[&str]; 12] = [
            &["january", "jan", "ianuarii", "januarii", "enero", "janvier"],
            &["february", "feb", "februarii", "febrero", "fevrier"],
            &["march", "mar", "martii", "marzo", "mars"],
            &["april", "apr", "aprilis", "abril", "avril"],
            &["may", "maii", "mayo", "mai"],
            &["june", "jun", "iunii", "junii", "junio", "juin"],
            &["july", "jul", "iulii", "julii", "julio", "juillet"],
            &["august", "aug", "augusti", "agosto", "aout"],
            &["september", "sep", "sept", "septembris", "septiembre", "septembre"],
            &["october", "oct", "octobris", "octubre", "octobre"],
            &["november", "nov", "novembris", "noviembre", "novembre"],
            &["december", "dec", "decembris", "diciembre", "decembre"],
        ];
        let key = super::key_of(word);
        MONTHS.iter().position(|names| names.contains(&key.as_str())).map(|p| p as u32 + 1)
    }
}

// ---------------------------------------------------------------------------------------------
// universityName
// ---------------------------------------------------------------------------------------------

mod institution {
    use super::{Document, Word, bare, has_digit, is_capitalised, is_shouted, title_case_word};

    /// Connectors inside an institution's name.
    const CONNECTORS: &[&str] = &["of", "the", "and", "at", "in", "for", "de", "del", "la", "las", "los", "du", "des", "di", "da", "do", "y", "e", "&"];

    /// Capitalised words that end a name (diplomas capitalise their whole preamble).
    const STOP: &[&str] = &[
        "hereby", "has", "have", "had", "confers", "conferred", "confer", "upon", "on", "by", "board", "trustees",
        "regents", "senate", "president", "fellows", "faculty", "department", "registrar", "chancellor", "dean",
        "certify", "certifies", "this", "diploma", "degree", "be", "given", "witness", "praeses", "socii", "english",
        "translation", "that", "is", "was", "to", "a", "an", "having", "recommendation", "hospital", "with", "who",
        "sur", "le", "recteur", "otorga", "grants", "seal", "certificate",
    ];

    /// Words that alone do not name an institution (`School of Medicine`).
    const GENERIC: &[&str] = &[
        "medicine", "medical", "osteopathic", "school", "college", "university", "institute", "health", "sciences",
        "science", "surgery", "dentistry", "research", "the", "and", "of", "faculty",
    ];

    /// Multi-campus state systems, whose campus after a comma is part of the name
    /// (`University of California, San Francisco`).
    const STATE_SYSTEMS: &[&str] = &["california", "texas", "colorado", "illinois", "maryland", "massachusetts", "missouri", "nebraska", "wisconsin", "tennessee", "hawaii", "arkansas", "alabama", "minnesota"];

    struct Candidate {
        name: String,
        weight: i32,
    }

    /// The awarding institution the degree names: a university over a college or school (an
    /// Indian college's degree is awarded by its university), an English name over a Latin one,
    /// the name without its sub-unit when both are printed (`University of Michigan` over
    /// `University of Michigan Medical School`), else the first.
    pub fn awarding(degree: &Document) -> Option<String> {
        choose(candidates(degree, false))
    }

    /// An institution the licence names on a labelled line (`Medical School: …`), used when the
    /// degree gives none.
    pub fn named_in_licence(licence: &Document) -> Option<String> {
        choose(candidates(licence, true))
    }

    fn choose(candidates: Vec<Candidate>) -> Option<String> {
        let top = candidates.iter().map(|c| c.weight).max()?;
        let best: Vec<&Candidate> = candidates.iter().filter(|c| c.weight == top).collect();
        let first = best[0];
        // Only a sub-unit is dropped (`… Medical School`), not a qualifier (`… in the City of New York`).
        let shorter_prefix = best.iter().filter(|c| {
            let (short, long) = (c.name.to_lowercase(), first.name.to_lowercase());
            short.len() < long.len()
                && long.starts_with(&short)
                && long[short.len()..].starts_with(' ')
                && long[short.len()..].split_whitespace().any(|w| matches!(w, "school" | "college" | "faculty" | "medical" | "medicine" | "department" | "campus"))
        });
        Some(shorter_prefix.min_by_key(|c| c.name.len()).unwrap_or(&first).name.clone())
    }

    fn head_weight(doc: &Document, i: usize) -> Option<i32> {
        match doc.key(i) {
            "university" | "universidad" | "universite" | "universidade" | "universitat" | "universita" | "universiteit" | "universiti" => Some(3),
            "universitas" | "universitatis" | "academia" | "collegii" | "collegium" => Some(1),
            // Licensing bodies: College of Physicians and Surgeons, Collège des médecins.
            "college" if matches!((doc.key(i + 1), doc.key(i + 2)), ("of", "physicians") | ("des", "medecins")) => None,
            "college" | "school" | "institute" | "academy" => Some(2),
            _ => None,
        }
    }

    fn candidates(doc: &Document, labelled_only: bool) -> Vec<Candidate> {
        let words = &doc.words;
        let mut out = Vec::new();
        for i in 0..words.len() {
            let Some(weight) = head_weight(doc, i) else { continue };
            let line = words[i].line;
            // Initials (`A.T. Still`) are name words even when their letters spell a connector.
            let part_of_name = |w: &Word| {
                !has_digit(&w.text)
                    && is_capitalised(&w.text)
                    && !STOP.contains(&w.key.as_str())
                    && (super::is_initials(bare(&w.text)) || !CONNECTORS.contains(&w.key.as_str()))
            };
            // Leftwards: capitalised words on the same line (`Johns Hopkins University`).
            let mut start = i;
            while start > 0 && i - start < 8 {
                let w = &words[start - 1];
                if w.line != line || w.text.ends_with([',', ';', ':']) || !part_of_name(w) {
                    break;
                }
                start -= 1;
            }
            // Rightwards: connectors and capitalised words; a line break only after a connector.
            let mut end = i + 1;
            while end < words.len() && end - i <= 10 {
                let (prev, w) = (&words[end - 1], &words[end]);
                if prev.text.ends_with([',', ';', ':', ')']) || (w.line != prev.line && !CONNECTORS.contains(&prev.key.as_str())) {
                    break;
                }
                if CONNECTORS.contains(&w.key.as_str()) || part_of_name(w) {
                    end += 1;
                } else {
                    break;
                }
            }
            while end > i + 1 && CONNECTORS.contains(&words[end - 1].key.as_str()) {
                end -= 1;
            }
            if matches!(doc.key(end), "hospital" | "press") || (doc.key(end) == "medical" && doc.key(end + 1) == "center") {
                continue;
            }
            let span: Vec<&Word> = words[start..end].iter().collect();
            if !span.iter().any(|w| !GENERIC.contains(&w.key.as_str()) && !CONNECTORS.contains(&w.key.as_str())) {
                continue;
            }
            let label_window = start.saturating_sub(6).max(doc.lines[line].start)..start;
            if labelled_only && !words[label_window].iter().any(|w| w.colon && matches!(w.key.as_str(), "school" | "university" | "education" | "qualification" | "graduated" | "degree" | "college")) {
                continue;
            }
            let mut name = render(&span);
            // `University of California, San Francisco`.
            if span.len() == 3 && span[1].key == "of" && STATE_SYSTEMS.contains(&span[2].key.as_str()) && span[2].text.ends_with(',') {
                let campus: Vec<&Word> = words[end..].iter().take_while(|w| w.line == line && part_of_name(w)).take(3).collect();
                if !campus.is_empty() && campus.len() == words[end..doc.lines[line].end].len() {
                    name = format!("{}, {}", name, render(&campus));
                }
            }
            out.push(Candidate { name, weight });
        }
        out
    }

    fn render(span: &[&Word]) -> String {
        let shouted = span.iter().all(|w| !w.text.chars().any(char::is_lowercase)) && span.iter().any(|w| is_shouted(&w.text));
        let mut words: Vec<String> = Vec::new();
        for (k, w) in span.iter().enumerate() {
            let text = bare(&w.text);
            let text = if k + 1 == span.len() && text.ends_with('.') && text.chars().filter(|c| c.is_alphabetic()).count() > 3 { &text[..text.len() - 1] } else { text };
            if k == 0 && w.key == "the" {
                continue;
            }
            let first = words.is_empty();
            words.push(if shouted { title_case_word(text, CONNECTORS, first) } else { text.to_string() });
        }
        words.join(" ")
    }
}

// ---------------------------------------------------------------------------------------------
// doctorName
// ---------------------------------------------------------------------------------------------

mod person {
    use super::{Document, Word, bare, has_digit, is_capitalised, is_shouted, key_of, title_case_word};

    const HONORIFICS: &[&str] = &["dr", "doctor", "mr", "mrs", "ms", "miss", "prof", "professor", "shri", "smt", "sri", "dra"];

    /// Post-nominals that end a name.
    const CREDENTIALS: &[&str] = &[
        "md", "do", "ms", "dm", "mbbs", "mbchb", "mbbch", "bmbs", "mdcm", "phd", "mph", "facp", "facs", "frcs", "frcp",
        "frcpc", "frcsc", "ccfp", "mrcp", "mrcs", "facog", "faap", "dnb", "mch", "fracp", "fracs", "facep",
    ];

    const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

    /// Lower-case name particles (`María de la Cruz`, `Ludwig van Beethoven`, `bin`).
    const PARTICLES: &[&str] = &["de", "da", "das", "dos", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "binti", "ibn", "al", "el", "ter", "ten", "y", "di"];

    /// Words that end a name even when capitalised (diplomas capitalise whole lines).
    const STOP: &[&str] = &[
        "has", "have", "having", "had", "who", "is", "was", "were", "been", "being", "the", "to", "for", "of", "and",
        "with", "in", "on", "at", "as", "by", "from", "son", "daughter", "wife", "so", "holds", "holding", "born",
        "residing", "hereby", "upon", "degree", "diploma", "university", "college", "school", "medicine", "medical",
        "bachelor", "master", "licensed", "license", "licence", "registered", "registration", "practitioner",
        "physician", "surgeon", "recommendation", "faculty", "board", "state", "department", "this", "that", "all",
        "rights", "privileges", "satisfied", "completed", "passed", "duly", "awarded", "granted", "conferred",
        "certify", "name", "date", "number", "no", "issue", "status", "type", "active", "commonwealth", "council",
        "commission", "agency", "division", "regulation", "institute", "republic", "affairs", "professions",
        "education", "translation", "english", "verification", "search", "register", "certificate", "osteopathic",
        "profession", "office", "credential", "licensee", "registrant", "president", "dean", "registrar",
        "chancellor", "secretary", "trustees", "regents", "general", "health", "online", "extract", "whom",
        "concern", "letter", "dear", "titulo", "grade",
    ];

    /// Key sequences after which a diploma or certificate prints the holder's name.
    const TRIGGERS: &[&[&str]] = &[
        &["certify", "that"], &["certifies", "that"], &["certified", "that"], &["known", "that"], &["confirms", "that"],
        &["confirm", "that"], &["attest", "that"], &["attests", "that"], &["testify", "that"], &["verify", "that"],
        &["verifies", "that"], &["declare", "that"], &["upon"], &["conferred", "on"], &["confers", "on"],
        &["confer", "on"], &["awarded", "to"], &["granted", "to"], &["presented", "to"], &["issued", "to"],
        &["grants", "to"], &["admitted"], &["otorga", "a"], &["confiere", "a"], &["confere", "a"], &["favor", "de"],
    ];

    /// Labels of the holder's name on a licence (`Name:`, `Licensee:`, `Registrant name:`).
    const LABELS: &[&str] = &["name", "licensee", "registrant", "physician", "practitioner", "nom", "doctor"];

    /// Words before `Name:` that make it someone else's name.
    const OTHER_PEOPLE: &[&str] = &[
        "father", "fathers", "mother", "mothers", "husband", "husbands", "spouse", "guardian", "institution",
        "school", "university", "college", "board", "business", "facility", "hospital", "employer", "supervisor",
        "company", "program", "course", "maiden", "previous", "former",
    ];

    /// How a candidate was found; a labelled or triggered name outranks a bare line.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Evidence {
        Line,
        Trigger,
        Label,
    }

    /// The degree's name, cased with the licence's help; the licence's when the degree has none
    /// (or only a bare line that the licence's label contradicts).
    pub fn doctor_name(degree: &Document, licence: &Document) -> Option<String> {
        match (degree_name(degree), licence_name(licence)) {
            (Some((Evidence::Line, d)), Some((Evidence::Label, l))) if !shares_a_part(&d, &l) => Some(render(&l, None)),
            (Some((_, d)), l) => Some(render(&d, l.as_ref().map(|(_, l)| l.as_slice()))),
            (None, Some((_, l))) => Some(render(&l, None)),
            (None, None) => None,
        }
    }

    fn degree_name(doc: &Document) -> Option<(Evidence, Vec<String>)> {
        triggered(doc).map(|n| (Evidence::Trigger, n)).or_else(|| bare_line(doc).map(|n| (Evidence::Line, n)))
    }

    fn licence_name(doc: &Document) -> Option<(Evidence, Vec<String>)> {
        labelled(doc)
            .map(|n| (Evidence::Label, n))
            .or_else(|| triggered(doc).map(|n| (Evidence::Trigger, n)))
            .or_else(|| bare_line(doc).map(|n| (Evidence::Line, n)))
    }

    fn shares_a_part(a: &[String], b: &[String]) -> bool {
        a.iter().any(|x| b.iter().any(|y| key_of(x) == key_of(y) && key_of(x).len() > 1))
    }

    fn triggered(doc: &Document) -> Option<Vec<String>> {
        (0..doc.words.len()).find_map(|i| {
            TRIGGERS.iter().find_map(|trigger| {
                let matches = trigger.iter().enumerate().all(|(k, key)| doc.key(i + k) == *key);
                if matches { name_at(doc, i + trigger.len(), true) } else { None }
            })
        })
    }

    fn labelled(doc: &Document) -> Option<Vec<String>> {
        (0..doc.words.len()).find_map(|i| {
            let w = &doc.words[i];
            if w.key == "name" && !w.colon {
                return name_of_label(doc, i);
            }
            if !w.colon || !LABELS.contains(&w.key.as_str()) {
                return None;
            }
            let before = if i > 0 && doc.words[i - 1].line == w.line { doc.key(i - 1) } else { "" };
            if OTHER_PEOPLE.contains(&before) || (w.key == "doctor" && !before.is_empty()) {
                return None;
            }
            value_name(doc, i + 1, w.line)
        })
    }

    /// `Name of Registrant:`, `Name of the Medical Practitioner:`.
    fn name_of_label(doc: &Document, i: usize) -> Option<Vec<String>> {
        if doc.key(i + 1) != "of" {
            return None;
        }
        let line = doc.words[i].line;
        let end = (i + 2..i + 6).take_while(|&j| j < doc.words.len() && doc.words[j].line == line).find(|&j| doc.words[j].colon)?;
        let holder = (i + 2..=end).all(|j| matches!(doc.key(j), "the" | "registered" | "medical" | "practitioner" | "licensee" | "registrant" | "doctor" | "physician" | "holder" | "applicant"));
        if holder { value_name(doc, end + 1, line) } else { None }
    }

    /// A line that is nothing but a name (and perhaps post-nominals): `PRIYA VENKATARAMAN`,
    /// `MOHAMMED, AISHA N`, `DANIEL K WHITAKER-LOWE DO`.
    fn bare_line(doc: &Document) -> Option<Vec<String>> {
        doc.lines.iter().find_map(|range| {
            let words = &doc.words[range.clone()];
            if words.len() < 2 || words.len() > 7 || words.iter().any(|w| w.colon || has_digit(&w.text)) {
                return None;
            }
            let commas = words.iter().filter(|w| w.text.ends_with(',')).count();
            let fits = words.iter().enumerate().all(|(k, w)| {
                (k == 0 && HONORIFICS.contains(&w.key.as_str())) || is_credential(w, k > 0) || SUFFIXES.contains(&w.key.as_str()) || (looks_like_part(w) && !STOP.contains(&w.key.as_str()))
            });
            if !fits || commas > 1 {
                return None;
            }
            value_name(doc, range.start, words[0].line)
        })
    }

    /// The name after a label, on its line (or the next when the label ends its line); a
    /// `Last, First` name is put in reading order.
    fn value_name(doc: &Document, start: usize, label_line: usize) -> Option<Vec<String>> {
        let first = doc.words.get(start)?;
        if first.line != label_line && first.line != label_line + 1 {
            return None;
        }
        let line = doc.line_of(start);
        let words = &doc.words[start..line.end.min(start + 12)];
        let mut k = 0;
        while k < words.len() && HONORIFICS.contains(&words[k].key.as_str()) {
            k += 1;
        }
        if let Some(comma) = words.iter().position(|w| w.text.ends_with(',')) {
            let surname = &words[k..=comma];
            let given: Vec<&Word> = words[comma + 1..]
                .iter()
                .take_while(|w| !is_credential(w, true) && !STOP.contains(&w.key.as_str()) && (looks_like_part(w) || SUFFIXES.contains(&w.key.as_str())))
                .collect();
            let given_real = given.iter().filter(|w| !SUFFIXES.contains(&w.key.as_str())).count();
            if (1..=3).contains(&surname.len()) && surname.iter().all(|w| looks_like_part(w) && !STOP.contains(&w.key.as_str())) && given_real >= 1 {
                let mut parts: Vec<String> = given.iter().filter(|w| !SUFFIXES.contains(&w.key.as_str())).map(|w| clean_part(&w.text)).collect();
                parts.extend(surname.iter().map(|w| clean_part(&w.text)));
                parts.extend(given.iter().filter(|w| SUFFIXES.contains(&w.key.as_str())).map(|w| clean_part(&w.text)));
                return Some(parts);
            }
        }
        name_at(doc, start, first.line != label_line)
    }

    /// The name starting at `start`: capitalised words, initials, particles and a suffix,
    /// stopping at a clause word, a post-nominal, a comma, or a line break once two parts are
    /// read (a name broken over two lines by OCR is still joined).
    fn name_at(doc: &Document, start: usize, cross_lines: bool) -> Option<Vec<String>> {
        let words = &doc.words;
        let mut j = start;
        while j < words.len() && HONORIFICS.contains(&words[j].key.as_str()) && is_capitalised(&words[j].text) {
            j += 1;
        }
        let mut parts: Vec<String> = Vec::new();
        let mut real = 0;
        while j < words.len() && parts.len() < 8 {
            let w = &words[j];
            if j > start && w.line != words[j - 1].line && (!cross_lines || real >= 2) {
                break;
            }
            if !parts.is_empty() && SUFFIXES.contains(&w.key.as_str()) {
                parts.push(clean_part(&w.text));
            } else if is_credential(w, !parts.is_empty()) || STOP.contains(&w.key.as_str()) || !looks_like_part(w) {
                break;
            } else {
                if !PARTICLES.contains(&w.key.as_str()) {
                    real += 1;
                }
                parts.push(clean_part(&w.text));
            }
            j += 1;
            if w.text.ends_with([',', ';', ':']) {
                let suffix_follows = words.get(j).is_some_and(|n| n.line == w.line && SUFFIXES.contains(&n.key.as_str()));
                if !suffix_follows {
                    break;
                }
                // As printed: `Martinez-Garcia, Jr.`
                if let Some(last) = parts.last_mut() {
                    last.push(',');
                }
            }
        }
        while parts.last().is_some_and(|p| PARTICLES.contains(&key_of(p).as_str())) {
            parts.pop();
        }
        (real >= 2).then_some(parts)
    }

    fn looks_like_part(w: &Word) -> bool {
        let text = bare(&w.text);
        !has_digit(text) && text.chars().any(char::is_alphabetic) && (is_capitalised(text) || PARTICLES.contains(&w.key.as_str()))
    }

    /// A post-nominal. `MD`, `DO`, `MS` and `DM` count only when printed in capitals or with
    /// dots and after the name has begun (`Md.` abbreviates Muhammad; `Do` is a surname).
    fn is_credential(w: &Word, after_name: bool) -> bool {
        let key = w.key.as_str();
        if !CREDENTIALS.contains(&key) {
            return false;
        }
        match key {
            "md" | "do" | "ms" | "dm" => after_name && !w.text.chars().any(char::is_lowercase),
            _ => true,
        }
    }

    fn clean_part(text: &str) -> String {
        let text = bare(text);
        let key = key_of(text);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if text.ends_with('.') && letters > 2 && !SUFFIXES.contains(&key.as_str()) && !text[..text.len() - 1].contains('.') {
            return text[..text.len() - 1].to_string();
        }
        text.to_string()
    }

    /// Parts printed in capitals take the other document's casing of the same word when it has
    /// one (`MCKENZIE` + `McKenzie`), else title case.
    fn render(parts: &[String], other: Option<&[String]>) -> String {
        parts
            .iter()
            .enumerate()
            .map(|(k, part)| {
                if !is_shouted(part) {
                    return part.clone();
                }
                let cased = other.and_then(|o| o.iter().find(|x| x.to_lowercase() == part.to_lowercase() && !is_shouted(x)));
                cased.cloned().unwrap_or_else(|| {
                    let suffix = SUFFIXES.contains(&key_of(part).as_str());
                    if suffix && matches!(key_of(part).as_str(), "jr" | "sr") {
                        return super::capitalise(&part.to_lowercase());
                    }
                    title_case_word(part, PARTICLES, k == 0)
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// ---------------------------------------------------------------------------------------------
// degreeName
// ---------------------------------------------------------------------------------------------

mod degree_title {
    use super::{Document, capitalise};

    const DOCTOR_OF_MEDICINE: &str = "Doctor of Medicine";
    const DOCTOR_OF_OSTEOPATHIC_MEDICINE: &str = "Doctor of Osteopathic Medicine";
    const MBBS: &str = "Bachelor of Medicine, Bachelor of Surgery";
    const MDCM: &str = "Doctor of Medicine and Master of Surgery";
    /// Irish and RCSI degrees add obstetrics (`MB BCh BAO`).
    const MB_BCH_BAO: &str = "Bachelor of Medicine, Bachelor of Surgery, Bachelor of the Art of Obstetrics";

    /// Words a medical degree's subject is made of (`Osteopathic Medicine`, `the Art of Obstetrics`).
    const SUBJECT: &[&str] = &["medicine", "surgery", "osteopathic", "osteopathy", "obstetrics", "the", "art", "medical", "science", "sciences", "and", "of", "in"];
    const CORE_SUBJECT: &[&str] = &["medicine", "surgery", "osteopathic", "osteopathy", "obstetrics"];

    /// The degree the diploma awards. A spelled-out English title wins over a Latin, French or
    /// Spanish one (a Latin diploma's English line), and both over an abbreviation, which is
    /// expanded (`M.D.`, `D.O.`, `MBBS`/`MB ChB`, `MDCM`); an abbreviation after a comma is a
    /// signatory's post-nominal and counts least.
    pub fn awarded(degree: &Document) -> Option<String> {
        let mut best: Option<(i32, String)> = None;
        for i in 0..degree.words.len() {
            if let Some((score, title)) = title_at(degree, i)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, title));
            }
        }
        best.filter(|(score, _)| *score > 0).map(|(_, title)| title)
    }

    /// The degree on a licence's `Qualification:` or `Degree:` line.
    pub fn qualification_in_licence(licence: &Document) -> Option<String> {
        (0..licence.words.len()).find_map(|i| {
            let w = &licence.words[i];
            if !w.colon || !matches!(w.key.as_str(), "qualification" | "qualifications" | "degree" | "degrees") {
                return None;
            }
            let line = licence.line_of(i);
            (i + 1..line.end.min(i + 12)).find_map(|k| title_at(licence, k)).map(|(_, title)| title)
        })
    }

    fn title_at(doc: &Document, i: usize) -> Option<(i32, String)> {
        if let Some(title) = spelled(doc, i, true) {
            return Some((10, title));
        }
        if let Some(title) = foreign(doc, i) {
            return Some((5, title.to_string()));
        }
        abbreviation(doc, i)
    }

    /// `Doctor of Medicine`, `Bachelor of Medicine and Bachelor of Surgery`, `Doctor of
    /// Medicine and Master of Surgery`, in title case, joined as printed.
    fn spelled(doc: &Document, i: usize, chain: bool) -> Option<String> {
        let head = doc.key(i);
        if !matches!(head, "doctor" | "bachelor" | "master") || doc.key(i + 1) != "of" {
            return None;
        }
        let mut subject: Vec<String> = Vec::new();
        let mut k = i + 2;
        while k < doc.words.len() && subject.len() < 5 {
            let key = doc.key(k);
            if !SUBJECT.contains(&key) || doc.words[k - 1].text.ends_with([',', ')', ';']) {
                break;
            }
            // A connector belongs to the subject only when a subject word follows it.
            if matches!(key, "and" | "the" | "of" | "in") && !CORE_SUBJECT.contains(&doc.key(k + 1)) && !matches!(doc.key(k + 1), "art" | "the") {
                break;
            }
            subject.push(if matches!(key, "and" | "the" | "of" | "in") { key.to_string() } else { capitalise(key) });
            k += 1;
        }
        while subject.last().is_some_and(|s| matches!(s.as_str(), "and" | "the" | "of" | "in")) {
            subject.pop();
            k -= 1;
        }
        if !subject.iter().any(|s| CORE_SUBJECT.contains(&s.to_lowercase().as_str())) {
            return None;
        }
        let mut title = format!("{} of {}", capitalise(head), subject.join(" "));
        if chain {
            let comma = doc.words[k - 1].text.ends_with(',');
            let (glue, next) = match doc.key(k) {
                "and" => (" and ", k + 1),
                _ if doc.words.get(k).is_some_and(|w| w.text == "&") => (" & ", k + 1),
                _ if comma => (", ", k),
                _ => ("", k),
            };
            if !glue.is_empty() && let Some(rest) = spelled(doc, next, true) {
                title.push_str(glue);
                title.push_str(&rest);
            }
        }
        Some(title)
    }

    /// Latin, French and Spanish titles of the medical doctorate.
    fn foreign(doc: &Document, i: usize) -> Option<&'static str> {
        let (a, b, c) = (doc.key(i), doc.key(i + 1), doc.key(i + 2));
        let doctor = |k: &str| matches!(k, "doctor" | "doctorem" | "doctoris" | "docteur" | "doctorat");
        let found = (a == "medicinae" && doctor(b))
            || (doctor(a) && b == "medicinae")
            || (doctor(a) && matches!(b, "in" | "en") && matches!(c, "medicina" | "medecine"))
            || (a == "medico" && b == "cirujano");
        found.then_some(DOCTOR_OF_MEDICINE)
    }

    fn abbreviation(doc: &Document, i: usize) -> Option<(i32, String)> {
        let w = &doc.words[i];
        let shouted = !w.text.chars().any(char::is_lowercase);
        let dotted = w.text.contains('.');
        let prev = if i > 0 { doc.key(i - 1) } else { "" };
        let line = doc.line_of(i);
        let (title, consumed) = match w.key.as_str() {
            "md" if dotted || shouted => (DOCTOR_OF_MEDICINE, 1),
            "do" if dotted || (w.text == "DO" && (line.len() <= 2 || prev == "of")) => (DOCTOR_OF_OSTEOPATHIC_MEDICINE, 1),
            "mbbchbao" => (MB_BCH_BAO, 1),
            "mbbs" | "mbchb" | "mbbch" | "bmbs" | "mbbchir" => (MBBS, 1),
            "mb" if matches!(doc.key(i + 1), "bs" | "chb" | "bch" | "bchbao" | "bchir") && doc.words.get(i + 1).is_some_and(|n| n.line == w.line) => {
                let bao = doc.key(i + 1) == "bchbao" || (doc.key(i + 2) == "bao" && doc.words.get(i + 2).is_some_and(|n| n.line == w.line));
                if bao { (MB_BCH_BAO, if doc.key(i + 1) == "bchbao" { 2 } else { 3 }) } else { (MBBS, 2) }
            }
            "mdcm" => (MDCM, 1),
            _ => return None,
        };
        let mut score = 3;
        if matches!(prev, "of" | "degree" | "awarded" | "conferred" | "grade" | "title") {
            score += 5;
        }
        if line.len() == consumed {
            score += 3;
        }
        if i > 0 && doc.words[i - 1].text.ends_with(',') {
            score -= 3;
        }
        let near = i.saturating_sub(8).max(line.start)..(i + 8).min(line.end);
        let signatory = doc.words[near].iter().any(|x| matches!(x.key.as_str(), "dean" | "president" | "registrar" | "chancellor" | "secretary" | "provost" | "signature"));
        if signatory {
            score -= 3;
        }
        Some((score, title.to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// licenseNumber
// ---------------------------------------------------------------------------------------------

mod licence_number {
    use super::{Document, bare, dates, has_digit};

    /// Label heads, with their rank: a licence or registration number beats a certificate's.
    fn head_rank(key: &str) -> Option<u8> {
        match key {
            "license" | "licence" | "lic" | "registration" | "reg" | "regn" | "regd" | "gmc" | "credential" | "permit" | "permis"
            | "cpso" | "cpsbc" | "cpsa" | "cmq" | "ahpra" | "mci" | "nmc" | "pmdc" | "mdcn" | "licenseno" | "licenceno" => Some(2),
            "certificate" | "cert" => Some(1),
            _ => None,
        }
    }

    /// A table header is a short line; a longer one is prose, and not scanned per label.
    const MAX_HEADER_WORDS: usize = 40;

    const NUMBER_WORDS: &[&str] = &["no", "number", "num", "nbr", "#", "ref", "reference", "id", "numero"];

    /// Identifiers that are not the licence: `DEA Registration No.`, `NPI`, `Roll No.`.
    const OTHER_IDS: &[&str] = &["dea", "npi", "tax", "vat", "business", "company", "roll", "enrolment", "enrollment", "serial", "receipt", "exam", "examination", "board"];

    /// The number after the first licence/registration label whose value reads as one:
    /// `License Number: A 145678`, `GMC Reference Number: 7512346`, `CPSO#: 112233`,
    /// `Regn. No. : DMC/R/12345`. A value that is a date or has no digits is not a number.
    pub fn read(licence: &Document) -> Option<String> {
        let mut weaker: Option<String> = None;
        for i in 0..licence.words.len() {
            let Some((value_start, rank)) = label_at(licence, i) else { continue };
            let Some(value) = value_at(licence, value_start, i).or_else(|| value_below(licence, i)) else { continue };
            if rank == 2 {
                return Some(value);
            }
            weaker.get_or_insert(value);
        }
        weaker
    }

    fn label_at(doc: &Document, i: usize) -> Option<(usize, u8)> {
        let w = &doc.words[i];
        let hash = w.key.ends_with('#');
        let base = w.key.trim_end_matches('#');
        // `Licence/Registration No.` folds to one key.
        let compound = base.starts_with("licen") && base.len() <= 24 && !matches!(base, "licensed" | "licensee" | "licensing" | "licencee");
        let rank = head_rank(base).or_else(|| compound.then_some(2))?;
        if i > 0 && doc.words[i - 1].line == w.line && doc.words[i - 1].cell == w.cell && OTHER_IDS.contains(&doc.key(i - 1)) {
            return None;
        }
        if hash {
            return Some((i + 1, rank));
        }
        let mut j = i + 1;
        let mut numbered = false;
        while j < doc.words.len() && j <= i + 2 && doc.words[j].line == w.line && NUMBER_WORDS.contains(&doc.key(j).trim_end_matches('#')) {
            numbered = true;
            j += 1;
            if doc.words[j - 1].colon {
                break;
            }
        }
        // `#` as its own word: its key is just `#`.
        if !numbered && doc.words.get(j).is_some_and(|n| n.key == "#" && n.line == w.line) {
            numbered = true;
            j += 1;
        }
        (numbered || w.colon).then_some((j, rank))
    }

    fn value_at(doc: &Document, start: usize, label: usize) -> Option<String> {
        let w = doc.words.get(start)?;
        let label_line = doc.words[label].line;
        if w.line != label_line && w.line != label_line + 1 {
            return None;
        }
        let text = bare(&w.text).trim_end_matches(['.', ',', ';']);
        let next = doc.words.get(start + 1).filter(|n| n.line == w.line);
        // `A 145678`, `ME 134567`: a short capital prefix printed apart from the digits.
        if !text.chars().any(|c| c.is_ascii_digit())
            && (1..=3).contains(&text.chars().count())
            && text.chars().all(|c| c.is_ascii_uppercase())
            && let Some(n) = next
        {
            let digits = bare(&n.text).trim_end_matches(['.', ',', ';']);
            if is_number(digits) {
                return Some(format!("{text} {}", repair(digits)));
            }
            return None;
        }
        is_number(text).then(|| repair(text))
    }

    /// A table: the label heads a column (`License Number    License Type    Status`) and the
    /// value is on the row below — in the same cell when the row's cells line up with the
    /// header's, else the row's first number that is not a date.
    fn value_below(doc: &Document, label: usize) -> Option<String> {
        let header_line = doc.words[label].line;
        let header = doc.lines[header_line].clone();
        if header.len() > MAX_HEADER_WORDS || doc.words[header.clone()].iter().any(|w| has_digit(&w.text)) || doc.words[header.end - 1].cell == 0 {
            return None;
        }
        let row = doc.lines.get(header_line + 1)?.clone();
        if row.is_empty() || row.len() > MAX_HEADER_WORDS * 2 {
            return None;
        }
        let row_words = &doc.words[row.clone()];
        if row_words[row_words.len() - 1].cell == doc.words[header.end - 1].cell {
            let cell = doc.words[label].cell;
            let texts: Vec<&str> = row_words.iter().filter(|w| w.cell == cell).map(|w| bare(&w.text).trim_end_matches(['.', ',', ';'])).collect();
            return match texts.as_slice() {
                [one] => is_number(one).then(|| repair(one)),
                [prefix, digits] if prefix.len() <= 3 && prefix.chars().all(|c| c.is_ascii_uppercase()) && is_number(digits) => {
                    Some(format!("{prefix} {}", repair(digits)))
                }
                _ => None,
            };
        }
        row_words.iter().map(|w| bare(&w.text).trim_end_matches(['.', ',', ';'])).find(|t| is_number(t)).map(repair)
    }

    fn is_number(text: &str) -> bool {
        text.chars().filter(|c| c.is_ascii_digit()).count() >= 2
            && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.'))
            && dates::numeric(text, dates::DateOrder::MonthFirst).is_none()
    }

    /// OCR letters inside a run of digits read as digits (`MEDOOO1876543` → `MED0001876543`,
    /// `MD45678l` → `MD456781`); letters outside a digit run (`OS`, `ME`, `DMC/R/`) stay.
    fn repair(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let lookalike = |c: char| matches!(c, 'O' | 'o' | 'I' | 'l' | '|');
        let mut out: Vec<char> = chars.clone();
        let mut k = 0;
        while k < chars.len() {
            if chars[k].is_ascii_digit() || lookalike(chars[k]) {
                let start = k;
                while k < chars.len() && (chars[k].is_ascii_digit() || lookalike(chars[k])) {
                    k += 1;
                }
                if chars[start..k].iter().any(|c| c.is_ascii_digit()) {
                    for c in &mut out[start..k] {
                        *c = match *c {
                            'O' | 'o' => '0',
                            'I' | 'l' | '|' => '1',
                            other => other,
                        };
                    }
                }
            } else {
                k += 1;
            }
        }
        out.into_iter().collect()
    }
}

// ---------------------------------------------------------------------------------------------
// issueDate
// ---------------------------------------------------------------------------------------------

mod issue_date {
    use std::collections::HashSet;
    use std::ops::Range;

    use chrono::NaiveDate;

    use super::{Document, dates};

    /// A table header is a short line; longer lines are prose and not read as columns (which
    /// also keeps the work per date bounded).
    const MAX_HEADER_WORDS: usize = 40;

    /// Labels that make a date something other than an issue date, on either document.
    const NEVER: &[&str] = &[
        "expiration", "expires", "expire", "expiry", "exp", "expiring", "expired", "valid", "validity", "until", "upto",
        "through", "thru", "till", "renewal", "renewed", "renew", "renews", "retention", "revalidation", "birth",
        "born", "dob", "printed", "generated", "verified", "verification", "updated", "due", "paid", "fee",
        "period", "last", "next", "cme",
    ];
    /// …and on a licence: the education it lists is not the licence's issue.
    const NEVER_ON_LICENCE: &[&str] = &["graduation", "graduated", "qualification", "qualified", "examination", "exam", "admission", "ceremony", "conferred", "awarded"];
    const NEVER_ON_DEGREE: &[&str] = &["admission", "enrolled", "enrolment", "enrollment", "matriculation", "entered", "examination"];

    const LICENCE_ISSUE: &[(&str, i32)] = &[
        ("issue", 3), ("issued", 3), ("issuance", 3), ("issuing", 3), ("granted", 3), ("licensure", 3), ("licensed", 3),
        ("license", 2), ("licence", 2), ("registration", 2), ("registered", 2), ("regn", 2), ("reg", 2),
        ("effective", 2), ("given", 1), ("seal", 1), ("dated", 1),
    ];
    const CONFERRAL: &[(&str, i32)] = &[
        ("conferred", 2), ("conferring", 2), ("awarded", 2), ("dated", 2), ("convocation", 2), ("graduation", 2),
        ("given", 1), ("granted", 1), ("held", 1), ("ceremony", 1), ("seal", 1), ("witness", 1), ("admitted", 1), ("issued", 1),
    ];

    /// The licence's best-labelled issue date; else the degree's conferral date (a labelled
    /// one, else its first date that is not excluded).
    ///
    /// A letter or certificate of good standing is itself "issued": there the registration
    /// and licensure dates outrank the word `issued`.
    pub fn read(licence: &Document, degree: &Document) -> Option<NaiveDate> {
        let letter = licence.mentions_any(&[" good standing ", " this letter ", " to whom it may concern "]);
        let issue_rules: Vec<(&str, i32)> = if letter {
            LICENCE_ISSUE.iter().map(|&(word, score)| (word, if word.starts_with("issu") { 1 } else { score })).collect()
        } else {
            LICENCE_ISSUE.to_vec()
        };
        best(licence, &issue_rules, NEVER_ON_LICENCE, false).or_else(|| best(degree, CONFERRAL, NEVER_ON_DEGREE, true))
    }

    struct Mention {
        date: NaiveDate,
        start: usize,
        end: usize,
    }

    enum Label {
        Excluded,
        Unlabelled,
        Scored(i32),
    }

    fn mentions(doc: &Document) -> Vec<Mention> {
        let texts = doc.texts();
        let mut out = Vec::new();
        let mut i = 0;
        while i < texts.len() {
            if let Some((date, n)) = dates::parse_at(&texts, i, doc.order) {
                out.push(Mention { date, start: i, end: i + n });
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }

    fn best(doc: &Document, positive: &[(&str, i32)], never: &[&str], unlabelled_ok: bool) -> Option<NaiveDate> {
        let mentions = mentions(doc);
        let dated_lines: HashSet<usize> = mentions.iter().map(|m| doc.words[m.start].line).collect();
        let mut best: Option<(i32, NaiveDate)> = None;
        let mut first_unlabelled = None;
        let (mut previous_line, mut column) = (usize::MAX, 0);
        for (k, mention) in mentions.iter().enumerate() {
            let floor = if k == 0 { 0 } else { mentions[k - 1].end };
            let line = doc.words[mention.start].line;
            column = if line == previous_line { column + 1 } else { 0 };
            previous_line = line;
            let rules = Rules { positive, never };
            match rules.label(doc, mention.start, floor, column, &dated_lines) {
                Label::Excluded => {}
                Label::Unlabelled => {
                    first_unlabelled.get_or_insert(mention.date);
                }
                Label::Scored(score) => {
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, mention.date));
                    }
                }
            }
        }
        best.map(|(_, date)| date).or(if unlabelled_ok { first_unlabelled } else { None })
    }

    struct Rules<'a> {
        positive: &'a [(&'a str, i32)],
        never: &'a [&'a str],
    }

    impl Rules<'_> {
        /// The label nearest before the date decides: up to eight words back on its line, never
        /// past the previous date. A date with no label on its line takes its column's header
        /// from the line above (the `column`-th date column, or the header cell above it), else
        /// — when it starts its line — that line's last words.
        fn label(&self, doc: &Document, start: usize, floor: usize, column: usize, dated_lines: &HashSet<usize>) -> Label {
            let line = doc.words[start].line;
            let same_line: Vec<usize> = (floor..start).rev().take_while(|&j| doc.words[j].line == line).take(8).collect();
            let own = self.classify(doc, &same_line);
            if !matches!(own, Label::Unlabelled) {
                return own;
            }
            let above = doc.line_above(line);
            if let Some(above) = above
                && !dated_lines.contains(&above)
                && doc.lines[above].len() <= MAX_HEADER_WORDS
                && doc.lines[line].len() <= 2 * MAX_HEADER_WORDS
            {
                let header = doc.lines[above].clone();
                let row = doc.lines[line].clone();
                let header_cells = doc.words[header.end - 1].cell;
                if header_cells > 0 && doc.words[row.end - 1].cell == header_cells {
                    let cell = doc.words[start].cell;
                    let words: Vec<usize> = header.clone().rev().filter(|&j| doc.words[j].cell == cell).collect();
                    return self.classify(doc, &words);
                }
                let columns = date_columns(doc, header.clone());
                if let Some(words) = columns.get(column) {
                    return self.classify(doc, words);
                }
                if same_line.is_empty() && start > floor {
                    let words: Vec<usize> = header.rev().filter(|&j| j >= floor).take(8).collect();
                    return self.classify(doc, &words);
                }
            }
            Label::Unlabelled
        }

        /// Words nearest first: the first that excludes or scores decides; `original`, `initial`
        /// and `first` farther in the same label add, `provisional` and `temporary` subtract. A
        /// bare `Date` is a weak label.
        fn classify(&self, doc: &Document, context: &[usize]) -> Label {
            let mut saw_date_word = false;
            for (n, &idx) in context.iter().enumerate() {
                let key = doc.key(idx);
                if NEVER.contains(&key) || self.never.contains(&key) {
                    return Label::Excluded;
                }
                if let Some((_, score)) = self.positive.iter().find(|(word, _)| *word == key) {
                    let mut score = *score;
                    for &farther in &context[n + 1..] {
                        if doc.words[farther].colon {
                            break;
                        }
                        match doc.key(farther) {
                            "original" | "initial" | "first" => score += 2,
                            "provisional" | "temporary" => score -= 2,
                            _ => {}
                        }
                    }
                    return Label::Scored(score);
                }
                saw_date_word |= matches!(key, "date" | "dated");
            }
            if saw_date_word { Label::Scored(0) } else { Label::Unlabelled }
        }
    }

    /// A header row's date columns, left to right, each as its label's words (anchor first):
    /// `Issue Date` and `Date of Issue` and `Date Issued` are one column each, as is a lone
    /// `Expires`.
    fn date_columns(doc: &Document, header: Range<usize>) -> Vec<Vec<usize>> {
        const DATE_WORDS: &[&str] = &["issued", "expires", "expiration", "expiry", "expired", "renewed", "effective", "dob", "born", "registered", "licensed"];
        let mut columns = Vec::new();
        for a in header.clone() {
            let key = doc.key(a);
            let in_header = |j: usize| header.contains(&j);
            if matches!(key, "date" | "dated") {
                let mut words = vec![a];
                if in_header(a + 1) && doc.key(a + 1) == "of" {
                    words.extend((a + 2..a + 5).take_while(|&j| in_header(j) && !matches!(doc.key(j), "date" | "dated")));
                } else if in_header(a + 1) && DATE_WORDS.contains(&doc.key(a + 1)) {
                    words.push(a + 1);
                } else {
                    words.extend((a.saturating_sub(2)..a).rev().take_while(|&j| in_header(j) && !matches!(doc.key(j), "date" | "dated")));
                }
                columns.push(words);
            } else if DATE_WORDS.contains(&key)
                && !(in_header(a + 1) && doc.key(a + 1) == "date")
                && !(a > 0 && in_header(a - 1) && doc.key(a - 1) == "date")
            {
                columns.push(vec![a]);
            }
        }
        columns
    }
}
