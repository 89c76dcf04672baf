//! The AWS adapters against moto (DynamoDB, S3, Cognito, Step Functions, API Gateway Management)
//! and against the wire stubs (Bedrock Runtime, Bedrock Agent Runtime, API Gateway 410s, Textract).
//! One test binary; every test creates its own tables and buckets, so they run in parallel.

mod bedrock;
mod cognito;
mod limited;
mod pusher;
mod signed_put;
mod stores;
mod template;
mod textract;
mod vision;
mod workflow;

// The template's tables, created on moto: shared with the benchmark, so they live in the testkit.
use mediclear_testkit::tables;
