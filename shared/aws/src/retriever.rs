//! Retrieval from Bedrock Knowledge Bases ([`Retriever`]) with the Agent Runtime `Retrieve` call.
//!
//! Two knowledge bases, each fed from the documents bucket with `.metadata.json` sidecars:
//! - the **insurer KB** holds policies; their sidecar lists `procedure_codes`, so
//!   `policy_criteria` filters with `listContains` (the operator for a list-valued attribute)
//!   and asks for 25 results;
//! - the **provider KB** holds clinical records; their sidecar carries `patient_id` (and
//!   `provider_id`), so `patient_notes` filters with `equals patient_id`, plus `equals provider_id`
//!   under `andAll` when the scope names a provider, and asks for 40 results. The scope is built
//!   from the case or the token, never from a request body; the filter is what keeps one patient's
//!   notes out of another's analysis.
//!
//! A result becomes a [`Passage`]: `chunk_id` from `x-amz-bedrock-kb-chunk-id` (or a stable hash of
//! location and text), `document_id` from the sidecar's `document_id` if present, else the source
//! URI, `title` from the sidecar's `title`, `score` as ranked. Policy passages are grouped by
//! document (best document first) and, where the KB reports page numbers, kept in page order.
//! The query text is never logged.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockagentruntime::Client;
use aws_sdk_bedrockagentruntime::types::{
    FilterAttribute, KnowledgeBaseQuery, KnowledgeBaseRetrievalConfiguration, KnowledgeBaseRetrievalResult,
    KnowledgeBaseVectorSearchConfiguration, RetrievalFilter,
};
use aws_smithy_types::Document;
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::knowledge::Passage;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::knowledge::{NotesScope, Retriever};

use crate::error::port_error;

/// Results asked of the insurer KB for one procedure.
pub const POLICY_RESULTS: i32 = 25;
/// Results asked of the provider KB for one patient.
pub const NOTES_RESULTS: i32 = 40;

const CHUNK_ID_KEY: &str = "x-amz-bedrock-kb-chunk-id";
const SOURCE_URI_KEY: &str = "x-amz-bedrock-kb-source-uri";
const PAGE_KEY: &str = "x-amz-bedrock-kb-document-page-number";

/// The two knowledge bases analyses read from.
#[derive(Debug, Clone)]
pub struct BedrockKbRetriever {
    client: Client,
    insurer_kb_id: String,
    provider_kb_id: String,
}

fn equals(key: &str, value: &str) -> PortResult<RetrievalFilter> {
    let attribute = FilterAttribute::builder().key(key).value(Document::String(value.into())).build().map_err(|e| PortError::Internal(e.to_string()))?;
    Ok(RetrievalFilter::Equals(attribute))
}

/// The provider-KB filter for a scope: always the patient, and the provider when set.
pub(crate) fn notes_filter(scope: &NotesScope) -> PortResult<RetrievalFilter> {
    let patient = equals("patient_id", scope.patient_id.as_str())?;
    match &scope.provider_id {
        None => Ok(patient),
        Some(provider) => Ok(RetrievalFilter::AndAll(vec![patient, equals("provider_id", provider.as_str())?])),
    }
}

/// The insurer-KB filter for a procedure code.
pub(crate) fn policy_filter(code: &ProcedureCode) -> PortResult<RetrievalFilter> {
    let attribute = FilterAttribute::builder()
        .key("procedure_codes")
        .value(Document::String(code.as_str().into()))
        .build()
        .map_err(|e| PortError::Internal(e.to_string()))?;
    Ok(RetrievalFilter::ListContains(attribute))
}

fn metadata_str<'a>(result: &'a KnowledgeBaseRetrievalResult, key: &str) -> Option<&'a str> {
    match result.metadata()?.get(key)? {
        Document::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    }
}

fn metadata_number(result: &KnowledgeBaseRetrievalResult, key: &str) -> Option<f64> {
    match result.metadata()?.get(key)? {
        Document::Number(n) => Some(n.to_f64_lossy()),
        Document::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn location_uri(result: &KnowledgeBaseRetrievalResult) -> Option<&str> {
    let location = result.location()?;
    location
        .s3_location()
        .and_then(|l| l.uri())
        .or_else(|| location.web_location().and_then(|l| l.url()))
        .or_else(|| location.custom_document_location().and_then(|l| l.id()))
}

/// A stable id for a result without a KB chunk id: SHA-256 of location and text.
fn fallback_chunk_id(location: &str, text: &str) -> String {
    let mut input = location.as_bytes().to_vec();
    input.push(0);
    input.extend_from_slice(text.as_bytes());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
    let hex: String = digest.as_ref()[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("kb-{hex}")
}

/// A retrieval result as a passage; `None` for a result without text.
pub(crate) fn passage(result: &KnowledgeBaseRetrievalResult) -> Option<Passage> {
    let text = result.content()?.text().to_string();
    if text.trim().is_empty() {
        return None;
    }
    let uri = metadata_str(result, SOURCE_URI_KEY).or_else(|| location_uri(result));
    let document_id = metadata_str(result, "document_id").or(uri).unwrap_or("unknown-document").to_string();
    let chunk_id = metadata_str(result, CHUNK_ID_KEY).map(str::to_string).unwrap_or_else(|| fallback_chunk_id(uri.unwrap_or(""), &text));
    Some(Passage {
        chunk_id,
        document_id,
        title: metadata_str(result, "title").map(str::to_string),
        text,
        score: result.score().unwrap_or(0.0) as f32,
        ordinal: None,
        span: None,
    })
}

/// Policy passages grouped by document (documents by their best score) and, within one, by page
/// where known, else by score. Duplicate chunks are dropped.
fn in_document_order(results: &[KnowledgeBaseRetrievalResult]) -> Vec<Passage> {
    let mut passages: Vec<(Passage, Option<f64>)> = Vec::new();
    for result in results {
        if let Some(p) = passage(result).filter(|p| !passages.iter().any(|(q, _)| q.chunk_id == p.chunk_id)) {
            passages.push((p, metadata_number(result, PAGE_KEY)));
        }
    }
    let mut best: HashMap<String, f32> = HashMap::new();
    for (p, _) in &passages {
        let entry = best.entry(p.document_id.clone()).or_insert(f32::MIN);
        *entry = entry.max(p.score);
    }
    passages.sort_by(|(a, page_a), (b, page_b)| {
        best[&b.document_id]
            .total_cmp(&best[&a.document_id])
            .then_with(|| a.document_id.cmp(&b.document_id))
            .then_with(|| page_a.unwrap_or(f64::MAX).total_cmp(&page_b.unwrap_or(f64::MAX)))
            .then_with(|| b.score.total_cmp(&a.score))
    });
    passages.into_iter().map(|(p, _)| p).collect()
}

impl BedrockKbRetriever {
    pub fn new(config: &SdkConfig, insurer_kb_id: impl Into<String>, provider_kb_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), insurer_kb_id: insurer_kb_id.into(), provider_kb_id: provider_kb_id.into() }
    }

    async fn retrieve(&self, kb_id: &str, text: String, results: i32, filter: RetrievalFilter) -> PortResult<Vec<KnowledgeBaseRetrievalResult>> {
        let configuration = KnowledgeBaseRetrievalConfiguration::builder()
            .vector_search_configuration(KnowledgeBaseVectorSearchConfiguration::builder().number_of_results(results).filter(filter).build())
            .build();
        let out = self
            .client
            .retrieve()
            .knowledge_base_id(kb_id)
            .retrieval_query(KnowledgeBaseQuery::builder().text(text).build())
            .retrieval_configuration(configuration)
            .send()
            .await
            .map_err(|e| port_error("bedrock-agent.Retrieve", &e))?;
        Ok(out.retrieval_results)
    }
}

#[async_trait]
impl Retriever for BedrockKbRetriever {
    #[tracing::instrument(skip(self, procedure_code), fields(kb = %self.insurer_kb_id, procedure_code = %procedure_code))]
    async fn policy_criteria(&self, procedure_code: &ProcedureCode) -> PortResult<Vec<Passage>> {
        let query = format!(
            "Coverage criteria for procedure code {procedure_code}: medical necessity requirements, documentation required, and exclusions."
        );
        let results = self.retrieve(&self.insurer_kb_id, query, POLICY_RESULTS, policy_filter(procedure_code)?).await?;
        Ok(in_document_order(&results))
    }

    #[tracing::instrument(skip(self, scope, query), fields(kb = %self.provider_kb_id, patient_id = %scope.patient_id))]
    async fn patient_notes(&self, scope: &NotesScope, query: &str) -> PortResult<Vec<Passage>> {
        let text = if query.trim().is_empty() { "clinical history, findings, treatments and their outcomes".to_string() } else { query.to_string() };
        let results = self.retrieve(&self.provider_kb_id, text, NOTES_RESULTS, notes_filter(scope)?).await?;
        let mut passages: Vec<Passage> = Vec::new();
        for p in results.iter().filter_map(passage) {
            if !passages.iter().any(|q| q.chunk_id == p.chunk_id) {
                passages.push(p);
            }
        }
        Ok(passages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrockagentruntime::types::{RetrievalResultContent, RetrievalResultLocation, RetrievalResultLocationType, RetrievalResultS3Location};
    use mediclear_domain::ids::{PatientId, ProviderId};

    fn result(text: &str, uri: &str, score: f64, metadata: &[(&str, Document)]) -> KnowledgeBaseRetrievalResult {
        let mut b = KnowledgeBaseRetrievalResult::builder()
            .content(RetrievalResultContent::builder().text(text).build())
            .location(
                RetrievalResultLocation::builder()
                    .r#type(RetrievalResultLocationType::S3)
                    .s3_location(RetrievalResultS3Location::builder().uri(uri).build())
                    .build()
                    .unwrap(),
            )
            .score(score);
        for (k, v) in metadata {
            b = b.metadata(*k, v.clone());
        }
        b.build()
    }

    #[test]
    fn passages_take_ids_from_kb_metadata_or_a_stable_hash() {
        let with_id = result("a", "s3://b/k", 0.5, &[(CHUNK_ID_KEY, Document::String("c-1".into())), ("title", Document::String("T".into()))]);
        let p = passage(&with_id).unwrap();
        assert_eq!((p.chunk_id.as_str(), p.document_id.as_str(), p.title.as_deref()), ("c-1", "s3://b/k", Some("T")));
        let without = result("a", "s3://b/k", 0.5, &[]);
        assert_eq!(passage(&without).unwrap().chunk_id, passage(&without).unwrap().chunk_id);
        assert_ne!(passage(&without).unwrap().chunk_id, passage(&result("b", "s3://b/k", 0.5, &[])).unwrap().chunk_id);
        let named = result("a", "s3://b/k", 0.5, &[("document_id", Document::String("POL-1".into()))]);
        assert_eq!(passage(&named).unwrap().document_id, "POL-1");
    }

    #[test]
    fn policy_passages_are_grouped_by_document_in_page_order() {
        let page = |n: u64| (PAGE_KEY, Document::Number(aws_smithy_types::Number::PosInt(n)));
        let results = [
            result("p2", "s3://b/one", 0.9, &[page(2)]),
            result("x", "s3://b/two", 0.5, &[]),
            result("p1", "s3://b/one", 0.4, &[page(1)]),
        ];
        let texts: Vec<String> = in_document_order(&results).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, ["p1", "p2", "x"]);
    }

    #[test]
    fn the_notes_filter_always_names_the_patient() {
        let scope = NotesScope { patient_id: PatientId::parse("PAT-1").unwrap(), provider_id: None };
        assert!(matches!(notes_filter(&scope).unwrap(), RetrievalFilter::Equals(a) if a.key() == "patient_id"));
        let scoped = NotesScope { provider_id: Some(ProviderId::parse("PRV-1").unwrap()), ..scope };
        assert!(matches!(notes_filter(&scoped).unwrap(), RetrievalFilter::AndAll(all) if all.len() == 2));
    }
}
