//! Conversations offline: in the embedded database under `<patient> ␟ <conversation id>`, so a
//! patient's conversations are one range (listed and purged together). A save is conditioned on
//! the `updated_at` the caller read, inside the write transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use mediclear_domain::health::chat::Conversation;
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::chat::ConversationStore;

use crate::store::{CONVERSATIONS, LocalStore, internal, to_json, txn_get};

fn key(patient_id: &PatientId, conversation_id: &str) -> String {
    format!("{patient_id}\u{1f}{conversation_id}")
}

#[derive(Debug, Clone)]
pub struct LocalConversationStore {
    store: LocalStore,
}

impl LocalConversationStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ConversationStore for LocalConversationStore {
    async fn get(&self, patient_id: &PatientId, conversation_id: &str) -> Result<Option<Conversation>, PortError> {
        self.store.get_json(CONVERSATIONS, key(patient_id, conversation_id)).await
    }

    async fn save(&self, conversation: &Conversation, previous: Option<DateTime<Utc>>) -> Result<(), PortError> {
        let id = key(&conversation.patient_id, &conversation.conversation_id);
        let bytes = to_json(conversation)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(CONVERSATIONS).map_err(internal)?;
                let stored = txn_get::<Conversation>(&table, &id)?;
                if stored.map(|c| c.updated_at) != previous {
                    return Err(PortError::Conflict("the conversation changed meanwhile".into()));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn for_patient(&self, patient_id: &PatientId) -> Result<Vec<Conversation>, PortError> {
        Ok(self.store.scan_json::<Conversation>(CONVERSATIONS, format!("{patient_id}\u{1f}")).await?.into_iter().map(|(_, c)| c).collect())
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> Result<usize, PortError> {
        let keys: Vec<String> = self.store.scan_json::<serde_json::Value>(CONVERSATIONS, format!("{patient_id}\u{1f}")).await?.into_iter().map(|(k, _)| k).collect();
        let count = keys.len();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(CONVERSATIONS).map_err(internal)?;
                for k in &keys {
                    table.remove(k.as_str()).map_err(internal)?;
                }
                Ok(())
            })
            .await?;
        Ok(count)
    }
}
