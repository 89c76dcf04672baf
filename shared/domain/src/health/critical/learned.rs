//! The second line of the critical-question check: a linear word classifier trained on the
//! labelled patient questions, consulted only when the rules find nothing.
//!
//! **Why.** The rules of [`super`] are phrase patterns written from examples; on sets written blind
//! they catch about three critical questions in four, because patients keep writing phrasings
//! nobody wrote down. A classifier over the words themselves generalises in a different way: it
//! weighs every word and word pair it has seen in critical and in ordinary questions, so "my
//! husband is clutching his chest and sweating buckets" scores high from "clutching", "chest" and
//! "sweating" although no rule holds that phrase (the unit tests keep such examples).
//!
//! **What it is.** Multinomial logistic regression over four classes (ordinary, emergency,
//! diagnosis request, treatment decision). Features are the message's repaired words (the same
//! words the rules read: shorthand expanded, typos repaired, accents folded), their pairs within a
//! clause, and each clause's first word; each present feature counts once, and the vector is
//! scaled to unit length. Trained with AdaGrad and L2 regularisation, in a fixed order, from the
//! development sets in `tests/data/patient-questions-dev*.tsv` (2,754 questions, each written
//! blind by a helper and labelled with its kind) and the rules' worked examples in
//! `examples.tsv` (764, the unit tests' classes with their hard negatives), once per process
//! ([`super::prepare`] at start-up: about 0.1 s optimised, most of it repairing typed words); the
//! same data always gives the same weights. No language model, no network, nothing sampled: a
//! deterministic function of the committed labelled questions.
//!
//! **How it is used.** It can only add a redirect, never remove one, and only where the rules
//! found nothing: a symptom or request the rules set aside by its frame stays ordinary. Such a
//! question is redirected when the probability the classifier gives to its three critical classes
//! together reaches [`THRESHOLD`] and at least [`MIN_KNOWN_WORDS`] of its words were seen in
//! training. The kind is the likeliest critical class and the rule name is `learned:<kind>`. The
//! threshold was chosen by leave-one-set-out cross-validation on the development sets (each set
//! scored by a classifier trained on the others, the classifier alone: recall 0.965, false alarms
//! 0.011 at 0.5 over eight sets; 0.980 and 0.012 once sets 14 and 15 joined), not on the
//! held-out sets.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::patterns::{COMMA, STOP};
use super::{read, read_sharing, CriticalKind};

/// The development sets the classifier learns from (`label<TAB>category<TAB>question`, `#`
/// comments), with [`WORKED_EXAMPLES`].
pub const DEVELOPMENT_SETS: &[&str] = &[
    include_str!("../../../tests/data/patient-questions-dev.tsv"),
    include_str!("../../../tests/data/patient-questions-dev2.tsv"),
    include_str!("../../../tests/data/patient-questions-dev3.tsv"),
    include_str!("../../../tests/data/patient-questions-dev5.tsv"),
    include_str!("../../../tests/data/patient-questions-dev8.tsv"),
    include_str!("../../../tests/data/patient-questions-dev9.tsv"),
    include_str!("../../../tests/data/patient-questions-dev10.tsv"),
    include_str!("../../../tests/data/patient-questions-dev11.tsv"),
    include_str!("../../../tests/data/patient-questions-dev14.tsv"),
    include_str!("../../../tests/data/patient-questions-dev15.tsv"),
];

/// The rules' worked examples, in the same format, grouped by the unit test that asserts them.
pub const WORKED_EXAMPLES: &str = include_str!("examples.tsv");

/// The probability of a critical class (together) from which an unflagged question is redirected.
pub const THRESHOLD: f32 = 0.5;

/// A message with fewer words seen in training is left to the rules.
pub const MIN_KNOWN_WORDS: usize = 2;

/// The four classes, in the order of a weight row.
const CLASSES: usize = 4;
const ORDINARY: usize = 0;
const KINDS: [CriticalKind; 3] = [CriticalKind::Emergency, CriticalKind::DiagnosisRequest, CriticalKind::TreatmentDecision];

/// How training runs.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
}

impl Default for Training {
    fn default() -> Self {
        Training { epochs: 12, learning_rate: 0.5, l2: 1e-5 }
    }
}

/// One labelled question: its class (0 ordinary, 1–3 the critical kinds) and its text.
#[derive(Debug, Clone)]
pub struct Example {
    pub class: usize,
    pub text: String,
}

impl Example {
    /// The kind a critical example is of; `None` for an ordinary one.
    pub fn kind(&self) -> Option<CriticalKind> {
        kind_of(self.class)
    }
}

/// The critical kind of class `class`; `None` for the ordinary class.
fn kind_of(class: usize) -> Option<CriticalKind> {
    class.checked_sub(1).and_then(|k| KINDS.get(k)).copied()
}

/// Reads a set in the `label<TAB>category<TAB>question` format; lines it cannot read are skipped
/// (the training sets are checked by the test that reads them).
pub fn examples(set: &str) -> Vec<Example> {
    set.lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let mut columns = line.splitn(3, '\t');
            let (label, category, text) = (columns.next()?.trim(), columns.next()?.trim(), columns.next()?.trim());
            let class = match (label, category) {
                ("ordinary", _) => ORDINARY,
                ("critical", "emergency") => 1,
                ("critical", "diagnosis") => 2,
                ("critical", "treatment") => 3,
                // A critical question without a kind (set 4 labels by set only) counts as an
                // emergency: training never reads such a set, scoring only asks "critical?".
                ("critical", _) => 1,
                _ => return None,
            };
            Some(Example { class, text: text.to_string() })
        })
        .collect()
}

/// A trained classifier.
pub struct Classifier {
    index: HashMap<String, usize>,
    weights: Vec<[f32; CLASSES]>,
    bias: [f32; CLASSES],
}

/// The classifier trained on [`DEVELOPMENT_SETS`] and [`WORKED_EXAMPLES`], built once.
pub(super) fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| {
        let examples: Vec<Example> = DEVELOPMENT_SETS.iter().chain([&WORKED_EXAMPLES]).flat_map(|set| examples(set)).collect();
        Classifier::train(&examples, Training::default())
    })
}

/// The features of a message's words: the words, pairs within a clause, each clause's first word.
fn features(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len() * 3);
    let mut previous: Option<&str> = None;
    for word in words {
        if word == COMMA || word == STOP {
            previous = None;
            continue;
        }
        match previous {
            None => out.push(format!("^{word}")),
            Some(before) => out.push(format!("{before} {word}")),
        }
        out.push(word.clone());
        previous = Some(word);
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Classifier {
    /// Trains on `examples` (a fixed order shuffled by a fixed seed: the same examples always give
    /// the same classifier).
    pub fn train(examples: &[Example], training: Training) -> Classifier {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut repairs: HashMap<String, String> = HashMap::new();
        let encoded: Vec<(usize, Vec<usize>)> = examples
            .iter()
            .map(|example| {
                let ids = features(&read_sharing(&example.text, &mut repairs))
                    .into_iter()
                    .map(|feature| {
                        let next = index.len();
                        *index.entry(feature).or_insert(next)
                    })
                    .collect();
                (example.class, ids)
            })
            .collect();
        let mut weights = vec![[0f32; CLASSES]; index.len()];
        let mut squares = vec![[0f32; CLASSES]; index.len()];
        let mut bias = [0f32; CLASSES];
        let mut bias_squares = [0f32; CLASSES];
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..training.epochs {
            // Fisher–Yates with xorshift: a different order each epoch, the same each run.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &at in &order {
                let (class, ids) = &encoded[at];
                let scale = 1.0 / (ids.len().max(1) as f32).sqrt();
                let probabilities = softmax(scores(&weights, &bias, ids, scale));
                for c in 0..CLASSES {
                    let error = probabilities[c] - if c == *class { 1.0 } else { 0.0 };
                    for &id in ids {
                        let gradient = error * scale + training.l2 * weights[id][c];
                        squares[id][c] += gradient * gradient;
                        weights[id][c] -= training.learning_rate * gradient / (squares[id][c].sqrt() + 1e-8);
                    }
                    bias_squares[c] += error * error;
                    bias[c] -= training.learning_rate * error / (bias_squares[c].sqrt() + 1e-8);
                }
            }
        }
        Classifier { index, weights, bias }
    }

    /// The probability that `text` is critical (any kind), and the likeliest kind; `None` when
    /// fewer than [`MIN_KNOWN_WORDS`] of its words were seen in training (a guess from one word, or
    /// from the prior alone, is no evidence).
    pub fn critical(&self, text: &str) -> Option<(f32, CriticalKind)> {
        self.critical_in(&read(text))
    }

    /// [`Classifier::critical`] on the words the rules already read.
    pub(super) fn critical_in(&self, words: &[String]) -> Option<(f32, CriticalKind)> {
        let features = features(words);
        let known_words = features.iter().filter(|f| !f.starts_with('^') && !f.contains(' ') && self.index.contains_key(*f)).count();
        if known_words < MIN_KNOWN_WORDS {
            return None;
        }
        let ids: Vec<usize> = features.iter().filter_map(|feature| self.index.get(feature).copied()).collect();
        let scale = 1.0 / (ids.len() as f32).sqrt();
        let p = softmax(scores(&self.weights, &self.bias, &ids, scale));
        let kind = (1..CLASSES).max_by(|&a, &b| p[a].total_cmp(&p[b])).and_then(kind_of).unwrap_or(CriticalKind::Emergency);
        Some((1.0 - p[ORDINARY], kind))
    }
}

fn scores(weights: &[[f32; CLASSES]], bias: &[f32; CLASSES], ids: &[usize], scale: f32) -> [f32; CLASSES] {
    let mut out = *bias;
    for &id in ids {
        for c in 0..CLASSES {
            out[c] += weights[id][c] * scale;
        }
    }
    out
}

fn softmax(scores: [f32; CLASSES]) -> [f32; CLASSES] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp = scores.map(|s| (s - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}
