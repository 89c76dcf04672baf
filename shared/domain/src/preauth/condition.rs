//! What a criterion asks the notes to show, read from its text.
//!
//! A criterion becomes a [`Condition`]: one or more [`Clause`]s joined by OR ("physical therapy
//! *or* a supervised exercise program for at least 6 weeks"; "BMI ≥ 40, *or* BMI ≥ 35 with a
//! comorbidity"), each clause a set of weighted *units* that must all be evidenced, plus
//! quantitative requirements (a duration, measure thresholds). The reading rules:
//! - Units are lexicon concepts (weight 2: the clinical substance of the criterion) and other
//!   content words (weight 1; ½ for severity and course words like "severe", "persistent").
//!   Policy boilerplate ("the member must have documentation of") and uncertainty words
//!   ("suspected") weigh nothing.
//! - Examples — in parentheses, or after "such as", "e.g.", "for example", "including … or …" —
//!   are alternatives (the head of the first, "change in size, shape or color", goes with the
//!   single words after it; an example stating a value is found by the value, its name included):
//!   any one of them evidences the words just before them ("obesity-related
//!   comorbidity (type 2 diabetes, hypertension, sleep apnea)"; "advanced osteoarthritis
//!   (Kellgren-Lawrence grade 3 or 4, or severe joint space narrowing)"); examples that are forms
//!   of the concept they explain are met by that concept too ("diabetes mellitus (type 1, type 2
//!   or another form of diabetes)" by "T2DM"; see `matching`). Two single words joined
//!   by "or" are alternatives too: light qualifiers before a noun ("local or systemic infection"),
//!   the substance at the end of a clause ("propranolol or metoprolol").
//! - "or" splits the criterion into clauses where each side is substantial on its own (a concept,
//!   a measure or two content words); a side that is not joins the next one, and a suspended
//!   hyphen ("physician- or dietitian-supervised") does not split. A duration written once applies
//!   to every clause.
//! - A value among several listed examples ("HER2-low (IHC 0, IHC 1+, or IHC 2+ with negative
//!   ISH)") is that example's own, judged with the example's other words in one sentence, a
//!   negated word ("negative ISH") asking for its denial; one value alone in parentheses
//!   ("(central events greater than 50%)") still qualifies the whole clause.
//! - A recency window ("measured … within the 3 months before the request", "within six (6)
//!   months prior to ordering, the practitioner …") dates every value and every finding the
//!   clause reads ([`Clause::within`]).
//! - Three to five plain words are also met by their initials ("chronic kidney disease" by
//!   "CKD", "deep vein thrombosis" by "DVT"); a measure named without a value ("a hemoglobin A1c
//!   result within the past 90 days") asks for a result; names listed before one value share it
//!   ("AHI, RDI or REI of 15 or more", "apnea-hypopnea index (AHI) or respiratory disturbance
//!   index (RDI) of 15 or more" — one clause, judged on the value under any of the names; a home
//!   test's REI counts as the AHI); "receiving", "undergoing" are not words to find ("NOT
//!   receiving dialysis" is met by "not on dialysis").
//! - A term and its definition ("intermittent claudication, that is, exertional calf pain relieved
//!   by rest"; "…, meaning …", "defined as", "i.e.") are alternatives: notes name the term as often
//!   as they describe it. A definition that states a quantity ("evidence of PAD, meaning an ABI of
//!   0.90 or less") is the test on its own. A sentence saying what does not qualify ("self-directed
//!   dieting does not satisfy this requirement") is not read for things to find, nor is the
//!   reason a policy gives ("during pregnancy, as symptoms frequently resolve after delivery";
//!   "…, which is considered cosmetic").
//! - Who must prescribe, order or manage ("prescribed by, or in consultation with, a
//!   rheumatologist") is read as the specialists alone: notes show it by the specialist's own
//!   note or specialty ("RHEUMATOLOGY CLINIC", "Division of Pediatric Endocrinology"), not by
//!   the verbs; a parenthesised "(or a pediatric nephrologist for chronic kidney disease)" is
//!   another specialist, with its own qualifier.
//! - A criterion whose substance is negated asks for absence ("no active infection", "absence of
//!   neurological deficit"). "Active", "current", "acute" are flags, not words to find: they ask
//!   for a present condition, so a note's "history of infection" does not evidence it, while a
//!   septic joint does though the note never says "active". "Suspected", "possible" let uncertain
//!   mentions count. A severity word before a finding ("severe", "advanced", "moderate to severe")
//!   is the least severity the notes may state.
//! - A present finding qualified by what must be absent ("acute low back pain of less than 6
//!   weeks in the absence of red-flag conditions"), where the negated words outweigh the finding,
//!   asks for the finding and for the notes to deny the rest (`absent`), not for no finding.
//! - Before reading: a label saying what kind of criterion follows ("Contraindication:",
//!   "Exclusion:", "Not covered under this policy:") and what lifts an exclusion ("…; fusion is
//!   not covered until abstinence is documented") are set aside; a suspended preposition gets its
//!   object ("failure of, intolerance to, or contraindication to metformin" → each alternative
//!   names metformin); tests that may show a finding become its alternatives ("a polysomnogram or
//!   home sleep apnea test shows an AHI of 15 or more" → "an AHI of 15 or more (a polysomnogram or
//!   home sleep apnea test)"); a clause that is only another name of a sibling's threshold is
//!   dropped.
//! - "personal or family history of …", "a first-degree relative with …" ask about relatives too
//!   ([`Clause::about_family`]); "negative" asks for a result the notes must not report positive
//!   ([`Clause::negative_result`]); "positive" for a sign they must not report negative; a measure
//!   alone in parentheses ("uncontrolled diabetes (HbA1c greater than 8.0%)") is required, not only
//!   an example; a count's number is not a word to find.
//! - A short label followed by a colon and values only ("Adequate iron stores: serum ferritin of
//!   at least 100 ng/mL and transferrin saturation of at least 20%") is defined by the values:
//!   they are the test, the label no words to find.

use super::duration::{DurationMention, policy_durations, policy_recency};
use super::lexicon::{Concept, Mention, is_boilerplate, mentions};
use super::measure::{MeasureMention, NamedThreshold, policy_measures, policy_named_thresholds};
use super::quantity::{Comparator, comparator_before};
use super::tokens::{Token, tokenize};
use crate::clinical_context::{Assertion, assertions};

/// How many of a thing a clause asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub at_least: u32,
    /// The stem of the noun counted ("analys", "block").
    pub noun: String,
    /// The noun as the policy writes it ("analyses"), for the finding.
    pub label: String,
    /// The concept the noun names, when the lexicon knows it ("NSAIDs"): its different members
    /// are counted ("ibuprofen, then naproxen" is two).
    pub concept: Option<Concept>,
}

/// What a unit matches in a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// A lexicon concept, or any narrower one.
    Concept(Concept),
    /// A word, by its stem.
    Word(String),
}

/// One thing a clause needs evidence of.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub term: Term,
    pub weight: f32,
    /// Evidenced by any alternative of this group (the words the examples illustrate).
    pub explained_by: Option<usize>,
    /// The least severity the criterion asks for ("severe joint space narrowing").
    pub severity: Option<Severity>,
}

/// One example of an alternatives group: its terms all together, or its measure; a named
/// threshold of its own ("IHC 0, IHC 1+, or IHC 2+ with negative ISH") with its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub terms: Vec<Term>,
    pub measure: Option<MeasureMention>,
    pub threshold: Option<NamedThreshold>,
    /// The example asks for its terms denied ("IHC 2+ with *negative* ISH").
    pub denied: bool,
    pub severity: Option<Severity>,
}

/// Examples, any one of which is enough.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeGroup {
    pub options: Vec<Alternative>,
    /// 2 for examples of a clinical term; ½ for qualifier pairs ("local or systemic").
    pub weight: f32,
}

impl AlternativeGroup {
    /// Whether the group carries clinical substance (examples), not just qualifiers.
    pub fn is_core(&self) -> bool {
        self.weight >= GROUP_WEIGHT
    }
}

/// Whether a clause asks for presence or absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Present,
    Absent,
}

/// One way to satisfy a criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub units: Vec<Unit>,
    pub groups: Vec<AlternativeGroup>,
    /// The length of time required (days), if any.
    pub duration: Option<DurationMention>,
    /// Thresholds on measures, all required.
    pub measures: Vec<MeasureMention>,
    /// Thresholds on quantities outside the measure list ("AHI of at least 15"), all required.
    pub thresholds: Vec<NamedThreshold>,
    pub polarity: Polarity,
    /// "active", "current": historical mentions do not count.
    pub current_only: bool,
    /// "suspected", "possible": uncertain mentions count as evidence.
    pub accept_uncertain: bool,
    /// "history of", "prior": the criterion is about the past, so historical mentions count even
    /// where they otherwise would not (exclusions).
    pub about_history: bool,
    /// "personal or family history of …", "a first-degree relative with …": the criterion asks
    /// about relatives too, so a family member's mention counts.
    pub about_family: bool,
    /// "negative tuberculosis screening", "HER2-negative": a result the notes must not report
    /// positive.
    pub negative_result: bool,
    /// What must be documented as absent beside a present finding: the "in the absence of red
    /// flags" of "acute low back pain in the absence of red flags".
    pub absent: Vec<Unit>,
    /// How recent a measured value (days before the analysis) or a documented finding (days
    /// before the newest note) must be: "measured within the 3 months before the request".
    pub within: Option<f64>,
    /// How many of something the notes must show ("at least TWO semen analyses", "two separate
    /// diagnostic blocks").
    pub count: Option<Count>,
    /// The values the clause names on a classification axis ([`QUALIFIER_AXES`]): "singleton"
    /// (of singleton / multiple gestation), "metastatic", "bilateral" — as (axis, group).
    pub qualifiers: Vec<(usize, usize)>,
}

/// Axes a finding is classified on, each a list of mutually exclusive values (each value a group
/// of the words that say it). A clause naming one value is not evidenced by a mention qualified
/// by another value of the same axis ("singleton pregnancy" by "dichorionic diamniotic twin
/// gestation", "exocrine pancreatic cancer" by "neuroendocrine tumor", "bilateral hearing loss" by
/// "unilateral hearing loss"): the mention says the finding is of another kind. A clause that
/// names two values of an axis ("acute or chronic") accepts either.
pub const QUALIFIER_AXES: &[&[&[&str]]] = &[
    &[&["singleton"], &["twin", "twins", "triplet", "triplets", "dichorionic", "monochorionic", "diamniotic", "monoamniotic", "multifetal"]],
    &[&["metastatic", "metastases", "metastasis", "mets"], &["localized", "nonmetastatic", "localised"]],
    &[&["unilateral"], &["bilateral"]],
    &[&["acute"], &["chronic"]],
    &[&["benign"], &["malignant"]],
    &[&["primary"], &["secondary"]],
    &[&["partial"], &["complete", "total", "full"]],
    &[&["exocrine"], &["endocrine", "neuroendocrine"]],
    &[&["focal"], &["generalized", "generalised"]],
    &[&["obstructive"], &["central"]],
    &[&["relapsing"], &["progressive"]],
    &[&["ischemic", "ischaemic"], &["nonischemic", "nonischaemic", "hemorrhagic", "haemorrhagic"]],
    &[&["systolic", "hfref"], &["diastolic", "hfpef"]],
    &[&["sensorineural"], &["conductive"]],
    // "type 1" / "type 2" (of diabetes, endoleaks, hypersensitivity …; "type II" is read as 2).
    &[&["type1", "t1dm", "dm1", "iddm", "t1d"], &["type2", "t2dm", "dm2", "niddm", "t2d"]],
];

/// The (axis, group) a word at token `k` names on a [`QUALIFIER_AXES`] axis; "non-ischemic" (split
/// at its hyphen) is "nonischemic".
pub fn qualifier_at(tokens: &[Token<'_>], k: usize) -> Option<(usize, usize)> {
    let t = tokens.get(k)?;
    let prefixed = k > 0 && t.gap.joined && tokens[k - 1].lower == "non";
    let typed = k > 0 && tokens[k - 1].lower == "type" && !t.gap.stop && matches!(t.lower.as_str(), "1" | "2");
    let word = if prefixed {
        format!("non{}", t.lower)
    } else if typed {
        format!("type{}", t.lower)
    } else {
        t.lower.clone()
    };
    QUALIFIER_AXES.iter().enumerate().find_map(|(axis, groups)| groups.iter().position(|g| g.contains(&word.as_str())).map(|group| (axis, group)))
}

impl Clause {
    /// Units and groups weigh this much in all.
    pub fn total_weight(&self) -> f32 {
        self.units.iter().map(|u| u.weight).sum::<f32>() + self.groups.iter().map(|g| g.weight).sum::<f32>()
    }

    /// Whether the clause names anything to look for besides its measures.
    pub fn has_concepts(&self) -> bool {
        self.units.iter().any(|u| u.weight > 0.0) || !self.groups.is_empty()
    }

    /// The words a retriever should look for: concept surfaces and words.
    pub fn query_terms(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |t: &Term| match t {
            Term::Concept(c) => out.extend(c.surfaces().iter().take(6).map(|s| s.to_string())),
            Term::Word(w) => out.push(w.clone()),
        };
        for u in &self.units {
            add(&u.term);
        }
        for g in &self.groups {
            for o in &g.options {
                o.terms.iter().for_each(&mut add);
            }
        }
        for m in &self.measures {
            out.push(m.measure.name().to_string());
        }
        out
    }
}

/// A criterion, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Any one clause is enough.
    pub clauses: Vec<Clause>,
}

impl Condition {
    /// Nothing in the criterion can be looked for.
    pub fn is_empty(&self) -> bool {
        self.clauses.iter().all(|c| !c.has_concepts() && c.measures.is_empty() && c.thresholds.is_empty())
    }
}

const CONCEPT_WEIGHT: f32 = 2.0;
const WORD_WEIGHT: f32 = 1.0;
const LIGHT_WEIGHT: f32 = 0.5;
const GROUP_WEIGHT: f32 = 2.0;

/// Severity and course words: they colour a criterion but rarely appear verbatim in notes.
const LIGHT_WORDS: &[&str] = &[
    "severe", "moderate", "significant", "significantly", "persistent", "persisting", "chronic", "advanced",
    "objective", "progressive", "worsening", "disabling", "debilitating", "substantial", "marked", "mild",
    "refractory", "intractable", "daily", "continued", "adequate", "appropriate", "structured", "formal",
    "documented", "clinically", "relevant", "new", "recent", "worsening", "uncomplicated", "isolated", "nonspecific", "onset",
    "beginning", "began", "starting", "started", "therapeutic", "known", "serious", "positive",
];

/// Words that ask for a current condition.
const CURRENT_WORDS: &[&str] = &["active", "current", "currently", "acute", "ongoing", "untreated", "uncontrolled", "existing"];

/// Negation words that are not content.
const NEGATION_WORDS: &[&str] = &[
    "no", "not", "cannot", "without", "absence", "absent", "denies", "denied", "never", "free", "negative", "non", "none",
    "neither", "nor", "lack", "lacks",
    // Uncertainty words say how sure the policy wants the notes to be, not what to find.
    "suspected", "suspect", "suspicion", "possible", "possibly", "probable", "probably", "likely", "presumed",
    "potential", "concern",
];

/// Words that introduce examples.
fn examples_marker(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    match w(i) {
        "such" if w(i + 1) == "as" => Some(2),
        "e" if w(i + 1) == "g" => Some(2),
        "for" if w(i + 1) == "example" => Some(2),
        "for" if w(i + 1) == "instance" => Some(2),
        "including" | "includes" | "like" => Some(1),
        _ => None,
    }
}

/// A span of example tokens `[start, end)`, and whether joined by "and" only ("including PT and
/// NSAIDs" lists requirements, not alternatives).
struct ExampleRegion {
    start: usize,
    end: usize,
    /// Tokens before `start` that belong to the marker ("such as").
    marker_start: usize,
}

fn example_regions(tokens: &[Token<'_>], exclusion: bool) -> Vec<ExampleRegion> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].gap.open_paren {
            // Up to the token after which a parenthesis closes.
            let mut end = i + 1;
            while end < tokens.len() && !tokens[end].gap.close_paren && !tokens[end].gap.stop {
                end += 1;
            }
            let start = examples_marker(tokens, i).map_or(i, |n| i + n);
            out.push(ExampleRegion { start, end, marker_start: i });
            i = end;
            continue;
        }
        if let Some(region) = comma_or_list(tokens, i, &out, exclusion) {
            i = region.end.max(i + 1);
            out.push(region);
            continue;
        }
        if let Some(n) = examples_marker(tokens, i) {
            let start = i + n;
            let mut end = start;
            while end < tokens.len() && !(end > start && (tokens[end].gap.stop || tokens[end].gap.colon || tokens[end].gap.close_paren)) {
                end += 1;
            }
            let and_only = (start..end).any(|k| tokens[k].lower == "and") && !(start..end).any(|k| tokens[k].lower == "or");
            let inclusive = matches!(tokens[i].lower.as_str(), "including" | "includes");
            if !(inclusive && and_only) && end > start {
                out.push(ExampleRegion { start, end, marker_start: i });
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// Words after which a list of alternatives starts ("symptoms *of* A, B, C or D").
const LIST_OPENERS: &[&str] = &["of", "with", "including", "by", "as", "for", "from"];

/// A list "A, B, C or D" (three or more items, the last after "or") read as alternatives, when
/// `i` is the "or": it starts after the nearest opener word or clause start before the first
/// comma and ends at the clause end. "Symptoms of excessive daytime sleepiness, impaired
/// cognition, insomnia or hypertension" lists examples of "symptoms" like "such as" would.
fn comma_or_list(tokens: &[Token<'_>], i: usize, known: &[ExampleRegion], exclusion: bool) -> Option<ExampleRegion> {
    if tokens[i].lower != "or" || known.iter().any(|r| r.marker_start <= i && i < r.end) {
        return None;
    }
    let mut commas = 0;
    let mut k = i;
    let mut opener = None;
    let mut clause_start = None;
    while k > 0 {
        let t = &tokens[k];
        if t.gap.stop || t.gap.colon || t.gap.open_paren || t.gap.close_paren {
            clause_start = Some(k);
            break;
        }
        if t.gap.comma {
            commas += 1;
        }
        if commas > 0 && LIST_OPENERS.contains(&tokens[k - 1].lower.as_str()) {
            opener = Some(k - 1);
            break;
        }
        k -= 1;
    }
    // An exclusion that is a list of short items ("Intracardiac mass, thrombus or vegetation"):
    // any one of them applies.
    if opener.is_none() && exclusion {
        let start = clause_start.or((k == 0).then_some(0))?;
        let items: Vec<usize> = (start..=i).filter(|&j| j == start || tokens[j].gap.comma || j == i).collect();
        let short = items.windows(2).all(|w| w[1] - w[0] <= 3) && (start..i).all(|j| !tokens[j].stopword || tokens[j].lower == "or");
        // Three items at least: "A, or B" is two clauses, read as such elsewhere.
        let items = commas + if tokens[i].gap.comma { 1 } else { 2 };
        if items < 3 || !short {
            return None;
        }
        let mut end = i + 1;
        while end < tokens.len() && end <= i + 3 && !(tokens[end].gap.stop || tokens[end].gap.colon || tokens[end].gap.open_paren || tokens[end].gap.comma) {
            end += 1;
        }
        return Some(ExampleRegion { start, end, marker_start: start });
    }
    let opener = opener?;
    if commas < 2 {
        return None;
    }
    let mut end = i + 1;
    while end < tokens.len() && !(tokens[end].gap.stop || tokens[end].gap.colon || tokens[end].gap.close_paren || tokens[end].gap.comma) {
        end += 1;
    }
    Some(ExampleRegion { start: opener + 1, end, marker_start: opener + 1 })
}

/// Phrases that open a definition of the words before them: "intermittent claudication, *that
/// is*, exertional calf pain relieved by rest"; "evidence of PAD, *meaning* an ABI of 0.90 or less".
const DEFINITION_MARKERS: &[&str] = &[", that is,", ", i.e.,", " (i.e.", ", i.e. ", ", meaning ", ", defined as ", ", namely "];

/// Splits "X, that is, Y" into the named term and its definition.
fn definition_split(content: &str) -> Option<(&str, &str)> {
    let lower = content.to_lowercase();
    if lower.len() != content.len() {
        return None;
    }
    DEFINITION_MARKERS.iter().filter_map(|m| lower.find(m).map(|at| (at, m.len()))).min_by_key(|(at, _)| *at).map(|(at, n)| {
        let rest = content[at + n..].trim_start();
        (content[..at].trim_end(), rest.strip_suffix(')').unwrap_or(rest))
    })
}

/// Reads a criterion's content.
///
/// A term followed by its definition ("intermittent claudication, that is, exertional pain …
/// relieved by rest") is met by either: notes name the term as often as they describe it. When
/// the definition states a quantity ("evidence of PAD, meaning an ABI of 0.90 or less"), the
/// definition is the test and the bare term is not enough.
/// A requirement's condition (see [`read_condition_for`]).
pub fn read_condition(content: &str) -> Condition {
    read_condition_for(content, false)
}

/// A criterion without the label that says what kind of criterion it is: "Contraindication: active
/// malignancy", "Exclusion: current use of nicotine …", "Not covered under this policy: …",
/// "Qualifying diagnosis: acute myocardial infarction …", "Contraindication to TNF inhibitors:
/// history of demyelinating disease". Its words are not what the notes must show. A label that
/// names a finding ("Active infection: fever and …", "Suspected cauda equina syndrome: …") is
/// kept: there the label is the substance and the rest its signs.
fn without_label(content: &str) -> &str {
    const KIND: &[&str] = &[
        "exclusion", "exclusions", "contraindication", "contraindications", "not", "covered", "under", "this", "policy",
        "qualifying", "diagnosis", "continued", "coverage", "continuation", "initial", "approval", "criterion", "criteria",
        "requirement", "required", "indication", "limitation", "limitations", "absolute", "relative", "note",
    ];
    let Some(colon) = content.find(": ") else { return content };
    let (label, rest) = (&content[..colon], content[colon + 2..].trim());
    let words: Vec<String> = label.split(|c: char| c.is_whitespace() || c == '/').filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    let kind_only = !words.is_empty() && words.iter().all(|w| KIND.contains(&w.as_str()));
    // "Contraindication to TNF inhibitors:", "Exclusions for repeat procedures:": what the
    // contraindication is to, not a finding.
    let kind_of = words.len() <= 5 && words.first().is_some_and(|w| KIND[..4].contains(&w.as_str())) && words.get(1).is_some_and(|w| matches!(w.as_str(), "to" | "for" | "of"));
    let substantial = rest.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3).count() >= 1;
    if (kind_only || kind_of) && substantial { rest } else { content }
}

/// Verbs by which a test reports what a criterion asks of it.
const REPORT_VERBS: &[&str] = &["shows", "show", "demonstrates", "demonstrate", "documents", "confirms", "confirm", "reveals", "reveal", "indicates"];

/// "A polysomnogram or home sleep apnea test shows an AHI of 15 or more": the tests that may show
/// it are alternatives of what is shown, not criteria of their own — read as "an AHI of 15 or
/// more (a polysomnogram or home sleep apnea test)", so "HSAT done, scoring pending" meets
/// neither.
fn with_subjects_last(content: &str) -> String {
    let words: Vec<&str> = content.split_whitespace().collect();
    let verb = words.iter().take(12).position(|w| REPORT_VERBS.contains(&w.to_ascii_lowercase().as_str()));
    let Some(verb) = verb.filter(|&v| v >= 3 && words[..v].iter().any(|w| w.eq_ignore_ascii_case("or")) && words.len() > v + 2) else {
        return content.to_string();
    };
    // The subjects are a short list of names, nothing else ("documentation shows …" is no list).
    if words[..verb].iter().any(|w| w.ends_with([',', ';', ':', '.']) || w.contains('(')) {
        return content.to_string();
    }
    let subjects = words[..verb].join(" ");
    let rest = words[verb + 1..].join(" ");
    let (rest, end) = match rest.strip_suffix('.') {
        Some(r) => (r.to_string(), "."),
        None => (rest, ""),
    };
    format!("{rest} ({subjects}){end}")
}

/// "Trial and failure of, intolerance to, or contraindication to metformin": the object every
/// suspended preposition waits for, written after each and the alternatives joined by "or"
/// ("failure of metformin or intolerance to metformin or contraindication to metformin"), so
/// every alternative names the medicine.
fn with_suspended_objects(content: &str) -> String {
    const PREPOSITIONS: &[&str] = &["of", "to", "with", "for", "from"];
    let lower = content.to_ascii_lowercase();
    let suspended: Vec<usize> = PREPOSITIONS
        .iter()
        .flat_map(|p| {
            let marker = format!(" {p},");
            lower.match_indices(&marker).map(|(at, _)| at + 1 + p.len()).collect::<Vec<_>>()
        })
        .collect();
    let Some(last_or) = lower.rfind(" or ") else { return content.to_string() };
    // "…, or contraindication to, metformin": the last alternative's preposition may carry the
    // same comma; the object follows it.
    let suspended: Vec<usize> = suspended.into_iter().filter(|&at| at < last_or).collect();
    if suspended.is_empty() {
        return content.to_string();
    }
    let tail = &lower[last_or..];
    let Some((at, len)) = PREPOSITIONS
        .iter()
        .flat_map(|p| [(format!(" {p} "), p.len() + 2), (format!(" {p}, "), p.len() + 3)])
        .filter_map(|(marker, len)| tail.rfind(&marker).map(|a| (a, len)))
        .max_by_key(|x| x.0)
    else {
        return content.to_string();
    };
    let object = content[last_or + at + len..].trim_end_matches(['.', ';', ':', ' ']);
    let words = object.split_whitespace().count();
    if words == 0 || words > 8 || object.contains(['(', ',']) {
        return content.to_string();
    }
    // Each alternative whole, joined by "or": "…of metformin or intolerance to metformin or …".
    let mut ends = suspended;
    ends.sort_unstable();
    let mut out = String::new();
    let mut from = 0;
    for &end in &ends {
        out.push_str(content[from..end].trim_start_matches([',', ' ']).trim_start_matches("or "));
        out.push_str(&format!(" {object} or "));
        from = end + 1;
    }
    out.push_str(content[from..].trim_start_matches([',', ' ']).trim_start_matches("or "));
    out
}

/// A criterion's condition; an exclusion's may be a list of alternatives that is the whole clause
/// ("Intracardiac mass, thrombus or vegetation").
pub fn read_condition_for(content: &str, exclusion: bool) -> Condition {
    let mut condition = read_labelled_condition(content, exclusion);
    // "apnea-hypopnea index (AHI), respiratory event index or respiratory disturbance index of 15
    // or more": the names before the value are the threshold's other names, not alternatives
    // met by being named.
    let names: Vec<String> = condition.clauses.iter().flat_map(|c| &c.thresholds).flat_map(|t| t.aliases.iter().chain(std::iter::once(&t.keyword))).filter(|n| n.len() == 1).map(|n| n[0].clone()).collect();
    let only_a_name = |c: &Clause| {
        c.thresholds.is_empty()
            && c.measures.is_empty()
            && c.duration.is_none()
            && c.count.is_none()
            && c.units.iter().all(|u| u.explained_by.is_some() || u.weight == 0.0)
            && c.groups.iter().any(|g| g.options.iter().any(|o| matches!(o.terms.as_slice(), [Term::Word(w)] if names.contains(w))))
    };
    if condition.clauses.iter().any(|c| !c.thresholds.is_empty()) {
        condition.clauses.retain(|c| !only_a_name(c));
    }
    // "Positive straight leg raise or femoral nerve stretch test": "positive" is asked of every
    // alternative, so each clause carries it (weightless where the words did not: the matcher
    // reads it as the sign a finding must have, see `matching`).
    let positive = |c: &Clause| c.units.iter().any(|u| matches!(&u.term, Term::Word(w) if w == "posit"));
    if condition.clauses.len() > 1 && condition.clauses.first().is_some_and(positive) {
        for clause in condition.clauses.iter_mut().skip(1).filter(|c| !positive(c)) {
            clause.units.push(Unit { term: Term::Word("posit".into()), weight: 0.0, explained_by: None, severity: None });
        }
    }
    condition
}

fn read_labelled_condition(content: &str, exclusion: bool) -> Condition {
    let kept = without_rationale(&without_non_qualifying(&with_subjects_last(&with_suspended_objects(without_label(content)))));
    if let Some(specialists) = prescribers(&kept) {
        // Each specialist its own alternative: "a cardiologist or a cardiac electrophysiologist".
        // The specialty decides; a word before it qualifies it ("cardiac electrophysiologist" is
        // met by an electrophysiology note).
        let specialty = |t: &Term| matches!(t, Term::Word(w) if ["olog", "ist", "ian", "geon", "iatr"].iter().any(|e| w.ends_with(e)));
        let clauses: Vec<Clause> = specialists
            .iter()
            .flat_map(|s| read_plain_condition(s, exclusion).clauses)
            .filter(Clause::has_concepts)
            .map(|mut clause| {
                if let Some(head) = clause.units.iter().rposition(|u| specialty(&u.term)) {
                    for u in &mut clause.units[..head] {
                        u.weight = u.weight.min(LIGHT_WEIGHT);
                    }
                }
                clause
            })
            .collect();
        if !clauses.is_empty() {
            return Condition { clauses };
        }
    }
    let content = kept.as_str();
    if let Some((term, definition)) = definition_split(content) {
        let named = read_plain_condition(term, exclusion);
        let defined = read_condition(definition);
        let quantified = defined.clauses.iter().any(|c| c.duration.is_some() || !c.measures.is_empty() || !c.thresholds.is_empty());
        if !named.is_empty() && !defined.is_empty() {
            let mut clauses = if quantified { Vec::new() } else { named.clauses };
            clauses.extend(defined.clauses);
            return Condition { clauses };
        }
    }
    // "Adequate iron stores: serum ferritin of at least 100 ng/mL and transferrin saturation of at
    // least 20%": a short label whose values follow its colon is defined by them; the values are
    // the test (a label followed by words only, "Active infection: fever and …", stays whole).
    if let Some((label, rest)) = content.split_once(": ") {
        let short = label.split_whitespace().count() <= 4 && !label.chars().any(|c| c.is_ascii_digit());
        let defined = read_plain_condition(rest, exclusion);
        if short && !defined.is_empty() && defined.clauses.iter().all(|c| !c.measures.is_empty() || !c.thresholds.is_empty()) {
            return defined;
        }
    }
    read_plain_condition(content, exclusion)
}

/// Phrases that say who must prescribe, order or manage.
const PRESCRIBER_ROLES: &[&str] = &[
    "prescribed by", "in consultation with", "ordered by", "recommended by", "managed by", "under the care of",
    "supervised by", "in collaboration with", "requested by",
];

/// A criterion about who prescribes ("Therapy is prescribed by, or in consultation with, a
/// pediatric endocrinologist (or a pediatric nephrologist for chronic kidney disease)") as its
/// specialists alone ("a pediatric endocrinologist or a pediatric nephrologist for chronic kidney
/// disease"). Only when the role opens the criterion (a short subject at most: "Therapy is") and
/// a specialist is named within a few words of it; "a licensed physician" names no specialty and
/// is left as written.
fn prescribers(content: &str) -> Option<Vec<String>> {
    let lower = content.to_ascii_lowercase();
    let found: Vec<(usize, usize)> = PRESCRIBER_ROLES.iter().filter_map(|r| lower.find(r).map(|at| (at, at + r.len()))).collect();
    let start = found.iter().map(|f| f.0).min()?;
    let end = found.iter().map(|f| f.1).max()?;
    if lower[..start].split_whitespace().count() > 4 {
        return None;
    }
    let rest = content[end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let specialist = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphabetic()).to_ascii_lowercase();
        (w.ends_with("ist") || w.ends_with("ian") || w.ends_with("geon") || w.ends_with("ists") || w.ends_with("ians") || w.ends_with("geons"))
            && !matches!(w.as_str(), "physician" | "physicians" | "clinician" | "clinicians")
    };
    if !rest.split_whitespace().take(5).any(specialist) {
        return None;
    }
    // The rest of the criterion after the specialists ("…, with injections given in a setting
    // equipped to treat anaphylaxis") is about something else.
    let rest = rest.split(", with ").next().unwrap_or(rest);
    let rest = rest.replace("(or ", " or ").replace("(OR ", " or ").replace(')', "").replace('/', " or ");
    let alternatives: Vec<String> = rest
        .split(" or ")
        .flat_map(|a| a.split(", "))
        .map(|a| a.trim().trim_start_matches("or ").trim().trim_end_matches(['.', ',', ';']).to_string())
        .filter(|a| !a.is_empty())
        .collect();
    (!alternatives.is_empty()).then_some(alternatives)
}

/// Phrases of a sentence that says what does *not* count ("Self-directed dieting … do not satisfy
/// this requirement"): it names things the notes must not be matched on.
const NON_QUALIFYING: &[&str] = &[
    "do not satisfy", "does not satisfy", "do not qualify", "does not qualify", "do not count", "does not count",
    "are not sufficient", "is not sufficient", "are insufficient", "is insufficient", "do not meet this", "does not meet this",
];

/// Phrases of a sentence that says what follows from the criterion ("elective fusion is not
/// covered until nicotine abstinence is documented"): the insurer's consequence, not a finding.
const CONSEQUENCES: &[&str] = &[
    "not covered until", "not be covered until", "not approved until", "not be approved until", "not authorized until",
    "not be authorized until", "not eligible until", "deferred until",
];

/// The criterion without its sentences about what does not qualify or what follows from it (when
/// something else is left).
fn without_non_qualifying(content: &str) -> String {
    let pieces: Vec<&str> = content.split_inclusive([';']).flat_map(|p| p.split_inclusive(". ")).collect();
    let kept: Vec<&str> = pieces.iter().copied().filter(|p| !NON_QUALIFYING.iter().chain(CONSEQUENCES).any(|n| p.to_lowercase().contains(n))).collect();
    if kept.is_empty() || kept.len() == pieces.len() { content.to_string() } else { kept.concat().trim_end().to_string() }
}

/// The criterion without a closing reason the policy gives for it ("during pregnancy, as symptoms
/// frequently resolve after delivery"; "reticular veins alone, which is considered cosmetic"):
/// the reason is the insurer's, not something the notes must show.
fn without_rationale(content: &str) -> String {
    // "(this policy does not address central sleep apnea)", "(see the separate policy on …)": a
    // remark about the policy, not examples of anything.
    let mut content = content.to_string();
    let mut from = 0;
    while let Some(open) = content[from..].find('(').map(|o| from + o) {
        let Some(close) = content[open..].find(')').map(|c| open + c) else { break };
        let inner = content[open + 1..close].trim().to_ascii_lowercase();
        // "New headache … (no prior history of similar headaches)": what "new" already says.
        // "(with or without histology)": optional, so nothing to find either way.
        // "(considered experimental/investigational)", "(not medically necessary)": the policy's
        // verdict on what the criterion describes.
        let verdict = ["considered ", "deemed ", "regarded as ", "not medically necessary", "experimental", "investigational", "unproven"].iter().any(|m| inner.starts_with(m));
        let remark = verdict
            || ["this policy", "see ", "refer ", "addressed ", "covered under", "not addressed", "described in", "per section", "no prior ", "no previous ", "without prior ", "without a prior ", "with or without "]
                .iter()
                .any(|m| inner.starts_with(m));
        if remark {
            content.replace_range(open..=close, "");
        } else {
            from = close + 1;
        }
    }
    let content = content.as_str();
    const KEEP_AFTER_AS: &[&str] = &["well", "defined", "shown", "evidenced", "documented", "measured", "determined", "confirmed", "demonstrated", "per", "noted", "follows", "a", "an", "the"];
    let lower = content.to_ascii_lowercase();
    let mut cut = None;
    // "BMI greater than 40 kg/m2 is a contraindication to listing": what the finding is, after it.
    for marker in [
        ", as ", ", because ", ", which is considered", ", which are considered", ", which is deemed", ", which are deemed",
        " is a contraindication", " is an absolute contraindication", " is a relative contraindication",
        " are contraindications", " is considered a contraindication", " constitutes a contraindication", " is an exclusion",
        " precludes ",
    ] {
        let Some(at) = lower.find(marker) else { continue };
        if marker == ", as " {
            let next = lower[at + marker.len()..].split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if KEEP_AFTER_AS.contains(&next) {
                continue;
            }
        }
        cut = Some(cut.map_or(at, |c: usize| c.min(at)));
    }
    match cut {
        Some(at) if !content[..at].trim().is_empty() => content[..at].trim_end().to_string(),
        _ => content.to_string(),
    }
}

fn read_plain_condition(content: &str, exclusion: bool) -> Condition {
    let tokens = tokenize(content);
    let found = mentions(&tokens);
    let protected: Vec<(usize, usize)> = found.iter().map(|m| (m.first, m.last)).collect();
    let ctx = assertions(&tokens, &protected);
    let (durations, spacing): (Vec<DurationMention>, Vec<DurationMention>) = policy_durations(&tokens).into_iter().partition(|d| !spacing_between(&tokens, d));
    let measures = policy_measures(&tokens, &found);
    let regions = example_regions(&tokens, exclusion);

    // Tokens that state quantities are not units; nor is the spacing of doses ("separated by at
    // least 7 days"), which says how a course is given, not how long anything lasted.
    let mut quantity = vec![false; tokens.len()];
    for d in &spacing {
        let from = (d.first.saturating_sub(3)..d.first).find(|&k| SPACING_WORDS.contains(&tokens[k].lower.as_str())).unwrap_or(d.first);
        for q in quantity.iter_mut().take(d.last + 2).skip(from) {
            *q = true;
        }
    }
    for (a, b) in durations.iter().map(|d| (d.first, d.last)).chain(measures.iter().map(|m| (m.first, m.last))) {
        for q in quantity.iter_mut().take(b + 1).skip(a) {
            *q = true;
        }
    }
    // "4 or higher on a 0-10 numeric scale": the scale a measure is read on is part of it.
    for m in &measures {
        let mut k = m.last + 1;
        while k < tokens.len() && !tokens[k].gap.stop && !tokens[k].gap.comma && SCALE_WORDS.contains(&tokens[k].lower.as_str()) {
            quantity[k] = true;
            k += 1;
        }
    }
    // "personal or family history of …", "a first-degree relative with …": whose history is
    // read from the notes' contexts (a relative's mention counts, see `Clause::about_family`),
    // not found as words — notes write "FHx: mother w/ …".
    for k in 0..tokens.len() {
        let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        // ("personal history of cancer" alone keeps its words: it is the patient's, and no
        // relative's mention may stand for it.)
        let whose = (w(k) == "family" && w(k + 1) == "history") || (matches!(w(k), "personal" | "family") && matches!(w(k + 1), "or" | "and") && matches!(w(k + 2), "personal" | "family") && w(k + 3) == "history");
        let relative = matches!(w(k), "first" | "second") && w(k + 1) == "degree" && matches!(w(k + 2), "relative" | "relatives");
        if whose {
            let to = if w(k + 1) == "history" { k } else { k + 2 };
            quantity[k..=to].iter_mut().for_each(|q| *q = true);
        } else if relative {
            quantity[k..=k + 2].iter_mut().for_each(|q| *q = true);
        }
    }
    let mut thresholds = policy_named_thresholds(&tokens, &quantity);
    for t in &thresholds {
        // The value and comparison are not words to find; the name stays one.
        let value_start = (t.first..=t.last).find(|&k| tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) || (k > t.first && tokens[k].gap.open_paren)).unwrap_or(t.last);
        let phrase_start = (t.first..value_start).find(|&k| matches!(tokens[k].lower.as_str(), "at" | "of" | "greater" | "more" | "less" | "no" | "not" | "minimum" | "maximum" | "above" | "below" | "over" | "under")).unwrap_or(value_start);
        for q in quantity.iter_mut().take(t.last + 1).skip(phrase_start.min(value_start)) {
            *q = true;
        }
        // "Expanded Disability Status Scale (EDSS) score": the abbreviation is the name to find,
        // the words it spells out are found with it.
        if let Some(p) = (t.first + 1..=value_start).find(|&p| tokens[p].gap.open_paren && t.keyword == [tokens[p].stem.clone()]) {
            quantity[t.first..p].iter_mut().for_each(|q| *q = true);
        }
        // A concept inside the name ("Neck Disability Index") is part of the name, found with
        // the score: "disability" is no functional limitation to find beside it.
        for m in found.iter().filter(|m| t.first <= m.first && m.last < phrase_start.min(value_start)) {
            for q in quantity.iter_mut().take(m.last + 1).skip(m.first) {
                *q = true;
            }
        }
    }
    let in_region = |k: usize| regions.iter().any(|r| r.marker_start <= k && k < r.end);
    // A value among several examples ("IHC 0, IHC 1+, or IHC 2+") is its example's; one alone
    // in parentheses ("(central events greater than 50%)") still qualifies the clause.
    let in_option = |k: usize| {
        regions.iter().any(|r| r.start <= k && k < r.end && (r.start..r.end).any(|i| i != r.start && (tokens[i].gap.comma || tokens[i].lower == "or")))
    };

    // "or" splits clauses where each side stands alone.
    let mut cuts: Vec<usize> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        // "physician- or dietitian-supervised": a suspended hyphen joins the two prefixes.
        let suspended = t.gap.dash && !t.gap.joined;
        // "stage I or stage II breast cancer", "type 1 or type 2": like items of one phrase.
        let parallel = tokens.get(k + 1).is_some_and(|n| (k.saturating_sub(2)..k).any(|j| tokens[j].stem == n.stem && content_word(n)));
        // "one or more abnormal parameters", "two or more injections": a count, not alternatives.
        let count = k > 0 && tokens[k - 1].number().is_some() && tokens.get(k + 1).is_some_and(|n| matches!(n.lower.as_str(), "more" | "fewer" | "less"));
        if t.lower == "or" && !quantity[k] && !in_region(k) && k > 0 && !suspended && !parallel && !count {
            cuts.push(k);
        }
    }
    let mut segments: Vec<(usize, usize)> = Vec::new();
    if !cuts.is_empty() {
        let mut start = 0;
        for &c in &cuts {
            segments.push((start, c));
            start = c + 1;
        }
        segments.push((start, tokens.len()));
        // "PT, NSAIDs, or injection": the commas of the list before an "or" split too.
        let mut refined = Vec::new();
        for (s, e) in segments {
            let commas: Vec<usize> = (s + 1..e).filter(|&k| tokens[k].gap.comma && !quantity[k] && !in_region(k)).collect();
            let pieces: Vec<(usize, usize)> = {
                let mut v = Vec::new();
                let mut a = s;
                for &c in &commas {
                    v.push((a, c));
                    a = c;
                }
                v.push((a, e));
                v
            };
            // ", when none of the red-flag features …": a condition on the clause, not a list item.
            let subordinate = pieces.iter().skip(1).any(|&(a, _)| tokens.get(a).is_some_and(|t| matches!(t.lower.as_str(), "when" | "if" | "unless" | "where" | "while" | "that" | "which" | "who")));
            if pieces.len() > 1 && !subordinate && pieces.iter().all(|&(a, b)| substantial(&tokens, &found, &measures, &quantity, a, b)) {
                refined.extend(pieces);
            } else {
                refined.push((s, e));
            }
        }
        // A side that cannot stand alone ("active alcohol" in "active alcohol or substance use
        // disorder") joins the next one.
        let mut merged: Vec<(usize, usize)> = Vec::new();
        let mut pending: Option<usize> = None;
        for (s, e) in refined {
            let start = pending.take().unwrap_or(s);
            if substantial(&tokens, &found, &measures, &quantity, start, e) {
                merged.push((start, e));
            } else {
                pending = Some(start);
            }
        }
        if let Some(start) = pending {
            match merged.last_mut() {
                Some(last) => last.1 = tokens.len(),
                None => merged.push((start, tokens.len())),
            }
        }
        segments = merged;
    } else {
        segments.push((0, tokens.len()));
    }
    // "AHI, RDI or REI of 15 or more events per hour": names that share one value are one
    // clause, the value judged on any of them; the names are the threshold's, not words to find
    // beside its value.
    let mut shared_names: Vec<String> = Vec::new();
    for th in &mut thresholds {
        let value = threshold_value_at(&tokens, th);
        let of = |k: usize| segments.iter().position(|&(a, b)| a <= k && k < b);
        let named = |t: &Token<'_>| short_capitals(t);
        // Only names before the value's side: "AHI, RDI or …", "The apnea-hypopnea index (AHI)
        // or …" (a name spelled out with its abbreviation), not "LVEF measured by echo or …".
        let only_names = |&(a, b): &(usize, usize)| {
            (a..b).all(|k| named(&tokens[k]) || tokens[k].stopword) || (b > a + 1 && named(&tokens[b - 1]) && tokens[b - 1].gap.open_paren && (a..b - 1).all(|k| !tokens[k].gap.open_paren && !quantity[k]))
        };
        if let (Some(i), Some(j)) = (of(th.first), of(value)) {
            if i < j && segments[i..j].iter().all(only_names) {
                let end = segments[j].1;
                // The words naming the quantity, up to its value, are the threshold's to find.
                shared_names.extend((segments[i].0..value).filter(|&k| !tokens[k].stopword).map(|k| word_stem(&tokens, k)));
                segments[i].1 = end;
                segments.drain(i + 1..=j);
                let mut k = th.first.min(value);
                while k > 0 && (named(&tokens[k - 1]) || matches!(tokens[k - 1].lower.as_str(), "or" | "and")) {
                    k -= 1;
                }
                let listed: Vec<String> = (k..value).filter(|&i| named(&tokens[i])).map(|i| tokens[i].stem.clone()).collect();
                shared_names.extend(th.keyword.iter().chain(th.aliases.iter().flatten()).cloned());
                // Each listed name is another name of the value ("AHI" beside "RDI or REI").
                for name in listed {
                    if !shared_names.contains(&name) {
                        th.aliases.push(vec![name.clone()]);
                        shared_names.push(name);
                    }
                }
            }
        }
    }

    // "… anticoagulation that will not be interrupted for the procedure, or an uncorrected
    // coagulopathy": a verb's negation ends with its clause; the side after ", or" is affirmed
    // unless it is negated itself.
    let mut ctx = ctx;
    let mut resetting = false;
    for w in segments.windows(2) {
        let ((a0, b0), (a, b)) = (w[0], w[1]);
        let after_comma_or = a > 0 && tokens[a - 1].lower == "or" && tokens[a - 1].gap.comma;
        let verbal = (a0..b0).any(|k| matches!(tokens[k].lower.as_str(), "not" | "cannot")) && !(a0..b0).any(|k| matches!(tokens[k].lower.as_str(), "no" | "without" | "absence" | "free"));
        let own = (a..b).any(|k| NEGATION_WORDS.contains(&tokens[k].lower.as_str()));
        resetting = !own && ((after_comma_or && verbal) || resetting);
        if resetting {
            for c in ctx.iter_mut().take(b).skip(a) {
                if *c == Assertion::Negated {
                    *c = Assertion::Affirmed;
                }
            }
        }
    }
    let mut clauses: Vec<Clause> = segments
        .iter()
        .map(|&(a, b)| {
            let mut clause = read_clause(&tokens, &found, &ctx, &durations, &measures, &thresholds, &regions, &quantity, a, b);
            // A threshold among examples is that example's, not the clause's.
            clause.thresholds = thresholds.iter().filter(|t| a <= t.first && t.first < b && !in_option(threshold_value_at(&tokens, t))).cloned().collect();
            // "(AHI/RDI below 5)" after a finding restates the clause's threshold: not examples.
            // (The threshold's name and value both inside the parenthesis; "(LVEF) … is 50% or
            // greater" names the quantity only.)
            let in_parenthesis = |th: &NamedThreshold| {
                let value = threshold_value_at(&tokens, th);
                tokens[th.first].gap.open_paren && (th.first + 1..=value.min(tokens.len() - 1)).all(|k| !tokens[k].gap.close_paren)
            };
            let restated = |g: &AlternativeGroup| {
                g.options.iter().all(|o| {
                    o.measure.is_none()
                        && o.terms.iter().all(|t| matches!(t, Term::Word(w) if clause.thresholds.iter().any(|th| in_parenthesis(th) && (th.keyword.contains(w) || th.aliases.iter().any(|al| al.contains(w))))))
                }) && clause.thresholds.iter().any(in_parenthesis)
            };
            if clause.groups.iter().any(restated) {
                let groups = std::mem::take(&mut clause.groups);
                clause.groups = retain_groups(&mut clause.units, groups, |_, group| !restated(group));
            }
            if !clause.thresholds.is_empty() {
                let own: Vec<&String> = clause.thresholds.iter().flat_map(|th| th.keyword.iter().chain(th.aliases.iter().filter(|a| a.len() == 1).flatten())).collect();
                let name = |t: &Term| matches!(t, Term::Word(w) if shared_names.contains(w) || (own.contains(&w) && w.len() <= 5));
                // (A name that glosses words — "ejection fraction (LVEF)", or the initials of the
                // words — stays with them.)
                let glosses = |g: usize| clause.units.iter().any(|u| u.explained_by == Some(g) && !name(&u.term));
                let only_names = |g: &AlternativeGroup| g.weight > 0.0 && g.options.iter().all(|o| o.measure.is_none() && o.threshold.is_none() && !o.terms.is_empty() && o.terms.iter().all(name));
                let groups = std::mem::take(&mut clause.groups);
                let explaining: Vec<bool> = (0..groups.len()).map(glosses).collect();
                clause.groups = retain_groups(&mut clause.units, groups, |g, group| explaining[g] || !only_names(group));
                clause.units.retain(|u| !name(&u.term));
            }
            clause
        })
        .collect();
    // "Therapeutic anticoagulation or antiplatelet therapy that will not be interrupted …": what a
    // trailing clause requires absent qualifies the side joined to it by a bare "or" as well.
    for i in (0..clauses.len().saturating_sub(1)).rev() {
        let joined = segments.get(i + 1).is_some_and(|&(a, _)| a > 0 && tokens[a - 1].lower == "or" && !tokens[a - 1].gap.comma && !tokens[a].gap.comma);
        if joined && clauses[i].absent.is_empty() && !clauses[i + 1].absent.is_empty() && clauses.len() == segments.len() {
            clauses[i].absent = clauses[i + 1].absent.clone();
        }
    }
    // A duration stated once ("PT or a home exercise program for 6 weeks") applies to all; one
    // that belongs to its own noun ("… or a condition with a life expectancy of less than 12
    // months") does not.
    let with_duration: Vec<DurationMention> = clauses.iter().filter_map(|c| c.duration).collect();
    let own_noun = |d: &DurationMention| d.first >= 2 && tokens[d.first - 1].lower == "of" && matches!(tokens[d.first - 2].lower.as_str(), "expectancy" | "survival" | "prognosis" | "history");
    if clauses.len() > 1 && with_duration.len() == 1 && !own_noun(&with_duration[0]) {
        for c in &mut clauses {
            c.duration.get_or_insert(with_duration[0]);
        }
    }
    // A recency window ("within the 3 months before the request") dates every value read.
    let within = policy_recency(&tokens);
    for c in &mut clauses {
        c.within = within;
    }
    clauses.retain(|c| c.has_concepts() || !c.measures.is_empty() || !c.thresholds.is_empty());
    Condition { clauses }
}

/// A name written as a short abbreviation: two to six capitals or digits ("AHI", "RDI", "AVA").
fn short_capitals(t: &Token<'_>) -> bool {
    (2..=6).contains(&t.text.len()) && t.text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Whether tokens `[a, b)` could stand alone as a clause.
fn substantial(tokens: &[Token<'_>], found: &[Mention], measures: &[MeasureMention], quantity: &[bool], a: usize, b: usize) -> bool {
    let concept = found.iter().any(|m| m.first >= a && m.last < b && !m.concept.is_measure());
    let measure = measures.iter().any(|m| m.first >= a && m.last < b);
    let words = (a..b)
        .filter(|&k| {
            let t = &tokens[k];
            !quantity[k]
                && content_word(t)
                && !LIGHT_WORDS.contains(&t.lower.as_str())
                && !CURRENT_WORDS.contains(&t.lower.as_str())
                && !found.iter().any(|m| m.first <= k && k <= m.last)
        })
        .count();
    // "more than 50% of apneas being central, or Cheyne-Stokes respiration": a value stands alone.
    let value = (a..b).any(|k| quantity[k] && tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) && tokens.get(k + 1).is_some_and(|n| n.gap_text.contains('%') || n.lower == "percent") || quantity[k] && tokens[k].text.ends_with('%'));
    // "aortic valve area (AVA) of 1.0 cm2 or less, or …": a value named by an abbreviation (its
    // spelled-out words read as its name) stands alone too.
    let named_value = (a..b).any(|k| {
        quantity[k] && tokens[k].lower.starts_with(|c: char| c.is_ascii_digit()) && (a..k).any(|j| quantity[j] && tokens[j].gap.open_paren && short_capitals(&tokens[j]))
    });
    concept || measure || words >= 2 || value || named_value
}

/// Units of a dose ("60 mg", "1,500 mg", "200 units"); a concentration ("mg/dL") is not one.
const DOSE_UNITS: &[&str] = &["mg", "mcg", "ug", "µg", "g", "ml", "units", "unit", "iu", "mmol", "meq"];

/// A dose amount at token `k` ("60 mg", "60mg"), as the one word a note must repeat: "60mg"; a
/// bound ("does not exceed 750 mg", "a maximum of 750 mg") as "≤750mg", which any amount up to
/// it in the same unit meets ([`amount_meets`]).
pub(crate) fn dose_amount(tokens: &[Token<'_>], k: usize) -> Option<String> {
    let amount = exact_amount(tokens, k)?;
    let bound = comparator_before(tokens, k).filter(|c| c.0 == Comparator::AtMost);
    Some(if bound.is_some() { format!("≤{amount}") } else { amount })
}

/// Whether a note's amount (`note`, as [`dose_amount`] writes it without a bound) meets a
/// policy's dose term: the same amount, or one up to its bound.
pub(crate) fn amount_meets(term: &str, note: &str) -> bool {
    match term.strip_prefix('≤') {
        Some(limit) => matches!((split_amount(limit), split_amount(note)), (Some((l, lu)), Some((v, vu))) if lu == vu && v <= l + 1e-9),
        None => term == note,
    }
}

fn split_amount(a: &str) -> Option<(f64, &str)> {
    let i = a.find(|c: char| c.is_alphabetic())?;
    Some((a[..i].parse::<f64>().ok()?, &a[i..]))
}

pub(crate) fn exact_amount(tokens: &[Token<'_>], k: usize) -> Option<String> {
    let t = &tokens[k];
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let (number, unit) = match t.lower.find(|c: char| c.is_alphabetic()) {
        Some(split) if split > 0 => (&t.lower[..split], t.lower[split..].to_string()),
        _ => {
            let next = tokens.get(k + 1).filter(|n| !n.gap.stop && !n.gap.comma && !n.gap.open_paren && !n.gap.slash && !n.gap.dash)?;
            (t.lower.as_str(), next.lower.clone())
        }
    };
    let per = tokens.get(k + 2).is_some_and(|n| n.gap.slash) && t.lower.starts_with(|c: char| c.is_ascii_digit()) && !t.lower.contains(char::is_alphabetic);
    (digits(number) && DOSE_UNITS.contains(&unit.as_str()) && !per).then(|| format!("{}{unit}", number.replace(',', "")))
}

/// A word's stem as a term, with a "non-" written against it: "non-allergic rhinitis" asks for
/// "nonallerg", which "allergic rhinitis" does not have.
pub(crate) fn word_stem(tokens: &[Token<'_>], k: usize) -> String {
    match k.checked_sub(1).map(|p| &tokens[p]) {
        Some(p) if p.lower == "non" && tokens[k].gap.joined => format!("non{}", tokens[k].stem),
        _ => tokens[k].stem.clone(),
    }
}

/// The words of a scale a measure is read on ("on a 0-10 numeric rating scale").
const SCALE_WORDS: &[&str] = &["on", "a", "the", "0", "1", "10", "100", "numeric", "numerical", "rating", "scale", "point", "visual", "analog", "analogue"];

/// Words that make a length of time the gap between doses or sessions.
const SPACING_WORDS: &[&str] = &["separated", "spaced", "apart", "interval", "intervals", "between"];

/// Whether a duration is the spacing between doses: "separated by at least 7 days", "at least
/// 12 weeks apart", "an interval of 6 months between sessions".
fn spacing_between(tokens: &[Token<'_>], d: &DurationMention) -> bool {
    let before = (d.first.saturating_sub(3)..d.first).any(|k| SPACING_WORDS.contains(&tokens[k].lower.as_str()));
    let after = tokens.get(d.last + 1).is_some_and(|t| !t.gap.stop && matches!(t.lower.as_str(), "apart" | "between"));
    before || after
}

/// An adjective by its ending ("oral", "ophthalmic", "bilateral", "intravenous", "invasive").
fn adjective(lower: &str) -> bool {
    ["al", "ic", "ous", "ive", "ary"].iter().any(|e| lower.ends_with(e)) && lower.chars().count() >= 4
}

fn content_word(t: &Token<'_>) -> bool {
    !t.stopword
        && !is_boilerplate(&t.lower)
        && !NEGATION_WORDS.contains(&t.lower.as_str())
        && (t.lower.chars().count() >= 3 || super::abbreviations::listed(t))
        && t.lower.chars().all(|c| c.is_alphabetic() || c == '\'')
        && !matches!(t.lower.as_str(), "and" | "either" | "also" | "etc" | "whose" | "rather" | "instead" | "whereas" | "safely")
        // "NOT receiving dialysis" is met by "not on dialysis", "methotrexate tried for 12 weeks"
        // by "methotrexate for 22 weeks": what is received or tried is the word.
        && !matches!(t.lower.as_str(), "receiving" | "receive" | "receives" | "undergoing" | "undergo" | "undergoes" | "tried" | "taken")
}

#[allow(clippy::too_many_arguments)]
fn read_clause(
    tokens: &[Token<'_>],
    found: &[Mention],
    ctx: &[Assertion],
    durations: &[DurationMention],
    measures: &[MeasureMention],
    thresholds: &[NamedThreshold],
    regions: &[ExampleRegion],
    quantity: &[bool],
    a: usize,
    b: usize,
) -> Clause {
    let inside = |k: usize| a <= k && k < b;
    let mut units: Vec<Unit> = Vec::new();
    let mut groups: Vec<AlternativeGroup> = Vec::new();
    let mut current_only = false;
    let mut accept_uncertain = false;
    let about_history = (a..b).any(|k| ctx.get(k) == Some(&Assertion::Historical) || matches!(tokens[k].lower.as_str(), "history" | "prior" | "previous" | "previously" | "past"));
    let whole: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    // "a blood relative with a known BRCA1 variant", "a family member with …": the criterion asks
    // about relatives.
    let about_family = whole.windows(2).any(|w| matches!(w, ["family", "history"] | ["first", "degree"] | ["second", "degree"] | ["family", "member" | "members"]))
        || whole.iter().any(|w| matches!(*w, "relative" | "relatives" | "kindred"));
    let negative_result = (a..b).any(|k| tokens[k].lower == "negative");
    let mut negated_weight = 0.0f32;
    let mut affirmed_weight = 0.0f32;
    // Per unit pushed: whether the policy negates it.
    let mut negated_unit: Vec<bool> = Vec::new();
    let mut taken = vec![false; tokens.len()];

    // Examples: alternatives, each explaining the words just before them.
    let mut region_groups: Vec<(usize, usize)> = Vec::new(); // (marker_start, group index)
    for r in regions.iter().filter(|r| inside(r.marker_start)) {
        for flag in taken.iter_mut().take(r.end).skip(r.marker_start) {
            *flag = true;
        }
        let mut options = Vec::new();
        let mut qualifiers = true;
        let mut start = r.start;
        // "change in size, shape or color": the head of the first example ("change in") goes
        // with the single words listed after it.
        let mut head: Option<Term> = None;
        // Values belong to examples only in a list of several (see `read_plain_condition`).
        let listed = (r.start..r.end).any(|i| i != r.start && (tokens[i].gap.comma || tokens[i].lower == "or"));
        for k in r.start..=r.end {
            // "3/5 or less": a comparison, not a second example.
            let comparison = tokens.get(k).is_some_and(|t| t.lower == "or")
                && tokens.get(k + 1).is_some_and(|n| matches!(n.lower.as_str(), "less" | "more" | "greater" | "fewer" | "higher" | "lower" | "worse" | "better" | "older" | "younger" | "above" | "below"));
            let boundary = k == r.end
                || (k > start && (tokens[k].gap.comma || tokens[k].gap.slash && !tokens[k].gap.joined))
                || (matches!(tokens[k].lower.as_str(), "or" | "and") && !comparison);
            if !boundary {
                continue;
            }
            let option = alternative(tokens, found, measures, if listed { thresholds } else { &[] }, quantity, start, k);
            // "muscle strength 3/5 or less": an example defined by a value no reading here
            // understands is not met by its words ("Strength 5/5").
            let unread_value = (start..k).any(|i| tokens[i].lower.starts_with(|c: char| c.is_ascii_digit())) && option.measure.is_none() && option.threshold.is_none()
                && (start..k.min(tokens.len())).any(|i| matches!(tokens[i].lower.as_str(), "less" | "more" | "greater" | "fewer" | "higher" | "lower" | "worse" | "above" | "below" | "least" | "under" | "over"));
            if unread_value {
                start = if k < r.end && matches!(tokens[k].lower.as_str(), "or" | "and") { k + 1 } else { k };
                continue;
            }
            if !option.terms.is_empty() || option.measure.is_some() || option.threshold.is_some() {
                let words: Vec<usize> = (start..k).filter(|&i| content_word(&tokens[i])).collect();
                qualifiers &= option.measure.is_none() && option.threshold.is_none() && words.len() == 1 && option.terms.len() == 1 && adjective(&tokens[words[0]].lower);
                let mut option = option;
                let single = option.measure.is_none() && option.threshold.is_none() && option.terms.len() == 1 && words.len() == 1;
                match &head {
                    Some(h) if single && options.len() >= 1 => option.terms.insert(0, h.clone()),
                    _ => {
                        let headed = options.is_empty() && k == start + 3 && matches!(tokens[start + 1].lower.as_str(), "in" | "of") && words == [start, start + 2] && option.terms.len() == 2;
                        head = headed.then(|| option.terms[0].clone());
                    }
                }
                options.push(option);
            }
            start = if k < r.end && matches!(tokens[k].lower.as_str(), "or" | "and") { k + 1 } else { k };
        }
        if !options.is_empty() {
            region_groups.push((r.marker_start, groups.len()));
            // "a beta-blocker (oral or ophthalmic)": forms the term may take, not examples the
            // notes must name.
            let weight = if qualifiers && options.len() >= 2 { LIGHT_WEIGHT } else { GROUP_WEIGHT };
            groups.push(AlternativeGroup { options, weight });
        }
    }

    // "local or systemic", "progressive or severe": qualifiers, any one of which will do.
    for k in a + 1..b.saturating_sub(1) {
        if tokens[k].lower != "or" || taken[k] {
            continue;
        }
        let single = |i: usize| {
            !taken[i] && !quantity[i] && content_word(&tokens[i]) && !found.iter().any(|m| m.first <= i && i <= m.last)
        };
        let (left, right) = (k - 1, k + 1);
        if !(single(left) && single(right)) {
            continue;
        }
        // Before a noun the pair qualifies it ("local or systemic infection": light); at the
        // end of the clause the pair is the substance itself ("propranolol or metoprolol").
        let next_is_word = right + 1 < b
            && !tokens[right + 1].gap.comma
            && !tokens[right + 1].gap.stop
            && (content_word(&tokens[right + 1]) || found.iter().any(|m| m.first == right + 1));
        let options = [left, right].iter().map(|&i| Alternative { terms: vec![Term::Word(tokens[i].stem.clone())], measure: None, threshold: None, denied: false, severity: None }).collect();
        let weight = if next_is_word || LIGHT_WORDS.contains(&tokens[left].lower.as_str()) { LIGHT_WEIGHT } else { GROUP_WEIGHT };
        groups.push(AlternativeGroup { options, weight });
        taken[left] = true;
        taken[right] = true;
    }

    for k in a..b {
        if quantity[k] || taken[k] {
            continue;
        }
        let t = &tokens[k];
        if ctx[k] == Assertion::Uncertain && (found.iter().any(|m| m.first == k) || content_word(t)) {
            // "Suspected cauda equina": the policy itself asks about a possibility.
            accept_uncertain = true;
        }
        if let Some(m) = found.iter().find(|m| m.first == k) {
            // A measure with its value is judged by the value; named alone ("a hemoglobin A1c
            // result within the past 90 days") it asks for a result, which its mention shows.
            let valued = measures.iter().any(|x| x.first <= k && k <= x.last) || thresholds.iter().any(|t| t.first <= k && k <= t.last);
            if m.concept.is_measure() && (valued || m.concept == Concept::Age) {
                continue;
            }
            // "Nicotine status is documented, and the member has not used …": a status asks for
            // the notes to say either way; what the criterion wants is in the rest of it.
            if tokens.get(m.last + 1).is_some_and(|n| n.lower == "status") && found.iter().any(|o| o.concept == m.concept && o.first > m.last && o.first < b) {
                continue;
            }
            let qualifier = tokens.get(m.last + 1).is_some_and(|n| matches!(n.lower.as_str(), "related" | "associated" | "induced"));
            let weight = if qualifier { LIGHT_WEIGHT } else { CONCEPT_WEIGHT };
            let negated = ctx[k] == Assertion::Negated || m.negated_form;
            if negated {
                negated_weight += weight;
            } else {
                affirmed_weight += weight;
            }
            // "how the result will affect management" is shown by plans that turn on the result,
            // written as possibilities ("If PET shows …, he would …").
            if m.concept == Concept::ManagementImpact {
                accept_uncertain = true;
            }
            let before = units.len();
            push_unit(&mut units, Term::Concept(m.concept), weight, severity_before(tokens, m.first, a));
            if units.len() > before {
                negated_unit.push(negated);
            }
            continue;
        }
        if found.iter().any(|m| m.first < k && k <= m.last) {
            continue;
        }
        if CURRENT_WORDS.contains(&t.lower.as_str()) {
            // A flag, not a word to find: a septic joint is an active infection whether or not
            // the note says "active".
            current_only = true;
            continue;
        }
        // "Dose of 60 mg …", "750 mg per infusion": the amount, met by a note naming it — in the
        // plan or the order, where a requested dose is written. Amounts among examples ("for
        // example: fluticasone furoate 200 mcg; …") define a term; they are not asked for.
        let among_examples = |k: usize| regions.iter().any(|r| r.marker_start <= k && k < r.end.max(r.start + 1));
        // Several amounts outside examples are a table of doses that defines a term ("fluticasone
        // propionate more than 500 mcg; fluticasone furoate 200 mcg; …"), not the dose requested.
        let one_amount = || (a..b).filter(|&j| !among_examples(j) && dose_amount(tokens, j).is_some()).count() == 1;
        if let Some(amount) = dose_amount(tokens, k).filter(|_| !among_examples(k) && one_amount()) {
            accept_uncertain = true;
            affirmed_weight += WORD_WEIGHT;
            let before = units.len();
            push_unit(&mut units, Term::Word(amount), WORD_WEIGHT, None);
            if units.len() > before {
                negated_unit.push(false);
            }
            continue;
        }
        // "a blood relative": kinship, which the relative's own name says ("her maternal aunt").
        let kinship = t.lower == "blood" && tokens.get(k + 1).is_some_and(|n| !n.gap.stop && matches!(n.lower.as_str(), "relative" | "relatives"));
        if !content_word(t) || kinship || (t.lower == "status" && found.iter().any(|m| m.last + 1 == k)) {
            continue;
        }
        let weight = if LIGHT_WORDS.contains(&t.lower.as_str()) { LIGHT_WEIGHT } else { WORD_WEIGHT };
        let negated = ctx[k] == Assertion::Negated;
        if negated {
            negated_weight += weight;
        } else {
            affirmed_weight += weight;
        }
        let before = units.len();
        push_unit(&mut units, Term::Word(word_stem(tokens, k)), weight, severity_before(tokens, k, a));
        if units.len() > before {
            negated_unit.push(negated);
        }
    }

    // The (up to three) units just before examples are what the examples illustrate; forms a term
    // may take ("(oral or ophthalmic)", light) qualify it and illustrate nothing.
    for &(marker_start, g) in &region_groups {
        if !groups[g].is_core() {
            continue;
        }
        let mut explained = 0;
        let mut k = marker_start;
        while k > a && explained < 3 {
            k -= 1;
            if tokens[k + 1].gap.stop || tokens[k + 1].gap.colon {
                break;
            }
            if mark_explained(&mut units, tokens, found, k, g) {
                explained += 1;
            }
        }
    }
    // "infection of the knee joint, bacteremia or …": where the examples complete a specific
    // finding ("of …"), an example naming no finding of its own ("the knee joint") is that
    // finding at that site, so it needs the finding too. Categories ("symptoms of A, B or C")
    // are met by their members alone.
    const CATEGORIES: &[Concept] = &[Concept::Symptom, Concept::Comorbidity, Concept::ConservativeTherapy, Concept::Imaging, Concept::FunctionalLimitation, Concept::TreatmentFailure];
    for (g, group) in groups.iter_mut().enumerate() {
        let completes = region_groups.iter().any(|&(marker_start, rg)| rg == g && marker_start > 0 && tokens[marker_start - 1].lower == "of");
        if !completes {
            continue;
        }
        let heads: Vec<Term> = units
            .iter()
            .filter(|u| u.explained_by == Some(g))
            .filter_map(|u| match u.term {
                Term::Concept(c) if !CATEGORIES.contains(&c) && !c.is_measure() => Some(u.term.clone()),
                _ => None,
            })
            .collect();
        if heads.len() != 1 {
            continue;
        }
        for option in &mut group.options {
            if option.measure.is_none() && option.threshold.is_none() && !option.terms.is_empty() && option.terms.iter().all(|t| matches!(t, Term::Word(_))) {
                option.terms.push(heads[0].clone());
            }
        }
    }

    initialisms(tokens, found, &taken, quantity, a, b, &mut units, &mut groups);

    // "(for example, 2 times per week for 4 weeks)": an example's duration illustrates, it is not
    // a length the notes must show.
    let illustrative = |k: usize| {
        regions.iter().any(|r| r.start <= k && k < r.end && (r.marker_start..r.start).any(|m| matches!(tokens[m].lower.as_str(), "example" | "e.g" | "eg" | "instance")))
    };
    let duration = durations.iter().find(|d| inside(d.first) && !illustrative(d.first)).copied();
    let mut clause_measures: Vec<MeasureMention> = measures
        .iter()
        .filter(|m| inside(m.first) && !regions.iter().any(|r| r.start <= m.first && m.first < r.end))
        .copied()
        .collect();
    // "uncontrolled diabetes mellitus (hemoglobin A1c greater than 8.0%)": a parenthesis holding
    // one measure defines the words before it — a value the notes must reach, as well as the
    // reading of those words ("e.g." keeps it an example only).
    let defining = |g: usize, group: &AlternativeGroup| {
        region_groups.iter().any(|(m, rg)| *rg == g && regions.iter().any(|r| r.marker_start == *m && !illustrative(r.start)))
            && matches!(group.options.as_slice(), [o] if o.terms.is_empty() && o.measure.is_some() && o.threshold.is_none())
    };
    clause_measures.extend(groups.iter().enumerate().filter(|(g, group)| defining(*g, group)).filter_map(|(_, group)| group.options[0].measure));
    // Beside a measure, a parenthesis that explains no word restates the measure ("Age 18 or
    // older (skeletal maturity)"); it is not a second thing to find.
    if !clause_measures.is_empty() {
        let explaining: Vec<usize> = units.iter().filter_map(|u| u.explained_by).collect();
        groups = retain_groups(&mut units, groups, |g, _| !region_groups.iter().any(|(_, rg)| *rg == g) || explaining.contains(&g));
    }
    // "The primary bariatric procedure (type and approximate date) is documented": what a record
    // of it holds, not examples the notes must name.
    const RECORD_FIELDS: &[&str] = &["type", "date", "dates", "approxim", "name", "dose", "dosag", "frequenc", "durat", "locat", "site", "side", "result", "valu"];
    let record_fields = |g: &AlternativeGroup| g.options.iter().all(|o| o.measure.is_none() && o.threshold.is_none() && o.terms.iter().all(|t| matches!(t, Term::Word(w) if RECORD_FIELDS.iter().any(|f| w.starts_with(f)))));
    if groups.iter().any(record_fields) {
        let taken_groups = std::mem::take(&mut groups);
        groups = retain_groups(&mut units, taken_groups, |_, g| !record_fields(g));
    }
    let mut polarity = if negated_weight > affirmed_weight { Polarity::Absent } else { Polarity::Present };
    // "Acute low back pain of less than 6 weeks in the absence of red-flag conditions": a present
    // clinical finding qualified by what must be absent. Read as the finding, with the negated
    // words as a second part the notes must deny — not as a request for no back pain at all.
    let mut absent = Vec::new();
    // The same when the negated words trail the finding ("… low back pain of less than 6 weeks
    // without red flags"), however little they weigh.
    let affirmed_concept = units.iter().enumerate().any(|(i, u)| matches!(u.term, Term::Concept(_)) && u.weight >= CONCEPT_WEIGHT && !negated_unit[i]);
    let first_negated = negated_unit.iter().position(|n| *n);
    // A finding is a clinical concept or two words of one ("primary snoring without obstructive
    // sleep apnea").
    let trailing = first_negated.is_some_and(|f| {
        let before: f32 = units[..f].iter().enumerate().filter(|(i, _)| !negated_unit[*i]).map(|(_, u)| u.weight).sum();
        units[..f].iter().enumerate().any(|(i, u)| matches!(u.term, Term::Concept(_)) && u.weight >= CONCEPT_WEIGHT && !negated_unit[i]) || before >= 2.0
    });
    let affirmed_finding = affirmed_concept || trailing;
    if (polarity == Polarity::Absent || trailing) && affirmed_finding && first_negated.is_some() {
        let mut kept = Vec::new();
        for (i, u) in units.into_iter().enumerate() {
            if negated_unit[i] { absent.push(Unit { explained_by: None, ..u }) } else { kept.push(u) }
        }
        units = kept;
        polarity = Polarity::Present;
    }
    let count = policy_count(tokens, found, a, b);
    if count.is_some() {
        // "at least six monthly visits": the number is the count's, not a word to find.
        units.retain(|u| !matches!(&u.term, Term::Word(w) if super::quantity::number_word(w).is_some()));
    }
    // The values the clause names on a classification axis; an axis named with two values ("acute
    // or chronic") asks for neither.
    let named: Vec<(usize, usize)> = (a..b).filter_map(|k| qualifier_at(tokens, k)).collect();
    let mut qualifiers: Vec<(usize, usize)> = named.iter().copied().filter(|&(axis, group)| named.iter().all(|&(x, g)| x != axis || g == group)).collect();
    qualifiers.dedup();
    Clause { units, groups, duration, measures: clause_measures, thresholds: Vec::new(), polarity, current_only, accept_uncertain, about_history, about_family, negative_result, absent, within: None, count, qualifiers }
}

/// The groups `keep` accepts (by their index), with the units' `explained_by` renumbered to match.
fn retain_groups(units: &mut [Unit], groups: Vec<AlternativeGroup>, keep: impl Fn(usize, &AlternativeGroup) -> bool) -> Vec<AlternativeGroup> {
    let mut kept = Vec::new();
    let mut renumber = vec![None; groups.len()];
    for (g, group) in groups.into_iter().enumerate() {
        if keep(g, &group) {
            renumber[g] = Some(kept.len());
            kept.push(group);
        }
    }
    for u in units.iter_mut() {
        u.explained_by = u.explained_by.and_then(|g| renumber[g]);
    }
    kept
}

/// How severe a finding must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Mild,
    Moderate,
    Severe,
}

/// The severity a word states, if any.
pub fn severity_word(lower: &str) -> Option<Severity> {
    Some(match lower {
        "mild" | "mildly" | "minimal" | "minimally" | "minor" | "slight" | "slightly" | "early" | "trace" => Severity::Mild,
        "moderate" | "moderately" => Severity::Moderate,
        "severe" | "severely" | "advanced" | "marked" | "markedly" | "extensive" | "profound" | "end" => Severity::Severe,
        _ => return None,
    })
}

/// The least severity the words just before token `k` require ("moderate to severe" → moderate).
fn severity_before(tokens: &[Token<'_>], k: usize, floor: usize) -> Option<Severity> {
    let from = k.saturating_sub(4).max(floor);
    let mut found: Option<Severity> = None;
    for i in (from..k).rev() {
        if tokens[i + 1].gap.stop || tokens[i + 1].gap.comma {
            break;
        }
        if let Some(s) = severity_word(&tokens[i].lower) {
            found = Some(found.map_or(s, |f| f.min(s)));
        }
    }
    found.filter(|s| *s > Severity::Mild)
}

fn push_unit(units: &mut Vec<Unit>, term: Term, weight: f32, severity: Option<Severity>) {
    match units.iter_mut().find(|u| u.term == term) {
        Some(u) => {
            u.weight = u.weight.max(weight);
            u.severity = u.severity.or(severity);
        }
        None => units.push(Unit { term, weight, explained_by: None, severity }),
    }
}

/// "Chronic kidney disease" is written "CKD", "deep vein thrombosis" "DVT": a run of three to
/// five plain words (no concept, no punctuation between them) is also met by its initials — by
/// the last three words' as well when the run is longer ("advanced chronic kidney disease").
/// The initials are an alternative of no weight of their own that explains the run's words.
#[allow(clippy::too_many_arguments)]
fn initialisms(tokens: &[Token<'_>], found: &[Mention], taken: &[bool], quantity: &[bool], a: usize, b: usize, units: &mut [Unit], groups: &mut Vec<AlternativeGroup>) {
    let plain = |i: usize| i < b && !taken[i] && !quantity[i] && content_word(&tokens[i]) && !found.iter().any(|m| m.first <= i && i <= m.last);
    let mut k = a;
    while k < b {
        let mut end = k;
        while plain(end) && (end == k || tokens[end].gap_text.chars().all(char::is_whitespace)) {
            end += 1;
        }
        let run = k..end;
        k = end.max(k + 1);
        if !(3..=5).contains(&run.len()) {
            continue;
        }
        let indices: Option<Vec<usize>> = run
            .clone()
            .map(|i| {
                let term = Term::Word(word_stem(tokens, i));
                units.iter().position(|u| u.term == term && u.weight > 0.0)
            })
            .collect();
        let Some(indices) = indices else { continue };
        // (Stemmed as a note's word is: "ALS" is read "al".)
        let initials = |from: usize| -> String { super::tokens::clinical_stem(&(from..run.end).filter_map(|i| tokens[i].lower.chars().next()).collect::<String>()) };
        let mut options = vec![initials(run.start)];
        if run.len() > 3 {
            options.push(initials(run.end - 3));
        }
        let options = options.into_iter().map(|w| Alternative { terms: vec![Term::Word(w)], measure: None, threshold: None, denied: false, severity: None });
        match indices.first().map(|&i| units[i].explained_by) {
            Some(None) if indices.iter().all(|&i| units[i].explained_by.is_none()) => {
                let g = groups.len();
                groups.push(AlternativeGroup { options: options.collect(), weight: 0.0 });
                for i in indices {
                    units[i].explained_by = Some(g);
                }
            }
            // Words examples already explain ("amyotrophic lateral sclerosis (El Escorial or
            // revised Airlie House criteria)"), and only they: their initials are one more example.
            // (Not a gloss, one example alone: "growth hormone deficiency (GHD)" is as it was.)
            Some(Some(g))
                if indices.iter().all(|&i| units[i].explained_by == Some(g))
                    && units.iter().enumerate().all(|(i, u)| u.explained_by != Some(g) || indices.contains(&i))
                    && groups.get(g).is_some_and(|group| group.options.len() >= 2) =>
            {
                for o in options {
                    if !groups[g].options.contains(&o) {
                        groups[g].options.push(o);
                    }
                }
            }
            _ => {}
        }
    }
}

/// How many of a thing a clause asks for: "at least TWO semen analyses", "two or more
/// injections", "two separate diagnostic blocks", "a minimum of 3 readings" — a count of two or
/// more before a plural noun (the head of up to three words). Not a grouping ("at least two of
/// the following"), a length ("at least 2 weeks"), a rate ("2 times per week") or a value.
fn policy_count(tokens: &[Token<'_>], found: &[Mention], a: usize, b: usize) -> Option<Count> {
    const ORDINARY: &[&str] = &["separate", "distinct", "different", "documented", "consecutive", "prior", "previous", "additional", "independent", "sequential", "successive"];
    for k in a..b {
        let n = match tokens[k].number() {
            Some(n) if n >= 2.0 && n <= 10.0 && n.fract() == 0.0 => n as u32,
            _ => continue,
        };
        let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        let at_least = k >= 2 && lower(k - 2) == "at" && lower(k - 1) == "least" || k >= 2 && lower(k - 2) == "minimum" && lower(k - 1) == "of";
        let or_more = lower(k + 1) == "or" && lower(k + 2) == "more";
        let separate = ORDINARY[..3].contains(&lower(k + 1));
        if !(at_least || or_more || separate) {
            continue;
        }
        let mut i = if or_more { k + 3 } else { k + 1 };
        // The noun phrase: up to three words, ending at a plural noun.
        let mut head = None;
        while i < b && i < k + 6 {
            let t = &tokens[i];
            if t.gap.stop || t.gap.comma || t.gap.colon || (i > k + 1 && t.gap.open_paren) || t.stopword || !t.lower.chars().all(char::is_alphabetic) {
                break;
            }
            if !ORDINARY.contains(&t.lower.as_str()) {
                head = Some(i);
                // The first plural ends the phrase ("3 sinus infections treated with …"; "sinus",
                // "abscess", "pelvis" are no plurals).
                let plural = t.lower.ends_with('s') && !(t.lower.ends_with("ss") || t.lower.ends_with("us") || t.lower.ends_with("is"));
                if plural {
                    break;
                }
            }
            i += 1;
        }
        let h = head?;
        let word = tokens[h].lower.as_str();
        let unit = super::duration::DurationUnit::parse(word).is_some() || matches!(word, "times" | "levels" | "level" | "points" | "point");
        if unit || !word.ends_with('s') || tokens.get(h + 1).is_some_and(|t| t.lower == "per") {
            continue;
        }
        // "two kidney stone episodes", "3 episodes of pancreatitis": an episode is counted by what
        // happened, which is what notes name ("CT 4 mm L UVJ stone").
        let named = |i: usize| tokens.get(i).filter(|t| !t.stopword && !t.gap.stop && t.lower.len() > 2 && t.lower.chars().all(char::is_alphabetic) && !ORDINARY.contains(&t.lower.as_str()));
        let what = if matches!(word, "episodes" | "events" | "occurrences" | "occasions" | "instances" | "bouts") {
            if h > k + 1 && named(h - 1).is_some() {
                Some(h - 1)
            } else {
                // (past its adjectives: "episodes of acute pancreatitis")
                let mut i = h + 2;
                while i + 1 < b && named(i).is_some_and(|t| adjective(&t.lower) || matches!(t.lower.as_str(), "acute" | "severe" | "recurrent")) && named(i + 1).is_some() {
                    i += 1;
                }
                (lower(h + 1) == "of" && !tokens[h + 1].gap.stop).then_some(i).filter(|&i| i < b && named(i).is_some())
            }
        } else {
            None
        };
        let h_noun = what.unwrap_or(h);
        let label = match what {
            Some(i) if i < h => format!("{} {}", tokens[i].lower, tokens[h].lower),
            Some(i) => format!("{} of {}", tokens[h].lower, tokens[i].lower),
            None => tokens[h].lower.clone(),
        };
        let concept = found.iter().find(|m| m.first <= h_noun && h_noun <= m.last).map(|m| m.concept);
        return Some(Count { at_least: n, noun: tokens[h_noun].stem.clone(), label, concept });
    }
    None
}

/// The term a token starts (a concept mention or a content word), if any.
fn unit_at(tokens: &[Token<'_>], found: &[Mention], k: usize) -> Option<Term> {
    if let Some(m) = found.iter().find(|m| m.first <= k && k <= m.last) {
        return (!m.concept.is_measure()).then_some(Term::Concept(m.concept));
    }
    content_word(&tokens[k]).then(|| Term::Word(word_stem(tokens, k)))
}

fn mark_explained(units: &mut [Unit], tokens: &[Token<'_>], found: &[Mention], k: usize, group: usize) -> bool {
    let Some(term) = unit_at(tokens, found, k) else { return false };
    match units.iter_mut().find(|u| u.term == term) {
        Some(u) => {
            u.explained_by.get_or_insert(group);
            true
        }
        None => false,
    }
}

/// The token holding a named threshold's value.
fn threshold_value_at(tokens: &[Token<'_>], t: &NamedThreshold) -> usize {
    (t.first..=t.last).find(|&k| tokens[k].lower.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(t.first)
}

fn alternative(tokens: &[Token<'_>], found: &[Mention], measures: &[MeasureMention], thresholds: &[NamedThreshold], quantity: &[bool], a: usize, b: usize) -> Alternative {
    let mut terms = Vec::new();
    let measure = measures.iter().find(|m| m.first >= a && m.first < b.max(a + 1)).copied();
    let threshold = thresholds.iter().find(|t| (a..b.max(a + 1)).contains(&threshold_value_at(tokens, t))).cloned();
    for k in a..b {
        // The threshold's name is looked for with its value.
        let named = threshold.as_ref().is_some_and(|t| t.first.min(threshold_value_at(tokens, t).saturating_sub(t.keyword.len())) <= k && k <= t.last);
        if quantity[k] || named {
            continue;
        }
        if let Some(m) = found.iter().find(|m| m.first == k) {
            if !m.concept.is_measure() && !terms.contains(&Term::Concept(m.concept)) {
                terms.push(Term::Concept(m.concept));
            }
            continue;
        }
        if found.iter().any(|m| m.first < k && k <= m.last) {
            continue;
        }
        let t = &tokens[k];
        // "(… or requiring vasopressor support)": an example names what is required.
        if content_word(t) && !LIGHT_WORDS.contains(&t.lower.as_str()) && !CURRENT_WORDS.contains(&t.lower.as_str()) && t.lower != "requiring" {
            let term = Term::Word(word_stem(tokens, k));
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    let severity = (a..b).filter_map(|k| severity_word(&tokens[k].lower)).min().filter(|s| *s > Severity::Mild);
    let denied = (a..b).any(|k| matches!(tokens[k].lower.as_str(), "no" | "not" | "without" | "negative" | "absent"));
    Alternative { terms, measure, threshold, denied, severity }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concepts(c: &Clause) -> Vec<Concept> {
        c.units.iter().filter_map(|u| match u.term {
            Term::Concept(c) => Some(c),
            _ => None,
        }).collect()
    }

    #[test]
    fn concepts_words_and_boilerplate() {
        let c = read_condition("Documentation of failure of physical therapy for at least 6 weeks");
        assert_eq!(c.clauses.len(), 1);
        let clause = &c.clauses[0];
        assert_eq!(concepts(clause), [Concept::TreatmentFailure, Concept::PhysicalTherapy]);
        assert!(clause.units.iter().all(|u| u.weight > 0.0));
        assert_eq!(clause.duration.map(|d| d.describe()), Some("≥ 6 weeks".into()));
    }

    #[test]
    fn a_label_saying_what_kind_of_criterion_is_not_read() {
        assert_eq!(without_label("Contraindication: active malignancy."), "active malignancy.");
        assert_eq!(without_rationale("Body mass index (BMI) greater than 40 kg/m2 is a contraindication to listing."), "Body mass index (BMI) greater than 40 kg/m2");
        assert_eq!(without_rationale("Active smoking precludes surgery."), "Active smoking");
        assert_eq!(without_label("Contraindication/exclusion: history of pancreatitis."), "history of pancreatitis.");
        assert_eq!(without_label("Contraindication to TNF inhibitors: history of demyelinating disease."), "history of demyelinating disease.");
        assert_eq!(without_label("Not covered under this policy: positive airway pressure"), "positive airway pressure");
        assert_eq!(without_label("Active infection: fever and a raised CRP"), "Active infection: fever and a raised CRP", "a finding's name");
        assert_eq!(without_label("For patients with diabetes: A1c below 8%"), "For patients with diabetes: A1c below 8%");
    }

    #[test]
    fn tests_that_may_show_a_finding_are_its_alternatives() {
        assert_eq!(
            with_subjects_last("A polysomnogram or home sleep apnea test shows an AHI of 15 or more."),
            "an AHI of 15 or more (A polysomnogram or home sleep apnea test)."
        );
        assert_eq!(with_subjects_last("Documentation shows failure of PT or NSAIDs"), "Documentation shows failure of PT or NSAIDs");
    }

    #[test]
    fn a_suspended_preposition_gets_its_object() {
        assert_eq!(
            with_suspended_objects("Trial and failure of, intolerance to, or contraindication to metformin."),
            "Trial and failure of metformin or intolerance to metformin or contraindication to metformin."
        );
        assert_eq!(with_suspended_objects("Failure of PT or NSAIDs"), "Failure of PT or NSAIDs");
        assert_eq!(
            with_suspended_objects("Trial and failure of, or contraindication to, metformin."),
            "Trial and failure of metformin or contraindication to, metformin."
        );
    }

    #[test]
    fn an_exclusion_may_be_a_list_of_short_items() {
        let c = read_condition_for("Intracardiac mass, thrombus or vegetation", true);
        assert_eq!(c.clauses[0].groups.len(), 1);
        assert_eq!(c.clauses[0].groups[0].options.len(), 3, "any one of the three applies");
        assert!(c.clauses[0].units.is_empty());
        let c = read_condition_for("active systemic infection, or local infection at the injection site", true);
        assert!(c.clauses.iter().all(|clause| clause.groups.iter().all(|g| g.options.len() < 3)), "two items are two clauses");
    }

    #[test]
    fn or_splits_only_substantial_sides() {
        let c = read_condition("Active local or systemic infection");
        assert_eq!(c.clauses.len(), 1);
        assert!(!c.clauses[0].groups[0].is_core(), "a qualifier pair is light");
        let c = read_condition("acupuncture or biofeedback, for at least 2 months");
        assert!(c.clauses[0].groups[0].is_core(), "a pair of alternatives at the end is the substance");
        // Two medicines of one class the lexicon knows are read as that class, as NSAIDs are.
        let c = read_condition("propranolol or metoprolol, for at least 2 months");
        assert!(c.clauses.iter().all(|c| c.units.iter().any(|u| u.term == Term::Concept(Concept::BetaBlocker))));
        let c = read_condition("Physical therapy or a supervised home exercise program for at least 6 weeks");
        assert_eq!(c.clauses.len(), 2);
        assert!(c.clauses.iter().all(|c| c.duration.is_some()), "the duration applies to both sides");
        let c = read_condition("NSAIDs, acetaminophen, or intra-articular injection");
        assert_eq!(c.clauses.len(), 3);
        let c = read_condition("BMI ≥ 40 kg/m2, or BMI ≥ 35 kg/m2 with an obesity-related comorbidity");
        assert_eq!(c.clauses.len(), 2);
        assert_eq!(c.clauses[1].measures.len(), 1);
    }

    #[test]
    fn examples_are_alternatives_that_explain_their_head() {
        let c = read_condition("Radiographic evidence of advanced osteoarthritis (Kellgren-Lawrence grade 3 or 4, or severe joint space narrowing)");
        let clause = &c.clauses[0];
        assert_eq!(clause.groups.len(), 1);
        assert_eq!(clause.groups[0].options.len(), 2);
        assert!(clause.groups[0].options[0].measure.is_some());
        assert!(clause.measures.is_empty(), "a measure among examples is an alternative, not a requirement");
        let oa = clause.units.iter().find(|u| u.term == Term::Concept(Concept::Osteoarthritis)).unwrap();
        assert_eq!(oa.explained_by, Some(0));
    }

    #[test]
    fn a_comma_list_ending_in_or_lists_alternatives() {
        let c = read_condition("AHI of 5 to 14 events per hour with documented symptoms of excessive daytime sleepiness, impaired cognition, insomnia, hypertension or history of stroke");
        assert_eq!(c.clauses.len(), 1);
        let clause = &c.clauses[0];
        assert_eq!(clause.groups.len(), 1);
        assert_eq!(clause.groups[0].options.len(), 5);
        assert_eq!(clause.thresholds.len(), 1);
        let symptom = clause.units.iter().find(|u| u.term == Term::Concept(Concept::Symptom)).expect("symptoms");
        assert_eq!(symptom.explained_by, Some(0));
    }

    #[test]
    fn absence_and_currency() {
        let c = read_condition("No active infection");
        assert_eq!(c.clauses[0].polarity, Polarity::Absent);
        assert!(c.clauses[0].current_only);
        let c = read_condition("Failure to improve with conservative care");
        assert_eq!(c.clauses[0].polarity, Polarity::Present);
    }

    #[test]
    fn a_defined_term_is_met_by_its_name_or_its_definition() {
        let c = read_condition("chronic venous insufficiency, that is, leg swelling and skin changes worsened by standing");
        assert_eq!(c.clauses.len(), 2, "{c:?}");
        let quantified = read_condition("reduced lung function, meaning a DLCO of 40 or less");
        assert_eq!(quantified.clauses.len(), 1, "a quantified definition is the test: {quantified:?}");
        assert_eq!(quantified.clauses[0].thresholds.len(), 1);
    }

    #[test]
    fn what_does_not_qualify_is_not_looked_for() {
        let c = read_condition("Supervised physical therapy for at least 6 weeks. Home exercises alone do not satisfy this requirement");
        assert!(!concepts(&c.clauses[0]).contains(&Concept::HomeExercise), "{c:?}");
        assert_eq!(read_condition("surgeon- or physiatrist-directed physical therapy").clauses.len(), 1, "a suspended hyphen joins");
    }

    #[test]
    fn values_among_listed_examples_are_each_examples_own() {
        let c = read_condition("Low-grade lesion (TPS 0, TPS 1+, or TPS 2+ without amplification)");
        let clause = &c.clauses[0];
        assert!(clause.thresholds.is_empty(), "no single value is required: {c:?}");
        let options = &clause.groups[0].options;
        assert_eq!(options.iter().filter(|o| o.threshold.is_some()).count(), 3);
        assert!(options[2].denied && options[2].terms == [Term::Word("amplif".into())], "{:?}", options[2]);
        let one = read_condition("predominantly central apnea (central events greater than 50% of all events)");
        assert_eq!(one.clauses[0].thresholds.len(), 1, "a value alone in parentheses qualifies the clause");
    }

    #[test]
    fn a_value_after_a_connective_is_the_subjects_and_a_window_dates_it() {
        let c = read_condition("Forced vital capacity (FVC) has been measured by spirometry within the 6 months before the request and is 70% or more.");
        let clause = &c.clauses[0];
        assert_eq!(clause.thresholds.len(), 1, "{c:?}");
        assert_eq!(clause.thresholds[0].keyword, ["fvc"]);
        assert_eq!(clause.within, Some(180.0));
        assert_eq!(read_condition("FVC of 70% or more").clauses[0].within, None);
    }

    #[test]
    fn measure_only_criteria() {
        let c = read_condition("Age 18 years or older");
        assert_eq!(c.clauses.len(), 1);
        assert!(!c.clauses[0].has_concepts());
        assert_eq!(c.clauses[0].measures.len(), 1);
        assert!(read_condition("Meets all of the above").is_empty());
    }

    #[test]
    fn like_items_joined_by_or_stay_one_phrase() {
        let c = read_condition("Initial staging of clinical stage I or stage II breast cancer, or of localized prostate cancer");
        assert_eq!(c.clauses.len(), 2, "{c:#?}");
        assert!(c.clauses[0].units.iter().any(|u| u.term == Term::Word("breast".into())));
    }

    #[test]
    fn a_verbs_negation_ends_at_a_comma_and_or() {
        let c = read_condition("Anticoagulation that will not be interrupted for the procedure, or an uncorrected coagulopathy or bleeding disorder");
        assert!(c.clauses.iter().all(|c| c.polarity == Polarity::Present), "{c:#?}");
        let c = read_condition("No active infection or malignancy");
        assert!(c.clauses.iter().all(|c| c.polarity == Polarity::Absent), "{c:#?}");
    }

    #[test]
    fn trailing_negated_words_are_what_must_be_absent() {
        let c = read_condition("Acute, uncomplicated low back pain of less than 6 weeks' duration without red flags");
        let clause = &c.clauses[0];
        assert_eq!(clause.polarity, Polarity::Present);
        assert!(clause.absent.iter().any(|u| u.term == Term::Word("flag".into())), "{clause:#?}");
    }

    #[test]
    fn a_present_finding_qualified_by_what_must_be_absent() {
        let c = read_condition("Acute low back pain of less than 4 weeks in the absence of the warning signs described in section 2");
        let clause = &c.clauses[0];
        assert_eq!(clause.polarity, Polarity::Present, "the back pain is asked for, not its absence");
        assert!(!clause.absent.is_empty(), "the warning signs must be documented as absent");
        assert!(clause.units.iter().all(|u| clause.absent.iter().all(|a| a.term != u.term)));
        let c = read_condition("No active infection");
        assert_eq!(c.clauses[0].polarity, Polarity::Absent);
        assert!(c.clauses[0].absent.is_empty());
    }

    #[test]
    fn the_policys_verdict_in_parentheses_is_nothing_to_find() {
        let c = read_condition_for("Platelet-rich plasma (PRP) is requested for the treatment of osteoarthritis of the knee (considered experimental/investigational).", true);
        let clause = &c.clauses[0];
        let words = |t: &Term| matches!(t, Term::Word(w) if w.starts_with("experiment") || w.starts_with("investig"));
        assert!(clause.groups.iter().all(|g| g.options.iter().all(|o| !o.terms.iter().any(words))), "{clause:#?}");
        assert!(clause.units.iter().any(|u| u.term == Term::Concept(Concept::Osteoarthritis) && u.explained_by.is_none()), "osteoarthritis itself is asked for");
    }
}
