//! The breast symptoms and "ruled out" markers and the stage 2 and 3 test groups, each rule
//! against the product seed's marker lists, over text written the way clinicians write it.

use mediclear_domain::health::tagging::{MarkerMention, RiskLevel, Tags, group, marker, tag};

use crate::cases::date;

fn markers(tags: &Tags, id: &str) -> Vec<MarkerMention> {
    tags.markers.iter().filter(|m| m.marker == id).cloned().collect()
}

fn indicators(text: &str) -> Vec<(String, RiskLevel)> {
    tag(text, Some(date("2024-05-01"))).markers.into_iter().map(|m| (m.indicator, m.level)).collect()
}

fn has(text: &str, indicator: &str, level: RiskLevel) -> bool {
    indicators(text).iter().any(|(i, l)| i == indicator && *l == level)
}

#[test]
fn a_negated_lump_is_the_seeds_low_no_lump_and_not_a_lump() {
    // Seed low list: "no lump".
    for text in [
        "Breast exam: no palpable lump bilaterally.",
        "Pt denies breast lump.",
        "CBE: no masses, no axillary adenopathy.",
        "ROS: Breast - denies lumps or nipple discharge.",
    ] {
        let found = indicators(text);
        assert!(found.contains(&("No breast lump".into(), RiskLevel::Low)), "{text}: {found:?}");
        assert!(!found.iter().any(|(i, _)| i == "Palpable breast lump"), "{text}: {found:?}");
    }
}

#[test]
fn a_hypothetical_lump_is_neither_a_lump_nor_its_absence() {
    let tags = tag("Breast awareness discussed. If a lump appears, call us.", None);
    assert!(markers(&tags, marker::SUSPICIOUS_FINDING).is_empty(), "{:?}", tags.markers);
    assert!(markers(&tags, marker::NO_SUSPICIOUS_FINDING).is_empty(), "{:?}", tags.markers);
}

#[test]
fn no_change_in_a_lump_is_not_no_lump() {
    let tags = tag("Left breast lump: no change in size since last visit.", None);
    assert!(markers(&tags, marker::NO_SUSPICIOUS_FINDING).is_empty(), "{:?}", tags.markers);
}

#[test]
fn templated_denial_lists_negate_every_item() {
    // Seed low list: "no lump", "no skin/nipple changes".
    for text in [
        "Denies: breast lump, nipple discharge, skin changes.",
        "Pt denies breast pain, nipple discharge, skin changes.",
        "Breasts: no skin or nipple changes.",
    ] {
        let tags = tag(text, None);
        let ruled_out = markers(&tags, marker::NO_SUSPICIOUS_FINDING);
        assert!(ruled_out.iter().any(|m| m.indicator.starts_with("No skin or nipple changes")), "{text}: {:?}", tags.markers);
        assert!(markers(&tags, marker::SUSPICIOUS_FINDING).is_empty(), "{text}: {:?}", tags.markers);
        assert!(markers(&tags, marker::BREAST_PAIN).is_empty(), "{text}: {:?}", tags.markers);
    }
    let tags = tag("Denies: breast lump, nipple discharge, skin changes.", None);
    let ruled_out: Vec<String> = markers(&tags, marker::NO_SUSPICIOUS_FINDING).into_iter().map(|m| m.indicator).collect();
    assert_eq!(ruled_out, ["No breast lump", "No skin or nipple changes (no nipple discharge or skin changes)"]);
}

#[test]
fn cyclical_pain_only_is_low_and_localized_pain_medium() {
    // Seed: "cyclical pain only" low, "localized breast pain" medium.
    assert!(has("Diffuse bilateral breast tenderness, cyclical, worse before her period.", "Cyclical breast pain only", RiskLevel::Low));
    assert!(has("Premenstrual mastalgia, both breasts.", "Cyclical breast pain only", RiskLevel::Low));
    assert!(has("Focal R breast pain at 8 o'clock x 3 weeks.", "Localized breast pain", RiskLevel::Medium));
    assert!(has("c/o pain in the left breast, one spot, not related to cycle.", "Localized breast pain", RiskLevel::Medium));
    // Neither kind stated: not graded; denied: nothing.
    assert!(markers(&tag("Breast pain.", None), marker::BREAST_PAIN).is_empty());
    assert!(markers(&tag("Denies breast pain.", None), marker::BREAST_PAIN).is_empty());
}

#[test]
fn a_growing_mass_is_high_and_a_stable_one_is_not() {
    // Seed high list: "rapidly growing mass".
    assert!(has("Rapidly growing mass in the right breast over 6 weeks.", "Rapidly growing breast mass", RiskLevel::High));
    assert!(has("Pt reports the L breast lump has grown since March.", "Rapidly growing breast mass", RiskLevel::High));
    assert!(has("Enlarging lump, left breast.", "Rapidly growing breast mass", RiskLevel::High));
    for text in ["Known L breast lump, has not grown.", "Breast mass, stable, no interval growth.", "Enlarging breast cyst."] {
        assert!(!indicators(text).iter().any(|(i, _)| i == "Rapidly growing breast mass"), "{text}");
    }
}

#[test]
fn new_nipple_retraction_is_high_and_a_long_standing_one_is_not() {
    // Seed high list: "new nipple retraction".
    assert!(has("New right nipple retraction noted 2 weeks ago.", "Nipple retraction", RiskLevel::High));
    assert!(has("Recent nipple inversion, left.", "New nipple inversion", RiskLevel::High));
    for text in ["Long-standing bilateral nipple inversion since puberty.", "Chronic left nipple retraction, unchanged for years."] {
        let tags = tag(text, None);
        assert!(markers(&tags, marker::SUSPICIOUS_FINDING).is_empty(), "{text}: {:?}", tags.markers);
    }
}

#[test]
fn stage_two_and_three_tests_are_tagged_in_their_own_groups() {
    let tags = tag(
        "Breast US 03/02/2024: simple cyst. Breast MRI 01/10/2024 negative. Genetic testing 2022: no pathogenic variant. \
         DEXA scan 02/2024 showed osteopenia.\n\nCBE: no masses.\n\nEncouraged breast self-exam monthly.",
        Some(date("2024-05-01")),
    );
    let groups: Vec<(&str, Option<chrono::NaiveDate>)> = tags.tests.iter().map(|t| (t.group, t.date)).collect();
    for (g, d) in [
        (group::BREAST_ULTRASOUND, Some(date("2024-03-02"))),
        (group::BREAST_MRI, Some(date("2024-01-10"))),
        (group::MAMMOGRAM, Some(date("2024-03-02"))),
    ] {
        assert!(groups.contains(&(g, d)), "{g} {d:?} in {groups:?}");
    }
    assert!(groups.iter().any(|(g, _)| *g == group::GENETIC_TESTING), "{groups:?}");
    assert!(groups.iter().any(|(g, _)| *g == group::BONE_DENSITY), "{groups:?}");
    // An exam is done when its findings are written; a self-exam is none.
    let exam = tag("CBE: no masses. Encouraged breast self-exam monthly.", Some(date("2024-05-01")));
    let exams: Vec<_> = exam.tests.iter().map(|t| (t.group, t.date)).collect();
    assert_eq!(exams, [(group::CLINICAL_BREAST_EXAM, Some(date("2024-05-01")))]);
    // Planned, not done.
    let planned = tag("Plan: genetic counselling referral; DEXA ordered.", None);
    assert!(planned.tests.is_empty(), "{:?}", planned.tests);
}

#[test]
fn old_tags_without_the_new_ids_still_read() {
    let stored = serde_json::json!({"document_date": "2020-01-02", "dates": ["2020-01-02"], "markers": [
        {"marker": "risk:suspicious_finding", "level": "high", "indicator": "Palpable breast lump", "quote": "Lump.", "date": "2020-01-02"}],
        "tests": [{"group": "mammogram", "date": "2020-01-02", "quote": "Mammogram"}]});
    let tags: Tags = serde_json::from_value(stored).unwrap();
    assert_eq!(tags.markers[0].marker, marker::SUSPICIOUS_FINDING);
    let round: Tags = serde_json::from_value(serde_json::to_value(tag("Denies breast lump. Breast US 03/02/2024 benign.", None)).unwrap()).unwrap();
    assert!(round.markers.iter().any(|m| m.marker == marker::NO_SUSPICIOUS_FINDING));
    assert!(round.tests.iter().any(|t| t.group == group::BREAST_ULTRASOUND));
}
