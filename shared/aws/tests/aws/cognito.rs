//! Cognito on moto: the `user_directory` suite with the real token verifier, and the rollback of
//! a half-created user.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, ExplicitAuthFlowsType, PasswordPolicyType, SchemaAttributeType, StringAttributeConstraintsType, UserPoolPolicyType,
};
use mediclear_aws::{CognitoDirectory, CognitoTokenVerifier};
use mediclear_domain::identity::{Bindings, LoginName, NewUser, Password, Role};
use mediclear_ports::PortError;
use mediclear_ports::identity::UserDirectory;
use mediclear_testkit::wire::{Scripted, WireStub};
use mediclear_testkit::{conformance, moto::moto, unique};

struct Pool {
    id: String,
    client_id: String,
}

/// A pool shaped like the template's: 12-character passwords without composition rules, the four
/// binding attributes, one group per role (except `skip_group`), an app client for admin auth.
async fn pool(client: &Client, skip_group: Option<Role>) -> Pool {
    let attribute = |name: &str| {
        SchemaAttributeType::builder()
            .name(name)
            .attribute_data_type(AttributeDataType::String)
            .mutable(true)
            .string_attribute_constraints(StringAttributeConstraintsType::builder().min_length("1").max_length("64").build())
            .build()
    };
    let policy = PasswordPolicyType::builder()
        .minimum_length(12)
        .require_uppercase(false)
        .require_lowercase(false)
        .require_numbers(false)
        .require_symbols(false)
        .build();
    let created = client
        .create_user_pool()
        .pool_name(unique("mediclear"))
        .policies(UserPoolPolicyType::builder().password_policy(policy).build())
        .schema(attribute("patient_id"))
        .schema(attribute("doctor_id"))
        .schema(attribute("provider_id"))
        .schema(attribute("org_id"))
        .send()
        .await
        .expect("create pool");
    let id = created.user_pool.and_then(|p| p.id).expect("pool id");
    for role in Role::ALL {
        if Some(role) != skip_group {
            client.create_group().user_pool_id(&id).group_name(role.as_str()).send().await.expect("create group");
        }
    }
    let app = client
        .create_user_pool_client()
        .user_pool_id(&id)
        .client_name("mediclear-api")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("create app client");
    let client_id = app.user_pool_client.and_then(|c| c.client_id).expect("client id");
    Pool { id, client_id }
}

/// A blocking `GET` on the emulator: status and body.
fn http_get(endpoint: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to moto");
    let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Connection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Where the pool's key set can be fetched. moto serves it at `{endpoint}/{pool_id}/.well-known/jwks.json`,
/// but before 5.2.5 its server misroutes that unsigned path (it reads `/us-east-1_…/` as
/// `/{service}_{region}/`) and answers 500. Then the key set is fetched with a routing header and
/// served from a wire stub at the same path.
async fn jwks_url(endpoint: &str, pool: &Pool) -> (String, Option<WireStub>) {
    let path = format!("/{}/.well-known/jwks.json", pool.id);
    if http_get(endpoint, &path, &[]).0 == 200 {
        return (format!("{endpoint}{path}"), None);
    }
    let (status, jwks) = http_get(endpoint, &path, &[("X-Amz-Target", "AWSCognitoIdentityProviderService.GetJsonWebKeys")]);
    assert_eq!(status, 200, "moto serves the pool's JWKS");
    let stub = WireStub::start().await;
    stub.serve(&path, Scripted::json(200, serde_json::from_str(&jwks).expect("JWKS is JSON")));
    (format!("{}{path}", stub.endpoint()), Some(stub))
}

/// moto writes the real issuer into its tokens but serves the key set from its own endpoint.
async fn verifier(endpoint: &str, pool: &Pool) -> (CognitoTokenVerifier, Option<WireStub>) {
    let (url, stub) = jwks_url(endpoint, pool).await;
    (CognitoTokenVerifier::with_issuer(CognitoTokenVerifier::issuer_for("us-east-1", &pool.id), url, &pool.client_id), stub)
}

#[tokio::test]
async fn user_directory_conforms() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let pool = pool(&Client::new(&config), None).await;
    let directory = CognitoDirectory::new(&config, &pool.id, &pool.client_id);
    let (verifier, _jwks_stub) = verifier(&moto.endpoint, &pool).await;
    conformance::user_directory(&directory, &verifier).await;
}

/// The authorizer function builds its verifier from its SDK config alone: pointed at an emulator
/// (`AWS_ENDPOINT_URL`), it fetches the key set from there and still checks the region's issuer.
#[tokio::test]
async fn the_functions_verifier_follows_the_configured_endpoint() {
    use mediclear_ports::identity::TokenVerifier;
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let pool = pool(&Client::new(&config), None).await;
    let directory = CognitoDirectory::new(&config, &pool.id, &pool.client_id);
    let name = LoginName::parse(&unique("provider")).unwrap();
    let bindings = Bindings { provider_id: Some(mediclear_domain::ids::ProviderId::parse("PRV-042").unwrap()), ..Default::default() };
    let user = NewUser::new(name.clone(), Password::parse("long enough password").unwrap(), Role::Provider, bindings).unwrap();
    directory.create_user(&user).await.unwrap();
    let token = directory.sign_in(&name, "long enough password", None).await.unwrap().unwrap();
    let verifier = CognitoTokenVerifier::for_region_of(&config, &pool.id, &pool.client_id);
    let caller = verifier.verify(&token.access_token).await.expect("a token of the pool verifies");
    assert_eq!(caller.provider_id().map(|p| p.as_str()), Some("PRV-042"));
}

#[tokio::test]
async fn tokens_of_another_client_or_pool_are_rejected() {
    use mediclear_ports::identity::TokenVerifier;
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let cognito = Client::new(&config);
    let (ours, theirs) = (pool(&cognito, None).await, pool(&cognito, None).await);
    let directory = CognitoDirectory::new(&config, &theirs.id, &theirs.client_id);
    let name = LoginName::parse(&unique("insurer")).unwrap();
    let user = NewUser::new(name.clone(), Password::parse("long enough password").unwrap(), Role::Insurer, Bindings::default()).unwrap();
    directory.create_user(&user).await.unwrap();
    let token = directory.sign_in(&name, "long enough password", None).await.unwrap().unwrap();
    // Same signing key (moto has one), other issuer and audience.
    let (our_verifier, _ours_stub) = verifier(&moto.endpoint, &ours).await;
    let result = our_verifier.verify(&token.access_token).await;
    assert!(matches!(&result, Err(PortError::Rejected(r)) if r.contains("issuer")), "{result:?}");
    let (their_url, _theirs_stub) = jwks_url(&moto.endpoint, &theirs).await;
    let other_client = CognitoTokenVerifier::with_issuer(CognitoTokenVerifier::issuer_for("us-east-1", &theirs.id), their_url, "another-client");
    let result = other_client.verify(&token.access_token).await;
    assert!(matches!(&result, Err(PortError::Rejected(r)) if r.contains("audience")), "{result:?}");
    let (their_verifier, _stub) = verifier(&moto.endpoint, &theirs).await;
    assert!(their_verifier.verify(&token.access_token).await.is_ok());
}

#[tokio::test]
async fn a_failed_step_leaves_no_half_created_user() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let cognito = Client::new(&config);
    let pool = pool(&cognito, Some(Role::Admin)).await;
    let directory = CognitoDirectory::new(&config, &pool.id, &pool.client_id);
    let name = LoginName::parse(&unique("admin")).unwrap();
    let admin = NewUser::new(name.clone(), Password::parse("long enough password").unwrap(), Role::Admin, Bindings::default()).unwrap();

    let result = directory.create_user(&admin).await;
    assert!(result.is_err(), "adding to a missing group fails: {result:?}");
    let lookup = cognito.admin_get_user().user_pool_id(&pool.id).username(name.as_str()).send().await;
    assert!(lookup.is_err(), "the user created before the failing step was deleted again");

    cognito.create_group().user_pool_id(&pool.id).group_name("admin").send().await.unwrap();
    directory.create_user(&admin).await.expect("the username is free again once the group exists");
    assert!(directory.sign_in(&name, "long enough password", None).await.unwrap().is_some());
}
