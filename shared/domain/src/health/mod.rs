//! Health insights: patients, their onboarding answers, doctors and who may see whom.
//!
//! - [`questionnaire`] — the onboarding questions (each feeding a score component or a risk
//!   marker) and the validation of answers.
//! - [`patient`] — demographics, the stored patient with its `version`, onboarding and updates.
//! - [`doctor`] — doctors, the credentials read from their documents, verification.
//! - [`credentials`] — reading those credentials from the text of a degree and a licence.
//! - [`access`] — who may read, change or delete a patient.
//! - [`refresh`] — a versioned, queued re-processing of a patient's documents.
//! - [`document`] — a patient's documents and their way through the three-tier pipeline.
//! - [`evidence`] — a patient's record as the insights read it.
//! - [`risk`] — the breast-cancer risk assessment: markers, overall risk, stage, recommended tests.
//! - [`score`] — the health & wellness score: six components by documented arithmetic.
//! - [`critical`] — the critical-question check that runs before a patient's question is answered.
//! - [`chat`] — conversations, and the offline extractive answer built from retrieved passages.

pub mod access;
pub mod chat;
pub mod critical;
pub mod credentials;
pub mod doctor;
pub mod document;
pub mod evidence;
pub mod patient;
pub mod questionnaire;
pub mod refresh;
pub mod risk;
pub mod score;
pub mod tagging;
