//! Readiness offline: the database answers and the blob directory is writable.

use async_trait::async_trait;

use mediclear_ports::health::{ComponentStatus, ReadinessProbe};

use crate::store::{CASES, LocalStore};

#[derive(Debug, Clone)]
pub struct LocalReadiness {
    store: LocalStore,
}

impl LocalReadiness {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ReadinessProbe for LocalReadiness {
    async fn check(&self) -> Vec<ComponentStatus> {
        let database = self.store.scan_json::<serde_json::Value>(CASES, "\u{7f}".into()).await;
        let probe = self.store.dir.join("blobs").join(".ready");
        let blobs = tokio::fs::write(&probe, b"ok").await;
        vec![
            ComponentStatus {
                component: "database".into(),
                ready: database.is_ok(),
                detail: database.err().map(|e| e.to_string()),
            },
            ComponentStatus { component: "blobs".into(), ready: blobs.is_ok(), detail: blobs.err().map(|e| e.to_string()) },
        ]
    }
}
