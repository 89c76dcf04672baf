//! The people of the load run, made through the API before it starts (timed, not counted), as
//! an organisation adopting MediClear would make them:
//!
//! - **providers** and **insurers**: `POST /admin/users` as `demo-admin` — providers bound to the
//!   demo clinic `PRV-001`, so their cases find the demo's clinical notes;
//! - **patients**: `POST /patients/onboard` without a token, with a username and password
//!   (self-registration);
//! - **doctors**: `POST /doctors/onboard` with a degree and a licence (text PDFs, read by the
//!   offline credential reader), then verified (`POST /doctors/{id}/verification`) and given their
//!   patients (`POST /doctors/{id}/patients`) by the admin; each patient has one doctor;
//! - **report makers**: `POST /admin/users` as doctors of `ORG-001`, the organisation of the
//!   demo's Eunomia database (registered by `--demo` when the machine's PostgreSQL has it).
//!
//! Then each patient's doctor uploads two documents of the insights section's record for the
//! patient (with the patient's own id), and they are processed before the run, so every chat has
//! a record to answer from.
//!
//! The sign-in's password hashing runs on a pool of two threads that asks callers to retry (`429`)
//! past 64 waiting, so accounts are made a few at a time, and a `429` is waited out.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use axum::http::Method;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use mediclear_local::client::{Client, Reply};
use mediclear_local::demo::{DEMO_PASSWORD, DEMO_PROVIDER};
use mediclear_testkit::client_dbs::SERIES_PEOPLE;

use super::form::Form;
use super::users::{Role, User, patient_document, retry_after};
use crate::insights::record::RecordDocument;

/// Every load account's password (offline, in a throw-away data directory, like the demo's).
const PASSWORD: &str = "load-password";
const ADMIN: &str = "demo-admin";
/// Requests in flight while setting up: more only queue for the two hashing threads.
const WIDTH: usize = 4;
/// Documents each patient has before the run.
const SEED_DOCUMENTS: usize = 2;
/// Longest wait for one setup request.
const SETUP_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest wait for the seed documents to be processed, a document (a busy 2-core machine indexes
/// about ten a second).
const SEED_WAIT_EACH: Duration = Duration::from_millis(500);
const JOB_ENDED: [&str; 3] = ["INDEXED", "NEEDS_REVIEW", "FAILED"];

/// How many users of each role: 30 % providers, 10 % insurers, 45 % patients, 10 % doctors, 5 %
/// report makers (none without the demo database: their share goes to the providers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mix {
    pub providers: usize,
    pub insurers: usize,
    pub patients: usize,
    pub doctors: usize,
    pub report_makers: usize,
}

impl Mix {
    pub fn of(users: usize, with_reports: bool) -> Mix {
        let share = |percent: usize| users * percent / 100;
        let (insurers, patients, doctors) = (share(10).max(1), share(45).max(1), share(10).max(1));
        let report_makers = if with_reports { share(5).max(1) } else { 0 };
        let providers = users.saturating_sub(insurers + patients + doctors + report_makers).max(1);
        Mix { providers, insurers, patients, doctors, report_makers }
    }

    pub fn total(&self) -> usize {
        self.providers + self.insurers + self.patients + self.doctors + self.report_makers
    }

    pub fn describe(&self) -> String {
        format!(
            "{} providers, {} insurers, {} patients, {} doctors, {} report makers",
            self.providers, self.insurers, self.patients, self.doctors, self.report_makers
        )
    }
}

/// The users, and what making them took.
pub struct Population {
    pub mix: Mix,
    /// Interleaved by role, so that every role arrives evenly over the ramp.
    pub users: Vec<User>,
    /// The demo's Eunomia connection, when `--demo` registered it.
    pub connection: Option<String>,
    pub accounts_s: f64,
    pub seed_documents: usize,
    pub seed_s: f64,
    /// How the seed documents ended (`INDEXED`, …) → count.
    pub seed_ended: std::collections::BTreeMap<String, usize>,
}

/// Makes `users` users on the system at `base`.
pub async fn create(base: &str, users: usize, documents: Arc<Vec<RecordDocument>>) -> anyhow::Result<Population> {
    let client = Client::new(base);
    let admin = client.token(ADMIN, DEMO_PASSWORD).await?;
    let connection = demo_connection(&client, &admin).await?;
    let mix = Mix::of(users, connection.is_some());
    let started = Instant::now();

    let plain = |role: &'static str, n: usize, bind: fn(usize) -> Value| -> Vec<Value> {
        (1..=n)
            .map(|i| {
                let mut body = json!({"username": format!("load-{role}-{i:04}"), "password": PASSWORD, "role": role});
                if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), bind(i)) {
                    body.extend(extra);
                }
                body
            })
            .collect()
    };
    let admin_users: Vec<Value> = plain("provider", mix.providers, |_| json!({"provider_id": DEMO_PROVIDER}))
        .into_iter()
        .chain(plain("insurer", mix.insurers, |_| json!({})))
        .collect();
    eprintln!("load: setting up {} accounts ({})…", mix.total(), mix.describe());
    let (c, t) = (client.clone(), admin.clone());
    in_parallel(admin_users, move |body| {
        let (client, token) = (c.clone(), t.clone());
        async move { send(&client, Method::POST, "/api/v1/admin/users", Some(&token), &body).await.map(|_| ()) }
    })
    .await
    .context("creating providers and insurers")?;

    let c = client.clone();
    let patient_ids = in_parallel((1..=mix.patients).collect(), move |i| {
        let client = c.clone();
        async move {
            let body = json!({
                "demographics": {"given_name": "Load", "family_name": format!("Patient{i:04}"), "date_of_birth": format!("{}-0{}-1{}", 1950 + i % 50, 1 + i % 9, i % 10),
                                 "sex": if i % 5 == 0 { "male" } else { "female" }},
                "answers": {},
                "username": format!("load-patient-{i:04}"), "password": PASSWORD,
            });
            let reply = send(&client, Method::POST, "/api/v1/patients/onboard", None, &body).await?;
            reply.body["data"]["patient_id"].as_str().map(str::to_string).ok_or_else(|| anyhow!("onboarding answered no patient_id"))
        }
    })
    .await
    .context("onboarding patients")?;

    let (c, t) = (client.clone(), admin.clone());
    let doctor_ids = in_parallel((1..=mix.doctors).collect(), move |i| {
        let (client, admin) = (c.clone(), t.clone());
        async move { sign_up_doctor(&client, &admin, i).await }
    })
    .await
    .context("signing doctors up")?;
    // Patient j is doctor (j mod doctors)'s.
    let assignments: Vec<(String, String)> = patient_ids.iter().enumerate().map(|(j, p)| (doctor_ids[j % doctor_ids.len()].clone(), p.clone())).collect();
    let (c, t) = (client.clone(), admin.clone());
    in_parallel(assignments.clone(), move |(doctor_id, patient_id)| {
        let (client, token) = (c.clone(), t.clone());
        async move { send(&client, Method::POST, &format!("/api/v1/doctors/{doctor_id}/patients"), Some(&token), &json!({"patient_id": patient_id})).await.map(|_| ()) }
    })
    .await
    .context("assigning patients to doctors")?;
    let makers: Vec<Value> = (1..=mix.report_makers)
        .map(|i| {
            json!({"username": format!("load-reports-{i:04}"), "password": PASSWORD, "role": "doctor",
                   "doctor_id": doctor_ids[i % doctor_ids.len()], "org_id": "ORG-001"})
        })
        .collect();
    let (c, t) = (client.clone(), admin.clone());
    in_parallel(makers, move |body| {
        let (client, token) = (c.clone(), t.clone());
        async move { send(&client, Method::POST, "/api/v1/admin/users", Some(&token), &body).await.map(|_| ()) }
    })
    .await
    .context("creating report makers")?;
    let accounts_s = started.elapsed().as_secs_f64();

    eprintln!("load: {} seed documents through the pipeline…", assignments.len() * SEED_DOCUMENTS);
    let started = Instant::now();
    let seed_ended = seed_documents(&client, &doctor_ids, &assignments, documents).await.context("seeding the patients' documents")?;
    let seed_s = started.elapsed().as_secs_f64();

    let of_doctor = |doctor_id: &str| assignments.iter().filter(|(d, _)| d == doctor_id).map(|(_, p)| p.clone()).collect::<Vec<_>>();
    let user = |username: String, role: Role| User { username, password: PASSWORD.into(), role };
    let eunomia: Vec<String> = SERIES_PEOPLE.iter().map(|p| p.to_string()).collect();
    let by_role: Vec<Vec<User>> = vec![
        (1..=mix.providers).map(|i| user(format!("load-provider-{i:04}"), Role::Provider)).collect(),
        (1..=mix.insurers).map(|i| user(format!("load-insurer-{i:04}"), Role::Insurer)).collect(),
        patient_ids.iter().enumerate().map(|(j, p)| user(format!("load-patient-{:04}", j + 1), Role::Patient { patient_id: p.clone() })).collect(),
        doctor_ids.iter().enumerate().map(|(j, d)| user(format!("load-doctor-{:04}", j + 1), Role::Doctor { doctor_id: d.clone(), patients: of_doctor(d) })).collect(),
        (1..=mix.report_makers).map(|i| user(format!("load-reports-{i:04}"), Role::ReportMaker { patients: eunomia.clone() })).collect(),
    ];
    Ok(Population { mix, users: interleave(by_role), connection, accounts_s, seed_documents: assignments.len() * SEED_DOCUMENTS, seed_s, seed_ended })
}

/// Merges the roles' lists so that each role's k-th user comes at k/len of the whole.
fn interleave(by_role: Vec<Vec<User>>) -> Vec<User> {
    let mut placed: Vec<(f64, usize, User)> = Vec::new();
    for (role, users) in by_role.into_iter().enumerate() {
        let len = users.len() as f64;
        placed.extend(users.into_iter().enumerate().map(|(k, u)| ((k as f64 + 0.5) / len, role, u)));
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    placed.into_iter().map(|(_, _, u)| u).collect()
}

/// The Eunomia connection `--demo` registers for `ORG-001`, with its schema extracted once (the
/// first report would otherwise extract it).
async fn demo_connection(client: &Client, admin: &str) -> anyhow::Result<Option<String>> {
    let listed = client.get("/api/v1/connections", Some(admin)).await?;
    anyhow::ensure!(listed.status.is_success(), "listing connections: {}", listed.status);
    let found = listed.body["data"]["connections"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["org_id"] == "ORG-001" && c["connection_name"].as_str().is_some_and(|n| n.starts_with("Eunomia demo")))
        .and_then(|c| c["connection_id"].as_str())
        .map(str::to_string);
    if let Some(id) = &found {
        let schema = client.get(&format!("/api/v1/connections/{id}/schema"), Some(admin)).await?;
        anyhow::ensure!(schema.status.is_success(), "extracting the demo database's schema: {}", schema.status);
    }
    Ok(found)
}

/// A doctor signs up with a degree and a licence, and the admin verifies it; its id.
async fn sign_up_doctor(client: &Client, admin: &str, i: usize) -> anyhow::Result<String> {
    let name = format!("Load Doctor{i:04}");
    let degree = mediclear_testkit::pdf::text_pdf(&[
        "UNIVERSITY OF MICHIGAN MEDICAL SCHOOL",
        "have conferred upon",
        name.as_str(),
        "the degree of",
        "Doctor of Medicine",
        "Given at Ann Arbor, Michigan, on the third day of May, 2013.",
    ]);
    let license = mediclear_testkit::pdf::text_pdf(&[
        "STATE OF OHIO MEDICAL BOARD",
        "Physician License",
        format!("Name: DOCTOR{i:04}, LOAD").as_str(),
        format!("License Number: 35.{:06}", 100_000 + i).as_str(),
        "Issue Date: 06/17/2016",
        "Status: Active",
    ]);
    let (content_type, body) = Form::new()
        .field("name", &format!("Dr. {name}"))
        .field("email", &format!("load-doctor-{i:04}@example.org"))
        .field("specialization", "Family medicine")
        .field("username", &format!("load-doctor-{i:04}"))
        .field("password", PASSWORD)
        .file("degree_document", "degree.pdf", "application/pdf", &degree)
        .file("license_document", "license.pdf", "application/pdf", &license)
        .finish();
    let reply = send_raw(client, Method::POST, "/api/v1/doctors/onboard", None, Some(&content_type), body).await?;
    let doctor_id = reply.body["data"]["doctor_id"].as_str().map(str::to_string).ok_or_else(|| anyhow!("the sign-up answered no doctor_id"))?;
    send(client, Method::POST, &format!("/api/v1/doctors/{doctor_id}/verification"), Some(admin), &json!({"status": "VERIFIED", "note": "Load run."})).await?;
    Ok(doctor_id)
}

/// Each patient's doctor uploads [`SEED_DOCUMENTS`] documents for the patient; waits for every
/// job to end. How they ended.
async fn seed_documents(
    client: &Client,
    doctor_ids: &[String],
    assignments: &[(String, String)],
    documents: Arc<Vec<RecordDocument>>,
) -> anyhow::Result<std::collections::BTreeMap<String, usize>> {
    let c = client.clone();
    let tokens = in_parallel(doctor_ids.iter().enumerate().map(|(j, d)| (j, d.clone())).collect(), move |(j, doctor_id)| {
        let client = c.clone();
        async move { Ok((doctor_id, sign_in(&client, &format!("load-doctor-{:04}", j + 1)).await?)) }
    })
    .await?;
    let uploads: Vec<(String, String, usize)> = assignments
        .iter()
        .enumerate()
        .flat_map(|(j, (doctor_id, patient_id))| {
            let token = tokens.iter().find(|(d, _)| d == doctor_id).map(|(_, t)| t.clone()).unwrap_or_default();
            (0..SEED_DOCUMENTS).map(move |k| (token.clone(), patient_id.clone(), j * SEED_DOCUMENTS + k))
        })
        .collect();
    let c = client.clone();
    let jobs = in_parallel(uploads, move |(token, patient_id, n)| {
        let (client, documents) = (c.clone(), documents.clone());
        async move {
            let (file_name, document_type, document_date, text) = patient_document(&documents, &patient_id, n);
            let (content_type, body) = Form::new()
                .field("patient_id", &patient_id)
                .field("document_type", document_type)
                .field("document_date", document_date)
                .file("file", &file_name, "text/plain", text.as_bytes())
                .finish();
            let reply = send_raw(&client, Method::POST, "/api/v1/documents/upload", Some(&token), Some(&content_type), body).await?;
            let job_id = reply.body["data"]["job_id"].as_str().ok_or_else(|| anyhow!("the upload answered no job_id"))?.to_string();
            Ok((token, job_id))
        }
    })
    .await?;
    let wait = SETUP_TIMEOUT.max(SEED_WAIT_EACH * jobs.len() as u32);
    let deadline = Instant::now() + wait;
    let mut ended = std::collections::BTreeMap::new();
    for (token, job_id) in jobs {
        loop {
            let job = client.get(&format!("/api/v1/jobs/{job_id}"), Some(&token)).await?;
            let status = job.body["data"]["status"].as_str().unwrap_or_default();
            if JOB_ENDED.contains(&status) {
                *ended.entry(status.to_string()).or_insert(0) += 1;
                break;
            }
            if Instant::now() > deadline {
                bail!("seed document job still {status:?} after {wait:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(ended)
}

async fn sign_in(client: &Client, username: &str) -> anyhow::Result<String> {
    let reply = send(client, Method::POST, "/api/v1/auth/token", None, &json!({"username": username, "password": PASSWORD})).await?;
    reply.body["data"]["access_token"].as_str().map(str::to_string).ok_or_else(|| anyhow!("no access_token for {username}"))
}

/// A JSON request that must succeed; a `429` is waited out.
async fn send(client: &Client, method: Method, path: &str, token: Option<&str>, body: &Value) -> anyhow::Result<Reply> {
    send_raw(client, method, path, token, Some("application/json"), body.to_string().into_bytes()).await
}

async fn send_raw(client: &Client, method: Method, path: &str, token: Option<&str>, content_type: Option<&str>, body: Vec<u8>) -> anyhow::Result<Reply> {
    loop {
        let reply = tokio::time::timeout(SETUP_TIMEOUT, client.send(method.clone(), path, token, content_type, body.clone()))
            .await
            .map_err(|_| anyhow!("{method} {path}: no answer within {SETUP_TIMEOUT:?}"))??;
        match reply.status.as_u16() {
            200..=299 => return Ok(reply),
            429 => tokio::time::sleep(retry_after(&reply)).await,
            // The code only: a message may repeat what was sent.
            status => bail!("{method} {path}: {status} {}", reply.body["error"]["code"].as_str().unwrap_or("")),
        }
    }
}

/// Runs `work` on every item, [`WIDTH`] at a time; the results in the items' order.
async fn in_parallel<T, R, F, Fut>(items: Vec<T>, work: F) -> anyhow::Result<Vec<R>>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<R>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(WIDTH));
    let work = Arc::new(work);
    let handles: Vec<_> = items
        .into_iter()
        .map(|item| {
            let (permits, work) = (permits.clone(), work.clone());
            tokio::spawn(async move {
                let _permit = permits.acquire_owned().await?;
                work(item).await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await??);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_adds_up_and_interleaves() {
        let mix = Mix::of(1000, true);
        assert_eq!((mix.providers, mix.insurers, mix.patients, mix.doctors, mix.report_makers), (300, 100, 450, 100, 50));
        assert_eq!(Mix::of(1000, false).providers, 350);
        assert_eq!(Mix::of(7, true).total(), 7);
        let user = |n: &str| User { username: n.into(), password: String::new(), role: Role::Insurer };
        let merged = interleave(vec![vec![user("a1"), user("a2"), user("a3"), user("a4")], vec![user("b1")]]);
        let names: Vec<&str> = merged.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["a1", "a2", "b1", "a3", "a4"]);
    }
}
