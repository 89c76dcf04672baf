use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::harness::{App, body_of, case_body, demo_cases};

#[tokio::test]
async fn filing_a_case_answers_202_with_the_pending_case_and_its_deadline() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    for (urgency, window) in [("standard", Duration::days(7)), ("expedited", Duration::hours(72))] {
        let reply = app
            .file_case(&provider, json!({"patient_id": "PAT-001", "procedure_code": "27447", "diagnosis_codes": ["M17.11"], "urgency": urgency, "notes": "Filed for review."}))
            .await;
        assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
        assert_eq!(reply.body["status"], "accepted");
        let case = &reply.body["data"];
        assert_eq!(case["status"], "PENDING");
        assert_eq!(case["provider_id"], "PRV-001");
        assert_eq!(reply.body["job_id"], case["case_id"]);
        assert_eq!(reply.body["status_url"], format!("/api/v1/preauth/cases/{}", case["case_id"].as_str().unwrap()));
        let created: DateTime<Utc> = case["created_at"].as_str().unwrap().parse().unwrap();
        let deadline: DateTime<Utc> = case["decision_deadline"].as_str().unwrap().parse().unwrap();
        assert_eq!(deadline - created, window, "{urgency}");
    }
}

#[tokio::test]
async fn bad_case_requests_name_the_field_and_store_nothing() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let cases = [
        (json!({"procedure_code": "27447"}), "INVALID_PATIENT_ID"),
        (json!({"patient_id": "PAT-001", "procedure_code": "2744"}), "INVALID_PROCEDURE_CODE"),
        (json!({"patient_id": "PAT-001"}), "INVALID_PROCEDURE_CODE"),
        (json!({"patient_id": "PAT-001", "procedure_code": "27447", "diagnosis_codes": ["not-icd"]}), "INVALID_DIAGNOSIS_CODES"),
        (json!({"patient_id": "PAT-001", "procedure_code": "27447", "urgency": "whenever"}), "INVALID_URGENCY"),
        (json!({"patient_id": "../../etc", "procedure_code": "27447"}), "INVALID_PATIENT_ID"),
        (json!({"patient_id": "PAT-001", "procedure_code": "27447", "notes": "x".repeat(20_001)}), "INVALID_NOTES"),
    ];
    for (body, code) in cases {
        let reply = app.file_case(&provider, body.clone()).await;
        assert_eq!(reply.status.as_u16(), 400, "{body}");
        assert_eq!(reply.body["error"]["code"], code, "{body}");
        assert!(reply.body["error"]["details"]["field"].is_string());
    }
    let malformed = app.client.send(http::Method::POST, "/api/v1/preauth/cases", Some(&provider), Some("application/json"), b"{\"patient_id\":".to_vec()).await.unwrap();
    assert_eq!((malformed.status.as_u16(), malformed.body["error"]["code"].as_str()), (400, Some("INVALID_BODY")));
    let wrong_type = app.client.send(http::Method::POST, "/api/v1/preauth/cases", Some(&provider), Some("text/plain"), b"hello".to_vec()).await.unwrap();
    assert_eq!(wrong_type.status.as_u16(), 415);
    let listed = app.client.get("/api/v1/preauth/cases", Some(&provider)).await.unwrap();
    assert_eq!(listed.body["data"]["count"], 0, "no case was stored by any rejected request");
}

#[tokio::test]
async fn demo_cases_reach_their_recommendations_with_cited_evidence() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let cases = demo_cases();
    assert!(cases.len() >= 3);
    for demo in cases {
        let case = app.analysed_case(&provider, body_of(&demo)).await;
        assert_eq!(case["status"], demo.expected_status.as_str(), "{} {}: {}", demo.patient_id, demo.procedure_code, case["analysis"]);
        let analysis = &case["analysis"];
        assert_eq!(analysis["status"], case["status"]);
        assert_eq!(analysis["procedure_analyzed"], demo.procedure_code.as_str());
        assert_eq!(analysis["disposition"], "RECOMMENDATION");
        assert_eq!(analysis["engine"], "offline-evidence-matcher");
        let criteria = analysis["criteria"].as_array().unwrap();
        assert!(!criteria.is_empty());
        for c in criteria {
            for key in ["id", "text", "met", "evidence", "policy_reference", "source_chunk_ids"] {
                assert!(c.get(key).is_some(), "criterion without {key}: {c}");
            }
            if c["met"] == true {
                assert!(!c["source_chunk_ids"].as_array().unwrap().is_empty(), "met without a citation: {c}");
            }
        }
    }
}

#[tokio::test]
async fn a_procedure_no_policy_covers_fails_with_a_reason_instead_of_hanging() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let case = app.analysed_case(&provider, case_body("PAT-001", "99213")).await;
    assert_eq!(case["status"], "ANALYSIS_FAILED");
    let reason = case["failure_reason"].as_str().unwrap();
    assert!(reason.contains("99213"), "{reason}");
}

#[tokio::test]
async fn providers_see_only_their_own_cases() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let mine = app.file_case(&provider, case_body("PAT-001", "27447")).await.body["data"]["case_id"].as_str().unwrap().to_string();
    let theirs = app.file_case(&other, case_body("PAT-001", "27447")).await.body["data"]["case_id"].as_str().unwrap().to_string();

    let hidden = app.client.get(&format!("/api/v1/preauth/cases/{theirs}"), Some(&provider)).await.unwrap();
    let absent = app.client.get("/api/v1/preauth/cases/PA-DOESNOTEXIST", Some(&provider)).await.unwrap();
    assert_eq!(hidden.status.as_u16(), 404);
    assert_eq!(hidden.body["error"], absent.body["error"], "someone else's case looks exactly like a missing one");

    let listed = app.client.get("/api/v1/preauth/cases", Some(&provider)).await.unwrap();
    let ids: Vec<&str> = listed.body["data"]["cases"].as_array().unwrap().iter().map(|c| c["case_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [mine.as_str()]);
    let asked_for_other = app.client.get("/api/v1/preauth/cases?provider_id=PRV-002", Some(&provider)).await.unwrap();
    assert_eq!(asked_for_other.body["data"]["count"], 0);

    let insurer = app.token("demo-insurer").await;
    let all = app.client.get("/api/v1/preauth/cases", Some(&insurer)).await.unwrap();
    assert_eq!(all.body["data"]["count"], 2);
    let by_provider = app.client.get("/api/v1/preauth/cases?provider_id=PRV-002", Some(&insurer)).await.unwrap();
    assert_eq!(by_provider.body["data"]["cases"][0]["case_id"], theirs.as_str());
}

#[tokio::test]
async fn listing_filters_combine_and_pages_cover_everything_once() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let insurer = app.token("demo-insurer").await;
    let mut filed = Vec::new();
    for patient in ["PAT-001", "PAT-002", "PAT-001", "PAT-003", "PAT-001"] {
        filed.push(app.analysed_case(&provider, case_body(patient, "27447")).await["case_id"].as_str().unwrap().to_string());
    }
    let pat1 = app.client.get("/api/v1/preauth/cases?patient_id=PAT-001", Some(&insurer)).await.unwrap();
    assert_eq!(pat1.body["data"]["count"], 3);
    let approved = app.client.get("/api/v1/preauth/cases?patient_id=PAT-001&status=APPROVED_READY", Some(&insurer)).await.unwrap();
    assert!(approved.body["data"]["cases"].as_array().unwrap().iter().all(|c| c["status"] == "APPROVED_READY" && c["patient_id"] == "PAT-001"));

    let mut seen = Vec::new();
    let mut path = "/api/v1/preauth/cases?limit=2".to_string();
    loop {
        let page = app.client.get(&path, Some(&insurer)).await.unwrap();
        assert_eq!(page.status.as_u16(), 200, "{}", page.body);
        let cases = page.body["data"]["cases"].as_array().unwrap();
        assert!(cases.len() <= 2);
        seen.extend(cases.iter().map(|c| c["case_id"].as_str().unwrap().to_string()));
        match page.body["data"]["next_token"].as_str() {
            Some(token) => path = format!("/api/v1/preauth/cases?limit=2&next_token={token}"),
            None => break,
        }
    }
    let mut expected = filed.clone();
    expected.reverse();
    assert_eq!(seen, expected, "newest first, each case exactly once");

    for (query, code) in [("status=DONE", "INVALID_STATUS"), ("limit=0", "INVALID_LIMIT"), ("limit=500", "INVALID_LIMIT"), ("next_token=garbage", "INVALID_NEXT_TOKEN"), ("patient_id=a%20b", "INVALID_PATIENT_ID")] {
        let reply = app.client.get(&format!("/api/v1/preauth/cases?{query}"), Some(&insurer)).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{query}");
    }
    // An empty filter is a mistake, not "no filter" (an admin once got every case for `provider_id=`).
    for (query, field) in [("provider_id=", "provider_id"), ("patient_id=", "patient_id"), ("status=", "status"), ("limit=", "limit"), ("next_token=", "next_token"), ("%zz=1", "query")] {
        let reply = app.client.get(&format!("/api/v1/preauth/cases?{query}"), Some(&insurer)).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some("INVALID_QUERY")), "{query}: {}", reply.body);
        assert_eq!(reply.body["error"]["details"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn wrong_methods_say_what_is_allowed_and_errors_never_repeat_the_client() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let reply = app.client.send(http::Method::DELETE, "/api/v1/preauth/cases", Some(&provider), None, Vec::new()).await.unwrap();
    assert_eq!(reply.status, 405);
    let allow = reply.headers.get("allow").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(allow.contains("GET") && allow.contains("POST"), "Allow: {allow}");

    let odd = "Zyxwvut Qwertyson";
    let upload = json!({"patient_id": "PAT-001", "file_name": "x.bin", "content_type": odd, "content_base64": "AAAA"});
    let reply = app.client.post("/api/v1/preauth/records", Some(&provider), &upload).await.unwrap();
    assert_eq!(reply.status, 415);
    assert!(!reply.body.to_string().to_lowercase().contains("zyxwvut"), "{}", reply.body);
    assert_eq!(reply.body["error"]["details"]["field"], "content_type");

    let reply = app.client.post("/api/v1/preauth/criteria/match", Some(&provider), &json!({"patient_id": "PAT-001", "procedure_code": "6775U"})).await.unwrap();
    assert_eq!(reply.status, 422);
    assert!(!reply.body.to_string().contains("6775U"), "{}", reply.body);
}

#[tokio::test]
async fn reads_of_a_case_are_audited_by_id_only() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let case = app.analysed_case(&provider, json!({"patient_id": "PAT-001", "procedure_code": "27447", "notes": "Private clinical remark"})).await;
    let case_id = case["case_id"].as_str().unwrap();
    let insurer = app.token("demo-insurer").await;
    app.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&insurer)).await.unwrap();
    app.client.get("/api/v1/preauth/cases?limit=100", Some(&insurer)).await.unwrap();
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    app.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&other)).await.unwrap();

    use mediclear_ports::audit::AuditReader;
    let trail = app.system.as_ref().unwrap().deps.audit_log.for_resource(case_id).await.unwrap();
    let actions: Vec<(&str, String)> = trail.iter().map(|r| (r.action.as_str(), format!("{:?}", r.outcome))).collect();
    for wanted in [("preauth.case.create", "Succeeded"), ("preauth.case.analysis.begin", "Succeeded"), ("preauth.case.analysis.save", "Succeeded"), ("preauth.case.read", "Succeeded"), ("preauth.case.read", "Denied"), ("preauth.case.list", "Succeeded")] {
        assert!(actions.iter().any(|(a, o)| *a == wanted.0 && o == wanted.1), "missing {wanted:?} in {actions:?}");
    }
    let serialized = serde_json::to_string(&trail).unwrap();
    assert!(!serialized.contains("Private clinical remark"), "the audit trail holds ids only");
    assert!(trail.iter().all(|r| !r.request_id.is_empty()));
}

#[tokio::test]
async fn each_quote_of_a_criterion_is_traced_to_its_record_date_span_and_passage() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let insurer = app.token("demo-insurer").await;
    let notes = "Case notes: right knee pain limits walking to one block despite bracing.";
    let mut body = case_body("PAT-001", "27447");
    body["notes"] = json!(notes);
    let case = app.analysed_case(&provider, body).await;
    assert_eq!(case["status"], "APPROVED_READY", "{}", case["analysis"]);
    let case_id = case["case_id"].as_str().unwrap();
    let met: Vec<&serde_json::Value> = case["analysis"]["criteria"].as_array().unwrap().iter().filter(|c| c["met"] == true).collect();
    assert!(!met.is_empty());
    let mut located = 0;
    for criterion in met {
        let id = criterion["id"].as_str().unwrap();
        let url = format!("/api/v1/preauth/cases/{case_id}/evidence/{id}");
        let reply = app.client.get(&url, Some(&insurer)).await.unwrap();
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
        let data = &reply.body["data"];
        assert_eq!(data["criterion"]["id"], id);
        assert_eq!(data["criterion"]["evidence"], criterion["evidence"]);
        let quotes = data["quotes"].as_array().unwrap();
        assert!(!quotes.is_empty(), "a met criterion quotes its evidence: {data}");
        for q in quotes {
            assert_eq!(q["located"], true, "every quote of the offline matcher is verbatim: {q}");
            located += 1;
            let (start, end) = (q["span"]["start"].as_u64().unwrap() as usize, q["span"]["end"].as_u64().unwrap() as usize);
            let passage = q["passage"]["text"].as_str().unwrap();
            let passage_start = q["passage"]["start"].as_u64().unwrap() as usize;
            assert!(passage_start <= start && end <= q["passage"]["end"].as_u64().unwrap() as usize, "{q}");
            let quoted: String = passage.chars().skip(start - passage_start).take(end - start).collect();
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let wanted = squash(q["quote"].as_str().unwrap());
            assert!(wanted.starts_with(&squash(&quoted)) && quoted.chars().count() >= 8, "the span holds the quote: {quoted:?} vs {wanted:?}");
            assert!(q["title"].is_string() && q["chunk_id"].is_string(), "{q}");
            assert!(q["document_date"].as_str().is_some_and(|d| d.starts_with("202")), "every demo record is dated: {q}");
        }
    }
    assert!(located >= 3, "the approved knee case quotes several records");

    // Who may read it, and what is not there.
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let patient = app.token("demo-patient").await;
    let first = format!("/api/v1/preauth/cases/{case_id}/evidence/1");
    assert_eq!(app.client.get(&first, Some(&provider)).await.unwrap().status.as_u16(), 200);
    let hidden = app.client.get(&first, Some(&other)).await.unwrap();
    assert_eq!((hidden.status.as_u16(), hidden.body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));
    assert_eq!(app.client.get(&first, Some(&patient)).await.unwrap().status.as_u16(), 403);
    let unknown = app.client.get(&format!("/api/v1/preauth/cases/{case_id}/evidence/Z9"), Some(&insurer)).await.unwrap();
    assert_eq!(unknown.status.as_u16(), 404);
    let bad = app.client.get(&format!("/api/v1/preauth/cases/{case_id}/evidence/a%20b"), Some(&insurer)).await.unwrap();
    assert_eq!((bad.status.as_u16(), bad.body["error"]["code"].as_str()), (400, Some("INVALID_CRITERION_ID")));
    let text = reply_text(&app, &insurer, case_id).await;
    assert!(!text.contains("walking to one block") || text.contains("Notes filed with the case"), "a quote from the case's notes is traced to them");
}

/// Every traced quote of a case, as one text.
async fn reply_text(app: &App, token: &str, case_id: &str) -> String {
    let case = app.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(token)).await.unwrap().body;
    let mut out = String::new();
    for c in case["data"]["analysis"]["criteria"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let reply = app.client.get(&format!("/api/v1/preauth/cases/{case_id}/evidence/{id}"), Some(token)).await.unwrap();
        out.push_str(&reply.body["data"]["quotes"].to_string());
    }
    out
}
