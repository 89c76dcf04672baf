//! Pushing a message to one WebSocket connection ([`ConnectionPusher`]) with the API Gateway
//! Management API.
//!
//! `PostToConnection` is served by the WebSocket API's own endpoint,
//! `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`, so the client is built with that
//! endpoint (`WEBSOCKET_ENDPOINT`). A connection that has closed answers `GoneException` (HTTP
//! 410): the notifier forgets it. Throttling and 5xx are `Failed` with a reason, for the stream
//! handler to report as a batch item failure and retry.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_apigatewaymanagement::Client;
use aws_sdk_apigatewaymanagement::operation::post_to_connection::PostToConnectionError;
use aws_sdk_apigatewaymanagement::primitives::Blob;
use mediclear_ports::realtime::{ConnectionPusher, PushError};

use crate::error::Failure;

/// The WebSocket API's management endpoint.
#[derive(Debug, Clone)]
pub struct ApiGatewayPusher {
    client: Client,
}

impl ApiGatewayPusher {
    /// `endpoint` is the API's `https://{api}.execute-api.{region}.amazonaws.com/{stage}` URL.
    pub fn new(config: &SdkConfig, endpoint: impl Into<String>) -> Self {
        let endpoint: String = endpoint.into();
        let conf = aws_sdk_apigatewaymanagement::config::Builder::from(config).endpoint_url(endpoint.trim_end_matches('/')).build();
        Self { client: Client::from_conf(conf) }
    }

    /// The management endpoint of a WebSocket API stage.
    pub fn endpoint_for(api_id: &str, region: &str, stage: &str) -> String {
        format!("https://{api_id}.execute-api.{region}.amazonaws.com/{stage}")
    }
}

#[async_trait]
impl ConnectionPusher for ApiGatewayPusher {
    #[tracing::instrument(skip(self, payload), fields(bytes = payload.len()))]
    async fn push(&self, connection_id: &str, payload: &[u8]) -> Result<(), PushError> {
        let result = self.client.post_to_connection().connection_id(connection_id).data(Blob::new(payload)).send().await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.as_service_error(), Some(PostToConnectionError::GoneException(_))) => Err(PushError::Gone),
            Err(e) => {
                let failure = Failure::of("apigatewaymanagement.PostToConnection", &e);
                if failure.status == Some(410) {
                    return Err(PushError::Gone);
                }
                tracing::warn!(error = %failure.describe(), "push failed");
                Err(PushError::Failed(failure.describe()))
            }
        }
    }
}
