//! `case-notifier`: the cases table's stream → a `case.updated` message to every connection
//! subscribed to the case's channels (`provider-{id}`, `insurer-queue`).
//!
//! Once per case version per connection: a delivery is claimed before it is pushed, so a stream
//! record delivered twice sends nothing new; a failed push gives its claim back and the record is
//! reported in `batchItemFailures`, so Lambda retries it (and only it, and what follows).
//! A connection API Gateway reports gone (410) is forgotten.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_lambda_events::dynamodb::Event;
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};

use mediclear_domain::preauth::case::Case;
use mediclear_domain::realtime::{CaseUpdated, Channel};
use mediclear_ports::PortError;
use mediclear_ports::realtime::{ConnectionPusher, ConnectionStore, PushError};

use crate::function::{EventHandler, FunctionError};

#[derive(Clone)]
pub struct CaseNotifier {
    pub connections: Arc<dyn ConnectionStore>,
    pub pusher: Arc<dyn ConnectionPusher>,
}

/// The case in a stream record's new image (`None` for removals).
pub fn case_from_image(image: &serde_dynamo::Item) -> Result<Option<Case>, String> {
    if image.is_empty() {
        return Ok(None);
    }
    serde_dynamo::from_item(image.clone()).map(Some).map_err(|e| format!("the new image is not a case: {e}"))
}

impl CaseNotifier {
    /// Delivers one case version; `Err` when some push must be retried.
    async fn deliver(&self, case: &Case) -> Result<(), PortError> {
        let payload = serde_json::to_vec(&CaseUpdated::new(case)).map_err(|e| PortError::Internal(e.to_string()))?;
        let delivery_key = format!("{}#v{}", case.case_id, case.version);
        let mut connections = BTreeSet::new();
        for channel in Channel::for_case(case) {
            connections.extend(self.connections.subscribers(&channel).await?);
        }
        let mut retry = None;
        for connection_id in connections {
            if !self.connections.claim_delivery(&connection_id, &delivery_key).await? {
                continue;
            }
            match self.pusher.push(&connection_id, &payload).await {
                Ok(()) => {}
                Err(PushError::Gone) => {
                    tracing::info!(%connection_id, "connection gone; forgetting it");
                    self.connections.disconnect(&connection_id).await?;
                }
                Err(PushError::Failed(reason)) => {
                    tracing::warn!(%connection_id, %reason, "push failed; will retry");
                    self.connections.release_delivery(&connection_id, &delivery_key).await?;
                    retry = Some(PortError::Unavailable(reason));
                }
            }
        }
        retry.map_or(Ok(()), Err)
    }
}

impl EventHandler for CaseNotifier {
    type Event = Event;
    type Output = DynamoDbEventResponse;

    async fn handle(&self, event: Event) -> Result<DynamoDbEventResponse, FunctionError> {
        let mut response = DynamoDbEventResponse::default();
        for record in event.records {
            let outcome = match case_from_image(&record.change.new_image) {
                Ok(Some(case)) => self.deliver(&case).await.map_err(|e| e.to_string()),
                Ok(None) => Ok(()),
                // A record that can never be read is not retried forever: log it and move on.
                Err(reason) => {
                    tracing::error!(event_id = %record.event_id, %reason, "unreadable stream record skipped");
                    Ok(())
                }
            };
            if let Err(reason) = outcome {
                tracing::warn!(event_id = %record.event_id, %reason, "stream record will be retried");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
            }
        }
        Ok(response)
    }
}
