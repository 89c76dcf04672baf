//! The `CaseReader` + `CaseWriter` contract (ports::cases).

use std::collections::HashSet;

use chrono::Duration;
use mediclear_domain::ids::{CaseId, PatientId, ProviderId};
use mediclear_domain::preauth::case::{Case, CaseStatus};
use mediclear_ports::PortError;
use mediclear_ports::cases::{CaseQuery, CaseReader, CaseWriter};

use super::fixtures;

/// Runs every case-store check.
pub async fn case_store(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    create_and_get(reader, writer).await;
    a_case_filed_through_fhir_keeps_its_origin(reader, writer).await;
    replace_is_conditional(reader, writer).await;
    racing_replaces_have_one_winner(reader, writer).await;
    listing_filters_combine_newest_first(reader, writer).await;
    pagination_returns_every_case_once(reader, writer).await;
    tampered_tokens_are_rejected(reader, writer).await;
}

fn query(patient: Option<&PatientId>, provider: Option<&ProviderId>, status: Option<CaseStatus>, limit: usize) -> CaseQuery {
    CaseQuery { patient_id: patient.cloned(), provider_id: provider.cloned(), status, limit, next_token: None }
}

/// Every case a query returns, following tokens; checks page sizes on the way.
async fn all_pages(reader: &dyn CaseReader, mut q: CaseQuery) -> Vec<Case> {
    let mut cases = Vec::new();
    for page_number in 0.. {
        assert!(page_number < 1000, "pagination does not end");
        let page = reader.list(&q).await.expect("list a page");
        assert!(page.cases.len() <= q.limit, "a page of {} cases exceeds limit {}", page.cases.len(), q.limit);
        if page.next_token.is_some() {
            assert_eq!(page.cases.len(), q.limit, "a page that is not the last must be full");
        }
        cases.extend(page.cases);
        match page.next_token {
            Some(token) => q.next_token = Some(token),
            None => return cases,
        }
    }
    unreachable!()
}

fn ids(cases: &[Case]) -> Vec<CaseId> {
    cases.iter().map(|c| c.case_id.clone()).collect()
}

fn assert_newest_first(cases: &[Case], what: &str) {
    for pair in cases.windows(2) {
        assert!(pair[0].created_at >= pair[1].created_at, "{what}: not newest first ({} before {})", pair[0].created_at, pair[1].created_at);
    }
}

async fn create_and_get(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let case = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time());
    assert_eq!(reader.get(&case.case_id).await.expect("get before create"), None, "a case that was never created reads as None");
    writer.create(&case).await.expect("create a case");
    assert_eq!(reader.get(&case.case_id).await.expect("get").as_ref(), Some(&case), "a case reads back exactly as created");

    let mut other = case.clone();
    other.notes = Some("another filing with the same id".into());
    assert!(matches!(writer.create(&other).await, Err(PortError::Conflict(_))), "creating a taken id is a Conflict");
    assert_eq!(reader.get(&case.case_id).await.unwrap().as_ref(), Some(&case), "a failed create changes nothing");

    // Everything a case can carry survives the store: analysis, failure reason, decision.
    let mut full = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::AiDenied, fixtures::base_time());
    full.notes = None;
    full.analysis = Some(fixtures::analysis("REC-1#0000"));
    full.failure_reason = Some("retried once".into());
    writer.create(&full).await.expect("create a case with an analysis");
    assert_eq!(reader.get(&full.case_id).await.unwrap().as_ref(), Some(&full), "nested analysis round-trips");
}

/// A case filed from a Da Vinci PAS Bundle keeps where it came from (the Claim's identifiers, the
/// requester, and the request's resources a ClaimResponse repeats) through the store.
async fn a_case_filed_through_fhir_keeps_its_origin(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let bundle: serde_json::Value =
        serde_json::from_str(include_str!("../../../domain/tests/fixtures/fhir/knee-arthroplasty-request.json")).expect("the PAS fixture parses");
    let submission = mediclear_domain::fhir::read_submit(&bundle).expect("the PAS fixture is a valid request");
    let origin = mediclear_domain::fhir::filing::case_requests(&submission).remove(0).1;
    let case = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time()).from_fhir(origin);
    writer.create(&case).await.expect("create a FHIR case");
    assert_eq!(reader.get(&case.case_id).await.expect("get").as_ref(), Some(&case), "a FHIR case reads back exactly as created");
}

async fn replace_is_conditional(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let filed = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time());
    writer.create(&filed).await.expect("create");
    let analyzing = filed.begin_analysis(fixtures::base_time() + Duration::seconds(1)).expect("legal").expect("a change");
    writer.replace(&analyzing, filed.version).await.expect("replace from the version read");
    assert_eq!(reader.get(&filed.case_id).await.unwrap().as_ref(), Some(&analyzing), "the replacement is stored");

    let mut stale = filed.clone();
    stale.version = filed.version + 1;
    stale.failure_reason = Some("stale writer".into());
    assert!(
        matches!(writer.replace(&stale, filed.version).await, Err(PortError::Conflict(_))),
        "replacing from a version that is no longer stored is a Conflict"
    );
    assert_eq!(reader.get(&filed.case_id).await.unwrap().as_ref(), Some(&analyzing), "a lost replace changes nothing");

    let ghost = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::Pending, fixtures::base_time());
    assert_eq!(writer.replace(&ghost, 1).await, Err(PortError::NotFound), "replacing a case that does not exist is NotFound");
    assert_eq!(reader.get(&ghost.case_id).await.unwrap(), None, "a replace never creates a case");
}

async fn racing_replaces_have_one_winner(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    for round in 0..3 {
        let filed = fixtures::case(&fixtures::patient_id(), &fixtures::provider_id(), CaseStatus::ApprovedReady, fixtures::base_time());
        writer.create(&filed).await.expect("create");
        let mut approve = filed.clone();
        approve.status = CaseStatus::Approved;
        approve.version += 1;
        let mut deny = filed.clone();
        deny.status = CaseStatus::Denied;
        deny.version += 1;
        let (a, d) = futures::join!(writer.replace(&approve, filed.version), writer.replace(&deny, filed.version));
        let stored = reader.get(&filed.case_id).await.unwrap().expect("still there");
        match (a, d) {
            (Ok(()), Err(PortError::Conflict(_))) => assert_eq!(stored, approve, "round {round}: the winner is stored"),
            (Err(PortError::Conflict(_)), Ok(())) => assert_eq!(stored, deny, "round {round}: the winner is stored"),
            other => panic!("round {round}: two replaces from the same version must give exactly one Ok and one Conflict, got {other:?}"),
        }
    }
}

async fn listing_filters_combine_newest_first(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let (p1, p2) = (fixtures::patient_id(), fixtures::patient_id());
    let (v1, v2) = (fixtures::provider_id(), fixtures::provider_id());
    let statuses = [CaseStatus::Pending, CaseStatus::AiDenied, CaseStatus::Pending, CaseStatus::Approved];
    let mut created = Vec::new();
    // 16 cases: every patient × provider × status combination, created a second apart in a
    // shuffled order so insertion order is not creation order.
    let mut i = 0;
    for patient in [&p1, &p2] {
        for provider in [&v1, &v2] {
            for status in statuses {
                let at = fixtures::base_time() + Duration::seconds(((i * 7) % 16) as i64);
                created.push(fixtures::case(patient, provider, status, at));
                i += 1;
            }
        }
    }
    for case in &created {
        writer.create(case).await.expect("create");
    }
    let expect = |f: &dyn Fn(&Case) -> bool| -> Vec<CaseId> {
        let mut matching: Vec<&Case> = created.iter().filter(|c| f(c)).collect();
        matching.sort_by_key(|c| std::cmp::Reverse(c.created_at));
        matching.iter().map(|c| c.case_id.clone()).collect()
    };

    let by_provider = all_pages(reader, query(None, Some(&v1), None, 100)).await;
    assert_eq!(ids(&by_provider), expect(&|c| c.provider_id == v1), "provider filter: exactly that provider's cases, newest first");
    let by_patient = all_pages(reader, query(Some(&p2), None, None, 100)).await;
    assert_eq!(ids(&by_patient), expect(&|c| c.patient_id == p2), "patient filter");
    let patient_status = all_pages(reader, query(Some(&p1), None, Some(CaseStatus::Pending), 100)).await;
    assert_eq!(ids(&patient_status), expect(&|c| c.patient_id == p1 && c.status == CaseStatus::Pending), "patient AND status");
    let provider_status = all_pages(reader, query(None, Some(&v2), Some(CaseStatus::AiDenied), 100)).await;
    assert_eq!(ids(&provider_status), expect(&|c| c.provider_id == v2 && c.status == CaseStatus::AiDenied), "provider AND status");
    let all_three = all_pages(reader, query(Some(&p2), Some(&v1), Some(CaseStatus::Approved), 100)).await;
    assert_eq!(ids(&all_three), expect(&|c| c.patient_id == p2 && c.provider_id == v1 && c.status == CaseStatus::Approved), "all three filters");
    let patient_provider = all_pages(reader, query(Some(&p1), Some(&v2), None, 100)).await;
    assert_eq!(ids(&patient_provider), expect(&|c| c.patient_id == p1 && c.provider_id == v2), "patient AND provider");

    // Status alone and no filter read beyond this suite's cases: check membership and order.
    let by_status = all_pages(reader, query(None, None, Some(CaseStatus::AiDenied), 100)).await;
    assert!(by_status.iter().all(|c| c.status == CaseStatus::AiDenied), "status filter returns only that status");
    assert_newest_first(&by_status, "status filter");
    let ours: HashSet<CaseId> = by_status.iter().map(|c| c.case_id.clone()).collect();
    assert!(expect(&|c| c.status == CaseStatus::AiDenied).iter().all(|id| ours.contains(id)), "status filter misses a case");
    let everything = all_pages(reader, query(None, None, None, 100)).await;
    assert_newest_first(&everything, "unfiltered listing");
    let all_ids: HashSet<CaseId> = everything.iter().map(|c| c.case_id.clone()).collect();
    assert_eq!(all_ids.len(), everything.len(), "the unfiltered listing repeats a case");
    assert!(created.iter().all(|c| all_ids.contains(&c.case_id)), "the unfiltered listing misses a case");
}

async fn pagination_returns_every_case_once(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let patient = fixtures::patient_id();
    let provider = fixtures::provider_id();
    let mut created = Vec::new();
    for i in 0..11 {
        // Every third case is DENIED, so a filtered page must skip items to fill up.
        let status = if i % 3 == 0 { CaseStatus::Denied } else { CaseStatus::Pending };
        let case = fixtures::case(&patient, &provider, status, fixtures::base_time() + Duration::minutes(i));
        writer.create(&case).await.expect("create");
        created.push(case);
    }
    created.reverse(); // newest first
    for limit in [1, 2, 3, 4, 11, 12] {
        let listed = all_pages(reader, query(None, Some(&provider), None, limit)).await;
        assert_eq!(ids(&listed), ids(&created), "limit {limit}: every case exactly once, newest first, across pages");
    }
    let pending: Vec<CaseId> = created.iter().filter(|c| c.status == CaseStatus::Pending).map(|c| c.case_id.clone()).collect();
    for limit in [1, 2, 3, 5] {
        let listed = all_pages(reader, query(None, Some(&provider), Some(CaseStatus::Pending), limit)).await;
        assert_eq!(ids(&listed), pending, "limit {limit} with a filter: no gaps, no duplicates");
        let listed = all_pages(reader, query(Some(&patient), None, Some(CaseStatus::Pending), limit)).await;
        assert_eq!(ids(&listed), pending, "limit {limit}, patient and status: no gaps, no duplicates");
    }
}

async fn tampered_tokens_are_rejected(reader: &dyn CaseReader, writer: &dyn CaseWriter) {
    let provider = fixtures::provider_id();
    for i in 0..3 {
        let case = fixtures::case(&fixtures::patient_id(), &provider, CaseStatus::Pending, fixtures::base_time() + Duration::seconds(i));
        writer.create(&case).await.expect("create");
    }
    let first = reader.list(&query(None, Some(&provider), None, 1)).await.expect("first page");
    let token = first.next_token.expect("a first page of 1 out of 3 has a next_token");
    let mut flipped = token.clone().into_bytes();
    let middle = flipped.len() / 2;
    flipped[middle] = if flipped[middle] == b'A' { b'B' } else { b'A' };
    let tampered = [
        String::from_utf8(flipped).unwrap(),
        token[..token.len() - 3].to_string(),
        format!("{token}x"),
        "not-a-token".to_string(),
        "%%%".to_string(),
        String::new(),
    ];
    for bad in tampered {
        let result = reader.list(&CaseQuery { next_token: Some(bad.clone()), ..query(None, Some(&provider), None, 1) }).await;
        assert!(
            matches!(&result, Err(PortError::Rejected(m)) if m == "next_token is not valid"),
            "a tampered next_token ({bad:?}) must be Rejected(\"next_token is not valid\"), got {result:?}"
        );
    }
}
