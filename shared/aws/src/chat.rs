//! Chat answers written by a Bedrock model ([`ChatResponder`]) through `ConverseStream`, so the
//! answer reaches the caller token by token (Lambda response streaming carries it on).
//!
//! The model sees a system prompt in the product seed's spirit — answer only from the numbered
//! passages of this one patient's records, cite them as `[n]`, say so when they do not answer,
//! never add general medical knowledge, a diagnosis or a treatment decision; plain language with
//! medical terms explained for a patient, full clinical language for a doctor — then the
//! conversation's summary and recent turns, and the passages with the question. An optional
//! Bedrock Guardrail (`BEDROCK_GUARDRAIL_ID`, `BEDROCK_GUARDRAIL_VERSION`) is applied to every
//! turn. The sources are the passages the answer cites; an answer that cites none lists every
//! passage it was given (API.md: sources on every answer). Neither passages nor answers are
//! logged.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, GuardrailStreamConfiguration, InferenceConfiguration, Message, StopReason,
    SystemContentBlock,
};

use mediclear_domain::health::chat::{Audience, ChatSource, Role};
use mediclear_ports::PortError;
use mediclear_ports::chat::{ChatReply, ChatResponder, ChatTurn};
use mediclear_ports::error::PortResult;

use crate::error::port_error;

const MAX_OUTPUT_TOKENS: i32 = 800;
/// Characters of one passage shown to the model, at most.
const MAX_PASSAGE_CHARS: usize = 4_000;

const PATIENT_RULES: &str = "You are MediClear's assistant. You answer a patient's question about THEIR OWN medical records, using \
ONLY the numbered passages from those records given with the question. Write in plain, kind language a patient understands; the \
first time you use a medical term or abbreviation, explain it in a few words in brackets. Cite every statement with the passage \
number, like [1]. If the passages do not answer the question, say: \"I couldn't find that in your records.\" and suggest asking \
their doctor — do not answer from general medical knowledge. Never diagnose, never say whether they have a disease, never \
recommend starting, stopping or changing a treatment or dose: that is for their doctor. If the message describes symptoms \
that could be an emergency happening now (chest pain, stroke signs, trouble breathing, heavy bleeding, thoughts of suicide or \
self-harm, a severe allergic reaction, fainting, a seizure), answer only: \"This requires immediate medical evaluation. Please \
consult your doctor or visit emergency services.\" No headings, no markdown.";

const DOCTOR_RULES: &str = "You are MediClear's clinical assistant. A treating physician asks about one patient's records; answer \
using ONLY the numbered passages from that patient's records given with the question, in full clinical language, concisely. Cite \
every statement with the passage number, like [2], and give dates where the passages do. If the passages do not answer, say \
\"Not found in this patient's records.\" — never fill gaps from general knowledge or other patients. No markdown headings.";

/// Chat answers with a Bedrock model.
#[derive(Debug, Clone)]
pub struct BedrockChat {
    client: Client,
    model_id: String,
    guardrail: Option<(String, String)>,
}

impl BedrockChat {
    /// `guardrail`: a Bedrock Guardrail's id and version, applied to every turn.
    pub fn new(config: &SdkConfig, model_id: impl Into<String>, guardrail: Option<(String, String)>) -> Self {
        Self { client: Client::new(config), model_id: model_id.into(), guardrail }
    }
}

fn build_error(e: impl std::fmt::Display) -> PortError {
    PortError::Internal(format!("the ConverseStream request could not be built: {e}"))
}

/// The question with its passages, numbered from 1.
pub fn user_prompt(turn: &ChatTurn<'_>) -> String {
    let mut out = String::from("Passages from the records:\n");
    if turn.passages.is_empty() {
        out.push_str("(none were found)\n");
    }
    for (i, p) in turn.passages.iter().enumerate() {
        let date = p.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
        let text: String = p.text.chars().take(MAX_PASSAGE_CHARS).collect();
        out.push_str(&format!("[{}] {} ({date}):\n{}\n\n", i + 1, p.title, text.trim()));
    }
    if let Some(context) = turn.additional_context {
        out.push_str(&format!("Context from the physician: {context}\n\n"));
    }
    out.push_str(&format!("Question: {}", turn.question));
    out
}

/// The passages an answer cites as `[n]`; every passage when it cites none.
pub fn cited_sources(response: &str, turn: &ChatTurn<'_>) -> (Vec<ChatSource>, bool) {
    let mut cited = vec![false; turn.passages.len()];
    let bytes = response.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            let digits: String = response[i + 1..].chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() && response[i + 1 + digits.len()..].starts_with(']')
                && let Ok(n) = digits.parse::<usize>()
                && (1..=cited.len()).contains(&n)
            {
                cited[n - 1] = true;
            }
        }
        i += 1;
    }
    let any = cited.iter().any(|c| *c);
    let sources = turn
        .passages
        .iter()
        .zip(&cited)
        .filter(|(_, c)| !any || **c)
        .map(|(p, _)| ChatSource { title: p.title.clone(), date: p.date, document_id: p.document_id.clone(), chunk_id: p.chunk_id.clone() })
        .collect();
    (sources, any)
}

#[async_trait]
impl ChatResponder for BedrockChat {
    #[tracing::instrument(skip_all, fields(model = %self.model_id, passages = turn.passages.len()))]
    async fn respond(&self, turn: &ChatTurn<'_>, on_token: &(dyn for<'t> Fn(&'t str) + Send + Sync)) -> PortResult<ChatReply> {
        let rules = match turn.audience {
            Audience::Patient => PATIENT_RULES,
            Audience::Doctor => DOCTOR_RULES,
        };
        let mut system = vec![SystemContentBlock::Text(rules.into())];
        if let Some(summary) = turn.summary {
            system.push(SystemContentBlock::Text(format!("Summary of the earlier conversation: {summary}")));
        }
        // Converse wants turns that alternate and start with the user: earlier turns are merged
        // into that shape, then the question with its passages closes it.
        let mut messages: Vec<Message> = Vec::new();
        let mut pending: Option<(ConversationRole, String)> = None;
        let history = turn.history.iter().map(|(role, text)| (if *role == Role::User { ConversationRole::User } else { ConversationRole::Assistant }, text.clone()));
        for (role, text) in history.chain(std::iter::once((ConversationRole::User, user_prompt(turn)))) {
            match &mut pending {
                Some((r, t)) if *r == role => {
                    t.push_str("\n\n");
                    t.push_str(&text);
                }
                _ => {
                    if let Some((r, t)) = pending.take()
                        && !(messages.is_empty() && r == ConversationRole::Assistant)
                    {
                        messages.push(Message::builder().role(r).content(ContentBlock::Text(t)).build().map_err(build_error)?);
                    }
                    pending = Some((role, text));
                }
            }
        }
        if let Some((r, t)) = pending {
            messages.push(Message::builder().role(r).content(ContentBlock::Text(t)).build().map_err(build_error)?);
        }
        let mut request = self
            .client
            .converse_stream()
            .model_id(&self.model_id)
            .set_system(Some(system))
            .set_messages(Some(messages))
            .inference_config(InferenceConfiguration::builder().temperature(0.0).max_tokens(MAX_OUTPUT_TOKENS).build());
        if let Some((id, version)) = &self.guardrail {
            request = request.guardrail_config(GuardrailStreamConfiguration::builder().guardrail_identifier(id).guardrail_version(version).build());
        }
        let mut out = request.send().await.map_err(|e| port_error("bedrock.ConverseStream", &e))?;
        let mut response = String::new();
        let mut stop = None;
        loop {
            match out.stream.recv().await {
                Ok(Some(ConverseStreamOutput::ContentBlockDelta(event))) => {
                    if let Some(ContentBlockDelta::Text(piece)) = event.delta() {
                        response.push_str(piece);
                        on_token(piece);
                    }
                }
                Ok(Some(ConverseStreamOutput::MessageStop(event))) => stop = Some(event.stop_reason().clone()),
                Ok(Some(_)) => {}
                Ok(None) => break,
                // A failure mid-stream (throttled, the model's or the service's error) after part of
                // the answer was sent: the caller gets an error event; retrying is theirs.
                Err(e) => {
                    let code = aws_sdk_bedrockruntime::error::ProvideErrorMetadata::code(&e).unwrap_or("unknown").to_string();
                    return Err(PortError::Unavailable(format!("bedrock.ConverseStream: the stream failed ({code})")));
                }
            }
        }
        match stop {
            Some(StopReason::GuardrailIntervened) => tracing::warn!("the guardrail intervened"),
            Some(StopReason::EndTurn) | Some(StopReason::StopSequence) => {}
            Some(other) => tracing::warn!(stop = other.as_str(), "the answer stopped early"),
            None => return Err(PortError::Unavailable("the model's stream ended before the answer did".into())),
        }
        if response.trim().is_empty() {
            return Err(PortError::InvalidOutput("the model wrote no answer".into()));
        }
        let (sources, cited) = cited_sources(&response, turn);
        Ok(ChatReply { response, sources, answered: cited, engine: self.model_id.clone() })
    }
}
