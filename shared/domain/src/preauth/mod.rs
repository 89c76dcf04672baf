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

pub mod access;
pub mod analysis;
pub mod case;
pub mod criteria;
pub mod evidence;
