//! Patients' health documents in the health table ([`DocumentStore`]).
//!
//! `DOCUMENT#<id>` / `DOCUMENT` holds the [`PatientDocument`] as attributes, so a document is
//! read by its id alone (`GET /documents/{id}`). Two indexes list them: `by-patient-document`
//! (`document_patient` = the patient, `document_created_at`), a patient's documents newest
//! first; and the sparse `by-review` (`review_queue` = `NEEDS_REVIEW`, present only while a
//! document waits for a transcription), the review queue oldest first. Pages continue with
//! checked tokens, as the other listings do. A purge reads the patient's index and deletes in
//! batches of 25.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use mediclear_domain::health::document::{DocumentStatus, PatientDocument};
use mediclear_domain::ids::{DocumentId, PatientId};
use mediclear_ports::PortError;
use mediclear_ports::documents::{DocumentPage, DocumentStore};
use mediclear_ports::error::PortResult;

use crate::dynamo::{batch_write, query_page, s, sortable_time};
use crate::error::{corrupt, unencodable};
use crate::patients::DynamoHealthStore;

const RECORD: &str = "DOCUMENT";
const INDEX_ATTRIBUTES: [&str; 5] = ["pk", "sk", "document_patient", "document_created_at", "review_queue"];

fn document_key(id: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_string(), s(format!("DOCUMENT#{id}"))), ("sk".to_string(), s(RECORD))])
}

fn document_item(document: &PatientDocument) -> PortResult<HashMap<String, AttributeValue>> {
    let mut item: HashMap<String, AttributeValue> =
        serde_dynamo::aws_sdk_dynamodb_1::to_item(document).map_err(|e| unencodable("document", document.document_id.as_ref(), e))?;
    item.extend(document_key(document.document_id.as_str()));
    item.insert("document_patient".into(), s(document.patient_id.as_str()));
    item.insert("document_created_at".into(), s(sortable_time(&document.created_at)));
    if document.status == DocumentStatus::NeedsReview {
        item.insert("review_queue".into(), s("NEEDS_REVIEW"));
    }
    Ok(item)
}

fn document_from(mut item: HashMap<String, AttributeValue>) -> PortResult<PatientDocument> {
    for key in INDEX_ATTRIBUTES {
        item.remove(key);
    }
    serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("document", e))
}

impl DynamoHealthStore {
    /// One page of an index partition, in `forward` (oldest first) or reverse order.
    async fn document_page(&self, index: &str, hash: &str, value: &str, forward: bool, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        let query = || {
            self.client()
                .query()
                .table_name(self.table())
                .index_name(index)
                .key_condition_expression("#hash = :value")
                .expression_attribute_names("#hash", hash)
                .expression_attribute_values(":value", s(value))
                .scan_index_forward(forward)
        };
        let (documents, next_token) = query_page(&format!("{index}|{value}"), limit, next_token, query, document_from).await?;
        Ok(DocumentPage { documents, next_token })
    }
}

#[async_trait]
impl DocumentStore for DynamoHealthStore {
    #[tracing::instrument(skip(self, document), fields(table = %self.table(), document_id = %document.document_id))]
    async fn create(&self, document: &PatientDocument) -> PortResult<()> {
        self.put_if(document_item(document)?, "attribute_not_exists(pk)", || PortError::Conflict(format!("document {} exists already", document.document_id)))
            .await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table()))]
    async fn get(&self, document_id: &DocumentId) -> PortResult<Option<PatientDocument>> {
        self.get_at(document_key(document_id.as_str())).await?.map(document_from).transpose()
    }

    #[tracing::instrument(skip(self, document), fields(table = %self.table(), document_id = %document.document_id))]
    async fn update(&self, document: &PatientDocument) -> PortResult<()> {
        self.put_if(document_item(document)?, "attribute_exists(pk)", || PortError::NotFound).await
    }

    #[tracing::instrument(skip(self, next_token), fields(table = %self.table()))]
    async fn for_patient(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        self.document_page("by-patient-document", "document_patient", patient_id.as_str(), false, limit, next_token).await
    }

    #[tracing::instrument(skip(self, next_token), fields(table = %self.table()))]
    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        self.document_page("by-review", "review_queue", "NEEDS_REVIEW", true, limit, next_token).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table()))]
    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        let mut deletes = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self.for_patient(patient_id, 100, token.as_deref()).await?;
            for document in &page.documents {
                let delete = DeleteRequest::builder()
                    .set_key(Some(document_key(document.document_id.as_str())))
                    .build()
                    .map_err(|e| PortError::Internal(format!("dynamodb.DeleteRequest: {e}")))?;
                deletes.push(WriteRequest::builder().delete_request(delete).build());
            }
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        let count = deletes.len();
        batch_write(self.client(), self.table(), deletes).await?;
        Ok(count)
    }
}
