//! Integration tests of the offline pre-auth analyzer, one binary with a module per concern.
//!
//! - `demo` — the demo cases in `shared/local/demo/` end as `cases.json` expects.
//! - `criteria` — policies in many layouts read into the right ids, groups and exclusions.
//! - `negation` — triggers, scope and pseudo-negations, as the matcher applies them to notes.
//! - `quantities` — durations and thresholds, parsed and compared.
//! - `evidence` — the best sentence is quoted and its chunk cited.
//! - `issue_classes` — the kinds of misses issue 10 names, each in wording of its own.
//! - `verdict` — groups, exclusions and the summary decide the recommendation.
//! - `judge_sets` — accuracy on the helper-written dev and held-out policy × note sets.
//! - `criterion_sets` — the same, one criterion at a time.

mod support;

mod criteria;
mod criterion_sets;
mod demo;
mod evidence;
mod issue_classes;
mod judge_sets;
mod negation;
mod quantities;
mod verdict;
