//! What a file's bytes say it is, whatever its declared content type. Uploads carry a type the
//! browser guessed from the file name, so a renamed scan (`notes.pdf` that is a JPEG) or a Word
//! document saved as `.txt` is common; callers compare [`sniff`] with the declared type and
//! reject a mismatch with a clear reason instead of a confusing parse failure.
//!
//! Only magic numbers are trusted. "Text" is a judgement on the first 8 KiB: no NUL bytes, and
//! either a byte-order mark, valid UTF-8, or bytes that are plausible Windows-1252 (the same
//! rules [`crate::plain_text`] decodes with).

use crate::plain;

/// How far into the file the PDF header may start. The PDF specification puts it at byte 0, but
/// readers (Acrobat included) accept junk before it within the first KiB, and files produced by
/// some mail and fax gateways have such junk.
const PDF_HEADER_WINDOW: usize = 1024;

/// How much of the file the text judgement reads.
const TEXT_WINDOW: usize = 8 * 1024;

/// The content type the bytes look like, or `None` when they are empty or unrecognised binary.
///
/// Recognised: `application/pdf`, `image/png`, `image/jpeg`, `image/tiff`, `image/gif`,
/// `application/zip` (also DOCX/XLSX), `application/x-ole-storage` (legacy DOC/XLS),
/// and `text/plain`.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.is_empty() {
        return None;
    }
    if is_pdf(bytes) {
        return Some("application/pdf");
    }
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"II*\x00", "image/tiff"),
        (b"MM\x00*", "image/tiff"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/x-ole-storage"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    if plain::looks_like_text(&bytes[..bytes.len().min(TEXT_WINDOW)], bytes.len() > TEXT_WINDOW) {
        return Some("text/plain");
    }
    None
}

/// Whether the bytes carry a PDF header (`%PDF-`) within the first KiB.
pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(PDF_HEADER_WINDOW)].windows(5).any(|window| window == b"%PDF-")
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn recognises_documents_and_images_by_their_magic_numbers() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE1\0\x16Exif"), Some("image/jpeg"));
        assert_eq!(sniff(b"II*\x00\x08\x00\x00\x00"), Some("image/tiff"));
        assert_eq!(sniff(b"GIF89a\x01\x00"), Some("image/gif"));
        assert_eq!(sniff(b"PK\x03\x04\x14\x00"), Some("application/zip"));
        assert_eq!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"), Some("application/x-ole-storage"));
    }

    #[test]
    fn finds_a_pdf_header_after_junk_from_mail_gateways() {
        let mut bytes = b"X-Scanner: fax gateway\r\n\r\n".to_vec();
        bytes.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&bytes), Some("application/pdf"));
        let mut late = vec![b' '; 2000];
        late.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&late), Some("text/plain"));
    }

    #[test]
    fn text_is_anything_the_text_reader_would_read() {
        assert_eq!(sniff("Progress note: patient is stable.\n".as_bytes()), Some("text/plain"));
        assert_eq!(sniff(b"\xFF\xFEH\0i\0"), Some("text/plain"));
        assert_eq!(sniff(b"Dose 5 \xB5g"), Some("text/plain"));
        // A multi-byte character cut by the 8 KiB window is not binary.
        let long = "é".repeat(5000);
        assert_eq!(sniff(long.as_bytes()), Some("text/plain"));
    }

    #[test]
    fn unknown_binary_and_empty_files_are_not_recognised() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"\x7FELF\x02\x01\x01\x00"), None);
        assert_eq!(sniff(&[0u8; 64]), None);
    }
}
