//! Opens an untrusted PDF with lopdf 0.47 and writes a clean copy that pdf-extract can read
//! without being able to exhaust memory or the stack.
//!
//! pdf-extract has the better text layout and font handling, but it reads with lopdf 0.42, which
//! repairs no cross-reference table, bounds no decompression, and follows page-tree parents and
//! form XObjects recursively without looking for cycles. So this step decides everything about
//! the file's structure, and pdf-extract only ever sees the copy written here:
//!
//! - **Open** leniently (a damaged cross-reference table is rebuilt by scanning the file, as
//!   desktop readers do), with every object stream bounded in size.
//! - **Decrypt** with the empty user password: many PDFs are "encrypted" only to restrict
//!   printing or copying and open without a password in any reader; their text is read. One that
//!   needs a password is refused as encrypted.
//! - **Count pages** against the limit.
//! - **Blank images** (their data is never text; pdf-extract would otherwise decode it and parse
//!   it as drawing instructions) and embedded files and metadata (never read).
//! - **Inflate every other stream** against one budget for the whole file, and store it
//!   uncompressed, so nothing is left for lopdf 0.42 to decompress without a bound.
//! - **Flatten the page tree**: every page gets its inherited resources and page box and hangs
//!   directly under one new root, so no parent chain can loop.
//! - **Walk the drawing instructions** of each page and of the forms it draws (`Do`), as
//!   pdf-extract will (`walk`), reading them one operation at a time within the budgets of
//!   [`Limits`] (`content`): what one stream holds, what a page and the forms it is drawing take
//!   decoded at once, and what the whole document costs, a form counting each time it is drawn.
//!   This also measures the share of each page that images cover.
//! - **Empty every stream pdf-extract will not read**: all but drawing instructions and the
//!   fonts' maps, encodings and Type 1 programs.
//! - **Rewrite the drawing instructions** of pages and of the forms they draw, with the same
//!   reader, as lopdf 0.47 parses them, keeping only the operators that change the text (see
//!   `content::write_operation`): lopdf 0.42 stops at comments and other oddities real files
//!   have, pdf-extract does not know the `'` and `"` text operators (they are spelled out as
//!   `T*`, `Tw`, `Tc` and `Tj`), and it holds every operator it decodes at some cost. Pages drawn
//!   by the same streams share one rewritten stream. pdf-extract interprets no drawing
//!   instructions but these, so none reach it that did not pass the budgets.
//!
//! Writing the copy also means both libraries read the same objects: there is no second parser
//! whose different reading of a damaged file could slip past these checks.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

use lopdf::{DecompressError, Dictionary, Document, Error as PdfError, LoadOptions, Object, ObjectId, Stream};

use super::content::{ContentReader, write_operation};
use super::walk::FormWalk;
use crate::error::ExtractionError;
use crate::limits::Limits;

/// Longest page-tree parent chain searched for inherited attributes.
const MAX_PARENT_DEPTH: usize = 64;
/// The page box readers assume when a page has none: US Letter, in points.
const LETTER: [f32; 4] = [0., 0., 612., 792.];

/// The clean copy, and how much of each page images cover, 0 to 1 (index 0 is page 1).
pub(super) struct Prepared {
    pub bytes: Vec<u8>,
    pub image_coverage: Vec<f64>,
}

pub(super) fn prepare(bytes: Vec<u8>, limits: &Limits, deadline: Instant) -> Result<Prepared, ExtractionError> {
    let mut doc = open(&bytes, limits)?;
    let file_size = bytes.len();
    // Parsed: the file is not needed any more.
    drop(bytes);
    decrypt(&mut doc)?;
    let pages = pages(&doc, limits)?;
    within(deadline)?;
    blank_unread_streams(&mut doc);
    inflate_streams(&mut doc, limits.max_decompressed_bytes, deadline)?;
    flatten_page_tree(&mut doc, &pages)?;
    let mut walk = FormWalk::new(&doc, limits, deadline);
    let image_coverage = pages.iter().map(|&page| walk.image_coverage(page)).collect::<Result<Vec<_>, _>>()?;
    let forms = walk.into_forms();
    blank_streams_pdf_extract_skips(&mut doc, &pages, &forms);
    rewrite_content(&mut doc, &pages, &forms, limits, deadline)?;
    let mut out = Vec::with_capacity(file_size);
    doc.save_to(&mut out).map_err(|_| damaged("could not write the clean copy"))?;
    Ok(Prepared { bytes: out, image_coverage })
}

/// Logs the technical reason (never document content) and returns the user-facing error.
pub(super) fn damaged(reason: &'static str) -> ExtractionError {
    tracing::debug!(reason, "PDF rejected as damaged");
    ExtractionError::PdfDamaged
}

pub(super) fn within(deadline: Instant) -> Result<(), ExtractionError> {
    if Instant::now() > deadline { Err(ExtractionError::PdfTooComplex) } else { Ok(()) }
}

pub(super) fn open(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractionError> {
    let mut options = LoadOptions::default();
    options.max_decompressed_size = Some(limits.max_decompressed_bytes);
    Document::load_mem_with_options(bytes, options).map_err(|error| match error {
        PdfError::Decryption(_) | PdfError::InvalidPassword | PdfError::UnsupportedSecurityHandler(_) => {
            ExtractionError::PdfEncrypted
        }
        PdfError::Decompress(DecompressError::MemoryLimitExceeded { .. }) => ExtractionError::PdfTooComplex,
        _ => damaged("unreadable file structure"),
    })
}

pub(super) fn decrypt(doc: &mut Document) -> Result<(), ExtractionError> {
    if !doc.is_encrypted() {
        return Ok(());
    }
    match doc.decrypt("") {
        Ok(()) => Ok(()),
        // `decrypt` removes the /Encrypt entry once the password is accepted and then carries on
        // past objects it cannot decrypt; a document in that state is read for what it has.
        Err(_) if !doc.is_encrypted() => Ok(()),
        Err(_) => Err(ExtractionError::PdfEncrypted),
    }
}

/// Page object ids in reading order; stand-ins lopdf keeps for unloadable pages are dropped.
pub(super) fn pages(doc: &Document, limits: &Limits) -> Result<Vec<ObjectId>, ExtractionError> {
    let pages: Vec<ObjectId> = doc.page_iter().filter(|&id| doc.get_dictionary(id).is_ok()).collect();
    if pages.len() > limits.max_pages {
        return Err(ExtractionError::PdfTooManyPages { pages: pages.len(), limit: limits.max_pages });
    }
    if pages.is_empty() {
        return Err(damaged("no readable page"));
    }
    Ok(pages)
}

/// Streams whose data is never text. Images are kept as empty streams so that the pages that
/// draw them still resolve them (and are noted as showing an image).
fn blank_unread_streams(doc: &mut Document) {
    const IMAGE_CODECS: [&[u8]; 4] = [b"DCTDecode", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode"];
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        let is_image = stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|name| name == b"Image")
            || stream.filters().is_ok_and(|filters| filters.iter().any(|filter| IMAGE_CODECS.contains(filter)));
        let never_read = stream.dict.get_type().is_ok_and(|kind| kind == b"EmbeddedFile" || kind == b"Metadata");
        if is_image || never_read {
            stream.set_plain_content(Vec::new());
        }
    }
}

/// Stores every compressed stream decompressed, all of them together within `budget` bytes.
/// A stream that does not decode is emptied: lopdf 0.42 would otherwise try again, unbounded.
fn inflate_streams(doc: &mut Document, budget: usize, deadline: Instant) -> Result<(), ExtractionError> {
    let mut remaining = budget;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if !stream.dict.has(b"Filter") {
            continue;
        }
        within(deadline)?;
        match stream.get_plain_content_with_limit(remaining) {
            Ok(content) => {
                remaining -= content.len();
                stream.set_plain_content(content);
            }
            Err(PdfError::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                tracing::debug!(budget, "PDF streams decompress past the budget");
                return Err(ExtractionError::PdfTooComplex);
            }
            Err(_) => stream.set_plain_content(Vec::new()),
        }
    }
    Ok(())
}

/// Empties every stream pdf-extract will not read, so that neither the clean copy nor
/// pdf-extract's parse of it holds them. Without the colour and graphics-state operators (see
/// `content::write_operation`) it reads only the instructions of pages and of the forms they
/// draw, and of fonts their character maps, encodings and Type 1 programs; colour profiles,
/// functions, shadings, annotation appearances, thumbnails and the like go, and so do TrueType
/// programs, which pdf-extract copies and never looks at.
fn blank_streams_pdf_extract_skips(doc: &mut Document, pages: &[ObjectId], forms: &HashSet<ObjectId>) {
    const FONT_STREAMS: [&[u8]; 4] = [b"FontFile", b"FontFile3", b"ToUnicode", b"Encoding"];
    let mut read = forms.clone();
    for &page in pages {
        read.extend(doc.get_page_contents(page));
    }
    // Font dictionaries sit anywhere: as objects of their own, or inside resources.
    let mut pending: Vec<&Object> = doc.objects.values().collect();
    while let Some(object) = pending.pop() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            Object::Array(items) => {
                pending.extend(items);
                continue;
            }
            _ => continue,
        };
        for (key, value) in dict {
            match value {
                Object::Reference(id) if FONT_STREAMS.contains(&key.as_slice()) => {
                    read.insert(*id);
                }
                Object::Dictionary(_) | Object::Array(_) => pending.push(value),
                _ => {}
            }
        }
    }
    for (id, object) in &mut doc.objects {
        if let Object::Stream(stream) = object
            && !read.contains(id)
            && !stream.content.is_empty()
        {
            stream.set_plain_content(Vec::new());
        }
    }
}

/// Rewrites the drawing instructions of every page and of the forms they draw (see module
/// doc). A page drawn from several streams becomes one stream: the specification lets an
/// instruction straddle two of them. The page's own streams are then emptied, unless a page
/// still to be rewritten or a `Do` uses them: nothing reads them any more.
fn rewrite_content(
    doc: &mut Document,
    pages: &[ObjectId],
    forms: &HashSet<ObjectId>,
    limits: &Limits,
    deadline: Instant,
) -> Result<(), ExtractionError> {
    let mut pages_using: HashMap<ObjectId, usize> = HashMap::new();
    for &page in pages {
        for stream in doc.get_page_contents(page) {
            *pages_using.entry(stream).or_default() += 1;
        }
    }
    // Pages drawn by the same streams share one rewritten stream, as they shared those.
    let mut rewritten_for: HashMap<Vec<ObjectId>, ObjectId> = HashMap::new();
    for &page in pages {
        within(deadline)?;
        let streams = doc.get_page_contents(page);
        let content_id = match rewritten_for.get(&streams) {
            Some(&id) => id,
            None => {
                let content = rewritten(&page_content(doc, page, limits)?, limits, deadline)?;
                let id = doc.add_object(Stream::new(Dictionary::new(), content));
                rewritten_for.insert(streams.clone(), id);
                id
            }
        };
        if let Ok(page) = doc.get_dictionary_mut(page) {
            page.set("Contents", Object::Reference(content_id));
        }
        for id in streams {
            let users = pages_using.entry(id).or_default();
            *users = users.saturating_sub(1);
            if *users == 0
                && !forms.contains(&id)
                && let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut)
            {
                stream.set_plain_content(Vec::new());
            }
        }
    }
    for &id in forms {
        within(deadline)?;
        let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut) else { continue };
        let content = rewritten(&stream.content, limits, deadline)?;
        stream.set_plain_content(content);
    }
    Ok(())
}

/// The instructions as lopdf 0.47 reads them, written back for pdf-extract (see
/// `content::write_operation`).
fn rewritten(content: &[u8], limits: &Limits, deadline: Instant) -> Result<Vec<u8>, ExtractionError> {
    let mut reader = ContentReader::new(content, limits, deadline);
    let mut out = Vec::with_capacity(content.len());
    while let Some(operation) = reader.next()? {
        write_operation(&mut out, &operation);
    }
    Ok(out)
}

/// Hangs every page directly under one new page-tree root, with the attributes it inherited
/// written on the page itself. Resources written into an ancestor become an object of their
/// own, once, which each page refers to: a copy on every page would multiply them by the pages.
fn flatten_page_tree(doc: &mut Document, pages: &[ObjectId]) -> Result<(), ExtractionError> {
    let root_id = doc.new_object_id();
    let mut shared_resources: HashMap<ObjectId, ObjectId> = HashMap::new();
    for &page_id in pages {
        let found = inherited(doc, page_id, b"Resources").map(|(node, value)| (node, value.as_reference().ok()));
        let resources = match found {
            None => None,
            Some((node, _)) if node == page_id => None,
            Some((_, Some(id))) => Some(Object::Reference(id)),
            Some((node, None)) => {
                let id = *shared_resources.entry(node).or_insert_with(|| {
                    let value = inherited(doc, page_id, b"Resources").map(|(_, value)| value.clone());
                    doc.add_object(value.unwrap_or(Object::Null))
                });
                Some(Object::Reference(id))
            }
        };
        let media_box =
            inherited(doc, page_id, b"MediaBox").and_then(|(_, object)| page_box(doc, object)).unwrap_or(LETTER);
        let page = doc.get_dictionary_mut(page_id).map_err(|_| damaged("page vanished"))?;
        if let Some(resources) = resources {
            page.set("Resources", resources);
        }
        page.set("MediaBox", media_box.iter().map(|&n| Object::Real(n)).collect::<Vec<_>>());
        // pdf-extract indexes the art box without checking its length.
        page.remove(b"ArtBox");
        page.set("Parent", Object::Reference(root_id));
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Pages".to_vec()));
    root.set("Kids", pages.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>());
    root.set("Count", pages.len() as i64);
    doc.objects.insert(root_id, Object::Dictionary(root));
    doc.catalog_mut().map_err(|_| damaged("no document catalog"))?.set("Pages", Object::Reference(root_id));
    Ok(())
}

/// The value of `key` on the page or its nearest ancestor, as written there (a reference stays
/// a reference, so resources shared by every page are not copied onto each), and which of them
/// has it.
pub(super) fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<(ObjectId, &'a Object)> {
    let mut node_id = page_id;
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..MAX_PARENT_DEPTH {
        if let Ok(value) = node.get(key) {
            return Some((node_id, value));
        }
        node_id = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(node_id).ok()?;
    }
    None
}

/// Four finite numbers, or `None`.
pub(super) fn page_box(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let numbers = doc.dereference(object).ok()?.1.as_array().ok()?;
    let mut out = [0f32; 4];
    if numbers.len() != 4 {
        return None;
    }
    for (slot, number) in out.iter_mut().zip(numbers) {
        let value = doc.dereference(number).ok()?.1.as_float().ok()?;
        *slot = value.is_finite().then_some(value)?;
    }
    Some(out)
}

/// The drawing instructions of a page: its one stream as it is, or its streams joined (with a
/// line break after each, as lopdf joins them), no longer than the decompression budget (a page
/// may list one stream many times).
pub(super) fn page_content<'d>(
    doc: &'d Document,
    page_id: ObjectId,
    limits: &Limits,
) -> Result<Cow<'d, [u8]>, ExtractionError> {
    match doc.get_page_contents(page_id).as_slice() {
        [id] => {
            Ok(Cow::Borrowed(doc.get_object(*id).and_then(Object::as_stream).map_or(&[], |stream| &stream.content)))
        }
        _ => doc.get_page_content_with_limit(page_id, limits.max_decompressed_bytes).map(Cow::Owned).map_err(|_| {
            tracing::debug!(limit = limits.max_decompressed_bytes, "PDF page's streams are too long together");
            ExtractionError::PdfTooComplex
        }),
    }
}
