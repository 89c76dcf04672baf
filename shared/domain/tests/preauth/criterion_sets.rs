//! The matcher measured one criterion at a time: items written by helpers that never read its code
//! (`tests/data/judge/criteria-*/README.md`), each one policy criterion (a requirement or an
//! exclusion) and one to three dated notes, labelled `met`, `not_met` or `not_documented` as a
//! utilization-review nurse would. A whole case needs every criterion right, so its figure hides
//! which readings fail; here each reading is counted on its own. Each item is judged as a
//! one-criterion policy through the same `analyze` a case goes through, and the finding's `met`
//! (true, false, null) is compared with the label. "Met or not" is what decides a verdict (an
//! unmet requirement and an undocumented one both ask for information; only a met exclusion
//! denies), so it is the headline figure; the three-way one is printed beside it.
//!
//! `criteria-dev`, `criteria-values`, (from the fifteenth session) `criteria-dev2`, (from the
//! seventeenth, after its first reading) `criteria-dev3` and (from the twentieth) `criteria-dev5` are read (their misses print with
//! `JUDGE_VERBOSE`); `criteria-holdout`, `criteria-holdout3`, `criteria-holdout4` and (from the
//! eighteenth) `criteria-holdout5` are held out: only their figures are printed.
//!
//! Twelfth session (2026-12-06), the session's starting matcher → its end, met-or-not:
//! `criteria-dev` 123 → 147/200 (read; requirements met 22 → 37 of 67), `criteria-holdout` 113
//! → 118/200 (never read; requirements met 12 → 16 of 70, exclusions that apply 3 → 7 of 20),
//! `criteria-dev2` 123 → 127/200 (written after the changes, first read on the final matcher and,
//! for the "before", on the starting one; 126 after a last round on `criteria-values`, a fourth
//! set on thresholds and abbreviations: 78 → 85/120).
//!
//! Fifteenth session (2026-12-07): `criteria-holdout3` written blind first, 119/200 on the
//! starting matcher, 118 at the end (116 → 118 at a 2026 clock, where the starting matcher
//! aged every note); `criteria-dev2` 126 → 134 (read); `criteria-holdout` 118 → 119;
//! `criteria-dev` 147 and `criteria-values` 85 → 86.
//!
//! Sixteenth session (2026-12-07, later): `criteria-holdout4` written blind first (twelve more
//! specialties, analysed at 2026-03-31), 116/200 on the starting matcher and 116 at the end;
//! read sets `criteria-dev` 147 → 149, `criteria-dev2` 134 → 141, `criteria-values` 86 → 91;
//! `criteria-holdout3` 118 → 118, `criteria-holdout` 119 → 121.
//!
//! Seventeenth session (2026-12-07, later): `criteria-dev3` written blind first (twelve more
//! specialties, analysed at 2026-06-30), 120/200 on the starting matcher, then read: 129/200;
//! `criteria-holdout4` 116 → 116, `criteria-holdout3` 118 → 119, `criteria-holdout` 121 → 122; the
//! other read sets unchanged.
//!
//! Eighteenth session (2026-12-07): `criteria-dev3` 129 → 134/200 (read); `criteria-holdout5`
//! written blind during the session on twelve more specialties (analysed at 2026-09-30) and made a
//! held-out set before its first reading: 109/200 on the session's starting matcher and 109/200 on
//! its final one (requirements met 12 of 70 on both) — the session's changes did not reach it.
//!
//! Twentieth session (2026-12-07/08): `criteria-dev5` written blind first (twelve more specialties,
//! analysed at 2026-11-30), 120/200 on the starting matcher, then read: 124/200; `criteria-dev3`
//! 134 → 136, `criteria-dev2` 142 → 143; held out, `criteria-holdout` 122 → 123 and
//! `criteria-holdout3` 119 → 120, `criteria-holdout4` and `-holdout5` unchanged.

use std::collections::BTreeMap;

use serde::Deserialize;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::preauth::analysis::{AnalysisRequest, CriterionKind};
use mediclear_domain::preauth::evidence::analyze;

use crate::support::{describe, manifest_dir, passages_of, read};

#[derive(Debug, Deserialize)]
struct Note {
    date: String,
    kind: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    topic: String,
    section: String,
    criterion: String,
    notes: Vec<Note>,
    expected: String,
    phenomenon: String,
    why: String,
}

struct Reading {
    item: Item,
    /// `met`, `not_met`, `not_documented`, or why there is no finding.
    got: String,
    detail: String,
}

impl Reading {
    fn met_right(&self) -> bool {
        (self.item.expected == "met") == (self.got == "met")
    }
}

/// The analysis date the items are written for: 2025-06-30, 2026-03-31 for `criteria-holdout4`,
/// 2026-06-30 for `criteria-dev3`, 2026-09-30 for `criteria-holdout5` and 2026-11-30 for
/// `criteria-dev5` (their READMEs).
fn analysis_date(set: &str) -> &'static str {
    match set {
        "criteria-holdout4" => "2026-03-31T12:00:00Z",
        "criteria-dev3" => "2026-06-30T12:00:00Z",
        "criteria-holdout5" => "2026-09-30T12:00:00Z",
        "criteria-dev5" => "2026-11-30T12:00:00Z",
        _ => "2025-06-30T12:00:00Z",
    }
}

/// One item as a one-criterion policy: a requirement in an ALL-of list, or an exclusion under
/// its heading after a requirement the request itself meets (the procedure being requested).
fn policy_text(item: &Item) -> String {
    let heading = format!("Title: {}\nProcedure codes: 99213\n\n", item.topic);
    match item.section.as_str() {
        "exclusion" => format!(
            "{heading}{topic} is not medically necessary when ANY of the following applies:\n1. {criterion}\n",
            topic = item.topic,
            criterion = item.criterion
        ),
        _ => format!(
            "{heading}{topic} is considered medically necessary when ALL of the following criteria are met:\n1. {criterion}\n",
            topic = item.topic,
            criterion = item.criterion
        ),
    }
}

fn judge_item(item: Item, at: &str) -> Reading {
    let at = at.parse().expect("a timestamp");
    let mut note_passages = Vec::new();
    for (i, note) in item.notes.iter().enumerate() {
        let name = format!("{}-{}.txt", note.date, note.kind);
        note_passages.extend(passages_of(&format!("REC-{}-{i}", item.id), &name, &note.text));
    }
    let policy = policy_text(&item);
    let request = AnalysisRequest {
        procedure_code: ProcedureCode::parse("99213").expect("a valid code"),
        diagnosis_codes: vec![],
        policy_passages: passages_of(&format!("POL-{}", item.id), &item.topic, &policy),
        note_passages,
    };
    let wanted = if item.section == "exclusion" { CriterionKind::Exclusion } else { CriterionKind::Requirement };
    let (got, detail) = match analyze(&request, at) {
        Ok(a) => {
            let found: Vec<_> = a.criteria.iter().filter(|c| c.kind == wanted).collect();
            let got = match found.as_slice() {
                [] => "no finding".to_string(),
                // A criterion the reader split into parts: met when every part is.
                parts => {
                    if parts.iter().all(|c| c.met == Some(true)) {
                        "met".to_string()
                    } else if parts.iter().any(|c| c.met == Some(false)) {
                        "not_met".to_string()
                    } else {
                        "not_documented".to_string()
                    }
                }
            };
            (got, describe(&a))
        }
        Err(e) => (format!("error: {e}"), String::new()),
    };
    Reading { item, got, detail }
}

fn judge_set(name: &str) -> Vec<Reading> {
    let path = manifest_dir().join("tests/data/judge").join(name).join("items.jsonl");
    read(&path)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Item>(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .map(|item| judge_item(item, analysis_date(name)))
        .collect()
}

/// "right/all" of the readings `keep` selects, met-or-not.
fn share(readings: &[Reading], keep: impl Fn(&Reading) -> bool) -> String {
    let of: Vec<&Reading> = readings.iter().filter(|r| keep(r)).collect();
    format!("{}/{}", of.iter().filter(|r| r.met_right()).count(), of.len())
}

fn report(name: &str, readings: &[Reading]) -> (usize, usize) {
    let all = readings.len();
    let right = readings.iter().filter(|r| r.met_right()).count();
    let exact = readings.iter().filter(|r| r.got == r.item.expected).count();
    let mut by_phenomenon: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in readings {
        let e = by_phenomenon.entry(r.item.phenomenon.as_str()).or_default();
        e.0 += usize::from(r.met_right());
        e.1 += 1;
    }
    let phenomena: Vec<String> = by_phenomenon.iter().map(|(p, (r, a))| format!("{p} {r}/{a}")).collect();
    eprintln!(
        "criteria {name}: met-or-not {right}/{all} = {:.3}; three-way {exact}/{all} = {:.3}\n  requirements met {} · requirements not met or undocumented {} · exclusions that apply {} · exclusions that do not {}\n  by phenomenon: {}",
        right as f64 / all as f64,
        exact as f64 / all as f64,
        share(readings, |r| r.item.section != "exclusion" && r.item.expected == "met"),
        share(readings, |r| r.item.section != "exclusion" && r.item.expected != "met"),
        share(readings, |r| r.item.section == "exclusion" && r.item.expected == "met"),
        share(readings, |r| r.item.section == "exclusion" && r.item.expected != "met"),
        phenomena.join(", ")
    );
    (right, all)
}

#[test]
fn criterion_dev_set() {
    development("criteria-dev", 150, CRITERIA_DEV_FLOOR_PERCENT);
}

/// Thresholds and abbreviations only (120 items), written blind at the end of the twelfth session
/// and read after its first reading.
#[test]
fn criterion_values_set() {
    development("criteria-values", 100, CRITERIA_VALUES_FLOOR_PERCENT);
}

/// A development set's figures, and with `JUDGE_VERBOSE` its misses.
fn development(name: &str, at_least: usize, floor_percent: usize) {
    let readings = judge_set(name);
    assert!(readings.len() >= at_least);
    if std::env::var_os("JUDGE_VERBOSE").is_some() {
        for r in readings.iter().filter(|r| r.got != r.item.expected) {
            let notes: Vec<String> = r.item.notes.iter().map(|n| format!("  [{} {}] {}", n.date, n.kind, n.text.replace('\n', "\n    "))).collect();
            eprintln!(
                "MISS {} ({}, {}) expected {} got {}\n  criterion: {}\n{}\n  why: {}\n{}\n",
                r.item.id,
                r.item.section,
                r.item.phenomenon,
                r.item.expected,
                r.got,
                r.item.criterion,
                notes.join("\n"),
                r.item.why,
                r.detail
            );
        }
    }
    at_floor(name, &readings, floor_percent);
}

/// Prints a set's figures and holds them to their floor.
fn at_floor(name: &str, readings: &[Reading], floor_percent: usize) {
    let (right, all) = report(name, readings);
    assert!(right * 100 >= all * floor_percent, "{name} fell below {floor_percent}%: {right}/{all}");
}

/// A held-out set: its figures only, never its misses.
fn held_out(name: &str, floor_percent: usize) {
    let readings = judge_set(name);
    assert!(readings.len() >= 150);
    at_floor(name, &readings, floor_percent);
}

#[test]
fn criterion_held_out_set() {
    held_out("criteria-holdout", CRITERIA_HOLDOUT_FLOOR_PERCENT);
}

/// A third set, written blind on twelve more specialties at the end of the twelfth session and
/// read only as a figure there (126/200 on the fifteenth session's starting matcher); read from
/// the fifteenth session on, when `criteria-holdout3` took its place as the unread figure.
#[test]
fn criterion_third_set() {
    development("criteria-dev2", 150, CRITERIA_THIRD_FLOOR_PERCENT);
}

/// A fifth set, written blind at the start of the fifteenth session (2026-12-07) on twelve
/// specialties none of the others covers, and first read on that session's starting matcher:
/// held out, its figures only.
#[test]
fn criterion_fifth_set() {
    held_out("criteria-holdout3", CRITERIA_FIFTH_FLOOR_PERCENT);
}

/// A sixth set, written blind at the start of the sixteenth session (2026-12-07) on twelve more
/// specialties, analysed at 2026-03-31, and first read on that session's starting matcher: held
/// out, its figures only.
#[test]
fn criterion_sixth_set() {
    held_out("criteria-holdout4", CRITERIA_SIXTH_FLOOR_PERCENT);
}

/// A seventh set, written blind at the start of the seventeenth session (2026-12-07) on twelve
/// more specialties, analysed at 2026-06-30, and first read on that session's starting matcher: a
/// development set, read after that first reading.
#[test]
fn criterion_seventh_set() {
    development("criteria-dev3", 150, CRITERIA_SEVENTH_FLOOR_PERCENT);
}

/// An eighth set, written blind during the eighteenth session (2026-12-07) on twelve more
/// specialties, analysed at 2026-09-30, first read on that session's starting and final
/// matchers: held out, its figures only.
#[test]
fn criterion_eighth_set() {
    held_out("criteria-holdout5", CRITERIA_EIGHTH_FLOOR_PERCENT);
}

/// A ninth set, written blind at the start of the twentieth session (2026-12-07) on twelve more
/// specialties (three-quarters of its requirements met, most in other words than the
/// criterion's), analysed at 2026-11-30, first read on that session's starting matcher: a
/// development set, read after that first reading.
#[test]
fn criterion_ninth_set() {
    development("criteria-dev5", 150, CRITERIA_NINTH_FLOOR_PERCENT);
}

/// Any set by name, its misses printed: `CRITERIA_SET=<dir under tests/data/judge> cargo test -p
/// mediclear-domain --test preauth criterion_named_set -- --ignored --nocapture` (for trying a
/// reading on items of one's own; never on a held-out set).
#[test]
#[ignore = "a tool: reads the set named by CRITERIA_SET"]
fn criterion_named_set() {
    let name = std::env::var("CRITERIA_SET").expect("CRITERIA_SET names a set");
    // SAFETY: set before any other thread of this test reads the environment.
    unsafe { std::env::set_var("JUDGE_VERBOSE", "1") };
    development(&name, 1, 0);
}

/// Floors just under the figures reported in the README, so a regression fails the suite.
const CRITERIA_DEV_FLOOR_PERCENT: usize = 74;
const CRITERIA_HOLDOUT_FLOOR_PERCENT: usize = 57;
const CRITERIA_THIRD_FLOOR_PERCENT: usize = 69;
const CRITERIA_VALUES_FLOOR_PERCENT: usize = 74;
const CRITERIA_FIFTH_FLOOR_PERCENT: usize = 58;
const CRITERIA_SIXTH_FLOOR_PERCENT: usize = 56;
const CRITERIA_SEVENTH_FLOOR_PERCENT: usize = 66;
const CRITERIA_EIGHTH_FLOOR_PERCENT: usize = 54;
const CRITERIA_NINTH_FLOOR_PERCENT: usize = 59;
