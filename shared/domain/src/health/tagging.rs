//! Tier 2 of the document pipeline: the dates, breast-cancer risk markers and done tests a
//! document's text shows.
//!
//! **Reads** the text tier 1 extracted — a consultation note, a lab report, a mammography or
//! pathology report, a letter, OCR output with its noise — and the date the uploader declared,
//! if any. **Returns** [`Tags`]:
//! - `document_date` — the declared date, else the date the text gives as its own: a labelled
//!   service date ("Date of service", "Exam date", "Collected", "Visit date") before a report date
//!   ("Reported", "Date:", a letter's date line) before a signature or receipt date, else none.
//!   A birth date, a last menstrual period, an appointment or a comparison study is never it.
//! - `dates` — every distinct calendar date in the text, ascending (the `dates` module lists the forms).
//! - `markers` — the breast-cancer risk markers the text affirms about the patient, with a level,
//!   a short indicator, the sentence quoted and a date: the sentence's nearest date, else the first
//!   day of the month or year it gives ("s/p lumpectomy 2015" is dated 2015-01-01: a historical
//!   mention keeps its own time), else the document's. The ids are the questionnaire's
//!   ([`marker`]) plus `risk:suspicious_finding` for what a risk assessment must not miss: a mass
//!   or lump, BI-RADS 4–5, bloody nipple discharge, skin changes, a rapidly growing mass — and two
//!   for the product seed's symptom and negative entries: `risk:breast_pain` (localized Medium,
//!   cyclical only Low) and `risk:no_suspicious_finding` (Low: no breast lump, no skin or nipple
//!   changes, as an exam or a review of systems rules them out).
//! - `tests` — the stage-1 test groups and breast imaging the text shows done, each dated by the
//!   text near it, else by an earlier sentence of its paragraph or the heading it is under, else
//!   by the date the text gives as the document's (a lab's "Collected", a report's "Exam date"),
//!   else by the declared date ("unknown" when the text dates it only by a month or year: the
//!   document's date would be wrong).
//!
//! **Context.** Whether a mention is negated, uncertain or hypothetical, historical, or about
//! someone else comes from the shared clinical-context engine ([`crate::clinical_context`],
//! NegEx/ConText, its word-by-word reading) over [`crate::preauth::tokens`]. This module adds only what one trigger cannot
//! show (see the `clause` module): the section a line is in (family history, plan), a label's
//! value ("BRCA1: negative"), a form's answer to its question, statements about people in
//! general, and relatives the engine has no trigger for (aunt, cousin, daughter). So "no palpable lump" is not a lump, "rule out mass" is
//! not a finding, "mother had breast cancer at 52" is a first-degree family history and not the
//! patient's cancer, and "history of left breast cancer, s/p lumpectomy 2015" is a prior cancer.
//!
//! **Limits.** English only. The text is read up to [`MAX_TEXT_BYTES`] and [`MAX_PIECES`]
//! sentences; of those, the ones that name something the rules look for go through the context
//! engine, each cut to a few hundred bytes, up to [`MAX_ANALYSED_BYTES`] in all. So the work is linear in the text
//! and bounded whatever its size; [`Tags::truncated`] says when the text went on past the bound.
//! A rule only ever adds what its words support: a marker the text does not name is never
//! inferred, and a test named without a result is not counted done.
//!
//! # Layout
//!
//! - `pieces` — the document as sentences, table rows and list items, in sections.
//! - `clause` — a piece's words and context, and how a mention in it is judged.
//! - `lexicon` — phrase lists, their matching, OCR repair towards their words.
//! - `dates` — calendar dates and their labels.
//! - `history` — breast and ovarian cancer (the patient's or a relative's), mutations, chest
//!   radiation.
//! - `pathology` — benign breast disease by its risk grade.
//! - `imaging` — BI-RADS assessment, density, suspicious findings, screening history.
//! - `hormonal` — hormone therapy, menarche, menopause, parity.
//! - `symptoms` — breast pain, a growing mass, and what an exam rules out.
//! - `test_groups` — tests done.

mod clause;
mod dates;
mod history;
mod hormonal;
mod imaging;
mod lexicon;
mod pathology;
mod pieces;
mod symptoms;
mod test_groups;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

/// A mention's context as the tagging reads it: the clinical-context engine's one-value
/// [`Assertion`](crate::clinical_context::Assertion) (negated, uncertain, someone else's,
/// historical or affirmed).
pub use crate::clinical_context::Assertion as Context;

use clause::Clause;
use dates::{FoundDate, Label, PartialDate};
use lexicon::Vocabulary;
use pieces::Section;

/// Text past this many bytes is not read. Tier 1's text of a long record is a few hundred KB.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// At most this many sentences are read (dated and looked at).
pub const MAX_PIECES: usize = 40_000;

/// At most this many bytes of sentences that name something the rules look for go through the
/// context engine (its cost grows with the words it reads; a long record's such sentences are a
/// few tens of KB).
pub const MAX_ANALYSED_BYTES: usize = 512 * 1024;

/// The risk-marker ids: the questionnaire's, and the one it has no question for.
pub mod marker {
    pub use crate::health::questionnaire::marker::*;

    /// A finding that needs a diagnostic work-up: a breast mass or palpable lump, BI-RADS 4–5,
    /// architectural distortion, suspicious calcifications, nipple discharge or retraction, skin
    /// changes, axillary adenopathy.
    pub const SUSPICIOUS_FINDING: &str = "risk:suspicious_finding";

    /// Breast pain: localized or focal (Medium), cyclical only (Low) — the product seed's
    /// "localized breast pain" and "cyclical pain only".
    pub const BREAST_PAIN: &str = "risk:breast_pain";

    /// What an exam or a review of systems rules out (Low): no breast lump, no skin or nipple
    /// changes — the product seed's "no lump" and "no skin/nipple changes".
    pub const NO_SUSPICIOUS_FINDING: &str = "risk:no_suspicious_finding";

    /// Every marker id a [`super::MarkerMention`] may carry.
    pub const ALL: [&str; 11] = [
        FAMILY_HISTORY, GENETIC_MUTATION, CHEST_RADIATION, PRIOR_BREAST_CANCER, BENIGN_BREAST_DISEASE,
        HORMONAL_FACTORS, BREAST_DENSITY, SCREENING_HISTORY, SUSPICIOUS_FINDING, BREAST_PAIN, NO_SUSPICIOUS_FINDING,
    ];
}

/// The test-group ids.
pub mod group {
    pub const LIPIDS: &str = "lipids";
    pub const GLUCOSE: &str = "glucose";
    pub const KIDNEY: &str = "kidney";
    pub const LIVER: &str = "liver";
    pub const BLOOD_COUNT: &str = "blood_count";
    pub const THYROID: &str = "thyroid";
    pub const VITAMINS: &str = "vitamins";
    /// Breast imaging: a mammogram, and also a breast ultrasound or MRI (each of which is tagged
    /// under its own group as well).
    pub const MAMMOGRAM: &str = "mammogram";
    pub const BREAST_ULTRASOUND: &str = "breast_ultrasound";
    pub const BREAST_MRI: &str = "breast_mri";
    /// Genetic counselling or germline testing (BRCA, multigene panels).
    pub const GENETIC_TESTING: &str = "genetic_testing";
    /// Bone densitometry (DEXA).
    pub const BONE_DENSITY: &str = "bone_density";
    pub const CLINICAL_BREAST_EXAM: &str = "clinical_breast_exam";

    /// Every group, with the onboarding question whose date it updates
    /// (`questionnaire::TEST_GROUPS`, and `last_mammogram`).
    pub const ALL: [(&str, &str); 8] = [
        (LIPIDS, "last_lipid_panel"),
        (GLUCOSE, "last_glucose_test"),
        (KIDNEY, "last_kidney_function_test"),
        (LIVER, "last_liver_function_test"),
        (BLOOD_COUNT, "last_blood_count"),
        (THYROID, "last_thyroid_test"),
        (VITAMINS, "last_vitamin_test"),
        (MAMMOGRAM, "last_mammogram"),
    ];

    /// The groups no onboarding question asks about: the risk assessment's stage 2 and 3 tests.
    pub const WITHOUT_QUESTION: [&str; 5] = [BREAST_ULTRASOUND, BREAST_MRI, GENETIC_TESTING, BONE_DENSITY, CLINICAL_BREAST_EXAM];

    /// Every group id, in the order tags list them.
    pub fn all() -> impl Iterator<Item = &'static str> {
        ALL.into_iter().map(|(g, _)| g).chain(WITHOUT_QUESTION)
    }
}

/// How much a marker raises the patient's risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

impl RiskLevel {
    /// 0 for High, 2 for Low: for sorting, highest first.
    fn order(self) -> u8 {
        match self {
            RiskLevel::High => 0,
            RiskLevel::Medium => 1,
            RiskLevel::Low => 2,
        }
    }
}

/// A marker or group id: one of the known constants. (Named, so that serde reads it by looking it
/// up among them instead of borrowing it from the input, which a bare `&str` field would ask.)
pub type Id = &'static str;

/// A risk marker the text affirms about the patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkerMention {
    /// One of [`marker::ALL`].
    #[serde(deserialize_with = "known_marker")]
    pub marker: Id,
    pub level: RiskLevel,
    /// A short label for people: "First-degree family history of breast cancer (mother)".
    pub indicator: String,
    /// The sentence it came from, trimmed, at most about 200 characters.
    pub quote: String,
    /// The date the sentence gives (a month or year as its first day), else the document's date.
    pub date: Option<NaiveDate>,
}

/// A test the text shows done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestMention {
    /// One of [`group::all`]'s ids.
    #[serde(deserialize_with = "known_group")]
    pub group: Id,
    /// The date the text gives it, else the date of its heading or the document; `None` when the
    /// text dates it only by month or year ("last mammogram March 2023").
    pub date: Option<NaiveDate>,
    pub quote: String,
}

/// What tier 2 read from a document's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tags {
    /// The declared date, else the date the text gives as the document's own.
    pub document_date: Option<NaiveDate>,
    /// Every distinct calendar date in the text, ascending.
    pub dates: Vec<NaiveDate>,
    /// Highest level first, then in the order the text gives them.
    pub markers: Vec<MarkerMention>,
    /// By group, then date.
    pub tests: Vec<TestMention>,
    /// The text went on past what was read ([`MAX_TEXT_BYTES`], [`MAX_PIECES`], [`MAX_ANALYSED_BYTES`]).
    #[serde(default)]
    pub truncated: bool,
}

fn known_marker<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
    let id = String::deserialize(deserializer)?;
    marker::ALL.into_iter().find(|m| *m == id).ok_or_else(|| serde::de::Error::custom("unknown risk marker"))
}

fn known_group<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
    let id = String::deserialize(deserializer)?;
    group::all()
        .find(|g| *g == id)
        .ok_or_else(|| serde::de::Error::custom("unknown test group"))
}

// ---------------------------------------------------------------------------------------------
// What the rules share
// ---------------------------------------------------------------------------------------------

/// A marker a rule found in a clause, before it is quoted and dated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub marker: &'static str,
    pub level: RiskLevel,
    pub indicator: String,
    /// Its tokens in the clause.
    pub first: usize,
    pub last: usize,
    pub kind: FindingKind,
}

/// What a finding is, as far as the document's other findings change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FindingKind {
    Statement,
    /// A finding on imaging: judged by the report's assessment category when it has one.
    ImagingFinding,
    /// A symptom the patient has: Medium when the report's category is benign.
    Symptom,
    /// A BI-RADS assessment category.
    Assessment(u8),
    /// "Mammogram negative": superseded by an assessment category.
    NormalImaging,
}

/// What the whole document says that changes how one sentence is read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DocumentFacts {
    /// The document is about the breast: abbreviations (ADH, cyst, mass) are read as breast ones.
    pub about_breast: bool,
    /// It is (or reports) a mammogram.
    pub mammography: bool,
    /// It is a breast imaging report: an "Assessment: Negative" line is a BI-RADS category.
    pub breast_imaging: bool,
    /// The document's year, for "on HRT since 2012".
    pub year: Option<i32>,
}

impl DocumentFacts {
    fn of(text: &str, document_date: Option<NaiveDate>) -> DocumentFacts {
        let lower = text.to_ascii_lowercase();
        let has = |s: &str| lower.contains(s);
        let mammography = has("mammogra") || has("tomosynthesis");
        let about_breast = mammography || has("breast") || has("bi-rads") || has("birads") || has("nipple");
        let breast_imaging = mammography || (has("breast") && (has("ultrasound") || has("sonogra") || has("mri")));
        DocumentFacts { about_breast, mammography, breast_imaging, year: document_date.map(|d| d.year()) }
    }
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let phrases = history::TERMS
            .iter()
            .map(|(p, _)| *p)
            .chain(pathology::LESIONS.iter().map(|(p, _)| *p))
            .chain(imaging::DENSITY_TERMS.iter().map(|(p, _)| *p))
            .chain(imaging::SIGNS.iter().map(|(p, _)| *p))
            .chain(hormonal::FACTORS.iter().map(|(p, _)| *p))
            .chain(symptoms::TERMS.iter().map(|(p, _)| *p))
            .chain(test_groups::TESTS.iter().map(|(p, _)| *p))
            .chain(["birads rads density composition category menarche menopause impression assessment collected"])
            // Relatives and family words, so that OCR damage to them is repaired too ("rnother").
            .chain(["family history mother father sister brother daughter son aunt uncle grandmother grandfather"])
            .chain(["niece nephew cousin maternal paternal parents siblings"]);
        let keys = imaging::KEYS.iter().chain(hormonal::KEYS).copied();
        Vocabulary::build(phrases, keys)
    })
}

/// Whether a piece names anything a rule looks for: a phrase's key word (after OCR repair), or
/// obstetric shorthand (`G2P1`). Cheap, so that most sentences skip the context engine.
fn worth_reading(text: &str, vocabulary: &Vocabulary) -> bool {
    let mut word = String::new();
    let check = |word: &str| {
        if vocabulary.keys.contains(word) {
            return true;
        }
        let mut chars = word.chars();
        if chars.next() == Some('g') && chars.next().is_some_and(|c| c.is_ascii_digit()) {
            return true;
        }
        // The OCR confusions `normalise` repairs: `rn` for `m`, digits among letters, and in a
        // short word `l` or `o` for a digit.
        let suspicious = word.contains("rn")
            || (word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(|c| c.is_ascii_alphabetic()))
            || (word.len() <= 6 && (word.contains('l') || word.contains('o')));
        suspicious && word.len() >= 3 && vocabulary.keys.contains(lexicon::normalise(word, &vocabulary.words).as_str())
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            if check(&word) {
                return true;
            }
            word.clear();
        }
    }
    !word.is_empty() && check(&word)
}

// ---------------------------------------------------------------------------------------------
// Tagging
// ---------------------------------------------------------------------------------------------

/// How a mention is dated before the document's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dated {
    On(NaiveDate),
    /// The text dates it only by month or year, or "years ago".
    Unknown,
    /// By the document's date.
    Document,
}

/// A sentence worth reading, kept between the two passes.
struct Candidate<'a> {
    piece: pieces::Piece<'a>,
    text: String,
    dates: Vec<FoundDate>,
    partial: Vec<PartialDate>,
    /// The last date an earlier sentence of the same block gave.
    earlier_in_block: Option<NaiveDate>,
    /// The start of the next piece (see `Clause::following`).
    following: Option<&'a str>,
}

/// How strongly a date claims to be the document's own; lower wins.
fn own_date_rank(found: &FoundDate, piece_text: &str, ordinal: usize) -> Option<u8> {
    match found.label {
        Label::Service => Some(0),
        Label::Report => Some(1),
        Label::Signed => Some(2),
        Label::Unlabelled => {
            let words_outside = piece_text[..found.start].split_whitespace().count()
                + piece_text[found.end..].split_whitespace().count();
            // A letter's date line ("March 3, 2024", "Boston, 3 March 2024") near the top.
            if ordinal < 15 && words_outside <= 3 {
                Some(1)
            } else if ordinal < 5 && words_outside <= 8 {
                Some(3)
            } else {
                None
            }
        }
        Label::Past | Label::Future | Label::Birth => None,
    }
}

/// Keeps `found` as the document's own date when it claims so more strongly than the best so far.
fn claim_own_date(own: &mut Option<(u8, NaiveDate)>, found: &FoundDate, piece_text: &str, ordinal: usize) {
    if let Some(rank) = own_date_rank(found, piece_text, ordinal)
        && own.is_none_or(|(r, _)| rank < r)
    {
        *own = Some((rank, found.date));
    }
}

/// The part of a text that is read: its first [`MAX_TEXT_BYTES`], cut at a character boundary.
fn readable(text: &str) -> &str {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The date a text gives as its own ("Date of service: …", "Report date …", a letter's date
/// line near the top), as [`tag`] reads it; `None` when it gives none. Reads at most the first
/// [`MAX_PIECES`] pieces of the first [`MAX_TEXT_BYTES`].
pub fn document_date(text: &str) -> Option<NaiveDate> {
    let (pieces, _) = pieces::pieces(readable(text), MAX_PIECES);
    let mut own: Option<(u8, NaiveDate)> = None;
    for piece in pieces {
        let repaired = pieces::repair(piece.text);
        for d in &dates::find(&repaired).0 {
            claim_own_date(&mut own, d, &repaired, piece.ordinal);
        }
    }
    own.map(|(_, d)| d)
}

/// Whether a date may date a mention in its sentence: not a birth date or a future appointment.
fn dates_a_mention(found: &FoundDate) -> bool {
    !matches!(found.label, Label::Birth | Label::Future)
}

/// The date of the sentence nearest to bytes `start..end`.
fn nearest_date(dates: &[FoundDate], start: usize, end: usize) -> Option<NaiveDate> {
    dates
        .iter()
        .filter(|d| dates_a_mention(d))
        .min_by_key(|d| if d.start >= end { d.start - end } else { start.saturating_sub(d.end) })
        .map(|d| d.date)
}

/// The date of the month or year nearest to bytes `start..end` ("s/p lumpectomy 2015", "Bx
/// 03/2019"), as its first day: a historical mention keeps its own time, not the document's. Not
/// one after the document's date (a plan's "repeat in 2027").
fn nearest_partial(
    text: &str,
    partial: &[PartialDate],
    start: usize,
    end: usize,
    document_date: Option<NaiveDate>,
) -> Option<NaiveDate> {
    partial
        .iter()
        .filter_map(|p| {
            let date = partial_start(text.get(p.start..p.end)?)?;
            let distance = if p.start >= end { p.start - end } else { start.saturating_sub(p.end) };
            Some((distance, date))
        })
        .filter(|(_, date)| document_date.is_none_or(|d| *date <= d))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, date)| date)
}

/// The first day of a written month or year: "2015", "03/2019", "March 2019", "Mar-2019".
fn partial_start(written: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<String> = written
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let year = words.iter().find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y) && w.len() == 4))?;
    let month = words
        .iter()
        .find_map(|w| MONTHS.iter().position(|m| w.starts_with(m)).map(|i| i as u32 + 1))
        .or_else(|| words.iter().find_map(|w| w.parse::<u32>().ok().filter(|m| (1..=12).contains(m) && w.len() <= 2)))
        .unwrap_or(1);
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// Reads a document's text. Pure and bounded (see the module doc).
pub fn tag(text: &str, declared_date: Option<NaiveDate>) -> Tags {
    let read = readable(text);
    let mut truncated = read.len() < text.len();
    let text = read;
    let vocabulary = vocabulary();

    // Pass 1: every piece's dates; the pieces worth reading kept.
    let (pieces, more) = pieces::pieces(text, MAX_PIECES);
    truncated |= more;
    let followers: Vec<Option<&str>> = (0..pieces.len()).map(|i| pieces.get(i + 1).map(|p| p.text)).collect();
    let mut all_dates = BTreeSet::new();
    let mut own_date: Option<(u8, NaiveDate)> = None;
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    let mut block_date: Option<(usize, NaiveDate)> = None;
    let mut analysed = 0;
    for (piece, following) in pieces.into_iter().zip(followers) {
        let repaired = pieces::repair(piece.text);
        let (found, partial) = dates::find(&repaired);
        for d in &found {
            all_dates.insert(d.date);
            claim_own_date(&mut own_date, d, &repaired, piece.ordinal);
        }
        let earlier_in_block = block_date.filter(|(block, _)| *block == piece.block).map(|(_, date)| date);
        if let Some(last) = found.iter().rev().find(|d| dates_a_mention(d)) {
            block_date = Some((piece.block, last.date));
        }
        if worth_reading(&repaired, vocabulary) {
            analysed += repaired.len();
            if analysed > MAX_ANALYSED_BYTES {
                truncated = true;
                continue;
            }
            candidates.push(Candidate { piece, text: repaired, dates: found, partial, earlier_in_block, following });
        }
    }
    let text_date = own_date.filter(|(rank, _)| *rank <= 2).map(|(_, d)| d);
    let document_date = declared_date.or(own_date.map(|(_, d)| d));
    let document = DocumentFacts::of(text, document_date);

    // Pass 2: the rules, sentence by sentence.
    let mut markers: Vec<(MarkerMention, FindingKind)> = Vec::new();
    let mut tests: Vec<TestMention> = Vec::new();
    let resolve = |dated: Dated, candidate: &Candidate<'_>| match dated {
        Dated::On(d) => Some(d),
        Dated::Unknown => None,
        Dated::Document => candidate.earlier_in_block.or(candidate.piece.heading_date).or(document_date),
    };
    // A test undated by its sentence was done on the date the text labels as the service's
    // ("Collected:", "Exam date:"), which may differ from the date the uploader declared.
    let resolve_test = |dated: Dated, candidate: &Candidate<'_>| match dated {
        Dated::Document => candidate.earlier_in_block.or(candidate.piece.heading_date).or(text_date).or(document_date),
        other => resolve(other, candidate),
    };
    for candidate in &candidates {
        let mut clause = Clause::read(&candidate.text, candidate.piece.section, vocabulary);
        clause.heading = candidate.piece.ordinal < 6
            && candidate.text.split_whitespace().count() <= 10
            && !candidate.text.ends_with('.');
        clause.following = candidate.following;
        let mut found = Vec::new();
        history::find(&clause, &document, &mut found);
        pathology::find(&clause, &document, &mut found);
        imaging::find(&clause, &document, &mut found);
        hormonal::find(&clause, &document, &mut found);
        symptoms::find(&clause, &document, &mut found);
        for f in found {
            let (start, end) = (clause.tokens[f.first].start, clause.tokens[f.last].end);
            let dated = nearest_date(&candidate.dates, start, end)
                .or_else(|| nearest_partial(&candidate.text, &candidate.partial, start, end, document_date))
                .map_or(Dated::Document, Dated::On);
            markers.push((
                MarkerMention {
                    marker: f.marker,
                    level: f.level,
                    indicator: f.indicator,
                    quote: clause.quote(f.first, f.last),
                    date: resolve(dated, candidate),
                },
                f.kind,
            ));
        }
        let span = |a: usize, b: usize| (clause.tokens[a].start, clause.tokens[b].end);
        let has_date = |a: usize, b: usize| {
            let (s, e) = span(a, b);
            candidate.dates.iter().any(|d| d.start >= s && d.end <= e && dates_a_mention(d))
                || candidate.partial.iter().any(|p| p.start >= s && p.end <= e)
        };
        let mut done = Vec::new();
        test_groups::find(&clause, has_date, &mut done);
        for d in done {
            let (ca, cb) = clause.clause_of(d.first);
            let (cs, ce) = span(ca, cb);
            let (start, end) = span(d.first, d.last);
            let in_clause: Vec<FoundDate> =
                candidate.dates.iter().copied().filter(|x| x.start >= cs && x.end <= ce).collect();
            let dated = match nearest_date(&in_clause, start, end) {
                Some(date) => Dated::On(date),
                None if candidate.partial.iter().any(|p| p.start >= cs && p.end <= ce) => Dated::Unknown,
                None => nearest_date(&candidate.dates, start, end).map_or(Dated::Document, Dated::On),
            };
            tests.push(TestMention {
                group: d.group,
                date: resolve_test(dated, candidate),
                quote: clause.quote(d.first, d.last),
            });
        }
    }

    Tags {
        document_date,
        dates: all_dates.into_iter().collect(),
        markers: settle_markers(markers),
        tests: settle_tests(tests),
        truncated,
    }
}

/// The document's findings judged together: an assessment category judges the imaging findings
/// and supersedes "mammogram negative"; a lettered density supersedes "dense breasts"; the same
/// indicator once; highest level first.
fn settle_markers(found: Vec<(MarkerMention, FindingKind)>) -> Vec<MarkerMention> {
    let highest_category =
        found.iter().filter_map(|(_, k)| if let FindingKind::Assessment(n) = k { Some(*n) } else { None }).max();
    let lettered_density =
        found.iter().any(|(m, _)| m.marker == marker::BREAST_DENSITY && m.indicator.contains("(BI-RADS"));
    let mut out: Vec<MarkerMention> = Vec::new();
    for (mut mention, kind) in found {
        match (kind, highest_category) {
            (FindingKind::ImagingFinding | FindingKind::NormalImaging, Some(_)) => continue,
            (FindingKind::Symptom, Some(n)) if (1..=3).contains(&n) => mention.level = RiskLevel::Medium,
            _ => {}
        }
        if lettered_density && mention.marker == marker::BREAST_DENSITY && !mention.indicator.contains("(BI-RADS") {
            continue;
        }
        if out.iter().any(|m| m.marker == mention.marker && m.indicator == mention.indicator) {
            continue;
        }
        out.push(mention);
    }
    out.sort_by_key(|m| m.level.order());
    out
}

/// One mention per group and date, by group then date.
fn settle_tests(found: Vec<TestMention>) -> Vec<TestMention> {
    let mut out: Vec<TestMention> = Vec::new();
    for mention in found {
        if !out.iter().any(|m| m.group == mention.group && m.date == mention.date) {
            out.push(mention);
        }
    }
    let order = |g: &str| group::all().position(|id| id == g).unwrap_or(usize::MAX);
    out.sort_by(|a, b| order(a.group).cmp(&order(b.group)).then(a.date.cmp(&b.date)));
    out
}

/// How this module reads the mention at bytes `mention` of `sentence`: the context engine's
/// context with this module's additions (a label's value, a general statement, a relative named
/// next to it). The physician-labelled NegEx/ConText pairs check it.
pub fn mention_context(sentence: &str, mention: Range<usize>) -> Context {
    let clause = Clause::read(sentence, Section::Body, vocabulary());
    let inside: Vec<usize> = (0..clause.len())
        .filter(|&k| clause.tokens[k].end > mention.start && clause.tokens[k].start < mention.end)
        .collect();
    match (inside.first(), inside.last()) {
        (Some(&first), Some(&last)) => clause.judge(first, last).context,
        _ => Context::Affirmed,
    }
}
