//! Turns the positioned characters pdf-extract reports into lines and words, one page at a time,
//! and is where a long or hostile extraction is stopped.
//!
//! The spacing rules are pdf-extract's own `PlainTextOutput` (a gap wider than a fraction of the
//! font size is a space; a drop of more than half a line is a new line, of more than one and a
//! half lines a blank line, which the chunker keeps as a paragraph break), with three changes:
//!
//! - Positions are measured along the text's own baseline, not the page's x axis, so rotated
//!   text (sideways table headers, landscape pages, vertical labels) reads as words and lines
//!   instead of one letter per line.
//! - Text that jumps back by more than a font size without changing line starts a new line:
//!   pdf-extract draws every form XObject at the same origin, so lines drawn as separate forms
//!   (some generators draw each line so) would otherwise run together.
//! - The space threshold is 0.15 of the font size instead of 0.1: kerning in `TJ` arrays
//!   reaches 0.12 em and was splitting words ("JA N"), while word gaps are 0.2 em and up.
//!
//! The sink also notes how far down the page the text reaches, so that a scan carrying only a
//! fax header or a page stamp can be told from a typed page (see `super::assemble`).
//!
//! pdf-extract offers no way to cancel, but it propagates any error this sink returns, so every
//! character checks the deadline and the text budget; past either, the sink records why and
//! returns an error, and the page in progress is abandoned.

use std::fmt;
use std::time::Instant;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Why the sink stopped an extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    Deadline,
    TextLimit,
}

/// A gap wider than this many font sizes is a space (see module doc).
const SPACE_GAP: f64 = 0.15;

/// The text of one page, and the band of the page it lies in: the lowest and highest baseline,
/// as shares of the page height from its bottom (`None` when the page has no characters).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageText {
    pub text: String,
    pub band: Option<(f64, f64)>,
}

pub(super) struct PageTextSink {
    deadline: Instant,
    max_text_bytes: usize,
    text_bytes: usize,
    stop: Option<Stop>,
    page: String,
    /// Where the previous character ended: its baseline direction (unit vector), its position
    /// across the baseline, and where along the baseline it ended. `None` at the page start.
    last: Option<Baseline>,
    first_char: bool,
    page_bottom: f64,
    page_height: f64,
    lowest: f64,
    highest: f64,
}

#[derive(Debug, Clone, Copy)]
struct Baseline {
    direction: (f64, f64),
    across: f64,
    end: f64,
}

impl PageTextSink {
    pub(super) fn new(deadline: Instant, max_text_bytes: usize) -> Self {
        PageTextSink {
            deadline,
            max_text_bytes,
            text_bytes: 0,
            stop: None,
            page: String::new(),
            last: None,
            first_char: false,
            page_bottom: 0.,
            page_height: 0.,
            lowest: f64::INFINITY,
            highest: f64::NEG_INFINITY,
        }
    }

    /// Why the sink stopped the extraction, if it did.
    pub(super) fn stop(&self) -> Option<Stop> {
        self.stop
    }

    /// The text of the page just read, leaving the sink ready for the next one.
    pub(super) fn take_page(&mut self) -> PageText {
        let band = (self.lowest <= self.highest && self.page_height > 0.).then(|| {
            ((self.lowest - self.page_bottom) / self.page_height, (self.highest - self.page_bottom) / self.page_height)
        });
        PageText { text: std::mem::take(&mut self.page), band }
    }

    /// Forgets a page that failed half-way, so its fragments do not prefix the next page.
    pub(super) fn discard_page(&mut self) {
        self.text_bytes -= self.page.len().min(self.text_bytes);
        self.page.clear();
    }

    fn check_budget(&mut self, adding: usize) -> Result<(), OutputError> {
        self.text_bytes += adding;
        if self.text_bytes > self.max_text_bytes {
            self.stop = Some(Stop::TextLimit);
        } else if Instant::now() > self.deadline {
            self.stop = Some(Stop::Deadline);
        }
        match self.stop {
            Some(_) => Err(OutputError::FormatError(fmt::Error)),
            None => Ok(()),
        }
    }

    fn push(&mut self, text: &str) -> Result<(), OutputError> {
        self.check_budget(text.len())?;
        self.page.push_str(text);
        Ok(())
    }
}

impl OutputDev for PageTextSink {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.check_budget(0)?;
        self.page.clear();
        self.last = None;
        self.first_char = false;
        self.page_bottom = media_box.lly.min(media_box.ury);
        self.page_height = (media_box.ury - media_box.lly).abs();
        self.lowest = f64::INFINITY;
        self.highest = f64::NEG_INFINITY;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let length = trm.m11.hypot(trm.m12);
        let direction = if length > f64::EPSILON { (trm.m11 / length, trm.m12 / length) } else { (1., 0.) };
        let along = trm.m31 * direction.0 + trm.m32 * direction.1;
        let across = trm.m32 * direction.0 - trm.m31 * direction.1;
        if let (true, Some(last)) = (self.first_char, self.last) {
            let turned = (direction.0 - last.direction.0).abs() + (direction.1 - last.direction.1).abs() > 0.1;
            let drop = (across - last.across).abs();
            if turned {
                self.push("\n")?;
            } else {
                if drop > size * 1.5 {
                    self.push("\n")?;
                }
                // Back and down: a new line. Back a long way on the same line: see module doc.
                if (along < last.end && drop > size * 0.5) || along < last.end - size {
                    self.push("\n")?;
                } else if along > last.end + size * SPACE_GAP {
                    self.push(" ")?;
                }
            }
        }
        self.push(char)?;
        if !char.trim().is_empty() {
            self.lowest = self.lowest.min(trm.m32);
            self.highest = self.highest.max(trm.m32);
        }
        self.first_char = false;
        self.last = Some(Baseline { direction, across, end: along + width * size });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.first_char = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
