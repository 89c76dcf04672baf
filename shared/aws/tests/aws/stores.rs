//! Every store adapter passes its port's conformance suite on moto.

use aws_config::SdkConfig;
use mediclear_aws::{
    AwsReadiness, DynamoAuditLog, DynamoCaseStore, DynamoChunkIndex, DynamoConnectionStore, DynamoIdempotencyStore, DynamoJobStore, S3BlobStore,
};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::health::ReadinessProbe;
use mediclear_testkit::{conformance, moto::moto, unique};

use crate::tables;

async fn table(config: &SdkConfig, variable: &str) -> String {
    tables::create(&aws_sdk_dynamodb::Client::new(config), variable).await
}

pub(crate) async fn bucket(config: &SdkConfig) -> String {
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

/// `PUT`s `body` to `url` with a plain HTTP client, as a browser would; the status.
async fn put_to(url: &str, body: Vec<u8>) -> u16 {
    use http_body_util::Full;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<Full<bytes::Bytes>>();
    let request = http::Request::put(url).body(Full::new(bytes::Bytes::from(body))).unwrap();
    client.request(request).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_presigned_put_stores_the_file() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let store = S3BlobStore::path_style(&config, bucket(&config).await);
    let key = format!("patients/PAT-101/{}/scan one.png", unique("HD"));
    let url = store.presign_put(&key, std::time::Duration::from_secs(300)).await.unwrap();
    assert!(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=300"), "{url}");
    assert_eq!(put_to(&url, b"\x89PNG\r\n\x1a\n scan".to_vec()).await, 200);
    assert_eq!(store.get(&key).await.unwrap().map(|b| b.bytes), Some(b"\x89PNG\r\n\x1a\n scan".to_vec()));
    // (moto does not check SigV4 signatures, so a tampered link cannot be refused here; the
    // signature itself is the SDK's.)
    assert!(url.contains("X-Amz-SignedHeaders=host"), "{url}");
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
    conformance::document_store(&store).await;
    conformance::refresh_store(&store).await;
}

#[tokio::test]
async fn insight_and_conversation_stores_conform() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let table = table(&config, "INSIGHTS_TABLE").await;
    conformance::insight_store(&mediclear_aws::insights::DynamoInsightStore::new(&config, table.clone())).await;
    conformance::conversation_store(&mediclear_aws::insights::DynamoConversationStore::new(&config, table)).await;
}

#[tokio::test]
async fn refreshes_are_sent_to_the_fifo_queue_grouped_by_patient_and_deduplicated() {
    use mediclear_ports::refreshes::{RefreshMessage, RefreshQueue};
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    let created = sqs
        .create_queue()
        .queue_name(format!("{}.fifo", unique("refreshes")))
        .attributes(aws_sdk_sqs::types::QueueAttributeName::FifoQueue, "true")
        .send()
        .await
        .unwrap();
    let url = created.queue_url().unwrap().to_string();
    let queue = mediclear_aws::SqsRefreshQueue::new(&config, &url);
    let patient = mediclear_domain::ids::PatientId::parse("PAT-101").unwrap();
    for version in [1, 2, 2] {
        queue.enqueue(&RefreshMessage { patient_id: patient.clone(), version }).await.unwrap();
    }
    let received = sqs
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .message_system_attribute_names(aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId)
        .send()
        .await
        .unwrap();
    let messages = received.messages();
    let bodies: Vec<RefreshMessage> = messages.iter().map(|m| serde_json::from_str(m.body().unwrap()).unwrap()).collect();
    assert_eq!(bodies.iter().map(|m| m.version).collect::<Vec<_>>(), vec![1, 2], "in order, the repeat dropped");
    let group = messages[0].attributes().and_then(|a| a.get(&aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId)).cloned();
    assert_eq!(group.as_deref(), Some("PAT-101"));
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
        patient_id: None,
        tier: None,
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

#[tokio::test]
async fn report_stores_and_the_kms_secret_box_conform() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let reports = mediclear_aws::reports::DynamoReportsTable::new(&config, table(&config, "REPORTS_TABLE").await);
    conformance::connection_catalog(&reports).await;
    conformance::report_log(&reports).await;
    let kms = aws_sdk_kms::Client::new(&config);
    let key = kms.create_key().description("mediclear secret box (test)").send().await.expect("create a KMS key on moto");
    let key_id = key.key_metadata.unwrap().key_id;
    conformance::secret_box(&mediclear_aws::reports::KmsSecretBox::new(&config, key_id)).await;
}

#[tokio::test]
async fn report_files_get_presigned_download_links() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let name = bucket(&config).await;
    let store = S3BlobStore::new(&config, &name);
    store.put("reports/RPT-1.csv", b"a,b\n1,2\n".to_vec(), "text/csv").await.unwrap();
    let link = store.presign_get("reports/RPT-1.csv", "mediclear-report-RPT-1.csv", std::time::Duration::from_secs(300)).await.unwrap();
    assert!(link.contains("X-Amz-Expires=300") && link.contains("response-content-disposition"), "{link}");
}
