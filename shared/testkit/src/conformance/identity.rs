//! The `UserDirectory` + `TokenVerifier` contract (ports::identity).

use base64::Engine as _;
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::OrgId;
use mediclear_ports::PortError;
use mediclear_ports::identity::{TokenVerifier, UserDirectory, UserSummary};

use super::fixtures;
use crate::unique;

const PASSWORD: &str = "correct horse battery staple";

/// Runs every directory and verifier check.
pub async fn user_directory(directory: &dyn UserDirectory, verifier: &dyn TokenVerifier) {
    let username = LoginName::parse(&unique("clinic")).unwrap();
    let bindings = Bindings { provider_id: Some(fixtures::provider_id()), org_id: Some(OrgId::parse(&unique("ORG")).unwrap()), ..Default::default() };
    let user = NewUser::new(username.clone(), Password::parse(PASSWORD).unwrap(), Role::Provider, bindings.clone()).unwrap();
    let created = directory.create_user(&user).await.expect("create a user");
    assert!(!created.subject.is_empty(), "a created user has a subject");
    assert_eq!((created.username.as_str(), created.role, &created.bindings), (username.as_str(), Role::Provider, &bindings), "the caller carries role and bindings");

    let again = NewUser::new(username.clone(), Password::parse("another long password").unwrap(), Role::Insurer, Bindings::default()).unwrap();
    assert!(matches!(directory.create_user(&again).await, Err(PortError::Conflict(_))), "a taken username is a Conflict");

    let token = directory.sign_in(&username, PASSWORD, None).await.expect("sign in").expect("the right password signs in");
    assert_eq!(token.token_type, "Bearer");
    assert!(token.expires_in > 0, "a token says when it expires");
    let verified = verifier.verify(&token.access_token).await.expect("the issued token verifies");
    assert_eq!(verified, created, "the token describes the same caller the directory created");

    // A duplicate create must not have disturbed the first user.
    assert!(directory.sign_in(&username, PASSWORD, None).await.unwrap().is_some(), "the original password still works after a refused duplicate");
    assert_eq!(directory.sign_in(&username, "a wrong password!", None).await.expect("wrong password"), None, "a wrong password is None");
    assert_eq!(directory.sign_in(&LoginName::parse(&unique("nobody")).unwrap(), PASSWORD, None).await.expect("unknown user"), None, "an unknown user is None");

    // A patient: the binding that scopes every read comes back from the token.
    let patient_name = LoginName::parse(&unique("patient")).unwrap();
    let patient_bindings = Bindings { patient_id: Some(fixtures::patient_id()), ..Default::default() };
    let patient = directory
        .create_user(&NewUser::new(patient_name.clone(), Password::parse(PASSWORD).unwrap(), Role::Patient, patient_bindings).unwrap())
        .await
        .expect("create a patient");
    let patient_token = directory.sign_in(&patient_name, PASSWORD, None).await.unwrap().unwrap();
    assert_eq!(verifier.verify(&patient_token.access_token).await.unwrap(), patient, "a patient's token carries their patient_id");

    list_users(directory, &username, &bindings, &patient_name).await;

    assert!(directory.delete_user(&patient_name).await.expect("delete a user"), "deleting a user that exists says so");
    assert_eq!(directory.sign_in(&patient_name, PASSWORD, None).await.unwrap(), None, "a deleted user cannot sign in");
    assert!(!directory.delete_user(&patient_name).await.expect("delete again"), "deleting twice finds nobody");

    for (what, forged) in forgeries(&token.access_token, &patient_token.access_token) {
        let result = verifier.verify(&forged).await;
        assert!(matches!(result, Err(PortError::Rejected(_))), "{what} must be Rejected, got {result:?}");
    }
}

/// Tokens that must not verify, built from two genuine ones.
fn forgeries(provider: &str, patient: &str) -> Vec<(&'static str, String)> {
    let parts: Vec<&str> = provider.split('.').collect();
    let patient_parts: Vec<&str> = patient.split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value = serde_json::from_slice(&b64.decode(parts.get(1).copied().unwrap_or("")).unwrap_or_default()).unwrap_or_default();
    claims["cognito:groups"] = serde_json::json!(["admin"]);
    let escalated = format!("{}.{}.{}", parts[0], b64.encode(claims.to_string()), parts.get(2).copied().unwrap_or(""));
    let mut flipped = provider.as_bytes().to_vec();
    let last = flipped.len() - 5;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    vec![
        ("garbage", "garbage".to_string()),
        ("an empty token", String::new()),
        ("a token with a changed signature", String::from_utf8(flipped).unwrap()),
        ("a token whose claims were edited (role escalation)", escalated),
        ("a token with another token's signature", format!("{}.{}.{}", parts[0], parts.get(1).unwrap_or(&""), patient_parts.get(2).unwrap_or(&""))),
        ("an unsigned token", format!("{}.{}.", b64.encode(r#"{"alg":"none","typ":"JWT"}"#), parts.get(1).unwrap_or(&""))),
    ]
}

/// Every user of a listing, page by page, `limit` a page; the tokens it was handed.
async fn all_pages(directory: &dyn UserDirectory, role: Option<Role>, limit: usize) -> (Vec<UserSummary>, Vec<String>) {
    let (mut users, mut tokens, mut next) = (Vec::new(), Vec::new(), None::<String>);
    for _ in 0..1000 {
        let page = directory.list_users(role, limit, next.as_deref()).await.expect("list users");
        assert!(page.users.len() <= limit, "a page holds at most the limit");
        users.extend(page.users);
        match page.next_token {
            Some(t) => {
                tokens.push(t.clone());
                next = Some(t);
            }
            None => return (users, tokens),
        }
    }
    panic!("the listing never ended");
}

/// The listing: by role, role order then username, bindings shown, every page reached, tokens
/// bound to their filter.
async fn list_users(directory: &dyn UserDirectory, provider: &LoginName, provider_bindings: &Bindings, patient: &LoginName) {
    let (providers, _) = all_pages(directory, Some(Role::Provider), 1).await;
    let listed = providers.iter().find(|u| u.username == provider.as_str()).expect("the provider is listed among providers");
    assert_eq!((listed.role, &listed.bindings), (Role::Provider, provider_bindings), "a listed user shows its role and bindings");
    assert!(providers.iter().all(|u| u.role == Role::Provider), "a role filter lists only that role");
    assert!(!providers.iter().any(|u| u.username == patient.as_str()), "a patient is not a provider");
    let mut names: Vec<&str> = providers.iter().map(|u| u.username.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "each user is listed once across the pages");

    let (everyone, tokens) = all_pages(directory, None, 1).await;
    let rank = |r: Role| Role::ALL.iter().position(|x| *x == r).unwrap();
    assert!(everyone.windows(2).all(|w| rank(w[0].role) <= rank(w[1].role)), "all users come in role order");
    assert!(everyone.iter().any(|u| u.username == patient.as_str() && u.role == Role::Patient), "the patient is listed among everyone");
    assert!(everyone.iter().any(|u| u.username == provider.as_str()), "the provider is listed among everyone");

    let token = tokens.first().expect("two users, one a page: a second page");
    let other = directory.list_users(Some(Role::Patient), 1, Some(token)).await;
    assert!(matches!(other, Err(PortError::Rejected(_))), "a token of the whole listing is refused by the patients': {other:?}");
    let garbage = directory.list_users(None, 10, Some("not-a-token")).await;
    assert!(matches!(garbage, Err(PortError::Rejected(_))), "a made-up token is refused: {garbage:?}");
}

