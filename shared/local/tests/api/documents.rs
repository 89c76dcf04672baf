use base64::Engine;
use serde_json::{Value, json};

use crate::harness::{App, case_body};

pub use mediclear_testkit::pdf::text_pdf as tiny_pdf;

const MENISCECTOMY_POLICY: &str = "Arthroscopic Meniscectomy - Medical Necessity Criteria

Arthroscopic meniscectomy is considered medically necessary when ALL of the following criteria are met:
1. Mechanical symptoms of the knee such as locking, catching or giving way.
2. MRI confirms a meniscal tear.
3. Failure of at least 4 weeks of conservative treatment, including physical therapy or NSAIDs.

Exclusions. Arthroscopic meniscectomy is not medically necessary when:
a. Advanced osteoarthritis is present in the same knee.
";

async fn upload_record(app: &App, token: &str, patient: &str, text: &str) -> Value {
    let reply = app.client.post("/api/v1/preauth/records", Some(token), &json!({"patient_id": patient, "file_name": "progress-note.txt", "content_type": "text/plain", "text": text})).await.unwrap();
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    let job = app.wait_for_job(token, reply.body["data"]["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    reply.body["data"].clone()
}

async fn upload_policy(app: &App, token: &str, codes: &[&str], text: &str) {
    let reply = app
        .client
        .post("/api/v1/preauth/policies", Some(token), &json!({"title": "Arthroscopic Meniscectomy", "procedure_codes": codes, "file_name": "meniscectomy.txt", "content_type": "text/plain", "text": text}))
        .await
        .unwrap();
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    assert!(reply.body["data"]["policy_id"].as_str().unwrap().starts_with("POL-"));
    let job = app.wait_for_job(token, reply.body["data"]["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
}

#[tokio::test]
async fn a_new_policy_and_new_notes_drive_the_recommendation() {
    let app = App::demo().await;
    let insurer = app.token("demo-insurer").await;
    let provider = app.token("demo-provider").await;
    upload_policy(&app, &insurer, &["29881"], MENISCECTOMY_POLICY).await;

    let meets = upload_record(
        &app,
        &provider,
        "PAT-M1",
        "Orthopedic follow-up. The patient reports intermittent locking and catching of the right knee. \
         MRI of the right knee demonstrates a complex tear of the posterior horn of the medial meniscus. \
         She completed 6 weeks of physical therapy and daily naproxen without improvement. \
         Radiographs show no advanced osteoarthritis.",
    )
    .await;
    let case = app.analysed_case(&provider, case_body("PAT-M1", "29881")).await;
    assert_eq!(case["status"], "APPROVED_READY", "{}", case["analysis"]);
    let record_id = meets["record_id"].as_str().unwrap();
    let cited: Vec<&str> = case["analysis"]["criteria"].as_array().unwrap().iter().flat_map(|c| c["source_chunk_ids"].as_array().unwrap()).filter_map(Value::as_str).collect();
    assert!(cited.iter().any(|id| id.starts_with(record_id)), "cites the uploaded record: {cited:?}");

    upload_record(&app, &provider, "PAT-M2", "Knee pain after a twisting injury last week. Physical therapy started 2 weeks ago.").await;
    let missing = app.analysed_case(&provider, case_body("PAT-M2", "29881")).await;
    assert_eq!(missing["status"], "MISSING_INFORMATION", "{}", missing["analysis"]);

    upload_record(
        &app,
        &provider,
        "PAT-M3",
        "The patient reports locking of the left knee. MRI confirms a meniscal tear. \
         Eight weeks of physical therapy and ibuprofen failed. Radiographs show advanced osteoarthritis of the left knee.",
    )
    .await;
    let denied = app.analysed_case(&provider, case_body("PAT-M3", "29881")).await;
    assert_eq!(denied["status"], "AI_DENIED", "{}", denied["analysis"]);
}

#[tokio::test]
async fn notes_filed_with_the_case_count_as_evidence() {
    let app = App::demo().await;
    let insurer = app.token("demo-insurer").await;
    let provider = app.token("demo-provider").await;
    upload_policy(&app, &insurer, &["29880"], MENISCECTOMY_POLICY).await;
    let case = app
        .analysed_case(
            &provider,
            json!({"patient_id": "PAT-NOTES", "procedure_code": "29880", "notes":
                "Mechanical symptoms: the knee locks and gives way. MRI confirms a meniscal tear. \
                 Failed 5 weeks of physical therapy and NSAIDs. No advanced osteoarthritis on radiographs."}),
        )
        .await;
    assert_eq!(case["status"], "APPROVED_READY", "{}", case["analysis"]);
    let case_id = case["case_id"].as_str().unwrap();
    assert!(case["analysis"]["criteria"].as_array().unwrap().iter().any(|c| c["source_chunk_ids"].as_array().unwrap().iter().any(|id| id == &json!(format!("{case_id}#notes")))));
}

#[tokio::test]
async fn a_providers_analysis_never_reads_another_providers_records() {
    let app = App::demo().await;
    let insurer = app.token("demo-insurer").await;
    upload_policy(&app, &insurer, &["29881"], MENISCECTOMY_POLICY).await;
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    upload_record(
        &app,
        &other,
        "PAT-SHARED",
        "Locking and catching of the knee. MRI confirms a meniscal tear. Failed 8 weeks of physical therapy. No advanced osteoarthritis.",
    )
    .await;
    let provider = app.token("demo-provider").await;
    let case = app.analysed_case(&provider, case_body("PAT-SHARED", "29881")).await;
    assert_eq!(case["status"], "MISSING_INFORMATION", "{}", case["analysis"]);
    let cited: Vec<Value> = case["analysis"]["criteria"].as_array().unwrap().iter().flat_map(|c| c["source_chunk_ids"].as_array().unwrap().clone()).collect();
    assert!(cited.is_empty(), "nothing of PRV-002's records is cited: {cited:?}");
}

#[tokio::test]
async fn records_arrive_as_text_pdf_or_multipart_and_get_indexed() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    upload_record(&app, &provider, "PAT-D1", "Plain text note.").await;

    let pdf = tiny_pdf(&["Progress note: the patient reports locking of the knee.", "MRI confirms a meniscal tear."]);
    let reply = app
        .client
        .post(
            "/api/v1/preauth/records",
            Some(&provider),
            &json!({"patient_id": "PAT-D1", "file_name": "note.pdf", "content_type": "application/pdf", "content_base64": base64::engine::general_purpose::STANDARD.encode(&pdf)}),
        )
        .await
        .unwrap();
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    assert_eq!(app.wait_for_job(&provider, reply.body["data"]["job_id"].as_str().unwrap()).await["status"], "INDEXED");

    let boundary = "mediclear-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"patient_id\"\r\n\r\nPAT-D1\r\n").as_bytes());
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
    body.extend_from_slice(&pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let reply = app.client.send(http::Method::POST, "/api/v1/preauth/records", Some(&provider), Some(&format!("multipart/form-data; boundary={boundary}")), body).await.unwrap();
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    assert_eq!(reply.body["data"]["file_name"], "scan.pdf");
    assert_eq!(app.wait_for_job(&provider, reply.body["data"]["job_id"].as_str().unwrap()).await["status"], "INDEXED");
}

#[tokio::test]
async fn bad_uploads_are_refused_at_the_edge_or_fail_their_job_with_a_reason() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let post = |body: Value| {
        let provider = provider.clone();
        let client = app.client.clone();
        async move { client.post("/api/v1/preauth/records", Some(&provider), &body).await.unwrap() }
    };
    let png = post(json!({"patient_id": "P1", "file_name": "x.png", "content_type": "image/png", "content_base64": "iVBORw0KGgo="})).await;
    assert_eq!(png.status.as_u16(), 415);
    let not_base64 = post(json!({"patient_id": "P1", "file_name": "x.pdf", "content_type": "application/pdf", "content_base64": "%%%"})).await;
    assert_eq!((not_base64.status.as_u16(), not_base64.body["error"]["code"].as_str()), (400, Some("INVALID_CONTENT_BASE64")));
    let not_pdf = post(json!({"patient_id": "P1", "file_name": "x.pdf", "content_type": "application/pdf", "content_base64": "aGVsbG8gd29ybGQ="})).await;
    assert_eq!(not_pdf.status.as_u16(), 400);
    let no_patient = post(json!({"file_name": "x.txt", "text": "hello"})).await;
    assert_eq!(no_patient.body["error"]["code"], "INVALID_PATIENT_ID");
    let path_name = post(json!({"patient_id": "P1", "file_name": "../../x.txt", "text": "hello"})).await;
    assert_eq!(path_name.body["error"]["code"], "INVALID_FILE_NAME");
    let huge = "A".repeat(9 * 1024 * 1024);
    let too_large = post(json!({"patient_id": "P1", "file_name": "x.pdf", "content_type": "application/pdf", "content_base64": huge})).await;
    assert_eq!(too_large.status.as_u16(), 413);

    let mut broken = tiny_pdf(&["text"]);
    broken.truncate(40);
    let reply = post(json!({"patient_id": "P1", "file_name": "broken.pdf", "content_type": "application/pdf", "content_base64": base64::engine::general_purpose::STANDARD.encode(&broken)})).await;
    assert_eq!(reply.status.as_u16(), 202);
    let job = app.wait_for_job(&provider, reply.body["data"]["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "FAILED");
    assert!(job["reason"].as_str().unwrap().to_lowercase().contains("pdf"), "{job}");
}

#[tokio::test]
async fn policies_are_validated_and_only_insurers_and_admins_upload_them() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let ok = app.client.post("/api/v1/preauth/policies", Some(&admin), &json!({"title": "T", "procedure_codes": ["J1745"], "file_name": "p.txt", "text": "1. Criterion one."})).await.unwrap();
    assert_eq!(ok.status.as_u16(), 202, "{}", ok.body);
    for (body, code) in [
        (json!({"procedure_codes": ["27447"], "file_name": "p.txt", "text": "x"}), "INVALID_TITLE"),
        (json!({"title": "T", "procedure_codes": [], "file_name": "p.txt", "text": "x"}), "INVALID_PROCEDURE_CODES"),
        (json!({"title": "T", "procedure_codes": ["ABC"], "file_name": "p.txt", "text": "x"}), "INVALID_PROCEDURE_CODES"),
    ] {
        let reply = app.client.post("/api/v1/preauth/policies", Some(&admin), &body).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{body}");
    }
    let provider = app.token("demo-provider").await;
    let denied = app.client.post("/api/v1/preauth/policies", Some(&provider), &json!({"title": "T", "procedure_codes": ["27447"], "file_name": "p.txt", "text": "x"})).await.unwrap();
    assert_eq!(denied.status.as_u16(), 403);
}

#[tokio::test]
async fn only_whoever_started_a_job_can_read_it() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let record = upload_record(&app, &provider, "PAT-J", "A note.").await;
    let path = format!("/api/v1/jobs/{}", record["job_id"].as_str().unwrap());
    for who in ["demo-insurer", "demo-admin", "demo-patient"] {
        let token = app.token(who).await;
        assert_eq!(app.client.get(&path, Some(&token)).await.unwrap().status.as_u16(), 404, "{who}");
    }
}
