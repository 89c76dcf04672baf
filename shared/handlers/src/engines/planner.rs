//! The offline query planner: reads the request ([`understand`]), finds the patient key in the
//! stored schema, and plans SQL or an aggregation pipeline from the schema's names and keys.

use async_trait::async_trait;
use chrono::NaiveDate;

use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::planner::{PlanError, document, sql};
use mediclear_domain::reports::request::understand;
use mediclear_domain::reports::schema::DatabaseSchema;
use mediclear_ports::reports::{PlanRefusal, PlannedQuery, QueryPlanner};

#[derive(Debug, Clone, Copy, Default)]
pub struct OfflinePlanner;

#[async_trait]
impl QueryPlanner for OfflinePlanner {
    async fn plan(&self, request: &str, schema: &DatabaseSchema, patient_key_hint: Option<&str>, as_of: NaiveDate) -> Result<PlannedQuery, PlanRefusal> {
        let understood = understand(request, as_of).map_err(PlanRefusal::NotUnderstood)?;
        let key = discover(schema, patient_key_hint).ok_or_else(|| PlanRefusal::NotAnswerable(PlanError::NoPatientKey.message()))?;
        let kind = understood.kind.as_str().to_string();
        let patient_id = Some(understood.patient_id.clone());
        match schema.database_type.sql_dialect() {
            Some(dialect) => {
                let plan = sql::plan(&understood, schema, &key, dialect).map_err(|e| PlanRefusal::NotAnswerable(e.message()))?;
                Ok(PlannedQuery::Sql { text: plan.text, parameters: plan.parameters, explanation: plan.explanation, patient_id, kind })
            }
            None => {
                let plan = document::plan(&understood, schema, &key).map_err(|e| PlanRefusal::NotAnswerable(e.message()))?;
                Ok(PlannedQuery::Pipeline { collection: plan.collection, stages: plan.stages, parameters: plan.parameters, explanation: plan.explanation, patient_id, kind })
            }
        }
    }
}
