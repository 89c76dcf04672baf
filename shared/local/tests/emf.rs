//! The metrics every function writes on Lambda, checked against the CloudWatch Embedded Metric
//! Format's rules ("Specification: Embedded metric format", CloudWatch User Guide): this process
//! installs the Lambda sink's line writer (`mediclear_ports::metrics::emf_line`) as its metrics
//! sink, drives the offline system through what is counted — requests, an analysis, a document
//! through the pipeline, a chat answer and a critical-question redirect, a PHI report, throttled
//! sign-ins — and validates every line. No line may carry an id, a username or a word the user wrote.
//!
//! Its own test binary: a process has one metrics sink, and the API tests' is `/metrics`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

use mediclear_local::client::Client;
use mediclear_local::system::{Options, start};
use mediclear_ports::metrics::{Measurement, MetricSink, emf_line};

const PASSWORD: &str = "demo-password";

/// Every measurement, as the EMF line a Lambda would print.
#[derive(Default)]
struct Lines(Mutex<Vec<String>>);

impl MetricSink for Lines {
    fn record(&self, m: &Measurement<'_>) {
        let now = chrono::Utc::now().timestamp_millis();
        if let Some(line) = emf_line(m, now) {
            self.0.lock().unwrap().push(line);
        }
    }
}

/// CloudWatch's units (the `Unit` of a metric definition).
const UNITS: &[&str] = &[
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
    "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
    "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
    "Terabits/Second", "Count/Second", "None",
];

/// The specification's rules for one log event; the metric names it defines.
fn validate(line: &str) -> Result<Vec<String>, String> {
    if line.len() > 1_000_000 || line.contains('\n') {
        return Err("an event is one line of at most 1 MB".into());
    }
    let root: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let root = root.as_object().ok_or("the root is an object")?;
    let aws = root.get("_aws").and_then(Value::as_object).ok_or("_aws is a required object")?;
    let timestamp = aws.get("Timestamp").and_then(Value::as_i64).ok_or("_aws.Timestamp is a required integer")?;
    if !(1_600_000_000_000..4_000_000_000_000).contains(&timestamp) {
        return Err(format!("Timestamp {timestamp} is not milliseconds since the epoch"));
    }
    let directives = aws.get("CloudWatchMetrics").and_then(Value::as_array).ok_or("_aws.CloudWatchMetrics is a required array")?;
    if directives.is_empty() {
        return Err("at least one metric directive".into());
    }
    let mut names = Vec::new();
    for directive in directives {
        let namespace = directive["Namespace"].as_str().ok_or("Namespace is a required string")?;
        if namespace.is_empty() || namespace.len() > 255 || namespace.trim().is_empty() {
            return Err("Namespace is 1-255 characters".into());
        }
        let sets = directive["Dimensions"].as_array().ok_or("Dimensions is a required array")?;
        for set in sets {
            let set = set.as_array().ok_or("a DimensionSet is an array")?;
            if set.len() > 30 {
                return Err("at most 30 dimensions in a set".into());
            }
            for name in set {
                let name = name.as_str().ok_or("a dimension name is a string")?;
                if name.is_empty() || name.len() > 255 {
                    return Err("a dimension name is 1-255 characters".into());
                }
                let value = root.get(name).and_then(Value::as_str).ok_or_else(|| format!("dimension {name} names a root member holding a string"))?;
                if value.is_empty() || value.len() > 1024 || !value.is_ascii() || value.trim().is_empty() || value.starts_with(':') {
                    return Err(format!("dimension {name}'s value is 1-1024 ASCII characters, not starting with ':'"));
                }
            }
        }
        let metrics = directive["Metrics"].as_array().ok_or("Metrics is a required array")?;
        if metrics.is_empty() || metrics.len() > 100 {
            return Err("1-100 metric definitions".into());
        }
        for metric in metrics {
            let name = metric["Name"].as_str().ok_or("a metric's Name is a required string")?;
            if name.is_empty() || name.len() > 255 {
                return Err("a metric name is 1-255 characters".into());
            }
            match root.get(name) {
                Some(Value::Number(_)) => {}
                Some(Value::Array(values)) if values.len() <= 100 && values.iter().all(Value::is_number) => {}
                _ => return Err(format!("metric {name} names a root member holding a number (or up to 100)")),
            }
            if let Some(unit) = metric.get("Unit") {
                let unit = unit.as_str().ok_or("Unit is a string")?;
                if !UNITS.contains(&unit) {
                    return Err(format!("{unit} is not a CloudWatch unit"));
                }
            }
            if let Some(resolution) = metric.get("StorageResolution") {
                if resolution != 1 && resolution != 60 {
                    return Err("StorageResolution is 1 or 60".into());
                }
            }
            names.push(name.to_string());
        }
    }
    Ok(names)
}

#[test]
fn the_validator_refuses_what_the_specification_refuses() {
    let good = r#"{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},"Route":"/x","Latency":3}"#;
    assert_eq!(validate(good).unwrap(), vec!["Latency"]);
    for bad in [
        r#"{"Route":"/x","Latency":3}"#,
        r#"{"_aws":{"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency"}]}]},"Route":"/x","Latency":3}"#,
        r#"{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency"}]}]},"Latency":3}"#,
        r#"{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency"}]}]},"Route":"/x","Latency":"3"}"#,
        r#"{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency","Unit":"Fortnights"}]}]},"Route":"/x","Latency":3}"#,
        r#"{"_aws":{"Timestamp":1700000000,"CloudWatchMetrics":[{"Namespace":"MediClear","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency"}]}]},"Route":"/x","Latency":3}"#,
    ] {
        assert!(validate(bad).is_err(), "{bad}");
    }
}

async fn wait_until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "{what} did not happen within a minute");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_line_the_system_writes_is_valid_emf_without_ids_or_words() {
    let lines = Arc::new(Lines::default());
    assert!(mediclear_ports::metrics::install(lines.clone()), "this process's first sink");
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let system = start(listener, Options { demo: true, health_demo: false, time_scale: 0.01, ..Options::new(dir.path()) }).await.unwrap();
    let client = Client::new(&system.url());

    // A case filed and analysed.
    let provider = client.token("demo-provider", PASSWORD).await.unwrap();
    let case = mediclear_local::demo::demo_cases().into_iter().next().unwrap();
    let body = json!({"patient_id": case.patient_id, "procedure_code": case.procedure_code, "diagnosis_codes": case.diagnosis_codes, "urgency": "standard"});
    let filed = client.post("/api/v1/preauth/cases", Some(&provider), &body).await.unwrap();
    assert_eq!(filed.status, 202, "{}", filed.body);
    let case_id = filed.body["data"]["case_id"].as_str().unwrap().to_string();
    wait_until("the analysis", async || {
        let reply = client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(&provider)).await.unwrap();
        !matches!(reply.body["data"]["status"].as_str(), Some("PENDING" | "ANALYZING"))
    })
    .await;

    // A patient's note through the three tiers, then a question and a critical one.
    let username = "emf-check-patient";
    let onboard = json!({"demographics": {"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female"},
                         "username": username, "password": PASSWORD});
    let reply = client.post("/api/v1/patients/onboard", None, &onboard).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let patient = reply.body["data"]["patient_id"].as_str().unwrap().to_string();
    let token = client.token(username, PASSWORD).await.unwrap();
    let note = "Consultation 2025-03-14. LDL cholesterol 3.1 mmol/L. Zanzibarite follow-up advised.";
    let upload = json!({"patient_id": patient, "document_type": "consultation_note", "document_date": "2025-03-14", "file_name": "note.txt",
                        "content_base64": base64::engine::general_purpose::STANDARD.encode(note)});
    let reply = client.post("/api/v1/documents/upload", Some(&token), &upload).await.unwrap();
    assert_eq!(reply.status, 202, "{}", reply.body);
    let job_id = reply.body["data"]["job_id"].as_str().unwrap().to_string();
    let document_id = reply.body["data"]["document_id"].as_str().unwrap().to_string();
    wait_until("the pipeline", async || {
        let reply = client.get(&format!("/api/v1/jobs/{job_id}"), Some(&token)).await.unwrap();
        matches!(reply.body["data"]["status"].as_str(), Some("INDEXED" | "FAILED" | "NEEDS_REVIEW"))
    })
    .await;
    for message in ["What was my Zanzibarite cholesterol?", "I have crushing chest pain right now"] {
        let reply = client.post(&format!("/api/v1/patients/{patient}/chat"), Some(&token), &json!({"message": message})).await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    // A PHI report on the hospital database (Eunomia in the machine's PostgreSQL; required in CI).
    let reported = mediclear_testkit::client_dbs::require().is_some();
    if reported {
        use mediclear_testkit::client_dbs::{DATABASE, POSTGRES, READER};
        let admin = client.token("demo-admin", PASSWORD).await.unwrap();
        let body = json!({"connection_name": "Eunomia", "org_id": "ORG-001", "database_type": "PostgreSQL", "host": POSTGRES.0, "port": POSTGRES.1,
                          "database_name": DATABASE, "username": READER.0, "password": READER.1, "options": {"patient_key": "person.person_id"}});
        let reply = client.post("/api/v1/connections", Some(&admin), &body).await.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.body);
        let connection = reply.body["data"]["connection_id"].as_str().unwrap().to_string();
        let report = json!({"connection_id": connection, "query": "conditions of patient 3647 since 2010", "format": "csv"});
        let reply = client.post("/api/v1/reports", Some(&admin), &report).await.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.body);
    }

    // Sign-ins throttled after repeated wrong passwords.
    for _ in 0..8 {
        client.post("/api/v1/auth/token", None, &json!({"username": "demo-insurer", "password": "not-the-password"})).await.unwrap();
    }
    system.stop().await;

    let lines = lines.0.lock().unwrap().clone();
    let mut names = BTreeSet::new();
    for line in &lines {
        names.extend(validate(line).unwrap_or_else(|e| panic!("{e}: {line}")));
        for secret in [case_id.as_str(), patient.as_str(), document_id.as_str(), job_id.as_str(), username, "Zanzibarite", "crushing", case.patient_id.as_str()] {
            assert!(!line.contains(secret), "a metric line carries an id or the user's words: {line}");
        }
    }
    for wanted in ["Requests", "Latency", "Analyses", "PipelineTier", "ChatAnswers", "CriticalRedirects", "ThrottledSignIns"] {
        assert!(names.contains(wanted), "no {wanted} among {names:?}");
    }
    if reported {
        assert!(names.contains("ReportRows") && names.contains("ReportDuration"), "{names:?}");
        // The id as a number of its own: a timestamp or a latency may hold its digits by chance
        // ("Timestamp": 1765036471234).
        let holds_id = |l: &str| {
            l.match_indices("3647").any(|(at, _)| {
                let digit = |c: char| c.is_ascii_digit() || c == '.';
                !l[..at].chars().next_back().is_some_and(digit) && !l[at + 4..].chars().next().is_some_and(digit)
            })
        };
        if let Some(line) = lines.iter().find(|l| holds_id(l)) {
            panic!("the patient's id is not in a metric: {line}");
        }
    }
    // Each request line names its route's template and outcome class.
    let requests: Vec<Value> = lines.iter().map(|l| serde_json::from_str::<Value>(l).unwrap()).filter(|v| v.get("Requests").is_some()).collect();
    assert!(requests.iter().any(|v| v["Route"] == "/api/v1/preauth/cases/{case_id}" && v["Outcome"] == "2xx" && v["Method"] == "GET"), "{requests:?}");
    assert!(requests.iter().any(|v| v["Route"] == "/api/v1/auth/token" && v["Outcome"] == "4xx"));
    // The redirect says which line of the critical-question check decided.
    let redirects: Vec<Value> = lines.iter().map(|l| serde_json::from_str::<Value>(l).unwrap()).filter(|v| v.get("CriticalRedirects").is_some()).collect();
    assert!(redirects.iter().any(|v| v["Chat"] == "patient" && v["Line"] == "rules"), "{redirects:?}");
}
