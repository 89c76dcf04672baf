//! Whether a mention in a sentence is affirmed, negated, uncertain, historical or about someone
//! else.
//!
//! Negation follows NegEx (Chapman et al. 2001, "A simple algorithm for identifying negated
//! findings and diseases in discharge summaries", J Biomed Inform 34:301): pre-negation triggers
//! ("no", "denies", "without", "negative for", "no evidence of", "ruled out", "free of") negate the
//! terms after them, post-negation triggers ("… was ruled out", "… negative", "… absent") the terms
//! before them; pseudo-negations that contain a trigger word but negate nothing ("no change in",
//! "not only", "gram negative") are skipped; scope is a window of six words that ends early at a
//! clause end (`.` `;` and a line starting a new item) or a termination term ("but", "however",
//! "although", "except", …). Two refinements for clinical lists: triggers that govern a list
//! ("denies", "negative for", "no history of") reach every comma-separated item ("denies fever,
//! chills, night sweats, weight loss or history of cancer"); a bare "no"/"without" stops at a comma
//! unless an "or" shows the list goes on, since examination lines mix findings ("no erythema,
//! moderate effusion"). Backward scopes stop at a comma ("active infection, cultures pending").
//!
//! The other contexts follow ConText (Harkema et al. 2009, J Biomed Inform 42:839), which extends
//! NegEx with the same trigger/scope machinery: *uncertain* or hypothetical ("possible", "rule out",
//! "if", "risks including", "will start", "recommend"), *historical* ("history of", "prior",
//! "status post") and *other experiencer* ("family history of", "mother").
//!
//! Treatment-failure phrases ("no improvement", "did not respond", "without relief") are
//! pseudo-negations here: they assert that therapy failed, which is what a policy's "failed
//! conservative therapy" asks for (see [`super::lexicon`]). Callers may also pass protected
//! token ranges (lexicon mentions) inside which a trigger word is part of a name, not a negation
//! ("non-steroidal", "non-surgical").

use super::tokens::Token;

/// The context of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Affirmed,
    /// In the past ("history of", "prior"). Counts as affirmed unless the criterion asks for a
    /// current condition ("active infection").
    Historical,
    /// Possible, planned, hypothetical or conditional.
    Uncertain,
    /// About a family member, not the patient.
    OtherPerson,
    Negated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

struct Trigger {
    words: &'static [&'static str],
    context: Context,
    direction: Direction,
    /// Words (not counting stop words) the scope may reach.
    window: usize,
    /// Governs a comma-separated list ("denies fever, chills, night sweats or weight loss"):
    /// the window restarts at each comma, and only a clause end or terminator ends the scope.
    list: bool,
}

const fn fwd(words: &'static [&'static str], context: Context) -> Trigger {
    Trigger { words, context, direction: Direction::Forward, window: 6, list: false }
}
const fn list(words: &'static [&'static str], context: Context) -> Trigger {
    Trigger { words, context, direction: Direction::Forward, window: 6, list: true }
}
const fn back(words: &'static [&'static str], context: Context) -> Trigger {
    Trigger { words, context, direction: Direction::Backward, window: 6, list: false }
}
const fn near_back(words: &'static [&'static str], context: Context, window: usize) -> Trigger {
    Trigger { words, context, direction: Direction::Backward, window, list: false }
}
const fn near(words: &'static [&'static str], context: Context, window: usize) -> Trigger {
    Trigger { words, context, direction: Direction::Forward, window, list: false }
}

use Context::{Historical, Negated, OtherPerson, Uncertain};

/// Triggers, longest first within each kind so "no history of" wins over "no".
const TRIGGERS: &[Trigger] = &[
    // Negation, pre.
    list(&["no", "evidence", "of"], Negated),
    list(&["no", "signs", "of"], Negated),
    list(&["no", "sign", "of"], Negated),
    list(&["no", "history", "of"], Negated),
    list(&["no", "hx", "of"], Negated),
    fwd(&["no", "findings", "of"], Negated),
    fwd(&["no", "suggestion", "of"], Negated),
    list(&["negative", "for"], Negated),
    list(&["absence", "of"], Negated),
    list(&["free", "of"], Negated),
    fwd(&["ruled", "out"], Negated),
    fwd(&["rules", "out"], Negated),
    fwd(&["did", "not"], Negated),
    fwd(&["does", "not"], Negated),
    fwd(&["do", "not"], Negated),
    fwd(&["has", "not"], Negated),
    fwd(&["have", "not"], Negated),
    fwd(&["had", "not"], Negated),
    fwd(&["is", "not"], Negated),
    fwd(&["was", "not"], Negated),
    fwd(&["no", "longer"], Negated),
    fwd(&["not", "had"], Negated),
    fwd(&["never", "had"], Negated),
    fwd(&["no"], Negated),
    fwd(&["not"], Negated),
    fwd(&["without"], Negated),
    list(&["denies"], Negated),
    list(&["denied"], Negated),
    list(&["deny"], Negated),
    list(&["denying"], Negated),
    fwd(&["never"], Negated),
    fwd(&["none"], Negated),
    fwd(&["neither"], Negated),
    fwd(&["nor"], Negated),
    fwd(&["declined"], Negated),
    fwd(&["declines"], Negated),
    fwd(&["refused"], Negated),
    fwd(&["refuses"], Negated),
    fwd(&["cannot"], Negated),
    fwd(&["absent"], Negated),
    near(&["non"], Negated, 1),
    // Negation, post.
    back(&["was", "ruled", "out"], Negated),
    back(&["were", "ruled", "out"], Negated),
    back(&["is", "ruled", "out"], Negated),
    back(&["been", "ruled", "out"], Negated),
    back(&["has", "not", "been", "tried"], Negated),
    back(&["have", "not", "been", "tried"], Negated),
    back(&["has", "not", "been", "started"], Negated),
    back(&["was", "not", "tried"], Negated),
    back(&["not", "been", "tried"], Negated),
    back(&["not", "tried"], Negated),
    back(&["never", "tried"], Negated),
    back(&["not", "started"], Negated),
    back(&["was", "not", "attempted"], Negated),
    back(&["not", "been", "attempted"], Negated),
    back(&["not", "attempted"], Negated),
    back(&["not", "pursued"], Negated),
    back(&["not", "been", "done"], Negated),
    back(&["not", "completed"], Negated),
    back(&["not", "performed"], Negated),
    back(&["not", "done"], Negated),
    back(&["not", "seen"], Negated),
    back(&["not", "present"], Negated),
    back(&["not", "found"], Negated),
    back(&["not", "identified"], Negated),
    back(&["not", "detected"], Negated),
    back(&["not", "demonstrated"], Negated),
    back(&["not", "noted"], Negated),
    back(&["in", "remission"], Negated),
    back(&["negative"], Negated),
    back(&["absent"], Negated),
    back(&["resolved"], Negated),
    back(&["healed"], Negated),
    back(&["free"], Negated),
    back(&["denied"], Negated),
    back(&["none"], Negated),
    // Uncertain / hypothetical, pre.
    fwd(&["rule", "out"], Uncertain),
    fwd(&["r", "o"], Uncertain),
    fwd(&["evaluate", "for"], Uncertain),
    fwd(&["evaluation", "for"], Uncertain),
    fwd(&["assess", "for"], Uncertain),
    fwd(&["concern", "for"], Uncertain),
    fwd(&["concerning", "for"], Uncertain),
    fwd(&["suspicious", "for"], Uncertain),
    fwd(&["suspicion", "of"], Uncertain),
    fwd(&["question", "of"], Uncertain),
    fwd(&["in", "case", "of"], Uncertain),
    fwd(&["return", "if"], Uncertain),
    fwd(&["monitor", "for"], Uncertain),
    fwd(&["watch", "for"], Uncertain),
    fwd(&["risk", "of"], Uncertain),
    fwd(&["risks", "of"], Uncertain),
    fwd(&["at", "risk"], Uncertain),
    fwd(&["cannot", "exclude"], Uncertain),
    fwd(&["candidate", "for"], Uncertain),
    fwd(&["to", "start"], Uncertain),
    fwd(&["to", "begin"], Uncertain),
    fwd(&["to", "initiate"], Uncertain),
    fwd(&["plan", "to"], Uncertain),
    fwd(&["possible"], Uncertain),
    fwd(&["possibly"], Uncertain),
    fwd(&["probable"], Uncertain),
    fwd(&["probably"], Uncertain),
    fwd(&["suspected"], Uncertain),
    fwd(&["suspect"], Uncertain),
    fwd(&["questionable"], Uncertain),
    fwd(&["risks"], Uncertain),
    fwd(&["risk"], Uncertain),
    fwd(&["discussed"], Uncertain),
    fwd(&["counseled"], Uncertain),
    fwd(&["if"], Uncertain),
    fwd(&["unless"], Uncertain),
    fwd(&["whether"], Uncertain),
    near(&["will"], Uncertain, 4),
    near(&["would"], Uncertain, 4),
    near(&["could"], Uncertain, 4),
    near(&["should"], Uncertain, 4),
    near(&["may"], Uncertain, 4),
    near(&["might"], Uncertain, 4),
    near(&["plan"], Uncertain, 4),
    near(&["plans"], Uncertain, 4),
    near(&["planning"], Uncertain, 4),
    near(&["recommend"], Uncertain, 4),
    near(&["recommended"], Uncertain, 4),
    near(&["recommends"], Uncertain, 4),
    near(&["consider"], Uncertain, 4),
    near(&["considering"], Uncertain, 4),
    near(&["goal"], Uncertain, 3),
    // A referral is a plan; "referred to PT" (past) is left alone, as it often precedes "and
    // completed 8 weeks".
    near(&["referral", "to"], Uncertain, 3),
    near(&["referral", "for"], Uncertain, 3),
    near(&["referral"], Uncertain, 3),
    near(&["refer", "to"], Uncertain, 3),
    near(&["target"], Uncertain, 3),
    // Uncertain, post: "MRI pending", "cultures pending" — the few words before.
    near_back(&["pending"], Uncertain, 3),
    near_back(&["ordered"], Uncertain, 3),
    near_back(&["to", "be", "scheduled"], Uncertain, 3),
    near_back(&["scheduled"], Uncertain, 3),
    back(&["unlikely"], Uncertain),
    back(&["was", "discussed"], Uncertain),
    back(&["were", "discussed"], Uncertain),
    back(&["not", "ruled", "out"], Uncertain),
    // Other experiencer.
    fwd(&["family", "history", "of"], OtherPerson),
    fwd(&["family", "history"], OtherPerson),
    fwd(&["fhx"], OtherPerson),
    fwd(&["fh"], OtherPerson),
    fwd(&["mother"], OtherPerson),
    fwd(&["father"], OtherPerson),
    fwd(&["sister"], OtherPerson),
    fwd(&["brother"], OtherPerson),
    fwd(&["sibling"], OtherPerson),
    fwd(&["grandmother"], OtherPerson),
    fwd(&["grandfather"], OtherPerson),
    fwd(&["maternal"], OtherPerson),
    fwd(&["paternal"], OtherPerson),
    // Historical.
    fwd(&["history", "of"], Historical),
    fwd(&["hx", "of"], Historical),
    fwd(&["h", "o"], Historical),
    fwd(&["status", "post"], Historical),
    fwd(&["s", "p"], Historical),
    fwd(&["remote"], Historical),
    near(&["prior"], Historical, 3),
    near(&["previous"], Historical, 3),
    near(&["previously"], Historical, 3),
];

/// Phrases that contain a trigger but negate nothing; a trigger word inside one is skipped.
/// Treatment-failure phrases are here because they assert failure (see module doc).
const PSEUDO: &[&[&str]] = &[
    &["no", "change"],
    &["no", "significant", "change"],
    &["no", "interval", "change"],
    &["not", "only"],
    &["no", "further"],
    &["not", "necessarily"],
    &["no", "increase"],
    &["gram", "negative"],
    &["whether", "or", "not"],
    &["not", "well", "controlled"],
    &["not", "controlled"],
    &["no", "more", "than"],
    &["not", "more", "than"],
    &["no", "less", "than"],
    &["not", "less", "than"],
    &["no", "fewer", "than"],
    &["no", "greater", "than"],
    &["not", "to", "exceed"],
    &["no", "improvement"],
    &["without", "improvement"],
    &["not", "improved"],
    &["not", "improve"],
    &["not", "improving"],
    &["did", "not", "improve"],
    &["has", "not", "improved"],
    &["no", "significant", "improvement"],
    &["not", "significantly", "improved"],
    &["no", "relief"],
    &["without", "relief"],
    &["without", "lasting", "relief"],
    &["no", "lasting", "relief"],
    &["no", "sustained", "relief"],
    &["not", "relieved"],
    &["did", "not", "respond"],
    &["has", "not", "responded"],
    &["not", "responded"],
    &["not", "respond"],
    &["not", "responding"],
    &["no", "response"],
    &["did", "not", "tolerate"],
    &["not", "tolerate"],
    &["not", "tolerated"],
    &["no", "benefit"],
    &["did", "not", "help"],
    &["not", "helped"],
    &["no", "better"],
    &["not", "effective"],
    &["failed", "to"],
    &["cannot", "be", "ruled", "out"],
    &["not", "been", "ruled", "out"],
    &["not", "ruled", "out"],
    &["cannot", "rule", "out"],
];

/// Pseudo-phrases that mean uncertainty rather than nothing.
const UNCERTAIN_PSEUDO: &[&[&str]] = &[
    &["cannot", "be", "ruled", "out"],
    &["not", "been", "ruled", "out"],
    &["not", "ruled", "out"],
    &["cannot", "rule", "out"],
];

/// Words that end a trigger's scope (NegEx termination terms, plus verbs that open a new,
/// affirmed clause: "denies fever and reports knee pain").
const TERMINATORS: &[&str] = &[
    "but", "however", "although", "though", "except", "apart", "aside", "yet", "whereas", "which", "who", "while",
    "still", "nevertheless", "nonetheless", "because", "due", "secondary", "reports", "reported", "complains",
    "complaining", "endorses", "presents", "presented", "remains", "continues", "now",
];

fn phrase_at(tokens: &[Token<'_>], i: usize, words: &[&str]) -> bool {
    i + words.len() <= tokens.len()
        && words.iter().enumerate().all(|(k, w)| tokens[i + k].lower == *w)
        && (i + 1..i + words.len()).all(|k| !tokens[k].gap.stop)
}

fn counts_toward_window(t: &Token<'_>) -> bool {
    !(t.stopword || matches!(t.lower.as_str(), "or" | "nor" | "any" | "other"))
}

/// Whether an "or"/"nor" follows token `k` before the clause ends (a list still being listed).
fn continues_or_list(tokens: &[Token<'_>], k: usize) -> bool {
    for t in &tokens[k..] {
        if t.gap.stop || t.gap.colon {
            return false;
        }
        if matches!(t.lower.as_str(), "or" | "nor") {
            return true;
        }
    }
    false
}

/// Strength when two scopes cover the same token: negation over doubt over other people over
/// history.
pub(crate) fn rank(c: Context) -> u8 {
    match c {
        Context::Affirmed => 0,
        Context::Historical => 1,
        Context::OtherPerson => 2,
        Context::Uncertain => 3,
        Context::Negated => 4,
    }
}

/// The context of every token of `tokens`. `protected` are token ranges (inclusive) of names
/// whose words are not triggers ("non-steroidal anti-inflammatory").
pub fn contexts(tokens: &[Token<'_>], protected: &[(usize, usize)]) -> Vec<Context> {
    let mut out = vec![Context::Affirmed; tokens.len()];
    let mut skip_until = 0usize;
    let is_protected = |i: usize| protected.iter().any(|(a, b)| *a <= i && i <= *b);
    let mut i = 0;
    while i < tokens.len() {
        if i < skip_until || is_protected(i) {
            i += 1;
            continue;
        }
        if let Some(p) = PSEUDO.iter().find(|p| phrase_at(tokens, i, p)) {
            let end = i + p.len();
            if UNCERTAIN_PSEUDO.iter().any(|u| u == p) {
                // "infection not ruled out": the preceding words are possible, not negated.
                apply(tokens, &mut out, i, Direction::Backward, &back(&[], Context::Uncertain));
            }
            skip_until = end;
            i = end;
            continue;
        }
        // The longest triggers starting here; a word may trigger both ways ("effusion absent",
        // "absent reflexes").
        let found: Vec<&Trigger> = TRIGGERS.iter().filter(|t| phrase_at(tokens, i, t.words)).collect();
        let Some(n) = found.iter().map(|t| t.words.len()).max() else {
            i += 1;
            continue;
        };
        // "Plan:", "Recommendations:" open a field; what it holds is judged where labels are
        // read (see `super::notes`), so a hedging word used as a label triggers nothing.
        if tokens.get(i + n).is_some_and(|t| t.gap.colon) && found.iter().all(|t| t.context == Context::Uncertain) {
            i += n;
            continue;
        }
        for trigger in found.into_iter().filter(|t| t.words.len() == n) {
            match trigger.direction {
                Direction::Forward => apply(tokens, &mut out, i + n - 1, Direction::Forward, trigger),
                Direction::Backward => apply(tokens, &mut out, i, Direction::Backward, trigger),
            }
        }
        i += n;
    }
    out
}

/// Marks the scope of a trigger. Forward scope starts after `from`; backward scope ends before it.
fn apply(tokens: &[Token<'_>], out: &mut [Context], from: usize, direction: Direction, trigger: &Trigger) {
    let (window, context) = (trigger.window, trigger.context);
    let mut counted = 0;
    match direction {
        Direction::Forward => {
            let mut k = from + 1;
            while k < tokens.len() {
                let t = &tokens[k];
                // A colon right after the trigger is a label ("Denies: fever"); later it ends scope.
                if t.gap.stop || (t.gap.colon && k > from + 1) || TERMINATORS.contains(&t.lower.as_str()) {
                    break;
                }
                if t.gap.comma {
                    if trigger.list {
                        counted = 0;
                    } else if !continues_or_list(tokens, k) {
                        // "No erythema or warmth, moderate effusion": the comma ends the negated
                        // list unless an "or" further on shows the list goes on ("No fever,
                        // chills, or sweats").
                        break;
                    }
                }
                if rank(context) > rank(out[k]) {
                    out[k] = context;
                }
                if counts_toward_window(t) {
                    counted += 1;
                    if counted >= window {
                        break;
                    }
                }
                k += 1;
            }
        }
        Direction::Backward => {
            let mut k = from;
            while k > 0 {
                // The gap before token `k` separates it from `k - 1`. A comma ends a backward
                // scope once it has covered words ("active infection, cultures pending"); a
                // trigger right after the comma reaches back past it ("hypertension, resolved").
                if tokens[k].gap.stop || (tokens[k].gap.comma && (k < from || counted > 0)) {
                    break;
                }
                k -= 1;
                let t = &tokens[k];
                if TERMINATORS.contains(&t.lower.as_str()) {
                    break;
                }
                if rank(context) > rank(out[k]) {
                    out[k] = context;
                }
                if counts_toward_window(t) {
                    counted += 1;
                    if counted >= window {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preauth::tokens::tokenize;

    fn context_of(text: &str, word: &str) -> Context {
        let t = tokenize(text);
        let c = contexts(&t, &[]);
        let i = t.iter().position(|x| x.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
        c[i]
    }

    #[test]
    fn pre_and_post_triggers() {
        assert_eq!(context_of("Denies fever, chills or night sweats", "sweats"), Context::Negated);
        assert_eq!(context_of("Denies bowel or bladder dysfunction, saddle anesthesia, fever, unexplained weight loss or history of cancer", "cancer"), Context::Negated);
        assert_eq!(context_of("No erythema or warmth, moderate effusion and marked crepitus", "crepitus"), Context::Affirmed);
        assert_eq!(context_of("No fever, chills, or night sweats", "sweats"), Context::Negated);
        assert_eq!(context_of("No evidence of active infection", "infection"), Context::Negated);
        assert_eq!(context_of("Blood cultures negative", "cultures"), Context::Negated);
        assert_eq!(context_of("Infection was ruled out.", "infection"), Context::Negated);
        assert_eq!(context_of("Knee effusion present", "effusion"), Context::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures pending", "infection"), Context::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures negative", "infection"), Context::Affirmed);
        assert_eq!(context_of("History of hypertension, resolved after weight loss", "hypertension"), Context::Negated);
        assert_eq!(context_of("MRI pending", "mri"), Context::Uncertain);
        assert_eq!(context_of("Candesartan has not been tried.", "candesartan"), Context::Negated);
        assert_eq!(context_of("Conservative therapy was not attempted.", "therapy"), Context::Negated);
    }

    #[test]
    fn scope_ends_at_clause_ends_and_terminators() {
        assert_eq!(context_of("No fever; knee swelling noted", "swelling"), Context::Affirmed);
        assert_eq!(context_of("No fever but persistent knee pain", "pain"), Context::Affirmed);
        assert_eq!(context_of("Denies trauma, however reports instability", "instability"), Context::Affirmed);
        assert_eq!(context_of("no one two three four five six seven pain", "pain"), Context::Affirmed);
    }

    #[test]
    fn pseudo_negations_negate_nothing() {
        assert_eq!(context_of("No improvement in knee pain after therapy", "pain"), Context::Affirmed);
        assert_eq!(context_of("No change in radicular symptoms", "symptoms"), Context::Affirmed);
        assert_eq!(context_of("Did not respond to physical therapy", "therapy"), Context::Affirmed);
        assert_eq!(context_of("Diabetes not well controlled", "diabetes"), Context::Affirmed);
        assert_eq!(context_of("Infection not ruled out", "infection"), Context::Uncertain);
    }

    #[test]
    fn uncertain_historical_and_family() {
        assert_eq!(context_of("Risks including infection were discussed", "infection"), Context::Uncertain);
        assert_eq!(context_of("Will start physical therapy", "therapy"), Context::Uncertain);
        assert_eq!(context_of("Referral to physical therapy", "therapy"), Context::Uncertain);
        assert_eq!(context_of("History of knee infection in 2015", "infection"), Context::Historical);
        assert_eq!(context_of("Mother with breast cancer", "cancer"), Context::OtherPerson);
        assert_eq!(context_of("No history of malignancy", "malignancy"), Context::Negated);
    }

    #[test]
    fn protected_names_are_not_triggers() {
        let t = tokenize("non-steroidal anti-inflammatory");
        assert_eq!(contexts(&t, &[])[1], Context::Negated);
        assert_eq!(contexts(&t, &[(0, 3)])[1], Context::Affirmed);
    }
}
