//! WebSocket connections offline: the connection (with its caller and channels), one entry per
//! channel subscription (so a channel's subscribers are one range read), and delivery claims
//! that make a stream record delivered twice send nothing new.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use mediclear_domain::identity::Caller;
use mediclear_domain::realtime::Channel;
use mediclear_ports::PortError;
use mediclear_ports::realtime::{ConnectionInfo, ConnectionStore};

use crate::store::{CONNECTIONS, DELIVERIES, LocalStore, SUBSCRIPTIONS, internal, key, prefix_end, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalConnectionStore {
    store: LocalStore,
}

impl LocalConnectionStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredConnection {
    caller: Caller,
    channels: Vec<String>,
    connected_at: DateTime<Utc>,
}

#[async_trait]
impl ConnectionStore for LocalConnectionStore {
    async fn connect(&self, connection_id: &str, caller: &Caller) -> Result<(), PortError> {
        let id = connection_id.to_string();
        let stored = StoredConnection { caller: caller.clone(), channels: Vec::new(), connected_at: Utc::now() };
        let bytes = to_json(&stored)?;
        self.store
            .write(move |txn| {
                txn.open_table(CONNECTIONS).map_err(internal)?.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn connection(&self, connection_id: &str) -> Result<Option<ConnectionInfo>, PortError> {
        let stored: Option<StoredConnection> = self.store.get_json(CONNECTIONS, connection_id.to_string()).await?;
        Ok(stored.map(|s| ConnectionInfo { connection_id: connection_id.to_string(), caller: s.caller, channels: s.channels }))
    }

    async fn subscribe(&self, connection_id: &str, channel: &Channel) -> Result<(), PortError> {
        let id = connection_id.to_string();
        let channel = channel.to_string();
        self.store
            .write(move |txn| {
                let mut connections = txn.open_table(CONNECTIONS).map_err(internal)?;
                let mut stored: StoredConnection = txn_get(&connections, &id)?.ok_or(PortError::NotFound)?;
                if !stored.channels.contains(&channel) {
                    stored.channels.push(channel.clone());
                }
                connections.insert(id.as_str(), to_json(&stored)?.as_slice()).map_err(internal)?;
                txn.open_table(SUBSCRIPTIONS).map_err(internal)?.insert(key(&[&channel, &id]).as_str(), &b""[..]).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn disconnect(&self, connection_id: &str) -> Result<(), PortError> {
        let id = connection_id.to_string();
        self.store
            .write(move |txn| {
                let mut connections = txn.open_table(CONNECTIONS).map_err(internal)?;
                let stored: Option<StoredConnection> = txn_get(&connections, &id)?;
                connections.remove(id.as_str()).map_err(internal)?;
                drop(connections);
                if let Some(stored) = stored {
                    let mut subscriptions = txn.open_table(SUBSCRIPTIONS).map_err(internal)?;
                    for channel in &stored.channels {
                        subscriptions.remove(key(&[channel, &id]).as_str()).map_err(internal)?;
                    }
                }
                let prefix = key(&[&id, ""]);
                txn.open_table(DELIVERIES)
                    .map_err(internal)?
                    .retain_in(prefix.as_str()..prefix_end(&prefix).as_str(), |_, _| false)
                    .map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn subscribers(&self, channel: &Channel) -> Result<Vec<String>, PortError> {
        let prefix = key(&[&channel.to_string(), ""]);
        self.store
            .read(move |txn| {
                let t = txn.open_table(SUBSCRIPTIONS).map_err(internal)?;
                let mut out = Vec::new();
                for entry in t.range(prefix.as_str()..prefix_end(&prefix).as_str()).map_err(internal)? {
                    let (k, _) = entry.map_err(internal)?;
                    out.push(k.value()[prefix.len()..].to_string());
                }
                Ok(out)
            })
            .await
    }

    async fn claim_delivery(&self, connection_id: &str, delivery_key: &str) -> Result<bool, PortError> {
        let k = key(&[connection_id, delivery_key]);
        self.store
            .write(move |txn| {
                let mut t = txn.open_table(DELIVERIES).map_err(internal)?;
                if t.get(k.as_str()).map_err(internal)?.is_some() {
                    return Ok(false);
                }
                t.insert(k.as_str(), Utc::now().to_rfc3339().as_bytes()).map_err(internal)?;
                Ok(true)
            })
            .await
    }

    async fn release_delivery(&self, connection_id: &str, delivery_key: &str) -> Result<(), PortError> {
        let k = key(&[connection_id, delivery_key]);
        self.store
            .write(move |txn| {
                txn.open_table(DELIVERIES).map_err(internal)?.remove(k.as_str()).map_err(internal)?;
                Ok(())
            })
            .await
    }
}
