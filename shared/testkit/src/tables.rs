//! The DynamoDB tables the adapters need, read from `template.yaml` and created on moto.
//!
//! The definitions are read from `template.yaml` when it defines the table (found through the
//! environment variable the functions read its name from, e.g. `CASES_TABLE: !Ref CasesTable`),
//! so the AWS adapter tests prove the template and the adapters agree on keys and indexes, and
//! the benchmark (`tools/bench`) runs the functions against the tables they are deployed with.
//! When the template does not exist (yet), the schema below is used and [`Source::Code`] says so.
//!
//! [`create`] panics with the emulator's answer (tests); [`try_create`] and [`create_named`]
//! return it (tools that report instead of aborting).

use std::path::PathBuf;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType, ScalarAttributeType,
    TimeToLiveSpecification,
};
use serde_yaml::Value;

/// The variables through which the functions name their tables.
pub const TABLE_VARIABLES: [&str; 8] = ["CASES_TABLE", "AUDIT_TABLE", "INDEX_TABLE", "JOBS_TABLE", "CONNECTIONS_TABLE", "IDEMPOTENCY_TABLE", "HEALTH_TABLE", "INSIGHTS_TABLE"];

/// A key attribute: name and type (`S`, `N`, `B`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub hash: Key,
    pub range: Option<Key>,
    pub projection: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    pub hash: Key,
    pub range: Option<Key>,
    pub indexes: Vec<Index>,
    pub ttl: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Template,
    Code,
}

fn key(name: &str) -> Key {
    Key { name: name.into(), kind: "S".into() }
}

fn by_created(name: &str, hash: &str) -> Index {
    Index { name: name.into(), hash: key(hash), range: Some(key("created_at")), projection: "ALL".into() }
}

/// The schema the adapters are written for, by the variable naming the table.
pub fn expected(variable: &str) -> TableSpec {
    match variable {
        "CASES_TABLE" => TableSpec {
            hash: key("case_id"),
            range: None,
            indexes: vec![
                by_created("by-patient", "patient_id"),
                by_created("by-provider", "provider_id"),
                by_created("by-status", "status"),
                by_created("by-created", "gsi_all"),
            ],
            ttl: None,
        },
        "AUDIT_TABLE" => TableSpec { hash: key("resource_id"), range: Some(key("sk")), indexes: vec![], ttl: None },
        "INDEX_TABLE" => TableSpec { hash: key("pk"), range: Some(key("sk")), indexes: vec![], ttl: None },
        "JOBS_TABLE" => TableSpec { hash: key("job_id"), range: None, indexes: vec![], ttl: Some("expires_at".into()) },
        "CONNECTIONS_TABLE" => TableSpec { hash: key("pk"), range: Some(key("sk")), indexes: vec![], ttl: Some("expires_at".into()) },
        "HEALTH_TABLE" => TableSpec {
            hash: key("pk"),
            range: Some(key("sk")),
            indexes: vec![
                Index { name: "by-doctor-status".into(), hash: key("doctor_status"), range: Some(key("doctor_created_at")), projection: "ALL".into() },
                Index { name: "by-doctor".into(), hash: key("doctor_all"), range: Some(key("doctor_created_at")), projection: "ALL".into() },
                Index { name: "by-patient-document".into(), hash: key("document_patient"), range: Some(key("document_created_at")), projection: "ALL".into() },
                Index { name: "by-review".into(), hash: key("review_queue"), range: Some(key("document_created_at")), projection: "ALL".into() },
            ],
            ttl: None,
        },
        "IDEMPOTENCY_TABLE" => TableSpec { hash: key("idempotency_key"), range: None, indexes: vec![], ttl: Some("expires_at".into()) },
        "INSIGHTS_TABLE" => TableSpec { hash: key("pk"), range: Some(key("sk")), indexes: vec![], ttl: None },
        other => panic!("no table schema for {other}"),
    }
}

pub fn template_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../template.yaml")
}

pub fn read_template() -> Option<Value> {
    let text = std::fs::read_to_string(template_path()).ok()?;
    Some(serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("template.yaml is not valid YAML: {e}")))
}

/// The logical id a `!Ref X` (or `{"Ref": X}`) names.
fn reference(value: &Value) -> Option<String> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" || tagged.tag == "!Ref" => tagged.value.as_str().map(str::to_string),
        Value::Mapping(m) => m.get("Ref").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// Every value of a mapping key named `name`, anywhere in the document.
fn values_of<'a>(value: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some(name) {
                    out.push(v);
                }
                values_of(v, name, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| values_of(v, name, out)),
        Value::Tagged(t) => values_of(&t.value, name, out),
        _ => {}
    }
}

/// The logical id of the table whose name the functions read from `variable`.
pub fn table_resource<'a>(template: &'a Value, variable: &str) -> Option<(String, &'a Value)> {
    let mut found = Vec::new();
    values_of(template, variable, &mut found);
    let logical_id = found.into_iter().find_map(reference)?;
    let resource = template.get("Resources")?.get(&logical_id)?;
    Some((logical_id, resource))
}

fn keys_of(key_schema: &Value, attributes: &Value) -> (Key, Option<Key>) {
    let kind_of = |name: &str| -> String {
        attributes
            .as_sequence()
            .and_then(|defs| defs.iter().find(|d| d.get("AttributeName").and_then(Value::as_str) == Some(name)))
            .and_then(|d| d.get("AttributeType").and_then(Value::as_str))
            .unwrap_or_else(|| panic!("template.yaml: key attribute {name} has no AttributeDefinition"))
            .to_string()
    };
    let mut hash = None;
    let mut range = None;
    for element in key_schema.as_sequence().expect("KeySchema is a list") {
        let name = element.get("AttributeName").and_then(Value::as_str).expect("AttributeName");
        let key = Key { name: name.into(), kind: kind_of(name) };
        match element.get("KeyType").and_then(Value::as_str) {
            Some("HASH") => hash = Some(key),
            Some("RANGE") => range = Some(key),
            other => panic!("template.yaml: KeyType {other:?}"),
        }
    }
    (hash.expect("a HASH key"), range)
}

/// A table's schema as the template declares it.
pub fn spec_from_template(resource: &Value) -> TableSpec {
    let properties = resource.get("Properties").expect("a table resource has Properties");
    let attributes = properties.get("AttributeDefinitions").expect("AttributeDefinitions");
    let (hash, range) = keys_of(properties.get("KeySchema").expect("KeySchema"), attributes);
    let indexes = properties
        .get("GlobalSecondaryIndexes")
        .and_then(Value::as_sequence)
        .map(|gsis| {
            gsis.iter()
                .map(|gsi| {
                    let (hash, range) = keys_of(gsi.get("KeySchema").expect("GSI KeySchema"), attributes);
                    Index {
                        name: gsi.get("IndexName").and_then(Value::as_str).expect("IndexName").into(),
                        hash,
                        range,
                        projection: gsi.get("Projection").and_then(|p| p.get("ProjectionType")).and_then(Value::as_str).unwrap_or("ALL").into(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let ttl = properties
        .get("TimeToLiveSpecification")
        .filter(|t| t.get("Enabled").and_then(Value::as_bool).unwrap_or(false))
        .and_then(|t| t.get("AttributeName").and_then(Value::as_str))
        .map(str::to_string);
    TableSpec { hash, range, indexes, ttl }
}

/// The table's schema: from the template when it defines it, else from [`expected`].
pub fn spec(variable: &str) -> (TableSpec, Source) {
    if let Some(template) = read_template()
        && let Some((_, resource)) = table_resource(&template, variable)
    {
        return (spec_from_template(resource), Source::Template);
    }
    (expected(variable), Source::Code)
}

fn element(key: &Key, key_type: KeyType) -> Result<KeySchemaElement, String> {
    KeySchemaElement::builder().attribute_name(&key.name).key_type(key_type).build().map_err(|e| e.to_string())
}

fn schema(hash: &Key, range: &Option<Key>) -> Result<Vec<KeySchemaElement>, String> {
    let mut out = vec![element(hash, KeyType::Hash)?];
    if let Some(range) = range {
        out.push(element(range, KeyType::Range)?);
    }
    Ok(out)
}

/// Creates table `name` with `spec` on the emulator (keys, indexes, TTL), or says why not.
pub async fn create_named(client: &Client, name: &str, spec: &TableSpec) -> Result<(), String> {
    let mut attributes: Vec<&Key> = vec![&spec.hash];
    attributes.extend(spec.range.iter());
    for index in &spec.indexes {
        attributes.push(&index.hash);
        attributes.extend(index.range.iter());
    }
    let mut definitions: Vec<AttributeDefinition> = Vec::new();
    for key in attributes {
        if !definitions.iter().any(|d| d.attribute_name() == key.name) {
            definitions.push(
                AttributeDefinition::builder()
                    .attribute_name(&key.name)
                    .attribute_type(ScalarAttributeType::from(key.kind.as_str()))
                    .build()
                    .map_err(|e| e.to_string())?,
            );
        }
    }
    let mut gsis: Vec<GlobalSecondaryIndex> = Vec::new();
    for index in &spec.indexes {
        gsis.push(
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(schema(&index.hash, &index.range)?))
                .projection(Projection::builder().projection_type(ProjectionType::from(index.projection.as_str())).build())
                .build()
                .map_err(|e| e.to_string())?,
        );
    }
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(schema(&spec.hash, &spec.range)?))
        .set_attribute_definitions(Some(definitions))
        .set_global_secondary_indexes((!gsis.is_empty()).then_some(gsis))
        .send()
        .await
        .map_err(|e| format!("create table {name}: {e:?}"))?;
    if let Some(ttl) = &spec.ttl {
        let specification = TimeToLiveSpecification::builder().attribute_name(ttl).enabled(true).build().map_err(|e| e.to_string())?;
        client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(specification)
            .send()
            .await
            .map_err(|e| format!("enable TTL on {name}: {e:?}"))?;
    }
    Ok(())
}

/// Creates a fresh table for `variable` on the emulator; returns its name, or says why not.
pub async fn try_create(client: &Client, variable: &str) -> Result<String, String> {
    let (spec, source) = spec(variable);
    if source == Source::Code {
        eprintln!("note: {variable} is not defined in template.yaml; using the adapters' schema");
    }
    let name = crate::unique(&variable.to_ascii_lowercase().replace('_', "-"));
    create_named(client, &name, &spec).await?;
    Ok(name)
}

/// Creates a fresh table for `variable` on the emulator; returns its name. Panics (a test
/// failure) when the emulator refuses.
pub async fn create(client: &Client, variable: &str) -> String {
    try_create(client, variable).await.unwrap_or_else(|e| panic!("{e}"))
}
