//! The offline summary writer: the summary computed from the rows, as it is. Offline there is no
//! model to write prose, and none is pretended: the report says its summary was computed.

use async_trait::async_trait;

use mediclear_ports::error::PortResult;
use mediclear_ports::reports::{ReportSummarizer, SummaryInput, WrittenSummary};

/// What the report says under its summary heading when the summary is the computed one.
pub const COMPUTED_BY: &str = "Computed from the rows: counts, dates and latest values, nothing inferred.";

#[derive(Debug, Clone, Copy, Default)]
pub struct ComputedSummary;

impl ComputedSummary {
    /// The computed summary as written: the facts, marked as computed.
    pub fn of(facts: &[String]) -> WrittenSummary {
        WrittenSummary { paragraphs: facts.to_vec(), by: COMPUTED_BY.into() }
    }
}

#[async_trait]
impl ReportSummarizer for ComputedSummary {
    async fn summarize(&self, input: &SummaryInput<'_>) -> PortResult<WrittenSummary> {
        Ok(Self::of(input.facts))
    }
}
