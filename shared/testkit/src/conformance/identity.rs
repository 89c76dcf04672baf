//! The `UserDirectory` + `TokenVerifier` contract (ports::identity).

use base64::Engine as _;
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::OrgId;
use mediclear_ports::PortError;
use mediclear_ports::identity::{TokenVerifier, UserDirectory};

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
