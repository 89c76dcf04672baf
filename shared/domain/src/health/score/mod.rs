//! The health & wellness score: six components, each computed by the arithmetic below from the
//! questionnaire's answers and dated evidence in the patient's documents, and their mean.
//!
//! **Components** (0–100, whole numbers; each module says its rules and their sources):
//! - `screening_compliance` ([`screening`]) — mammogram, cervical and colorectal screening by the
//!   USPSTF's ages and intervals, against the last date the answers or documents give.
//! - `regular_health_tests` ([`health_tests`]) — the seven stage-1 test groups: each done within
//!   12 months counts.
//! - `physical_activity`, `stress_relaxation`, `healthy_nutrition` ([`habits`]) — WHO 2020
//!   activity, stress with relaxation and AASM sleep, WHO fruit and vegetables with processed food
//!   and NIAAA/CDC alcohol limits; from the answers and from what notes say ([`lifestyle`]).
//! - `follow_up_adherence` ([`follow_ups`]) — follow-ups the documents recommend against the
//!   documents that came after them, the missed visits the patient reports and the last check-up.
//!
//! **Answers and notes.** A habit a dated document states replaces the answer to the same
//! question when the document is newer than the answers (`answered_on`); otherwise the answer
//! stands. The description says which was used.
//!
//! **No data, no number.** A component with nothing to go on is `insufficient_data`, has no
//! `score`, and its description says what is missing; a figure is never guessed. Where the text
//! leaves out a figure a rule needs (a session's length, which colorectal test), the stated
//! default is named in the description.
//!
//! **Status bands**: `excellent` ≥ 85, `good` ≥ 70, `fair` ≥ 50, `needs_attention` < 50.
//!
//! **Overall**: the rounded mean of the components that have a score, with equal weights;
//! `components_with_data` says how many; none → `null`.
//!
//! **Trend** against the previous version's overall: `improving` at +3 points or more
//! ([`TREND_POINTS`]), `declining` at −3 or less, else `stable`; `new` when there is nothing to
//! compare (no previous overall, or none now).
//!
//! **Bounds.** The texts of at most [`MAX_DOCUMENT_TEXTS`] (20) documents are read, the newest first,
//! each up to [`reading::MAX_TEXT_BYTES`] (256 KB) and [`reading::MAX_SENTENCES`] (1,000) sentences; tags
//! (tier 2's dated tests) are read for every document. Descriptions carry figures and dates only,
//! never a name or a document's words.
//!
//! # Layout
//!
//! - `reading` — sentences and sections of a text, figures, dates, and a mention's stance.
//! - `lifestyle` — the habits a note states.
//! - `habits` — physical activity, stress & relaxation, nutrition.
//! - `screening` — screening compliance, and screenings named in documents.
//! - `health_tests` — regular health tests.
//! - `follow_ups` — follow-ups recommended in documents, and adherence.

mod follow_ups;
mod habits;
mod health_tests;
mod lifestyle;
mod reading;
mod screening;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::health::evidence::{DocumentEvidence, PatientRecord};

/// The rules' version, stored with every score.
pub const RULES_VERSION: &str = "score-rules/1";

/// How many points the overall must move, against the previous version, to be a trend.
pub const TREND_POINTS: i16 = 3;

/// At most this many documents' texts are read (the newest).
pub const MAX_DOCUMENT_TEXTS: usize = 20;

/// Whether the overall score rose, fell or held since the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Declining,
    Stable,
    /// Nothing to compare with.
    New,
}

/// A component's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Excellent,
    Good,
    Fair,
    NeedsAttention,
    InsufficientData,
}

impl ComponentStatus {
    /// The band of a score: excellent ≥ 85, good ≥ 70, fair ≥ 50, else needs attention.
    pub fn of(score: u8) -> Self {
        match score {
            85.. => ComponentStatus::Excellent,
            70..=84 => ComponentStatus::Good,
            50..=69 => ComponentStatus::Fair,
            _ => ComponentStatus::NeedsAttention,
        }
    }
}

/// What a component was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreSource {
    /// "Onboarding questionnaire", or a document's "<file name> (<type>)".
    pub source: String,
    /// "questionnaire", or the document's id.
    pub source_id: String,
    /// `YYYY-MM-DD`: the day the answers were given, or the document's date.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
}

/// One component of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Component {
    /// 0–100; absent when there is no data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    pub status: ComponentStatus,
    /// One sentence: the figures it was computed from, or what is missing.
    pub description: String,
    pub sources: Vec<ScoreSource>,
}

impl Component {
    /// A component computed as `score` (clamped to 0–100 and rounded).
    fn scored(score: f64, description: String, sources: Vec<ScoreSource>) -> Self {
        let score = score.clamp(0.0, 100.0).round() as u8;
        Component { score: Some(score), status: ComponentStatus::of(score), description, sources }
    }

    /// A component without data.
    fn insufficient(description: impl Into<String>) -> Self {
        Component { score: None, status: ComponentStatus::InsufficientData, description: description.into(), sources: Vec::new() }
    }
}

/// The six components, named as API.md names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Components {
    pub screening_compliance: Component,
    pub physical_activity: Component,
    pub stress_relaxation: Component,
    pub healthy_nutrition: Component,
    pub regular_health_tests: Component,
    pub follow_up_adherence: Component,
}

impl Components {
    fn all(&self) -> [&Component; 6] {
        [
            &self.screening_compliance,
            &self.physical_activity,
            &self.stress_relaxation,
            &self.healthy_nutrition,
            &self.regular_health_tests,
            &self.follow_up_adherence,
        ]
    }
}

/// A patient's score (the handler adds `patient_id`, `version` and `last_updated`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HealthScore {
    pub overall_score: Option<u8>,
    /// How many of the six components have a score (the overall's denominator).
    pub components_with_data: u8,
    pub trend: Trend,
    pub components: Components,
    /// [`RULES_VERSION`].
    pub rules_version: String,
}

/// Where a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Questionnaire,
    /// `record.documents[i]`.
    Document(usize),
}

/// What the texts of the documents say, one entry per document read.
struct DocumentReading {
    /// Index into `record.documents`.
    index: usize,
    habits: lifestyle::Habits,
    follow_ups: Vec<follow_ups::Interval>,
    screenings: Vec<screening::Mention>,
}

/// The score of `record` as of `today`, with its trend against `previous_overall`.
pub fn score(record: &PatientRecord<'_>, previous_overall: Option<u8>, today: NaiveDate) -> HealthScore {
    let readings = read_documents(record);
    let components = Components {
        screening_compliance: screening::component(record, &readings, today),
        physical_activity: habits::physical_activity(record, &readings),
        stress_relaxation: habits::stress_relaxation(record, &readings),
        healthy_nutrition: habits::healthy_nutrition(record, &readings),
        regular_health_tests: health_tests::component(record, today),
        follow_up_adherence: follow_ups::component(record, &readings, today),
    };
    let scores: Vec<u32> = components.all().iter().filter_map(|c| c.score).map(u32::from).collect();
    let overall_score = overall(&scores);
    HealthScore {
        overall_score,
        components_with_data: scores.len() as u8,
        trend: trend(overall_score, previous_overall),
        components,
        rules_version: RULES_VERSION.to_string(),
    }
}

/// The rounded (half up) mean of the scores; `None` for none.
fn overall(scores: &[u32]) -> Option<u8> {
    let n = scores.len() as u32;
    (n > 0).then(|| ((scores.iter().sum::<u32>() * 2 + n) / (2 * n)) as u8)
}

/// The trend of `now` against `previous` (see the module doc).
fn trend(now: Option<u8>, previous: Option<u8>) -> Trend {
    match (now, previous) {
        (Some(now), Some(previous)) => match i16::from(now) - i16::from(previous) {
            d if d >= TREND_POINTS => Trend::Improving,
            d if d <= -TREND_POINTS => Trend::Declining,
            _ => Trend::Stable,
        },
        _ => Trend::New,
    }
}

/// Reads the texts of the newest [`MAX_DOCUMENT_TEXTS`] documents that have one.
fn read_documents(record: &PatientRecord<'_>) -> Vec<DocumentReading> {
    let mut out: Vec<DocumentReading> = record
        .documents
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(index, d)| d.text.map(|text| (index, d, text)))
        .take(MAX_DOCUMENT_TEXTS)
        .map(|(index, document, text)| {
            let sentences = reading::sentences(text);
            DocumentReading {
                index,
                habits: lifestyle::read(&sentences),
                follow_ups: follow_ups::read(&sentences),
                screenings: screening::read(&sentences, document),
            }
        })
        .collect();
    out.reverse();
    out
}

/// The questionnaire as a source.
fn questionnaire_source(record: &PatientRecord<'_>) -> ScoreSource {
    ScoreSource { source: "Onboarding questionnaire".to_string(), source_id: "questionnaire".to_string(), date: Some(record.answered_on) }
}

/// A document as a source.
fn document_source(document: &DocumentEvidence<'_>) -> ScoreSource {
    ScoreSource { source: document.source(), source_id: document.document.document_id.to_string(), date: Some(document.date()) }
}

/// The sources of `origins`, the questionnaire first, then documents by date, each once.
fn sources(record: &PatientRecord<'_>, origins: impl IntoIterator<Item = Origin>) -> Vec<ScoreSource> {
    let mut questionnaire = false;
    let mut documents: Vec<usize> = Vec::new();
    for origin in origins {
        match origin {
            Origin::Questionnaire => questionnaire = true,
            Origin::Document(i) if i < record.documents.len() && !documents.contains(&i) => documents.push(i),
            Origin::Document(_) => {}
        }
    }
    documents.sort_unstable();
    let mut out: Vec<ScoreSource> = questionnaire.then(|| questionnaire_source(record)).into_iter().collect();
    out.extend(documents.into_iter().map(|i| document_source(&record.documents[i])));
    out
}

/// "the consultation note of 2026-10-01": how a description names a document (never its file name).
fn named(record: &PatientRecord<'_>, origin: Origin) -> String {
    match origin {
        Origin::Questionnaire => "the questionnaire".to_string(),
        Origin::Document(i) => record.documents.get(i).map_or_else(
            || "a document".to_string(),
            |d| format!("the {} of {}", d.kind().replace('_', " "), d.date()),
        ),
    }
}

/// A figure without a needless ".0".
fn figure(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 { format!("{}", value.round() as i64) } else { format!("{value:.1}") }
}

#[cfg(test)]
mod tests;
