//! Patient and doctor chat: one question about one patient's records, answered from those records
//! only, in a stored conversation.
//!
//! A turn, in order (API.md, Health insights):
//! 1. **authorize** — the patient chat is the patient's own (the scope is the token's
//!    `patient_id`); a doctor's thread needs the doctor's own token, `VERIFIED`, and an assignment;
//! 2. **the critical-question check** (patients) — before anything is retrieved or any model is
//!    called: a life-threatening symptom, a request for a diagnosis or a treatment decision gets
//!    API.md's sentence and `requires_doctor_consultation: true`
//!    (`mediclear_domain::health::critical`);
//! 3. **retrieve** — the top 5 (patient) or 10 (doctor) passages of that patient's indexed
//!    documents, for the question and the conversation's recent context (and a doctor's
//!    `additional_context`);
//! 4. **answer** — from those passages only ([`ChatResponder`]: Bedrock Converse on AWS, the
//!    extractive engine offline), every source listed; when they do not answer, it says so;
//! 5. **store** — both messages appended, older turns folded into a summary to fit
//!    (`Conversation::trim_for_storage`).
//!
//! With `Accept: text/event-stream` the same turn streams: `token` events (`{"text": …}`, pieces
//! that concatenate to the response) as the answer is written, then one `done` event with the same object the JSON answer has as `data` (or one
//! `error` event with the error envelope's `error`). Validation and authorization happen before
//! the stream opens, so they keep their statuses.

pub mod conversation;
pub mod doctor;
pub mod patient;

use std::convert::Infallible;
use std::sync::Arc;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures::StreamExt;
use futures::channel::mpsc;
use http::HeaderMap;
use serde_json::{Value, json};

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::chat::{Audience, ChatSource, Conversation};
use mediclear_domain::health::critical::{self, CRITICAL_RESPONSE};
use mediclear_domain::identity::Caller;
use mediclear_domain::ids::{DoctorId, PatientId};
use mediclear_http::ApiError;
use mediclear_ports::PortError;
use mediclear_ports::chat::{ChatResponder, ChatTurn, ConversationStore, RecordSearch};
use mediclear_ports::metrics::Measurement;

use crate::audit::{Auditor, Resource};

/// Passages a patient's answer is written from.
pub const PATIENT_TOP_K: usize = 5;
/// Passages a doctor's answer is written from.
pub const DOCTOR_TOP_K: usize = 10;

/// What every chat turn needs.
#[derive(Clone)]
pub struct ChatDeps {
    pub conversations: Arc<dyn ConversationStore>,
    pub search: Arc<dyn RecordSearch>,
    pub responder: Arc<dyn ChatResponder>,
    pub audit: Auditor,
}

/// One authorized turn, ready to run.
pub(crate) struct Turn {
    pub caller: Caller,
    pub patient_id: PatientId,
    /// `Some` for a doctor's thread.
    pub doctor_id: Option<DoctorId>,
    pub message: String,
    pub conversation_id: Option<String>,
    pub additional_context: Option<String>,
    pub request_id: String,
    /// Extra fields of the answer (a doctor's `patient_summary_stats`).
    pub extra: serde_json::Map<String, Value>,
}

/// Whether the caller asked for server-sent events.
pub(crate) fn wants_stream(headers: &HeaderMap) -> bool {
    headers.get_all(http::header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).any(|v| v.split(',').any(|t| t.trim().starts_with("text/event-stream")))
}

/// The conversation a turn continues: the one named (which must be this patient's, and this
/// doctor's thread or the patient's own), else — for a doctor — the open thread with this patient,
/// else a new one.
async fn conversation_for(deps: &ChatDeps, turn: &Turn) -> Result<(Conversation, Option<chrono::DateTime<Utc>>), ApiError> {
    let port = |e| ApiError::from_port(e, "conversation");
    if let Some(id) = &turn.conversation_id {
        let found = deps.conversations.get(&turn.patient_id, id).await.map_err(port)?;
        return match found {
            Some(c) if c.belongs_to(&turn.patient_id, turn.doctor_id.as_ref()) && !c.closed => {
                let at = c.updated_at;
                Ok((c, Some(at)))
            }
            Some(c) if c.belongs_to(&turn.patient_id, turn.doctor_id.as_ref()) => Err(ApiError::conflict("CONVERSATION_CLOSED", "this conversation is closed; start a new one")),
            _ => Err(ApiError::not_found("conversation")),
        };
    }
    if let Some(doctor_id) = &turn.doctor_id {
        let open = deps.conversations.for_patient(&turn.patient_id).await.map_err(port)?.into_iter().find(|c| c.doctor_id.as_ref() == Some(doctor_id) && !c.closed);
        if let Some(c) = open {
            let at = c.updated_at;
            return Ok((c, Some(at)));
        }
    }
    Ok((Conversation::new(turn.patient_id.clone(), turn.doctor_id.clone(), Utc::now()), None))
}

/// Runs a turn to its answer object; `on_token` receives the response as it is written.
pub(crate) async fn run_turn(deps: &ChatDeps, turn: &Turn, on_token: &(dyn for<'t> Fn(&'t str) + Send + Sync)) -> Result<Value, ApiError> {
    let (mut conversation, previous) = conversation_for(deps, turn).await?;
    let audience = if turn.doctor_id.is_some() { Audience::Doctor } else { Audience::Patient };
    let now = Utc::now();

    // The check runs on the patient's words before anything is retrieved or any model called.
    let critical = if audience == Audience::Patient { critical::check(&turn.message) } else { None };
    let (response, sources, answered) = match &critical {
        Some(found) => {
            tracing::info!(kind = ?found.kind, rule = found.rule, "critical question redirected");
            on_token(CRITICAL_RESPONSE);
            (CRITICAL_RESPONSE.to_string(), Vec::<ChatSource>::new(), false)
        }
        None => {
            let top_k = if audience == Audience::Doctor { DOCTOR_TOP_K } else { PATIENT_TOP_K };
            let mut query = turn.message.clone();
            let context = conversation.context_words();
            if !context.is_empty() {
                query.push('\n');
                query.push_str(&context);
            }
            if let Some(extra) = &turn.additional_context {
                query.push('\n');
                query.push_str(extra);
            }
            let passages = deps.search.patient_documents(&turn.patient_id, &query, top_k).await.map_err(|e| ApiError::from_port(e, "records"))?;
            let history = conversation.history_for_prompt();
            let chat_turn = ChatTurn {
                audience,
                question: &turn.message,
                history,
                summary: conversation.summary.as_deref(),
                additional_context: turn.additional_context.as_deref(),
                passages: &passages,
            };
            let reply = deps.responder.respond(&chat_turn, on_token).await.map_err(|e| match e {
                PortError::Rejected(_) => ApiError::unprocessable("CHAT_REFUSED", "the question could not be answered; rephrase it or ask your doctor"),
                other => ApiError::from_port(other, "chat"),
            })?;
            tracing::info!(engine = %reply.engine, passages = passages.len(), sources = reply.sources.len(), answered = reply.answered, "chat answered");
            (reply.response, reply.sources, reply.answered)
        }
    };
    // A model that answers with the redirect itself (its prompt's second line behind the rules)
    // flags the answer the same way.
    let requires_doctor_consultation = critical.is_some() || response.trim() == CRITICAL_RESPONSE;
    let closed = || ApiError::conflict("CONVERSATION_CLOSED", "this conversation is closed; start a new one");
    conversation.push_user(turn.message.clone(), turn.additional_context.clone(), now).map_err(|_| closed())?;
    conversation.push_assistant(response.clone(), sources.clone(), requires_doctor_consultation, Utc::now()).map_err(|_| closed())?;
    conversation.trim_for_storage();
    deps.conversations.save(&conversation, previous).await.map_err(|e| match e {
        PortError::Conflict(_) => ApiError::conflict("CONVERSATION_CHANGED", "another message was added to this conversation at the same time; send yours again"),
        other => ApiError::from_port(other, "conversation"),
    })?;
    let chat = if audience == Audience::Doctor { "doctor" } else { "patient" };
    if let Some(critical) = &critical {
        Measurement::new().dimension("Chat", chat).dimension("Line", critical.line()).count("CriticalRedirects", 1.0).record();
    } else {
        Measurement::new().dimension("Chat", chat).dimension("Sources", if sources.is_empty() { "without" } else { "with" }).count("ChatAnswers", 1.0).record();
    }
    let action = if audience == Audience::Doctor { "patient.doctor_chat" } else { "patient.chat" };
    deps.audit.read(&turn.caller, action, Resource { kind: "patient", id: turn.patient_id.as_str() }, Outcome::Succeeded, &turn.request_id).await?;

    let mut answer = json!({
        "response": response,
        "sources": sources,
        "conversation_id": conversation.conversation_id,
        "requires_doctor_consultation": requires_doctor_consultation,
        "answered_from_records": answered,
    });
    if let Some(object) = answer.as_object_mut() {
        object.extend(turn.extra.clone());
    }
    Ok(answer)
}

/// The turn's answer as JSON, or as a stream of server-sent events.
pub(crate) async fn respond(deps: ChatDeps, turn: Turn, stream: bool) -> Result<Response, ApiError> {
    if !stream {
        let answer = run_turn(&deps, &turn, &|_| {}).await?;
        return Ok(mediclear_http::envelope::success(answer));
    }
    let (sender, receiver) = mpsc::unbounded::<Event>();
    tokio::spawn(async move {
        let tokens = sender.clone();
        let on_token = move |piece: &str| {
            if let Ok(event) = Event::default().event("token").json_data(json!({"text": piece})) {
                let _ = tokens.unbounded_send(event);
            }
        };
        let last = match run_turn(&deps, &turn, &on_token).await {
            Ok(answer) => Event::default().event("done").json_data(answer),
            Err(error) => Event::default().event("error").json_data(json!({"code": error.code, "message": error.message, "status": error.status.as_u16()})),
        };
        if let Ok(event) = last {
            let _ = sender.unbounded_send(event);
        }
    });
    Ok(Sse::new(receiver.map(Ok::<Event, Infallible>)).keep_alive(KeepAlive::default()).into_response())
}
