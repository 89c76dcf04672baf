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
    /// The query string of `uri`, for a route whose parameters are `known`. Parameters the route
    /// does not take are ignored (as API Gateway passes them on); a name that is not validly
    /// percent-encoded, or a known parameter sent empty (`provider_id=`), is `INVALID_QUERY` —
    /// an empty filter is a client mistake, never "no filter". A value that does not decode is
    /// `INVALID_<PARAMETER>`. Messages name parameters, never what the client sent.
    pub fn from_uri(uri: &Uri, known: &[&str]) -> Result<Self, ValidationError> {
        let mut map = HashMap::new();
        for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(k)
                .filter(|key| is_parameter_name(key))
                .ok_or_else(|| query_error("query", "a query parameter name is not validly encoded".into()))?;
            let Some(&name) = known.iter().find(|&&name| name == key) else { continue };
            let value = percent_decode(v).ok_or_else(|| ValidationError::invalid(name, format!("{name} is not validly encoded")))?;
            if value.trim().is_empty() {
                return Err(query_error(name, format!("{name} is empty; leave the parameter out instead")));
            }
            map.insert(name.to_string(), value);
        }
        Ok(Self(map))
    }

    /// A parameter, `None` when absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
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

/// `INVALID_QUERY` about `field`.
fn query_error(field: &str, message: String) -> ValidationError {
    ValidationError { field: field.to_string(), code: "INVALID_QUERY".into(), message }
}

/// What a parameter name may look like: letters, digits and `_ - . [ ]`.
fn is_parameter_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 128 && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c))
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

    const KNOWN: [&str; 3] = ["status", "limit", "next_token"];

    fn query(uri: &str) -> Result<Query, ValidationError> {
        Query::from_uri(&uri.parse().unwrap(), &KNOWN)
    }

    #[test]
    fn decodes_and_pages() {
        let q = query("/x?status=AI_DENIED&next_token=a%2Bb%3D&limit=5&unrelated=1").unwrap();
        assert_eq!(q.get("status"), Some("AI_DENIED"));
        assert_eq!(q.get("unrelated"), None, "parameters the route does not take are ignored");
        assert_eq!(q.page().unwrap(), Page { limit: 5, next_token: Some("a+b=".into()) });
        assert_eq!(query("/x").unwrap().page().unwrap().limit, 20);
    }

    #[test]
    fn rejects_bad_limits_by_name() {
        for bad in ["0", "101", "ten", "-1"] {
            let q = query(&format!("/x?limit={bad}")).unwrap();
            assert_eq!(q.page().unwrap_err().code, "INVALID_LIMIT");
        }
    }

    #[test]
    fn empty_known_parameters_and_undecodable_names_are_invalid_queries() {
        for (bad, field) in [("/x?limit=", "limit"), ("/x?status=", "status"), ("/x?status=%20", "status"), ("/x?%zz=1", "query"), ("/x?a%ffb=1", "query"), ("/x?%3Cscript%3E=1", "query")] {
            let error = query(bad).unwrap_err();
            assert_eq!((error.code.as_str(), error.field.as_str()), ("INVALID_QUERY", field), "{bad}");
            assert!(!error.message.contains("zz") && !error.message.contains("script"), "{}", error.message);
        }
        assert_eq!(query("/x?status=%zz").unwrap_err().code, "INVALID_STATUS");
        assert!(query("/x?other=").is_ok(), "an empty parameter the route does not take is ignored");
    }
}
