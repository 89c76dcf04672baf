//! The PAS Response Bundle: the answer to `$submit` and `$inquire`.
//!
//! Shape (PAS Response Bundle and ClaimResponse profiles): a `collection` Bundle with the request
//! Bundle's identifier and a timestamp, whose first entry is a ClaimResponse (`status` active,
//! `use` preauthorization, the Claim's `type`, `patient`, `insurer` and `requestor`, `created`,
//! `outcome`, `preAuthRef`, one `item` per Claim item), followed by the Patient, insurer and
//! requester resources copied from the request so the response's references resolve inside it.
//!
//! Each item's adjudication (category `submitted`) carries the PAS `reviewAction` extension:
//! `reviewActionCode` from X12 306 — `A1` certified in total (approved), `A3` not certified
//! (denied), `A4` pended — and `number`, the MediClear case id. Only an insurer's decision makes
//! `A1` or `A3`: MediClear's analysis (`APPROVED_READY`, `AI_DENIED`) is a recommendation to the
//! insurer, never the payer's answer, so until the insurer decides an item is `A4` (see
//! [`ItemState::of_case`]). `outcome` is `queued` while every item is pended, `complete` once all
//! are decided, `partial` in between.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::claim::{BusinessIdentifier, ReadClaim};
use super::terminology::{
    ADJUDICATION_SYSTEM, CLAIM_TYPE_SYSTEM, EXT_REVIEW_ACTION, EXT_REVIEW_ACTION_CODE, PROFILE_CLAIM_RESPONSE, PROFILE_RESPONSE_BUNDLE,
    X12_REVIEW_ACTION_SYSTEM,
};
use crate::ids::CaseId;
use crate::preauth::case::{Case, FinalDecision};

/// A resource of the request, copied into the response with its `fullUrl`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct EchoedResource {
    pub full_url: String,
    pub resource: Value,
}

// The Patient resource is PHI: debug output names the resource, never its content.
impl std::fmt::Debug for EchoedResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EchoedResource")
            .field("full_url", &self.full_url)
            .field("resource_type", &self.resource.get("resourceType"))
            .finish_non_exhaustive()
    }
}

/// What a response repeats of the request it answers. Serializable, so `$submit` can keep it
/// with the cases it files and `$inquire` can answer from it later. It holds the Patient resource
/// as the request sent it: keep it where the cases' PHI is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimEcho {
    /// `Bundle.identifier` of the request (the submitter's transaction id).
    pub request_identifier: Option<Value>,
    pub claim_identifiers: Vec<BusinessIdentifier>,
    /// `Claim.type` as sent.
    pub claim_type: Option<Value>,
    pub patient: Option<EchoedResource>,
    pub insurer: Option<EchoedResource>,
    /// `Claim.provider` first, then the practitioner and organisation behind it.
    pub requester: Vec<EchoedResource>,
    /// `Claim.item.sequence` of every item, in order.
    pub item_sequences: Vec<u32>,
}

impl ClaimEcho {
    pub(crate) fn of(claim: &ReadClaim, requester_entries: &[usize], item_sequences: Vec<u32>) -> Self {
        let echoed = |index: usize| {
            claim.bundle.entry(index).map(|entry| EchoedResource { full_url: entry.reference(), resource: entry.resource.clone() })
        };
        let mut requester_indices: Vec<usize> = claim.provider.map(|e| e.index).into_iter().collect();
        requester_indices.extend(requester_entries.iter().copied().filter(|i| Some(*i) != claim.provider.map(|e| e.index)));
        let claim_resource = claim.bundle.entry(0).map(|e| e.resource);
        Self {
            request_identifier: claim.bundle.identifier.cloned(),
            claim_identifiers: claim.identifiers.clone(),
            claim_type: claim_resource.and_then(|c| c.get("type")).cloned(),
            patient: claim.patient.and_then(|e| echoed(e.index)),
            insurer: claim.insurer.and_then(|e| echoed(e.index)),
            requester: requester_indices.into_iter().filter_map(echoed).collect(),
            item_sequences,
        }
    }
}

/// Where one Claim item stands, as the response reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ItemState {
    /// Not decided by the insurer (whatever the analysis recommends): X12 306 `A4`.
    Pended,
    /// The insurer approved: `A1` certified in total.
    Approved { reason: String },
    /// The insurer denied: `A3` not certified.
    Denied { reason: String, reason_code: Option<String> },
}

impl ItemState {
    /// The state a case reports: only the insurer's recorded decision is a decision.
    /// `APPROVED_READY` and `AI_DENIED` are the analysis's recommendation and stay pended.
    pub fn of_case(case: &Case) -> Self {
        match &case.decision {
            Some(decision) if case.status.is_final() => match decision.decision {
                FinalDecision::Approved => ItemState::Approved { reason: decision.reason.clone() },
                FinalDecision::Denied => ItemState::Denied { reason: decision.reason.clone(), reason_code: decision.reason_code.clone() },
            },
            _ => ItemState::Pended,
        }
    }

    fn review_action(&self) -> (&'static str, &'static str) {
        match self {
            ItemState::Pended => ("A4", "Pended"),
            ItemState::Approved { .. } => ("A1", "Certified in total"),
            ItemState::Denied { .. } => ("A3", "Not Certified"),
        }
    }

    fn is_decided(&self) -> bool {
        !matches!(self, ItemState::Pended)
    }
}

/// One Claim item's answer: the case filed for it and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    /// `Claim.item.sequence`.
    pub sequence: u32,
    pub case_id: CaseId,
    #[serde(flatten)]
    pub state: ItemState,
}

impl ItemView {
    pub fn of_case(sequence: u32, case: &Case) -> Self {
        Self { sequence, case_id: case.case_id.clone(), state: ItemState::of_case(case) }
    }
}

/// The PAS Response Bundle for the request `echo` describes. One ClaimResponse item per Claim
/// item, in the Claim's order (an item without a view is pended, without a case id); views for
/// sequences the Claim does not list follow, so nothing given is dropped. `base_url` is the FHIR
/// base the response is served from (the ClaimResponse's `fullUrl`); `response_id` names both the
/// Bundle and the ClaimResponse. A pure function of its arguments.
pub fn response_bundle(echo: &ClaimEcho, items: &[ItemView], base_url: &str, response_id: &str, now: DateTime<Utc>) -> Value {
    let now_text = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut answered: Vec<(u32, Option<&ItemView>)> =
        echo.item_sequences.iter().map(|&sequence| (sequence, items.iter().find(|v| v.sequence == sequence))).collect();
    for view in items {
        if !echo.item_sequences.contains(&view.sequence) {
            answered.push((view.sequence, Some(view)));
        }
    }

    let pended = ItemState::Pended;
    let states: Vec<&ItemState> = answered.iter().map(|(_, view)| view.map_or(&pended, |v| &v.state)).collect();
    let decided = states.iter().filter(|s| s.is_decided()).count();
    let (outcome, disposition) = match decided {
        0 => ("queued", "Pended for review by the insurer"),
        n if n == states.len() => ("complete", "Decided by the insurer"),
        _ => ("partial", "Partly decided by the insurer; the other items are pended"),
    };
    let mut case_ids: Vec<&str> = Vec::new();
    for view in answered.iter().filter_map(|(_, view)| *view) {
        if !case_ids.contains(&view.case_id.as_str()) {
            case_ids.push(view.case_id.as_str());
        }
    }

    let response_items: Vec<Value> = answered.iter().map(|(sequence, view)| response_item(*sequence, *view)).collect();
    let reference = |resource: &Option<EchoedResource>| resource.as_ref().map(|r| json!({"reference": r.full_url}));
    let mut claim_response = json!({
        "resourceType": "ClaimResponse",
        "id": response_id,
        "meta": {"profile": [PROFILE_CLAIM_RESPONSE]},
        "status": "active",
        "type": echo.claim_type.clone().unwrap_or_else(|| json!({"coding": [{"system": CLAIM_TYPE_SYSTEM, "code": "professional"}]})),
        "use": "preauthorization",
        "created": now_text,
        "outcome": outcome,
        "disposition": disposition,
        "item": response_items,
    });
    let object = claim_response.as_object_mut().expect("a JSON object");
    if !echo.claim_identifiers.is_empty() {
        let identifiers: Vec<Value> = echo.claim_identifiers.iter().map(identifier_json).collect();
        object.insert("request".into(), json!({"identifier": identifiers[0].clone()}));
        object.insert("identifier".into(), Value::Array(identifiers));
    }
    if let Some(patient) = reference(&echo.patient) {
        object.insert("patient".into(), patient);
    }
    if let Some(insurer) = reference(&echo.insurer) {
        object.insert("insurer".into(), insurer);
    }
    if let Some(requestor) = echo.requester.first() {
        object.insert("requestor".into(), json!({"reference": requestor.full_url}));
    }
    if !case_ids.is_empty() {
        object.insert("preAuthRef".into(), json!(case_ids.join(", ")));
    }

    let mut entries =
        vec![json!({"fullUrl": format!("{}/ClaimResponse/{response_id}", base_url.trim_end_matches('/')), "resource": claim_response})];
    let mut copied: Vec<&str> = Vec::new();
    for resource in echo.patient.iter().chain(&echo.insurer).chain(&echo.requester) {
        if !copied.contains(&resource.full_url.as_str()) {
            copied.push(&resource.full_url);
            entries.push(json!({"fullUrl": resource.full_url, "resource": resource.resource}));
        }
    }
    let mut bundle = json!({
        "resourceType": "Bundle",
        "id": response_id,
        "meta": {"profile": [PROFILE_RESPONSE_BUNDLE]},
        "type": "collection",
        "timestamp": now_text,
        "entry": entries,
    });
    if let Some(identifier) = &echo.request_identifier {
        bundle["identifier"] = identifier.clone();
    }
    bundle
}

fn identifier_json(identifier: &BusinessIdentifier) -> Value {
    match &identifier.system {
        Some(system) => json!({"system": system, "value": identifier.value}),
        None => json!({"value": identifier.value}),
    }
}

/// `ClaimResponse.item`: the review action, the case id, and the insurer's reason once decided.
fn response_item(sequence: u32, view: Option<&ItemView>) -> Value {
    let state = view.map_or(&ItemState::Pended, |v| &v.state);
    let (code, display) = state.review_action();
    let mut review_action = vec![json!({
        "url": EXT_REVIEW_ACTION_CODE,
        "valueCodeableConcept": {"coding": [{"system": X12_REVIEW_ACTION_SYSTEM, "code": code, "display": display}]},
    })];
    if let Some(view) = view {
        review_action.push(json!({"url": "number", "valueString": view.case_id.as_str()}));
    }
    let mut adjudication = json!({
        "category": {"coding": [{"system": ADJUDICATION_SYSTEM, "code": "submitted"}]},
        "extension": [{"url": EXT_REVIEW_ACTION, "extension": review_action}],
    });
    match state {
        ItemState::Pended => {}
        ItemState::Approved { reason } => adjudication["reason"] = json!({"text": reason}),
        ItemState::Denied { reason, reason_code } => {
            // The insurer's own reason code: MediClear's, not an X12 HCR03 code, so no system.
            adjudication["reason"] = match reason_code {
                Some(code) => json!({"coding": [{"code": code}], "text": reason}),
                None => json!({"text": reason}),
            };
        }
    }
    json!({"itemSequence": sequence, "adjudication": [adjudication]})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::ProcedureCode;
    use crate::ids::{PatientId, ProviderId};
    use crate::preauth::case::{CaseRequest, CaseStatus, Decision, Urgency};
    use chrono::TimeZone;

    fn echo(sequences: Vec<u32>) -> ClaimEcho {
        ClaimEcho {
            request_identifier: Some(json!({"system": "http://example.org/tx", "value": "A1"})),
            claim_identifiers: vec![BusinessIdentifier { system: Some("http://example.org/trace".into()), value: "T-1".into() }],
            claim_type: Some(json!({"coding": [{"system": CLAIM_TYPE_SYSTEM, "code": "institutional"}]})),
            patient: Some(EchoedResource {
                full_url: "http://x.example/fhir/Patient/p".into(),
                resource: json!({"resourceType": "Patient", "id": "p"}),
            }),
            insurer: Some(EchoedResource {
                full_url: "http://x.example/fhir/Organization/i".into(),
                resource: json!({"resourceType": "Organization", "id": "i"}),
            }),
            requester: vec![EchoedResource {
                full_url: "http://x.example/fhir/Organization/o".into(),
                resource: json!({"resourceType": "Organization", "id": "o"}),
            }],
            item_sequences: sequences,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 2, 9, 30, 0).unwrap()
    }

    fn view(sequence: u32, case: &str, state: ItemState) -> ItemView {
        ItemView { sequence, case_id: CaseId::parse(case).unwrap(), state }
    }

    fn review_code(item: &Value) -> &str {
        item["adjudication"][0]["extension"][0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"].as_str().unwrap()
    }

    #[test]
    fn all_pended_is_queued_with_a4_items() {
        let bundle = response_bundle(
            &echo(vec![1, 2]),
            &[view(1, "PA-1", ItemState::Pended), view(2, "PA-2", ItemState::Pended)],
            "https://api.example/fhir/",
            "R1",
            now(),
        );
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "collection");
        assert_eq!(bundle["timestamp"], "2024-05-02T09:30:00Z");
        assert_eq!(bundle["identifier"]["value"], "A1", "the request Bundle's identifier");
        let entry = &bundle["entry"][0];
        assert_eq!(entry["fullUrl"], "https://api.example/fhir/ClaimResponse/R1");
        let response = &entry["resource"];
        assert_eq!(response["resourceType"], "ClaimResponse");
        assert_eq!((response["status"].as_str(), response["use"].as_str()), (Some("active"), Some("preauthorization")));
        assert_eq!(response["type"]["coding"][0]["code"], "institutional", "copied from the Claim");
        assert_eq!(response["outcome"], "queued");
        assert_eq!(response["preAuthRef"], "PA-1, PA-2");
        assert_eq!(response["patient"]["reference"], "http://x.example/fhir/Patient/p");
        assert_eq!(response["insurer"]["reference"], "http://x.example/fhir/Organization/i");
        assert_eq!(response["requestor"]["reference"], "http://x.example/fhir/Organization/o");
        assert_eq!(response["request"]["identifier"]["value"], "T-1");
        let items = response["item"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["itemSequence"], 1);
        assert_eq!(items[0]["adjudication"][0]["category"]["coding"][0]["code"], "submitted");
        assert_eq!(items[0]["adjudication"][0]["extension"][0]["url"], EXT_REVIEW_ACTION);
        assert!(items.iter().all(|i| review_code(i) == "A4"));
        assert_eq!(items[1]["adjudication"][0]["extension"][0]["extension"][1]["valueString"], "PA-2");
        assert!(items[0]["adjudication"][0].get("reason").is_none(), "no reason while pended");
        // Patient, insurer and requester follow, so every reference resolves inside the Bundle.
        let urls: Vec<&str> = bundle["entry"].as_array().unwrap()[1..].iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
        assert_eq!(
            urls,
            ["http://x.example/fhir/Patient/p", "http://x.example/fhir/Organization/i", "http://x.example/fhir/Organization/o"]
        );
    }

    #[test]
    fn decided_items_carry_a1_a3_and_the_reason() {
        let items = [
            view(1, "PA-1", ItemState::Approved { reason: "Criteria met".into() }),
            view(2, "PA-2", ItemState::Denied { reason: "Conservative therapy not documented".into(), reason_code: Some("CRIT-2".into()) }),
        ];
        let bundle = response_bundle(&echo(vec![1, 2]), &items, "https://api.example/fhir", "R1", now());
        let response = &bundle["entry"][0]["resource"];
        assert_eq!(response["outcome"], "complete");
        assert_eq!(review_code(&response["item"][0]), "A1");
        assert_eq!(review_code(&response["item"][1]), "A3");
        assert_eq!(response["item"][0]["adjudication"][0]["reason"]["text"], "Criteria met");
        assert_eq!(response["item"][1]["adjudication"][0]["reason"]["coding"][0]["code"], "CRIT-2");
    }

    #[test]
    fn mixed_is_partial_and_missing_views_are_pended() {
        let items = [view(2, "PA-2", ItemState::Approved { reason: "ok".into() }), view(9, "PA-9", ItemState::Pended)];
        let bundle = response_bundle(&echo(vec![1, 2]), &items, "https://api.example/fhir", "R1", now());
        let response = &bundle["entry"][0]["resource"];
        assert_eq!(response["outcome"], "partial");
        let sequences: Vec<u64> = response["item"].as_array().unwrap().iter().map(|i| i["itemSequence"].as_u64().unwrap()).collect();
        assert_eq!(sequences, [1, 2, 9]);
        assert_eq!(review_code(&response["item"][0]), "A4");
        assert_eq!(response["item"][0]["adjudication"][0]["extension"][0]["extension"].as_array().unwrap().len(), 1, "no case id");
        assert_eq!(response["preAuthRef"], "PA-2, PA-9");
    }

    #[test]
    fn debug_output_never_shows_an_echoed_resource() {
        let mut echo = echo(vec![1]);
        echo.patient.as_mut().unwrap().resource["name"] = json!([{"family": "Testpatient"}]);
        let shown = format!("{echo:?}");
        assert!(shown.contains("Patient/p") && !shown.contains("Testpatient"), "{shown}");
    }

    #[test]
    fn the_response_is_a_pure_function_of_its_inputs() {
        let items = [view(1, "PA-1", ItemState::Pended)];
        assert_eq!(response_bundle(&echo(vec![1]), &items, "b", "R", now()), response_bundle(&echo(vec![1]), &items, "b", "R", now()));
    }

    #[test]
    fn only_the_insurers_decision_is_a_decision() {
        let request = CaseRequest {
            patient_id: PatientId::parse("PAT-1").unwrap(),
            procedure_code: ProcedureCode::parse("27447").unwrap(),
            diagnosis_codes: vec![],
            urgency: Urgency::Standard,
            notes: None,
        };
        let mut case = Case::file(CaseId::parse("PA-1").unwrap(), request, ProviderId::parse("PRV-1").unwrap(), "u", now());
        // The analysis's recommendations, whatever they say, are pended (A4).
        for status in [
            CaseStatus::Pending,
            CaseStatus::Analyzing,
            CaseStatus::ApprovedReady,
            CaseStatus::AiDenied,
            CaseStatus::MissingInformation,
            CaseStatus::AnalysisFailed,
        ] {
            case.status = status;
            assert_eq!(ItemState::of_case(&case), ItemState::Pended, "{status}");
        }
        let decision = |decision, reason_code: Option<&str>| Decision {
            decision,
            reason: "why".into(),
            reason_code: reason_code.map(str::to_string),
            decided_by: "insurer-1".into(),
            decided_at: now(),
        };
        case.status = CaseStatus::Approved;
        case.decision = Some(decision(FinalDecision::Approved, None));
        assert_eq!(ItemState::of_case(&case), ItemState::Approved { reason: "why".into() });
        case.status = CaseStatus::Denied;
        case.decision = Some(decision(FinalDecision::Denied, Some("NMN")));
        assert_eq!(ItemState::of_case(&case), ItemState::Denied { reason: "why".into(), reason_code: Some("NMN".into()) });
        assert_eq!(ItemView::of_case(3, &case).sequence, 3);
    }
}
