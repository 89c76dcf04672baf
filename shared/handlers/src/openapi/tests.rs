//! The document held to the code and to `template.yaml`. The checks on the document itself are
//! here; [`conformance`] sends requests through the real routers and checks every answer against
//! it; [`fit`] is the schema checker both use; [`samples`] holds real values and port stand-ins.

mod conformance;
mod fit;
mod samples;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::*;
use crate::api::auth_token;
use fit::{component, fits, properties_of};

fn doc() -> Value {
    serde_json::to_value(document()).expect("the document serialises")
}

fn repository_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(name)
}

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// `(METHOD, path, operation)` of every operation in the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                out.push((method.to_ascii_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    out
}

/// A response of an operation, with a `$ref` to a shared response resolved.
fn response<'d>(doc: &'d Value, operation: &'d Value, status: &str) -> Option<&'d Value> {
    let response = operation["responses"].get(status)?;
    Some(match response.get("$ref").and_then(Value::as_str) {
        Some(reference) => fit::resolve(doc, reference),
        None => response,
    })
}

/// The codes a response's description names: `` `UPPER_SNAKE` `` tokens.
fn documented_codes(description: &str) -> BTreeSet<String> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|token| token.len() > 2 && token.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// Every code any error response of `operation` names.
fn operation_codes(doc: &Value, operation: &Value) -> BTreeSet<String> {
    let statuses: Vec<String> = operation["responses"].as_object().map(|r| r.keys().cloned().collect()).unwrap_or_default();
    statuses
        .iter()
        .filter(|status| status.as_str() >= "400")
        .flat_map(|status| documented_codes(response(doc, operation, status).and_then(|r| r["description"].as_str()).unwrap_or("")))
        .collect()
}

#[test]
fn committed_openapi_json_is_current() {
    let path = repository_file("openapi.json");
    let generated = to_json();
    if std::env::var("MEDICLEAR_WRITE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is not the document the handlers generate. Regenerate it with \
         `MEDICLEAR_WRITE_OPENAPI=1 cargo test -p mediclear-handlers --lib openapi`, review the diff and commit it.",
        path.display()
    );
}

/// `(METHOD, path, needs a token)` of every REST route `template.yaml` declares: the `Api` events
/// on `RestApiId: !Ref RestApi`, public only with `Auth: {Authorizer: NONE}` (as
/// `mediclear-local`'s template reader has it; this crate does not depend on that one).
fn template_routes() -> BTreeSet<(String, String, bool)> {
    let path = repository_file("template.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let template: serde_yaml::Value = serde_yaml::from_str(&text).expect("template.yaml parses");
    let mut routes = BTreeSet::new();
    for resource in template["Resources"].as_mapping().expect("Resources").values() {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        for event in resource["Properties"]["Events"].as_mapping().into_iter().flat_map(|events| events.values()) {
            let properties = &event["Properties"];
            let on_rest_api = match &properties["RestApiId"] {
                serde_yaml::Value::Tagged(tagged) => tagged.tag == "!Ref" && tagged.value.as_str() == Some("RestApi"),
                other => other["Ref"].as_str() == Some("RestApi"),
            };
            if event["Type"].as_str() != Some("Api") || !on_rest_api {
                continue;
            }
            let method = properties["Method"].as_str().expect("Method").to_ascii_uppercase();
            let route = properties["Path"].as_str().expect("Path").to_string();
            let public = properties["Auth"]["Authorizer"].as_str() == Some("NONE");
            routes.insert((method, route, !public));
        }
    }
    routes
}

#[test]
fn routes_and_their_security_are_template_yaml_s() {
    let doc = doc();
    let documented: BTreeSet<(String, String, bool)> = operations(&doc)
        .into_iter()
        .map(|(method, path, operation)| {
            let requirements = operation["security"].as_array().cloned().unwrap_or_default();
            // `{}` among the requirements: the token is optional (the route is public and reads
            // a token when one is sent).
            let optional = requirements.iter().any(|r| r.as_object().is_some_and(|o| o.is_empty()));
            let needs_token = !optional && requirements.iter().any(|r| r.get(BEARER).is_some());
            assert!(
                requirements.iter().all(|r| r.get(BEARER).is_some() || r.as_object().is_some_and(|o| o.is_empty())),
                "{method} {path}: a security requirement other than {BEARER}"
            );
            (method, path, needs_token)
        })
        .collect();
    let declared = template_routes();
    assert!(declared.contains(&("POST".into(), auth_token::PATH.into(), false)), "template.yaml's REST routes were not found: {declared:?}");
    let missing: Vec<_> = declared.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&declared).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "(method, path, needs a token) differ from template.yaml.\nin template.yaml only: {missing:?}\nin the document only: {extra:?}"
    );
}

#[test]
fn every_reference_resolves() {
    fn walk(doc: &Value, value: &Value) {
        match value {
            Value::Object(object) => {
                if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                    fit::resolve(doc, reference);
                }
                object.values().for_each(|v| walk(doc, v));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(doc, v)),
            _ => {}
        }
    }
    let doc = doc();
    walk(&doc, &doc);
    assert!(doc["components"]["securitySchemes"][BEARER]["scheme"] == "bearer");
}

#[test]
fn every_operation_says_who_may_call_it_and_how_it_can_fail() {
    let doc = doc();
    let mut operation_ids = BTreeSet::new();
    for (method, path, operation) in operations(&doc) {
        let name = format!("{method} {path}");
        assert!(operation_ids.insert(operation["operationId"].as_str().unwrap_or_default().to_string()), "{name}: operationId is not unique");
        assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{name}: no summary");
        assert!(operation["description"].as_str().is_some_and(|d| d.contains("**Who:**")), "{name}: its description must say who may call it");
        let responses = operation["responses"].as_object().expect("responses");
        assert!(responses.keys().any(|s| s.starts_with('2')), "{name}: no success response");
        let mut expected = vec!["429", "500"];
        if operation.get("security").is_some() {
            expected.extend(["401", "403"]);
        }
        if operation["requestBody"]["content"].get("application/json").is_some() {
            expected.extend(["400", "413", "415"]);
        }
        for status in expected {
            assert!(responses.contains_key(status), "{name}: no {status} response");
        }
        for (status, _) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
            let response = response(&doc, &operation, status).expect("response");
            let description = response["description"].as_str().unwrap_or_default();
            // FHIR routes refuse a request with a FHIR OperationOutcome, whose issues name the
            // FHIR issue type (`required`, `not-found`, …) instead of a MediClear code.
            if let Some(fhir) = response["content"].get("application/fhir+json") {
                assert_eq!(fhir["schema"]["$ref"], "#/components/schemas/OperationOutcome", "{name} {status}: not an OperationOutcome");
                assert!(description.contains("`OperationOutcome` (`"), "{name} {status}: the description names no FHIR issue type");
                continue;
            }
            assert!(!documented_codes(description).is_empty(), "{name} {status}: the description names no error code");
            let schema = &response["content"]["application/json"]["schema"];
            assert_eq!(schema["$ref"], "#/components/schemas/ErrorEnvelope", "{name} {status}: not the error envelope");
        }
    }
}

/// `INVALID_<NAME>` for every parameter and body property of an operation: the code
/// `mediclear_domain::validation::ValidationError` gives a field that is missing or malformed.
#[test]
fn every_parameter_and_body_field_has_its_400_code() {
    let doc = doc();
    for (method, path, operation) in operations(&doc) {
        let mut fields: BTreeSet<String> = BTreeSet::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            fields.insert(parameter["name"].as_str().unwrap_or_default().to_string());
        }
        // A FHIR Bundle's problems are OperationOutcome issues at FHIRPaths, not `INVALID_<FIELD>`.
        if operation["requestBody"]["content"].get("application/fhir+json").is_some() {
            continue;
        }
        for content in operation["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
            let reference = content["schema"]["$ref"].as_str().expect("request bodies are named schemas");
            let name = reference.rsplit('/').next().unwrap_or_default();
            fields.extend(properties_of(&doc, name).0);
        }
        if fields.is_empty() {
            continue;
        }
        let described = response(&doc, &operation, "400").and_then(|r| r["description"].as_str()).unwrap_or_default();
        let codes = documented_codes(described);
        for field in fields {
            // A header's name (`Idempotency-Key`) reads as its field (`idempotency_key`).
            let code = format!("INVALID_{}", field.replace('-', "_").to_ascii_uppercase());
            assert!(codes.contains(&code), "{method} {path}: its 400 does not name `{code}`");
        }
    }
}

/// The error codes each handler's source names must be documented on its route(s): literal codes
/// (`ApiError::conflict("USERNAME_TAKEN", …)`, `"code": "NOT_READY"`) and the `INVALID_<FIELD>`
/// of every field it reads by name (`required_str("username")`, `ValidationError::invalid("body", …)`).
#[test]
fn every_error_code_a_handler_names_is_documented() {
    const SOURCES: [(&str, &str, &[&str]); 13] = [
        ("auth_token.rs", include_str!("../api/auth_token.rs"), &["issue_token"]),
        ("admin_users.rs", include_str!("../api/admin_users.rs"), &["create_user"]),
        ("admin_user_list.rs", include_str!("../api/admin_user_list.rs"), &["list_users"]),
        ("jobs.rs", include_str!("../api/jobs.rs"), &["get_job"]),
        ("health.rs", include_str!("../api/health.rs"), &["health", "health_live", "health_ready"]),
        ("preauth/mod.rs", include_str!("../api/preauth/mod.rs"), &["get_case", "get_evidence", "decide"]),
        ("preauth/file_case.rs", include_str!("../api/preauth/file_case.rs"), &["file_case"]),
        ("preauth/get_case.rs", include_str!("../api/preauth/get_case.rs"), &["get_case"]),
        ("preauth/evidence.rs", include_str!("../api/preauth/evidence.rs"), &["get_evidence"]),
        ("preauth/list_cases.rs", include_str!("../api/preauth/list_cases.rs"), &["list_cases"]),
        ("preauth/decide.rs", include_str!("../api/preauth/decide.rs"), &["decide"]),
        ("preauth/match_criteria.rs", include_str!("../api/preauth/match_criteria.rs"), &["match_criteria"]),
        ("preauth/upload.rs", include_str!("../api/preauth/upload.rs"), &["upload_record", "upload_policy"]),
    ];
    const FIELD_READERS: [&str; 6] = ["required_str(\"", "optional_str(\"", "bounded_str(\"", "str_list(\"", "ValidationError::invalid(\"", "ValidationError::missing(\""];

    let doc = doc();
    let operations = operations(&doc);
    for (file, source, operation_ids) in SOURCES {
        let documented: BTreeSet<String> = operations
            .iter()
            .filter(|(_, _, operation)| operation_ids.contains(&operation["operationId"].as_str().unwrap_or_default()))
            .flat_map(|(_, _, operation)| operation_codes(&doc, operation))
            .collect();
        assert!(!documented.is_empty(), "{file}: none of {operation_ids:?} is documented");
        let code_lines = source.lines().filter(|line| !line.trim_start().starts_with("//") && !line.contains("description ="));
        let mut named = BTreeSet::new();
        for line in code_lines {
            if line.contains("ApiError::") || line.contains("\"code\"") {
                for literal in line.split('"').skip(1).step_by(2) {
                    if literal.len() > 3 && literal.contains('_') && literal.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                        named.insert(literal.to_string());
                    }
                }
            }
            for reader in FIELD_READERS {
                for (_, rest) in line.match_indices(reader).map(|(i, _)| line.split_at(i + reader.len())) {
                    let field = rest.split('"').next().unwrap_or_default();
                    named.insert(format!("INVALID_{}", field.to_ascii_uppercase()));
                }
            }
        }
        let undocumented: Vec<_> = named.difference(&documented).collect();
        assert!(undocumented.is_empty(), "{file} names {undocumented:?}, which {operation_ids:?} do not document");
    }
}

/// A real value serialises to exactly the properties its schema lists (all of them when every
/// optional field is set) and at least the ones it requires (when none is).
#[test]
fn real_values_serialise_to_the_properties_their_schemas_list() {
    let doc = doc();
    let full = samples::decided_case();
    let minimal = samples::filed_case();
    let keys = |value: &Value| -> Vec<String> { value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default() };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    let (listed, required) = properties_of(&doc, "Case");
    let full_json = serde_json::to_value(&full).unwrap();
    let minimal_json = serde_json::to_value(&minimal).unwrap();
    assert_eq!(sorted(keys(&full_json)), sorted(listed), "a case with every field set");
    assert_eq!(sorted(keys(&minimal_json)), sorted(required), "a case with no optional field set");

    let analysis = serde_json::to_value(full.analysis.as_ref().unwrap()).unwrap();
    assert_eq!(sorted(keys(&analysis)), sorted(properties_of(&doc, "Analysis").0));
    assert_eq!(sorted(keys(&analysis["criteria"][0])), sorted(properties_of(&doc, "CriterionFinding").0));
    assert_eq!(sorted(keys(&full_json["decision"])), sorted(properties_of(&doc, "Decision").0));

    for (name, value) in [
        ("Case", full_json),
        ("Case", minimal_json),
        ("Analysis", analysis),
        ("Job", serde_json::to_value(samples::failed_job()).unwrap()),
        ("IssuedToken", serde_json::to_value(samples::token()).unwrap()),
        ("ComponentStatus", json!({"component": "cases_table", "ready": false, "detail": "timed out"})),
        ("Bindings", serde_json::to_value(samples::bindings()).unwrap()),
    ] {
        fits(&doc, component(&doc, name), &value, name).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Bounds the parsers enforce with a constant appear in the schemas with that constant's value.
#[test]
fn schema_bounds_are_the_parsers_constants() {
    use mediclear_domain::identity::Password;
    use mediclear_domain::preauth::case::{CaseRequest, DecisionRequest};
    use mediclear_http::query::Page;
    let doc = doc();
    let case = &component(&doc, "CaseRequest")["properties"];
    assert_eq!(case["notes"]["maxLength"], CaseRequest::MAX_NOTES_CHARS);
    assert_eq!(case["diagnosis_codes"]["maxItems"], CaseRequest::MAX_DIAGNOSES);
    assert_eq!(component(&doc, "DecisionRequest")["properties"]["reason"]["maxLength"], DecisionRequest::MAX_REASON_CHARS);
    assert_eq!(component(&doc, "Password")["minLength"], Password::MIN_LEN);
    let list = &doc["paths"][crate::api::preauth::list_cases::PATH]["get"]["parameters"];
    let limit = list.as_array().unwrap().iter().find(|p| p["name"] == "limit").expect("limit");
    assert_eq!((&limit["schema"]["maximum"], &limit["schema"]["default"]), (&json!(Page::MAX_LIMIT), &json!(Page::DEFAULT_LIMIT)));
}

#[test]
fn example_ids_and_codes_are_accepted_by_their_parsers() {
    use mediclear_domain::codes::{DiagnosisCode, ProcedureCode};
    use mediclear_domain::ids::*;
    let doc = doc();
    let examples = |name: &str| -> Vec<String> {
        component(&doc, name)["examples"].as_array().expect("examples").iter().map(|e| e.as_str().unwrap().to_string()).collect()
    };
    type Parses = fn(&str) -> bool;
    let parsers: [(&str, Parses); 10] = [
        ("PatientId", |s| PatientId::parse(s).is_ok()),
        ("ProviderId", |s| ProviderId::parse(s).is_ok()),
        ("DoctorId", |s| DoctorId::parse(s).is_ok()),
        ("OrgId", |s| OrgId::parse(s).is_ok()),
        ("CaseId", |s| CaseId::parse(s).is_ok()),
        ("PolicyId", |s| PolicyId::parse(s).is_ok()),
        ("RecordId", |s| RecordId::parse(s).is_ok()),
        ("JobId", |s| JobId::parse(s).is_ok()),
        ("ProcedureCode", |s| ProcedureCode::parse(s).is_ok()),
        ("DiagnosisCode", |s| DiagnosisCode::parse(s).is_ok()),
    ];
    for (name, parses) in parsers {
        for example in examples(name) {
            assert!(parses(&example), "{name} example {example} does not parse");
        }
    }
}
