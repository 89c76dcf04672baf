//! Vision: a description of one image of a medical document — an uploaded photo or scan, or a
//! picture embedded in a PDF — for the patient's record: what it shows and the text and values
//! visible in it. The health-insights pipeline's "tier 2 — enrich" step adds the description to
//! the document's text, marked as a description, so that a chart or a photographed table is
//! searchable like typed text.
//!
//! On AWS it is a Claude model through Bedrock Converse (`mediclear_aws::BedrockVision`).
//! Offline there is no vision model and no adapter: the pipeline records that the step was
//! skipped.
//!
//! Errors: `Rejected(reason)` for an image the model refuses (a content filter, a guardrail, an
//! image it cannot read) or one too large for it — the reason is safe to show and names no
//! content; `Unavailable` when the model cannot be reached now (throttling, timeouts), worth
//! retrying later.
//!
//! [`image_size`] reads an image's width and height from its header, so that an adapter and the
//! PDF image extraction hold images to the same size limits without decoding them.

use async_trait::async_trait;

use crate::error::PortResult;

/// The image formats vision takes: what PDFs embed and phones and scanners produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The format the bytes' magic number says, if it is one of these.
    pub fn of(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(PNG_SIGNATURE) {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(b"\xFF\xD8\xFF") {
            Some(ImageFormat::Jpeg)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }
}

/// What the model saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageDescription {
    /// The description, in the model's words; a description cut off at the model's output limit
    /// ends with a marker that says so.
    pub text: String,
    /// Which model described it (the Bedrock model id), recorded with the document.
    pub model: String,
}

#[async_trait]
pub trait Vision: Send + Sync {
    /// Describes one medical-document image for the patient's record: what it shows (a chart, a
    /// photo of a lesion, a scanned table, an imaging still…) and any text or values visible in
    /// it; `context` is a short hint (document type), never PHI-bearing instructions. `Rejected`
    /// for an image the model refuses or that is too large; `Unavailable` when the model cannot
    /// be reached now.
    async fn describe(&self, image: &[u8], format: ImageFormat, context: &str) -> PortResult<ImageDescription>;
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height in pixels, as the image's header states them (PNG `IHDR`; a JPEG's
/// start-of-frame segment), or `None` when the header is missing, damaged or says zero. Reads
/// the header only: whether the pixel data is intact is the decoder's to say.
pub fn image_size(bytes: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    let (width, height) = match format {
        ImageFormat::Png => png_size(bytes)?,
        ImageFormat::Jpeg => jpeg_size(bytes)?,
    };
    (width > 0 && height > 0).then_some((width, height))
}

fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    // The signature, then IHDR first: length (4), type (4), width (4), height (4).
    if !bytes.starts_with(PNG_SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return None;
    }
    let number = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    Some((number(16)?, number(20)?))
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !bytes.starts_with(b"\xFF\xD8") {
        return None;
    }
    let mut at = 2;
    loop {
        // Fill bytes (0xFF runs) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else { return None };
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => at += 2,
            // The image data or its end before any frame header.
            0xD9 | 0xDA => return None,
            _ => {
                let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
                // Start of frame, every coding process (C4, C8 and CC are other tables): precision
                // (1), height (2), width (2).
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    let field = |offset: usize| -> Option<u32> {
                        Some(u32::from(u16::from_be_bytes([*bytes.get(at + offset)?, *bytes.get(at + offset + 1)?])))
                    };
                    return Some((field(7)?, field(5)?));
                }
                if length < 2 {
                    return None;
                }
                at += 2 + length;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        png
    }

    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut jpeg = b"\xFF\xD8".to_vec();
        // APP0 JFIF, then a DHT (C4, not a frame), then SOF2 (progressive).
        jpeg.extend_from_slice(b"\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
        jpeg.extend_from_slice(b"\xFF\xC4\x00\x03\x00");
        jpeg.extend_from_slice(b"\xFF\xFF\xC2\x00\x11\x08");
        jpeg.extend_from_slice(&height.to_be_bytes());
        jpeg.extend_from_slice(&width.to_be_bytes());
        jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.extend_from_slice(b"\xFF\xDA");
        jpeg
    }

    #[test]
    fn formats_are_known_by_their_magic_numbers() {
        assert_eq!(ImageFormat::of(&png_header(1, 1)), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::of(&jpeg_header(1, 1)), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::of(b"%PDF-1.7"), None);
        assert_eq!(ImageFormat::of(b""), None);
        assert_eq!(ImageFormat::Jpeg.content_type(), "image/jpeg");
    }

    #[test]
    fn sizes_come_from_the_headers() {
        assert_eq!(image_size(&png_header(640, 480), ImageFormat::Png), Some((640, 480)));
        assert_eq!(image_size(&jpeg_header(8001, 20), ImageFormat::Jpeg), Some((8001, 20)));
        assert_eq!(image_size(&png_header(0, 480), ImageFormat::Png), None, "zero is no size");
        assert_eq!(image_size(&png_header(640, 480), ImageFormat::Jpeg), None, "the wrong format");
    }

    #[test]
    fn damaged_headers_have_no_size() {
        let jpeg = jpeg_header(300, 200);
        for cut in 0..jpeg.len() - 12 {
            assert_eq!(image_size(&jpeg[..cut], ImageFormat::Jpeg), None, "cut at {cut}");
        }
        assert_eq!(image_size(b"\xFF\xD8\xFF\xE0\x00\x01", ImageFormat::Jpeg), None, "a length under 2");
        assert_eq!(image_size(b"\xFF\xD8\xFF\xDA\x00\x02", ImageFormat::Jpeg), None, "image data before a frame");
        assert_eq!(image_size(&png_header(640, 480)[..22], ImageFormat::Png), None);
    }
}
