//! `GET /api/v1/preauth/cases/{case_id}/evidence/{criterion_id}` (as for the case): each quote of
//! one criterion's evidence found again in the stored records, with the document, its date, the
//! character span and the passage around it (`mediclear_domain::preauth::trace`), so a reviewer
//! can check the AI's reading without leaving the queue.
//!
//! The records searched are the ones the analysis could read: the case's patient's records
//! uploaded by the case's provider, and the notes filed with the case — the scope comes from the
//! stored case, never from the request. The read is audited before anything is returned.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde::Serialize;

use mediclear_domain::audit::Outcome;
use mediclear_domain::knowledge::Chunk;
use mediclear_domain::preauth::access::PreauthAction;
use mediclear_domain::preauth::analysis::CriterionFinding;
use mediclear_domain::preauth::case::Case;
use mediclear_domain::preauth::trace::{StoredRecord, TracedQuote, trace};
use mediclear_domain::validation::ValidationError;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::cases::CaseReader;
use mediclear_ports::knowledge::{ChunkIndexReader, IndexedDocument};

use crate::api::preauth::visible_case;
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{ErrorEnvelope, InternalError, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/preauth/cases/{case_id}/evidence/{criterion_id}";

#[derive(Clone)]
pub struct Deps {
    pub cases: Arc<dyn CaseReader>,
    pub index: Arc<dyn ChunkIndexReader>,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, get(get_evidence)).with_state(deps))
}

/// One criterion's evidence, traced to the records.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CriterionEvidence {
    pub case_id: String,
    /// The finding as the analysis gives it.
    pub criterion: CriterionFinding,
    /// Each quote of the evidence, in order; `located: false` when no stored record holds it
    /// (the record was deleted or replaced since, or the quote was not verbatim).
    pub quotes: Vec<TracedQuote>,
}

/// A criterion id as analyses write them (`1`, `2b`, `3.1`, `E1`, `P2-3a`).
fn criterion_id(raw: &str) -> Result<&str, ValidationError> {
    let ok = !raw.is_empty() && raw.len() <= 32 && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(raw) } else { Err(ValidationError::invalid("criterion_id", "criterion_id must be a criterion id of the case's analysis, e.g. 2b or E1")) }
}

/// The records the case's analysis could read, with their texts rebuilt from the index.
async fn records(index: &dyn ChunkIndexReader, case: &Case) -> Result<Vec<StoredRecord>, ApiError> {
    let chunks = index.patient_chunks(&case.patient_id).await.map_err(|e| ApiError::from_port(e, "records"))?;
    let mut by_document: BTreeMap<String, (IndexedDocument, Vec<Chunk>)> = BTreeMap::new();
    for (document, embedded) in chunks {
        if document.provider_id.as_ref().is_some_and(|p| *p != case.provider_id) {
            continue;
        }
        by_document.entry(document.document_id.clone()).or_insert_with(|| (document, Vec::new())).1.push(embedded.chunk);
    }
    let mut out: Vec<StoredRecord> = Vec::new();
    if let Some(notes) = case.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        let chunk = Chunk {
            chunk_id: case.notes_chunk_id(),
            document_id: case.case_id.to_string(),
            ordinal: 0,
            start: 0,
            end: notes.len(),
            text: notes.to_string(),
        };
        out.push(StoredRecord::from_chunks(case.case_id.as_str(), "Notes filed with the case", Some(case.created_at.date_naive()), &[chunk]));
    }
    out.extend(
        by_document
            .into_values()
            .map(|(document, chunks)| StoredRecord::from_chunks(&document.document_id, &document.title, document.document_date, &chunks)),
    );
    Ok(out)
}

/// Trace one criterion's quoted evidence to the records.
///
/// **Who:** as for the case — the provider that filed it, insurers, admins; another provider's
/// case is 404, exactly as an absent one. The records searched are those the analysis could read
/// (the case's patient's records from the case's provider, and the case's own notes). Spans count
/// characters from the start of the record's stored text, end exclusive.
#[utoipa::path(
    get,
    path = PATH,
    tag = "preauth",
    security(("cognito_id_token" = [])),
    params(
        ("case_id" = mediclear_domain::ids::CaseId, Path, description = "The case."),
        ("criterion_id" = String, Path, description = "A criterion id of the case's analysis (`2b`, `E1`).", example = "1"),
    ),
    responses(
        (status = 200, description = "The criterion and each of its quotes, traced.", body = Success<CriterionEvidence>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_CASE_ID` or `INVALID_CRITERION_ID`: not a well-formed id."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the role may not read cases (patients, doctors; a provider without `provider_id`), or the token \
                           carries no MediClear role, several, or a malformed binding."),
        (status = 404, body = ErrorEnvelope,
            description = "`NOT_FOUND`: no such case, not one this caller may see, no analysis yet, or no such criterion in it."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope,
            description = "`SERVICE_UNAVAILABLE`: the case store or the index is unavailable, or the read could not be audited (reads fail closed)."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn get_evidence(
    State(deps): State<Deps>,
    Authenticated(caller): Authenticated,
    request_id: RequestId,
    Path((case_id, raw_criterion)): Path<(String, String)>,
) -> ApiResult {
    const ACTION: &str = "preauth.evidence.read";
    let case = visible_case(deps.cases.as_ref(), &deps.audit, &caller, PreauthAction::ReadCase, ACTION, &case_id, &request_id.0).await?;
    let wanted = criterion_id(&raw_criterion)?;
    let finding = case.analysis.as_ref().and_then(|a| a.criteria.iter().find(|c| c.id == wanted)).cloned().ok_or_else(|| ApiError::not_found("criterion"))?;
    let records = records(deps.index.as_ref(), &case).await?;
    let quotes = trace(&finding.evidence, &finding.source_chunk_ids, &records);
    let resource = Resource { kind: "preauth_case", id: case.case_id.as_str() };
    deps.audit.read(&caller, ACTION, resource, Outcome::Succeeded, &request_id.0).await?;
    tracing::info!(case_id = %case.case_id, quotes = quotes.len(), located = quotes.iter().filter(|q| q.located).count(), "evidence traced");
    Ok(success(CriterionEvidence { case_id: case.case_id.to_string(), criterion: finding, quotes }))
}
