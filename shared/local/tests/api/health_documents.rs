//! Health documents through the API and the document pipeline (run from the same ASL file by the
//! offline runtime): upload by the patient or an assigned doctor, the three tiers, the manual
//! review queue and transcriptions, what each caller may see, and refused uploads.

use base64::Engine as _;
use http::Method;
use serde_json::{Value, json};

use mediclear_ports::blobs::BlobStore;
use mediclear_testkit::conformance::ocr::scans::{self, LAB_REPORT, Variant};

use crate::documents::tiny_pdf;
use crate::harness::{App, PASSWORD};

const NOTE: &str = "Consultation note - 2025-03-14
Breast clinic follow-up.
Family history: mother diagnosed with breast cancer at 46; maternal aunt with ovarian cancer.
Examination: no palpable mass in either breast, no nipple discharge.
Mammogram 2025-02-20: heterogeneously dense breast tissue (BI-RADS density C), BI-RADS 2 benign.
Plan: annual screening; discuss genetic counselling.";

/// A patient with a login, and a verified doctor assigned to them; their ids and tokens.
pub(crate) struct People {
    pub patient: String,
    pub patient_token: String,
    pub doctor_token: String,
    pub doctor_id: String,
}

pub(crate) async fn people(app: &App, name: &str) -> People {
    let body = json!({"demographics": {"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female"},
                      "username": format!("{name}-patient"), "password": PASSWORD});
    let reply = app.client.post("/api/v1/patients/onboard", None, &body).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let patient = reply.body["data"]["patient_id"].as_str().unwrap().to_string();
    let patient_token = app.client.token(&format!("{name}-patient"), PASSWORD).await.unwrap();
    let record = mediclear_testkit::conformance::doctors::doctor(1);
    mediclear_ports::doctors::DoctorStore::create(app.system.as_ref().unwrap().deps.doctors.as_ref(), &record).await.unwrap();
    let doctor_token = app.user(&format!("{name}-doctor"), "doctor", json!({"doctor_id": record.doctor_id})).await;
    let admin = app.token("demo-admin").await;
    let verify = app.client.post(&format!("/api/v1/doctors/{}/verification", record.doctor_id), Some(&admin), &json!({"status": "VERIFIED"})).await.unwrap();
    assert_eq!(verify.status, 200);
    let assign = app.client.post(&format!("/api/v1/doctors/{}/patients", record.doctor_id), Some(&admin), &json!({"patient_id": patient})).await.unwrap();
    assert_eq!(assign.status, 201, "{}", assign.body);
    People { patient, patient_token, doctor_token, doctor_id: record.doctor_id.to_string() }
}

pub(crate) fn upload_body(patient: &str, document_type: &str, file_name: &str, bytes: &[u8]) -> Value {
    json!({"patient_id": patient, "document_type": document_type, "document_date": "2025-03-14", "file_name": file_name,
           "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes)})
}

/// Uploads, waits for the job to settle, and returns the job and the document as its reader sees it.
pub(crate) async fn processed(app: &App, token: &str, body: &Value) -> (Value, Value) {
    let reply = app.client.post("/api/v1/documents/upload", Some(token), body).await.unwrap();
    assert_eq!(reply.status, 202, "{}", reply.body);
    let job_id = reply.body["data"]["job_id"].as_str().unwrap().to_string();
    let document_id = reply.body["data"]["document_id"].as_str().unwrap().to_string();
    assert_eq!(reply.body["data"]["status_url"], format!("/api/v1/jobs/{job_id}"));
    let job = app.wait_for_job(token, &job_id).await;
    let document = app.client.get(&format!("/api/v1/documents/{document_id}"), Some(token)).await.unwrap();
    assert_eq!(document.status, 200, "{}", document.body);
    (job, document.body["data"].clone())
}

#[tokio::test]
async fn a_text_note_goes_through_the_three_tiers_and_its_markers_are_tagged() {
    let app = App::demo().await;
    let p = people(&app, "tiers").await;
    let (job, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "consultation_note", "note.txt", NOTE.as_bytes())).await;
    assert_eq!((job["status"].as_str(), job["tier"].as_str()), (Some("INDEXED"), Some("index")), "{job}");
    assert_eq!(document["status"], "INDEXED");
    assert_eq!(document["tiers_done"], json!(["extract", "enrich", "index"]));
    assert_eq!(document["content_type"], "text/plain");
    assert_eq!(document["extraction"]["method"], "plain_text");
    assert!(document["text"].as_str().unwrap().contains("no palpable mass"));
    assert_eq!(document["enrichment"]["vision"], "no_images");
    let markers: Vec<&str> = document["enrichment"]["tags"]["markers"].as_array().unwrap().iter().filter_map(|m| m["marker"].as_str()).collect();
    assert!(markers.contains(&"risk:family_history"), "{markers:?}");
    assert!(markers.contains(&"risk:breast_density"), "{markers:?}");
    assert!(document["chunk_count"].as_u64().unwrap() >= 1);

    // The patient's list shows it; the patient follows the job the doctor started, too.
    let upload = app.client.post("/api/v1/documents/upload", Some(&p.doctor_token), &upload_body(&p.patient, "lab_report", "lab.pdf", &tiny_pdf(&["HbA1c 41 mmol/mol", "LDL cholesterol 3.1 mmol/L", "Collected 2025-03-10"]))).await.unwrap();
    assert_eq!(upload.status, 202, "{}", upload.body);
    let job_id = upload.body["data"]["job_id"].as_str().unwrap();
    assert_eq!(app.wait_for_job(&p.patient_token, job_id).await["status"], "INDEXED", "the patient may follow a job about them");
    let list = app.client.get(&format!("/api/v1/patients/{}/documents", p.patient), Some(&p.doctor_token)).await.unwrap();
    assert_eq!(list.status, 200, "{}", list.body);
    let listed = list.body["data"]["documents"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["document_type"], "lab_report", "newest first");
    assert!(listed[0].get("text").is_none(), "the list carries no clinical text");
}

#[tokio::test]
async fn scans_are_read_by_ocr_and_vision_is_skipped_offline_saying_so() {
    if !scans::ocr_tools_or_skip("scans_are_read_by_ocr_and_vision_is_skipped_offline_saying_so") {
        return;
    }
    let app = App::demo().await;
    let p = people(&app, "scans").await;
    let png = scans::render(&LAB_REPORT, Variant::Rotated(1.5));
    let (job, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "lab_report", "phone photo.png", &png)).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    assert_eq!(document["extraction"]["method"], "ocr");
    assert!(document["text"].as_str().unwrap().contains("HbA1c"), "{}", document["text"]);
    assert_eq!(document["enrichment"]["vision"], "skipped_offline");
    assert_eq!(document["enrichment"]["vision_note"], "vision: skipped (offline)");
    assert_eq!(document["enrichment"]["images"], json!([]), "never an invented description");

    // A scanned PDF (no text layer) goes through the OCR job and the state machine's Wait loop.
    let jpeg = scans::render(&LAB_REPORT, Variant::Jpeg(80));
    let pdf = scans::image_only_pdf(&[jpeg], 300);
    let (job, document) = processed(&app, &p.doctor_token, &upload_body(&p.patient, "lab_report", "scan.pdf", &pdf)).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    assert_eq!(document["extraction"]["method"], "ocr");
    assert!(document["text"].as_str().unwrap().contains("Glucose"));
}

#[tokio::test]
async fn a_page_without_text_waits_for_review_and_a_transcription_finishes_it() {
    if !scans::ocr_tools_or_skip("a_page_without_text_waits_for_review_and_a_transcription_finishes_it") {
        return;
    }
    let app = App::demo().await;
    let p = people(&app, "review").await;
    let (job, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "specialist_letter", "blank.png", &scans::blank_page())).await;
    assert_eq!(job["status"], "NEEDS_REVIEW", "{job}");
    assert!(job["reason"].as_str().unwrap().contains("transcribe"), "{job}");
    let document_id = document["document_id"].as_str().unwrap().to_string();

    let admin = app.token("demo-admin").await;
    let queue = app.client.get("/api/v1/review/documents", Some(&admin)).await.unwrap();
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert!(queue.body["data"]["documents"].as_array().unwrap().iter().any(|d| d["document_id"] == document_id.as_str()));
    assert_eq!(app.client.get("/api/v1/review/documents", Some(&p.patient_token)).await.unwrap().status, 403);
    assert_eq!(app.client.get(&format!("/api/v1/documents/{document_id}"), Some(&admin)).await.unwrap().status, 403, "admins read no clinical content");

    let path = format!("/api/v1/documents/{document_id}/transcription");
    assert_eq!(app.client.post(&path, Some(&p.patient_token), &json!({"text": "x"})).await.unwrap().status, 403);
    assert_eq!(app.client.post(&path, Some(&admin), &json!({"text": "  "})).await.unwrap().body["error"]["code"], "INVALID_TEXT");
    let text = "Cardiology letter 2025-01-09. Mother had breast cancer at 50. TSH 2.1 mU/L.";
    let posted = app.client.post(&path, Some(&admin), &json!({"text": text})).await.unwrap();
    assert_eq!(posted.status, 202, "{}", posted.body);
    // The admin who posted it follows the job its status_url names; the patient and her doctor
    // too; another patient does not.
    let status_url = posted.body["data"]["status_url"].as_str().unwrap().to_string();
    let job = app.wait_for_job(&admin, status_url.trim_start_matches("/api/v1/jobs/")).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    assert_eq!(app.client.get(&status_url, Some(&p.patient_token)).await.unwrap().status, 200);
    assert_eq!(app.client.get(&status_url, Some(&p.doctor_token)).await.unwrap().status, 200);
    let other = json!({"demographics": {"given_name": "Bea", "family_name": "Lo", "date_of_birth": "1980-01-02", "sex": "female"},
                       "username": "review-other-patient", "password": PASSWORD});
    assert_eq!(app.client.post("/api/v1/patients/onboard", None, &other).await.unwrap().status, 201);
    let other_token = app.client.token("review-other-patient", PASSWORD).await.unwrap();
    assert_eq!(app.client.get(&status_url, Some(&other_token)).await.unwrap().status, 404, "another patient");
    assert_eq!(app.client.get(&status_url, Some(&app.token("demo-doctor").await)).await.unwrap().status, 404, "a doctor not assigned to her");
    let read = app.client.get(&format!("/api/v1/documents/{document_id}"), Some(&p.patient_token)).await.unwrap();
    assert_eq!(read.body["data"]["extraction"]["method"], "transcription");
    assert_eq!(read.body["data"]["text"], text);
    let queue = app.client.get("/api/v1/review/documents", Some(&admin)).await.unwrap();
    assert!(!queue.body["data"]["documents"].as_array().unwrap().iter().any(|d| d["document_id"] == document_id.as_str()), "it left the queue");
    let again = app.client.post(&path, Some(&admin), &json!({"text": text})).await.unwrap();
    assert_eq!(again.body["error"]["code"], "NOT_AWAITING_REVIEW");
}

#[tokio::test]
async fn the_bytes_decide_the_type_and_bad_files_are_refused_with_words_a_patient_understands() {
    let app = App::demo().await;
    let p = people(&app, "bad").await;
    let cases: [(&[u8], u16, &str); 5] = [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"PK\x03\x04\x14\x00 a word document", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"", 400, "INVALID_FILE"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", 400, "INVALID_FILE"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 400, "INVALID_FILE"),
    ];
    for (bytes, status, code) in cases {
        let reply = app.client.post("/api/v1/documents/upload", Some(&p.patient_token), &upload_body(&p.patient, "lab_report", "report.pdf", bytes)).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (status, Some(code)), "{}", reply.body);
        if status == 400 {
            assert!(reply.body["error"]["message"].as_str().unwrap().contains("re-upload"), "{}", reply.body);
        }
    }
    // Over the limit.
    let big = vec![b'a'; mediclear_handlers::documents::MAX_DOCUMENT_BYTES + 1];
    let reply = app.client.post("/api/v1/documents/upload", Some(&p.patient_token), &upload_body(&p.patient, "lab_report", "big.txt", &big)).await.unwrap();
    assert_eq!(reply.status, 413, "{}", reply.body);
    // Fields are named, all at once.
    let reply = app.client.post("/api/v1/documents/upload", Some(&p.patient_token), &json!({"patient_id": p.patient, "document_type": "x-ray", "document_date": "2999-01-01", "file_name": "a.txt", "content_base64": "aGk="})).await.unwrap();
    let text = reply.body.to_string();
    assert!(reply.status == 400 && text.contains("INVALID_DOCUMENT_TYPE") && text.contains("INVALID_DOCUMENT_DATE"), "{text}");
    // Nothing was stored for the refused uploads.
    let list = app.client.get(&format!("/api/v1/patients/{}/documents", p.patient), Some(&p.patient_token)).await.unwrap();
    assert_eq!(list.body["data"]["documents"], json!([]));
}

#[tokio::test]
async fn pictures_lose_their_exif_before_storage_and_multipart_works() {
    let app = App::demo().await;
    let p = people(&app, "exif").await;
    // A JPEG with an EXIF block naming a place and a phone.
    let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    let exif = b"Exif\x00\x00GPS 51.5072N 0.1276W Pixel 8 Pro";
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(exif);
    jpeg.extend_from_slice(b"\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x12\x34\xFF\xD9");
    let boundary = "doc-boundary";
    let mut body = Vec::new();
    for (name, value) in [("patient_id", p.patient.as_str()), ("document_type", "imaging_report")] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
    body.extend_from_slice(&jpeg);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let reply = app.client.send(Method::POST, "/api/v1/documents/upload", Some(&p.patient_token), Some(&format!("multipart/form-data; boundary={boundary}")), body).await.unwrap();
    assert_eq!(reply.status, 202, "{}", reply.body);
    assert_eq!(reply.body["data"]["document"]["content_type"], "image/jpeg", "the bytes, not the part's header or name");
    let document_id = reply.body["data"]["document_id"].as_str().unwrap();
    let deps = &app.system.as_ref().unwrap().deps;
    let stored = mediclear_ports::documents::DocumentStore::get(deps.documents.as_ref(), &mediclear_domain::ids::DocumentId::parse(document_id).unwrap()).await.unwrap().unwrap();
    let blob = deps.blobs.get(&stored.key).await.unwrap().unwrap();
    assert!(!blob.bytes.windows(4).any(|w| w == b"Exif") && !blob.bytes.windows(3).any(|w| w == b"GPS"), "EXIF is gone");
    assert!(blob.bytes.starts_with(b"\xFF\xD8\xFF"));
}

#[tokio::test]
async fn only_the_patient_and_assigned_verified_doctors_reach_documents() {
    let app = App::demo().await;
    let p = people(&app, "reach").await;
    let other = people(&app, "reach-other").await;
    let (_, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "consultation_note", "n.txt", NOTE.as_bytes())).await;
    let document_id = document["document_id"].as_str().unwrap();
    let read = |token: String| {
        let client = app.client.clone();
        let path = format!("/api/v1/documents/{document_id}");
        async move { client.get(&path, Some(&token)).await.unwrap().status.as_u16() }
    };
    assert_eq!(read(p.doctor_token.clone()).await, 200);
    assert_eq!(read(other.patient_token.clone()).await, 404, "another patient");
    assert_eq!(read(other.doctor_token.clone()).await, 404, "a doctor not assigned");
    assert_eq!(read(app.token("demo-doctor").await).await, 404, "a doctor not verified");
    assert_eq!(read(app.token("demo-provider").await).await, 403);
    let upload = app.client.post("/api/v1/documents/upload", Some(&other.doctor_token), &upload_body(&p.patient, "consultation_note", "n.txt", b"note")).await.unwrap();
    assert_eq!(upload.status, 404, "uploading for a patient one may not reach");
    let list = app.client.get(&format!("/api/v1/patients/{}/documents", p.patient), Some(&other.patient_token)).await.unwrap();
    assert_eq!(list.status, 404);
}

#[tokio::test]
async fn a_redelivered_storage_event_starts_nothing_new() {
    let app = App::demo().await;
    let p = people(&app, "redeliver").await;
    let (_, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "consultation_note", "n.txt", NOTE.as_bytes())).await;
    let key = format!("patients/{}/{}/n.txt", p.patient, document["document_id"].as_str().unwrap());
    // The event the upload raised, delivered again (the fixture with this object's key and ETag).
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/s3-document-uploaded.json");
    let mut event: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    event["Records"][0]["s3"]["object"]["key"] = json!(key);
    event["Records"][0]["s3"]["object"]["eTag"] = json!(mediclear_local_adapters::blobs::etag(NOTE.as_bytes()));
    let registry = &app.system.as_ref().unwrap().registry;
    let before = app.client.get(&format!("/api/v1/documents/{}", document["document_id"].as_str().unwrap()), Some(&p.patient_token)).await.unwrap();
    registry.invoke("DocumentPipelineStartFunction", event.clone()).await.unwrap();
    registry.invoke("DocumentPipelineStartFunction", event).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let after = app.client.get(&format!("/api/v1/documents/{}", document["document_id"].as_str().unwrap()), Some(&p.patient_token)).await.unwrap();
    assert_eq!(before.body["data"]["updated_at"], after.body["data"]["updated_at"], "the document was not processed again");
    assert_eq!(after.body["data"]["status"], "INDEXED");
}

#[tokio::test]
async fn the_demo_patients_documents_are_processed_and_their_doctor_reaches_them() {
    let ocr = scans::ocr_tools_or_skip("the_demo_patients_documents_are_processed_and_their_doctor_reaches_them (scans)");
    let app = App::health_demo().await;
    let oncologist = app.token("demo-oncologist").await;
    for (patient, login) in [("PAT-101", "demo-patient-101"), ("PAT-102", "demo-patient-102"), ("PAT-103", "demo-patient-103")] {
        let own = app.token(login).await;
        let list = app.client.get(&format!("/api/v1/patients/{patient}/documents"), Some(&own)).await.unwrap();
        assert_eq!(list.status, 200, "{}", list.body);
        let documents = list.body["data"]["documents"].as_array().unwrap().clone();
        assert_eq!(documents.len(), 4, "{patient}: a note, a lab report, a scan, a mammography report");
        for document in &documents {
            let expected = if !ocr && document["content_type"] == "image/png" { "NEEDS_REVIEW" } else { "INDEXED" };
            assert_eq!(document["status"], expected, "{patient} {}: {}", document["file_name"], document["reason"]);
        }
        let doctor_view = app.client.get(&format!("/api/v1/patients/{patient}/documents"), Some(&oncologist)).await.unwrap();
        assert_eq!(doctor_view.status, 200, "the assigned, verified doctor reaches {patient}");
        let pdf = documents.iter().find(|d| d["content_type"] == "application/pdf").unwrap();
        let read = app.client.get(&format!("/api/v1/documents/{}", pdf["document_id"].as_str().unwrap()), Some(&oncologist)).await.unwrap();
        assert_eq!(read.body["data"]["extraction"]["method"], "pdf_text_layer");
        assert!(!read.body["data"]["enrichment"]["tags"]["tests"].as_array().unwrap().is_empty(), "the lab report's tests are tagged");
    }
    // The demo doctor's credential documents open from the record the admin reviews.
    let admin = app.token("demo-admin").await;
    let doctor = app.client.get("/api/v1/doctors/DOC-101", Some(&admin)).await.unwrap();
    for document in doctor.body["data"]["credential_documents"].as_array().expect("credential documents") {
        let (status, bytes) = app.download(document["download_url"].as_str().unwrap()).await;
        assert_eq!((status, bytes.starts_with(b"%PDF-")), (200, true), "the demo doctor's {} opens", document["kind"]);
    }
    // PAT-101's file carries her family history and dense breasts.
    let own = app.token("demo-patient-101").await;
    let list = app.client.get("/api/v1/patients/PAT-101/documents", Some(&own)).await.unwrap();
    let mut markers = Vec::new();
    for document in list.body["data"]["documents"].as_array().unwrap() {
        let read = app.client.get(&format!("/api/v1/documents/{}", document["document_id"].as_str().unwrap()), Some(&own)).await.unwrap();
        for marker in read.body["data"]["enrichment"]["tags"]["markers"].as_array().into_iter().flatten() {
            markers.push(marker["marker"].as_str().unwrap().to_string());
        }
    }
    assert!(markers.iter().any(|m| m == "risk:family_history") && markers.iter().any(|m| m == "risk:breast_density"), "{markers:?}");
}

/// `PUT`s `body` to an upload link, as a browser would; the status.
async fn put_to(url: &str, body: Vec<u8>) -> u16 {
    use http_body_util::Full;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<Full<axum::body::Bytes>>();
    let request = http::Request::put(url).header("content-type", "application/octet-stream").body(Full::new(axum::body::Bytes::from(body))).unwrap();
    client.request(request).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_large_file_arrives_through_an_upload_link_and_is_processed() {
    let app = App::demo().await;
    let p = people(&app, "link").await;
    let reply = app.client.post("/api/v1/documents/upload-url", Some(&p.patient_token), &json!({"patient_id": p.patient, "document_type": "lab_report", "file_name": "long report.pdf"})).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let data = &reply.body["data"];
    let url = data["upload_url"].as_str().unwrap().to_string();
    let document_id = data["document_id"].as_str().unwrap();
    let listed = app.client.get(&format!("/api/v1/patients/{}/documents", p.patient), Some(&p.patient_token)).await.unwrap();
    assert_eq!(listed.body["data"]["documents"][0]["status"], "AWAITING_UPLOAD");

    // A link for another file, or an altered one, stores nothing.
    assert_eq!(put_to(&url.replace("long%20report.pdf", "other.pdf"), b"x".to_vec()).await, 403);
    assert_eq!(put_to(&url.replace("signature=", "signature=0"), b"x".to_vec()).await, 403);

    let pdf = tiny_pdf(&["Comprehensive metabolic panel 2025-02-02", "Creatinine 71 umol/L  eGFR 88", "ALT 22 U/L  AST 19 U/L"]);
    assert_eq!(put_to(&url, pdf).await, 200);
    let job = app.wait_for_job(&p.patient_token, data["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    let read = app.client.get(&format!("/api/v1/documents/{document_id}"), Some(&p.patient_token)).await.unwrap();
    assert_eq!(read.body["data"]["content_type"], "application/pdf", "decided by the bytes");
    assert!(read.body["data"]["text"].as_str().unwrap().contains("Creatinine"));

    // Something that is no document fails with a reason.
    let reply = app.client.post("/api/v1/documents/upload-url", Some(&p.patient_token), &json!({"patient_id": p.patient, "document_type": "other", "file_name": "x.bin"})).await.unwrap();
    assert_eq!(put_to(reply.body["data"]["upload_url"].as_str().unwrap(), b"PK\x03\x04 a zip archive".to_vec()).await, 200);
    let job = app.wait_for_job(&p.patient_token, reply.body["data"]["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "FAILED");
    assert!(job["reason"].as_str().unwrap().contains("PDF"), "{job}");
}

/// The patient's refreshes once none is queued or running.
pub(crate) async fn settled_refreshes(app: &App, token: &str, patient: &str) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let reply = app.client.get(&format!("/api/v1/patients/{patient}/refreshes"), Some(token)).await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        let refreshes = reply.body["data"]["refreshes"].as_array().unwrap().clone();
        if refreshes.iter().all(|r| r["status"] == "COMPLETED" || r["status"] == "FAILED") {
            return refreshes;
        }
        assert!(tokio::time::Instant::now() < deadline, "refreshes stuck: {refreshes:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn refreshes_are_versioned_run_in_order_and_re_process_only_what_changed() {
    let app = App::demo().await;
    let p = people(&app, "refresh").await;
    let (_, document) = processed(&app, &p.patient_token, &upload_body(&p.patient, "consultation_note", "n.txt", NOTE.as_bytes())).await;
    let document_id = document["document_id"].as_str().unwrap().to_string();
    let ask = |token: String, trigger: &'static str| {
        let client = app.client.clone();
        let body = json!({"patient_id": p.patient, "trigger": trigger});
        async move { client.post("/api/v1/rag/refresh", Some(&token), &body).await.unwrap() }
    };
    let first = ask(p.doctor_token.clone(), "new_report").await;
    assert_eq!(first.status, 202, "{}", first.body);
    assert_eq!(first.body["data"]["version"], 1);
    assert_eq!(first.body["status_url"], format!("/api/v1/patients/{}/refreshes", p.patient));
    let refreshes = settled_refreshes(&app, &p.patient_token, &p.patient).await;
    assert_eq!((refreshes[0]["documents_changed"].as_u64(), refreshes[0]["documents_unchanged"].as_u64()), (Some(0), Some(1)), "{refreshes:?}");
    let insights = refreshes[0]["insights"].as_str().unwrap();
    assert!(insights.contains("health score v") && insights.contains("risk assessment v"), "the insights step says what it did: {insights}");

    // The document's chunks are lost: the next refresh indexes it again; the one after finds it current.
    let deps = &app.system.as_ref().unwrap().deps;
    mediclear_ports::knowledge::ChunkIndexWriter::delete_document(deps.index.as_ref(), &document_id).await.unwrap();
    let admin = app.token("demo-admin").await;
    assert_eq!(ask(admin.clone(), "manual_trigger").await.status, 202);
    let refreshes = settled_refreshes(&app, &p.patient_token, &p.patient).await;
    assert_eq!((refreshes[0]["version"].as_u64(), refreshes[0]["documents_changed"].as_u64()), (Some(2), Some(1)), "{refreshes:?}");
    let job = app.wait_for_job(&p.patient_token, document["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "INDEXED");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while mediclear_ports::knowledge::ChunkIndexReader::document_chunks(deps.index.as_ref(), &document_id).await.unwrap().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the document was not indexed again");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for trigger in ["consultation_update", "manual_trigger"] {
        assert_eq!(ask(p.doctor_token.clone(), trigger).await.status, 202);
    }
    let refreshes = settled_refreshes(&app, &p.patient_token, &p.patient).await;
    let versions: Vec<u64> = refreshes.iter().map(|r| r["version"].as_u64().unwrap()).collect();
    assert_eq!(versions, vec![4, 3, 2, 1], "newest first");
    assert!(refreshes.iter().all(|r| r["status"] == "COMPLETED"));
    assert_eq!(refreshes[0]["documents_changed"], 0, "nothing changed since");
    assert!(refreshes.windows(2).all(|w| w[0]["started_at"].as_str() >= w[1]["finished_at"].as_str()), "in order, one after the other");

    // Who may ask.
    assert_eq!(ask(p.patient_token.clone(), "manual_trigger").await.status, 403);
    let stranger = people(&app, "refresh-other").await;
    assert_eq!(ask(stranger.doctor_token.clone(), "manual_trigger").await.status, 404);
    let bad = app.client.post("/api/v1/rag/refresh", Some(&admin), &json!({"patient_id": p.patient, "trigger": "nightly"})).await.unwrap();
    assert_eq!(bad.body["error"]["code"], "INVALID_TRIGGER");

    // A purge takes the refreshes, documents and jobs with it.
    let purge = app.client.send(Method::DELETE, &format!("/api/v1/patients/{}", p.patient), Some(&admin), None, Vec::new()).await.unwrap();
    assert_eq!(purge.status, 200, "{}", purge.body);
    let purged = &purge.body["data"]["purged"];
    assert_eq!((purged["refreshes"].as_u64(), purged["documents"].as_u64(), purged["jobs"].as_u64()), (Some(4), Some(1), Some(1)), "{purged}");
    assert!(purged["files"].as_u64().unwrap() >= 2, "the file and its text: {purged}");
    let again = app.client.send(Method::DELETE, &format!("/api/v1/patients/{}", p.patient), Some(&admin), None, Vec::new()).await.unwrap();
    assert_eq!(again.body["data"]["nothing_left"], true, "{}", again.body);
}

#[tokio::test]
async fn the_walkthrough_runs_both_scenes_against_the_demo() {
    let app = App::health_demo().await;
    mediclear_local::walkthrough::run(&app.url()).await.expect("the walkthrough runs to its end");
}
