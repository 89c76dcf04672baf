//! MediClear's own retrieval index in DynamoDB ([`ChunkIndexReader`] + [`ChunkIndexWriter`]).
//!
//! Table key: hash `pk`, range `sk`. Item kinds:
//!
//! | pk | sk | what |
//! |---|---|---|
//! | `PATIENT#<patient_id>` | `CHUNK#<document_id>#<ordinal:04>` | a chunk of one of the patient's records |
//! | `POLICY#<policy_id>` | `CHUNK#<policy_id>#<ordinal:04>` | a chunk of an insurer policy |
//! | `PROCEDURE#<code>` | `POLICY#<policy_id>` | a policy that lists the procedure code |
//! | `DOCUMENT#<document_id>` | `META` | the document itself, and the partition its chunks live in |
//!
//! A chunk item carries the chunk's fields, its embedding as a Binary of little-endian `f32`s (a
//! quarter of the size of a number list) and the document's metadata (`document`), so one Query
//! of a patient's partition returns everything ranking needs, and nothing of another patient.
//!
//! `replace_document` is idempotent: it writes the new chunks and links (BatchWriteItem, 25 per
//! call, unprocessed items retried with backoff), then deletes what the previous version had and
//! the new one does not, and writes `META` last, so a retry after a partial failure still finds
//! the previous version's partition and cleans it up. `delete_document` removes the chunks and
//! links, then `META`, for the same reason.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::ids::PatientId;
use mediclear_domain::knowledge::{Chunk, SourceKind};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::knowledge::{ChunkIndexReader, ChunkIndexWriter, EmbeddedChunk, IndexedDocument};

use crate::dynamo::{batch_write, put_item, s, string_attr};
use crate::error::{corrupt, port_error, unencodable};

type Item = HashMap<String, AttributeValue>;

/// The index table.
#[derive(Debug, Clone)]
pub struct DynamoChunkIndex {
    client: Client,
    table: String,
}

fn patient_partition(patient_id: &PatientId) -> String {
    format!("PATIENT#{patient_id}")
}

fn policy_partition(policy_id: &str) -> String {
    format!("POLICY#{policy_id}")
}

fn chunk_prefix(document_id: &str) -> String {
    format!("CHUNK#{document_id}#")
}

fn chunk_sort_key(document_id: &str, ordinal: u32) -> String {
    format!("CHUNK#{document_id}#{ordinal:04}")
}

fn procedure_partition(code: &str) -> String {
    format!("PROCEDURE#{code}")
}

fn document_key(document_id: &str) -> Item {
    HashMap::from([("pk".into(), s(format!("DOCUMENT#{document_id}"))), ("sk".into(), s("META"))])
}

fn key(pk: String, sk: String) -> Item {
    HashMap::from([("pk".into(), s(pk)), ("sk".into(), s(sk))])
}

/// Where a document's chunks live.
fn partition_of(document: &IndexedDocument) -> PortResult<String> {
    match document.kind {
        SourceKind::Record | SourceKind::HealthDocument => document
            .patient_id
            .as_ref()
            .map(patient_partition)
            .ok_or_else(|| PortError::Rejected(format!("record {} has no patient_id", document.document_id))),
        SourceKind::Policy => Ok(policy_partition(&document.document_id)),
    }
}

pub(crate) fn embedding_bytes(embedding: &[f32]) -> Vec<u8> {
    embedding.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn embedding_from_bytes(bytes: &[u8]) -> PortResult<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(PortError::Internal("stored embedding is not a whole number of f32s".into()));
    }
    Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

fn put(item: Item) -> WriteRequest {
    WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(item)).build().expect("item is set")).build()
}

fn delete(key: Item) -> WriteRequest {
    WriteRequest::builder().delete_request(DeleteRequest::builder().set_key(Some(key)).build().expect("key is set")).build()
}

impl DynamoChunkIndex {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into() }
    }

    fn document_value(document: &IndexedDocument) -> PortResult<AttributeValue> {
        serde_dynamo::aws_sdk_dynamodb_1::to_attribute_value(document)
            .map_err(|e| unencodable("document", document.document_id.as_ref(), e))
    }

    fn document_from(item: &mut Item) -> PortResult<IndexedDocument> {
        let value = item.remove("document").ok_or_else(|| PortError::Internal("an index item has no document".into()))?;
        serde_dynamo::aws_sdk_dynamodb_1::from_attribute_value(value).map_err(|e| corrupt("indexed document", e))
    }

    fn chunk_item(partition: &str, document: &AttributeValue, chunk: &EmbeddedChunk) -> PortResult<Item> {
        let mut item: Item = serde_dynamo::aws_sdk_dynamodb_1::to_item(&chunk.chunk)
            .map_err(|e| unencodable("chunk", chunk.chunk.chunk_id.as_ref(), e))?;
        item.insert("pk".into(), s(partition));
        item.insert("sk".into(), s(chunk_sort_key(&chunk.chunk.document_id, chunk.chunk.ordinal)));
        item.insert("embedding".into(), AttributeValue::B(Blob::new(embedding_bytes(&chunk.embedding))));
        item.insert("document".into(), document.clone());
        Ok(item)
    }

    fn embedded_chunk(mut item: Item) -> PortResult<(IndexedDocument, EmbeddedChunk)> {
        let document = Self::document_from(&mut item)?;
        let embedding = match item.remove("embedding") {
            Some(AttributeValue::B(blob)) => embedding_from_bytes(blob.as_ref())?,
            _ => return Err(PortError::Internal("a chunk item has no embedding".into())),
        };
        item.remove("pk");
        item.remove("sk");
        let chunk: Chunk = serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("chunk", e))?;
        Ok((document, EmbeddedChunk { chunk, embedding }))
    }

    /// Every item under `pk` whose sort key starts with `prefix`, following pages.
    async fn query_prefix(&self, pk: &str, prefix: &str, keys_only: bool) -> PortResult<Vec<Item>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix))
            .set_projection_expression(keys_only.then(|| "pk, sk".to_string()))
            .consistent_read(true);
        crate::dynamo::query_all_pages(query).await
    }

    /// The stored `META` of a document: its metadata and its chunks' partition.
    async fn meta(&self, document_id: &str) -> PortResult<Option<(IndexedDocument, String)>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(document_key(document_id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        let Some(mut item) = out.item else { return Ok(None) };
        let partition = string_attr(&item, "partition").ok_or_else(|| PortError::Internal("a document META has no partition".into()))?.to_string();
        Ok(Some((Self::document_from(&mut item)?, partition)))
    }
}

#[async_trait]
impl ChunkIndexWriter for DynamoChunkIndex {
    #[tracing::instrument(skip(self, document, chunks), fields(table = %self.table, document_id = %document.document_id, kind = ?document.kind, chunks = chunks.len()))]
    async fn replace_document(&self, document: &IndexedDocument, chunks: &[EmbeddedChunk]) -> PortResult<()> {
        let document_id = document.document_id.as_str();
        if let Some(stray) = chunks.iter().find(|c| c.chunk.document_id != document_id) {
            return Err(PortError::Rejected(format!("chunk {} does not belong to document {document_id}", stray.chunk.chunk_id)));
        }
        let mut ordinals = HashSet::new();
        if let Some(dup) = chunks.iter().find(|c| !ordinals.insert(c.chunk.ordinal)) {
            return Err(PortError::Rejected(format!("chunk ordinal {} appears twice in document {document_id}", dup.chunk.ordinal)));
        }
        let partition = partition_of(document)?;
        let document_value = Self::document_value(document)?;
        let codes: Vec<&ProcedureCode> = match document.kind {
            SourceKind::Policy => {
                let mut seen = HashSet::new();
                document.procedure_codes.iter().filter(|c| seen.insert(c.as_str())).collect()
            }
            SourceKind::Record | SourceKind::HealthDocument => Vec::new(),
        };

        // What the previous version left: its chunks and its procedure links.
        let previous = self.meta(document_id).await?;
        let mut stale: HashSet<(String, String)> = HashSet::new();
        let mut partitions = vec![partition.clone()];
        if let Some((old, old_partition)) = &previous {
            if *old_partition != partition {
                partitions.push(old_partition.clone());
            }
            if old.kind == SourceKind::Policy {
                for code in &old.procedure_codes {
                    stale.insert((procedure_partition(code.as_str()), format!("POLICY#{document_id}")));
                }
            }
        }
        for pk in &partitions {
            for item in self.query_prefix(pk, &chunk_prefix(document_id), true).await? {
                if let (Some(pk), Some(sk)) = (string_attr(&item, "pk"), string_attr(&item, "sk")) {
                    stale.insert((pk.to_string(), sk.to_string()));
                }
            }
        }

        let mut puts = Vec::with_capacity(chunks.len() + codes.len());
        for chunk in chunks {
            stale.remove(&(partition.clone(), chunk_sort_key(document_id, chunk.chunk.ordinal)));
            puts.push(put(Self::chunk_item(&partition, &document_value, chunk)?));
        }
        for code in codes {
            let link = (procedure_partition(code.as_str()), format!("POLICY#{document_id}"));
            stale.remove(&link);
            let mut item = key(link.0, link.1);
            item.insert("document".into(), document_value.clone());
            puts.push(put(item));
        }
        batch_write(&self.client, &self.table, puts).await?;
        let deletes = stale.into_iter().map(|(pk, sk)| delete(key(pk, sk))).collect();
        batch_write(&self.client, &self.table, deletes).await?;

        let mut meta = document_key(document_id);
        meta.insert("document".into(), document_value);
        meta.insert("partition".into(), s(partition));
        put_item(&self.client, &self.table, meta).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn delete_document(&self, document_id: &str) -> PortResult<usize> {
        let Some((document, partition)) = self.meta(document_id).await? else { return Ok(0) };
        let chunks = self.query_prefix(&partition, &chunk_prefix(document_id), true).await?;
        let count = chunks.len();
        let mut keys: Vec<Item> = chunks
            .iter()
            .filter_map(|item| Some(key(string_attr(item, "pk")?.to_string(), string_attr(item, "sk")?.to_string())))
            .collect();
        for code in &document.procedure_codes {
            keys.push(key(procedure_partition(code.as_str()), format!("POLICY#{document_id}")));
        }
        batch_write(&self.client, &self.table, keys.into_iter().map(delete).collect()).await?;
        // META last: a retry after a partial failure still finds the partition to clean.
        batch_write(&self.client, &self.table, vec![delete(document_key(document_id))]).await?;
        Ok(count)
    }
}

#[async_trait]
impl ChunkIndexReader for DynamoChunkIndex {
    #[tracing::instrument(skip(self, patient_id), fields(table = %self.table, patient_id = %patient_id))]
    async fn patient_chunks(&self, patient_id: &PatientId) -> PortResult<Vec<(IndexedDocument, EmbeddedChunk)>> {
        let items = self.query_prefix(&patient_partition(patient_id), "CHUNK#", false).await?;
        let mut chunks = items.into_iter().map(Self::embedded_chunk).collect::<PortResult<Vec<_>>>()?;
        chunks.sort_by(|(_, a), (_, b)| (&a.chunk.document_id, a.chunk.ordinal).cmp(&(&b.chunk.document_id, b.chunk.ordinal)));
        Ok(chunks)
    }

    #[tracing::instrument(skip(self, procedure_code), fields(table = %self.table, procedure_code = %procedure_code))]
    async fn policies_for(&self, procedure_code: &ProcedureCode) -> PortResult<Vec<IndexedDocument>> {
        let items = self.query_prefix(&procedure_partition(procedure_code.as_str()), "POLICY#", false).await?;
        items.into_iter().map(|mut item| Self::document_from(&mut item)).collect()
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn document_chunks(&self, document_id: &str) -> PortResult<Vec<EmbeddedChunk>> {
        let Some((_, partition)) = self.meta(document_id).await? else { return Ok(Vec::new()) };
        let items = self.query_prefix(&partition, &chunk_prefix(document_id), false).await?;
        let mut chunks: Vec<EmbeddedChunk> = items.into_iter().map(|i| Self::embedded_chunk(i).map(|(_, c)| c)).collect::<PortResult<_>>()?;
        chunks.sort_by_key(|c| c.chunk.ordinal);
        Ok(chunks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeddings_round_trip_as_little_endian_f32() {
        let v = vec![0.5f32, -1.25, 3.0e-7, f32::MAX];
        let bytes = embedding_bytes(&v);
        assert_eq!(bytes.len(), 16);
        assert_eq!(&bytes[..4], &0.5f32.to_le_bytes());
        assert_eq!(embedding_from_bytes(&bytes).unwrap(), v);
        assert!(embedding_from_bytes(&bytes[..3]).is_err());
    }

    #[test]
    fn sort_keys_keep_document_order_and_prefixes_do_not_overlap() {
        assert_eq!(chunk_sort_key("REC-1", 7), "CHUNK#REC-1#0007");
        assert!(!chunk_sort_key("REC-10", 0).starts_with(&chunk_prefix("REC-1")));
    }
}
