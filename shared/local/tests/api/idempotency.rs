//! `Idempotency-Key` on every creating POST: a retry with the same key and body gets the first
//! answer and creates nothing; the same key with another body is 422; keys are the caller's own.

use http::Method;
use serde_json::{Value, json};

use mediclear_local::client::Reply;

use crate::harness::{App, case_body};

async fn post(app: &App, path: &str, token: &str, key: &str, body: &Value) -> Reply {
    app.client
        .send_with(Method::POST, path, Some(token), &[("idempotency-key", key)], Some("application/json"), serde_json::to_vec(body).unwrap())
        .await
        .unwrap()
}

fn replayed(reply: &Reply) -> bool {
    reply.headers.get("idempotent-replayed").is_some_and(|v| v == "true")
}

async fn case_count(app: &App, token: &str, patient: &str) -> usize {
    let reply = app.client.get(&format!("/api/v1/preauth/cases?patient_id={patient}&limit=100"), Some(token)).await.unwrap();
    reply.body["data"]["cases"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_retried_filing_gets_its_first_answer_and_files_nothing() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let body = case_body("PAT-IDEM", "27447");
    let first = post(&app, "/api/v1/preauth/cases", &provider, "key-1", &body).await;
    assert_eq!(first.status, 202, "{}", first.body);
    assert!(!replayed(&first));

    // The same request, its JSON written differently.
    let reordered: Value = serde_json::from_str(&format!(
        r#"{{"urgency": "standard", "diagnosis_codes": [], "procedure_code": "27447",   "patient_id": "PAT-IDEM"}}"#
    ))
    .unwrap();
    let again = post(&app, "/api/v1/preauth/cases", &provider, "key-1", &reordered).await;
    assert_eq!(again.status, 202);
    assert!(replayed(&again));
    assert_eq!(again.body["data"]["case_id"], first.body["data"]["case_id"]);
    assert_eq!(again.body["data"]["status"], "PENDING", "the first answer, as it was");
    assert_eq!(case_count(&app, &provider, "PAT-IDEM").await, 1);

    let other = post(&app, "/api/v1/preauth/cases", &provider, "key-1", &case_body("PAT-IDEM", "72148")).await;
    assert_eq!(other.status, 422, "{}", other.body);
    assert_eq!(other.body["error"]["code"], "IDEMPOTENCY_KEY_REUSED");
    assert!(!other.body.to_string().contains("key-1"), "the key is not echoed");
    assert_eq!(case_count(&app, &provider, "PAT-IDEM").await, 1, "nothing filed for the reused key");

    // Without a key, or with a new one, a filing is a filing.
    assert_eq!(app.file_case(&provider, body.clone()).await.status, 202);
    assert_eq!(post(&app, "/api/v1/preauth/cases", &provider, "key-2", &body).await.status, 202);
    assert_eq!(case_count(&app, &provider, "PAT-IDEM").await, 3);
}

#[tokio::test]
async fn keys_belong_to_their_caller_and_must_be_well_formed() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let other_provider = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let body = case_body("PAT-IDEM2", "27447");
    let mine = post(&app, "/api/v1/preauth/cases", &provider, "shared-key", &body).await;
    let theirs = post(&app, "/api/v1/preauth/cases", &other_provider, "shared-key", &body).await;
    assert_eq!((mine.status.as_u16(), theirs.status.as_u16()), (202, 202));
    assert!(!replayed(&theirs), "another caller's key never replays someone else's answer");
    assert_ne!(mine.body["data"]["case_id"], theirs.body["data"]["case_id"]);

    for bad in ["has space", "×ø", &"k".repeat(256)] {
        let reply = post(&app, "/api/v1/preauth/cases", &provider, bad, &body).await;
        assert_eq!(reply.status, 400, "{bad:?}: {}", reply.body);
        assert_eq!(reply.body["error"]["code"], "INVALID_IDEMPOTENCY_KEY");
    }
}

#[tokio::test]
async fn concurrent_requests_with_one_key_file_one_case() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let body = case_body("PAT-RACE", "27447");
    let sends = (0..8).map(|_| post(&app, "/api/v1/preauth/cases", &provider, "race-key", &body));
    let replies = futures::future::join_all(sends).await;
    let ids: std::collections::BTreeSet<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, 202, "{}", r.body);
            r.body["data"]["case_id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 1, "all eight got the one case");
    assert_eq!(case_count(&app, &provider, "PAT-RACE").await, 1);
}

#[tokio::test]
async fn uploads_and_users_replay_too() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let record = json!({"patient_id": "PAT-IDEM3", "file_name": "visit.txt", "text": "Knee pain for a year."});
    let first = post(&app, "/api/v1/preauth/records", &provider, "upload-1", &record).await;
    let again = post(&app, "/api/v1/preauth/records", &provider, "upload-1", &record).await;
    assert_eq!((first.status.as_u16(), again.status.as_u16()), (202, 202));
    assert!(replayed(&again));
    assert_eq!(again.body["job_id"], first.body["job_id"]);
    let changed = post(&app, "/api/v1/preauth/records", &provider, "upload-1", &json!({"patient_id": "PAT-IDEM3", "file_name": "visit.txt", "text": "Other text."})).await;
    assert_eq!(changed.body["error"]["code"], "IDEMPOTENCY_KEY_REUSED");

    // Multipart: the same form sent twice (curl picks a new boundary each time) is the same upload.
    let form = |boundary: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"patient_id\"\r\n\r\nPAT-IDEM3\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\nRight knee pain.\r\n--{boundary}--\r\n"
        )
    };
    let mut job_ids = Vec::new();
    for boundary in ["AaB03x", "xyzzy42"] {
        let reply = app
            .client
            .send_with(
                Method::POST,
                "/api/v1/preauth/records",
                Some(&provider),
                &[("idempotency-key", "form-1")],
                Some(&format!("multipart/form-data; boundary={boundary}")),
                form(boundary).into_bytes(),
            )
            .await
            .unwrap();
        assert_eq!(reply.status, 202, "{}", reply.body);
        job_ids.push(reply.body["job_id"].clone());
    }
    assert_eq!(job_ids[0], job_ids[1]);

    let admin = app.token("demo-admin").await;
    let user = json!({"username": "idem-user", "password": "a-long-password", "role": "provider", "provider_id": "PRV-009"});
    let created = post(&app, "/api/v1/admin/users", &admin, "user-1", &user).await;
    let again = post(&app, "/api/v1/admin/users", &admin, "user-1", &user).await;
    assert_eq!((created.status.as_u16(), again.status.as_u16()), (201, 201), "{}", again.body);
    assert!(replayed(&again));
    assert_eq!(again.body["data"]["user_id"], created.body["data"]["user_id"]);
    assert!(!again.raw.windows(b"a-long-password".len()).any(|w| w == b"a-long-password"), "no password in the answer");
    // Without the key, the same user is a conflict, as before.
    assert_eq!(app.client.post("/api/v1/admin/users", Some(&admin), &user).await.unwrap().status, 409);
}
