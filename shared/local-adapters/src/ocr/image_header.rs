//! What a PNG or JPEG claims before anything decodes it: its dimensions, and whether the file is
//! whole. Decoders allocate the pixels a header announces, so a decompression bomb (a few KB
//! claiming 100 000 × 100 000 pixels) must be refused from the header; and a truncated file
//! decodes without error into a half-grey page that OCR would read as an empty one, so it is
//! refused too. Only the structure is walked (chunks, marker segments); no pixel is decoded.

/// Why a header was refused. The messages are safe to show: they name no content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum HeaderError {
    #[error("the image file is damaged (its header cannot be read); please upload it again")]
    Malformed,
    #[error("the image file is incomplete (it was cut off); please upload it again")]
    Truncated,
}

/// An image's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dimensions {
    pub width: u32,
    pub height: u32,
}

impl Dimensions {
    pub fn pixels(self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

/// A PNG: the `IHDR` chunk first, then chunks up to `IEND` with at least one `IDAT`.
pub(crate) fn png(bytes: &[u8]) -> Result<Dimensions, HeaderError> {
    let body = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n").ok_or(HeaderError::Malformed)?;
    if body.len() < 8 + 13 || &body[4..8] != b"IHDR" || be32(&body[0..4]) != 13 {
        return Err(if body.len() < 8 + 13 { HeaderError::Truncated } else { HeaderError::Malformed });
    }
    let dimensions = Dimensions { width: be32(&body[8..12]), height: be32(&body[12..16]) };
    if dimensions.width == 0 || dimensions.height == 0 {
        return Err(HeaderError::Malformed);
    }
    let (mut at, mut image_data) = (0usize, false);
    loop {
        // length, type, data, CRC
        let header = body.get(at..at + 8).ok_or(HeaderError::Truncated)?;
        let length = be32(&header[0..4]) as usize;
        let kind = &header[4..8];
        let end = at.checked_add(12).and_then(|n| n.checked_add(length)).ok_or(HeaderError::Malformed)?;
        if end > body.len() {
            return Err(HeaderError::Truncated);
        }
        match kind {
            b"IDAT" => image_data = true,
            b"IEND" => return if image_data { Ok(dimensions) } else { Err(HeaderError::Malformed) },
            _ => {}
        }
        at = end;
    }
}

/// A JPEG: marker segments up to a start-of-frame (the dimensions), then scans up to the
/// end-of-image marker.
pub(crate) fn jpeg(bytes: &[u8]) -> Result<Dimensions, HeaderError> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(HeaderError::Malformed);
    }
    let mut at = 2;
    let mut dimensions = None;
    loop {
        // A marker: 0xFF, optional fill bytes 0xFF, then the code.
        if *bytes.get(at).ok_or(HeaderError::Truncated)? != 0xFF {
            return Err(HeaderError::Malformed);
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let code = *bytes.get(at).ok_or(HeaderError::Truncated)?;
        at += 1;
        match code {
            0xD9 => return dimensions.ok_or(HeaderError::Malformed),
            // Standalone markers: no length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 | 0x00 => return Err(HeaderError::Malformed),
            _ => {}
        }
        let length = be16(bytes.get(at..at + 2).ok_or(HeaderError::Truncated)?) as usize;
        if length < 2 {
            return Err(HeaderError::Malformed);
        }
        let segment = bytes.get(at + 2..at + length).ok_or(HeaderError::Truncated)?;
        at += length;
        let is_frame = matches!(code, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_frame {
            // precision, height, width, components
            let frame = segment.get(..6).ok_or(HeaderError::Malformed)?;
            let (height, width) = (u32::from(be16(&frame[1..3])), u32::from(be16(&frame[3..5])));
            // A height of 0 defers it to a DNL marker: legal, rare, and not worth trusting here.
            if width == 0 || height == 0 {
                return Err(HeaderError::Malformed);
            }
            dimensions = Some(Dimensions { width, height });
        }
        if code == 0xDA {
            if dimensions.is_none() {
                return Err(HeaderError::Malformed);
            }
            // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart marker;
            // any other code is the next marker.
            loop {
                let next = bytes[at..].iter().position(|&b| b == 0xFF).ok_or(HeaderError::Truncated)?;
                at += next;
                match bytes.get(at + 1) {
                    None => return Err(HeaderError::Truncated),
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => at += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]); // CRC: not checked here
        out
    }

    fn png_of(width: u32, height: u32, with_end: bool) -> Vec<u8> {
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend(chunk(b"IHDR", &ihdr));
        out.extend(chunk(b"IDAT", &[0x78, 0x9C, 0, 0]));
        if with_end {
            out.extend(chunk(b"IEND", &[]));
        }
        out
    }

    #[test]
    fn png_dimensions_come_from_the_header_and_truncation_is_seen() {
        assert_eq!(png(&png_of(2550, 3300, true)), Ok(Dimensions { width: 2550, height: 3300 }));
        assert_eq!(png(&png_of(100_000, 100_000, true)).unwrap().pixels(), 10_000_000_000);
        assert_eq!(png(&png_of(10, 10, false)), Err(HeaderError::Truncated));
        let whole = png_of(10, 10, true);
        assert_eq!(png(&whole[..whole.len() - 3]), Err(HeaderError::Truncated));
        assert_eq!(png(&whole[..20]), Err(HeaderError::Truncated));
        assert_eq!(png(&png_of(0, 10, true)), Err(HeaderError::Malformed));
        let mut huge_length = png_of(10, 10, true);
        huge_length[33..37].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(png(&huge_length), Err(HeaderError::Truncated));
    }

    fn jpeg_of(width: u16, height: u16, with_end: bool) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8]);
        out.extend_from_slice(&height.to_be_bytes());
        out.extend_from_slice(&width.to_be_bytes());
        out.extend_from_slice(&[1, 1, 0x11, 0]);
        out.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        out.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        if with_end {
            out.extend_from_slice(&[0xFF, 0xD9]);
        }
        out
    }

    #[test]
    fn jpeg_dimensions_come_from_the_frame_and_truncation_is_seen() {
        assert_eq!(jpeg(&jpeg_of(1275, 1650, true)), Ok(Dimensions { width: 1275, height: 1650 }));
        assert_eq!(jpeg(&jpeg_of(1275, 1650, false)), Err(HeaderError::Truncated));
        let whole = jpeg_of(1275, 1650, true);
        for cut in [3, 9, 14, 20] {
            assert_eq!(jpeg(&whole[..cut]), Err(HeaderError::Truncated), "cut at {cut}");
        }
        assert_eq!(jpeg(&jpeg_of(0, 10, true)), Err(HeaderError::Malformed));
        assert_eq!(jpeg(b"\xFF\xD8\x00\x00"), Err(HeaderError::Malformed));
    }
}
