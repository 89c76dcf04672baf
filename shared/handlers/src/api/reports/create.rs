//! `POST /api/v1/reports` (admins, doctors of the organisation): `{connection_id, query, format}`
//! → the report of one patient as a PDF or CSV behind a link that lives five minutes.
//!
//! English → planned → validated (a query that is not safe, or not scoped to one patient, runs
//! nowhere: 422) → run live (read-only transaction, statement timeout, row cap) → summary (the
//! one computed from the rows, then, in a PDF, the summary writer's prose when its figures are all
//! the rows' — a Bedrock model on AWS; a failed or unfounded summary leaves the computed one, and
//! the report still comes) → file → stored under `reports/` (one-day lifecycle) →
//! presigned link. Logs carry the request id, connection id, kind, timings and row count — never
//! a value; the audit trail records who reported on which connection.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::{Duration, NaiveDate, Utc};

use mediclear_domain::audit::Outcome;
use mediclear_domain::ids::{ConnectionId, ReportId};
use mediclear_domain::reports::summary::summarize;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::created;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::reports::{QueryPlanner, ReportLog, ReportRecord, ReportSummarizer, SummaryInput, WrittenSummary};
use mediclear_report_files::{ReportMeta, csv_file, pdf_file};

use crate::api::connections::{Connections, database_error};
use crate::api::queries::{plan_safe, request_text, unsafe_query};
use crate::api::reports::{FILE_LIFETIME_HOURS, LINK_LIFETIME, ReportLink, file_name};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{BodyTooLarge, ErrorEnvelope, InternalError, NotJson, ReportRequestBody, Success, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/reports";

#[derive(Clone)]
pub struct Deps {
    pub connections: Connections,
    pub planner: Arc<dyn QueryPlanner>,
    /// The PDF's summary in words (Bedrock on AWS; offline, the computed summary).
    pub summarizer: Arc<dyn ReportSummarizer>,
    pub log: Arc<dyn ReportLog>,
    /// The report bucket (offline: the data directory's blob store, under `reports/`).
    pub files: Arc<dyn BlobStore>,
    pub audit: Auditor,
    /// The date "last 6 months" counts back from; today when `None`.
    pub as_of: Option<NaiveDate>,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(create_report)).with_state(deps))
}

/// Make a report.
///
/// **Who:** admins, and doctors of the connection's organisation.
#[utoipa::path(
    post,
    path = PATH,
    tag = "reports",
    security(("cognito_id_token" = [])),
    request_body = ReportRequestBody,
    responses(
        (status = 201, description = "The report and a link to its file (valid five minutes).", body = Success<ReportLink>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_BODY`, `INVALID_CONNECTION_ID`, `INVALID_QUERY`, `INVALID_FORMAT`: the field is missing or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: not an admin or a doctor."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such connection, or not one this caller may see."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, body = ErrorEnvelope,
            description = "Nothing was run. `UNPLANNABLE_REQUEST`: not one patient's report (`details.reason`, `details.understood`). \\
                           `NOT_ANSWERABLE`: the stored schema holds no such data or no patient key. `UNSAFE_QUERY`: the validator refused the \\
                           query (`details.reasons`). `NOT_PATIENT_SCOPED`: the query is not provably about one patient. The hospital's database failed (the connection's address, credentials or server; or the query ran past the \
                           statement timeout): `UNKNOWN_HOST`, `CONNECTION_REFUSED`, `CONNECT_TIMEOUT`, `AUTHENTICATION_FAILED`, `DATABASE_NOT_FOUND`, `TLS_FAILED`, `STATEMENT_TIMEOUT`, `PERMISSION_DENIED`, `QUERY_FAILED`, `PROTOCOL_ERROR`, `UNSUPPORTED`, `READ_ONLY_VIOLATION`."),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store, the key service, the planner or the report store is unavailable."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn create_report(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    let started = Instant::now();
    let fields = Fields::of(&body)?;
    let connection_id = ConnectionId::parse(fields.required_str("connection_id")?)?;
    let request = request_text(&body)?;
    let format = match fields.optional_str("format")?.map(str::to_ascii_lowercase).as_deref() {
        None | Some("pdf") => "pdf",
        Some("csv") => "csv",
        Some(_) => return Err(ValidationError::invalid("format", "format must be pdf or csv").into()),
    };
    let limits = deps.connections.limits;
    let (connection, judged) = plan_safe(&deps.connections, deps.planner.as_ref(), &caller, &connection_id, &request, deps.as_of).await?;
    let Some(runnable) = judged.runnable else {
        return Err(unsafe_query(&judged.validation.reasons));
    };
    if !judged.validation.patient_scoped {
        return Err(ApiError::unprocessable("NOT_PATIENT_SCOPED", "reports run only queries provably about one patient; nothing was run"));
    }
    let planned_ms = started.elapsed().as_millis() as u64;

    let target = deps.connections.target(&connection).await?;
    let ran = Instant::now();
    let result = deps.connections.databases.run(&target, &runnable, limits).await;
    let report_id = ReportId::generate();
    let result = match result {
        Ok(result) => result,
        Err(e) => {
            tracing::warn!(%connection_id, kind = judged.planned.kind(), code = e.code(), "report query failed");
            deps.audit.action(&caller, "report.create", Resource { kind: "connection", id: connection_id.as_str() }, Outcome::Failed, &request_id.0).await;
            return Err(database_error(&e));
        }
    };
    let query_ms = ran.elapsed().as_millis() as u64;

    let written = Instant::now();
    let summary = summarize(&result);
    let generated_at = Utc::now();
    let (bytes, content_type) = match format {
        "csv" => (csv_file(&result), "text/csv"),
        _ => {
            let facts = summary.sentences();
            let kind = judged.planned.kind();
            let written = write_summary(deps.summarizer.as_ref(), &SummaryInput { kind, request: &request, result: &result, facts: &facts }, &connection_id).await;
            let meta = ReportMeta {
                title: format!("MediClear report: {}", judged.planned.kind()),
                request: request.clone(),
                connection: format!("{} ({})", connection.spec.connection_name, connection.spec.database_type.as_str()),
                generated_at: generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                explanation: judged.planned.explanation().to_string(),
                summary_by: written.by,
            };
            (pdf_file(&meta, &written.paragraphs, &summary.series, &result), "application/pdf")
        }
    };
    let key = format!("reports/{report_id}.{format}");
    deps.files.put(&key, bytes.clone(), content_type).await.map_err(|e| ApiError::from_port(e, "report"))?;
    let record = ReportRecord {
        report_id: report_id.clone(),
        owner: caller.subject.clone(),
        org_id: connection.spec.org_id.clone(),
        connection_id: connection_id.clone(),
        format: format.into(),
        kind: judged.planned.kind().to_string(),
        row_count: result.rows.len(),
        truncated: result.truncated,
        bytes: bytes.len(),
        generated_at,
        file_expires_at: generated_at + Duration::hours(FILE_LIFETIME_HOURS),
        object_key: key.clone(),
    };
    deps.log.put(&record).await.map_err(|e| ApiError::from_port(e, "report"))?;
    let download_url = deps.files.presign_get(&key, &file_name(&report_id, format), LINK_LIFETIME).await.map_err(|e| ApiError::from_port(e, "report"))?;
    deps.audit.action(&caller, "report.create", Resource { kind: "report", id: report_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    // How many rows (a count, never a value) and how long, by database engine and file format.
    let format_name = if format == "csv" { "csv" } else { "pdf" };
    mediclear_ports::metrics::Measurement::new()
        .dimension("Engine", connection.spec.database_type.as_str())
        .dimension("Format", format_name)
        .count("ReportRows", record.row_count as f64)
        .millis("ReportDuration", started.elapsed().as_secs_f64() * 1000.0)
        .record();
    tracing::info!(
        %report_id, %connection_id, kind = record.kind, rows = record.row_count, truncated = record.truncated, bytes = record.bytes, format,
        planned_ms, query_ms, written_ms = written.elapsed().as_millis() as u64, "report made"
    );
    Ok(created(ReportLink {
        report_id,
        download_url: Some(download_url),
        expires_at: Some(Utc::now() + Duration::seconds(LINK_LIFETIME.as_secs() as i64)),
        format: record.format,
        generated_at,
        row_count: record.row_count,
        truncated: record.truncated,
        kind: record.kind,
        file_expires_at: record.file_expires_at,
    }))
}

/// The summary a PDF carries: the writer's, followed by the computed figures when the writer
/// wrote prose of its own; the computed summary alone when the writer failed (logged with the
/// port error, which never carries the text: it would hold the patient's values).
async fn write_summary(writer: &dyn ReportSummarizer, input: &SummaryInput<'_>, connection_id: &ConnectionId) -> WrittenSummary {
    match writer.summarize(input).await {
        Ok(mut written) => {
            if written.paragraphs != input.facts {
                written.paragraphs.push("Figures computed from the rows:".into());
                written.paragraphs.extend(input.facts.iter().cloned());
            }
            written
        }
        Err(e) => {
            tracing::warn!(%connection_id, error = %e, "the summary writer failed; the report carries the computed summary");
            crate::engines::ComputedSummary::of(input.facts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use mediclear_domain::reports::rows::ResultSet;
    use mediclear_ports::PortError;
    use mediclear_ports::error::PortResult;

    struct Writer(PortResult<WrittenSummary>);

    #[async_trait]
    impl ReportSummarizer for Writer {
        async fn summarize(&self, _: &SummaryInput<'_>) -> PortResult<WrittenSummary> {
            self.0.clone()
        }
    }

    async fn written(writer: Writer) -> WrittenSummary {
        let (result, facts) = (ResultSet::default(), vec!["2 rows on 2024-01-01.".to_string()]);
        let input = SummaryInput { kind: "visits", request: "visits of patient 1", result: &result, facts: &facts };
        write_summary(&writer, &input, &ConnectionId::generate()).await
    }

    #[tokio::test]
    async fn a_model_summary_comes_with_the_computed_figures_and_a_failed_one_leaves_them_alone() {
        let prose = WrittenSummary { paragraphs: vec!["Two visits on 2024-01-01.".into()], by: "Written by a model.".into() };
        let with_model = written(Writer(Ok(prose))).await;
        assert_eq!(with_model.paragraphs, vec!["Two visits on 2024-01-01.", "Figures computed from the rows:", "2 rows on 2024-01-01."]);
        assert_eq!(with_model.by, "Written by a model.");

        let failed = written(Writer(Err(PortError::InvalidOutput("unfounded".into())))).await;
        assert_eq!((failed.paragraphs, failed.by.as_str()), (vec!["2 rows on 2024-01-01.".to_string()], crate::engines::COMPUTED_BY));

        let computed = written(Writer(Ok(WrittenSummary { paragraphs: vec!["2 rows on 2024-01-01.".into()], by: crate::engines::COMPUTED_BY.into() }))).await;
        assert_eq!(computed.paragraphs.len(), 1, "the computed summary is not repeated");
    }
}
