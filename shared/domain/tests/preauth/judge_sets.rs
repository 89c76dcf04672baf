//! The offline judge measured on policy × note cases written by helpers that never read its code
//! (`tests/data/judge/*/README.md`): `dev` is the set the matcher was improved against; `dev2`
//! was held out until its one reading (24/56, see its README), then read and worked on too;
//! `holdout2` was written afterwards by another helper, and only its score is ever printed —
//! what fails there is not read, so the figure stays honest. Its first reading, on the matcher
//! after all of 2026-12-03's changes: 24/56, against 27/56 for the matcher as it was that
//! morning — the day's gains on the development sets did not carry over (README); after one more
//! round on dev and dev2 (38/52, 36/56), its second reading was again 24/56, and so was a third
//! on the final version. `holdout3` (56 cases, 9 policies on topics none of the other sets has)
//! was written on 2026-12-04 by a helper that saw neither the matcher nor the other sets; it is
//! held out the same way. Its first reading, on the matcher as it stood: 24/56.
//!
//! On 2026-12-05 the clinical-context engine's two scans were merged into one
//! (`mediclear_domain::clinical_context`): the matcher now reads negation, doubt, history and
//! other people with the same scan and lexicon as the physician-measured mention reading. Figures
//! before → after: dev 38 → 39/52, dev2 36 → 36/56, holdout2 24 → 24/56, holdout3 24 → 23/56.
//! Then examples that are forms of the concept they explain ("diabetes mellitus (type 1, type 2
//! or another form of diabetes)") met by the concept itself ("T2DM"): dev2 36 → 37/56, the others
//! unchanged.
//!
//! On 2026-12-06 two more sets were written by helpers that saw neither the matcher nor the other
//! sets: `dev3` (56 cases, nine new topics), read after its first, blind reading (22/56), and
//! `holdout4` (56 cases, nine more topics), held out like the others (first reading 23/56). Then
//! the kinds of misses issue 10 names were worked on (`issue_classes`) with what dev3 showed.
//!
//! The same day a helper wrote `classes` (36 cases, seven policies) on the five kinds of misses
//! issue 10 names, blind; its first reading was 11/36, and it was read and worked on as well.
//! At the end of the day: dev 41/52, dev2 38/56, dev3 32/56, classes 20/36; holdout2 28/56,
//! holdout3 24/56, holdout4 24/56. `classes2` (36 cases on the same five kinds, eight other
//! topics) was then written blind and read once, as a held-out set: 16/36, against 12/36 for
//! the matcher as it stood that morning.
//!
//! Later that day: courses of care read from their parts' dates and lengths, specialists read as
//! who must prescribe, half a requirement's concepts per candidate, "scheduled ibuprofen" read as
//! taken. dev 41/52, dev2 42/56,
//! dev3 34/56, classes 22/36; held out: holdout2 28, holdout3 24, holdout4 24 (unchanged),
//! classes2 16 → 17/36.
//!
//! Then `dev4` (56 cases, nine more topics: IV iron, Crohn's biologics, medial branch RFA, tibial
//! nerve stimulation, denosumab, hip arthroplasty, TAVR, wearable defibrillators, allergy shots)
//! was written blind and read after its first reading (22/56: 2 of 22 approvals, 2 of 16
//! denials). Its policies showed layouts the reader missed: exclusions under a numbered or
//! "Section …" heading ("III. Exclusions - … not medically necessary in ANY of …", "Section C -
//! Contraindications (…)"), continuation and repeat-course pathways read as requirements, and a
//! roman list under a letter read as nested letters; labels such as "A1.", "I.A.1" were not
//! items. After those, specialists as alternatives, requirements for some members only ("Members
//! with diabetes must have …") and values dated by a month name: dev4 24/56, holdout2 28 → 29,
//! holdout4 24 → 25, the others unchanged.
//!
//! On 2026-12-06 (ninth session) `holdout5` (56 cases, nine more topics: vertebral augmentation,
//! omalizumab for urticaria, testosterone, lumbar decompression, panniculectomy, EGD, hypoglossal
//! nerve stimulation, IVIG for CIDP, myocardial perfusion imaging) was written blind and held out
//! from the start; its first reading, on the morning's judge: 31/56. Then dev4's misses were worked
//! on: lab values read from tables and in their units (dot leaders and table rows, ng/mL, g/dL vs
//! g/L, a limit's alternate unit in parentheses, a qualifier in parentheses passed over, "6 weeks
//! after" not a value), dose amounts and bounds ("60 mg", "does not exceed 750 mg") read from plans,
//! the spacing of doses not a length, an exclusion's exception ("…, except when …"), "non-allergic"
//! not met by "allergic", a route in parentheses a qualifier, a percentage not a count, ages as
//! "83M", "younger than 65 years", goals of care (DNR, hospice), scales ("(0-10)") not values, and
//! an example of three words met with one plain word left out (requirements only), TB screening by
//! the tests' names, "(with or without …)" asking for nothing, a form in parentheses standing for
//! none of its term's words, an exclusion that is a list of short items, and a medicine the patient
//! is "on" current under "PMH:". dev4 24 → 34/56,
//! classes 22 → 24/36, dev3 34 → 33, dev 41, dev2 42 unchanged; held out: holdout4 25 → 26,
//! classes2 17 → 19, holdout2 29, holdout3 24, holdout5 31 → 31.
//!
//! Last, `dev6` (36 cases, six topics: bariatric revision, sacral neuromodulation for fecal
//! incontinence, secukinumab, shoulder arthroplasty, varicocele repair, ESAs in CKD) was written
//! blind and read once: 18/36 on the session's final judge, 20/36 on the morning's — on a fresh
//! set the session's changes lost two, both right by chance before: "testicular volume at least
//! 20% smaller" was met by the words around "volume 17.2 mL" and is now held to its 20%, which the
//! notes state without the name ("left 29.7% smaller"); "at least TWO semen analyses … each with
//! an abnormal parameter" was unread and is now met by one analysis (counts are not read).
//!
//! In the eleventh session `holdout6` (56 cases: TMS, PCSK9 inhibitors, AF ablation, sinus
//! surgery, bunionectomy, ACDF, Mohs surgery, carotid endarterectomy, prostate MRI) was written
//! blind and held out from the start: 30/56 on the starting judge. Then dev6's misses were worked
//! on as classes — requirements for other items' or other members' requests ("For A1 and A2: …",
//! "For reverse arthroplasty: …", "For indication II.A only"), headings that combine ("(ANY
//! ONE)"), "Part 1.", "NOT APPROVABLE", items naming their codes, initials ("CKD"), tests with
//! their results, names sharing one value ("AHI, RDI or REI of 15"), date ranges as lengths,
//! concurrent use read from the drug that goes on, a procedure for appearance as one concept,
//! anticoagulation that will not be held, drug allergies, counts ("at least TWO semen analyses"),
//! runs of values each with its date, plans that turn on a result, limits on spinal levels:
//! dev2 42 → 45, dev3 33 → 35, dev4 34 → 39, dev6 18 → 21, classes 24 → 25; held out: holdout6 30 → 30, holdout3 24 → 29,
//! holdout4 26 → 27, classes2 19 → 20, holdout5 31 → 30, holdout2 29.
//!
//! Each case is a directory: `case.json` (`policy`, `procedure_code`, `expected_status`, `why`)
//! and one `.txt` file per note, the date in its name. Every note is given to the judge whole
//! (the sets' notes are short; retrieval is measured elsewhere), at the fixed analysis date.
//!
//! In the twelfth session the matcher was worked on one criterion at a time (`criterion_sets`:
//! three blind sets of 200 single-criterion items). Case figures after it: dev 41 → 40, dev2 45 →
//! 44, the other development sets unchanged; held out, read as figures only: holdout2 29 → 30,
//! holdout3 29 → 30, holdout4 27 → 28, holdout5 30 → 32, holdout6 30 → 31, classes2 20 → 21.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::preauth::analysis::{AnalysisRequest, Verdict};
use mediclear_domain::preauth::evidence::analyze;

use crate::support::{describe, manifest_dir, now, passages_of, read};

#[derive(Debug, Deserialize)]
struct Case {
    policy: String,
    procedure_code: String,
    expected_status: Verdict,
    why: String,
}

struct Outcome {
    id: String,
    expected: Verdict,
    got: Option<Verdict>,
    detail: String,
}

fn set_dir(name: &str) -> PathBuf {
    manifest_dir().join("tests/data/judge").join(name)
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
}

/// The set's analysis date: its `analysis-date` file (`YYYY-MM-DD`), else the sets' common date.
fn analysis_date(root: &Path) -> chrono::DateTime<chrono::Utc> {
    std::fs::read_to_string(root.join("analysis-date")).map_or_else(|_| now(), |d| format!("{}T12:00:00Z", d.trim()).parse().expect("a YYYY-MM-DD analysis date"))
}

fn judge(set: &str) -> Vec<Outcome> {
    judge_at(set, analysis_date(&set_dir(set)))
}

/// The set's cases analysed at `at`.
fn judge_at(set: &str, at: chrono::DateTime<chrono::Utc>) -> Vec<Outcome> {
    let root = set_dir(set);
    sorted(&root.join("cases"))
        .into_iter()
        .map(|dir| {
            let id = dir.file_name().unwrap().to_string_lossy().to_string();
            let case: Case = serde_json::from_str(&read(&dir.join("case.json"))).unwrap_or_else(|e| panic!("{id}: {e}"));
            let policy = read(&root.join("policies").join(format!("{}.txt", case.policy)));
            let mut note_passages = Vec::new();
            for note in sorted(&dir).into_iter().filter(|p| p.extension().is_some_and(|x| x == "txt")) {
                let name = note.file_name().unwrap().to_string_lossy().to_string();
                let stem = note.file_stem().unwrap().to_string_lossy().to_string();
                note_passages.extend(passages_of(&format!("REC-{stem}"), &name, &read(&note)));
            }
            let request = AnalysisRequest {
                procedure_code: ProcedureCode::parse(&case.procedure_code).expect("valid code"),
                diagnosis_codes: vec![],
                policy_passages: passages_of(&format!("POL-{}", case.policy), &case.policy, &policy),
                note_passages,
            };
            match analyze(&request, at) {
                Ok(a) => Outcome { id, expected: case.expected_status, got: Some(a.status), detail: format!("why: {}\n{}", case.why, describe(&a)) },
                Err(e) => Outcome { id, expected: case.expected_status, got: None, detail: e.to_string() },
            }
        })
        .collect()
}

/// A case filed in 2024 and analysed years later reads as of its own notes: its members are not
/// older, its complaints not longer, its results not staler (the API analyses at the clock's
/// time, whatever the notes' dates).
#[test]
fn a_set_reads_the_same_years_later() {
    for set in ["dev", "dev4"] {
        let then = judge(set);
        let later = judge_at(set, analysis_date(&set_dir(set)) + chrono::Duration::days(900));
        for (a, b) in then.iter().zip(&later) {
            assert_eq!(a.got, b.got, "{set}/{}: {:?} then, {:?} 900 days later\n{}", a.id, a.got, b.got, b.detail);
        }
    }
}

fn accuracy(outcomes: &[Outcome]) -> (usize, usize) {
    (outcomes.iter().filter(|o| o.got == Some(o.expected)).count(), outcomes.len())
}

/// "expected → got" counts, the errors only: which way the judge goes wrong.
fn confusions(outcomes: &[Outcome]) -> String {
    let mut counts: std::collections::BTreeMap<(String, String), usize> = std::collections::BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.got != Some(o.expected)) {
        let got = o.got.map_or("NO_ANALYSIS", Verdict::as_str).to_string();
        *counts.entry((o.expected.as_str().to_string(), got)).or_default() += 1;
    }
    counts.iter().map(|((e, g), n)| format!("{e}→{g} {n}")).collect::<Vec<_>>().join(", ")
}

fn by_verdict(outcomes: &[Outcome]) -> String {
    [Verdict::ApprovedReady, Verdict::MissingInformation, Verdict::AiDenied]
        .iter()
        .map(|v| {
            let of: Vec<&Outcome> = outcomes.iter().filter(|o| o.expected == *v).collect();
            format!("{} {}/{}", v.as_str(), of.iter().filter(|o| o.got == Some(o.expected)).count(), of.len())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints a development set's misses (with `JUDGE_VERBOSE`; `JUDGE_CASE=<id prefix>` prints those
/// cases however they end) and its accuracy.
fn development_set(name: &str, floor_percent: usize) {
    let outcomes = judge(name);
    assert!(outcomes.len() >= 36);
    let (right, all) = accuracy(&outcomes);
    if std::env::var_os("JUDGE_VERBOSE").is_some() {
        for o in outcomes.iter().filter(|o| o.got != Some(o.expected) || std::env::var("JUDGE_CASE").is_ok_and(|c| o.id.starts_with(&c))) {
            eprintln!("MISS {} expected {} got {:?}\n{}\n", o.id, o.expected.as_str(), o.got.map(Verdict::as_str), o.detail);
        }
    }
    eprintln!("judge {name} set: {right}/{all} = {:.3} ({}; errors: {})", right as f64 / all as f64, by_verdict(&outcomes), confusions(&outcomes));
    assert!(right * 100 >= all * floor_percent, "{name} accuracy fell below {floor_percent}%: {right}/{all}");
}

#[test]
fn dev_set_accuracy() {
    development_set("dev", DEV_FLOOR_PERCENT);
}

#[test]
fn dev2_set_accuracy() {
    development_set("dev2", DEV2_FLOOR_PERCENT);
}

/// Written blind later on 2026-12-06 (nine more topics), read after its first reading.
/// Six more topics, written blind at the end of 2026-12-06's ninth session: 18/36 at its first
/// reading (the morning's judge: 20/36).
#[test]
fn dev6_set_accuracy() {
    development_set("dev6", DEV6_FLOOR_PERCENT);
}

#[test]
fn dev4_set_accuracy() {
    development_set("dev4", DEV4_FLOOR_PERCENT);
}

#[test]
fn dev3_set_accuracy() {
    development_set("dev3", DEV3_FLOOR_PERCENT);
}

#[test]
fn issue_classes_set_accuracy() {
    development_set("classes", CLASSES_FLOOR_PERCENT);
}

/// Prints a held-out set's figure only: the cases it misses are not read, so the set stays held
/// out.
fn held_out_set(name: &str) {
    let outcomes = judge(name);
    assert!(outcomes.len() >= 36);
    let (right, all) = accuracy(&outcomes);
    eprintln!("judge held-out set {name}: {right}/{all} = {:.3} ({}; errors: {})", right as f64 / all as f64, by_verdict(&outcomes), confusions(&outcomes));
    assert!(right * 100 >= all * HOLDOUT_FLOOR_PERCENT, "{name} accuracy fell below {HOLDOUT_FLOOR_PERCENT}%: {right}/{all}");
}

#[test]
fn held_out_set_accuracy() {
    held_out_set("holdout2");
}

#[test]
fn second_held_out_set_accuracy() {
    held_out_set("holdout3");
}

#[test]
fn third_held_out_set_accuracy() {
    held_out_set("holdout4");
}

/// Nine more topics, written blind on 2026-12-06 and held out from the start (analysis date
/// 2024-09-30).
#[test]
fn fifth_held_out_set_accuracy() {
    held_out_set("holdout5");
}

/// Nine more topics (TMS, PCSK9 inhibitors, AF ablation, sinus surgery, bunionectomy, ACDF, Mohs,
/// carotid endarterectomy, prostate MRI), written blind in the eleventh session and held out from
/// the start (analysis date 2025-03-31).
#[test]
fn sixth_held_out_set_accuracy() {
    held_out_set("holdout6");
}

/// Issue 10's five kinds of misses again, on eight other topics, written after the day's changes.
#[test]
fn issue_classes_held_out_set_accuracy() {
    held_out_set("classes2");
}

/// Floors just under the figures reported in the README, so a regression fails the suite.
const DEV_FLOOR_PERCENT: usize = 73;
const DEV2_FLOOR_PERCENT: usize = 73;
const DEV3_FLOOR_PERCENT: usize = 58;
const CLASSES_FLOOR_PERCENT: usize = 58;
const DEV4_FLOOR_PERCENT: usize = 66;
const DEV6_FLOOR_PERCENT: usize = 53;
const HOLDOUT_FLOOR_PERCENT: usize = 41;
