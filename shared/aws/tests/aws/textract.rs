//! Textract text detection on the wire stub: the OCR conformance suites (the stub scripted with
//! the lines the offline engine reads from its generated scans), what the adapter sends, result
//! pagination and reading order, and how Textract's errors map.

use base64::Engine as _;
use mediclear_aws::TextractOcr;
use mediclear_ports::PortError;
use mediclear_ports::ocr::{OcrEngine, OcrJobId, OcrJobs, OcrProgress, Scan, StoredDocument};
use mediclear_testkit::conformance::ocr::scans::{self, LAB_REPORT};
use mediclear_testkit::conformance::ocr::{ScriptedTextract, character_error_rate, ocr_engine, ocr_jobs, until_done};
use mediclear_testkit::wire::{Operation, Scripted, WireStub, textract_blocks};
use serde_json::{Value, json};

const BUCKET: &str = "mediclear-documents-test";

async fn textract(stub: &WireStub) -> TextractOcr {
    TextractOcr::new(&stub.sdk_config().await, BUCKET)
}

fn document(key: &str) -> StoredDocument {
    StoredDocument { key: key.into(), version: Some("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY".into()) }
}

#[tokio::test]
async fn ocr_engine_conformance() {
    let stub = WireStub::start().await;
    ocr_engine(&textract(&stub).await, &ScriptedTextract { stub: &stub }).await;
}

#[tokio::test]
async fn ocr_jobs_conformance() {
    let stub = WireStub::start().await;
    ocr_jobs(&textract(&stub).await, &ScriptedTextract { stub: &stub }).await;
}

#[tokio::test]
async fn detect_document_text_sends_the_bytes_and_reads_lines_words_and_confidence() {
    let stub = WireStub::start().await;
    stub.script(Operation::DetectDocumentText, Scripted::textract_lines(&["Glucose, fasting 5.8 mmol/L", "HbA1c 41 mmol/mol"]));
    let png = scans::placeholder_png();
    let text = textract(&stub).await.recognise(&Scan::parse(png.clone()).unwrap()).await.unwrap();
    assert_eq!(text.engine, "textract 1.0");
    assert_eq!(text.pages.len(), 1);
    assert_eq!(text.pages[0].text, "Glucose, fasting 5.8 mmol/L\nHbA1c 41 mmol/mol");
    // Word confidences 99.0 + ((line + word) % 9) / 10: line 0 → 99.0..99.3, line 1 → 99.1..99.3.
    let expected = [99.0, 99.1, 99.2, 99.3, 99.1, 99.2, 99.3].iter().sum::<f64>() / 7.0;
    assert!((f64::from(text.pages[0].confidence.unwrap()) - expected).abs() < 1e-3, "{:?}", text.pages[0].confidence);

    let sent = stub.requests_for(Operation::DetectDocumentText);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-amz-target"), Some("Textract.DetectDocumentText"));
    assert_eq!(sent[0].header("content-type"), Some("application/x-amz-json-1.1"));
    let bytes = sent[0].json()["Document"]["Bytes"].as_str().map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap());
    assert_eq!(bytes, Some(png), "the scan's bytes, base64 in the JSON body");
}

#[tokio::test]
async fn a_job_starts_on_the_s3_object_with_a_stable_token_and_reads_every_result_page() {
    let stub = WireStub::start().await;
    let ocr = textract(&stub).await;
    stub.script(Operation::StartDocumentTextDetection, Scripted::textract_job_started("a1b2c3"));
    let job = ocr.start(&document("patients/PAT-001/DOC-9/v1.pdf")).await.unwrap();
    assert_eq!(job, OcrJobId("a1b2c3".into()));
    ocr.start(&document("patients/PAT-001/DOC-9/v1.pdf")).await.unwrap();
    ocr.start(&StoredDocument { version: None, ..document("patients/PAT-001/DOC-9/v1.pdf") }).await.unwrap();
    let starts: Vec<Value> = stub.requests_for(Operation::StartDocumentTextDetection).iter().map(|r| r.json()).collect();
    assert_eq!(
        starts[0]["DocumentLocation"],
        json!({"S3Object": {"Bucket": BUCKET, "Name": "patients/PAT-001/DOC-9/v1.pdf", "Version": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}})
    );
    let token = starts[0]["ClientRequestToken"].as_str().unwrap();
    assert!(token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert_eq!(starts[1]["ClientRequestToken"], starts[0]["ClientRequestToken"], "a retried start is the same request");
    assert_ne!(starts[2]["ClientRequestToken"], starts[0]["ClientRequestToken"], "another version is another job");

    // Three pages of text over three result pages, split mid-page; page 2 is blank.
    let blocks = textract_blocks(&[&["Dear Dr. Okafor,", "Thank you for referring Ms. Sample"], &[], &["Yours sincerely,"]]);
    stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_in_progress());
    stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_succeeded(3, &blocks[..4], Some("token-2")));
    stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_succeeded(3, &blocks[4..9], Some("token-3")));
    stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_succeeded(3, &blocks[9..], None));
    assert_eq!(ocr.poll(&job).await, Ok(OcrProgress::InProgress));
    let text = until_done(&ocr, &job).await.unwrap();
    let pages: Vec<(u32, &str)> = text.pages.iter().map(|p| (p.number, p.text.as_str())).collect();
    assert_eq!(pages, [(1, "Dear Dr. Okafor,\nThank you for referring Ms. Sample"), (2, ""), (3, "Yours sincerely,")]);
    assert_eq!(text.pages[1].confidence, None);

    let gets: Vec<Value> = stub.requests_for(Operation::GetDocumentTextDetection).iter().map(|r| r.json()).collect();
    assert_eq!(gets.len(), 4);
    assert!(gets.iter().all(|g| g["JobId"] == "a1b2c3" && g["MaxResults"] == 1000), "{gets:?}");
    let tokens: Vec<&Value> = gets.iter().map(|g| &g["NextToken"]).collect();
    assert_eq!(tokens, [&Value::Null, &Value::Null, &json!("token-2"), &json!("token-3")]);
}

#[tokio::test]
async fn lines_are_read_in_the_order_the_page_block_lists_them() {
    let stub = WireStub::start().await;
    let mut blocks = textract_blocks(&[&["first", "second", "third"]]);
    // Blocks arrive LINE third, LINE second, …; the PAGE block still lists first, second, third.
    let page = blocks.remove(0);
    blocks.reverse();
    blocks.insert(0, page);
    let body = json!({"DocumentMetadata": {"Pages": 1}, "Blocks": blocks, "DetectDocumentTextModelVersion": "1.0"});
    stub.script(Operation::DetectDocumentText, Scripted::json_1_1(body));
    let text = textract(&stub).await.recognise(&Scan::parse(scans::placeholder_png()).unwrap()).await.unwrap();
    assert_eq!(text.pages[0].text, "first\nsecond\nthird");
}

#[tokio::test]
async fn textract_errors_map_to_port_errors_without_textracts_message() {
    let stub = WireStub::start().await;
    let ocr = textract(&stub).await;
    let scan = Scan::parse(scans::placeholder_png()).unwrap();
    let secret = "document text: Alex Sample";
    let cases = [
        (400, "ProvisionedThroughputExceededException", "Unavailable"),
        (400, "ThrottlingException", "Unavailable"),
        (500, "InternalServerError", "Unavailable"),
        (400, "BadDocumentException", "Rejected"),
        (400, "UnsupportedDocumentException", "Rejected"),
        (400, "DocumentTooLargeException", "Rejected"),
        (400, "AccessDeniedException", "Internal"),
    ];
    for (status, code, kind) in cases {
        stub.script(Operation::DetectDocumentText, Scripted::json_1_1_error(status, code, secret));
        let error = ocr.recognise(&scan).await.unwrap_err();
        let got = match &error {
            PortError::Unavailable(_) => "Unavailable",
            PortError::Rejected(_) => "Rejected",
            PortError::Internal(_) => "Internal",
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(got, kind, "{code}: {error:?}");
        assert!(!error.to_string().contains("Alex Sample"), "{code}: Textract's message stays out: {error}");
    }

    stub.script(Operation::StartDocumentTextDetection, Scripted::json_1_1_error(400, "InvalidS3ObjectException", secret));
    assert_eq!(ocr.start(&document("patients/PAT-001/missing.pdf")).await, Err(PortError::NotFound));
    stub.script(Operation::StartDocumentTextDetection, Scripted::json_1_1_error(400, "IdempotentParameterMismatchException", secret));
    assert!(matches!(ocr.start(&document("patients/PAT-001/a.pdf")).await, Err(PortError::Conflict(_))));
    stub.script(Operation::GetDocumentTextDetection, Scripted::textract_job_failed("INTERNAL_ERROR: document text: Alex Sample"));
    match ocr.poll(&OcrJobId("j".into())).await {
        Err(PortError::Rejected(reason)) => assert!(!reason.contains("Alex"), "{reason}"),
        other => panic!("a failed job is Rejected: {other:?}"),
    }
}

#[tokio::test]
async fn a_file_beyond_textracts_synchronous_limit_is_refused_without_a_call() {
    let stub = WireStub::start().await;
    let mut big = scans::placeholder_png();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let outcome = textract(&stub).await.recognise(&Scan::parse(big).unwrap()).await;
    assert!(matches!(outcome, Err(PortError::Rejected(_))), "{outcome:?}");
    assert!(stub.requests_for(Operation::DetectDocumentText).is_empty());
}

#[tokio::test]
async fn the_reference_page_round_trips_through_the_stub() {
    // The lines the offline engine is measured against are what the stub answers: one reference.
    let stub = WireStub::start().await;
    stub.script(Operation::DetectDocumentText, Scripted::textract_lines(&LAB_REPORT.lines()));
    let text = textract(&stub).await.recognise(&Scan::parse(scans::placeholder_png()).unwrap()).await.unwrap();
    // Textract's LINE text has one space between words; the table's column gaps collapse.
    assert_eq!(text.pages[0].text.lines().count(), LAB_REPORT.lines().len());
    assert_eq!(character_error_rate(&LAB_REPORT.text(), &text.pages[0].text), 0.0);
}

mod credentials {
    use mediclear_aws::TextractCredentialReader;
    use mediclear_ports::PortError;
    use mediclear_ports::credentials::CredentialReader;
    use mediclear_testkit::conformance::ocr::scans;
    use mediclear_testkit::wire::{Operation, Scripted, WireStub};

    #[tokio::test]
    async fn analyze_document_asks_each_documents_questions_and_reads_the_answers() {
        let stub = WireStub::start().await;
        stub.script(
            Operation::AnalyzeDocument,
            Scripted::textract_query_answers(
                &["JOHNS HOPKINS UNIVERSITY", "SCHOOL OF MEDICINE", "Doctor of Medicine", "Priya Raman"],
                &[("universityName", "Johns Hopkins University School of Medicine", 96.5), ("doctorName", "Priya Raman", 98.0), ("degreeName", "", 0.0)],
            ),
        );
        stub.script(
            Operation::AnalyzeDocument,
            Scripted::textract_query_answers(
                &["STATE BOARD OF MEDICINE", "License No. MD-0488213"],
                &[("licenseNumber", "MD-0488213", 94.0), ("issueDate", "March 4, 2016", 91.0), ("doctorName", "Pr1ya", 22.0)],
            ),
        );
        let reader = TextractCredentialReader::new(&stub.sdk_config().await);
        let png = scans::placeholder_png();
        let credentials = reader.read(&png, &png).await.unwrap();
        assert_eq!(credentials.university_name.as_deref(), Some("Johns Hopkins University School of Medicine"));
        assert_eq!(credentials.doctor_name.as_deref(), Some("Priya Raman"), "the licence's unsure answer gives way to the degree's");
        assert_eq!(credentials.degree_name.as_deref(), Some("Doctor of Medicine"), "read from the lines where the query had no answer");
        assert_eq!(credentials.license_number.as_deref(), Some("MD-0488213"));
        assert_eq!(credentials.issue_date.as_deref(), Some("2016-03-04"));

        let sent = stub.requests_for(Operation::AnalyzeDocument);
        assert_eq!(sent.len(), 2, "one call per document");
        for request in &sent {
            let body = request.json();
            assert_eq!(body["FeatureTypes"], serde_json::json!(["QUERIES"]));
            assert!(body["Document"]["Bytes"].is_string(), "the bytes travel in the call: {body}");
        }
        let aliases = |i: usize| -> Vec<String> {
            sent[i].json()["QueriesConfig"]["Queries"].as_array().unwrap().iter().map(|q| q["Alias"].as_str().unwrap().to_string()).collect()
        };
        assert!(aliases(0).contains(&"degreeName".to_string()), "{:?}", aliases(0));
        assert!(aliases(1).contains(&"licenseNumber".to_string()), "{:?}", aliases(1));
    }

    #[tokio::test]
    async fn an_unreadable_document_leaves_its_fields_for_the_reviewer_and_an_outage_is_unavailable() {
        let stub = WireStub::start().await;
        stub.script(Operation::AnalyzeDocument, Scripted::json_1_1_error(400, "UnsupportedDocumentException", "Request has unsupported document format"));
        stub.script(Operation::AnalyzeDocument, Scripted::textract_query_answers(&[], &[("licenseNumber", "A-77120", 90.0)]));
        let reader = TextractCredentialReader::new(&stub.sdk_config().await);
        let png = scans::placeholder_png();
        let credentials = reader.read(&png, &png).await.unwrap();
        assert_eq!(credentials.license_number.as_deref(), Some("A-77120"));
        assert_eq!(credentials.unread(), vec!["universityName", "doctorName", "degreeName", "issueDate"]);

        for _ in 0..8 {
            stub.script(Operation::AnalyzeDocument, Scripted::json_1_1_error(400, "ThrottlingException", "Rate exceeded"));
        }
        assert!(matches!(reader.read(&png, &png).await, Err(PortError::Unavailable(_))));
    }
}
