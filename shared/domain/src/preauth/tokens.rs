//! Clinical text as the matcher reads it: tokens with their stems and the punctuation between them.
//!
//! Built on [`crate::text::words`], with two changes the matcher needs. Words are split at inner
//! hyphens and slashes (`x-ray` → `x` `ray`, `non-steroidal` → `non` `steroidal`, `35-39.9` → `35`
//! `39.9`, `y/o` → `y` `o`), so one spelling of a lexicon phrase matches every hyphenation of it.
//! And each token remembers the text between it and the previous token (its *gap*), because
//! negation scope ends at a full stop or semicolon, comparison signs (`≥ 40`) and ranges (`35–39.9`)
//! live there, and a list item starts after a line break.

use crate::text::{is_stopword, stem, words};

/// A word's stem, with two corrections for clinical text: a specialist and the specialty share
/// one ("endocrinologist" / "endocrinology", "cardiologist" / "cardiology"), and "wellness" and
/// "fitness" keep theirs (Snowball makes them "well" and "fit": "tolerated well" is not a
/// wellness service).
pub fn clinical_stem(lower: &str) -> String {
    // "haemophilia", "oedema", "tumour": one stem with the American spelling.
    let lower = &*crate::text::american(lower);
    if let Some(field) = lower.strip_suffix("ologists").or_else(|| lower.strip_suffix("ologist")) {
        return stem(&format!("{field}ology"));
    }
    // "fluoroscopic guidance" / "under fluoroscopy", "arthroscopic" / "arthroscopy",
    // "radiographic" / "radiography": the adjective and the method share a stem.
    for (adjective, noun) in [("scopically", "scopy"), ("scopic", "scopy"), ("graphically", "graphy"), ("graphic", "graphy")] {
        if let Some(base) = lower.strip_suffix(adjective).filter(|b| b.len() >= 3) {
            return stem(&format!("{base}{noun}"));
        }
    }
    // "neutropenic fever" / "febrile neutropenia", "necrotic bone" / "bone necrosis": an
    // adjective and the noun of its condition share a stem.
    if let Some(noun) = condition_noun(lower) {
        return stem(&noun);
    }
    match lower {
        "wellness" | "fitness" => lower.to_string(),
        "febrile" => stem("fever"),
        // "25-hydroxyvitamin D", "25-OH vitamin D", "vit D": one name.
        "hydroxyvitamin" | "vit" => stem("vitamin"),
        "fluoro" => stem("fluoroscopy"),
        // An ileocolonoscopy is a colonoscopy that reaches the ileum.
        "ileocolonoscopy" | "ileocolonoscopies" => stem("colonoscopy"),
        // "RFA": radiofrequency ablation.
        "rfa" => stem("ablation"),
        // "Hb", "Hgb", "haemoglobin": hemoglobin.
        "hb" | "hgb" | "haemoglobin" => stem("hemoglobin"),
        // "SC", "SQ", "subcut": subcutaneous(ly).
        "sc" | "sq" | "subq" | "subcut" => stem("subcutaneous"),
        // A stimulant is a medicine; stimulation and a stimulator are what a device does and is.
        "stimulant" | "stimulants" => "stimulant".to_string(),
        _ => stem(lower),
    }
}

/// The noun of a condition an adjective describes: "-otic" → "-osis" (necrotic, fibrotic,
/// stenotic, psychotic), "-emic" → "-emia" (anemic, ischemic, hypoglycemic), "-penic" → "-penia",
/// "-oxic" → "-oxia", "-capnic" → "-capnia", "-plastic" → "-plasia" (dysplastic, hyperplastic),
/// "-trophic" → "-trophy", "-pathic" → "-pathy", "-tonic" → "-tonia", "-rhythmic" → "-rhythmia".
/// Both forms of a word go through it, so an adjective without such a noun ("systemic") only
/// stems differently, alike wherever it is written.
fn condition_noun(lower: &str) -> Option<String> {
    const FORMS: &[(&str, &str)] = &[
        ("otic", "osis"),
        ("emic", "emia"),
        ("penic", "penia"),
        ("oxic", "oxia"),
        ("capnic", "capnia"),
        ("plastic", "plasia"),
        ("trophic", "trophy"),
        ("pathic", "pathy"),
        ("tonic", "tonia"),
        ("rhythmic", "rhythmia"),
    ];
    // (An adjective used as a noun keeps its plural with it: "antibiotics", "antipsychotics".)
    let word = lower.strip_suffix('s').filter(|w| FORMS.iter().any(|(adjective, _)| w.ends_with(adjective))).unwrap_or(lower);
    FORMS.iter().find_map(|(adjective, noun)| {
        let base = word.strip_suffix(adjective)?;
        (base.len() >= 2 && base.chars().all(|c| c.is_ascii_lowercase())).then(|| format!("{base}{noun}"))
    })
}

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gap {
    /// A sentence or clause end: `.` (not after an abbreviation), `;`, `!`, `?`, or a line break
    /// before a new line that starts a new item (capital, digit or bullet).
    pub stop: bool,
    pub colon: bool,
    pub comma: bool,
    pub open_paren: bool,
    pub close_paren: bool,
    /// A hyphen or dash (inside a split word or between words): ranges like `35-39.9`.
    pub dash: bool,
    /// A slash: `5/10`, `03/2024`, `y/o`.
    pub slash: bool,
    /// Both pieces came from one written word (`x-ray`).
    pub joined: bool,
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// As written.
    pub text: &'a str,
    /// Lower-cased, curly apostrophes straightened, possessive `'s` dropped.
    pub lower: String,
    /// Snowball stem of `lower`.
    pub stem: String,
    pub start: usize,
    pub end: usize,
    /// A common function word (see [`crate::text::is_stopword`]).
    pub stopword: bool,
    /// The raw text between the previous token and this one.
    pub gap_text: &'a str,
    pub gap: Gap,
}

impl Token<'_> {
    /// The token read as a number (`6`, `41.5`, `six`), if it is one.
    pub fn number(&self) -> Option<f64> {
        crate::preauth::quantity::number_word(&self.lower)
    }

    pub fn is(&self, lower: &str) -> bool {
        self.lower == lower
    }
}

/// Titles and abbreviations after which a full stop does not end a clause.
const NON_TERMINAL: &[&str] = &["dr", "mr", "mrs", "ms", "vs", "st", "approx", "e.g", "i.e", "etc", "incl", "cf"];

fn lower_form(word: &str) -> String {
    let l = word.to_lowercase().replace('’', "'");
    match l.strip_suffix("'s") {
        Some(base) if !base.is_empty() => base.to_string(),
        _ => l,
    }
}

fn gap_of(text: &str, gap_text: &str, joined: bool, previous: Option<&str>, next_start: usize) -> Gap {
    let mut gap = Gap { joined, ..Gap::default() };
    let next_char = text[next_start..].chars().next();
    for (i, c) in gap_text.char_indices() {
        match c {
            ';' | '!' | '?' => gap.stop = true,
            // A run of dots is a leader ("Ferritin ....... 6") or an ellipsis, not a full stop.
            '.' if gap_text[i + 1..].starts_with('.') || gap_text[..i].ends_with('.') => {}
            '.' => {
                let after = gap_text[i + 1..].chars().next();
                let ends = after.is_none_or(char::is_whitespace);
                let prev = previous.map(str::to_lowercase).unwrap_or_default();
                let abbreviation = prev.chars().count() == 1 || NON_TERMINAL.contains(&prev.as_str());
                // `e.g. ibuprofen` continues; `PT. Denies fever` ends a clause.
                if ends && !(abbreviation && next_char.is_some_and(|n| !n.is_uppercase())) {
                    gap.stop = true;
                }
            }
            ':' => gap.colon = true,
            ',' => gap.comma = true,
            '(' | '[' => gap.open_paren = true,
            ')' | ']' => gap.close_paren = true,
            '-' | '–' | '—' | '‑' => gap.dash = true,
            '/' => gap.slash = true,
            '\n' | '\r' => {
                let rest = gap_text[i + 1..].trim_start();
                let bullet = rest.starts_with(['-', '*', '•', '◦', '▪', '·']);
                if bullet || next_char.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit()) {
                    gap.stop = true;
                }
            }
            _ => {}
        }
    }
    gap
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut previous_end = 0usize;
    for word in words(text) {
        // Split the word at inner hyphens and slashes, keeping byte offsets.
        let mut piece_start = word.start;
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (i, c) in word.text.char_indices() {
            if matches!(c, '-' | '/') {
                let at = word.start + i;
                if at > piece_start {
                    pieces.push((piece_start, at));
                }
                piece_start = at + c.len_utf8();
            }
        }
        if word.end > piece_start {
            pieces.push((piece_start, word.end));
        }
        for (k, (s, e)) in pieces.into_iter().enumerate() {
            let piece = &text[s..e];
            let lower = lower_form(piece);
            let gap_text = &text[previous_end.min(s)..s];
            let previous = out.last().map(|t| t.text);
            let gap = gap_of(text, gap_text, k > 0, previous, s);
            out.push(Token {
                text: piece,
                stem: clinical_stem(&lower),
                stopword: is_stopword(&lower),
                lower,
                start: s,
                end: e,
                gap_text,
                gap,
            });
            previous_end = e;
        }
    }
    // "… (IHC) 3+" ending the text: no next token carries the plus in its gap, so the number
    // keeps it ("3+" reads as a grade, see `quantity`).
    if let Some(last) = out.last_mut() {
        let rest = &text[last.end..];
        if last.text.chars().all(|c| c.is_ascii_digit()) && rest.starts_with('+') && !rest[1..].chars().any(char::is_alphanumeric) {
            let end = last.end + 1;
            last.text = &text[last.start..end];
            last.lower = last.text.to_string();
            last.end = end;
        }
    }
    ordinals_as_numbers(&mut out);
    out
}

/// Words naming a scale whose values are written as ordinals.
const ORDINAL_SCALES: &[&str] = &["class", "grade", "stage", "type", "nyha", "meyerding", "ceap", "tier", "category"];

/// An ordinal as a number: a roman numeral ("III", "IIIb" → 3) or a CEAP class ("C4a" → 4).
pub(crate) fn ordinal_value(lower: &str, ceap: bool) -> Option<u32> {
    let body = lower.trim_end_matches(['a', 'b', 'c']);
    let body = if body.is_empty() { lower } else { body };
    if ceap {
        if let Some(d) = lower.strip_prefix('c').map(|r| r.trim_end_matches(['a', 'b', 's'])).filter(|r| r.len() == 1) {
            return d.parse().ok().filter(|d| *d <= 6);
        }
    }
    super::layout::roman_value(body).filter(|v| *v <= 6)
}

/// "NYHA class III", "stage IV", "Meyerding grade II or higher", "type II diabetes", "CEAP C4a":
/// an ordinal right after the word naming its scale, or after "or"/"to"/a dash following one
/// ("class II or III", "C2-C3"), reads as its number, so a policy's band of classes is a band of
/// values and a note's class a value held to it. The token's text is kept for quotes.
fn ordinals_as_numbers(tokens: &mut [Token<'_>]) {
    let mut converted = vec![false; tokens.len()];
    for k in 1..tokens.len() {
        if tokens[k].gap.stop {
            continue;
        }
        let w = |i: usize| tokens[i].lower.as_str();
        let after_scale = ORDINAL_SCALES.contains(&w(k - 1));
        let continues = (matches!(w(k - 1), "or" | "to" | "through") && k >= 2 && converted[k - 2]) || (tokens[k].gap.dash && converted[k - 1]);
        if !after_scale && !continues {
            continue;
        }
        let ceap = (k.saturating_sub(3)..k).any(|i| w(i) == "ceap");
        // "I" alone is a pronoun unless a scale word is right before it.
        if let Some(v) = ordinal_value(w(k), ceap) {
            tokens[k].lower = v.to_string();
            tokens[k].stem = v.to_string();
            tokens[k].stopword = false;
            converted[k] = true;
        }
    }
}

/// Whether a clause boundary (stop) lies between tokens `a` and `b` (`a < b`).
pub fn stop_between(tokens: &[Token<'_>], a: usize, b: usize) -> bool {
    (a + 1..=b.min(tokens.len().saturating_sub(1))).any(|i| tokens[i].gap.stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(t: &str) -> Vec<String> {
        tokenize(t).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn an_adjective_and_its_condition_share_a_stem() {
        for (adjective, noun) in [("neutropenic", "neutropenia"), ("necrotic", "necrosis"), ("anemic", "anemia"), ("hypoxic", "hypoxia"), ("dysplastic", "dysplasia"), ("hypertrophic", "hypertrophy"), ("neuropathic", "neuropathy"), ("febrile", "fever")] {
            assert_eq!(clinical_stem(adjective), clinical_stem(noun), "{adjective}");
        }
        assert_ne!(clinical_stem("toxic"), clinical_stem("toxin"));
        assert_eq!(clinical_stem("antibiotics"), clinical_stem("antibiotic"), "a plural keeps its singular's stem");
        assert_eq!(clinical_stem("antipsychotics"), clinical_stem("antipsychotic"));
    }

    #[test]
    fn ordinals_after_their_scale_read_as_numbers() {
        assert_eq!(lowers("NYHA class II or III"), ["nyha", "class", "2", "or", "3"]);
        assert_eq!(lowers("type II diabetes, stage IIIb"), ["type", "2", "diabetes", "stage", "3"]);
        assert_eq!(lowers("CEAP: C4a, Ep; CEAP class C2-C3"), ["ceap", "4", "ep", "ceap", "class", "2", "3"]);
        assert_eq!(lowers("Meyerding grade I"), ["meyerding", "grade", "1"]);
        assert_eq!(lowers("After class. I agree"), ["after", "class", "i", "agree"], "not across a sentence end");
        assert_eq!(tokenize("NYHA III")[1].text, "III", "quoted as written");
    }

    #[test]
    fn splits_hyphens_and_slashes_but_keeps_decimals() {
        assert_eq!(lowers("Non-steroidal x-ray, BMI 35-39.9; 62 y/o"), [
            "non", "steroidal", "x", "ray", "bmi", "35", "39.9", "62", "y", "o"
        ]);
        let t = tokenize("BMI 35-39.9");
        assert!(t[2].gap.dash && t[2].gap.joined);
    }

    #[test]
    fn gaps_record_clause_ends_but_not_abbreviations() {
        let t = tokenize("Completed PT. Denies fever, e.g. chills; pain");
        let by = |w: &str| t.iter().find(|x| x.text == w).unwrap().gap;
        assert!(by("Denies").stop, "a full stop after PT before a capital ends the clause");
        assert!(by("chills").gap_stop_free());
        assert!(by("pain").stop);
        assert!(by("e").comma);
    }

    #[test]
    fn leader_dots_do_not_end_a_clause() {
        let t = tokenize("Ferritin ........... 6 ng/mL");
        assert!(!t[1].gap.stop);
    }

    #[test]
    fn line_breaks_end_a_clause_only_before_a_new_item() {
        let t = tokenize("knee pain\nworse on stairs\nDenies fever");
        assert!(!t[2].gap.stop);
        assert!(t[5].gap.stop);
    }

    #[test]
    fn a_plus_ending_the_text_stays_with_its_number() {
        let t = tokenize("edema grade 2+");
        assert_eq!(t[2].text, "2+");
        assert_eq!(tokenize("grade 2+ edema")[1].text, "2", "inside the text the next gap carries it");
    }

    #[test]
    fn possessives_and_offsets() {
        let text = "Patient’s knee";
        let t = tokenize(text);
        assert_eq!(t[0].lower, "patient");
        for tok in &t {
            assert_eq!(&text[tok.start..tok.end], tok.text);
        }
    }

    impl Gap {
        fn gap_stop_free(&self) -> bool {
            !self.stop
        }
    }
}
