//! The word-by-word reading: the context of every token of a sentence the caller has already
//! tokenized ([`crate::preauth::tokens`]), for callers that find their own mentions in those
//! tokens (the pre-auth matcher, the marker tagging).
//!
//! The same NegEx/ConText method as the mention reading (`super::scope`) with the rules the
//! pre-auth matcher's engine had, which its cases and the tagging's were tuned on:
//! - one pass for every kind: at each word a pseudo-trigger ([`WORD_PSEUDO`]) is skipped whole,
//!   else the longest trigger starting there opens its scope, whatever its kind;
//! - a window per trigger (six content words; "will", "recommend" four, "prior" three, "non" one);
//! - the comma rule: a list trigger ("denies", "negative for", "no history of") reaches every
//!   comma-separated item; a bare "no"/"without" stops at a comma unless an "or" further on shows
//!   the list goes on ("No erythema, moderate effusion" against "No fever, chills, or sweats");
//!   a backward scope stops at a comma once it has covered a word ("active infection, cultures
//!   pending");
//! - a colon right after a trigger introduces what it governs ("Denies: fever"), a later colon ends
//!   the scope, and a hedging or planning word used as a label ("Plan:") triggers nothing;
//! - protected token ranges (names the caller found, "non-steroidal anti-inflammatory") hold no
//!   trigger.

use super::lexicon::{Kind, Reach, WORD_POSSIBLE_POST, WORD_PSEUDO, WORD_RULES, WORD_TERMINATION, WordRule};
use super::{Context, Experiencer, Negation, Temporality};
use crate::preauth::tokens::Token;

/// Whether `phrase` (lower-case words separated by spaces) is written at token `i`, inside one
/// clause. Returns its length in tokens.
fn phrase_at(tokens: &[Token<'_>], i: usize, phrase: &str) -> Option<usize> {
    let mut n = 0;
    for (k, part) in phrase.split(' ').enumerate() {
        let token = tokens.get(i + k)?;
        if token.lower != part || (k > 0 && token.gap.stop) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

fn counts_toward_window(t: &Token<'_>) -> bool {
    !(t.stopword || matches!(t.lower.as_str(), "or" | "nor" | "any" | "other"))
}

fn terminates(t: &Token<'_>) -> bool {
    WORD_TERMINATION.contains(&t.lower.as_str())
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

/// Puts `kind` on a word's context; a stronger value already there stays (negated over possible,
/// hypothetical over historical).
fn mark(c: &mut Context, kind: Kind) {
    match kind {
        Kind::Negation => c.negation = Negation::Negated,
        Kind::Possible if c.negation == Negation::Affirmed => c.negation = Negation::Possible,
        Kind::Hypothetical => c.temporality = Temporality::Hypothetical,
        Kind::Historical if c.temporality == Temporality::Recent => c.temporality = Temporality::Historical,
        Kind::Experiencer => c.experiencer = Experiencer::Other,
        Kind::Possible | Kind::Historical => {}
    }
}

/// The context of every token; see [`super::assess_tokens`].
pub(super) fn assess(tokens: &[Token<'_>], protected: &[(usize, usize)]) -> Vec<Context> {
    let mut out = vec![Context::PLAIN; tokens.len()];
    let is_protected = |i: usize| protected.iter().any(|(a, b)| *a <= i && i <= *b);
    let mut i = 0;
    while i < tokens.len() {
        if is_protected(i) {
            i += 1;
            continue;
        }
        if let Some((p, n)) = WORD_PSEUDO.iter().find_map(|p| phrase_at(tokens, i, p).map(|n| (*p, n))) {
            if WORD_POSSIBLE_POST.contains(&p) {
                // "infection not ruled out": the preceding words are possible, not negated.
                let rule = WordRule { kind: Kind::Possible, reach: Reach::Backward, window: 6, list: false, phrase: p, label_only: false };
                apply(tokens, &mut out, i, &rule);
            }
            i += n;
            continue;
        }
        // The longest triggers starting here, of any kind; a word may trigger both ways
        // ("effusion absent", "absent reflexes").
        let found: Vec<(&WordRule, usize)> =
            WORD_RULES.iter().filter_map(|r| phrase_at(tokens, i, r.phrase).map(|n| (r, n))).collect();
        // A heading trigger ("History:") counts only as a label.
        let found: Vec<(&WordRule, usize)> = found.into_iter().filter(|(r, n)| !r.label_only || tokens.get(i + n).is_some_and(|t| t.gap.colon)).collect();
        let Some(n) = found.iter().map(|(_, n)| *n).max() else {
            i += 1;
            continue;
        };
        // "Plan:", "Recommendations:" open a field; what it holds is judged where labels are
        // read (the pre-auth notes, the tagging's clauses), so a hedging word used as a label
        // triggers nothing.
        let hedging = |r: &WordRule| matches!(r.kind, Kind::Possible | Kind::Hypothetical);
        if tokens.get(i + n).is_some_and(|t| t.gap.colon) && found.iter().all(|(r, _)| hedging(r)) {
            i += n;
            continue;
        }
        for (rule, _) in found.into_iter().filter(|(_, len)| *len == n) {
            match rule.reach {
                Reach::Forward => apply(tokens, &mut out, i + n - 1, rule),
                Reach::Backward => apply(tokens, &mut out, i, rule),
            }
        }
        i += n;
    }
    out
}

/// Marks the scope of a trigger. A forward scope starts after token `from` (the trigger's last);
/// a backward scope ends before it (the trigger's first).
fn apply(tokens: &[Token<'_>], out: &mut [Context], from: usize, rule: &WordRule) {
    let mut counted = 0;
    match rule.reach {
        Reach::Forward => {
            for k in from + 1..tokens.len() {
                let t = &tokens[k];
                // A colon right after the trigger is a label ("Denies: fever"); later it ends scope.
                if t.gap.stop || (t.gap.colon && k > from + 1) || terminates(t) {
                    break;
                }
                if t.gap.comma {
                    if rule.list {
                        counted = 0;
                    } else if !continues_or_list(tokens, k) {
                        break;
                    }
                }
                mark(&mut out[k], rule.kind);
                if counts_toward_window(t) {
                    counted += 1;
                    if counted >= rule.window {
                        break;
                    }
                }
            }
        }
        Reach::Backward => {
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
                if terminates(t) {
                    break;
                }
                mark(&mut out[k], rule.kind);
                if counts_toward_window(t) {
                    counted += 1;
                    if counted >= rule.window {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Context, Experiencer, Negation, Temporality, assess_tokens};
    use crate::clinical_context::{Assertion, assertions};
    use crate::preauth::tokens::tokenize;

    fn context_of(text: &str, word: &str) -> Assertion {
        let t = tokenize(text);
        let c = assertions(&t, &[]);
        let i = t.iter().position(|x| x.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
        c[i]
    }

    // The cases below came with the engine from the pre-auth matcher; the rules they test are
    // NegEx's (Chapman 2001: pre/post triggers, pseudo-negations, termination) and ConText's
    // (Harkema 2009: uncertain, historical, other experiencer) as this reading applies them.

    #[test]
    fn pre_and_post_triggers() {
        assert_eq!(context_of("Denies fever, chills or night sweats", "sweats"), Assertion::Negated);
        assert_eq!(context_of("Denies bowel or bladder dysfunction, saddle anesthesia, fever, unexplained weight loss or history of cancer", "cancer"), Assertion::Negated);
        assert_eq!(context_of("No erythema or warmth, moderate effusion and marked crepitus", "crepitus"), Assertion::Affirmed);
        assert_eq!(context_of("No fever, chills, or night sweats", "sweats"), Assertion::Negated);
        assert_eq!(context_of("No evidence of active infection", "infection"), Assertion::Negated);
        assert_eq!(context_of("Blood cultures negative", "cultures"), Assertion::Negated);
        assert_eq!(context_of("Infection was ruled out.", "infection"), Assertion::Negated);
        assert_eq!(context_of("Knee effusion present", "effusion"), Assertion::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures pending", "infection"), Assertion::Affirmed);
        assert_eq!(context_of("Active infection of the knee, cultures negative", "infection"), Assertion::Affirmed);
        assert_eq!(context_of("History of hypertension, resolved after weight loss", "hypertension"), Assertion::Negated);
        assert_eq!(context_of("MRI pending", "mri"), Assertion::Uncertain);
        assert_eq!(context_of("Candesartan has not been tried.", "candesartan"), Assertion::Negated);
        assert_eq!(context_of("Conservative therapy was not attempted.", "therapy"), Assertion::Negated);
    }

    #[test]
    fn scope_ends_at_clause_ends_and_terminators() {
        assert_eq!(context_of("No fever; knee swelling noted", "swelling"), Assertion::Affirmed);
        assert_eq!(context_of("No fever but persistent knee pain", "pain"), Assertion::Affirmed);
        assert_eq!(context_of("Denies trauma, however reports instability", "instability"), Assertion::Affirmed);
        assert_eq!(context_of("no one two three four five six seven pain", "pain"), Assertion::Affirmed);
    }

    #[test]
    fn pseudo_negations_negate_nothing() {
        assert_eq!(context_of("No improvement in knee pain after therapy", "pain"), Assertion::Affirmed);
        assert_eq!(context_of("No change in radicular symptoms", "symptoms"), Assertion::Affirmed);
        assert_eq!(context_of("Did not respond to physical therapy", "therapy"), Assertion::Affirmed);
        assert_eq!(context_of("Diabetes not well controlled", "diabetes"), Assertion::Affirmed);
        assert_eq!(context_of("Infection not ruled out", "infection"), Assertion::Uncertain);
    }

    #[test]
    fn uncertain_historical_and_family() {
        assert_eq!(context_of("Risks including infection were discussed", "infection"), Assertion::Uncertain);
        assert_eq!(context_of("Will start physical therapy", "therapy"), Assertion::Uncertain);
        assert_eq!(context_of("Referral to physical therapy", "therapy"), Assertion::Uncertain);
        assert_eq!(context_of("History of knee infection in 2015", "infection"), Assertion::Historical);
        assert_eq!(context_of("Mother with breast cancer", "cancer"), Assertion::OtherPerson);
        assert_eq!(context_of("No history of malignancy", "malignancy"), Assertion::Negated);
        assert_eq!(context_of("Past history is notable for gout", "gout"), Assertion::Historical);
        assert_eq!(context_of("History: pneumonia as a child", "pneumonia"), Assertion::Historical, "a history heading");
        assert_eq!(context_of("The history suggests pneumonia", "pneumonia"), Assertion::Affirmed, "history only as a heading");
        assert_eq!(context_of("Post-traumatic arthritis of the ankle", "traumatic"), Assertion::Historical);
        assert_eq!(context_of("Opioid use disorder in sustained remission", "opioid"), Assertion::Negated);
        assert_eq!(context_of("8 weekly sessions, none missed", "sessions"), Assertion::Affirmed);
    }

    #[test]
    fn protected_names_are_not_triggers() {
        let t = tokenize("non-steroidal anti-inflammatory");
        assert_eq!(assertions(&t, &[])[1], Assertion::Negated);
        assert_eq!(assertions(&t, &[(0, 3)])[1], Assertion::Affirmed);
    }

    #[test]
    fn possible_and_hypothetical_are_kept_apart() {
        // NegEx's "possible" phrases (Chapman 2001) against ConText's hypothetical (Harkema 2009):
        // both read as uncertain, but the three contexts say which.
        let at = |text: &str, word: &str| {
            let t = tokenize(text);
            let i = t.iter().position(|x| x.lower == word).unwrap_or_else(|| panic!("{word} not in {text}"));
            assess_tokens(&t, &[])[i]
        };
        assert_eq!(at("Suspicious for malignancy", "malignancy").negation, Negation::Possible);
        assert_eq!(at("Infection cannot be ruled out", "infection").negation, Negation::Possible);
        assert_eq!(at("Suspicious for malignancy", "malignancy").temporality, Temporality::Recent);
        assert_eq!(at("Return if fever develops", "fever").temporality, Temporality::Hypothetical);
        assert_eq!(at("Return if fever develops", "fever").negation, Negation::Affirmed);
        assert_eq!(at("Mother had breast cancer", "cancer").experiencer, Experiencer::Other);
        // Negation wins over doubt on the same word: "no possible infection" is negated.
        assert_eq!(at("No possible infection", "infection").assertion(), Assertion::Negated);
    }

    #[test]
    fn odd_input_is_plain_not_a_panic() {
        assert!(assess_tokens(&[], &[]).is_empty());
        let t = tokenize("no");
        assert_eq!(assess_tokens(&t, &[(5, 1), (0, 99)]), vec![Context::PLAIN]);
        let long = "denies fever, ".repeat(2000);
        let t = tokenize(&long);
        assert_eq!(assess_tokens(&t, &[]).len(), t.len());
    }
}
