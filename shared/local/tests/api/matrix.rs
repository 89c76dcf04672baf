//! Every route × every role × someone else's id: the status each caller gets. A route added to
//! template.yaml without a row here fails `every_route_is_in_the_matrix`.

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

    let rows = vec![
        Row { method: "POST", template_path: "/api/v1/auth/token", path: "/api/v1/auth/token".into(), body: Some(json!({"username": "demo-insurer", "password": PASSWORD})), expect: [200; 6] },
        Row { method: "POST", template_path: "/api/v1/admin/users", path: "/api/v1/admin/users".into(), body: Some(json!({"username": "matrix-user", "password": PASSWORD, "role": "insurer"})), expect: [201, 403, 403, 403, 403, 403] },
        Row { method: "POST", template_path: "/api/v1/preauth/cases", path: "/api/v1/preauth/cases".into(), body: Some(case_body("PAT-001", "27447")), expect: [403, 202, 202, 403, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/preauth/cases/{case_id}", path: format!("/api/v1/preauth/cases/{own_case}"), body: None, expect: [200, 200, 404, 200, 403, 403] },
        Row { method: "GET", template_path: "/api/v1/preauth/cases", path: "/api/v1/preauth/cases".into(), body: None, expect: [200, 200, 200, 200, 403, 403] },
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
            if row.template_path == "/api/v1/admin/users" {
                body.as_mut().unwrap()["username"] = json!(format!("matrix-{role}"));
            }
            let method: http::Method = row.method.parse().unwrap();
            let bytes = body.map(|b| serde_json::to_vec(&b).unwrap()).unwrap_or_default();
            let reply = app.client.send(method, &row.path, Some(&tokens[i]), Some("application/json"), bytes).await.unwrap();
            let got = reply.status.as_u16();
            assert!(got < 500, "{} {} as {role}: {got} {}", row.method, row.path, reply.body);
            assert!(reply.body["status"].is_string(), "{} {} as {role}: not enveloped", row.method, row.path);
            if got != row.expect[i] {
                failures.push(format!("{} {} as {role}: expected {}, got {got} {}", row.method, row.template_path, row.expect[i], reply.body));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
