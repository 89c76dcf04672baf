//! MediClear's own chunk index, offline. Partitions mirror the DynamoDB layout: a patient's
//! record chunks under `PATIENT␟<patient_id>`, a policy's chunks under `POLICY␟<policy_id>`,
//! each keyed by document and ordinal so a partition reads in document order; documents by id;
//! procedure code → policy links. Re-indexing a document replaces all of its entries in one
//! transaction, so an ingestion delivered twice leaves exactly one copy.

use async_trait::async_trait;

use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::PatientId;
use mediclear_domain::knowledge::SourceKind;
use mediclear_ports::PortError;
use mediclear_ports::knowledge::{ChunkIndexReader, ChunkIndexWriter, EmbeddedChunk, IndexedDocument};

use crate::store::{CHUNKS, DOCUMENTS, LocalStore, PROCEDURES, internal, key, prefix_end, to_json, txn_get};

#[derive(Debug, Clone)]
pub struct LocalChunkIndex {
    store: LocalStore,
}

impl LocalChunkIndex {
    pub fn new(store: LocalStore) -> Self {
        Self { store }
    }
}

fn partition_of(document: &IndexedDocument) -> Result<String, PortError> {
    match document.kind {
        SourceKind::Record | SourceKind::HealthDocument => document
            .patient_id
            .as_ref()
            .map(|p| key(&["PATIENT", p.as_str()]))
            .ok_or_else(|| PortError::Rejected("a record must belong to a patient".into())),
        SourceKind::Policy => Ok(key(&["POLICY", &document.document_id])),
    }
}

#[async_trait]
impl ChunkIndexWriter for LocalChunkIndex {
    async fn delete_document(&self, document_id: &str) -> Result<usize, PortError> {
        let document_id = document_id.to_string();
        self.store
            .write(move |txn| {
                let mut docs = txn.open_table(DOCUMENTS).map_err(internal)?;
                let Some(previous) = txn_get::<IndexedDocument>(&docs, &document_id)? else { return Ok(0) };
                docs.remove(document_id.as_str()).map_err(internal)?;
                drop(docs);
                let mut table = txn.open_table(CHUNKS).map_err(internal)?;
                let prefix = key(&[&partition_of(&previous)?, &document_id, ""]);
                let mut removed = 0;
                table.retain_in(prefix.as_str()..prefix_end(&prefix).as_str(), |_, _| {
                    removed += 1;
                    false
                }).map_err(internal)?;
                drop(table);
                let mut procedures = txn.open_table(PROCEDURES).map_err(internal)?;
                for code in &previous.procedure_codes {
                    procedures.remove(key(&[code.as_str(), &previous.document_id]).as_str()).map_err(internal)?;
                }
                Ok(removed)
            })
            .await
    }

    async fn replace_document(&self, document: &IndexedDocument, chunks: &[EmbeddedChunk]) -> Result<(), PortError> {
        let partition = partition_of(document)?;
        // Serialized before the transaction, so the database's writer spends no time on vectors.
        let rows = chunks
            .iter()
            .map(|c| Ok((key(&[&partition, &document.document_id, &format!("{:06}", c.chunk.ordinal)]), to_json(c)?)))
            .collect::<Result<Vec<_>, PortError>>()?;
        let document_json = to_json(document)?;
        let document = document.clone();
        self.store
            .write(move |txn| {
                let mut docs = txn.open_table(DOCUMENTS).map_err(internal)?;
                let previous: Option<IndexedDocument> = txn_get(&docs, &document.document_id)?;
                docs.insert(document.document_id.as_str(), document_json.as_slice()).map_err(internal)?;
                drop(docs);

                let mut table = txn.open_table(CHUNKS).map_err(internal)?;
                let mut stale_partitions = vec![partition.clone()];
                if let Some(prev) = &previous {
                    stale_partitions.push(partition_of(prev)?);
                }
                for p in stale_partitions {
                    let prefix = key(&[&p, &document.document_id, ""]);
                    table.retain_in(prefix.as_str()..prefix_end(&prefix).as_str(), |_, _| false).map_err(internal)?;
                }
                for (k, json) in &rows {
                    table.insert(k.as_str(), json.as_slice()).map_err(internal)?;
                }
                drop(table);

                let mut procedures = txn.open_table(PROCEDURES).map_err(internal)?;
                if let Some(prev) = &previous {
                    for code in &prev.procedure_codes {
                        procedures.remove(key(&[code.as_str(), &prev.document_id]).as_str()).map_err(internal)?;
                    }
                }
                if document.kind == SourceKind::Policy {
                    for code in &document.procedure_codes {
                        procedures
                            .insert(key(&[code.as_str(), &document.document_id]).as_str(), document.document_id.as_bytes())
                            .map_err(internal)?;
                    }
                }
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl ChunkIndexReader for LocalChunkIndex {
    async fn patient_chunks(&self, patient_id: &PatientId) -> Result<Vec<(IndexedDocument, EmbeddedChunk)>, PortError> {
        let prefix = key(&["PATIENT", patient_id.as_str(), ""]);
        let chunks: Vec<(String, EmbeddedChunk)> = self.store.scan_json(CHUNKS, prefix).await?;
        let mut out = Vec::with_capacity(chunks.len());
        let mut current: Option<IndexedDocument> = None;
        for (_, chunk) in chunks {
            if current.as_ref().is_none_or(|d| d.document_id != chunk.chunk.document_id) {
                current = self.store.get_json(DOCUMENTS, chunk.chunk.document_id.clone()).await?;
            }
            if let Some(doc) = &current {
                out.push((doc.clone(), chunk));
            }
        }
        Ok(out)
    }

    async fn policies_for(&self, procedure_code: &ProcedureCode) -> Result<Vec<IndexedDocument>, PortError> {
        let prefix = key(&[procedure_code.as_str(), ""]);
        let code = procedure_code.clone();
        let ids: Vec<String> = self
            .store
            .read(move |txn| {
                let t = txn.open_table(PROCEDURES).map_err(internal)?;
                let mut ids = Vec::new();
                for entry in t.range(prefix.as_str()..prefix_end(&prefix).as_str()).map_err(internal)? {
                    let (_, v) = entry.map_err(internal)?;
                    ids.push(String::from_utf8_lossy(v.value()).into_owned());
                }
                Ok(ids)
            })
            .await?;
        let mut docs = Vec::new();
        for id in ids {
            if let Some(doc) = self.store.get_json::<IndexedDocument>(DOCUMENTS, id).await? {
                if doc.procedure_codes.contains(&code) {
                    docs.push(doc);
                }
            }
        }
        Ok(docs)
    }

    async fn document_chunks(&self, document_id: &str) -> Result<Vec<EmbeddedChunk>, PortError> {
        let Some(doc) = self.store.get_json::<IndexedDocument>(DOCUMENTS, document_id.to_string()).await? else {
            return Ok(Vec::new());
        };
        let prefix = key(&[&partition_of(&doc)?, document_id, ""]);
        Ok(self.store.scan_json::<EmbeddedChunk>(CHUNKS, prefix).await?.into_iter().map(|(_, c)| c).collect())
    }
}
