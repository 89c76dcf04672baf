//! Requests through the real routers — the ones Lambda and the offline runtime serve, envelope
//! layer included — with every answer checked against the document: its status must be one the
//! route documents, its body must fit that response's schema, and an error's code must be one
//! that response names. Request bodies are held to their schemas too: a body with every
//! documented property is accepted, and leaving one out is refused naming it exactly when the
//! schema marks it required.
//!
//! Stores are the offline adapters on a fresh directory; the ports they do not cover cheaply are
//! stand-ins from [`super::samples`].

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use base64::Engine;
use http::Request;
use lambda_http::aws_lambda_events::apigw::ApiGatewayProxyRequestContext;
use lambda_http::request::RequestContext;
use serde_json::{Value, json};
use tower::ServiceExt;

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::audit::LocalAuditLog;
use mediclear_local_adapters::blobs::LocalBlobStore;
use mediclear_local_adapters::cases::LocalCaseStore;
use mediclear_local_adapters::jobs::LocalJobStore;
use mediclear_ports::cases::CaseWriter;

use super::samples::{self, FakeAnalyzer, FakeDirectory, FakeProbe, FakeRetriever, FakeWorkflow, LosingWriter, PROVIDER};
use super::{doc, documented_codes, fits, properties_of, response};
use crate::api::preauth::{decide, file_case, get_case, list_cases, match_criteria, upload};
use crate::api::{admin_user_list, admin_users, auth_token, health, jobs};
use crate::audit::Auditor;

struct World {
    _dir: tempfile::TempDir,
    doc: Value,
    cases: Arc<LocalCaseStore>,
    jobs: Arc<LocalJobStore>,
    gate: crate::api::patients::Gate,
    blobs: Arc<LocalBlobStore>,
    audit: Auditor,
    idempotency: crate::idempotency::Idempotency,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        World {
            doc: doc(),
            cases: Arc::new(LocalCaseStore::new(store.clone())),
            jobs: Arc::new(LocalJobStore::new(store.clone())),
            gate: crate::api::patients::Gate::over(
                Arc::new(mediclear_local_adapters::patients::LocalCareTeam::new(store.clone())),
                Arc::new(mediclear_local_adapters::doctors::LocalDoctorStore::new(store.clone())),
            ),
            blobs: Arc::new(LocalBlobStore::new(store.clone())),
            idempotency: crate::idempotency::Idempotency {
                store: Arc::new(mediclear_local_adapters::idempotency::LocalIdempotencyStore::new(store.clone())),
            },
            audit: Auditor::new(Arc::new(LocalAuditLog::new(store))),
            _dir: dir,
        }
    }

    /// Sends `request` to `router` and checks the answer against what the document says of
    /// `template` (the route as `template.yaml` declares it) for the answer's status.
    async fn call(&self, router: &Router, template: &str, request: Request<Body>) -> (u16, Value) {
        let method = request.method().as_str().to_ascii_lowercase();
        let answer = router.clone().oneshot(request).await.unwrap();
        let status = answer.status().as_u16();
        let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
        let body: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {template} {status}: not JSON ({e})"));
        let operation = &self.doc["paths"][template][&method];
        assert!(operation.is_object(), "{method} {template} is not documented");
        let documented = response(&self.doc, operation, &status.to_string())
            .unwrap_or_else(|| panic!("{method} {template} answered {status}, which it does not document: {body}"));
        fits(&self.doc, &documented["content"]["application/json"]["schema"], &body, "body")
            .unwrap_or_else(|e| panic!("{method} {template} {status} does not fit its schema: {e}\n{body}"));
        if status >= 400 {
            let code = body["error"]["code"].as_str().unwrap_or_default();
            let named = documented_codes(documented["description"].as_str().unwrap_or_default());
            assert!(named.contains(code), "{method} {template} {status}: code {code} is not among the documented {named:?}");
        }
        (status, body)
    }

    /// A body with every property the schema lists is accepted; without a property it is
    /// refused naming that property exactly when the schema requires it. `examples` together
    /// hold every listed property (exclusive alternatives need an example each). `conditional`
    /// are the optional properties another field can make necessary (the schema says when);
    /// leaving those out may be refused.
    async fn body_contract(
        &self,
        schema: &str,
        template: &str,
        examples: &[Value],
        conditional: &[&str],
        mut send: impl FnMut(Value) -> (Router, Request<Body>),
    ) {
        let (listed, required) = properties_of(&self.doc, schema);
        let covered: BTreeSet<String> = examples.iter().flat_map(|e| e.as_object().unwrap().keys().cloned()).collect();
        assert_eq!(covered, listed.into_iter().collect(), "{schema}: the examples must hold every documented property");
        for example in examples {
            let (router, request) = send(example.clone());
            let (status, body) = self.call(&router, template, request).await;
            assert!(status < 300, "{schema}: {example} was refused: {body}");
            for property in example.as_object().unwrap().keys() {
                let mut without = example.clone();
                without.as_object_mut().unwrap().remove(property);
                let (router, request) = send(without);
                let (status, body) = self.call(&router, template, request).await;
                let code = format!("INVALID_{}", property.to_ascii_uppercase());
                if required.contains(property) {
                    assert_eq!((status, body["error"]["code"].as_str()), (400, Some(code.as_str())), "{schema} without required {property}");
                } else if !conditional.contains(&property.as_str()) {
                    assert!(status < 300, "{schema} without optional {property} was refused: {body}");
                }
            }
        }
    }
}

fn claims(role: &str, bindings: &[(&str, &str)]) -> Value {
    let mut claims = json!({"sub": format!("sub-{role}"), "cognito:username": format!("demo-{role}"), "cognito:groups": [role]});
    for (name, value) in bindings {
        claims[format!("custom:{name}")] = json!(value);
    }
    claims
}

fn provider() -> Value {
    claims("provider", &[("provider_id", PROVIDER)])
}

fn insurer() -> Value {
    claims("insurer", &[])
}

fn admin() -> Value {
    claims("admin", &[])
}

fn patient() -> Value {
    claims("patient", &[("patient_id", "PAT-001")])
}

/// A request as API Gateway hands it over: a verified caller's claims in the request context.
fn request(method: &str, uri: &str, caller: Option<&Value>, body: Option<(&str, Vec<u8>)>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some((content_type, _)) = &body {
        builder = builder.header("content-type", *content_type);
    }
    let mut request = builder.body(body.map(|(_, bytes)| Body::from(bytes)).unwrap_or_else(Body::empty)).unwrap();
    if let Some(claims) = caller {
        let mut context = ApiGatewayProxyRequestContext::default();
        context.authorizer.fields.insert("claims".into(), claims.clone());
        request.extensions_mut().insert(RequestContext::ApiGatewayV1(context));
    }
    request
}

fn json_request(method: &str, uri: &str, caller: Option<&Value>, body: &Value) -> Request<Body> {
    request(method, uri, caller, Some(("application/json", body.to_string().into_bytes())))
}

fn get(uri: &str, caller: Option<&Value>) -> Request<Body> {
    request("GET", uri, caller, None)
}

/// A `multipart/form-data` body: text fields and an optional `file` part.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (&'static str, Vec<u8>) {
    const BOUNDARY: &str = "mediclear-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").into_bytes());
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n")
                .into_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    ("multipart/form-data; boundary=mediclear-test-boundary", body)
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn pdf_base64() -> String {
    base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
}

#[tokio::test]
async fn health_routes_answer_as_documented() {
    let w = World::new();
    for (router, path) in [(health::health_router(), health::HEALTH_PATH), (health::live_router(), health::LIVE_PATH)] {
        assert_eq!(w.call(&router, path, get(path, None)).await.0, 200);
    }
    let ready = |up| health::ready_router(health::ReadyDeps { probe: Arc::new(FakeProbe { ready: up }) });
    let path = health::READY_PATH;
    assert_eq!(w.call(&ready(true), path, get(path, None)).await.0, 200);
    let (status, body) = w.call(&ready(false), path, get(path, None)).await;
    assert_eq!((status, code(&body)), (503, "NOT_READY"));
}

#[tokio::test]
async fn identity_routes_answer_as_documented() {
    let w = World::new();
    let tokens = auth_token::router(auth_token::Deps { directory: Arc::new(FakeDirectory) });
    let path = auth_token::PATH;
    for (body, status, expected_code) in [
        (json!({"username": "demo-user", "password": "right-password"}), 200, ""),
        (json!({"username": "demo-user", "password": "wrong-password"}), 401, "INVALID_CREDENTIALS"),
        (json!({"username": "needs-reset", "password": "any-password"}), 422, "UNPROCESSABLE"),
        (json!({"username": "a b", "password": "x"}), 400, "INVALID_USERNAME"),
        (json!(["not", "an", "object"]), 400, "INVALID_BODY"),
    ] {
        let (answered, answer) = w.call(&tokens, path, json_request("POST", path, None, &body)).await;
        assert_eq!((answered, code(&answer)), (status, expected_code), "{body}");
    }
    let form = request("POST", path, None, Some(("application/x-www-form-urlencoded", b"username=demo-user".to_vec())));
    assert_eq!(w.call(&tokens, path, form).await.0, 415);

    let users = admin_users::router(admin_users::Deps { directory: Arc::new(FakeDirectory), audit: w.audit.clone(), idempotency: w.idempotency.clone() });
    let path = admin_users::PATH;
    let user = |name: &str| json!({"username": name, "password": "a-long-password", "role": "provider", "provider_id": "PRV-002"});
    let (status, body) = w.call(&users, path, json_request("POST", path, Some(&admin()), &user("new-provider"))).await;
    assert_eq!(status, 201, "{body}");
    for (caller, body, status, expected_code) in [
        (None, user("other-provider"), 401, "UNAUTHORIZED"),
        (Some(patient()), user("other-provider"), 403, "FORBIDDEN"),
        (Some(admin()), user("taken-name"), 409, "USERNAME_TAKEN"),
        (Some(admin()), json!({"username": "clinic", "password": "a-long-password", "role": "provider"}), 400, "INVALID_PROVIDER_ID"),
    ] {
        let (answered, answer) = w.call(&users, path, json_request("POST", path, caller.as_ref(), &body)).await;
        assert_eq!((answered, code(&answer)), (status, expected_code), "{body}");
    }

    let listing = admin_user_list::router(admin_user_list::Deps { directory: Arc::new(FakeDirectory), audit: w.audit.clone() });
    let (status, body) = w.call(&listing, path, request("GET", &format!("{path}?role=patient&limit=5"), Some(&admin()), None)).await;
    assert_eq!((status, body["data"]["users"][0]["role"].as_str()), (200, Some("patient")), "{body}");
    for (uri, caller, status, expected_code) in [
        (path.to_string(), None, 401, "UNAUTHORIZED"),
        (path.to_string(), Some(patient()), 403, "FORBIDDEN"),
        (format!("{path}?role=pilot"), Some(admin()), 400, "INVALID_ROLE"),
        (format!("{path}?next_token=elsewhere"), Some(admin()), 400, "INVALID_NEXT_TOKEN"),
        (format!("{path}?limit=1000"), Some(admin()), 400, "INVALID_LIMIT"),
    ] {
        let (answered, answer) = w.call(&listing, path, request("GET", &uri, caller.as_ref(), None)).await;
        assert_eq!((answered, code(&answer)), (status, expected_code), "{uri}");
    }
}

#[tokio::test]
async fn case_routes_answer_as_documented() {
    let w = World::new();
    let filing = |up| file_case::router(file_case::Deps { cases: w.cases.clone(), workflow: Arc::new(FakeWorkflow { up }), audit: w.audit.clone(), idempotency: w.idempotency.clone() });
    let path = file_case::PATH;
    let body = json!({"patient_id": "PAT-001", "procedure_code": "27447", "diagnosis_codes": ["M17.11"], "urgency": "expedited"});
    let (status, filed) = w.call(&filing(true), path, json_request("POST", path, Some(&provider()), &body)).await;
    assert_eq!((status, filed["data"]["status"].as_str()), (202, Some("PENDING")), "{filed}");
    let (status, failed) = w.call(&filing(false), path, json_request("POST", path, Some(&provider()), &body)).await;
    assert_eq!((status, failed["data"]["status"].as_str()), (202, Some("ANALYSIS_FAILED")), "a start that fails still files the case");
    assert_eq!(w.call(&filing(true), path, json_request("POST", path, Some(&insurer()), &body)).await.0, 403);
    assert_eq!(w.call(&filing(true), path, json_request("POST", path, None, &body)).await.0, 401);

    let reading = get_case::router(get_case::Deps { cases: w.cases.clone(), audit: w.audit.clone() });
    let template = get_case::PATH;
    let case_url = filed["status_url"].as_str().unwrap().to_string();
    assert_eq!(w.call(&reading, template, get(&case_url, Some(&provider()))).await.0, 200);
    assert_eq!(w.call(&reading, template, get(&case_url, Some(&insurer()))).await.0, 200);
    let stranger = claims("provider", &[("provider_id", "PRV-999")]);
    assert_eq!(w.call(&reading, template, get(&case_url, Some(&stranger))).await.0, 404);
    assert_eq!(w.call(&reading, template, get(&case_url, Some(&patient()))).await.0, 403);
    let (status, body) = w.call(&reading, template, get("/api/v1/preauth/cases/PA%201", Some(&insurer()))).await;
    assert_eq!((status, code(&body)), (400, "INVALID_CASE_ID"));

    let listing = list_cases::router(list_cases::Deps { cases: w.cases.clone(), audit: w.audit.clone() });
    let path = list_cases::PATH;
    let (status, page) = w.call(&listing, path, get("/api/v1/preauth/cases?patient_id=PAT-001&limit=1", Some(&insurer()))).await;
    assert_eq!((status, page["data"]["count"].as_u64()), (200, Some(1)));
    assert!(page["data"]["next_token"].is_string(), "two cases, pages of one: {page}");
    let (status, _) = w.call(&listing, path, get("/api/v1/preauth/cases?provider_id=PRV-999", Some(&provider()))).await;
    assert_eq!(status, 200, "another provider's cases: an empty list");
    for (query, expected_code) in [("limit=0", "INVALID_LIMIT"), ("status=DONE", "INVALID_STATUS"), ("next_token=forged", "INVALID_NEXT_TOKEN")] {
        let (status, body) = w.call(&listing, path, get(&format!("{path}?{query}"), Some(&insurer()))).await;
        assert_eq!((status, code(&body)), (400, expected_code), "{query}");
    }
}

#[tokio::test]
async fn decisions_answer_as_documented() {
    let w = World::new();
    let deciding = decide::router(decide::Deps { reader: w.cases.clone(), writer: w.cases.clone(), audit: w.audit.clone() });
    let template = decide::PATH;
    let url = |case: &mediclear_domain::preauth::case::Case| format!("/api/v1/preauth/cases/{}/decision", case.case_id);
    let decision = json!({"decision": "DENIED", "reason": "Not medically necessary.", "reason_code": "MN-2"});

    let analysed = samples::analysed_case();
    w.cases.create(&analysed).await.unwrap();
    let (status, body) = w.call(&deciding, template, json_request("POST", &url(&analysed), Some(&insurer()), &decision)).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("DENIED")), "{body}");
    let (status, body) = w.call(&deciding, template, json_request("POST", &url(&analysed), Some(&insurer()), &decision)).await;
    assert_eq!((status, code(&body), body["error"]["details"]["status"].as_str()), (409, "ILLEGAL_STATUS_CHANGE", Some("DENIED")));
    assert_eq!(w.call(&deciding, template, json_request("POST", &url(&analysed), Some(&provider()), &decision)).await.0, 403);
    let absent = samples::analysed_case();
    assert_eq!(w.call(&deciding, template, json_request("POST", &url(&absent), Some(&insurer()), &decision)).await.0, 404);

    let raced = samples::analysed_case();
    w.cases.create(&raced).await.unwrap();
    let losing = decide::router(decide::Deps { reader: w.cases.clone(), writer: Arc::new(LosingWriter), audit: w.audit.clone() });
    let (status, body) = w.call(&losing, template, json_request("POST", &url(&raced), Some(&insurer()), &decision)).await;
    assert_eq!((status, code(&body)), (409, "CASE_VERSION_CONFLICT"));
}

#[tokio::test]
async fn criteria_matching_answers_as_documented() {
    let w = World::new();
    let matching = |fits| {
        match_criteria::router(match_criteria::Deps { retriever: Arc::new(FakeRetriever), analyzer: Arc::new(FakeAnalyzer { fits }), audit: w.audit.clone() })
    };
    let path = match_criteria::PATH;
    let body = |procedure: &str| json!({"procedure_code": procedure, "patient_id": "PAT-001"});
    assert_eq!(w.call(&matching(true), path, json_request("POST", path, Some(&insurer()), &body("27447"))).await.0, 200);
    let (status, answer) = w.call(&matching(true), path, json_request("POST", path, Some(&provider()), &body("27446"))).await;
    assert_eq!((status, code(&answer)), (422, "NO_POLICY_FOR_PROCEDURE"));
    let (status, answer) = w.call(&matching(false), path, json_request("POST", path, Some(&insurer()), &body("27447"))).await;
    assert_eq!((status, code(&answer)), (502, "MODEL_OUTPUT_INVALID"));
    assert_eq!(w.call(&matching(true), path, json_request("POST", path, Some(&admin()), &body("27447"))).await.0, 403);
}

#[tokio::test]
async fn uploads_and_their_jobs_answer_as_documented() {
    let w = World::new();
    let deps = upload::Deps { blobs: w.blobs.clone(), jobs: w.jobs.clone(), audit: w.audit.clone(), idempotency: w.idempotency.clone() };
    let (records, policies) = (upload::records_router(deps.clone()), upload::policies_router(deps));
    let (records_path, policies_path) = (upload::RECORDS_PATH, upload::POLICIES_PATH);

    let record = json!({"patient_id": "PAT-001", "file_name": "visit.txt", "text": "Knee pain for a year."});
    let (status, stored) = w.call(&records, records_path, json_request("POST", records_path, Some(&provider()), &record)).await;
    assert_eq!(status, 202, "{stored}");
    let (content_type, form) = multipart(&[("patient_id", "PAT-001")], Some(("visit.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")));
    assert_eq!(w.call(&records, records_path, request("POST", records_path, Some(&provider()), Some((content_type, form)))).await.0, 202);
    let (content_type, form) = multipart(&[("patient_id", "PAT-001"), ("file_name", "visit.txt")], None);
    let (status, body) = w.call(&records, records_path, request("POST", records_path, Some(&provider()), Some((content_type, form)))).await;
    assert_eq!((status, code(&body)), (400, "INVALID_FILE"));
    let gif = json!({"patient_id": "PAT-001", "file_name": "x.gif", "content_type": "image/gif", "content_base64": "R0lGODlh"});
    let (status, body) = w.call(&records, records_path, json_request("POST", records_path, Some(&provider()), &gif)).await;
    assert_eq!((status, code(&body), body["error"]["details"]["field"].as_str()), (415, "UNSUPPORTED_MEDIA_TYPE", Some("content_type")));
    let xml = request("POST", records_path, Some(&provider()), Some(("application/xml", b"<record/>".to_vec())));
    assert_eq!(w.call(&records, records_path, xml).await.0, 415);
    assert_eq!(w.call(&records, records_path, json_request("POST", records_path, Some(&insurer()), &record)).await.0, 403);

    let (content_type, form) = multipart(&[("title", "Knee arthroplasty"), ("procedure_codes", "27447, 27446")], Some(("knee.txt", "text/plain", b"1. Six months of therapy.")));
    let (status, body) = w.call(&policies, policies_path, request("POST", policies_path, Some(&insurer()), Some((content_type, form)))).await;
    assert_eq!((status, body["data"]["procedure_codes"].clone()), (202, json!(["27447", "27446"])), "{body}");
    assert_eq!(w.call(&policies, policies_path, json_request("POST", policies_path, Some(&provider()), &json!({}))).await.0, 403);

    let following = jobs::router(jobs::Deps { jobs: w.jobs.clone(), gate: w.gate.clone() });
    let job_url = stored["status_url"].as_str().unwrap().to_string();
    let (status, job) = w.call(&following, jobs::PATH, get(&job_url, Some(&provider()))).await;
    assert_eq!((status, job["data"]["status"].as_str()), (200, Some("INGESTED")));
    assert_eq!(w.call(&following, jobs::PATH, get(&job_url, Some(&insurer()))).await.0, 404, "only its starter sees a job");
    let (status, body) = w.call(&following, jobs::PATH, get("/api/v1/jobs/JOB%2F1", Some(&provider()))).await;
    assert_eq!((status, code(&body)), (400, "INVALID_JOB_ID"));
}

#[tokio::test]
async fn request_bodies_hold_to_their_schemas() {
    let w = World::new();

    let tokens = auth_token::router(auth_token::Deps { directory: Arc::new(FakeDirectory) });
    let examples = [json!({"username": "demo-user", "password": "right-password"})];
    w.body_contract("TokenRequest", auth_token::PATH, &examples, &[], |body| (tokens.clone(), json_request("POST", auth_token::PATH, None, &body)))
        .await;

    let users = admin_users::router(admin_users::Deps { directory: Arc::new(FakeDirectory), audit: w.audit.clone(), idempotency: w.idempotency.clone() });
    let user = |role: &str, bindings: Value| {
        let mut body = json!({"username": format!("new-{role}"), "password": "a-long-password", "role": role});
        body.as_object_mut().unwrap().extend(bindings.as_object().unwrap().clone());
        body
    };
    let examples = [
        user("patient", json!({"patient_id": "PAT-002"})),
        user("doctor", json!({"doctor_id": "DOC-002", "org_id": "ORG-1"})),
        user("provider", json!({"provider_id": "PRV-002", "org_id": "ORG-1"})),
    ];
    // Each role requires its own binding (the schema's description says which).
    let role_bindings = ["patient_id", "doctor_id", "provider_id"];
    w.body_contract("NewUserRequest", admin_users::PATH, &examples, &role_bindings, |body| {
        (users.clone(), json_request("POST", admin_users::PATH, Some(&admin()), &body))
    })
    .await;

    let filing = file_case::router(file_case::Deps {
        cases: w.cases.clone(),
        workflow: Arc::new(FakeWorkflow { up: true }),
        audit: w.audit.clone(),
        idempotency: w.idempotency.clone(),
    });
    let examples = [json!({"patient_id": "PAT-001", "procedure_code": "27447", "diagnosis_codes": ["M17.11"], "urgency": "standard", "notes": "Knee pain."})];
    w.body_contract("CaseRequest", file_case::PATH, &examples, &[], |body| (filing.clone(), json_request("POST", file_case::PATH, Some(&provider()), &body)))
        .await;

    // Every decision needs a case still waiting for one.
    let deciding = decide::router(decide::Deps { reader: w.cases.clone(), writer: w.cases.clone(), audit: w.audit.clone() });
    let mut waiting = Vec::new();
    for _ in 0..4 {
        let case = samples::analysed_case();
        w.cases.create(&case).await.unwrap();
        waiting.push(format!("/api/v1/preauth/cases/{}/decision", case.case_id));
    }
    let examples = [json!({"decision": "APPROVED", "reason": "Criteria met.", "reason_code": "MN-1"})];
    w.body_contract("DecisionRequest", decide::PATH, &examples, &[], |body| {
        (deciding.clone(), json_request("POST", &waiting.pop().expect("a waiting case"), Some(&insurer()), &body))
    })
    .await;

    let matching =
        match_criteria::router(match_criteria::Deps { retriever: Arc::new(FakeRetriever), analyzer: Arc::new(FakeAnalyzer { fits: true }), audit: w.audit.clone() });
    let examples = [json!({"procedure_code": "27447", "patient_id": "PAT-001", "diagnosis_codes": ["M17.11"]})];
    w.body_contract("CriteriaMatchRequest", match_criteria::PATH, &examples, &[], |body| {
        (matching.clone(), json_request("POST", match_criteria::PATH, Some(&provider()), &body))
    })
    .await;

    // `text` or `content_base64`, exactly one; `content_type` is needed with `content_base64`.
    let deps = upload::Deps { blobs: w.blobs.clone(), jobs: w.jobs.clone(), audit: w.audit.clone(), idempotency: w.idempotency.clone() };
    let content = ["content_type", "text", "content_base64"];
    let records = upload::records_router(deps.clone());
    let examples = [
        json!({"patient_id": "PAT-001", "file_name": "visit.txt", "content_type": "text/plain", "text": "Knee pain."}),
        json!({"patient_id": "PAT-001", "file_name": "visit.pdf", "content_type": "application/pdf", "content_base64": pdf_base64()}),
    ];
    w.body_contract("RecordUploadJson", upload::RECORDS_PATH, &examples, &content, |body| {
        (records.clone(), json_request("POST", upload::RECORDS_PATH, Some(&provider()), &body))
    })
    .await;

    let policies = upload::policies_router(deps);
    let examples = [
        json!({"title": "Knee", "procedure_codes": ["27447"], "file_name": "knee.txt", "content_type": "text/plain", "text": "1. Therapy."}),
        json!({"title": "Knee", "procedure_codes": ["27447"], "file_name": "knee.pdf", "content_type": "application/pdf", "content_base64": pdf_base64()}),
    ];
    w.body_contract("PolicyUploadJson", upload::POLICIES_PATH, &examples, &content, |body| {
        (policies.clone(), json_request("POST", upload::POLICIES_PATH, Some(&insurer()), &body))
    })
    .await;
}
