//! Health insights II through the API: the risk assessment and the health score computed from
//! notes written the way clinicians write them, versioned, after an upload, changed answers and a
//! refresh; the patient chat (own records only, sources, "not in your records", history, the
//! critical-question redirect, the event stream); the doctor chat (one thread per doctor and
//! patient, closed by a revoked assignment).

use http::Method;
use serde_json::{Value, json};

use crate::harness::{App, PASSWORD};
use crate::health_documents::{People, people, processed, settled_refreshes, upload_body};

const REDIRECT: &str = "This requires immediate medical evaluation. Please consult your doctor or visit emergency services.";

/// A breast-clinic note as clinicians write them: abbreviations, a templated "denies" list, a
/// sister's mutation, social history figures.
const CLINIC_NOTE: &str = "Consultation note - 2025-06-02
Pt is a 51 y/o F seen for breast clinic f/u.
FHx: mother dx breast ca at 44. Sister BRCA1+.
ROS: Denies breast lump, nipple discharge, skin changes.
Exam: no palpable mass bilaterally. No axillary LAD.
SH: walks 30 min 5x/wk. ETOH 2 glasses wine/wk. Denies tobacco.
Mammogram 2025-05-20: BI-RADS 1, scattered fibroglandular density (B).
Plan: RTC 12 months; refer for genetic counselling.";

async fn get(app: &App, token: &str, path: &str) -> Value {
    let reply = app.client.get(path, Some(token)).await.unwrap();
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.body["data"].clone()
}

fn indicators(assessment: &Value, level: &str) -> Vec<String> {
    assessment["risk_categories"][level].as_array().unwrap().iter().map(|i| i["indicator"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn risk_and_score_follow_the_notes_and_answers_and_every_version_is_kept() {
    let app = App::demo().await;
    let People { patient, patient_token, doctor_token, .. } = people(&app, "insights").await;
    let (job, document) = processed(&app, &patient_token, &upload_body(&patient, "consultation_note", "clinic-note.txt", CLINIC_NOTE.as_bytes())).await;
    assert_eq!(job["status"], "INDEXED", "{job}");
    let document_id = document["document_id"].as_str().unwrap().to_string();

    let risk_path = format!("/api/v1/patients/{patient}/risk-assessment");
    let risk = get(&app, &patient_token, &risk_path).await;
    assert_eq!(risk["overall_risk"], "HIGH", "a mother with breast cancer at 44 is a strong family history: {risk}");
    let high = &risk["risk_categories"]["high_risk"];
    let family = high.as_array().unwrap().iter().find(|i| i["indicator"].as_str().unwrap().starts_with("Strong family history")).expect("family history");
    assert_eq!(family["source_id"], document_id.as_str());
    assert!(family["source"].as_str().unwrap().contains("clinic-note.txt") && family["source"].as_str().unwrap().contains("consultation_note"), "{family}");
    assert!(!indicators(&risk, "high_risk").iter().any(|i| i.starts_with("Known BRCA")), "the sister's mutation is not the patient's: {risk}");
    assert!(!indicators(&risk, "high_risk").iter().any(|i| i.starts_with("New hard lump")), "a denied lump is no lump: {risk}");
    assert!(indicators(&risk, "low_risk").iter().any(|i| i.starts_with("No lump")), "{risk}");
    assert!((1..=3).contains(&risk["stage"].as_u64().unwrap()));
    assert!(risk["recommended_tests"].as_array().unwrap().iter().all(|t| t["status"] == "present" || t["status"] == "missing"));
    assert_eq!(get(&app, &doctor_token, &risk_path).await["version"], risk["version"], "the assigned doctor reads the same version");

    let score_path = format!("/api/v1/patients/{patient}/health-score");
    let first = get(&app, &patient_token, &score_path).await;
    let components = &first["components"];
    assert!(components["physical_activity"]["score"].as_u64().is_some(), "150 minutes a week in the note: {first}");
    assert!(components["physical_activity"]["sources"].as_array().unwrap().iter().any(|s| s["source_id"] == document_id.as_str()));
    assert_eq!(components["stress_relaxation"]["status"], "insufficient_data", "nothing says how stressed she is: {first}");
    assert!(components["stress_relaxation"].get("score").is_none_or(Value::is_null), "no guessed number");
    let with_data = first["components_with_data"].as_u64().unwrap();
    assert!(with_data >= 1 && with_data < 6, "{first}");

    // New answers: a new version whose stress component has data; the old one stays readable.
    let profile = get(&app, &patient_token, &format!("/api/v1/patients/{patient}")).await;
    let update = json!({"version": profile["version"], "answers": {"stress_level": 2, "sleep_hours_per_night": 8, "relaxation_practice": "most_days"}});
    let reply = app.client.send(Method::PUT, &format!("/api/v1/patients/{patient}"), Some(&patient_token), Some("application/json"), update.to_string().into_bytes()).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let second = get(&app, &patient_token, &score_path).await;
    assert_eq!(second["version"].as_u64().unwrap(), first["version"].as_u64().unwrap() + 1, "{second}");
    assert!(second["components"]["stress_relaxation"]["score"].as_u64().is_some(), "{second}");
    assert!(second["components"]["stress_relaxation"]["sources"].as_array().unwrap().iter().any(|s| s["source"] == "Onboarding questionnaire"));
    assert_ne!(second["trend"], "new", "it compares with the first version");
    let old = get(&app, &patient_token, &format!("{score_path}?version={}", first["version"])).await;
    assert_eq!(old["components"]["stress_relaxation"]["status"], "insufficient_data");

    // A refresh that changes nothing makes no new version.
    let refresh = app.client.post("/api/v1/rag/refresh", Some(&doctor_token), &json!({"patient_id": patient, "trigger": "manual_trigger"})).await.unwrap();
    assert_eq!(refresh.status, 202, "{}", refresh.body);
    let refreshes = settled_refreshes(&app, &doctor_token, &patient).await;
    assert_eq!(refreshes[0]["status"], "COMPLETED", "{refreshes:?}");
    assert_eq!(get(&app, &patient_token, &score_path).await["version"], second["version"]);
    assert_eq!(get(&app, &patient_token, &risk_path).await["version"], risk["version"]);

    // Bad versions and callers.
    assert_eq!(app.client.get(&format!("{score_path}?version=0"), Some(&patient_token)).await.unwrap().body["error"]["code"], "INVALID_VERSION");
    assert_eq!(app.client.get(&format!("{score_path}?version=99"), Some(&patient_token)).await.unwrap().status, 404);
    let admin = app.token("demo-admin").await;
    assert_eq!(app.client.get(&score_path, Some(&admin)).await.unwrap().status, 403, "admins read no clinical content");
    let other = app.token("demo-patient").await;
    assert_eq!(app.client.get(&risk_path, Some(&other)).await.unwrap().status, 404);
}

async fn self_registered(app: &App, username: &str) -> (String, String) {
    let body = json!({"demographics": {"given_name": "Bea", "family_name": "Ortiz", "date_of_birth": "1968-09-30", "sex": "female"},
                      "username": username, "password": PASSWORD});
    let reply = app.client.post("/api/v1/patients/onboard", None, &body).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let patient = reply.body["data"]["patient_id"].as_str().unwrap().to_string();
    (patient, app.client.token(username, PASSWORD).await.unwrap())
}

async fn chat(app: &App, token: &str, patient: &str, body: Value) -> Value {
    let reply = app.client.post(&format!("/api/v1/patients/{patient}/chat"), Some(token), &body).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["data"].clone()
}

/// The events of a `text/event-stream` body: (event, data as JSON).
fn events(raw: &[u8]) -> Vec<(String, Value)> {
    let text = std::str::from_utf8(raw).unwrap();
    let mut out = Vec::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut name = String::new();
        let mut data = Vec::new();
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
        }
        if !name.is_empty() {
            out.push((name, serde_json::from_str(&data.join("\n")).unwrap()));
        }
    }
    out
}

#[tokio::test]
async fn the_patient_chat_answers_from_her_own_records_only_and_streams_the_same_answer() {
    let app = App::demo().await;
    let (ana, ana_token) = self_registered(&app, "chat-ana").await;
    let (bea, bea_token) = self_registered(&app, "chat-bea").await;
    // Two patients whose notes share nearly every word.
    let ana_note = "Lab report - 2025-04-01\nLDL cholesterol 3.1 mmol/L. HbA1c 38 mmol/mol. TSH 2.0 mU/L.\nComment: lipids within target.";
    let bea_note = "Lab report - 2025-04-02\nLDL cholesterol 4.9 mmol/L. HbA1c 52 mmol/mol. TSH 6.3 mU/L.\nComment: lipids above target.";
    let (_, ana_doc) = processed(&app, &ana_token, &upload_body(&ana, "lab_report", "ana-labs.txt", ana_note.as_bytes())).await;
    let (_, bea_doc) = processed(&app, &bea_token, &upload_body(&bea, "lab_report", "bea-labs.txt", bea_note.as_bytes())).await;
    let ana_doc = ana_doc["document_id"].as_str().unwrap().to_string();
    let bea_doc = bea_doc["document_id"].as_str().unwrap().to_string();

    let answer = chat(&app, &ana_token, &ana, json!({"message": "What was my LDL cholesterol?"})).await;
    let response = answer["response"].as_str().unwrap();
    assert!(response.contains("3.1") && !response.contains("4.9"), "{response}");
    assert_eq!(answer["requires_doctor_consultation"], false);
    let sources = answer["sources"].as_array().unwrap();
    assert!(!sources.is_empty(), "every answer lists its sources");
    assert!(sources.iter().all(|s| s["document_id"] == ana_doc.as_str()), "only her own documents: {sources:?}");
    let conversation = answer["conversation_id"].as_str().unwrap().to_string();

    // The same conversation continues; a question the records cannot answer says so.
    let unknown = chat(&app, &ana_token, &ana, json!({"message": "When was my last colonoscopy?", "conversation_id": conversation})).await;
    assert_eq!(unknown["conversation_id"], conversation.as_str());
    assert!(unknown["response"].as_str().unwrap().contains("not in your records"), "{unknown}");
    assert!(!unknown["sources"].as_array().unwrap().is_empty());
    assert!(unknown["sources"].as_array().unwrap().iter().all(|s| s["document_id"] != bea_doc.as_str()));

    // Critical questions get the redirect, before anything is retrieved — by the rules, or, for a
    // phrasing no rule holds, by the classifier behind them.
    for message in [
        "I have crushing chest pain right now",
        "do i have cancer??",
        "can I stop taking my tamoxifen without asking anyone",
        "my husband is clutching his chest and sweating buckets",
    ] {
        let redirected = chat(&app, &ana_token, &ana, json!({"message": message, "conversation_id": conversation})).await;
        assert_eq!(redirected["response"], REDIRECT, "{message}");
        assert_eq!(redirected["requires_doctor_consultation"], true);
    }

    // History carries across turns, and the conversation is hers alone.
    let stored = get(&app, &ana_token, &format!("/api/v1/patients/{ana}/conversations/{conversation}")).await;
    let messages = stored["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 12, "six questions and six answers: {stored}");
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(app.client.get(&format!("/api/v1/patients/{ana}/conversations/{conversation}"), Some(&bea_token)).await.unwrap().status, 404);
    assert_eq!(app.client.get(&format!("/api/v1/patients/{bea}/conversations/{conversation}"), Some(&bea_token)).await.unwrap().status, 404);
    let stolen = app.client.post(&format!("/api/v1/patients/{bea}/chat"), Some(&bea_token), &json!({"message": "hi", "conversation_id": conversation})).await.unwrap();
    assert_eq!(stolen.status, 404, "another patient's conversation cannot be continued");

    // The stream: tokens that make up the response, then the same object as the JSON answer.
    let question = json!({"message": "What was my HbA1c?"});
    let streamed = app
        .client
        .send_with(Method::POST, &format!("/api/v1/patients/{ana}/chat"), Some(&ana_token), &[("accept", "text/event-stream")], Some("application/json"), question.to_string().into_bytes())
        .await
        .unwrap();
    assert_eq!(streamed.status, 200);
    assert!(streamed.headers["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let events = events(&streamed.raw);
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{events:?}");
    let tokens: String = events.iter().filter(|(e, _)| e == "token").map(|(_, d)| d["text"].as_str().unwrap()).collect();
    assert_eq!(tokens, done["response"].as_str().unwrap());
    assert!(tokens.contains("38") && !tokens.contains("52"), "{tokens}");
    let json_answer = chat(&app, &ana_token, &ana, question).await;
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(done), keys(&json_answer));
    assert_eq!(done["response"], json_answer["response"]);
    assert_eq!(done["sources"], json_answer["sources"]);

    // Bad input loses nothing and says what is wrong.
    let empty = app.client.post(&format!("/api/v1/patients/{ana}/chat"), Some(&ana_token), &json!({"message": "  "})).await.unwrap();
    assert_eq!(empty.body["error"]["code"], "INVALID_MESSAGE");
    let odd = app.client.post(&format!("/api/v1/patients/{ana}/chat"), Some(&ana_token), &json!({"message": "hi", "conversation_id": "x; drop"})).await.unwrap();
    assert_eq!(odd.body["error"]["code"], "INVALID_CONVERSATION_ID");
}

#[tokio::test]
async fn a_doctor_has_one_thread_per_patient_with_summary_stats_and_a_revoked_assignment_closes_it() {
    let app = App::demo().await;
    let People { patient, patient_token, doctor_token, doctor_id } = people(&app, "doctor-chat").await;
    processed(&app, &patient_token, &upload_body(&patient, "consultation_note", "clinic-note.txt", CLINIC_NOTE.as_bytes())).await;
    let path = format!("/api/v1/doctors/{doctor_id}/chat");

    let reply = app.client.post(&path, Some(&doctor_token), &json!({"patient_id": patient, "message": "What did the mammogram show?", "additional_context": "Pre-op review"})).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let first = &reply.body["data"];
    assert!(first["response"].as_str().unwrap().contains("BI-RADS"), "{first}");
    assert!(!first["sources"].as_array().unwrap().is_empty());
    let stats = &first["patient_summary_stats"];
    assert!(stats["age"].as_u64().unwrap() >= 50, "born 1975: {stats}");
    assert_eq!(stats["last_consultation"], "2025-03-14", "the note's declared date: {stats}");
    let thread = first["conversation_id"].as_str().unwrap().to_string();

    // Without naming it, the doctor continues the same thread.
    let again = app.client.post(&path, Some(&doctor_token), &json!({"patient_id": patient, "message": "Any family history?"})).await.unwrap();
    assert_eq!(again.body["data"]["conversation_id"], thread.as_str());
    // The patient cannot read the doctor's thread.
    assert_eq!(app.client.get(&format!("/api/v1/patients/{patient}/conversations/{thread}"), Some(&patient_token)).await.unwrap().status, 404);

    // Revoked: the doctor no longer reaches the patient, and the thread is closed.
    let admin = app.token("demo-admin").await;
    let revoked = app.client.send(Method::DELETE, &format!("/api/v1/doctors/{doctor_id}/patients/{patient}"), Some(&admin), None, Vec::new()).await.unwrap();
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    assert_eq!(revoked.body["data"]["threads_closed"], 1);
    let after = app.client.post(&path, Some(&doctor_token), &json!({"patient_id": patient, "message": "Any update?"})).await.unwrap();
    assert_eq!(after.status, 404);
    // Assigned again: a new thread starts, the closed one cannot be continued.
    let assign = app.client.post(&format!("/api/v1/doctors/{doctor_id}/patients"), Some(&admin), &json!({"patient_id": patient})).await.unwrap();
    assert_eq!(assign.status, 201, "{}", assign.body);
    let fresh = app.client.post(&path, Some(&doctor_token), &json!({"patient_id": patient, "message": "Any update?"})).await.unwrap();
    assert_eq!(fresh.status, 200, "{}", fresh.body);
    assert_ne!(fresh.body["data"]["conversation_id"], thread.as_str());
    let closed = app.client.post(&path, Some(&doctor_token), &json!({"patient_id": patient, "message": "More?", "conversation_id": thread})).await.unwrap();
    assert_eq!(closed.status, 409);
    assert_eq!(closed.body["error"]["code"], "CONVERSATION_CLOSED");

    // Purging the patient removes the versions and the conversations.
    let purge = app.client.send(Method::DELETE, &format!("/api/v1/patients/{patient}"), Some(&admin), None, Vec::new()).await.unwrap();
    assert_eq!(purge.status, 200, "{}", purge.body);
    assert_eq!(purge.body["data"]["purged"]["conversations"], 2);
    assert!(purge.body["data"]["purged"]["insight_versions"].as_u64().unwrap() >= 2);
}
