//! Patients of health insights, through the API: the questionnaire, onboarding (self, admin,
//! verified doctor), reading and updating with versions, and purging — every route against every
//! role and someone else's id.

use chrono::Utc;
use http::Method;
use serde_json::{Value, json};

use mediclear_domain::health::doctor::VerificationStatus;
use mediclear_domain::ids::DoctorId;
use mediclear_ports::doctors::DoctorStore;
use mediclear_testkit::conformance::doctors::doctor;

use crate::harness::{App, PASSWORD};

fn demographics() -> Value {
    json!({"given_name": "Ana", "family_name": "Lima", "date_of_birth": "1975-04-12", "sex": "female"})
}

async fn register(app: &App, username: &str) -> (String, String) {
    let body = json!({"demographics": demographics(), "answers": {"activity_minutes_per_week": 90, "last_mammogram": "2025-10-01"},
                      "username": username, "password": PASSWORD});
    let reply = app.client.post("/api/v1/patients/onboard", None, &body).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let patient_id = reply.body["data"]["patient_id"].as_str().unwrap().to_string();
    (patient_id, app.client.token(username, PASSWORD).await.unwrap())
}

/// A doctor with a login and a stored record in the given standing.
async fn doctor_with(app: &App, username: &str, status: VerificationStatus) -> (DoctorId, String) {
    let mut record = doctor(0);
    record.verification_status = status;
    let doctors = app.system.as_ref().unwrap().deps.doctors.clone();
    doctors.create(&record).await.unwrap();
    let token = app.user(username, "doctor", json!({"doctor_id": record.doctor_id})).await;
    (record.doctor_id, token)
}

async fn assign(app: &App, doctor: &DoctorId, patient: &str) {
    use mediclear_ports::patients::{Assignment, CareTeam};
    let care_team = app.system.as_ref().unwrap().deps.care_team.clone();
    let patient_id = mediclear_domain::ids::PatientId::parse(patient).unwrap();
    care_team.assign(&Assignment { doctor_id: doctor.clone(), patient_id, assigned_by: "test".into(), assigned_at: Utc::now() }).await.unwrap();
}

#[tokio::test]
async fn the_questionnaire_is_public_and_says_what_each_answer_feeds() {
    let app = App::demo().await;
    let reply = app.client.get("/api/v1/patients/questionnaire", None).await.unwrap();
    assert_eq!(reply.status, 200);
    let questions = reply.body["data"].as_array().unwrap();
    assert!(questions.len() >= 25, "{}", questions.len());
    for q in questions {
        assert!(q["id"].is_string() && q["text"].is_string(), "{q}");
        assert!(["boolean", "choice", "number", "date", "text"].contains(&q["type"].as_str().unwrap()), "{q}");
        assert!(!q["feeds"].as_array().unwrap().is_empty(), "{q}");
        if q["type"] == "choice" {
            assert!(q["options"].as_array().is_some_and(|o| o.iter().all(Value::is_string)), "{q}");
        }
    }
    let ids: Vec<&str> = questions.iter().map(|q| q["id"].as_str().unwrap()).collect();
    for expected in ["family_history_breast_cancer", "genetic_mutation", "chest_radiation_before_30", "breast_density", "last_mammogram", "last_lipid_panel", "last_thyroid_test", "missed_follow_ups_last_year"] {
        assert!(ids.contains(&expected), "{expected}");
    }
}

#[tokio::test]
async fn a_patient_registers_themself_and_reaches_only_their_own_record() {
    let app = App::demo().await;
    let (ana, ana_token) = register(&app, "ana-lima").await;
    let (ben, _) = register(&app, "ben-costa").await;
    let reply = app.client.get(&format!("/api/v1/patients/{ana}"), Some(&ana_token)).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["data"]["version"], 1);
    assert_eq!(reply.body["data"]["demographics"]["given_name"], "Ana");
    assert_eq!(reply.body["data"]["answers"]["activity_minutes_per_week"], 90.0);
    for path in [format!("/api/v1/patients/{ben}"), "/api/v1/patients/PAT-DOES-NOT-EXIST".to_string()] {
        let reply = app.client.get(&path, Some(&ana_token)).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (404, Some("NOT_FOUND")), "{path}");
        assert!(!reply.body.to_string().contains("Ana"));
    }
    // Providers and insurers never see patients of health insights.
    let provider = app.token("demo-provider").await;
    assert_eq!(app.client.get(&format!("/api/v1/patients/{ana}"), Some(&provider)).await.unwrap().status, 403);
}

#[tokio::test]
async fn onboarding_names_every_problem_and_never_echoes_them() {
    let app = App::demo().await;
    let body = json!({"demographics": {"given_name": "", "family_name": "Lima", "date_of_birth": "2090-01-01", "sex": "female"},
                      "answers": {"family_history_breast_cancer": "my aunt Zelda", "sleep_hours_per_night": 40}, "username": "zz-user", "password": PASSWORD});
    let reply = app.client.post("/api/v1/patients/onboard", None, &body).await.unwrap();
    assert_eq!(reply.status, 400, "{}", reply.body);
    let codes: Vec<&str> = reply.body["error"]["details"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    for code in ["INVALID_DEMOGRAPHICS_GIVEN_NAME", "INVALID_DEMOGRAPHICS_DATE_OF_BIRTH", "INVALID_ANSWERS_FAMILY_HISTORY_BREAST_CANCER", "INVALID_ANSWERS_SLEEP_HOURS_PER_NIGHT"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(!reply.body.to_string().contains("Zelda"));
    assert!(app.client.token("zz-user", PASSWORD).await.is_err(), "no login was created for a refused registration");

    let no_login = app.client.post("/api/v1/patients/onboard", None, &json!({"demographics": demographics()})).await.unwrap();
    assert_eq!((no_login.status.as_u16(), no_login.body["error"]["code"].as_str()), (400, Some("INVALID_USERNAME")));
    let taken = json!({"demographics": demographics(), "username": "demo-provider", "password": PASSWORD});
    assert_eq!(app.client.post("/api/v1/patients/onboard", None, &taken).await.unwrap().status, 409);
    let forged = app.client.post("/api/v1/patients/onboard", Some("not-a-token"), &json!({"demographics": demographics()})).await.unwrap();
    assert_eq!(forged.status, 401);
    let provider = app.token("demo-provider").await;
    let as_provider = app.client.post("/api/v1/patients/onboard", Some(&provider), &json!({"demographics": demographics()})).await.unwrap();
    assert_eq!(as_provider.status, 403);
}

#[tokio::test]
async fn admins_and_verified_doctors_onboard_and_doctors_see_only_assigned_patients_once_verified() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let by_admin = app.client.post("/api/v1/patients/onboard", Some(&admin), &json!({"demographics": demographics()})).await.unwrap();
    assert_eq!(by_admin.status, 201, "{}", by_admin.body);
    let patient = by_admin.body["data"]["patient_id"].as_str().unwrap().to_string();
    assert_eq!(app.client.get(&format!("/api/v1/patients/{patient}"), Some(&admin)).await.unwrap().status, 200);

    let (pending_id, pending) = doctor_with(&app, "dr-pending", VerificationStatus::PendingManualReview).await;
    let (verified_id, verified) = doctor_with(&app, "dr-verified", VerificationStatus::Verified).await;
    let (_, stranger) = doctor_with(&app, "dr-stranger", VerificationStatus::Verified).await;
    assign(&app, &pending_id, &patient).await;
    let path = format!("/api/v1/patients/{patient}");
    assert_eq!(app.client.get(&path, Some(&pending)).await.unwrap().status, 404, "assigned but not verified");
    assert_eq!(app.client.get(&path, Some(&verified)).await.unwrap().status, 404, "verified but not assigned");
    assert_eq!(app.client.get(&path, Some(&stranger)).await.unwrap().status, 404);
    assign(&app, &verified_id, &patient).await;
    assert_eq!(app.client.get(&path, Some(&verified)).await.unwrap().status, 200, "verified and assigned");
    assert_eq!(app.client.send(Method::DELETE, &path, Some(&verified), None, Vec::new()).await.unwrap().status, 403, "doctors do not purge");

    // A verified doctor's own onboarding assigns them; an unverified one may not onboard.
    let mine = app.client.post("/api/v1/patients/onboard", Some(&verified), &json!({"demographics": demographics()})).await.unwrap();
    assert_eq!(mine.status, 201, "{}", mine.body);
    let mine_id = mine.body["data"]["patient_id"].as_str().unwrap();
    assert_eq!(app.client.get(&format!("/api/v1/patients/{mine_id}"), Some(&verified)).await.unwrap().status, 200);
    assert_eq!(app.client.post("/api/v1/patients/onboard", Some(&pending), &json!({"demographics": demographics()})).await.unwrap().status, 403);
}

#[tokio::test]
async fn updates_name_the_version_they_read_and_a_stale_one_changes_nothing() {
    let app = App::demo().await;
    let (ana, token) = register(&app, "ana-update").await;
    let path = format!("/api/v1/patients/{ana}");
    let put = |body: Value, if_match: Option<&'static str>| {
        let token = token.clone();
        let path = path.clone();
        let client = app.client.clone();
        async move {
            let headers: Vec<(&str, &str)> = if_match.map(|v| vec![("if-match", v)]).unwrap_or_default();
            client.send_with(Method::PUT, &path, Some(&token), &headers, Some("application/json"), serde_json::to_vec(&body).unwrap()).await.unwrap()
        }
    };
    let first = put(json!({"version": 1, "answers": {"sleep_hours_per_night": 7, "activity_minutes_per_week": null}}), None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["data"]["version"], 2);
    assert_eq!(first.body["data"]["answers"]["sleep_hours_per_night"], 7.0);
    assert!(first.body["data"]["answers"].get("activity_minutes_per_week").is_none(), "null clears an answer");

    let stale = put(json!({"answers": {"sleep_hours_per_night": 5}}), Some("\"1\"")).await;
    assert_eq!((stale.status.as_u16(), stale.body["error"]["code"].as_str()), (409, Some("STALE_VERSION")));
    assert_eq!(stale.body["error"]["details"]["current_version"], 2);
    let now = app.client.get(&path, Some(&token)).await.unwrap();
    assert_eq!(now.body["data"]["answers"]["sleep_hours_per_night"], 7.0, "the stale write changed nothing");

    assert_eq!(put(json!({"answers": {"sleep_hours_per_night": 6}}), Some("2")).await.status, 200, "If-Match works as well");
    let missing = put(json!({"answers": {}}), None).await;
    assert_eq!(missing.body["error"]["code"], "INVALID_VERSION");
    let bad = put(json!({"version": 3, "answers": {"stress_level": 9}}), None).await;
    assert_eq!(bad.body["error"]["code"], "INVALID_ANSWERS_STRESS_LEVEL");
    let admin = app.token("demo-admin").await;
    let by_admin = app.client.send(Method::PUT, &path, Some(&admin), Some("application/json"), serde_json::to_vec(&json!({"version": 3})).unwrap()).await.unwrap();
    assert_eq!(by_admin.status, 403, "admins do not edit clinical answers");
}

#[tokio::test]
async fn purging_removes_everything_and_a_second_purge_finds_nothing() {
    let app = App::demo().await;
    let (ana, token) = register(&app, "ana-purge").await;
    let (doctor_id, _) = doctor_with(&app, "dr-purge", VerificationStatus::Verified).await;
    assign(&app, &doctor_id, &ana).await;
    // A record indexed for the patient (a pre-auth upload).
    let provider = app.token("demo-provider").await;
    let upload = app.client.post("/api/v1/preauth/records", Some(&provider), &json!({"patient_id": ana, "file_name": "visit.txt", "text": "Right knee pain for a year."})).await.unwrap();
    assert_eq!(upload.status, 202);
    app.wait_for_job(&provider, upload.body["job_id"].as_str().unwrap()).await;

    let path = format!("/api/v1/patients/{ana}");
    let other = app.client.send(Method::DELETE, "/api/v1/patients/PAT-SOMEONE-ELSE", Some(&token), None, Vec::new()).await.unwrap();
    assert_eq!(other.status, 404, "a patient purges only themself");
    let reply = app.client.send(Method::DELETE, &path, Some(&token), None, Vec::new()).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let purged = &reply.body["data"]["purged"];
    assert_eq!((purged["patient"].as_u64(), purged["login"].as_u64(), purged["doctor_assignments"].as_u64()), (Some(1), Some(1), Some(1)), "{purged}");
    assert!(purged["files"].as_u64().unwrap() >= 2, "the record and its sidecar: {purged}");
    assert!(purged["chunks"].as_u64().unwrap() >= 1, "{purged}");
    assert_eq!(reply.body["data"]["nothing_left"], false);

    assert!(app.client.token("ana-purge", PASSWORD).await.is_err(), "the login is gone");
    let admin = app.token("demo-admin").await;
    assert_eq!(app.client.get(&path, Some(&admin)).await.unwrap().status, 404);
    let again = app.client.send(Method::DELETE, &path, Some(&admin), None, Vec::new()).await.unwrap();
    assert_eq!(again.status, 200);
    assert_eq!(again.body["data"]["nothing_left"], true, "{}", again.body);
    // Nothing of the patient is retrievable any more.
    let matched = app.client.post("/api/v1/preauth/criteria/match", Some(&provider), &json!({"patient_id": ana, "procedure_code": "27447"})).await.unwrap();
    assert!(!matched.body.to_string().contains("Right knee pain for a year"), "{}", matched.body);
}
