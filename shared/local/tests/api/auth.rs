use serde_json::json;

use crate::harness::{App, PASSWORD};

#[tokio::test]
async fn demo_users_sign_in_and_get_bearer_tokens() {
    let app = App::demo().await;
    for user in ["demo-admin", "demo-provider", "demo-insurer", "demo-doctor", "demo-patient"] {
        let reply = app.client.post("/api/v1/auth/token", None, &json!({"username": user, "password": PASSWORD})).await.unwrap();
        assert_eq!(reply.status.as_u16(), 200, "{user}: {}", reply.body);
        assert_eq!(reply.body["data"]["token_type"], "Bearer");
        assert_eq!(reply.body["data"]["expires_in"], 3600);
        assert!(reply.body["data"]["access_token"].as_str().unwrap().split('.').count() == 3);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = App::demo().await;
    let wrong = app.client.post("/api/v1/auth/token", None, &json!({"username": "demo-admin", "password": "not-the-password"})).await.unwrap();
    let unknown = app.client.post("/api/v1/auth/token", None, &json!({"username": "nobody-here", "password": "not-the-password"})).await.unwrap();
    assert_eq!(wrong.status.as_u16(), 401);
    assert_eq!(unknown.status.as_u16(), 401);
    assert_eq!(wrong.body["error"], unknown.body["error"]);
    let missing = app.client.post("/api/v1/auth/token", None, &json!({"password": "x"})).await.unwrap();
    assert_eq!((missing.status.as_u16(), missing.body["error"]["code"].as_str()), (400, Some("INVALID_USERNAME")));
}

#[tokio::test]
async fn protected_routes_refuse_missing_or_forged_tokens() {
    let app = App::demo().await;
    let none = app.client.get("/api/v1/preauth/cases", None).await.unwrap();
    assert_eq!(none.status.as_u16(), 401);
    assert_eq!(none.body["error"]["code"], "UNAUTHORIZED");
    let token = app.token("demo-insurer").await;
    let mut forged = token.clone();
    forged.pop();
    forged.push(if token.ends_with('A') { 'B' } else { 'A' });
    let reply = app.client.get("/api/v1/preauth/cases", Some(&forged)).await.unwrap();
    assert_eq!(reply.status.as_u16(), 401);
}

#[tokio::test]
async fn admins_create_users_bound_to_their_ids() {
    let app = App::demo().await;
    let token = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let reply = app.file_case(&token, crate::harness::case_body("PAT-900", "27447")).await;
    assert_eq!(reply.status.as_u16(), 202);
    assert_eq!(reply.body["data"]["provider_id"], "PRV-002");
}

#[tokio::test]
async fn user_creation_is_validated_and_admin_only() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    let cases = [
        (json!({"username": "u1", "password": PASSWORD, "role": "provider"}), "INVALID_USERNAME"),
        (json!({"username": "user-one", "password": PASSWORD, "role": "provider"}), "INVALID_PROVIDER_ID"),
        (json!({"username": "user-one", "password": PASSWORD, "role": "pilot"}), "INVALID_ROLE"),
        (json!({"username": "user-one", "password": "short", "role": "insurer"}), "INVALID_PASSWORD"),
        (json!({"username": "user-one", "password": PASSWORD, "role": "patient", "patient_id": "P-1", "provider_id": "PRV-1"}), "INVALID_PROVIDER_ID"),
    ];
    for (body, code) in cases {
        let reply = app.client.post("/api/v1/admin/users", Some(&admin), &body).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{body}");
    }
    let duplicate = app.client.post("/api/v1/admin/users", Some(&admin), &json!({"username": "demo-provider", "password": PASSWORD, "role": "insurer"})).await.unwrap();
    assert_eq!((duplicate.status.as_u16(), duplicate.body["error"]["code"].as_str()), (409, Some("USERNAME_TAKEN")));
    for who in ["demo-provider", "demo-insurer", "demo-patient"] {
        let token = app.token(who).await;
        let reply = app.client.post("/api/v1/admin/users", Some(&token), &json!({"username": "sneaky-one", "password": PASSWORD, "role": "admin"})).await.unwrap();
        assert_eq!(reply.status.as_u16(), 403, "{who}");
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_are_throttled_with_retry_after() {
    let app = crate::harness::App::demo().await;
    let wrong = serde_json::json!({"username": "demo-insurer", "password": "not-the-password"});
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let reply = app.client.post("/api/v1/auth/token", None, &wrong).await.unwrap();
        if reply.status == 429 {
            let wait: u64 = reply.headers.get("retry-after").expect("Retry-After").to_str().unwrap().parse().unwrap();
            assert!((1..=2).contains(&wait), "the first delays are a second or two: {wait}");
            assert_eq!(reply.body["error"]["code"], "THROTTLED");
            assert_eq!(reply.body["error"]["details"]["retry_after_seconds"], wait);
        }
        statuses.push(reply.status.as_u16());
    }
    assert_eq!(&statuses[..6], &[401; 6], "five failures are free, the sixth starts the delays");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");
    // Even the right password waits its turn: a throttled attempt checks nothing.
    let right = app.client.post("/api/v1/auth/token", None, &serde_json::json!({"username": "demo-insurer", "password": crate::harness::PASSWORD})).await.unwrap();
    assert_eq!(right.status, 429);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(app.client.token("demo-insurer", crate::harness::PASSWORD).await.is_ok(), "after the delay the owner gets in");
}

/// Every user of one listing, page by page.
async fn listed(app: &App, admin: &str, query: &str) -> Vec<serde_json::Value> {
    let (mut users, mut next) = (Vec::new(), None::<String>);
    loop {
        let token = next.as_deref().map(|t| format!("&next_token={t}")).unwrap_or_default();
        let reply = app.client.get(&format!("/api/v1/admin/users?{query}{token}"), Some(admin)).await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        let page = &reply.body["data"];
        assert_eq!(page["count"].as_u64().unwrap() as usize, page["users"].as_array().unwrap().len());
        users.extend(page["users"].as_array().unwrap().iter().cloned());
        match page["next_token"].as_str() {
            Some(t) => next = Some(t.to_string()),
            None => return users,
        }
    }
}

#[tokio::test]
async fn admins_list_users_by_role_with_their_bindings_and_never_a_password() {
    let app = App::demo().await;
    let admin = app.token("demo-admin").await;
    app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;

    let everyone = app.client.get("/api/v1/admin/users", Some(&admin)).await.unwrap();
    assert_eq!(everyone.status, 200, "{}", everyone.body);
    let text = everyone.body.to_string();
    assert!(!text.contains("password") && !text.contains("argon2"), "no password or hash is listed: {text}");
    let users = everyone.body["data"]["users"].as_array().unwrap();
    let find = |name: &str| users.iter().find(|u| u["username"] == name).cloned().unwrap_or_else(|| panic!("{name} listed: {text}"));
    assert_eq!((find("demo-patient")["role"].as_str(), find("demo-patient")["bindings"]["patient_id"].as_str()), (Some("patient"), Some("PAT-001")));
    assert_eq!((find("demo-doctor")["role"].as_str(), find("demo-doctor")["bindings"]["doctor_id"].as_str()), (Some("doctor"), Some("DOC-001")));
    assert_eq!(find("clinic-two")["bindings"]["provider_id"], "PRV-002");
    assert_eq!(find("demo-admin")["role"], "admin");
    assert!(find("demo-insurer")["created_at"].is_string(), "each user says when it was created");
    let roles: Vec<&str> = users.iter().map(|u| u["role"].as_str().unwrap()).collect();
    let rank = |r: &str| ["patient", "doctor", "provider", "insurer", "admin"].iter().position(|x| *x == r).unwrap();
    assert!(roles.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "patients first, admins last: {roles:?}");

    // One role, one user a page: every provider once, nobody else.
    let providers = listed(&app, &admin, "role=Provider&limit=1").await;
    let names: Vec<&str> = providers.iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["clinic-two", "demo-provider"], "providers by username, one a page");
    assert!(providers.iter().all(|u| u["role"] == "provider"));

    let first = app.client.get("/api/v1/admin/users?role=provider&limit=1", Some(&admin)).await.unwrap();
    let token = first.body["data"]["next_token"].as_str().expect("a second page").to_string();
    for (query, code) in [
        ("role=pilot".to_string(), "INVALID_ROLE"),
        ("limit=0".to_string(), "INVALID_LIMIT"),
        ("next_token=made-up".to_string(), "INVALID_NEXT_TOKEN"),
        (format!("role=patient&next_token={token}"), "INVALID_NEXT_TOKEN"),
    ] {
        let reply = app.client.get(&format!("/api/v1/admin/users?{query}"), Some(&admin)).await.unwrap();
        assert_eq!((reply.status.as_u16(), reply.body["error"]["code"].as_str()), (400, Some(code)), "{query}: {}", reply.body);
    }
    for who in ["demo-provider", "demo-insurer", "demo-doctor", "demo-patient"] {
        let token = app.token(who).await;
        let reply = app.client.get("/api/v1/admin/users", Some(&token)).await.unwrap();
        assert_eq!(reply.status, 403, "{who}");
    }
}
