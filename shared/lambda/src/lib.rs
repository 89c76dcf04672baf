//! The AWS wiring for `functions/*`: each Lambda's `main` builds its handler's dependencies here,
//! once per cold start, from the environment `template.yaml` gives it, so every entry point is a
//! few lines and two functions needing the same adapter build it the same way.
//!
//! Choices made by configuration:
//! - retrieval: a Bedrock Knowledge Base for a side whose id is set (`INSURER_KNOWLEDGE_BASE_ID`
//!   for policies, `PROVIDER_KNOWLEDGE_BASE_ID` for notes), MediClear's own index otherwise;
//! - analysis: `ANALYZER=bedrock` (default, Converse with `BEDROCK_MODEL_ID`) or `offline` (the
//!   deterministic evidence matcher).
//!
//! # Layout
//!
//! - [`Aws`] — the environment and SDK config, with one builder per adapter.
//! - [`SplitRetriever`] — policy and notes retrieval from different sources.
//!
//! A function whose handler declares what it calls (`USES`, `mediclear_ports::limited`) wraps
//! the adapters these builders return: `limited::blobs::<{ get::USES.blobs }, _>(aws.blobs()?)`.
//! [`Aws::gate`] is always limited to what the gate reads (`Gate::USES`).

use std::sync::Arc;

use async_trait::async_trait;

use mediclear_aws::analyzer::BedrockAnalyzer;
use mediclear_aws::audit::DynamoAuditLog;
use mediclear_aws::blobs::S3BlobStore;
use mediclear_aws::cases::DynamoCaseStore;
use mediclear_aws::chunk_index::DynamoChunkIndex;
use mediclear_aws::config::{ConfigError, Env, sdk_config};
use mediclear_aws::connections::DynamoConnectionStore;
use mediclear_aws::credentials::TextractCredentialReader;
use mediclear_aws::directory::CognitoDirectory;
use mediclear_aws::embedder::TitanEmbedder;
use mediclear_aws::id_tokens::CognitoTokenVerifier;
use mediclear_aws::idempotency::DynamoIdempotencyStore;
use mediclear_aws::patients::DynamoHealthStore;
use mediclear_aws::jobs::DynamoJobStore;
use mediclear_aws::pusher::ApiGatewayPusher;
use mediclear_aws::readiness::AwsReadiness;
use mediclear_aws::retriever::BedrockKbRetriever;
use mediclear_aws::refreshes::SqsRefreshQueue;
use mediclear_aws::textract::TextractOcr;
use mediclear_aws::vision::BedrockVision;
use mediclear_aws::workflow::StepFunctionsWorkflow;
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::knowledge::Passage;
use mediclear_handlers::audit::Auditor;
use mediclear_handlers::api::patients::Gate;
use mediclear_handlers::documents::{DocumentJobs, Indexing};
use mediclear_handlers::engines::{OfflineAnalyzer, OwnIndexRetriever};
use mediclear_handlers::tasks::pipeline::Tracker;
use mediclear_ports::PortError;
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::knowledge::{Embedder, NotesScope, Retriever};

pub use mediclear_aws::config::ConfigError as WiringError;
/// The limited ports, re-exported for the functions' `main`s.
pub use mediclear_ports::limited;

/// A function's environment and SDK configuration.
pub struct Aws {
    pub env: Env,
    pub sdk: aws_config::SdkConfig,
}

/// Retrieval where policies and notes may come from different sources.
pub struct SplitRetriever {
    pub policies: Arc<dyn Retriever>,
    pub notes: Arc<dyn Retriever>,
}

#[async_trait]
impl Retriever for SplitRetriever {
    async fn policy_criteria(&self, procedure_code: &ProcedureCode) -> Result<Vec<Passage>, PortError> {
        self.policies.policy_criteria(procedure_code).await
    }

    async fn patient_notes(&self, scope: &NotesScope, query: &str) -> Result<Vec<Passage>, PortError> {
        self.notes.patient_notes(scope, query).await
    }
}

impl Aws {
    /// Reads the process environment and the default AWS configuration.
    pub async fn load() -> Aws {
        Aws { env: Env::from_process(), sdk: sdk_config().await }
    }

    /// The documents bucket for a function that stores objects and reads none: `put` is a signed
    /// `PUT` (`mediclear_aws::signed_put`), so the SDK's checksum code is not linked.
    pub fn storing_blobs(&self) -> Result<Arc<mediclear_aws::signed_put::SignedPutBlobs>, ConfigError> {
        Ok(Arc::new(mediclear_aws::signed_put::SignedPutBlobs::new(&self.sdk, self.env.documents_bucket()?)))
    }

    /// The cases table; with `IDEMPOTENCY_TABLE` set, `create_once` writes first answers there.
    pub fn cases(&self) -> Result<Arc<DynamoCaseStore>, ConfigError> {
        Ok(Arc::new(self.answering(DynamoCaseStore::new(&self.sdk, self.env.cases_table()?), DynamoCaseStore::with_idempotency_table)))
    }

    /// `store`, told the idempotency table when the function has one.
    fn answering<S>(&self, store: S, with_table: impl FnOnce(S, String) -> S) -> S {
        match self.env.idempotency_table() {
            Ok(table) => with_table(store, table),
            Err(_) => store,
        }
    }

    /// The health table: patients, their care team, doctors.
    pub fn health(&self) -> Result<Arc<DynamoHealthStore>, ConfigError> {
        Ok(Arc::new(DynamoHealthStore::new(&self.sdk, self.env.health_table()?)))
    }

    /// Who may reach which patient (care team and doctors, both in the health table), limited
    /// to what the gate reads (`Gate::USES`).
    pub fn gate(&self) -> Result<Gate, ConfigError> {
        let health = self.health()?;
        Ok(Gate::over(health.clone(), health))
    }

    /// First answers of creating requests (`Idempotency-Key`).
    pub fn idempotency(&self) -> Result<Arc<DynamoIdempotencyStore>, ConfigError> {
        Ok(Arc::new(DynamoIdempotencyStore::new(&self.sdk, self.env.idempotency_table()?)))
    }

    pub fn auditor(&self) -> Result<Auditor, ConfigError> {
        Ok(Auditor::new(Arc::new(DynamoAuditLog::new(&self.sdk, self.env.audit_table()?))))
    }

    /// PHI reports: the connection routes' catalog (`REPORTS_TABLE`), the KMS secret box
    /// (`SECRET_BOX_KEY_ID`) and the drivers for hospitals' databases.
    pub fn report_access(&self) -> Result<mediclear_handlers::api::connections::Connections, ConfigError> {
        Ok(mediclear_handlers::api::connections::Connections {
            catalog: self.reports_table()?,
            secrets: Arc::new(mediclear_aws::reports::KmsSecretBox::new(&self.sdk, self.env.required("SECRET_BOX_KEY_ID")?)),
            databases: Arc::new(mediclear_client_db::Drivers),
            limits: mediclear_ports::client_databases::Limits::default(),
        })
    }

    /// The reports table: connections and report records.
    pub fn reports_table(&self) -> Result<Arc<mediclear_aws::reports::DynamoReportsTable>, ConfigError> {
        Ok(Arc::new(mediclear_aws::reports::DynamoReportsTable::new(&self.sdk, self.env.required("REPORTS_TABLE")?)))
    }

    /// The report files' bucket (`REPORTS_BUCKET`, one-day lifecycle).
    pub fn report_files(&self) -> Result<Arc<S3BlobStore>, ConfigError> {
        Ok(Arc::new(S3BlobStore::new(&self.sdk, self.env.required("REPORTS_BUCKET")?)))
    }

    pub fn blobs(&self) -> Result<Arc<S3BlobStore>, ConfigError> {
        Ok(Arc::new(S3BlobStore::new(&self.sdk, self.env.documents_bucket()?)))
    }

    /// The jobs table; with `IDEMPOTENCY_TABLE` set, `create_once` writes first answers there.
    pub fn jobs(&self) -> Result<Arc<DynamoJobStore>, ConfigError> {
        Ok(Arc::new(self.answering(DynamoJobStore::new(&self.sdk, self.env.jobs_table()?), DynamoJobStore::with_idempotency_table)))
    }

    pub fn index(&self) -> Result<Arc<DynamoChunkIndex>, ConfigError> {
        Ok(Arc::new(DynamoChunkIndex::new(&self.sdk, self.env.index_table()?)))
    }

    pub fn connections(&self) -> Result<Arc<DynamoConnectionStore>, ConfigError> {
        Ok(Arc::new(DynamoConnectionStore::new(&self.sdk, self.env.connections_table()?)))
    }

    pub fn pusher(&self) -> Result<Arc<ApiGatewayPusher>, ConfigError> {
        Ok(Arc::new(ApiGatewayPusher::new(&self.sdk, self.env.websocket_endpoint()?)))
    }

    pub fn workflow(&self) -> Result<Arc<StepFunctionsWorkflow>, ConfigError> {
        Ok(Arc::new(StepFunctionsWorkflow::new(&self.sdk, self.env.analysis_state_machine_arn()?)))
    }

    /// The document pipeline's state machine (`DOCUMENT_PIPELINE_ARN`).
    pub fn pipeline_workflow(&self) -> Result<Arc<StepFunctionsWorkflow>, ConfigError> {
        Ok(Arc::new(StepFunctionsWorkflow::new(&self.sdk, self.env.document_pipeline_arn()?)))
    }

    /// The refresh queue (SQS FIFO, `REFRESH_QUEUE_URL`).
    pub fn refresh_queue(&self) -> Result<Arc<SqsRefreshQueue>, ConfigError> {
        Ok(Arc::new(SqsRefreshQueue::new(&self.sdk, self.env.refresh_queue_url()?)))
    }

    /// A health document's record and its job, moved together.
    pub fn tracker(&self) -> Result<Tracker, ConfigError> {
        Ok(Tracker { documents: self.health()?, jobs: self.jobs()? })
    }

    /// Textract text detection on the documents bucket.
    pub fn textract(&self) -> Result<Arc<TextractOcr>, ConfigError> {
        Ok(Arc::new(TextractOcr::new(&self.sdk, self.env.documents_bucket()?)))
    }

    /// Claude vision through Converse (`BEDROCK_VISION_MODEL_ID`).
    pub fn vision(&self) -> Arc<BedrockVision> {
        Arc::new(BedrockVision::new(&self.sdk, self.env.vision_model_id()))
    }

    pub fn directory(&self) -> Result<Arc<CognitoDirectory>, ConfigError> {
        Ok(Arc::new(CognitoDirectory::new(&self.sdk, self.env.user_pool_id()?, self.env.user_pool_client_id()?)))
    }

    pub fn token_verifier(&self) -> Result<Arc<CognitoTokenVerifier>, ConfigError> {
        Ok(Arc::new(CognitoTokenVerifier::for_region_of(&self.sdk, &self.env.user_pool_id()?, self.env.user_pool_client_id()?)))
    }

    /// Doctors' credentials read by Textract `AnalyzeDocument` (`QUERIES`).
    pub fn credential_reader(&self) -> Arc<TextractCredentialReader> {
        Arc::new(TextractCredentialReader::new(&self.sdk))
    }

    pub fn embedder(&self) -> Arc<dyn Embedder> {
        Arc::new(TitanEmbedder::new(&self.sdk, self.env.embedding_model_id()))
    }

    fn own_index(&self) -> Result<Arc<dyn Retriever>, ConfigError> {
        Ok(Arc::new(OwnIndexRetriever::new(self.index()?, self.embedder())))
    }

    fn knowledge_base(&self, name: &'static str) -> Option<String> {
        self.env.required(name).ok()
    }

    /// Knowledge-base retrieval where an id is configured, the own index otherwise.
    pub fn retriever(&self) -> Result<Arc<dyn Retriever>, ConfigError> {
        let insurer = self.knowledge_base(mediclear_aws::config::INSURER_KNOWLEDGE_BASE_ID);
        let provider = self.knowledge_base(mediclear_aws::config::PROVIDER_KNOWLEDGE_BASE_ID);
        if insurer.is_none() && provider.is_none() {
            return self.own_index();
        }
        let kb: Arc<dyn Retriever> = Arc::new(BedrockKbRetriever::new(&self.sdk, insurer.clone().unwrap_or_default(), provider.clone().unwrap_or_default()));
        Ok(Arc::new(SplitRetriever {
            policies: if insurer.is_some() { kb.clone() } else { self.own_index()? },
            notes: if provider.is_some() { kb } else { self.own_index()? },
        }))
    }

    /// Every version of each patient's health score and risk assessment (`INSIGHTS_TABLE`).
    pub fn insight_store(&self) -> Result<Arc<mediclear_aws::insights::DynamoInsightStore>, ConfigError> {
        Ok(Arc::new(mediclear_aws::insights::DynamoInsightStore::new(&self.sdk, self.env.insights_table()?)))
    }

    /// Chat conversations (`INSIGHTS_TABLE`).
    pub fn conversations(&self) -> Result<Arc<mediclear_aws::insights::DynamoConversationStore>, ConfigError> {
        Ok(Arc::new(mediclear_aws::insights::DynamoConversationStore::new(&self.sdk, self.env.insights_table()?)))
    }

    /// A patient's record as the insights read it: the health table and the documents bucket.
    pub fn patient_records(&self) -> Result<mediclear_handlers::engines::PatientRecords, ConfigError> {
        let health = self.health()?;
        Ok(mediclear_handlers::engines::PatientRecords { patients: health.clone(), documents: health, blobs: self.blobs()? })
    }

    /// The score and risk step.
    pub fn computed_insights(&self) -> Result<mediclear_handlers::engines::ComputedInsights, ConfigError> {
        Ok(mediclear_handlers::engines::ComputedInsights { records: self.patient_records()?, store: self.insight_store()? })
    }

    /// What a chat turn needs: the conversations, the patient's own documents in MediClear's
    /// index, and the writer — `CHAT=bedrock` (default: ConverseStream with the optional
    /// guardrail) or `offline` (the extractive engine over the embedder).
    pub fn chat(&self) -> Result<mediclear_handlers::api::chat::ChatDeps, ConfigError> {
        let responder: Arc<dyn mediclear_ports::chat::ChatResponder> = match self.env.required("CHAT").unwrap_or_else(|_| "bedrock".into()).as_str() {
            "bedrock" => Arc::new(mediclear_aws::chat::BedrockChat::new(&self.sdk, self.env.bedrock_model_id(), self.env.guardrail())),
            "offline" => Arc::new(mediclear_handlers::engines::ExtractiveChat::new(self.embedder())),
            _ => return Err(ConfigError::Invalid { name: "CHAT", reason: "must be bedrock or offline" }),
        };
        Ok(mediclear_handlers::api::chat::ChatDeps {
            conversations: self.conversations()?,
            search: Arc::new(OwnIndexRetriever::new(self.index()?, self.embedder())),
            responder,
            audit: self.auditor()?,
        })
    }

    /// `ANALYZER=bedrock` (default) or `offline`.
    pub fn analyzer(&self) -> Result<Arc<dyn Analyzer>, ConfigError> {
        match self.env.required("ANALYZER").unwrap_or_else(|_| "bedrock".into()).as_str() {
            "bedrock" => Ok(Arc::new(BedrockAnalyzer::new(&self.sdk, self.env.bedrock_model_id()))),
            "offline" => Ok(Arc::new(OfflineAnalyzer)),
            _ => Err(ConfigError::Invalid { name: "ANALYZER", reason: "must be bedrock or offline" }),
        }
    }

    /// PHI reports' planner: `PLANNER=bedrock` (default; Converse with `BEDROCK_MODEL_ID`) or
    /// `offline` (the schema-aware planner).
    pub fn planner(&self) -> Result<Arc<dyn mediclear_ports::reports::QueryPlanner>, ConfigError> {
        Ok(if self.reports_use_bedrock()? {
            Arc::new(mediclear_aws::planner::BedrockPlanner::new(&self.sdk, self.env.bedrock_model_id()))
        } else {
            Arc::new(mediclear_handlers::engines::OfflinePlanner)
        })
    }

    /// The PDF reports' summary writer: the planner's model (`PLANNER=bedrock`), or the summary
    /// computed from the rows (`PLANNER=offline`).
    pub fn summarizer(&self) -> Result<Arc<dyn mediclear_ports::reports::ReportSummarizer>, ConfigError> {
        Ok(if self.reports_use_bedrock()? {
            Arc::new(mediclear_aws::summarizer::BedrockSummarizer::new(&self.sdk, self.env.bedrock_model_id()))
        } else {
            Arc::new(mediclear_handlers::engines::ComputedSummary)
        })
    }

    /// `PLANNER`: `bedrock` (the default) or `offline`, for the planner and the summary writer alike.
    fn reports_use_bedrock(&self) -> Result<bool, ConfigError> {
        match self.env.required("PLANNER").unwrap_or_else(|_| "bedrock".into()).as_str() {
            "bedrock" => Ok(true),
            "offline" => Ok(false),
            _ => Err(ConfigError::Invalid { name: "PLANNER", reason: "must be bedrock or offline" }),
        }
    }

    pub fn indexing(&self) -> Result<Indexing, ConfigError> {
        Ok(Indexing {
            blobs: self.blobs()?,
            jobs: self.jobs()?,
            extractor: Arc::new(mediclear_documents::InProcessExtractor::new()),
            embedder: self.embedder(),
            index: self.index()?,
        })
    }

    /// Documents' jobs without the reader (for `ingest-failed`).
    pub fn document_jobs(&self) -> Result<DocumentJobs, ConfigError> {
        Ok(DocumentJobs { blobs: self.blobs()?, jobs: self.jobs()? })
    }

    /// Readiness of every table and bucket named in this function's environment.
    pub fn readiness(&self) -> Arc<AwsReadiness> {
        let tables = [self.env.cases_table(), self.env.audit_table(), self.env.connections_table(), self.env.index_table(), self.env.jobs_table()]
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        let buckets = self.env.documents_bucket().into_iter().collect();
        Arc::new(AwsReadiness::new(&self.sdk, tables, buckets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(pairs: &[(&str, &str)]) -> Aws {
        let sdk = aws_config::SdkConfig::builder().behavior_version(aws_config::BehaviorVersion::latest()).region(aws_config::Region::new("us-east-1")).build();
        Aws { env: Env::from_pairs(pairs.iter().copied()), sdk }
    }

    #[test]
    fn a_missing_variable_is_named_at_cold_start() {
        let err = aws(&[]).cases().err().unwrap();
        assert_eq!(err.to_string(), "CASES_TABLE is not set");
    }

    #[test]
    fn analyzer_choice_is_validated() {
        assert!(aws(&[("ANALYZER", "offline")]).analyzer().is_ok());
        assert!(aws(&[]).analyzer().is_ok());
        assert!(aws(&[("ANALYZER", "oracle")]).analyzer().is_err());
        assert!(aws(&[("PLANNER", "offline")]).planner().is_ok());
        assert!(aws(&[("PLANNER", "oracle")]).planner().is_err());
        assert!(aws(&[("PLANNER", "offline")]).summarizer().is_ok());
        assert!(aws(&[("PLANNER", "oracle")]).summarizer().is_err());
    }
}
