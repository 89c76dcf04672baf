//! The data the warm invocations need, put on the emulated stack before any function runs,
//! through MediClear's own AWS adapters (so it has exactly the layout the functions read):
//!
//! - the demo insurer policies and PAT-001's clinical notes, stored with their sidecars and
//!   indexed (extract → chunk → embed on the wire stub → index), uploaded by provider PRV-001;
//! - the retrieval and the offline analysis of PAT-001's knee case (27447), which the judge and
//!   save events carry as the state machine would;
//! - a user in the pool (for `auth-token`) and its ID token (for `ws-authorizer`);
//! - a WebSocket connection subscribed to `provider-PRV-001` (for `case-notifier` to push to).
//!
//! [`Stores`] also makes per-invocation data (cases in a given status, jobs, connections,
//! uploaded documents), so that an invocation that changes state always finds it to change.

use std::sync::Arc;

use anyhow::{Context, anyhow};
use chrono::Utc;
use serde_json::{Value, json};

use mediclear_aws::{CognitoDirectory, DynamoCaseStore, DynamoChunkIndex, DynamoConnectionStore, DynamoJobStore, S3BlobStore, TitanEmbedder};
use mediclear_domain::codes::ProcedureCode;
use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::{CaseId, JobId, PatientId, ProviderId, RecordId};
use mediclear_domain::knowledge::Passage;
use mediclear_domain::preauth::analysis::{Analysis, AnalysisRequest};
use mediclear_domain::preauth::case::{Case, CaseRequest};
use mediclear_domain::realtime::Channel;
use mediclear_handlers::documents::{DocumentMetadata, IndexOutcome, Indexing, UploadedFile, store_upload};
use mediclear_handlers::engines::{OfflineAnalyzer, OwnIndexRetriever};
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::cases::CaseWriter;
use mediclear_ports::identity::UserDirectory;
use mediclear_ports::jobs::{Job, JobStatus, JobStore};
use mediclear_ports::knowledge::{NotesScope, Retriever};
use mediclear_ports::realtime::ConnectionStore;

use mediclear_local::demo::{DEMO_PROVIDER, demo_document};

use crate::stack::Stack;

/// The provider, patient and procedure of every seeded case: the fixtures' own.
pub const PROVIDER_ID: &str = DEMO_PROVIDER;
pub const PATIENT_ID: &str = "PAT-001";
pub const PROCEDURE_CODE: &str = "27447";
pub const DIAGNOSIS_CODE: &str = "M17.11";
/// A password that meets the pool's 12-character minimum.
pub const USER_PASSWORD: &str = "bench-password-0001";

/// Where a seeded case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Pending,
    Analyzing,
    /// Analysed (the seeded analysis's verdict), ready for an insurer's decision.
    Analysed,
}

/// The adapters seeding writes through.
pub struct Stores {
    pub cases: Arc<DynamoCaseStore>,
    pub jobs: Arc<DynamoJobStore>,
    pub connections: Arc<DynamoConnectionStore>,
    pub blobs: Arc<S3BlobStore>,
    pub indexing: Indexing,
    pub retriever: OwnIndexRetriever,
    pub directory: CognitoDirectory,
    pub bucket: String,
}

/// What every scenario can refer to.
pub struct Seed {
    pub stores: Stores,
    /// The caller of the fixtures' provider claims.
    pub provider: Caller,
    pub policy_passages: Vec<Passage>,
    pub note_passages: Vec<Passage>,
    pub analysis: Analysis,
    /// A case analysed from the seeded documents (for reads).
    pub analysed_case: CaseId,
    pub username: String,
    pub id_token: String,
}

/// The claims of `events/apigw-file-case.json` as a caller.
pub fn provider_caller(claims: &Value) -> anyhow::Result<Caller> {
    let claims = claims.as_object().ok_or_else(|| anyhow!("the fixture's claims are not an object"))?;
    Caller::from_claims(claims).map_err(|e| anyhow!("the fixture's claims are not a caller: {e}"))
}

impl Stores {
    fn new(stack: &Stack, template: &serde_yaml::Value) -> anyhow::Result<Stores> {
        let emulated = stack.emulated.as_ref().ok_or_else(|| anyhow!("seeding needs moto"))?;
        let sdk = &emulated.moto_sdk;
        let table = |variable: &str| -> anyhow::Result<String> {
            let (logical_id, _) =
                mediclear_testkit::tables::table_resource(template, variable).ok_or_else(|| anyhow!("template.yaml names no table for {variable}"))?;
            Ok(stack.physical(&logical_id)?.to_string())
        };
        let bucket = stack.documents_bucket();
        let blobs = Arc::new(S3BlobStore::path_style(sdk, &bucket));
        let jobs = Arc::new(DynamoJobStore::new(sdk, table("JOBS_TABLE")?));
        let index = Arc::new(DynamoChunkIndex::new(sdk, table("INDEX_TABLE")?));
        let embedding_model = stack.parameter("EmbeddingModelId").unwrap_or_else(|| mediclear_aws::embedder::DEFAULT_EMBEDDING_MODEL_ID.to_string());
        let embedder = Arc::new(TitanEmbedder::new(&emulated.stub_sdk, embedding_model));
        let pool = stack.physical("UserPool")?.to_string();
        let client = stack.physical("UserPoolClient")?.to_string();
        Ok(Stores {
            cases: Arc::new(DynamoCaseStore::new(sdk, table("CASES_TABLE")?)),
            connections: Arc::new(DynamoConnectionStore::new(sdk, table("CONNECTIONS_TABLE")?)),
            indexing: Indexing {
                blobs: blobs.clone(),
                jobs: jobs.clone(),
                extractor: Arc::new(mediclear_documents::InProcessExtractor::new()),
                embedder: embedder.clone(),
                index: index.clone(),
            },
            retriever: OwnIndexRetriever::new(index, embedder),
            directory: CognitoDirectory::new(sdk, pool, client),
            blobs,
            jobs,
            bucket,
        })
    }

    /// A fresh case of PAT-001's knee procedure, filed by `provider`, moved to `stage`.
    pub async fn case(&self, provider: &Caller, stage: Stage, analysis: &Analysis) -> anyhow::Result<CaseId> {
        let request = CaseRequest::from_json(&json!({
            "patient_id": PATIENT_ID, "procedure_code": PROCEDURE_CODE, "diagnosis_codes": [DIAGNOSIS_CODE], "urgency": "standard"
        }))
        .map_err(|e| anyhow!("case request: {}", e.message))?;
        let now = Utc::now();
        let mut case = Case::file(CaseId::generate(), request, ProviderId::parse(PROVIDER_ID).map_err(|e| anyhow!(e.message))?, &provider.subject, now);
        self.cases.create(&case).await.context("storing a case")?;
        if stage != Stage::Pending {
            let next = case.begin_analysis(now).map_err(|e| anyhow!("{e}"))?.unwrap_or_else(|| case.clone());
            self.cases.replace(&next, case.version).await.context("moving a case to ANALYZING")?;
            case = next;
        }
        if stage == Stage::Analysed {
            let next = case.complete_analysis(analysis.clone(), now).map_err(|e| anyhow!("{e}"))?;
            self.cases.replace(&next, case.version).await.context("storing a case's analysis")?;
            case = next;
        }
        Ok(case.case_id)
    }

    /// A job owned by `owner`.
    pub async fn job(&self, owner: &str) -> anyhow::Result<JobId> {
        let now = Utc::now();
        let job = Job {
            job_id: JobId::generate(),
            kind: "record_ingestion".into(),
            resource_id: RecordId::generate().to_string(),
            status: JobStatus::Indexed,
            reason: None,
            owner: owner.to_string(),
            patient_id: None,
            tier: None,
            attempts: 0,
            created_at: now,
            updated_at: now,
        };
        self.jobs.put(&job).await.context("storing a job")?;
        Ok(job.job_id)
    }

    /// A connection of `caller`, subscribed to `channel` when given.
    pub async fn connection(&self, caller: &Caller, channel: Option<&str>) -> anyhow::Result<String> {
        // API Gateway connection ids are 16 base64-ish characters ending in `=`.
        let id = format!("{}=", &uuid::Uuid::new_v4().simple().to_string()[..15]);
        self.connections.connect(&id, caller).await.context("storing a connection")?;
        if let Some(channel) = channel {
            let channel = Channel::parse(channel).map_err(|e| anyhow!(e.message))?;
            self.connections.subscribe(&id, &channel).await.context("subscribing a connection")?;
        }
        Ok(id)
    }

    /// Stores a document (sidecar first, as an upload does) and returns its key, not yet indexed.
    pub async fn document(&self, metadata: &DocumentMetadata, file_name: &str, text: &str, owner: &str) -> anyhow::Result<String> {
        let file = UploadedFile { file_name: file_name.to_string(), content_type: "text/plain".into(), bytes: text.as_bytes().to_vec() };
        store_upload(self.blobs.as_ref(), self.jobs.as_ref(), metadata, file, owner, None).await.context("storing a document")?;
        Ok(metadata.key(file_name))
    }

    /// A PAT-001 record uploaded by PRV-001, as the demo files it.
    pub fn record_metadata(file_name: &str) -> anyhow::Result<DocumentMetadata> {
        let path = format!("records/{PATIENT_ID}/{file_name}");
        let (metadata, _) = demo_document(&path, "", &demo_provider()?)?.ok_or_else(|| anyhow!("{file_name} is not a demo record name"))?;
        Ok(metadata)
    }
}

fn demo_provider() -> anyhow::Result<ProviderId> {
    ProviderId::parse(DEMO_PROVIDER).map_err(|e| anyhow!(e.message))
}

impl Seed {
    /// Seeds the stack; `provider_claims` are the fixtures' provider claims.
    pub async fn create(stack: &Stack, template: &serde_yaml::Value, provider_claims: &Value) -> anyhow::Result<Seed> {
        let stores = Stores::new(stack, template)?;
        let provider = provider_caller(provider_claims)?;

        // The documents retrieval reads: every demo policy, and the notes of PAT-001.
        let notes_prefix = format!("records/{PATIENT_ID}/");
        let uploader = demo_provider()?;
        for (path, text) in mediclear_local::embedded::DEMO_FILES {
            if path.starts_with("records/") && !path.starts_with(&notes_prefix) {
                continue;
            }
            let Some((metadata, file_name)) = demo_document(path, text, &uploader)? else { continue };
            let key = stores.document(&metadata, file_name, text, &provider.subject).await?;
            match stores.indexing.index_object(&key).await.with_context(|| format!("indexing {path}"))? {
                IndexOutcome::Indexed { .. } => {}
                other => anyhow::bail!("indexing {path}: {other:?}"),
            }
        }

        let procedure = ProcedureCode::parse(PROCEDURE_CODE).map_err(|e| anyhow!(e.message))?;
        let diagnosis = mediclear_domain::codes::DiagnosisCode::parse(DIAGNOSIS_CODE).map_err(|e| anyhow!(e.message))?;
        let policy_passages = stores.retriever.policy_criteria(&procedure).await.context("retrieving the seeded policy")?;
        anyhow::ensure!(!policy_passages.is_empty(), "the seeded index returns no policy for {PROCEDURE_CODE}");
        let scope = NotesScope { patient_id: PatientId::parse(PATIENT_ID).map_err(|e| anyhow!(e.message))?, provider_id: provider.provider_id().cloned() };
        let query = mediclear_handlers::tasks::analysis::notes_query(&procedure, std::slice::from_ref(&diagnosis), None);
        let note_passages = stores.retriever.patient_notes(&scope, &query).await.context("retrieving the seeded notes")?;
        let request = AnalysisRequest {
            procedure_code: procedure,
            diagnosis_codes: vec![diagnosis],
            policy_passages: policy_passages.clone(),
            note_passages: note_passages.clone(),
        };
        let analysis = OfflineAnalyzer.analyze(&request).await.context("analysing the seeded case")?;
        let analysed_case = stores.case(&provider, Stage::Analysed, &analysis).await?;

        let username = format!("bench-provider-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let user = NewUser::new(
            LoginName::parse(&username).map_err(|e| anyhow!(e.message))?,
            Password::parse(USER_PASSWORD).map_err(|e| anyhow!(e.message))?,
            Role::Provider,
            Bindings { provider_id: Some(ProviderId::parse(PROVIDER_ID).map_err(|e| anyhow!(e.message))?), ..Default::default() },
        )
        .map_err(|e| anyhow!(e.message))?;
        stores.directory.create_user(&user).await.context("creating the benchmark user in the pool")?;
        let token = stores
            .directory
            .sign_in(&user.username, USER_PASSWORD, None)
            .await
            .context("signing the benchmark user in")?
            .ok_or_else(|| anyhow!("the pool refused the benchmark user's password"))?;

        // The one subscriber every case-notifier invocation pushes to.
        stores.connection(&provider, Some(&format!("provider-{PROVIDER_ID}"))).await?;
        Ok(Seed {
            stores,
            provider,
            policy_passages,
            note_passages,
            analysis,
            analysed_case,
            username,
            id_token: token.access_token,
        })
    }
}
