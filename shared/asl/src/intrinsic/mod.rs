//! Intrinsic functions (`"x.$": "States.Format('{}-{}', $.a, States.UUID())"`): parsed once
//! when the definition loads, so an unknown function, a wrong argument count or a bad escape is
//! a definition error, not a surprise at run time.
//!
//! Grammar, per the AWS developer guide: `States.Name(arg, ...)`, where an argument is a
//! single-quoted string (`\'`, `\{`, `\}`, `\\` are the only escapes; any other backslash is an
//! error), a number, `true`/`false`/`null`, a path (`$...` or `$$...`), or another call, nested at
//! most 10 deep. [`functions`] evaluates a parsed call.

mod functions;

use serde_json::Value;

use crate::json_path::Path;

pub(crate) use functions::eval;

/// Calls nest at most this deep (AWS's limit).
const MAX_NESTING: usize = 10;

/// A parsed `States.*(...)` invocation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    func: Func,
    args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    /// A number, boolean or null literal.
    Literal(Value),
    /// A string literal: its value, and its text with escapes kept, which `States.Format` needs
    /// to tell a literal `\{` from a placeholder.
    Str {
        value: String,
        raw: String,
    },
    Path(Path),
    Call(Call),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

impl Func {
    fn by_name(name: &str) -> Option<Func> {
        Some(match name {
            "Format" => Func::Format,
            "StringToJson" => Func::StringToJson,
            "JsonToString" => Func::JsonToString,
            "Array" => Func::Array,
            "ArrayPartition" => Func::ArrayPartition,
            "ArrayContains" => Func::ArrayContains,
            "ArrayRange" => Func::ArrayRange,
            "ArrayGetItem" => Func::ArrayGetItem,
            "ArrayLength" => Func::ArrayLength,
            "ArrayUnique" => Func::ArrayUnique,
            "Base64Encode" => Func::Base64Encode,
            "Base64Decode" => Func::Base64Decode,
            "Hash" => Func::Hash,
            "JsonMerge" => Func::JsonMerge,
            "MathRandom" => Func::MathRandom,
            "MathAdd" => Func::MathAdd,
            "StringSplit" => Func::StringSplit,
            "UUID" => Func::Uuid,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Func::Format => "States.Format",
            Func::StringToJson => "States.StringToJson",
            Func::JsonToString => "States.JsonToString",
            Func::Array => "States.Array",
            Func::ArrayPartition => "States.ArrayPartition",
            Func::ArrayContains => "States.ArrayContains",
            Func::ArrayRange => "States.ArrayRange",
            Func::ArrayGetItem => "States.ArrayGetItem",
            Func::ArrayLength => "States.ArrayLength",
            Func::ArrayUnique => "States.ArrayUnique",
            Func::Base64Encode => "States.Base64Encode",
            Func::Base64Decode => "States.Base64Decode",
            Func::Hash => "States.Hash",
            Func::JsonMerge => "States.JsonMerge",
            Func::MathRandom => "States.MathRandom",
            Func::MathAdd => "States.MathAdd",
            Func::StringSplit => "States.StringSplit",
            Func::Uuid => "States.UUID",
        }
    }

    /// How many arguments the function takes: (minimum, maximum).
    fn arity(self) -> (usize, usize) {
        match self {
            Func::Format => (1, usize::MAX),
            Func::Array => (0, usize::MAX),
            Func::Uuid => (0, 0),
            Func::StringToJson
            | Func::JsonToString
            | Func::ArrayLength
            | Func::ArrayUnique
            | Func::Base64Encode
            | Func::Base64Decode => (1, 1),
            Func::ArrayPartition
            | Func::ArrayContains
            | Func::ArrayGetItem
            | Func::Hash
            | Func::MathAdd
            | Func::StringSplit => (2, 2),
            Func::MathRandom => (2, 3),
            Func::ArrayRange | Func::JsonMerge => (3, 3),
        }
    }
}

/// Whether a `.$` value is meant as an intrinsic call rather than a path.
pub(crate) fn looks_like_call(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}

impl Call {
    /// Parses a whole field value such as `States.Array($.a, 'b')`.
    pub fn parse(text: &str) -> Result<Call, String> {
        let mut parser = Parser {
            text,
            chars: text.chars().collect(),
            pos: 0,
        };
        parser.skip_spaces();
        let call = parser.call(1)?;
        parser.skip_spaces();
        if parser.pos != parser.chars.len() {
            return Err(parser.bad("unexpected text after the closing ')'"));
        }
        Ok(call)
    }
}

struct Parser<'t> {
    text: &'t str,
    chars: Vec<char>,
    pos: usize,
}

impl Parser<'_> {
    fn bad(&self, why: &str) -> String {
        format!("invalid intrinsic function call '{}': {why}", self.text)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn call(&mut self, depth: usize) -> Result<Call, String> {
        if depth > MAX_NESTING {
            return Err(self.bad(&format!(
                "intrinsic functions nest at most {MAX_NESTING} deep"
            )));
        }
        if !self.starts_with("States.") {
            return Err(self.bad("expected 'States.<Function>('"));
        }
        self.pos += "States.".len();
        let mut name = String::new();
        while let Some(c) = self.peek().filter(char::is_ascii_alphanumeric) {
            name.push(c);
            self.pos += 1;
        }
        let func = Func::by_name(&name)
            .ok_or_else(|| self.bad(&format!("unknown function 'States.{name}'")))?;
        self.skip_spaces();
        if self.peek() != Some('(') {
            return Err(self.bad(&format!("expected '(' after {}", func.name())));
        }
        self.pos += 1;
        self.skip_spaces();
        let mut args = Vec::new();
        if self.peek() == Some(')') {
            self.pos += 1;
        } else {
            loop {
                args.push(self.arg(depth)?);
                self.skip_spaces();
                match self.peek() {
                    Some(',') => {
                        self.pos += 1;
                        self.skip_spaces();
                    }
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        return Err(self.bad(&format!(
                            "expected ',' or ')' in the arguments of {}",
                            func.name()
                        )));
                    }
                }
            }
        }
        let (min, max) = func.arity();
        if args.len() < min || args.len() > max {
            let expected = match (min, max) {
                (min, usize::MAX) => format!("at least {min}"),
                (min, max) if min == max => format!("{min}"),
                (min, max) => format!("{min} to {max}"),
            };
            return Err(self.bad(&format!(
                "{} takes {expected} arguments, got {}",
                func.name(),
                args.len()
            )));
        }
        let call = Call { func, args };
        functions::check_literals(&call).map_err(|why| self.bad(&why))?;
        Ok(call)
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, String> {
        match self.peek() {
            Some('\'') => self.string(),
            Some('$') => self.path(),
            Some('S') if self.starts_with("States.") => Ok(Arg::Call(self.call(depth + 1)?)),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.starts_with(word) {
                        self.pos += word.len();
                        return Ok(Arg::Literal(value));
                    }
                }
                Err(self.bad("expected a string, number, boolean, null, path or States.* call as an argument"))
            }
        }
    }

    fn string(&mut self) -> Result<Arg, String> {
        self.pos += 1; // opening quote
        let mut value = String::new();
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return Err(self.bad("unterminated string literal")),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(Arg::Str { value, raw });
                }
                Some('\\') => {
                    let escaped = self.chars.get(self.pos + 1).copied();
                    match escaped {
                        Some(c @ ('\'' | '{' | '}' | '\\')) => {
                            value.push(c);
                            raw.push('\\');
                            raw.push(c);
                            self.pos += 2;
                        }
                        _ => return Err(self.bad("a backslash must escape one of ' { } \\")),
                    }
                }
                Some(c) => {
                    value.push(c);
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A path runs to the next `,` or `)` that is not inside brackets or quotes.
    fn path(&mut self) -> Result<Arg, String> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '[') => depth += 1,
                (None, ']') => depth = depth.saturating_sub(1),
                (None, ',' | ')') if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos.min(self.chars.len())]
            .iter()
            .collect();
        let path = Path::parse(text.trim_end()).map_err(|why| self.bad(&why))?;
        Ok(Arg::Path(path))
    }

    fn number(&mut self) -> Result<Arg, String> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match serde_json::from_str::<Value>(&text) {
            Ok(n @ Value::Number(_)) => Ok(Arg::Literal(n)),
            _ => Err(self.bad(&format!("'{text}' is not a number"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parses_nested_calls_literals_and_paths() {
        let call = Call::parse("States.Format('{} is {}', $.a['x,y'], States.ArrayGetItem(States.Array(1, -2.5, true, null), 0))").unwrap();
        assert_eq!(call.func, Func::Format);
        assert_eq!(call.args.len(), 3);
        assert!(matches!(&call.args[1], Arg::Path(p) if p.text() == "$.a['x,y']"));
        let Arg::Call(inner) = &call.args[2] else {
            panic!("expected a nested call")
        };
        let Arg::Call(array) = &inner.args[0] else {
            panic!("expected States.Array")
        };
        assert_eq!(
            array.args,
            vec![
                Arg::Literal(json!(1)),
                Arg::Literal(json!(-2.5)),
                Arg::Literal(json!(true)),
                Arg::Literal(Value::Null)
            ]
        );
    }

    #[test]
    fn string_escapes_keep_the_raw_text() {
        let call = Call::parse(r"States.Format('it\'s \{\} {} \\', 'x')").unwrap();
        assert_eq!(
            call.args[0],
            Arg::Str {
                value: r"it's {} {} \".into(),
                raw: r"it\'s \{\} {} \\".into()
            }
        );
    }

    #[test]
    fn rejects_bad_calls() {
        for bad in [
            "States.Nope(1)",
            "States.Array(1",
            "States.Array(1) trailing",
            "States.ArrayLength()",
            "States.UUID(1)",
            r"States.Format('open \escape')",
            "States.Format('{} and {}', 'only one')",
            "States.Format(1)",
            "States.JsonMerge($.a, $.b, true)",
            "States.Array(bogus)",
            "States.Array($.a[)",
        ] {
            assert!(Call::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn nesting_is_limited_to_ten() {
        let nested = |n: usize| format!("{}1{}", "States.Array(".repeat(n), ")".repeat(n));
        assert!(Call::parse(&nested(10)).is_ok());
        assert!(Call::parse(&nested(11)).is_err());
    }
}
