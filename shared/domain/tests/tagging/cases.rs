//! The case shape shared by the development cases and the held-out set, and how a run is scored.
//!
//! - **Markers** by id: a found id the case does not expect is a false positive, an expected id
//!   not found a false negative (micro precision and recall over all cases). For each id found
//!   and expected, the level agrees when the highest level found is the highest expected.
//! - **`not_markers`**: ids the text must not yield (a relative's cancer is not the patient's);
//!   each one found is counted.
//! - **Document date**: exact, over the cases that state one (`null` included).
//! - **Tests** by group: precision and recall; for each expected group found, its date agrees
//!   when the latest date found for the group is the expected one (`null` when the text gives
//!   none) — the latest is what `regular_health_tests` reads.
//!
//! Both sets were written for the questionnaire's eight marker ids plus `risk:suspicious_finding`
//! and for the eight test groups with an onboarding question. What was added since — the breast
//! pain and "ruled out" markers, the stage 2 and 3 test groups — is not scored here (a set cannot
//! be scored on labels it never had); the `symptoms` tests pin it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use mediclear_domain::health::tagging::{RiskLevel, Tags, group, marker, tag};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    pub text: String,
    /// The date the uploader declared.
    #[serde(default)]
    pub document_date: Option<String>,
    pub expected: Expected,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expected {
    /// Absent: not scored; `null`: the text gives none.
    #[serde(default, deserialize_with = "present")]
    pub document_date: Option<Option<String>>,
    #[serde(default)]
    pub markers: Vec<ExpectedMarker>,
    #[serde(default)]
    pub tests: Vec<ExpectedTest>,
    #[serde(default)]
    pub not_markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedMarker {
    pub marker: String,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedTest {
    pub group: String,
    #[serde(default)]
    pub date: Option<String>,
}

/// The marker ids the case sets label.
const LABELLED_MARKERS: [&str; 9] = [
    marker::FAMILY_HISTORY,
    marker::GENETIC_MUTATION,
    marker::CHEST_RADIATION,
    marker::PRIOR_BREAST_CANCER,
    marker::BENIGN_BREAST_DISEASE,
    marker::HORMONAL_FACTORS,
    marker::BREAST_DENSITY,
    marker::SCREENING_HISTORY,
    marker::SUSPICIOUS_FINDING,
];

fn labelled_group(id: &str) -> bool {
    group::ALL.iter().any(|(g, _)| *g == id)
}

fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn level_rank(level: &str) -> u8 {
    match level.to_ascii_uppercase().as_str() {
        "HIGH" => 3,
        "MEDIUM" => 2,
        "LOW" => 1,
        other => panic!("unknown level {other}"),
    }
}

fn found_rank(level: RiskLevel) -> u8 {
    match level {
        RiskLevel::High => 3,
        RiskLevel::Medium => 2,
        RiskLevel::Low => 1,
    }
}

/// Counts over a set of cases.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub cases: usize,
    pub marker_tp: usize,
    pub marker_fp: usize,
    pub marker_fn: usize,
    pub level_agree: usize,
    pub not_marker_checks: usize,
    pub not_marker_violations: usize,
    pub date_cases: usize,
    pub date_right: usize,
    pub test_tp: usize,
    pub test_fp: usize,
    pub test_fn: usize,
    pub test_date_right: usize,
    /// Per marker id: (tp, fp, fn).
    pub by_marker: BTreeMap<String, (usize, usize, usize)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Tally {
    pub fn marker_precision(&self) -> f64 {
        ratio(self.marker_tp, self.marker_tp + self.marker_fp)
    }
    pub fn marker_recall(&self) -> f64 {
        ratio(self.marker_tp, self.marker_tp + self.marker_fn)
    }
    pub fn level_agreement(&self) -> f64 {
        ratio(self.level_agree, self.marker_tp)
    }
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.date_right, self.date_cases)
    }
    pub fn test_precision(&self) -> f64 {
        ratio(self.test_tp, self.test_tp + self.test_fp)
    }
    pub fn test_recall(&self) -> f64 {
        ratio(self.test_tp, self.test_tp + self.test_fn)
    }
    pub fn test_date_accuracy(&self) -> f64 {
        ratio(self.test_date_right, self.test_tp)
    }

    pub fn print(&self, title: &str) {
        println!("{title}: {} cases", self.cases);
        println!(
            "  markers: precision {:.3} ({}/{}), recall {:.3} ({}/{}), level agreement {:.3}",
            self.marker_precision(),
            self.marker_tp,
            self.marker_tp + self.marker_fp,
            self.marker_recall(),
            self.marker_tp,
            self.marker_tp + self.marker_fn,
            self.level_agreement()
        );
        println!("  not_markers found: {} of {} checks", self.not_marker_violations, self.not_marker_checks);
        println!("  document date: {:.3} ({}/{})", self.date_accuracy(), self.date_right, self.date_cases);
        println!(
            "  test groups: precision {:.3}, recall {:.3} ({}/{}), date agreement {:.3} ({}/{})",
            self.test_precision(),
            self.test_recall(),
            self.test_tp,
            self.test_tp + self.test_fn,
            self.test_date_accuracy(),
            self.test_date_right,
            self.test_tp
        );
        for (marker, (tp, fp, fn_)) in &self.by_marker {
            println!("    {marker:<28} tp {tp:>3}  fp {fp:>3}  fn {fn_:>3}");
        }
    }
}

/// What went wrong on one case, for the development report.
#[derive(Debug, Default)]
pub struct Misses {
    pub lines: Vec<String>,
}

/// Runs one case and adds it to `tally`; returns what did not match.
pub fn score(case: &Case, tally: &mut Tally) -> (Tags, Misses) {
    let declared = case.document_date.as_deref().map(date);
    let tags = tag(&case.text, declared);
    let mut misses = Misses::default();
    tally.cases += 1;

    let mut expected: BTreeMap<&str, u8> = BTreeMap::new();
    for m in &case.expected.markers {
        let e = expected.entry(m.marker.as_str()).or_default();
        *e = (*e).max(level_rank(&m.level));
    }
    let mut found: BTreeMap<&str, u8> = BTreeMap::new();
    for m in tags.markers.iter().filter(|m| LABELLED_MARKERS.contains(&m.marker)) {
        let e = found.entry(m.marker).or_default();
        *e = (*e).max(found_rank(m.level));
    }
    for (marker, level) in &expected {
        let entry = tally.by_marker.entry(marker.to_string()).or_default();
        match found.get(marker) {
            Some(f) => {
                tally.marker_tp += 1;
                entry.0 += 1;
                if f == level {
                    tally.level_agree += 1;
                } else {
                    misses.lines.push(format!("level of {marker}: found {f}, expected {level}"));
                }
            }
            None => {
                tally.marker_fn += 1;
                entry.2 += 1;
                misses.lines.push(format!("missed {marker}"));
            }
        }
    }
    for marker in found.keys().filter(|m| !expected.contains_key(*m)) {
        tally.marker_fp += 1;
        tally.by_marker.entry(marker.to_string()).or_default().1 += 1;
        let why: Vec<&str> =
            tags.markers.iter().filter(|m| m.marker == *marker).map(|m| m.indicator.as_str()).collect();
        misses.lines.push(format!("extra {marker}: {why:?}"));
    }
    for not in &case.expected.not_markers {
        tally.not_marker_checks += 1;
        if found.contains_key(not.as_str()) {
            tally.not_marker_violations += 1;
            misses.lines.push(format!("not_marker found: {not}"));
        }
    }

    if let Some(expected_date) = &case.expected.document_date {
        tally.date_cases += 1;
        let expected_date = expected_date.as_deref().map(date);
        if tags.document_date == expected_date {
            tally.date_right += 1;
        } else {
            misses.lines.push(format!("document date {:?}, expected {expected_date:?}", tags.document_date));
        }
    }

    let mut expected_tests: BTreeMap<&str, Option<NaiveDate>> = BTreeMap::new();
    for t in &case.expected.tests {
        let d = t.date.as_deref().map(date);
        let e = expected_tests.entry(t.group.as_str()).or_insert(d);
        *e = (*e).max(d);
    }
    let mut found_tests: BTreeMap<&str, Option<NaiveDate>> = BTreeMap::new();
    for t in tags.tests.iter().filter(|t| labelled_group(t.group)) {
        let e = found_tests.entry(t.group).or_insert(t.date);
        *e = (*e).max(t.date);
    }
    let groups: BTreeSet<&str> = expected_tests.keys().chain(found_tests.keys()).copied().collect();
    for g in groups {
        match (expected_tests.get(g), found_tests.get(g)) {
            (Some(e), Some(f)) => {
                tally.test_tp += 1;
                if e == f {
                    tally.test_date_right += 1;
                } else {
                    misses.lines.push(format!("test {g} dated {f:?}, expected {e:?}"));
                }
            }
            (Some(_), None) => {
                tally.test_fn += 1;
                misses.lines.push(format!("missed test {g}"));
            }
            (None, Some(_)) => {
                tally.test_fp += 1;
                misses.lines.push(format!("extra test {g}"));
            }
            (None, None) => {}
        }
    }
    (tags, misses)
}
