//! Prior authorization: a provider files a case for a procedure; MediClear analyses it against the
//! insurer's policy criteria and the patient's notes; the insurer decides.
//!
//! - [`case`] — the case, its request validation, status machine and decision deadline.
//! - [`analysis`] — the analysis a case carries (verdict, per-criterion findings, citations) and
//!   the input an analyzer works from.
//! - [`access`] — who may file, read, list and decide which cases.
//! - [`criteria`] — reads a policy's numbered criteria, their ALL/ANY grouping and exclusions.
//! - [`evidence`] — the offline analyzer: finds evidence for each criterion in the notes, with
//!   negation and durations handled, and derives the verdict.
//!
//! The offline analyzer's building blocks, in the order the analysis uses them:
//! - [`layout`] — a policy's lines: list markers, headings, page noise, grouping phrases.
//! - [`tokens`] — clinical text as tokens with stems and the punctuation between them.
//! - [`lexicon`] — the clinical synonyms and abbreviations criteria and notes are matched through.
//! - negation, uncertainty, history and experiencer come from the domain's one NegEx/ConText
//!   engine, [`crate::clinical_context`] (its word-by-word reading over these tokens).
//! - [`quantity`] — numbers, comparison phrases and interval comparison.
//! - [`duration`] — durations required by policies and documented in notes.
//! - [`measure`] — thresholds on BMI, HbA1c, age and a few scores.
//! - [`condition`] — what a criterion asks the notes to show: concepts, alternatives, quantities.
//! - [`notes`] — the patient's note passages as candidate sentences, read once.
//! - [`matching`] — judges one criterion against the notes: met, contradicted or unknown.
//! - [`concurrent`] — exclusions of use together with another drug of a class, read from plans.
//! - [`levels`] — spinal levels a note names, against a limit on the request.
//! - [`verdict`] — group logic, findings as the reviewer reads them, the verdict and summary.
//! - [`trace`] — each quote of a finding found again in the stored records: document, date,
//!   character span and surrounding passage, for the reviewer to check.

pub mod abbreviations;
pub mod access;
pub mod analysis;
pub mod case;
pub mod concurrent;
pub mod condition;
pub mod criteria;
pub mod duration;
pub mod evidence;
pub mod layout;
pub mod levels;
pub mod lexicon;
pub mod matching;
pub mod measure;
pub mod notes;
pub mod quantity;
pub mod tokens;
pub mod trace;
pub mod verdict;
