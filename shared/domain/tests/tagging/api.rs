//! The public shape of the tags, and the bound on what a huge text costs.

use std::time::{Duration, Instant};

use mediclear_domain::health::tagging::{MAX_TEXT_BYTES, MarkerMention, RiskLevel, Tags, marker, tag};
use serde_json::json;

use crate::cases::date;

#[test]
fn tags_serialise_in_snake_case_and_read_back() {
    let tags = tag("Exam date: 03/14/2024. Mother with breast cancer at 45. LDL 131 mg/dL.", None);
    let value = serde_json::to_value(&tags).unwrap();
    assert_eq!(value["document_date"], json!("2024-03-14"));
    assert_eq!(value["markers"][0]["marker"], json!("risk:family_history"));
    assert_eq!(value["markers"][0]["level"], json!("high"));
    assert_eq!(value["tests"][0]["group"], json!("lipids"));
    let back: Tags = serde_json::from_value(value).unwrap();
    assert_eq!(back, tags);
}

#[test]
fn an_unknown_marker_id_is_refused_when_read() {
    let unknown = json!({"marker": "risk:astrology", "level": "high", "indicator": "x", "quote": "x", "date": null});
    assert!(serde_json::from_value::<MarkerMention>(unknown).is_err());
    let known = json!({"marker": marker::SUSPICIOUS_FINDING, "level": "medium", "indicator": "x", "quote": "x", "date": "2024-01-02"});
    let read: MarkerMention = serde_json::from_value(known).unwrap();
    assert_eq!(
        (read.marker, read.level, read.date),
        (marker::SUSPICIOUS_FINDING, RiskLevel::Medium, Some(date("2024-01-02")))
    );
}

#[test]
fn empty_and_dateless_texts() {
    assert_eq!(tag("", None), Tags::default());
    assert_eq!(tag("   \n\n  ", Some(date("2024-05-01"))).document_date, Some(date("2024-05-01")));
    assert_eq!(tag("DOB: 04/12/1975. Next appointment 06/01/2024.", None).document_date, None);
}

fn timed(text: &str) -> (Tags, Duration) {
    let start = Instant::now();
    let tags = tag(text, None);
    (tags, start.elapsed())
}

#[test]
fn a_five_megabyte_text_is_read_within_its_bound() {
    // A long record of realistic sentences: every one names something the rules look for.
    let paragraph = "Mother had breast cancer at 52. No palpable lump. LDL 131 mg/dL on 03/14/2024. BI-RADS 2. \
                     Heterogeneously dense breasts. Denies nipple discharge.\n";
    let record = paragraph.repeat(5 * 1024 * 1024 / paragraph.len());
    let (tags, elapsed) = timed(&record);
    println!("5 MB of clinical sentences: {elapsed:?}, truncated {}", tags.truncated);
    assert!(tags.truncated);
    assert!(tags.markers.iter().any(|m| m.marker == marker::FAMILY_HISTORY));
    // Debug builds are ~10x slower than release; the bound is generous for a shared machine.
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");

    // Hostile shapes: one line without spaces, only separators, a soup of the words the rules
    // look for without any punctuation, and more than the byte cap.
    let soup = "no mother breast cancer lump if brca1 mutation denies mammogram ldl 130 birads 4 dense ".repeat(60_000);
    for hostile in [
        "a.".repeat(2 * 1024 * 1024),
        "\n \n".repeat(2 * 1024 * 1024),
        "if if if if if no no no no ".repeat(200_000),
        soup,
        "x".repeat(MAX_TEXT_BYTES + 10),
    ] {
        let (_, elapsed) = timed(&hostile);
        println!("{} bytes of a hostile shape: {elapsed:?}", hostile.len());
        assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    }
}

#[test]
fn any_text_is_read_without_panicking() {
    // Multi-byte characters next to every boundary the reader cuts at: labels, dates, pieces.
    let pieces = [
        "Ünïcödé: ", "—", "é", "ﬁ", "\u{a0}", "BI-RADS ④", "Mère: cancer du sein", "03/1５/2024", "\r\n", "…", "😀",
        "FAMILY HISTORY:", "Mother:", " lump ", "12/31/", "Dr.", "?", "\n\n", "- ", "ß", "İ", "ǅ",
    ];
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
        if i % 97 == 0 {
            text.push_str(&"é".repeat(700));
        }
    }
    for cut in [0, 1, 2, 3, 61, 599, 600, 601, text.len() / 2] {
        let start = (0..=cut.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let _ = tag(&text[start..], None);
    }
}
