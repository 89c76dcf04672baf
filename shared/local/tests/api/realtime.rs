use std::time::Duration;

use serde_json::json;

use mediclear_local::client::Socket;

use crate::harness::{App, case_body};

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_socket_needs_a_valid_token() {
    let app = App::demo().await;
    assert!(Socket::connect(&app.url(), None).await.is_err());
    assert!(Socket::connect(&app.url(), Some("not-a-token")).await.is_err());
}

#[tokio::test]
async fn the_provider_watches_its_case_move_through_analysis_to_the_decision() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let mut socket = app.socket(&provider).await;
    assert_eq!(socket.subscribe("provider-PRV-001").await.unwrap(), json!({"type": "subscribed", "channel": "provider-PRV-001"}));

    let filed = app.file_case(&provider, case_body("PAT-001", "27447")).await;
    let case_id = filed.body["data"]["case_id"].as_str().unwrap().to_string();
    let mut seen = Vec::new();
    loop {
        let message = socket.wait_for_case(&case_id, &["PENDING", "ANALYZING", "APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"], WAIT).await.unwrap();
        assert_eq!(message["type"], "case.updated");
        seen.push((message["case"]["status"].as_str().unwrap().to_string(), message["case"]["version"].as_u64().unwrap()));
        if !["PENDING", "ANALYZING"].contains(&seen.last().unwrap().0.as_str()) {
            break;
        }
    }
    let statuses: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(statuses, ["PENDING", "ANALYZING", "APPROVED_READY"]);
    assert!(seen.windows(2).all(|w| w[1].1 == w[0].1 + 1), "each version exactly once, in order: {seen:?}");

    let insurer = app.token("demo-insurer").await;
    app.client.post(&format!("/api/v1/preauth/cases/{case_id}/decision"), Some(&insurer), &json!({"decision": "APPROVED", "reason": "ok"})).await.unwrap();
    let decided = socket.wait_for_case(&case_id, &["APPROVED"], WAIT).await.unwrap();
    assert_eq!(decided["case"]["decision"]["decision"], "APPROVED");
}

#[tokio::test]
async fn the_insurer_queue_sees_every_provider_and_providers_see_only_their_own() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let insurer = app.token("demo-insurer").await;
    let mut queue = app.socket(&insurer).await;
    assert_eq!(queue.subscribe("insurer-queue").await.unwrap()["type"], "subscribed");
    let mut mine = app.socket(&provider).await;
    assert_eq!(mine.subscribe("provider-PRV-001").await.unwrap()["type"], "subscribed");

    let theirs = app.file_case(&other, case_body("PAT-001", "27447")).await.body["data"]["case_id"].as_str().unwrap().to_string();
    queue.wait_for_case(&theirs, &["PENDING"], WAIT).await.unwrap();
    let ours = app.file_case(&provider, case_body("PAT-001", "27447")).await.body["data"]["case_id"].as_str().unwrap().to_string();
    queue.wait_for_case(&ours, &["PENDING"], WAIT).await.unwrap();
    // The provider's socket gets its own case and nothing of PRV-002's.
    loop {
        let message = mine.next(Duration::from_secs(3)).await.unwrap();
        let Some(message) = message else { break };
        assert_eq!(message["case"]["provider_id"], "PRV-001", "{message}");
        if message["case"]["case_id"] == ours.as_str() && message["case"]["status"] != "PENDING" && message["case"]["status"] != "ANALYZING" {
            break;
        }
    }
}

#[tokio::test]
async fn channels_are_limited_by_role_and_ownership() {
    let app = App::demo().await;
    let cases = [
        ("demo-provider", "provider-PRV-002", "FORBIDDEN"),
        ("demo-provider", "insurer-queue", "FORBIDDEN"),
        ("demo-insurer", "provider-PRV-001", "FORBIDDEN"),
        ("demo-patient", "insurer-queue", "FORBIDDEN"),
        ("demo-doctor", "provider-PRV-001", "FORBIDDEN"),
        ("demo-insurer", "not-a-channel", "INVALID_CHANNEL"),
        ("demo-admin", "provider-PRV-001", "subscribed"),
        ("demo-admin", "insurer-queue", "subscribed"),
    ];
    for (who, channel, expected) in cases {
        let token = app.token(who).await;
        let mut socket = app.socket(&token).await;
        let reply = socket.subscribe(channel).await.unwrap();
        let got = if reply["type"] == "subscribed" { "subscribed".to_string() } else { reply["error"]["code"].as_str().unwrap().to_string() };
        assert_eq!(got, expected, "{who} → {channel}: {reply}");
    }
}

#[tokio::test]
async fn unknown_actions_get_api_gateways_answer_and_closed_sockets_are_forgotten() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let mut socket = app.socket(&provider).await;
    socket.send(&json!({"action": "dance"})).await.unwrap();
    assert_eq!(socket.next(WAIT).await.unwrap().unwrap()["message"], "Forbidden");
    socket.subscribe("provider-PRV-001").await.unwrap();
    socket.close().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A case change after the socket closed is delivered to nobody and breaks nothing.
    let case = app.analysed_case(&provider, case_body("PAT-001", "27447")).await;
    assert_eq!(case["status"], "APPROVED_READY");
}
