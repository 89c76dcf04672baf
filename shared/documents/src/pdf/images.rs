//! The pictures a PDF embeds — a chart pasted into a discharge letter, a photographed wound in a
//! referral, a scanned lab table — as JPEG or PNG files a vision model can describe
//! ([`pdf_images`]).
//!
//! The file is opened as its text is (`prepare`: lenient repair, decryption with the empty
//! password, bounded object streams, the page limit), on the same bounded worker thread, and the
//! images are found through each page's resources: the image XObjects it names, and those named
//! by the form XObjects it names, forms inside forms up to `walk::MAX_FORM_DEPTH` deep. An image
//! drawn on many pages is taken once, on the first. Images are taken as they are stored:
//!
//! - `DCTDecode`: the stream is a JPEG file already; its bytes are taken as they are (once any
//!   lossless filters wrapped around it are undone), and its size is read from its own header
//!   (the dictionary's may disagree).
//! - Unfiltered, or filtered losslessly (`FlateDecode`, with or without a PNG or TIFF predictor,
//!   `LZWDecode`, `RunLengthDecode`, the ASCII encodings), with 8 bits a sample in grey or RGB
//!   (`DeviceGray`, `DeviceRGB`, `CalGray`, `CalRGB`, or `ICCBased` with 1 or 3 components):
//!   decoded within a bound of exactly the samples the size promises, and written as PNG by the
//!   small encoder below (a zlib stream and CRC-32s, from flate2).
//! - Everything else is skipped, not an error: JBIG2, CCITT and JPEG 2000 (Converse takes none
//!   of them, and each would need a decoder of its own; bilevel scans go to OCR anyway),
//!   indexed, CMYK, Lab and separation colour, 1-, 2-, 4- and 16-bit samples, stencil masks,
//!   JPEGs with an inverted `Decode`.
//!
//! What is skipped by size: images under [`ImageLimits::min_side`] on either side (logos, rules,
//! bullets), over [`ImageLimits::max_side`] or [`ImageLimits::max_image_pixels`], over
//! [`ImageLimits::max_image_bytes`] once written, and any past [`ImageLimits::max_images`] or
//! [`ImageLimits::max_total_pixels`]. Truncating here is deliberate, unlike for text: the
//! pictures enrich a document whose text is read in full, and the first few carry most of it.
//!
//! What a hostile file costs: its parse (as for text), then at most one image decoded at a time
//! (at most `max_image_pixels` × 3 bytes, or `max_image_bytes` for a wrapped JPEG; a stream that
//! inflates past that is cut off there and skipped), at most `max_images` × `max_image_bytes`
//! kept, and every image decoded or taken counted against `max_total_pixels`. The walk looks at
//! most `MAX_XOBJECT_ENTRIES` resource entries and checks the clock as it goes; past either the
//! file is refused as too complex.

use std::collections::HashSet;
use std::io::Write;
use std::time::Instant;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use mediclear_ports::vision::{ImageFormat, image_size};

use super::prepare::{self, within};
use super::run_on_worker;
use super::walk::MAX_FORM_DEPTH;
use crate::error::ExtractionError;
use crate::limits::Limits;
use crate::sniff::{is_pdf, sniff};

/// Most entries of `XObject` resource dictionaries looked at in one file, pages and forms
/// together. Real files name a few per page; a file whose thousands of pages each share a
/// resource dictionary naming thousands of objects would otherwise be walked for minutes.
const MAX_XOBJECT_ENTRIES: usize = 1_000_000;
/// Filters whose output is the samples themselves, all of which lopdf decodes within a bound.
const LOSSLESS_FILTERS: [&[u8]; 5] =
    [b"FlateDecode", b"LZWDecode", b"RunLengthDecode", b"ASCII85Decode", b"ASCIIHexDecode"];
/// Rows of a PNG written between two looks at the clock.
const ROWS_PER_CHECK: usize = 256;

/// One picture of a PDF, as a file of its own.
#[derive(Clone, PartialEq, Eq)]
pub struct EmbeddedImage {
    /// The first page (1-based) whose resources name it.
    pub page: u32,
    pub format: ImageFormat,
    /// A JPEG or PNG file.
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for EmbeddedImage {
    // The bytes are a patient's document: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedImage")
            .field("page", &self.page)
            .field("format", &self.format)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Ceilings for taking the images out of one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// How the file is opened, as for its text: its size, pages, object-stream decompression and
    /// the wall-clock time of the whole search.
    pub document: Limits,
    /// Most images returned: the first found, in page order.
    pub max_images: usize,
    /// Largest image returned, in bytes (a JPEG as stored, a PNG as written).
    pub max_image_bytes: usize,
    /// Narrowest and shortest image taken, in pixels.
    pub min_side: u32,
    /// Widest and tallest image taken, in pixels.
    pub max_side: u32,
    /// Most pixels of one image: decoding one holds three bytes a pixel in RGB.
    pub max_image_pixels: u64,
    /// Most pixels of every image decoded or taken, together (one that fails to decode counts).
    pub max_total_pixels: u64,
}

impl ImageLimits {
    pub const DEFAULT: ImageLimits = ImageLimits {
        document: Limits::DEFAULT,
        // A handful of pictures carries most of what a document shows; each costs a model call.
        max_images: 8,
        // What Bedrock Converse takes in one image block (3.75 MB, 8000 px a side).
        max_image_bytes: 3_750_000,
        // Logos, rules, bullets and signature strokes are smaller; a chart or photo is not.
        min_side: 64,
        max_side: 8000,
        // A Letter page scanned at 400 dpi (15 Mpx): 48 MB decoded at most.
        max_image_pixels: 16_000_000,
        // Four such pages, or seven scanned at 300 dpi (8.4 Mpx each).
        max_total_pixels: 64_000_000,
    };
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits::DEFAULT
    }
}

/// The images of a PDF (see module doc), within `limits`. Refused like its text when the file
/// cannot be opened (damaged, encrypted with a password, too large, too many pages, too complex);
/// a PDF without images is `Ok` and empty.
pub fn pdf_images(bytes: &[u8], limits: &ImageLimits) -> Result<Vec<EmbeddedImage>, ExtractionError> {
    if bytes.is_empty() {
        return Err(ExtractionError::Empty);
    }
    if bytes.len() > limits.document.max_bytes {
        return Err(limits.document.too_large());
    }
    if !is_pdf(bytes) {
        return Err(ExtractionError::ContentMismatch { declared: "application/pdf", detected: sniff(bytes) });
    }
    let (bytes, limits) = (bytes.to_vec(), *limits);
    run_on_worker(limits.document.time_budget, move |deadline| find_images(bytes, &limits, deadline))
}

/// Runs on the worker: opens the file and searches its pages in order.
fn find_images(bytes: Vec<u8>, limits: &ImageLimits, deadline: Instant) -> Result<Vec<EmbeddedImage>, ExtractionError> {
    let mut doc = prepare::open(&bytes, &limits.document)?;
    // Parsed: the file is not needed any more.
    drop(bytes);
    prepare::decrypt(&mut doc)?;
    let pages = prepare::pages(&doc, &limits.document)?;
    let mut search =
        Search { doc: &doc, limits, deadline, seen: HashSet::new(), entries: 0, pixels: 0, found: Vec::new() };
    for (index, &page) in pages.iter().enumerate() {
        if search.found.len() >= limits.max_images {
            break;
        }
        within(deadline)?;
        let resources = prepare::inherited(&doc, page, b"Resources")
            .and_then(|(_, resources)| doc.dereference(resources).ok())
            .and_then(|(_, resources)| resources.as_dict().ok());
        if let Some(resources) = resources {
            search.resources(resources, index as u32 + 1, 0)?;
        }
    }
    if !search.found.is_empty() {
        tracing::debug!(images = search.found.len(), pixels = search.pixels, "PDF images taken");
    }
    Ok(search.found)
}

/// The search through one document's resources.
struct Search<'a> {
    doc: &'a Document,
    limits: &'a ImageLimits,
    deadline: Instant,
    /// Every image and form looked at: each is looked at once, whoever names it.
    seen: HashSet<ObjectId>,
    /// `XObject` entries looked at so far.
    entries: usize,
    /// Pixels of the images decoded or taken so far.
    pixels: u64,
    found: Vec<EmbeddedImage>,
}

impl<'a> Search<'a> {
    /// The images a resource dictionary names, directly or through its forms (`depth` forms deep).
    fn resources(&mut self, resources: &'a Dictionary, page: u32, depth: usize) -> Result<(), ExtractionError> {
        let Some(xobjects) = resources.get_deref(b"XObject", self.doc).ok().and_then(|object| object.as_dict().ok())
        else {
            return Ok(());
        };
        for (_name, entry) in xobjects.iter() {
            if self.found.len() >= self.limits.max_images {
                return Ok(());
            }
            self.entries += 1;
            if self.entries > MAX_XOBJECT_ENTRIES {
                tracing::debug!(limit = MAX_XOBJECT_ENTRIES, "PDF names too many XObjects");
                return Err(ExtractionError::PdfTooComplex);
            }
            within(self.deadline)?;
            let Ok((Some(id), object)) = self.doc.dereference(entry) else { continue };
            let Ok(stream) = object.as_stream() else { continue };
            match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                Ok(b"Image") => {
                    if self.seen.insert(id)
                        && let Some(image) = self.image(stream, page)?
                    {
                        self.found.push(image);
                    }
                }
                Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                    if !self.seen.insert(id) {
                        continue;
                    }
                    let form_resources =
                        stream.dict.get_deref(b"Resources", self.doc).ok().and_then(|object| object.as_dict().ok());
                    // A form without resources of its own uses its caller's, looked at already.
                    if let Some(form_resources) = form_resources {
                        self.resources(form_resources, page, depth + 1)?;
                    }
                }
                // Deeper forms are not followed; nothing else holds images.
                _ => {}
            }
        }
        Ok(())
    }

    /// One image XObject as a file, or `None` when it is skipped (see module doc).
    fn image(&mut self, stream: &Stream, page: u32) -> Result<Option<EmbeddedImage>, ExtractionError> {
        let dict = &stream.dict;
        let number = |key: &[u8]| dict.get_deref(key, self.doc).ok().and_then(|object| object.as_i64().ok());
        if dict.get_deref(b"ImageMask", self.doc).and_then(Object::as_bool).unwrap_or(false) {
            return Ok(None);
        }
        let (Some(width), Some(height)) = (number(b"Width"), number(b"Height")) else { return Ok(None) };
        let (Ok(width @ 1..), Ok(height @ 1..)) = (u32::try_from(width), u32::try_from(height)) else {
            return Ok(None);
        };
        if number(b"BitsPerComponent").unwrap_or(8) != 8 {
            return Ok(None);
        }
        let Some(components) = components(dict, self.doc) else { return Ok(None) };
        let decode = decode(dict, self.doc, components);
        let filters = match dict.get(b"Filter") {
            Err(_) => Vec::new(),
            Ok(_) => match stream.filters() {
                Ok(filters) => filters,
                Err(_) => return Ok(None),
            },
        };
        match filters.as_slice() {
            [b"DCTDecode"] if decode == Some(Decode::AsIs) => Ok(self.jpeg(&stream.content, page)),
            [outer @ .., b"DCTDecode"]
                if decode == Some(Decode::AsIs) && outer.iter().all(|filter| LOSSLESS_FILTERS.contains(filter)) =>
            {
                Ok(unwrapped_jpeg(stream, outer.len(), self.limits.max_image_bytes)
                    .and_then(|jpeg| self.jpeg(&jpeg, page)))
            }
            filters if filters.iter().all(|filter| LOSSLESS_FILTERS.contains(filter)) => {
                let Some(decode) = decode else { return Ok(None) };
                let samples = Samples { stream, filtered: !filters.is_empty(), width, height, components, decode };
                self.png(samples, page)
            }
            _ => Ok(None),
        }
    }

    /// Whether an image of this size is taken, and if so counts its pixels.
    fn take_size(&mut self, width: u32, height: u32) -> bool {
        let limits = self.limits;
        let pixels = u64::from(width) * u64::from(height);
        let fits = width >= limits.min_side
            && height >= limits.min_side
            && width <= limits.max_side
            && height <= limits.max_side
            && pixels <= limits.max_image_pixels
            && self.pixels.saturating_add(pixels) <= limits.max_total_pixels;
        if fits {
            self.pixels += pixels;
        }
        fits
    }

    fn jpeg(&mut self, content: &[u8], page: u32) -> Option<EmbeddedImage> {
        let (width, height) = image_size(content, ImageFormat::Jpeg)?;
        if ImageFormat::of(content) != Some(ImageFormat::Jpeg)
            || content.len() > self.limits.max_image_bytes
            || !self.take_size(width, height)
        {
            return None;
        }
        Some(EmbeddedImage { page, format: ImageFormat::Jpeg, bytes: content.to_vec(), width, height })
    }

    fn png(&mut self, image: Samples<'_>, page: u32) -> Result<Option<EmbeddedImage>, ExtractionError> {
        let Samples { stream, filtered, width, height, components, decode } = image;
        if !self.take_size(width, height) {
            return Ok(None);
        }
        // Within `max_image_pixels` × 3: no overflow.
        let expected = width as usize * height as usize * usize::from(components);
        let decoded;
        let samples: &[u8] = if filtered {
            // A PNG predictor adds a byte to every row before it is undone.
            match stream.decompressed_content_with_limit(expected + height as usize) {
                Ok(content) => {
                    decoded = content;
                    &decoded
                }
                Err(_) => return Ok(None),
            }
        } else {
            &stream.content
        };
        // Short data is a damaged image; longer data carries padding the size does not use.
        let Some(samples) = samples.get(..expected) else { return Ok(None) };
        let bytes = encode_png(width, height, components, samples, decode, self.limits.max_image_bytes, self.deadline)?;
        Ok(bytes.map(|bytes| EmbeddedImage { page, format: ImageFormat::Png, bytes, width, height }))
    }
}

/// The JPEG inside a `DCTDecode` stream that lossless filters wrap (`[/FlateDecode /DCTDecode]`,
/// `[/ASCII85Decode /DCTDecode]`): those `outer` filters undone, within the size a JPEG may have.
fn unwrapped_jpeg(stream: &Stream, outer: usize, max_bytes: usize) -> Option<Vec<u8>> {
    let filters = stream.dict.get(b"Filter").ok()?.as_array().ok()?;
    let mut wrapper = Dictionary::new();
    wrapper.set("Filter", filters[..outer].to_vec());
    if let Ok(Object::Array(parameters)) = stream.dict.get(b"DecodeParms") {
        wrapper.set("DecodeParms", parameters.iter().take(outer).cloned().collect::<Vec<_>>());
    }
    Stream::new(wrapper, stream.content.clone()).decompressed_content_with_limit(max_bytes).ok()
}

/// An image stored as its samples, and how to read them.
struct Samples<'s> {
    stream: &'s Stream,
    /// Whether `stream` names filters (else its content is the samples).
    filtered: bool,
    width: u32,
    height: u32,
    components: u8,
    decode: Decode,
}

/// Components of a grey or RGB colour space, or `None` for any other.
fn components(dict: &Dictionary, doc: &Document) -> Option<u8> {
    let space = dict.get_deref(b"ColorSpace", doc).ok()?;
    let (family, parameters) = match space {
        Object::Name(name) => (name.as_slice(), None),
        Object::Array(items) => (doc.dereference(items.first()?).ok()?.1.as_name().ok()?, items.get(1)),
        _ => return None,
    };
    match family {
        b"DeviceGray" | b"G" | b"CalGray" => Some(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(3),
        b"ICCBased" => {
            let profile = doc.dereference(parameters?).ok()?.1.as_stream().ok()?;
            match profile.dict.get_deref(b"N", doc).ok()?.as_i64().ok()? {
                1 => Some(1),
                3 => Some(3),
                _ => None,
            }
        }
        _ => None,
    }
}

/// How samples map to colour (`Decode`): as stored, or inverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decode {
    AsIs,
    Inverted,
}

/// The image's `Decode` array: absent or `[0 1 …]` is as stored, `[1 0 …]` inverted; any other
/// mapping is `None` (skipped).
fn decode(dict: &Dictionary, doc: &Document, components: u8) -> Option<Decode> {
    let Ok(array) = dict.get_deref(b"Decode", doc) else { return Some(Decode::AsIs) };
    let numbers: Vec<f32> = array.as_array().ok()?.iter().map(|n| n.as_float().ok()).collect::<Option<_>>()?;
    if numbers.len() != 2 * usize::from(components) {
        return None;
    }
    let pairs: Vec<(f32, f32)> = numbers.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
    if pairs.iter().all(|&pair| pair == (0., 1.)) {
        Some(Decode::AsIs)
    } else if pairs.iter().all(|&pair| pair == (1., 0.)) {
        Some(Decode::Inverted)
    } else {
        None
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// Bytes of a PNG besides its compressed samples: the signature and three chunks' framing and
/// the header's fields.
const PNG_OVERHEAD: usize = 8 + (12 + 13) + 12 + 12;

/// 8-bit grey (1 component) or RGB (3) samples, rows top to bottom, as a PNG file (ISO/IEC 15948):
/// one `IHDR`, one `IDAT` with the rows unfiltered (filter type 0) in a zlib stream, `IEND`.
/// `None` once it is longer than `max_bytes`, found while it is written.
fn encode_png(
    width: u32,
    height: u32,
    components: u8,
    samples: &[u8],
    decode: Decode,
    max_bytes: usize,
    deadline: Instant,
) -> Result<Option<Vec<u8>>, ExtractionError> {
    let row = width as usize * usize::from(components);
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::fast());
    let mut inverted = Vec::new();
    for (index, line) in samples.chunks_exact(row).enumerate() {
        if index % ROWS_PER_CHECK == 0 {
            within(deadline)?;
        }
        let line = match decode {
            Decode::AsIs => line,
            Decode::Inverted => {
                inverted.clear();
                inverted.extend(line.iter().map(|sample| !sample));
                &inverted
            }
        };
        // Writing to a Vec cannot fail.
        let _ = zlib.write_all(&[0]).and_then(|()| zlib.write_all(line));
        if zlib.get_ref().len() + PNG_OVERHEAD > max_bytes {
            return Ok(None);
        }
    }
    let Ok(compressed) = zlib.finish() else { return Ok(None) };
    if compressed.len() + PNG_OVERHEAD > max_bytes {
        return Ok(None);
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8; colour type 0 (grey) or 2 (RGB); deflate; adaptive filtering; no interlace.
    header.extend_from_slice(&[8, if components == 1 { 0 } else { 2 }, 0, 0, 0]);
    let mut png = Vec::with_capacity(compressed.len() + PNG_OVERHEAD);
    png.extend_from_slice(PNG_SIGNATURE);
    write_chunk(&mut png, b"IHDR", &header);
    write_chunk(&mut png, b"IDAT", &compressed);
    write_chunk(&mut png, b"IEND", &[]);
    Ok(Some(png))
}

/// Length, type, data and the CRC-32 of type and data.
fn write_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::time::Duration;

    use super::*;

    fn far_future() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    /// The chunks of a PNG, each checked against its CRC.
    fn chunks(png: &[u8]) -> Vec<(String, Vec<u8>)> {
        assert!(png.starts_with(PNG_SIGNATURE));
        let mut at = 8;
        let mut chunks = Vec::new();
        while at < png.len() {
            let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + length];
            let mut crc = Crc::new();
            crc.update(kind);
            crc.update(data);
            assert_eq!(crc.sum().to_be_bytes(), png[at + 8 + length..at + 12 + length], "CRC of {kind:?}");
            chunks.push((String::from_utf8(kind.to_vec()).unwrap(), data.to_vec()));
            at += 12 + length;
        }
        chunks
    }

    #[test]
    fn pngs_hold_the_rows_unfiltered_behind_a_valid_header() {
        let samples: Vec<u8> = (0..3 * 4 * 2).map(|i| i as u8 * 10).collect();
        let png = encode_png(4, 2, 3, &samples, Decode::AsIs, 1 << 20, far_future()).unwrap().unwrap();

        let chunks = chunks(&png);
        let kinds: Vec<&str> = chunks.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        assert_eq!(chunks[0].1, [0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
        let mut rows = Vec::new();
        flate2::read::ZlibDecoder::new(chunks[1].1.as_slice()).read_to_end(&mut rows).unwrap();
        let expected: Vec<u8> = [&[0][..], &samples[..12], &[0], &samples[12..]].concat();
        assert_eq!(rows, expected);
        assert_eq!(image_size(&png, ImageFormat::Png), Some((4, 2)));
    }

    #[test]
    fn inverted_grey_is_written_the_right_way_round() {
        let png = encode_png(2, 1, 1, &[0, 200], Decode::Inverted, 1 << 20, far_future()).unwrap().unwrap();
        let chunks = chunks(&png);
        assert_eq!(chunks[0].1[9], 0, "colour type grey");
        let mut rows = Vec::new();
        flate2::read::ZlibDecoder::new(chunks[1].1.as_slice()).read_to_end(&mut rows).unwrap();
        assert_eq!(rows, [0, 255, 55]);
    }

    #[test]
    fn a_png_over_the_size_limit_is_abandoned() {
        // Noise does not compress.
        let mut seed = 0x9E37_79B9u32;
        let samples: Vec<u8> = (0..3 * 256 * 256)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed as u8
            })
            .collect();
        assert_eq!(encode_png(256, 256, 3, &samples, Decode::AsIs, 64 * 1024, far_future()), Ok(None));
        assert!(encode_png(256, 256, 3, &samples, Decode::AsIs, 1 << 20, far_future()).unwrap().is_some());
    }

    #[test]
    fn the_clock_is_checked_while_a_png_is_written() {
        let samples = vec![0u8; 64 * 64];
        let past = Instant::now() - Duration::from_millis(1);
        assert_eq!(encode_png(64, 64, 1, &samples, Decode::AsIs, 1 << 20, past), Err(ExtractionError::PdfTooComplex));
    }
}
