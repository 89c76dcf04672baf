//! Starting a system for a test and signing in its demo users.

use std::time::Duration;

use serde_json::{Value, json};

use mediclear_local::client::{Client, Reply, Socket};
use mediclear_local::system::{Options, System, start};

pub const PASSWORD: &str = "demo-password";

pub struct App {
    pub system: Option<System>,
    pub client: Client,
    pub dir: tempfile::TempDir,
}

impl App {
    /// A system with the demo users, policies and notes.
    pub async fn demo() -> App {
        Self::start_in(tempfile::tempdir().unwrap(), true).await
    }

    /// The whole demo, health insights included (patients with documents through the pipeline).
    pub async fn health_demo() -> App {
        Self::start_with(tempfile::tempdir().unwrap(), true, true).await
    }

    pub async fn start_in(dir: tempfile::TempDir, demo: bool) -> App {
        Self::start_with(dir, demo, false).await
    }

    async fn start_with(dir: tempfile::TempDir, demo: bool, health_demo: bool) -> App {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        // Retry delays shrink a hundredfold so failure paths finish quickly; order is unchanged.
        let system = start(listener, Options { demo, health_demo, time_scale: 0.01, ..Options::new(dir.path()) }).await.unwrap();
        let client = Client::new(&system.url());
        App { system: Some(system), client, dir }
    }

    pub fn url(&self) -> String {
        self.client.base().to_string()
    }

    /// Stops the system and starts a new one on the same data directory.
    pub async fn restart(mut self) -> App {
        if let Some(system) = self.system.take() {
            system.stop().await;
        }
        Self::start_in(self.dir, false).await
    }

    /// The status and bytes of a download link the runtime handed out (a report, a credential
    /// document): fetched without a token, as a browser follows it.
    pub async fn download(&self, url: &str) -> (u16, Vec<u8>) {
        let path = url.strip_prefix(&self.url()).expect("a link to the runtime");
        let reply = self.client.send(http::Method::GET, path, None, None, vec![]).await.unwrap();
        (reply.status.as_u16(), reply.raw.to_vec())
    }

    pub async fn token(&self, username: &str) -> String {
        self.client.token(username, PASSWORD).await.unwrap()
    }

    pub async fn socket(&self, token: &str) -> Socket {
        Socket::connect(&self.url(), Some(token)).await.unwrap()
    }

    /// Creates a user through the admin API and returns a token for it.
    pub async fn user(&self, username: &str, role: &str, bindings: Value) -> String {
        let admin = self.token("demo-admin").await;
        let mut body = json!({"username": username, "password": PASSWORD, "role": role});
        for (k, v) in bindings.as_object().unwrap() {
            body[k] = v.clone();
        }
        let reply = self.client.post("/api/v1/admin/users", Some(&admin), &body).await.unwrap();
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
        self.client.token(username, PASSWORD).await.unwrap()
    }

    pub async fn file_case(&self, token: &str, body: Value) -> Reply {
        self.client.post("/api/v1/preauth/cases", Some(token), &body).await.unwrap()
    }

    /// Files a case and waits for its analysis to finish; returns the analysed case.
    pub async fn analysed_case(&self, token: &str, body: Value) -> Value {
        let filed = self.file_case(token, body).await;
        assert_eq!(filed.status.as_u16(), 202, "{}", filed.body);
        let case_id = filed.body["data"]["case_id"].as_str().unwrap().to_string();
        self.wait_for_status(token, &case_id, &["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"]).await
    }

    /// Polls a case until it reaches one of `statuses`.
    pub async fn wait_for_status(&self, token: &str, case_id: &str, statuses: &[&str]) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let reply = self.client.get(&format!("/api/v1/preauth/cases/{case_id}"), Some(token)).await.unwrap();
            let status = reply.body["data"]["status"].as_str().unwrap_or_default().to_string();
            if statuses.contains(&status.as_str()) {
                return reply.body["data"].clone();
            }
            assert!(tokio::time::Instant::now() < deadline, "case {case_id} stuck in {status}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for an ingestion job to finish.
    pub async fn wait_for_job(&self, token: &str, job_id: &str) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let reply = self.client.get(&format!("/api/v1/jobs/{job_id}"), Some(token)).await.unwrap();
            let status = reply.body["data"]["status"].as_str().unwrap_or_default().to_string();
            if status == "INDEXED" || status == "FAILED" || status == "NEEDS_REVIEW" {
                return reply.body["data"].clone();
            }
            assert!(tokio::time::Instant::now() < deadline, "job {job_id} stuck in {status}: {}", reply.body);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A standard case body.
pub fn case_body(patient: &str, procedure: &str) -> Value {
    json!({"patient_id": patient, "procedure_code": procedure, "diagnosis_codes": [], "urgency": "standard"})
}

/// The demo cases and what they should end as.
pub fn demo_cases() -> Vec<mediclear_local::demo::DemoCase> {
    mediclear_local::demo::demo_cases()
}

pub fn body_of(case: &mediclear_local::demo::DemoCase) -> Value {
    json!({"patient_id": case.patient_id, "procedure_code": case.procedure_code, "diagnosis_codes": case.diagnosis_codes, "urgency": case.urgency.clone().unwrap_or_else(|| "standard".into())})
}
