//! PostgreSQL: `tokio-postgres` over a stream opened by [`crate::net`], TLS with rustls when the
//! connection asks for it.
//!
//! The schema comes from the catalogs the connecting role can see: `information_schema.columns`
//! (tables and views it has privileges on), primary and foreign keys from `pg_constraint` (the
//! information schema hides constraints of tables the role does not own), row counts exact below
//! [`crate::EXACT_COUNT_BELOW`] estimated rows and `pg_class.reltuples` above.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use tokio_postgres::tls::{MakeTlsConnect, NoTls};
use tokio_postgres::types::{FromSql, ToSql, Type};
use tokio_postgres::{Client, Config, SimpleQueryMessage};

use mediclear_domain::reports::planner::{Parameter, ParameterValue};
use mediclear_domain::reports::rows::{Cell, ResultSet};
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, ForeignKey, Table, TableKind};
use mediclear_ports::client_databases::{ClientDbError, ConnectionCheck, Limits, Target};

use crate::{EXACT_COUNT_BELOW, Partial, cap_rows, net};

/// A connected client; the connection task ends when it is dropped.
struct Session {
    client: Client,
    _task: tokio::task::JoinHandle<()>,
}

fn classify(error: &tokio_postgres::Error) -> ClientDbError {
    if let Some(db) = error.as_db_error() {
        return match db.code().code() {
            "28P01" | "28000" => ClientDbError::AuthenticationFailed,
            "3D000" => ClientDbError::DatabaseNotFound,
            "57014" => ClientDbError::StatementTimeout,
            "25006" => ClientDbError::ReadOnlyViolation,
            "42501" => ClientDbError::PermissionDenied,
            code => ClientDbError::QueryFailed { code: code.to_string() },
        };
    }
    let text = error.to_string().to_ascii_lowercase();
    if text.contains("tls") || text.contains("ssl") || text.contains("certificate") {
        ClientDbError::Tls
    } else {
        ClientDbError::Protocol
    }
}

async fn connect(target: &Target, limits: Limits) -> Result<Session, ClientDbError> {
    let stream = net::connect(&target.host, target.port, limits.connect_timeout).await?;
    let mut config = Config::new();
    config.user(&target.username).password(&target.password).dbname(&target.database_name).application_name("mediclear-reports").connect_timeout(limits.connect_timeout);
    let handshake = async {
        if target.tls {
            config.ssl_mode(tokio_postgres::config::SslMode::Require);
            let mut make = tokio_postgres_rustls::MakeRustlsConnect::new(net::tls_config()?);
            let tls = <tokio_postgres_rustls::MakeRustlsConnect as MakeTlsConnect<tokio::net::TcpStream>>::make_tls_connect(&mut make, &target.host).map_err(|_| ClientDbError::Tls)?;
            let (client, connection) = config.connect_raw(stream, tls).await.map_err(|e| classify(&e))?;
            Ok::<_, ClientDbError>(Session { client, _task: tokio::spawn(async move { let _ = connection.await; }) })
        } else {
            config.ssl_mode(tokio_postgres::config::SslMode::Disable);
            let (client, connection) = config.connect_raw(stream, NoTls).await.map_err(|e| classify(&e))?;
            Ok(Session { client, _task: tokio::spawn(async move { let _ = connection.await; }) })
        }
    };
    tokio::time::timeout(limits.connect_timeout, handshake).await.map_err(|_| ClientDbError::ConnectTimeout)?
}

/// The first value of a simple query's first row.
async fn scalar(client: &Client, sql: &str) -> Result<Option<String>, ClientDbError> {
    let messages = client.simple_query(sql).await.map_err(|e| classify(&e))?;
    Ok(messages.into_iter().find_map(|m| match m {
        SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
        _ => None,
    }))
}

pub(crate) async fn check(target: &Target, limits: Limits) -> Result<ConnectionCheck, (ClientDbError, Partial)> {
    let started = Instant::now();
    let session = connect(target, limits).await.map_err(|e| (e, Partial::default()))?;
    let latency_ms = Some(started.elapsed().as_millis() as u64);
    let mut partial = Partial { reachable: true, authenticated: true, latency_ms, server_version: None };
    let version = scalar(&session.client, "SHOW server_version").await.map_err(|e| (e, partial.clone()))?;
    partial.server_version = version.map(|v| format!("PostgreSQL {}", v.split_whitespace().next().unwrap_or_default()));
    let read_only = session.client.batch_execute("BEGIN TRANSACTION READ ONLY; SELECT 1; ROLLBACK").await.is_ok();
    Ok(ConnectionCheck { reachable: true, authenticated: true, read_only_possible: read_only, latency_ms, server_version: partial.server_version, error: None })
}

pub(crate) async fn databases(target: &Target, limits: Limits) -> Result<Vec<String>, ClientDbError> {
    let session = connect(target, limits).await?;
    let rows = session
        .client
        .query("SELECT datname::text FROM pg_database WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT') ORDER BY 1", &[])
        .await
        .map_err(|e| classify(&e))?;
    Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
}

/// `public.x` is `x`; other schemas keep their name.
fn table_name(schema: &str, table: &str) -> String {
    if schema == "public" { table.to_string() } else { format!("{schema}.{table}") }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) async fn schema(target: &Target, limits: Limits) -> Result<DatabaseSchema, ClientDbError> {
    let session = connect(target, limits).await?;
    let client = &session.client;
    client.batch_execute(&format!("SET statement_timeout = {}", limits.statement_timeout.as_millis())).await.map_err(|e| classify(&e))?;
    let columns = client
        .query(
            "SELECT c.table_schema::text, c.table_name::text, t.table_type::text, c.column_name::text, \
                    CASE WHEN c.character_maximum_length IS NOT NULL THEN c.data_type || '(' || c.character_maximum_length || ')' ELSE c.data_type END::text, \
                    c.is_nullable::text, c.column_default::text \
             FROM information_schema.columns c \
             JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
             WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\\_%' \
             ORDER BY c.table_schema, c.table_name, c.ordinal_position",
            &[],
        )
        .await
        .map_err(|e| classify(&e))?;
    let mut tables: BTreeMap<(String, String), Table> = BTreeMap::new();
    for row in &columns {
        let (schema, name, kind): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        let table = tables.entry((schema.clone(), name.clone())).or_insert_with(|| Table {
            name: table_name(&schema, &name),
            kind: if kind == "VIEW" { TableKind::View } else { TableKind::Table },
            fields: vec![],
            row_count: None,
            row_count_exact: false,
            foreign_keys: vec![],
        });
        table.fields.push(Field { name: row.get(3), data_type: row.get(4), nullable: row.get::<_, String>(5) == "YES", default: row.get(6), presence: None, primary_key: false });
    }
    let constraints = client
        .query(
            "SELECT con.contype::text, ns.nspname::text, cl.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.n ORDER BY u.o), \
                    fns.nspname::text, fcl.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.n ORDER BY u.o) \
             FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace \
             LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid LEFT JOIN pg_namespace fns ON fns.oid = fcl.relnamespace \
             WHERE con.contype IN ('p', 'f') AND ns.nspname NOT IN ('pg_catalog', 'information_schema')",
            &[],
        )
        .await
        .map_err(|e| classify(&e))?;
    for row in &constraints {
        let key = (row.get::<_, String>(1), row.get::<_, String>(2));
        let Some(table) = tables.get_mut(&key) else { continue };
        let columns: Vec<String> = row.get(3);
        if row.get::<_, String>(0) == "p" {
            for field in table.fields.iter_mut().filter(|f| columns.contains(&f.name)) {
                field.primary_key = true;
            }
        } else if let (Some(schema), Some(name)) = (row.get::<_, Option<String>>(4), row.get::<_, Option<String>>(5)) {
            table.foreign_keys.push(ForeignKey { columns, references_table: table_name(&schema, &name), references_columns: row.get(6) });
        }
    }
    let estimates = client
        .query("SELECT n.nspname::text, c.relname::text, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm')", &[])
        .await
        .map_err(|e| classify(&e))?;
    let estimates: BTreeMap<(String, String), i64> = estimates.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect();
    for ((schema, name), table) in tables.iter_mut() {
        if table.kind == TableKind::View {
            continue;
        }
        let estimate = estimates.get(&(schema.clone(), name.clone())).copied().unwrap_or(-1);
        if estimate < EXACT_COUNT_BELOW {
            // reltuples is -1 for a table never analysed: count it.
            let sql = format!("SELECT count(*)::text FROM {}.{}", quote(schema), quote(name));
            if let Ok(Some(count)) = scalar(client, &sql).await {
                table.row_count = count.parse().ok();
                table.row_count_exact = true;
                continue;
            }
        }
        table.row_count = u64::try_from(estimate).ok();
    }
    Ok(DatabaseSchema {
        database_type: DatabaseType::PostgreSQL,
        database_name: target.database_name.clone(),
        tables: tables.into_values().collect(),
        extracted_at: Some(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    })
}

/// A parameter as the prepared statement's type wants it.
fn bind(value: &ParameterValue, ty: &Type) -> Result<Box<dyn ToSql + Sync + Send>, ClientDbError> {
    let text = match value {
        ParameterValue::Integer(i) => i.to_string(),
        ParameterValue::Text(t) => t.clone(),
    };
    let wrong = || ClientDbError::QueryFailed { code: "22P02".into() };
    Ok(match *ty {
        Type::INT2 => Box::new(text.parse::<i16>().map_err(|_| wrong())?),
        Type::INT4 => Box::new(text.parse::<i32>().map_err(|_| wrong())?),
        Type::INT8 => Box::new(text.parse::<i64>().map_err(|_| wrong())?),
        Type::FLOAT4 => Box::new(text.parse::<f32>().map_err(|_| wrong())?),
        Type::FLOAT8 => Box::new(text.parse::<f64>().map_err(|_| wrong())?),
        Type::BOOL => Box::new(text.parse::<bool>().map_err(|_| wrong())?),
        Type::DATE => Box::new(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| wrong())?),
        Type::TIMESTAMP => Box::new(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| wrong())?.and_hms_opt(0, 0, 0).ok_or_else(wrong)?),
        Type::TIMESTAMPTZ => Box::new(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| wrong())?.and_hms_opt(0, 0, 0).ok_or_else(wrong)?.and_utc()),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => Box::new(text),
        _ => return Err(ClientDbError::Unsupported("a parameter of this column type")),
    })
}

/// Any column value, decoded by its type.
struct AnyCell(Cell);

impl<'a> FromSql<'a> for AnyCell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(AnyCell(match *ty {
            Type::BOOL => Cell::Bool(bool::from_sql(ty, raw)?),
            Type::INT2 => Cell::Integer(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Cell::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Cell::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Cell::Integer(u32::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => Cell::Number(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Cell::Number(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw).map(Cell::Number).unwrap_or(Cell::Null),
            Type::DATE => Cell::Date(NaiveDate::from_sql(ty, raw)?),
            Type::TIMESTAMP => Cell::DateTime(NaiveDateTime::from_sql(ty, raw)?),
            Type::TIMESTAMPTZ => Cell::DateTime(DateTime::<Utc>::from_sql(ty, raw)?.naive_utc()),
            Type::JSONB => Cell::Text(String::from_utf8_lossy(raw.get(1..).unwrap_or_default()).into_owned()),
            Type::UUID if raw.len() == 16 => Cell::Text(raw.iter().map(|b| format!("{b:02x}")).collect()),
            _ => match std::str::from_utf8(raw) {
                Ok(text) => Cell::Text(text.to_string()),
                Err(_) => Cell::Text(format!("({} value)", ty.name())),
            },
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(AnyCell(Cell::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary NUMERIC: digit count, weight, sign, scale, then base-10000 digits.
fn numeric(raw: &[u8]) -> Option<f64> {
    let word = |i: usize| raw.get(i * 2..i * 2 + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let (count, weight, sign) = (word(0)? as usize, word(1)? as i16, word(2)?);
    if sign == 0xC000 {
        return Some(f64::NAN);
    }
    let mut value = 0f64;
    for i in 0..count {
        value += f64::from(word(4 + i)?) * 10000f64.powi(i32::from(weight) - i as i32);
    }
    Some(if sign == 0x4000 { -value } else { value })
}

pub(crate) async fn run(target: &Target, text: &str, parameters: &[Parameter], limits: Limits) -> Result<ResultSet, ClientDbError> {
    let session = connect(target, limits).await?;
    let client = &session.client;
    client.batch_execute(&format!("BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = {}", limits.statement_timeout.as_millis())).await.map_err(|e| classify(&e))?;
    let outcome = async {
        let statement = client.prepare(text).await.map_err(|e| classify(&e))?;
        if statement.params().len() != parameters.len() {
            return Err(ClientDbError::QueryFailed { code: "08P01".into() });
        }
        let values = parameters.iter().zip(statement.params()).map(|(p, ty)| bind(&p.value, ty)).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect();
        let rows = client.query(&statement, &refs).await.map_err(|e| classify(&e))?;
        let columns = statement.columns().iter().map(|c| c.name().to_string()).collect();
        let rows = rows.iter().map(|row| (0..row.len()).map(|i| row.try_get::<_, AnyCell>(i).map(|c| c.0).unwrap_or(Cell::Null)).collect()).collect();
        Ok(ResultSet { columns, rows, truncated: false })
    }
    .await;
    let _ = client.batch_execute("ROLLBACK").await;
    let mut result = outcome?;
    cap_rows(&mut result, limits.row_cap);
    Ok(result)
}
