//! Integration tests of the tier-2 tagging engine (`mediclear_domain::health::tagging`), one
//! binary with a module per concern.
//!
//! - `cases` — the case shape (the same as `tools/bench/data/markers-test.json`) and its scoring:
//!   marker precision and recall by id, level agreement, `not_markers` kept out, document date,
//!   test groups and their dates.
//! - `dev` — the development cases written with the engine: realistic snippets (negated, family,
//!   historical, hypothetical, OCR-damaged), printed with `-- --nocapture`.
//! - `negex` — the physician-labelled NegEx/ConText pairs (`/work/shared/data/negex`): a regression
//!   check that the engine's use of the shared context engine agrees with the physicians.
//! - `api` — the public shape: serde names, unknown ids refused, the bound on huge texts.
//! - `symptoms` — breast pain, a growing mass, what an exam rules out, the stage 2 and 3 test groups.
//! - `held_out` — the held-out set written blind: the reported figures, tallies only.

mod api;
mod cases;
mod dev;
mod held_out;
mod negex;
mod symptoms;
