//! A report's summary written by a Bedrock model ([`ReportSummarizer`]) through the Converse API.
//!
//! One Converse call at temperature 0: the rules, the report's kind, the summary computed from
//! the rows (counts, date span, latest values, conditions) and the rows themselves as
//! tab-separated text — at most [`MAX_ROWS`] rows and [`MAX_ROWS_CHARS`] characters, so the prompt
//! stays bounded; the model is told when it sees only the first rows. The answer is plain prose.
//! Before it is used, every figure in it must be found in the rows, the computed summary or the
//! request (`mediclear_domain::reports::grounding`); an answer naming any other is asked for once
//! more with the figures that were not found, and a second such answer is `InvalidOutput` — the
//! report then carries the computed summary alone. Neither the rows nor the answer is logged.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types::{ContentBlock, ConversationRole, InferenceConfiguration, Message, StopReason, SystemContentBlock};

use mediclear_domain::reports::grounding::ungrounded_figures;
use mediclear_domain::reports::rows::ResultSet;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::reports::{ReportSummarizer, SummaryInput, WrittenSummary};

use crate::error::port_error;

/// Rows shown to the model, at most.
pub const MAX_ROWS: usize = 300;
/// Characters of rows shown to the model, at most.
pub const MAX_ROWS_CHARS: usize = 40_000;
const MAX_OUTPUT_TOKENS: i32 = 700;

const RULES: &str = "You write the summary at the top of a clinician's report about ONE patient, from the rows of a database \
query. Write 3 to 6 plain sentences: what the records cover and over which dates, the main findings, and changes over time in \
measured values. State only what the rows or the computed summary state: every number and date you write must appear there \
(you may round a value, and count a handful of rows). Never infer a diagnosis, a cause, a risk or a recommendation the rows do \
not state; never address the patient; no headings, no lists, no markdown.";

/// Report summaries with a Bedrock model.
#[derive(Debug, Clone)]
pub struct BedrockSummarizer {
    client: Client,
    model_id: String,
}

/// The rows as the prompt shows them: a header, then tab-separated cells, bounded.
fn rows_text(result: &ResultSet) -> (String, usize) {
    let mut out = result.columns.join("\t");
    out.push('\n');
    let mut shown = 0;
    for row in result.rows.iter().take(MAX_ROWS) {
        let line: Vec<String> = row.iter().map(|c| c.display().replace(['\t', '\n', '\r'], " ")).collect();
        let line = line.join("\t");
        if out.len() + line.len() + 1 > MAX_ROWS_CHARS {
            break;
        }
        out.push_str(&line);
        out.push('\n');
        shown += 1;
    }
    (out, shown)
}

fn build_error(e: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("the Converse request could not be built: {e}"))
}

impl BedrockSummarizer {
    pub fn new(config: &SdkConfig, model_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), model_id: model_id.into() }
    }

    async fn ask(&self, prompt: String) -> PortResult<String> {
        let message = Message::builder().role(ConversationRole::User).content(ContentBlock::Text(prompt)).build().map_err(build_error)?;
        let out = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(RULES.into()))
            .messages(message)
            .inference_config(InferenceConfiguration::builder().temperature(0.0).max_tokens(MAX_OUTPUT_TOKENS).build())
            .send()
            .await
            .map_err(|e| port_error("bedrock.Converse", &e))?;
        if *out.stop_reason() != StopReason::EndTurn {
            return Err(PortError::InvalidOutput(format!("the model stopped ({}) before the summary was done", out.stop_reason().as_str())));
        }
        let content = out.output().and_then(|o| o.as_message().ok()).map(|m| m.content().to_vec()).unwrap_or_default();
        let text: Vec<&str> = content.iter().filter_map(|block| block.as_text().ok().map(String::as_str)).collect();
        Ok(text.join("\n").trim().to_string())
    }
}

#[async_trait]
impl ReportSummarizer for BedrockSummarizer {
    #[tracing::instrument(skip_all, fields(model = %self.model_id, rows = input.result.rows.len()))]
    async fn summarize(&self, input: &SummaryInput<'_>) -> PortResult<WrittenSummary> {
        let (rows, shown) = rows_text(input.result);
        let cut = if shown < input.result.rows.len() {
            format!("Only the first {shown} of the {} rows are shown; the computed summary covers them all.\n", input.result.rows.len())
        } else {
            String::new()
        };
        let prompt = format!(
            "Report kind: {}.\nRequest: {}\nComputed summary:\n{}\n{cut}Rows:\n{rows}",
            input.kind,
            input.request,
            input.facts.join("\n")
        );
        let mut sources: Vec<&str> = input.facts.iter().map(String::as_str).collect();
        sources.push(input.request);
        let mut ask = prompt.clone();
        for attempt in 0..2 {
            let prose = self.ask(ask).await?;
            if prose.is_empty() {
                return Err(PortError::InvalidOutput("the model wrote no summary".into()));
            }
            let unfounded = ungrounded_figures(&prose, input.result, &sources);
            if unfounded.is_empty() {
                let paragraphs = prose.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect();
                return Ok(WrittenSummary { paragraphs, by: format!("Written by {} from the rows; every figure in it was checked against them.", self.model_id) });
            }
            // Counted only: the figures are the patient's values.
            tracing::warn!(attempt, unfounded = unfounded.len(), "the model's summary named figures the rows do not hold");
            ask = format!(
                "{prompt}\n\nYour previous summary stated figures that are in neither the rows nor the computed summary: {}. Write it again \
                 using only figures that appear there.",
                unfounded.join(", ")
            );
        }
        Err(PortError::InvalidOutput("the model's summary named figures the rows do not hold".into()))
    }
}
