//! Configuration from the environment `template.yaml` gives each function.
//!
//! Each function reads only the variables it needs, so each getter is fallible on its own: a
//! missing variable is named in the error (`CASES_TABLE is not set`) when the function builds its
//! adapters at cold start, not on the first request that happens to need it. The two model ids
//! have defaults; everything else must be set.

use std::collections::HashMap;

use aws_config::{BehaviorVersion, SdkConfig};

use crate::analyzer::DEFAULT_ANALYSIS_MODEL_ID;
use crate::embedder::DEFAULT_EMBEDDING_MODEL_ID;

/// A variable the function needs is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: &'static str },
}

pub const CASES_TABLE: &str = "CASES_TABLE";
pub const AUDIT_TABLE: &str = "AUDIT_TABLE";
pub const CONNECTIONS_TABLE: &str = "CONNECTIONS_TABLE";
pub const INDEX_TABLE: &str = "INDEX_TABLE";
pub const JOBS_TABLE: &str = "JOBS_TABLE";
pub const IDEMPOTENCY_TABLE: &str = "IDEMPOTENCY_TABLE";
pub const HEALTH_TABLE: &str = "HEALTH_TABLE";
pub const INSIGHTS_TABLE: &str = "INSIGHTS_TABLE";
pub const BEDROCK_GUARDRAIL_ID: &str = "BEDROCK_GUARDRAIL_ID";
pub const BEDROCK_GUARDRAIL_VERSION: &str = "BEDROCK_GUARDRAIL_VERSION";
pub const DOCUMENTS_BUCKET: &str = "DOCUMENTS_BUCKET";
pub const ANALYSIS_STATE_MACHINE_ARN: &str = "ANALYSIS_STATE_MACHINE_ARN";
pub const DOCUMENT_PIPELINE_ARN: &str = "DOCUMENT_PIPELINE_ARN";
pub const REFRESH_QUEUE_URL: &str = "REFRESH_QUEUE_URL";
pub const BEDROCK_VISION_MODEL_ID: &str = "BEDROCK_VISION_MODEL_ID";
pub const WEBSOCKET_ENDPOINT: &str = "WEBSOCKET_ENDPOINT";
pub const USER_POOL_ID: &str = "USER_POOL_ID";
pub const USER_POOL_CLIENT_ID: &str = "USER_POOL_CLIENT_ID";
pub const BEDROCK_MODEL_ID: &str = "BEDROCK_MODEL_ID";
pub const EMBEDDING_MODEL_ID: &str = "EMBEDDING_MODEL_ID";
pub const INSURER_KNOWLEDGE_BASE_ID: &str = "INSURER_KNOWLEDGE_BASE_ID";
pub const PROVIDER_KNOWLEDGE_BASE_ID: &str = "PROVIDER_KNOWLEDGE_BASE_ID";

/// The environment, read once.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// This process's environment.
    pub fn from_process() -> Self {
        Self { vars: std::env::vars().collect() }
    }

    /// Given variables (tests, the local runtime).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        Self { vars: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }

    /// A set, non-blank variable.
    pub fn required(&self, name: &'static str) -> Result<String, ConfigError> {
        match self.vars.get(name).map(|v| v.trim()) {
            Some(v) if !v.is_empty() => Ok(v.to_string()),
            _ => Err(ConfigError::Missing(name)),
        }
    }

    fn or_default(&self, name: &'static str, default: &str) -> String {
        self.required(name).unwrap_or_else(|_| default.to_string())
    }

    pub fn cases_table(&self) -> Result<String, ConfigError> {
        self.required(CASES_TABLE)
    }
    pub fn audit_table(&self) -> Result<String, ConfigError> {
        self.required(AUDIT_TABLE)
    }
    pub fn connections_table(&self) -> Result<String, ConfigError> {
        self.required(CONNECTIONS_TABLE)
    }
    pub fn index_table(&self) -> Result<String, ConfigError> {
        self.required(INDEX_TABLE)
    }
    pub fn jobs_table(&self) -> Result<String, ConfigError> {
        self.required(JOBS_TABLE)
    }
    pub fn health_table(&self) -> Result<String, ConfigError> {
        self.required(HEALTH_TABLE)
    }
    /// Health scores, risk assessments and chat conversations.
    pub fn insights_table(&self) -> Result<String, ConfigError> {
        self.required(INSIGHTS_TABLE)
    }
    /// The chats' Bedrock Guardrail (id, version), when one is configured; the version defaults
    /// to `DRAFT`.
    pub fn guardrail(&self) -> Option<(String, String)> {
        let id = self.required(BEDROCK_GUARDRAIL_ID).ok()?;
        Some((id, self.or_default(BEDROCK_GUARDRAIL_VERSION, "DRAFT")))
    }
    pub fn idempotency_table(&self) -> Result<String, ConfigError> {
        self.required(IDEMPOTENCY_TABLE)
    }
    pub fn documents_bucket(&self) -> Result<String, ConfigError> {
        self.required(DOCUMENTS_BUCKET)
    }
    pub fn analysis_state_machine_arn(&self) -> Result<String, ConfigError> {
        self.state_machine_arn(ANALYSIS_STATE_MACHINE_ARN)
    }
    pub fn refresh_queue_url(&self) -> Result<String, ConfigError> {
        self.required(REFRESH_QUEUE_URL)
    }
    pub fn document_pipeline_arn(&self) -> Result<String, ConfigError> {
        self.state_machine_arn(DOCUMENT_PIPELINE_ARN)
    }
    fn state_machine_arn(&self, name: &'static str) -> Result<String, ConfigError> {
        let arn = self.required(name)?;
        if !arn.starts_with("arn:") {
            return Err(ConfigError::Invalid { name, reason: "expected a state machine ARN" });
        }
        Ok(arn)
    }
    /// Default: Claude 3 Haiku.
    pub fn vision_model_id(&self) -> String {
        self.or_default(BEDROCK_VISION_MODEL_ID, DEFAULT_ANALYSIS_MODEL_ID)
    }
    /// The WebSocket API's management endpoint, `https://{api}.execute-api.{region}.amazonaws.com/{stage}`.
    pub fn websocket_endpoint(&self) -> Result<String, ConfigError> {
        let url = self.required(WEBSOCKET_ENDPOINT)?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConfigError::Invalid { name: WEBSOCKET_ENDPOINT, reason: "expected an https:// URL" });
        }
        Ok(url.trim_end_matches('/').to_string())
    }
    pub fn user_pool_id(&self) -> Result<String, ConfigError> {
        self.required(USER_POOL_ID)
    }
    pub fn user_pool_client_id(&self) -> Result<String, ConfigError> {
        self.required(USER_POOL_CLIENT_ID)
    }
    /// Default: Claude 3 Haiku.
    pub fn bedrock_model_id(&self) -> String {
        self.or_default(BEDROCK_MODEL_ID, DEFAULT_ANALYSIS_MODEL_ID)
    }
    /// Default: Titan Text Embeddings v2.
    pub fn embedding_model_id(&self) -> String {
        self.or_default(EMBEDDING_MODEL_ID, DEFAULT_EMBEDDING_MODEL_ID)
    }
    pub fn insurer_knowledge_base_id(&self) -> Result<String, ConfigError> {
        self.required(INSURER_KNOWLEDGE_BASE_ID)
    }
    pub fn provider_knowledge_base_id(&self) -> Result<String, ConfigError> {
        self.required(PROVIDER_KNOWLEDGE_BASE_ID)
    }
}

/// The SDK configuration of the running function (region, credentials, retries from the
/// environment), loaded once at cold start.
pub async fn sdk_config() -> SdkConfig {
    aws_config::load_defaults(BehaviorVersion::latest()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variable_fails_on_its_own_and_names_itself() {
        let env = Env::from_pairs([(CASES_TABLE, "cases"), (AUDIT_TABLE, "  "), (WEBSOCKET_ENDPOINT, "wss://x")]);
        assert_eq!(env.cases_table().unwrap(), "cases");
        assert_eq!(env.audit_table().unwrap_err().to_string(), "AUDIT_TABLE is not set");
        assert_eq!(env.jobs_table().unwrap_err(), ConfigError::Missing(JOBS_TABLE));
        assert!(matches!(env.websocket_endpoint(), Err(ConfigError::Invalid { name: WEBSOCKET_ENDPOINT, .. })));
        assert_eq!(env.bedrock_model_id(), DEFAULT_ANALYSIS_MODEL_ID);
        assert_eq!(env.embedding_model_id(), DEFAULT_EMBEDDING_MODEL_ID);
    }
}
