//! Pushes to sockets the local runtime's WebSocket server registered — the offline API Gateway
//! Management API. A connection that is not registered (closed, or from before a restart) is
//! gone, exactly as API Gateway answers 410, so the notifier forgets it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::sync::mpsc::UnboundedSender;

use mediclear_ports::realtime::{ConnectionPusher, PushError};

#[derive(Debug, Clone, Default)]
pub struct LocalPusher {
    sockets: Arc<Mutex<HashMap<String, UnboundedSender<String>>>>,
}

impl LocalPusher {
    pub fn new() -> Self {
        Self::default()
    }

    /// The socket server registers each open connection's outgoing channel.
    pub fn register(&self, connection_id: &str, outgoing: UnboundedSender<String>) {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).insert(connection_id.to_string(), outgoing);
    }

    pub fn unregister(&self, connection_id: &str) {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).remove(connection_id);
    }
}

#[async_trait]
impl ConnectionPusher for LocalPusher {
    async fn push(&self, connection_id: &str, payload: &[u8]) -> Result<(), PushError> {
        let text = String::from_utf8(payload.to_vec()).map_err(|_| PushError::Failed("payload is not UTF-8".into()))?;
        let sender = self.sockets.lock().unwrap_or_else(|e| e.into_inner()).get(connection_id).cloned();
        match sender {
            Some(s) => s.send(text).map_err(|_| PushError::Gone),
            None => Err(PushError::Gone),
        }
    }
}
