//! `POST /api/v1/fhir/Claim/$submit` and `POST /api/v1/fhir/Claim/$inquire` (provider): Da Vinci
//! PAS over FHIR R4 (`mediclear_domain::fhir` reads and writes the resources).
//!
//! **`$submit`**: the Bundle is read in full first (every problem → 400 `OperationOutcome` naming
//! its element; nothing is stored). Then the attached documents are stored as the patient's
//! records (uploaded by the provider in the token) and indexed at once, so the analysis that
//! follows can read them; then one case per Claim item is filed and its analysis started; the
//! answer is the PAS Response Bundle, every item pended (`A4`): the analysis's recommendation is
//! never the payer's decision. The filing provider is the token's; the Bundle's requester and
//! insurer are recorded with each case. Case ids derive from the provider and the Claim's trace
//! number (`fhir::filing`): the same request sent again gets the current ClaimResponse and files
//! nothing new (only the items an attempt that failed part-way left unfiled); a different request
//! under a trace number already used is 409.
//!
//! **`$inquire`**: the Claim named by trace number (or, without one, by the patient's member id
//! and the items' codes) among this provider's claims → the current ClaimResponse: pended until
//! the insurer decides, then approved (`A1`) or denied (`A3`) with the reason. No such claim of
//! this provider → 404 `OperationOutcome`, exactly as for another provider's claim.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use chrono::{NaiveDate, Utc};
use http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use mediclear_domain::audit::Outcome;
use mediclear_domain::fhir::filing::{FhirOrigin, case_id_for, case_requests, claim_key, claim_key_of};
use mediclear_domain::fhir::{AttachedDocument, ClaimEcho, Issue, IssueCode, ItemView, PasInquiry, PasSubmission, read_inquire, read_submit, response_bundle};
use mediclear_domain::identity::Caller;
use mediclear_domain::ids::{JobId, ProviderId, RecordId};
use mediclear_domain::knowledge::SourceKind;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::preauth::case::Case;
use mediclear_http::body::{MAX_BODY_BYTES, is_json};
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::cases::{CaseQuery, CaseReader, CaseWriter};
use mediclear_ports::workflow::Workflow;
use mediclear_ports::PortError;

use crate::api::fhir::{base_url, fhir_response, refused};
use crate::api::preauth::file_case::start_analysis;
use crate::audit::{Auditor, Resource};
use crate::documents::{DocumentMetadata, IndexOutcome, Indexing, UploadedFile, check_content, store_upload};
use crate::openapi::schemas::{ErrorEnvelope, FhirBundle, InternalError, OperationOutcome, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/fhir/Claim/{operation}";

/// How many pages of a patient's cases an inquiry without a trace number looks through.
const INQUIRY_PAGES: usize = 4;

#[derive(Clone)]
pub struct Deps {
    pub reader: Arc<dyn CaseReader>,
    pub writer: Arc<dyn CaseWriter>,
    pub workflow: Arc<dyn Workflow>,
    pub indexing: Indexing,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(claim_operation)).with_state(deps))
}

/// One issue as an `OperationOutcome` answer.
fn refuse(status: StatusCode, code: IssueCode, expression: &str, diagnostics: &str) -> Response {
    refused(status, &[Issue::error(code, expression, diagnostics)])
}

/// The request's Bundle, or the answer refusing it.
fn bundle(headers: &HeaderMap, body: &Bytes) -> Result<Value, Response> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/fhir+json");
    if !is_json(content_type) {
        return Err(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, IssueCode::NotSupported, "Bundle", "the body must be application/fhir+json"));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, IssueCode::TooCostly, "Bundle", "the Bundle is larger than 10 MB"));
    }
    serde_json::from_slice::<Value>(body).map_err(|e| {
        refuse(StatusCode::BAD_REQUEST, IssueCode::Structure, "Bundle", &format!("the body is not valid JSON (line {}, column {})", e.line(), e.column()))
    })
}

/// Submit or inquire about a prior authorization as a Da Vinci PAS Bundle.
///
/// **Who:** providers (the filing provider is the token's `provider_id`). `operation` is `$submit`
/// or `$inquire`. The body is a PAS request Bundle (`application/fhir+json`); the answer a PAS
/// Response Bundle whose first entry is the `ClaimResponse`: `preAuthRef` the case ids, one item
/// per Claim item with its review action — `A4` pended while the analysis runs and until the
/// insurer decides, `A1` approved or `A3` denied (with the reason) once the insurer has. `$submit`
/// stores the attached documents as the patient's records and indexes them before the analysis
/// starts; the same request sent again answers the current ClaimResponse and files nothing.
#[utoipa::path(
    post,
    path = PATH,
    tag = "fhir",
    security(("cognito_id_token" = [])),
    params(("operation" = String, Path, description = "`$submit` or `$inquire`.", example = "$submit")),
    request_body(content = FhirBundle, content_type = "application/fhir+json", description = "A Da Vinci PAS request Bundle (type `collection`, first entry the Claim)."),
    responses(
        (status = 200, description = "The PAS Response Bundle: first entry the ClaimResponse.", content_type = "application/fhir+json", body = FhirBundle),
        (status = 400, description = "An `OperationOutcome` (`structure`, `required`, `value`, `not-found`, `invalid`, `not-supported`, `too-costly`): the Bundle is not a valid PAS request; each issue names its element by FHIRPath.",
            content_type = "application/fhir+json", body = OperationOutcome),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: only providers (with a `provider_id`) use PAS."),
        (status = 404, description = "An `OperationOutcome` (`not-supported`: no such operation; `not-found`: for `$inquire`, no claim of this provider matches).",
            content_type = "application/fhir+json", body = OperationOutcome),
        (status = 409, description = "An `OperationOutcome` (`duplicate`): for `$submit`, this provider already used the Claim's trace number for a different request.",
            content_type = "application/fhir+json", body = OperationOutcome),
        (status = 413, description = "An `OperationOutcome` (`too-costly`): the Bundle is larger than 10 MB.", content_type = "application/fhir+json", body = OperationOutcome),
        (status = 415, description = "An `OperationOutcome` (`not-supported`): the body is not FHIR JSON.", content_type = "application/fhir+json", body = OperationOutcome),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: a store, the index or the workflow is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn claim_operation(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path(operation): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    if !PreauthAction::FileCase.permits(&caller) {
        return Err(ApiError::forbidden());
    }
    let provider_id = caller.provider_id().cloned().ok_or_else(ApiError::forbidden)?;
    let submitting = match operation.as_str() {
        "$submit" => true,
        "$inquire" => false,
        _ => return Ok(refuse(StatusCode::NOT_FOUND, IssueCode::NotSupported, "Claim", "the Claim operations are $submit and $inquire")),
    };
    let bundle = match bundle(&headers, &body) {
        Ok(bundle) => bundle,
        Err(answer) => return Ok(answer),
    };
    let base = base_url(&headers);
    if submitting {
        match read_submit(&bundle) {
            Ok(submission) => submit(&deps, &caller, &provider_id, &request_id.0, submission, &base).await,
            Err(issues) => Ok(refused(StatusCode::BAD_REQUEST, &issues)),
        }
    } else {
        match read_inquire(&bundle) {
            Ok(inquiry) => inquire(&deps, &caller, &provider_id, &request_id.0, inquiry, &base).await,
            Err(issues) => Ok(refused(StatusCode::BAD_REQUEST, &issues)),
        }
    }
}

/// The ClaimResponse for a claim's cases, as they stand.
fn answer(echo: &ClaimEcho, cases: &[Case], base: &str) -> Response {
    let views: Vec<ItemView> = cases.iter().filter_map(|c| c.fhir.as_ref().map(|o| ItemView::of_case(o.item_sequence, c))).collect();
    let response_id = format!("{}-response", cases.first().map_or("claim", |c| c.case_id.as_str()));
    fhir_response(StatusCode::OK, &response_bundle(echo, &views, base, &response_id, Utc::now()))
}

/// Every case of the claim `origin` belongs to, filed under `key`, in item order.
async fn claim_cases(reader: &dyn CaseReader, key: &str, origin: &FhirOrigin) -> Result<Vec<Case>, ApiError> {
    let mut cases = Vec::new();
    for item in &origin.items {
        if let Some(case) = reader.get(&case_id_for(key, item.sequence)).await.map_err(|e| ApiError::from_port(e, "case"))? {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// A file name for an attached document: its date (if any) and a slug of its title or type,
/// with the extension its content type takes.
fn document_file_name(document: &AttachedDocument, index: usize, content_type: &str) -> String {
    let date = document.date.as_deref().and_then(|d| d.get(..10)).filter(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
    let label = document.title.as_deref().or(document.description.as_deref()).or(document.type_display.as_deref()).unwrap_or("attachment");
    let mut slug: String = label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    slug = slug.split('-').filter(|p| !p.is_empty()).take(8).collect::<Vec<_>>().join("-");
    slug.truncate(60);
    if slug.is_empty() {
        slug = "attachment".into();
    }
    let extension = if content_type == "application/pdf" { "pdf" } else { "txt" };
    match date {
        Some(d) => format!("{d}-{slug}-{}.{extension}", index + 1),
        None => format!("{slug}-{}.{extension}", index + 1),
    }
}

/// The attached documents MediClear can read, as uploads; the others are skipped (their
/// content is absent, or of a type retrieval cannot read) and reported as warnings.
fn uploads(submission: &PasSubmission) -> (Vec<UploadedFile>, Vec<Issue>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for (i, document) in submission.documents.iter().enumerate() {
        let Some(bytes) = &document.bytes else { continue };
        let content_type = document.content_type.as_deref().map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).unwrap_or_default();
        if !crate::documents::ACCEPTED_CONTENT_TYPES.contains(&content_type.as_str()) || check_content(&content_type, bytes).is_err() {
            skipped.push(Issue::warning(IssueCode::NotSupported, document.expression.clone(), "this attachment is not readable plain text or PDF; it was not stored"));
            continue;
        }
        files.push(UploadedFile { file_name: document_file_name(document, i, &content_type), content_type, bytes: bytes.clone() });
    }
    (files, skipped)
}

/// Stores and indexes one attachment as a record of the patient, uploaded by the provider.
async fn store_record(deps: &Deps, caller: &Caller, provider_id: &ProviderId, submission: &PasSubmission, file: UploadedFile) -> Result<(), ApiError> {
    let record_id = RecordId::generate();
    let metadata = DocumentMetadata {
        kind: SourceKind::Record,
        document_id: record_id.to_string(),
        title: file.file_name.clone(),
        job_id: JobId::generate(),
        patient_id: Some(submission.patient_id.clone()),
        provider_id: Some(provider_id.clone()),
        procedure_codes: Vec::new(),
    };
    let key = metadata.key(&file.file_name);
    let indexing = &deps.indexing;
    store_upload(indexing.blobs.as_ref(), indexing.jobs.as_ref(), &metadata, file, &caller.subject, None)
        .await
        .map_err(|e| ApiError::from_port(e, "record"))?;
    match indexing.index_object(&key).await {
        Ok(IndexOutcome::Indexed { chunks, .. }) => tracing::info!(record_id = %record_id, chunks, "attachment indexed"),
        Ok(IndexOutcome::Refused { .. } | IndexOutcome::Skipped) => tracing::warn!(record_id = %record_id, "attachment stored but not indexable"),
        Err(e) => return Err(ApiError::from_port(e, "index")),
    }
    Ok(())
}

async fn submit(deps: &Deps, caller: &Caller, provider_id: &ProviderId, request_id: &str, submission: PasSubmission, base: &str) -> ApiResult {
    let requests = case_requests(&submission);
    // `read_submit` refuses a Claim without an identifier, so a valid request always has a key.
    let key = claim_key(provider_id, &submission.claim_identifiers).ok_or_else(|| ApiError::internal(&"a valid PAS request has a Claim.identifier"))?;
    // This trace number already filed: the same request again (a retry, perhaps after a failure
    // part-way) completes and answers it; another request under this trace number is 409.
    let first = match requests.first() {
        Some((_, origin)) => deps.reader.get(&case_id_for(&key, origin.item_sequence)).await.map_err(|e| ApiError::from_port(e, "case"))?,
        None => None,
    };
    if let Some(existing) = &first
        && !existing.fhir.as_ref().is_some_and(|o| o.same_request(&submission.patient_id, &existing.patient_id, &submission))
    {
        return Ok(refuse(StatusCode::CONFLICT, IssueCode::Duplicate, "Bundle.entry[0].resource.identifier", "this trace number was already used for a different request"));
    }
    if first.is_none() {
        let (files, skipped) = uploads(&submission);
        for file in files {
            store_record(deps, caller, provider_id, &submission, file).await?;
        }
        if !skipped.is_empty() {
            tracing::info!(skipped = skipped.len(), "attachments not stored");
        }
    }

    let now = Utc::now();
    let mut filed: Vec<Case> = Vec::new();
    for (request, origin) in requests {
        let case_id = case_id_for(&key, origin.item_sequence);
        if let Some(stored) = deps.reader.get(&case_id).await.map_err(|e| ApiError::from_port(e, "case"))? {
            filed.push(stored);
            continue;
        }
        let case = Case::file(case_id, request, provider_id.clone(), &caller.subject, now).from_fhir(origin);
        match deps.writer.create(&case).await {
            Ok(()) => {}
            // A concurrent copy of this request filed it first: answer with what is stored.
            Err(PortError::Conflict(_)) => {
                if let Some(stored) = deps.reader.get(&case.case_id).await.map_err(|e| ApiError::from_port(e, "case"))? {
                    filed.push(stored);
                }
                continue;
            }
            Err(e) => return Err(ApiError::from_port(e, "case")),
        }
        let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
        deps.audit.action(caller, "preauth.fhir.submit", resource, Outcome::Succeeded, request_id).await;
        filed.push(start_analysis(deps.workflow.as_ref(), deps.writer.as_ref(), case).await?);
    }
    tracing::info!(cases = filed.len(), "PAS claim filed");
    Ok(answer(&submission.echo, &filed, base))
}

/// The claim an inquiry names, among this provider's.
async fn find_claim(reader: &dyn CaseReader, provider_id: &ProviderId, inquiry: &PasInquiry) -> Result<Option<(String, FhirOrigin)>, ApiError> {
    if let Some(key) = claim_key(provider_id, &inquiry.claim_identifiers) {
        let mut sequences: Vec<u32> = inquiry.items.iter().map(|i| i.sequence).collect();
        sequences.push(1);
        for sequence in sequences {
            if let Some(case) = reader.get(&case_id_for(&key, sequence)).await.map_err(|e| ApiError::from_port(e, "case"))?
                && case.provider_id == *provider_id
                && let Some(origin) = case.fhir
            {
                return Ok(Some((key, origin)));
            }
        }
        return Ok(None);
    }
    // No trace number: the newest claim of this provider for the patient with these items.
    let Some(patient_id) = inquiry.patient_id.clone() else { return Ok(None) };
    let codes = inquiry.procedure_codes();
    let mut query = CaseQuery { provider_id: Some(provider_id.clone()), patient_id: Some(patient_id), ..CaseQuery::default() };
    for _ in 0..INQUIRY_PAGES {
        let page = reader.list(&query).await.map_err(|e| ApiError::from_port(e, "case"))?;
        for case in &page.cases {
            if let Some(origin) = &case.fhir
                && codes.iter().all(|code| origin.items.iter().any(|item| item.procedure_code == **code))
                && let Some(key) = claim_key_of(&case.case_id).map(str::to_string)
            {
                return Ok(Some((key, origin.clone())));
            }
        }
        match page.next_token {
            Some(token) => query.next_token = Some(token),
            None => break,
        }
    }
    Ok(None)
}

async fn inquire(deps: &Deps, caller: &Caller, provider_id: &ProviderId, request_id: &str, inquiry: PasInquiry, base: &str) -> ApiResult {
    let Some((key, origin)) = find_claim(deps.reader.as_ref(), provider_id, &inquiry).await? else {
        return Ok(refuse(StatusCode::NOT_FOUND, IssueCode::NotFound, "Bundle.entry[0].resource.identifier", "no prior authorization request of this provider matches"));
    };
    let cases = claim_cases(deps.reader.as_ref(), &key, &origin).await?;
    for case in &cases {
        let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
        deps.audit.read(caller, "preauth.fhir.inquire", resource, Outcome::Succeeded, request_id).await?;
    }
    Ok(answer(&origin.echo, &cases, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(title: Option<&str>, date: Option<&str>) -> AttachedDocument {
        AttachedDocument {
            source: mediclear_domain::fhir::DocumentSource::DocumentReference,
            expression: "Bundle.entry[9].resource.content[0].attachment".into(),
            title: title.map(str::to_string),
            description: None,
            date: date.map(str::to_string),
            type_display: Some("Summary of episode note".into()),
            content_type: Some("text/plain".into()),
            bytes: Some(b"note".to_vec()),
            url: None,
        }
    }

    #[test]
    fn attachments_are_named_by_date_and_title_and_never_by_a_path() {
        assert_eq!(document_file_name(&document(Some("Pulmonology visit"), Some("2016-03-09T15:29:46Z")), 0, "text/plain"), "2016-03-09-pulmonology-visit-1.txt");
        assert_eq!(document_file_name(&document(Some("../../etc/passwd"), None), 1, "application/pdf"), "etc-passwd-2.pdf");
        assert_eq!(document_file_name(&document(None, Some("not a date")), 2, "text/plain"), "summary-of-episode-note-3.txt");
        let name = document_file_name(&document(Some("x"), None), 0, "text/plain");
        assert!(crate::documents::file_name(&name).is_ok(), "{name}");
    }
}
