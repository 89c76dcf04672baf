//! Plain English to one query with a Bedrock model ([`QueryPlanner`]) through the Converse API.
//!
//! One Converse call at temperature 0: the rules, the stored schema (tables, columns with types,
//! keys — names only, never data) and the request, with the single tool `record_query` forced by
//! `toolChoice`. The tool input is checked against its schema field by field: `sql` for a SQL
//! database, `collection` + `pipeline` for MongoDB, the patient id as a parameter (`$1` / `?` /
//! `{"$param": "patient_id"}`), or `unplannable` with a reason. An answer that does not fit is
//! asked for once more with what was wrong; a second misfit is `InvalidOutput`. What the model
//! writes is then judged by the same validator as any other query — the model is trusted no more
//! than a user. Neither the request nor the answer is logged.

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, InferenceConfiguration, Message, SpecificToolChoice, SystemContentBlock, Tool, ToolChoice, ToolConfiguration, ToolInputSchema, ToolSpecification,
};
use chrono::NaiveDate;
use serde_json::{Value, json};

use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::planner::{Parameter, ParameterValue, rank_tables};
use mediclear_domain::reports::request::{NotUnderstood, ReportKind, Unplannable};
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Table};
use mediclear_ports::PortError;
use mediclear_ports::reports::{PlanRefusal, PlannedQuery, QueryPlanner};

use crate::document::{to_document, to_json};
use crate::error::port_error;

pub const TOOL_NAME: &str = "record_query";
const MAX_OUTPUT_TOKENS: i32 = 2048;
/// Columns listed per table, at most (the prompt stays bounded for wide schemas).
const MAX_COLUMNS: usize = 40;
/// Characters of schema the prompt holds, at most: a hospital's schema of thousands of tables is
/// narrowed to the tables this request can need (`rank_tables`), and the model is told so.
pub const MAX_SCHEMA_CHARS: usize = 60_000;

const RULES: &str = "You turn a clinician's report request into ONE read-only database query about ONE patient. Rules: \
only tables/collections and columns of the schema given; exactly one statement; SELECT/WITH only (SQL) or an aggregation pipeline \
of $match/$project/$sort/$limit/$unionWith/$group/$unwind/$lookup stages (MongoDB); never write, lock, sleep, read files or system \
catalogs; the patient id is never written into the query: use $1 (PostgreSQL), ? (MySQL, once per use, listing the parameter once per \
use) or {\"$param\": \"patient_id\"} (MongoDB), and filter every patient table on the patient key; dates as parameters or literals \
computed from the as-of date; newest first. If the request is not one patient's report (a write, an aggregate over patients, several \
patients, no patient, data the schema does not hold, an impossible time window), call the tool with `unplannable` instead. Always \
answer by calling record_query.";

/// The tool's input schema.
pub fn query_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "unplannable": {"type": "string", "enum": ["no_patient", "multiple_patients", "not_a_report", "not_patient_scoped", "unknown_kind", "bad_window"]},
            "kind": {"type": "string", "enum": ["details", "visits", "conditions", "medications", "labs", "procedures", "summary"]},
            "patient_id": {"type": "string"},
            "sql": {"type": "string"},
            "collection": {"type": "string"},
            "pipeline": {"type": "array", "items": {"type": "object"}},
            "parameters": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "value": {}}, "required": ["name", "value"]}},
            "explanation": {"type": "string"}
        }
    })
}

/// The schema as the prompt shows it: names, types, keys — the tables most useful to `request`
/// first, as many as [`MAX_SCHEMA_CHARS`] holds.
pub fn describe(schema: &DatabaseSchema, request: &str, patient_key_hint: Option<&str>) -> String {
    let mut out = format!("Database type: {}. Database: {}.\n", schema.database_type.as_str(), schema.database_name);
    let key = discover(schema, patient_key_hint);
    let mut lines = Vec::new();
    let mut size = 0;
    for table in rank_tables(schema, request, key.as_ref()) {
        let line = describe_table(table);
        if size + line.len() > MAX_SCHEMA_CHARS {
            break;
        }
        size += line.len();
        lines.push(line);
    }
    if lines.len() < schema.tables.len() {
        out.push_str(&format!("Only {} of the schema's {} tables are listed: those this request can need.\n", lines.len(), schema.tables.len()));
    }
    out.extend(lines);
    out
}

fn describe_table(table: &Table) -> String {
    let columns: Vec<String> = table.fields.iter().take(MAX_COLUMNS).map(|f| format!("{} {}{}", f.name, f.data_type, if f.primary_key { " PK" } else { "" })).collect();
    let mut out = format!("- {} ({})", table.name, columns.join(", "));
    for fk in &table.foreign_keys {
        out.push_str(&format!(" FK {} -> {}({})", fk.columns.join(","), fk.references_table, fk.references_columns.join(",")));
    }
    out.push('\n');
    out
}

/// Reads the tool input into a planned query, or says what is wrong with it.
pub fn read_answer(answer: &Value, database_type: DatabaseType) -> Result<Result<PlannedQuery, PlanRefusal>, String> {
    let object = answer.as_object().ok_or("the answer is not a JSON object")?;
    if let Some(reason) = object.get("unplannable").and_then(Value::as_str) {
        let reason: Unplannable = serde_json::from_value(json!(reason)).map_err(|_| format!("unplannable must be one of the listed reasons, not {reason:?}"))?;
        return Ok(Err(PlanRefusal::NotUnderstood(NotUnderstood { reason, kind: None, patient_id: None, window: None })));
    }
    let kind = object.get("kind").and_then(Value::as_str).ok_or("kind is missing")?;
    let _: ReportKind = serde_json::from_value(json!(kind)).map_err(|_| "kind must be one of the listed kinds".to_string())?;
    let patient_id = object.get("patient_id").and_then(Value::as_str).filter(|p| !p.trim().is_empty()).ok_or("patient_id is missing")?.to_string();
    let explanation = object.get("explanation").and_then(Value::as_str).unwrap_or_default().to_string();
    let parameters = object
        .get("parameters")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|p| {
                    let name = p.get("name").and_then(Value::as_str).ok_or("a parameter has no name")?.to_string();
                    let value = match p.get("value") {
                        Some(Value::Number(n)) => ParameterValue::Integer(n.as_i64().ok_or("a numeric parameter must be an integer")?),
                        Some(Value::String(s)) => ParameterValue::Text(s.clone()),
                        _ => return Err("a parameter's value must be a string or an integer"),
                    };
                    Ok(Parameter { name, value })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?
        .unwrap_or_default();
    let kind = kind.to_string();
    match database_type {
        DatabaseType::MongoDB => {
            let collection = object.get("collection").and_then(Value::as_str).ok_or("collection is missing")?.to_string();
            let stages = object.get("pipeline").and_then(Value::as_array).ok_or("pipeline is missing")?.clone();
            let parameters = if parameters.is_empty() { vec![Parameter { name: "patient_id".into(), value: ParameterValue::Text(patient_id.clone()) }] } else { parameters };
            Ok(Ok(PlannedQuery::Pipeline { collection, stages, parameters, explanation, patient_id: Some(patient_id), kind }))
        }
        _ => {
            let text = object.get("sql").and_then(Value::as_str).ok_or("sql is missing")?.to_string();
            if parameters.is_empty() {
                return Err("parameters are missing: the patient id must be bound".into());
            }
            Ok(Ok(PlannedQuery::Sql { text, parameters, explanation, patient_id: Some(patient_id), kind }))
        }
    }
}

/// Report queries with a Bedrock model.
#[derive(Debug, Clone)]
pub struct BedrockPlanner {
    client: Client,
    model_id: String,
}

fn build_error(e: impl std::fmt::Display) -> PlanRefusal {
    PlanRefusal::Failed(PortError::Internal(format!("the Converse request could not be built: {e}")))
}

impl BedrockPlanner {
    pub fn new(config: &SdkConfig, model_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), model_id: model_id.into() }
    }

    async fn ask(&self, messages: Vec<Message>) -> Result<Option<Value>, PlanRefusal> {
        let spec = ToolSpecification::builder()
            .name(TOOL_NAME)
            .description("Record the one query that answers the report request, or why none can.")
            .input_schema(ToolInputSchema::Json(to_document(&query_schema())))
            .build()
            .map_err(build_error)?;
        let tools = ToolConfiguration::builder()
            .tools(Tool::ToolSpec(spec))
            .tool_choice(ToolChoice::Tool(SpecificToolChoice::builder().name(TOOL_NAME).build().map_err(build_error)?))
            .build()
            .map_err(build_error)?;
        let out = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(RULES.into()))
            .set_messages(Some(messages))
            .inference_config(InferenceConfiguration::builder().temperature(0.0).max_tokens(MAX_OUTPUT_TOKENS).build())
            .tool_config(tools)
            .send()
            .await
            .map_err(|e| PlanRefusal::Failed(port_error("bedrock.Converse", &e)))?;
        let content = out.output().and_then(|o| o.as_message().ok()).map(|m| m.content().to_vec()).unwrap_or_default();
        Ok(content.iter().find_map(|block| match block {
            ContentBlock::ToolUse(tool_use) if tool_use.name() == TOOL_NAME => Some(to_json(tool_use.input())),
            _ => None,
        }))
    }
}

#[async_trait]
impl QueryPlanner for BedrockPlanner {
    #[tracing::instrument(skip_all, fields(model = %self.model_id, tables = schema.tables.len()))]
    async fn plan(&self, request: &str, schema: &DatabaseSchema, patient_key_hint: Option<&str>, as_of: NaiveDate) -> Result<PlannedQuery, PlanRefusal> {
        let hint = patient_key_hint.map(|h| format!("The patient key is {h}.\n")).unwrap_or_default();
        let prompt = format!("{}{hint}As of: {as_of}.\nRequest: {request}", describe(schema, request, patient_key_hint));
        let user = |text: String| Message::builder().role(ConversationRole::User).content(ContentBlock::Text(text)).build().map_err(build_error);
        let mut messages = vec![user(prompt.clone())?];
        let mut problem = String::new();
        for attempt in 0..2 {
            if attempt == 1 {
                messages = vec![user(format!("{prompt}\n\nYour previous answer could not be used: {problem}. Call record_query again, following the rules."))?];
            }
            match self.ask(messages.clone()).await? {
                None => problem = "it did not call record_query".into(),
                Some(answer) => match read_answer(&answer, schema.database_type) {
                    Ok(result) => return result,
                    Err(reason) => problem = reason,
                },
            }
            tracing::warn!(attempt, "model answer rejected");
        }
        Err(PlanRefusal::Failed(PortError::InvalidOutput(problem)))
    }
}
