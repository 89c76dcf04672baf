//! Pre-auth cases in the embedded database. Writes are conditional exactly as on DynamoDB
//! (`create` only if absent, `replace` only at the expected version) and each one appends a
//! stream record (old and new image) to the case-stream outbox in the same transaction.
//!
//! Listing scans the table and filters in memory: offline data sets are one clinic's worth, and
//! the order (newest first, then case id) and pagination token mirror the DynamoDB adapter's. The
//! scan reads each case's identity, status and time only ([`CaseHead`]); only the page's cases are
//! read whole.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use redb::ReadableTable;
use serde::Deserialize;

use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::case::{Case, CaseStatus};
use mediclear_ports::PortError;
use mediclear_ports::cases::{CasePage, CaseQuery, CaseReader, CaseWriter};
use mediclear_ports::idempotency::IdempotencyRecord;

use crate::idempotency::claim;
use crate::page_token;
use crate::outbox::{CaseChange, Log, append};
use crate::store::{CASES, LocalStore, internal, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalCaseStore {
    store: LocalStore,
}

impl LocalCaseStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

/// Sort key of a listing: newest first, ties by case id descending.
fn order_key(case: &Case) -> (String, String) {
    (case.created_at.to_rfc3339(), case.case_id.to_string())
}

/// What a listing filters and sorts a stored case by; the rest of the case is passed over.
#[derive(Deserialize)]
struct CaseHead {
    case_id: String,
    patient_id: String,
    provider_id: String,
    status: CaseStatus,
    created_at: DateTime<Utc>,
}

impl CaseHead {
    /// [`order_key`] of the case this is the head of.
    fn order_key(&self) -> (String, String) {
        (self.created_at.to_rfc3339(), self.case_id.clone())
    }
}

/// The filters a token was issued for: a token only continues the listing it came from.
fn fingerprint(query: &CaseQuery) -> String {
    format!(
        "{}|{}|{}",
        query.provider_id.as_ref().map_or("", |p| p.as_str()),
        query.patient_id.as_ref().map_or("", |p| p.as_str()),
        query.status.map_or("", |s| s.as_str())
    )
}

#[async_trait]
impl CaseReader for LocalCaseStore {
    async fn get(&self, case_id: &CaseId) -> Result<Option<Case>, PortError> {
        self.store.get_json(CASES, case_id.to_string()).await
    }

    async fn list(&self, query: &CaseQuery) -> Result<CasePage, PortError> {
        let after = query.next_token.as_deref().map(|t| page_token::decode(t, &fingerprint(query))).transpose()?;
        let limit = match query.limit { 0 => 50, n => n.min(100) };
        let (provider, patient, status) = (query.provider_id.clone(), query.patient_id.clone(), query.status);
        // One past the page: whether there is more.
        let choose = move |heads: Vec<(String, CaseHead)>| {
            let mut heads: Vec<(String, (String, String))> = heads
                .into_iter()
                .filter(|(_, c)| provider.as_ref().is_none_or(|p| c.provider_id == p.as_str()))
                .filter(|(_, c)| patient.as_ref().is_none_or(|p| c.patient_id == p.as_str()))
                .filter(|(_, c)| status.is_none_or(|s| c.status == s))
                .map(|(k, c)| (k, c.order_key()))
                .filter(|(_, order)| after.as_ref().is_none_or(|after| order < after))
                .collect();
            heads.sort_by(|a, b| b.1.cmp(&a.1));
            heads.into_iter().take(limit + 1).map(|(k, _)| k).collect()
        };
        let mut cases: Vec<Case> = self.store.scan_chosen::<CaseHead, Case, _>(CASES, String::new(), choose).await?;
        let more = cases.len() > limit;
        cases.truncate(limit);
        let next_token = if more { cases.last().map(|c| page_token::encode(&order_key(c), &fingerprint(query))) } else { None };
        Ok(CasePage { cases, next_token })
    }
}

impl LocalCaseStore {
    /// A new case (and the first answer to its request), in one transaction.
    async fn insert(&self, case: &Case, answer: Option<&IdempotencyRecord>) -> Result<(), PortError> {
        let case = case.clone();
        let answer = answer.cloned();
        self.store
            .write(move |txn| {
                if let Some(answer) = &answer {
                    claim(txn, answer)?;
                }
                let mut table = txn.open_table(CASES).map_err(internal)?;
                let id = case.case_id.to_string();
                if table.get(id.as_str()).map_err(internal)?.is_some() {
                    return Err(PortError::Conflict(format!("case {id} already exists")));
                }
                table.insert(id.as_str(), to_json(&case)?.as_slice()).map_err(internal)?;
                drop(table);
                let new = serde_json::to_value(&case).map_err(internal)?;
                append(txn, Log::CaseStream, &CaseChange { case_id: id, old: None, new: Some(new), at: Utc::now() })?;
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl CaseWriter for LocalCaseStore {
    async fn create(&self, case: &Case) -> Result<(), PortError> {
        self.insert(case, None).await
    }

    async fn create_once(&self, case: &Case, answer: &IdempotencyRecord) -> Result<(), PortError> {
        self.insert(case, Some(answer)).await
    }

    async fn replace(&self, case: &Case, expected_version: u64) -> Result<(), PortError> {
        let case = case.clone();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(CASES).map_err(internal)?;
                let id = case.case_id.to_string();
                let stored: Case = txn_get(&table, &id)?.ok_or(PortError::NotFound)?;
                if stored.version != expected_version {
                    return Err(PortError::Conflict(format!(
                        "case {id} is at version {}, not {expected_version}",
                        stored.version
                    )));
                }
                table.insert(id.as_str(), to_json(&case)?.as_slice()).map_err(internal)?;
                drop(table);
                let change = CaseChange {
                    case_id: id,
                    old: Some(serde_json::to_value(&stored).map_err(internal)?),
                    new: Some(serde_json::to_value(&case).map_err(internal)?),
                    at: Utc::now(),
                };
                append(txn, Log::CaseStream, &change)?;
                Ok(())
            })
            .await
    }
}

/// Every case, for the runtime's restart recovery.
impl LocalCaseStore {
    pub async fn all(&self) -> Result<Vec<Case>, PortError> {
        Ok(self.store.scan_json::<Case>(CASES, String::new()).await?.into_iter().map(|(_, c)| c).collect())
    }
}

