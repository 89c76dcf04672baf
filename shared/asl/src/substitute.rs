//! `DefinitionSubstitutions`: replaces `${Name}` in the definition text with the value SAM/
//! CloudFormation would put there (a function ARN, a table name).
//!
//! Substitution works on the text, before parsing, exactly as CloudFormation does. A placeholder
//! without a value is an error rather than left in place: locally it would otherwise surface
//! much later as a call to a function literally named `${AnalysisBeginFunctionArn}`.

use std::collections::BTreeMap;

use crate::AslError;

/// Replaces every `${Name}` in `definition` with `substitutions[Name]`.
pub fn substitute(
    definition: &str,
    substitutions: &BTreeMap<String, String>,
) -> Result<String, AslError> {
    let mut out = String::with_capacity(definition.len());
    let mut rest = definition;
    let mut offset = 0;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or(AslError::UnterminatedPlaceholder(offset + start))?;
        let name = &after[..end];
        let value = substitutions
            .get(name)
            .ok_or_else(|| AslError::UnknownPlaceholder(name.to_string()))?;
        out.push_str(value);
        let consumed = start + 2 + end + 1;
        rest = &rest[consumed..];
        offset += consumed;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn replaces_every_occurrence() {
        let text = r#"{"a":"${F}","b":"x-${F}-${G}"}"#;
        let out = substitute(text, &subs(&[("F", "fn-1"), ("G", "g")])).unwrap();
        assert_eq!(out, r#"{"a":"fn-1","b":"x-fn-1-g"}"#);
    }

    #[test]
    fn unknown_placeholder_is_named() {
        let err = substitute(r#"{"a":"${Missing}"}"#, &subs(&[("F", "x")])).unwrap_err();
        assert_eq!(err, AslError::UnknownPlaceholder("Missing".into()));
        assert!(err.to_string().contains("${Missing}"));
    }

    #[test]
    fn unterminated_placeholder_is_an_error() {
        assert_eq!(
            substitute("ab${F", &subs(&[("F", "x")])),
            Err(AslError::UnterminatedPlaceholder(2))
        );
    }

    #[test]
    fn text_without_placeholders_is_unchanged() {
        let text = r#"{"x.$":"$.a","y":"$ {not one}"}"#;
        assert_eq!(substitute(text, &BTreeMap::new()).unwrap(), text);
    }
}
