//! What the clean copy keeps of a content stream, and how it is written: as lopdf 0.47's
//! `Content::encode` wrote it (the bytes pdf-extract read before this reader), less the operators
//! that do not change the text pdf-extract reads (see [`write_operation`] for why they go).

use std::io::Write as _;
use std::ops::Range;

use super::{Operation, Token};

/// The operators the clean copy keeps (see [`write_operation`]): those that change the text
/// pdf-extract reads. Text objects, state, positioning and showing; the graphics state's save,
/// restore and matrix, through which text is placed; and `Do`, since forms hold text.
const TEXT_OPERATORS: [&[u8]; 18] = [
    b"BT", b"ET", b"Tc", b"Tw", b"Tz", b"TL", b"Tf", b"Ts", b"Td", b"TD", b"Tm", b"T*", b"Tj", b"TJ", b"q", b"Q",
    b"cm", b"Do",
];
/// What lopdf 0.42 takes for one operation it decodes, measured: its entry in the list, the
/// operator's `String`, and room for four operands (`nom`'s `many0` reserves four 120-byte
/// `Object`s), with the list's spare capacity.
const DECODED_OPERATION_BYTES: usize = 600;
/// What it takes for each operand or array element past an operation's first four: an
/// `Object`, twice over when its list has just doubled. Strings and names take their bytes too.
const DECODED_TOKEN_BYTES: usize = 240;

impl Operation<'_> {
    fn written(&self) -> Written {
        match (self.operator, self.operand_count()) {
            (b"'", 1) => Written::Quote,
            (b"\"", 3) => Written::DoubleQuote,
            (operator, _) if TEXT_OPERATORS.contains(&operator) => Written::AsIs,
            _ => Written::Not,
        }
    }

    /// What the clean copy writes of this operation costs pdf-extract: about how much memory
    /// lopdf 0.42 takes for it decoded (pdf-extract decodes a page's stream whole before it reads
    /// it, and the streams of the forms it draws on top), and the bytes of its strings and names.
    pub(super) fn written_size(&self) -> (usize, usize) {
        let size = |operands: Range<usize>| {
            let tokens = operands.flat_map(|index| self.operand(index));
            let (count, bytes) = tokens.fold((0usize, 0), |(count, bytes), token| match token {
                Token::ArrayEnd | Token::DictionaryEnd => (count, bytes),
                Token::Name(start, end) | Token::Literal(start, end) | Token::Hex(start, end) => {
                    (count + 1, bytes + end - start)
                }
                _ => (count + 1, bytes),
            });
            (DECODED_OPERATION_BYTES + DECODED_TOKEN_BYTES * count.saturating_sub(4) + bytes, bytes)
        };
        let sum = |sizes: &[(usize, usize)]| sizes.iter().fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
        match self.written() {
            Written::Not => (0, 0),
            Written::AsIs => size(0..self.operand_count()),
            Written::Quote => sum(&[size(0..0), size(0..1)]),
            Written::DoubleQuote => sum(&[size(0..1), size(1..2), size(0..0), size(2..3)]),
        }
    }
}

/// What the clean copy writes for an operation (see [`write_operation`]).
enum Written {
    Not,
    AsIs,
    /// `'`, written as `T*` and `Tj`.
    Quote,
    /// `"`, written as `Tw`, `Tc`, `T*` and `Tj`.
    DoubleQuote,
}

/// Appends `operation` to `out` as lopdf's `Content::encode` wrote it, one operation a line,
/// if it is one that changes the text pdf-extract reads ([`TEXT_OPERATORS`]); the `'` and `"`
/// operators, which pdf-extract does not know, are spelled out as `T*`, `Tw`, `Tc` and `Tj`.
///
/// The others go because pdf-extract holds every operation it decodes at about 600 bytes
/// ([`Operation::written_size`]), and a vector drawing (an ECG trace, a chart) has hundreds of
/// thousands. Some cost far more: for each colour-space, colour or graphics-state-parameter
/// operator it copies what they name (an ICC profile, a tint function's samples, a soft-mask
/// dictionary, as large as the file makes them) into its graphics state, and copies that again
/// on every `q`; and it panics on colour spaces it does not know, losing the page. Inline images
/// are never text, and lopdf 0.42 cannot read them as they are written back.
pub(in crate::pdf) fn write_operation(out: &mut Vec<u8>, operation: &Operation) {
    match operation.written() {
        Written::Not => {}
        Written::AsIs => write_operator(out, operation, 0..operation.operand_count(), operation.operator),
        Written::Quote => {
            write_operator(out, operation, 0..0, b"T*");
            write_operator(out, operation, 0..1, b"Tj");
        }
        Written::DoubleQuote => {
            write_operator(out, operation, 0..1, b"Tw");
            write_operator(out, operation, 1..2, b"Tc");
            write_operator(out, operation, 0..0, b"T*");
            write_operator(out, operation, 2..3, b"Tj");
        }
    }
}

/// Writes `operator` with the operands of `operation` numbered in `operands`.
fn write_operator(out: &mut Vec<u8>, operation: &Operation, operands: Range<usize>, operator: &[u8]) {
    if !out.is_empty() {
        out.push(b'\n');
    }
    for index in operands {
        write_value(out, operation.operand(index), operation.bytes);
        out.push(b' ');
    }
    out.extend_from_slice(operator);
}

/// Writes the value whose tokens are `tokens` as lopdf's `Writer` does.
fn write_value(out: &mut Vec<u8>, tokens: &[Token], bytes: &[u8]) {
    let mut index = 0;
    while index < tokens.len() {
        index = write_token(out, tokens, index, bytes);
    }
}

/// Writes the value starting at `tokens[index]`; returns the index past it.
fn write_token(out: &mut Vec<u8>, tokens: &[Token], index: usize, bytes: &[u8]) -> usize {
    match tokens[index] {
        Token::Null => out.extend_from_slice(b"null"),
        Token::Boolean(value) => out.extend_from_slice(if value { b"true" } else { b"false" }),
        Token::Integer(value) => write_display(out, value),
        Token::Real(value) => {
            let start = out.len();
            write_display(out, value);
            // Display drops the point of a whole number, which would read back as an integer.
            if value.is_finite() && !out[start..].contains(&b'.') {
                out.extend_from_slice(b".0");
            }
        }
        Token::Reference(id, generation) => {
            write_display(out, id);
            out.push(b' ');
            write_display(out, generation);
            out.extend_from_slice(b" R");
        }
        Token::Name(start, end) => write_name(out, &bytes[start..end]),
        Token::Literal(start, end) => write_literal(out, &bytes[start..end]),
        Token::Hex(start, end) => {
            out.push(b'<');
            for &byte in &bytes[start..end] {
                write_hex(out, byte);
            }
            out.push(b'>');
        }
        Token::ArrayStart => {
            out.push(b'[');
            let mut at = index + 1;
            while tokens[at] != Token::ArrayEnd {
                if at > index + 1 && needs_separator(tokens[at]) {
                    out.push(b' ');
                }
                at = write_token(out, tokens, at, bytes);
            }
            out.push(b']');
            return at + 1;
        }
        Token::DictionaryStart => {
            out.extend_from_slice(b"<<");
            let mut at = index + 1;
            while tokens[at] != Token::DictionaryEnd {
                at = write_token(out, tokens, at, bytes);
                if needs_separator(tokens[at]) {
                    out.push(b' ');
                }
                at = write_token(out, tokens, at, bytes);
            }
            out.extend_from_slice(b">>");
            return at + 1;
        }
        Token::ArrayEnd | Token::DictionaryEnd => unreachable!("containers are written whole"),
    }
    index + 1
}

fn write_display(out: &mut Vec<u8>, value: impl std::fmt::Display) {
    // Writing to a `Vec` cannot fail.
    let _ = write!(out, "{value}");
}

fn write_hex(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[DIGITS[usize::from(byte >> 4)], DIGITS[usize::from(byte & 0xF)]]);
}

/// Whether a blank must separate this value from the one before it in an array (lopdf's
/// `Writer::need_separator`).
fn needs_separator(token: Token) -> bool {
    matches!(token, Token::Null | Token::Boolean(_) | Token::Integer(_) | Token::Real(_) | Token::Reference(..))
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            out.push(b'#');
            write_hex(out, byte);
        } else {
            out.push(byte);
        }
    }
}

/// A literal string, escaping each backslash, carriage return and unbalanced parenthesis.
fn write_literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escaped = vec![false; text.len()];
    let mut open = Vec::new();
    for (index, &byte) in text.iter().enumerate() {
        match byte {
            b'(' => open.push(index),
            b')' if open.pop().is_none() => escaped[index] = true,
            b'\\' | b'\r' => escaped[index] = true,
            _ => {}
        }
    }
    for index in open {
        escaped[index] = true;
    }
    out.push(b'(');
    for (&byte, escaped) in text.iter().zip(escaped) {
        if escaped {
            out.push(b'\\');
            out.push(if byte == b'\r' { b'r' } else { byte });
        } else {
            out.push(byte);
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use lopdf::content::{Content, Operation as LopdfOperation};

    use super::*;
    use crate::error::ExtractionError;
    use crate::limits::Limits;
    use crate::pdf::content::ContentReader;

    fn far_deadline() -> Instant {
        Instant::now() + Duration::from_secs(600)
    }

    /// The stream written back, or the refusal.
    fn rewrite(content: &[u8], limits: &Limits) -> Result<Vec<u8>, ExtractionError> {
        let deadline = far_deadline();
        let mut reader = ContentReader::new(content, limits, deadline);
        let mut out = Vec::new();
        while let Some(operation) = reader.next()? {
            write_operation(&mut out, &operation);
        }
        Ok(out)
    }

    /// What the clean copy held before this reader (lopdf's decode, the quote operators spelled
    /// out and inline images left out, and lopdf's encode), less the operators that do not
    /// change the text. `None` where lopdf gave up.
    fn as_lopdf_wrote(content: &[u8]) -> Option<Vec<u8>> {
        let operations = Content::decode(content).ok()?.operations.into_iter().flat_map(|operation| {
            match (operation.operator.as_str(), operation.operands.as_slice()) {
                ("'", [text]) => vec![LopdfOperation::new("T*", vec![]), LopdfOperation::new("Tj", vec![text.clone()])],
                ("\"", [word, character, text]) => vec![
                    LopdfOperation::new("Tw", vec![word.clone()]),
                    LopdfOperation::new("Tc", vec![character.clone()]),
                    LopdfOperation::new("T*", vec![]),
                    LopdfOperation::new("Tj", vec![text.clone()]),
                ],
                (operator, _) if TEXT_OPERATORS.contains(&operator.as_bytes()) => vec![operation],
                _ => Vec::new(),
            }
        });
        Content { operations: operations.collect::<Vec<_>>() }.encode().ok()
    }

    fn assert_reads_as_lopdf(content: &[u8]) {
        let expected = as_lopdf_wrote(content).expect("lopdf reads it");
        let written = rewrite(content, &Limits::DEFAULT).expect("within the limits");
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected),
            "for {:?}",
            String::from_utf8_lossy(content)
        );
    }

    #[test]
    fn writes_back_what_lopdf_wrote() {
        let streams: &[&[u8]] = &[
            b"",
            b"  \n q 1 0 0 1 72 720 cm /Im0 Do Q",
            b"BT /F1 12 Tf 72 720 Td (Hello, world) Tj ET",
            b"BT/F1 12 Tf[(A)-120.5(W)30(A)-.5(Y)]TJ ET",
            b"BT 14 TL (Pulse 72)' 0 0.5(Respiration 16)\" ET",
            b"% a comment\nq % another\n Q\r\n%last\n",
            b"(nested (paren) and \\(escaped\\) \\\\ back\\\nslash \\101\\7 \\n\\r\\t\\b\\f \\q)Tj",
            b"(line\r\nends\rand\nmore) Tj (unbalanced \\) and \\( here) Tj",
            b"<48 65 6c6C 6f7> Tj <> Tj <<>> BDC EMC",
            b"/Span <</MCID 3 /ActualText (text) /Alt <FEFF> /Nested <</A [1 2.0 /B]>>>> BDC EMC",
            b"/Name#20with#2Fescapes#41 cs /Bad#4 cs /Odd#zz cs",
            b"0.00-4142502 1.5-3 -.5 +7 -0 1. .25 cm",
            b"[1 0 R 2 0 R] 0 d [ 1 % comment inside\n 2 ] 0 d",
            b"null true false nullify truest falsehood",
            b"/P <</MCID 0>> BDC 1 2 BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI EMC",
            b"q BI /W 2 /H 2 /CS /RGB /BPC 8 ID abcdefghijkl EI Q",
            b"q BI /IM true /W 8 /H 1 ID \xff EI Q",
            b"q BI /W 4 /H 1 /CS /G /BPC 8 /F /AHx ID 00ff00ff> EI Q (after) Tj",
            b"1 0 0 1 0 0 cm 10 10 m 20 20 l S d0 d1 f* T* B*",
            b"(never closed",
            b"BT (a) Tj ET 99999999999999999999 Tj (lost) Tj",
            b"BT (a) Tj ET %no end of line",
            b"q [1 2 x] Q",
            b"q { } Q",
        ];
        for content in streams {
            assert_reads_as_lopdf(content);
        }
    }

    #[test]
    fn reads_every_corpus_stream_as_lopdf_did() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.fixtures/pdf");
        if !dir.is_dir() {
            // As in the integration tests: CI must not pass by skipping.
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "PDF fixtures are missing");
            eprintln!("skipping: no PDF fixtures at {} (scripts/fetch-fixtures.sh)", dir.display());
            return;
        }
        let mut pending = vec![dir];
        let mut streams = 0;
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                if path.extension().is_none_or(|extension| extension != "pdf") {
                    continue;
                }
                let Ok(doc) = lopdf::Document::load(&path) else { continue };
                let mut contents: Vec<Vec<u8>> = doc.page_iter().map(|page| doc.get_page_content(page)).collect();
                contents.extend(doc.objects.values().filter_map(|object| {
                    let stream = object.as_stream().ok()?;
                    let is_form = stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok()? == b"Form";
                    is_form.then(|| stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()))
                }));
                for content in contents {
                    let Some(expected) = as_lopdf_wrote(&content) else { continue };
                    let written = rewrite(&content, &Limits::DEFAULT).expect("a real stream is within the limits");
                    assert!(written == expected, "{} reads differently", path.display());
                    streams += 1;
                }
            }
        }
        assert!(streams > 300, "only {streams} streams compared");
    }
}
