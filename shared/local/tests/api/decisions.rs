use serde_json::json;

use mediclear_domain::ids::{PatientId, ProviderId};
use mediclear_domain::preauth::case::CaseStatus;
use mediclear_ports::cases::CaseWriter;
use mediclear_testkit::conformance::fixtures;

use crate::harness::{App, case_body};

async fn analysed(app: &App) -> String {
    let provider = app.token("demo-provider").await;
    app.analysed_case(&provider, case_body("PAT-001", "27447")).await["case_id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_insurer_approves_an_analysed_case_and_that_is_final() {
    let app = App::demo().await;
    let case_id = analysed(&app).await;
    let insurer = app.token("demo-insurer").await;
    let path = format!("/api/v1/preauth/cases/{case_id}/decision");
    let reply = app.client.post(&path, Some(&insurer), &json!({"decision": "APPROVED", "reason": "Meets policy.", "reason_code": "MN-01"})).await.unwrap();
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(reply.body["data"]["status"], "APPROVED");
    assert_eq!(reply.body["data"]["decision"]["reason_code"], "MN-01");
    assert!(reply.body["data"]["analysis"].is_object(), "the recommendation stays on the case");
    let again = app.client.post(&path, Some(&insurer), &json!({"decision": "DENIED", "reason": "Changed mind."})).await.unwrap();
    assert_eq!((again.status.as_u16(), again.body["error"]["code"].as_str()), (409, Some("ILLEGAL_STATUS_CHANGE")));
}

#[tokio::test]
async fn a_case_still_pending_cannot_be_decided() {
    let app = App::demo().await;
    let case = fixtures::case(&PatientId::parse("PAT-001").unwrap(), &ProviderId::parse("PRV-001").unwrap(), CaseStatus::Pending, chrono::Utc::now());
    app.system.as_ref().unwrap().deps.cases.create(&case).await.unwrap();
    let insurer = app.token("demo-insurer").await;
    let reply = app.client.post(&format!("/api/v1/preauth/cases/{}/decision", case.case_id), Some(&insurer), &json!({"decision": "APPROVED", "reason": "x"})).await.unwrap();
    assert_eq!(reply.status.as_u16(), 409);
    assert_eq!(reply.body["error"]["code"], "ILLEGAL_STATUS_CHANGE");
    assert_eq!(reply.body["error"]["details"]["status"], "PENDING");
}

#[tokio::test]
async fn of_two_concurrent_decisions_exactly_one_wins() {
    let app = App::demo().await;
    let insurer = app.token("demo-insurer").await;
    let second = app.user("second-reviewer", "insurer", json!({})).await;
    for _ in 0..5 {
        let case_id = analysed(&app).await;
        let path = format!("/api/v1/preauth/cases/{case_id}/decision");
        let (approve, deny) = (json!({"decision": "APPROVED", "reason": "Reviewer one."}), json!({"decision": "DENIED", "reason": "Reviewer two."}));
        let (a, b) = tokio::join!(app.client.post(&path, Some(&insurer), &approve), app.client.post(&path, Some(&second), &deny));
        let statuses = [a.unwrap().status.as_u16(), b.unwrap().status.as_u16()];
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 1, "{statuses:?}");
    }
}

#[tokio::test]
async fn decisions_are_validated_and_insurer_only() {
    let app = App::demo().await;
    let case_id = analysed(&app).await;
    let path = format!("/api/v1/preauth/cases/{case_id}/decision");
    let insurer = app.token("demo-insurer").await;
    for (body, code) in [
        (json!({"decision": "MAYBE", "reason": "x"}), "INVALID_DECISION"),
        (json!({"decision": "APPROVED"}), "INVALID_REASON"),
        (json!({"reason": "x"}), "INVALID_DECISION"),
        (json!({"decision": "DENIED", "reason": "x", "reason_code": "bad code!"}), "INVALID_REASON_CODE"),
    ] {
        let reply = app.client.post(&path, Some(&insurer), &body).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{body}");
    }
    for who in ["demo-provider", "demo-admin", "demo-patient", "demo-doctor"] {
        let token = app.token(who).await;
        let reply = app.client.post(&path, Some(&token), &json!({"decision": "APPROVED", "reason": "x"})).await.unwrap();
        assert_eq!(reply.status.as_u16(), 403, "{who}");
    }
    let unknown = app.client.post("/api/v1/preauth/cases/PA-NOPE/decision", Some(&insurer), &json!({"decision": "APPROVED", "reason": "x"})).await.unwrap();
    assert_eq!(unknown.status.as_u16(), 404);
}
