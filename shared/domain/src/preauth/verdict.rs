//! From judged criteria to what the insurer's reviewer reads: findings, the verdict and the
//! summary.
//!
//! - **Groups** are evaluated in three-valued logic over the policy's tree: ALL holds when every
//!   item is met and fails when one is not met; ANY ONE holds when one is met and fails when all
//!   are not; "at least N" likewise. An item with its own text and sub-items needs both; a gated
//!   item ("In members 50 or older, all of:") holds when the notes show the gate does not apply.
//!   A requirement for some members only ("Members with diabetes must have …", "For patients with
//!   diabetes mellitus: …") does not apply when the notes deny the condition; an exclusion with an
//!   exception ("…, except when the immunotherapy is for venom allergy") does not apply when the
//!   notes show the exception, and its finding says so.
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
use super::criteria::{Criterion, CriterionGroup, GroupRule, PolicyCriteria};
use super::matching::{EXCLUSION, Judgment, REQUIREMENT, Reason, Status, Strictness, course_length, judge_condition};
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
        (Status::Met, Reason::DoesNotApply { gate }) => format!("Does not apply (the notes deny {gate}): {q}"),
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
    let who = ["members ", "patients ", "individuals ", "adults ", "children ", "women ", "men "].iter().find(|w| lower[start..].starts_with(*w))?;
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

struct Evaluator<'n, 'a> {
    notes: &'n NoteIndex<'a>,
    judged: HashMap<String, Judgment>,
}

impl Evaluator<'_, '_> {
    fn judge(&mut self, c: &Criterion, strictness: Strictness) -> Judgment {
        if let Some(j) = self.judged.get(c.id.as_str()) {
            return j.clone();
        }
        let excepted = exception(&c.content).filter(|_| strictness == EXCLUSION);
        let j = match conditional(&c.content).filter(|_| strictness == REQUIREMENT && c.children.is_none()) {
            // "Members with diabetes mellitus must have an A1c below 8.0%": when the notes deny
            // the condition ("not diabetic"), the requirement does not apply.
            Some((gate, rest)) => {
                let g = judge_condition(&read_condition(gate), gate, self.notes, REQUIREMENT);
                if g.status == Status::NotMet && !g.quotes.is_empty() {
                    Judgment { status: Status::Met, reason: Reason::DoesNotApply { gate: gate.to_string() }, quotes: g.quotes, conflict: None }
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
                let condition = read_condition_for(&c.content, strictness == EXCLUSION);
                let j = judge_condition(&condition, &c.content, self.notes, strictness);
                let course_may_meet = strictness == REQUIREMENT && j.status == Status::Unknown && matches!(j.reason, Reason::QuantityNotStated { .. } | Reason::NothingFound);
                course_may_meet.then(|| self.course(c, &condition.clauses, &j.quotes)).flatten().unwrap_or(j)
            }
        };
        self.judged.insert(c.id.to_string(), j.clone());
        j
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
fn aggregate(e: &mut Evaluator<'_, '_>, c: &Criterion, status: Status) -> (String, Vec<String>) {
    let notes = e.notes;
    let mut parts = Vec::new();
    let mut chunks = Vec::new();
    if e.not_applicable(c) {
        let j = e.judge(c, REQUIREMENT);
        cited(notes, &j.quotes, &mut chunks);
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
    let mut e = Evaluator { notes, judged: HashMap::new() };
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
        findings.push(finding(id, finding_text(c), CriterionKind::Requirement, status, evidence, format!("{reference} §{}", c.id), chunks));
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
    fn short_texts_cut_at_words() {
        assert_eq!(short_text("Failure of conservative therapy for at least three months.", 30), "Failure of conservative…");
        assert_eq!(short_text("BMI below 40.", 30), "BMI below 40");
    }
}
