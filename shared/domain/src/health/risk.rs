//! The breast-cancer risk assessment (API.md: `GET /patients/{id}/risk-assessment`): the markers
//! a patient's record shows, sorted into the product seed's marker lists, the overall risk, what
//! to do and how soon, the stage, and the stage's tests with whether each is up to date.
//!
//! **Markers.** The product seed's marker lists are the source, and where tier 2's level for a
//! mention differs from them the seed list wins:
//! - high: new hard lump, bloody nipple discharge, skin dimpling / peau d'orange, rapidly growing
//!   mass, new nipple retraction, strong family history, known BRCA mutation, prior chest
//!   radiation, prior breast cancer;
//! - medium: localized breast pain, second-degree family history, dense breasts, hormonal risk
//!   factors, prior benign breast disease;
//! - low: no lump, no skin/nipple changes, cyclical pain only, no family history, screening up to
//!   date.
//!
//! So atypical hyperplasia (High in tier 2) is "prior benign breast disease", medium; any chest
//! radiation (tier 2 grades it Medium from age 30) and any hormonal factor (tier 2 grades most Low)
//! count as the seed lists them. Non-proliferative benign disease (cysts, fibroadenoma), fatty or
//! scattered density (BI-RADS A/B) and a third-degree relative are on none of the lists and are not
//! markers. Four things tier 2 finds are on none of the lists but must not be lost, so they keep
//! tier 2's level: a suspicious imaging finding (BI-RADS 4–5, a mass on imaging, architectural
//! distortion, suspicious calcifications; high), a family history whose relative's degree is not
//! stated, nipple discharge that is not bloody, and imaging that needs follow-up (BI-RADS 0 or 3, a
//! developing asymmetry, axillary adenopathy; each medium). A gap in screening is not a marker: it
//! shows as a missing test.
//!
//! **Sources.** The onboarding questionnaire (source "Onboarding questionnaire", id
//! "questionnaire", dated the day the answers were last given) and every indexed document's tags
//! (source "<file name> (<type>)", id the document's id, dated by the mention's own date — a
//! historical mention keeps its own, "lumpectomy 2015" — else the document's date).
//!
//! **One per indicator.** Each seed indicator is listed once: the most recent mention (an undated
//! one is oldest), a document before the questionnaire on the same day, the first found after
//! that. A low "no X" is dropped when a high or medium marker of the same kind ("No lump" and
//! "New hard lump") is dated the same day or later, or either is undated: a newer exam that finds
//! nothing stands beside an older lump, never the other way round.
//!
//! **Overall, what to do, how soon.** HIGH with any high marker, else MEDIUM with any medium, else
//! LOW. A high *finding* (a symptom or suspicious imaging) is urgent: a breast specialist's exam
//! and diagnostic imaging within two weeks, the NHS two-week-wait referral for suspected breast
//! cancer (NICE NG12). HIGH from risk factors alone (a mutation, family history, radiation, a
//! prior cancer) is not a suspected cancer: a high-risk or survivorship plan, soon. MEDIUM: discuss
//! supplemental screening and risk reduction, soon. LOW: routine screening.
//!
//! **Stage and tests.** Stage 1 is low risk, 2 medium or high, 3 a breast-cancer patient (the
//! questionnaire's prior breast cancer, or a prior-cancer marker, BI-RADS 6 included). See
//! [`recommended_tests`] for the table, its sources and each test's interval. A test is `present`
//! when a document's tests or a questionnaire date show it done within its interval as of today,
//! with `last_date` the latest such date; otherwise `missing`, with the latest older date if any.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::health::document::DocumentType;
use crate::health::evidence::{DocumentEvidence, PatientRecord};
use crate::health::questionnaire::{Answer, TEST_GROUPS};
use crate::health::tagging::{MarkerMention, RiskLevel, group, marker};

/// The rules' version: bump when a rule changes, so a stored assessment says which rules made it.
pub const RULES_VERSION: &str = "risk-rules/1";

/// The `source` and `source_id` of a questionnaire marker.
pub const QUESTIONNAIRE_SOURCE: &str = "Onboarding questionnaire";
pub const QUESTIONNAIRE_ID: &str = "questionnaire";

/// The overall risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum OverallRisk {
    High,
    Medium,
    Low,
}

/// How soon to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Within two weeks.
    Urgent,
    /// At the next appointment, within weeks.
    Soon,
    /// At the usual screening interval.
    Routine,
}

/// Whether a recommended test is up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Present,
    Missing,
}

/// One marker as the assessment lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskIndicator {
    /// The seed's indicator, with what the source says when it adds to it ("Prior benign breast
    /// disease: atypical ductal hyperplasia (ADH)").
    pub indicator: String,
    pub detected_date: Option<NaiveDate>,
    pub source: String,
    pub source_id: String,
}

/// The markers by level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskCategories {
    pub high_risk: Vec<RiskIndicator>,
    pub medium_risk: Vec<RiskIndicator>,
    pub low_risk: Vec<RiskIndicator>,
}

/// A test the stage recommends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendedTest {
    pub test: String,
    /// The stage whose table lists it.
    pub stage: u8,
    pub status: TestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<NaiveDate>,
}

/// The assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskAssessment {
    pub overall_risk: OverallRisk,
    pub risk_categories: RiskCategories,
    pub recommendation: String,
    pub urgency: Urgency,
    /// 1 low risk, 2 medium or high risk, 3 a breast-cancer patient.
    pub stage: u8,
    pub recommended_tests: Vec<RecommendedTest>,
    /// [`RULES_VERSION`].
    pub rules_version: String,
}

// ---------------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------------

/// An indicator of the seed's lists (and the four kept beyond them, see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NewLump,
    BloodyDischarge,
    SkinChanges,
    GrowingMass,
    NippleRetraction,
    StrongFamilyHistory,
    KnownMutation,
    ChestRadiation,
    PriorBreastCancer,
    SuspiciousImaging,
    LocalizedPain,
    SecondDegreeFamilyHistory,
    FamilyHistoryDegreeNotStated,
    DenseBreasts,
    HormonalFactors,
    BenignBreastDisease,
    NippleDischarge,
    ImagingFollowUp,
    NoLump,
    NoSkinOrNippleChanges,
    CyclicalPainOnly,
    NoFamilyHistory,
    ScreeningUpToDate,
}

use Kind::*;

impl Kind {
    fn label(self) -> &'static str {
        match self {
            NewLump => "New hard lump",
            BloodyDischarge => "Bloody nipple discharge",
            SkinChanges => "Skin dimpling or peau d'orange",
            GrowingMass => "Rapidly growing mass",
            NippleRetraction => "New nipple retraction",
            StrongFamilyHistory => "Strong family history",
            KnownMutation => "Known BRCA or other high-risk gene mutation",
            ChestRadiation => "Prior chest radiation",
            PriorBreastCancer => "Prior breast cancer",
            SuspiciousImaging => "Suspicious imaging finding",
            LocalizedPain => "Localized breast pain",
            SecondDegreeFamilyHistory => "Second-degree family history",
            FamilyHistoryDegreeNotStated => "Family history, relative's degree not stated",
            DenseBreasts => "Dense breasts",
            HormonalFactors => "Hormonal risk factors",
            BenignBreastDisease => "Prior benign breast disease",
            NippleDischarge => "Nipple discharge, not bloody",
            ImagingFollowUp => "Imaging that needs follow-up",
            NoLump => "No lump",
            NoSkinOrNippleChanges => "No skin or nipple changes",
            CyclicalPainOnly => "Cyclical pain only",
            NoFamilyHistory => "No family history",
            ScreeningUpToDate => "Screening up to date",
        }
    }

    fn level(self) -> RiskLevel {
        match self {
            NewLump | BloodyDischarge | SkinChanges | GrowingMass | NippleRetraction | StrongFamilyHistory
            | KnownMutation | ChestRadiation | PriorBreastCancer | SuspiciousImaging => RiskLevel::High,
            LocalizedPain | SecondDegreeFamilyHistory | FamilyHistoryDegreeNotStated | DenseBreasts | HormonalFactors
            | BenignBreastDisease | NippleDischarge | ImagingFollowUp => RiskLevel::Medium,
            NoLump | NoSkinOrNippleChanges | CyclicalPainOnly | NoFamilyHistory | ScreeningUpToDate => RiskLevel::Low,
        }
    }

    /// A finding (a symptom or suspicious imaging), as opposed to a risk factor.
    fn is_finding(self) -> bool {
        matches!(self, NewLump | BloodyDischarge | SkinChanges | GrowingMass | NippleRetraction | SuspiciousImaging)
    }

    /// The high or medium kinds a low "no X" contradicts.
    fn contradicted_by(self) -> &'static [Kind] {
        match self {
            NoLump => &[NewLump, GrowingMass],
            NoSkinOrNippleChanges => &[SkinChanges, NippleRetraction, BloodyDischarge, NippleDischarge],
            CyclicalPainOnly => &[LocalizedPain],
            NoFamilyHistory => &[StrongFamilyHistory, SecondDegreeFamilyHistory, FamilyHistoryDegreeNotStated],
            _ => &[],
        }
    }
}

/// A marker before the list is settled.
#[derive(Debug, Clone)]
struct Found {
    kind: Kind,
    detail: Option<String>,
    date: Option<NaiveDate>,
    source: String,
    source_id: String,
    from_document: bool,
}

impl Found {
    fn indicator(&self) -> RiskIndicator {
        let label = self.kind.label();
        let indicator = match self.detail.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(detail) if !detail.eq_ignore_ascii_case(label) => format!("{label}: {}", lower_first(detail)),
            _ => label.to_string(),
        };
        RiskIndicator { indicator, detected_date: self.date, source: self.source.clone(), source_id: self.source_id.clone() }
    }

    /// The order "most recent" takes: by date (undated oldest), then a document first.
    fn recency(&self) -> (Option<NaiveDate>, bool) {
        (self.date, self.from_document)
    }
}

/// "Atypical ductal hyperplasia (ADH)" → "atypical ductal hyperplasia (ADH)"; an acronym
/// ("BRCA1 …") stays as it is.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a.to_lowercase().chain(text.chars().skip(1)).collect(),
        _ => text.to_string(),
    }
}

/// The seed's indicator for one tier-2 mention, and the detail it keeps; `None` for what is on
/// none of the lists.
fn kind_of(mention: &MarkerMention) -> Option<(Kind, Option<String>)> {
    let text = mention.indicator.as_str();
    let detail = Some(text.to_string());
    let kind = match mention.marker {
        marker::SUSPICIOUS_FINDING => match text {
            "Palpable breast lump" => return Some((NewLump, None)),
            "Rapidly growing breast mass" => return Some((GrowingMass, None)),
            "Bloody nipple discharge" => return Some((BloodyDischarge, None)),
            "Breast skin changes" => return Some((SkinChanges, None)),
            "Nipple retraction" | "New nipple inversion" => NippleRetraction,
            "Nipple discharge" => return Some((NippleDischarge, None)),
            "Developing asymmetry" | "Axillary lymphadenopathy" => ImagingFollowUp,
            _ if mention.level == RiskLevel::High => SuspiciousImaging,
            _ => ImagingFollowUp,
        },
        marker::FAMILY_HISTORY => match mention.level {
            RiskLevel::High => StrongFamilyHistory,
            RiskLevel::Medium if text.starts_with("Second-degree") => SecondDegreeFamilyHistory,
            RiskLevel::Medium => FamilyHistoryDegreeNotStated,
            RiskLevel::Low => return None,
        },
        marker::GENETIC_MUTATION => KnownMutation,
        marker::CHEST_RADIATION => ChestRadiation,
        marker::PRIOR_BREAST_CANCER => PriorBreastCancer,
        marker::BENIGN_BREAST_DISEASE if mention.level != RiskLevel::Low => BenignBreastDisease,
        marker::HORMONAL_FACTORS => HormonalFactors,
        marker::BREAST_DENSITY if mention.level != RiskLevel::Low => DenseBreasts,
        marker::SCREENING_HISTORY if mention.level == RiskLevel::Medium && text.contains("BI-RADS") => ImagingFollowUp,
        marker::BREAST_PAIN if mention.level == RiskLevel::Medium => return Some((LocalizedPain, None)),
        marker::BREAST_PAIN => return Some((CyclicalPainOnly, None)),
        marker::NO_SUSPICIOUS_FINDING if text.starts_with("No breast lump") => return Some((NoLump, None)),
        marker::NO_SUSPICIOUS_FINDING => {
            let named = text.split_once("(no ").map(|(_, rest)| rest.trim_end_matches(')').to_string());
            return Some((NoSkinOrNippleChanges, named.map(|n| format!("no {n}"))));
        }
        _ => return None,
    };
    Some((kind, detail))
}

fn from_document(evidence: &DocumentEvidence<'_>, out: &mut Vec<Found>) {
    let tags = evidence.tags();
    let (source, source_id) = (evidence.source(), evidence.document.document_id.to_string());
    for mention in &tags.markers {
        if let Some((kind, detail)) = kind_of(mention) {
            out.push(Found {
                kind,
                detail,
                date: mention.date.or_else(|| Some(evidence.date())),
                source: source.clone(),
                source_id: source_id.clone(),
                from_document: true,
            });
        }
    }
}

fn choice<'a>(record: &'a PatientRecord<'_>, id: &str) -> Option<&'a str> {
    record.answers.get(id).and_then(Answer::as_choice)
}

fn yes(record: &PatientRecord<'_>, id: &str) -> bool {
    record.answers.get(id).and_then(Answer::as_bool) == Some(true)
}

/// The questionnaire's markers, each kind once, its details joined.
fn from_questionnaire(record: &PatientRecord<'_>, out: &mut Vec<Found>) {
    let mut push = |kind: Kind, details: Vec<&str>| {
        out.push(Found {
            kind,
            detail: (!details.is_empty()).then(|| details.join("; ")),
            date: Some(record.answered_on),
            source: QUESTIONNAIRE_SOURCE.to_string(),
            source_id: QUESTIONNAIRE_ID.to_string(),
            from_document: false,
        });
    };
    let (breast, ovarian) = (choice(record, "family_history_breast_cancer"), choice(record, "family_history_ovarian_cancer"));
    let mut strong = Vec::new();
    match breast {
        Some("first_degree") => strong.push("a first-degree relative with breast cancer"),
        Some("multiple_first_degree") => strong.push("two or more first-degree relatives with breast cancer"),
        _ => {}
    }
    if matches!(ovarian, Some("first_degree" | "multiple_first_degree")) {
        strong.push("a first-degree relative with ovarian cancer");
    }
    if yes(record, "family_history_early_onset") {
        strong.push("a relative diagnosed before 50 or a male relative");
    }
    if !strong.is_empty() {
        push(StrongFamilyHistory, strong);
    }
    let mut second = Vec::new();
    if breast == Some("second_degree") {
        second.push("breast cancer");
    }
    if ovarian == Some("second_degree") {
        second.push("ovarian cancer");
    }
    if !second.is_empty() {
        push(SecondDegreeFamilyHistory, second);
    }
    if breast == Some("none") && ovarian == Some("none") && !yes(record, "family_history_early_onset") {
        push(NoFamilyHistory, vec![]);
    }
    match choice(record, "genetic_mutation") {
        Some("brca1") => push(KnownMutation, vec!["BRCA1"]),
        Some("brca2") => push(KnownMutation, vec!["BRCA2"]),
        Some("other_high_risk") => push(KnownMutation, vec!["another high-risk gene"]),
        _ => {}
    }
    if yes(record, "chest_radiation_before_30") {
        push(ChestRadiation, vec!["before age 30"]);
    }
    if yes(record, "prior_breast_cancer") {
        push(PriorBreastCancer, vec![]);
    }
    match choice(record, "benign_breast_disease") {
        Some("atypical_hyperplasia") => push(BenignBreastDisease, vec!["atypical hyperplasia (ADH or ALH)"]),
        Some("lcis") => push(BenignBreastDisease, vec!["lobular carcinoma in situ (LCIS)"]),
        Some("proliferative_without_atypia") => push(BenignBreastDisease, vec!["proliferative disease without atypia"]),
        _ => {}
    }
    match choice(record, "breast_density") {
        Some("c_heterogeneously_dense") => push(DenseBreasts, vec!["heterogeneously dense (BI-RADS C)"]),
        Some("d_extremely_dense") => push(DenseBreasts, vec!["extremely dense (BI-RADS D)"]),
        _ => {}
    }
    // The Gail and Tyrer-Cuzick models' reproductive factors, at the questionnaire's thresholds.
    let number = |id: &str| record.answers.get(id).and_then(Answer::as_number);
    let mut hormonal: Vec<String> = Vec::new();
    if let Some(age) = number("age_at_first_period").filter(|a| *a <= 11.0) {
        hormonal.push(format!("first period at {age}"));
    }
    if let Some(age) = number("age_at_menopause").filter(|a| *a >= 55.0) {
        hormonal.push(format!("menopause at {age}"));
    }
    match choice(record, "first_live_birth") {
        Some("none") => hormonal.push("no live births".to_string()),
        Some("30_or_older") => hormonal.push("first birth at 30 or older".to_string()),
        _ => {}
    }
    if matches!(choice(record, "hormone_therapy"), Some("current" | "current_5_years_or_more")) {
        hormonal.push("current menopausal hormone therapy".to_string());
    }
    if !hormonal.is_empty() {
        push(HormonalFactors, hormonal.iter().map(String::as_str).collect());
    }
}

/// One per kind (the most recent), lows their contradiction drops, in the order found.
fn settle(found: Vec<Found>) -> Vec<Found> {
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        match kept.iter_mut().find(|k| k.kind == f.kind) {
            Some(k) if f.recency() > k.recency() => *k = f,
            Some(_) => {}
            None => kept.push(f),
        }
    }
    let contradicted = |low: &Found| {
        kept.iter().any(|other| {
            low.kind.contradicted_by().contains(&other.kind)
                && match (other.date, low.date) {
                    (Some(o), Some(l)) => o >= l,
                    _ => true,
                }
        })
    };
    let drop: Vec<bool> = kept.iter().map(contradicted).collect();
    kept.into_iter().zip(drop).filter(|(_, d)| !d).map(|(f, _)| f).collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Where a test's dates come from.
#[derive(Debug, Clone, Copy)]
enum Evidence {
    /// A document's mammogram (not an ultrasound or MRI tagged under the breast-imaging group), or
    /// the questionnaire's last mammogram.
    Mammogram,
    /// A mammogram or a breast ultrasound.
    DiagnosticImaging,
    /// Tests of a tagging group, and the questionnaire's date for it, if it asks one.
    Group(&'static str),
    /// Genetic testing, or a mutation the record knows of, or the questionnaire's answer that the
    /// patient was tested.
    Genetic,
    /// A clinical breast exam, a consultation note or letter, the questionnaire's last doctor visit.
    Visit,
}

/// How long a test stays up to date.
#[derive(Debug, Clone, Copy)]
enum Interval {
    Months(u32),
    /// Done once (genetic counselling and testing).
    Once,
    /// Done on or after the latest high or medium finding, else within 12 months.
    AfterFinding,
}

struct TestRule {
    test: &'static str,
    stage: u8,
    evidence: Evidence,
    interval: Interval,
}

fn rule(test: &'static str, stage: u8, evidence: Evidence, interval: Interval) -> TestRule {
    TestRule { test, stage, evidence, interval }
}

/// Names that make a breast-imaging test a mammogram, OCR look-alikes included.
fn names_a_mammogram(quote: &str) -> bool {
    let lower = quote.to_lowercase();
    ["mammo", "rnammo", "mamm0", "tomosynth"].iter().any(|w| lower.contains(w))
}

/// Every date the record gives for `evidence`, up to `today`.
fn dates_of(record: &PatientRecord<'_>, evidence: Evidence, today: NaiveDate) -> Vec<NaiveDate> {
    let answer = |id: &str| record.answers.get(id).and_then(Answer::as_date);
    let mut dates: Vec<NaiveDate> = Vec::new();
    for document in &record.documents {
        let tags = document.tags();
        for t in &tags.tests {
            let counts = match evidence {
                Evidence::Mammogram => t.group == group::MAMMOGRAM && names_a_mammogram(&t.quote),
                Evidence::DiagnosticImaging => {
                    (t.group == group::MAMMOGRAM && names_a_mammogram(&t.quote)) || t.group == group::BREAST_ULTRASOUND
                }
                Evidence::Group(g) => t.group == g,
                Evidence::Genetic => t.group == group::GENETIC_TESTING,
                Evidence::Visit => t.group == group::CLINICAL_BREAST_EXAM,
            };
            if counts {
                dates.extend(t.date);
            }
        }
        match evidence {
            Evidence::Genetic => {
                dates.extend(tags.markers.iter().filter(|m| m.marker == marker::GENETIC_MUTATION).map(|m| m.date.unwrap_or(document.date())))
            }
            Evidence::Visit
                if matches!(document.document.document_type, DocumentType::ConsultationNote | DocumentType::SpecialistLetter) =>
            {
                dates.push(document.date())
            }
            _ => {}
        }
    }
    match evidence {
        Evidence::Mammogram | Evidence::DiagnosticImaging => dates.extend(answer("last_mammogram")),
        Evidence::Group(g) => {
            let question = group::ALL.iter().find(|(id, _)| *id == g).map(|(_, q)| *q);
            dates.extend(question.and_then(answer));
        }
        Evidence::Genetic => {
            if matches!(choice(record, "genetic_mutation"), Some("none_found" | "brca1" | "brca2" | "other_high_risk")) {
                dates.push(record.answered_on);
            }
        }
        Evidence::Visit => dates.extend(answer("last_doctor_visit")),
    }
    dates.retain(|d| *d <= today);
    dates
}

/// Whether `last` is within `months` of `today`.
fn within(last: NaiveDate, months: u32, today: NaiveDate) -> bool {
    last.checked_add_months(Months::new(months)).is_none_or(|until| until >= today)
}

/// The stage's tests.
///
/// | test | stage | when | interval | source |
/// |---|---|---|---|---|
/// | Screening mammogram | 1 | stage 1, age 40 or over | 24 months | USPSTF 2024: biennial mammography from 40 to 74 (from 75 the evidence is insufficient; it stays listed for the doctor to weigh) |
/// | Lipid panel, glucose or HbA1c, kidney function, liver function, complete blood count, thyroid function, vitamin levels | 1 | always | 12 months | the questionnaire's stage-1 test groups (`TEST_GROUPS`), read yearly as `regular_health_tests` reads them |
/// | Annual mammogram | 2 | stage 2 and 3 | 12 months | NCCN Breast Cancer Screening and Diagnosis (increased risk: annual from 30–40); ASCO/ACS survivorship guideline (Runowicz 2016): annual mammogram of the remaining breast tissue |
/// | Clinical breast exam | 2 | stage 2 | 12 months | NCCN: every 6–12 months for women at increased risk |
/// | Diagnostic mammogram or breast ultrasound | 2 | stage 2, and stage 3 with a finding | on or after the latest high or medium finding, else 12 months | ACR Appropriateness Criteria (palpable mass, breast pain, nipple discharge); ACR supplemental ultrasound for dense breasts |
/// | Breast MRI | 2 | a known mutation, strong family history or chest radiation; at stage 3 also dense breasts | 12 months | ACR 2023 and ACS: annual MRI at ≥ 20 % lifetime risk; ACR 2023 for survivors with dense breasts |
/// | Genetic counselling and testing | 2 | any family history or a known mutation (stage 2 or 3) | once | USPSTF 2019 BRCA-related cancer: risk assessment, counselling and testing for a positive family history; NCCN genetic/familial high-risk assessment |
/// | Follow-up history and physical exam | 3 | stage 3 | 12 months | ASCO/ACS survivorship: every 3–6 months for 3 years, 6–12 months to year 5, then yearly (the yearly floor is checked) |
/// | Bone density scan (DEXA) | 3 | stage 3 and the record names an aromatase inhibitor | 24 months | ASCO/ACS survivorship and ASCO bone health: baseline and every 2 years on an aromatase inhibitor |
///
/// Tumour markers and routine imaging for spread are not listed: ASCO advises against them in a
/// survivor without symptoms.
fn recommended_tests(record: &PatientRecord<'_>, kinds: &[&Found], stage: u8, today: NaiveDate) -> Vec<RecommendedTest> {
    let has = |k: Kind| kinds.iter().any(|f| f.kind == k);
    let age = record.patient.demographics.age_on(today);
    let mut rules: Vec<TestRule> = Vec::new();
    if stage == 1 && age >= 40 {
        rules.push(rule("Screening mammogram", 1, Evidence::Mammogram, Interval::Months(24)));
    }
    for (id, name) in TEST_GROUPS {
        let tagged = group::ALL.iter().find(|(_, q)| *q == id).map_or(group::LIPIDS, |(g, _)| *g);
        let test = match name {
            "lipids" => "Lipid panel",
            "glucose/HbA1c" => "Blood glucose or HbA1c",
            "kidney" => "Kidney function",
            "liver" => "Liver function",
            "blood count" => "Complete blood count",
            "thyroid" => "Thyroid function (TSH)",
            _ => "Vitamin levels (vitamin D, B12)",
        };
        rules.push(rule(test, 1, Evidence::Group(tagged), Interval::Months(12)));
    }
    let finding = kinds.iter().any(|f| f.kind.is_finding() || matches!(f.kind, LocalizedPain | NippleDischarge | ImagingFollowUp));
    if stage >= 2 {
        rules.push(rule("Annual mammogram", 2, Evidence::Mammogram, Interval::Months(12)));
        if stage == 2 {
            rules.push(rule("Clinical breast exam", 2, Evidence::Group(group::CLINICAL_BREAST_EXAM), Interval::Months(12)));
        }
        if stage == 2 || finding {
            rules.push(rule("Diagnostic mammogram or breast ultrasound", 2, Evidence::DiagnosticImaging, Interval::AfterFinding));
        }
        if has(KnownMutation) || has(StrongFamilyHistory) || has(ChestRadiation) || (stage == 3 && has(DenseBreasts)) {
            rules.push(rule("Breast MRI", 2, Evidence::Group(group::BREAST_MRI), Interval::Months(12)));
        }
        let family = has(StrongFamilyHistory) || has(SecondDegreeFamilyHistory) || has(FamilyHistoryDegreeNotStated);
        if family || has(KnownMutation) {
            rules.push(rule("Genetic counselling and testing", 2, Evidence::Genetic, Interval::Once));
        }
    }
    if stage == 3 {
        rules.push(rule("Follow-up history and physical exam", 3, Evidence::Visit, Interval::Months(12)));
        if names_aromatase_inhibitor(record) {
            rules.push(rule("Bone density scan (DEXA)", 3, Evidence::Group(group::BONE_DENSITY), Interval::Months(24)));
        }
    }
    let latest_finding = kinds
        .iter()
        .filter(|f| f.kind.level() != RiskLevel::Low && (f.kind.is_finding() || matches!(f.kind, LocalizedPain | NippleDischarge | ImagingFollowUp)))
        .filter_map(|f| f.date)
        .max();
    rules
        .into_iter()
        .map(|r| {
            let last_date = dates_of(record, r.evidence, today).into_iter().max();
            let present = last_date.is_some_and(|last| match r.interval {
                Interval::Months(m) => within(last, m, today),
                Interval::Once => true,
                Interval::AfterFinding => match latest_finding {
                    Some(finding) => last >= finding,
                    None => within(last, 12, today),
                },
            });
            RecommendedTest {
                test: r.test.to_string(),
                stage: r.stage,
                status: if present { TestStatus::Present } else { TestStatus::Missing },
                last_date,
            }
        })
        .collect()
}

/// Aromatase inhibitors, by name: what makes a survivor's bone density a recommended test.
const AROMATASE_INHIBITORS: &[&str] = &["aromatase inhibitor", "letrozole", "anastrozole", "exemestane", "femara", "arimidex", "aromasin"];

/// Whether the record names an aromatase inhibitor: a loaded text, or a quote of a marker.
fn names_aromatase_inhibitor(record: &PatientRecord<'_>) -> bool {
    record.documents.iter().any(|d| {
        let quotes = d.tags().markers.into_iter().map(|m| m.quote).collect::<Vec<_>>().join(" ");
        let mut text = d.text.unwrap_or("").to_lowercase();
        text.push(' ');
        text.push_str(&quotes.to_lowercase());
        AROMATASE_INHIBITORS.iter().any(|n| text.contains(n))
    })
}

// ---------------------------------------------------------------------------------------------
// The assessment
// ---------------------------------------------------------------------------------------------

/// Assesses `record` as of `today`. Pure: the same record and day give the same assessment.
pub fn assess(record: &PatientRecord<'_>, today: NaiveDate) -> RiskAssessment {
    let mut found: Vec<Found> = Vec::new();
    from_questionnaire(record, &mut found);
    for document in &record.documents {
        from_document(document, &mut found);
    }
    let mut kept = settle(found);
    let any = |level: RiskLevel| kept.iter().any(|f| f.kind.level() == level);
    let overall = if any(RiskLevel::High) {
        OverallRisk::High
    } else if any(RiskLevel::Medium) {
        OverallRisk::Medium
    } else {
        OverallRisk::Low
    };
    let stage = if kept.iter().any(|f| f.kind == PriorBreastCancer) {
        3
    } else if overall == OverallRisk::Low {
        1
    } else {
        2
    };
    let refs: Vec<&Found> = kept.iter().collect();
    let recommended_tests = recommended_tests(record, &refs, stage, today);

    // "Screening up to date": the stage's mammogram is present.
    let mammogram = recommended_tests.iter().find(|t| matches!(t.test.as_str(), "Screening mammogram" | "Annual mammogram"));
    if let Some(RecommendedTest { status: TestStatus::Present, last_date, .. }) = mammogram {
        let document = record.documents.iter().rev().find(|d| {
            d.tags().tests.iter().any(|t| t.group == group::MAMMOGRAM && t.date == *last_date && names_a_mammogram(&t.quote))
        });
        let (source, source_id, date) = match document {
            Some(d) => (d.source(), d.document.document_id.to_string(), *last_date),
            None => (QUESTIONNAIRE_SOURCE.to_string(), QUESTIONNAIRE_ID.to_string(), Some(record.answered_on)),
        };
        let detail = last_date.map(|d| format!("last mammogram {d}"));
        kept.push(Found { kind: ScreeningUpToDate, detail, date, source, source_id, from_document: document.is_some() });
    }

    let high_finding = kept.iter().any(|f| f.kind.is_finding());
    let (recommendation, urgency) = match overall {
        OverallRisk::High if high_finding => (
            "See a breast specialist for a clinical breast exam and diagnostic imaging within two weeks",
            Urgency::Urgent,
        ),
        OverallRisk::High if stage == 3 => (
            "Keep to your survivorship follow-up with your breast cancer team: regular visits and a yearly mammogram",
            Urgency::Soon,
        ),
        OverallRisk::High => (
            "See a breast specialist or high-risk clinic about enhanced screening (yearly mammogram and MRI) and genetic counselling",
            Urgency::Soon,
        ),
        OverallRisk::Medium => ("Discuss supplemental screening and risk-reduction with your doctor", Urgency::Soon),
        OverallRisk::Low => ("Continue routine screening", Urgency::Routine),
    };

    let mut categories = RiskCategories::default();
    for f in &kept {
        let list = match f.kind.level() {
            RiskLevel::High => &mut categories.high_risk,
            RiskLevel::Medium => &mut categories.medium_risk,
            RiskLevel::Low => &mut categories.low_risk,
        };
        list.push(f.indicator());
    }
    RiskAssessment {
        overall_risk: overall,
        risk_categories: categories,
        recommendation: recommendation.to_string(),
        urgency,
        stage,
        recommended_tests,
        rules_version: RULES_VERSION.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::health::document::{DocumentStatus, Enrichment, PatientDocument, VisionStatus};
    use crate::health::patient::{Demographics, Patient, Sex};
    use crate::health::questionnaire::Answers;
    use crate::health::tagging::tag;
    use crate::ids::{DocumentId, JobId, PatientId};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const TODAY: &str = "2026-06-01";

    fn patient(born: &str, answers: serde_json::Value) -> Patient {
        let answers: Answers = serde_json::from_value(answers).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 5, 20, 9, 0, 0).unwrap();
        Patient {
            patient_id: PatientId::parse("PAT-1").unwrap(),
            demographics: Demographics {
                given_name: "Ana".into(),
                family_name: "Doe".into(),
                date_of_birth: day(born),
                sex: Sex::Female,
                email: None,
                phone: None,
                postal_code: None,
                preferred_language: None,
            },
            answers,
            username: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    /// An indexed document tagged by tier 2 over `text`.
    fn document(n: u32, kind: DocumentType, date: &str, text: &str) -> PatientDocument {
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        PatientDocument {
            document_id: DocumentId::parse(&format!("HD-{n}")).unwrap(),
            patient_id: PatientId::parse("PAT-1").unwrap(),
            document_type: kind,
            document_date: Some(day(date)),
            file_name: format!("note-{n}.txt"),
            content_type: Some("text/plain".into()),
            key: format!("patients/PAT-1/HD-{n}/note-{n}.txt"),
            content_hash: None,
            size: text.len() as u64,
            job_id: JobId::parse(&format!("JOB-{n}")).unwrap(),
            uploaded_by: "doctor".into(),
            status: DocumentStatus::Indexed,
            reason: None,
            tiers_done: vec![],
            extraction: None,
            enrichment: Some(Enrichment {
                vision: VisionStatus::NoImages,
                vision_note: String::new(),
                images: vec![],
                tags: tag(text, Some(day(date))),
            }),
            chunk_count: 0,
            indexed_hash: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn assess_with(patient: &Patient, documents: &[PatientDocument]) -> RiskAssessment {
        let record = PatientRecord::new(patient, documents, |_| None);
        assess(&record, day(TODAY))
    }

    fn labels(list: &[RiskIndicator]) -> Vec<&str> {
        list.iter().map(|i| i.indicator.as_str()).collect()
    }

    fn find<'a>(list: &'a [RiskIndicator], prefix: &str) -> Option<&'a RiskIndicator> {
        list.iter().find(|i| i.indicator.starts_with(prefix))
    }

    fn test<'a>(a: &'a RiskAssessment, name: &str) -> Option<&'a RecommendedTest> {
        a.recommended_tests.iter().find(|t| t.test == name)
    }

    #[test]
    fn questionnaire_answers_map_to_the_seed_lists() {
        // The product seed's marker lists: strong family history, known BRCA mutation, prior chest
        // radiation high; prior benign breast disease, dense breasts, hormonal factors medium.
        let p = patient(
            "1975-03-01",
            json!({"family_history_breast_cancer": "first_degree", "family_history_ovarian_cancer": "none",
                   "genetic_mutation": "brca2", "chest_radiation_before_30": true, "benign_breast_disease": "atypical_hyperplasia",
                   "breast_density": "d_extremely_dense", "age_at_first_period": 11, "first_live_birth": "30_or_older"}),
        );
        let a = assess_with(&p, &[]);
        assert_eq!(a.overall_risk, OverallRisk::High);
        assert_eq!(
            labels(&a.risk_categories.high_risk),
            [
                "Strong family history: a first-degree relative with breast cancer",
                "Known BRCA or other high-risk gene mutation: BRCA2",
                "Prior chest radiation: before age 30"
            ]
        );
        assert_eq!(
            labels(&a.risk_categories.medium_risk),
            [
                "Prior benign breast disease: atypical hyperplasia (ADH or ALH)",
                "Dense breasts: extremely dense (BI-RADS D)",
                "Hormonal risk factors: first period at 11; first birth at 30 or older"
            ]
        );
        let first = &a.risk_categories.high_risk[0];
        assert_eq!((first.source.as_str(), first.source_id.as_str()), (QUESTIONNAIRE_SOURCE, QUESTIONNAIRE_ID));
        assert_eq!(first.detected_date, Some(day("2026-05-20")));
        // No family history only when both breast and ovarian are "none"; second degree is medium.
        let none = assess_with(&patient("1980-01-01", json!({"family_history_breast_cancer": "none", "family_history_ovarian_cancer": "none"})), &[]);
        assert_eq!(labels(&none.risk_categories.low_risk), ["No family history"]);
        let second = assess_with(&patient("1980-01-01", json!({"family_history_breast_cancer": "second_degree"})), &[]);
        assert_eq!(labels(&second.risk_categories.medium_risk), ["Second-degree family history: breast cancer"]);
        assert_eq!(second.overall_risk, OverallRisk::Medium);
    }

    #[test]
    fn overall_recommendation_urgency_and_stage_follow_the_highest_level() {
        // Seed overall rule: HIGH if any high marker, else MEDIUM if any medium, else LOW.
        let low = assess_with(&patient("1980-01-01", json!({"family_history_breast_cancer": "none", "family_history_ovarian_cancer": "none"})), &[]);
        assert_eq!((low.overall_risk, low.urgency, low.stage), (OverallRisk::Low, Urgency::Routine, 1));
        assert_eq!(low.recommendation, "Continue routine screening");
        let medium = assess_with(&patient("1980-01-01", json!({"breast_density": "c_heterogeneously_dense"})), &[]);
        assert_eq!((medium.overall_risk, medium.urgency, medium.stage), (OverallRisk::Medium, Urgency::Soon, 2));
        // A lump: the NHS two-week-wait referral for suspected breast cancer.
        let lump = [document(1, DocumentType::ConsultationNote, "2026-05-10", "New hard lump in the left breast, 2 cm, noticed 1 week ago.")];
        let high = assess_with(&patient("1980-01-01", json!({})), &lump);
        assert_eq!((high.overall_risk, high.urgency, high.stage), (OverallRisk::High, Urgency::Urgent, 2));
        assert!(high.recommendation.starts_with("See a breast specialist for a clinical breast exam and diagnostic imaging"));
        // High from a risk factor alone is not a suspected cancer.
        let brca = assess_with(&patient("1980-01-01", json!({"genetic_mutation": "brca1"})), &[]);
        assert_eq!((brca.overall_risk, brca.urgency, brca.stage), (OverallRisk::High, Urgency::Soon, 2));
        // Stage 3: a breast-cancer patient.
        let survivor = assess_with(&patient("1970-01-01", json!({"prior_breast_cancer": true})), &[]);
        assert_eq!((survivor.stage, survivor.urgency), (3, Urgency::Soon));
        let value = serde_json::to_value(&survivor).unwrap();
        assert_eq!(value["overall_risk"], json!("HIGH"));
        assert_eq!(value["urgency"], json!("soon"));
        assert_eq!(value["rules_version"], json!(RULES_VERSION));
        assert_eq!(value["recommended_tests"][0]["status"], json!("missing"));
        let back: RiskAssessment = serde_json::from_value(value).unwrap();
        assert_eq!(back, survivor);
    }

    #[test]
    fn a_consultation_note_in_clinicians_shorthand() {
        let note = "Breast clinic consult 2026-04-02\n\
                    47F referred for FHx. FHx: mother BRCA1+ (mother), dx breast ca at 44. MGM breast ca at 70.\n\
                    PMH: h/o L breast Bx 2019: ADH. s/p excision 2019.\n\
                    ROS: pt denies nipple discharge, skin changes. Focal L breast pain at 2 o'clock x 3 wks.\n\
                    Exam: no palpable lump bilaterally.\n\
                    Plan: genetics referral; diagnostic mammogram and US.";
        let docs = [document(7, DocumentType::ConsultationNote, "2026-04-02", note)];
        let a = assess_with(&patient("1979-01-01", json!({})), &docs);
        let high = &a.risk_categories.high_risk;
        // A relative's BRCA mutation is family history, not the patient's mutation.
        assert!(find(high, "Strong family history").is_some(), "{high:?}");
        assert!(find(high, "Known BRCA").is_none(), "{high:?}");
        let medium = &a.risk_categories.medium_risk;
        let benign = find(medium, "Prior benign breast disease").expect("ADH");
        assert!(benign.indicator.contains("atypical ductal hyperplasia"), "{benign:?}");
        // A historical mention keeps its own date.
        assert_eq!(benign.detected_date, Some(day("2019-01-01")), "{benign:?}");
        assert!(find(medium, "Localized breast pain").is_some(), "{medium:?}");
        assert_eq!(benign.source, "note-7.txt (consultation_note)");
        assert_eq!(benign.source_id, "HD-7");
        let low = labels(&a.risk_categories.low_risk);
        assert!(low.contains(&"No lump"), "{low:?}");
        assert!(low.iter().any(|l| l.starts_with("No skin or nipple changes")), "{low:?}");
        assert_eq!(a.stage, 2);
        assert_eq!(test(&a, "Genetic counselling and testing").map(|t| t.status), Some(TestStatus::Missing));
        assert_eq!(test(&a, "Diagnostic mammogram or breast ultrasound").map(|t| t.status), Some(TestStatus::Missing));
    }

    #[test]
    fn one_per_indicator_and_a_later_lump_drops_an_older_no_lump() {
        // Module rule: each indicator once, the most recent; a low "no X" dropped by a same-kind
        // high or medium marker dated the same day or later.
        let docs = [
            document(1, DocumentType::ConsultationNote, "2025-01-10", "Breast exam: no palpable lump. Denies nipple discharge."),
            document(2, DocumentType::ConsultationNote, "2026-03-01", "Pt reports a new hard lump, right breast, enlarging over 4 weeks."),
            document(3, DocumentType::ConsultationNote, "2026-03-01", "Mother had breast cancer at 45."),
        ];
        let p = patient("1975-01-01", json!({"family_history_breast_cancer": "first_degree"}));
        let a = assess_with(&p, &docs);
        let high = labels(&a.risk_categories.high_risk);
        assert_eq!(high.iter().filter(|l| l.starts_with("Strong family history")).count(), 1, "{high:?}");
        assert!(high.contains(&"New hard lump") && high.contains(&"Rapidly growing mass"), "{high:?}");
        let low = labels(&a.risk_categories.low_risk);
        assert!(!low.contains(&"No lump"), "{low:?}");
        assert!(low.iter().any(|l| l.starts_with("No skin or nipple changes")), "{low:?}");
        // The questionnaire (2026-05-20) is newer than the note: it is the source listed.
        let family = find(&a.risk_categories.high_risk, "Strong family history").unwrap();
        assert_eq!(family.source_id, QUESTIONNAIRE_ID);
        assert_eq!(a.urgency, Urgency::Urgent);
    }

    #[test]
    fn negated_and_hypothetical_mentions_are_not_markers() {
        // "No palpable lump" is the seed's low "no lump", never a lump; "if a lump appears, call
        // us" is neither; a templated denial negates each item; cyclical pain only is low.
        let docs = [document(
            4,
            DocumentType::ConsultationNote,
            "2026-05-02",
            "Denies: breast lump, nipple discharge, skin changes.\nPremenstrual bilateral breast tenderness only, cyclical.\n\
             If a lump appears, call us.",
        )];
        let a = assess_with(&patient("1990-01-01", json!({})), &docs);
        assert_eq!(a.overall_risk, OverallRisk::Low, "{a:?}");
        let low = labels(&a.risk_categories.low_risk);
        assert!(low.contains(&"No lump") && low.contains(&"Cyclical pain only"), "{low:?}");
        assert!(low.iter().any(|l| l.starts_with("No skin or nipple changes")), "{low:?}");
        // Under 40 at stage 1: no screening mammogram is listed (USPSTF starts at 40).
        assert!(test(&a, "Screening mammogram").is_none());
    }

    #[test]
    fn tests_are_present_within_their_interval_and_screening_is_up_to_date() {
        // Stage table: screening mammogram every 24 months (USPSTF 2024), labs every 12 months.
        let docs = [
            document(5, DocumentType::ImagingReport, "2025-02-01", "BILATERAL SCREENING MAMMOGRAM\nExam date: 02/01/2025\nIMPRESSION: Negative. BI-RADS 1."),
            document(6, DocumentType::LabReport, "2024-11-15", "Collected: 11/15/2024\nLDL 131 mg/dL\nTSH 2.1 mIU/L"),
        ];
        let p = patient("1970-01-01", json!({"last_glucose_test": "2026-01-05", "family_history_breast_cancer": "none", "family_history_ovarian_cancer": "none"}));
        let a = assess_with(&p, &docs);
        assert_eq!((a.stage, a.overall_risk), (1, OverallRisk::Low));
        let mammogram = test(&a, "Screening mammogram").unwrap();
        assert_eq!((mammogram.status, mammogram.last_date), (TestStatus::Present, Some(day("2025-02-01"))));
        let lipids = test(&a, "Lipid panel").unwrap();
        assert_eq!((lipids.status, lipids.last_date), (TestStatus::Missing, Some(day("2024-11-15"))));
        assert_eq!(test(&a, "Blood glucose or HbA1c").unwrap().status, TestStatus::Present);
        assert_eq!(test(&a, "Complete blood count").unwrap().last_date, None);
        let screening = find(&a.risk_categories.low_risk, "Screening up to date").unwrap();
        assert_eq!((screening.source_id.as_str(), screening.detected_date), ("HD-5", Some(day("2025-02-01"))));
        // At stage 2 the mammogram is yearly (NCCN): the same mammogram is then out of date.
        let p2 = patient("1970-01-01", json!({"breast_density": "d_extremely_dense"}));
        let a2 = assess_with(&p2, &docs);
        assert_eq!(test(&a2, "Annual mammogram").unwrap().status, TestStatus::Missing);
        assert!(find(&a2.risk_categories.low_risk, "Screening up to date").is_none());
        assert!(test(&a2, "Clinical breast exam").is_some() && test(&a2, "Breast MRI").is_none());
    }

    #[test]
    fn a_survivor_is_stage_three_with_survivorship_tests() {
        // ASCO/ACS survivorship: yearly mammogram, history and physical, DEXA on an aromatase
        // inhibitor; a prior-cancer marker (or BI-RADS 6) makes stage 3.
        let letter = "Oncology follow-up 02/10/2026. History of left breast cancer, s/p lumpectomy 2015 and radiation. \
                      Continues letrozole. BRCA testing 2016: negative. Mammogram 01/20/2026: BI-RADS 2.";
        let docs = [document(8, DocumentType::SpecialistLetter, "2026-02-10", letter)];
        let p = patient("1960-01-01", json!({}));
        // The letter's text is loaded: it names the aromatase inhibitor.
        let a = assess(&PatientRecord::new(&p, &docs, |_| Some(letter)), day(TODAY));
        assert_eq!(a.stage, 3, "{a:?}");
        let prior = find(&a.risk_categories.high_risk, "Prior breast cancer").unwrap();
        assert_eq!(prior.detected_date, Some(day("2015-01-01")));
        assert_eq!(test(&a, "Annual mammogram").unwrap().status, TestStatus::Present);
        assert_eq!(test(&a, "Follow-up history and physical exam").unwrap().status, TestStatus::Present);
        assert_eq!(test(&a, "Bone density scan (DEXA)").unwrap().status, TestStatus::Missing);
        assert!(test(&a, "Clinical breast exam").is_none());
        assert_eq!(a.urgency, Urgency::Soon);
    }
}
