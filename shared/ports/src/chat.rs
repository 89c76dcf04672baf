//! Patient and doctor chat: where conversations are kept ([`ConversationStore`]), how a patient's
//! own documents are searched ([`RecordSearch`]), and what writes the answer ([`ChatResponder`]:
//! Bedrock Converse on AWS, the extractive engine offline).
//!
//! The search is always scoped by the patient id the handler took from the token or from the
//! doctor's assignment — never from a request body.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use mediclear_domain::health::chat::{Audience, ChatSource, Conversation, Passage, Role};
use mediclear_domain::ids::PatientId;

use crate::error::PortResult;

#[async_trait]
pub trait ConversationStore: Send + Sync {
    async fn get(&self, patient_id: &PatientId, conversation_id: &str) -> PortResult<Option<Conversation>>;
    /// Stores the conversation. `previous` is the `updated_at` the caller read (`None` for a new
    /// conversation): if the stored one has changed since (or exists, for a new one) →
    /// `Conflict`, so two turns sent at once cannot drop one another.
    async fn save(&self, conversation: &Conversation, previous: Option<DateTime<Utc>>) -> PortResult<()>;
    /// Every conversation of the patient (the patient's and each doctor's thread).
    async fn for_patient(&self, patient_id: &PatientId) -> PortResult<Vec<Conversation>>;
    /// Deletes every conversation of the patient; how many there were.
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize>;
}

/// The passages of one patient's health documents most relevant to a question.
#[async_trait]
pub trait RecordSearch: Send + Sync {
    /// At most `top_k` passages of `patient_id`'s indexed health documents, best first.
    async fn patient_documents(&self, patient_id: &PatientId, query: &str, top_k: usize) -> PortResult<Vec<Passage>>;
}

/// One turn to answer.
#[derive(Debug, Clone)]
pub struct ChatTurn<'a> {
    pub audience: Audience,
    pub question: &'a str,
    /// Earlier turns, oldest first (after trimming), and the summary of those trimmed away.
    pub history: Vec<(Role, String)>,
    pub summary: Option<&'a str>,
    /// A doctor's `additional_context`.
    pub additional_context: Option<&'a str>,
    /// The retrieved passages: the only material the answer may use.
    pub passages: &'a [Passage],
}

/// The answer to a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatReply {
    pub response: String,
    /// Never empty when passages were given.
    pub sources: Vec<ChatSource>,
    /// False when the records did not answer the question.
    pub answered: bool,
    /// The engine or model that wrote it.
    pub engine: String,
}

#[async_trait]
pub trait ChatResponder: Send + Sync {
    /// Answers the turn from its passages only; `on_token` receives the response as it is
    /// written (pieces that concatenate to `response`).
    async fn respond(&self, turn: &ChatTurn<'_>, on_token: &(dyn for<'t> Fn(&'t str) + Send + Sync)) -> PortResult<ChatReply>;
}
