//! Plain-text uploads: which encodings are read, and what counts as text at all.
//!
//! Read: UTF-8 (with or without a byte-order mark) and UTF-16 LE/BE with a byte-order mark.
//! Without a mark, bytes that are not valid UTF-8 are read as **Windows-1252**, provided every
//! byte is defined there. Why the fallback: clinical systems in the US and Notepad before
//! Windows 10 (1903) save "ANSI" text in Windows-1252, and notes written there use µ, °, ±, ½
//! in doses and vitals; refusing those files would refuse a whole class of real notes. Windows-1252
//! also covers every printable Latin-1 (ISO-8859-1) character, so Latin-1 files read the same.
//! The risk, text in another legacy code page (Cyrillic, Central European) read as mojibake, is
//! accepted: UTF-8 is tried first, and such files are rare in this product's market. UTF-16
//! without a mark is not guessed: its NUL bytes make it fail the text check below.
//!
//! A file is refused as binary when it holds a NUL character or when more than 1% of its
//! characters are control characters other than tab, line feed, carriage return and form feed;
//! a few stray controls (old editors leave them) are dropped.

use crate::error::ExtractionError;
use crate::normalise::normalise;

/// The characters of Windows-1252 at 0x80..=0x9F, where it differs from Latin-1. `None` marks the
/// five bytes Windows-1252 leaves undefined; a file containing them is not Windows-1252.
#[rustfmt::skip]
const WINDOWS_1252_HIGH: [Option<char>; 32] = [
    Some('€'), None, Some('‚'), Some('ƒ'), Some('„'), Some('…'), Some('†'), Some('‡'),
    Some('ˆ'), Some('‰'), Some('Š'), Some('‹'), Some('Œ'), None, Some('Ž'), None,
    None, Some('\u{2018}'), Some('\u{2019}'), Some('\u{201C}'), Some('\u{201D}'), Some('•'), Some('–'), Some('—'),
    Some('˜'), Some('™'), Some('š'), Some('›'), Some('œ'), None, Some('ž'), Some('Ÿ'),
];

/// The most control characters (other than tab, newlines, form feed) per 100 characters of text.
const MAX_CONTROL_PERCENT: usize = 1;

/// The text of a plain-text file, decoded (see the module doc) and normalised like PDF text.
pub fn plain_text(bytes: &[u8]) -> Result<String, ExtractionError> {
    if bytes.is_empty() {
        return Err(ExtractionError::Empty);
    }
    let decoded = decode(bytes)?;
    let cleaned = drop_stray_controls(&decoded)?;
    let text = normalise(&cleaned);
    if text.is_empty() {
        // Only blank space: nothing a reader (or the chunker) can use.
        return Err(ExtractionError::Empty);
    }
    Ok(text)
}

fn decode(bytes: &[u8]) -> Result<String, ExtractionError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| ExtractionError::InvalidText("UTF-8"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    // Checked before the encodings: NUL bytes mean binary, whichever encoding also fails.
    if bytes.contains(&0) {
        return Err(ExtractionError::NotText);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => decode_windows_1252(bytes).ok_or(ExtractionError::InvalidText("UTF-8 or Windows-1252")),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ExtractionError> {
    if bytes.len() % 2 != 0 {
        return Err(ExtractionError::InvalidText("UTF-16"));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| ExtractionError::InvalidText("UTF-16"))
}

/// `None` when a byte is undefined in Windows-1252.
fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    bytes.iter().map(|&byte| windows_1252_char(byte)).collect()
}

fn windows_1252_char(byte: u8) -> Option<char> {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => Some(char::from(byte)),
    }
}

fn is_allowed_control(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

/// Drops stray control characters, or refuses the text as binary (see the module doc).
fn drop_stray_controls(text: &str) -> Result<String, ExtractionError> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err(ExtractionError::NotText);
        }
        if c.is_control() && !is_allowed_control(c) {
            controls += 1;
        }
    }
    if controls * 100 > total * MAX_CONTROL_PERCENT {
        return Err(ExtractionError::NotText);
    }
    Ok(text.chars().filter(|&c| !c.is_control() || is_allowed_control(c)).collect())
}

/// Whether the start of a file looks like text this module would read. `truncated` says the
/// window was cut from a longer file, so a multi-byte UTF-8 character may be cut at its end.
pub(crate) fn looks_like_text(window: &[u8], truncated: bool) -> bool {
    if window.starts_with(b"\xEF\xBB\xBF") || window.starts_with(b"\xFF\xFE") || window.starts_with(b"\xFE\xFF") {
        return true;
    }
    if window.contains(&0) {
        return false;
    }
    let decoded = match std::str::from_utf8(window) {
        Ok(text) => text.to_owned(),
        // A character cut by the window's end: judge what precedes it.
        Err(error) if truncated && error.error_len().is_none() => {
            String::from_utf8_lossy(&window[..error.valid_up_to()]).into_owned()
        }
        Err(_) => match decode_windows_1252(window) {
            Some(text) => text,
            None => return false,
        },
    };
    drop_stray_controls(&decoded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let (bom, to_bytes): ([u8; 2], fn(u16) -> [u8; 2]) =
            if big_endian { ([0xFE, 0xFF], u16::to_be_bytes) } else { ([0xFF, 0xFE], u16::to_le_bytes) };
        bom.into_iter().chain(text.encode_utf16().flat_map(to_bytes)).collect()
    }

    #[test]
    fn reads_utf8_with_and_without_a_byte_order_mark() {
        assert_eq!(plain_text("Dose: 5 µg/kg".as_bytes()), Ok("Dose: 5 µg/kg".into()));
        assert_eq!(plain_text(b"\xEF\xBB\xBFDose: 5 \xC2\xB5g/kg"), Ok("Dose: 5 µg/kg".into()));
    }

    #[test]
    fn reads_utf16_in_both_byte_orders_when_marked() {
        let note = "Température 38,2 °C\r\nSpO₂ 97 %";
        assert_eq!(plain_text(&utf16(note, false)), Ok("Température 38,2 °C\nSpO₂ 97 %".into()));
        assert_eq!(plain_text(&utf16(note, true)), Ok("Température 38,2 °C\nSpO₂ 97 %".into()));
    }

    #[test]
    fn rejects_broken_utf16() {
        let mut odd = utf16("BP", false);
        odd.push(0x41);
        assert_eq!(plain_text(&odd), Err(ExtractionError::InvalidText("UTF-16")));
        // A lone high surrogate.
        assert_eq!(plain_text(&[0xFF, 0xFE, 0x3D, 0xD8, 0x41, 0x00]), Err(ExtractionError::InvalidText("UTF-16")));
    }

    #[test]
    fn rejects_a_utf8_byte_order_mark_followed_by_something_else() {
        assert_eq!(plain_text(b"\xEF\xBB\xBF5 \xB5g"), Err(ExtractionError::InvalidText("UTF-8")));
    }

    #[test]
    fn falls_back_to_windows_1252_for_legacy_notes() {
        // "5 µg, 38 °C, ± 2, “quoted” – dash, €" as Notepad's "ANSI" writes it.
        let ansi = b"5 \xB5g, 38 \xB0C, \xB1 2, \x93quoted\x94 \x96 dash, \x80";
        assert_eq!(plain_text(ansi), Ok("5 µg, 38 °C, ± 2, \u{201C}quoted\u{201D} – dash, €".into()));
    }

    #[test]
    fn rejects_bytes_that_are_neither_utf8_nor_windows_1252() {
        // 0x81 is undefined in Windows-1252.
        assert_eq!(plain_text(b"caf\x81"), Err(ExtractionError::InvalidText("UTF-8 or Windows-1252")));
    }

    #[test]
    fn rejects_binary_data() {
        assert_eq!(plain_text(b"MZ\x90\x00\x03\x00\x00\x00"), Err(ExtractionError::NotText));
        // UTF-16 without a byte-order mark: its NUL bytes make it binary here.
        let unmarked: Vec<u8> = "Hello".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(plain_text(&unmarked), Err(ExtractionError::NotText));
        let controls: Vec<u8> = (0..200).map(|i| if i % 10 == 0 { 0x1B } else { b'a' }).collect();
        assert_eq!(plain_text(&controls), Err(ExtractionError::NotText));
    }

    #[test]
    fn drops_a_few_stray_control_characters() {
        let mut note = "Assessment: stable. ".repeat(20).into_bytes();
        note.push(0x1A); // the end-of-file mark of old DOS editors
        assert_eq!(plain_text(&note), Ok("Assessment: stable. ".repeat(20).trim_end().into()));
    }

    #[test]
    fn empty_and_blank_files_are_empty() {
        assert_eq!(plain_text(b""), Err(ExtractionError::Empty));
        assert_eq!(plain_text(b" \r\n\t\r\n"), Err(ExtractionError::Empty));
        assert_eq!(plain_text(b"\xEF\xBB\xBF"), Err(ExtractionError::Empty));
    }

    #[test]
    fn the_text_judgement_tolerates_a_character_cut_at_the_window_end() {
        let cut = &"Temp é".as_bytes()[..6]; // ends with the first byte of "é"
        assert!(looks_like_text(cut, true));
        assert!(!looks_like_text(b"caf\x81", true));
    }
}
