//! Every route × every role × someone else's id: the status each caller gets. A route added to
//! template.yaml without a row here fails `every_route_is_in_the_matrix`.

use mediclear_ports::doctors::DoctorStore;
use serde_json::{Value, json};

use crate::harness::{App, PASSWORD, case_body};

const ROLES: [&str; 6] = ["admin", "provider", "other-provider", "insurer", "doctor", "patient"];

struct Row {
    method: &'static str,
    template_path: &'static str,
    path: String,
    body: Option<Value>,
    /// Expected status per role, in `ROLES` order.
    expect: [u16; 6],
}

#[tokio::test]
async fn every_route_every_role_and_someone_elses_id() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let tokens = [
        app.token("demo-admin").await,
        provider.clone(),
        app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await,
        app.token("demo-insurer").await,
        app.token("demo-doctor").await,
        app.token("demo-patient").await,
    ];
    let own_case = app.analysed_case(&provider, case_body("PAT-001", "27447")).await["case_id"].as_str().unwrap().to_string();
    let decidable = app.analysed_case(&provider, case_body("PAT-001", "27447")).await["case_id"].as_str().unwrap().to_string();
    let record = app.client.post("/api/v1/preauth/records", Some(&provider), &json!({"patient_id": "PAT-001", "file_name": "n.txt", "text": "note"})).await.unwrap();
    let job_id = record.body["data"]["job_id"].as_str().unwrap().to_string();
    let pas_bundle: Value = serde_json::from_str(include_str!("../../../domain/tests/fixtures/fhir/knee-arthroplasty-request.json")).unwrap();

    // A patient of health insights who is none of the callers (demo-patient is PAT-001).
    let onboarded = app
        .client
        .post("/api/v1/patients/onboard", Some(&tokens[0]), &json!({"demographics": {"given_name": "M", "family_name": "X", "date_of_birth": "1980-01-01", "sex": "female"}}))
        .await
        .unwrap();
    let patient = onboarded.body["data"]["patient_id"].as_str().unwrap().to_string();
    let demographics = json!({"demographics": {"given_name": "M", "family_name": "Y", "date_of_birth": "1980-01-01", "sex": "female"}});
    // A pending doctor who is none of the callers (demo-doctor is DOC-001), and a patient to assign.
    let pending = mediclear_testkit::conformance::doctors::doctor(1);
    app.system.as_ref().unwrap().deps.doctors.create(&pending).await.unwrap();
    let doctor = pending.doctor_id.to_string();
    let assignable = app.client.post("/api/v1/patients/onboard", Some(&tokens[0]), &demographics).await.unwrap();
    let assignable = assignable.body["data"]["patient_id"].as_str().unwrap().to_string();
    // A document of that patient, stored as the pipeline received it.
    let document = mediclear_testkit::conformance::documents::document(&mediclear_domain::ids::PatientId::parse(&assignable).unwrap(), 1);
    mediclear_ports::documents::DocumentStore::create(app.system.as_ref().unwrap().deps.documents.as_ref(), &document).await.unwrap();
    let document_id = document.document_id.to_string();
    let upload = json!({"patient_id": assignable, "document_type": "consultation_note", "file_name": "n.txt", "content_base64": "Tm90ZS4="});
    let pdf = crate::documents::tiny_pdf(&["Doctor of Medicine"]);
    let file = json!({"file_name": "d.pdf", "content_base64": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &pdf)});
    let sign_up = json!({"name": "Dr. M", "email": "m@example.org", "specialization": "Radiology", "degree_document": file, "license_document": file,
                         "username": "matrix-doctor", "password": PASSWORD});

    // PHI reports: a connection of ORG-001 to the machine's PostgreSQL (Eunomia), one to delete,
    // and a report the admin made. demo-doctor belongs to no organisation: it finds none.
    if mediclear_testkit::client_dbs::require().is_none() {
        return;
    }
    let (db_host, db_port) = mediclear_testkit::client_dbs::POSTGRES;
    let (reader, reader_password) = mediclear_testkit::client_dbs::READER;
    let connection_body = json!({"connection_name": "Matrix", "org_id": "ORG-001", "database_type": "PostgreSQL", "host": db_host, "port": db_port,
                                 "database_name": mediclear_testkit::client_dbs::DATABASE, "username": reader, "password": reader_password});
    let made = app.client.post("/api/v1/connections", Some(&tokens[0]), &connection_body).await.unwrap();
    let connection = made.body["data"]["connection_id"].as_str().unwrap().to_string();
    let deletable = app.client.post("/api/v1/connections", Some(&tokens[0]), &connection_body).await.unwrap();
    let deletable = deletable.body["data"]["connection_id"].as_str().unwrap().to_string();
    let report_body = json!({"connection_id": connection, "query": "visits of patient 3950", "format": "csv"});
    let report = app.client.post("/api/v1/reports", Some(&tokens[0]), &report_body).await.unwrap();
    let report = report.body["data"]["report_id"].as_str().unwrap().to_string();

    let rows = vec![
        Row { method: "POST", template_path: "/api/v1/connections", path: "/api/v1/connections".into(), body: Some(connection_body.clone()), expect: [201, 403, 403, 403, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/connections", path: "/api/v1/connections".into(), body: None, expect: [200, 403, 403, 403, 200, 403] },
        Row { method: "GET", template_path: "/api/v1/connections/{connection_id}", path: format!("/api/v1/connections/{connection}"), body: None, expect: [200, 403, 403, 403, 404, 403] },
        Row {
            method: "PUT",
            template_path: "/api/v1/connections/{connection_id}",
            path: format!("/api/v1/connections/{connection}"),
            body: Some(json!({"connection_name": "Renamed"})),
            expect: [200, 403, 403, 403, 403, 403],
        },
        Row { method: "DELETE", template_path: "/api/v1/connections/{connection_id}", path: format!("/api/v1/connections/{deletable}"), body: None, expect: [200, 403, 403, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/connections/test", path: "/api/v1/connections/test".into(), body: Some(connection_body.clone()), expect: [200, 403, 403, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/connections/{connection_id}/test", path: format!("/api/v1/connections/{connection}/test"), body: Some(json!({})), expect: [200, 403, 403, 403, 403, 403] },
        Row {
            method: "GET",
            template_path: "/api/v1/connections/{connection_id}/schema",
            path: format!("/api/v1/connections/{connection}/schema?cached=true"),
            body: None,
            expect: [200, 403, 403, 403, 404, 403],
        },
        Row { method: "GET", template_path: "/api/v1/connections/{connection_id}/databases", path: format!("/api/v1/connections/{connection}/databases"), body: None, expect: [200, 403, 403, 403, 403, 403] },
        Row {
            method: "POST",
            template_path: "/api/v1/queries/generate",
            path: "/api/v1/queries/generate".into(),
            body: Some(json!({"connection_id": connection, "query": "conditions of patient 3950"})),
            expect: [200, 403, 403, 403, 404, 403],
        },
        Row {
            method: "POST",
            template_path: "/api/v1/queries/validate",
            path: "/api/v1/queries/validate".into(),
            body: Some(json!({"connection_id": connection, "sql": "SELECT * FROM person WHERE person_id = $1"})),
            expect: [200, 403, 403, 403, 404, 403],
        },
        Row { method: "POST", template_path: "/api/v1/reports", path: "/api/v1/reports".into(), body: Some(report_body.clone()), expect: [201, 403, 403, 403, 404, 403] },
        Row { method: "GET", template_path: "/api/v1/reports/{report_id}", path: format!("/api/v1/reports/{report}"), body: None, expect: [200, 404, 404, 404, 404, 404] },
        Row { method: "GET", template_path: "/api/v1/patients/questionnaire", path: "/api/v1/patients/questionnaire".into(), body: None, expect: [200; 6] },
        // demo-doctor has no verified record: it may not onboard.
        Row { method: "POST", template_path: "/api/v1/patients/onboard", path: "/api/v1/patients/onboard".into(), body: Some(demographics), expect: [201, 403, 403, 403, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/patients/{patient_id}", path: format!("/api/v1/patients/{patient}"), body: None, expect: [200, 403, 403, 403, 404, 404] },
        Row {
            method: "PUT",
            template_path: "/api/v1/patients/{patient_id}",
            path: format!("/api/v1/patients/{patient}"),
            body: Some(json!({"version": 1, "answers": {}})),
            expect: [403, 403, 403, 403, 404, 404],
        },
        // The admin purges first; the rest are refused before anything is looked up.
        Row { method: "DELETE", template_path: "/api/v1/patients/{patient_id}", path: format!("/api/v1/patients/{patient}"), body: None, expect: [200, 403, 403, 403, 403, 404] },
        Row { method: "POST", template_path: "/api/v1/doctors/onboard", path: "/api/v1/doctors/onboard".into(), body: Some(sign_up), expect: [201; 6] },
        Row { method: "GET", template_path: "/api/v1/doctors/{doctor_id}", path: format!("/api/v1/doctors/{doctor}"), body: None, expect: [200, 403, 403, 403, 404, 403] },
        Row { method: "GET", template_path: "/api/v1/doctors", path: "/api/v1/doctors".into(), body: None, expect: [200, 403, 403, 403, 403, 403] },
        Row {
            method: "POST",
            template_path: "/api/v1/doctors/{doctor_id}/verification",
            path: format!("/api/v1/doctors/{doctor}/verification"),
            body: Some(json!({"status": "VERIFIED"})),
            expect: [200, 403, 403, 403, 403, 403],
        },
        // demo-patient grants access to its own record only.
        Row {
            method: "POST",
            template_path: "/api/v1/doctors/{doctor_id}/patients",
            path: format!("/api/v1/doctors/{doctor}/patients"),
            body: Some(json!({"patient_id": assignable})),
            expect: [201, 403, 403, 403, 403, 404],
        },
        Row {
            method: "DELETE",
            template_path: "/api/v1/doctors/{doctor_id}/patients/{patient_id}",
            path: format!("/api/v1/doctors/{doctor}/patients/{assignable}"),
            body: None,
            expect: [200, 403, 403, 403, 403, 404],
        },
        // demo-doctor is not verified, demo-patient is someone else: neither reaches the patient.
        Row { method: "POST", template_path: "/api/v1/documents/upload", path: "/api/v1/documents/upload".into(), body: Some(upload), expect: [403, 403, 403, 403, 404, 404] },
        Row {
            method: "POST",
            template_path: "/api/v1/documents/upload-url",
            path: "/api/v1/documents/upload-url".into(),
            body: Some(json!({"patient_id": assignable, "document_type": "lab_report", "file_name": "big.pdf"})),
            expect: [403, 403, 403, 403, 404, 404],
        },
        Row {
            method: "GET",
            template_path: "/api/v1/patients/{patient_id}/documents",
            path: format!("/api/v1/patients/{assignable}/documents"),
            body: None,
            expect: [403, 403, 403, 403, 404, 404],
        },
        Row { method: "GET", template_path: "/api/v1/documents/{document_id}", path: format!("/api/v1/documents/{document_id}"), body: None, expect: [403, 403, 403, 403, 404, 404] },
        // demo-doctor is not verified; patients never ask; the admin may.
        Row {
            method: "POST",
            template_path: "/api/v1/rag/refresh",
            path: "/api/v1/rag/refresh".into(),
            body: Some(json!({"patient_id": assignable, "trigger": "manual_trigger"})),
            expect: [202, 403, 403, 403, 404, 403],
        },
        Row {
            method: "GET",
            template_path: "/api/v1/patients/{patient_id}/refreshes",
            path: format!("/api/v1/patients/{assignable}/refreshes"),
            body: None,
            expect: [200, 403, 403, 403, 404, 404],
        },
        Row { method: "GET", template_path: "/api/v1/review/documents", path: "/api/v1/review/documents".into(), body: None, expect: [200, 403, 403, 403, 403, 403] },
        // The admin reaches it, but it is not waiting for review.
        Row {
            method: "POST",
            template_path: "/api/v1/documents/{document_id}/transcription",
            path: format!("/api/v1/documents/{document_id}/transcription"),
            body: Some(json!({"text": "Reviewed text."})),
            expect: [409, 403, 403, 403, 404, 403],
        },
        Row { method: "POST", template_path: "/api/v1/auth/token", path: "/api/v1/auth/token".into(), body: Some(json!({"username": "demo-insurer", "password": PASSWORD})), expect: [200; 6] },
        Row { method: "GET", template_path: "/api/v1/admin/users", path: "/api/v1/admin/users?role=provider".into(), body: None, expect: [200, 403, 403, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/admin/users", path: "/api/v1/admin/users".into(), body: Some(json!({"username": "matrix", "password": PASSWORD, "role": "insurer"})), expect: [201, 403, 403, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/preauth/cases", path: "/api/v1/preauth/cases".into(), body: Some(case_body("PAT-001", "27447")), expect: [403, 202, 202, 403, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/preauth/cases/{case_id}", path: format!("/api/v1/preauth/cases/{own_case}"), body: None, expect: [200, 200, 404, 200, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/preauth/cases", path: "/api/v1/preauth/cases".into(), body: None, expect: [200, 200, 200, 200, 403, 403] },
        Row {
            method: "GET",
            template_path: "/api/v1/preauth/cases/{case_id}/evidence/{criterion_id}",
            path: format!("/api/v1/preauth/cases/{own_case}/evidence/1"),
            body: None,
            expect: [200, 200, 404, 200, 403, 403],
        },
        Row { method: "POST", template_path: "/api/v1/fhir/Claim/{operation}", path: "/api/v1/fhir/Claim/$submit".into(), body: Some(pas_bundle.clone()), expect: [403, 200, 200, 403, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/fhir/metadata", path: "/api/v1/fhir/metadata".into(), body: None, expect: [200; 6] },
        Row {
            method: "POST",
            template_path: "/api/v1/preauth/cases/{case_id}/decision",
            path: format!("/api/v1/preauth/cases/{decidable}/decision"),
            body: Some(json!({"decision": "APPROVED", "reason": "matrix"})),
            expect: [403, 403, 403, 200, 403, 403],
        },
        Row { method: "POST", template_path: "/api/v1/preauth/criteria/match", path: "/api/v1/preauth/criteria/match".into(), body: Some(json!({"procedure_code": "27447", "patient_id": "PAT-001"})), expect: [403, 200, 200, 200, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/preauth/records", path: "/api/v1/preauth/records".into(), body: Some(json!({"patient_id": "PAT-001", "file_name": "m.txt", "text": "note"})), expect: [403, 202, 202, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/preauth/policies", path: "/api/v1/preauth/policies".into(), body: Some(json!({"title": "M", "procedure_codes": ["J1745"], "file_name": "m.txt", "text": "1. A criterion."})), expect: [202, 403, 403, 202, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/jobs/{job_id}", path: format!("/api/v1/jobs/{job_id}"), body: None, expect: [404, 200, 404, 404, 404, 404] },
        // Health insights II: admins read no clinical content; demo-doctor is not verified (and
        // not this patient's doctor); demo-patient is another patient; the chats are the
        // patient's own and the path doctor's own.
        Row {
            method: "GET",
            template_path: "/api/v1/patients/{patient_id}/health-score",
            path: format!("/api/v1/patients/{assignable}/health-score"),
            body: None,
            expect: [403, 403, 403, 403, 404, 404],
        },
        Row {
            method: "GET",
            template_path: "/api/v1/patients/{patient_id}/risk-assessment",
            path: format!("/api/v1/patients/{assignable}/risk-assessment"),
            body: None,
            expect: [403, 403, 403, 403, 404, 404],
        },
        Row {
            method: "POST",
            template_path: "/api/v1/patients/{patient_id}/chat",
            path: format!("/api/v1/patients/{assignable}/chat"),
            body: Some(json!({"message": "When was my last mammogram?"})),
            expect: [403, 403, 403, 403, 403, 404],
        },
        Row {
            method: "GET",
            template_path: "/api/v1/patients/{patient_id}/conversations/{conversation_id}",
            path: format!("/api/v1/patients/{assignable}/conversations/CONV-0b8f6c1e-matrix"),
            body: None,
            expect: [403, 403, 403, 403, 403, 404],
        },
        Row {
            method: "POST",
            template_path: "/api/v1/doctors/{doctor_id}/chat",
            path: format!("/api/v1/doctors/{doctor}/chat"),
            body: Some(json!({"patient_id": assignable, "message": "Summarise the imaging."})),
            expect: [403, 403, 403, 403, 404, 403],
        },
        Row { method: "GET", template_path: "/api/v1/health", path: "/api/v1/health".into(), body: None, expect: [200; 6] },
        Row { method: "GET", template_path: "/api/v1/health/live", path: "/api/v1/health/live".into(), body: None, expect: [200; 6] },
        Row { method: "GET", template_path: "/api/v1/health/ready", path: "/api/v1/health/ready".into(), body: None, expect: [200; 6] },
    ];

    let template = &app.system.as_ref().unwrap().template;
    for route in &template.rest_routes {
        assert!(rows.iter().any(|r| r.method == route.method && r.template_path == route.path), "{} {} has no row in the matrix", route.method, route.path);
    }

    let mut failures = Vec::new();
    for row in &rows {
        for (i, role) in ROLES.iter().enumerate() {
            let mut body = row.body.clone();
            if row.body.is_some() && (row.template_path == "/api/v1/admin/users" || row.template_path == "/api/v1/doctors/onboard") {
                body.as_mut().unwrap()["username"] = json!(format!("{}-{role}", body.as_ref().unwrap()["username"].as_str().unwrap()));
            }
            let method: http::Method = row.method.parse().unwrap();
            let bytes = body.map(|b| serde_json::to_vec(&b).unwrap()).unwrap_or_default();
            let reply = app.client.send(method, &row.path, Some(&tokens[i]), Some("application/json"), bytes).await.unwrap();
            let got = reply.status.as_u16();
            assert!(got < 500, "{} {} as {role}: {got} {}", row.method, row.path, reply.body);
            // FHIR routes answer FHIR resources (a Bundle, a CapabilityStatement, an OperationOutcome).
            let fhir = row.template_path.starts_with("/api/v1/fhir/") && reply.body["resourceType"].is_string();
            assert!(fhir || reply.body["status"].is_string(), "{} {} as {role}: not enveloped", row.method, row.path);
            if got != row.expect[i] {
                failures.push(format!("{} {} as {role}: expected {}, got {got} {}", row.method, row.template_path, row.expect[i], reply.body));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
