//! Readiness of an AWS deployment ([`ReadinessProbe`]): every configured table answers
//! DescribeTable with status ACTIVE, every bucket answers HeadBucket. Checks run concurrently;
//! a failure's detail is the error code, never data.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::TableStatus;
use mediclear_ports::health::{ComponentStatus, ReadinessProbe};

use crate::error::Failure;

/// The tables and buckets one function depends on.
#[derive(Debug, Clone)]
pub struct AwsReadiness {
    dynamodb: aws_sdk_dynamodb::Client,
    s3: aws_sdk_s3::Client,
    tables: Vec<String>,
    buckets: Vec<String>,
}

impl AwsReadiness {
    pub fn new(config: &SdkConfig, tables: Vec<String>, buckets: Vec<String>) -> Self {
        Self { dynamodb: aws_sdk_dynamodb::Client::new(config), s3: aws_sdk_s3::Client::new(config), tables, buckets }
    }

    /// Like [`AwsReadiness::new`], with path-style S3 addressing (emulators).
    pub fn path_style(config: &SdkConfig, tables: Vec<String>, buckets: Vec<String>) -> Self {
        let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build());
        Self { s3, ..Self::new(config, tables, buckets) }
    }

    async fn table(&self, table: &str) -> ComponentStatus {
        let component = format!("dynamodb:{table}");
        match self.dynamodb.describe_table().table_name(table).send().await {
            Ok(out) => match out.table().and_then(|t| t.table_status()) {
                Some(TableStatus::Active) => ComponentStatus { component, ready: true, detail: None },
                status => ComponentStatus { component, ready: false, detail: Some(format!("table status {}", status.map_or("unknown", |s| s.as_str()))) },
            },
            Err(e) => ComponentStatus { component, ready: false, detail: Some(Failure::of("dynamodb.DescribeTable", &e).describe()) },
        }
    }

    async fn bucket(&self, bucket: &str) -> ComponentStatus {
        let component = format!("s3:{bucket}");
        match self.s3.head_bucket().bucket(bucket).send().await {
            Ok(_) => ComponentStatus { component, ready: true, detail: None },
            Err(e) => ComponentStatus { component, ready: false, detail: Some(Failure::of("s3.HeadBucket", &e).describe()) },
        }
    }
}

#[async_trait]
impl ReadinessProbe for AwsReadiness {
    #[tracing::instrument(skip(self))]
    async fn check(&self) -> Vec<ComponentStatus> {
        let tables = futures::future::join_all(self.tables.iter().map(|t| self.table(t)));
        let buckets = futures::future::join_all(self.buckets.iter().map(|b| self.bucket(b)));
        let (mut statuses, buckets) = futures::join!(tables, buckets);
        statuses.extend(buckets);
        statuses
    }
}
