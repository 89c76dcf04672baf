//! Doctors of health insights, through the API: the record, the verification queue and decision,
//! and care teams — granted by an admin or by the patient, revoked, and what a doctor then
//! reaches.

use http::Method;
use serde_json::{Value, json};

use mediclear_ports::doctors::DoctorStore;
use mediclear_testkit::conformance::doctors::doctor;

use crate::harness::{App, PASSWORD};

/// A pending doctor with a login; returns its id and token.
async fn pending_doctor(app: &App, username: &str, minutes: i64) -> (String, String) {
    let record = doctor(minutes);
    app.system.as_ref().unwrap().deps.doctors.create(&record).await.unwrap();
    let token = app.user(username, "doctor", json!({"doctor_id": record.doctor_id})).await;
    (record.doctor_id.to_string(), token)
}

async fn registered_patient(app: &App, username: &str) -> (String, String) {
    let body = json!({"demographics": {"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female"},
                      "username": username, "password": PASSWORD});
    let reply = app.client.post("/api/v1/patients/onboard", None, &body).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    (reply.body["data"]["patient_id"].as_str().unwrap().to_string(), app.client.token(username, PASSWORD).await.unwrap())
}

async fn decide(app: &App, admin: &str, doctor: &str, status: &str) -> Value {
    let reply = app.client.post(&format!("/api/v1/doctors/{doctor}/verification"), Some(admin), &json!({"status": status, "note": "Checked with the board."})).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["data"].clone()
}

#[tokio::test]
async fn admins_work_the_queue_oldest_first_and_decide() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let (first, _) = pending_doctor(&app, "dr-first", 1).await;
    let (second, _) = pending_doctor(&app, "dr-second", 2).await;
    let queue = app.client.get("/api/v1/doctors?verification_status=pending_manual_review&limit=1", Some(&admin)).await.unwrap();
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert_eq!(queue.body["data"]["doctors"][0]["doctor_id"], first.as_str(), "oldest first");
    let token = queue.body["data"]["next_token"].as_str().unwrap().to_string();
    let next = app.client.get(&format!("/api/v1/doctors?verification_status=PENDING_MANUAL_REVIEW&limit=1&next_token={token}"), Some(&admin)).await.unwrap();
    assert_eq!(next.body["data"]["doctors"][0]["doctor_id"], second.as_str());

    let decided = decide(&app, &admin, &first, "VERIFIED").await;
    assert_eq!(decided["verification_status"], "VERIFIED");
    assert_eq!(decided["version"], 2);
    let verified = app.client.get("/api/v1/doctors?verification_status=VERIFIED", Some(&admin)).await.unwrap();
    assert!(verified.body["data"]["doctors"].as_array().unwrap().iter().any(|d| d["doctor_id"] == first.as_str()));

    for (body, code) in [(json!({"status": "MAYBE"}), "INVALID_STATUS"), (json!({"status": "PENDING_MANUAL_REVIEW"}), "INVALID_STATUS"), (json!({}), "INVALID_STATUS")] {
        let reply = app.client.post(&format!("/api/v1/doctors/{second}/verification"), Some(&admin), &body).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{body}");
    }
    let bad = app.client.get("/api/v1/doctors?verification_status=SOMETIMES", Some(&admin)).await.unwrap();
    assert_eq!(bad.body["error"]["code"], "INVALID_VERIFICATION_STATUS");
    assert_eq!(app.client.post("/api/v1/doctors/DOC-NOBODY/verification", Some(&admin), &json!({"status": "VERIFIED"})).await.unwrap().status, 404);
}

#[tokio::test]
async fn a_doctor_reads_only_their_own_record_and_nobody_else_works_the_queue() {
    let app = App::demo().await;
    let (mine, token) = pending_doctor(&app, "dr-self", 1).await;
    let (other, _) = pending_doctor(&app, "dr-other", 2).await;
    let reply = app.client.get(&format!("/api/v1/doctors/{mine}"), Some(&token)).await.unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.body["data"]["credentials"].is_object() && reply.body["data"]["unread_fields"].is_array());
    assert_eq!(app.client.get(&format!("/api/v1/doctors/{other}"), Some(&token)).await.unwrap().status, 404);
    assert_eq!(app.client.get("/api/v1/doctors", Some(&token)).await.unwrap().status, 403);
    assert_eq!(app.client.post(&format!("/api/v1/doctors/{mine}/verification"), Some(&token), &json!({"status": "VERIFIED"})).await.unwrap().status, 403, "no self-verification");
    let patient = app.token("demo-patient").await;
    assert_eq!(app.client.get(&format!("/api/v1/doctors/{mine}"), Some(&patient)).await.unwrap().status, 403);
}

#[tokio::test]
async fn patients_grant_and_revoke_access_and_a_doctor_reaches_only_granted_patients_once_verified() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let (doctor_id, doctor) = pending_doctor(&app, "dr-care", 1).await;
    let (ana, ana_token) = registered_patient(&app, "ana-care").await;
    let (ben, _) = registered_patient(&app, "ben-care").await;
    let grant = |token: String, patient: String| {
        let client = app.client.clone();
        let doctor_id = doctor_id.clone();
        async move { client.post(&format!("/api/v1/doctors/{doctor_id}/patients"), Some(&token), &json!({"patient_id": patient})).await.unwrap() }
    };
    let granted = grant(ana_token.clone(), ana.clone()).await;
    assert_eq!(granted.status, 201, "{}", granted.body);
    assert_eq!(grant(ana_token.clone(), ben.clone()).await.status, 404, "a patient grants access to their own record only");
    let read = |token: String, patient: String| {
        let client = app.client.clone();
        async move { client.get(&format!("/api/v1/patients/{patient}"), Some(&token)).await.unwrap().status.as_u16() }
    };
    assert_eq!(read(doctor.clone(), ana.clone()).await, 404, "granted but the doctor is not verified yet");
    decide(&app, &admin, &doctor_id, "VERIFIED").await;
    assert_eq!(read(doctor.clone(), ana.clone()).await, 200, "verified and granted");
    assert_eq!(read(doctor.clone(), ben.clone()).await, 404, "not granted");

    // An admin assigns too; the patient then revokes their own.
    assert_eq!(grant(admin.clone(), ben.clone()).await.status, 201);
    assert_eq!(read(doctor.clone(), ben.clone()).await, 200);
    // The doctor's own profile lists both, newest assignment first (the doctor's worklist).
    let assigned = |token: String| {
        let client = app.client.clone();
        let doctor_id = doctor_id.clone();
        async move {
            let reply = client.get(&format!("/api/v1/doctors/{doctor_id}"), Some(&token)).await.unwrap();
            assert_eq!(reply.status, 200, "{}", reply.body);
            reply.body["data"]["assigned_patients"].as_array().unwrap().iter().map(|p| p["patient_id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(assigned(doctor.clone()).await, vec![ben.clone(), ana.clone()]);
    assert_eq!(assigned(admin.clone()).await, vec![ben.clone(), ana.clone()]);
    let revoke = app.client.send(Method::DELETE, &format!("/api/v1/doctors/{doctor_id}/patients/{ana}"), Some(&ana_token), None, Vec::new()).await.unwrap();
    assert_eq!((revoke.status.as_u16(), revoke.body["data"]["revoked"].as_bool()), (200, Some(true)));
    assert_eq!(assigned(doctor.clone()).await, vec![ben.clone()], "a revoked patient leaves the list");
    assert_eq!(read(doctor.clone(), ana.clone()).await, 404, "revoked at once");
    let again = app.client.send(Method::DELETE, &format!("/api/v1/doctors/{doctor_id}/patients/{ana}"), Some(&ana_token), None, Vec::new()).await.unwrap();
    assert_eq!(again.body["data"]["revoked"], false, "revoking twice is harmless");
    let not_hers = app.client.send(Method::DELETE, &format!("/api/v1/doctors/{doctor_id}/patients/{ben}"), Some(&ana_token), None, Vec::new()).await.unwrap();
    assert_eq!(not_hers.status, 404);

    // Rejecting a verified doctor takes effect at once.
    decide(&app, &admin, &doctor_id, "REJECTED").await;
    assert_eq!(read(doctor.clone(), ben.clone()).await, 404, "a rejected doctor reaches nobody");
    assert_eq!(grant(admin.clone(), "PAT-NOBODY".into()).await.status, 404);
    let unknown = app.client.post("/api/v1/doctors/DOC-NOBODY/patients", Some(&admin), &json!({"patient_id": ben})).await.unwrap();
    assert_eq!(unknown.status, 404);
}

const DEGREE: [&str; 8] = [
    "UNIVERSITY OF MICHIGAN MEDICAL SCHOOL",
    "The Regents of the University of Michigan, on the recommendation of the Faculty,",
    "have conferred upon",
    "Amara Nkechi Okafor",
    "the degree of",
    "Doctor of Medicine",
    "with all the rights and privileges thereto pertaining.",
    "Given at Ann Arbor, Michigan, on the third day of May, 2013.",
];
const LICENSE: [&str; 6] = [
    "STATE OF OHIO MEDICAL BOARD",
    "Physician License",
    "Name: OKAFOR, AMARA NKECHI",
    "License Number: 35.118842",
    "Issue Date: 06/17/2016",
    "Status: Active",
];

fn document(bytes: &[u8], file_name: &str) -> Value {
    json!({"file_name": file_name, "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes)})
}

fn sign_up(username: &str, degree: Value, license: Value) -> Value {
    json!({"name": "Dr. Amara Okafor", "email": "amara.okafor@example.org", "specialization": "Radiology",
           "degree_document": degree, "license_document": license, "username": username, "password": PASSWORD})
}

use base64::Engine as _;
use crate::documents::tiny_pdf;

#[tokio::test]
async fn a_doctor_signs_up_with_pdfs_and_the_credentials_are_read_for_review() {
    let app = App::demo().await;
    let degree = tiny_pdf(&DEGREE);
    let license = tiny_pdf(&LICENSE);
    let reply = app.client.post("/api/v1/doctors/onboard", None, &sign_up("dr-okafor", document(&degree, "degree.pdf"), document(&license, "license.pdf"))).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["verification_status"], "PENDING_MANUAL_REVIEW");
    assert_eq!(data["credentials"]["universityName"], "University of Michigan", "the awarding university: {data}");
    assert_eq!(data["credentials"]["doctorName"], "Amara Nkechi Okafor", "{data}");
    assert_eq!(data["credentials"]["degreeName"], "Doctor of Medicine");
    assert_eq!(data["credentials"]["licenseNumber"], "35.118842");
    assert_eq!(data["credentials"]["issueDate"], "2016-06-17");
    assert_eq!(data["unread_fields"], json!([]));
    let doctor_id = data["doctor_id"].as_str().unwrap().to_string();

    // The new doctor signs in, sees its own record, and reaches nobody until verified.
    let token = app.client.token("dr-okafor", PASSWORD).await.unwrap();
    let own = app.client.get(&format!("/api/v1/doctors/{doctor_id}"), Some(&token)).await.unwrap();
    assert_eq!((own.status.as_u16(), own.body["data"]["verification_status"].as_str()), (200, Some("PENDING_MANUAL_REVIEW")));
    let admin = app.token("demo-admin").await;
    let queue = app.client.get("/api/v1/doctors?verification_status=PENDING_MANUAL_REVIEW", Some(&admin)).await.unwrap();
    assert!(queue.body["data"]["doctors"].as_array().unwrap().iter().any(|d| d["doctor_id"] == doctor_id.as_str()));

    // The reviewer opens the documents beside the fields read from them: the files as uploaded.
    let reviewed = app.client.get(&format!("/api/v1/doctors/{doctor_id}"), Some(&admin)).await.unwrap();
    let documents = reviewed.body["data"]["credential_documents"].as_array().expect("credential documents").clone();
    let kinds: Vec<&str> = documents.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["degree", "license"]);
    for (document, uploaded) in documents.iter().zip([&degree, &license]) {
        assert_eq!((document["content_type"].as_str(), document["expires_in_seconds"].as_u64()), (Some("application/pdf"), Some(300)));
        let (status, bytes) = app.download(document["download_url"].as_str().unwrap()).await;
        assert_eq!((status, &bytes), (200, uploaded), "the {} link serves the uploaded file", document["kind"]);
        let (status, _) = app.download(&document["download_url"].as_str().unwrap().replace("signature=", "signature=0")).await;
        assert_eq!(status, 403, "an altered link serves nothing");
    }
    assert_eq!(own.body["data"]["credential_documents"].as_array().map(Vec::len), Some(2), "the doctor sees their own documents too");
    let onboard = app.client.post("/api/v1/patients/onboard", Some(&token), &json!({"demographics": {"given_name": "A", "family_name": "B", "date_of_birth": "1980-01-01", "sex": "female"}})).await.unwrap();
    assert_eq!(onboard.status, 403, "an unverified doctor registers no patients");

    // The same username again: refused, and nothing of the second sign-up is kept.
    let again = app.client.post("/api/v1/doctors/onboard", None, &sign_up("dr-okafor", document(&degree, "d.pdf"), document(&license, "l.pdf"))).await.unwrap();
    assert_eq!((again.status.as_u16(), again.body["error"]["code"].as_str()), (409, Some("USERNAME_TAKEN")));
    let queue = app.client.get("/api/v1/doctors?verification_status=PENDING_MANUAL_REVIEW", Some(&admin)).await.unwrap();
    assert_eq!(queue.body["data"]["doctors"].as_array().unwrap().iter().filter(|d| d["name"] == "Dr. Amara Okafor").count(), 1);
}

#[tokio::test]
async fn a_multipart_sign_up_with_unreadable_documents_flags_every_field_for_the_reviewer() {
    let app = App::demo().await;
    // PDFs without a text layer, and no OCR engine reads a blank page: nothing can be read.
    let blank = mediclear_testkit::conformance::ocr::scans::pdf_with_pages(1);
    let boundary = "doctor-boundary";
    let mut body = Vec::new();
    for (name, value) in [("name", "Dr. Lena Park"), ("email", "lena.park@example.org"), ("specialization", "Oncology"), ("username", "dr-park"), ("password", PASSWORD)] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    for name in ["degree_document", "license_document"] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.txt\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes());
        body.extend_from_slice(&blank);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let reply = app.client.send(Method::POST, "/api/v1/doctors/onboard", None, Some(&format!("multipart/form-data; boundary={boundary}")), body).await.unwrap();
    assert_eq!(reply.status, 201, "the type comes from the bytes, not the part's header: {}", reply.body);
    assert_eq!(reply.body["data"]["unread_fields"], json!(["universityName", "doctorName", "degreeName", "licenseNumber", "issueDate"]));
    assert_eq!(reply.body["data"]["verification_status"], "PENDING_MANUAL_REVIEW");
}

#[tokio::test]
async fn bad_documents_are_refused_with_the_field_named_and_leave_no_login() {
    let app = App::demo().await;
    let pdf = tiny_pdf(&LICENSE);
    let cases = [
        (document(b"Doctor of Medicine, honest.", "degree.pdf"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (json!({"file_name": "degree.pdf", "content_base64": ""}), 400, "INVALID_DEGREE_DOCUMENT"),
        (json!({"file_name": "degree.pdf", "content_base64": "%%%not base64"}), 400, "INVALID_DEGREE_DOCUMENT"),
        (json!("degree.pdf"), 400, "INVALID_DEGREE_DOCUMENT"),
    ];
    for (i, (degree, status, code)) in cases.into_iter().enumerate() {
        let username = format!("dr-bad-{i}");
        let reply = app.client.post("/api/v1/doctors/onboard", None, &sign_up(&username, degree.clone(), document(&pdf, "license.pdf"))).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (status, Some(code)), "{degree}: {}", reply.body);
        assert!(!reply.body.to_string().contains("honest"), "the file's content is not echoed");
        assert!(app.client.token(&username, PASSWORD).await.is_err(), "no login is left by a refused sign-up");
    }
    let mut missing = sign_up("dr-missing", document(&pdf, "d.pdf"), document(&pdf, "l.pdf"));
    missing.as_object_mut().unwrap().remove("email");
    missing.as_object_mut().unwrap().remove("password");
    let reply = app.client.post("/api/v1/doctors/onboard", None, &missing).await.unwrap();
    assert_eq!(reply.status, 400, "{}", reply.body);
    let text = reply.body.to_string();
    assert!(text.contains("email") && text.contains("password"), "every problem is named: {text}");
}

#[tokio::test]
async fn scanned_credentials_are_read_by_ocr() {
    use mediclear_testkit::conformance::ocr::scans::{self, ReferencePage, TextBlock, Variant};
    if !scans::ocr_tools_or_skip("scanned_credentials_are_read_by_ocr") {
        return;
    }
    let app = App::demo().await;
    let degree_text: &'static str = Box::leak(DEGREE.join("\n").into_boxed_str());
    let license_text: &'static str = Box::leak(LICENSE.join("\n").into_boxed_str());
    let page = |text: &'static str| -> &'static [TextBlock] { Box::leak(vec![TextBlock { font: "DejaVu-Serif", points: 13.0, text }].into_boxed_slice()) };
    let degree = scans::render(&ReferencePage { name: "degree", blocks: page(degree_text) }, Variant::Jpeg(85));
    let license = scans::render(&ReferencePage { name: "license", blocks: page(license_text) }, Variant::Rotated(1.5));
    let reply = app.client.post("/api/v1/doctors/onboard", None, &sign_up("dr-scanned", document(&degree, "degree.jpg"), document(&license, "license.png"))).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let credentials = &reply.body["data"]["credentials"];
    assert_eq!(credentials["licenseNumber"], "35.118842", "{credentials}");
    assert_eq!(credentials["issueDate"], "2016-06-17", "{credentials}");
    assert_eq!(credentials["degreeName"], "Doctor of Medicine", "{credentials}");
}
