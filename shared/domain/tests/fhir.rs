//! The Da Vinci PAS reader and writer (`mediclear_domain::fhir`) on real client Bundles and on
//! variations of them.
//!
//! - The real Bundles are the ONC Inferno Da Vinci PAS test kit's (`shared/data/fhir-pas/`, see
//!   its README), read from `$MEDICLEAR_FHIR_PAS_DIR`, else `../shared/data/fhir-pas` beside the
//!   checkout, else `/work/shared/data/fhir-pas`. Without them these tests fail in CI
//!   (`CI=true`) and are skipped with a loud line elsewhere. Every one must be read: the four
//!   `$submit` Bundles, the pair in `must_support_pa_submit_request_payloads.json`, the PAS 1.1.0
//!   Bundle and the `$inquire` Bundle; and each one's response must have the PAS shape.
//! - `tests/fixtures/fhir/knee-arthroplasty-request.json` is ours: CPT, HCPCS and X12 items,
//!   `stat` priority, base64 text/plain and PDF attachments.
//! - The invalid variations are made here, each from a valid Bundle with one change, and each
//!   asserts the FHIRPath the problem is reported at.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use mediclear_domain::fhir::{
    DocumentSource, Issue, IssueCode, ItemCodeSystem, ItemState, ItemView, PasSubmission, operation_outcome, read_inquire, read_submit,
    response_bundle,
};
use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::case::Urgency;

// ---------------------------------------------------------------------------------------------
// Loading

const SUBMIT_FILES: [&str; 4] = [
    "approval_pa_submit_request_payload.json",
    "denial_pa_submit_request_payload.json",
    "pended_pa_submit_request_payload.json",
    "conformant_pas_bundle_v110.json",
];
const MUST_SUPPORT_FILE: &str = "must_support_pa_submit_request_payloads.json";
const INQUIRE_FILE: &str = "pa_inquire_request_payload.json";

fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("MEDICLEAR_FHIR_PAS_DIR").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/fhir-pas")),
        Some(PathBuf::from("/work/shared/data/fhir-pas")),
    ];
    let found = candidates.into_iter().flatten().find(|dir| dir.join(INQUIRE_FILE).exists());
    if found.is_none() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "the PAS Bundles (shared/data/fhir-pas) are missing in CI");
        eprintln!("SKIPPED: the PAS Bundles of shared/data/fhir-pas were not found; set MEDICLEAR_FHIR_PAS_DIR");
    }
    found
}

fn load(dir: &std::path::Path, file: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every `$submit` Bundle of the shared data, named: the four files and the must-support pair.
fn shared_submit_bundles() -> Vec<(String, Value)> {
    let Some(dir) = shared_dir() else { return Vec::new() };
    let mut bundles: Vec<(String, Value)> = SUBMIT_FILES.iter().map(|f| (f.to_string(), load(&dir, f))).collect();
    let Value::Array(pair) = load(&dir, MUST_SUPPORT_FILE) else { panic!("{MUST_SUPPORT_FILE} is a JSON array of two Bundles") };
    assert_eq!(pair.len(), 2, "{MUST_SUPPORT_FILE}");
    bundles.extend(pair.into_iter().enumerate().map(|(i, b)| (format!("{MUST_SUPPORT_FILE}[{i}]"), b)));
    bundles
}

fn knee() -> Value {
    serde_json::from_str(include_str!("fixtures/fhir/knee-arthroplasty-request.json")).unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 4, 17, 14, 0, 0).unwrap()
}

fn submitted(name: &str, bundle: &Value) -> PasSubmission {
    read_submit(bundle).unwrap_or_else(|issues| panic!("{name}: {issues:#?}"))
}

fn rejected(bundle: &Value) -> Vec<Issue> {
    match read_submit(bundle) {
        Ok(_) => panic!("the variation was accepted"),
        Err(issues) => issues,
    }
}

fn expressions(issues: &[Issue]) -> Vec<&str> {
    issues.iter().filter(|i| i.is_error()).map(|i| i.expression.as_str()).collect()
}

/// The one error a variation must produce, at `expression` with `code`.
fn assert_only(issues: &[Issue], expression: &str, code: IssueCode) {
    let errors: Vec<&Issue> = issues.iter().filter(|i| i.is_error()).collect();
    assert_eq!(errors.len(), 1, "{issues:#?}");
    assert_eq!((errors[0].expression.as_str(), errors[0].code), (expression, code), "{issues:#?}");
}

fn claim_mut(bundle: &mut Value) -> &mut Value {
    &mut bundle["entry"][0]["resource"]
}

// ---------------------------------------------------------------------------------------------
// The real Bundles

#[test]
fn every_shared_submit_bundle_is_read() {
    let bundles = shared_submit_bundles();
    for (name, bundle) in &bundles {
        let submission = submitted(name, bundle);
        assert!(submission.warnings.is_empty(), "{name}: {:?}", submission.warnings);
        assert_eq!(submission.claim_identifiers[0].value, "111099", "{name}: Claim.identifier");
        assert_eq!(submission.patient_id.as_str(), "12345678901", "{name}: the member id");
        assert_eq!(submission.items.len(), 1, "{name}");
        let item = &submission.items[0];
        assert_eq!((item.sequence, item.code_system, item.procedure_code.as_str()), (1, ItemCodeSystem::X12ServiceType, "X12-3"), "{name}");
        assert_eq!(item.display.as_deref(), Some("Consultation"), "{name}");
        assert_eq!(submission.diagnoses.iter().map(|d| d.as_str()).collect::<Vec<_>>(), ["G89.4"], "{name}");
        // Every one carries the PAS levelOfServiceCode U (urgent): expedited, 72 hours.
        assert_eq!(submission.urgency, Urgency::Expedited, "{name}");
        let organization = submission.requester.organization.as_ref().unwrap();
        assert_eq!(organization.name.as_deref(), Some("DR. JOE SMITH CORPORATION"), "{name}");
        assert_eq!(organization.npi.as_deref(), Some("8189991234"), "{name}");
        let practitioner = submission.requester.practitioner.as_ref().unwrap();
        assert_eq!((practitioner.name.as_deref(), practitioner.npi.as_deref()), (Some("SUSAN WATSON"), Some("987654321")), "{name}");
        assert_eq!(submission.insurer.name.as_deref(), Some("MARYLAND CAPITAL INSURANCE COMPANY"), "{name}");
        assert_eq!(submission.echo.item_sequences, [1], "{name}");
    }
    if !bundles.is_empty() {
        assert_eq!(bundles.len(), 6);
    }
}

#[test]
fn shared_attachments_pointing_outside_the_bundle_are_recorded_without_content() {
    for (name, bundle) in shared_submit_bundles() {
        let submission = submitted(&name, &bundle);
        if name == "conformant_pas_bundle_v110.json" {
            assert!(submission.documents.is_empty(), "{name}");
            continue;
        }
        // A DocumentReference whose attachment URL (`/Binary/1-note`) names no entry: PAS lets
        // the payer fetch it later; it is recorded, not an error.
        assert_eq!(submission.documents.len(), 1, "{name}");
        let document = &submission.documents[0];
        assert_eq!(document.source, DocumentSource::DocumentReference);
        assert_eq!(document.url.as_deref(), Some("/Binary/1-note"));
        assert!(document.bytes.is_none());
        assert_eq!(document.content_type.as_deref(), Some("text/plain"));
        assert_eq!(document.type_display.as_deref(), Some("Summary of episode note"));
        assert_eq!(document.description.as_deref(), Some("Pulmonology clinic acute visit"));
        assert_eq!(document.date.as_deref(), Some("2016-03-09T15:29:46Z"));
        assert_eq!(document.expression, "Bundle.entry[9].resource.content[0].attachment");
    }
}

#[test]
fn the_shared_inquiry_is_read() {
    let Some(dir) = shared_dir() else { return };
    let inquiry = read_inquire(&load(&dir, INQUIRE_FILE)).unwrap_or_else(|issues| panic!("{issues:#?}"));
    assert_eq!(inquiry.claim_identifiers[0].value, "111099");
    assert_eq!(inquiry.claim_identifiers[0].system.as_deref(), Some("http://davinci-pas.org/PATIENT_EVENT_TRACE_NUMBER"));
    assert_eq!(inquiry.patient_id.as_ref().map(|p| p.as_str()), Some("12345678901"));
    let codes: Vec<&str> = inquiry.procedure_codes().iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, ["G0154", "B4185"]);
    assert!(inquiry.items.iter().all(|i| i.code_system == ItemCodeSystem::Hcpcs));
    assert_eq!(inquiry.echo.item_sequences, [1, 2]);
}

/// The PAS Response Bundle rules this test holds a response to.
fn assert_response_shape(name: &str, response: &Value, claim_items: usize, expected_codes: &[&str]) {
    assert_eq!(response["resourceType"], "Bundle", "{name}");
    assert_eq!(response["type"], "collection", "{name}");
    assert!(response["timestamp"].is_string() && response["id"].is_string(), "{name}");
    let entries = response["entry"].as_array().unwrap();
    let claim_response = &entries[0]["resource"];
    assert_eq!(claim_response["resourceType"], "ClaimResponse", "{name}: the first entry");
    assert_eq!(claim_response["status"], "active", "{name}");
    assert_eq!(claim_response["use"], "preauthorization", "{name}");
    let items = claim_response["item"].as_array().unwrap();
    assert_eq!(items.len(), claim_items, "{name}: one item per Claim item");
    for (item, expected) in items.iter().zip(expected_codes) {
        let adjudication = &item["adjudication"][0];
        assert_eq!(adjudication["category"]["coding"][0]["code"], "submitted", "{name}");
        let review = &adjudication["extension"][0];
        assert_eq!(review["url"], "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction", "{name}");
        let code = &review["extension"][0]["valueCodeableConcept"]["coding"][0];
        assert_eq!(code["system"], "https://codesystem.x12.org/005010/306", "{name}");
        assert_eq!(code["code"], *expected, "{name}");
    }
    // The ClaimResponse's references resolve to entries of the response.
    let full_urls: Vec<&str> = entries.iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
    for element in ["patient", "insurer", "requestor"] {
        let reference = claim_response[element]["reference"].as_str().unwrap_or_else(|| panic!("{name}: ClaimResponse.{element}"));
        assert!(full_urls.contains(&reference), "{name}: ClaimResponse.{element}");
    }
}

#[test]
fn a_response_for_each_shared_bundle_has_the_pas_shape() {
    for (name, bundle) in shared_submit_bundles() {
        let submission = submitted(&name, &bundle);
        let views: Vec<ItemView> = submission
            .items
            .iter()
            .map(|item| ItemView { sequence: item.sequence, case_id: CaseId::parse("PA-TEST1").unwrap(), state: ItemState::Pended })
            .collect();
        let response = response_bundle(&submission.echo, &views, "https://api.example/fhir", "RESP-1", now());
        assert_response_shape(&name, &response, submission.items.len(), &["A4"]);
        let claim_response = &response["entry"][0]["resource"];
        assert_eq!(claim_response["outcome"], "queued", "{name}");
        assert_eq!(claim_response["preAuthRef"], "PA-TEST1", "{name}");
        assert_eq!(response["identifier"]["value"], "A12345", "{name}: the request Bundle's identifier");
        assert_eq!(claim_response["type"]["coding"][0]["code"], "professional", "{name}: Claim.type copied");
        // Patient, insurer and requester resources are copied from the request.
        let types: Vec<&str> =
            response["entry"].as_array().unwrap().iter().map(|e| e["resource"]["resourceType"].as_str().unwrap()).collect();
        assert_eq!(types[..3], ["ClaimResponse", "Patient", "Organization"], "{name}");
    }
    let Some(dir) = shared_dir() else { return };
    let inquiry = read_inquire(&load(&dir, INQUIRE_FILE)).unwrap();
    let views = [
        ItemView { sequence: 1, case_id: CaseId::parse("PA-1").unwrap(), state: ItemState::Approved { reason: "Criteria met".into() } },
        ItemView { sequence: 2, case_id: CaseId::parse("PA-2").unwrap(), state: ItemState::Pended },
    ];
    let response = response_bundle(&inquiry.echo, &views, "https://api.example/fhir", "RESP-2", now());
    assert_response_shape(INQUIRE_FILE, &response, 2, &["A1", "A4"]);
    assert_eq!(response["entry"][0]["resource"]["outcome"], "partial");
}

// ---------------------------------------------------------------------------------------------
// Our own request: several items in CPT, HCPCS and X12; attachments inline and in a Binary

#[test]
fn several_cpt_hcpcs_and_x12_items_with_text_and_pdf_attachments() {
    let submission = submitted("knee", &knee());
    assert!(submission.warnings.is_empty(), "{:?}", submission.warnings);
    assert_eq!(submission.patient_id.as_str(), "MBR-5521907", "Patient.identifier of type MB");
    assert_eq!(submission.claim_identifiers[0].value, "TRN-88412");
    let items: Vec<(u32, ItemCodeSystem, &str)> =
        submission.items.iter().map(|i| (i.sequence, i.code_system, i.procedure_code.as_str())).collect();
    assert_eq!(
        items,
        [(1, ItemCodeSystem::Cpt, "27447"), (2, ItemCodeSystem::Hcpcs, "E0935"), (3, ItemCodeSystem::X12ServiceType, "X12-AE")]
    );
    assert_eq!(submission.items[0].service_date.as_deref(), Some("2024-05-20"));
    assert_eq!(submission.items[1].service_date.as_deref(), Some("2024-05-21"));
    assert_eq!(submission.items[1].quantity, Some(21.0));
    assert_eq!(submission.diagnoses.iter().map(|d| d.as_str()).collect::<Vec<_>>(), ["M17.11", "E66.01"]);
    assert_eq!(submission.urgency, Urgency::Expedited, "priority stat");
    let practitioner = submission.requester.practitioner.as_ref().unwrap();
    assert_eq!((practitioner.name.as_deref(), practitioner.npi.as_deref()), (Some("Avery Okafor"), Some("1922034483")));
    let organization = submission.requester.organization.as_ref().unwrap();
    assert_eq!((organization.name.as_deref(), organization.npi.as_deref()), (Some("Riverside Orthopedics"), Some("1730188291")));
    assert_eq!(organization.identifiers.len(), 2, "NPI and tax id");
    assert_eq!(submission.insurer.name.as_deref(), Some("Example Health Plan"));

    assert_eq!(submission.documents.len(), 2, "the Binary the X-ray report names is not listed twice");
    let note = &submission.documents[0];
    assert_eq!(note.title.as_deref(), Some("Consult note"));
    assert_eq!(note.type_display.as_deref(), Some("Consult note"));
    assert!(String::from_utf8(note.bytes.clone().unwrap()).unwrap().contains("12 weeks of physical therapy"));
    let xray = &submission.documents[1];
    assert_eq!(xray.content_type.as_deref(), Some("application/pdf"));
    assert!(xray.bytes.as_ref().unwrap().starts_with(b"%PDF-1.4"));
    assert_eq!(xray.date.as_deref(), Some("2024-03-28T11:30:00-04:00"));

    // The insurer approved item 1 and denied item 2; item 3 awaits them.
    let views = [
        ItemView {
            sequence: 1,
            case_id: CaseId::parse("PA-K1").unwrap(),
            state: ItemState::Approved { reason: "All criteria met".into() },
        },
        ItemView {
            sequence: 2,
            case_id: CaseId::parse("PA-K2").unwrap(),
            state: ItemState::Denied { reason: "Not medically necessary".into(), reason_code: Some("NMN".into()) },
        },
        ItemView { sequence: 3, case_id: CaseId::parse("PA-K3").unwrap(), state: ItemState::Pended },
    ];
    let response = response_bundle(&submission.echo, &views, "https://api.example/fhir", "RESP-K", now());
    assert_response_shape("knee", &response, 3, &["A1", "A3", "A4"]);
    let claim_response = &response["entry"][0]["resource"];
    assert_eq!(claim_response["outcome"], "partial");
    assert_eq!(claim_response["preAuthRef"], "PA-K1, PA-K2, PA-K3");
    assert_eq!(claim_response["requestor"]["reference"], "https://ehr.example.org/fhir/PractitionerRole/surgeon-role");
    assert_eq!(claim_response["item"][1]["adjudication"][0]["reason"]["text"], "Not medically necessary");
}

#[test]
fn the_level_of_service_extension_alone_makes_it_expedited_and_normal_priority_standard() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["priority"] = json!({"coding": [{"code": "normal"}]});
    assert_eq!(submitted("normal", &bundle).urgency, Urgency::Standard);
    claim_mut(&mut bundle)["extension"] = json!([{"url": "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode",
        "valueCodeableConcept": {"coding": [{"system": "https://codesystem.x12.org/005010/1338", "code": "U"}]}}]);
    assert_eq!(submitted("level U", &bundle).urgency, Urgency::Expedited);
}

// ---------------------------------------------------------------------------------------------
// Invalid variations, each with the FHIRPath it must name

#[test]
fn wrong_resource_type() {
    let mut bundle = knee();
    bundle["resourceType"] = json!("Parameters");
    assert_only(&rejected(&bundle), "Bundle.resourceType", IssueCode::Invalid);
}

#[test]
fn type_not_collection() {
    let mut bundle = knee();
    bundle["type"] = json!("transaction");
    assert_only(&rejected(&bundle), "Bundle.type", IssueCode::Invalid);
}

#[test]
fn first_entry_not_claim() {
    let mut bundle = knee();
    bundle["entry"].as_array_mut().unwrap().swap(0, 1);
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource", IssueCode::Invalid);
}

#[test]
fn use_not_preauthorization() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["use"] = json!("claim");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.use", IssueCode::Invalid);
}

#[test]
fn dangling_reference() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["insurer"] = json!({"reference": "Organization/not-in-the-bundle"});
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.insurer", IssueCode::NotFound);
    // Inside an item extension (PAS requestedService) too.
    let mut bundle = knee();
    claim_mut(&mut bundle)["item"][0]["extension"][0]["valueReference"]["reference"] = json!("ServiceRequest/gone");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item[0].extension[0].valueReference", IssueCode::NotFound);
}

#[test]
fn dangling_reference_in_a_real_bundle() {
    for (_, mut bundle) in shared_submit_bundles() {
        // DocumentReference.subject of the real Bundles, or the ServiceRequest's in PAS 1.1.0.
        let index = bundle["entry"].as_array().unwrap().iter().position(|e| e["resource"]["subject"].is_object()).unwrap();
        bundle["entry"][index]["resource"]["subject"]["reference"] = json!("Patient/somebody-else");
        let issues = read_submit(&bundle).unwrap_err();
        assert_only(&issues, &format!("Bundle.entry[{index}].resource.subject"), IssueCode::NotFound);
    }
}

#[test]
fn missing_item() {
    let mut bundle = knee();
    claim_mut(&mut bundle).as_object_mut().unwrap().remove("item");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item", IssueCode::Required);
    let mut bundle = knee();
    claim_mut(&mut bundle)["item"][1].as_object_mut().unwrap().remove("productOrService");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item[1].productOrService", IssueCode::Required);
}

#[test]
fn bad_icd_code() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["diagnosis"][1]["diagnosisCodeableConcept"]["coding"][0]["code"] = json!("E66.012345");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.diagnosis[1].diagnosisCodeableConcept.coding[0].code", IssueCode::Value);
    let mut bundle = knee();
    claim_mut(&mut bundle)["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["system"] = json!("http://snomed.info/sct");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept", IssueCode::NotSupported);
}

#[test]
fn bad_item_code() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["item"][0]["productOrService"]["coding"][0]["code"] = json!("2744");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item[0].productOrService.coding[0].code", IssueCode::Value);
}

#[test]
fn bad_base64() {
    let mut bundle = knee();
    let consult = bundle["entry"].as_array().unwrap().iter().position(|e| e["resource"]["id"] == "consult-note").unwrap();
    bundle["entry"][consult]["resource"]["content"][0]["attachment"]["data"] = json!("this is not base64!");
    assert_only(&rejected(&bundle), &format!("Bundle.entry[{consult}].resource.content[0].attachment.data"), IssueCode::Value);
    // The same in the Binary an attachment URL names.
    let mut bundle = knee();
    let binary = bundle["entry"].as_array().unwrap().iter().position(|e| e["resource"]["resourceType"] == "Binary").unwrap();
    bundle["entry"][binary]["resource"]["data"] = json!("%%%");
    assert_only(&rejected(&bundle), &format!("Bundle.entry[{binary}].resource.data"), IssueCode::Value);
}

#[test]
fn too_many_items() {
    let mut bundle = knee();
    let template = claim_mut(&mut bundle)["item"][1].clone();
    let items: Vec<Value> = (1..=51)
        .map(|sequence| {
            let mut item = template.clone();
            item["sequence"] = json!(sequence);
            item
        })
        .collect();
    claim_mut(&mut bundle)["item"] = Value::Array(items);
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item", IssueCode::TooCostly);
}

#[test]
fn wrong_json_type_is_a_structure_issue_at_its_element() {
    let mut bundle = knee();
    claim_mut(&mut bundle)["item"][2]["sequence"] = json!("3");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.item[2].sequence", IssueCode::Structure);
}

#[test]
fn invalid_member_id() {
    let mut bundle = knee();
    bundle["entry"][1]["resource"]["identifier"][1]["value"] = json!("MBR 5521907 / Quinlan");
    let issues = rejected(&bundle);
    assert_only(&issues, "Bundle.entry[1].resource.identifier[1].value", IssueCode::Value);
    assert!(!issues[0].diagnostics.contains("5521907") && !issues[0].diagnostics.contains("Quinlan"));
}

#[test]
fn every_problem_is_returned_at_once_and_none_repeats_patient_data() {
    let mut bundle = knee();
    let claim = claim_mut(&mut bundle);
    claim["use"] = json!("predetermination");
    claim["patient"] = json!({"reference": "Patient/Quinlan-Testpatient"});
    claim["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["code"] = json!("Quinlan");
    claim["item"][2].as_object_mut().unwrap().remove("sequence");
    bundle["type"] = json!("batch");
    let consult = bundle["entry"].as_array().unwrap().iter().position(|e| e["resource"]["id"] == "consult-note").unwrap();
    bundle["entry"][consult]["resource"]["content"][0]["attachment"]["data"] = json!("Quinlan has knee pain!");
    let issues = rejected(&bundle);
    let mut found = expressions(&issues);
    found.sort();
    let mut expected = vec![
        "Bundle.type".to_string(),
        "Bundle.entry[0].resource.use".into(),
        "Bundle.entry[0].resource.patient".into(),
        "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code".into(),
        "Bundle.entry[0].resource.item[2].sequence".into(),
        format!("Bundle.entry[{consult}].resource.content[0].attachment.data"),
    ];
    expected.sort();
    assert_eq!(found, expected, "{issues:#?}");
    for issue in &issues {
        for private in ["Quinlan", "Testpatient", "knee pain", "1958-03-14", "MBR-5521907"] {
            assert!(!issue.diagnostics.contains(private), "{issue:?}");
        }
    }
    // The OperationOutcome lists them all, each with its expression.
    let outcome = operation_outcome(&issues);
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"].as_array().unwrap().len(), issues.len());
    assert!(outcome["issue"].as_array().unwrap().iter().all(|i| i["expression"][0].is_string() && i["severity"] == "error"));
}

#[test]
fn inquiry_by_member_id_and_item_codes_without_an_identifier() {
    let mut bundle = knee();
    claim_mut(&mut bundle).as_object_mut().unwrap().remove("identifier");
    let inquiry = read_inquire(&bundle).unwrap_or_else(|issues| panic!("{issues:#?}"));
    assert!(inquiry.claim_identifiers.is_empty());
    assert_eq!(inquiry.patient_id.as_ref().unwrap().as_str(), "MBR-5521907");
    assert_eq!(inquiry.procedure_codes().len(), 3);
    // Neither identifier nor items: nothing names the request asked about.
    claim_mut(&mut bundle).as_object_mut().unwrap().remove("item");
    assert_only(&read_inquire(&bundle).unwrap_err(), "Bundle.entry[0].resource.identifier", IssueCode::Required);
    // A $submit needs Claim.identifier (PAS Claim).
    let mut bundle = knee();
    claim_mut(&mut bundle).as_object_mut().unwrap().remove("identifier");
    assert_only(&rejected(&bundle), "Bundle.entry[0].resource.identifier", IssueCode::Required);
}

#[test]
fn inquiry_variations_are_rejected_like_submissions() {
    let mut bundle = knee();
    bundle["resourceType"] = json!("Claim");
    assert_only(&read_inquire(&bundle).unwrap_err(), "Bundle.resourceType", IssueCode::Invalid);
    let mut bundle = knee();
    claim_mut(&mut bundle)["use"] = json!("claim");
    assert_only(&read_inquire(&bundle).unwrap_err(), "Bundle.entry[0].resource.use", IssueCode::Invalid);
}
