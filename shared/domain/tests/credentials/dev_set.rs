//! The development set: 40 degree + licence pairs (15 clean, 15 light and 10 heavy OCR noise)
//! with the fields a person read from them. Accuracy is exact string match per field.

use std::collections::BTreeMap;
use std::path::PathBuf;

use mediclear_domain::health::credentials::{Credentials, extract};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    id: String,
    degree_text: String,
    license_text: String,
    ocr_noise: String,
    expected: Credentials,
}

const FIELDS: [&str; 5] = ["universityName", "doctorName", "degreeName", "licenseNumber", "issueDate"];
const NOISE_LEVELS: [&str; 3] = ["none", "light", "heavy"];

fn field<'a>(credentials: &'a Credentials, name: &str) -> Option<&'a str> {
    match name {
        "universityName" => credentials.university_name.as_deref(),
        "doctorName" => credentials.doctor_name.as_deref(),
        "degreeName" => credentials.degree_name.as_deref(),
        "licenseNumber" => credentials.license_number.as_deref(),
        "issueDate" => credentials.issue_date.as_deref(),
        other => panic!("unknown field {other}"),
    }
}

fn cases() -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/bench/data/credentials-dev.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the dev set parses")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }

    fn rate(self) -> f64 {
        if self.total == 0 { 1.0 } else { self.right as f64 / self.total as f64 }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:5.1}% ({}/{})", 100.0 * self.rate(), self.right, self.total)
    }
}

#[test]
fn the_dev_set_has_the_documented_shape() {
    let cases = cases();
    assert_eq!(cases.len(), 40);
    let count = |level: &str| cases.iter().filter(|c| c.ocr_noise == level).count();
    assert_eq!((count("none"), count("light"), count("heavy")), (15, 15, 10));
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), cases.len(), "ids are unique");
}

/// Prints accuracy per field, per noise level and the misses; asserts ≥ 90 % of fields on clean
/// cases, ≥ 80 % overall, and that no field expected absent is filled in (never guessed).
#[test]
fn field_accuracy_on_the_dev_set() {
    let cases = cases();
    let mut by_field: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_noise: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_both: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut misses = Vec::new();
    let mut guessed = Vec::new();
    for case in &cases {
        let extracted = extract(&case.degree_text, &case.license_text);
        for name in FIELDS {
            let (want, got) = (field(&case.expected, name), field(&extracted.credentials, name));
            let right = want == got;
            by_field.entry(name).or_default().add(right);
            by_noise.entry(case.ocr_noise.as_str()).or_default().add(right);
            by_both.entry((name, case.ocr_noise.as_str())).or_default().add(right);
            overall.add(right);
            if !right {
                misses.push(format!("  {} {name}: expected {want:?}, got {got:?}", case.id));
            }
            if want.is_none() && got.is_some() {
                guessed.push(format!("{} {name}: {got:?}", case.id));
            }
            assert_eq!(got.is_none(), extracted.unread.contains(&name), "{} {name}: unread names exactly the absent fields", case.id);
        }
    }
    println!("\ncredential extraction, dev set ({} cases), exact match per field", cases.len());
    println!("{:<15} {:>20} {:>20} {:>20} {:>20}", "field", "all", "clean", "light", "heavy");
    for name in FIELDS {
        let levels: Vec<String> = NOISE_LEVELS.iter().map(|l| by_both.get(&(name, *l)).copied().unwrap_or_default().to_string()).collect();
        println!("{name:<15} {:>20} {:>20} {:>20} {:>20}", by_field[name].to_string(), levels[0], levels[1], levels[2]);
    }
    let levels: Vec<String> = NOISE_LEVELS.iter().map(|l| by_noise.get(l).copied().unwrap_or_default().to_string()).collect();
    println!("{:<15} {:>20} {:>20} {:>20} {:>20}", "all fields", overall.to_string(), levels[0], levels[1], levels[2]);
    if !misses.is_empty() {
        println!("misses:\n{}", misses.join("\n"));
    }
    assert!(guessed.is_empty(), "fields filled in that the documents do not give: {guessed:?}");
    assert!(by_noise["none"].rate() >= 0.90, "clean cases: {}", by_noise["none"]);
    assert!(overall.rate() >= 0.80, "all cases: {overall}");
}
