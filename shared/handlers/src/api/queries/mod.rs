//! PHI reports' query routes: plain English planned into one query (`generate`), and any query
//! judged (`validate`). Both only read the stored schema — nothing runs against the hospital's
//! database here. [`plan_and_judge`] is the one path from English to a checked query that
//! `POST /reports` takes too.

pub mod generate;
pub mod validate;

use chrono::{NaiveDate, Utc};
use http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

use mediclear_domain::identity::Caller;
use mediclear_domain::ids::ConnectionId;
use mediclear_domain::reports::connection::{Connection, ConnectionAction};
use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::pipeline_safety::ReadOnlyPipeline;
use mediclear_domain::reports::planner::Parameter;
use mediclear_domain::reports::schema::DatabaseSchema;
use mediclear_domain::reports::sql_safety::{Catalog, ReadOnlyQuery, Reason, Validation};
use mediclear_http::ApiError;
use mediclear_ports::client_databases::RunnableQuery;
use mediclear_ports::reports::{PlanRefusal, PlannedQuery, QueryPlanner};

use crate::api::connections::Connections;

/// A planned query, judged safe.
pub struct Judged {
    pub planned: PlannedQuery,
    pub validation: Validation,
    /// What will run, capped at `row_cap + 1` rows (the extra row tells a cut result).
    pub runnable: Option<RunnableQuery>,
}

/// What `POST /queries/generate` answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GeneratedQuery {
    /// `sql` or `mongodb`.
    pub language: String,
    /// The SQL, or the pipeline as JSON text.
    pub text: String,
    /// The collection a pipeline runs on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// Values bound to the placeholders (`$1`…, `?`, `{"$param": …}`), in order.
    #[schema(value_type = Vec<Object>)]
    pub parameters: Vec<Parameter>,
    /// The patient the request names (bound, never in the text).
    pub patient_id: Option<String>,
    /// What the query does, in words.
    pub explanation: String,
    pub validation: Validation,
}

/// 422 for a request that cannot be planned, saying what was understood (never the request's own
/// words, nor the patient id).
fn refused(refusal: PlanRefusal) -> ApiError {
    match refusal {
        PlanRefusal::NotUnderstood(n) => {
            let window = n.window.map(|w| json!({ "from": w.from.map(|d| d.to_string()), "to": w.to.map(|d| d.to_string()) }));
            ApiError::unprocessable("UNPLANNABLE_REQUEST", n.reason.message())
                .with_detail("reason", serde_json::to_value(n.reason).unwrap_or(Value::Null))
                .with_detail("understood", json!({ "kind": n.kind.map(|k| k.as_str()), "patient_identified": n.patient_id.is_some(), "window": window }))
        }
        PlanRefusal::NotAnswerable(message) => ApiError::unprocessable("NOT_ANSWERABLE", message),
        PlanRefusal::Failed(e) => ApiError::from_port(e, "query planner"),
    }
}

/// 422 for a query the validator refused, with its reasons.
pub fn unsafe_query(reasons: &[Reason]) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "UNSAFE_QUERY", "the query is not one safe read-only query; nothing was run").with_detail("reasons", serde_json::to_value(reasons).unwrap_or(Value::Null))
}

/// Judges a SQL text or a pipeline against the stored schema.
pub fn judge(schema: &DatabaseSchema, connection: &Connection, sql: Option<&str>, pipeline: Option<(&str, &Value)>, parameters: Vec<Parameter>, row_cap: u64) -> (Validation, Option<RunnableQuery>) {
    let key = discover(schema, connection.spec.options.patient_key.as_deref());
    match (schema.database_type.sql_dialect(), sql, pipeline) {
        (Some(dialect), Some(sql), _) => {
            let result = ReadOnlyQuery::parse(sql, dialect, &Catalog::of(schema), key.as_ref());
            let validation = Validation::of(&result);
            let runnable = result.ok().map(|q| RunnableQuery::Sql { text: q.render_capped(row_cap + 1), parameters });
            (validation, runnable)
        }
        (None, _, Some((collection, stages))) => match ReadOnlyPipeline::parse(collection, stages, schema, key.as_ref()) {
            Ok(p) => (
                Validation { verdict: "safe", reasons: vec![], patient_scoped: p.patient_scoped, normalized: Some(Value::Array(p.stages.clone()).to_string()) },
                Some(RunnableQuery::Pipeline { collection: p.collection.clone(), stages: p.capped(row_cap + 1), parameters }),
            ),
            Err(reasons) => (Validation { verdict: "unsafe", reasons, patient_scoped: false, normalized: None }, None),
        },
        (Some(_), None, _) => (Validation::of(&Err(vec![Reason { code: "PARSE_ERROR", message: "a SQL database takes `sql`, not `pipeline`".into() }])), None),
        (None, _, None) => (Validation::of(&Err(vec![Reason { code: "PARSE_ERROR", message: "a MongoDB database takes `pipeline` and `collection`, not `sql`".into() }])), None),
    }
}

/// The path both `generate` and `POST /reports` take: the connection the caller may use, its
/// stored schema (extracted now if there is none), the request planned as of `as_of` (today when
/// `None`) and judged. 422 when the request cannot be planned or its query is not safe.
pub async fn plan_safe(
    connections: &Connections,
    planner: &dyn QueryPlanner,
    caller: &Caller,
    connection_id: &ConnectionId,
    request: &str,
    as_of: Option<NaiveDate>,
) -> Result<(Connection, Judged), ApiError> {
    let connection = connections.visible(caller, connection_id, ConnectionAction::Use).await?;
    let schema = connections.schema(&connection, false).await?;
    let as_of = as_of.unwrap_or_else(|| Utc::now().date_naive());
    let planned = planner.plan(request, &schema, connection.spec.options.patient_key.as_deref(), as_of).await.map_err(refused)?;
    let row_cap = connections.limits.row_cap;
    let (validation, runnable) = match &planned {
        PlannedQuery::Sql { text, parameters, .. } => judge(&schema, &connection, Some(text), None, parameters.clone(), row_cap),
        PlannedQuery::Pipeline { collection, stages, parameters, .. } => judge(&schema, &connection, None, Some((collection, &Value::Array(stages.clone()))), parameters.clone(), row_cap),
    };
    if !validation.is_safe() {
        return Err(unsafe_query(&validation.reasons));
    }
    Ok((connection, Judged { planned, validation, runnable }))
}

/// The request text: required, at most 500 characters.
pub fn request_text(body: &Value) -> Result<String, ApiError> {
    let fields = mediclear_domain::validation::Fields::of(body)?;
    let text = fields.bounded_str("query", 500)?.ok_or_else(|| mediclear_domain::validation::ValidationError::missing("query"))?;
    Ok(text.to_string())
}
