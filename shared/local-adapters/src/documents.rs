//! Patients' health documents in the embedded database: one table keyed by document id.
//! Listings are made in memory (offline data sets are one clinic's worth) with the same checked
//! tokens as the other listings: a patient's documents newest first, the review queue oldest
//! first.

use async_trait::async_trait;

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

    async fn all(&self) -> Result<Vec<PatientDocument>, PortError> {
        Ok(self.store.scan_json::<PatientDocument>(HEALTH_DOCUMENTS, String::new()).await?.into_iter().map(|(_, d)| d).collect())
    }
}

fn position(document: &PatientDocument) -> (String, String) {
    (document.created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), document.document_id.to_string())
}

/// One page of `documents` (already filtered) in `newest_first` or oldest-first order.
fn page(mut documents: Vec<PatientDocument>, newest_first: bool, scope: &str, limit: usize, next_token: Option<&str>) -> Result<DocumentPage, PortError> {
    let after = next_token.map(|t| page_token::decode(t, scope)).transpose()?;
    documents.sort_by_key(position);
    if newest_first {
        documents.reverse();
    }
    if let Some(after) = after {
        documents.retain(|d| if newest_first { position(d) < after } else { position(d) > after });
    }
    let limit = limit.clamp(1, 100);
    let more = documents.len() > limit;
    documents.truncate(limit);
    let next_token = if more { documents.last().map(|d| page_token::encode(&position(d), scope)) } else { None };
    Ok(DocumentPage { documents, next_token })
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
        let documents = self.all().await?.into_iter().filter(|d| &d.patient_id == patient_id).collect();
        page(documents, true, &format!("patient:{patient_id}"), limit, next_token)
    }

    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> Result<DocumentPage, PortError> {
        let documents = self.all().await?.into_iter().filter(|d| d.status == DocumentStatus::NeedsReview).collect();
        page(documents, false, "review", limit, next_token)
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> Result<usize, PortError> {
        let ids: Vec<String> = self.all().await?.into_iter().filter(|d| &d.patient_id == patient_id).map(|d| d.document_id.to_string()).collect();
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
