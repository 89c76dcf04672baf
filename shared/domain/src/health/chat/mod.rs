//! The health-insights chat: a patient asking about their own records, a doctor asking about an
//! assigned patient (API.md, "Health insights": `POST /patients/{id}/chat`, `POST /doctors/{id}/chat`).
//!
//! The handler authorizes, runs the critical-question check ([`crate::health::critical`]),
//! retrieves the top passages from that one patient's index (5 for a patient, 10 for a doctor),
//! and answers with Bedrock on AWS or, offline, with [`answer::answer`]: an extractive answer that
//! only ever quotes or rephrases the sentences of the passages it was given, never general
//! medical knowledge, and says so when they do not answer the question.
//!
//! # Layout
//!
//! - [`conversation`] — a conversation and its messages, what may be sent, and how old turns are
//!   folded into a summary so the stored thread and the prompt stay bounded.
//! - [`answer`] — the offline extractive engine: sentences scored against the question, chosen,
//!   and phrased for a patient (plain language) or a doctor (quoted, clinical); the stream tokens.
//! - [`glossary`] — the abbreviations expanded and the terms explained for a patient.
//! - [`summary_stats`] — the doctor chat's `patient_summary_stats`: age, last consultation,
//!   active conditions read from the records.

pub mod answer;
pub mod conversation;
pub mod glossary;
pub mod scope;
pub mod summary_stats;

pub use answer::{Audience, ExtractiveAnswer, Passage, answer, sentences_to_weigh, tokens};
pub use conversation::{ChatMessage, ChatSource, Conversation, Role};
pub use summary_stats::PatientSummaryStats;

/// The longest prefix of `text` with at most `max_chars` characters (never splits a character).
pub(crate) fn clip_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((byte, _)) => &text[..byte],
        None => text,
    }
}

/// `text` cut to at most `max_chars` characters at a word boundary where one is near, with "…"
/// when anything was cut.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let head = clip_chars(text, max_chars.saturating_sub(1));
    let cut = match head.rfind(char::is_whitespace) {
        Some(at) if head[..at].chars().count() * 2 >= max_chars => &head[..at],
        _ => head,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_never_splits_a_character() {
        assert_eq!(clip_chars("héllo", 2), "hé");
        assert_eq!(clip_chars("日本語", 5), "日本語");
        assert_eq!(shorten("ab 日本語日本語", 6), "ab 日本…");
        assert_eq!(shorten("one two three four five", 12), "one two…");
        assert_eq!(shorten("short", 12), "short");
    }
}
