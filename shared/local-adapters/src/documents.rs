//! Patients' health documents in the embedded database: one table keyed by document id.
//! Listings are made in memory (offline data sets are one clinic's worth) with the same checked
//! tokens as the other listings: a patient's documents newest first, the review queue oldest
//! first. A listing reads each stored document's identity, status and time only
//! ([`DocumentHead`]), and only the page's documents whole.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use mediclear_domain::health::document::{DocumentStatus, PatientDocument};
use mediclear_domain::ids::{DocumentId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::documents::{DocumentPage, DocumentStore};

use crate::page_token;
use crate::store::{HEALTH_DOCUMENTS, LocalStore, internal, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalDocumentStore {
    store: LocalStore,
}

impl LocalDocumentStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }

    /// One page of the documents `keep` keeps, in `newest_first` or oldest-first order.
    async fn page(&self, keep: impl Fn(&DocumentHead) -> bool + Send + 'static, newest_first: bool, scope: &str, limit: usize, next_token: Option<&str>) -> Result<DocumentPage, PortError> {
        let after = next_token.map(|t| page_token::decode(t, scope)).transpose()?;
        let limit = limit.clamp(1, 100);
        // One past the page: whether there is more.
        let choose = move |heads: Vec<(String, DocumentHead)>| {
            let mut kept: Vec<(String, (String, String))> = heads
                .into_iter()
                .filter(|(_, d)| keep(d))
                .map(|(k, d)| (k, position(&d.created_at, &d.document_id)))
                .filter(|(_, at)| after.as_ref().is_none_or(|after| if newest_first { at < after } else { at > after }))
                .collect();
            kept.sort_by(|a, b| a.1.cmp(&b.1));
            if newest_first {
                kept.reverse();
            }
            kept.into_iter().take(limit + 1).map(|(k, _)| k).collect()
        };
        let mut documents: Vec<PatientDocument> = self.store.scan_chosen::<DocumentHead, PatientDocument, _>(HEALTH_DOCUMENTS, String::new(), choose).await?;
        let more = documents.len() > limit;
        documents.truncate(limit);
        let next_token = if more { documents.last().map(|d| page_token::encode(&position(&d.created_at, d.document_id.as_str()), scope)) } else { None };
        Ok(DocumentPage { documents, next_token })
    }
}

/// What a listing filters and sorts a stored document by; the rest of it is passed over.
#[derive(Deserialize)]
struct DocumentHead {
    document_id: String,
    patient_id: String,
    status: DocumentStatus,
    created_at: DateTime<Utc>,
}

fn position(created_at: &DateTime<Utc>, document_id: &str) -> (String, String) {
    (created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), document_id.to_string())
}

#[async_trait]
impl DocumentStore for LocalDocumentStore {
    async fn create(&self, document: &PatientDocument) -> Result<(), PortError> {
        let id = document.document_id.to_string();
        let bytes = to_json(document)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(HEALTH_DOCUMENTS).map_err(internal)?;
                if txn_get::<PatientDocument>(&table, &id)?.is_some() {
                    return Err(PortError::Conflict(format!("document {id} already exists")));
                }
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn get(&self, document_id: &DocumentId) -> Result<Option<PatientDocument>, PortError> {
        self.store.get_json(HEALTH_DOCUMENTS, document_id.to_string()).await
    }

    async fn update(&self, document: &PatientDocument) -> Result<(), PortError> {
        let id = document.document_id.to_string();
        let bytes = to_json(document)?;
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(HEALTH_DOCUMENTS).map_err(internal)?;
                txn_get::<PatientDocument>(&table, &id)?.ok_or(PortError::NotFound)?;
                table.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn for_patient(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> Result<DocumentPage, PortError> {
        let patient = patient_id.to_string();
        self.page(move |d| d.patient_id == patient, true, &format!("patient:{patient_id}"), limit, next_token).await
    }

    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> Result<DocumentPage, PortError> {
        self.page(|d| d.status == DocumentStatus::NeedsReview, false, "review", limit, next_token).await
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> Result<usize, PortError> {
        let heads: Vec<(String, DocumentHead)> = self.store.scan_json(HEALTH_DOCUMENTS, String::new()).await?;
        let ids: Vec<String> = heads.into_iter().filter(|(_, d)| d.patient_id == patient_id.as_str()).map(|(_, d)| d.document_id).collect();
        let count = ids.len();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(HEALTH_DOCUMENTS).map_err(internal)?;
                for id in &ids {
                    table.remove(id.as_str()).map_err(internal)?;
                }
                Ok(())
            })
            .await?;
        Ok(count)
    }
}
