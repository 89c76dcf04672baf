//! Ingestion job status, one item per job id.

use async_trait::async_trait;

use mediclear_domain::ids::JobId;
use mediclear_ports::PortError;
use mediclear_ports::idempotency::IdempotencyRecord;
use mediclear_ports::jobs::{Job, JobStore};

use crate::idempotency::claim;

use crate::store::{JOBS, LocalStore, internal, to_json};

#[derive(Debug, Clone)]
pub struct LocalJobStore {
    store: LocalStore,
}

impl LocalJobStore {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

#[async_trait]
impl JobStore for LocalJobStore {
    async fn put(&self, job: &Job) -> Result<(), PortError> {
        let id = job.job_id.to_string();
        let bytes = to_json(job)?;
        self.store
            .write(move |txn| {
                txn.open_table(JOBS).map_err(internal)?.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn create_once(&self, job: &Job, answer: &IdempotencyRecord) -> Result<(), PortError> {
        let id = job.job_id.to_string();
        let bytes = to_json(job)?;
        let answer = answer.clone();
        self.store
            .write(move |txn| {
                claim(txn, &answer)?;
                txn.open_table(JOBS).map_err(internal)?.insert(id.as_str(), bytes.as_slice()).map_err(internal)?;
                Ok(())
            })
            .await
    }

    async fn get(&self, job_id: &JobId) -> Result<Option<Job>, PortError> {
        self.store.get_json(JOBS, job_id.to_string()).await
    }

    async fn delete(&self, job_id: &JobId) -> Result<bool, PortError> {
        let id = job_id.to_string();
        self.store
            .write(move |txn| {
                let mut table = txn.open_table(JOBS).map_err(crate::store::internal)?;
                let existed = table.remove(id.as_str()).map_err(crate::store::internal)?.is_some();
                Ok(existed)
            })
            .await
    }
}
