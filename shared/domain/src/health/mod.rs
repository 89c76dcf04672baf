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

pub mod access;
pub mod credentials;
pub mod doctor;
pub mod document;
pub mod patient;
pub mod questionnaire;
pub mod refresh;
pub mod tagging;
