//! The offline answer: extractive, from the passages retrieved for the question — one patient's,
//! already scoped by the handler — and nothing else.
//!
//! **Sentences.** Each passage is split into sentences ([`crate::text::sentences`]: "Dr.", "e.g.",
//! decimals such as "5.7" and list enumerators stay inside a sentence; a short heading ending in
//! a colon, such as "Impression:", is joined to the sentence after it). A report's layout splits
//! further: a line opening with a short label and a colon ("HDL cholesterol: 38 mg/dL", "O: Wt
//! 91.4 kg") is a sentence of its own, and a heading in capitals ("DIABETES CLINIC - FOLLOW-UP
//! NOTE", "LIPID PROFILE") answers nothing: it is the context of the sentences under it.
//!
//! **Support.** Each sentence is scored against the question two ways and the two are blended:
//!
//! `support = 0.5 × semantic + 0.5 × lexical`
//!
//! - *semantic* — the caller's sentence scorer gives the cosine similarity, in [-1, 1], of the
//!   question and the sentence (MiniLM embeddings in the runtime), rescaled so that 0.2 and below
//!   is no support and 0.8 and above is full support: `clamp((s − 0.2) / 0.6, 0, 1)`. MiniLM
//!   rates unrelated sentences of the same clinical register at about 0.2, and a sentence that
//!   states what was asked at 0.5–0.8. A score that is missing or not a number counts 0.
//! - *lexical* — the share of the question's content words (stemmed, function words and words
//!   such as "my", "tell", "show" dropped) that the sentence contains, each weighted by its
//!   inverse frequency among the candidate sentences (so the rare, specific word of a question
//!   counts most, and a word no sentence contains lowers every sentence's share). Clinical
//!   shorthand is expanded before matching, so "blood pressure" finds "BP", and a question asking
//!   what something showed matches a sentence that reports a finding ("Impression: …", "benign").
//!   A word found only in the sentence's context — its document's title, the heading in capitals
//!   it stands under, what the glossary says its terms are ("HDL" is "good" cholesterol,
//!   furosemide "a water tablet") — counts half. A month or year the question names only narrows
//!   (see *Out of scope*): as a word it would count against every sentence, records giving dates
//!   in digits. A sentence that only plans a test or visit ("Annual influenza vaccine
//!   recommended", "Thyroid ultrasound due 05/2024") counts 0.7 times as much for a question
//!   asking for a result, unless the question asks for the plan. A question's word that no
//!   sentence has and that is one edit (two, for eight letters or more) from exactly one nearest
//!   word the sentences have is read as that word ("cholestrol"). A question word that names a
//!   value by its kind ("level", "score", "count", "reading", "dose", …) is met by a sentence that
//!   states a number (not a date, a year or a list's enumerator): records write "C3 62 mg/dL",
//!   not "C3 level". Likewise a word that names a medicine by its kind ("medicine", "pill",
//!   "steroid", "vaccine", …) is met by a sentence naming one — a generic name by its INN stem or
//!   from the common list, or a dose ("methylprednisolone 1 g IV"). A common brand is also its
//!   generic name ("Plaquenil" finds "hydroxychloroquine", [`scope::generic_of`]), and a joined
//!   word's parts are words of their own ("anti-dsDNA" has "dsDNA").
//!
//! The two are weighed alike: the embedding finds paraphrase ("cholesterol" / "LDL"), which words
//! miss; the words keep an answer anchored to what was asked, since a small embedding model rates
//! many clinical sentences alike. A sentence answers when its support is at least
//! [`SUPPORT_THRESHOLD`] (0.37): one sharing no word with the question needs a similarity of
//! 0.64, a close paraphrase; one without semantic support needs 74% of the question's weighted
//! words. A question word no sentence contains (the "colonoscopy" of records that have none)
//! weighs most, so a sentence matching only the question's generic words ("history") does not
//! answer it: when in doubt the answer is "not in your records", never a guess. The retriever's
//! score only breaks ties (its scale differs by retriever).
//!
//! **Choice.** Whether to answer rests on support alone. Which sentences answer: support fitted
//! to what the question asks for — a question asking for a value ("how much", "what dose", "my
//! potassium level") ranks a sentence without a number 0.7 times lower (a list's enumerator, the
//! "4." of "4. Skin prick testing", is no number), one asking for now ("now", "latest",
//! "last", "current") ranks sentences of older records among those that could answer 0.7 times
//! lower, one asking for the first ("first", "at the start", "baseline", "initially") those of
//! newer records, and one asking for the highest or lowest ("my lowest CD4", "peak") those whose
//! first number is not the extreme among the sentences that would answer. The best sentence and
//! up to three more whose fitted support is at least three quarters of it (each answering on its own), near-duplicates (overlapping chunks repeat
//! sentences) left out; by document, the best-supported document first, sentences in the
//! document's order.
//!
//! **Phrasing.** For a patient, plain language: "Your <title> from <date> says: …", shorthand
//! expanded and terms explained the first time ([`super::glossary`]). For a doctor, the sentences
//! quoted as written with the document and its date. Either way the answer is only what the
//! passages say; no general medical knowledge is added.
//!
//! **Out of scope** ([`super::scope`]). Before any sentence is weighed: a question asking for
//! general knowledge ("how does metformin work", "is asthma passed down in families", "what
//! causes MS" with nothing of the patient in it) or about someone else's test or visit ("my
//! wife's blood pressure") is not answered from the records; one asking about a relative ("does
//! my sister have MS too") is answered only by sentences naming that relative, and one asking
//! for a cost, a time of day or a telephone number only by sentences giving one; one naming an
//! organ, an antibody class or a disease (by its shape, "-itis", "-oma") that no retrieved
//! sentence, title or glossary meaning holds ("did they check my eyes" in a skin patient's
//! records) is not answered by the look-alikes; a
//! question naming a kind of test, scan or vaccine that no retrieved sentence names ("my breast
//! MRI", "the shingles vaccine", "my holter", "the BRCA test") is not answered by the other
//! results, and is answered only by sentences naming that kind (in the sentence or its document's
//! title); nor is a question naming a medicine by its generic name ("oxycodone",
//! "methotrexate") that no retrieved sentence or title names, or one about a scan or biopsy of a part of the body ("my thyroid
//! ultrasound") that none names; a question naming a year
//! or a month is answered only by sentences of that year or month, and one naming a side not by
//! sentences about the other side only ("X-ray R knee" for "my left knee").
//!
//! **Headers.** A report's header lines ("Date: …", "Patient: …", "Reported by: …", "Surgeon: …",
//! and a date's label, "Date of surgery: 04/18/2023", "Clinic date: …") are left out of the
//! sentences unless the question asks who or when: their many words make them look related to
//! any question, and they answer nothing else.
//!
//! **How a question asks** (nineteenth session, from the `dev3` set's misses). The words that only
//! make a question — "what's", "how much", "how many", "very", "while", light verbs ("what did
//! they give me", "what coil did I get fitted", "how long was I supposed to stay on it") and the
//! extreme asked for ("highest", "biggest", "longest", "best"; "biggest"/"largest"/"longest" and
//! "smallest"/"shortest" rank the extreme value like "highest"/"lowest") — are not words to find
//! ([`super::conversation::QUESTION_WORDS`]). A visit named to say which record ("at my first
//! psych appointment", "at the December physio check") is not a word to find either when the
//! question has others: "first", "last" and the month choose the record. British and American
//! spellings are one word ("haemoglobin", "oesophagus", "tumour", "coeliac"). "A&E", "ED" and
//! "ER" are where the patient came in ("emergency"; matched only, never expanded in an answer,
//! "ER" being also "extended release"). A joined word's single letters are parts too ("D-dimer"
//! holds the "d" of "d dimer"). A medicine asked by how it is given or what it is ("the epidural
//! shot", "my eye injections", "which chemo", "what supplement") is met by a sentence naming a
//! medicine, a chemotherapy regimen ("CAPOX", "FOLFOX") included; in a record those words name
//! a procedure, not a medicine. A value is stated by a number that is not a reference range
//! ("(ref <20 ng/L)") and not in a line ending in a colon, which introduces values; "38,600"
//! is one number; two rows of a series with different values are not duplicates. A question
//! asking which one or where ("which disc level was herniated", "which artery was blocked")
//! presumes it was there: a sentence that only denies it (each mention negated by the
//! clinical-context engine: "no disc herniation") ranks lower. A patient's yes/no question
//! speaking neither of them nor of a record ("do herniated discs shrink on their own") is
//! general knowledge.
//!
//! **Not answered.** When no sentence reaches the threshold the answer says the records do not
//! contain it ("… not in your records …" for a patient, "… not found in this patient's records
//! …" for a doctor), names what was searched, and lists as sources the passages searched: the API
//! lists sources on every answer, and those are what the "no" rests on.
//!
//! **Bounds.** At most [`MAX_PASSAGES`] passages, each read to [`MAX_PASSAGE_BYTES`], at most
//! [`MAX_CANDIDATES`] sentences of at most [`MAX_SENTENCE_CHARS`] characters reach the scorer.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::conversation::{ChatSource, QUESTION_WORDS};
use super::glossary::{expand_shorthand, meanings, plain_language};
use super::scope;
use super::{clip_chars, shorten};
use crate::health::critical::words::{EDIT, distance};
use crate::text::{is_stopword, sentences, starts_list_item, stem, without_parentheses, words};

/// Weight of the semantic score in the blend (the lexical share takes the rest).
pub const SEMANTIC_WEIGHT: f32 = 0.5;
/// Similarity at or below this is no semantic support…
pub const SEMANTIC_FLOOR: f32 = 0.2;
/// …and at or above this full support.
pub const SEMANTIC_CEILING: f32 = 0.8;
/// The least support a sentence needs to answer.
pub const SUPPORT_THRESHOLD: f32 = 0.37;
/// Further sentences need this share of the best sentence's support.
pub const RELATIVE_SUPPORT: f32 = 0.75;
/// At most this many sentences make an answer.
pub const MAX_SENTENCES: usize = 4;
pub const MAX_PASSAGES: usize = 32;
pub const MAX_PASSAGE_BYTES: usize = 16 * 1024;
pub const MAX_CANDIDATES: usize = 400;
pub const MAX_SENTENCE_CHARS: usize = 500;
/// Two sentences sharing this share of their words are the same sentence.
const DUPLICATE_OVERLAP: f32 = 0.8;
/// How much a question word found only in a sentence's context (title, section heading, the
/// glossary's meanings) counts.
const CONTEXT_WEIGHT: f32 = 0.5;
/// A heading joined to the next sentence has at most this many words.
const HEADING_WORDS: usize = 6;

/// Who asks: a patient is answered in plain language, a doctor in the records' own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Patient,
    Doctor,
}

/// A retrieved passage of the patient's records.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub document_id: String,
    pub chunk_id: String,
    /// The document's title (its file name).
    pub title: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// The retriever's score (only breaks ties).
    pub retrieval_score: f32,
}

impl Passage {
    fn source(&self) -> ChatSource {
        ChatSource { title: self.title.clone(), date: self.date, document_id: self.document_id.clone(), chunk_id: self.chunk_id.clone() }
    }
}

/// The answer and what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractiveAnswer {
    pub response: String,
    /// The passages whose sentences were used, each once, in the order the answer uses them; when
    /// nothing answered, the passages searched.
    pub sources: Vec<ChatSource>,
    /// Whether a sentence answered the question.
    pub answered: bool,
}

/// A sentence that may answer.
struct Candidate {
    passage: usize,
    /// Its position in the passage.
    position: usize,
    text: String,
    terms: HashSet<String>,
    /// The terms of what the sentence stands under — its document's title and its section's
    /// heading ("LIPID PROFILE") — and of what the glossary says its terms are; they count
    /// [`CONTEXT_WEIGHT`] as much as its own words.
    context: HashSet<String>,
    support: f32,
}

/// The answer to `question` from `passages` for `audience`. `score_sentences(question, sentences)`
/// gives each sentence's semantic similarity to the question, in [-1, 1].
pub fn answer(
    question: &str,
    audience: Audience,
    passages: &[Passage],
    score_sentences: &dyn Fn(&str, &[&str]) -> Vec<f32>,
) -> ExtractiveAnswer {
    let passages = &passages[..passages.len().min(MAX_PASSAGES)];
    if scope::asks_general_knowledge(question)
        || audience == Audience::Patient && scope::asks_general_yes_no(question)
        || scope::asks_about_someone_else(question)
    {
        return not_answered(audience, passages);
    }
    let mut candidates = candidates(passages, !asks_who_or_when(question));
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    if !scope::missing_kinds(question, &texts).is_empty() {
        return not_answered(audience, passages);
    }
    let with_titles: Vec<String> = candidates.iter().map(|c| with_title(&passages[c.passage].title, &c.text)).collect();
    if !scope::missing_medicines(question, &with_titles).is_empty() || scope::missing_body_part(question, &with_titles) {
        return not_answered(audience, passages);
    }
    let specific: HashSet<String> = scope::specific_words(question).iter().map(|w| term(w)).collect();
    if repaired(specific, &candidates).iter().any(|term| !candidates.iter().any(|c| c.terms.contains(term) || c.context.contains(term))) {
        return not_answered(audience, passages);
    }
    let years = scope::years_named(question);
    let year_bounds = scope::year_bounds(question);
    let months = scope::months_named(question);
    let side = scope::side_named(question);
    let relative = scope::relative_asked(question);
    let detail = scope::detail_asked(question);
    let mut titled = with_titles.iter();
    candidates.retain(|c| {
        let with_title = titled.next().map_or("", String::as_str);
        scope::fits_years(&years, &c.text, passages[c.passage].date)
            && scope::fits_year_bounds(&year_bounds, passages[c.passage].date)
            && scope::fits_months(&months, &c.text, passages[c.passage].date)
            && side.is_none_or(|s| !scope::other_side_only(s, with_title))
            && scope::fits_kinds(question, with_title)
            && relative.is_none_or(|r| scope::names_relative(r, &c.text))
            && detail.is_none_or(|d| scope::gives_detail(d, &c.text))
    });
    let mut question_terms = content_terms(question, true);
    for word in scope::date_words(question) {
        question_terms.remove(&term(&word));
    }
    // "at my first psych appointment", "at the December physio check": the visit says which
    // record, and "first", "last" and the month already choose it; as a word it would count
    // against every sentence of the record (which does not repeat "appointment").
    let encounter: HashSet<String> = ENCOUNTER_WORDS.iter().map(|w| term(w)).collect();
    if !question_terms.is_subset(&encounter) {
        question_terms.retain(|t| !encounter.contains(t));
    }
    let question_terms = repaired(question_terms, &candidates);
    score(question, &question_terms, &mut candidates, score_sentences);
    let wants = Wanted::of(question);
    if asks_for_result(question, wants) {
        for candidate in candidates.iter_mut().filter(|c| is_plan(c)) {
            candidate.support *= UNFIT;
        }
    }

    // Whether to answer rests on support alone; which sentences answer, on support fitted to
    // what the question asks for.
    let best = candidates.iter().map(|c| c.support).fold(0.0, f32::max);
    if best < SUPPORT_THRESHOLD {
        return not_answered(audience, passages);
    }
    // The newest and the oldest record among those that could answer.
    let answering_dates = || candidates.iter().filter(|c| c.support >= SUPPORT_THRESHOLD).filter_map(|c| passages[c.passage].date);
    let span = (answering_dates().min(), answering_dates().max());
    let mut fitted: Vec<f32> = candidates.iter().map(|c| c.support * wants.fit(&c.text, passages[c.passage].date, span)).collect();
    if asks_which(question) {
        // "which disc was herniated" presumes one was: a sentence that only denies what is asked
        // ("T12-L1 through L3-L4: no disc herniation") is not where it was.
        for (i, c) in candidates.iter().enumerate() {
            if only_denies(&question_terms, &c.text) {
                fitted[i] *= UNFIT;
            }
        }
    }
    if let Some(highest) = wants.extreme {
        // "the lowest my C4 got", "my highest PSA": among the sentences that would answer, the
        // one whose value is the extreme ranks first (only among those: a value of another
        // measure ranked lower is not weighed against them).
        let answering = |i: usize| candidates[i].support >= SUPPORT_THRESHOLD;
        let first = (0..candidates.len()).filter(|&i| answering(i)).map(|i| fitted[i]).fold(0.0, f32::max);
        let values: Vec<(usize, f32)> = (0..candidates.len())
            .filter(|&i| answering(i) && fitted[i] >= first * RELATIVE_SUPPORT)
            .filter_map(|i| first_number(&candidates[i].text).map(|v| (i, v)))
            .collect();
        let extreme = values.iter().map(|&(_, v)| v).reduce(|a, b| if (b > a) == highest { b } else { a });
        if let (Some(extreme), true) = (extreme, values.len() >= 2) {
            for &(i, v) in &values {
                if v != extreme {
                    fitted[i] *= UNFIT;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        fitted[b]
            .total_cmp(&fitted[a])
            .then(passages[candidates[b].passage].retrieval_score.total_cmp(&passages[candidates[a].passage].retrieval_score))
            .then(a.cmp(&b))
    });
    // The best fitted support among sentences that could answer on their own.
    let top = order.iter().filter(|&&i| candidates[i].support >= SUPPORT_THRESHOLD).map(|&i| fitted[i]).fold(0.0, f32::max);
    let floor = SUPPORT_THRESHOLD.max(top * RELATIVE_SUPPORT);
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.len() == MAX_SENTENCES || fitted[i] < floor.min(top) {
            break;
        }
        if candidates[i].support < SUPPORT_THRESHOLD {
            continue;
        }
        if !chosen.iter().any(|&c| same_sentence(&candidates[c], &candidates[i])) {
            chosen.push(i);
        }
    }
    compose(audience, passages, &candidates, chosen)
}

/// What kind of answer a question asks for, beyond its words: a value ("how much", "what dose",
/// "my potassium level") is stated with a number; "now", "latest", "current" ask for the newest
/// record, "first", "at the start", "baseline" for the oldest. A sentence that does not give what
/// is asked is ranked lower, not dropped: it may be all the records hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wanted {
    value: bool,
    newest: bool,
    oldest: bool,
    /// `Some(true)` for the highest value, `Some(false)` for the lowest.
    extreme: Option<bool>,
}

/// Words asking for a value.
const ASKS_FOR_VALUE: &[&str] = &[
    "how much", "how many", "how big", "how large", "how long", "how far", "how high", "how low", "how heavy", "how tall",
    "dose", "dosage", "level", "number", "score", "reading", "count", "weigh", "weight", "size", "measure", "percent",
    "how strong", "what strength",
];
/// Words asking for the newest record.
const ASKS_FOR_NEWEST: &[&str] =
    &["now", "latest", "last", "recent", "most recent", "recently", "current", "currently", "these days", "today"];
/// Words asking for the oldest record.
const ASKS_FOR_OLDEST: &[&str] = &[
    "first", "very first", "initially", "initial", "originally", "original", "baseline", "to begin with", "at the start",
    "at the beginning", "when i started", "when i first", "start me on", "started me on", "put me on first",
];
/// How much lower a sentence ranks when it lacks what is asked.
const UNFIT: f32 = 0.7;

impl Wanted {
    fn of(question: &str) -> Wanted {
        let q = format!(" {} ", question.to_lowercase().replace(|c: char| !c.is_alphanumeric() && c != '\'', " "));
        let has = |phrases: &[&str]| phrases.iter().any(|p| q.contains(&format!(" {p} ")) || (p.len() > 4 && q.contains(&format!(" {p}"))));
        let newest = has(ASKS_FOR_NEWEST);
        let oldest = has(ASKS_FOR_OLDEST) && !q.contains(" first degree ") && !q.contains(" first place ");
        let extreme = match (
            has(&["highest", "peak", "maximum", "max", "how high did", "biggest", "largest", "longest"]),
            has(&["lowest", "minimum", "min", "how low did", "bottomed", "smallest", "shortest"]),
        ) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        Wanted { value: has(ASKS_FOR_VALUE) || extreme.is_some(), newest: newest && !oldest, oldest: oldest && !newest, extreme }
    }

    /// A multiplier of a sentence's support: 1 when it gives what is asked. `span` is the oldest
    /// and the newest date of the records that could answer.
    fn fit(self, text: &str, date: Option<NaiveDate>, span: (Option<NaiveDate>, Option<NaiveDate>)) -> f32 {
        let mut fit = 1.0;
        if self.value && !states_value(text) {
            fit *= UNFIT;
        }
        if self.newest && span.1.is_some() && date != span.1 || self.oldest && span.0.is_some() && date != span.0 {
            fit *= UNFIT;
        }
        fit
    }
}

/// Whether a question asks which one or where ("which artery was blocked", "where was the clot"):
/// it presumes what it asks about was there.
fn asks_which(question: &str) -> bool {
    words(question).first().is_some_and(|w| w.text.eq_ignore_ascii_case("which") || w.text.eq_ignore_ascii_case("where"))
}

/// Whether `text` denies something the question asks about: one of the question's terms is in
/// it, and each of its mentions is negated (the clinical-context engine's reading: "MRI T12-L1
/// through L3-L4: no disc herniation" denies a herniated disc, though it names the MRI).
fn only_denies(question_terms: &HashSet<String>, text: &str) -> bool {
    let mut negated: HashSet<String> = HashSet::new();
    let mut affirmed: HashSet<String> = HashSet::new();
    for word in words(text) {
        let t = term(&word.text.to_lowercase());
        if question_terms.contains(&t) {
            if crate::clinical_context::assess_span(text, word.start..word.end).negation == crate::clinical_context::Negation::Negated {
                negated.insert(t);
            } else {
                affirmed.insert(t);
            }
        }
    }
    negated.iter().any(|t| !affirmed.contains(t))
}

/// Words with which a record plans a test or visit rather than reporting one.
const PLANS: &[&str] = &[
    "recommend", "recommended", "recommends", "due", "book", "booked", "schedule", "scheduled", "planned", "refer",
    "referral", "repeat", "review", "recheck", "check", "monitor", "monitoring", "arrange", "arranged", "order", "ordered",
    "request", "requested", "follow-up", "f/u", "will", "annual", "annually", "thereafter", "surveillance",
];
/// Words with which a question asks for the plan itself.
const ASKS_FOR_PLAN: &[&str] =
    &["plan", "plans", "next", "recommend", "recommended", "due", "should", "need", "follow-up", "when is", "when's", "will"];

/// Whether a question asks what a test, visit or measurement gave ("what was my IgE", "what did
/// the scan show", "when did I have my flu jab") rather than what is planned.
/// `wants` is [`Wanted::of`] the question.
fn asks_for_result(question: &str, wants: Wanted) -> bool {
    let q = format!(" {} ", question.to_lowercase().replace(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '-' | '/'), " "));
    let has = |phrases: &[&str]| phrases.iter().any(|p| q.contains(&format!(" {p} ")));
    (wants.value || has(ASKS_FOR_FINDING) || has(&["was", "were", "did", "score", "grade", "category", "stage"])) && !has(ASKS_FOR_PLAN)
}

/// A sentence that only plans a test or visit ("Annual influenza vaccine recommended", "Thyroid
/// ultrasound due 05/2024", "6. Retinal screening - booked"): it says nothing of a result, so it
/// counts [`UNFIT`] as much for a question asking for one. One that also reports a finding
/// ("BI-RADS 3, probably benign; recommend follow-up") is not only a plan.
fn is_plan(candidate: &Candidate) -> bool {
    !candidate.terms.contains(FINDING)
        && words(&candidate.text).iter().any(|w| PLANS.contains(&w.text.to_lowercase().as_str()))
}

/// A sentence without its list's enumerator, after a heading joined to it or not ("Plan: 4. Skin
/// prick allergy testing" is "Skin prick allergy testing"): an enumerator is not a value.
fn without_enumerator(text: &str) -> &str {
    let item = text.split_once(": ").filter(|(heading, _)| heading.split_whitespace().count() <= HEADING_WORDS).map_or(text, |(_, rest)| rest);
    if starts_list_item(item) { item.trim_start().split_once([' ', '\t']).map_or("", |(_, rest)| rest) } else { text }
}

/// A sentence with its document's title before it, the title's file-name parts made words:
/// "2023-01-16-mri-right-knee.txt" names an MRI and a side.
fn with_title(title: &str, sentence: &str) -> String {
    let title: String = title.chars().map(|ch| if matches!(ch, '-' | '_' | '.') { ' ' } else { ch }).collect();
    format!("{title} {sentence}")
}

/// The sentences [`answer`] weighs in a passage of this text, before a question narrows them:
/// what an engine can embed ahead of any question, when the passage is indexed.
pub fn sentences_to_weigh(text: &str) -> Vec<String> {
    let passage = Passage { document_id: String::new(), chunk_id: String::new(), title: String::new(), date: None, text: text.to_string(), retrieval_score: 0.0 };
    candidates(std::slice::from_ref(&passage), true).into_iter().map(|c| c.text).collect()
}

/// Every passage's sentences, bounded (see the module doc); with `without_header`, a report's
/// header lines left out ([`without_header_lines`]).
fn candidates(passages: &[Passage], without_header: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    'passages: for (p, passage) in passages.iter().enumerate() {
        let text = clip_chars_bytes(&passage.text, MAX_PASSAGE_BYTES);
        let mut heading: Option<String> = None;
        let title = with_title(&passage.title, "");
        let mut context = content_terms(&title, false);
        let pieces = sentences(text).into_iter().flat_map(|sentence| {
            let kept = if without_header { without_header_lines(sentence.text) } else { sentence.text.to_string() };
            layout_pieces(&kept)
        });
        for (position, piece) in pieces.enumerate() {
            let piece = match piece {
                Piece::Heading(section) => {
                    context = content_terms(&format!("{title} {section}"), false);
                    continue;
                }
                Piece::Text(t) => t,
            };
            let flat = piece.split_whitespace().collect::<Vec<_>>().join(" ");
            if flat.ends_with(':') && flat.split_whitespace().count() <= HEADING_WORDS {
                heading = Some(match heading.take() {
                    Some(h) => format!("{h} {flat}"),
                    None => flat,
                });
                continue;
            }
            let joined = match heading.take() {
                Some(h) => format!("{h} {flat}"),
                None => flat,
            };
            let terms = content_terms(&joined, false);
            if terms.is_empty() {
                continue;
            }
            if out.len() == MAX_CANDIDATES {
                break 'passages;
            }
            // What the glossary says its terms are ("HDL" is "good" cholesterol) is context too.
            let explained = content_terms(&meanings(&joined), false);
            let context = context.union(&explained).filter(|t| !terms.contains(*t)).cloned().collect();
            out.push(Candidate { passage: p, position, text: shorten(&joined, MAX_SENTENCE_CHARS), terms, context, support: 0.0 });
        }
    }
    out
}

/// A piece of a sentence as a report's layout sets it apart.
enum Piece {
    /// A heading in capitals: context for what follows, not an answer.
    Heading(String),
    Text(String),
}

/// A sentence's pieces as a report's layout sets them apart: a line opening with a short label and
/// a colon ("HDL cholesterol: 38 mg/dL (ref >40) L", "O: Wt 91.4 kg, BMI 33.1") starts a piece of
/// its own, and a heading in capitals ("DIABETES CLINIC - FOLLOW-UP NOTE", "LIPID PROFILE") is no
/// answer: it names what follows and answers nothing, yet its words look related to any question
/// about the document, so it is the context of the sentences under it instead.
fn layout_pieces(sentence: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current = String::new();
    for line in sentence.lines() {
        let heading = is_capitals_heading(line);
        if (heading || opens_with_label(line)) && !current.trim().is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut current)));
        }
        if heading {
            current.clear();
            pieces.push(Piece::Heading(line.trim().to_string()));
            continue;
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.trim().is_empty() {
        pieces.push(Piece::Text(current));
    }
    pieces
}

/// A line in capitals that names a section or a report: at least four letters outside
/// parentheses, none of them lower case, no digit outside parentheses ("FEV1/FVC 0.68" is a
/// row), no colon (a "FINDINGS:" heading is joined to what it heads; "ALLERGIES: PENICILLIN"
/// states something) and no closing full stop.
fn is_capitals_heading(line: &str) -> bool {
    let line = line.trim();
    let mut depth = 0usize;
    let mut letters = 0;
    for ch in line.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if ch.is_lowercase() || ch.is_ascii_digit() => return false,
            _ if ch.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    letters >= 4 && !line.contains(':') && !line.ends_with('.')
}

/// A line opening with a label of at most six words and a colon, the label starting with a
/// letter ("Feet: skin intact", "Labs (2023-02-06): HbA1c 8.9 %"), not a time ("07:45").
fn opens_with_label(line: &str) -> bool {
    let line = line.trim_start();
    let Some(colon) = line.find(':') else { return false };
    let label = &line[..colon];
    let after = &line[colon + 1..];
    label.len() <= 40
        && label.starts_with(|c: char| c.is_alphabetic())
        && (1..=6).contains(&label.split_whitespace().count())
        && !without_parentheses(label).contains(['.', ',', ';'])
        && after.starts_with(char::is_whitespace)
        && !after.trim().is_empty()
}

/// A sentence without the lines of a report's header ("Date: 2023-02-08", "Patient: Ms. B, 52
/// years old F", "Reported by: Dr. T."): they say who and when, and a question about anything
/// else is not answered by them, though their many words make them look related to any question.
fn without_header_lines(sentence: &str) -> String {
    sentence.lines().filter(|line| !is_header_line(line)).collect::<Vec<_>>().join("\n")
}

/// Labels of a report's header: who wrote, ordered or signed it, whom it is about, when and how.
const HEADER_LABELS: &[&str] = &[
    "date", "time", "patient", "name", "dob", "mrn", "collected", "received", "ordering", "ordered by", "requested by",
    "referred by", "clinician", "physician", "provider", "consultant", "reported by", "validated by", "graded by",
    "signed", "electronically signed", "verified by", "accession", "report date", "exam date", "study date", "surgeon",
    "assistant", "dictated by", "typed by",
];

/// A line that is a header field: a label of [`HEADER_LABELS`] before a colon near its start, or
/// the label of the record's own date ("Date of surgery: 04/18/2023", "Clinic date: 08/03/2022";
/// not a date to come, "Next review date: …", "Due date: …", which is what a record says).
fn is_header_line(line: &str) -> bool {
    let line = line.trim();
    let Some(colon) = line.find(':') else { return false };
    let label = line[..colon].trim().to_lowercase();
    let to_come = ["next", "due", "review", "return", "follow", "appointment", "expected", "planned"].iter().any(|w| label.contains(w));
    colon <= 24 && HEADER_LABELS.contains(&label.as_str())
        || colon <= 40 && (label.starts_with("date of ") || label.ends_with(" date")) && !to_come && !label.contains(['(', ','])
}

/// Whether a question asks who did something or when.
fn asks_who_or_when(question: &str) -> bool {
    words(question).iter().any(|w| {
        matches!(
            w.text.to_lowercase().as_str(),
            "who" | "whom" | "when" | "date" | "dated" | "doctor" | "doctors" | "clinician" | "physician" | "surgeon" | "ordered" | "signed" | "day"
        )
    })
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn clip_chars_bytes(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The stemmed content words of `text` and of its shorthand expanded; a question also drops the
/// words that only make it a question ("tell", "my"). A question asking what something showed
/// ([`ASKS_FOR_FINDING`]) and a sentence reporting a finding ([`REPORTS_FINDING`]) share the
/// term [`FINDING`], so "What did my mammogram show?" matches "Impression: BI-RADS 2, benign".
fn content_terms(text: &str, is_question: bool) -> HashSet<String> {
    let text = clip_chars(text, 4 * MAX_SENTENCE_CHARS.max(super::conversation::MAX_MESSAGE_CHARS));
    // "A&E" is the emergency department (its "&" would split it into two letters).
    let text = &text.replace("A&E", "ED").replace("a&e", "ED");
    let expanded = expand_shorthand(text);
    let mut terms = HashSet::new();
    if !is_question && states_value(text) {
        terms.insert(VALUE.to_string());
    }
    if !is_question && scope::names_a_medicine(text) {
        terms.insert(MEDICINE.to_string());
    }
    for word in [text, expanded.as_str()].into_iter().flat_map(words) {
        // "ED", "ER" and "A&E" are where a patient came in: one term with "emergency". (Not
        // expanded in an answer: "ER" is also "extended release".)
        if matches!(word.text, "ED" | "ER") || is_question && matches!(word.text, "ed" | "er") {
            terms.insert(term("emergency"));
        }
        let word = word.text.to_lowercase().replace('’', "'");
        if is_question && ASKS_FOR_FINDING.contains(&word.as_str()) {
            terms.insert(FINDING.to_string());
            continue;
        }
        if is_question && VALUE_WORDS.contains(&word.as_str()) {
            terms.insert(VALUE.to_string());
            continue;
        }
        if is_question && ASKED_MEDICINE_WORDS.contains(&word.as_str()) {
            terms.insert(MEDICINE.to_string());
            continue;
        }
        if MEDICINE_WORDS.contains(&word.as_str()) {
            terms.insert(MEDICINE.to_string());
            if is_question {
                continue;
            }
        }
        if !is_question && VALUE_WORDS.contains(&word.as_str()) {
            terms.insert(VALUE.to_string());
        }
        if !is_question && REPORTS_FINDING.contains(&word.as_str()) {
            terms.insert(FINDING.to_string());
        }
        if is_stopword(&word) || is_question && QUESTION_WORDS.contains(&word.as_str()) || matches!(word.as_str(), "no" | "not" | "without") {
            continue;
        }
        terms.insert(term(&word));
        // "Plaquenil" is found as "hydroxychloroquine".
        if let Some(generic) = scope::generic_of(&word) {
            terms.insert(term(generic));
        }
        // "anti-dsDNA" is found by "dsDNA", "HIV-1" by "HIV": a joined word's parts are terms too.
        if word.contains(['-', '/']) {
            // (Single letters too: "D-dimer" holds the "d" of "d dimer".)
            for part in word.split(['-', '/']).filter(|p| !p.is_empty() && !is_stopword(p) && p.chars().any(char::is_alphabetic)) {
                terms.insert(term(part));
            }
        }
    }
    terms
}

/// Words naming a visit or appointment, which a question uses to say which record it means.
const ENCOUNTER_WORDS: &[&str] = &["appointment", "appt", "visit", "clinic", "check", "checkup", "consultation", "review"];

/// The term of a lower-case word: British spelling read as American ("haemoglobin" is
/// "hemoglobin", "oesophagus" "esophagus", "tumour" "tumor" — a question and its records may
/// spell differently), then stemmed; the stemmer keeps the verb and the noun apart ("weigh",
/// "weight"), and "A1c" is short for "HbA1c".
fn term(lowercase_word: &str) -> String {
    let spelt = crate::text::american(lowercase_word);
    match stem(&spelt).as_str() {
        "weigh" => "weight".to_string(),
        "a1c" => "hba1c".to_string(),
        other => other.to_string(),
    }
}

/// A question's terms with a misspelt word ("cholestrol", "mamogram") replaced by the word of the
/// candidate sentences it is one edit from (two for words of eight letters or more; the critical
/// check's weighted distance, [`crate::health::critical::words::distance`]), when no
/// sentence has the word as written and exactly one nearest word is found. Words under five
/// letters are kept as written: too many short words are one edit apart.
fn repaired(question_terms: HashSet<String>, candidates: &[Candidate]) -> HashSet<String> {
    let vocabulary: HashSet<&str> = candidates.iter().flat_map(|c| c.terms.iter().chain(c.context.iter())).map(String::as_str).collect();
    question_terms
        .into_iter()
        .map(|term| {
            let length = term.chars().count();
            if length < 5 || vocabulary.contains(term.as_str()) || term.chars().any(|c| c.is_ascii_digit()) {
                return term;
            }
            let budget = if length >= 8 { 2 * EDIT } else { EDIT };
            let letters: Vec<char> = term.chars().collect();
            let mut nearest: Vec<(u32, &str)> = vocabulary
                .iter()
                .filter(|v| v.chars().count().abs_diff(length) <= 2 && !v.chars().any(|c| c.is_ascii_digit()))
                .map(|v| (distance(&letters, v, budget), *v))
                .filter(|(d, _)| *d <= budget)
                .collect();
            nearest.sort();
            match nearest.as_slice() {
                [(d, word), rest @ ..] if rest.first().is_none_or(|(next, _)| next > d) => (*word).to_string(),
                _ => term,
            }
        })
        .collect()
}

/// The term shared by a question asking for a result and a sentence giving one (not a word).
const FINDING: &str = "<finding>";
/// The term shared by a question asking for a value by its kind ("my C3 level", "my EDSS score",
/// "what dose") and a sentence stating a number ("Complement C3 62 mg/dL"): the kind word is
/// what the number is, and records rarely write it.
const VALUE: &str = "<value>";
/// The term shared by a question asking for a medicine by its kind ("what HIV medicine", "which
/// pneumonia vaccine", "what steroid") and a sentence naming one ("Switched to
/// bictegravir/emtricitabine/TAF", "methylprednisolone 1 g IV"): records name the medicine, not
/// the kind.
const MEDICINE: &str = "<medicine>";
/// Words that name a medicine by its kind.
const MEDICINE_WORDS: &[&str] = &[
    "medicine", "medicines", "medication", "medications", "meds", "drug", "drugs", "pill", "pills", "tablet", "tablets", "vaccine",
    "vaccines", "vaccination", "jab", "antibiotic", "antibiotics", "steroid", "steroids", "inhaler", "inhalers",
];
/// Words with which a question asks for a medicine by how it is given or what it is ("the
/// epidural shot", "my eye injections", "which chemo", "what supplement"); in a record they name
/// a procedure or a plan ("EPIDURAL STEROID INJECTION", "adjuvant chemotherapy discussed"), not
/// a medicine.
const ASKED_MEDICINE_WORDS: &[&str] =
    &["jabs", "shot", "shots", "injection", "injections", "drops", "supplement", "supplements", "chemo", "chemotherapy"];
/// Question words that name a value by its kind.
const VALUE_WORDS: &[&str] = &[
    "level", "levels", "score", "scores", "count", "counts", "reading", "readings", "value", "values", "number", "amount",
    "dose", "dosage", "strength", "measurement", "measurements",
];

/// The first number a sentence states as a value ("CD4 absolute 412 cells/uL" is 412, "C4 14 mg/dL"
/// 14: a name's digits are no value), a comparison sign before it dropped.
fn first_number(text: &str) -> Option<f32> {
    without_thousands_separators(without_enumerator(text))
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .map(|t| t.trim_start_matches(['<', '>', '=', '~']).trim_end_matches(['.', '%']))
        .find_map(|t| t.parse::<f32>().ok().filter(|v| v.is_finite()))
}

/// `text` with the commas that group thousands removed ("38,600 ng/L" is 38600), not those
/// between values ("Hb 124, Plt 301").
fn without_thousands_separators(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let grouping = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
        if !grouping {
            out.push(c);
        }
    }
    out
}

/// Whether a sentence states a value: a number that is not a list's enumerator, a date, a year
/// or a reference range ("(ref <20 ng/L)", "(normal 0.4-4.0)"); a line ending in a colon
/// ("TROPONIN SERIES (hs-Troponin I, ref <20 ng/L):") introduces values and states none.
fn states_value(text: &str) -> bool {
    if text.trim_end().ends_with(':') {
        return false;
    }
    without_reference_ranges(without_enumerator(text)).split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']')).any(|t| {
        let t = t.trim_matches(|c: char| matches!(c, ':' | '.' | '-'));
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let date = t.matches(['/', '-']).count() >= 2 && digits >= 4 || digits == 4 && t.len() == 4 && (t.starts_with("19") || t.starts_with("20"));
        digits > 0 && !date
    })
}

/// `text` without its parenthesised reference ranges: "(ref <20)", "(reference 3.5-5.1)",
/// "(normal <0.35)", "(range 15-200)".
fn without_reference_ranges(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let inside = &rest[open + 1..];
        let Some(close) = inside.find(')') else {
            rest = &rest[open..];
            break;
        };
        let content = inside[..close].trim_start().to_lowercase();
        if !["ref", "reference", "normal", "range"].iter().any(|w| content.starts_with(w)) {
            out.push_str(&rest[open..open + close + 2]);
        }
        rest = &inside[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Question words that ask what a test or visit found.
const ASKS_FOR_FINDING: &[&str] =
    &["show", "shows", "showed", "shown", "find", "found", "finding", "findings", "result", "results", "outcome", "reveal", "revealed",
      "conclude", "concluded", "conclusion"];
/// Words with which a report states a finding.
const REPORTS_FINDING: &[&str] = &[
    "impression", "finding", "findings", "result", "results", "conclusion", "diagnosis", "assessment", "bi-rads", "birads",
    "shows", "showed", "demonstrates", "demonstrated", "reveals", "revealed", "negative", "positive", "normal", "abnormal",
    "benign", "malignant", "unremarkable", "suspicious", "detected", "identified",
];

/// Each candidate's support (see the module doc).
fn score(
    question: &str,
    question_terms: &HashSet<String>,
    candidates: &mut [Candidate],
    score_sentences: &dyn Fn(&str, &[&str]) -> Vec<f32>,
) {
    if candidates.is_empty() {
        return;
    }
    let n = candidates.len() as f32;
    let idf: HashMap<&str, f32> = question_terms
        .iter()
        .map(|q| {
            let df = candidates.iter().filter(|c| c.terms.contains(q) || c.context.contains(q)).count() as f32;
            (q.as_str(), (1.0 + n / (df + 0.5)).ln())
        })
        .collect();
    let total: f32 = idf.values().sum();
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    let semantic = score_sentences(question, &texts);
    for (i, candidate) in candidates.iter_mut().enumerate() {
        let lexical = if total > 0.0 {
            let weight = |q: &String| if candidate.terms.contains(q) { 1.0 } else if candidate.context.contains(q) { CONTEXT_WEIGHT } else { 0.0 };
            question_terms.iter().map(|q| weight(q) * idf[q.as_str()]).sum::<f32>() / total
        } else {
            0.0
        };
        let similarity = semantic.get(i).copied().filter(|s| s.is_finite()).unwrap_or(0.0);
        let semantic_support = ((similarity - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR)).clamp(0.0, 1.0);
        candidate.support = SEMANTIC_WEIGHT * semantic_support + (1.0 - SEMANTIC_WEIGHT) * lexical;
    }
}

/// The same sentence seen twice (overlapping chunks), or one that contains the other.
fn same_sentence(a: &Candidate, b: &Candidate) -> bool {
    let shared = a.terms.intersection(&b.terms).count() as f32;
    let smaller = a.terms.len().min(b.terms.len()).max(1) as f32;
    // Two rows of a series ("Troponin 48 ng/L", "Troponin 38,600 ng/L") share their words, not their value.
    shared / smaller >= DUPLICATE_OVERLAP && first_number(&a.text) == first_number(&b.text)
}

/// The answer from the chosen sentences.
fn compose(audience: Audience, passages: &[Passage], candidates: &[Candidate], chosen: Vec<usize>) -> ExtractiveAnswer {
    // By document, in the order of each document's best sentence (`chosen` is best first).
    let mut documents: Vec<&str> = Vec::new();
    for &c in &chosen {
        let document = passages[candidates[c].passage].document_id.as_str();
        if !documents.contains(&document) {
            documents.push(document);
        }
    }
    let mut explained = HashSet::new();
    let mut parts = Vec::new();
    let mut sources: Vec<ChatSource> = Vec::new();
    for document in documents {
        let mut used: Vec<&Candidate> =
            chosen.iter().map(|&c| &candidates[c]).filter(|c| passages[c.passage].document_id == document).collect();
        used.sort_by(|a, b| passages[a.passage].chunk_id.cmp(&passages[b.passage].chunk_id).then(a.position.cmp(&b.position)));
        let passage = &passages[used[0].passage];
        for c in &used {
            let source = passages[c.passage].source();
            if !sources.iter().any(|s| s.document_id == source.document_id && s.chunk_id == source.chunk_id) {
                sources.push(source);
            }
        }
        let date = used.iter().find_map(|c| passages[c.passage].date);
        let part = match audience {
            Audience::Patient => {
                let body: Vec<String> = used.iter().map(|c| ended(&plain_language(&c.text, &mut explained))).collect();
                format!("{} {}", patient_heading(&passage.title, date), body.join(" "))
            }
            Audience::Doctor => {
                let body: Vec<String> = used.iter().map(|c| ended(&c.text)).collect();
                format!("{}: \"{}\"", doctor_citation(passage, date), body.join(" "))
            }
        };
        parts.push(part);
    }
    ExtractiveAnswer { response: parts.join("\n\n"), sources, answered: true }
}

/// The reply when no sentence answers.
fn not_answered(audience: Audience, passages: &[Passage]) -> ExtractiveAnswer {
    let mut sources: Vec<ChatSource> = Vec::new();
    for passage in passages {
        if !sources.iter().any(|s| s.document_id == passage.document_id && s.chunk_id == passage.chunk_id) {
            sources.push(passage.source());
        }
    }
    let mut documents: Vec<&Passage> = Vec::new();
    for passage in passages {
        if !documents.iter().any(|d| d.document_id == passage.document_id) {
            documents.push(passage);
        }
    }
    let response = match audience {
        Audience::Patient if documents.is_empty() => {
            "I couldn't find that: it is not in your records. None of your documents could be searched yet.".to_string()
        }
        Audience::Patient => {
            let named: Vec<String> = documents.iter().take(3).map(|d| patient_document(&d.title, d.date)).collect();
            format!(
                "I couldn't find that: it is not in your records. I searched {}, and they don't answer this question. \
                 Your doctor can help with questions your records don't answer.",
                listed(&named, documents.len())
            )
        }
        Audience::Doctor if documents.is_empty() => {
            "The answer was not found in this patient's records: no indexed document could be searched.".to_string()
        }
        Audience::Doctor => {
            let named: Vec<String> = documents.iter().take(3).map(|d| doctor_citation(d, d.date)).collect();
            format!(
                "The answer was not found in this patient's records. Searched {} passage{} of {}.",
                passages.len(),
                if passages.len() == 1 { "" } else { "s" },
                listed(&named, documents.len())
            )
        }
    };
    ExtractiveAnswer { response, sources, answered: false }
}

/// "a, b and c", or "a, b, c and 2 more".
fn listed(named: &[String], total: usize) -> String {
    let more = total.saturating_sub(named.len());
    let mut items: Vec<String> = named.to_vec();
    if more > 0 {
        items.push(format!("{more} more"));
    }
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A title as a patient reads it: the file name without its extension, `_` and `-` as spaces.
fn readable_title(title: &str) -> String {
    let stem = match title.rsplit_once('.') {
        Some((name, ext)) if (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) => name,
        _ => title,
    };
    let spaced: String = stem.chars().map(|c| if matches!(c, '_' | '-') { ' ' } else { c }).collect();
    shorten(&spaced.split_whitespace().collect::<Vec<_>>().join(" "), 80)
}

fn patient_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "your mammogram report (3 March 2025)".
fn patient_document(title: &str, date: Option<NaiveDate>) -> String {
    let title = readable_title(title);
    let name = if title.is_empty() { "a document".to_string() } else { format!("your {title}") };
    match date {
        Some(date) => format!("{name} ({})", patient_date(date)),
        None => name,
    }
}

/// "Your mammogram report from 3 March 2025 says:".
fn patient_heading(title: &str, date: Option<NaiveDate>) -> String {
    let title = readable_title(title);
    // "Your lab results say", "Your mammogram report says".
    let last = title.rsplit(' ').next().unwrap_or("").to_lowercase();
    let plural = last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("is") && !last.ends_with("us");
    let says = if plural { "say" } else { "says" };
    match (title.is_empty(), date) {
        (false, Some(date)) => format!("Your {title} from {} {says}:", patient_date(date)),
        (false, None) => format!("Your {title} {says}:"),
        (true, Some(date)) => format!("Your records from {} say:", patient_date(date)),
        (true, None) => "Your records say:".to_string(),
    }
}

/// "mammogram_2025.pdf (2025-03-03)".
fn doctor_citation(passage: &Passage, date: Option<NaiveDate>) -> String {
    let title = shorten(&passage.title, 120);
    let name = if title.is_empty() { passage.document_id.clone() } else { title };
    match date {
        Some(date) => format!("{name} ({})", date.format("%Y-%m-%d")),
        None => name,
    }
}

/// The sentence with closing punctuation.
fn ended(sentence: &str) -> String {
    let sentence = sentence.trim();
    if sentence.ends_with(['.', '!', '?', '…', ')', '"']) {
        sentence.to_string()
    } else {
        format!("{sentence}.")
    }
}

/// The response as stream tokens: each word with the whitespace after it (leading whitespace is a
/// token of its own). They concatenate back to the response exactly.
pub fn tokens(response: &str) -> impl Iterator<Item = &str> {
    let mut rest = response;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let after = &rest[word_end..];
        let end = word_end + after.find(|c: char| !c.is_whitespace()).unwrap_or(after.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the embedding model: the share of the question's content words in the sentence.
    fn lexical_scorer(question: &str, sentences: &[&str]) -> Vec<f32> {
        let q = content_terms(question, true);
        sentences
            .iter()
            .map(|s| {
                let s = content_terms(s, false);
                q.intersection(&s).count() as f32 / q.len().max(1) as f32
            })
            .collect()
    }

    fn no_semantics(_: &str, sentences: &[&str]) -> Vec<f32> {
        vec![0.0; sentences.len()]
    }

    fn passage(document: &str, chunk: u32, title: &str, date: Option<(i32, u32, u32)>, text: &str) -> Passage {
        Passage {
            document_id: document.into(),
            chunk_id: format!("{document}#{chunk:04}"),
            title: title.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            text: text.into(),
            retrieval_score: 1.0,
        }
    }

    fn patient_a() -> Vec<Passage> {
        vec![
            passage(
                "HD-A1",
                0,
                "mammogram_report.pdf",
                Some((2025, 3, 3)),
                "Bilateral screening mammogram. Impression:\nBI-RADS 2, benign findings. A stable benign cyst in the left breast. \
                 Recommend routine screening mammogram in 12 months.",
            ),
            passage(
                "HD-A2",
                0,
                "lab_results.pdf",
                Some((2025, 1, 20)),
                "Fasting lipid panel: LDL 3.1 mmol/L, HDL 1.4 mmol/L. HbA1c 5.7% (borderline). Reviewed by Dr. Patel, e.g. diet advice given.",
            ),
            passage(
                "HD-A3",
                0,
                "consult_note.txt",
                Some((2025, 2, 10)),
                "Pt is a 52 y/o woman with h/o fibroadenoma. BP 128/82. F/u in 6 months with repeat labs.",
            ),
        ]
    }

    fn patient_b() -> Vec<Passage> {
        vec![passage(
            "HD-B1",
            0,
            "mammogram_report.pdf",
            Some((2025, 4, 1)),
            "Diagnostic mammogram. BI-RADS 4, suspicious mass in the right breast. Biopsy recommended.",
        )]
    }

    #[test]
    fn a_patient_is_answered_from_their_own_passages_only() {
        // API.md: a patient's answer uses only that patient's records and lists its sources. Both
        // patients' mammograms share words; the engine is given patient A's passages only.
        let a = patient_a();
        let b = patient_b();
        let question = "What was the BI-RADS on my mammogram?";
        let reply = answer(question, Audience::Patient, &a, &lexical_scorer);
        assert!(reply.answered, "{}", reply.response);
        assert!(reply.response.starts_with("Your mammogram report from 3 March 2025 says:"), "{}", reply.response);
        assert!(reply.response.contains("BI-RADS (a 0 to 6 scale radiologists use to report breast imaging results) 2"), "{}", reply.response);
        assert!(!reply.response.contains("BI-RADS 4") && !reply.response.contains("suspicious"), "{}", reply.response);
        assert!(!reply.sources.is_empty());
        for source in &reply.sources {
            assert!(a.iter().any(|p| p.chunk_id == source.chunk_id && p.document_id == source.document_id), "{source:?}");
            assert!(!b.iter().any(|p| p.document_id == source.document_id));
        }
        assert_eq!(reply.sources[0].title, "mammogram_report.pdf");
        assert_eq!(reply.sources[0].date, NaiveDate::from_ymd_opt(2025, 3, 3));

        let reply = answer(question, Audience::Patient, &b, &lexical_scorer);
        assert!(reply.response.contains("BI-RADS (a 0 to 6 scale radiologists use to report breast imaging results) 4"), "{}", reply.response);
        assert!(reply.sources.iter().all(|s| s.document_id == "HD-B1"));
    }

    #[test]
    fn a_question_the_records_cannot_answer_says_so() {
        // API.md: when the records do not answer, the answer says so. Brief: "not in your records".
        let a = patient_a();
        let reply = answer("When was my last colonoscopy?", Audience::Patient, &a, &lexical_scorer);
        assert!(!reply.answered);
        assert!(reply.response.contains("not in your records"), "{}", reply.response);
        assert!(reply.response.contains("your mammogram report (3 March 2025)"), "{}", reply.response);
        assert!(!reply.response.to_lowercase().contains("colonoscopy"), "no general knowledge about the question is added");
        assert_eq!(reply.sources.len(), 3, "the passages searched are listed");

        // "history" is in the records ("h/o fibroadenoma"), "colonoscopy" is not.
        let reply = answer("Any history of colonoscopy?", Audience::Doctor, &a, &no_semantics);
        assert!(reply.response.contains("not found in this patient's records"), "{}", reply.response);
        assert!(reply.response.contains("Searched 3 passages of mammogram_report.pdf (2025-03-03)"), "{}", reply.response);

        let reply = answer("What did my mammogram show?", Audience::Patient, &[], &lexical_scorer);
        assert!(!reply.answered && reply.response.contains("not in your records") && reply.sources.is_empty());
    }

    #[test]
    fn a_patient_reads_plain_language() {
        // Brief: abbreviations expanded ("h/o" → history of, "BP", "f/u") and terms explained once.
        let a = patient_a();
        let reply = answer("What is my blood pressure?", Audience::Patient, &a, &no_semantics);
        assert!(reply.answered, "{}", reply.response);
        assert_eq!(reply.response, "Your consult note from 10 February 2025 says: Blood pressure 128/82.");
        assert_eq!(reply.sources.len(), 1);
        assert_eq!(reply.sources[0].document_id, "HD-A3");

        let reply = answer("Do I have a history of fibroadenoma?", Audience::Patient, &a, &lexical_scorer);
        assert!(
            reply.response.contains("Patient is a 52 years old woman with history of fibroadenoma (a common lump that is not cancer)."),
            "{}",
            reply.response
        );

        let reply = answer("Was the cyst benign?", Audience::Patient, &a, &lexical_scorer);
        assert!(reply.response.contains("benign (not cancer)"), "{}", reply.response);
        assert_eq!(reply.response.matches("(not cancer)").count(), 1, "explained the first time only: {}", reply.response);
    }

    #[test]
    fn a_reports_header_answers_only_who_and_when() {
        let report = vec![passage(
            "HD-R1",
            0,
            "retinal_screening.pdf",
            Some((2023, 5, 15)),
            "DIABETIC RETINAL SCREENING REPORT\nDate: 2023-05-15\nPatient: Ms. B, 52 years old F\nGraded by: Retinal Screening Service\n\nNo diabetic retinopathy in either eye.",
        )];
        let reply = answer("What was my eye pressure at the retinal screening?", Audience::Patient, &report, &lexical_scorer);
        assert!(!reply.response.contains("Ms. B"), "{}", reply.response);
        let reply = answer("When was my retinal screening date?", Audience::Patient, &report, &lexical_scorer);
        assert!(reply.response.contains("2023-05-15"), "{}", reply.response);
    }

    #[test]
    fn a_question_about_what_a_test_showed_finds_the_reported_finding() {
        let reply = answer("What did my mammogram show?", Audience::Doctor, &patient_a(), &lexical_scorer);
        assert!(reply.response.contains("Impression: BI-RADS 2, benign findings."), "{}", reply.response);
        assert!(!reply.response.contains("LDL"), "{}", reply.response);
    }

    #[test]
    fn a_question_asking_for_a_value_now_is_answered_by_the_newest_number() {
        let records = vec![
            passage("HD-M1", 0, "Diabetes clinic note", Some((2023, 2, 8)), "Metformin was discussed at length. On metformin 500 mg twice a day."),
            passage("HD-M2", 0, "Medication list", Some((2023, 11, 20)), "Metformin increased to 1000 mg twice a day."),
        ];
        let reply = answer("What dose of metformin am I on now?", Audience::Doctor, &records, &lexical_scorer);
        assert!(reply.answered, "{}", reply.response);
        let newest = reply.response.find("1000 mg").expect("the newest dose");
        assert!(reply.response.find("500 mg").is_none_or(|old| old > newest), "the newest first: {}", reply.response);
        assert!(!reply.response.contains("discussed at length"), "a sentence without the value is not the answer: {}", reply.response);
        // "first" asks for the oldest record that answers.
        let reply = answer("What dose of metformin was I first started on?", Audience::Doctor, &records, &lexical_scorer);
        let oldest = reply.response.find("500 mg").expect("the first dose");
        assert!(reply.response.find("1000 mg").is_none_or(|new| new > oldest), "the oldest first: {}", reply.response);
    }

    #[test]
    fn an_organ_or_antibody_the_records_do_not_name_is_not_answered_by_look_alikes() {
        let skin = vec![passage("HD-S1", 0, "2022-07-19-dermatology-clinic-letter.txt", Some((2022, 7, 19)), "Impression: suspicious for melanoma. Plan: excision biopsy.")];
        assert!(!answer("did they check my eyes for melanoma", Audience::Patient, &skin, &lexical_scorer).answered);
        assert!(answer("what was the impression about the melanoma", Audience::Patient, &skin, &lexical_scorer).answered);
        let cath = vec![passage("HD-K1", 0, "2023-02-14-cardiac-cath-report.txt", Some((2023, 2, 14)), "ACCESS: R radial artery, 6 Fr sheath.")];
        assert!(!answer("what did they find in my carotid arteries", Audience::Patient, &cath, &lexical_scorer).answered);
        let serology = vec![passage("HD-T1", 0, "2022-11-02-bloods.txt", Some((2022, 11, 2)), "tTG-IgA 128 U/mL (<7) H Strongly positive")];
        assert!(!answer("what was my ttg igg antibody level", Audience::Patient, &serology, &lexical_scorer).answered);
        // An organ found in what a term means ("eGFR": how well the kidneys filter) is named.
        let renal = vec![passage("HD-R1", 0, "2024-04-10-annual-visit.txt", Some((2024, 4, 10)), "Renal function: eGFR 61, no albuminuria.")];
        assert!(answer("what was the egfr of my kidneys", Audience::Patient, &renal, &lexical_scorer).answered);
    }

    #[test]
    fn a_value_asked_by_its_kind_is_found_by_a_number() {
        // Records write "C3 62 mg/dL", not "C3 level": the kind word is what the number is.
        let lab = vec![passage("HD-C3", 0, "2022-04-12-lab-report.txt", Some((2022, 4, 12)), "Complement C3 62 mg/dL L (ref 90-180)\nNotes: C3 repeat advised.")];
        let reply = answer("what was my c3 level", Audience::Doctor, &lab, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("62 mg/dL"), "{}", reply.response);
        let series = vec![
            passage("HD-D1", 0, "2022-01-12-labs.txt", Some((2022, 1, 12)), "CD4 absolute 412 cells/uL."),
            passage("HD-D2", 0, "2022-09-01-labs.txt", Some((2022, 9, 1)), "CD4 absolute 210 cells/uL."),
            passage("HD-D3", 0, "2023-05-03-labs.txt", Some((2023, 5, 3)), "CD4 absolute 538 cells/uL."),
        ];
        let reply = answer("what was my lowest ever cd4 count", Audience::Doctor, &series, &lexical_scorer);
        assert!(reply.response.starts_with("2022-09-01-labs.txt") , "the lowest first: {}", reply.response);
        let reply = answer("what was my highest cd4 count", Audience::Doctor, &series, &lexical_scorer);
        assert!(reply.response.starts_with("2023-05-03-labs.txt"), "the highest first: {}", reply.response);
        assert_eq!(first_number("C4 14 mg/dL"), Some(14.0));
        assert_eq!(first_number("HIV-1 RNA <20 copies/mL"), Some(20.0));
        assert_eq!(first_number("hs-Troponin I 38,600 ng/L"), Some(38600.0));
        assert_eq!(first_number("Hb 124,Plt 301"), Some(124.0));
        assert!(states_value("EDSS 2.0") && !states_value("Date: 04/12/2022") && !states_value("4. Skin prick testing") && !states_value("seen in 2023"));
        // A reference range states no value of the patient's; a line ending in a colon introduces values.
        assert!(!states_value("TROPONIN SERIES (hs-Troponin I, ref <20 ng/L):") && !states_value("Ferritin (normal 15-200) pending"));
        assert!(states_value("hs-Troponin I: 48 ng/L (ref <20) H"));
    }

    #[test]
    fn a_question_is_read_by_what_it_asks_not_by_how_it_asks() {
        // "What's", "how much", light verbs and the extreme asked for are not words to find: a
        // record writes "Hb 118 g/L", not "what's", "got" or "highest".
        let series = vec![
            passage("HD-T1", 0, "2023-02-17-discharge-summary.txt", Some((2023, 2, 17)), "Heart attack: hs-Troponin I 48 ng/L on arrival."),
            passage("HD-T2", 1, "2023-02-17-discharge-summary.txt", Some((2023, 2, 17)), "Heart attack: hs-Troponin I 38,600 ng/L at 6 h."),
            passage("HD-T3", 0, "2023-03-06-cardiac-rehab.txt", Some((2023, 3, 6)), "Started cardiac rehab after the heart attack, tolerating well."),
        ];
        let reply = answer("whats the highest my troponin got after the heart attack", Audience::Patient, &series, &lexical_scorer);
        let highest = reply.response.find("38,600 ng/L").unwrap_or_else(|| panic!("the highest: {}", reply.response));
        assert!(reply.response.find("48 ng/L").is_none_or(|other| other > highest), "the highest first: {}", reply.response);
        // British and American spellings are one word.
        let labs = vec![passage("HD-H1", 0, "2023-01-10-haematology-letter.txt", Some((2023, 1, 10)), "Results today: hemoglobin 118 g/L, ferritin 12 ug/L.")];
        let reply = answer("what was my haemoglobin", Audience::Patient, &labs, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("118 g/L"), "{}", reply.response);
        assert_eq!(term("oesophagus"), term("esophagus"));
        assert_eq!(term("tumour"), term("tumor"));
        assert_eq!(term("coeliac"), term("celiac"));
        assert_eq!(term("anaemia"), term("anemia"));
        assert_eq!(term("does"), stem("does"));
        // The visit a question names says which record, not which sentence.
        let visit = vec![
            passage("HD-W1", 0, "2022-04-12-initial-psychiatric-evaluation.txt", Some((2022, 4, 12)), "INITIAL PSYCHIATRIC EVALUATION\nVitals: Wt 198 lb BP 128/80."),
            passage("HD-W2", 0, "2022-04-12-initial-psychiatric-evaluation.txt", Some((2022, 4, 12)), "Next appointment in 4 weeks."),
        ];
        let reply = answer("how much did i weigh at the first appointment", Audience::Patient, &visit, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("198 lb"), "{}", reply.response);
    }

    #[test]
    fn lay_names_find_what_records_write() {
        // "chemo" is chemotherapy, and a regimen is one; "A&E" is the emergency department; a
        // "shot" or an "injection" is a medicine asked by its kind.
        let oncology = vec![
            passage("HD-C1", 0, "2022-09-13-oncology-letter.txt", Some((2022, 9, 13)), "Adjuvant CAPOX x 8 cycles planned from 10/2022."),
            passage("HD-C2", 0, "2022-09-13-oncology-letter.txt", Some((2022, 9, 13)), "Post-operative CEA 2.1 ug/L."),
        ];
        let reply = answer("which chemo did i have", Audience::Patient, &oncology, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("CAPOX"), "{}", reply.response);
        let emergency = vec![passage("HD-E1", 0, "2022-09-05-clinical-record.txt", Some((2022, 9, 5)), "In ED: D-dimer 2,840 ng/mL FEU.")];
        let reply = answer("what was my d dimer in a&e", Audience::Patient, &emergency, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("2,840"), "{}", reply.response);
        let procedure = vec![
            passage("HD-P1", 0, "2023-02-01-epidural-procedure-note.txt", Some((2023, 2, 1)), "Epidural injectate: dexamethasone 10 mg."),
            passage("HD-P2", 0, "2023-02-01-epidural-procedure-note.txt", Some((2023, 2, 1)), "Epidural flow along the S1 root."),
        ];
        let reply = answer("what was in the epidural shot", Audience::Patient, &procedure, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("dexamethasone"), "{}", reply.response);
        // "ER" is found as where the patient came in, and left as written in an answer (it is
        // also "extended release").
        let plan = vec![passage("HD-L1", 0, "2022-04-12-psychiatric-evaluation.txt", Some((2022, 4, 12)), "Start lithium carbonate ER 300 mg PO BID.")];
        let reply = answer("what lithium dose did they start", Audience::Patient, &plan, &lexical_scorer);
        assert!(reply.response.contains("carbonate ER 300 mg"), "{}", reply.response);
        assert!(content_terms("when i got to the ER", true).contains(&term("emergency")));
        assert!(content_terms("Seen in the Emergency Department", false).contains(&term("emergency")));
    }

    #[test]
    fn which_one_is_not_answered_by_a_denial() {
        let mri = vec![
            passage("HD-L1", 0, "2022-11-15-mri-lumbar-spine.txt", Some((2022, 11, 15)), "MRI T12-L1 through L3-L4: no disc herniation or stenosis."),
            passage("HD-L2", 1, "2022-11-15-mri-lumbar-spine.txt", Some((2022, 11, 15)), "MRI L5-S1: large disc herniation compressing the S1 root."),
        ];
        let reply = answer("which disc level was herniated on the mri", Audience::Patient, &mri, &lexical_scorer);
        let found = reply.response.find("L5-S1").unwrap_or_else(|| panic!("the herniated level: {}", reply.response));
        assert!(reply.response.find("T12-L1").is_none_or(|denied| denied > found), "{}", reply.response);
        assert!(only_denies(&content_terms("herniated disc", true), "no disc herniation or stenosis"));
        assert!(!only_denies(&content_terms("herniated disc", true), "large disc herniation"));
    }

    #[test]
    fn a_date_line_answers_only_when() {
        let report = vec![passage(
            "HD-O1",
            0,
            "2023-04-18-operative-report.txt",
            Some((2023, 4, 18)),
            "Date of surgery: 04/18/2023\nSurgeon: S.O., MD\nSurgery performed: left L5-S1 microdiscectomy.",
        )];
        let reply = answer("what surgery did i have", Audience::Patient, &report, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("microdiscectomy") && !reply.response.contains("04/18/2023"), "{}", reply.response);
        let reply = answer("when was my surgery date", Audience::Patient, &report, &lexical_scorer);
        assert!(reply.response.contains("04/18/2023"), "{}", reply.response);
        // A date to come is what the record says, not its header.
        assert!(is_header_line("Clinic date: 08/03/2022") && !is_header_line("Next review date: 12/05/2024") && !is_header_line("Due date: 06/02/2024"));
    }

    #[test]
    fn a_patients_general_yes_no_question_is_not_answered_from_the_records() {
        let mri = vec![passage("HD-M1", 0, "2022-11-15-mri-lumbar-spine.txt", Some((2022, 11, 15)), "MRI: large L5-S1 disc herniation compressing the S1 nerve root.")];
        assert!(!answer("do herniated discs shrink on their own", Audience::Patient, &mri, &lexical_scorer).answered);
        assert!(answer("did the mri show a disc herniation", Audience::Patient, &mri, &lexical_scorer).answered);
        assert!(answer("is the disc herniation at L5-S1", Audience::Doctor, &mri, &lexical_scorer).answered);
    }

    #[test]
    fn a_medicine_asked_by_its_kind_is_found_by_its_name() {
        // Records name the medicine ("methylprednisolone 1 g"), not its kind ("steroid").
        let letters = vec![
            passage("MS-1", 0, "2022-11-20-neurology-letter.txt", Some((2022, 11, 20)), "Left leg weakness since Monday.\nRelapse treated with IV methylprednisolone 1 g daily for 3 days.\nMRI brain booked."),
            passage("MS-2", 0, "2023-01-18-neurology-letter.txt", Some((2023, 1, 18)), "Walking has improved since the relapse.\nReviewed at the MS clinic."),
        ];
        let reply = answer("what steroid did i get for my relapse", Audience::Patient, &letters, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("methylprednisolone"), "{}", reply.response);
        assert!(scope::names_a_medicine("Switched to bictegravir/emtricitabine/TAF in 03/2022") && scope::names_a_medicine("Started amlodipine 5 mg daily"));
        assert!(!scope::names_a_medicine("Walking has improved since the relapse."));
    }

    #[test]
    fn a_brand_is_found_by_its_generic_name() {
        let letter = vec![passage("LU-2", 0, "2022-10-19-rheumatology.txt", Some((2022, 10, 19)), "Continue hydroxychloroquine 400 mg daily.\nLabs before next visit.")];
        let reply = answer("what dose of plaquenil am i on", Audience::Patient, &letter, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("400 mg"), "{}", reply.response);
        let reply = answer("what dose of humira am i on", Audience::Patient, &letter, &lexical_scorer);
        assert!(!reply.answered, "a brand neither it nor its generic written is not in the records: {}", reply.response);
    }

    #[test]
    fn a_joined_words_parts_are_found() {
        let lab = vec![passage("LU-1", 0, "2022-10-19-rheumatology.txt", Some((2022, 10, 19)), "Labs 10/12/2022:\n  anti-dsDNA    95 IU/mL (H)\n  C3    84 mg/dL (L)")];
        let reply = answer("what was my dsdna in october 2022", Audience::Patient, &lab, &lexical_scorer);
        assert!(reply.answered && reply.response.contains("95 IU/mL"), "{}", reply.response);
    }

    #[test]
    fn an_answer_is_never_empty_when_a_sentence_answers() {
        // A sentence ranked first only by its fit (it has a number) but too weakly supported to
        // answer on its own does not leave the answer without sentences.
        let records = vec![passage("HD-P1", 0, "Clinic note", Some((2024, 3, 1)), "Potassium was reviewed and is normal for her kidney function. Seen 3 times.")];
        for question in ["What is my potassium level for my kidney function?", "How many times was I seen?", "What is my potassium level now?"] {
            let reply = answer(question, Audience::Doctor, &records, &lexical_scorer);
            assert!(!reply.answered || reply.response.contains("Potassium was reviewed") || reply.response.contains("Seen 3 times"), "{question}: {}", reply.response);
        }
    }

    #[test]
    fn a_doctor_reads_the_records_quoted() {
        let a = patient_a();
        let reply = answer("h/o fibroadenoma?", Audience::Doctor, &a, &lexical_scorer);
        assert!(reply.answered);
        assert_eq!(reply.response, "consult_note.txt (2025-02-10): \"Pt is a 52 y/o woman with h/o fibroadenoma.\"");
    }

    #[test]
    fn sentences_keep_abbreviations_and_decimals_and_join_headings() {
        let a = patient_a();
        let reply = answer("What was my HbA1c?", Audience::Doctor, &a, &no_semantics);
        assert_eq!(reply.response, "lab_results.pdf (2025-01-20): \"HbA1c 5.7% (borderline).\"");
        let reply = answer("Who reviewed it, Dr. Patel?", Audience::Doctor, &a, &no_semantics);
        assert!(reply.response.contains("Reviewed by Dr. Patel, e.g. diet advice given."), "{}", reply.response);
        let reply = answer("What was the impression?", Audience::Doctor, &a, &no_semantics);
        assert!(reply.response.contains("\"Impression: BI-RADS 2, benign findings.\""), "{}", reply.response);
    }

    #[test]
    fn a_reports_labelled_lines_answer_on_their_own_and_its_headings_are_context() {
        let lab = vec![passage(
            "HD-L1",
            0,
            "2023-03-20-lipid-panel.txt",
            Some((2023, 3, 20)),
            "LABORATORY REPORT - CHEMISTRY\nPatient: Mr. A, 64 y/o M\n\nLIPID PROFILE\nTotal cholesterol: 248 mg/dL (ref <200) H\n\
             HDL cholesterol: 38 mg/dL (ref >40) L\nTriglycerides: 240 mg/dL (ref <150) H\n\nRENAL\nCreatinine: 1.02 mg/dL",
        )];
        // "good" is what the glossary says HDL is; "cholestrol" is one edit from "cholesterol".
        let flat = |_: &str, s: &[&str]| -> Vec<f32> { vec![0.5; s.len()] };
        let reply = answer("what was my good cholestrol level", Audience::Doctor, &lab, &flat);
        assert!(reply.response.contains("HDL cholesterol: 38 mg/dL") && !reply.response.contains("Triglycerides"), "{}", reply.response);
        // The section heading ("LIPID PROFILE") and the title are context, never an answer.
        let reply = answer("what did the lipid profile say about triglycerides", Audience::Doctor, &lab, &no_semantics);
        assert!(reply.response.contains("Triglycerides: 240 mg/dL") && !reply.response.contains("LIPID PROFILE"), "{}", reply.response);
        assert!(!answer("what was on the laboratory report chemistry", Audience::Doctor, &lab, &no_semantics).response.contains("CHEMISTRY"));
        assert!(is_capitals_heading("MRI RIGHT KNEE (non-contrast)") && !is_capitals_heading("ALLERGIES: PENICILLIN"));
        assert!(!is_capitals_heading("FEV1/FVC   0.68") && !is_capitals_heading("NO ACUTE DISTRESS."));
        assert!(opens_with_label("O: Wt 91.4 kg, BMI 33.1") && opens_with_label("Labs (2023-02-06): HbA1c 8.9 %"));
        assert!(!opens_with_label("07:45 fasting") && !opens_with_label("Plan:"));
        assert!(opens_with_label("House dust mite (D. pteronyssinus): 6 mm") && !opens_with_label("Seen by Dr. M.: fine"));
    }

    #[test]
    fn a_plan_does_not_answer_a_question_about_a_result_and_a_named_month_only_narrows() {
        let flat = |_: &str, s: &[&str]| -> Vec<f32> { vec![0.5; s.len()] };
        let notes = vec![
            passage("HD-P1", 0, "2023-07-25-followup-note.txt", Some((2023, 7, 25)), "Plan: annual influenza vaccine recommended."),
            passage("HD-P2", 0, "2023-10-17-vaccination-record.txt", Some((2023, 10, 17)), "Influenza vaccine given, left deltoid."),
        ];
        let reply = answer("when did I have my influenza vaccine", Audience::Doctor, &notes, &flat);
        assert!(reply.response.contains("given") && !reply.response.contains("recommended"), "{}", reply.response);
        // Asked for the plan, the plan answers.
        let reply = answer("what is the plan for my influenza vaccine", Audience::Doctor, &notes, &flat);
        assert!(reply.response.contains("recommended"), "{}", reply.response);
        // "October" narrows to October's record; as a word it matches nothing.
        let reply = answer("what influenza vaccine did I get in October", Audience::Doctor, &notes, &flat);
        assert!(reply.answered && reply.response.contains("given"), "{}", reply.response);
    }

    #[test]
    fn a_question_asking_for_a_value_is_not_answered_by_a_list_number() {
        let note = vec![passage(
            "HD-N1",
            0,
            "2023-04-11-respiratory-consult.txt",
            Some((2023, 4, 11)),
            "Plan:\n4. Skin prick allergy testing and total IgE.\n\nResults: total IgE 410 IU/mL, raised.",
        )];
        let flat = |_: &str, s: &[&str]| -> Vec<f32> { vec![0.5; s.len()] };
        let reply = answer("what was my IgE level", Audience::Doctor, &note, &flat);
        assert!(reply.response.contains("410 IU/mL") && !reply.response.contains("Skin prick"), "{}", reply.response);
    }

    #[test]
    fn semantic_support_finds_a_paraphrase_and_weak_similarity_does_not_answer() {
        let a = patient_a();
        // A scorer that rates only the lipid sentence as similar (a paraphrase: "cholesterol").
        let lipids = |_: &str, s: &[&str]| -> Vec<f32> { s.iter().map(|t| if t.contains("LDL") { 0.7 } else { 0.1 }).collect() };
        let reply = answer("How is my cholesterol?", Audience::Patient, &a, &lipids);
        assert!(reply.answered);
        assert!(reply.response.starts_with("Your lab results from 20 January 2025 say: Fasting lipid panel: LDL"), "{}", reply.response);
        let weak = |_: &str, s: &[&str]| -> Vec<f32> { vec![0.45; s.len()] };
        assert!(!answer("How is my iron?", Audience::Patient, &a, &weak).answered);
        // "Cholesterol" is what the glossary says LDL and HDL are: half a word's support.
        assert!(answer("How is my cholesterol?", Audience::Patient, &a, &weak).answered);
        // A scorer that misbehaves (too few scores, NaN) is read as no semantic support.
        let broken = |_: &str, _: &[&str]| -> Vec<f32> { vec![f32::NAN] };
        assert!(!answer("How is my cholesterol?", Audience::Patient, &a, &broken).answered);
    }

    #[test]
    fn at_most_four_sentences_each_once_in_document_order() {
        let text = "Mass near the nipple noted. Mass in the axilla noted. Mass at the chest wall noted.";
        let overlapping = vec![
            passage("HD-1", 1, "us.pdf", None, "Mass at the chest wall noted. Mass behind the areola noted. Mass in the lower quadrant noted."),
            passage("HD-1", 0, "us.pdf", None, text),
        ];
        let reply = answer("mass noted", Audience::Doctor, &overlapping, &no_semantics);
        assert!(reply.answered);
        assert_eq!(reply.response.matches("Mass").count(), 4, "{}", reply.response);
        assert_eq!(
            reply.response,
            "us.pdf: \"Mass near the nipple noted. Mass at the chest wall noted. Mass behind the areola noted. Mass in the lower quadrant noted.\"",
            "ties keep the retriever's order, and the answer reads in the document's order"
        );
        assert_eq!(reply.sources.iter().map(|s| s.chunk_id.as_str()).collect::<Vec<_>>(), ["HD-1#0000", "HD-1#0001"]);

        let repeated = vec![
            passage("HD-1", 0, "us.pdf", None, "Simple cyst in the left breast."),
            passage("HD-1", 1, "us.pdf", None, "Simple cyst in the left breast. Follow-up advised."),
        ];
        let reply = answer("left breast cyst", Audience::Doctor, &repeated, &no_semantics);
        assert_eq!(reply.response.matches("Simple cyst").count(), 1, "{}", reply.response);
    }

    #[test]
    fn huge_and_odd_input_is_bounded() {
        let big = "Breast density is heterogeneous. ".repeat(20_000);
        let passages: Vec<Passage> = (0..100).map(|i| passage(&format!("HD-{i}"), 0, "x.pdf", None, &big)).collect();
        let started = std::time::Instant::now();
        let reply = answer("breast density", Audience::Patient, &passages, &lexical_scorer);
        assert!(reply.answered);
        assert!(started.elapsed().as_secs() < 10);
        let odd = vec![passage("HD-1", 0, "", None, "日本語。 ✓✓ h/o 𝄞 BI-RADS 1\u{0}"), passage("HD-2", 0, "", None, "")];
        let reply = answer("BI-RADS", Audience::Patient, &odd, &lexical_scorer);
        assert!(reply.response.starts_with("Your records say:"), "{}", reply.response);
    }

    #[test]
    fn tokens_concatenate_back_to_the_response() {
        // Brief: the stream tokens are word + following whitespace and concatenate back exactly.
        for response in ["", "one", "  lead and trail  ", "Your records say:\n\nBI-RADS 2 (benign).", "日本語 𝄞\t x"] {
            let pieces: Vec<&str> = tokens(response).collect();
            assert_eq!(pieces.concat(), response);
            assert!(pieces.iter().all(|p| !p.is_empty()));
        }
        assert_eq!(tokens("a b  c\n").collect::<Vec<_>>(), ["a ", "b  ", "c\n"]);
        let reply = answer("What did my mammogram show?", Audience::Patient, &patient_a(), &lexical_scorer);
        assert_eq!(tokens(&reply.response).collect::<String>(), reply.response);
    }
}
