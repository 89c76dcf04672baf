//! How a medical policy's text is laid out, line by line: list markers (`1.`, `2)`, `(a)`, `A.`,
//! `iv.`, `1.2`, bullets, "Criterion 3:", "Group II --", "Option I:"), section headings (criteria, exclusions, background…),
//! metadata lines (`Title:`, `Procedure codes:`), noise left by PDF extraction (`Page 2 of 5`,
//! running headers repeated on every page, copyright lines) and the phrases that say how a list
//! combines ("ALL of the following", "ANY ONE of", "at least two of", "none of the following").
//!
//! Policies are written by many insurers in many styles, so every rule here is tolerant: a line
//! that fits no pattern is ordinary text, never an error.

use super::lexicon::mentions;
use super::tokens::tokenize;
use crate::text::without_parentheses;

/// A physical line of the policy: its text without the line break, and where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// The lines of `text`, for `\n`, `\r\n` and lone `\r` line ends alike.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Line { text: &text[start..i], start });
                start = i + 1;
            }
            b'\r' => {
                out.push(Line { text: &text[start..i], start });
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(Line { text: &text[start..], start });
    }
    out
}

/// How list items are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Numbering {
    Decimal,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    /// `1.2`, `1.2.3`: depth is the number of parts.
    Outline(u8),
    Bullet(char),
    /// "Criterion 1:", "Step 2." — a word before the number.
    Named,
}

/// The punctuation around a label: `1.`, `1)`, `(1)`, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Punct {
    Dot,
    Paren,
    Enclosed,
    Bare,
}

/// A list level is recognised by numbering and punctuation together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    pub numbering: Numbering,
    pub punct: Punct,
}

/// A list marker at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    pub style: Style,
    /// The label as the policy writes it (`3`, `a`, `iv`, `A`, `1.2`); empty for bullets.
    pub label: String,
    /// Position in its sequence (a = 1, iv = 4); 0 for bullets.
    pub ordinal: u32,
    /// A second reading of an ambiguous label (`i` is roman one or the ninth letter).
    pub alternative: Option<(Style, u32)>,
    /// Byte offset of the item's text within the line.
    pub body: usize,
    /// Indentation in columns (a tab counts four).
    pub indent: usize,
}

const BULLETS: &[char] = &['-', '*', '•', '◦', '▪', '·', '–', '○', '■', '□', '➢', '►', '‣', '⁃', '●', '\u{f0b7}', '\u{f0a7}'];

/// A roman numeral up to XII, in any case.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let v = match lower.as_str() {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        "vi" => 6,
        "vii" => 7,
        "viii" => 8,
        "ix" => 9,
        "x" => 10,
        "xi" => 11,
        "xii" => 12,
        _ => return None,
    };
    Some(v)
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// The list marker a line starts with, if any.
pub(crate) fn marker(line: &str) -> Option<Marker> {
    let indent = indent_of(line);
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    let first = t.chars().next()?;
    let after_space = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    let body_at = |consumed: usize| -> usize {
        let rest = &t[consumed..];
        lead + consumed + (rest.len() - rest.trim_start().len())
    };

    // Bullets, including Word's "o" bullet.
    if BULLETS.contains(&first) && after_space(&t[first.len_utf8()..]) && t[first.len_utf8()..].trim().chars().next().is_some() {
        let c = if matches!(first, '–') { '-' } else { first };
        return Some(Marker {
            style: Style { numbering: Numbering::Bullet(c), punct: Punct::Bare },
            label: String::new(),
            ordinal: 0,
            alternative: None,
            body: body_at(first.len_utf8()),
            indent,
        });
    }
    if first == 'o' && t[1..].starts_with(char::is_whitespace) && t[1..].trim_start().starts_with(char::is_alphabetic) {
        return Some(Marker {
            style: Style { numbering: Numbering::Bullet('o'), punct: Punct::Bare },
            label: String::new(),
            ordinal: 0,
            alternative: None,
            body: body_at(1),
            indent,
        });
    }

    // "Criterion 1:", "Criteria 2.", "Step 3 -", "Requirement 4)", "Part 1."
    let lower = t.to_ascii_lowercase();
    for word in ["criterion ", "criteria ", "requirement ", "step ", "item ", "group ", "option ", "pathway ", "indication ", "part "] {
        if let Some(rest) = lower.strip_prefix(word) {
            // "Group II -- PO2 of 56 to 59 mm Hg …", "Option IV:": a named alternative numbered
            // in Roman numerals, with a dash, colon, full stop or parenthesis after it.
            if matches!(word, "group " | "option " | "pathway ") {
                let numeral: String = t[word.len()..].chars().take_while(|c| matches!(c, 'I' | 'V' | 'X')).collect();
                let after = &t[word.len() + numeral.len()..];
                let sep = after.trim_start();
                let separated = (sep.starts_with(['-', '–', '—']) && after.starts_with(' ')) || after.starts_with([':', '.', ')']);
                if let (Some(ordinal), true) = (roman_value(&numeral), separated) {
                    let skip = after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ')' | '-' | '–' | '—')).len();
                    return Some(Marker {
                        style: Style { numbering: Numbering::Named, punct: Punct::Bare },
                        ordinal,
                        label: numeral.clone(),
                        alternative: None,
                        body: body_at(word.len() + numeral.len() + skip),
                        indent,
                    });
                }
            }
            // "Criterion A - Secondary prevention.": a capital letter is a label when a dash, colon,
            // full stop or parenthesis follows it ("Criteria a member must meet" is a sentence).
            if let Some(letter) = t[word.len()..].chars().next().filter(char::is_ascii_uppercase) {
                let after = &t[word.len() + 1..];
                let sep = after.trim_start();
                let dash = sep.starts_with(['-', '–', '—']) && after.starts_with(' ');
                if dash || after.starts_with([':', '.', ')']) {
                    let skip = after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ')' | '-' | '–' | '—')).len();
                    if skip > 0 {
                        return Some(Marker {
                            style: Style { numbering: Numbering::Named, punct: Punct::Bare },
                            ordinal: letter as u32 - 'A' as u32 + 1,
                            label: letter.to_string(),
                            alternative: None,
                            body: body_at(word.len() + 1 + skip),
                            indent,
                        });
                    }
                }
            }
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = &rest[digits.len()..];
            if !digits.is_empty() && digits.len() <= 2 && after.starts_with([':', '.', ')', ' ', '-', '–']) {
                let mut consumed = word.len() + digits.len() + after.chars().take_while(|c| matches!(c, ':' | '.' | ')' | '-' | '–')).map(char::len_utf8).sum::<usize>();
                // "Indication 1 - Recurrent throat infection.": a spaced dash after the number.
                let spaced = &t[consumed..];
                if let Some(rest) = spaced.strip_prefix(' ').and_then(|r| r.strip_prefix(['-', '–', '—'])) {
                    consumed += spaced.len() - rest.len();
                }
                if !after_space(&t[consumed..]) {
                    continue;
                }
                return Some(Marker {
                    style: Style { numbering: Numbering::Named, punct: Punct::Bare },
                    ordinal: digits.parse().unwrap_or(0),
                    label: digits,
                    alternative: None,
                    body: body_at(consumed),
                    indent,
                });
            }
        }
    }

    // (a) (1) (iv)
    let (enclosed, inner) = match t.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let label: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
    let label = label.trim_end_matches('.').to_string();
    if label.is_empty() {
        return None;
    }
    let after_label = &inner[label.len()..];
    let (punct, consumed_after) = if enclosed {
        if !after_label.starts_with(')') {
            return None;
        }
        (Punct::Enclosed, 1)
    } else if after_label.starts_with(')') {
        (Punct::Paren, 1)
    } else if after_label.starts_with('.') {
        (Punct::Dot, 1)
    } else if label.contains('.') {
        (Punct::Bare, 0)
    } else {
        return None;
    };
    let consumed = usize::from(enclosed) + label.len() + consumed_after;
    if !after_space(&t[consumed..]) {
        return None;
    }
    let body = body_at(consumed);
    let text_after = line[body..].trim();
    let make = |numbering: Numbering, ordinal: u32, alternative: Option<(Style, u32)>| Marker {
        style: Style { numbering, punct },
        label: label.clone(),
        ordinal,
        alternative,
        body,
        indent,
    };
    // 1.2 / 1.2.3 outline numbering, or letters and numbers together ("A1.", "I.A", "I.A.1",
    // "III.2"): the text must start like a sentence.
    let parts = outline_parts(&label);
    if label.contains('.') || parts.len() >= 2 {
        let ok = (2..=4).contains(&parts.len()) || (label.contains('.') && parts.len() == 1 && parts[0].chars().all(|c| c.is_ascii_digit()));
        if !ok || !text_after.starts_with(char::is_uppercase) {
            return None;
        }
        let last = parts.last().copied().unwrap_or("");
        let ordinal = last.parse().ok().or_else(|| roman_value(last).filter(|_| last.len() > 1)).or_else(|| {
            let c = last.chars().next()?;
            Some(c.to_ascii_lowercase() as u32 - 'a' as u32 + 1)
        });
        return Some(make(Numbering::Outline(parts.len() as u8), ordinal.unwrap_or(0), None));
    }
    if label.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = label.parse().ok()?;
        if label.len() > 2 || n == 0 {
            return None;
        }
        return Some(make(Numbering::Decimal, n, None));
    }
    let upper = label.chars().all(|c| c.is_ascii_uppercase());
    let lower_case = label.chars().all(|c| c.is_ascii_lowercase());
    if !(upper || lower_case) {
        return None;
    }
    let (alpha, roman) = if upper { (Numbering::UpperAlpha, Numbering::UpperRoman) } else { (Numbering::LowerAlpha, Numbering::LowerRoman) };
    if label.len() == 1 {
        let c = label.chars().next()?;
        let letter = (c.to_ascii_lowercase() as u32) - ('a' as u32) + 1;
        return match roman_value(&label) {
            // `i` opens a roman list far more often than it is the ninth letter.
            Some(r) if c.eq_ignore_ascii_case(&'i') => Some(make(roman, r, Some((Style { numbering: alpha, punct }, letter)))),
            Some(r) => Some(make(alpha, letter, Some((Style { numbering: roman, punct }, r)))),
            None => Some(make(alpha, letter, None)),
        };
    }
    roman_value(&label).map(|r| make(roman, r, None))
}

/// An outline label's parts: "1.2" → 1, 2; "A1" → A, 1; "I.A.1" → I, A, 1. Empty when a part is
/// not a number of at most two digits or a run of at most four letters of one case.
fn outline_parts(label: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in label.split('.') {
        let mut start = 0;
        let bytes = piece.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit() {
                parts.push(&piece[start..i]);
                start = i;
            }
        }
        if piece.is_empty() {
            return Vec::new();
        }
    }
    let fits = |p: &&str| {
        let digits = p.chars().all(|c| c.is_ascii_digit());
        let letters = p.chars().all(|c| c.is_ascii_uppercase()) || p.chars().all(|c| c.is_ascii_lowercase());
        (digits && p.len() <= 2) || (letters && p.len() <= 4)
    };
    // Without a number, only a roman numeral and letters ("I.A", "II.B"): "e.g.", "U.S." are words.
    let numbered = parts.iter().any(|p| p.chars().all(|c| c.is_ascii_digit()));
    let roman_led = parts.first().is_some_and(|p| p.chars().all(|c| c.is_ascii_uppercase()) && roman_value(p).is_some())
        && parts[1..].iter().all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()));
    if parts.iter().all(fits) && (numbered || roman_led || parts.len() == 1) { parts } else { Vec::new() }
}

/// What a section of the policy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionKind {
    /// Before any heading.
    Preamble,
    Requirements,
    Exclusions,
    /// Background, coding, references, continuation criteria …: nothing to judge.
    Other,
}

const EXCLUSION_HEADINGS: &[&str] = &[
    "exclusion", "excluded", "contraindication", "contraindicated", "not medically necessary", "not covered",
    "not appropriate", "inappropriate", "not indicated",
    "non-covered", "noncovered", "limitation", "investigational", "experimental", "not eligible", "will be denied",
    "denial", "not considered medically necessary", "not approvable", "not approved", "will not be approved",
    "not authorized", "not reimbursable",
];
const OTHER_HEADINGS: &[&str] = &[
    "background", "description", "rationale", "reference", "coding", "codes", "definition", "documentation",
    "policy history", "revision history", "document history", "summary of evidence", "scope", "disclaimer", "revision", "overview", "clinical evidence", "appendix",
    "instruction", "continuation", "reauthorization", "re-authorization", "renewal", "continued therapy", "dosing",
    "dosage", "billing", "approval duration", "authorization period", "note:", "notes", "related policies",
    "benefit application", "sources", "purpose", "applicability",
];
const REQUIREMENT_HEADINGS: &[&str] = &[
    "criteria", "criterion", "indication", "coverage", "medical necessity", "medically necessary", "requirement",
    "eligibility", "policy", "guideline", "approval", "candidate", "selection", "prerequisite", "initial",
];

/// The kind of section a heading opens, if its words say.
pub(crate) fn section_kind(heading: &str) -> Option<SectionKind> {
    let l = heading.to_lowercase();
    if EXCLUSION_HEADINGS.iter().any(|k| l.contains(k)) {
        Some(SectionKind::Exclusions)
    } else if OTHER_HEADINGS.iter().any(|k| l.contains(k)) {
        Some(SectionKind::Other)
    } else if REQUIREMENT_HEADINGS.iter().any(|k| l.contains(k)) {
        Some(SectionKind::Requirements)
    } else {
        None
    }
}

/// Whether a line reads as a heading: short, not a sentence, no clinical concept in it.
pub(crate) fn heading_like(text: &str, max_words: usize) -> bool {
    let t = text.trim().trim_start_matches('#').trim();
    let core = t.trim_end_matches(':').trim();
    // Headings start with a capital; a line starting in lower case continues something.
    if core.is_empty() || !core.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase) {
        return false;
    }
    // "Contraindications (THA not medically necessary while present)": a parenthesis qualifies.
    let bare = without_parentheses(core);
    let core = bare.trim();
    let words = core.split_whitespace().count();
    let sentence = core.ends_with('.') || core.contains(". ");
    // A heading may name the procedure or the imaging ("Criteria for Knee Arthroplasty"), but a
    // line naming a therapy, a finding or a number is a criterion ("Failed physical therapy:").
    // An all-capitals line is a heading whatever it names ("LIMITATIONS AND EXCLUSIONS").
    use super::lexicon::Concept::*;
    let all_caps = !core.chars().any(char::is_lowercase);
    let tokens = tokenize(core);
    let names_a_criterion = !all_caps
        && mentions(&tokens).iter().any(|m| {
            !matches!(m.concept, KneeArthroplasty | Mri | CtScan | Imaging | Radiograph | Obesity | Osteoarthritis | LowBackPain | FunctionalLimitation)
        });
    // A number in parentheses qualifies the heading ("Criteria for initial approval (12 months)").
    let has_number = core.chars().any(|c| c.is_ascii_digit());
    words <= max_words && !sentence && !names_a_criterion && !has_number
}

/// A heading run into its text with a full stop: "Exclusions. ICD implantation is not covered
/// for:", "CONTRAINDICATIONS. TKA is not covered when …". The heading, the kind of section it
/// opens and the byte offset of the text after it.
pub(crate) fn heading_then_text(line: &str) -> Option<(&str, SectionKind, usize)> {
    // "Exclusions. …"; with a dash only an exclusions heading ("Exclusions - Prolia is not
    // medically necessary in ANY of …"): "B. Purpose of the study - ONE of the following:" is a
    // criterion.
    let (at, width) = [". ", " - ", " – ", " — "].iter().filter_map(|sep| line.find(sep).map(|at| (at, sep.len()))).min()?;
    let label = line[..at].trim();
    let rest = &line[at + width..];
    if rest.trim().is_empty() || !heading_like(label, 4) {
        return None;
    }
    let kind = section_kind(label).filter(|k| width == 2 || *k == SectionKind::Exclusions)?;
    Some((label, kind, at + width + (rest.len() - rest.trim_start().len())))
}

/// A heading without its "Section III." / "Section C -" / "Part 2:" lead: "Section III. Not
/// medically necessary / Exclusions" is an exclusions heading. `None` when there is no such lead.
pub(crate) fn without_section_lead(line: &str) -> Option<&str> {
    let t = line.trim();
    let word = t.split_whitespace().next()?;
    if !matches!(word.to_ascii_lowercase().as_str(), "section" | "part") {
        return None;
    }
    let after_word = t[word.len()..].trim_start();
    let id = after_word.split(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—')).next()?;
    if id.is_empty() || id.len() > 5 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let rest = after_word[id.len()..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—'));
    (!rest.is_empty()).then_some(rest)
}

/// What opens a numbered item that is a continuation or repeat pathway ("II. Continuation: …",
/// "II. Repeat courses are medically necessary when …"): a request is judged on the initial
/// criteria; these are not requirements of it.
const CONTINUATION_OPENERS: &[&str] = &[
    "continuation", "continued therapy", "continued treatment", "renewal", "reauthorization", "re-authorization",
    "repeat course", "repeat treatment", "repeat infusion", "repeat injection", "retreatment", "re-treatment", "subsequent course",
];

/// Whether a numbered item's text opens a continuation pathway.
pub(crate) fn opens_continuation(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    CONTINUATION_OPENERS.iter().any(|o| l.starts_with(o))
}

/// A sentence that only points elsewhere ("… is addressed in a separate section", "refer to the
/// respiratory assist device policy"): nothing in it is judged here. A trailing "which is
/// addressed under …" clause does not make the rest of a sentence a reference.
pub(crate) fn is_cross_reference(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    let main = l.split(", which").next().unwrap_or("");
    main.starts_with("refer to")
        || main.starts_with("see ")
        || [
            "addressed separately", "addressed in a separate", "addressed under", "addressed in another", "are addressed in", "is addressed in", "refer to the",
            "published separately", "described separately", "in a separate policy", "are published in", "is published in",
        ]
            .iter()
            .any(|p| main.contains(p))
}

/// A sentence about a later request than the one judged ("A repeat injection requires …",
/// "Continued coverage beyond 12 weeks requires …"): continuation criteria, like those under a
/// "Continuation" heading.
pub(crate) fn is_continuation(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    ["a repeat ", "repeat ", "continued ", "continuation ", "subsequent ", "renewal ", "re-treatment ", "retreatment ", "reauthorization ", "re-authorization "]
        .iter()
        .any(|p| l.starts_with(p))
}

/// A metadata line: `Title: …`, `Procedure codes: …`, `Effective date: …`.
pub(crate) fn metadata(line: &str) -> Option<(&'static str, &str)> {
    let t = line.trim();
    let colon = t.find(':')?;
    let key = t[..colon].trim().trim_start_matches('#').trim().to_lowercase();
    let value = t[colon + 1..].trim();
    const KEYS: &[(&str, &str)] = &[
        ("title", "title"),
        ("policy title", "title"),
        ("policy name", "title"),
        ("procedure codes", "codes"),
        ("procedure code", "codes"),
        ("procedures", "codes"),
        ("cpt", "codes"),
        ("cpt code", "codes"),
        ("cpt codes", "codes"),
        ("cpt/hcpcs", "codes"),
        ("cpt/hcpcs codes", "codes"),
        ("hcpcs", "codes"),
        ("hcpcs code", "codes"),
        ("hcpcs codes", "codes"),
        ("codes", "codes"),
        ("applicable codes", "codes"),
        ("policy number", "other"),
        ("policy no", "other"),
        ("policy no.", "other"),
        ("policy #", "other"),
        ("policy id", "other"),
        ("effective date", "other"),
        ("effective", "other"),
        ("original effective date", "other"),
        ("last reviewed", "other"),
        ("last review date", "other"),
        ("review date", "other"),
        ("next review date", "other"),
        ("revised", "other"),
        ("revision date", "other"),
        ("last revised", "other"),
        ("version", "other"),
        ("insurer", "other"),
        ("payer", "other"),
        ("plan", "other"),
        ("line of business", "other"),
        ("lines of business", "other"),
        ("applies to", "other"),
        ("product", "other"),
        ("products", "other"),
        ("document id", "other"),
        ("category", "other"),
        ("subject", "other"),
        ("approved by", "other"),
        ("status", "other"),
        ("icd-10 codes", "other"),
        ("diagnosis codes", "other"),
        ("department", "other"),
    ];
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, kind)| (*kind, value))
}

/// Lines PDF extraction leaves between pages: page numbers, copyright and confidentiality lines.
pub(crate) fn is_page_noise(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    if t.is_empty() {
        return false;
    }
    // "(c) 2024 …" is a copyright line; "(c) Current pregnancy" is a list item.
    if t.starts_with("(c) ") && t[4..].starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "©", "copyright", "confidential", "proprietary", "printed on", "printed:", "for internal use",
        "(continued)", "continued on", "continued from", "this page intentionally", "page intentionally",
    ];
    if PREFIXES.iter().any(|p| t.starts_with(p)) {
        return true;
    }
    // "--- end of section ---", "=== End of policy ===": decoration around a short label.
    let inner = t.trim_matches(|c: char| matches!(c, '-' | '=' | '_' | '*' | '~' | ' '));
    if inner.len() + 4 <= t.len() && t.starts_with(['-', '=', '_', '*', '~']) && t.ends_with(['-', '=', '_', '*', '~']) && inner.split_whitespace().count() <= 5 {
        return true;
    }
    if ["end of section", "end of policy", "end of document"].contains(&inner) {
        return true;
    }
    if t.ends_with('.') || t.ends_with(')') {
        return false;
    }
    // "Page 2 of 5", "page 3", "- 2 -", "2 of 5", "2/5", "Pg. 4"
    let stripped = t.replace("page", " ").replace("pg.", " ").replace("pg", " ").replace(" of ", " ");
    stripped.chars().any(|c| c.is_ascii_digit())
        && stripped.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '/' | '|' | '–'))
}

/// How a list's items combine, as an intro says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combine {
    All,
    Any,
    AtLeast(u32),
    /// "none of the following": the list is a list of exclusions.
    NoneOf,
}

fn count_word(w: &str) -> Option<u32> {
    Some(match w {
        "one" | "1" => 1,
        "two" | "2" => 2,
        "three" | "3" => 3,
        "four" | "4" => 4,
        "five" | "5" => 5,
        "six" | "6" => 6,
        _ => return None,
    })
}

/// The words of a text for phrase matching: lower-case alphanumeric runs; `(1)` after a number
/// word is dropped ("one (1) of").
fn phrase_words(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let w = text[s..i].to_lowercase();
            let repeat = out.last().is_some_and(|(p, _)| count_word(p).is_some() && count_word(&w) == count_word(p) && w.chars().all(|c| c.is_ascii_digit()));
            if !repeat {
                out.push((w, s));
            }
        }
    }
    out
}

/// A grouping phrase in `text`: how the list it introduces combines, and the byte offset where
/// the phrase starts. The last phrase wins ("meets all of the following, including one of:").
pub(crate) fn combine_phrase(text: &str) -> Option<(Combine, usize)> {
    let w = phrase_words(text);
    let word = |i: usize| w.get(i).map_or("", |(s, _)| s.as_str());
    // A list reference follows within a few words ("of the following", "of these", "of:").
    let refers = |i: usize| {
        (i..i + 4).any(|k| matches!(word(k), "following" | "these" | "below" | "listed" | "criteria" | "conditions" | "items" | "options"))
            // "At least THREE positive provocative maneuvers from this list: …"
            || (i..i + 7).any(|k| word(k) == "list" && matches!(word(k.wrapping_sub(1)), "this" | "the"))
            || i >= w.len()
            || text[w.get(i.saturating_sub(1)).map_or(0, |(_, s)| *s)..].trim_end().ends_with(':')
    };
    let mut found = None;
    for i in 0..w.len() {
        let here = w[i].1;
        let hit = match word(i) {
            "all" | "each" | "both" if word(i + 1) == "of" && refers(i + 2) => Some(Combine::All),
            "all" if matches!(word(i + 1), "following" | "these" | "criteria") || (word(i + 1) == "the" && word(i + 2) == "following") => Some(Combine::All),
            // "Duplex ultrasound demonstrates BOTH:" — "both" closing an intro.
            "both" if refers(i + 1) && i + 1 >= w.len() => Some(Combine::All),
            "none" if word(i + 1) == "of" && refers(i + 2) => Some(Combine::NoneOf),
            "either" if word(i + 1) == "of" || refers(i + 1) && i + 1 >= w.len() => Some(Combine::Any),
            "any" if word(i + 1) == "of" && refers(i + 2) => Some(Combine::Any),
            // "any one of", and a heading's "(ANY ONE)" / "ANY TWO:" with its list after it.
            "any" if count_word(word(i + 1)).is_some() && (word(i + 2) == "of" || refers(i + 2)) => match count_word(word(i + 1)) {
                Some(1) => Some(Combine::Any),
                Some(n) => Some(Combine::AtLeast(n)),
                None => None,
            },
            "at" if word(i + 1) == "least" && count_word(word(i + 2)).is_some() && (word(i + 3) == "of" || refers(i + 3)) => {
                match count_word(word(i + 2)) {
                    Some(1) => Some(Combine::Any),
                    Some(n) => Some(Combine::AtLeast(n)),
                    None => None,
                }
            }
            // "meeting Criterion A, B or C", "if criteria A and B are both met": labels joined by
            // "or" are alternatives, by "and" all required.
            // "the criteria of Group I or Group II", "Option 1 or Option 2" likewise.
            "criterion" | "criteria" | "group" | "groups" | "option" | "options" | "pathway" | "pathways" | "indication" | "indications" if label_word(word(i + 1)) => {
                let name = word(i).trim_end_matches('s');
                let mut k = i + 1;
                let (mut labels, mut or, mut and) = (0, false, false);
                while label_word(word(k)) || matches!(word(k), "or" | "and") || (word(k).trim_end_matches('s') == name && label_word(word(k + 1))) {
                    match word(k) {
                        "or" => or = true,
                        "and" => and = true,
                        w if label_word(w) => labels += 1,
                        _ => {}
                    }
                    k += 1;
                }
                match (labels >= 2, or, and) {
                    (true, true, _) => Some(Combine::Any),
                    (true, false, true) => Some(Combine::All),
                    _ => None,
                }
            }
            // "… confirmed by endoscopy or CT, such as:" then a list: examples, any one enough.
            "such" if word(i + 1) == "as" && i + 2 >= w.len() => Some(Combine::Any),
            // "one or more of", "two or more of"
            x if count_word(x).is_some() && word(i + 1) == "or" && word(i + 2) == "more" && word(i + 3) == "of" => {
                match count_word(x) {
                    Some(1) => Some(Combine::Any),
                    Some(n) => Some(Combine::AtLeast(n)),
                    None => None,
                }
            }
            // "every one of the following four conditions", "each one of": all of them.
            "one" if matches!(word(i.wrapping_sub(1)), "every" | "each") && word(i + 1) == "of" && refers(i + 2) => Some(Combine::All),
            // "one of the following", "two of the following" (not after "at least"/"any")
            x if count_word(x).is_some() && word(i + 1) == "of" && refers(i + 2) && !matches!(word(i.wrapping_sub(1)), "least" | "any" | "more") => {
                match count_word(x) {
                    Some(1) => Some(Combine::Any),
                    Some(n) => Some(Combine::AtLeast(n)),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(c) = hit {
            // "at least" / "any" start the phrase a word earlier than the count.
            found = Some((c, here));
        }
    }
    found
}

/// A one-character list label as a word ("a", "B", "3").
fn label_word(w: &str) -> bool {
    (w.chars().count() == 1 && w.chars().all(|c| c.is_ascii_alphanumeric())) || (w.len() <= 4 && roman_value(w).is_some())
}

/// Phrases that make a sentence (or a list intro) about what is *not* covered.
const EXCLUSION_TRIGGERS: &[&str] = &[
    "not medically necessary", "not considered medically necessary", "not covered", "not be covered",
    "not reasonable and necessary", "non-covered",
    "will be denied", "will not be approved", "not be approved", "is contraindicated", "are contraindicated",
    "are excluded", "is excluded", "excluded from coverage", "not eligible", "considered investigational",
    "is investigational", "considered experimental", "does not meet medical necessity",
];

/// Where an exclusion trigger ends in `text` (byte offset), unless an "unless"/"except" turns it
/// into a requirement ("not covered unless all of the following are met").
pub(crate) fn exclusion_trigger(text: &str) -> Option<usize> {
    // ASCII lower-casing keeps byte offsets valid for `text`.
    let l = text.to_ascii_lowercase();
    if l.contains("unless") || l.contains("except when") || l.contains("except if") {
        return None;
    }
    // "…; elective fusion is not covered until nicotine abstinence is documented": what lifts
    // the exclusion, not what it is.
    EXCLUSION_TRIGGERS.iter().filter_map(|k| l.find(k).map(|at| at + k.len())).filter(|&end| !l[end..].trim_start().starts_with("until ")).min()
}

/// Where the first exclusion trigger starts in `text` (byte offset).
pub(crate) fn exclusion_trigger_start(text: &str) -> Option<usize> {
    let l = text.to_ascii_lowercase();
    EXCLUSION_TRIGGERS.iter().filter_map(|k| l.find(k)).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_many_styles() {
        let m = marker("Indication 2 - Obstructive sleep-disordered breathing. Both of the following:").unwrap();
        assert_eq!((m.style.numbering, m.label.as_str()), (Numbering::Named, "2"));
        assert_eq!(&"Indication 2 - Obstructive sleep-disordered breathing. Both of the following:"[m.body..], "Obstructive sleep-disordered breathing. Both of the following:");
        let m = marker("  3. Failure of therapy").unwrap();
        assert_eq!((m.style.numbering, m.style.punct, m.label.as_str(), m.indent), (Numbering::Decimal, Punct::Dot, "3", 2));
        assert_eq!(&"  3. Failure of therapy"[m.body..], "Failure of therapy");
        assert_eq!(marker("(a) Physical therapy").unwrap().style.punct, Punct::Enclosed);
        assert_eq!(marker("b) NSAIDs").unwrap().style.numbering, Numbering::LowerAlpha);
        assert_eq!(marker("A. Knee pain").unwrap().style.numbering, Numbering::UpperAlpha);
        assert_eq!(marker("iv. Injection").unwrap().ordinal, 4);
        assert_eq!(marker("i. Injection").unwrap().alternative.map(|a| a.1), Some(9));
        assert_eq!(marker("• Active infection").unwrap().style.numbering, Numbering::Bullet('•'));
        assert_eq!(marker("1.2 The member has pain").unwrap().style.numbering, Numbering::Outline(2));
        assert_eq!(marker("Criterion 2: BMI below 40").unwrap().label, "2");
        for no in ["1.5 mg daily", "2024. Year", "BMI 40.", "e.g. this", "Patient", "10mg"] {
            assert!(marker(no).is_none(), "{no}");
        }
    }

    #[test]
    fn lines_handle_every_line_ending() {
        let t = "a\r\nb\rc\nd";
        let ls: Vec<&str> = lines(t).iter().map(|l| l.text).collect();
        assert_eq!(ls, ["a", "b", "c", "d"]);
        assert_eq!(lines(t)[3].start, 7);
    }

    #[test]
    fn headings_sections_and_noise() {
        assert_eq!(section_kind("Medical Necessity Criteria"), Some(SectionKind::Requirements));
        assert_eq!(section_kind("Limitations and Exclusions:"), Some(SectionKind::Exclusions));
        assert_eq!(section_kind("Documentation Requirements"), Some(SectionKind::Other));
        assert_eq!(section_kind("Criteria for Continuation of Therapy"), Some(SectionKind::Other));
        assert!(heading_like("CONTRAINDICATIONS", 8));
        assert!(!heading_like("o a history of problematic hypoglycemia", 8));
        assert_eq!(marker("    o an insulin pump").map(|m| m.style.numbering), Some(Numbering::Bullet('o')));
        assert!(!heading_like("Documentation of failed physical therapy", 8));
        assert!(!heading_like("The patient has had knee pain. It is severe.", 8));
        for noise in ["Page 2 of 5", "- 3 -", "page 4", "2/7", "© 2024 Acme Health", "CONFIDENTIAL"] {
            assert!(is_page_noise(noise), "{noise}");
        }
        assert!(!is_page_noise("3. Pain"));
        assert!(!is_page_noise("(c) Current pregnancy"));
        assert!(is_page_noise("(c) 2024 Northwind Health"));
        assert!(heading_like("III. LIMITATIONS AND EXCLUSIONS", 8) || heading_like("LIMITATIONS AND EXCLUSIONS", 8));
        assert_eq!(metadata("Procedure codes: 27447, 27446"), Some(("codes", "27447, 27446")));
        assert_eq!(metadata("Title: Total Knee Arthroplasty").map(|m| m.0), Some("title"));
        assert_eq!(metadata("Pain: severe"), None);
    }

    #[test]
    fn grouping_phrases() {
        let c = |t: &str| combine_phrase(t).map(|c| c.0);
        assert_eq!(c("The member must meet ALL of the following criteria:"), Some(Combine::All));
        assert_eq!(c("including ONE of the following:"), Some(Combine::Any));
        assert_eq!(c("any one (1) of the following"), Some(Combine::Any));
        assert_eq!(c("at least two of the following:"), Some(Combine::AtLeast(2)));
        assert_eq!(c("Two or more of the following:"), Some(Combine::AtLeast(2)));
        assert_eq!(c("both of the following"), Some(Combine::All));
        assert_eq!(c("either of the following:"), Some(Combine::Any));
        assert_eq!(c("none of the following apply:"), Some(Combine::NoneOf));
        assert_eq!(c("Meets all of the following, including one of:"), Some(Combine::Any));
        assert_eq!(c("Knee pain for one of the most common reasons"), None);
        assert_eq!(c("The member meets the criteria of Group I or Group II:"), Some(Combine::Any));
        assert_eq!(c("medically necessary when every one of the following four conditions is documented:"), Some(Combine::All));
        assert_eq!(c("documented under Option 1 or Option 2"), Some(Combine::Any));
        assert_eq!(c("when pathways A and B are both met"), Some(Combine::All));
        assert_eq!(c("A group of physicians or a nurse"), None);
    }

    #[test]
    fn named_alternatives_numbered_in_roman() {
        let m = marker("    Group II -- PO2 of 56 to 59 mm Hg, AND at least one of:").unwrap();
        assert_eq!((m.style.numbering, m.label.as_str(), m.ordinal), (Numbering::Named, "II", 2));
        assert_eq!(&"    Group II -- PO2 of 56 to 59 mm Hg, AND at least one of:"[m.body..], "PO2 of 56 to 59 mm Hg, AND at least one of:");
        assert_eq!(marker("Option I: surgical repair").map(|m| m.ordinal), Some(1));
        assert_eq!(marker("Pathway 2 - medical management").map(|m| m.ordinal), Some(2));
        assert!(marker("Group visits are not covered.").is_none());
        assert!(marker("Group IV disease is excluded").is_none(), "no separator: a sentence");
    }

    #[test]
    fn headings_run_into_text_references_and_decoration() {
        let (label, kind, at) = heading_then_text("Limitations. Hip resurfacing is not covered for:").unwrap();
        assert_eq!((label, kind), ("Limitations", SectionKind::Exclusions));
        assert_eq!(&"Limitations. Hip resurfacing is not covered for:"[at..], "Hip resurfacing is not covered for:");
        assert!(heading_then_text("Severe pain. The member reports it daily.").is_none());
        assert!(heading_like("Criteria for renewal (6 months)", 8), "a parenthesised number qualifies a heading");
        assert_eq!(section_kind("Not appropriate"), Some(SectionKind::Exclusions));
        assert!(is_cross_reference("Bilateral procedures are addressed in a separate policy."));
        assert!(is_cross_reference("refer to the home oxygen policy"));
        assert!(!is_cross_reference("Adults without symptoms, which is addressed under the screening policy"));
        assert!(is_continuation("A repeat block requires 50% relief for 3 months."));
        assert!(is_page_noise("=== end of policy ==="));
        assert!(is_page_noise("--- Section break ---"));
        assert!(!is_page_noise("- Active infection"));
        let m = marker("Criterion B - Heart failure with LVEF 35% or less").unwrap();
        assert_eq!((m.label.as_str(), m.ordinal), ("B", 2));
        assert_eq!(&"Criterion B - Heart failure with LVEF 35% or less"[m.body..], "Heart failure with LVEF 35% or less");
        assert!(marker("Criteria a member must meet").is_none());
        let c = |t: &str| combine_phrase(t).map(|c| c.0);
        assert_eq!(c("Coverage requires criteria 1, 2 or 3:"), Some(Combine::Any));
        assert_eq!(c("if criteria X and Y are met:"), Some(Combine::All));
    }

    #[test]
    fn exclusion_triggers() {
        assert!(exclusion_trigger("TKA is not medically necessary when there is active infection").is_some());
        assert!(exclusion_trigger("This service is not covered unless all of the following are met:").is_none());
        assert!(exclusion_trigger("Current nicotine use; fusion is not covered until abstinence is documented").is_none());
    }
}
