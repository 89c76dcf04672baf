use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use mediclear_domain::identity::{Bindings, Caller, Role};
use mediclear_domain::ids::ProviderId;
use mediclear_domain::realtime::Channel;
use mediclear_handlers::events::notifier::CaseNotifier;
use mediclear_handlers::function::invoke_json;
use mediclear_local_adapters::connections::LocalConnectionStore;
use mediclear_ports::realtime::{ConnectionPusher, ConnectionStore, PushError};

use crate::{fixture, store};

/// Records pushes; some connections are gone, some fail.
#[derive(Default)]
struct Recorder {
    pushed: Mutex<Vec<(String, serde_json::Value)>>,
    gone: Vec<String>,
    failing: Mutex<Vec<String>>,
}

#[async_trait]
impl ConnectionPusher for Recorder {
    async fn push(&self, connection_id: &str, payload: &[u8]) -> Result<(), PushError> {
        if self.gone.iter().any(|g| g == connection_id) {
            return Err(PushError::Gone);
        }
        if self.failing.lock().unwrap().iter().any(|f| f == connection_id) {
            return Err(PushError::Failed("throttled".into()));
        }
        self.pushed.lock().unwrap().push((connection_id.to_string(), serde_json::from_slice(payload).unwrap()));
        Ok(())
    }
}

fn caller(role: Role, provider: Option<&str>) -> Caller {
    Caller { subject: "s".into(), username: "u".into(), role, bindings: Bindings { provider_id: provider.map(|p| ProviderId::parse(p).unwrap()), ..Default::default() } }
}

async fn subscribed(connections: &LocalConnectionStore, id: &str, channel: &str, who: Caller) {
    connections.connect(id, &who).await.unwrap();
    connections.subscribe(id, &Channel::parse(channel).unwrap()).await.unwrap();
}

#[tokio::test]
async fn a_filed_case_reaches_its_provider_and_the_insurer_queue_once() {
    let (_dir, store) = store();
    let connections = Arc::new(LocalConnectionStore::new(store));
    subscribed(&connections, "conn-provider", "provider-PRV-001", caller(Role::Provider, Some("PRV-001"))).await;
    subscribed(&connections, "conn-other", "provider-PRV-002", caller(Role::Provider, Some("PRV-002"))).await;
    subscribed(&connections, "conn-insurer", "insurer-queue", caller(Role::Insurer, None)).await;
    let recorder = Arc::new(Recorder::default());
    let notifier = CaseNotifier { connections: connections.clone(), pusher: recorder.clone() };

    for _ in 0..2 {
        let response = invoke_json(&notifier, fixture("dynamodb-case-filed.json")).await.unwrap();
        assert_eq!(response["batchItemFailures"], serde_json::json!([]));
    }
    let pushed = recorder.pushed.lock().unwrap().clone();
    let mut to: Vec<&str> = pushed.iter().map(|(c, _)| c.as_str()).collect();
    to.sort();
    assert_eq!(to, ["conn-insurer", "conn-provider"], "once each, nothing for PRV-002, nothing new on redelivery");
    assert_eq!(pushed[0].1["type"], "case.updated");
    assert_eq!(pushed[0].1["case"]["case_id"], "PA-FIXTURE000000000001");
    assert_eq!(pushed[0].1["case"]["status"], "PENDING");
}

#[tokio::test]
async fn each_version_in_a_batch_is_pushed_in_order() {
    let (_dir, store) = store();
    let connections = Arc::new(LocalConnectionStore::new(store));
    subscribed(&connections, "conn-provider", "provider-PRV-001", caller(Role::Provider, Some("PRV-001"))).await;
    let recorder = Arc::new(Recorder::default());
    let notifier = CaseNotifier { connections, pusher: recorder.clone() };
    invoke_json(&notifier, fixture("dynamodb-case-analysed.json")).await.unwrap();
    let statuses: Vec<String> = recorder.pushed.lock().unwrap().iter().map(|(_, m)| m["case"]["status"].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses, ["ANALYZING", "APPROVED_READY"]);
    let analysed = &recorder.pushed.lock().unwrap()[1].1;
    assert_eq!(analysed["case"]["analysis"]["criteria"][0]["met"], true);
}

#[tokio::test]
async fn gone_connections_are_forgotten_and_failed_pushes_are_reported_for_retry() {
    let (_dir, store) = store();
    let connections = Arc::new(LocalConnectionStore::new(store));
    subscribed(&connections, "conn-gone", "provider-PRV-001", caller(Role::Provider, Some("PRV-001"))).await;
    subscribed(&connections, "conn-flaky", "insurer-queue", caller(Role::Insurer, None)).await;
    let recorder = Arc::new(Recorder { gone: vec!["conn-gone".into()], failing: Mutex::new(vec!["conn-flaky".into()]), ..Default::default() });
    let notifier = CaseNotifier { connections: connections.clone(), pusher: recorder.clone() };

    let response = invoke_json(&notifier, fixture("dynamodb-case-filed.json")).await.unwrap();
    assert_eq!(response["batchItemFailures"], serde_json::json!([{"itemIdentifier": "1405400000000002063282832"}]));
    assert!(connections.connection("conn-gone").await.unwrap().is_none(), "a 410 connection is deleted");

    recorder.failing.lock().unwrap().clear();
    let retried = invoke_json(&notifier, fixture("dynamodb-case-filed.json")).await.unwrap();
    assert_eq!(retried["batchItemFailures"], serde_json::json!([]));
    assert_eq!(recorder.pushed.lock().unwrap().iter().filter(|(c, _)| c == "conn-flaky").count(), 1, "the retry delivers what failed, once");
}
