//! Which handler runs for which function: every binary `template.yaml` names is mapped to the
//! same handler its Lambda runs, wired to the offline adapters. A template function without a
//! handler here stops the runtime at start (and fails a test), so the two cannot drift apart.
//! Where a handler declares the operations it calls (`USES`), its offline adapters are limited
//! to them as its Lambda's are (`mediclear_ports::limited`): an API test that reaches an
//! operation the declaration misses fails here with a 500 instead of in production.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use mediclear_handlers::api;
use mediclear_handlers::audit::Auditor;
use mediclear_handlers::documents::DocumentJobs;
use mediclear_handlers::events::ingest::IngestDocument;
use mediclear_handlers::events::ingest_failed::IngestFailed;
use mediclear_handlers::events::notifier::CaseNotifier;
use mediclear_handlers::events::websocket::{Connect, ConnectAuthorizer, Disconnect, Subscribe};
use mediclear_handlers::function::{EventHandler, FunctionError, invoke_json};
use mediclear_handlers::tasks::analysis::{BeginAnalysis, JudgeCriteria, RecordFailure, RetrieveNotes, RetrievePolicy, SaveAnalysis};
use mediclear_handlers::tasks::refresh::RunRefresh;
use mediclear_handlers::tasks::pipeline::{EnrichDocument, ExtractText, IndexDocument, PollOcr, RecordDocumentFailure, StartPipeline, Tracker};
use mediclear_ports::limited;

use crate::deps::LocalDeps;
use crate::template::Template;

/// A non-HTTP function, called with JSON events.
#[async_trait]
pub trait EventFunction: Send + Sync {
    async fn invoke(&self, event: Value) -> Result<Value, FunctionError>;
}

struct Erased<H>(H);

#[async_trait]
impl<H: EventHandler> EventFunction for Erased<H> {
    async fn invoke(&self, event: Value) -> Result<Value, FunctionError> {
        invoke_json(&self.0, event).await
    }
}

fn event<H: EventHandler>(handler: H) -> Function {
    Function::Event(Arc::new(Erased(handler)))
}

/// A function as the runtime calls it.
#[derive(Clone)]
pub enum Function {
    Http(axum::Router),
    Event(Arc<dyn EventFunction>),
}

/// The handler for a binary, wired to the offline adapters; `None` for an unknown binary.
pub fn build(binary: &str, d: &LocalDeps) -> Option<Function> {
    let audit = d.auditor();
    let f = match binary {
        "auth-token" => Function::Http(api::auth_token::router(api::auth_token::Deps { directory: d.directory.clone() })),
        "admin-create-user" => Function::Http(api::admin_users::router(api::admin_users::Deps {
            directory: d.directory.clone(),
            audit,
            idempotency: d.idempotent(),
        })),
        "preauth-create-case" => Function::Http(api::preauth::file_case::router(api::preauth::file_case::Deps {
            cases: d.cases.clone(),
            workflow: d.workflow.clone(),
            audit,
            idempotency: d.idempotent(),
        })),
        "fhir-claim" => Function::Http(api::fhir::claim::router(api::fhir::claim::Deps {
            reader: d.cases.clone(),
            writer: d.cases.clone(),
            workflow: d.workflow.clone(),
            indexing: d.indexing(),
            audit,
        })),
        "fhir-metadata" => Function::Http(api::fhir::metadata::router()),
        "preauth-get-case" => Function::Http(api::preauth::get_case::router(api::preauth::get_case::Deps { cases: d.cases.clone(), audit })),
        "preauth-case-evidence" => Function::Http(api::preauth::evidence::router(api::preauth::evidence::Deps {
            cases: d.cases.clone(),
            index: d.index.clone(),
            audit,
        })),
        "preauth-list-cases" => Function::Http(api::preauth::list_cases::router(api::preauth::list_cases::Deps { cases: d.cases.clone(), audit })),
        "preauth-decide-case" => Function::Http(api::preauth::decide::router(api::preauth::decide::Deps {
            reader: d.cases.clone(),
            writer: d.cases.clone(),
            audit,
        })),
        "preauth-match-criteria" => Function::Http(api::preauth::match_criteria::router(api::preauth::match_criteria::Deps {
            retriever: d.retriever.clone(),
            analyzer: d.analyzer.clone(),
            audit,
        })),
        "preauth-upload-record" => Function::Http(api::preauth::upload::records_router(upload_deps(d))),
        "preauth-upload-policy" => Function::Http(api::preauth::upload::policies_router(upload_deps(d))),
        "patients-questionnaire" => Function::Http(api::patients::questionnaire::router()),
        "patients-onboard" => Function::Http(api::patients::onboard::router(api::patients::onboard::Deps {
            patients: d.patients.clone(),
            directory: d.directory.clone(),
            tokens: Arc::new(d.issuer.clone()),
            doctors: d.doctors.clone(),
            care_team: d.care_team.clone(),
            audit,
            idempotency: d.idempotent(),
        })),
        "patients-get" => Function::Http(api::patients::get::router(api::patients::get::Deps { patients: d.patients.clone(), gate: d.gate(), audit })),
        "patients-update" => Function::Http(api::patients::update::router(api::patients::update::Deps {
            patients: d.patients.clone(),
            gate: d.gate(),
            audit,
            insights: Arc::new(d.computed_insights()),
        })),
        "patients-health-score" => Function::Http(api::insights::health_score::router(insights_deps(d, audit))),
        "patients-risk-assessment" => Function::Http(api::insights::risk_assessment::router(insights_deps(d, audit))),
        "patients-chat" => {
            // As the Lambda does at Init: the critical-question check is built before the first question.
            std::thread::spawn(api::chat::patient::prepare);
            Function::Http(api::chat::patient::router(api::chat::patient::Deps { chat: d.chat(), gate: d.gate() }))
        }
        "patients-conversation-get" => Function::Http(api::chat::conversation::router(api::chat::conversation::Deps {
            conversations: d.conversations.clone(),
            gate: d.gate(),
            audit,
        })),
        "doctors-chat" => Function::Http(api::chat::doctor::router(api::chat::doctor::Deps { chat: d.chat(), gate: d.gate(), records: d.patient_records() })),
        "patients-delete" => Function::Http(api::patients::purge::router(api::patients::purge::Deps {
            patients: d.patients.clone(),
            care_team: d.care_team.clone(),
            directory: limited::directory::<{ api::patients::purge::USES.directory }, _>(d.directory.clone()),
            blobs: limited::blobs::<{ api::patients::purge::USES.blobs }, _>(d.blobs.clone()),
            documents: d.documents.clone(),
            jobs: d.jobs.clone(),
            refreshes: d.refreshes.clone(),
            insights: d.insights.clone(),
            conversations: d.conversations.clone(),
            index_reader: d.index.clone(),
            index_writer: d.index.clone(),
            gate: d.gate(),
            audit,
        })),
        "doctors-onboard" => Function::Http(api::doctors::onboard::router(api::doctors::onboard::Deps {
            doctors: limited::doctors::<{ api::doctors::onboard::USES.doctors }, _>(d.doctors.clone()),
            directory: limited::directory::<{ api::doctors::onboard::USES.directory }, _>(d.directory.clone()),
            blobs: limited::blobs::<{ api::doctors::onboard::USES.blobs }, _>(d.blobs.clone()),
            reader: Arc::new(d.credential_reader()),
            audit,
            idempotency: d.idempotent(),
        })),
        "admin-list-users" => Function::Http(api::admin_user_list::router(api::admin_user_list::Deps {
            directory: limited::directory::<{ api::admin_user_list::USES.directory }, _>(d.directory.clone()),
            audit,
        })),
        "doctors-get" => Function::Http(api::doctors::get::router(api::doctors::get::Deps {
            doctors: d.doctors.clone(),
            care_team: d.care_team.clone(),
            blobs: limited::blobs::<{ api::doctors::get::USES.blobs }, _>(d.blobs.clone()),
            audit,
        })),
        "doctors-list" => Function::Http(api::doctors::list::router(api::doctors::list::Deps { doctors: d.doctors.clone(), audit })),
        "doctors-verify" => Function::Http(api::doctors::verify::router(api::doctors::verify::Deps { doctors: d.doctors.clone(), audit })),
        "doctors-assign" => Function::Http(api::doctors::assign::router(api::doctors::assign::Deps {
            doctors: d.doctors.clone(),
            patients: d.patients.clone(),
            care_team: d.care_team.clone(),
            audit,
        })),
        "doctors-revoke" => Function::Http(api::doctors::revoke::router(api::doctors::revoke::Deps {
            care_team: d.care_team.clone(),
            conversations: d.conversations.clone(),
            audit,
        })),
        "jobs-get" => Function::Http(api::jobs::router(api::jobs::Deps { jobs: d.jobs.clone(), gate: d.gate() })),
        "health" => Function::Http(api::health::health_router()),
        "health-live" => Function::Http(api::health::live_router()),
        "health-ready" => Function::Http(api::health::ready_router(api::health::ReadyDeps { probe: d.readiness.clone() })),
        "ingest-document" => event(IngestDocument { indexing: d.indexing() }),
        "ingest-failed" => event(IngestFailed { documents: DocumentJobs { blobs: d.blobs.clone(), jobs: d.jobs.clone() }, health: d.tracker() }),
        "case-notifier" => event(CaseNotifier { connections: d.connections.clone(), pusher: Arc::new(d.pusher.clone()) }),
        "ws-authorizer" => event(ConnectAuthorizer { verifier: Arc::new(d.issuer.clone()) }),
        "ws-connect" => event(Connect { connections: d.connections.clone() }),
        "ws-disconnect" => event(Disconnect { connections: d.connections.clone() }),
        "ws-subscribe" => event(Subscribe { connections: d.connections.clone() }),
        "analysis-begin" => event(BeginAnalysis { reader: d.cases.clone(), writer: d.cases.clone(), audit }),
        "analysis-retrieve-policy" => event(RetrievePolicy { reader: d.cases.clone(), retriever: d.retriever.clone() }),
        "analysis-retrieve-notes" => event(RetrieveNotes { reader: d.cases.clone(), retriever: d.retriever.clone() }),
        "analysis-judge" => event(JudgeCriteria { reader: d.cases.clone(), analyzer: d.analyzer.clone() }),
        "analysis-save" => event(SaveAnalysis { reader: d.cases.clone(), writer: d.cases.clone(), audit }),
        "analysis-fail" => event(RecordFailure { reader: d.cases.clone(), writer: d.cases.clone(), audit }),
        "documents-upload" => Function::Http(api::documents::upload::router(api::documents::upload::Deps {
            documents: limited::documents::<{ api::documents::upload::USES.documents }, _>(d.documents.clone()),
            jobs: limited::jobs::<{ api::documents::upload::USES.jobs }, _>(d.jobs.clone()),
            blobs: limited::blobs::<{ api::documents::upload::USES.blobs }, _>(d.blobs.clone()),
            gate: d.gate(),
            audit,
            idempotency: d.idempotent(),
        })),
        "documents-upload-url" => Function::Http(api::documents::upload_url::router(api::documents::upload_url::Deps {
            documents: limited::documents::<{ api::documents::upload_url::USES.documents }, _>(d.documents.clone()),
            jobs: limited::jobs::<{ api::documents::upload_url::USES.jobs }, _>(d.jobs.clone()),
            blobs: limited::blobs::<{ api::documents::upload_url::USES.blobs }, _>(d.blobs.clone()),
            gate: d.gate(),
            audit,
        })),
        "documents-list" => Function::Http(api::documents::list::router(api::documents::list::Deps { documents: d.documents.clone(), gate: d.gate(), audit })),
        "documents-get" => Function::Http(api::documents::get::router(api::documents::get::Deps {
            documents: limited::documents::<{ api::documents::get::USES.documents }, _>(d.documents.clone()),
            blobs: limited::blobs::<{ api::documents::get::USES.blobs }, _>(d.blobs.clone()),
            gate: d.gate(),
            audit,
        })),
        "documents-review" => Function::Http(api::documents::review::router(api::documents::review::Deps { documents: d.documents.clone(), audit })),
        "documents-transcription" => Function::Http(api::documents::transcription::router(api::documents::transcription::Deps {
            tracker: Tracker {
                documents: limited::documents::<{ api::documents::transcription::USES.documents }, _>(d.documents.clone()),
                jobs: limited::jobs::<{ api::documents::transcription::USES.jobs }, _>(d.jobs.clone()),
            },
            blobs: limited::blobs::<{ api::documents::transcription::USES.blobs }, _>(d.blobs.clone()),
            gate: d.gate(),
            workflow: d.pipeline.clone(),
            audit,
        })),
        "documents-pipeline-start" => event(StartPipeline { tracker: d.tracker(), blobs: d.blobs.clone(), workflow: d.pipeline.clone() }),
        "documents-extract" => event(ExtractText {
            tracker: d.tracker(),
            blobs: d.blobs.clone(),
            extractor: d.extractor.clone(),
            ocr: d.ocr.clone(),
            ocr_jobs: Some(d.ocr_jobs.clone()),
            ocr_installed: d.ocr_installed,
        }),
        "documents-poll-ocr" => event(PollOcr { tracker: d.tracker(), blobs: d.blobs.clone(), ocr_jobs: d.ocr_jobs.clone() }),
        // No vision model offline: the document records that vision was skipped.
        "documents-enrich" => event(EnrichDocument { tracker: d.tracker(), blobs: d.blobs.clone(), vision: None }),
        // The offline chat is the extractive engine: the sentences it will weigh are embedded as
        // each document is indexed, and the model remembers them for the first question.
        "documents-index" => event(IndexDocument {
            tracker: d.tracker(),
            blobs: d.blobs.clone(),
            embedder: Arc::new(mediclear_handlers::engines::ReadAheadEmbedder::new(d.embedder.clone())),
            index: d.index.clone(),
            insights: Arc::new(d.computed_insights()),
        }),
        "documents-fail" => event(RecordDocumentFailure { tracker: d.tracker() }),
        "rag-refresh" => Function::Http(api::refreshes::request::router(api::refreshes::request::Deps {
            refreshes: d.refreshes.clone(),
            queue: d.refresh_queue.clone(),
            gate: d.gate(),
            audit,
        })),
        "refreshes-list" => Function::Http(api::refreshes::list::router(api::refreshes::list::Deps { refreshes: d.refreshes.clone(), gate: d.gate(), audit })),
        "refresh-worker" => event(RunRefresh {
            refreshes: d.refreshes.clone(),
            tracker: d.tracker(),
            blobs: d.blobs.clone(),
            index_reader: d.index.clone(),
            index_writer: d.index.clone(),
            embedding_model: d.embedder.model_id().to_string(),
            workflow: d.pipeline.clone(),
            insights: Arc::new(d.computed_insights()),
        }),
        "connections-create" => Function::Http(api::connections::create::router(api::connections::create::Deps { connections: d.report_access(), audit })),
        "connections-list" => Function::Http(api::connections::list::router(api::connections::list::Deps { connections: d.report_access() })),
        "connections-get" => Function::Http(api::connections::get::router(api::connections::get::Deps { connections: d.report_access() })),
        "connections-update" => Function::Http(api::connections::update::router(api::connections::update::Deps { connections: d.report_access(), audit })),
        "connections-delete" => Function::Http(api::connections::delete::router(api::connections::delete::Deps { connections: d.report_access(), audit })),
        "connections-test" => Function::Http(api::connections::test::router(api::connections::test::Deps { connections: d.report_access() })),
        "connections-test-saved" => Function::Http(api::connections::test_saved::router(api::connections::test_saved::Deps { connections: d.report_access() })),
        "connections-schema" => Function::Http(api::connections::schema::router(api::connections::schema::Deps { connections: d.report_access() })),
        "connections-databases" => Function::Http(api::connections::databases::router(api::connections::databases::Deps { connections: d.report_access() })),
        "queries-generate" => Function::Http(api::queries::generate::router(api::queries::generate::Deps { connections: d.report_access(), planner: d.planner(), as_of: d.reports_as_of })),
        "queries-validate" => Function::Http(api::queries::validate::router(api::queries::validate::Deps { connections: d.report_access() })),
        "reports-create" => Function::Http(api::reports::create::router(api::reports::create::Deps {
            connections: d.report_access(),
            planner: d.planner(),
            summarizer: Arc::new(mediclear_handlers::engines::ComputedSummary),
            log: d.report_log.clone(),
            files: d.blobs.clone(),
            audit,
            as_of: d.reports_as_of,
        })),
        "reports-get" => Function::Http(api::reports::get::router(api::reports::get::Deps { log: d.report_log.clone(), files: d.blobs.clone(), audit })),
        _ => return None,
    };
    Some(f)
}

fn insights_deps(d: &LocalDeps, audit: Auditor) -> api::insights::Deps {
    api::insights::Deps { store: d.insights.clone(), insights: d.computed_insights(), gate: d.gate(), audit }
}

fn upload_deps(d: &LocalDeps) -> api::preauth::upload::Deps {
    api::preauth::upload::Deps {
        blobs: limited::blobs::<{ api::preauth::upload::USES.blobs }, _>(d.blobs.clone()),
        jobs: limited::jobs::<{ api::preauth::upload::USES.jobs }, _>(d.jobs.clone()),
        audit: d.auditor(),
        idempotency: d.idempotent(),
    }
}

/// Every template function's handler, by logical id.
#[derive(Clone)]
pub struct Registry {
    functions: Arc<BTreeMap<String, Function>>,
}

#[derive(Debug, thiserror::Error)]
#[error("template.yaml declares function {function} (binary {binary}), which has no handler in the offline runtime")]
pub struct MissingHandler {
    pub function: String,
    pub binary: String,
}

impl Registry {
    pub fn for_template(template: &Template, deps: &LocalDeps) -> Result<Registry, MissingHandler> {
        let mut functions = BTreeMap::new();
        for (logical_id, binary) in &template.functions {
            let f = build(binary, deps).ok_or_else(|| MissingHandler { function: logical_id.clone(), binary: binary.clone() })?;
            functions.insert(logical_id.clone(), f);
        }
        Ok(Registry { functions: Arc::new(functions) })
    }

    /// A registry of the given functions (tests wire their own).
    pub fn from_functions(functions: BTreeMap<String, Function>) -> Registry {
        Registry { functions: Arc::new(functions) }
    }

    pub fn get(&self, logical_id: &str) -> Option<&Function> {
        self.functions.get(logical_id)
    }

    /// Invokes an event function by logical id.
    pub async fn invoke(&self, logical_id: &str, event: Value) -> Result<Value, FunctionError> {
        match self.functions.get(logical_id) {
            Some(Function::Event(f)) => f.invoke(event).await,
            Some(Function::Http(_)) => Err(FunctionError::new("InvalidInvocation", format!("{logical_id} is an HTTP function"))),
            None => Err(FunctionError::new("ResourceNotFoundException", format!("no function {logical_id}"))),
        }
    }
}
