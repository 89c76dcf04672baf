//! Content streams (the drawing instructions of pages and forms), read one operation at a time
//! within a budget; [`write_operation`] writes back what the clean copy keeps of them.
//!
//! lopdf's `Content::decode` builds every operation of a stream at once (a `String` and a `Vec`
//! per operator), and pdf-extract decodes each stream again with lopdf 0.42 (about 600 bytes an
//! operator) and clones its graphics state on every `q`: a 21 KB file whose page inflates to ten
//! million `q` took gigabytes. [`ContentReader`] holds one operation at a time and counts as it
//! reads: tokens (operators, operands, array elements, dictionary keys and values), operands of
//! one operator, nesting of arrays and dictionaries, nesting of `q`, the size of one string,
//! name or number, and what the clean copy will keep of the stream (its size once pdf-extract
//! decodes it, and the bytes of its strings and names). Past a limit of [`Limits`] it refuses the
//! stream as too complex, before the rest of it is read. The budgets of a whole document, where a
//! form counts each time it is drawn, are kept by `walk::FormWalk`.
//!
//! The grammar is lopdf 0.47's, so that a stream reads as it did when lopdf decoded it: what it
//! cannot parse ends the stream there, and the operations before it stand (the unit tests hold
//! every stream of the fetched corpus to that). Two differences, both where lopdf gave up on the
//! whole stream and pdf-extract got it unchecked: nesting deeper than [`Limits::max_nesting`] is
//! refused, and an inline image whose declared size does not lead to its `EI` ends at the first
//! `EI` after white space, as lopdf ends one whose size it cannot tell.

mod write;

use std::time::Instant;

use crate::error::ExtractionError;
use crate::limits::Limits;
pub(super) use write::write_operation;

/// Deepest nesting of parentheses inside a literal string: lopdf's `MAX_BRACKET`.
const MAX_STRING_PARENTHESES: usize = 100;
/// How many tokens are read between looks at the clock.
const TOKENS_PER_CLOCK_CHECK: usize = 1 << 16;
/// Room for one operation's tokens kept for the next: the room a larger one took is given back,
/// since the walk holds a reader for each form it is inside.
const RETAINED_TOKENS: usize = 4 * 1024;
/// Room for one operation's names and strings kept for the next, likewise.
const RETAINED_BYTES: usize = 64 * 1024;

/// One value of an operation. Arrays and dictionaries are flattened: their elements (a
/// dictionary's keys and values in turn) sit between a start and an end.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Null,
    Boolean(bool),
    Integer(i64),
    Real(f32),
    Reference(u32, u16),
    /// A name, its bytes at `start..end` of the operation's byte buffer.
    Name(usize, usize),
    Literal(usize, usize),
    Hex(usize, usize),
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
}

/// Reads a content stream one operation at a time (see module doc).
pub(super) struct ContentReader<'a> {
    input: &'a [u8],
    at: usize,
    limits: &'a Limits,
    deadline: Instant,
    finished: bool,
    tokens: usize,
    text_bytes: usize,
    decoded_bytes: usize,
    /// What the streams drawing this one hold decoded (see [`ContentReader::holding`]).
    held_above: usize,
    saves: usize,
    /// The operation being read: its operator (a range of `input`), its operands' tokens, where
    /// each operand starts among them, and the decoded bytes of its names and strings.
    operator: (usize, usize),
    values: Vec<Token>,
    operand_starts: Vec<usize>,
    bytes: Vec<u8>,
    /// Arrays and dictionaries open at this point of the operand being read.
    nesting: usize,
}

/// One operation, as [`ContentReader::next`] read it. An inline image reads as the operator
/// `BI` with no operands.
pub(super) struct Operation<'r> {
    pub operator: &'r [u8],
    values: &'r [Token],
    operand_starts: &'r [usize],
    bytes: &'r [u8],
}

impl<'a> ContentReader<'a> {
    pub(super) fn new(input: &'a [u8], limits: &'a Limits, deadline: Instant) -> Self {
        ContentReader {
            input,
            at: 0,
            limits,
            deadline,
            finished: false,
            tokens: 0,
            text_bytes: 0,
            decoded_bytes: 0,
            held_above: 0,
            saves: 0,
            operator: (0, 0),
            values: Vec::new(),
            operand_starts: Vec::new(),
            bytes: Vec::new(),
            nesting: 0,
        }
    }

    /// A reader for a form drawn by streams that hold `held_above` bytes decoded: pdf-extract
    /// holds them while it reads the form, so [`Limits::max_instruction_bytes`] counts them.
    pub(super) fn holding(self, held_above: usize) -> Self {
        ContentReader { held_above, ..self }
    }

    /// Tokens read so far.
    pub(super) fn tokens(&self) -> usize {
        self.tokens
    }

    /// Bytes of the strings and names in what the clean copy keeps of the stream so far: the
    /// text it shows, and the names of its fonts and forms.
    pub(super) fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// About how much memory pdf-extract takes for what the clean copy keeps of the stream so
    /// far, once it decodes it (see [`Operation::written_size`]).
    pub(super) fn decoded_bytes(&self) -> usize {
        self.decoded_bytes
    }

    /// The next operation, `None` at the end of the stream or where it stops parsing, or
    /// `PdfTooComplex` when a limit is passed.
    pub(super) fn next(&mut self) -> Result<Option<Operation<'_>>, ExtractionError> {
        if self.finished {
            return Ok(None);
        }
        let Some(inline_image) = self.read_operation()? else {
            self.finished = true;
            return Ok(None);
        };
        let (decoded, text) = self.operation(inline_image).written_size();
        self.decoded_bytes = self.decoded_bytes.saturating_add(decoded);
        self.text_bytes = self.text_bytes.saturating_add(text);
        if self.held_above.saturating_add(self.decoded_bytes) > self.limits.max_instruction_bytes {
            return Err(too_complex("decoded size of drawing instructions", self.limits.max_instruction_bytes));
        }
        Ok(Some(self.operation(inline_image)))
    }

    /// The operation just read.
    fn operation(&self, inline_image: bool) -> Operation<'_> {
        let operator = if inline_image { b"BI".as_slice() } else { &self.input[self.operator.0..self.operator.1] };
        Operation { operator, values: &self.values, operand_starts: &self.operand_starts, bytes: &self.bytes }
    }

    /// Reads one operation into the buffers: `Some(true)` for an inline image, `Some(false)` for
    /// any other, `None` where the stream ends or stops parsing.
    fn read_operation(&mut self) -> Result<Option<bool>, ExtractionError> {
        self.skip_white_space();
        while self.peek() == Some(b'%') {
            if !self.skip_comment() {
                return Ok(None);
            }
            self.skip_white_space();
        }
        if self.at == self.input.len() {
            return Ok(None);
        }
        if self.values.capacity() > RETAINED_TOKENS {
            self.values = Vec::new();
        }
        if self.bytes.capacity() > RETAINED_BYTES {
            self.bytes = Vec::new();
        }
        self.values.clear();
        self.operand_starts.clear();
        self.bytes.clear();
        if self.rest().starts_with(b"BI") {
            return Ok(self.read_inline_image()?.then_some(true));
        }
        loop {
            let start = self.values.len();
            if !self.read_operand()? {
                break;
            }
            self.operand_starts.push(start);
            if self.operand_starts.len() > self.limits.max_operands {
                return Err(too_complex("operands of one operator", self.limits.max_operands));
            }
            self.skip_white_space();
        }
        let start = self.at;
        let length = self.rest().iter().take_while(|&&c| c.is_ascii_alphanumeric() || b"*'\"".contains(&c)).count();
        if length == 0 || self.input[start].is_ascii_digit() {
            return Ok(None);
        }
        self.check_token_length(length)?;
        self.at += length;
        self.operator = (start, self.at);
        self.skip_white_space();
        self.count_token()?;
        match &self.input[start..start + length] {
            b"q" => {
                self.saves += 1;
                if self.saves > self.limits.max_saves {
                    return Err(too_complex("nesting of q", self.limits.max_saves));
                }
            }
            b"Q" => self.saves = self.saves.saturating_sub(1),
            _ => {}
        }
        Ok(Some(false))
    }

    fn rest(&self) -> &'a [u8] {
        &self.input[self.at..]
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn skip_white_space(&mut self) {
        self.at += self.rest().iter().take_while(|&&c| is_white_space(c)).count();
    }

    /// White space and comments, as lopdf allows them inside arrays and dictionaries.
    fn skip_space(&mut self) {
        loop {
            self.skip_white_space();
            if self.peek() != Some(b'%') || !self.skip_comment() {
                return;
            }
        }
    }

    /// A comment and the end of line that closes it; `false` (nothing skipped) if none does.
    fn skip_comment(&mut self) -> bool {
        let Some(line) = self.rest().iter().position(|&c| c == b'\r' || c == b'\n') else { return false };
        self.at += line;
        self.skip_end_of_line();
        true
    }

    fn skip_end_of_line(&mut self) -> bool {
        let length = match self.rest() {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            _ => 0,
        };
        self.at += length;
        length > 0
    }

    fn count_token(&mut self) -> Result<(), ExtractionError> {
        self.tokens += 1;
        if self.tokens > self.limits.max_stream_tokens {
            return Err(too_complex("tokens in one content stream", self.limits.max_stream_tokens));
        }
        if self.tokens.is_multiple_of(TOKENS_PER_CLOCK_CHECK) && Instant::now() > self.deadline {
            return Err(ExtractionError::PdfTooComplex);
        }
        Ok(())
    }

    fn check_token_length(&self, length: usize) -> Result<(), ExtractionError> {
        if length > self.limits.max_token_bytes {
            return Err(too_complex("bytes of one string, name or number", self.limits.max_token_bytes));
        }
        Ok(())
    }

    fn push(&mut self, token: Token) -> Result<(), ExtractionError> {
        self.count_token()?;
        self.values.push(token);
        Ok(())
    }

    /// An operand outside any array or dictionary, in lopdf's order of attempts; `false` (and
    /// nothing read) when none starts here: then the operator follows, or the stream stops.
    fn read_operand(&mut self) -> Result<bool, ExtractionError> {
        let (at, values, bytes) = (self.at, self.values.len(), self.bytes.len());
        let read = self.try_operand()?;
        if !read {
            (self.at, self.nesting) = (at, 0);
            self.values.truncate(values);
            self.bytes.truncate(bytes);
        }
        Ok(read)
    }

    fn try_operand(&mut self) -> Result<bool, ExtractionError> {
        let rest = self.rest();
        let token = match rest.first() {
            Some(b'n') if rest.starts_with(b"null") => self.keyword(4, Token::Null),
            Some(b't') if rest.starts_with(b"true") => self.keyword(4, Token::Boolean(true)),
            Some(b'f') if rest.starts_with(b"false") => self.keyword(5, Token::Boolean(false)),
            Some(b'0'..=b'9' | b'+' | b'-' | b'.') => self.number(false)?,
            Some(b'/') => Some(self.name()?),
            Some(b'(') => self.literal_string()?,
            Some(b'<') if rest.starts_with(b"<<") => return self.dictionary(),
            Some(b'<') => self.hex_string()?,
            Some(b'[') => return self.array(),
            _ => None,
        };
        match token {
            Some(token) => self.push(token).map(|()| true),
            None => Ok(false),
        }
    }

    /// A value inside an array or dictionary (lopdf's `_direct_object`), followed by space.
    fn read_value(&mut self) -> Result<bool, ExtractionError> {
        let rest = self.rest();
        let token = match rest.first() {
            Some(b'n') => rest.starts_with(b"null").then(|| self.keyword(4, Token::Null)).flatten(),
            Some(b't') => rest.starts_with(b"true").then(|| self.keyword(4, Token::Boolean(true))).flatten(),
            Some(b'f') => rest.starts_with(b"false").then(|| self.keyword(5, Token::Boolean(false))).flatten(),
            Some(b'0'..=b'9' | b'+' | b'-' | b'.') => self.number(true)?,
            Some(b'/') => Some(self.name()?),
            Some(b'(') => self.literal_string()?,
            Some(b'<') => match self.hex_string()? {
                Some(token) => Some(token),
                None if rest.starts_with(b"<<") => {
                    let read = self.dictionary()?;
                    self.skip_space();
                    return Ok(read);
                }
                None => None,
            },
            Some(b'[') => {
                let read = self.array()?;
                self.skip_space();
                return Ok(read);
            }
            _ => None,
        };
        let Some(token) = token else { return Ok(false) };
        self.push(token)?;
        self.skip_space();
        Ok(true)
    }

    fn keyword(&mut self, length: usize, token: Token) -> Option<Token> {
        self.at += length;
        Some(token)
    }

    fn open(&mut self, token: Token, length: usize) -> Result<(), ExtractionError> {
        self.nesting += 1;
        if self.nesting > self.limits.max_nesting {
            return Err(too_complex("nesting of arrays and dictionaries", self.limits.max_nesting));
        }
        self.at += length;
        self.push(token)
    }

    fn array(&mut self) -> Result<bool, ExtractionError> {
        self.open(Token::ArrayStart, 1)?;
        self.skip_space();
        loop {
            if self.peek() == Some(b']') {
                self.at += 1;
                self.nesting -= 1;
                self.values.push(Token::ArrayEnd);
                return Ok(true);
            }
            if !self.read_value()? {
                return Ok(false);
            }
        }
    }

    fn dictionary(&mut self) -> Result<bool, ExtractionError> {
        self.open(Token::DictionaryStart, 2)?;
        self.skip_space();
        loop {
            if self.rest().starts_with(b">>") {
                self.at += 2;
                self.nesting -= 1;
                self.values.push(Token::DictionaryEnd);
                return Ok(true);
            }
            if self.peek() != Some(b'/') {
                return Ok(false);
            }
            let key = self.name()?;
            self.push(key)?;
            self.skip_space();
            if !self.read_value()? {
                return Ok(false);
            }
        }
    }

    /// A reference (only inside arrays and dictionaries), a real or an integer.
    fn number(&mut self, reference_allowed: bool) -> Result<Option<Token>, ExtractionError> {
        let start = self.at;
        if reference_allowed && let Some(reference) = self.reference() {
            return Ok(Some(reference));
        }
        self.at = start;
        let sign = usize::from(matches!(self.peek(), Some(b'+' | b'-')));
        let digits = self.rest()[sign..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after_digits = &self.rest()[sign + digits..];
        let is_real =
            after_digits.first() == Some(&b'.') && (digits > 0 || after_digits.get(1).is_some_and(u8::is_ascii_digit));
        if is_real {
            // Digits, and minus signs some producers write inside the fraction (lopdf, like
            // pdf.js, ignores those).
            let fraction = after_digits[1..].iter().take_while(|&&c| c == b'-' || c.is_ascii_digit()).count();
            let length = sign + digits + 1 + fraction;
            self.check_token_length(length)?;
            let text = &self.rest()[..length];
            let value = if text[1..].contains(&b'-') {
                let mut cleaned = vec![text[0]];
                cleaned.extend(text[1..].iter().filter(|&&c| c != b'-'));
                parse_real(&cleaned)
            } else {
                parse_real(text)
            };
            if let Some(value) = value {
                self.at += length;
                return Ok(Some(Token::Real(value)));
            }
        }
        if digits == 0 {
            return Ok(None);
        }
        self.check_token_length(sign + digits)?;
        let text = std::str::from_utf8(&self.rest()[..sign + digits]).unwrap_or_default();
        // Too large for an integer: lopdf stops the stream here.
        let Ok(value) = text.parse::<i64>() else { return Ok(None) };
        self.at += sign + digits;
        Ok(Some(Token::Integer(value)))
    }

    /// `id generation R`, or `None` (with the position left wherever it got to).
    fn reference(&mut self) -> Option<Token> {
        let id = self.unsigned()?;
        self.skip_space();
        let generation = self.unsigned()?;
        self.skip_space();
        if self.peek() != Some(b'R') {
            return None;
        }
        self.at += 1;
        Some(Token::Reference(u32::try_from(id).ok()?, u16::try_from(generation).ok()?))
    }

    fn unsigned(&mut self) -> Option<u64> {
        let digits = self.rest().iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 20 {
            return None;
        }
        let value = std::str::from_utf8(&self.rest()[..digits]).ok()?.parse().ok()?;
        self.at += digits;
        Some(value)
    }

    /// `/Name` with its `#xx` escapes decoded. Any `#` not followed by two hexadecimal digits
    /// ends the name.
    fn name(&mut self) -> Result<Token, ExtractionError> {
        self.at += 1;
        let start = self.bytes.len();
        loop {
            let run = self.rest().iter().take_while(|&&c| c != b'#' && is_regular(c)).count();
            self.bytes.extend_from_slice(&self.rest()[..run]);
            self.at += run;
            self.check_token_length(self.bytes.len() - start)?;
            match self.rest() {
                [b'#', high, low, ..] if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                    self.bytes.push(hex_value(*high) << 4 | hex_value(*low));
                    self.at += 3;
                }
                _ => return Ok(Token::Name(start, self.bytes.len())),
            }
        }
    }

    /// `( … )` with its escapes decoded and each end of line read as `\n`; `None` if it does not
    /// close, or nests parentheses more than lopdf reads.
    fn literal_string(&mut self) -> Result<Option<Token>, ExtractionError> {
        self.at += 1;
        let start = self.bytes.len();
        let mut open = 0;
        loop {
            let run = self.rest().iter().take_while(|&&c| !b"()\\\r\n".contains(&c)).count();
            self.bytes.extend_from_slice(&self.rest()[..run]);
            self.at += run;
            self.check_token_length(self.bytes.len() - start)?;
            let Some(byte) = self.peek() else { return Ok(None) };
            match byte {
                b'\\' => {
                    self.at += 1;
                    if !self.escape() {
                        return Ok(None);
                    }
                }
                b'\r' | b'\n' => {
                    self.skip_end_of_line();
                    self.bytes.push(b'\n');
                }
                b'(' => {
                    open += 1;
                    if open > MAX_STRING_PARENTHESES {
                        return Ok(None);
                    }
                    self.at += 1;
                    self.bytes.push(b'(');
                }
                _ if open == 0 => {
                    self.at += 1;
                    return Ok(Some(Token::Literal(start, self.bytes.len())));
                }
                _ => {
                    open -= 1;
                    self.at += 1;
                    self.bytes.push(b')');
                }
            }
        }
    }

    /// What follows a backslash in a literal string; `false` at the end of the stream.
    fn escape(&mut self) -> bool {
        let octal = self.rest().iter().take(3).take_while(|c| (b'0'..=b'7').contains(c)).count();
        if octal > 0 {
            let value = self.rest()[..octal].iter().fold(0u16, |value, &c| value * 8 + u16::from(c - b'0'));
            self.bytes.push(value as u8);
            self.at += octal;
            return true;
        }
        if self.skip_end_of_line() {
            return true;
        }
        let Some(byte) = self.peek() else { return false };
        self.bytes.push(match byte {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'b' => 0x08,
            b'f' => 0x0C,
            other => other,
        });
        self.at += 1;
        true
    }

    /// `< … >`: hexadecimal digits, white space between them ignored, an odd last digit read as
    /// its high half. `None` (nothing read) if another byte comes first.
    fn hex_string(&mut self) -> Result<Option<Token>, ExtractionError> {
        let start = self.bytes.len();
        let mut at = self.at + 1;
        let mut high = None;
        loop {
            at += self.input[at..].iter().take_while(|&&c| is_white_space(c)).count();
            match self.input.get(at) {
                Some(&c) if c.is_ascii_hexdigit() => {
                    match high.take() {
                        None => high = Some(hex_value(c)),
                        Some(high) => self.bytes.push(high << 4 | hex_value(c)),
                    }
                    at += 1;
                    self.check_token_length(self.bytes.len() - start)?;
                }
                Some(b'>') => break,
                _ => {
                    self.bytes.truncate(start);
                    return Ok(None);
                }
            }
        }
        if let Some(high) = high {
            self.bytes.push(high << 4);
        }
        self.at = at + 1;
        Ok(Some(Token::Hex(start, self.bytes.len())))
    }

    /// `BI`, the image's dictionary, `ID`, its data and `EI`; `false` if it does not end.
    fn read_inline_image(&mut self) -> Result<bool, ExtractionError> {
        self.at += 2;
        self.skip_white_space();
        self.count_token()?;
        while self.peek() == Some(b'/') {
            let key = self.name()?;
            self.push(key)?;
            self.skip_space();
            if !self.read_value()? {
                return Ok(false);
            }
        }
        if !self.rest().starts_with(b"ID") {
            return Ok(false);
        }
        self.at += 2;
        // One white-space character (or CR LF) separates `ID` from the data.
        if !self.skip_end_of_line() && self.peek().is_some_and(is_white_space) {
            self.at += 1;
        }
        let data = self.at;
        if let Some(length) = self.inline_image_length() {
            self.at = data.saturating_add(length).min(self.input.len());
            self.skip_white_space();
            if self.rest().starts_with(b"EI") {
                self.at += 2;
                self.skip_white_space();
                return Ok(true);
            }
        }
        let end = self.input[data..].windows(3).enumerate().find(|&(at, window)| {
            is_white_space(window[0])
                && &window[1..] == b"EI"
                && self.input.get(data + at + 3).is_none_or(|&c| is_white_space(c))
        });
        let Some((at, _)) = end else { return Ok(false) };
        self.at = data + at + 3;
        self.skip_white_space();
        Ok(true)
    }

    /// The size of an inline image's data from its dictionary, as lopdf computes it; `None` when
    /// it cannot tell (a filter, an unknown colour space).
    fn inline_image_length(&self) -> Option<usize> {
        // Where the value of `key` starts; a later entry replaces an earlier one.
        let lookup = |key: &[u8]| {
            let mut found = None;
            let mut index = 0;
            while index + 1 < self.values.len() {
                if let Token::Name(start, end) = self.values[index]
                    && &self.bytes[start..end] == key
                {
                    found = Some(index + 1);
                }
                index = value_end(&self.values, index + 1);
            }
            found
        };
        let entry = |short: &[u8], long: &[u8]| lookup(short).or_else(|| lookup(long));
        let size = |short: &[u8], long: &[u8]| match self.values.get(entry(short, long)?) {
            Some(Token::Integer(value)) => usize::try_from(*value).ok(),
            _ => None,
        };
        if entry(b"F", b"Filter").is_some() {
            return None;
        }
        let mask = entry(b"IM", b"ImageMask").is_some_and(|at| self.values[at] == Token::Boolean(true));
        let bits = match entry(b"BPC", b"BitsPerComponent") {
            None if mask => 1,
            _ => size(b"BPC", b"BitsPerComponent")?,
        };
        let colours = if mask {
            1
        } else {
            let at = entry(b"CS", b"ColorSpace")?;
            match self.values[at] {
                Token::ArrayStart => match self.values.get(at + 1) {
                    Some(&Token::Name(start, end)) if matches!(&self.bytes[start..end], b"Indexed" | b"I") => 1,
                    _ => return None,
                },
                Token::Name(start, end) => match &self.bytes[start..end] {
                    b"DeviceGray" | b"G" | b"Gray" => 1,
                    b"DeviceRGB" | b"RGB" => 3,
                    b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                    _ => return None,
                },
                _ => return None,
            }
        };
        let row_bits = size(b"W", b"Width")?.checked_mul(bits.checked_mul(colours)?)?;
        row_bits.div_ceil(8).checked_mul(size(b"H", b"Height")?)
    }
}

impl Operation<'_> {
    pub(super) fn operand_count(&self) -> usize {
        self.operand_starts.len()
    }

    /// Operand `index` if it is a number, as lopdf's `Object::as_float` reads it.
    pub(super) fn number(&self, index: usize) -> Option<f32> {
        match self.values.get(*self.operand_starts.get(index)?)? {
            Token::Integer(value) => Some(*value as f32),
            Token::Real(value) => Some(*value),
            _ => None,
        }
    }

    /// Operand `index` if it is a name.
    pub(super) fn name(&self, index: usize) -> Option<&[u8]> {
        match self.values.get(*self.operand_starts.get(index)?)? {
            Token::Name(start, end) => Some(&self.bytes[*start..*end]),
            _ => None,
        }
    }

    /// The tokens of operand `index`.
    fn operand(&self, index: usize) -> &[Token] {
        let start = self.operand_starts[index];
        &self.values[start..value_end(self.values, start)]
    }
}

/// The index just past the value that starts at `tokens[index]`.
fn value_end(tokens: &[Token], index: usize) -> usize {
    let mut open = 0usize;
    let mut at = index;
    loop {
        match tokens.get(at) {
            Some(Token::ArrayStart | Token::DictionaryStart) => open += 1,
            Some(Token::ArrayEnd | Token::DictionaryEnd) => open = open.saturating_sub(1),
            Some(_) => {}
            None => return at,
        }
        at += 1;
        if open == 0 {
            return at;
        }
    }
}

fn parse_real(text: &[u8]) -> Option<f32> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn hex_value(c: u8) -> u8 {
    (c as char).to_digit(16).unwrap_or(0) as u8
}

fn is_white_space(c: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&c)
}

fn is_regular(c: u8) -> bool {
    !is_white_space(c) && !b"()<>[]{}/%".contains(&c)
}

/// Logs which limit a stream passed (never its content) and returns the refusal.
fn too_complex(limit: &'static str, value: usize) -> ExtractionError {
    tracing::debug!(limit, value, "PDF drawing instructions are too complex");
    ExtractionError::PdfTooComplex
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// The operators of `content`, or the refusal.
    fn operators(content: &[u8], limits: &Limits) -> Result<Vec<String>, ExtractionError> {
        let deadline = Instant::now() + Duration::from_secs(600);
        let mut reader = ContentReader::new(content, limits, deadline);
        let mut operators = Vec::new();
        while let Some(operation) = reader.next()? {
            operators.push(String::from_utf8_lossy(operation.operator).into_owned());
        }
        Ok(operators)
    }

    #[test]
    fn an_inline_image_ends_where_its_size_says_even_if_its_data_holds_ei() {
        let content = b"q BI /W 4 /H 1 /CS /G /BPC 8 ID  EI  EI Q (text) Tj";

        assert_eq!(operators(content, &Limits::DEFAULT).unwrap(), ["q", "BI", "Q", "Tj"]);
    }

    #[test]
    fn an_inline_image_whose_size_is_unknown_ends_at_the_first_ei_after_white_space() {
        let content = b"q BI /W 4 /H 1 /CS /G /BPC 8 /F /AHx ID 00ff00ff> EI Q";

        assert_eq!(operators(content, &Limits::DEFAULT).unwrap(), ["q", "BI", "Q"]);
    }

    #[test]
    fn an_inline_image_without_an_end_ends_the_stream() {
        assert_eq!(operators(b"q (before) Tj BI /W 1 /H 1 ID", &Limits::DEFAULT).unwrap(), ["q", "Tj"]);
    }

    #[test]
    fn a_stream_stops_where_lopdf_stops() {
        let limits = Limits::DEFAULT;
        assert_eq!(operators(b"q [1 2 x] Q", &limits).unwrap(), ["q"]);
        assert_eq!(operators(b"BT (a) Tj 99999999999999999999 Tj (lost) Tj", &limits).unwrap(), ["BT", "Tj"]);
        assert_eq!(operators(b"q (never closed Q", &limits).unwrap(), ["q"]);
        assert_eq!(operators(b"q % ends without a line break", &limits).unwrap(), ["q"]);
    }

    #[test]
    fn each_limit_refuses_a_stream_past_it() {
        let limits = Limits {
            max_stream_tokens: 100,
            max_operands: 8,
            max_nesting: 4,
            max_saves: 5,
            max_token_bytes: 16,
            max_instruction_bytes: 6_000,
            ..Limits::DEFAULT
        };
        let within: &[&[u8]] = &[
            &b"m ".repeat(100),
            b"1 2 3 4 5 6 7 8 sc",
            b"[[[[1]]]] 0 d",
            b"q q q q q Q Q Q Q Q",
            b"(exactly sixteen!) Tj /SixteenBytesLong cs",
            &b"Tj ".repeat(10),
        ];
        for content in within {
            assert!(operators(content, &limits).is_ok(), "{:?}", String::from_utf8_lossy(content));
        }
        let past: &[&[u8]] = &[
            &b"m ".repeat(101),
            &b"1 ".repeat(101),
            b"1 2 3 4 5 6 7 8 9 sc",
            b"[[[[[1]]]]] 0 d",
            b"<</A <</B <</C <</D <</E 1>>>>>>>>>> BDC",
            b"q q q q q q",
            b"(seventeen bytes!!) Tj",
            b"<0102030405060708090A0B0C0D0E0F1011> Tj",
            b"/SeventeenBytesLon cs",
            b"12345678901234567 Tj",
            b"qqqqqqqqqqqqqqqqq",
            &b"Tj ".repeat(11),
        ];
        for content in past {
            assert_eq!(
                operators(content, &limits),
                Err(ExtractionError::PdfTooComplex),
                "{:?}",
                String::from_utf8_lossy(content)
            );
        }
    }

    #[test]
    fn operands_that_never_meet_an_operator_still_count() {
        let limits = Limits { max_stream_tokens: 1_000, ..Limits::DEFAULT };

        assert_eq!(operators(&b"1 ".repeat(10_000), &limits), Err(ExtractionError::PdfTooComplex));
    }

    #[test]
    fn the_strings_and_names_the_reader_gets_are_counted() {
        let limits = Limits::DEFAULT;
        let deadline = Instant::now() + Duration::from_secs(600);
        let content = b"/F1 9 Tf (abc) Tj [(de) -20 <6667>] TJ (h)' 1 2 (ij)\" (not shown) /CS0 cs";
        let mut reader = ContentReader::new(content, &limits, deadline);
        while reader.next().unwrap().is_some() {}

        assert_eq!(reader.text_bytes(), 12);
    }

    #[test]
    fn a_passed_deadline_stops_a_long_stream() {
        let content = b"q Q ".repeat(TOKENS_PER_CLOCK_CHECK);
        let limits = Limits::DEFAULT;
        let mut reader = ContentReader::new(&content, &limits, Instant::now());
        let outcome = loop {
            match reader.next() {
                Ok(Some(_)) => continue,
                other => break other.map(|_| ()),
            }
        };

        assert_eq!(outcome, Err(ExtractionError::PdfTooComplex));
    }
}
