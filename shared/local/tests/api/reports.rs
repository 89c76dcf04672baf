//! PHI reports through the offline runtime against real hospital databases (Eunomia in the
//! machine's PostgreSQL and MariaDB, FHIR documents in the MongoDB peer): register, describe,
//! plan, validate, report, download — and who sees what, and that nothing of a patient's data
//! reaches a log line or an error.

use http::Method;
use serde_json::{Value, json};

use mediclear_testkit::client_dbs::{DATABASE, MARIADB, MONGO_DATABASE, POSTGRES, READER, mongo, require};

use crate::harness::App;

fn connection_body(database_type: &str, org: &str) -> Value {
    let (host, port) = if database_type == "PostgreSQL" { POSTGRES } else { MARIADB };
    json!({"connection_name": format!("Eunomia {database_type}"), "org_id": org, "database_type": database_type, "host": host, "port": port,
           "database_name": DATABASE, "username": READER.0, "password": READER.1, "options": {"patient_key": "person.person_id"}})
}

async fn register(app: &App, admin: &str, body: &Value) -> String {
    let reply = app.client.post("/api/v1/connections", Some(admin), body).await.unwrap();
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    reply.body["data"]["connection_id"].as_str().unwrap().to_string()
}

/// The download behind a link the runtime signed.
/// The text operators of a PDF's pages: every stream, inflated.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    let mut rest = pdf;
    while let Some(start) = rest.windows(7).position(|w| w == b"stream\n") {
        let body = &rest[start + 7..];
        let end = body.windows(9).position(|w| w == b"endstream").unwrap_or(body.len());
        let mut inflated = String::new();
        if flate2::read::ZlibDecoder::new(&body[..end]).read_to_string(&mut inflated).is_ok() {
            text.push_str(&inflated);
        }
        rest = &body[end..];
    }
    text
}

#[tokio::test]
async fn a_report_from_plain_english_on_postgresql_and_mariadb() {
    if require().is_none() {
        return;
    }
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    for database_type in ["PostgreSQL", "MySQL"] {
        let id = register(&app, &admin, &connection_body(database_type, "ORG-001")).await;

        // The password never comes back, sealed or not.
        let read = app.client.get(&format!("/api/v1/connections/{id}"), Some(&admin)).await.unwrap();
        let text = read.body.to_string();
        assert!(!text.contains(READER.1) && !text.contains("password"), "{text}");

        let check = app.client.post(&format!("/api/v1/connections/{id}/test"), Some(&admin), &json!({})).await.unwrap();
        assert_eq!(check.body["data"]["authenticated"], true, "{}", check.body);
        assert_eq!(check.body["data"]["read_only_possible"], true);

        let schema = app.client.get(&format!("/api/v1/connections/{id}/schema"), Some(&admin)).await.unwrap();
        assert_eq!(schema.status.as_u16(), 200, "{}", schema.body);
        let tables = schema.body["data"]["tables"].as_array().unwrap();
        assert!(tables.iter().any(|t| t["name"] == "person" && t["row_count_exact"] == true));
        let cached = app.client.get(&format!("/api/v1/connections/{id}/schema?cached=true"), Some(&admin)).await.unwrap();
        assert_eq!(cached.body["data"]["extracted_at"], schema.body["data"]["extracted_at"]);

        let generated = app.client.post("/api/v1/queries/generate", Some(&admin), &json!({"connection_id": id, "query": "Show me patient 3950's visits since 2015"})).await.unwrap();
        assert_eq!(generated.status.as_u16(), 200, "{}", generated.body);
        let data = &generated.body["data"];
        assert_eq!((data["language"].as_str(), data["validation"]["verdict"].as_str(), data["validation"]["patient_scoped"].as_bool()), (Some("sql"), Some("safe"), Some(true)));
        assert!(!data["text"].as_str().unwrap().contains("3950"), "the patient id is bound, never spliced");
        assert_eq!(data["patient_id"], "3950");

        let unsafe_sql = app.client.post("/api/v1/queries/validate", Some(&admin), &json!({"connection_id": id, "sql": "WITH d AS (DELETE FROM person RETURNING *) SELECT * FROM d"})).await.unwrap();
        assert_eq!(unsafe_sql.status.as_u16(), 200);
        assert_eq!(unsafe_sql.body["data"]["verdict"], "unsafe");

        let unplannable = app.client.post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": "how many patients have diabetes"})).await.unwrap();
        assert_eq!(unplannable.status.as_u16(), 422, "{}", unplannable.body);
        assert_eq!(unplannable.body["error"]["details"]["reason"], "not_patient_scoped");

        // CSV: one row per condition since 2010, as direct SQL counts them (the driver test
        // holds the same count against the database itself).
        let csv = app.client.post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": "conditions of patient 3647 since 2010", "format": "csv"})).await.unwrap();
        assert_eq!(csv.status.as_u16(), 201, "{}", csv.body);
        let (status, bytes) = app.download(csv.body["data"]["download_url"].as_str().unwrap()).await;
        assert_eq!(status, 200);
        let lines = String::from_utf8(bytes).unwrap().lines().count();
        assert_eq!(lines - 1, csv.body["data"]["row_count"].as_u64().unwrap() as usize);
        assert!(lines > 1);

        let pdf = app.client.post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": "summary report for patient 3950 since 2015"})).await.unwrap();
        assert_eq!(pdf.status.as_u16(), 201, "{}", pdf.body);
        let link = pdf.body["data"]["download_url"].as_str().unwrap().to_string();
        let (status, bytes) = app.download(&link).await;
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"%PDF-1.4"));
        // Offline there is no model to write prose: the summary says it was computed.
        assert!(pdf_text(&bytes).contains("(Computed from the rows: counts, dates and latest values, nothing inferred.)"));
        // A tampered link is refused.
        let (status, _) = app.download(&link.replace("signature=", "signature=0")).await;
        assert_eq!(status, 403);

        let report_id = pdf.body["data"]["report_id"].as_str().unwrap();
        let again = app.client.get(&format!("/api/v1/reports/{report_id}"), Some(&admin)).await.unwrap();
        assert_eq!(again.status.as_u16(), 200);
        assert!(again.body["data"]["download_url"].is_string());
        let other_admin = app.user(&format!("other-admin-{database_type}"), "admin", json!({})).await;
        let theirs = app.client.get(&format!("/api/v1/reports/{report_id}"), Some(&other_admin)).await.unwrap();
        assert_eq!(theirs.status.as_u16(), 404, "only its maker reads a report");
    }
}

#[tokio::test]
async fn doctors_use_their_organisations_connections_and_find_no_others() {
    if require().is_none() {
        return;
    }
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let ours = register(&app, &admin, &connection_body("PostgreSQL", "ORG-001")).await;
    let theirs = register(&app, &admin, &connection_body("MySQL", "ORG-002")).await;
    let doctor = app.user("org-doctor", "doctor", json!({"doctor_id": "DOC-077", "org_id": "ORG-001"})).await;

    let listed = app.client.get("/api/v1/connections", Some(&doctor)).await.unwrap();
    let connections = listed.body["data"]["connections"].as_array().unwrap();
    assert!(connections.iter().all(|c| c["org_id"] == "ORG-001"), "only its organisation's: {connections:?}");
    assert!(connections.iter().any(|c| c["connection_id"] == ours.as_str()));
    let report = app.client.post("/api/v1/reports", Some(&doctor), &json!({"connection_id": ours, "query": "labs for patient 3647 since 2023", "format": "csv"})).await.unwrap();
    assert_eq!(report.status.as_u16(), 201, "{}", report.body);
    for path in [format!("/api/v1/connections/{theirs}"), format!("/api/v1/connections/{theirs}/schema")] {
        assert_eq!(app.client.get(&path, Some(&doctor)).await.unwrap().status.as_u16(), 404, "{path}");
    }
    let refused = app.client.post("/api/v1/reports", Some(&doctor), &json!({"connection_id": theirs, "query": "labs for patient 3647"})).await.unwrap();
    assert_eq!(refused.status.as_u16(), 404);
    // Managing is for admins.
    assert_eq!(app.client.send(Method::DELETE, &format!("/api/v1/connections/{ours}"), Some(&doctor), None, vec![]).await.unwrap().status.as_u16(), 403);
}

#[tokio::test]
async fn a_mongodb_report_through_the_peer() {
    let Some(peer) = mongo() else { return };
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let id = register(&app, &admin, &json!({"connection_name": "FHIR store", "org_id": "ORG-001", "database_type": "MongoDB", "host": "127.0.0.1", "port": peer.port, "database_name": MONGO_DATABASE})).await;
    let dbs = require().unwrap();
    let patients: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(dbs.mongo_data().join("patients.json")).unwrap()).unwrap();
    let patient = patients[0]["patient_id"].as_str().unwrap();
    let generated = app.client.post("/api/v1/queries/generate", Some(&admin), &json!({"connection_id": id, "query": format!("encounters for patient {patient}")})).await.unwrap();
    assert_eq!(generated.status.as_u16(), 200, "{}", generated.body);
    assert_eq!(generated.body["data"]["language"], "mongodb");
    let report = app.client.post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": format!("summary for patient {patient}")})).await.unwrap();
    assert_eq!(report.status.as_u16(), 201, "{}", report.body);
    assert!(report.body["data"]["row_count"].as_u64().unwrap() > 0);
    let unsafe_pipeline = app.client.post("/api/v1/queries/validate", Some(&admin), &json!({"connection_id": id, "collection": "observations", "pipeline": [{"$match": {}}, {"$out": "stolen"}]})).await.unwrap();
    assert_eq!(unsafe_pipeline.body["data"]["verdict"], "unsafe");
}

#[tokio::test]
async fn unreachable_databases_get_their_own_answers() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut body = connection_body("PostgreSQL", "ORG-001");
    body["port"] = json!(closed);
    let checked = app.client.post("/api/v1/connections/test", Some(&admin), &body).await.unwrap();
    assert_eq!(checked.status.as_u16(), 200);
    assert_eq!(checked.body["data"]["error"]["code"], "CONNECTION_REFUSED");
    body["host"] = json!("no-such-host.invalid");
    let checked = app.client.post("/api/v1/connections/test", Some(&admin), &body).await.unwrap();
    assert_eq!(checked.body["data"]["error"]["code"], "UNKNOWN_HOST");
    body["port"] = json!(closed);
    body["host"] = json!("127.0.0.1");
    let id = register(&app, &admin, &body).await;
    let schema = app.client.get(&format!("/api/v1/connections/{id}/schema"), Some(&admin)).await.unwrap();
    assert_eq!((schema.status.as_u16(), schema.body["error"]["code"].as_str()), (422, Some("CONNECTION_REFUSED")));
    let bad = app.client.post("/api/v1/connections", Some(&admin), &json!({"connection_name": "x", "org_id": "ORG-001", "database_type": "Oracle", "host": "h", "database_name": "d", "username": "u", "password": "p"})).await.unwrap();
    assert_eq!((bad.status.as_u16(), bad.body["error"]["code"].as_str()), (400, Some("INVALID_DATABASE_TYPE")));
}

/// A report run as an operator would: the runtime's own process, its log lines and every error
/// body read for the patient's values.
#[tokio::test]
async fn no_value_of_the_patient_reaches_a_log_line_or_an_error() {
    if require().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let runtime = crate::process::Runtime::start(dir.path(), true);
    let client = mediclear_local::client::Client::new(&runtime.url);
    let admin = client.token("demo-admin", crate::harness::PASSWORD).await.unwrap();
    let reply = client.post("/api/v1/connections", Some(&admin), &connection_body("PostgreSQL", "ORG-001")).await.unwrap();
    let id = reply.body["data"]["connection_id"].as_str().unwrap().to_string();

    // The values a report of patient 3950 shows, from the database itself.
    let values = client
        .post("/api/v1/reports", Some(&admin), &json!({"connection_id": id, "query": "summary report for patient 3950 since 2015", "format": "csv"}))
        .await
        .unwrap();
    assert_eq!(values.status.as_u16(), 201, "{}", values.body);
    let link = values.body["data"]["download_url"].as_str().unwrap();
    let csv = client.send(Method::GET, link.strip_prefix(&runtime.url).unwrap(), None, None, vec![]).await.unwrap();
    let csv = String::from_utf8(csv.raw.to_vec()).unwrap();
    // Descriptions, codes and values (the columns after `category` and `event_date`).
    let mut secrets: Vec<String> = csv
        .lines()
        .skip(1)
        .flat_map(|l| l.split(',').skip(2).map(|c| c.trim_matches('"').to_string()).collect::<Vec<_>>())
        .filter(|v| v.len() >= 5 && v.parse::<f64>().is_err())
        .collect();
    secrets.sort();
    secrets.dedup();
    assert!(!secrets.is_empty(), "the report has values to look for");
    secrets.push(READER.1.to_string());

    let mut errors = Vec::new();
    for (path, body) in [
        ("/api/v1/reports", json!({"connection_id": id, "query": "visits of patients 3950 and 3951"})),
        ("/api/v1/reports", json!({"connection_id": id, "query": "delete patient 3950"})),
        ("/api/v1/queries/validate", json!({"connection_id": id, "sql": "SELECT * FROM person WHERE person_source_value = 'x' AND pg_sleep(1) IS NULL"})),
        ("/api/v1/reports", json!({"connection_id": id, "query": "labs for patient PAT-NOT-AN-INTEGER"})),
    ] {
        errors.push(client.post(path, Some(&admin), &body).await.unwrap().body.to_string());
    }
    // Without RUST_LOG the runtime logs (info and up) to a file in its data directory.
    let file = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).find(|e| e.path().extension().is_some_and(|x| x == "log")).map(|e| std::fs::read_to_string(e.path()).unwrap()).unwrap_or_default();
    let logs = format!("{}{file}", runtime.stderr());
    assert!(logs.contains("report made"), "the report run is logged: {logs}");
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a value of the report is in the logs: {secret}");
        for error in &errors {
            assert!(!error.contains(secret.as_str()), "a value of the report is in an error: {secret}");
        }
    }
}
