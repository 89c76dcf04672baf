//! `POST /api/v1/rag/refresh` (admins, the patient's verified assigned doctors):
//! `{"patient_id", "trigger"}` → 202. The refresh gets the patient's next version and is queued
//! behind the patient's earlier ones (SQS FIFO, the patient as message group; a durable ordered
//! queue offline); the worker re-processes what changed and recomputes the insights.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::health::refresh::{Refresh, RefreshStatus, RefreshTrigger};
use mediclear_domain::ids::PatientId;
use mediclear_domain::validation::Fields;
use mediclear_http::body::JsonBody;
use mediclear_http::caller::{Authenticated, RequestId};
use mediclear_http::envelope::accepted;
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::refreshes::{RefreshMessage, RefreshQueue, RefreshStore};

use crate::api::patients::{Gate, problems};
use crate::audit::{Auditor, Resource};
use crate::openapi::schemas::{Accepted, BodyTooLarge, ErrorEnvelope, InternalError, NotJson, RefreshRequest, Throttled, Unauthorized};

pub const PATH: &str = "/api/v1/rag/refresh";

/// Attempts at taking the next version when requests race.
const VERSION_ATTEMPTS: usize = 5;

#[derive(Clone)]
pub struct Deps {
    pub refreshes: Arc<dyn RefreshStore>,
    pub queue: Arc<dyn RefreshQueue>,
    pub gate: Gate,
    pub audit: Auditor,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(request_refresh)).with_state(deps))
}

/// The refresh, stored under the patient's next version.
async fn create_next(refreshes: &dyn RefreshStore, patient_id: &PatientId, trigger: RefreshTrigger, requested_by: &str) -> Result<Refresh, PortError> {
    for _ in 0..VERSION_ATTEMPTS {
        let latest = refreshes.list(patient_id, 1, None).await?.refreshes.first().map_or(0, |r| r.version);
        let refresh = Refresh::queued(patient_id.clone(), latest + 1, trigger, requested_by.to_string(), Utc::now());
        match refreshes.create(&refresh).await {
            Ok(()) => return Ok(refresh),
            Err(PortError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(PortError::Unavailable("too many refreshes were requested at once; retry".into()))
}

/// Queue a refresh of a patient's record.
///
/// **Who:** admins, doctors assigned to the patient once verified. The patient and other roles
/// get 403; a doctor not assigned, 404.
#[utoipa::path(
    post,
    path = PATH,
    tag = "documents",
    security(("cognito_id_token" = [])),
    request_body(content = RefreshRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Queued behind the patient's earlier refreshes; `data` is the refresh (`version`); follow `status_url`.",
            body = Accepted<Refresh>),
        (status = 400, body = ErrorEnvelope, description = "`INVALID_BODY`, `INVALID_PATIENT_ID`, `INVALID_TRIGGER`: missing or malformed."),
        (status = 401, response = Unauthorized),
        (status = 403, body = ErrorEnvelope, description = "`FORBIDDEN`: the role never requests refreshes (see **Who**)."),
        (status = 404, body = ErrorEnvelope, description = "`NOT_FOUND`: no such patient, or not one this caller may reach."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the store or the queue is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn request_refresh(State(deps): State<Deps>, Authenticated(caller): Authenticated, request_id: RequestId, JsonBody(body): JsonBody) -> ApiResult {
    if !mediclear_domain::health::access::role_may(caller.role, PatientAction::Refresh) {
        return Err(ApiError::forbidden());
    }
    let f = Fields::of(&body)?;
    let mut all = Vec::new();
    let patient_id = f.required_str("patient_id").and_then(|p| Ok(PatientId::parse(p)?)).map_err(|e| all.push(e)).ok();
    let trigger = f.required_str("trigger").and_then(RefreshTrigger::parse).map_err(|e| all.push(e)).ok();
    let (Some(patient_id), Some(trigger)) = (patient_id, trigger) else {
        return Err(problems(all));
    };
    deps.gate.check(&caller, PatientAction::Refresh, &patient_id).await?;
    let port = |e| ApiError::from_port(e, "refresh");
    let mut refresh = create_next(deps.refreshes.as_ref(), &patient_id, trigger, &caller.subject).await.map_err(port)?;
    if let Err(e) = deps.queue.enqueue(&RefreshMessage { patient_id: patient_id.clone(), version: refresh.version }).await {
        refresh.status = RefreshStatus::Failed;
        refresh.reason = Some("the refresh could not be queued; request it again".into());
        refresh.finished_at = Some(Utc::now());
        let _ = deps.refreshes.update(&refresh).await;
        return Err(port(e));
    }
    let id = format!("{patient_id}-refresh-{}", refresh.version);
    deps.audit.action(&caller, "patient.refresh", Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, &request_id.0).await;
    Ok(accepted(&id, "refresh queued", &format!("/api/v1/patients/{patient_id}/refreshes"), refresh))
}
