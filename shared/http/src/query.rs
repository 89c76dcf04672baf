//! Query-string parameters. Parsed by hand from the URI so malformed input gets MediClear's named
//! errors instead of a framework rejection. Pagination: `limit` 1–100 (default 20) and an opaque
//! `next_token` from the previous page.

use std::collections::HashMap;

use http::Uri;

use mediclear_domain::validation::ValidationError;

/// Decoded query parameters (the last value wins for repeated names).
#[derive(Debug, Clone, Default)]
pub struct Query(HashMap<String, String>);

/// Decodes form-style percent-encoding (`%2F`, and `+` for a space), as query strings and S3
/// event keys use it; `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

impl Query {
    pub fn from_uri(uri: &Uri) -> Result<Self, ValidationError> {
        let mut map = HashMap::new();
        for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(k).ok_or_else(|| ValidationError::invalid("query", "the query string is not valid"))?;
            let value = percent_decode(v).ok_or_else(|| ValidationError::invalid(&key, format!("{key} is not validly encoded")))?;
            map.insert(key, value);
        }
        Ok(Self(map))
    }

    /// A parameter, `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.trim().is_empty())
    }

    /// `limit` and `next_token`.
    pub fn page(&self) -> Result<Page, ValidationError> {
        let limit = match self.get("limit") {
            None => Page::DEFAULT_LIMIT,
            Some(raw) => match raw.trim().parse::<usize>() {
                Ok(n) if (1..=Page::MAX_LIMIT).contains(&n) => n,
                _ => return Err(ValidationError::invalid("limit", format!("limit must be a whole number from 1 to {}", Page::MAX_LIMIT))),
            },
        };
        let next_token = self.get("next_token").map(str::to_string);
        if next_token.as_ref().is_some_and(|t| t.len() > 4096) {
            return Err(ValidationError::invalid("next_token", "next_token is not valid"));
        }
        Ok(Page { limit, next_token })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub next_token: Option<String>,
}

impl Page {
    pub const DEFAULT_LIMIT: usize = 20;
    pub const MAX_LIMIT: usize = 100;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_pages() {
        let q = Query::from_uri(&"/x?status=AI_DENIED&next_token=a%2Bb%3D&limit=5".parse().unwrap()).unwrap();
        assert_eq!(q.get("status"), Some("AI_DENIED"));
        assert_eq!(q.page().unwrap(), Page { limit: 5, next_token: Some("a+b=".into()) });
        assert_eq!(Query::from_uri(&"/x".parse().unwrap()).unwrap().page().unwrap().limit, 20);
    }

    #[test]
    fn rejects_bad_limits_by_name() {
        for bad in ["0", "101", "ten", "-1"] {
            let q = Query::from_uri(&format!("/x?limit={bad}").parse().unwrap()).unwrap();
            assert_eq!(q.page().unwrap_err().code, "INVALID_LIMIT");
        }
    }
}
