//! Reads a medical policy into its criteria: the numbered requirements with the policy's own ids
//! (`1`, `2`, `3a`), how they combine (ALL of, ANY ONE of, at least N of, nested lists such as
//! "3. One of the following: a) … b) …"), and its exclusions.
//!
//! What counts as what:
//! - A *requirement* is a list item in a criteria section (or in the text before any heading), or
//!   a sentence there that says "must"/"required"; lists inside an item are its sub-criteria, and
//!   an inline enumeration ("… all of the following: (1) …; (2) …; and (3) …") reads like a list.
//! - An *exclusion* is an item or sentence under an "Exclusions", "Contraindications" or
//!   "Limitations" heading or after an intro such as "not medically necessary for any of the
//!   following:", or a sentence anywhere in the criteria that says "not medically necessary
//!   when/if/for …", "not covered", "will be denied if" or "contraindicated". A sentence whose
//!   condition is only "the criteria above are not met" is the policy's fallback, not an exclusion.
//! - Grouping comes from the intro ("ALL of the following", "any one of", "at least two of"), else
//!   from items ending in "; or" / "; and" (the last item's joiner not counted: "(b) …; AND" then
//!   "(2) …" joins the list to what follows), else ALL — the reading that never approves on less
//!   than the policy asks. "The criteria of Group I or Group II" reads as ANY ONE, like
//!   "Criterion A, B or C". An intro's own words are a requirement only when they state one
//!   ("Failure of 3 months of conservative therapy, including one of:"); a label ("Red-flag
//!   findings. ANY ONE of:"), a definition ("Severe obesity, defined as either:", "Eosinophilic
//!   phenotype, shown by ONE of:", "Symptomatic venous disease, meaning at least one of:"), a
//!   test whose findings the items are ("Duplex ultrasound … demonstrates BOTH:") or the policy's
//!   preamble ("TKA is medically necessary when all of:") is not. An intro that says *when* its
//!   items apply ("In members 50 years of age or older, all of:") is a gate, and a duration after
//!   the grouping phrase ("at least two of the following, each for at least 2 months") qualifies
//!   every item.
//! - Layout: a heading may be run into its text ("Exclusions. ICD implantation is not covered
//!   for:", "II. CONTRAINDICATIONS. TKA is not covered when …") or say how its list combines
//!   ("Section A - Indication (ANY ONE):"); "NOT APPROVABLE" heads exclusions; "Part 1." is an
//!   item like "Criterion 1."; examples after "such as:" are alternatives; a list's intro that
//!   says which requests it is for ("III. For indication II.A only, ALL of the following:") gates
//!   it; an item with sub-items that names its procedure codes ("(a) Trial stimulation, 64561 -
//!   ALL of:") applies to those codes only ([`PolicyCriteria::for_procedure`]); two words set off
//!   before a grouping phrase ("Disease severity, ONE of:") name the list; a numbered heading's sibling
//!   ("III. …") opens a section of its own; an intro before a heading ("… ANY ONE of the
//!   indications below." then "Indications") still groups the list under it; a line that finishes
//!   an unfinished item ("including AT LEAST" / "TWO of the following:") is that item's text;
//!   "Criterion A, B or C" reads as ANY ONE; options run on after a colon inside one item ("at
//!   least one of the following comorbidities: diabetes, hypertension, …") are examples; a short
//!   label opening an item ("Secondary prevention. A documented …", "Qualifying blood gas study.
//!   The member meets the criteria of Group I or Group II:") is not something to find; named
//!   alternatives ("Group I -- any one of:", "Group II -- SpO2 of 89%, AND at least one of:")
//!   are items of the list they sit in; markers named in a sentence ("when (1) and (2) below are
//!   both satisfied") are a cross-reference, not an inline list.
//! - Not criteria: sentences that only point elsewhere ("… is addressed in a separate section",
//!   "refer to the … policy") and prose about a later request ("A repeat injection requires …"),
//!   also inside an item after its first sentence.
//!   An exclusion sentence with nothing after its trigger ("ESI for axial pain is not medically
//!   necessary") takes its subject, without the service it names, as the condition.
//! - Ids: the policy's labels, composed down the tree (`3` + `a` → `3a`, `2` + `1` → `2.1`).
//!   Bullets have no label, so MediClear numbers them in order (`1`, `2` at the top; `3a`, `3b`
//!   under `3`). Exclusions are numbered `E1`, `E2`… in document order, their own label kept for
//!   the reference. Ids are made unique if two lists reuse a numbering.
//!
//! Parsing never fails: text that fits no pattern is description and is skipped, so a policy
//! without readable criteria yields an empty [`PolicyCriteria`] (the analyzer reports that).

use std::collections::HashMap;
use std::fmt;

use super::layout::{self, Combine, Marker, Numbering, Punct, SectionKind, Style};
use super::lexicon::{is_boilerplate, mentions};
use super::tokens::tokenize;
use crate::text::sentences;

/// A criterion's id: the policy's own numbering (`"3a"`), or `E<n>` for exclusions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriterionId(String);

impl CriterionId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CriterionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the items of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupRule {
    All,
    Any,
    AtLeast(u32),
}

impl GroupRule {
    /// "all of", "any one of", "at least 2 of".
    pub fn describe(self) -> String {
        match self {
            GroupRule::All => "all of".into(),
            GroupRule::Any | GroupRule::AtLeast(1) => "any one of".into(),
            GroupRule::AtLeast(n) => format!("at least {n} of"),
        }
    }

    /// How many items must hold, out of `count`.
    pub fn needed(self, count: usize) -> usize {
        match self {
            GroupRule::All => count,
            GroupRule::Any => 1.min(count),
            GroupRule::AtLeast(n) => (n as usize).min(count),
        }
    }
}

/// Items and how they combine.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionGroup {
    pub rule: GroupRule,
    pub items: Vec<Criterion>,
}

/// One criterion of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: CriterionId,
    /// The label as printed in the policy (`"3"`, `"a"`, `"iv"`), if it had one.
    pub label: Option<String>,
    /// The criterion's own text, whitespace normalised, without its marker or sub-items.
    pub text: String,
    /// What is judged: `text` without the phrase that introduces its sub-items ("including one
    /// of the following"); empty when the text only introduces them.
    pub content: String,
    /// Byte span of the criterion's own text in the policy text.
    pub span: (usize, usize),
    /// The heading of the section it appears under, if any.
    pub section: Option<String>,
    /// The own text says *when* the sub-items apply ("In members 50 years of age or older, all of
    /// the following"): if the notes show it does not hold, the sub-items do not apply.
    pub applies_when: bool,
    pub children: Option<CriterionGroup>,
}

impl Criterion {
    /// Whether the criterion states something of its own besides introducing sub-items.
    pub fn has_content(&self) -> bool {
        !self.content.trim().is_empty()
    }
}

/// Everything read from one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyCriteria {
    /// From a `Title:` line, if the document has one.
    pub title: Option<String>,
    /// From a `Procedure codes:` line (upper-cased), if the document has one.
    pub procedure_codes: Vec<String>,
    pub requirements: CriterionGroup,
    pub exclusions: Vec<Criterion>,
}

impl PolicyCriteria {
    /// The requirements the policy sets for `code`, when its sections name the codes they are
    /// for ("Section I - SI joint injection (27096, G0260)", "Section II - RFA (64625)"): the
    /// other sections' items are dropped, except those a kept item refers to ("Criteria I.A, I.B
    /// and I.C above are met"), which take that item's place. An item with sub-items that names
    /// its codes ("(a) Trial stimulation, 64561 - ALL of the following:") is such a section too,
    /// and a sub-item of a kept one that only refers to it ("Criteria (a)(1) through (a)(5) were
    /// met before the trial") is replaced by it. A policy whose sections name no codes, or none
    /// of them this one, is kept whole.
    pub fn for_procedure(mut self, code: &str) -> PolicyCriteria {
        let codes = |c: &Criterion| match c.section.as_deref().map(codes_named).unwrap_or_default() {
            named if named.is_empty() && c.children.is_some() => codes_named(&c.text),
            named => named,
        };
        let items = std::mem::take(&mut self.requirements.items);
        if !items.iter().any(|c| codes(c).iter().any(|x| x == code)) {
            self.requirements.items = items;
            return self;
        }
        let (kept, dropped): (Vec<Criterion>, Vec<Criterion>) = items.into_iter().partition(|c| {
            let named = codes(c);
            named.is_empty() || named.iter().any(|x| x == code)
        });
        let mut restored_here: Vec<Criterion> = Vec::new();
        for mut c in kept {
            if let Some(children) = c.children.as_mut() {
                let before = children.items.len();
                children.items.retain(|child| {
                    let named: Vec<&Criterion> = dropped.iter().filter(|d| refers_to(&child.text, d)).collect();
                    restored_here.extend(named.iter().filter(|d| !restored_here.iter().any(|r| r.id == d.id)).map(|d| (*d).clone()).collect::<Vec<_>>());
                    named.is_empty()
                });
                if children.items.is_empty() && before > 0 {
                    c.children = None;
                }
            }
            let refers = c.content.trim().is_empty() && c.text.to_lowercase().contains("above");
            if refers {
                let labels = reference_labels(&c.text);
                let restored: Vec<&Criterion> = dropped.iter().filter(|d| labels.iter().any(|l| l == d.id.as_str())).collect();
                if !restored.is_empty() {
                    self.requirements.items.extend(restored.into_iter().cloned());
                    continue;
                }
            }
            self.requirements.items.push(c);
        }
        for r in restored_here {
            if !self.requirements.items.iter().any(|c| c.id == r.id) {
                self.requirements.items.push(r);
            }
        }
        self
    }

    /// No requirement and no exclusion could be read.
    pub fn is_empty(&self) -> bool {
        self.requirements.items.is_empty() && self.exclusions.is_empty()
    }

    /// A requirement (at any depth) or exclusion by id.
    pub fn find(&self, id: &str) -> Option<&Criterion> {
        fn walk<'c>(items: &'c [Criterion], id: &str) -> Option<&'c Criterion> {
            items.iter().find_map(|c| {
                if c.id.as_str() == id {
                    Some(c)
                } else {
                    c.children.as_ref().and_then(|g| walk(&g.items, id))
                }
            })
        }
        walk(&self.requirements.items, id).or_else(|| self.exclusions.iter().find(|c| c.id.as_str() == id))
    }
}

/// Whether a sub-item only refers to another item: "Criteria (a)(1) through (a)(5) were met
/// before the trial" refers to `(a)`.
fn refers_to(text: &str, item: &Criterion) -> bool {
    let l = text.to_lowercase();
    let label = item.label.clone().unwrap_or_else(|| item.id.to_string()).to_lowercase();
    (l.starts_with("criteria ") || l.starts_with("criterion ") || l.contains(" criteria ")) && (l.contains(&format!("({label})")) || l.contains(&format!(" {label} ")))
}

/// The item labels a cross-reference names: "Criteria I.A, I.B and I.C above" → A, B, C.
fn reference_labels(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter_map(|w| {
            let last = w.rsplit('.').next().unwrap_or(w);
            let short = last.chars().count() <= 2 && last.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            (short && (w.contains('.') || last.chars().count() == 1)).then(|| last.to_string())
        })
        .collect()
}

/// The procedure codes (CPT, HCPCS) a text names, upper-cased: "(27096, G0260)" → both.
/// In prose only five-character codes written as codes count (not a lower-case word).
pub fn codes_named(text: &str) -> Vec<String> {
    code_words(text)
        .filter(|w| w.len() == 5 && (w.chars().all(|c| c.is_ascii_digit()) || w.chars().next().is_some_and(|c| c.is_ascii_uppercase())))
        .map(str::to_ascii_uppercase)
        .collect()
}

/// The words of `text` that parse as procedure codes, as written.
fn code_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| crate::codes::ProcedureCode::parse(w).is_ok())
}

/// Reads a policy. Pure and total: any text gives a result.
pub fn parse_policy(text: &str) -> PolicyCriteria {
    Reader::new(text).read()
}

// ---------------------------------------------------------------------------------------------
// Text with a map back to the policy's byte offsets.

/// Whitespace-normalised text assembled from lines, remembering where each byte came from.
#[derive(Debug, Clone, Default)]
struct Fragment {
    text: String,
    /// For each byte of `text`: the span of the source character in the policy.
    origin: Vec<(usize, usize)>,
}

impl Fragment {
    fn push(&mut self, source: &str, base: usize) {
        for (i, c) in source.char_indices() {
            let at = (base + i, base + i + c.len_utf8());
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                    self.origin.push(at);
                }
            } else {
                self.text.push(c);
                self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
    }

    fn push_line(&mut self, source: &str, base: usize) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            let at = self.origin.last().map_or((base, base), |o| (o.1, o.1));
            self.text.push(' ');
            self.origin.push(at);
        }
        self.push(source, base);
    }

    fn slice(&self, a: usize, b: usize) -> Fragment {
        let (a, b) = (a.min(self.text.len()), b.min(self.text.len()));
        if a >= b || !self.text.is_char_boundary(a) || !self.text.is_char_boundary(b) {
            return Fragment::default();
        }
        Fragment { text: self.text[a..b].to_string(), origin: self.origin[a..b].to_vec() }
    }

    fn trimmed(&self) -> Fragment {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        self.slice(start, end.max(start))
    }

    fn span(&self) -> (usize, usize) {
        match (self.origin.first(), self.origin.last()) {
            (Some(a), Some(b)) => (a.0, b.1),
            _ => (0, 0),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lists as they are read, before ids are given.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Requirement,
    Exclusion,
    /// Under a background/coding/continuation heading: read (to keep continuation lines in
    /// place) and dropped.
    Ignored,
}

#[derive(Debug)]
struct RawItem {
    label: String,
    bullet: bool,
    fragment: Fragment,
    children: Vec<usize>,
}

#[derive(Debug)]
struct Level {
    style: Style,
    indent: usize,
    parent: Option<usize>,
    ordinal: u32,
}

#[derive(Debug)]
struct RawList {
    kind: ListKind,
    combine: Option<Combine>,
    /// The text that introduced the list ("III. For indication II.A only, ALL of the following:").
    intro: String,
    section: Option<String>,
    items: Vec<RawItem>,
    roots: Vec<usize>,
    levels: Vec<Level>,
    last: Option<usize>,
}

/// A list of criteria as read: how it combines and its items with ids.
#[derive(Debug)]
struct ReadList {
    combine: Option<Combine>,
    intro: String,
    items: Vec<Criterion>,
    joiner: Option<GroupRule>,
    /// The list applies only when this holds: "For indication II.A only" of "III. For
    /// indication II.A only, ALL of the following:".
    gate: Option<String>,
}

/// What a list's intro says about when the list applies ("III. For indication II.A only, ALL of
/// the following:" → "For indication II.A only"), without its marker.
fn list_gate(intro: &str) -> Option<String> {
    let body = layout::marker(intro).map_or(intro, |m| &intro[m.body..]);
    let gate = strip_intro(body.trim());
    let gate = gate.trim().trim_end_matches([',', ':', ';']).trim();
    (is_applicability(gate) && gate.split_whitespace().count() >= 2).then(|| gate.to_string())
}

/// Words that end an item and say how it joins the next ("…; or", "…; and").
fn trailing_joiner(text: &str) -> (String, Option<GroupRule>) {
    let t = text.trim_end().trim_end_matches([';', ',', ' ']);
    let lower = t.to_lowercase();
    for (word, rule) in [(" and/or", GroupRule::Any), (" or", GroupRule::Any), (" and", GroupRule::All)] {
        if lower.ends_with(word) {
            let cut = t.len() - word.len();
            return (t[..cut].trim_end().trim_end_matches([';', ',']).trim_end().to_string(), Some(rule));
        }
    }
    (t.trim_end_matches(':').trim_end().to_string(), None)
}

/// The rule most items' trailing joiners agree on. The last item's joiner is not counted: it
/// joins the whole list to what follows ("(b) ISH positive; AND" then "(2) …"), not to a sibling.
fn joined_rule(joiners: &[Option<GroupRule>]) -> Option<GroupRule> {
    let own = if joiners.len() > 1 { &joiners[..joiners.len() - 1] } else { joiners };
    let (any, all) = own.iter().fold((0, 0), |(a, l), j| match j {
        Some(GroupRule::Any) => (a + 1, l),
        Some(GroupRule::All) => (a, l + 1),
        _ => (a, l),
    });
    if any > all { Some(GroupRule::Any) } else if all > 0 { Some(GroupRule::All) } else { None }
}

fn rule_of(combine: Option<Combine>) -> Option<GroupRule> {
    match combine? {
        Combine::All => Some(GroupRule::All),
        Combine::Any | Combine::AtLeast(1) => Some(GroupRule::Any),
        Combine::AtLeast(n) => Some(GroupRule::AtLeast(n)),
        Combine::NoneOf => None,
    }
}

/// Whether `text` names anything to judge: a clinical concept, a number with a unit, or a
/// content word that is not policy boilerplate.
fn has_content(text: &str) -> bool {
    let tokens = tokenize(text);
    !mentions(&tokens).is_empty()
        || tokens.iter().any(|t| {
            !t.stopword && !is_boilerplate(&t.lower) && t.lower.chars().count() > 1 && t.lower.chars().any(char::is_alphabetic)
        })
}

/// Words an intro leaves behind when its grouping phrase is cut ("The member must meet").
const CONNECTORS: &[&str] = &[
    "including", "include", "includes", "with", "by", "as", "evidenced", "such", "of", "and", "or", "the", "following",
    "meets", "meet", "must", "has", "have", "is", "are", "be", "member", "patient", "individual", "documented",
    "documentation", "demonstrates", "demonstrated", "demonstrating", "all", "any", "at", "least", "when", "where",
    "which", "who", "that", "criteria", "conditions", "both", "either", "defined", "for", "satisfy", "satisfies",
    "met", "one", "two", "three", "requires", "required", "there", "following:",
];

/// Coverage preambles: "Lumbar fusion is medically necessary when …" states the policy's
/// subject, not a requirement.
const COVERAGE_PREAMBLES: &[&str] = &[
    "medically necessary", "is covered", "are covered", "is indicated", "are indicated", "is considered",
    "are considered", "will be approved", "may be approved", "is approved", "eligible for coverage", "is appropriate",
];

/// Whether an own text only says when its sub-items apply: "In members 50 years of age or
/// older", "For patients with diabetes", "If the member is under 18", "For indication II.A only",
/// "For allergic rhinitis or asthma" — not a length ("For at least 6 weeks").
fn is_applicability(content: &str) -> bool {
    let l = content.trim().to_ascii_lowercase();
    let gate = ["in members", "in patients", "in individuals", "in adults", "in children", "for ", "if ", "when "].iter().any(|p| l.starts_with(p));
    let length = l.strip_prefix("for ").and_then(|rest| rest.split_whitespace().next()).is_some_and(|w| {
        ["at", "a", "an", "more", "less", "longer", "up", "over", "no", "the", "each", "every"].contains(&w) || w.starts_with(|c: char| c.is_ascii_digit())
    });
    gate && !length
}

/// `text` without the phrase that introduces its sub-items.
fn strip_intro(text: &str) -> String {
    let at = match layout::combine_phrase(text) {
        Some((_, at)) => at,
        None => text.len(),
    };
    let raw_head = text[..at].trim_end();
    if COVERAGE_PREAMBLES.iter().any(|p| raw_head.to_ascii_lowercase().contains(p)) {
        return String::new();
    }
    if at == text.len() && !raw_head.ends_with(':') && !ends_with_connector(raw_head) {
        return raw_head.to_string();
    }
    // "Red-flag findings. ANY ONE of the following:" — a label for the sub-list, not a
    // requirement of its own.
    if raw_head.ends_with(['.', ':', '—', '–']) || raw_head.ends_with(" -") {
        return String::new();
    }
    let mut head = raw_head.to_string();
    loop {
        let trimmed = head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '-' | '(')).to_string();
        // Byte index after the last whitespace character (which may be wider than one byte).
        let last_word_start = trimmed.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(p, c)| p + c.len_utf8());
        let last = trimmed[last_word_start..].to_lowercase();
        if matches!(
            last.as_str(),
            "defined" | "evidenced" | "i.e." | "namely" | "meaning" | "shown" | "documented" | "demonstrates" | "demonstrating" | "showing" | "shows"
        ) {
            // "Severe obesity, defined as either:", "Eosinophilic phenotype, shown by ONE of:",
            // "Duplex ultrasound demonstrates BOTH:" — the sub-items are the definition, or what
            // the named test must show; the head is satisfied by them.
            return String::new();
        }
        if !trimmed.is_empty() && CONNECTORS.contains(&last.as_str()) {
            head = trimmed[..last_word_start].to_string();
        } else {
            head = trimmed;
            break;
        }
    }
    // "Qualifying blood gas study. The member meets the criteria of Group I or Group II:" — once
    // the intro's own words are cut, what is left is a label for the sub-list.
    let label = head.ends_with('.') && !head[..head.len() - 1].contains(". ") && layout::heading_like(head.trim_end_matches('.'), 5);
    // "Disease severity, ONE of:", "Prior therapy - at least TWO of:": two words set off before
    // the phrase name the list.
    let named = raw_head.ends_with([',', '-', '–', '—']) && head.split_whitespace().count() <= 2;
    if has_content(&head) && !label && !named { head } else { String::new() }
}

/// "… a BMI of 35 together with at least one of the following comorbidities: type 2 diabetes,
/// hypertension, or sleep apnea" — a grouping phrase whose options run on after a colon as a
/// comma list, inside one item. Read as the condition reads examples: "… together with
/// comorbidities (type 2 diabetes, hypertension, or sleep apnea)", any one of which will do.
fn inline_examples(text: &str) -> Option<String> {
    let (combine, at) = layout::combine_phrase(text)?;
    if !matches!(combine, Combine::Any | Combine::AtLeast(1)) {
        return None;
    }
    let colon = at + text[at..].find(": ")?;
    let options = text[colon + 2..].trim().trim_end_matches(['.', ';']);
    if options.split(',').count() < 2 || !has_content(options) {
        return None;
    }
    let phrase = &text[at..colon];
    let noun = ["following ", "these ", "below "]
        .iter()
        .find_map(|w| phrase.to_ascii_lowercase().find(w).map(|p| phrase[p + w.len()..].trim().to_string()))
        .unwrap_or_default();
    Some(format!("{} {noun} ({options})", text[..at].trim_end()).split_whitespace().collect::<Vec<_>>().join(" "))
}

/// "Secondary prevention. A documented episode of cardiac arrest …": a short label before the
/// item's sentence names the case, and is not something the notes must show.
fn without_label(content: &str) -> String {
    if let Some(dot) = content.find(". ") {
        let (label, rest) = (&content[..dot], content[dot + 2..].trim_start());
        if label.split_whitespace().count() <= 5 && rest.starts_with(char::is_uppercase) && layout::heading_like(label, 5) && has_content(rest) {
            return rest.to_string();
        }
    }
    content.to_string()
}

/// An item without sentences about a later request: "The ablation will be performed under imaging
/// guidance. Repeat RFA on the same side requires that at least 6 months have passed …" asks
/// only the first of this request (the repeat's 6 months are not a length this one must show).
fn without_later_requests(content: &str) -> String {
    let pieces: Vec<&str> = sentences(content).iter().map(|s| &content[s.start..s.end]).collect();
    if pieces.len() < 2 || !pieces.iter().skip(1).any(|s| layout::is_continuation(s)) {
        return content.to_string();
    }
    let kept: Vec<&str> = pieces.iter().enumerate().filter(|(i, s)| *i == 0 || !layout::is_continuation(s)).map(|(_, s)| s.trim()).collect();
    kept.join(" ")
}

fn ends_with_connector(text: &str) -> bool {
    let last = text.trim_end_matches([',', ';', ':', ' ']).rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "including" | "includes" | "include" | "with" | "by" | "of" | "following" | "as")
}

/// A duration written after a grouping phrase ("at least two of the following, each for at least
/// 2 months"): it qualifies every sub-item.
fn inherited_duration(text: &str) -> Option<String> {
    let (_, at) = layout::combine_phrase(text)?;
    let tail = &text[at..];
    let tokens = tokenize(tail);
    let d = super::duration::policy_durations(&tokens).into_iter().next()?;
    let (a, b) = (tokens.get(d.first)?.start, tokens.get(d.last)?.end);
    tail.get(a..b).map(|s| s.to_string())
}

/// Appends an inherited duration to sub-items that state none of their own.
fn inherit(children: &mut [Criterion], duration: Option<&str>) {
    let Some(d) = duration else { return };
    for c in children {
        let own = super::duration::policy_durations(&tokenize(&c.content));
        if own.is_empty() && !c.content.is_empty() {
            c.content = format!("{}, for {d}", c.content.trim_end_matches(['.', ';', ',']));
        }
    }
}

/// Joins a parent id and a child label: `3`+`a` → `3a`, `A`+`1` → `A1`, `2`+`1` → `2.1`.
fn compose(parent: Option<&str>, label: &str) -> String {
    match parent {
        None => label.to_string(),
        // An outline label that already names its parent ("I.A" under "I", "A1" under "A") is the id.
        Some(p) if label.strip_prefix(p).is_some_and(|rest| rest.starts_with('.') || rest.starts_with(|c: char| c.is_ascii_digit()) != p.ends_with(|c: char| c.is_ascii_digit())) => {
            label.to_string()
        }
        Some(p) => {
            let p_digit = p.ends_with(|c: char| c.is_ascii_digit());
            let l_digit = label.starts_with(|c: char| c.is_ascii_digit());
            if p_digit != l_digit { format!("{p}{label}") } else { format!("{p}.{label}") }
        }
    }
}

/// The label MediClear gives the `k`-th bullet (from 1) under `parent`.
fn bullet_label(parent: Option<&str>, k: usize) -> String {
    match parent {
        Some(p) if p.ends_with(|c: char| c.is_ascii_digit()) => {
            let letter = (b'a' + ((k - 1) % 26) as u8) as char;
            letter.to_string()
        }
        _ => k.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Inline enumerations: "(1) … (2) …", "a) … b) …", "1. … 2. …" inside one paragraph or item.

#[derive(Debug, Clone, Copy)]
struct InlineMarker {
    at: usize,
    end: usize,
    numbering: Numbering,
    punct: Punct,
    ordinal: u32,
}

fn inline_candidates(text: &str) -> Vec<InlineMarker> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        let prev = text[..i].chars().next_back();
        let boundary = prev.is_none_or(|p| p.is_whitespace() || matches!(p, ':' | ';' | ','));
        if !boundary || !(c == '(' || c.is_ascii_alphanumeric()) {
            continue;
        }
        let enclosed = c == '(';
        let start = i + usize::from(enclosed);
        let label: String = text[start..].chars().take_while(char::is_ascii_alphanumeric).take(4).collect();
        if label.is_empty() {
            continue;
        }
        let after = start + label.len();
        let close = bytes.get(after).copied();
        let (punct, end) = match (enclosed, close) {
            (true, Some(b')')) => (Punct::Enclosed, after + 1),
            (false, Some(b')')) => (Punct::Paren, after + 1),
            (false, Some(b'.')) if label.chars().all(|c| c.is_ascii_digit()) => {
                // "1." inline only after a colon, semicolon or full stop: "criteria: 1. … 2. …".
                let before = text[..i].trim_end();
                if !(before.is_empty() || before.ends_with([':', ';', '.'])) {
                    continue;
                }
                (Punct::Dot, after + 1)
            }
            _ => continue,
        };
        if !text[end..].starts_with(char::is_whitespace) {
            continue;
        }
        let mut push = |numbering, ordinal| out.push(InlineMarker { at: i, end, numbering, punct, ordinal });
        if label.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = label.parse::<u32>() {
                if (1..=30).contains(&n) {
                    push(Numbering::Decimal, n);
                }
            }
            continue;
        }
        if label.len() == 1 {
            let ch = label.chars().next().unwrap_or('a');
            let ordinal = ch.to_ascii_lowercase() as u32 - 'a' as u32 + 1;
            push(if ch.is_ascii_uppercase() { Numbering::UpperAlpha } else { Numbering::LowerAlpha }, ordinal);
        }
        let roman = match label.as_str() {
            "i" => Some(1),
            "ii" => Some(2),
            "iii" => Some(3),
            "iv" => Some(4),
            "v" => Some(5),
            "vi" => Some(6),
            _ => None,
        };
        if let Some(r) = roman {
            push(Numbering::LowerRoman, r);
        }
    }
    out
}

/// The longest run 1, 2, 3… of one style, in text order.
fn inline_sequence(text: &str) -> Option<Vec<InlineMarker>> {
    let candidates = inline_candidates(text);
    let mut best: Option<Vec<InlineMarker>> = None;
    for start in candidates.iter().filter(|c| c.ordinal == 1) {
        let mut chain = vec![*start];
        for c in &candidates {
            let last = chain[chain.len() - 1];
            if c.numbering == last.numbering && c.punct == last.punct && c.ordinal == last.ordinal + 1 && c.at >= last.end {
                chain.push(*c);
            }
        }
        let better = match &best {
            None => chain.len() >= 2,
            Some(b) => chain.len() >= 2 && (chain[0].at < b[0].at || (chain[0].at == b[0].at && chain.len() > b.len())),
        };
        if better {
            best = Some(chain);
        }
    }
    best
}

/// An inline enumeration: the intro before it, its items, and any text after its last item.
struct Inline {
    intro: Fragment,
    items: Vec<(String, Fragment)>,
    rest: Fragment,
}

fn inline_items(fragment: &Fragment) -> Option<Inline> {
    let text = &fragment.text;
    if let Some(seq) = inline_sequence(text) {
        let mut items = Vec::new();
        let mut rest = Fragment::default();
        for (k, m) in seq.iter().enumerate() {
            let label = text[m.at..m.end].trim_matches(|c: char| matches!(c, '(' | ')' | '.')).to_string();
            let end = match seq.get(k + 1) {
                Some(next) => next.at,
                None => {
                    // The last item runs to the end of its sentence; what follows is ordinary text.
                    let tail = &text[m.end..];
                    let cut = tail
                        .char_indices()
                        .find(|(i, c)| *c == '.' && tail[i + 1..].starts_with(' ') && tail[i + 1..].trim_start().starts_with(char::is_uppercase))
                        .map_or(text.len(), |(i, _)| m.end + i + 1);
                    rest = fragment.slice(cut, text.len()).trimmed();
                    cut
                }
            };
            items.push((label, fragment.slice(m.end, end).trimmed()));
        }
        // "when (1) and (2) below are both satisfied" names items listed elsewhere: an item
        // that is only a joining word is a cross-reference, not an enumeration.
        if items[..items.len() - 1].iter().any(|(_, f)| !has_content(&f.text)) {
            return None;
        }
        return Some(Inline { intro: fragment.slice(0, seq[0].at).trimmed(), items, rest });
    }
    // "… all of the following: knee pain for 3 months; failed PT; radiographic OA."
    let colon = text.find(": ")?;
    let head = &text[..colon];
    if layout::combine_phrase(head).is_none() && layout::exclusion_trigger(head).is_none() {
        return None;
    }
    let body_start = colon + 2;
    // "…; FABER (Patrick's) test;": a list item's own closing semicolon ends no piece.
    let body = text[body_start..].trim_end().trim_end_matches([';', '.']);
    let pieces: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut s = 0;
        for (i, c) in body.char_indices() {
            if c == ';' {
                v.push((s, i));
                s = i + 1;
            }
        }
        v.push((s, body.len()));
        v
    };
    if pieces.len() < 2 || !pieces.iter().all(|(a, b)| has_content(&body[*a..*b])) {
        return None;
    }
    let items = pieces
        .iter()
        .enumerate()
        .map(|(k, (a, b))| {
            let piece = fragment.slice(body_start + a, body_start + b).trimmed();
            // "and knee pain" → "knee pain"
            let t = piece.text.clone();
            let skip = ["and ", "or "].iter().find(|w| t.to_lowercase().starts_with(*w)).map_or(0, |w| w.len());
            ((k + 1).to_string(), piece.slice(skip, piece.text.len()).trimmed())
        })
        .collect();
    Some(Inline { intro: fragment.slice(0, colon + 1).trimmed(), items, rest: Fragment::default() })
}

// ---------------------------------------------------------------------------------------------
// The reader.

struct Pending {
    combine: Option<Combine>,
    exclusion: bool,
    intro: String,
}

struct Reader<'a> {
    text: &'a str,
    section: SectionKind,
    section_name: Option<String>,
    /// A line naming the procedure codes the lists after it are for ("Section I - Sacroiliac
    /// joint injection (27096, G0260)"), until the next heading.
    code_scope: Option<String>,
    pending: Option<Pending>,
    /// The style and indent of a list marker that numbered a section heading ("II. EXCLUSIONS").
    heading_marker: Option<(Style, usize)>,
    list: Option<RawList>,
    paragraph: Option<Fragment>,
    after_blank: bool,
    title: Option<String>,
    codes: Vec<String>,
    requirement_lists: Vec<ReadList>,
    prose_requirements: Vec<(Fragment, Option<String>)>,
    exclusions: Vec<(Option<String>, Fragment, String, Option<String>)>,
}

/// Lines with three or more words repeated on several pages (running headers and footers),
/// digits ignored so "Acme Health Policy — page 2" and "… page 3" count as one.
fn repeated_lines(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for l in layout::lines(text) {
        if layout::marker(l.text).is_some() {
            continue;
        }
        let key = repeat_key(l.text);
        if key.split_whitespace().count() >= 3 {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

fn repeat_key(line: &str) -> String {
    line.to_lowercase().chars().filter(|c| !c.is_ascii_digit()).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            section: SectionKind::Preamble,
            section_name: None,
            code_scope: None,
            pending: None,
            heading_marker: None,
            list: None,
            paragraph: None,
            after_blank: false,
            title: None,
            codes: Vec::new(),
            requirement_lists: Vec::new(),
            prose_requirements: Vec::new(),
            exclusions: Vec::new(),
        }
    }

    fn read(mut self) -> PolicyCriteria {
        let repeats = repeated_lines(self.text);
        for line in layout::lines(self.text) {
            let t = line.text.trim();
            if t.is_empty() {
                self.after_blank = true;
                continue;
            }
            let repeated = repeats.get(&repeat_key(t)).is_some_and(|n| *n >= 2)
                && !t.ends_with(':')
                && layout::combine_phrase(t).is_none()
                && layout::marker(line.text).is_none();
            if layout::is_page_noise(t) || repeated {
                continue;
            }
            if let Some((kind, value)) = layout::metadata(t) {
                self.flush_paragraph();
                self.close_list();
                match kind {
                    "title" if self.title.is_none() && !value.is_empty() => self.title = Some(value.to_string()),
                    "codes" => self.codes.extend(code_words(value).map(str::to_ascii_uppercase)),
                    _ => {}
                }
                self.after_blank = false;
                continue;
            }
            if let Some(m) = layout::marker(line.text) {
                let body = line.text[m.body..].trim();
                // "II. Continuation: member continues to meet I.C …", "II. Repeat courses are
                // medically necessary when …": another pathway than the request's, not a requirement.
                if m.indent == 0 && layout::opens_continuation(body) {
                    self.heading_marker = Some((m.style, m.indent));
                    self.heading(SectionKind::Other, body);
                    continue;
                }
                if layout::heading_like(body, 6) && body.chars().next().is_some_and(char::is_uppercase) {
                    if let Some(kind) = layout::section_kind(body) {
                        self.heading_marker = Some((m.style, m.indent));
                        self.heading(kind, body);
                        continue;
                    }
                }
                // "II. CONTRAINDICATIONS. TKA is not covered when …": a numbered heading run into
                // its text.
                if let Some((label, kind, at)) = layout::heading_then_text(&line.text[m.body..]) {
                    self.heading_marker = Some((m.style, m.indent));
                    self.heading(kind, label);
                    self.text_line(&line.text[m.body + at..], line.start + m.body + at);
                    continue;
                }
                // "III. Revision arthroplasty is addressed separately." after "II. CONTRAINDICATIONS":
                // a sibling of a numbered heading opens a section of its own.
                // (An outline number such as "2.1" under "2.0 Coverage Criteria" is the section's own item.)
                if self.heading_marker.is_some_and(|(style, indent)| style == m.style && m.indent <= indent && !matches!(style.numbering, Numbering::Outline(_))) {
                    let kind = if layout::heading_like(body, 6) { layout::section_kind(body) } else { None };
                    self.heading(kind.unwrap_or(SectionKind::Preamble), body);
                    if kind.is_none() {
                        self.section_name = None;
                        self.text_line(&line.text[m.body..], line.start + m.body);
                    }
                    continue;
                }
                self.flush_paragraph();
                self.item(&m, line.text, line.start);
                self.after_blank = false;
                continue;
            }
            if layout::heading_like(t, 8) {
                if let Some(kind) = layout::section_kind(t) {
                    self.heading(kind, t);
                    continue;
                }
            }
            // "Section III. Not medically necessary / Exclusions", "Section C - Contraindications
            // (…)", "Section A - Indications": the heading after its section number.
            if let Some(rest) = layout::without_section_lead(t) {
                if let Some(kind) = layout::section_kind(rest).filter(|_| layout::heading_like(rest, 8)) {
                    self.heading(kind, rest);
                    continue;
                }
                if let Some((label, kind, at)) = layout::heading_then_text(rest) {
                    self.heading(kind, label);
                    let offset = line.text.len() - rest.len() - (line.text.len() - line.text.trim_end().len());
                    self.text_line(&rest[at..], line.start + offset + at);
                    continue;
                }
            }
            // "Exclusions. ICD implantation is not covered for:" — the same with a full stop.
            if let Some((label, kind, at)) = layout::heading_then_text(line.text) {
                self.heading(kind, label);
                self.text_line(&line.text[at..], line.start + at);
                continue;
            }
            // "Contraindications: active ocular infection." — a heading and its text on one line.
            if let Some(colon) = t.find(':') {
                let label = &t[..colon];
                if layout::heading_like(label, 4) && !t[colon + 1..].trim().is_empty() {
                    if let Some(kind) = layout::section_kind(label) {
                        self.heading(kind, label);
                        let lead = line.text.len() - line.text.trim_start().len();
                        let rest = &t[colon + 1..];
                        let rest_lead = rest.len() - rest.trim_start().len();
                        self.text_line(rest.trim_start(), line.start + lead + colon + 1 + rest_lead);
                        continue;
                    }
                }
            }
            // "Section II - Sacroiliac joint radiofrequency ablation (64625)": the criteria after it
            // are for those codes only.
            if !codes_named(t).is_empty() && t.split_whitespace().count() <= 16 && !t.ends_with(':') && layout::combine_phrase(t).is_none() {
                self.flush_paragraph();
                self.close_list();
                self.code_scope = Some(t.to_string());
                continue;
            }
            self.text_line(line.text, line.start);
        }
        self.flush_paragraph();
        self.close_list();
        self.finish()
    }

    fn heading(&mut self, kind: SectionKind, text: &str) {
        self.flush_paragraph();
        self.close_list();
        let name = text.trim().trim_start_matches('#').trim().trim_end_matches(':').trim().to_string();
        self.section = kind;
        self.section_name = Some(name);
        self.code_scope = None;
        let combine = layout::combine_phrase(text).map(|c| c.0);
        // "… when the record documents ANY ONE of the indications below." then an "Indications"
        // heading: the intro still says how the list under the heading combines.
        let intro_kept = kind == SectionKind::Requirements && combine.is_none() && self.pending.as_ref().is_some_and(|p| !p.exclusion);
        self.pending = match (kind, combine) {
            (SectionKind::Exclusions, c) => Some(Pending { combine: c, exclusion: true, intro: text.to_string() }),
            (_, Some(c)) => Some(Pending { combine: Some(c), exclusion: c == Combine::NoneOf, intro: text.to_string() }),
            _ if intro_kept => self.pending.take(),
            _ => None,
        };
        self.after_blank = false;
    }

    fn text_line(&mut self, raw: &str, base: usize) {
        let t = raw.trim();
        let lowercase_start = t.starts_with(char::is_lowercase);
        let continues = !self.after_blank || lowercase_start;
        let mut opens_intro = t.ends_with(':') && (layout::combine_phrase(t).is_some() || layout::exclusion_trigger(t).is_some());
        // "(c) Failure of … including AT LEAST" / "TWO of the following:": a line that finishes
        // an unfinished item is that item's text, though it reads as an intro on its own.
        if opens_intro && continues && self.paragraph.is_none() {
            let unfinished = self.list.as_ref().and_then(|l| l.last.map(|i| &l.items[i])).is_some_and(|item| {
                let text = item.fragment.text.trim_end();
                let last = text.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
                !text.ends_with(['.', ';', ':', ','])
                    && (lowercase_start || ["of", "at", "least", "including", "with", "the", "a", "an", "and", "or", "to", "than", "for", "in", "by"].contains(&last.as_str()))
            });
            opens_intro = !unfinished;
        }
        self.after_blank = false;
        if self.paragraph.is_none() && continues && !opens_intro {
            if let Some(list) = self.list.as_mut() {
                if let Some(last) = list.last {
                    let lead = raw.len() - raw.trim_start().len();
                    list.items[last].fragment.push_line(t, base + lead);
                    return;
                }
            }
        }
        if let Some(p) = self.paragraph.as_mut() {
            if continues && !opens_intro {
                let lead = raw.len() - raw.trim_start().len();
                p.push_line(t, base + lead);
                return;
            }
        }
        self.flush_paragraph();
        self.close_list();
        let mut p = Fragment::default();
        let lead = raw.len() - raw.trim_start().len();
        p.push_line(t, base + lead);
        self.paragraph = Some(p);
    }

    fn item(&mut self, m: &Marker, raw: &str, base: usize) {
        if self.list.is_none() {
            let pending = self.pending.take();
            let kind = if self.section == SectionKind::Other {
                ListKind::Ignored
            } else if self.section == SectionKind::Exclusions || pending.as_ref().is_some_and(|p| p.exclusion) {
                ListKind::Exclusion
            } else {
                ListKind::Requirement
            };
            self.list = Some(RawList {
                kind,
                combine: pending.as_ref().and_then(|p| p.combine),
                intro: pending.as_ref().map(|p| p.intro.clone()).unwrap_or_default(),
                section: self.code_scope.clone().or_else(|| self.section_name.clone()),
                items: Vec::new(),
                roots: Vec::new(),
                levels: Vec::new(),
                last: None,
            });
        }
        let Some(list) = self.list.as_mut() else { return };
        // An ambiguous label (`i`, `v`) takes the reading that continues an open list.
        let (style, ordinal) = match m.alternative {
            Some((alt, alt_ordinal)) if list.levels.iter().any(|l| l.style == alt && l.ordinal + 1 == alt_ordinal) => (alt, alt_ordinal),
            Some(_) if list.levels.iter().any(|l| l.style == m.style) => (m.style, m.ordinal),
            // … as a sibling: an `i.` indented under "c." opens a roman sub-list ("i. NSAIDs",
            // "ii. physical therapy"), it does not continue the letters.
            Some((alt, alt_ordinal)) if list.levels.iter().any(|l| l.style == alt && m.indent <= l.indent + 1) => (alt, alt_ordinal),
            _ => (m.style, m.ordinal),
        };
        let mut fragment = Fragment::default();
        fragment.push_line(raw[m.body..].trim(), base + m.body);
        let index = list.items.len();
        list.items.push(RawItem {
            label: m.label.clone(),
            bullet: matches!(style.numbering, Numbering::Bullet(_)),
            fragment,
            children: Vec::new(),
        });
        let sibling = list.levels.iter().rposition(|l| l.style == style && m.indent <= l.indent + 1);
        let parent = match sibling {
            Some(pos) => {
                list.levels.truncate(pos + 1);
                let level = &mut list.levels[pos];
                level.ordinal = ordinal;
                level.parent
            }
            None => {
                // A new, deeper level under the last item (or the first level of the list).
                let parent = list.last;
                list.levels.push(Level { style, indent: m.indent, parent, ordinal });
                parent
            }
        };
        match parent {
            Some(p) => list.items[p].children.push(index),
            None => list.roots.push(index),
        }
        list.last = Some(index);
    }

    fn flush_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else { return };
        let p = p.trimmed();
        if p.text.is_empty() || self.section == SectionKind::Other {
            return;
        }
        if let Some(inline) = inline_items(&p) {
            // Sentences before the intro sentence are description (or stand-alone exclusions).
            let intro_sentences = sentences(&inline.intro.text);
            if let Some((last, earlier)) = intro_sentences.split_last() {
                for s in earlier {
                    self.sentence(&inline.intro.slice(s.start, s.end));
                }
                let intro = inline.intro.slice(last.start, last.end);
                let combine = layout::combine_phrase(&intro.text).map(|c| c.0);
                let exclusion = self.section == SectionKind::Exclusions
                    || layout::exclusion_trigger(&intro.text).is_some()
                    || combine == Some(Combine::NoneOf);
                self.inline_list(inline.items, combine, exclusion, &intro.text);
            } else {
                let exclusion = self.section == SectionKind::Exclusions;
                let pending = self.pending.take();
                let combine = pending.as_ref().and_then(|p| p.combine);
                self.inline_list(inline.items, combine, exclusion || pending.is_some_and(|p| p.exclusion), "");
            }
            for s in sentences(&inline.rest.text) {
                self.sentence(&inline.rest.slice(s.start, s.end));
            }
            return;
        }
        for s in sentences(&p.text) {
            self.sentence(&p.slice(s.start, s.end));
        }
    }

    fn inline_list(&mut self, items: Vec<(String, Fragment)>, combine: Option<Combine>, exclusion: bool, intro: &str) {
        self.close_list();
        let section = self.section_name.clone();
        if exclusion {
            for (label, fragment) in items {
                self.push_inline_exclusions(Some(label), &fragment, "", &section);
            }
            return;
        }
        let mut criteria = Vec::new();
        let mut joiners = Vec::new();
        for (label, fragment) in items {
            let (c, joiner) = build_inline(None, &label, &fragment, &section);
            criteria.push(c);
            joiners.push(joiner);
        }
        self.requirement_lists.push(ReadList { combine, intro: intro.to_string(), items: criteria, joiner: joined_rule(&joiners), gate: None });
    }

    fn push_inline_exclusions(&mut self, label: Option<String>, fragment: &Fragment, context: &str, section: &Option<String>) {
        if let Some(inline) = inline_items(fragment) {
            let parent = strip_intro(&inline.intro.text);
            let context = join_context(context, &parent);
            for (l, f) in inline.items {
                let label = Some(compose(label.as_deref(), &l));
                self.push_inline_exclusions(label, &f, &context, section);
            }
            return;
        }
        let (text, _) = trailing_joiner(&fragment.text);
        if layout::is_cross_reference(&text) {
            return;
        }
        // "Not covered in combination with …": the condition is what follows the trigger.
        let condition = if layout::exclusion_trigger(&text).is_some() { exclusion_condition(&text) } else { Some(text.clone()) };
        if let Some(condition) = condition.filter(|c| has_content(c)) {
            self.exclusions.push((label, fragment.clone(), join_context(context, &condition), section.clone()));
        }
    }

    /// One sentence of a paragraph.
    fn sentence(&mut self, s: &Fragment) {
        let t = s.text.trim();
        let combine = layout::combine_phrase(t).map(|c| c.0);
        let trigger = layout::exclusion_trigger(t);
        let lower = t.to_lowercase();
        // "… meets AT LEAST ONE of Indications 1 through 4.": the list named by its labels.
        let names_list = ["following", "below", "indications", "options", "pathways"].iter().any(|w| lower.contains(w));
        let introduces = t.ends_with(':') || (combine.is_some() && names_list);
        if introduces {
            self.close_list();
            let exclusion = trigger.is_some() || self.section == SectionKind::Exclusions || combine == Some(Combine::NoneOf);
            self.pending = Some(Pending { combine, exclusion, intro: t.to_string() });
            return;
        }
        let section = self.section_name.clone();
        if self.section == SectionKind::Exclusions {
            // "Active infection; skeletal immaturity; severe vascular disease."
            let mut start = 0;
            let text = s.text.clone();
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ';'))) {
                if c == ';' {
                    let piece = s.slice(start, i).trimmed();
                    if layout::is_cross_reference(&piece.text) || layout::is_continuation(&piece.text) {
                        start = i + 1;
                        continue;
                    }
                    let condition = trigger.map_or(piece.text.clone(), |_| exclusion_condition(&piece.text).unwrap_or_default());
                    if has_content(&condition) {
                        self.exclusions.push((None, piece, condition, section.clone()));
                    }
                    start = i + 1;
                }
            }
            return;
        }
        if layout::is_cross_reference(t) {
            return;
        }
        if trigger.is_some() {
            if let Some(condition) = exclusion_condition(t) {
                self.exclusions.push((None, s.trimmed(), condition, section));
            }
            return;
        }
        let cue = [" must ", "must have", " required", " requires ", "documentation of", "is required", "should have"]
            .iter()
            .any(|c| format!(" {lower} ").contains(c));
        if self.section == SectionKind::Requirements && cue && has_content(t) && !layout::is_continuation(t) {
            self.prose_requirements.push((s.trimmed(), section));
        }
    }

    fn close_list(&mut self) {
        let Some(list) = self.list.take() else { return };
        match list.kind {
            ListKind::Ignored => {}
            ListKind::Requirement => {
                let mut items = Vec::new();
                let mut joiners = Vec::new();
                let mut bullets = 0;
                for &r in &list.roots {
                    let (c, j) = build_item(&list, r, None, &mut bullets, &list.section);
                    items.push(c);
                    joiners.push(j);
                }
                let joiner = joined_rule(&joiners);
                let gate = list_gate(&list.intro);
                self.requirement_lists.push(ReadList { combine: list.combine, intro: String::new(), items, joiner, gate });
            }
            ListKind::Exclusion => {
                let mut bullets = 0;
                for &r in &list.roots {
                    self.flatten_exclusion(&list, r, None, "", &mut bullets);
                }
            }
        }
    }

    fn flatten_exclusion(&mut self, list: &RawList, index: usize, parent: Option<&str>, context: &str, bullets: &mut usize) {
        let item = &list.items[index];
        let label = if item.bullet {
            *bullets += 1;
            bullet_label(parent, *bullets)
        } else {
            item.label.clone()
        };
        let id = compose(parent, &label);
        let fragment = item.fragment.trimmed();
        if item.children.is_empty() {
            self.push_inline_exclusions(Some(id), &fragment, context, &list.section);
            return;
        }
        let own = strip_intro(&trailing_joiner(&fragment.text).0);
        let context = join_context(context, &own);
        let mut child_bullets = 0;
        for &c in &item.children {
            self.flatten_exclusion(list, c, Some(&id), &context, &mut child_bullets);
        }
    }

    fn finish(self) -> PolicyCriteria {
        let mut lists = self.requirement_lists;
        // Sentences that state a requirement in prose ("The patient must …") are numbered after
        // any listed ones.
        if !self.prose_requirements.is_empty() {
            let items = self
                .prose_requirements
                .into_iter()
                .enumerate()
                .map(|(k, (fragment, section))| {
                    let (text, _) = trailing_joiner(&fragment.text);
                    Criterion {
                        id: CriterionId::new((k + 1).to_string()),
                        label: None,
                        content: strip_intro(&text),
                        text,
                        span: fragment.span(),
                        section,
                        applies_when: false,
                        children: None,
                    }
                })
                .collect();
            lists.push(ReadList { combine: None, intro: String::new(), items, joiner: None, gate: None });
        }
        for l in &mut lists {
            prune(&mut l.items);
        }
        lists.retain(|l| !l.items.is_empty());
        let rule_of_list = |l: &ReadList| rule_of(l.combine).or(l.joiner).unwrap_or(GroupRule::All);
        let requirements = match lists.len() {
            0 => CriterionGroup { rule: GroupRule::All, items: Vec::new() },
            1 => {
                let l = lists.remove(0);
                CriterionGroup { rule: rule_of_list(&l), items: l.items }
            }
            _ => {
                // Several lists: each must hold; a list that is itself "one of" becomes one group.
                let mut items = Vec::new();
                for l in lists {
                    let rule = rule_of_list(&l);
                    if rule == GroupRule::All && l.gate.is_none() {
                        items.extend(l.items);
                    } else {
                        let first = l.items.first().map(|c| c.id.to_string()).unwrap_or_default();
                        let last = l.items.last().map(|c| c.id.to_string()).unwrap_or_default();
                        let span = (l.items.first().map_or(0, |c| c.span.0), l.items.last().map_or(0, |c| c.span.1));
                        let described = format!("{} the following", rule.describe());
                        // A gated list ("For indication II.A only, all of the following") applies
                        // only when its gate holds.
                        let (text, content) = match &l.gate {
                            Some(gate) => (format!("{gate}, {described}"), gate.clone()),
                            None => {
                                let text = if l.intro.trim().is_empty() { capitalise(&described) } else { l.intro.trim().trim_end_matches(':').to_string() };
                                (text.clone(), strip_intro(&text))
                            }
                        };
                        items.push(Criterion {
                            id: CriterionId::new(format!("{first}–{last}")),
                            label: None,
                            content,
                            text,
                            span,
                            section: l.items.first().and_then(|c| c.section.clone()),
                            applies_when: l.gate.is_some(),
                            children: Some(CriterionGroup { rule, items: l.items }),
                        });
                    }
                }
                CriterionGroup { rule: GroupRule::All, items }
            }
        };
        let mut requirements = requirements;
        make_unique(&mut requirements.items, &mut HashMap::new());
        let exclusions = self
            .exclusions
            .into_iter()
            .enumerate()
            .map(|(k, (label, fragment, content, section))| {
                let (text, _) = trailing_joiner(&fragment.text);
                Criterion {
                    id: CriterionId::new(format!("E{}", k + 1)),
                    label,
                    text,
                    content,
                    span: fragment.span(),
                    section,
                    applies_when: false,
                    children: None,
                }
            })
            .collect();
        PolicyCriteria { title: self.title, procedure_codes: dedup(self.codes), requirements, exclusions }
    }
}

/// Drops items with neither text nor sub-items (a bare "1." line), and empty sub-lists.
fn prune(items: &mut Vec<Criterion>) {
    for c in items.iter_mut() {
        if let Some(g) = c.children.as_mut() {
            prune(&mut g.items);
            if g.items.is_empty() {
                c.children = None;
            }
        }
    }
    items.retain(|c| {
        !c.text.trim().is_empty() && c.text.chars().any(char::is_alphanumeric) && !layout::is_cross_reference(&c.text) || c.children.is_some()
    });
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|c| seen.insert(c.clone()));
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

fn join_context(context: &str, text: &str) -> String {
    match (context.trim().is_empty(), text.trim().is_empty()) {
        (true, _) => text.trim().to_string(),
        (false, true) => context.trim().to_string(),
        (false, false) => format!("{}: {}", context.trim().trim_end_matches(':'), text.trim()),
    }
}

/// Gives repeated ids a suffix (`1`, then `1-2`) so every id names one criterion.
fn make_unique(items: &mut [Criterion], seen: &mut HashMap<String, usize>) {
    for c in items.iter_mut() {
        let n = seen.entry(c.id.to_string()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.id = CriterionId::new(format!("{}-{}", c.id, n));
        }
        if let Some(g) = c.children.as_mut() {
            make_unique(&mut g.items, seen);
        }
    }
}

/// The condition an exclusion sentence states: "not medically necessary *for patients with active
/// infection*", or "*Patients with active infection* are not eligible". `None` when it is only
/// the policy's fallback ("when the criteria above are not met").
fn exclusion_condition(sentence: &str) -> Option<String> {
    let end = layout::exclusion_trigger(sentence)?;
    const LEADING: &[&str] = &[
        "when", "if", "for", "in", "to", "the", "patients", "patient", "members", "member", "individuals", "individual",
        "persons", "with", "who", "have", "has", "any", "of", "following", "presence", "there", "is", "are", "a", "an",
        "under", "circumstances", "situations", "cases", "where", "conditions", "these", "and", "or",
    ];
    let strip = |s: &str| -> String {
        let mut rest = s.trim().trim_start_matches([',', ':', ';', '-', '—', ' ']);
        loop {
            let word_end = rest.find(|c: char| !c.is_alphanumeric() && c != '-').unwrap_or(rest.len());
            let word = rest[..word_end].to_lowercase();
            if word_end > 0 && LEADING.contains(&word.as_str()) {
                rest = rest[word_end..].trim_start_matches([',', ':', ';', ' ']);
            } else {
                break;
            }
        }
        rest.trim().trim_end_matches(['.', ';', ':']).trim().to_string()
    };
    // "is contraindicated, and not covered, in the presence of …": one trigger after another.
    let mut end = end;
    loop {
        let rest = sentence.get(end..).unwrap_or("");
        let lead = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';')).len();
        let rest_l = rest[lead..].to_ascii_lowercase();
        let rest_l = rest_l.strip_prefix("and ").or_else(|| rest_l.strip_prefix("or ")).unwrap_or(&rest_l).to_string();
        let skipped = rest.len() - lead - rest_l.len();
        match layout::exclusion_trigger(&rest_l) {
            Some(e) if layout::exclusion_trigger_start(&rest_l) == Some(0) => end += lead + skipped + e,
            _ => break,
        }
    }
    let after = strip(sentence.get(end..).unwrap_or(""));
    let fallback = {
        let l = after.to_lowercase();
        l.contains("criteria") && (l.contains("not met") || l.contains("not been met") || l.contains("do not meet") || l.contains("does not meet") || l.contains("above"))
            || l.starts_with("not meet")
    };
    if !fallback && has_content(&after) {
        return Some(after);
    }
    // "Patients with active infection are not eligible": the subject names the patients.
    let trigger_start = layout::exclusion_trigger_start(sentence)?;
    let before = sentence.get(..trigger_start).unwrap_or("").trim();
    let bl = before.to_lowercase();
    let about_patients = ["patient", "member", "individual", "person", "those", "anyone"].iter().any(|w| bl.starts_with(w));
    let subject = strip(before);
    let subject = subject.trim_end_matches(" is").trim_end_matches(" are").trim_end_matches(',').trim().to_string();
    if about_patients {
        if has_content(&subject) {
            return Some(subject);
        }
        return None;
    }
    // "ESI for axial low back pain without radicular pain is not medically necessary.": nothing
    // follows the trigger, so the subject is the condition, without the service it names.
    if after.is_empty() && !fallback {
        let sl = subject.to_ascii_lowercase();
        let subject = match sl.find(" for ") {
            Some(at) if subject[..at].split_whitespace().count() <= 4 => subject[at + 5..].trim().to_string(),
            _ => subject,
        };
        if has_content(&subject) {
            return Some(subject);
        }
    }
    None
}

/// Builds a criterion (and its sub-criteria) from a list item.
fn build_item(list: &RawList, index: usize, parent: Option<&str>, bullets: &mut usize, section: &Option<String>) -> (Criterion, Option<GroupRule>) {
    let item = &list.items[index];
    let label = if item.bullet {
        *bullets += 1;
        bullet_label(parent, *bullets)
    } else {
        item.label.clone()
    };
    let id = compose(parent, &label);
    let fragment = item.fragment.trimmed();
    if item.children.is_empty() {
        let (mut c, joiner) = build_inline(parent, &label, &fragment, section);
        if item.bullet {
            c.label = None;
        }
        return (c, joiner);
    }
    let (text, joiner) = trailing_joiner(&fragment.text);
    let mut children = Vec::new();
    let mut joiners = Vec::new();
    let mut child_bullets = 0;
    for &c in &item.children {
        let (child, j) = build_item(list, c, Some(&id), &mut child_bullets, section);
        children.push(child);
        joiners.push(j);
    }
    let rule = rule_of(layout::combine_phrase(&text).map(|c| c.0)).or(joined_rule(&joiners)).unwrap_or(GroupRule::All);
    inherit(&mut children, inherited_duration(&text).as_deref());
    let content = strip_intro(&text);
    let criterion = Criterion {
        id: CriterionId::new(id),
        label: (!item.bullet).then(|| item.label.clone()),
        applies_when: is_applicability(&content),
        content,
        text,
        span: fragment.span(),
        section: section.clone(),
        children: Some(CriterionGroup { rule, items: children }),
    };
    (criterion, joiner)
}

/// Builds a criterion from one item's text, reading an inline enumeration inside it as its
/// sub-criteria ("3. One of the following: a) … b) …" on one line).
fn build_inline(parent: Option<&str>, label: &str, fragment: &Fragment, section: &Option<String>) -> (Criterion, Option<GroupRule>) {
    let id = compose(parent, label);
    let (whole, joiner) = trailing_joiner(&fragment.text);
    let Some(inline) = inline_items(fragment) else {
        let criterion = Criterion {
            id: CriterionId::new(id),
            label: Some(label.to_string()),
            content: without_later_requests(&without_label(&inline_examples(&whole).unwrap_or_else(|| strip_intro(&whole)))),
            text: whole,
            span: fragment.span(),
            section: section.clone(),
            applies_when: false,
            children: None,
        };
        return (criterion, joiner);
    };
    let intro = trailing_joiner(&inline.intro.text).0;
    let mut children = Vec::new();
    let mut joiners = Vec::new();
    for (l, f) in &inline.items {
        let (c, j) = build_inline(Some(&id), l, f, section);
        children.push(c);
        joiners.push(j);
    }
    let rule = rule_of(layout::combine_phrase(&intro).map(|c| c.0)).or(joined_rule(&joiners)).unwrap_or(GroupRule::All);
    inherit(&mut children, inherited_duration(&intro).as_deref());
    let content = strip_intro(&intro);
    let criterion = Criterion {
        id: CriterionId::new(id),
        label: Some(label.to_string()),
        applies_when: is_applicability(&content),
        content,
        text: intro,
        span: fragment.span(),
        section: section.clone(),
        children: Some(CriterionGroup { rule, items: children }),
    };
    (criterion, joiner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(group: &CriterionGroup) -> Vec<String> {
        group.items.iter().map(|c| c.id.to_string()).collect()
    }

    #[test]
    fn numbered_list_with_nested_any_group_and_exclusions() {
        let policy = "Title: Knee\nProcedure codes: 27447, 27446\n\nCriteria\nALL of the following must be met:\n1. Knee pain for at least 3 months.\n2. Failure of conservative therapy, including ONE of the following:\n   a) physical therapy for at least 6 weeks; or\n   b) NSAIDs for 4 weeks; or\n   c) corticosteroid injection\n3. BMI below 40.\n\nExclusions\n- Active infection\n- Skeletal immaturity\n";
        let p = parse_policy(policy);
        assert_eq!(p.title.as_deref(), Some("Knee"));
        assert_eq!(p.procedure_codes, ["27447", "27446"]);
        assert_eq!(p.requirements.rule, GroupRule::All);
        assert_eq!(ids(&p.requirements), ["1", "2", "3"]);
        let two = &p.requirements.items[1];
        assert_eq!(two.content, "Failure of conservative therapy");
        let g = two.children.as_ref().unwrap();
        assert_eq!(g.rule, GroupRule::Any);
        assert_eq!(ids(g), ["2a", "2b", "2c"]);
        assert_eq!(g.items[0].text, "physical therapy for at least 6 weeks");
        assert_eq!(p.exclusions.len(), 2);
        assert_eq!(p.exclusions[0].id.as_str(), "E1");
        assert_eq!(p.exclusions[0].text, "Active infection");
        assert_eq!(&policy[p.requirements.items[0].span.0..p.requirements.items[0].span.1], "Knee pain for at least 3 months.");
    }

    #[test]
    fn a_joiner_after_the_last_item_joins_the_list_to_what_follows() {
        // "(b) …; AND" then "(2) …": the AND joins (1) to (2), the "or" joins (a) to (b).
        let policy = "Criteria\n(1) The lesion is malignant, defined as\n    (a) biopsy shows carcinoma; or\n    (b) cytology positive for malignant cells;\n  AND\n(2) Tumour size of 2 cm or more.\n";
        let p = parse_policy(policy);
        assert_eq!(ids(&p.requirements), ["1", "2"]);
        assert_eq!(p.requirements.items[0].children.as_ref().unwrap().rule, GroupRule::Any);
        let list = "Criteria\n1. Either of:\n   a) knee pain for 3 months; and\n   b) failed PT; or\n";
        assert_eq!(parse_policy(list).requirements.items[0].children.as_ref().unwrap().rule, GroupRule::Any, "the intro decides");
        let joined = "Criteria\n1. Wound care:\n   a) debridement of the ulcer; and\n   b) offloading of the foot; or\n2. Amputation planned.\n";
        assert_eq!(parse_policy(joined).requirements.items[0].children.as_ref().unwrap().rule, GroupRule::All);
    }

    #[test]
    fn numbered_and_sectioned_headings_open_exclusions_and_continuations_are_not_requirements() {
        let numbered = "Criteria\nI. Covered when ALL of A and B are met.\n   A. Diagnosis of osteoporosis.\n   B. Calcium measured.\nII. Continuation: the member continues to meet B.\nIII. Exclusions - the drug is not medically necessary in ANY of the following situations:\n   1. Hypocalcemia;\n   2. Pregnancy.\n";
        let p = parse_policy(numbered);
        let exclusions: Vec<&str> = p.exclusions.iter().map(|x| x.content.as_str()).collect();
        assert_eq!(exclusions, ["Hypocalcemia", "Pregnancy."], "{p:#?}");
        assert!(!format!("{:?}", p.requirements).contains("continues to meet"), "{p:#?}");
        let repeat = parse_policy("Criteria:\nI. Covered when ALL of the following are met:\n   A. Hemoglobin below 11 g/dL.\nII. Repeat courses are medically necessary when the member again meets I.A.\n");
        assert!(!format!("{:?}", repeat.requirements).contains("Repeat courses"), "{repeat:#?}");
        let sectioned = "Section A - Indications\nAll of the following:\n1. Hip pain.\n2. Arthritis on X-ray.\nSection III. Not medically necessary / Exclusions\n   1. Skeletal immaturity;\n   2. Active infection.\nSection C - Contraindications (THA not medically necessary while present)\n- Charcot arthropathy of the hip.\n";
        let p = parse_policy(sectioned);
        assert_eq!(ids(&p.requirements), ["1", "2"], "{p:#?}");
        assert_eq!(p.exclusions.len(), 3, "{p:#?}");
        // A criterion whose name comes before a dash is not a heading.
        let purpose = parse_policy("Criteria: A and B are both met.\nA. Diagnosis - ONE of the following:\n   A1. Lung cancer.\n   A2. Lymphoma.\nB. Purpose of the study - ONE of the following:\n   B1. Initial staging.\n   B2. Restaging.\n");
        assert_eq!(ids(&purpose.requirements), ["A", "B"], "{purpose:#?}");
    }

    #[test]
    fn outline_labels_of_letters_and_numbers_are_items() {
        let groups = "Policy Statement\nCovered when at least ONE indication in Group A AND both requirements in Group B are met.\n\nGroup A - Clinical indications (at least ONE):\n  A1. Acute myocardial infarction with LVEF of 35% or less;\n  A2. Newly diagnosed cardiomyopathy with LVEF of 35% or less.\n\nGroup B - ALL of the following:\n  B1. The LVEF date and value are documented;\n  B2. The device is ordered by a cardiologist.\n";
        let p = parse_policy(groups);
        let all: Vec<String> = p.requirements.items.iter().flat_map(|c| std::iter::once(c.id.to_string()).chain(c.children.iter().flat_map(|g| g.items.iter().map(|c| c.id.to_string())))).collect();
        for id in ["A1", "A2", "B1", "B2"] {
            assert!(all.iter().any(|a| a == id), "{id} in {all:?}");
        }
        let outline = "Criteria\nI. Covered when the member meets I.A and I.B.\nI.A  Diagnosis - ANY ONE of:\n     I.A.1  T-score of -2.5 or lower;\n     I.A.2  History of a fragility fracture.\nI.B  Prior therapy - ANY ONE of:\n     I.B.1  Intolerance to an oral bisphosphonate;\n     I.B.2  Creatinine clearance below 35 mL/min.\n";
        let p = parse_policy(outline);
        let one = &p.requirements.items[0];
        let parts = one.children.as_ref().expect("I.A and I.B under I");
        assert_eq!(ids(parts), ["I.A", "I.B"], "{p:#?}");
        assert_eq!(ids(parts.items[0].children.as_ref().unwrap()), ["I.A.1", "I.A.2"]);
        assert_eq!(parts.items[0].children.as_ref().unwrap().rule, GroupRule::Any);
        // Words with full stops are not labels.
        assert!(parse_policy("Criteria\ne.g. Diabetes mellitus.\nU.S. Preventive Services Task Force grade A.\n").requirements.items.iter().all(|c| c.label.is_none()));
    }

    #[test]
    fn a_roman_list_indented_under_a_letter_is_a_list_of_its_own() {
        let policy = "Criteria - ALL of the following:\n    a. Imaging showing advanced disease;\n    c. Non-operative treatment for at least 3 months, including at least TWO of the following:\n       i.   NSAIDs;\n       ii.  physical therapy;\n       iii. a cane.\n";
        let p = parse_policy(policy);
        assert_eq!(ids(&p.requirements), ["a", "c"]);
        let c = p.requirements.items[1].children.as_ref().unwrap();
        assert_eq!(ids(c), ["c.i", "c.ii", "c.iii"]);
        assert_eq!(c.rule, GroupRule::AtLeast(2));
    }

    #[test]
    fn items_named_in_a_sentence_are_a_cross_reference_not_a_list() {
        let policy = "Coverage\nThe pump is covered when (1) and (2) below are both met.\n(1) Type 1 diabetes.\n(2) HbA1c above 7%.\n";
        let p = parse_policy(policy);
        let texts: Vec<&str> = p.requirements.items.iter().map(|c| c.text.as_str()).collect();
        assert!(!texts.iter().any(|t| *t == "and" || t.starts_with("below")), "{texts:?}");
        assert!(texts.contains(&"Type 1 diabetes."), "{texts:?}");
        let either = parse_policy("Criteria\n1. Imaging shows (a) or (b) as defined below.\n");
        assert!(either.requirements.items[0].children.is_none());
    }

    #[test]
    fn named_groups_of_alternatives_nest_under_their_item() {
        let policy = "Coverage\n(1) Qualifying test. The member meets the criteria of Group I or Group II:\n    Group I -- any one of:\n       (a) SpO2 at or below 88% at rest;\n       (b) SpO2 at or below 88% during sleep.\n    Group II -- SpO2 of 89%, AND at least one of:\n       (a) dependent edema;\n       (b) pulmonary hypertension.\n(2) The test was performed in a stable state.\n";
        let p = parse_policy(policy);
        assert_eq!(ids(&p.requirements), ["1", "2"]);
        let one = &p.requirements.items[0];
        assert_eq!(one.content, "", "a label and the grouping phrase: nothing to find of its own");
        let groups = one.children.as_ref().unwrap();
        assert_eq!(groups.rule, GroupRule::Any);
        assert_eq!(ids(groups), ["1I", "1II"]);
        assert_eq!(groups.items[0].children.as_ref().unwrap().rule, GroupRule::Any);
        assert_eq!(groups.items[1].content, "SpO2 of 89%");
    }

    #[test]
    fn intros_that_only_label_or_define_their_sub_list_have_no_content() {
        assert_eq!(strip_intro("Red-flag findings. ANY ONE of the following:"), "");
        assert_eq!(strip_intro("Severe obesity, defined as either:"), "");
        assert_eq!(strip_intro("The member must meet ALL of the following criteria:"), "");
        assert_eq!(strip_intro("Failure of conservative therapy for 3 months, including one of:"), "Failure of conservative therapy for 3 months");
        assert_eq!(strip_intro("Arthroscopic meniscectomy is medically necessary when BOTH of the following are met"), "");
        assert_eq!(strip_intro("Failure of non-surgical treatment, including"), "Failure of non-surgical treatment");
        assert!(is_applicability("In members 50 years of age or older"));
        assert_eq!(strip_intro("Failure of therapy,\u{a0}including one of the following:"), "Failure of therapy", "non-breaking spaces from PDFs");
    }

    #[test]
    fn a_heading_and_its_text_on_one_line() {
        let policy = "Criteria:\n1. Visual acuity of 20/50 or worse.\n2. Glare impairs driving.\nContraindications: active ocular infection.";
        let p = parse_policy(policy);
        assert_eq!(p.requirements.items[1].text, "Glare impairs driving.");
        assert_eq!(p.exclusions.len(), 1);
        assert_eq!(p.exclusions[0].content, "active ocular infection.");
        assert_eq!(&policy[p.exclusions[0].span.0..p.exclusions[0].span.1], "active ocular infection.");
    }

    #[test]
    fn numbered_headings_wrapped_intros_and_references() {
        let policy = "I. INDICATIONS. Hip resurfacing is medically necessary when ALL of the following are met:\n (a) Hip pain for at least 6 months;\n (b) Failure of non-operative care, including AT\n     LEAST TWO of the following:\n       1. NSAIDs;\n       2. physical therapy;\n       3. cane.\n\nII. EXCLUSIONS. Not covered when any of the following is present:\n - active hip infection;\n - skeletal immaturity.\n\nIII. Revision surgery is addressed separately.\nContinued coverage requires yearly review and is addressed in a separate section.\n";
        let p = parse_policy(policy);
        assert_eq!(ids(&p.requirements), ["a", "b"]);
        let b = &p.requirements.items[1];
        assert_eq!(b.content, "Failure of non-operative care");
        assert_eq!(b.children.as_ref().unwrap().rule, GroupRule::AtLeast(2), "the intro wraps onto the next line");
        let exclusions: Vec<&str> = p.exclusions.iter().map(|e| e.content.as_str()).collect();
        assert_eq!(exclusions, ["active hip infection", "skeletal immaturity."]);
    }

    #[test]
    fn an_intro_before_its_heading_and_run_in_exclusion_headings() {
        let p = parse_policy("Scan is appropriate when the record documents ANY ONE of the indications below.\n\nIndications\n- new seizure\n- head trauma with vomiting\n\nContraindications. Scanning is not covered for:\n- pregnancy\n");
        assert_eq!(p.requirements.rule, GroupRule::Any);
        assert_eq!(p.exclusions.len(), 1);
        let p = parse_policy("Criteria\nA scan is covered for patients meeting Criterion A or B:\nCriterion A - Trauma. Head injury with loss of consciousness.\nCriterion B - New focal weakness.\n");
        assert_eq!(p.requirements.rule, GroupRule::Any);
        assert_eq!(p.requirements.items[0].content, "Head injury with loss of consciousness.", "the case's label is not a finding");
    }

    #[test]
    fn inline_options_after_a_colon_read_as_examples() {
        let text = "Age 65 or older together with at least one of the following risk factors: smoking, diabetes, or hypertension";
        assert_eq!(inline_examples(text).as_deref(), Some("Age 65 or older together with risk factors (smoking, diabetes, or hypertension)"));
        assert_eq!(inline_examples("Knee pain for 3 months"), None);
    }

    #[test]
    fn exclusion_subjects_and_repeated_triggers() {
        assert_eq!(exclusion_condition("PRP for tennis elbow is not medically necessary.").as_deref(), Some("tennis elbow"));
        assert_eq!(exclusion_condition("Surgery is contraindicated, and not covered, in the presence of sepsis.").as_deref(), Some("sepsis"));
    }

    #[test]
    fn exclusion_sentences_but_not_the_fallback() {
        let p = parse_policy("Coverage criteria:\n1. Knee pain.\n\nTKA is not medically necessary in patients with active infection or a BMI greater than 50. TKA is not medically necessary when the criteria above are not met.");
        assert_eq!(p.exclusions.len(), 1);
        assert_eq!(p.exclusions[0].content, "active infection or a BMI greater than 50");
    }
}
