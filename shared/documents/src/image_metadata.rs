//! Removing what a photo says about where and how it was taken before it is stored: a phone's
//! picture of a lab report carries GPS coordinates, the device's make and serial, and the time in
//! its EXIF block — none of which a clinic needs, and the location is itself identifying. The
//! pixels are left exactly as they were (no re-encoding, so OCR reads the same image).
//!
//! - **JPEG**: the segments before the image data are kept only if they describe how to display
//!   it — JFIF (APP0), the ICC colour profile (APP2 `ICC_PROFILE`) and Adobe's colour transform
//!   (APP14); every other application segment (APP1 EXIF/XMP, APP13 IPTC, maker notes, …) and
//!   comments are dropped. The orientation EXIF carried is lost with it; OCR deskews and rotates
//!   anyway.
//! - **PNG**: critical chunks and the colour/display ancillaries (`PLTE`, `tRNS`, `gAMA`, `cHRM`,
//!   `sRGB`, `iCCP`, `sBIT`, `pHYs`) are kept; text (`tEXt`, `zTXt`, `iTXt`), `eXIf`, `tIME` and
//!   anything unknown are dropped.
//!
//! A file whose structure does not parse is refused (it could not be shown or read either).

/// Why an image could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("the image is damaged or incomplete; please upload it again")]
    Damaged,
}

/// The image without its metadata; other bytes are returned as they are.
pub fn strip_image_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        strip_jpeg(bytes)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        strip_png(bytes)
    } else {
        Ok(bytes.to_vec())
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // Fill bytes (0xFF runs) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else { return Err(ImageError::Damaged) };
        match marker {
            // Start of scan: everything from here is image data (and the end marker).
            0xDA => {
                out.extend_from_slice(&bytes[at..]);
                return Ok(out);
            }
            0xD9 => return Err(ImageError::Damaged),
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                at += 2;
            }
            _ => {
                let length = bytes.get(at + 2..at + 4).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))).ok_or(ImageError::Damaged)?;
                let end = at + 2 + length;
                if length < 2 || end > bytes.len() {
                    return Err(ImageError::Damaged);
                }
                let payload = &bytes[at + 4..end];
                let keep = match marker {
                    0xE0 => payload.starts_with(b"JFIF\0") || payload.starts_with(b"JFXX\0"),
                    0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
                    0xEE => payload.starts_with(b"Adobe"),
                    0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(&bytes[at..end]);
                }
                at = end;
            }
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    const KEPT_ANCILLARY: [&[u8; 4]; 7] = [b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs"];
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    loop {
        let header = bytes.get(at..at + 8).ok_or(ImageError::Damaged)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind: [u8; 4] = [header[4], header[5], header[6], header[7]];
        let end = at.checked_add(12).and_then(|n| n.checked_add(length)).filter(|&end| end <= bytes.len()).ok_or(ImageError::Damaged)?;
        let critical = kind[0].is_ascii_uppercase();
        if critical || KEPT_ANCILLARY.contains(&&kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    #[test]
    fn jpeg_exif_and_comments_go_and_the_image_data_stays() {
        let exif = segment(0xE1, b"Exif\0\0GPS 40.7128 N 74.0060 W iPhone 15");
        let jfif = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let icc = segment(0xE2, b"ICC_PROFILE\0\x01\x01profile");
        let comment = segment(0xFE, b"taken at 12 Main St");
        let quant = segment(0xDB, &[0; 65]);
        let scan = [&[0xFF, 0xDA, 0x00, 0x08][..], &[1, 2, 3, 4, 5, 6, 0xFF, 0x00, 7], &[0xFF, 0xD9]].concat();
        let jpeg = [&[0xFF, 0xD8][..], &jfif, &exif, &icc, &comment, &quant, &scan].concat();
        let clean = strip_image_metadata(&jpeg).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("iPhone") && !text.contains("Main St"), "{text}");
        assert_eq!(clean, [&[0xFF, 0xD8][..], &jfif, &icc, &quant, &scan].concat(), "display segments and the image data are untouched");
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            [&(data.len() as u32).to_be_bytes()[..], kind, data, &[0, 0, 0, 0]].concat()
        }
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let text = chunk(b"tEXt", b"Author\0Jane Patient");
        let exif = chunk(b"eXIf", b"MM\0*GPS");
        let phys = chunk(b"pHYs", &[0, 0, 11, 19, 0, 0, 11, 19, 1]);
        let idat = chunk(b"IDAT", b"pixels");
        let iend = chunk(b"IEND", b"");
        let png = [PNG_SIGNATURE, &ihdr, &text, &exif, &phys, &idat, &iend].concat();
        assert_eq!(strip_image_metadata(&png).unwrap(), [PNG_SIGNATURE, &ihdr, &phys, &idat, &iend].concat());
    }

    #[test]
    fn damaged_images_are_refused_and_other_files_pass_through() {
        assert_eq!(strip_image_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]), Err(ImageError::Damaged));
        assert_eq!(strip_image_metadata(&[PNG_SIGNATURE, &[0, 0, 0, 200][..], b"IHDR"].concat()), Err(ImageError::Damaged));
        assert_eq!(strip_image_metadata(b"%PDF-1.7").unwrap(), b"%PDF-1.7");
    }
}
