//! Every store adapter passes its port's conformance suite on moto.

use aws_config::SdkConfig;
use mediclear_aws::{
    AwsReadiness, DynamoAuditLog, DynamoCaseStore, DynamoChunkIndex, DynamoConnectionStore, DynamoIdempotencyStore, DynamoJobStore, S3BlobStore,
};
use mediclear_ports::health::ReadinessProbe;
use mediclear_testkit::{conformance, moto::moto, unique};

use crate::tables;

async fn table(config: &SdkConfig, variable: &str) -> String {
    tables::create(&aws_sdk_dynamodb::Client::new(config), variable).await
}

async fn bucket(config: &SdkConfig) -> String {
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build());
    let name = unique("documents");
    s3.create_bucket().bucket(&name).send().await.expect("create bucket");
    // Versioned, as the template's documents bucket is: purges must remove every version.
    let versioning = aws_sdk_s3::types::VersioningConfiguration::builder().status(aws_sdk_s3::types::BucketVersioningStatus::Enabled).build();
    s3.put_bucket_versioning().bucket(&name).versioning_configuration(versioning).send().await.expect("enable versioning");
    name
}

#[tokio::test]
async fn case_store_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = DynamoCaseStore::new(&config, table(&config, "CASES_TABLE").await);
    conformance::case_store(&store, &store).await;
}

#[tokio::test]
async fn audit_log_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let log = DynamoAuditLog::new(&config, table(&config, "AUDIT_TABLE").await);
    conformance::audit_log(&log, &log).await;
}

#[tokio::test]
async fn blob_store_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = S3BlobStore::path_style(&config, bucket(&config).await);
    conformance::blob_store(&store).await;
}

#[tokio::test]
async fn chunk_index_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let index = DynamoChunkIndex::new(&config, table(&config, "INDEX_TABLE").await);
    conformance::chunk_index(&index, &index).await;
}

#[tokio::test]
async fn job_store_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = DynamoJobStore::new(&config, table(&config, "JOBS_TABLE").await);
    conformance::job_store(&store).await;
}

#[tokio::test]
async fn idempotency_store_conforms_and_records_are_written_with_their_answers() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let answers_table = table(&config, "IDEMPOTENCY_TABLE").await;
    let answers = DynamoIdempotencyStore::new(&config, &answers_table);
    conformance::idempotency_store(&answers).await;
    let cases = DynamoCaseStore::new(&config, table(&config, "CASES_TABLE").await).with_idempotency_table(&answers_table);
    conformance::case_with_answer(&cases, &cases, &answers).await;
    let jobs = DynamoJobStore::new(&config, table(&config, "JOBS_TABLE").await).with_idempotency_table(&answers_table);
    conformance::job_with_answer(&jobs, &answers).await;
}

#[tokio::test]
async fn patient_store_and_care_team_conform() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = mediclear_aws::DynamoHealthStore::new(&config, table(&config, "HEALTH_TABLE").await);
    conformance::patient_store(&store).await;
    conformance::care_team(&store).await;
    conformance::doctor_store(&store).await;
}

#[tokio::test]
async fn connection_store_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = DynamoConnectionStore::new(&config, table(&config, "CONNECTIONS_TABLE").await);
    conformance::connection_store(&store).await;
}

#[tokio::test]
async fn stored_items_have_the_documented_layout() {
    use aws_sdk_dynamodb::types::AttributeValue;
    use mediclear_domain::preauth::case::CaseStatus;
    use mediclear_ports::cases::CaseWriter;
    use mediclear_ports::jobs::JobStore;

    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);

    let cases = table(&config, "CASES_TABLE").await;
    let case = conformance::fixtures::case(&conformance::fixtures::patient_id(), &conformance::fixtures::provider_id(), CaseStatus::Pending, conformance::fixtures::base_time());
    DynamoCaseStore::new(&config, &cases).create(&case).await.unwrap();
    let item = dynamodb.get_item().table_name(&cases).key("case_id", AttributeValue::S(case.case_id.to_string())).send().await.unwrap().item.unwrap();
    assert_eq!(item["gsi_all"], AttributeValue::S("CASE".into()));
    assert_eq!(item["status"], AttributeValue::S("PENDING".into()));
    assert_eq!(item["version"], AttributeValue::N("1".into()));
    assert_eq!(item["created_at"], AttributeValue::S("2026-03-01T12:00:00.123456789Z".into()), "fixed-width, sortable");

    let jobs = table(&config, "JOBS_TABLE").await;
    let job = mediclear_ports::jobs::Job {
        job_id: mediclear_domain::ids::JobId::generate(),
        kind: "record_ingestion".into(),
        resource_id: "REC-1".into(),
        status: mediclear_ports::jobs::JobStatus::Ingested,
        reason: None,
        owner: "sub".into(),
        attempts: 0,
        created_at: conformance::fixtures::base_time(),
        updated_at: conformance::fixtures::base_time(),
    };
    DynamoJobStore::new(&config, &jobs).put(&job).await.unwrap();
    let item = dynamodb.get_item().table_name(&jobs).key("job_id", AttributeValue::S(job.job_id.to_string())).send().await.unwrap().item.unwrap();
    let expires: i64 = item["expires_at"].as_n().unwrap().parse().unwrap();
    let in_days = (expires - chrono::Utc::now().timestamp()) as f64 / 86_400.0;
    assert!((29.9..=30.1).contains(&in_days), "jobs expire after 30 days, got {in_days}");
}

#[tokio::test]
async fn readiness_reports_tables_and_buckets() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let cases = table(&config, "CASES_TABLE").await;
    let documents = bucket(&config).await;
    let probe = AwsReadiness::path_style(&config, vec![cases.clone(), unique("missing-table")], vec![documents.clone(), unique("missing-bucket")]);
    let statuses = probe.check().await;
    let ready: Vec<(String, bool)> = statuses.iter().map(|s| (s.component.clone(), s.ready)).collect();
    assert_eq!(ready.len(), 4);
    assert!(ready.contains(&(format!("dynamodb:{cases}"), true)), "{statuses:?}");
    assert!(ready.contains(&(format!("s3:{documents}"), true)), "{statuses:?}");
    assert_eq!(ready.iter().filter(|(_, r)| !r).count(), 2, "missing table and bucket are not ready: {statuses:?}");
    assert!(statuses.iter().filter(|s| !s.ready).all(|s| s.detail.is_some()), "a component that is not ready says why");
}
