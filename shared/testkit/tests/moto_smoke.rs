//! The harness starts moto and the SDK can talk to it.

#[tokio::test]
async fn moto_starts_and_answers_the_sdk() {
    let Some(moto) = mediclear_testkit::moto::moto() else { return };
    let config = moto.sdk_config().await;
    assert_eq!(config.endpoint_url(), Some(moto.endpoint.as_str()));
    assert!(moto.control("GET", "/moto-api/", "").unwrap().contains("200"));
}
