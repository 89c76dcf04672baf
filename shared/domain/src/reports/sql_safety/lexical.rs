//! A lexical pass over the raw SQL text, before parsing, for what a parser hides:
//!
//! - MySQL executable comments (`/*! … */`, `/*!50000 … */`) run their content on MySQL while
//!   looking like comments everywhere else, and optimizer hints (`/*+ … */`) can change session
//!   settings for the statement (`SET_VAR(max_execution_time=0)`) — both are refused;
//! - the words outside strings and comments, so clauses the parser may not know (`INTO OUTFILE`,
//!   `LOCK IN SHARE MODE`) still get their own clear reason rather than a parse error.
//!
//! It follows the dialect's quoting rules: PostgreSQL `'…'` with `''`, `E'…'` with backslash
//! escapes, `$tag$…$tag$`, `"identifiers"`, nested block comments; MySQL `'…'` and `"…"` with
//! backslash escapes and doubled quotes, `` `identifiers` ``, `#` and `-- ` line comments.

use crate::reports::schema::SqlDialect;

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lexical {
    /// A block comment starting with `!`.
    pub executable_comment: bool,
    /// A block comment starting with `+`.
    pub optimizer_hint: bool,
    /// Upper-cased bare words outside strings, quoted identifiers and comments, in order.
    pub words: Vec<String>,
    /// A string, quoted identifier or comment that never ends.
    pub unterminated: bool,
    /// PostgreSQL's `U&'…'` / `U&"…"`: escapes the parser does not decode, so a name such as
    /// `U&"pg\005fsleep"` would reach the server as `pg_sleep` unjudged.
    pub unicode_escape: bool,
}

impl Lexical {
    /// Whether `sequence` appears as consecutive bare words.
    pub fn has_words(&self, sequence: &[&str]) -> bool {
        self.words.windows(sequence.len()).any(|w| w.iter().zip(sequence).all(|(a, b)| a == b))
    }
}

pub fn scan(sql: &str, dialect: SqlDialect) -> Lexical {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Lexical::default();
    let mut i = 0;
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied();
    while i < n {
        let c = chars[i];
        match c {
            '\'' => {
                let backslash = dialect == SqlDialect::MySql || (i > 0 && matches!(chars[i - 1], 'e' | 'E') && !is_word_char(chars.get(i.wrapping_sub(2)).copied()));
                match skip_quoted(&chars, i, '\'', backslash) {
                    Some(end) => i = end,
                    None => {
                        out.unterminated = true;
                        return out;
                    }
                }
            }
            '"' => match skip_quoted(&chars, i, '"', dialect == SqlDialect::MySql) {
                Some(end) => i = end,
                None => {
                    out.unterminated = true;
                    return out;
                }
            },
            '`' if dialect == SqlDialect::MySql => match skip_quoted(&chars, i, '`', false) {
                Some(end) => i = end,
                None => {
                    out.unterminated = true;
                    return out;
                }
            },
            '$' if dialect == SqlDialect::Postgres && !is_word_char(i.checked_sub(1).and_then(|p| chars.get(p).copied())) => {
                // $tag$ … $tag$ (dollar quoting); `$1` placeholders are not quotes.
                let mut j = i + 1;
                while j < n && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let tag_is_number = j > i + 1 && chars[i + 1].is_ascii_digit();
                if j < n && chars[j] == '$' && !tag_is_number {
                    let tag: String = chars[i..=j].iter().collect();
                    let body: String = chars[j + 1..].iter().collect();
                    match body.find(&tag) {
                        Some(offset) => i = j + 1 + body[..offset].chars().count() + tag.chars().count(),
                        None => {
                            out.unterminated = true;
                            return out;
                        }
                    }
                } else {
                    i = j.max(i + 1);
                }
            }
            '-' if at(i + 1) == Some('-') => {
                // MySQL needs whitespace (or the end) after `--`; PostgreSQL does not.
                if dialect == SqlDialect::Postgres || at(i + 2).is_none_or(|c| c.is_whitespace()) {
                    i = skip_line(&chars, i);
                } else {
                    i += 1;
                }
            }
            '#' if dialect == SqlDialect::MySql => i = skip_line(&chars, i),
            '/' if at(i + 1) == Some('*') => {
                match (at(i + 2), at(i + 3)) {
                    // MariaDB also runs `/*M! … */`.
                    (Some('!'), _) | (Some('M'), Some('!')) => out.executable_comment = true,
                    (Some('+'), _) => out.optimizer_hint = true,
                    _ => {}
                }
                let nested = dialect == SqlDialect::Postgres;
                let mut depth = 1;
                let mut j = i + 2;
                while j < n && depth > 0 {
                    if chars[j] == '*' && at(j + 1) == Some('/') {
                        depth -= 1;
                        j += 2;
                    } else if nested && chars[j] == '/' && at(j + 1) == Some('*') {
                        depth += 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                if depth > 0 {
                    out.unterminated = true;
                    return out;
                }
                i = j;
            }
            'u' | 'U' if dialect == SqlDialect::Postgres && at(i + 1) == Some('&') && matches!(at(i + 2), Some('\'' | '"')) && !is_word_char(i.checked_sub(1).and_then(|p| chars.get(p).copied())) => {
                out.unicode_escape = true;
                i += 2;
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < n && is_word_char(Some(chars[i])) {
                    i += 1;
                }
                out.words.push(chars[start..i].iter().collect::<String>().to_uppercase());
            }
            _ => i += 1,
        }
    }
    out
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The index after the closing quote of the quoted run starting at `start`, or `None` when it
/// never closes. A doubled quote is an escaped quote; with `backslash`, so is `\<quote>`.
fn skip_quoted(chars: &[char], start: usize, quote: char, backslash: bool) -> Option<usize> {
    let mut j = start + 1;
    while j < chars.len() {
        let c = chars[j];
        if backslash && c == '\\' {
            j += 2;
            continue;
        }
        if c == quote {
            if chars.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

fn skip_line(chars: &[char], start: usize) -> usize {
    let mut j = start;
    while j < chars.len() && chars[j] != '\n' {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executable_comments_are_found_outside_strings_only() {
        assert!(scan("SELECT 1 /*!50000 UNION SELECT user FROM mysql.user*/", SqlDialect::MySql).executable_comment);
        assert!(scan("SELECT/*!*/1", SqlDialect::Postgres).executable_comment);
        assert!(scan("SELECT 1 /*M!100000 UNION SELECT 2 */", SqlDialect::MySql).executable_comment);
        assert!(!scan("SELECT '/*! not a comment */'", SqlDialect::MySql).executable_comment);
        assert!(!scan("SELECT 'it\\'s /*! x */'", SqlDialect::MySql).executable_comment);
        assert!(scan("SELECT /*+ SET_VAR(max_execution_time=0) */ 1", SqlDialect::MySql).optimizer_hint);
        assert!(!scan("SELECT $$ /*! $$", SqlDialect::Postgres).executable_comment);
        assert!(!scan("SELECT 1 -- /*! x */", SqlDialect::Postgres).executable_comment);
        assert!(!scan("SELECT 1 # /*! x */", SqlDialect::MySql).executable_comment);
    }

    #[test]
    fn words_skip_strings_comments_and_identifiers() {
        let l = scan("SELECT a INTO /* x */ OUTFILE '/tmp/x' -- LOCK\n", SqlDialect::MySql);
        assert!(l.has_words(&["INTO", "OUTFILE"]));
        assert!(!l.has_words(&["LOCK"]));
        let l = scan("SELECT 'INTO OUTFILE' AS \"INTO DUMPFILE\"", SqlDialect::Postgres);
        assert!(!l.has_words(&["INTO", "OUTFILE"]) && !l.has_words(&["INTO", "DUMPFILE"]));
        assert!(scan("SELECT $1, x FROM t WHERE a = $1", SqlDialect::Postgres).has_words(&["FROM", "T", "WHERE"]));
    }

    #[test]
    fn unicode_escapes_are_seen() {
        assert!(scan("SELECT U&\"pg\\005fsleep\"(5)", SqlDialect::Postgres).unicode_escape);
        assert!(scan("SELECT u&'\\0041'", SqlDialect::Postgres).unicode_escape);
        assert!(!scan("SELECT 'U&\"x\"'", SqlDialect::Postgres).unicode_escape);
        assert!(!scan("SELECT menu&1", SqlDialect::Postgres).unicode_escape);
    }

    #[test]
    fn unterminated_runs_are_reported() {
        assert!(scan("SELECT 'abc", SqlDialect::Postgres).unterminated);
        assert!(scan("SELECT /* abc", SqlDialect::MySql).unterminated);
        assert!(scan("SELECT $x$ abc", SqlDialect::Postgres).unterminated);
        assert!(!scan("SELECT E'a\\'b'", SqlDialect::Postgres).unterminated);
    }
}
