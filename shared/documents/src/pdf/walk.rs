//! Follows the drawing instructions of each page, and of the forms it draws, the way pdf-extract
//! will read them, to keep the budgets of a whole document and to measure how much of each page
//! images cover.
//!
//! pdf-extract decodes a stream whole before it acts on it, and decodes a form again each time
//! it is drawn, holding the page's instructions (and those of the forms drawing it) while it
//! does. So a page is charged for its own tokens, and a form for its tokens each time it is
//! drawn, against [`Limits::max_document_tokens`] and the text budget; and what a page and the
//! forms it is drawing at one time take decoded is checked against
//! [`Limits::max_instruction_bytes`]. A form that draws itself is refused as damaged; form
//! nesting and the number of draws are bounded.
//!
//! Image coverage is how a scan is told from a blank page, or from a page with a logo: the
//! share of the page's area that images (image XObjects and inline images) cover, through the
//! transformations in force where they are drawn.

use std::collections::HashSet;
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::{ContentReader, Operation};
use super::prepare::{damaged, page_box, page_content, within};
use crate::error::ExtractionError;
use crate::limits::Limits;

/// Deepest nesting of forms drawn inside forms. Real files nest two or three deep.
pub(super) const MAX_FORM_DEPTH: usize = 24;
/// Most form and image draws (`Do`) followed in one file. Bounds a file whose forms each draw
/// the next one many times, which would multiply into billions of draws.
const MAX_DRAWS: usize = 1_000_000;

/// `a·d − b·c` of a matrix's linear part, when all four are numbers.
fn determinant([a, b, c, d]: [Option<f32>; 4]) -> Option<f64> {
    let [a, b, c, d] = [a, b, c, d].map(|n| n.map(f64::from));
    Some(a? * d? - b? * c?)
}

/// What reading one content stream found.
#[derive(Debug, Clone, Copy)]
struct Visit {
    /// The area (in page units) of the images it draws, directly or through forms.
    image_area: f64,
    /// The most memory pdf-extract holds while it reads the stream: its own instructions
    /// decoded, and those of the forms it is drawing at the time (pdf-extract decodes each
    /// stream whole before acting on it).
    held_bytes: usize,
}

/// Follows the forms each page draws (see module doc).
pub(super) struct FormWalk<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    deadline: Instant,
    /// Every form drawn so far (pdf-extract draws any XObject that is not an image as a form).
    forms: HashSet<ObjectId>,
    /// What the document has cost so far, each form as often as it is drawn.
    tokens: usize,
    text_bytes: usize,
    draws: usize,
}

impl<'a> FormWalk<'a> {
    pub(super) fn new(doc: &'a Document, limits: &'a Limits, deadline: Instant) -> Self {
        FormWalk { doc, limits, deadline, forms: HashSet::new(), tokens: 0, text_bytes: 0, draws: 0 }
    }

    /// Every form drawn: pdf-extract reads these and no others.
    pub(super) fn into_forms(self) -> HashSet<ObjectId> {
        self.forms
    }

    /// The share of the page's area that images cover (0 to 1; sums overlapping images, as a
    /// scanner that writes a page in strips needs), once the page is charged to the budgets.
    pub(super) fn image_coverage(&mut self, page_id: ObjectId) -> Result<f64, ExtractionError> {
        within(self.deadline)?;
        let doc = self.doc;
        let page = doc.get_dictionary(page_id).ok();
        let resources =
            page.and_then(|page| page.get_deref(b"Resources", doc).ok()).and_then(|object| object.as_dict().ok());
        let page_area = page
            .and_then(|page| page.get(b"MediaBox").ok())
            .and_then(|object| page_box(doc, object))
            .map(|[llx, lly, urx, ury]| f64::from((urx - llx) * (ury - lly)).abs())
            .unwrap_or_default();
        let image_area =
            self.visit(&page_content(doc, page_id, self.limits)?, resources, 1., &mut Vec::new(), 0)?.image_area;
        Ok(match (image_area > 0., page_area > 1.) {
            (false, _) => 0.,
            (true, false) => 1.,
            (true, true) => (image_area / page_area).min(1.),
        })
    }

    /// Reads `content` (drawn with `resources`, when the transformation in force scales areas by
    /// `scale`) and the forms it draws, and charges it to the document's budgets. The streams
    /// drawing it (`path`) hold `held_above` bytes decoded so far.
    fn visit(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut scale: f64,
        path: &mut Vec<ObjectId>,
        held_above: usize,
    ) -> Result<Visit, ExtractionError> {
        // The reader checks what it and the streams drawing it hold as it goes (this walk holds a
        // reader for each of them too); the whole stream, with its forms, is checked at the end.
        let mut reader = ContentReader::new(content, self.limits, self.deadline).holding(held_above);
        let mut saved = Vec::new();
        let mut image_area = 0.;
        let mut held_by_forms = 0;
        loop {
            let holding = held_above.saturating_add(reader.decoded_bytes());
            let Some(operation) = reader.next()? else { break };
            match (operation.operator, operation.operand_count()) {
                (b"q", _) => saved.push(scale),
                (b"Q", _) => scale = saved.pop().unwrap_or(scale),
                (b"cm", 6) => scale *= determinant(first_four_numbers(&operation)).unwrap_or(1.),
                // An image fills the unit square of its transformation.
                (b"BI", _) => image_area += scale.abs(),
                (b"Do", 1..) => {
                    if let Some(name) = operation.name(0) {
                        let drawn = self.draw(name, resources, scale, path, holding)?;
                        image_area += drawn.image_area;
                        held_by_forms = held_by_forms.max(drawn.held_bytes);
                    }
                }
                _ => {}
            }
        }
        let held_bytes = reader.decoded_bytes().saturating_add(held_by_forms);
        if held_above.saturating_add(held_bytes) > self.limits.max_instruction_bytes {
            tracing::debug!(limit = self.limits.max_instruction_bytes, "PDF page and the forms it draws are too long");
            return Err(ExtractionError::PdfTooComplex);
        }
        self.charge(reader.tokens(), reader.text_bytes())?;
        // Degenerate matrices can make the product meaningless; it is only ever a heuristic.
        Ok(Visit { image_area: if image_area.is_finite() { image_area } else { 0. }, held_bytes })
    }

    /// Adds a stream the reader will interpret to the document's budgets.
    fn charge(&mut self, tokens: usize, text_bytes: usize) -> Result<(), ExtractionError> {
        self.tokens = self.tokens.saturating_add(tokens);
        if self.tokens > self.limits.max_document_tokens {
            tracing::debug!(limit = self.limits.max_document_tokens, "PDF has too many drawing instructions");
            return Err(ExtractionError::PdfTooComplex);
        }
        self.text_bytes = self.text_bytes.saturating_add(text_bytes);
        // Two bytes a character in CID fonts.
        if self.text_bytes > self.limits.max_text_bytes.saturating_mul(2) {
            tracing::debug!(limit = self.limits.max_text_bytes, "PDF shows more text than the limit");
            return Err(ExtractionError::PdfTooComplex);
        }
        within(self.deadline)
    }

    fn draw(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        scale: f64,
        path: &mut Vec<ObjectId>,
        held_above: usize,
    ) -> Result<Visit, ExtractionError> {
        self.draws += 1;
        if self.draws > MAX_DRAWS {
            tracing::debug!(limit = MAX_DRAWS, "PDF draws too many forms");
            return Err(ExtractionError::PdfTooComplex);
        }
        let nothing = Visit { image_area: 0., held_bytes: 0 };
        let Some((id, xobject)) = resources.and_then(|resources| self.xobject(resources, name)) else {
            return Ok(nothing);
        };
        if xobject.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|subtype| subtype == b"Image") {
            return Ok(Visit { image_area: scale.abs(), ..nothing });
        }
        // pdf-extract draws any other XObject as a form, whatever its subtype says.
        if path.contains(&id) {
            return Err(damaged("a form draws itself"));
        }
        if path.len() >= MAX_FORM_DEPTH {
            tracing::debug!(limit = MAX_FORM_DEPTH, "PDF forms nest too deep");
            return Err(ExtractionError::PdfTooComplex);
        }
        self.forms.insert(id);
        // A form without resources uses its caller's, as pdf-extract does.
        let form_resources =
            xobject.dict.get_deref(b"Resources", self.doc).ok().and_then(|object| object.as_dict().ok()).or(resources);
        let form_scale = xobject
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|matrix| match matrix.as_slice() {
                [a, b, c, d, _, _] => determinant([a, b, c, d].map(|n| n.as_float().ok())),
                _ => None,
            })
            .unwrap_or(1.);
        path.push(id);
        let visit = self.visit(&xobject.content, form_resources, scale * form_scale, path, held_above)?;
        path.pop();
        Ok(visit)
    }

    fn xobject(&self, resources: &'a Dictionary, name: &[u8]) -> Option<(ObjectId, &'a lopdf::Stream)> {
        let xobjects = resources.get_deref(b"XObject", self.doc).ok()?.as_dict().ok()?;
        let id = xobjects.get(name).ok()?.as_reference().ok()?;
        Some((id, self.doc.get_object(id).ok()?.as_stream().ok()?))
    }
}

fn first_four_numbers(operation: &Operation) -> [Option<f32>; 4] {
    [0, 1, 2, 3].map(|index| operation.number(index))
}
