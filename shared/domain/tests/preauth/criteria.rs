//! Policies in many layouts are read into the policy's own ids, the right grouping and the
//! exclusions — including the messy text PDF extraction and Windows editors produce.

use mediclear_domain::preauth::criteria::{Criterion, CriterionGroup, GroupRule, PolicyCriteria, parse_policy};

use crate::support::{demo_dir, fixtures_dir, read};

fn policy(name: &str) -> (String, PolicyCriteria) {
    let text = read(&fixtures_dir().join("policies").join(name));
    let parsed = parse_policy(&text);
    (text, parsed)
}

fn demo_policy(name: &str) -> PolicyCriteria {
    parse_policy(&read(&demo_dir().join("policies").join(name)))
}

fn ids(g: &CriterionGroup) -> Vec<&str> {
    g.items.iter().map(|c| c.id.as_str()).collect()
}

fn children(c: &Criterion) -> &CriterionGroup {
    c.children.as_ref().unwrap_or_else(|| panic!("{} has no sub-items", c.id))
}

fn exclusion_contents(p: &PolicyCriteria) -> Vec<&str> {
    p.exclusions.iter().map(|c| c.content.as_str()).collect()
}

/// The policy text at a criterion's span, whitespace collapsed.
fn at_span(text: &str, c: &Criterion) -> String {
    text[c.span.0..c.span.1].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn demo_knee_policy_numbered_list_with_a_nested_one_of_group() {
    let p = demo_policy("total-knee-arthroplasty.txt");
    assert_eq!(p.title.as_deref(), Some("Total Knee Arthroplasty"));
    assert_eq!(p.procedure_codes, ["27447", "27446"]);
    assert_eq!(p.requirements.rule, GroupRule::All);
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4", "5"]);
    let three = &p.requirements.items[2];
    assert_eq!(three.content, "Failure of at least 3 months of conservative management");
    assert_eq!(children(three).rule, GroupRule::Any);
    assert_eq!(ids(children(three)), ["3a", "3b", "3c"]);
    assert_eq!(children(three).items[1].text, "a trial of NSAIDs or acetaminophen for at least 4 weeks");
    assert_eq!(exclusion_contents(&p), ["Active local or systemic infection", "Severe peripheral arterial disease of the affected limb", "Neuropathic arthropathy of the affected knee"]);
    assert!(p.find("Documentation").is_none(), "documentation requirements and references are not criteria");
    assert_eq!(p.exclusions[0].id.as_str(), "E1");
    assert_eq!(p.exclusions[0].section.as_deref(), Some("Exclusions"));
}

#[test]
fn demo_imaging_policy_either_of_two_lettered_groups() {
    let p = demo_policy("lumbar-spine-mri.txt");
    assert_eq!(p.requirements.rule, GroupRule::Any, "\"meets either of the following\"");
    assert_eq!(ids(&p.requirements), ["A", "B"]);
    let (a, b) = (&p.requirements.items[0], &p.requirements.items[1]);
    assert!(!a.has_content(), "\"Red-flag findings.\" only labels its list");
    assert_eq!((children(a).rule, ids(children(a))), (GroupRule::Any, vec!["A1", "A2", "A3"]));
    assert_eq!((children(b).rule, ids(children(b))), (GroupRule::All, vec!["B1", "B2"]));
    assert_eq!(p.exclusions.len(), 2);
    assert_eq!(p.exclusions[0].section.as_deref(), Some("LIMITATIONS AND EXCLUSIONS"));
    assert!(p.find("IV").is_none() && p.find("I").is_none(), "roman section headings are headings, not criteria");
}

#[test]
fn demo_bariatric_policy_definition_list_and_contraindications_with_page_header_noise() {
    let p = demo_policy("bariatric-surgery.txt");
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4", "5"], "the page-2 running header does not break the list");
    let two = &p.requirements.items[1];
    assert!(!two.has_content(), "\"Severe obesity, defined as either:\" is defined by its items");
    assert_eq!((children(two).rule, ids(children(two))), (GroupRule::Any, vec!["2a", "2b"]));
    assert_eq!(exclusion_contents(&p), ["Active alcohol or substance use disorder", "Current pregnancy", "Untreated major depression or psychosis"]);
    assert!(p.find("Revisional").is_none());
}

#[test]
fn parenthesised_numbers_at_least_two_of_and_inherited_duration() {
    let (text, p) = policy("paren-numbered-hip.txt");
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4"]);
    let two = &p.requirements.items[1];
    assert_eq!(children(two).rule, GroupRule::AtLeast(2));
    assert_eq!(ids(children(two)), ["2a", "2b", "2c"]);
    assert_eq!(children(two).items[0].content, "hip pain that limits ambulation, for 3 months or longer", "the intro's duration applies to each item");
    let three = &p.requirements.items[2];
    assert_eq!(three.content, "Failure of non-surgical treatment");
    assert_eq!(children(three).rule, GroupRule::All, "items joined by \"; and\"");
    assert_eq!(at_span(&text, &p.requirements.items[3]), "The member is at least 18 years old.");
    assert_eq!(p.exclusions.len(), 2);
}

#[test]
fn capital_letter_sections_a_coverage_preamble_and_an_applicability_gate() {
    let (_, p) = policy("alpha-sections-meniscus.txt");
    assert_eq!(ids(&p.requirements), ["A", "B"]);
    let (a, b) = (&p.requirements.items[0], &p.requirements.items[1]);
    assert!(!a.has_content(), "\"… is medically necessary when BOTH of the following\" is a preamble");
    assert_eq!(ids(children(a)), ["A1", "A2"]);
    assert!(b.applies_when, "\"In members 50 years of age or older, ALL of the following\" gates B");
    assert_eq!(b.content, "In members 50 years of age or older");
    assert_eq!(p.exclusions.len(), 1, "\"C. EXCLUSIONS\" is a heading, its item an exclusion");
}

#[test]
fn bullets_with_word_style_sub_bullets() {
    let (_, p) = policy("bullets-cgm.txt");
    assert_eq!(p.procedure_codes, ["E2103", "A9276"]);
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4"], "MediClear numbers bullets in order");
    let two = &p.requirements.items[1];
    assert_eq!(two.content, "Treatment with insulin");
    assert_eq!((children(two).rule, ids(children(two))), (GroupRule::Any, vec!["2a", "2b", "2c"]));
    assert_eq!(children(two).items[2].text, "a history of problematic hypoglycemia", "a line starting \"history\" is not a heading");
    assert_eq!(exclusion_contents(&p), ["CGM for members who are pregnant without diabetes"]);
}

#[test]
fn criteria_run_together_in_one_paragraph() {
    let (_, p) = policy("run-together-stimulator.txt");
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4"]);
    assert_eq!(p.requirements.items[0].text, "chronic neuropathic pain of the trunk or limbs for at least 6 months");
    assert_eq!(p.requirements.items[3].text, "no active substance use disorder.");
    assert_eq!(exclusion_contents(&p), ["active infection or bleeding disorders"], "the fallback sentence is not an exclusion");
}

#[test]
fn windows_line_endings_extra_whitespace_and_continuation_criteria() {
    let (text, p) = policy("windows-crlf-botox.txt");
    assert!(text.contains("\r\n"), "the fixture keeps its CRLF line endings");
    assert_eq!(p.title.as_deref(), Some("Onabotulinumtoxin A for Chronic Migraine"));
    assert_eq!(p.procedure_codes, ["J0585"]);
    assert_eq!(ids(&p.requirements), ["1", "2", "3"], "criteria for continuation are not initial criteria");
    assert_eq!(p.requirements.items[0].text, "Age 18 years or older.");
    let three = &p.requirements.items[2];
    assert_eq!(children(three).rule, GroupRule::AtLeast(2));
    assert_eq!(children(three).items[1].content, "propranolol or metoprolol, for at least 2 months");
    assert_eq!(exclusion_contents(&p), ["combination with a CGRP monoclonal antibody"]);
    for c in &p.requirements.items {
        assert!(!text[c.span.0..c.span.1].starts_with(char::is_whitespace), "spans start at the text");
    }
}

#[test]
fn pdf_page_breaks_headers_and_footers_are_removed() {
    let (text, p) = policy("pdf-noise-shoulder.txt");
    assert_eq!(ids(&p.requirements), ["1", "2", "3", "4"]);
    let two = &p.requirements.items[1];
    assert_eq!(two.text, "Shoulder pain and loss of function for at least 6 months that interferes with activities of daily living.", "the criterion continues across the page break");
    assert!(at_span(&text, two).contains("Page 2 of 3"), "its span covers the original text, noise included");
    assert_eq!(exclusion_contents(&p), ["Active infection of the shoulder", "Paralysis of the deltoid muscle"]);
}

#[test]
fn outline_numbering_with_roman_sub_items() {
    let (_, p) = policy("outline-roman-fusion.txt");
    assert_eq!(p.requirements.rule, GroupRule::All);
    assert_eq!(ids(&p.requirements), ["2.1", "2.2"]);
    assert_eq!(ids(children(&p.requirements.items[0])), ["2.1i", "2.1ii", "2.1iii"]);
    assert_eq!(children(&p.requirements.items[0]).rule, GroupRule::Any);
    assert_eq!(children(&p.requirements.items[1]).rule, GroupRule::All);
    assert_eq!(exclusion_contents(&p), ["axial low back pain without instability"]);
    assert_eq!(p.exclusions[0].label.as_deref(), Some("3.1"));
}

#[test]
fn prose_criteria_with_must_and_exclusion_sentences() {
    let (_, p) = policy("prose-only-sleep-study.txt");
    assert_eq!(ids(&p.requirements), ["1", "2"], "the descriptive sentence is not a criterion");
    assert!(p.requirements.items[0].text.starts_with("The member must have symptoms of obstructive sleep apnea"));
    assert_eq!(exclusion_contents(&p), ["without symptoms of sleep apnea"]);
}

#[test]
fn line_endings_do_not_change_what_is_read() {
    for name in ["paren-numbered-hip.txt", "pdf-noise-shoulder.txt", "outline-roman-fusion.txt"] {
        let (text, lf) = policy(name);
        for ending in ["\r\n", "\r"] {
            let converted = parse_policy(&text.replace('\n', ending));
            let texts = |p: &PolicyCriteria| p.requirements.items.iter().map(|c| (c.id.to_string(), c.text.clone())).collect::<Vec<_>>();
            assert_eq!(texts(&converted), texts(&lf), "{name} with {ending:?}");
            assert_eq!(exclusion_contents(&converted), exclusion_contents(&lf));
        }
    }
}

#[test]
fn unreadable_and_hostile_text_gives_no_criteria_and_no_panic() {
    for text in [
        "",
        "   \n\n  ",
        "Page 1 of 1\n© 2024 Insurer\n- 2 -",
        "This policy describes knee replacement surgery in general terms.",
        "1.\n2)\n(a)\n•\n",
        "ÀÉÎÕÜ ≥≤ 🦴\u{0}\u{feff}",
    ] {
        assert!(parse_policy(text).requirements.items.iter().all(|c| !c.text.trim().is_empty()), "{text:?}");
    }
    assert!(parse_policy("This policy describes knee replacement surgery in general terms.").is_empty());
    // A pseudo-random mix of policy fragments, generated deterministically.
    let pieces = [
        "1. ", "a) ", "(iv) ", "• ", "ALL of the following:", "any one of", "at least two of", "Exclusions\n", "\r\n", "\n\n",
        "knee pain for 6 weeks", "BMI ≥ 40", "not medically necessary when", "Page 3 of 9\n", "é", "(", ")", ":", ";", "or ",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let parsed = parse_policy(&text);
        fn spans_ok(items: &[Criterion], len: usize) -> bool {
            items.iter().all(|c| c.span.0 <= c.span.1 && c.span.1 <= len && c.children.as_ref().is_none_or(|g| spans_ok(&g.items, len)))
        }
        assert!(spans_ok(&parsed.requirements.items, text.len()), "{text:?}");
    }
}

const TWO_PROCEDURES: &str = "Title: SI joint procedures\nProcedure codes: 27096, 64625\n\nCoverage Criteria\n\nSection I - Sacroiliac joint injection (27096)\nAn injection is medically necessary when ALL of the following are documented:\n  A. Buttock pain for at least 3 months;\n  B. At least THREE positive provocative maneuvers from this list: distraction; compression; thigh thrust; Gaenslen's test; FABER test;\n  C. The injection will be performed under fluoroscopic guidance.\n\nSection II - Radiofrequency ablation (64625)\nRFA is medically necessary when ALL of the following are documented:\n  A. Criteria I.A and I.B above are met;\n  B. Two diagnostic blocks each with at least 75% relief.\n";

#[test]
fn sections_named_by_their_codes_apply_to_those_codes() {
    let p = parse_policy(TWO_PROCEDURES);
    let injection = p.clone().for_procedure("27096");
    assert_eq!(ids(&injection.requirements), ["A", "B", "C"]);
    assert_eq!(children(&injection.requirements.items[1]).rule, GroupRule::AtLeast(3), "an inline list after 'from this list:'");
    assert_eq!(ids(children(&injection.requirements.items[1])).len(), 5);
    // The ablation's own items, with the injection's criteria it refers to in place of the reference.
    let ablation = p.clone().for_procedure("64625");
    assert_eq!(ids(&ablation.requirements), ["A", "B", "B-2"]);
    // A code no section names keeps the policy whole.
    assert_eq!(p.clone().for_procedure("99999").requirements.items.len(), 5);
}

#[test]
fn headings_that_say_how_their_list_combines_parts_and_what_is_not_approvable() {
    // "(ANY ONE)" after a section heading groups its items; "such as:" lists examples.
    let p = parse_policy(
        "Section A - Indication (ANY ONE):\n  A1. Advanced glenohumeral arthritis on radiographs;\n  A2. Rotator cuff tear arthropathy on imaging.\n\n\
         Section B - Requirements (ALL that apply):\n  B1. Pain for at least 6 months;\n  B2. Complication confirmed by endoscopy or CT, such as:\n     1. band slippage;\n     2. stricture.\n",
    );
    assert_eq!(ids(&p.requirements), ["A1–A2", "B1", "B2"]);
    assert_eq!(children(&p.requirements.items[0]).rule, GroupRule::Any);
    assert_eq!(children(&p.requirements.items[2]).rule, GroupRule::Any, "examples after \"such as:\" are alternatives");

    // "Part 1." / "Part 2." are items; "NOT APPROVABLE" heads exclusions; a pointer to the
    // reauthorization criteria is neither.
    let p = parse_policy(
        "Covered when BOTH Part 1 and Part 2 are met.\n\nPart 1. A clinically palpable varicocele on examination by a urologist.\n\n\
         Part 2. ANY ONE of the following:\n  (A) Infertility for at least 12 months;\n  (B) Scrotal pain for at least 3 months.\n\n\
         NOT APPROVABLE\n  - Use in combination with another biologic.\n  - Treatment of acute bronchospasm.\n\nReauthorization criteria are published separately.\n",
    );
    assert_eq!(ids(&p.requirements), ["1", "2"]);
    assert_eq!(children(&p.requirements.items[1]).rule, GroupRule::Any);
    assert_eq!(exclusion_contents(&p), ["Use in combination with another biologic.", "Treatment of acute bronchospasm."]);
}

#[test]
fn a_list_for_some_indications_only_is_gated_and_items_naming_codes_are_sections() {
    let p = parse_policy(
        "I. The primary procedure is documented.\n\nII. ANY ONE of the following indications:\n   A. Weight regain with a BMI of 35 or more; OR\n   B. Severe reflux after sleeve gastrectomy.\n\n\
         III. For indication II.A only, ALL of the following:\n   1. A supervised nutrition program of at least 3 months;\n   2. A psychological evaluation within 12 months.\n",
    );
    let gated = p.requirements.items.iter().find(|c| c.applies_when).expect("a gated list");
    assert_eq!(gated.content, "For indication II.A only");
    assert_eq!(ids(children(gated)), ["1", "2"]);

    // "(a) Trial stimulation, 64561 - ALL of …" and "(b) Permanent implantation, 64581 - …":
    // each code gets its own item; "Criteria (a)(1) through (a)(2) were met" brings (a) back.
    let text = "Procedure codes: 64561, 64581\n\n(a) Trial (percutaneous test) stimulation, 64561 - ALL of the following:\n    (1) Fecal incontinence for more than 6 months;\n    (2) A bowel diary of at least 14 days.\n\n\
                (b) Permanent implantation, 64581 - ALL of the following:\n    (1) Criteria (a)(1) through (a)(2) were met before the trial; AND\n    (2) The trial achieved a 50% or greater reduction in episodes.\n";
    let trial = parse_policy(text).for_procedure("64561");
    assert_eq!(ids(&trial.requirements), ["a"]);
    let permanent = parse_policy(text).for_procedure("64581");
    assert_eq!(ids(&permanent.requirements), ["b", "a"]);
    assert_eq!(ids(children(&permanent.requirements.items[0])), ["b2"], "the reference is replaced by what it names");
}

#[test]
fn a_sentence_about_a_later_request_is_not_part_of_this_one() {
    let p = parse_policy("Criteria (ALL):\n1. Pain for at least 3 months.\n2. The ablation will be performed under imaging guidance. Repeat RFA on the same side requires that at least 6 months have passed.\n");
    assert_eq!(p.requirements.items[1].content, "The ablation will be performed under imaging guidance.");
}
