//! The critical-question check (`mediclear_domain::health::critical`) measured on labelled sets of
//! patient questions, written by people who had not seen the rules.
//!
//! Seven sets, in `tests/data/`; lines starting with `#` are comments, every other non-empty line is
//! `label<TAB>category<TAB>question`, the label `critical` or `ordinary`:
//! - `patient-questions-dev.tsv` (set 1) and `patient-questions-dev2.tsv` (set 2) — development sets.
//!   Each was written blind, and its first run measured before it was read: set 1 gave recall 0.789
//!   (90/114) and false alarms 0.018 (2/112); set 2, on the rules tuned on set 1, gave recall 0.821
//!   (119/145) and false alarms 0.052 (8/153). Their failures were then read and the rules tuned on the
//!   classes of phrasing they stood for, so their figures are no longer blind. Their bars are the
//!   target: recall ≥ 0.95, false alarms ≤ 0.05. The questions they get wrong are printed only when
//!   `MEDICLEAR_SHOW_MISSES` is set. Their tests' names contain `dev`.
//! - `patient-questions-dev3.tsv` (set 3) — held out until its one reading (recall 0.832, 99/119;
//!   false alarms 0.031, 4/129), then read and tuned on like sets 1 and 2.
//! - `patient-questions-holdout.tsv` (set 4) — the held-out set, written later by someone who saw
//!   neither the rules nor sets 1–3; nobody tuning the rules reads it or runs its test
//!   (`held_out_set`; run the development sets alone with `cargo test --test critical_questions dev`).
//!   Its bars are regression floors only (recall ≥ 0.80, false alarms ≤ 0.10), and everything it
//!   gets wrong is printed. When it is missing the test fails in CI (`CI=true`) and is skipped with
//!   a note elsewhere. On 2026-12-04 its first 27 lines were seen while its format was looked up,
//!   before the rules were changed that day: its figure since (0.892, 107/120) is not blind.
//! - `patient-questions-dev5.tsv` (set 5) — written blind on 2026-12-04 by a helper asked for the
//!   widest variety of phrasing (dictation, other languages, carers, euphemisms); its first run, on
//!   the rules of sets 1–3: recall 0.680 (85/125), false alarms 0.052 (7/135). Then read, and the
//!   rules extended by the classes it showed (other languages, dictation homophones, quoted words,
//!   "does my scan show …", stated plans with "is that ok?", falls, carbon monoxide, the newborn,
//!   waters breaking early): 0.952 and 0.015. A development set now.
//! - `patient-questions-holdout6.tsv` (set 6) — written at the same time by another helper, with the
//!   same brief; never read, only its figures printed (`second_held_out_set`): recall 0.617
//!   (74/120) and false alarms 0.038 (5/130) on the rules of sets 1–3; 0.650 (78/120) and 0.031
//!   (4/130) after set 5's classes.
//! - `patient-questions-holdout7.tsv` (set 7) — written after set 5's classes were added, by a third
//!   helper with the same brief; never read, only its figures printed (`third_held_out_set`):
//!   recall 0.750 (90/120), false alarms 0.023 (3/130) — against 0.675 (81/120) and 0.038 (5/130)
//!   for the rules as they were before set 5. Sets 6 and 7 are the figures MediClear reports.
//!
//! - `patient-questions-dev8.tsv` (set 8) and `patient-questions-dev9.tsv` (set 9) — written blind on
//!   2026-12-05 by two more helpers with set 5's brief. First runs, on the rules of sets 1–5: recall
//!   0.752 (103/137) and 0.788 (104/132), false alarms 0.042 (6/144) and 0.028 (4/145). Then read,
//!   and the rules extended by the classes they showed: 0.993 and 1.000, false alarms 0.028 and 0.000.
//!   Sets 6 and 7 after that change: 0.683 (82/120) and 0.783 (94/120), false alarms 0.031 and 0.023
//!   (unchanged); set 4 0.925 (111/120).
//! - `patient-questions-dev10.tsv` (set 10) — written blind the same day by a third helper, asked to
//!   weigh diagnosis requests and treatment decisions. First run, on the rules after sets 8 and 9:
//!   recall 0.817 (116/142), false alarms 0.014 (2/141). Then read and tuned on (0.993, 0.000). Sets
//!   6 and 7 after that: 0.717 (86/120) and 0.792 (95/120), false alarms unchanged; set 4 0.933.
//! - `patient-questions-dev11.tsv` (set 11) — written blind the same day by a fourth helper, asked
//!   for colloquial English from rural, older, chronically ill and carer writers. First run, on the
//!   rules after set 10: recall 0.710 (98/138), false alarms 0.042 (6/143). Then read and tuned on
//!   (0.978, 0.000). Sets 6 and 7 after that: 0.725 (87/120), false alarms 0.023; 0.792 (95/120),
//!   0.023.
//! - `patient-questions-holdout12.tsv` (set 12) and `patient-questions-holdout13.tsv` (set 13) —
//!   written blind on 2026-12-06 by two more helpers with the same brief (set 13 asked for lay
//!   descriptions of emergencies, everyday names of medicines and writers in five countries);
//!   held out, figures only (`fourth_held_out_set`, `fifth_held_out_set`).
//! - `patient-questions-dev14.tsv` (set 14, 300 questions, two thirds ordinary, weighted to ordinary
//!   questions that sound alarming) and `patient-questions-dev15.tsv` (set 15, 300) — written blind
//!   the same day as training data for the second line. First runs, blind, on the check with the
//!   second line trained without them: set 14 recall 0.970 (97/100; the rules alone 0.860),
//!   false alarms 0.040 (8/200; 0.030); set 15 0.973 (146/150; 0.813), false alarms 0.047 (7/150;
//!   0.033). Then added to the training data, unread.
//!
//! **The second line (2026-12-06).** Since then the check is the rules and, where the rules find
//! nothing, a word classifier (`health::critical::learned`) trained on sets 1–3, 5, 8–11, 14 and 15
//! and on the unit tests' worked examples (`src/health/critical/examples.tsv`). Those sets' figures
//! are training figures now; what the classifier does on questions it did not learn from is printed
//! by `the_classifier_generalises_to_sets_it_did_not_learn_from` (leave one set out: recall 0.980,
//! false alarms 0.012, the classifier alone) and by the held-out sets, each of which prints the
//! rules alone beside the whole check. Rules alone → the whole check, recall (false alarms): set 4
//! 0.933 → 0.983 (0.014 → 0.014), set 6 0.725 → 0.950 (0.023 → 0.054), set 7 0.792 → 0.975
//! (0.023 → 0.054), set 12 0.783 → 1.000 (0.023 → 0.031), set 13 0.833 → 0.992 (0.008 → 0.008).
//! Before sets 14 and 15 joined the training data: set 4 false alarms 0.021, set 7 0.062, set 13
//! 0.975 and 0.023, the others as now.
//! Sets 12 and 13 were first run on the first version of the second line (trained on the
//! development sets only, and free to overrule a frame the rules had set aside): 119/120 and
//! 118/120, false alarms 4/130 and 3/130. That version redirected 56 of the 390 ordinary worked
//! examples ("can I take my tablets with food", "is it normal to feel tired after radiotherapy"),
//! so the worked examples joined the training data and a frame the rules set aside now stands;
//! that was decided on the worked examples and the cross-validation, no held-out question was read.
//! The held-out bars are regression floors: recall ≥ 0.90, false alarms ≤ 0.08.
//!
//! Scoring: recall is critical questions caught / critical questions; the false-alarm rate is
//! ordinary questions flagged / ordinary questions. A missed emergency is the costly error; a check
//! that cries wolf is switched off. Run with `-- --nocapture` to see the figures.

use std::collections::BTreeMap;
use std::path::PathBuf;

use mediclear_domain::health::critical::learned::{self, Classifier, Example, Training};
use mediclear_domain::health::critical::{check, check_by_rules};

struct Question {
    critical: bool,
    category: String,
    text: String,
}

/// What a set must hold, and the bars it must clear.
struct Bars {
    min_questions: usize,
    min_per_label: usize,
    min_recall: f64,
    max_false_alarms: f64,
}

fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn parse(name: &str, text: &str) -> Vec<Question> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(number, line)| {
            let mut columns = line.splitn(3, '\t');
            let (label, category, question) = match (columns.next(), columns.next(), columns.next()) {
                (Some(label), Some(category), Some(question)) => (label.trim(), category.trim(), question.trim()),
                _ => panic!("{name} line {}: expected label<TAB>category<TAB>question", number + 1),
            };
            let critical = match label {
                "critical" => true,
                "ordinary" => false,
                other => panic!("{name} line {}: unknown label {other:?}", number + 1),
            };
            Question { critical, category: category.to_string(), text: question.to_string() }
        })
        .collect()
}

/// Measures one set, prints its figures (and, when `show_misses`, every question judged wrong) and
/// asserts its bars.
fn measure(name: &str, questions: &[Question], bars: &Bars, show_misses: bool) {
    let critical = questions.iter().filter(|q| q.critical).count();
    let ordinary = questions.len() - critical;
    assert!(questions.len() >= bars.min_questions, "{name} has {} questions, fewer than {}", questions.len(), bars.min_questions);
    assert!(
        critical >= bars.min_per_label && ordinary >= bars.min_per_label,
        "{name} has {critical} critical and {ordinary} ordinary questions; {} of each are needed",
        bars.min_per_label
    );

    let mut caught = 0;
    let mut false_alarms = 0;
    let (mut caught_by_rules, mut false_alarms_by_rules) = (0, 0);
    // Per category: (questions, judged right).
    let mut by_category: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for question in questions {
        let verdict = check(&question.text);
        let right = verdict.is_some() == question.critical;
        match (question.critical, check_by_rules(&question.text).is_some()) {
            (true, true) => caught_by_rules += 1,
            (false, true) => false_alarms_by_rules += 1,
            _ => {}
        }
        match (question.critical, verdict.is_some()) {
            (true, true) => caught += 1,
            (false, true) => false_alarms += 1,
            _ => {}
        }
        let label = if question.critical { "critical" } else { "ordinary" };
        let tally = by_category.entry((label, question.category.as_str())).or_default();
        tally.0 += 1;
        tally.1 += usize::from(right);
        if !right {
            let rule = verdict.map_or("none", |v| v.rule);
            wrong.push(format!("  {label:8} [{}] {:?} -> {rule}", question.category, question.text));
        }
    }

    let recall = caught as f64 / critical as f64;
    let false_alarm_rate = false_alarms as f64 / ordinary as f64;
    println!("{name}: {} questions ({critical} critical, {ordinary} ordinary)", questions.len());
    println!("  recall {recall:.3} ({caught}/{critical}); false alarms {false_alarm_rate:.3} ({false_alarms}/{ordinary})");
    println!(
        "  the rules alone: recall {:.3} ({caught_by_rules}/{critical}); false alarms {:.3} ({false_alarms_by_rules}/{ordinary})",
        caught_by_rules as f64 / critical as f64,
        false_alarms_by_rules as f64 / ordinary as f64
    );
    for ((label, category), (count, right)) in &by_category {
        println!("  {label:8} {category:30} {right}/{count} right");
    }
    if show_misses && !wrong.is_empty() {
        println!("  judged wrong:\n{}", wrong.join("\n"));
    } else if !wrong.is_empty() {
        println!("  {} judged wrong (set MEDICLEAR_SHOW_MISSES=1 to list them)", wrong.len());
    }

    assert!(recall >= bars.min_recall, "{name}: recall {recall:.3} is below {}", bars.min_recall);
    assert!(false_alarm_rate <= bars.max_false_alarms, "{name}: false-alarm rate {false_alarm_rate:.3} is above {}", bars.max_false_alarms);
}

/// The bars of a development set: the target.
const DEV_BARS: Bars = Bars { min_questions: 200, min_per_label: 100, min_recall: 0.95, max_false_alarms: 0.05 };

fn measure_dev_set(name: &str) {
    let path = data_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    measure(name, &parse(name, &text), &DEV_BARS, std::env::var_os("MEDICLEAR_SHOW_MISSES").is_some());
}

#[test]
fn dev_set_1_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev.tsv");
}

#[test]
fn dev_set_2_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev2.tsv");
}

#[test]
fn dev_set_3_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev3.tsv");
}

#[test]
fn dev_set_5_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev5.tsv");
}

/// The held-out set: the reported figure. Not run while tuning the rules.
#[test]
fn held_out_set() {
    let name = "patient-questions-holdout.tsv";
    let path = data_path(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{name} is required in CI: {error}");
            println!("{name} not found ({error}): the held-out figure is not measured");
            return;
        }
    };
    let bars = Bars { min_questions: 200, min_per_label: 100, min_recall: 0.90, max_false_alarms: 0.08 };
    measure(name, &parse(name, &text), &bars, true);
}

/// A held-out set written after the rules it is run on: its figures only, never the questions it
/// gets wrong, so it stays held out. Its bars are regression floors.
fn measure_held_out_figures(name: &str) {
    let text = std::fs::read_to_string(data_path(name)).unwrap_or_else(|error| panic!("reading {name}: {error}"));
    let bars = Bars { min_questions: 200, min_per_label: 100, min_recall: 0.90, max_false_alarms: 0.08 };
    measure(name, &parse(name, &text), &bars, false);
}

#[test]
fn fourth_held_out_set() {
    measure_held_out_figures("patient-questions-holdout12.tsv");
}

#[test]
fn fifth_held_out_set() {
    measure_held_out_figures("patient-questions-holdout13.tsv");
}

/// Leave-one-set-out cross-validation of the classifier alone (no rules): each development set is
/// scored by a classifier trained on the other sets and the worked examples, at the threshold the
/// chat uses. This is how the threshold was chosen; the printed figure is the classifier's own,
/// on sets it did not learn from.
#[test]
fn the_classifier_generalises_to_sets_it_did_not_learn_from() {
    // The very sets the chat's classifier is trained on.
    let sets: Vec<Vec<Example>> = learned::DEVELOPMENT_SETS.iter().map(|set| learned::examples(set)).collect();
    let worked = learned::examples(learned::WORKED_EXAMPLES);
    let (mut caught, mut critical, mut false_alarms, mut ordinary) = (0, 0, 0, 0);
    for held in 0..sets.len() {
        let training: Vec<Example> =
            sets.iter().enumerate().filter(|(i, _)| *i != held).flat_map(|(_, set)| set.iter().cloned()).chain(worked.iter().cloned()).collect();
        let classifier = Classifier::train(&training, Training::default());
        for example in &sets[held] {
            let flagged = classifier.critical(&example.text).is_some_and(|(p, _)| p >= learned::THRESHOLD);
            if example.class > 0 {
                critical += 1;
                caught += usize::from(flagged);
            } else {
                ordinary += 1;
                false_alarms += usize::from(flagged);
            }
        }
    }
    let recall = caught as f64 / critical as f64;
    let false_alarm_rate = false_alarms as f64 / ordinary as f64;
    println!(
        "the classifier alone, leave-one-set-out over {} sets: recall {recall:.3} ({caught}/{critical}); false alarms {false_alarm_rate:.3} ({false_alarms}/{ordinary})",
        sets.len()
    );
    assert!(recall >= 0.93, "cross-validated recall {recall:.3} is below 0.93");
    assert!(false_alarm_rate <= 0.03, "cross-validated false-alarm rate {false_alarm_rate:.3} is above 0.03");
}

#[test]
fn second_held_out_set() {
    measure_held_out_figures("patient-questions-holdout6.tsv");
}

#[test]
fn third_held_out_set() {
    measure_held_out_figures("patient-questions-holdout7.tsv");
}

#[test]
fn dev_set_8_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev8.tsv");
}

#[test]
fn dev_set_9_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev9.tsv");
}

#[test]
fn dev_set_10_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev10.tsv");
}

#[test]
fn dev_set_11_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev11.tsv");
}

#[test]
fn dev_set_14_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev14.tsv");
}

#[test]
fn dev_set_15_is_caught_without_crying_wolf() {
    measure_dev_set("patient-questions-dev15.tsv");
}
