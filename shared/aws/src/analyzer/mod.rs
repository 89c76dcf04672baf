//! The pre-auth analysis with a Bedrock model ([`Analyzer`]) through the Converse API.
//!
//! One Converse call at temperature 0: the system prompt ([`prompt::SYSTEM_PROMPT`]), one user
//! message listing the policy and note passages with their ids, and a `toolConfig` with the single
//! tool `record_analysis` (input schema = the analysis shape) forced by `toolChoice`, so the answer
//! is structured JSON rather than prose. The tool input (or a JSON object in a text block, for a
//! model that ignores the tool) is read field by field and then held to
//! [`Analysis::check`] against the ids of the passages actually given — a criterion citing a
//! passage it was not shown is invented evidence.
//!
//! Failures: any parse or schema problem is `InvalidOutput` (the state machine retries once, then
//! the case is `ANALYSIS_FAILED`); throttling, timeouts and "model not ready" are `Unavailable`.
//! Neither the passages nor the model's answer are logged.

pub mod output;
pub mod prompt;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, InferenceConfiguration, Message, SpecificToolChoice, StopReason, SystemContentBlock, Tool,
    ToolChoice, ToolConfiguration, ToolInputSchema, ToolSpecification,
};
use chrono::Utc;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest, DISPOSITION, NOTICE};
use mediclear_ports::PortError;
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::error::PortResult;

use crate::document::{to_document, to_json};
use crate::error::port_error;

pub const DEFAULT_ANALYSIS_MODEL_ID: &str = "anthropic.claude-3-haiku-20240307-v1:0";
/// The engine name stored with every analysis this adapter makes.
pub const ENGINE: &str = "bedrock-converse";
const MAX_OUTPUT_TOKENS: i32 = 4096;

/// Criterion-by-criterion analysis with a Bedrock model.
#[derive(Debug, Clone)]
pub struct BedrockAnalyzer {
    client: Client,
    model_id: String,
}

fn build_error(e: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("the Converse request could not be built: {e}"))
}

fn invalid(reason: impl Into<String>) -> PortError {
    let reason = reason.into();
    tracing::warn!(%reason, "model output rejected");
    PortError::InvalidOutput(reason)
}

impl BedrockAnalyzer {
    pub fn new(config: &SdkConfig, model_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), model_id: model_id.into() }
    }

    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    fn tool_config() -> PortResult<ToolConfiguration> {
        let spec = ToolSpecification::builder()
            .name(prompt::TOOL_NAME)
            .description("Record the criterion-by-criterion prior-authorization analysis.")
            .input_schema(ToolInputSchema::Json(to_document(&prompt::analysis_schema())))
            .build()
            .map_err(build_error)?;
        ToolConfiguration::builder()
            .tools(Tool::ToolSpec(spec))
            .tool_choice(ToolChoice::Tool(SpecificToolChoice::builder().name(prompt::TOOL_NAME).build().map_err(build_error)?))
            .build()
            .map_err(build_error)
    }
}

#[async_trait]
impl Analyzer for BedrockAnalyzer {
    #[tracing::instrument(skip(self, request), fields(model = %self.model_id, procedure_code = %request.procedure_code, policy_passages = request.policy_passages.len(), note_passages = request.note_passages.len()))]
    async fn analyze(&self, request: &AnalysisRequest) -> PortResult<Analysis> {
        let message = Message::builder()
            .role(ConversationRole::User)
            .content(ContentBlock::Text(prompt::user_message(request)))
            .build()
            .map_err(build_error)?;
        let out = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(prompt::SYSTEM_PROMPT.into()))
            .messages(message)
            .inference_config(InferenceConfiguration::builder().temperature(0.0).max_tokens(MAX_OUTPUT_TOKENS).build())
            .tool_config(Self::tool_config()?)
            .send()
            .await
            .map_err(|e| port_error("bedrock.Converse", &e))?;

        if *out.stop_reason() == StopReason::MaxTokens {
            return Err(invalid("the answer was cut off at the output token limit"));
        }
        let content = out.output().and_then(|o| o.as_message().ok()).map(|m| m.content()).unwrap_or_default();
        let answer = content
            .iter()
            .find_map(|block| match block {
                ContentBlock::ToolUse(tool_use) if tool_use.name() == prompt::TOOL_NAME => Some(to_json(tool_use.input())),
                _ => None,
            })
            .or_else(|| {
                content.iter().find_map(|block| match block {
                    ContentBlock::Text(text) => output::object_in_text(text),
                    _ => None,
                })
            })
            .ok_or_else(|| invalid("the answer holds no record_analysis call and no JSON object"))?;

        let parsed = output::parse(&answer).map_err(invalid)?;
        let mut policy_ids: Vec<String> = Vec::new();
        for p in &request.policy_passages {
            if !policy_ids.contains(&p.document_id) {
                policy_ids.push(p.document_id.clone());
            }
        }
        let analysis = Analysis {
            procedure_analyzed: request.procedure_code.to_string(),
            status: parsed.status,
            criteria: parsed.criteria,
            summary: parsed.summary,
            model: self.model_id.clone(),
            engine: ENGINE.to_string(),
            disposition: DISPOSITION.to_string(),
            notice: NOTICE.to_string(),
            policy_ids,
            analyzed_at: Utc::now(),
        };
        analysis.check(&request.known_chunk_ids()).map_err(|e| invalid(e.0))?;
        Ok(analysis)
    }
}
