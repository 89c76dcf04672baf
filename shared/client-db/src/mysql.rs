//! MySQL and MariaDB: `mysql_async`, after [`crate::net`] has told whether the address answers.
//!
//! The statement timeout is the session's: MariaDB's `max_statement_time` (seconds; it ignores
//! MySQL's `MAX_EXECUTION_TIME` hint), MySQL's `max_execution_time` (milliseconds). The schema
//! comes from `information_schema` for the connection's database; `TABLES.TABLE_ROWS` is InnoDB's
//! estimate, so tables estimated under [`crate::EXACT_COUNT_BELOW`] rows are counted and the
//! rest keep the estimate, labelled as one.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use mysql_async::consts::ColumnType;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, OptsBuilder, Params, Row, SslOpts, Value};

use mediclear_domain::reports::planner::{Parameter, ParameterValue};
use mediclear_domain::reports::rows::{Cell, ResultSet};
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, ForeignKey, Table, TableKind};
use mediclear_ports::client_databases::{ClientDbError, ConnectionCheck, Limits, Target};

use crate::{EXACT_COUNT_BELOW, Partial, cap_rows, net};

fn classify(error: &mysql_async::Error) -> ClientDbError {
    match error {
        mysql_async::Error::Server(server) => match server.code {
            1045 | 1698 => ClientDbError::AuthenticationFailed,
            1044 | 1049 => ClientDbError::DatabaseNotFound,
            1792 => ClientDbError::ReadOnlyViolation,
            1969 | 3024 => ClientDbError::StatementTimeout,
            1142 | 1143 | 1227 => ClientDbError::PermissionDenied,
            code => ClientDbError::QueryFailed { code: code.to_string() },
        },
        mysql_async::Error::Io(io) => {
            if io.to_string().to_ascii_lowercase().contains("tls") {
                ClientDbError::Tls
            } else {
                ClientDbError::Protocol
            }
        }
        _ => ClientDbError::Protocol,
    }
}

async fn connect(target: &Target, limits: Limits) -> Result<Conn, ClientDbError> {
    // Tells an unknown host, a closed port and silence apart before the driver tries.
    drop(net::connect(&target.host, target.port, limits.connect_timeout).await?);
    let mut opts = OptsBuilder::default()
        .ip_or_hostname(target.host.clone())
        .tcp_port(target.port)
        .user(Some(target.username.clone()))
        .pass(Some(target.password.clone()))
        .db_name(Some(target.database_name.clone()))
        .prefer_socket(false)
        .tcp_nodelay(true);
    if target.tls {
        opts = opts.ssl_opts(SslOpts::default());
    }
    match tokio::time::timeout(limits.connect_timeout, Conn::new(opts)).await {
        Err(_) => Err(ClientDbError::ConnectTimeout),
        Ok(Err(e)) => Err(classify(&e)),
        Ok(Ok(conn)) => Ok(conn),
    }
}

fn is_mariadb(version: &str) -> bool {
    version.to_ascii_lowercase().contains("mariadb")
}

pub(crate) async fn check(target: &Target, limits: Limits) -> Result<ConnectionCheck, (ClientDbError, Partial)> {
    let started = Instant::now();
    let mut conn = connect(target, limits).await.map_err(|e| (e, Partial::default()))?;
    let latency_ms = Some(started.elapsed().as_millis() as u64);
    let partial = Partial { reachable: true, authenticated: true, latency_ms, server_version: None };
    let version: Option<String> = conn.query_first("SELECT VERSION()").await.map_err(|e| (classify(&e), partial.clone()))?;
    let server_version = version.map(|v| {
        let number = v.split('-').next().unwrap_or_default().to_string();
        if is_mariadb(&v) { format!("MariaDB {number}") } else { format!("MySQL {number}") }
    });
    let read_only = conn.query_drop("START TRANSACTION READ ONLY").await.is_ok() && conn.query_drop("ROLLBACK").await.is_ok();
    let _ = conn.disconnect().await;
    Ok(ConnectionCheck { reachable: true, authenticated: true, read_only_possible: read_only, latency_ms, server_version, error: None })
}

pub(crate) async fn databases(target: &Target, limits: Limits) -> Result<Vec<String>, ClientDbError> {
    let mut conn = connect(target, limits).await?;
    let names: Vec<String> = conn.query("SHOW DATABASES").await.map_err(|e| classify(&e))?;
    let _ = conn.disconnect().await;
    Ok(names)
}

fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

pub(crate) async fn schema(target: &Target, limits: Limits) -> Result<DatabaseSchema, ClientDbError> {
    let mut conn = connect(target, limits).await?;
    set_timeout(&mut conn, limits).await?;
    let columns: Vec<Row> = conn
        .query(
            "SELECT c.TABLE_NAME, t.TABLE_TYPE, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.COLUMN_KEY, t.TABLE_ROWS \
             FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
             WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION",
        )
        .await
        .map_err(|e| classify(&e))?;
    let mut tables: BTreeMap<String, (Table, Option<i64>)> = BTreeMap::new();
    for row in columns {
        let name: String = row.get(0).unwrap_or_default();
        let kind: String = row.get(1).unwrap_or_default();
        let estimate: Option<i64> = row.get::<Option<i64>, _>(7).flatten();
        let entry = tables.entry(name.clone()).or_insert_with(|| {
            let kind = if kind.contains("VIEW") { TableKind::View } else { TableKind::Table };
            (Table { name: name.clone(), kind, fields: vec![], row_count: None, row_count_exact: false, foreign_keys: vec![] }, estimate)
        });
        entry.0.fields.push(Field {
            name: row.get(2).unwrap_or_default(),
            data_type: row.get(3).unwrap_or_default(),
            nullable: row.get::<String, _>(4).unwrap_or_default() == "YES",
            default: row.get::<Option<String>, _>(5).flatten(),
            presence: None,
            primary_key: row.get::<String, _>(6).unwrap_or_default() == "PRI",
        });
    }
    let keys: Vec<(String, String, String, String, String)> = conn
        .query(
            "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL AND REFERENCED_TABLE_SCHEMA = DATABASE() ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION",
        )
        .await
        .map_err(|e| classify(&e))?;
    let mut foreign: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for (constraint, table, column, referenced, referenced_column) in keys {
        let fk = foreign.entry((table, constraint)).or_insert_with(|| ForeignKey { columns: vec![], references_table: referenced, references_columns: vec![] });
        fk.columns.push(column);
        fk.references_columns.push(referenced_column);
    }
    for ((table, _), fk) in foreign {
        if let Some((t, _)) = tables.get_mut(&table) {
            t.foreign_keys.push(fk);
        }
    }
    for (name, (table, estimate)) in tables.iter_mut() {
        if table.kind == TableKind::View {
            continue;
        }
        if estimate.unwrap_or(0) < EXACT_COUNT_BELOW
            && let Ok(Some(count)) = conn.query_first::<u64, _>(format!("SELECT COUNT(*) FROM {}", quote(name))).await
        {
            table.row_count = Some(count);
            table.row_count_exact = true;
            continue;
        }
        table.row_count = estimate.and_then(|e| u64::try_from(e).ok());
    }
    let _ = conn.disconnect().await;
    Ok(DatabaseSchema {
        database_type: DatabaseType::MySQL,
        database_name: target.database_name.clone(),
        tables: tables.into_values().map(|(t, _)| t).collect(),
        extracted_at: Some(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    })
}

async fn set_timeout(conn: &mut Conn, limits: Limits) -> Result<(), ClientDbError> {
    let version: Option<String> = conn.query_first("SELECT VERSION()").await.map_err(|e| classify(&e))?;
    let sql = if version.as_deref().is_some_and(is_mariadb) {
        format!("SET SESSION max_statement_time = {:.3}", limits.statement_timeout.as_secs_f64())
    } else {
        format!("SET SESSION max_execution_time = {}", limits.statement_timeout.as_millis())
    };
    conn.query_drop(sql).await.map_err(|e| classify(&e))
}

fn cell(value: Value, column_type: ColumnType) -> Cell {
    match value {
        Value::NULL => Cell::Null,
        Value::Int(i) => Cell::Integer(i),
        Value::UInt(u) => i64::try_from(u).map(Cell::Integer).unwrap_or(Cell::Number(u as f64)),
        Value::Float(f) => Cell::Number(f.into()),
        Value::Double(d) => Cell::Number(d),
        Value::Date(y, m, d, h, mi, s, us) => {
            let date = NaiveDate::from_ymd_opt(y.into(), m.into(), d.into());
            match (date, column_type) {
                (Some(date), ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE) => Cell::Date(date),
                (Some(date), _) => date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us).map(Cell::DateTime).unwrap_or(Cell::Date(date)),
                (None, _) => Cell::Null,
            }
        }
        Value::Time(neg, d, h, m, s, _) => Cell::Text(format!("{}{:02}:{:02}:{:02}", if neg { "-" } else { "" }, u32::from(h) + d * 24, m, s)),
        Value::Bytes(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match column_type {
                ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => text.parse().map(Cell::Number).unwrap_or(Cell::Text(text)),
                ColumnType::MYSQL_TYPE_LONGLONG | ColumnType::MYSQL_TYPE_LONG | ColumnType::MYSQL_TYPE_SHORT | ColumnType::MYSQL_TYPE_TINY | ColumnType::MYSQL_TYPE_INT24 => {
                    text.parse().map(Cell::Integer).unwrap_or(Cell::Text(text))
                }
                ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE => NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(Cell::Date).unwrap_or(Cell::Text(text)),
                _ => Cell::Text(text),
            }
        }
    }
}

pub(crate) async fn run(target: &Target, text: &str, parameters: &[Parameter], limits: Limits) -> Result<ResultSet, ClientDbError> {
    let mut conn = connect(target, limits).await?;
    set_timeout(&mut conn, limits).await?;
    conn.query_drop("START TRANSACTION READ ONLY").await.map_err(|e| classify(&e))?;
    let values: Vec<Value> = parameters
        .iter()
        .map(|p| match &p.value {
            ParameterValue::Integer(i) => Value::Int(*i),
            ParameterValue::Text(t) => Value::Bytes(t.as_bytes().to_vec()),
        })
        .collect();
    let params = if values.is_empty() { Params::Empty } else { Params::Positional(values) };
    let outcome = async {
        let mut result = conn.exec_iter(text, params).await.map_err(|e| classify(&e))?;
        let columns_meta = result.columns().map(|c| c.to_vec()).unwrap_or_default();
        let columns = columns_meta.iter().map(|c| c.name_str().into_owned()).collect();
        let rows: Vec<Row> = result.collect().await.map_err(|e| classify(&e))?;
        let rows = rows.into_iter().map(|row| row.unwrap().into_iter().zip(&columns_meta).map(|(v, c)| cell(v, c.column_type())).collect()).collect();
        Ok::<_, ClientDbError>(ResultSet { columns, rows, truncated: false })
    }
    .await;
    let _ = conn.query_drop("ROLLBACK").await;
    let _ = conn.disconnect().await;
    let mut result = outcome?;
    cap_rows(&mut result, limits.row_cap);
    Ok(result)
}
