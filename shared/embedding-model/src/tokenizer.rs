//! BERT's WordPiece tokenizer, as the model was trained with it (Hugging Face `BertNormalizer` +
//! `BertPreTokenizer` + `WordPiece`, the pipeline `tokenizer.json` describes), read from that
//! file's vocabulary:
//!
//! 1. clean: drop NUL, U+FFFD and control characters; every kind of whitespace becomes a space;
//! 2. put spaces around CJK ideographs (each becomes a word);
//! 3. strip accents (NFD, then drop non-spacing marks) and lower-case — both follow the file's
//!    `lowercase` flag when `strip_accents` is null, as here;
//! 4. split on whitespace, and split every punctuation character off as a word of its own;
//! 5. WordPiece: the longest vocabulary prefix first, the rest as `##` continuations; a word with
//!    a piece the vocabulary lacks, or over 100 characters, becomes `[UNK]`;
//! 6. `[CLS] … [SEP]`, cut to the model's limit (sentence-transformers' `max_seq_length`, 256
//!    tokens with the two special ones).
//!
//! The file's own `padding` (fixed to 128) and `truncation` (128) are deliberately not applied:
//! padding is the encoder's business, done per batch and masked out, and the limit is the one
//! sentence-transformers uses for this model.

use std::collections::HashMap;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Why `tokenizer.json` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TokenizerError {
    #[error("tokenizer.json is not valid JSON of the expected shape: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("tokenizer.json describes a {0} model, not WordPiece")]
    NotWordPiece(String),
    #[error("tokenizer.json's normaliser is not BERT's lower-casing one ({0})")]
    UnsupportedNormalizer(String),
    #[error("the vocabulary has no {0} token")]
    MissingToken(&'static str),
}

#[derive(Deserialize)]
struct TokenizerFile {
    normalizer: Option<NormalizerSpec>,
    model: ModelSpec,
}

#[derive(Deserialize)]
struct NormalizerSpec {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    lowercase: bool,
    #[serde(default)]
    strip_accents: Option<bool>,
}

#[derive(Deserialize)]
struct ModelSpec {
    #[serde(rename = "type")]
    kind: String,
    vocab: HashMap<String, u32>,
    unk_token: String,
    continuing_subword_prefix: String,
    max_input_chars_per_word: usize,
}

/// A text's token ids, `[CLS]` first and `[SEP]` last.
pub type TokenIds = Vec<u32>;

#[derive(Debug, Clone)]
pub struct WordPieceTokenizer {
    vocab: HashMap<String, u32>,
    continuing_prefix: String,
    max_chars_per_word: usize,
    unk: u32,
    cls: u32,
    sep: u32,
    /// Tokens per text, `[CLS]` and `[SEP]` included.
    max_tokens: usize,
}

impl WordPieceTokenizer {
    /// The tokenizer a `tokenizer.json` describes, cutting texts at `max_tokens` (at least 3).
    pub fn from_json(json: &[u8], max_tokens: usize) -> Result<Self, TokenizerError> {
        let file: TokenizerFile = serde_json::from_slice(json)?;
        if file.model.kind != "WordPiece" {
            return Err(TokenizerError::NotWordPiece(file.model.kind));
        }
        match &file.normalizer {
            // The only variant implemented: BERT uncased, accents stripped with the lower-casing.
            Some(n) if n.kind == "BertNormalizer" && n.lowercase && n.strip_accents.unwrap_or(true) => {}
            Some(n) => return Err(TokenizerError::UnsupportedNormalizer(format!("{} lowercase={} strip_accents={:?}", n.kind, n.lowercase, n.strip_accents))),
            None => return Err(TokenizerError::UnsupportedNormalizer("none".into())),
        }
        let id = |token: &'static str| file.model.vocab.get(token).copied().ok_or(TokenizerError::MissingToken(token));
        let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);
        let unk = file.model.vocab.get(&file.model.unk_token).copied().ok_or(TokenizerError::MissingToken("[UNK]"))?;
        Ok(Self {
            vocab: file.model.vocab,
            continuing_prefix: file.model.continuing_subword_prefix,
            max_chars_per_word: file.model.max_input_chars_per_word,
            unk,
            cls,
            sep,
            max_tokens: max_tokens.max(3),
        })
    }

    /// The token ids of `text`: `[CLS]`, its first `max_tokens - 2` wordpieces, `[SEP]`.
    pub fn encode(&self, text: &str) -> TokenIds {
        let budget = self.max_tokens - 2;
        let mut ids = Vec::with_capacity(budget.min(text.len()) + 2);
        ids.push(self.cls);
        for word in words(&normalize(text)) {
            if ids.len() > budget {
                break;
            }
            self.wordpieces(word, &mut ids);
        }
        ids.truncate(budget + 1);
        ids.push(self.sep);
        ids
    }

    /// Whether `text` has no wordpiece at all (it would encode to `[CLS] [SEP]`).
    pub fn is_blank(&self, text: &str) -> bool {
        words(&normalize(text)).next().is_none()
    }

    fn wordpieces(&self, word: &str, out: &mut Vec<u32>) {
        if word.chars().count() > self.max_chars_per_word {
            out.push(self.unk);
            return;
        }
        let before = out.len();
        let mut start = 0;
        let mut piece = String::with_capacity(word.len() + self.continuing_prefix.len());
        while start < word.len() {
            // Longest match first: shrink the candidate from the end, one character at a time.
            let mut end = word.len();
            let found = loop {
                piece.clear();
                if start > 0 {
                    piece.push_str(&self.continuing_prefix);
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.vocab.get(&piece) {
                    break Some(id);
                }
                match word[start..end].char_indices().next_back() {
                    Some((last, _)) if last > 0 => end = start + last,
                    _ => break None,
                }
            };
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(before);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// Steps 1–3: cleaned, CJK ideographs spaced, accents stripped, lower-cased.
fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk_ideograph(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    cleaned.nfd().filter(|c| c.general_category() != GeneralCategory::NonspacingMark).flat_map(char::to_lowercase).collect()
}

/// Step 4: words and single punctuation characters, in order.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(char::is_whitespace).filter(|w| !w.is_empty()).flat_map(|word| {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if is_punctuation(c) {
                if start < i {
                    pieces.push(&word[start..i]);
                }
                pieces.push(&word[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < word.len() {
            pieces.push(&word[start..]);
        }
        pieces
    })
}

/// Tab, newline and carriage return count as whitespace, not control characters.
fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Unicode's "Other" categories (Cc, Cf, Cs, Co, Cn), except the whitespace above.
fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.general_category_group() == GeneralCategoryGroup::Other
}

/// BERT's punctuation: every non-alphanumeric ASCII symbol ($, +, ^, … included) and Unicode's
/// punctuation categories.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK Unified Ideographs blocks BERT treats as words of their own.
fn is_cjk_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer(max_tokens: usize) -> WordPieceTokenizer {
        let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "knee", "pain", "##s", "cafe", "osteo", "##arth", "##ritis", ",", ".", "/", "120", "80", "中"];
        let vocab: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        let json = serde_json::json!({
            "normalizer": {"type": "BertNormalizer", "lowercase": true, "strip_accents": null},
            "model": {"type": "WordPiece", "vocab": vocab, "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100}
        });
        WordPieceTokenizer::from_json(json.to_string().as_bytes(), max_tokens).unwrap()
    }

    #[test]
    fn lower_cases_strips_accents_and_splits_punctuation_and_wordpieces() {
        let t = tokenizer(256);
        // [CLS] the knee pain ##s , cafe . osteo ##arth ##ritis 120 / 80 中 [UNK] [SEP]
        assert_eq!(t.encode("The KNEE\tpains, Café.  Osteoarthritis 120/80中 xyz"), [2, 4, 5, 6, 7, 12, 8, 13, 9, 10, 11, 15, 14, 16, 17, 1, 3]);
    }

    #[test]
    fn drops_control_characters_and_cuts_at_the_limit() {
        let t = tokenizer(5);
        assert_eq!(t.encode("knee\u{0}\u{200b} pain knee pain"), [2, 5, 6, 5, 3]);
        assert_eq!(t.encode(" \n "), [2, 3]);
        assert!(t.is_blank(" \u{200b}\n"));
        assert!(!t.is_blank("."));
    }

    #[test]
    fn an_unknown_piece_makes_the_whole_word_unknown() {
        let t = tokenizer(256);
        assert_eq!(t.encode("kneex knees"), [2, 1, 5, 7, 3]);
        assert_eq!(t.encode(&"a".repeat(101)), [2, 1, 3]);
    }
}
