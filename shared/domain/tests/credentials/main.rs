//! Integration tests of the credential extractor (`mediclear_domain::health::credentials`), one
//! binary with a module per concern.
//!
//! - `dev_set` — the cases of `tools/bench/data/credentials-dev.json`: field accuracy per field
//!   and per OCR-noise level, printed (`-- --nocapture`), with floors only where robust.
//! - `dates` — the date normaliser: formats, day/month order, OCR digits, non-dates.
//! - `ocr` — OCR repair: confusions inside words, never inside numbers or names.
//! - `fields` — single rules of `extract`: which date is the issue date, absent fields, labels.
//! - `held_out` — the held-out set written blind (`credentials-test.json`): the reported figure,
//!   tallies only.

mod dates;
mod dev_set;
mod fields;
mod held_out;
mod ocr;
