//! A patient's derived insights, read: `GET /patients/{patient_id}/health-score` and
//! `GET /patients/{patient_id}/risk-assessment` (the patient, their verified assigned doctors;
//! admins read no clinical content). Both read the latest stored version, or `?version=N`; a
//! patient without one yet gets one computed now from the stored record (the same step that
//! runs after indexing, refreshes and changed answers). The body is the domain's value with the
//! patient id, its `version` and `last_updated` beside it.

pub mod health_score;
pub mod risk_assessment;

use std::sync::Arc;

use http::Uri;
use serde_json::Value;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::access::PatientAction;
use mediclear_domain::identity::Caller;
use mediclear_domain::validation::ValidationError;
use mediclear_http::ApiError;
use mediclear_http::query::Query;
use mediclear_ports::insights::{InsightKind, InsightStore, InsightVersion};

use crate::api::patients::{Gate, path_patient};
use crate::audit::{Auditor, Resource};
use crate::engines::ComputedInsights;

#[derive(Clone)]
pub struct Deps {
    pub store: Arc<dyn InsightStore>,
    /// Computes the first version of a patient who has none yet.
    pub insights: ComputedInsights,
    pub gate: Gate,
    pub audit: Auditor,
}

/// The `?version=` of a read: a positive whole number.
fn requested_version(uri: &Uri) -> Result<Option<u64>, ValidationError> {
    let query = Query::from_uri(uri, &["version"])?;
    match query.get("version") {
        None => Ok(None),
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(v) if v >= 1 => Ok(Some(v)),
            _ => Err(ValidationError::invalid("version", "version must be a whole number from 1")),
        },
    }
}

/// Reads one insight of one patient for `caller`: authorize → the stored version (computing the
/// first one if there is none) → audit → the body with `patient_id`, `version`, `last_updated`.
pub(crate) async fn read(deps: &Deps, caller: &Caller, raw_patient: &str, uri: &Uri, kind: InsightKind, request_id: &str) -> Result<Value, ApiError> {
    let patient_id = path_patient(raw_patient)?;
    let version = requested_version(uri)?;
    deps.gate.check(caller, PatientAction::ReadClinical, &patient_id).await?;
    let what = kind.as_str();
    let port = |e| ApiError::from_port(e, what);
    let stored: Option<InsightVersion> = match version {
        Some(v) => deps.store.get(&patient_id, kind, v).await.map_err(port)?,
        None => match deps.store.latest(&patient_id, kind).await.map_err(port)? {
            Some(latest) => Some(latest),
            None => {
                deps.insights.recompute_for(&patient_id, "first_read").await.map_err(port)?;
                deps.store.latest(&patient_id, kind).await.map_err(port)?
            }
        },
    };
    let stored = stored.ok_or_else(|| ApiError::not_found(what))?;
    let action = format!("patient.{what}.read");
    deps.audit.read(caller, &action, Resource { kind: "patient", id: patient_id.as_str() }, Outcome::Succeeded, request_id).await?;
    let mut body = stored.body;
    if let Some(object) = body.as_object_mut() {
        object.insert("patient_id".into(), Value::String(patient_id.to_string()));
        object.insert("version".into(), Value::from(stored.version));
        object.insert("last_updated".into(), Value::String(stored.computed_at.to_rfc3339()));
    }
    Ok(body)
}
