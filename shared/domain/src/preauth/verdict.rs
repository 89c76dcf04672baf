//! From judged criteria to what the insurer's reviewer reads: findings, the verdict and the
//! summary.
//!
//! - **Groups** are evaluated in three-valued logic over the policy's tree: ALL holds when every
//!   item is met and fails when one is not met; ANY ONE holds when one is met and fails when all
//!   are not; "at least N" likewise. An item with its own text and sub-items needs both; a gated
//!   item ("In members 50 or older, all of:") holds when the notes show the gate does not apply.
//!   A requirement for some members or some requests only ("Members with diabetes must have …",
//!   "For patients with diabetes mellitus: …", "For reverse arthroplasty (any indication): …")
//!   does not apply when the notes deny the condition or never name it (a planned procedure names
//!   it); one for other items' requests ("For A1 and A2: …", "For A1 through A3, …", a list "For
//!   indication II.A only") does not apply unless one of the items it names is met. An exclusion
//!   with an exception ("…, except when the immunotherapy is for venom allergy") does not apply
//!   when the notes show the exception. Each such finding says why.
//! - **Findings** follow the policy's numbering as a reviewer checks it off: one finding per
//!   numbered criterion. A sub-list of ALL items under a bare intro ("2. All of the following:")
//!   is listed item by item (`2a`, `2b`), since each is a requirement of its own. A sub-list of
//!   alternatives ("3. One of the following: a) … b) …") is one finding `3`, whose evidence names
//!   the option that satisfied it, or how each option fared — listing unmet alternatives as
//!   separate findings would read as missing requirements when they are not.
//! - **Evidence** quotes each sentence used (at most [`MAX_QUOTE_CHARS`] characters) with the
//!   document it came from, and cites the chunks holding those sentences; a finding without
//!   evidence says so and quotes nothing. The summary names criteria by id and short policy text,
//!   never by patient text.
//! - **Verdict**: AI_DENIED when an exclusion is clearly met; else APPROVED_READY when every
//!   policy's requirements hold; else MISSING_INFORMATION. A policy from which no requirement could
//!   be read is never taken as satisfied.

use std::collections::HashMap;

use super::analysis::{CriterionFinding, CriterionKind};
use super::condition::{Clause, read_condition, read_condition_for};
use super::concurrent::{concurrency_classes, concurrent_use};
use super::criteria::{Criterion, CriterionGroup, GroupRule, PolicyCriteria};
use super::levels::{at_most_levels, segments};
use super::matching::{EXCLUSION, Judgment, REQUIREMENT, Reason, Status, Strictness, course_length, dated_run_length, judge_condition};
use super::notes::NoteIndex;

/// The longest quote taken from one sentence.
pub const MAX_QUOTE_CHARS: usize = 300;

/// The outcome for one policy.
#[derive(Debug, Clone)]
pub struct PolicyOutcome {
    pub findings: Vec<CriterionFinding>,
    /// Whether the requirement tree holds.
    pub requirements: Status,
    /// Exclusions met: (finding id, short text).
    pub exclusions_met: Vec<(String, String)>,
    /// Findings that keep the requirements from holding: (finding id, short text, status).
    pub open: Vec<(String, String, Status)>,
    pub root_rule: GroupRule,
}

/// A criterion's text shortened for the summary, at a word boundary.
pub fn short_text(text: &str, max_chars: usize) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_end_matches(['.', ';', ':', ',']);
    if t.chars().count() <= max_chars {
        return t.to_string();
    }
    let cut: String = t.chars().take(max_chars).collect();
    let at = cut.rfind(' ').filter(|&p| p > max_chars / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ' ']))
}

/// A note sentence as a quote: whitespace normalised, at most [`MAX_QUOTE_CHARS`].
fn quote(notes: &NoteIndex<'_>, sentence: usize) -> String {
    let Some(s) = notes.sentences.get(sentence) else { return String::new() };
    let text = short_text(s.text, MAX_QUOTE_CHARS);
    let source = notes
        .documents
        .get(s.document)
        .map(|d| d.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| d.document_id.clone()))
        .unwrap_or_default();
    if source.is_empty() { format!("\"{text}\"") } else { format!("\"{text}\" ({source})") }
}

fn quotes(notes: &NoteIndex<'_>, sentences: &[usize]) -> String {
    sentences.iter().map(|&s| quote(notes, s)).collect::<Vec<_>>().join(" … ")
}

fn cited(notes: &NoteIndex<'_>, sentences: &[usize], into: &mut Vec<String>) {
    for &s in sentences {
        if let Some(sentence) = notes.sentences.get(s) {
            for id in &sentence.chunk_ids {
                if !into.contains(id) {
                    into.push(id.clone());
                }
            }
        }
    }
}

const NO_EVIDENCE: &str = "No evidence found in the retrieved notes.";

/// The evidence text for one judgment.
fn explain(j: &Judgment, kind: CriterionKind, notes: &NoteIndex<'_>) -> String {
    let q = quotes(notes, &j.quotes);
    match (j.status, &j.reason) {
        (Status::Met, Reason::Course { length }) => format!("A course of about {length}: {q}"),
        (_, Reason::DoesNotApply { why }) if q.is_empty() => format!("Does not apply ({why})."),
        (_, Reason::DoesNotApply { why }) => format!("Does not apply ({why}): {q}"),
        (Status::NotMet, Reason::Excepted { exception }) => format!("Does not apply (the exception holds: {exception}): {q}"),
        (Status::Met, _) => {
            let lead = if kind == CriterionKind::Exclusion { "Applies: " } else { "" };
            match j.conflict {
                Some(c) => format!("{lead}{q}. Elsewhere the notes say otherwise: {}", quote(notes, c)),
                None => format!("{lead}{q}"),
            }
        }
        (Status::NotMet, Reason::OutOfRange { required, found }) => {
            let lead = if kind == CriterionKind::Exclusion { "Does not apply" } else { "Not met" };
            format!("{lead}: requires {required}; the notes document {found}: {q}")
        }
        (Status::NotMet, _) => {
            let lead = if kind == CriterionKind::Exclusion { "Does not apply; the notes state otherwise" } else { "Not met; contradicted by the notes" };
            format!("{lead}: {q}")
        }
        (Status::Unknown, Reason::QuantityNotStated { required }) if !q.is_empty() => {
            format!("No evidence found in the retrieved notes of {required}; related documentation: {q}")
        }
        (Status::Unknown, Reason::Uncertain) => {
            "No evidence found in the retrieved notes; only planned, possible or hypothetical mentions.".into()
        }
        (Status::Unknown, Reason::NotCheckable) => {
            "No evidence found in the retrieved notes; this criterion names nothing the offline matcher can check.".into()
        }
        (Status::Unknown, _) => NO_EVIDENCE.into(),
    }
}

/// Who a requirement is for: "Members with diabetes mellitus must have …", "For patients on
/// anticoagulants, …", "For patients with diabetes mellitus: an A1c …". The condition that decides it
/// applies, and the requirement. A comma or a colon ends
/// the condition only after "For"/"In" ("Members with a BMI of 40 or more, or 35 with a
/// comorbidity" is one requirement, not a condition and the rest).
fn conditional(content: &str) -> Option<(&str, &str)> {
    let lower = content.to_ascii_lowercase();
    let start = ["for ", "in "].iter().find(|p| lower.starts_with(*p)).map_or(0, |p| p.len());
    let Some(who) = ["members ", "patients ", "individuals ", "adults ", "children ", "women ", "men "].iter().find(|w| lower[start..].starts_with(*w)) else {
        // "For reverse arthroplasty (any indication): functioning deltoid …": what the requirement
        // is for, before a colon — not a length ("For at least 6 weeks: …").
        let colon = lower.find(": ").filter(|_| lower.starts_with("for "))?;
        let (gate, rest) = (content[4..colon].trim(), content[colon + 2..].trim());
        let first = gate.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        let length = ["at", "a", "an", "more", "less", "longer", "up", "over", "no", "each", "every", "all"].contains(&first.as_str()) || first.starts_with(|c: char| c.is_ascii_digit());
        // "For initial authorization: …", "For the following: …" name the request, not a kind of
        // member: every request meets them.
        const REQUEST_WORDS: &[&str] = &["initial", "authorization", "approval", "request", "requests", "coverage", "review", "renewal", "continuation", "following", "this", "policy"];
        let of_request = gate.split_whitespace().any(|w| REQUEST_WORDS.contains(&w.to_ascii_lowercase().trim_matches(|c: char| !c.is_alphanumeric())));
        return (!length && !of_request && (1..=10).contains(&gate.split_whitespace().count()) && rest.split_whitespace().count() >= 2).then_some((gate, rest));
    };
    let after_who = start + who.len();
    let connector = ["with ", "who have ", "who has ", "on ", "taking ", "receiving "].iter().find(|c| lower[after_who..].starts_with(*c))?;
    let gate_start = after_who + connector.len();
    let (gate_end, rest_start) = [", ", ": ", " must have ", " must be ", " must ", " should have ", " should ", " need ", " needs ", " require ", " requires "]
        .iter()
        .filter(|sep| start > 0 || !matches!(**sep, ", " | ": "))
        .filter_map(|sep| lower[gate_start..].find(sep).map(|at| (gate_start + at, gate_start + at + sep.len())))
        .min()?;
    let (gate, rest) = (content[gate_start..gate_end].trim(), content[rest_start..].trim());
    (!gate.is_empty() && rest.split_whitespace().count() >= 2).then_some((gate, rest))
}

/// An exclusion and the exception it makes: "Current use of a beta-blocker, except when the
/// immunotherapy is for venom allergy" → the exclusion, and "the immunotherapy is for venom
/// allergy". "Not covered unless …" is a requirement, read elsewhere (`layout::exclusion_trigger`).
fn exception(content: &str) -> Option<(&str, &str)> {
    let lower = content.to_ascii_lowercase();
    let (at, len) = [", except when ", ", except if ", ", except for ", ", except in ", " except when ", " except if ", ", unless ", " unless "]
        .iter()
        .filter_map(|m| lower.find(m).map(|at| (at, m.len())))
        .min()?;
    let (rule, except) = (content[..at].trim(), content[at + len..].trim().trim_end_matches('.'));
    (rule.split_whitespace().count() >= 2 && except.split_whitespace().count() >= 2).then_some((rule, except))
}

/// A requirement for the requests of other items only: "For A1 and A2: pain …", "For A1 through
/// A3, the qualifying LVEF …", "For indication II.A only" (a list's gate). The labels it names, a
/// range spelled out ("A1 through A3" → A1, A2, A3), and the requirement after them (empty for a
/// gate alone).
fn item_gate(content: &str) -> Option<(Vec<String>, &str)> {
    const NOUNS: &[&str] = &["indication", "indications", "criterion", "criteria", "item", "items", "section", "sections", "pathway", "pathways", "group", "groups", "option", "options"];
    const JOINERS: &[&str] = &["and", "or", "through", "to", "-", "–", "&", "/"];
    let rest = content.trim_start();
    if !rest.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("for ")) {
        return None;
    }
    let is_label = |w: &str| {
        let w = w.trim_matches(['(', ')']);
        !w.is_empty()
            && w.len() <= 6
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            && w.chars().next().is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (w.chars().any(|c| c.is_ascii_digit()) || w.chars().all(|c| c.is_ascii_uppercase() || c == '.'))
    };
    let mut labels: Vec<String> = Vec::new();
    let mut range = false;
    let mut at = 4;
    for word in rest[4..].split_inclusive(char::is_whitespace) {
        let w = word.trim();
        let bare = w.trim_end_matches([',', ':', ';']);
        let ends = bare.len() < w.len();
        at += word.len();
        if labels.is_empty() && NOUNS.contains(&bare.to_ascii_lowercase().as_str()) {
        } else if is_label(bare) {
            let label = bare.trim_matches(['(', ')']).trim_end_matches('.').to_string();
            match labels.last() {
                Some(from) if range => labels.extend(label_range(from, &label)),
                _ => labels.push(label),
            }
            range = false;
        } else if !labels.is_empty() && JOINERS.contains(&bare.to_ascii_lowercase().as_str()) {
            range = matches!(bare, "through" | "to" | "-" | "–");
        } else if !labels.is_empty() && bare.eq_ignore_ascii_case("only") {
        } else {
            return None;
        }
        if ends {
            return (!labels.is_empty()).then(|| (labels, rest[at.min(rest.len())..].trim()));
        }
    }
    (!labels.is_empty()).then(|| (labels, ""))
}

/// The labels strictly after `from` up to `to` when both are one prefix and a number ("A1"
/// through "A3" → A2, A3); else `to` alone.
fn label_range(from: &str, to: &str) -> Vec<String> {
    let split = |l: &str| {
        let digits = l.len() - l.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, number) = l.split_at(l.len() - digits);
        number.parse::<u32>().ok().map(|n| (prefix.to_string(), n))
    };
    match (split(from), split(to)) {
        (Some((p, a)), Some((q, b))) if p == q && a < b && b - a <= 20 => (a + 1..=b).map(|n| format!("{p}{n}")).collect(),
        _ => vec![to.to_string()],
    }
}

/// Every requirement of a tree by its id and by its outline label ("II.A" finds the `A` under
/// an unlabelled "II." intro when no other `A` exists).
fn index_criteria<'p>(group: &'p CriterionGroup, into: &mut HashMap<String, Vec<&'p Criterion>>) {
    for c in &group.items {
        into.entry(c.id.as_str().to_string()).or_default().push(c);
        if let Some(label) = &c.label {
            if label != c.id.as_str() {
                into.entry(label.clone()).or_default().push(c);
            }
        }
        if let Some(children) = &c.children {
            index_criteria(children, into);
        }
    }
}

struct Evaluator<'n, 'a, 'p> {
    notes: &'n NoteIndex<'a>,
    judged: HashMap<String, Judgment>,
    /// The policy's requirements by id and label, for gates that name other items.
    index: HashMap<String, Vec<&'p Criterion>>,
    /// Gates being decided (a gate naming its own ancestor is not followed).
    deciding: Vec<String>,
}

impl<'p> Evaluator<'_, '_, 'p> {
    /// The requirements a gate names, in the policy: by id or label, else by the outline label's
    /// last part ("II.A" → "A"); one match only, never the gate itself or one being decided.
    fn named(&self, labels: &[String], gate: &Criterion) -> Vec<&'p Criterion> {
        let mut out: Vec<&'p Criterion> = Vec::new();
        for label in labels {
            let found = self.index.get(label.as_str()).or_else(|| label.rsplit('.').next().and_then(|last| self.index.get(last)));
            if let Some([c]) = found.map(Vec::as_slice) {
                if c.id != gate.id && !self.deciding.iter().any(|d| d == c.id.as_str()) && !out.iter().any(|o| o.id == c.id) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// A requirement gated by other items ([`item_gate`]): decided when none of them is met (it
    /// does not apply) or when the gate is all there is (it holds, showing what met the items it
    /// names); else the requirement after the gate is to be judged (`None`, with `applies`).
    fn item_gated(&mut self, c: &Criterion, labels: &[String], rest: &str, applies: &mut bool) -> Option<Judgment> {
        let named = self.named(labels, c);
        if named.is_empty() {
            return None;
        }
        self.deciding.push(c.id.to_string());
        let met: Vec<&Criterion> = named.iter().copied().filter(|n| self.status(n) == Status::Met).collect();
        self.deciding.pop();
        let names = named.iter().map(|n| n.id.to_string()).collect::<Vec<_>>().join(", ");
        Some(match met.first() {
            None => {
                let why = format!("it is for {names}, and the request does not rest on {}", if named.len() == 1 { "it" } else { "them" });
                // A list's gate: its own text fails, so its items do not apply (`status`).
                let status = if c.children.is_some() && rest.is_empty() { Status::NotMet } else { Status::Met };
                Judgment { status, reason: Reason::DoesNotApply { why }, quotes: Vec::new(), conflict: None }
            }
            Some(shown) if rest.split_whitespace().count() < 2 => {
                let quotes = self.judge(shown, REQUIREMENT).quotes;
                Judgment { status: Status::Met, reason: Reason::Evidenced, quotes, conflict: None }
            }
            Some(_) => {
                *applies = true;
                return None;
            }
        })
    }

    fn judge(&mut self, c: &Criterion, strictness: Strictness) -> Judgment {
        if let Some(j) = self.judged.get(c.id.as_str()) {
            return j.clone();
        }
        // "For A1 and A2: pain …" — judged as "pain …" when A1 or A2 is met.
        let mut content = c.content.as_str();
        if let Some((labels, rest)) = item_gate(&c.content).filter(|_| strictness == REQUIREMENT) {
            let mut applies = false;
            if let Some(j) = self.item_gated(c, &labels, rest, &mut applies) {
                self.judged.insert(c.id.to_string(), j.clone());
                return j;
            }
            if applies {
                content = rest;
            }
        }
        // "No more than two facet joint levels are treated in one session": the levels the newest
        // note names ("Plan: Right L4-5 and L5-S1 …") against the limit.
        if let Some(limit) = at_most_levels(content).filter(|_| strictness == REQUIREMENT) {
            if let Some(j) = self.levels(limit) {
                self.judged.insert(c.id.to_string(), j.clone());
                return j;
            }
        }
        let excepted = exception(content).filter(|_| strictness == EXCLUSION);
        let j = match conditional(content).filter(|_| strictness == REQUIREMENT && c.children.is_none()) {
            // "Members with diabetes mellitus must have an A1c below 8.0%", "For reverse
            // arthroplasty (any indication): …": when the notes deny the condition ("not
            // diabetic") or never name it, the requirement does not apply.
            Some((gate, rest)) => {
                // What the request is for may be planned ("Plan: reverse TSA"): it still counts.
                let mut condition = read_condition(gate);
                condition.clauses.iter_mut().for_each(|clause| clause.accept_uncertain = true);
                let g = judge_condition(&condition, gate, self.notes, REQUIREMENT);
                if g.status == Status::NotMet && !g.quotes.is_empty() {
                    Judgment { status: Status::Met, reason: Reason::DoesNotApply { why: format!("the notes deny {gate}") }, quotes: g.quotes, conflict: None }
                } else if g.status == Status::Unknown && g.quotes.is_empty() {
                    // Nothing in the notes says the member is one of those the requirement is for.
                    Judgment { status: Status::Met, reason: Reason::DoesNotApply { why: format!("the notes do not show {gate}") }, quotes: Vec::new(), conflict: None }
                } else {
                    judge_condition(&read_condition(rest), rest, self.notes, REQUIREMENT)
                }
            }
            // The exclusion applies unless the notes show its exception.
            None if let Some((rule, except)) = excepted => {
                let j = judge_condition(&read_condition_for(rule, true), rule, self.notes, EXCLUSION);
                let excepted = (j.status == Status::Met).then(|| judge_condition(&read_condition(except), except, self.notes, REQUIREMENT));
                match excepted {
                    Some(e) if e.status == Status::Met && !e.quotes.is_empty() => {
                        Judgment { status: Status::NotMet, reason: Reason::Excepted { exception: except.to_string() }, quotes: e.quotes, conflict: None }
                    }
                    _ => j,
                }
            }
            None => {
                let condition = read_condition_for(content, strictness == EXCLUSION);
                let j = judge_condition(&condition, content, self.notes, strictness);
                // "Use in combination with another biologic": the plan shows the drug added to
                // one that goes on (`preauth::concurrent`).
                // Whether drugs are used together is what the plan says of them, not a mention of
                // their class ("anti-TNF agents are contraindicated", "has never received a
                // biologic"): such an exclusion is met by concurrent use only.
                let classes = if strictness == EXCLUSION { concurrency_classes(content) } else { Vec::new() };
                if !classes.is_empty() {
                    let j = match concurrent_use(&classes, self.notes) {
                        Some(sentence) => Judgment { status: Status::Met, reason: Reason::Evidenced, quotes: vec![sentence], conflict: None },
                        None if j.status == Status::Met => Judgment { status: Status::Unknown, reason: Reason::NothingFound, quotes: Vec::new(), conflict: None },
                        None => j,
                    };
                    self.judged.insert(c.id.to_string(), j.clone());
                    return j;
                }
                let course_may_meet = strictness == REQUIREMENT && j.status == Status::Unknown && matches!(j.reason, Reason::QuantityNotStated { .. } | Reason::NothingFound);
                let dated = || {
                    let rows = matches!(j.reason, Reason::QuantityNotStated { .. }).then(|| condition.clauses.iter().find_map(|clause| dated_run_length(clause, &j.quotes, self.notes))).flatten()?;
                    let (quotes, length) = rows;
                    Some(Judgment { status: Status::Met, reason: Reason::Course { length }, quotes, conflict: None })
                };
                course_may_meet.then(|| self.course(c, &condition.clauses, &j.quotes).or_else(dated)).flatten().unwrap_or(j)
            }
        };
        self.judged.insert(c.id.to_string(), j.clone());
        j
    }

    /// The spinal levels of the request against `limit`: the sentence of the newest note naming
    /// the most levels.
    fn levels(&self, limit: u32) -> Option<Judgment> {
        let notes = self.notes;
        let written = |i: usize| notes.written.get(notes.sentences[i].document).copied().flatten();
        let (i, count) = (0..notes.sentences.len())
            .map(|i| (i, segments(notes.sentences[i].text).len()))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|&(i, n)| (written(i), n))?;
        let count = count as u32;
        Some(if count <= limit {
            Judgment { status: Status::Met, reason: Reason::Evidenced, quotes: vec![i], conflict: None }
        } else {
            Judgment { status: Status::NotMet, reason: Reason::OutOfRange { required: format!("at most {limit} levels"), found: format!("{count} levels") }, quotes: vec![i], conflict: None }
        })
    }

    /// A course of care met by its parts' dates and lengths ([`course_length`]): "at least 6
    /// months of non-operative care including two of: …" when the parts are met.
    fn course(&mut self, c: &Criterion, clauses: &[Clause], own: &[usize]) -> Option<Judgment> {
        let children = c.children.as_ref()?;
        if !clauses.iter().any(|clause| clause.duration.is_some()) || self.group_status(children) != Status::Met {
            return None;
        }
        let mut parts = Vec::new();
        for child in children.items.iter().filter(|child| child.has_content()) {
            if self.status(child) == Status::Met {
                let quotes = self.judge(child, REQUIREMENT).quotes;
                parts.extend(read_condition(&child.content).clauses.into_iter().map(|clause| (clause, quotes.clone())));
            }
        }
        clauses.iter().find_map(|clause| course_length(clause, &parts, own, self.notes)).map(|(shown, length)| {
            let mut quotes = own.to_vec();
            quotes.extend(shown.into_iter().filter(|s| !own.contains(s)));
            Judgment { status: Status::Met, reason: Reason::Course { length }, quotes, conflict: None }
        })
    }

    fn status(&mut self, c: &Criterion) -> Status {
        let own = c.has_content().then(|| self.judge(c, REQUIREMENT).status);
        let children = c.children.as_ref().map(|g| self.group_status(g));
        match (c.applies_when, own, children) {
            // "In members 50 or older, all of the following": not applicable when the notes
            // show the member is younger; otherwise the sub-items decide.
            (true, Some(Status::NotMet), Some(_)) => Status::Met,
            (true, Some(Status::Met), Some(b)) => b,
            (true, Some(Status::Unknown), Some(Status::Met)) => Status::Met,
            (true, Some(_), Some(_)) => Status::Unknown,
            (_, Some(a), Some(b)) => both(a, b),
            (_, Some(a), None) | (_, None, Some(a)) => a,
            (_, None, None) => Status::Unknown,
        }
    }

    /// Whether a gated criterion does not apply (its gate is contradicted by the notes).
    fn not_applicable(&mut self, c: &Criterion) -> bool {
        c.applies_when && c.has_content() && self.judge(c, REQUIREMENT).status == Status::NotMet
    }

    fn group_status(&mut self, g: &CriterionGroup) -> Status {
        let statuses: Vec<Status> = g.items.iter().map(|c| self.status(c)).collect();
        combine(g.rule, &statuses)
    }
}

fn both(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::NotMet, _) | (_, Status::NotMet) => Status::NotMet,
        (Status::Met, Status::Met) => Status::Met,
        _ => Status::Unknown,
    }
}

/// Three-valued evaluation of a group.
pub fn combine(rule: GroupRule, statuses: &[Status]) -> Status {
    if statuses.is_empty() {
        return Status::Unknown;
    }
    let need = rule.needed(statuses.len());
    let met = statuses.iter().filter(|s| **s == Status::Met).count();
    let not_met = statuses.iter().filter(|s| **s == Status::NotMet).count();
    if met >= need {
        Status::Met
    } else if statuses.len() - not_met < need {
        Status::NotMet
    } else {
        Status::Unknown
    }
}

/// Criteria shown as findings: ALL sub-lists under a bare intro are listed item by item.
fn presented<'c>(group: &'c CriterionGroup, out: &mut Vec<&'c Criterion>) {
    for c in &group.items {
        match &c.children {
            Some(g) if !c.has_content() && g.rule == GroupRule::All => presented(g, out),
            _ => out.push(c),
        }
    }
}

/// A finding's text: the criterion, and its options when it has sub-items.
fn finding_text(c: &Criterion) -> String {
    let Some(g) = &c.children else { return c.text.clone() };
    let options: Vec<String> = g
        .items
        .iter()
        .map(|o| format!("({}) {}", o.label.clone().unwrap_or_else(|| o.id.to_string()), finding_text(o)))
        .collect();
    let head = c.text.trim().trim_end_matches(':');
    if head.is_empty() { format!("{}: {}", capitalise(&g.rule.describe()), options.join("; ")) } else { format!("{head}: {}", options.join("; ")) }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// Evidence for a criterion with sub-items, and the chunks it cites.
fn aggregate(e: &mut Evaluator<'_, '_, '_>, c: &Criterion, status: Status) -> (String, Vec<String>) {
    let notes = e.notes;
    let mut parts = Vec::new();
    let mut chunks = Vec::new();
    if e.not_applicable(c) {
        let j = e.judge(c, REQUIREMENT);
        cited(notes, &j.quotes, &mut chunks);
        if matches!(j.reason, Reason::DoesNotApply { .. }) {
            return (explain(&j, CriterionKind::Requirement, notes), chunks);
        }
        return (format!("Does not apply ({}): {}", short_text(&c.content, 60), quotes(notes, &j.quotes)), chunks);
    }
    if c.has_content() {
        let j = e.judge(c, REQUIREMENT);
        if status == Status::Met || j.status != Status::Met || !j.quotes.is_empty() {
            // Labelled when it is not what settles the criterion, so each part names its subject.
            let label = if status == Status::Met { String::new() } else { format!("{}: ", c.id) };
            parts.push(format!("{label}{}", explain(&j, CriterionKind::Requirement, notes)));
            if j.status != Status::Unknown || !j.quotes.is_empty() {
                cited(notes, &j.quotes, &mut chunks);
                cited(notes, &j.conflict.into_iter().collect::<Vec<_>>(), &mut chunks);
            }
        }
    }
    if let Some(g) = &c.children {
        let mut shown = 0;
        let need = g.rule.needed(g.items.len());
        for child in &g.items {
            let child_status = e.status(child);
            // When met, name only the options that satisfied it.
            if status == Status::Met && (child_status != Status::Met || (g.rule != GroupRule::All && shown >= need)) {
                continue;
            }
            shown += 1;
            let (text, child_chunks) = if child.children.is_some() {
                aggregate(e, child, child_status)
            } else {
                let j = e.judge(child, REQUIREMENT);
                let mut ch = Vec::new();
                if j.status != Status::Unknown || !j.quotes.is_empty() {
                    cited(notes, &j.quotes, &mut ch);
                    cited(notes, &j.conflict.into_iter().collect::<Vec<_>>(), &mut ch);
                }
                let by = if status == Status::Met && g.rule != GroupRule::All { "Met by " } else { "" };
                (format!("{by}{}: {}", child.id, explain(&j, CriterionKind::Requirement, notes)), ch)
            };
            parts.push(text);
            for id in child_chunks {
                if !chunks.contains(&id) {
                    chunks.push(id);
                }
            }
        }
    }
    let lead = match status {
        Status::NotMet => "Not met. ",
        Status::Unknown => "Not established. ",
        Status::Met => "",
    };
    (format!("{lead}{}", parts.join(" | ")), chunks)
}

/// Judges one policy against the notes. `reference` names the policy ("Title (POL-1)");
/// `id_prefix` keeps ids unique when several policies are judged together.
pub fn judge_policy(policy: &PolicyCriteria, notes: &NoteIndex<'_>, reference: &str, id_prefix: &str) -> PolicyOutcome {
    let mut index = HashMap::new();
    index_criteria(&policy.requirements, &mut index);
    let mut e = Evaluator { notes, judged: HashMap::new(), index, deciding: Vec::new() };
    let mut findings = Vec::new();
    let mut open = Vec::new();

    let mut shown = Vec::new();
    presented(&policy.requirements, &mut shown);
    for c in shown {
        let status = e.status(c);
        let (evidence, chunks) = if c.children.is_some() {
            aggregate(&mut e, c, status)
        } else {
            let j = e.judge(c, REQUIREMENT);
            let mut chunks = Vec::new();
            if j.status != Status::Unknown || !j.quotes.is_empty() {
                cited(notes, &j.quotes, &mut chunks);
                cited(notes, &j.conflict.into_iter().collect::<Vec<_>>(), &mut chunks);
            }
            (explain(&j, CriterionKind::Requirement, notes), chunks)
        };
        let id = format!("{id_prefix}{}", c.id);
        if status != Status::Met {
            open.push((id.clone(), short_text(&c.text, 70), status));
        }
        // A requirement that does not apply ("For A1 and A2: …" when A3 is what is met) holds
        // without a quote of its own: its evidence says why.
        let not_applying = c.has_content() && matches!(e.judge(c, REQUIREMENT).reason, Reason::DoesNotApply { .. });
        let mut f = finding(id, finding_text(c), CriterionKind::Requirement, status, evidence.clone(), format!("{reference} §{}", c.id), chunks);
        if not_applying && status == Status::Met {
            f.met = Some(true);
            f.evidence = evidence;
        }
        findings.push(f);
    }
    let requirements = if policy.requirements.items.is_empty() { Status::Unknown } else { e.group_status(&policy.requirements) };

    let mut exclusions_met = Vec::new();
    for x in &policy.exclusions {
        let j = e.judge(x, EXCLUSION);
        let mut chunks = Vec::new();
        if j.status != Status::Unknown || !j.quotes.is_empty() {
            cited(notes, &j.quotes, &mut chunks);
            cited(notes, &j.conflict.into_iter().collect::<Vec<_>>(), &mut chunks);
        }
        let id = format!("{id_prefix}{}", x.id);
        let section = x.section.clone().unwrap_or_else(|| "Exclusions".into());
        let place = match &x.label {
            Some(l) => format!("{section} {l}"),
            None => section,
        };
        let mut f = finding(id.clone(), x.text.clone(), CriterionKind::Exclusion, j.status, explain(&j, CriterionKind::Exclusion, notes), format!("{reference} §{place}"), chunks);
        if f.met == Some(true) {
            exclusions_met.push((id, short_text(&x.text, 70)));
        }
        f.kind = CriterionKind::Exclusion;
        findings.push(f);
    }
    PolicyOutcome { findings, requirements, exclusions_met, open, root_rule: policy.requirements.rule }
}

fn finding(id: String, text: String, kind: CriterionKind, status: Status, evidence: String, policy_reference: String, chunks: Vec<String>) -> CriterionFinding {
    let mut f = CriterionFinding { id, text, kind, met: status.as_option(), evidence, policy_reference, source_chunk_ids: chunks };
    // Never claim a criterion met without a citation (a sentence outside every chunk span).
    if f.met == Some(true) && f.source_chunk_ids.is_empty() {
        f.met = None;
        f.evidence = NO_EVIDENCE.into();
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_valued_groups() {
        use Status::*;
        assert_eq!(combine(GroupRule::All, &[Met, Met]), Met);
        assert_eq!(combine(GroupRule::All, &[Met, Unknown]), Unknown);
        assert_eq!(combine(GroupRule::All, &[Met, NotMet, Unknown]), NotMet);
        assert_eq!(combine(GroupRule::Any, &[NotMet, Unknown, Met]), Met);
        assert_eq!(combine(GroupRule::Any, &[NotMet, Unknown]), Unknown);
        assert_eq!(combine(GroupRule::Any, &[NotMet, NotMet]), NotMet);
        assert_eq!(combine(GroupRule::AtLeast(2), &[Met, Unknown, NotMet]), Unknown);
        assert_eq!(combine(GroupRule::AtLeast(2), &[Met, NotMet, NotMet]), NotMet);
        assert_eq!(combine(GroupRule::AtLeast(2), &[Met, Met, NotMet]), Met);
    }

    #[test]
    fn gates_naming_other_items() {
        let g = |s: &str| item_gate(s).map(|(l, r)| (l, r.to_string()));
        assert_eq!(g("For A1 and A2: pain for at least 6 months"), Some((vec!["A1".into(), "A2".into()], "pain for at least 6 months".into())));
        assert_eq!(g("For A1 through A3, the qualifying LVEF was measured by echocardiography"), Some((vec!["A1".into(), "A2".into(), "A3".into()], "the qualifying LVEF was measured by echocardiography".into())));
        assert_eq!(g("For indication II.A only"), Some((vec!["II.A".into()], String::new())));
        assert_eq!(g("For reverse arthroplasty (any indication): a functioning deltoid"), None);
        assert_eq!(g("For patients with diabetes mellitus: an A1c"), None);
        // A gate on what the request is for, not on the request itself.
        assert_eq!(conditional("For reverse arthroplasty (any indication): functioning deltoid muscle"), Some(("reverse arthroplasty (any indication)", "functioning deltoid muscle")));
        assert_eq!(conditional("For initial authorization: a documented diagnosis of psoriasis"), None);
        assert_eq!(conditional("For at least 6 weeks: physical therapy"), None);
    }

    #[test]
    fn short_texts_cut_at_words() {
        assert_eq!(short_text("Failure of conservative therapy for at least three months.", 30), "Failure of conservative…");
        assert_eq!(short_text("BMI below 40.", 30), "BMI below 40");
    }
}
