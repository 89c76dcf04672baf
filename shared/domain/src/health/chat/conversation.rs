//! A chat conversation: one patient's own thread, or one doctor×patient thread (API.md, "Health
//! insights"), its messages, what a caller may send, and how it stays bounded.
//!
//! **What may be sent.** A message is 1–[`MAX_MESSAGE_CHARS`] characters after trimming, not blank,
//! without control characters other than line breaks and tabs (`INVALID_MESSAGE`); a doctor's
//! `additional_context` at most [`MAX_ADDITIONAL_CONTEXT_CHARS`] (`INVALID_ADDITIONAL_CONTEXT`).
//! A conversation id is `CONV-` and a UUID as MediClear mints it ([`new_conversation_id`]); any
//! other shape is `INVALID_CONVERSATION_ID` before a store is asked.
//!
//! **Bounded.** A stored conversation is one record of at most [`MAX_STORED_BYTES`] (200 KiB, well
//! under DynamoDB's 400 KB item limit), and a prompt carries at most [`PROMPT_HISTORY_CHARS`] of
//! history. Both come from [`Conversation::trim_to_fit`]: the newest turns (a question and its
//! answers) are kept whole within the budget; older ones are folded into `summary`, an extractive
//! summary of each folded turn — the question, and the first sentence of the answer — bounded to
//! [`MAX_SUMMARY_CHARS`] (the oldest lines go first). Nothing is cut inside a character.
//!
//! **Closed.** A doctor's thread closes when the assignment is revoked; a closed conversation takes
//! no new message.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::shorten;
use crate::ids::{DoctorId, PatientId};
use crate::text::{is_stopword, sentences, words};
use crate::validation::ValidationError;

/// The longest message a patient or doctor may send (API.md).
pub const MAX_MESSAGE_CHARS: usize = 4_000;
/// The longest `additional_context` a doctor may send.
pub const MAX_ADDITIONAL_CONTEXT_CHARS: usize = 4_000;
/// The largest stored conversation, as serialized JSON.
pub const MAX_STORED_BYTES: usize = 200 * 1024;
/// The message budget [`Conversation::trim_for_storage`] starts from: 48,000 characters is
/// 192 KB even when every character takes four bytes; the budget halves while the JSON is larger.
pub const STORED_CHARS: usize = 48_000;
/// The history a prompt carries: about 3,000 tokens, leaving the model's context to the passages.
pub const PROMPT_HISTORY_CHARS: usize = 12_000;
/// The longest summary of folded turns.
pub const MAX_SUMMARY_CHARS: usize = 2_000;

const CONVERSATION_ID_PREFIX: &str = "CONV-";
/// What each message costs the budget beyond its text: its role, time and keys.
const MESSAGE_OVERHEAD_CHARS: usize = 64;
/// What each source costs beyond its title and ids.
const SOURCE_OVERHEAD_CHARS: usize = 48;
/// A folded question and answer, each at most this long in the summary.
const SUMMARY_QUESTION_CHARS: usize = 160;
const SUMMARY_ANSWER_CHARS: usize = 200;
/// [`Conversation::context_words`] reads this many recent questions and keeps this many words.
const CONTEXT_TURNS: usize = 3;
const CONTEXT_WORDS: usize = 48;

/// Words of a question that say nothing about what is asked (beyond [`is_stopword`]).
pub(super) const QUESTION_WORDS: &[&str] = &[
    "my", "me", "mine", "i", "am", "tell", "say", "said", "says", "please", "know", "could", "anything", "something",
    "why", "which", "who", "whom", "whose", "and", "now", "again", "second", "first", "third", "last", "next", "one",
    "ones", "thing", "things", "mean", "means", "about", "show", "shows", "explain", "it", "that", "this", "those",
    // "what's", "how much", "how many", "very", "while", "besides": the asking, not the asked.
    "whats", "what's", "much", "many", "very", "while", "besides", "ever",
    // Light verbs: "what did they give me", "what coil did I get fitted", "how long was I supposed
    // to stay on it", "what happened after".
    "get", "gets", "getting", "got", "give", "gave", "given", "put", "use", "used", "take", "took", "taken", "told",
    "come", "came", "go", "went", "gone", "supposed", "happen", "happened", "written",
    // The extreme asked for (weighed by the value, not by the word: records write "38,600 ng/L",
    // not "highest").
    "highest", "lowest", "best", "worst", "biggest", "largest", "longest", "smallest", "shortest", "peak", "maximum",
    "minimum",
];

/// A new conversation id: `CONV-` and a random UUID.
pub fn new_conversation_id() -> String {
    format!("{CONVERSATION_ID_PREFIX}{}", uuid::Uuid::new_v4())
}

/// A conversation id as a caller sends it: `CONV-` then 8–64 letters, digits or `-`.
pub fn parse_conversation_id(raw: &str) -> Result<String, ValidationError> {
    let id = raw.trim();
    let rest = id.strip_prefix(CONVERSATION_ID_PREFIX).unwrap_or("");
    if (8..=64).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(id.to_string())
    } else {
        Err(ValidationError::invalid("conversation_id", "conversation_id must be an id returned by the chat"))
    }
}

/// A chat message as sent: trimmed, 1–4,000 characters, no control characters but line breaks and tabs.
pub fn parse_message(raw: &str) -> Result<String, ValidationError> {
    bounded_text("message", raw, MAX_MESSAGE_CHARS)
}

/// A doctor's `additional_context`: absent or blank is none; else as a message, at most 4,000 characters.
pub fn parse_additional_context(raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => bounded_text("additional_context", text, MAX_ADDITIONAL_CONTEXT_CHARS).map(Some),
    }
}

fn bounded_text(field: &str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValidationError::invalid(field, format!("{field} must not be empty")));
    }
    if text.chars().count() > max {
        return Err(ValidationError::invalid(field, format!("{field} must be at most {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(ValidationError::invalid(field, format!("{field} must not contain control characters")));
    }
    Ok(text.to_string())
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// A passage an answer drew on, as the API lists it: `{title, date, document_id, chunk_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChatSource {
    /// The document's title (its file name).
    pub title: String,
    /// The document's date, `YYYY-MM-DD`, when it has one.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    pub document_id: String,
    pub chunk_id: String,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChatMessage {
    pub role: Role,
    pub text: String,
    pub at: DateTime<Utc>,
    /// What an answer drew on; empty for a question.
    #[serde(default)]
    pub sources: Vec<ChatSource>,
    /// What a doctor added to the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_context: Option<String>,
    /// The answer was the critical-question reply.
    #[serde(default)]
    pub requires_doctor_consultation: bool,
}

impl ChatMessage {
    /// What the message costs a trimming budget: its text, context and sources, and an overhead.
    fn cost(&self) -> usize {
        let sources: usize = self
            .sources
            .iter()
            .map(|s| s.title.chars().count() + s.document_id.len() + s.chunk_id.len() + SOURCE_OVERHEAD_CHARS)
            .sum();
        self.text.chars().count()
            + self.additional_context.as_deref().map_or(0, |c| c.chars().count())
            + sources
            + MESSAGE_OVERHEAD_CHARS
    }

    /// The text as a prompt shows it: a doctor's additional context follows the question.
    fn prompt_text(&self) -> String {
        match &self.additional_context {
            Some(context) => format!("{}\n\nAdditional context: {context}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A conversation is closed: it takes no new message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the conversation is closed")]
pub struct ConversationClosed;

/// A patient's own conversation (`doctor_id` none) or a doctor's thread about a patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub conversation_id: String,
    pub patient_id: PatientId,
    /// `None`: the patient's own conversation.
    #[serde(default)]
    pub doctor_id: Option<DoctorId>,
    /// Oldest first.
    pub messages: Vec<ChatMessage>,
    /// Older turns, summarised (see the module doc).
    #[serde(default)]
    pub summary: Option<String>,
    /// A doctor's thread closes when the assignment is revoked.
    #[serde(default)]
    pub closed: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    /// A new, empty conversation with a fresh id.
    pub fn new(patient_id: PatientId, doctor_id: Option<DoctorId>, now: DateTime<Utc>) -> Self {
        Conversation {
            conversation_id: new_conversation_id(),
            patient_id,
            doctor_id,
            messages: Vec::new(),
            summary: None,
            closed: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether this is the thread of `patient_id` and `doctor_id` (`None`: the patient's own), so
    /// a caller can never continue someone else's conversation by naming its id.
    pub fn belongs_to(&self, patient_id: &PatientId, doctor_id: Option<&DoctorId>) -> bool {
        &self.patient_id == patient_id && self.doctor_id.as_ref() == doctor_id
    }

    /// Adds a question (already validated with [`parse_message`]).
    pub fn push_user(
        &mut self,
        text: String,
        additional_context: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), ConversationClosed> {
        self.push(ChatMessage { role: Role::User, text, at, sources: Vec::new(), additional_context, requires_doctor_consultation: false })
    }

    /// Adds an answer with its sources.
    pub fn push_assistant(
        &mut self,
        text: String,
        sources: Vec<ChatSource>,
        requires_doctor_consultation: bool,
        at: DateTime<Utc>,
    ) -> Result<(), ConversationClosed> {
        self.push(ChatMessage { role: Role::Assistant, text, at, sources, additional_context: None, requires_doctor_consultation })
    }

    fn push(&mut self, message: ChatMessage) -> Result<(), ConversationClosed> {
        if self.closed {
            return Err(ConversationClosed);
        }
        self.updated_at = self.updated_at.max(message.at);
        self.messages.push(message);
        Ok(())
    }

    /// Closes the thread (the doctor's assignment was revoked). Its messages stay readable.
    pub fn close(&mut self, at: DateTime<Utc>) {
        self.closed = true;
        self.updated_at = self.updated_at.max(at);
    }

    /// Where each turn starts: at every question, and at 0 (answers before any question form a turn).
    fn turn_starts(&self) -> Vec<usize> {
        let mut starts: Vec<usize> =
            self.messages.iter().enumerate().filter(|(_, m)| m.role == Role::User).map(|(i, _)| i).collect();
        if starts.first() != Some(&0) && !self.messages.is_empty() {
            starts.insert(0, 0);
        }
        starts
    }

    /// Keeps the newest turns whole within `max_chars` (each message costs its text, context and
    /// sources and a small overhead) and folds the older ones into `summary`. A newest turn larger
    /// than the budget is folded too: the budget is never exceeded.
    pub fn trim_to_fit(&mut self, max_chars: usize) {
        let starts = self.turn_starts();
        let mut used = 0usize;
        let mut keep_from = self.messages.len();
        for (n, &start) in starts.iter().enumerate().rev() {
            let end = starts.get(n + 1).copied().unwrap_or(self.messages.len());
            let cost: usize = self.messages[start..end].iter().map(ChatMessage::cost).sum();
            if used + cost > max_chars {
                break;
            }
            used += cost;
            keep_from = start;
        }
        if keep_from == 0 {
            return;
        }
        let folded: Vec<ChatMessage> = self.messages.drain(..keep_from).collect();
        let mut lines: Vec<String> =
            self.summary.as_deref().map(|s| s.lines().map(str::to_string).collect()).unwrap_or_default();
        lines.extend(folded.iter().map(summary_line));
        while lines.len() > 1 && lines.iter().map(|l| l.chars().count() + 1).sum::<usize>() > MAX_SUMMARY_CHARS {
            lines.remove(0);
        }
        let summary = shorten(&lines.join("\n"), MAX_SUMMARY_CHARS);
        self.summary = (!summary.is_empty()).then_some(summary);
    }

    /// Trims to [`STORED_CHARS`], then to half as much while the JSON is over [`MAX_STORED_BYTES`].
    pub fn trim_for_storage(&mut self) {
        let mut budget = STORED_CHARS;
        self.trim_to_fit(budget);
        while self.stored_bytes() > MAX_STORED_BYTES && !self.messages.is_empty() {
            budget /= 2;
            self.trim_to_fit(budget);
        }
    }

    /// The size of the conversation as stored (JSON).
    pub fn stored_bytes(&self) -> usize {
        serde_json::to_vec(self).map_or(usize::MAX, |json| json.len())
    }

    /// The history a prompt carries, within [`PROMPT_HISTORY_CHARS`] (the stored conversation is
    /// not changed): roles alternate, starting with a user turn; the summary of older turns opens
    /// the first one. A question left without an answer is merged into the next user turn, so the
    /// list may end with either role.
    pub fn history_for_prompt(&self) -> Vec<(Role, String)> {
        let trimmed;
        let conversation = if self.messages.iter().map(ChatMessage::cost).sum::<usize>() > PROMPT_HISTORY_CHARS {
            let mut copy = self.clone();
            copy.trim_to_fit(PROMPT_HISTORY_CHARS);
            trimmed = copy;
            &trimmed
        } else {
            self
        };
        let mut out: Vec<(Role, String)> = Vec::new();
        if let Some(summary) = &conversation.summary {
            out.push((Role::User, format!("Summary of earlier messages in this conversation:\n{summary}")));
        }
        for message in &conversation.messages {
            push_merged(&mut out, message.role, message.prompt_text());
        }
        if out.first().is_some_and(|(role, _)| *role == Role::Assistant) {
            out.remove(0);
        }
        out
    }

    /// [`Self::history_for_prompt`] followed by `question`: what a model is sent, roles alternating
    /// and ending with the question.
    pub fn prompt_messages(&self, question: &str) -> Vec<(Role, String)> {
        let mut out = self.history_for_prompt();
        push_merged(&mut out, Role::User, question.to_string());
        out
    }

    /// The content words of the most recent questions and their additional context, oldest
    /// first, each once, at most 48: added to a follow-up question for retrieval, so "and what
    /// about the second one?" still finds the passages the thread was about.
    pub fn context_words(&self) -> String {
        let recent: Vec<&ChatMessage> =
            self.messages.iter().rev().filter(|m| m.role == Role::User).take(CONTEXT_TURNS).collect();
        let mut seen: Vec<String> = Vec::new();
        let mut kept: Vec<&str> = Vec::new();
        for message in recent.into_iter().rev() {
            let texts = [Some(message.text.as_str()), message.additional_context.as_deref()];
            for word in texts.into_iter().flatten().flat_map(words) {
                let lower = word.text.to_lowercase();
                if is_stopword(&lower) || QUESTION_WORDS.contains(&lower.as_str()) || seen.contains(&lower) {
                    continue;
                }
                seen.push(lower);
                kept.push(word.text);
            }
        }
        let skip = kept.len().saturating_sub(CONTEXT_WORDS);
        kept[skip..].join(" ")
    }
}

/// Appends a turn, merging it into the previous one when the role repeats.
fn push_merged(out: &mut Vec<(Role, String)>, role: Role, text: String) {
    match out.last_mut() {
        Some((last, previous)) if *last == role => {
            previous.push_str("\n\n");
            previous.push_str(&text);
        }
        _ => out.push((role, text)),
    }
}

/// One folded message in the summary: the question, or the answer's first sentence.
fn summary_line(message: &ChatMessage) -> String {
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    match message.role {
        Role::User => format!("Asked: {}", shorten(&flat(&message.text), SUMMARY_QUESTION_CHARS)),
        Role::Assistant => {
            let first = sentences(&message.text).first().map_or(message.text.as_str(), |s| s.text);
            format!("Answered: {}", shorten(&flat(first), SUMMARY_ANSWER_CHARS))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 10, minute, 0).unwrap()
    }

    fn patient() -> PatientId {
        PatientId::parse("PAT-001").unwrap()
    }

    fn source(chunk: &str) -> ChatSource {
        ChatSource { title: "mammogram.pdf".into(), date: NaiveDate::from_ymd_opt(2025, 5, 2), document_id: "HD-1".into(), chunk_id: chunk.into() }
    }

    fn conversation_of(turns: &[(&str, &str)]) -> Conversation {
        let mut c = Conversation::new(patient(), None, at(0));
        for (i, (q, a)) in turns.iter().enumerate() {
            c.push_user(q.to_string(), None, at(i as u32)).unwrap();
            c.push_assistant(a.to_string(), vec![source("HD-1#0000")], false, at(i as u32)).unwrap();
        }
        c
    }

    #[test]
    fn conversation_ids_are_minted_and_checked() {
        // API.md: `conversation_id` is returned by the chat and sent back to continue it.
        let id = new_conversation_id();
        assert!(id.starts_with("CONV-"));
        assert_eq!(parse_conversation_id(&format!(" {id} ")).unwrap(), id);
        for bad in ["", "CONV-", "CONV-short", "conv-550e8400-e29b-41d4-a716-446655440000", "CONV-../../etc/passwd", "PAT-001"] {
            assert_eq!(parse_conversation_id(bad).unwrap_err().code, "INVALID_CONVERSATION_ID", "{bad}");
        }
    }

    #[test]
    fn messages_are_bounded_and_never_blank() {
        // Brief: a message is at most 4,000 characters; empty or blank is rejected.
        assert_eq!(parse_message("  What did my mammogram show?\n").unwrap(), "What did my mammogram show?");
        for bad in ["", "   \n\t ", "a\u{0}b"] {
            assert_eq!(parse_message(bad).unwrap_err().code, "INVALID_MESSAGE", "{bad:?}");
        }
        assert!(parse_message(&"é".repeat(4_000)).is_ok(), "4,000 characters, 8,000 bytes, is allowed");
        assert_eq!(parse_message(&"a".repeat(4_001)).unwrap_err().code, "INVALID_MESSAGE");
        assert_eq!(parse_additional_context(None).unwrap(), None);
        assert_eq!(parse_additional_context(Some("  ")).unwrap(), None);
        assert_eq!(parse_additional_context(Some("on tamoxifen")).unwrap().as_deref(), Some("on tamoxifen"));
        assert_eq!(parse_additional_context(Some(&"x".repeat(4_001))).unwrap_err().code, "INVALID_ADDITIONAL_CONTEXT");
    }

    #[test]
    fn trimming_keeps_the_newest_turns_whole_and_summarises_the_older() {
        // Brief: newest turns kept whole within the budget, older ones folded into an extractive summary.
        let mut c = conversation_of(&[
            ("What did my mammogram show?", "Your mammogram from 2 May 2025 says: benign findings. It was BI-RADS 2."),
            ("When is my next test?", "Your letter says: repeat mammogram in one year."),
            ("What is my cholesterol?", "Your lab report says: LDL 3.1 mmol/L."),
        ]);
        let newest_turn: usize = c.messages[4..].iter().map(ChatMessage::cost).sum();
        c.trim_to_fit(newest_turn + 10);
        assert_eq!(c.messages.len(), 2);
        assert_eq!(c.messages[0].text, "What is my cholesterol?");
        assert_eq!(c.messages[1].text, "Your lab report says: LDL 3.1 mmol/L.");
        let summary = c.summary.clone().unwrap();
        assert!(summary.contains("Asked: What did my mammogram show?"), "{summary}");
        assert!(summary.contains("Answered: Your mammogram from 2 May 2025 says: benign findings."), "{summary}");
        assert!(!summary.contains("BI-RADS 2"), "only the first sentence of an answer: {summary}");
        assert!(summary.contains("Asked: When is my next test?"), "{summary}");

        // A later trim adds to the summary, oldest lines first to go past its bound.
        c.trim_to_fit(0);
        assert!(c.messages.is_empty());
        let summary = c.summary.clone().unwrap();
        assert!(summary.ends_with("Answered: Your lab report says: LDL 3.1 mmol/L."), "{summary}");
        assert!(summary.starts_with("Asked: What did my mammogram show?"), "{summary}");
    }

    #[test]
    fn the_summary_stays_bounded_and_trimming_never_splits_a_character() {
        let long = "日本語のテキスト。".repeat(300);
        let turns: Vec<(String, String)> = (0..40).map(|i| (format!("質問 {i} {long}"), format!("答え {i}. {long}"))).collect();
        let refs: Vec<(&str, &str)> = turns.iter().map(|(q, a)| (q.as_str(), a.as_str())).collect();
        let mut c = conversation_of(&refs);
        c.trim_to_fit(5_000);
        let summary = c.summary.clone().unwrap();
        assert!(summary.chars().count() <= MAX_SUMMARY_CHARS);
        assert!(summary.contains("質問 39") || c.messages.iter().any(|m| m.text.starts_with("質問 39")));
        assert!(c.messages.iter().map(ChatMessage::cost).sum::<usize>() <= 5_000);
    }

    #[test]
    fn a_stored_conversation_stays_under_200_kb() {
        // Brief: a conversation is stored in at most ~200 KB; 4-byte characters are the worst case.
        let huge = "𝄞".repeat(4_000);
        let turns: Vec<(String, String)> = (0..30).map(|_| (huge.clone(), huge.clone())).collect();
        let refs: Vec<(&str, &str)> = turns.iter().map(|(q, a)| (q.as_str(), a.as_str())).collect();
        let mut c = conversation_of(&refs);
        assert!(c.stored_bytes() > MAX_STORED_BYTES);
        c.trim_for_storage();
        assert!(c.stored_bytes() <= MAX_STORED_BYTES, "{}", c.stored_bytes());
        assert!(!c.messages.is_empty(), "the newest turns are still there");
        assert_eq!(c.messages.last().unwrap().role, Role::Assistant);
    }

    #[test]
    fn history_alternates_and_opens_with_the_summary() {
        let mut c = conversation_of(&[("First question?", "First answer."), ("Second question?", "Second answer.")]);
        c.trim_to_fit(c.messages[2..].iter().map(ChatMessage::cost).sum());
        c.push_user("Unanswered?".into(), Some("she is on tamoxifen".into()), at(9)).unwrap();
        let history = c.history_for_prompt();
        let roles: Vec<Role> = history.iter().map(|(r, _)| *r).collect();
        assert_eq!(roles, [Role::User, Role::Assistant, Role::User]);
        assert!(history[0].1.starts_with("Summary of earlier messages in this conversation:\nAsked: First question?"));
        assert!(history[0].1.ends_with("Second question?"));
        assert_eq!(history[2].1, "Unanswered?\n\nAdditional context: she is on tamoxifen");
        let prompt = c.prompt_messages("Now?");
        assert_eq!(prompt.len(), 3);
        assert!(prompt[2].1.ends_with("tamoxifen\n\nNow?"));
    }

    #[test]
    fn context_words_carry_the_recent_questions_for_a_follow_up() {
        let mut c = conversation_of(&[
            ("What about my knee?", "…"),
            ("What did my mammogram show?", "BI-RADS 2."),
            ("Were there any calcifications?", "Yes."),
            ("And the ultrasound?", "…"),
        ]);
        c.messages[6].additional_context = Some("left breast".into());
        let words = c.context_words();
        assert_eq!(words, "mammogram calcifications ultrasound left breast");
    }

    #[test]
    fn a_closed_thread_takes_no_message_and_threads_belong_to_their_pair() {
        let doctor = DoctorId::parse("DOC-001").unwrap();
        let mut c = Conversation::new(patient(), Some(doctor.clone()), at(0));
        assert!(c.belongs_to(&patient(), Some(&doctor)));
        assert!(!c.belongs_to(&patient(), None), "the doctor's thread is not the patient's own");
        assert!(!c.belongs_to(&PatientId::parse("PAT-002").unwrap(), Some(&doctor)));
        c.close(at(5));
        assert_eq!(c.push_user("Hello?".into(), None, at(6)), Err(ConversationClosed));
        assert!(c.closed);
    }

    #[test]
    fn json_is_the_api_shape() {
        let c = conversation_of(&[("Q?", "A.")]);
        let json = serde_json::to_value(&c.messages[1]).unwrap();
        assert_eq!(json["role"], "assistant");
        assert_eq!(
            json["sources"][0],
            serde_json::json!({"title": "mammogram.pdf", "date": "2025-05-02", "document_id": "HD-1", "chunk_id": "HD-1#0000"})
        );
        let back: Conversation = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
