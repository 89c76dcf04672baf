//! What each function is asked to do in its warm invocations: one representative event per
//! invocation, built from the `events/` fixtures (the files `sam local invoke -e` takes) with
//! the seeded ids put in, and API Gateway proxy events shaped like `events/apigw-*.json` with
//! Cognito-style claims for routes without a fixture.
//!
//! An invocation that changes state gets its own data (a fresh PENDING case for `analysis-begin`,
//! a fresh analysed case for a decision, a fresh connection to drop…), so invocation 20 does the
//! same work as invocation 1 instead of hitting an "already done" shortcut or a conflict.
//!
//! [`outcome`] decides whether a posted result is a success: an HTTP status of 400 or more, a
//! non-empty `batchItemFailures` or a refused document counts as an error, like a posted error.

use std::path::PathBuf;

use anyhow::{Context, anyhow};
use serde_json::{Map, Value, json};

use mediclear_domain::ids::CaseId;

use crate::catalog::{FunctionSpec, Route};
use crate::seed::{DIAGNOSIS_CODE, PATIENT_ID, PROCEDURE_CODE, PROVIDER_ID, Seed, Stage, Stores, USER_PASSWORD};

/// The `events/` directory.
pub struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    pub fn new(workspace: &std::path::Path) -> Fixtures {
        Fixtures { dir: workspace.join("events") }
    }

    pub fn load(&self, name: &str) -> anyhow::Result<Value> {
        let path = self.dir.join(name);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
    }

    /// The provider's claims as API Gateway's Cognito authorizer passes them.
    pub fn provider_claims(&self) -> anyhow::Result<Value> {
        Ok(self.load("apigw-file-case.json")?["requestContext"]["authorizer"]["claims"].clone())
    }
}

/// The events of one function's warm run.
pub struct Scenario {
    /// What the events ask, for the report.
    pub summary: String,
    pub events: Vec<Value>,
}

/// Who calls an API route.
#[derive(Debug, Clone, Copy)]
enum Who {
    Provider,
    Insurer,
    Admin,
}

/// Claims of another role, in the fixture's shape (groups as one string, as the REST API's
/// Cognito authorizer passes them).
fn claims(fixtures: &Fixtures, who: Who) -> anyhow::Result<Option<Value>> {
    let mut claims = fixtures.provider_claims()?;
    let (group, sub) = match who {
        Who::Provider => return Ok(Some(claims)),
        Who::Insurer => ("insurer", "0b8e6c1a-bench-4a1e-9f00-insurer00001"),
        Who::Admin => ("admin", "0b8e6c1a-bench-4a1e-9f00-admin0000001"),
    };
    let map = claims.as_object_mut().ok_or_else(|| anyhow!("fixture claims are not an object"))?;
    map.remove("custom:provider_id");
    map.insert("sub".into(), json!(sub));
    map.insert("cognito:groups".into(), json!(group));
    map.insert("cognito:username".into(), json!(format!("bench-{group}")));
    Ok(Some(claims))
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An API Gateway REST proxy event for `route`, built on `events/apigw-get-case.json`.
fn api_event(base: &Value, route: &Route, path_parameters: &[(&str, &str)], claims: Option<Value>, body: Option<Value>) -> Value {
    let mut path = route.path.clone();
    for (name, value) in path_parameters {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    let mut event = base.clone();
    event["resource"] = json!(route.path);
    event["path"] = json!(path);
    event["httpMethod"] = json!(route.method);
    event["pathParameters"] =
        if path_parameters.is_empty() { Value::Null } else { Value::Object(path_parameters.iter().map(|(k, v)| (k.to_string(), json!(v))).collect()) };
    event["queryStringParameters"] = Value::Null;
    event["multiValueQueryStringParameters"] = Value::Null;
    event["body"] = body.map(|b| json!(b.to_string())).unwrap_or(Value::Null);
    let context = &mut event["requestContext"];
    context["resourcePath"] = json!(route.path);
    context["httpMethod"] = json!(route.method);
    context["path"] = json!(format!("/{}{path}", context["stage"].as_str().unwrap_or("v1")));
    context["requestId"] = json!(request_id());
    match claims {
        Some(claims) => context["authorizer"] = json!({ "claims": claims }),
        None => {
            if let Some(c) = context.as_object_mut() {
                c.remove("authorizer");
            }
        }
    }
    event
}

/// A fixture with a fresh request id (API events), the rest as recorded.
fn with_fresh_request_id(mut event: Value) -> Value {
    if event["requestContext"].is_object() {
        event["requestContext"]["requestId"] = json!(request_id());
    }
    event
}

fn route_of(function: &FunctionSpec) -> anyhow::Result<&Route> {
    function.route.as_ref().ok_or_else(|| anyhow!("template.yaml gives {} no REST route", function.name))
}

/// S3 keys in events are URL-encoded with `+` for spaces.
fn s3_event_key(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'~' => out.push(b as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The first demo note of the seeded patient (a realistic upload body).
fn demo_note() -> &'static str {
    let prefix = format!("records/{PATIENT_ID}/");
    mediclear_local::embedded::DEMO_FILES.iter().find(|(path, _)| path.starts_with(&prefix)).map(|(_, text)| *text).unwrap_or("Knee pain for 2 years.")
}

fn demo_policy() -> &'static str {
    mediclear_local::embedded::DEMO_FILES
        .iter()
        .find(|(path, _)| path.starts_with("policies/"))
        .map(|(_, text)| *text)
        .unwrap_or("Title: Policy\nProcedure codes: 27447\n\n1. A criterion.")
}

async fn fresh_cases(stores: &Stores, seed: &Seed, stage: Stage, count: usize) -> anyhow::Result<Vec<CaseId>> {
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        ids.push(stores.case(&seed.provider, stage, &seed.analysis).await?);
    }
    Ok(ids)
}

/// A state-machine task event for each case: `base` with the case as `case_id` and `execution`.
fn per_case(base: &Value, cases: &[CaseId]) -> Vec<Value> {
    cases
        .iter()
        .map(|id| {
            let mut event = base.clone();
            event["case_id"] = json!(id);
            event["execution"] = json!(id);
            event
        })
        .collect()
}

/// `count` events for `function`; `None` for a function this module does not know yet.
pub async fn prepare(function: &FunctionSpec, fixtures: &Fixtures, seed: &Seed, count: usize) -> anyhow::Result<Option<Scenario>> {
    let stores = &seed.stores;
    let api_base = fixtures.load("apigw-get-case.json")?;
    let repeat = |event: Value| -> Vec<Value> { (0..count).map(|_| with_fresh_request_id(event.clone())).collect() };
    let (summary, events): (String, Vec<Value>) = match function.name.as_str() {
        "health" | "health-live" | "health-ready" => {
            let route = route_of(function)?;
            (format!("{} {} (public)", route.method, route.path), repeat(api_event(&api_base, route, &[], None, None)))
        }
        "auth-token" => {
            let route = route_of(function)?;
            let body = json!({"username": seed.username, "password": USER_PASSWORD});
            (format!("{} {} for a pool user (Cognito AdminInitiateAuth)", route.method, route.path), repeat(api_event(&api_base, route, &[], None, Some(body))))
        }
        "admin-create-user" => {
            let route = route_of(function)?;
            let admin = claims(fixtures, Who::Admin)?;
            let events = (0..count)
                .map(|i| {
                    let body = json!({
                        "username": format!("bench-user-{}-{i}", &request_id()[..8]), "password": USER_PASSWORD,
                        "role": "provider", "provider_id": PROVIDER_ID
                    });
                    api_event(&api_base, route, &[], admin.clone(), Some(body))
                })
                .collect();
            (format!("{} {} as admin, a new provider user each", route.method, route.path), events)
        }
        "preauth-create-case" => ("events/apigw-file-case.json (StartExecution on moto)".into(), repeat(fixtures.load("apigw-file-case.json")?)),
        "preauth-get-case" => {
            let text = fixtures.load("apigw-get-case.json")?.to_string().replace("PA-FIXTURE000000000001", seed.analysed_case.as_str());
            ("events/apigw-get-case.json on a seeded analysed case".into(), repeat(serde_json::from_str(&text)?))
        }
        "preauth-list-cases" => ("events/apigw-list-cases.json (status filter, limit 10)".into(), repeat(fixtures.load("apigw-list-cases.json")?)),
        "preauth-decide-case" => {
            let route = route_of(function)?;
            let insurer = claims(fixtures, Who::Insurer)?;
            let body = json!({"decision": "APPROVED", "reason": "Criteria met per policy; approved on review."});
            let cases = fresh_cases(stores, seed, Stage::Analysed, count).await?;
            let events = cases.iter().map(|id| api_event(&api_base, route, &[("case_id", id.as_str())], insurer.clone(), Some(body.clone()))).collect();
            (format!("{} {} as insurer, a fresh analysed case each", route.method, route.path), events)
        }
        "preauth-match-criteria" => {
            let route = route_of(function)?;
            let body = json!({"procedure_code": PROCEDURE_CODE, "patient_id": PATIENT_ID, "diagnosis_codes": [DIAGNOSIS_CODE]});
            let event = api_event(&api_base, route, &[], claims(fixtures, Who::Provider)?, Some(body));
            (format!("{} {} {PROCEDURE_CODE} for {PATIENT_ID} (own index, Titan on the stub, offline matcher)", route.method, route.path), repeat(event))
        }
        "preauth-upload-record" => {
            let route = route_of(function)?;
            let body = json!({"patient_id": PATIENT_ID, "file_name": "bench-note.txt", "text": demo_note()});
            let event = api_event(&api_base, route, &[], claims(fixtures, Who::Provider)?, Some(body));
            (format!("{} {} a demo note as JSON text", route.method, route.path), repeat(event))
        }
        "preauth-upload-policy" => {
            let route = route_of(function)?;
            let body = json!({"title": "Bench knee policy", "procedure_codes": [PROCEDURE_CODE], "file_name": "bench-policy.txt", "text": demo_policy()});
            let event = api_event(&api_base, route, &[], claims(fixtures, Who::Insurer)?, Some(body));
            (format!("{} {} a demo policy as JSON text, as insurer", route.method, route.path), repeat(event))
        }
        "jobs-get" => {
            let route = route_of(function)?;
            let job = stores.job(&seed.provider.subject).await?;
            let event = api_event(&api_base, route, &[("job_id", job.as_str())], claims(fixtures, Who::Provider)?, None);
            (format!("{} {} on the provider's own job", route.method, route.path), repeat(event))
        }
        "ingest-document" => {
            let base = fixtures.load("s3-record-uploaded.json")?;
            let mut events = Vec::with_capacity(count);
            for _ in 0..count {
                let metadata = Stores::record_metadata("knee progress note.txt")?;
                let key = stores.document(&metadata, "knee progress note.txt", demo_note(), &seed.provider.subject).await?;
                let mut event = base.clone();
                let s3 = &mut event["Records"][0]["s3"];
                s3["bucket"]["name"] = json!(stores.bucket);
                s3["bucket"]["arn"] = json!(format!("arn:aws:s3:::{}", stores.bucket));
                s3["object"]["key"] = json!(s3_event_key(&key));
                s3["object"]["size"] = json!(demo_note().len());
                events.push(event);
            }
            ("events/s3-record-uploaded.json on a freshly stored note each (extract, chunk, Titan on the stub, index)".into(), events)
        }
        "ingest-failed" => {
            let base = fixtures.load("sqs-ingest-retries-exhausted.json")?;
            let mut events = Vec::with_capacity(count);
            for _ in 0..count {
                let metadata = Stores::record_metadata("knee progress note.txt")?;
                let key = stores.document(&metadata, "knee progress note.txt", demo_note(), &seed.provider.subject).await?;
                let mut event = base.clone();
                let mut record: Value = serde_json::from_str(event["Records"][0]["body"].as_str().unwrap_or_default())?;
                let s3 = &mut record["requestPayload"]["Records"][0]["s3"];
                s3["bucket"]["name"] = json!(stores.bucket);
                s3["object"]["key"] = json!(s3_event_key(&key));
                event["Records"][0]["body"] = json!(record.to_string());
                events.push(event);
            }
            ("events/sqs-ingest-retries-exhausted.json for a freshly stored note each (sidecar read, job marked FAILED)".into(), events)
        }
        "case-notifier" => {
            let text = fixtures.load("dynamodb-case-analysed.json")?.to_string();
            let events = (0..count)
                .map(|_| serde_json::from_str(&text.replace("PA-FIXTURE000000000001", CaseId::generate().as_str())))
                .collect::<Result<Vec<Value>, _>>()?;
            ("events/dynamodb-case-analysed.json (2 records) for a new case id each, 1 subscriber, PostToConnection on the stub".into(), events)
        }
        "ws-authorizer" => {
            let mut event = fixtures.load("ws-authorizer-connect.json")?;
            event["queryStringParameters"]["token"] = json!(seed.id_token);
            event["multiValueQueryStringParameters"]["token"] = json!([seed.id_token]);
            ("events/ws-authorizer-connect.json with a pool-issued ID token (JWKS fetched from the issuer)".into(), repeat(event))
        }
        "ws-connect" => {
            let base = fixtures.load("ws-connect.json")?;
            let events = (0..count)
                .map(|_| {
                    let mut event = base.clone();
                    event["requestContext"]["connectionId"] = json!(format!("{}=", &uuid::Uuid::new_v4().simple().to_string()[..15]));
                    event
                })
                .collect();
            ("events/ws-connect.json, a new connection id each".into(), events)
        }
        "ws-disconnect" => {
            let base = fixtures.load("ws-disconnect.json")?;
            let mut events = Vec::with_capacity(count);
            for _ in 0..count {
                let id = stores.connection(&seed.provider, Some(&format!("provider-{PROVIDER_ID}"))).await?;
                let mut event = base.clone();
                event["requestContext"]["connectionId"] = json!(id);
                events.push(event);
            }
            ("events/ws-disconnect.json on a fresh subscribed connection each".into(), events)
        }
        "ws-subscribe" => {
            let id = stores.connection(&seed.provider, None).await?;
            let mut event = fixtures.load("ws-subscribe.json")?;
            event["requestContext"]["connectionId"] = json!(id);
            ("events/ws-subscribe.json on a connected provider".into(), repeat(event))
        }
        "analysis-begin" => {
            let cases = fresh_cases(stores, seed, Stage::Pending, count).await?;
            ("events/sfn-begin-analysis.json on a fresh PENDING case each".into(), per_case(&fixtures.load("sfn-begin-analysis.json")?, &cases))
        }
        "analysis-retrieve-policy" | "analysis-retrieve-notes" => {
            let mut event = fixtures.load("sfn-retrieve.json")?;
            event["case_id"] = json!(seed.analysed_case);
            ("events/sfn-retrieve.json on the seeded case (own index, Titan on the stub)".into(), repeat(event))
        }
        "analysis-judge" => {
            let event = json!({"case_id": seed.analysed_case, "policy_passages": seed.policy_passages, "note_passages": seed.note_passages});
            (
                format!("the state machine's JudgeCriteria input ({} policy, {} note passages), offline matcher", seed.policy_passages.len(), seed.note_passages.len()),
                repeat(event),
            )
        }
        "analysis-save" => {
            let cases = fresh_cases(stores, seed, Stage::Analyzing, count).await?;
            let events = cases.iter().map(|id| json!({"case_id": id, "execution": id, "analysis": seed.analysis})).collect();
            ("the state machine's SaveAnalysis input on a fresh ANALYZING case each".into(), events)
        }
        "analysis-fail" => {
            let cases = fresh_cases(stores, seed, Stage::Analyzing, count).await?;
            ("events/sfn-record-failure.json on a fresh ANALYZING case each".into(), per_case(&fixtures.load("sfn-record-failure.json")?, &cases))
        }
        _ => return Ok(None),
    };
    Ok(Some(Scenario { summary, events }))
}

/// Whether a posted result is a success; the error says what failed, without the body's data.
pub fn outcome(output: &Value) -> Result<(), String> {
    if let Some(status) = output.get("statusCode").and_then(Value::as_i64)
        && status >= 400
    {
        let body: Value = output.get("body").and_then(Value::as_str).and_then(|b| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
        let code = body["error"]["code"].as_str().or(body["error"].as_str()).unwrap_or("");
        let message = body["error"]["message"].as_str().unwrap_or("");
        return Err(format!("HTTP {status} {code} {message}").trim().to_string());
    }
    if let Some(failures) = output.get("batchItemFailures").and_then(Value::as_array)
        && !failures.is_empty()
    {
        return Err(format!("{} batchItemFailures", failures.len()));
    }
    if let Some(refused) = output.get("refused").and_then(Value::as_u64)
        && refused > 0
    {
        return Err(format!("{refused} document(s) refused"));
    }
    Ok(())
}

/// The `errorType: errorMessage` of a posted error.
pub fn posted_error(body: &[u8]) -> String {
    let value: Map<String, Value> = serde_json::from_slice(body).unwrap_or_default();
    let kind = value.get("errorType").and_then(Value::as_str).unwrap_or("error");
    let message = value.get("errorMessage").and_then(Value::as_str).unwrap_or("");
    format!("{kind}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        assert!(outcome(&json!({"statusCode": 200, "body": "{}"})).is_ok());
        let e = outcome(&json!({"statusCode": 404, "body": "{\"status\":\"error\",\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such case\"}}"}));
        assert_eq!(e.unwrap_err(), "HTTP 404 NOT_FOUND no such case");
        assert!(outcome(&json!({"batchItemFailures": [{"itemIdentifier": "1"}]})).is_err());
        assert!(outcome(&json!({"batchItemFailures": []})).is_ok());
        assert!(outcome(&json!({"indexed": 0, "refused": 1, "skipped": 0})).is_err());
        assert_eq!(posted_error(br#"{"errorType":"CaseNotFound","errorMessage":"case x"}"#), "CaseNotFound: case x");
    }

    #[test]
    fn api_events_fill_the_route() {
        let base = json!({"requestContext": {"stage": "v1", "authorizer": {"claims": {}}}});
        let route = Route { method: "GET".into(), path: "/api/v1/jobs/{job_id}".into(), public: false };
        let e = api_event(&base, &route, &[("job_id", "JOB-1")], Some(json!({"sub": "s"})), None);
        assert_eq!(e["path"], "/api/v1/jobs/JOB-1");
        assert_eq!(e["requestContext"]["path"], "/v1/api/v1/jobs/JOB-1");
        assert_eq!(e["pathParameters"]["job_id"], "JOB-1");
        assert_eq!(e["requestContext"]["authorizer"]["claims"]["sub"], "s");
        let public = api_event(&base, &route, &[], None, Some(json!({"a": 1})));
        assert!(public["requestContext"].get("authorizer").is_none());
        assert_eq!(public["body"], "{\"a\":1}");
        assert_eq!(s3_event_key("records/P/R/knee note(2).txt"), "records/P/R/knee+note%282%29.txt");
    }
}
