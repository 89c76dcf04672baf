//! MediClear's AWS adapters: each port of `mediclear-ports` implemented on the AWS service that
//! backs it in production. Every adapter is built once (at a function's cold start) from an
//! [`aws_config::SdkConfig`] and the names it needs (table, bucket, ARN, ids), then borrowed by
//! the handlers. SDK errors become [`mediclear_ports::PortError`]s in one place ([`error`]), and
//! `tracing` spans record ids only — never names, notes, passages or query text.
//!
//! # Layout
//!
//! - [`config`] — the environment variables each function reads ([`config::Env`]) and
//!   [`config::sdk_config`].
//! - `error` (private) — SDK error → `PortError` (throttling and 5xx are `Unavailable`).
//! - [`cases`] — [`DynamoCaseStore`]: cases with conditional writes and indexed, paginated listing.
//! - [`audit`] — [`DynamoAuditLog`]: the append-only audit trail.
//! - [`blobs`] — [`S3BlobStore`]: document files (bucket-default KMS encryption).
//! - [`chunk_index`] — [`DynamoChunkIndex`]: MediClear's own per-patient / per-policy retrieval
//!   index, embeddings as binary `f32`.
//! - [`jobs`] — [`DynamoJobStore`]: ingestion job status with a 30-day TTL.
//! - [`patients`] — [`DynamoHealthStore`]: patients (version-conditioned) and their care team,
//!   one partition per patient; [`doctors`]: doctors and the verification queue in the same table.
//! - [`chat`] — [`chat::BedrockChat`]: patient and doctor chat answers through `ConverseStream`, with an
//!   optional guardrail.
//! - [`insights`] — [`insights::DynamoInsightStore`] (every version of a patient's health score and
//!   risk assessment) and [`insights::DynamoConversationStore`] (chat conversations), in the insights table.
//! - [`idempotency`] — [`DynamoIdempotencyStore`]: first answers under their `Idempotency-Key`,
//!   written in one transaction with the record they answer for.
//! - [`connections`] — [`DynamoConnectionStore`]: WebSocket connections, subscriptions and
//!   once-only delivery claims.
//! - [`pusher`] — [`ApiGatewayPusher`]: `PostToConnection`, 410 → gone.
//! - [`workflow`] — [`StepFunctionsWorkflow`]: named `StartExecution`.
//! - [`directory`] — [`CognitoDirectory`]: user creation (rolled back on failure) and sign-in
//!   handing out the ID token.
//! - [`id_tokens`] — [`CognitoTokenVerifier`]: RS256 ID-token verification against the pool's
//!   cached JWKS.
//! - [`embedder`] — [`TitanEmbedder`]: Titan Text Embeddings v2, bounded fan-out.
//! - [`retriever`] — [`BedrockKbRetriever`]: Knowledge Base `Retrieve` with patient-scoped filters.
//! - [`analyzer`] — [`BedrockAnalyzer`]: Converse with a forced `record_analysis` tool, output
//!   checked against the analysis schema and the passages given.
//! - [`textract`] — [`TextractOcr`]: `DetectDocumentText` for bytes, Start/Get
//!   `DocumentTextDetection` (all result pages) for stored PDFs; lines in reading order per page.
//! - [`vision`] — [`BedrockVision`]: Converse with an image block, a description of one
//!   medical-document image; sizes checked before the call.
//! - [`readiness`] — [`AwsReadiness`]: DescribeTable / HeadBucket.
//! - [`planner`] — `BedrockPlanner`: report requests to one query through Converse with a forced
//!   `record_query` tool, checked field by field, asked once more on a misfit.
//! - [`signed_put`] — `SignedPutBlobs`: the documents bucket with `put` as a SigV4-signed `PUT`,
//!   for functions that store objects and read none (no SDK checksum code linked).
//! - [`summarizer`] — `BedrockSummarizer`: a report's summary through Converse, every figure in
//!   it checked against the rows, asked once more on a figure the rows do not hold.
//! - [`reports`] — `DynamoReportsTable` (connections, report records) and `KmsSecretBox`.
//! - `dynamo`, `document` (private) — DynamoDB helpers (batch writes, page tokens, sortable
//!   times) and JSON ↔ Smithy `Document`.

pub mod analyzer;
pub mod audit;
pub mod blobs;
pub mod cases;
pub mod chat;
pub mod chunk_index;
pub mod config;
pub mod connections;
pub mod credentials;
pub mod directory;
pub mod doctors;
pub mod documents;
mod document;
mod dynamo;
pub mod embedder;
mod error;
pub mod id_tokens;
pub mod idempotency;
pub mod insights;
pub mod jobs;
pub mod patients;
pub mod planner;
pub mod signed_put;
pub mod summarizer;
pub mod pusher;
pub mod readiness;
pub mod refreshes;
pub mod reports;
pub mod retriever;
pub mod textract;
pub mod vision;
pub mod workflow;

pub use analyzer::BedrockAnalyzer;
pub use audit::DynamoAuditLog;
pub use blobs::S3BlobStore;
pub use cases::DynamoCaseStore;
pub use chunk_index::DynamoChunkIndex;
pub use config::{ConfigError, Env, sdk_config};
pub use connections::DynamoConnectionStore;
pub use credentials::TextractCredentialReader;
pub use directory::CognitoDirectory;
pub use embedder::TitanEmbedder;
pub use id_tokens::CognitoTokenVerifier;
pub use idempotency::DynamoIdempotencyStore;
pub use patients::DynamoHealthStore;
pub use jobs::DynamoJobStore;
pub use pusher::ApiGatewayPusher;
pub use readiness::AwsReadiness;
pub use refreshes::SqsRefreshQueue;
pub use retriever::BedrockKbRetriever;
pub use textract::TextractOcr;
pub use vision::BedrockVision;
pub use workflow::StepFunctionsWorkflow;
