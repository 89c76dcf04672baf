//! MongoDB: the official driver over a direct connection (one host, no replica-set discovery, no
//! SRV lookup), SCRAM credentials when a user name is given, TLS when asked.
//!
//! MongoDB has no read-only transaction: what keeps a run read-only is that MediClear sends only
//! `aggregate` with allow-listed stages (`$out` and `$merge`, the writing stages, never pass
//! [`mediclear_domain::reports::pipeline_safety`]), with `maxTimeMS` as the statement timeout and a
//! final `$limit` as the row cap. The schema is sampled: up to [`SAMPLE`] documents a collection,
//! every dotted field path with the BSON types seen and the share of documents that have it;
//! strings that are ISO-8601 dates are typed `isodate` (FHIR stores dates so) — names and types,
//! never a value.

use std::collections::BTreeMap;
use std::time::Instant;

use bson::{Bson, Document};
use chrono::Utc;
use futures::TryStreamExt;
use mongodb::options::{ClientOptions, Credential, ServerAddress, Tls, TlsOptions};
use mongodb::Client;
use serde_json::Value;

use mediclear_domain::reports::planner::{Parameter, ParameterValue};
use mediclear_domain::reports::rows::{Cell, ResultSet};
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, Table, TableKind};
use mediclear_ports::client_databases::{ClientDbError, ConnectionCheck, Limits, Target};

use crate::{Partial, cap_rows, net};

/// Documents sampled per collection for the schema.
pub const SAMPLE: i64 = 200;
/// Columns a report row is flattened into, at most.
const MAX_COLUMNS: usize = 60;

fn classify(error: &mongodb::error::Error) -> ClientDbError {
    use mongodb::error::ErrorKind;
    match error.kind.as_ref() {
        ErrorKind::Authentication { .. } => ClientDbError::AuthenticationFailed,
        ErrorKind::ServerSelection { .. } => ClientDbError::ConnectTimeout,
        ErrorKind::Command(command) => match command.code {
            50 | 262 => ClientDbError::StatementTimeout,
            13 => ClientDbError::PermissionDenied,
            18 => ClientDbError::AuthenticationFailed,
            code => ClientDbError::QueryFailed { code: code.to_string() },
        },
        ErrorKind::Io(_) | ErrorKind::ConnectionPoolCleared { .. } => ClientDbError::Protocol,
        _ => ClientDbError::Protocol,
    }
}

async fn connect(target: &Target, limits: Limits) -> Result<Client, ClientDbError> {
    drop(net::connect(&target.host, target.port, limits.connect_timeout).await?);
    let mut options = ClientOptions::default();
    options.hosts = vec![ServerAddress::Tcp { host: target.host.clone(), port: Some(target.port) }];
    options.direct_connection = Some(true);
    options.app_name = Some("mediclear-reports".into());
    options.connect_timeout = Some(limits.connect_timeout);
    options.server_selection_timeout = Some(limits.connect_timeout);
    options.max_pool_size = Some(1);
    if !target.username.is_empty() {
        options.credential = Some(Credential::builder().username(target.username.clone()).password(target.password.clone()).build());
    }
    if target.tls {
        options.tls = Some(Tls::Enabled(TlsOptions::default()));
    }
    Client::with_options(options).map_err(|e| classify(&e))
}

pub(crate) async fn check(target: &Target, limits: Limits) -> Result<ConnectionCheck, (ClientDbError, Partial)> {
    let started = Instant::now();
    let client = connect(target, limits).await.map_err(|e| (e, Partial::default()))?;
    let database = client.database(&target.database_name);
    let info = database.run_command(bson::doc! { "buildInfo": 1 }).await.map_err(|e| (classify(&e), Partial { reachable: true, ..Partial::default() }))?;
    let latency_ms = Some(started.elapsed().as_millis() as u64);
    let server_version = info.get_str("version").ok().map(|v| format!("MongoDB {v}"));
    // Reading is all MediClear does here: listing the collections proves the user may read.
    let readable = database.list_collection_names().await.is_ok();
    client.shutdown().await;
    Ok(ConnectionCheck { reachable: true, authenticated: true, read_only_possible: readable, latency_ms, server_version, error: None })
}

pub(crate) async fn databases(target: &Target, limits: Limits) -> Result<Vec<String>, ClientDbError> {
    let client = connect(target, limits).await?;
    let names = client.list_database_names().await.map_err(|e| classify(&e));
    client.shutdown().await;
    names
}

fn bson_type(value: &Bson) -> &'static str {
    match value {
        Bson::String(s) if looks_like_iso_date(s) => "isodate",
        Bson::String(_) => "string",
        Bson::Int32(_) => "int",
        Bson::Int64(_) => "long",
        Bson::Double(_) => "double",
        Bson::Decimal128(_) => "decimal",
        Bson::Boolean(_) => "bool",
        Bson::DateTime(_) => "date",
        Bson::ObjectId(_) => "objectId",
        Bson::Null => "null",
        Bson::Document(_) => "object",
        Bson::Array(_) => "array",
        _ => "other",
    }
}

fn looks_like_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5..7].iter().all(u8::is_ascii_digit) && b[7] == b'-' && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Every dotted path of `document` (arrays looked into, without indexes) with the types seen.
fn paths(prefix: &str, document: &Document, out: &mut BTreeMap<String, Vec<&'static str>>, depth: usize) {
    for (key, value) in document {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        visit(&path, value, out, depth);
    }
}

fn visit(path: &str, value: &Bson, out: &mut BTreeMap<String, Vec<&'static str>>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Bson::Document(inner) => paths(path, inner, out, depth + 1),
        Bson::Array(items) => {
            for item in items.iter().take(20) {
                visit(path, item, out, depth + 1);
            }
        }
        scalar => {
            let types = out.entry(path.to_string()).or_default();
            let t = bson_type(scalar);
            if !types.contains(&t) {
                types.push(t);
            }
        }
    }
}

pub(crate) async fn schema(target: &Target, limits: Limits) -> Result<DatabaseSchema, ClientDbError> {
    let client = connect(target, limits).await?;
    let database = client.database(&target.database_name);
    let mut names = database.list_collection_names().await.map_err(|e| classify(&e))?;
    names.retain(|n| !n.starts_with("system."));
    names.sort();
    let mut tables = Vec::new();
    for name in names {
        let collection = database.collection::<Document>(&name);
        let sample: Vec<Document> = collection
            .find(bson::doc! {})
            .limit(SAMPLE)
            .max_time(limits.statement_timeout)
            .await
            .map_err(|e| classify(&e))?
            .try_collect()
            .await
            .map_err(|e| classify(&e))?;
        let mut seen: BTreeMap<String, (Vec<&'static str>, usize)> = BTreeMap::new();
        for document in &sample {
            let mut found = BTreeMap::new();
            paths("", document, &mut found, 0);
            for (path, types) in found {
                let entry = seen.entry(path).or_default();
                for t in types {
                    if !entry.0.contains(&t) {
                        entry.0.push(t);
                    }
                }
                entry.1 += 1;
            }
        }
        let sampled = sample.len().max(1);
        let fields = seen
            .into_iter()
            .map(|(path, (types, present))| Field {
                primary_key: path == "_id",
                nullable: present < sampled || types.contains(&"null"),
                data_type: types.join("|"),
                presence: Some((1000.0 * present as f64 / sampled as f64).round() / 10.0),
                default: None,
                name: path,
            })
            .collect();
        let count = collection.count_documents(bson::doc! {}).max_time(limits.statement_timeout).await.ok();
        tables.push(Table { name, kind: TableKind::Collection, fields, row_count: count, row_count_exact: count.is_some(), foreign_keys: vec![] });
    }
    client.shutdown().await;
    Ok(DatabaseSchema {
        database_type: DatabaseType::MongoDB,
        database_name: target.database_name.clone(),
        tables,
        extracted_at: Some(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    })
}

/// The pipeline as BSON, each `{"$param": name}` replaced by its bound value.
pub fn bind(stages: &[Value], parameters: &[Parameter]) -> Result<Vec<Document>, ClientDbError> {
    fn substitute(value: &Value, parameters: &[Parameter]) -> Value {
        match value {
            Value::Object(map) if map.len() == 1 && map.get("$param").is_some_and(Value::is_string) => {
                let name = map["$param"].as_str().unwrap_or_default();
                match parameters.iter().find(|p| p.name == name).map(|p| &p.value) {
                    Some(ParameterValue::Integer(i)) => Value::from(*i),
                    Some(ParameterValue::Text(t)) => Value::from(t.clone()),
                    None => Value::Null,
                }
            }
            Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), substitute(v, parameters))).collect()),
            Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, parameters)).collect()),
            other => other.clone(),
        }
    }
    stages
        .iter()
        .map(|stage| match Bson::try_from(substitute(stage, parameters)) {
            Ok(Bson::Document(document)) => Ok(document),
            _ => Err(ClientDbError::QueryFailed { code: "BadValue".into() }),
        })
        .collect()
}

/// A document flattened into dotted columns; arrays of scalars joined with "; ", arrays of
/// documents kept as JSON text.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Cell)>) {
    match value {
        Value::Object(map) if !map.contains_key("$date") && !map.contains_key("$oid") && !map.contains_key("$numberDecimal") => {
            for (k, v) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&path, v, out);
            }
        }
        Value::Object(map) => {
            let inner = map.values().next().cloned().unwrap_or(Value::Null);
            let cell = match inner {
                Value::String(s) => chrono::DateTime::parse_from_rfc3339(&s).map(|d| Cell::DateTime(d.naive_utc())).unwrap_or(Cell::Text(s)),
                other => Cell::Text(other.to_string()),
            };
            out.push((prefix.to_string(), cell));
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let text = items.iter().map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            out.push((prefix.to_string(), Cell::Text(text.collect::<Vec<_>>().join("; "))));
        }
        Value::Array(_) => out.push((prefix.to_string(), Cell::Text(value.to_string()))),
        Value::Null => out.push((prefix.to_string(), Cell::Null)),
        Value::Bool(b) => out.push((prefix.to_string(), Cell::Bool(*b))),
        Value::Number(n) => out.push((prefix.to_string(), n.as_i64().map(Cell::Integer).unwrap_or_else(|| Cell::Number(n.as_f64().unwrap_or_default())))),
        Value::String(s) => out.push((prefix.to_string(), Cell::Text(s.clone()))),
    }
}

pub(crate) async fn run(target: &Target, collection: &str, stages: &[Value], parameters: &[Parameter], limits: Limits) -> Result<ResultSet, ClientDbError> {
    let pipeline = bind(stages, parameters)?;
    let client = connect(target, limits).await?;
    let cursor = client.database(&target.database_name).collection::<Document>(collection).aggregate(pipeline).max_time(limits.statement_timeout).await.map_err(|e| classify(&e));
    let documents: Result<Vec<Document>, _> = match cursor {
        Ok(cursor) => cursor.try_collect().await.map_err(|e| classify(&e)),
        Err(e) => Err(e),
    };
    client.shutdown().await;
    let documents = documents?;
    let mut columns: Vec<String> = Vec::new();
    let mut flattened = Vec::with_capacity(documents.len());
    for document in documents {
        let mut cells = Vec::new();
        flatten("", &Bson::Document(document).into_relaxed_extjson(), &mut cells);
        for (name, _) in &cells {
            if !columns.contains(name) && columns.len() < MAX_COLUMNS {
                columns.push(name.clone());
            }
        }
        flattened.push(cells);
    }
    let rows = flattened.into_iter().map(|cells| columns.iter().map(|c| cells.iter().find(|(n, _)| n == c).map(|(_, v)| v.clone()).unwrap_or(Cell::Null)).collect()).collect();
    let mut result = ResultSet { columns, rows, truncated: false };
    cap_rows(&mut result, limits.row_cap);
    Ok(result)
}
