//! The `CapabilityStatement` `GET /fhir/metadata` serves: a FHIR 4.0.1 server, JSON only, that
//! instantiates the PAS server capabilities and supports `Claim/$submit` and `Claim/$inquire`
//! (PAS OperationDefinitions `Claim-submit` and `Claim-inquire`).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::terminology::{OPERATION_INQUIRE, OPERATION_SUBMIT, PAS_IG, PAS_SERVER_CAPABILITIES};

/// The PAS Claim profile the server accepts.
const PROFILE_CLAIM: &str = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claim";

/// The server's CapabilityStatement; `base_url` is its FHIR base (`https://…/fhir`).
pub fn capability_statement(base_url: &str, now: DateTime<Utc>) -> Value {
    json!({
        "resourceType": "CapabilityStatement",
        "id": "mediclear-pas",
        "name": "MediClearPAS",
        "title": "MediClear Prior Authorization Support server",
        "status": "active",
        "date": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "publisher": "MediClear",
        "kind": "instance",
        "instantiates": [PAS_SERVER_CAPABILITIES],
        "software": {"name": "MediClear"},
        "implementation": {"description": "MediClear prior authorization (Da Vinci PAS)", "url": base_url.trim_end_matches('/')},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "implementationGuide": [PAS_IG],
        "rest": [{
            "mode": "server",
            "resource": [{
                "type": "Claim",
                "supportedProfile": [PROFILE_CLAIM],
                // Operation names as PAS's own CapabilityStatements write them: `$submit` in URLs.
                "operation": [
                    {"name": "submit", "definition": OPERATION_SUBMIT},
                    {"name": "inquire", "definition": OPERATION_INQUIRE},
                ],
            }],
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_pas_server_for_fhir_401_json_with_submit_and_inquire() {
        let statement = capability_statement("https://api.example/fhir/", Utc.with_ymd_and_hms(2024, 5, 2, 0, 0, 0).unwrap());
        assert_eq!(statement["resourceType"], "CapabilityStatement");
        assert_eq!(statement["fhirVersion"], "4.0.1");
        assert_eq!(statement["format"], json!(["json"]));
        assert_eq!(statement["kind"], "instance");
        assert_eq!(statement["implementation"]["url"], "https://api.example/fhir");
        assert_eq!(statement["instantiates"][0], PAS_SERVER_CAPABILITIES);
        assert_eq!(statement["implementationGuide"][0], PAS_IG);
        let rest = &statement["rest"][0];
        assert_eq!(rest["mode"], "server");
        assert_eq!(rest["resource"][0]["type"], "Claim");
        let definitions: Vec<&str> =
            rest["resource"][0]["operation"].as_array().unwrap().iter().map(|o| o["definition"].as_str().unwrap()).collect();
        assert_eq!(
            definitions,
            [
                "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit",
                "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquire"
            ]
        );
    }
}
