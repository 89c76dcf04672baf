//! Da Vinci PAS over FHIR: every real request Bundle of `../shared/data/fhir-pas/` through
//! `$submit` and `$inquire`, a Bundle of MediClear's own followed from pended to the insurer's
//! decision, invalid Bundles refused with an OperationOutcome and nothing stored, and who may
//! use which route.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::harness::App;

const SUBMIT: &str = "/api/v1/fhir/Claim/$submit";
const INQUIRE: &str = "/api/v1/fhir/Claim/$inquire";
const FHIR_JSON: &str = "application/fhir+json";

/// The kit's bundles: `$MEDICLEAR_FHIR_PAS_DIR`, else `../shared/data/fhir-pas` beside the
/// checkout, else `/work/shared/data/fhir-pas` (as the domain's FHIR tests find them).
fn shared_bundle(name: &str) -> Value {
    let dir = std::env::var_os("MEDICLEAR_FHIR_PAS_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/fhir-pas"), PathBuf::from("/work/shared/data/fhir-pas")])
        .find(|d| d.join(name).exists())
        .unwrap_or_else(|| panic!("the Da Vinci PAS kit's {name} is not beside the checkout nor in /work/shared/data/fhir-pas"));
    let path = dir.join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn own_bundle() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/fixtures/fhir/knee-arthroplasty-request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every `$submit` Bundle the kit ships (the must-support file holds two).
fn submit_bundles() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for name in ["approval_pa_submit_request_payload.json", "denial_pa_submit_request_payload.json", "pended_pa_submit_request_payload.json", "conformant_pas_bundle_v110.json"] {
        out.push((name.to_string(), shared_bundle(name)));
    }
    for (i, b) in shared_bundle("must_support_pa_submit_request_payloads.json").as_array().unwrap().iter().enumerate() {
        out.push((format!("must_support[{i}]"), b.clone()));
    }
    out
}

async fn post_fhir(app: &App, path: &str, token: Option<&str>, bundle: &Value) -> mediclear_local::client::Reply {
    app.client.send(http::Method::POST, path, token, Some(FHIR_JSON), serde_json::to_vec(bundle).unwrap()).await.unwrap()
}

fn claim_response(reply: &mediclear_local::client::Reply) -> &Value {
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(reply.body["resourceType"], "Bundle", "{}", reply.body);
    let first = &reply.body["entry"][0]["resource"];
    assert_eq!(first["resourceType"], "ClaimResponse", "the first entry is the ClaimResponse");
    first
}

/// `(itemSequence, X12 306 review action code)` of each ClaimResponse item.
fn review_actions(claim_response: &Value) -> Vec<(u64, String)> {
    claim_response["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let code = item.to_string();
            let action = ["A1", "A3", "A4"].into_iter().find(|c| code.contains(&format!("\"{c}\""))).unwrap_or("none");
            (item["itemSequence"].as_u64().unwrap(), action.to_string())
        })
        .collect()
}

#[tokio::test]
async fn every_kit_bundle_is_filed_pended_and_answered_again_by_inquiry() {
    let app = App::demo().await;
    let insurer = app.token("demo-insurer").await;
    for (i, (name, bundle)) in submit_bundles().into_iter().enumerate() {
        // The kit's bundles share one trace number: each is another clinic's request.
        let provider = app.user(&format!("ehr-{i}"), "provider", json!({"provider_id": format!("PRV-EHR{i}")})).await;
        let reply = post_fhir(&app, SUBMIT, Some(&provider), &bundle).await;
        let response = claim_response(&reply).clone();
        let items = bundle["entry"][0]["resource"]["item"].as_array().unwrap().len();
        let actions = review_actions(&response);
        assert_eq!(actions.len(), items, "{name}: one adjudicated item per Claim item");
        assert!(actions.iter().all(|(_, a)| a == "A4"), "{name}: pended until the insurer decides: {actions:?}");
        assert!(response["preAuthRef"].as_str().is_some_and(|r| r.starts_with("PA-F")) || response.to_string().contains("PA-F"), "{name}: {response}");
        assert_eq!(response["outcome"], "queued", "{name}");

        // The cases are the provider's, listed for the insurer, with the Bundle's requester.
        let listed = app.client.get(&format!("/api/v1/preauth/cases?provider_id=PRV-EHR{i}"), Some(&insurer)).await.unwrap();
        let cases = listed.body["data"]["cases"].as_array().unwrap().clone();
        assert_eq!(cases.len(), items, "{name}: {}", listed.body);
        for case in &cases {
            assert!(case["fhir"]["requester"].is_object() && case["fhir"]["item_sequence"].is_u64(), "{name}: {case}");
            assert!(case["procedure_code"].as_str().unwrap().starts_with("X12-") || case["procedure_code"].as_str().unwrap().len() == 5);
        }

        // The kit's inquiry names the same trace number: the current ClaimResponse of this claim.
        let inquiry = post_fhir(&app, INQUIRE, Some(&provider), &shared_bundle("pa_inquire_request_payload.json")).await;
        let current = claim_response(&inquiry);
        assert_eq!(review_actions(current).len(), items, "{name}");

        // Sent again, the same request files nothing and answers the same claim.
        let again = post_fhir(&app, SUBMIT, Some(&provider), &bundle).await;
        assert_eq!(claim_response(&again)["preAuthRef"], response["preAuthRef"], "{name}");
        let relisted = app.client.get(&format!("/api/v1/preauth/cases?provider_id=PRV-EHR{i}"), Some(&insurer)).await.unwrap();
        assert_eq!(relisted.body["data"]["count"].as_u64(), Some(items as u64), "{name}: a retry files nothing");
    }
}

#[tokio::test]
async fn a_claim_follows_its_case_from_pended_to_the_insurers_decision() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let insurer = app.token("demo-insurer").await;
    let bundle = own_bundle();
    let reply = post_fhir(&app, SUBMIT, Some(&provider), &bundle).await;
    let response = claim_response(&reply).clone();
    assert_eq!(review_actions(&response), vec![(1, "A4".into()), (2, "A4".into()), (3, "A4".into())]);

    let listed = app.client.get("/api/v1/preauth/cases?provider_id=PRV-001", Some(&insurer)).await.unwrap();
    let cases = listed.body["data"]["cases"].as_array().unwrap().clone();
    let knee = cases.iter().find(|c| c["procedure_code"] == "27447").expect("the CPT item is a case").clone();
    assert_eq!(knee["urgency"], "expedited", "priority stat");
    assert!(knee["diagnosis_codes"].as_array().unwrap().len() == 2);
    assert!(cases.iter().any(|c| c["procedure_code"] == "X12-AE"), "the X12 item is a case: {cases:?}");
    let knee_id = knee["case_id"].as_str().unwrap();
    let analysed = app.wait_for_status(&insurer, knee_id, &["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED", "ANALYSIS_FAILED"]).await;
    assert_ne!(analysed["status"], "ANALYSIS_FAILED", "the knee policy is found: {}", analysed["failure_reason"]);
    // The attached note was the patient's record before the analysis ran: it is quoted.
    let evidence = analysed["analysis"]["criteria"].to_string();
    assert!(evidence.contains("consult") || evidence.contains(".txt"), "the analysis read the attachment: {evidence}");

    // An AI recommendation is never the payer's decision: still pended.
    let inquiry = post_fhir(&app, INQUIRE, Some(&provider), &bundle).await;
    assert!(review_actions(claim_response(&inquiry)).iter().all(|(_, a)| a == "A4"));

    let decided = app.client.post(&format!("/api/v1/preauth/cases/{knee_id}/decision"), Some(&insurer), &json!({"decision": "APPROVED", "reason": "Meets policy TKA-2024."})).await.unwrap();
    assert_eq!(decided.status.as_u16(), 200, "{}", decided.body);
    let inquiry = post_fhir(&app, INQUIRE, Some(&provider), &bundle).await;
    let current = claim_response(&inquiry).clone();
    assert_eq!(review_actions(&current)[0], (1, "A1".to_string()), "{current}");
    assert_eq!(review_actions(&current)[1].1, "A4");
    assert_eq!(current["outcome"], "partial");
    assert!(current.to_string().contains("Meets policy TKA-2024."), "the decision's reason is in the answer");
}

#[tokio::test]
async fn invalid_bundles_get_an_operation_outcome_naming_the_element_and_store_nothing() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let insurer = app.token("demo-insurer").await;
    let good = own_bundle();
    let mut wrong_type = good.clone();
    wrong_type["type"] = json!("transaction");
    let mut not_claim = good.clone();
    not_claim["entry"].as_array_mut().unwrap().swap(0, 1);
    let mut dangling = good.clone();
    dangling["entry"][0]["resource"]["patient"] = json!({"reference": "Patient/nobody"});
    let mut no_items = good.clone();
    no_items["entry"][0]["resource"].as_object_mut().unwrap().remove("item");
    for (what, bundle) in [("type", wrong_type), ("first entry", not_claim), ("reference", dangling), ("items", no_items), ("not a bundle", json!({"resourceType": "Patient"}))] {
        let reply = post_fhir(&app, SUBMIT, Some(&provider), &bundle).await;
        assert_eq!(reply.status.as_u16(), 400, "{what}: {}", reply.body);
        assert_eq!(reply.body["resourceType"], "OperationOutcome", "{what}");
        let issue = &reply.body["issue"][0];
        assert!(issue["expression"][0].as_str().is_some_and(|e| e.starts_with("Bundle")), "{what}: {issue}");
        assert!(!reply.body.to_string().contains("MBR-5521907"), "{what}: no value of the request is repeated");
    }
    let broken = app.client.send(http::Method::POST, SUBMIT, Some(&provider), Some(FHIR_JSON), b"{\"resourceType\":".to_vec()).await.unwrap();
    assert_eq!((broken.status.as_u16(), broken.body["resourceType"].as_str()), (400, Some("OperationOutcome")));
    let xml = app.client.send(http::Method::POST, SUBMIT, Some(&provider), Some("application/fhir+xml"), b"<Bundle/>".to_vec()).await.unwrap();
    assert_eq!(xml.status.as_u16(), 415);
    let unknown = post_fhir(&app, "/api/v1/fhir/Claim/$validate", Some(&provider), &good).await;
    assert_eq!(unknown.status.as_u16(), 404);
    let listed = app.client.get("/api/v1/preauth/cases", Some(&insurer)).await.unwrap();
    assert_eq!(listed.body["data"]["count"], 0, "no rejected Bundle filed anything");

    // Another request under a trace number already used is a conflict, not a silent merge.
    assert_eq!(post_fhir(&app, SUBMIT, Some(&provider), &good).await.status.as_u16(), 200);
    let mut other = good.clone();
    other["entry"][0]["resource"]["item"].as_array_mut().unwrap().truncate(1);
    let conflict = post_fhir(&app, SUBMIT, Some(&provider), &other).await;
    assert_eq!((conflict.status.as_u16(), conflict.body["resourceType"].as_str()), (409, Some("OperationOutcome")));
}

#[tokio::test]
async fn only_providers_use_pas_and_a_claim_is_invisible_to_other_providers() {
    let app = App::demo().await;
    let provider = app.token("demo-provider").await;
    let other = app.user("clinic-two", "provider", json!({"provider_id": "PRV-002"})).await;
    let bundle = own_bundle();
    assert_eq!(post_fhir(&app, SUBMIT, None, &bundle).await.status.as_u16(), 401);
    for role in ["demo-insurer", "demo-patient", "demo-admin", "demo-doctor"] {
        let token = app.token(role).await;
        assert_eq!(post_fhir(&app, SUBMIT, Some(&token), &bundle).await.status.as_u16(), 403, "{role}");
        assert_eq!(post_fhir(&app, INQUIRE, Some(&token), &bundle).await.status.as_u16(), 403, "{role}");
    }
    claim_response(&post_fhir(&app, SUBMIT, Some(&provider), &bundle).await);
    let theirs = post_fhir(&app, INQUIRE, Some(&other), &bundle).await;
    assert_eq!((theirs.status.as_u16(), theirs.body["resourceType"].as_str()), (404, Some("OperationOutcome")), "another provider's claim looks absent");

    let metadata = app.client.get("/api/v1/fhir/metadata", None).await.unwrap();
    assert_eq!(metadata.status.as_u16(), 200);
    assert_eq!(metadata.body["resourceType"], "CapabilityStatement");
    assert_eq!(metadata.body["fhirVersion"], "4.0.1");
    let text = metadata.body.to_string();
    assert!(text.contains("$submit") || text.contains("Claim-submit"), "{text}");
}
