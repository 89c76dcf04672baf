//! A doctor's credentials read by Amazon Textract: [`TextractCredentialReader`].
//!
//! Each document (degree, licence) goes to `AnalyzeDocument` once, with the `QUERIES` feature
//! asking for the fields that document carries (the degree: university, graduate, degree,
//! date; the licence: licence number, licensee, issue date). An answer counts when Textract's
//! confidence in it is at least [`MIN_CONFIDENCE`]; the licence's answers win over the degree's for
//! the name and the date, as in the offline reader. A field no query answered is looked for by
//! MediClear's field parser in the document's `LINE` blocks, which `AnalyzeDocument` returns with
//! any feature, so both paths read the same way. A field still unread stays `None` for the
//! reviewer.
//!
//! A document Textract cannot read in one call (damaged, a PDF of several pages, over 10 MB)
//! leaves its fields unread rather than failing the sign-up; throttling and outages are
//! `Unavailable`.
//!
//! IAM: `textract:AnalyzeDocument`.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_textract::Client;
use aws_sdk_textract::primitives::Blob;
use aws_sdk_textract::types::{Block, BlockType, Document, FeatureType, QueriesConfig, Query, RelationshipType};
use mediclear_domain::health::credentials::{Credentials, DateOrder, extract, normalise_date};
use mediclear_ports::PortError;
use mediclear_ports::credentials::CredentialReader;
use mediclear_ports::error::PortResult;

use crate::textract::{MAX_SYNC_BYTES, textract_error};

/// Textract's confidence (0–100) below which an answer is left for the reviewer.
pub const MIN_CONFIDENCE: f32 = 50.0;

/// The questions asked of a degree certificate: (alias, question).
const DEGREE_QUERIES: [(&str, &str); 4] = [
    ("universityName", "What is the name of the university or school that awarded the degree?"),
    ("doctorName", "What is the full name of the graduate?"),
    ("degreeName", "What degree was conferred?"),
    ("issueDate", "On what date was the degree conferred?"),
];

/// The questions asked of a medical licence.
const LICENSE_QUERIES: [(&str, &str); 4] = [
    ("licenseNumber", "What is the license number?"),
    ("doctorName", "What is the full name of the licensee?"),
    ("issueDate", "What is the issue date of the license?"),
    ("universityName", "Which medical school did the licensee graduate from?"),
];

/// What one document gave: its query answers (alias → text) and its lines.
#[derive(Debug, Default)]
struct Analysis {
    answers: Vec<(String, String)>,
    lines: Vec<String>,
}

impl Analysis {
    fn answer(&self, alias: &str) -> Option<String> {
        self.answers.iter().find(|(a, _)| a == alias).map(|(_, text)| text.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Credential extraction with Textract `AnalyzeDocument` `QUERIES`.
#[derive(Debug, Clone)]
pub struct TextractCredentialReader {
    client: Client,
}

impl TextractCredentialReader {
    pub fn new(config: &SdkConfig) -> Self {
        TextractCredentialReader { client: Client::new(config) }
    }

    /// One document's answers and lines; `Ok(None)` when Textract cannot read it.
    async fn analyse(&self, bytes: &[u8], queries: &[(&str, &str)]) -> PortResult<Option<Analysis>> {
        if bytes.is_empty() || bytes.len() > MAX_SYNC_BYTES {
            return Ok(None);
        }
        let mut config = QueriesConfig::builder();
        for (alias, text) in queries {
            config = config.queries(
                Query::builder().text(*text).alias(*alias).build().map_err(|e| PortError::Internal(format!("textract query: {e}")))?,
            );
        }
        let config = config.build().map_err(|e| PortError::Internal(format!("textract queries: {e}")))?;
        let sent = self
            .client
            .analyze_document()
            .document(Document::builder().bytes(Blob::new(bytes.to_vec())).build())
            .feature_types(FeatureType::Queries)
            .queries_config(config)
            .send()
            .await;
        let out = match sent {
            Ok(out) => out,
            Err(e) => {
                return match textract_error("textract.AnalyzeDocument", &e) {
                    // The document cannot be read: its fields go to the reviewer.
                    PortError::Rejected(_) => Ok(None),
                    other => Err(other),
                };
            }
        };
        Ok(Some(read_blocks(out.blocks())))
    }
}

/// Query answers and lines from `AnalyzeDocument`'s blocks.
fn read_blocks(blocks: &[Block]) -> Analysis {
    let by_id = |id: &str| blocks.iter().find(|b| b.id() == Some(id));
    let mut analysis = Analysis::default();
    for block in blocks {
        match block.block_type() {
            Some(BlockType::Line) => analysis.lines.extend(block.text().map(str::to_string)),
            Some(BlockType::Query) => {
                let Some(alias) = block.query().and_then(|q| q.alias()) else { continue };
                let best = block
                    .relationships()
                    .iter()
                    .filter(|r| r.r#type() == Some(&RelationshipType::Answer))
                    .flat_map(|r| r.ids())
                    .filter_map(|id| by_id(id))
                    .filter(|answer| answer.confidence().unwrap_or(0.0) >= MIN_CONFIDENCE)
                    .filter_map(|answer| Some((answer.confidence().unwrap_or(0.0), answer.text()?)))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((_, text)) = best {
                    analysis.answers.push((alias.to_string(), text.to_string()));
                }
            }
            _ => {}
        }
    }
    analysis
}

/// The credentials from both documents' analyses: query answers first, the field parser on the
/// lines for what the queries left.
fn combine(degree: &Analysis, license: &Analysis) -> Credentials {
    let parsed = extract(&degree.text(), &license.text()).credentials;
    let date = |a: &Analysis| {
        a.answer("issueDate").and_then(|d| normalise_date(&d, DateOrder::MonthFirst).or_else(|| normalise_date(&d, DateOrder::DayFirst)))
    };
    Credentials {
        university_name: degree.answer("universityName").or_else(|| license.answer("universityName")).or(parsed.university_name),
        doctor_name: license.answer("doctorName").or_else(|| degree.answer("doctorName")).or(parsed.doctor_name),
        degree_name: degree.answer("degreeName").or(parsed.degree_name),
        license_number: license.answer("licenseNumber").or(parsed.license_number),
        issue_date: date(license).or_else(|| date(degree)).or(parsed.issue_date),
    }
}

#[async_trait]
impl CredentialReader for TextractCredentialReader {
    #[tracing::instrument(skip_all, fields(degree_bytes = degree.len(), license_bytes = license.len()))]
    async fn read(&self, degree: &[u8], license: &[u8]) -> PortResult<Credentials> {
        let degree = self.analyse(degree, &DEGREE_QUERIES).await?.unwrap_or_default();
        let license = self.analyse(license, &LICENSE_QUERIES).await?.unwrap_or_default();
        Ok(combine(&degree, &license))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_textract::types::Relationship;

    fn query(id: &str, alias: &str, answers: &[&str]) -> Block {
        let mut b = Block::builder()
            .block_type(BlockType::Query)
            .id(id)
            .query(Query::builder().text("?").alias(alias).build().unwrap());
        if !answers.is_empty() {
            let mut r = Relationship::builder().r#type(RelationshipType::Answer);
            for a in answers {
                r = r.ids(*a);
            }
            b = b.relationships(r.build());
        }
        b.build()
    }

    fn answer(id: &str, text: &str, confidence: f32) -> Block {
        Block::builder().block_type(BlockType::QueryResult).id(id).text(text).confidence(confidence).build()
    }

    fn line(text: &str) -> Block {
        Block::builder().block_type(BlockType::Line).id(text).text(text).build()
    }

    #[test]
    fn confident_answers_win_and_unsure_ones_fall_back_to_the_lines() {
        let degree = read_blocks(&[
            line("UNIVERSITY OF MICHIGAN MEDICAL SCHOOL"),
            line("has conferred upon"),
            line("Amara Okafor"),
            line("the degree of Doctor of Medicine"),
            query("q1", "universityName", &["a1"]),
            answer("a1", "University of Michigan Medical School", 97.0),
            // Unsure: left to the parser, which reads the degree from the lines.
            query("q2", "degreeName", &["a2"]),
            answer("a2", "Doctor of Mediane", 31.0),
            query("q3", "doctorName", &[]),
        ]);
        let license = read_blocks(&[
            query("q4", "licenseNumber", &["a4", "a5"]),
            answer("a4", "4301-118842", 92.0),
            answer("a5", "4301", 60.0),
            query("q5", "issueDate", &["a6"]),
            answer("a6", "June 3, 2015", 88.0),
            query("q6", "doctorName", &["a7"]),
            answer("a7", "Amara N. Okafor", 95.0),
        ]);
        let c = combine(&degree, &license);
        assert_eq!(c.university_name.as_deref(), Some("University of Michigan Medical School"));
        assert_eq!(c.doctor_name.as_deref(), Some("Amara N. Okafor"), "the licence's name wins");
        assert_eq!(c.degree_name.as_deref(), Some("Doctor of Medicine"));
        assert_eq!(c.license_number.as_deref(), Some("4301-118842"), "the most confident answer");
        assert_eq!(c.issue_date.as_deref(), Some("2015-06-03"));
    }

    #[test]
    fn nothing_read_is_nothing_guessed() {
        let c = combine(&Analysis::default(), &Analysis::default());
        assert_eq!(c.unread().len(), 5);
    }
}
