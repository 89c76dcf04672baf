//! PHI reports figures (issue 8): how long a doctor waits for one patient's report, from plain
//! English to a link, offline; how long the validator takes per query; how big the files are.
//!
//! **NL → file.** On `mediclear-local --demo` (profile `local`) ([`crate::offline_system`]), as
//! `demo-admin`: each client database is registered (`POST /api/v1/connections`, the read-only
//! login of `scripts/client-dbs.sh`) and its schema extracted once (`GET …/schema`, reported,
//! not counted), then `POST /api/v1/reports` `{connection_id, query, format}` is timed from just
//! before the request to its `201` — the offline planner, the validator, the query run live
//! (read-only transaction, new connection), the factual summary, the PDF or CSV written, stored
//! and its five-minute link signed. The databases: Eunomia (OMOP) in the machine's PostgreSQL
//! and MariaDB, and the FHIR documents in the MongoDB peer `nx-27017` when it can be started, as
//! the tests reach them (`mediclear_testkit::client_dbs`).
//!
//! The patients come from the data, never from a list: each database's people ranked by how many
//! records they have (visits, conditions, drugs, measurements; FHIR: every document naming them),
//! then [`Options::patients`] at evenly spaced ranks from the top — the fullest record and the
//! sparse ones alike. Every patient gets every request of [`REQUESTS`] in PDF and CSV, round after
//! round, the databases taking turns. One report per database runs first, unmeasured.
//!
//! **Where the time goes**: the runtime logs `planned_ms`, `query_ms` and `written_ms` with every
//! report (`report made`, no values); they are read back from its log file by report id.
//!
//! **Validation** per query: [`validation`], in the release build of this harness.

mod validation;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use axum::http::Method;
use serde_json::{Value, json};

use mediclear_domain::reports::schema::DatabaseSchema;
use mediclear_local::client::Client;
use mediclear_local::demo::DEMO_PASSWORD;
use mediclear_testkit::client_dbs::{self, DATABASE, MARIADB, MONGO_DATABASE, POSTGRES, READER};

use crate::offline_system::OfflineSystem;
use crate::report::TARGETS;
use crate::stats::{Summary, summarize};

pub use validation::validator;

/// The requests each patient gets, by the kind the planner should read: the whole record for
/// the summary, time windows for the rest (wide enough for Eunomia's 1909–2019 records and
/// 2023–2025 series and the FHIR set's 2022–2025: Eunomia's people have one to four visits).
pub const REQUESTS: [(&str, &str); 5] = [
    ("summary", "summary report for patient {id}"),
    ("visits", "visits of patient {id} before 2026"),
    ("conditions", "conditions of patient {id} between 1990 and 2024"),
    ("medications", "medications of patient {id} since 1990"),
    ("labs", "lab results for patient {id} since 2005"),
];
const FORMATS: [&str; 2] = ["pdf", "csv"];
const ADMIN: &str = "demo-admin";

/// People by their number of records, most first (the same query on PostgreSQL and MariaDB).
const PEOPLE_BY_RECORDS: &str = "SELECT p.person_id, COUNT(r.person_id) AS records FROM person p LEFT JOIN (\
     SELECT person_id FROM visit_occurrence UNION ALL SELECT person_id FROM condition_occurrence \
     UNION ALL SELECT person_id FROM drug_exposure UNION ALL SELECT person_id FROM measurement) r \
     ON r.person_id = p.person_id GROUP BY p.person_id ORDER BY records DESC, p.person_id";

/// The FHIR collections whose documents name a patient (`patient_id`).
const FHIR_RECORDS: [&str; 5] = ["encounters", "conditions", "observations", "medications", "procedures"];

/// The section's knobs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Rounds over every patient, request and format.
    pub rounds: usize,
    /// Patients a database.
    pub patients: usize,
    /// Longest wait for one report.
    pub timeout: Duration,
    pub no_build: bool,
}

/// A client database the reports run on.
struct Database {
    label: &'static str,
    dialect: &'static str,
    connection_id: String,
    patients: Vec<(String, u64)>,
    schema_ms: f64,
    schema: Option<DatabaseSchema>,
}

/// One report made.
struct Made {
    database: &'static str,
    kind: &'static str,
    format: &'static str,
    ms: f64,
    rows: u64,
    truncated: bool,
    bytes: usize,
    report_id: String,
}

/// The runtime's own split of one report (`report made`), in ms.
#[derive(Debug, Clone, Copy, Default)]
struct Stages {
    planned: f64,
    query: f64,
    written: f64,
}

/// The section's tables, run against `binary`.
pub async fn run(binary: &Path, workspace: &Path, options: Options) -> anyhow::Result<String> {
    let mut sets = vec![validation::corpus_set(workspace)?];
    let dbs = tokio::task::spawn_blocking(client_dbs::require).await?;
    let mut out = String::new();
    match dbs {
        Some(dbs) => {
            let (table, report_queries) = end_to_end(binary, workspace, dbs, options).await?;
            out.push_str(&table);
            sets.extend(report_queries);
        }
        None => out.push_str("PHI reports NL -> file: not measured — the client databases are not loaded (scripts/client-dbs.sh says why above)\n"),
    }
    eprintln!("reports: validation time per query (release build)…");
    out.push('\n');
    out.push_str(&validation::measure(workspace, options.no_build, &sets)?);
    Ok(out)
}

/// The NL → file table, and the planner's queries of this run as a set for the validator.
async fn end_to_end(binary: &Path, workspace: &Path, dbs: &client_dbs::ClientDbs, options: Options) -> anyhow::Result<(String, Option<validation::QuerySet>)> {
    eprintln!("reports: starting mediclear-local --demo…");
    let system = OfflineSystem::start(binary, workspace).await?;
    let client = Client::new(&system.url);
    let token = client.token(ADMIN, DEMO_PASSWORD).await?;
    let machine = crate::report::machine();
    let mut notes = Vec::new();

    let mut databases = Vec::new();
    for (label, (host, port)) in [("PostgreSQL", POSTGRES), ("MySQL", MARIADB)] {
        let patients = sql_patients(label, host, port, options.patients).await.with_context(|| format!("ranking the people of {label}"))?;
        let body = json!({"connection_name": format!("bench {label}"), "org_id": "ORG-001", "database_type": label, "host": host, "port": port,
                          "database_name": DATABASE, "username": READER.0, "password": READER.1});
        databases.push(register(&client, &token, label, if label == "MySQL" { "mysql" } else { "postgres" }, &body, patients).await?);
    }
    match tokio::task::spawn_blocking(client_dbs::mongo).await? {
        Some(peer) => {
            let patients = fhir_patients(&dbs.mongo_data(), options.patients)?;
            let body = json!({"connection_name": "bench MongoDB", "org_id": "ORG-001", "database_type": "MongoDB", "host": "127.0.0.1", "port": peer.port, "database_name": MONGO_DATABASE});
            databases.push(register(&client, &token, "MongoDB", "mongodb", &body, patients).await?);
        }
        None => notes.push("MongoDB: not measured — the nx-27017 peer could not be started (see above)".to_string()),
    }

    // One unmeasured report a database: first use of each path in the runtime.
    for database in &databases {
        let (patient, _) = database.patients.first().ok_or_else(|| anyhow!("{} has no people", database.label))?;
        make(&client, &token, &system.url, database, REQUESTS[0], patient, "pdf", options.timeout)
            .await
            .with_context(|| format!("the warm-up report on {}", database.label))?;
    }
    let total = options.rounds * databases.iter().map(|d| d.patients.len()).sum::<usize>() * REQUESTS.len() * FORMATS.len();
    eprintln!("reports: {total} reports ({} round(s), {} databases)…", options.rounds, databases.len());
    let mut made = Vec::new();
    let mut problems: BTreeMap<String, usize> = BTreeMap::new();
    let most_patients = databases.iter().map(|d| d.patients.len()).max().unwrap_or(0);
    for _ in 0..options.rounds {
        for index in 0..most_patients {
            for request in REQUESTS {
                for format in FORMATS {
                    for database in &databases {
                        let Some((patient, _)) = database.patients.get(index) else { continue };
                        match make(&client, &token, &system.url, database, request, patient, format, options.timeout).await {
                            Ok(report) => made.push(report),
                            Err(e) => *problems.entry(format!("{} {} {format}: {e:#}", database.label, request.0)).or_default() += 1,
                        }
                    }
                }
            }
        }
    }
    let stages = read_stages(&system.data_dir().join("mediclear-local.log"));
    if stages.is_empty() {
        notes.push("where the time goes: no `report made` line in the runtime's log (RUST_LOG set? it then logs to stderr)".into());
    }
    let query_set = report_query_set(&client, &token, &databases).await?;

    let mut out = format!(
        "PHI reports offline, NL -> file (POST /api/v1/reports -> 201 with the link: offline planner, validator, query run live, summary, file written, stored, \
         link signed), {} round(s) over {} patients a database, after one unmeasured report each; mediclear-local --demo (profile local), {machine}\n",
        options.rounds, options.patients
    );
    out.push_str(&kind_table(&made));
    out.push_str(&stage_table(&made, &stages));
    out.push_str(&sizes(&made));
    for database in &databases {
        let people: Vec<String> = database.patients.iter().map(|(id, records)| format!("{id} ({records})")).collect();
        out.push_str(&format!(
            "{} patients (records): {}; schema extraction (GET …/schema, once, not counted): {:.0} ms\n",
            database.label,
            people.join(", "),
            database.schema_ms
        ));
    }
    out.push_str(&format!(
        "(start-up with the demo seed, not counted: {:.1} s; the runtime opens a new database connection for every report, as a Lambda does)\n",
        system.start_ms / 1000.0
    ));
    for (problem, count) in &problems {
        out.push_str(&format!("ERROR ×{count} {problem}\n"));
    }
    for note in notes {
        out.push_str(&format!("note: {note}\n"));
    }
    Ok((out, query_set))
}

/// Registers a connection and extracts its schema (timed, not counted).
async fn register(client: &Client, token: &str, label: &'static str, dialect: &'static str, body: &Value, patients: Vec<(String, u64)>) -> anyhow::Result<Database> {
    let created = client.post("/api/v1/connections", Some(token), body).await?;
    if created.status.as_u16() != 201 {
        bail!("registering {label}: {} {}", created.status, created.body["error"]["code"]);
    }
    let connection_id = created.body["data"]["connection_id"].as_str().ok_or_else(|| anyhow!("no connection_id for {label}"))?.to_string();
    let started = Instant::now();
    let schema = client.get(&format!("/api/v1/connections/{connection_id}/schema"), Some(token)).await?;
    let schema_ms = started.elapsed().as_secs_f64() * 1000.0;
    if schema.status.as_u16() != 200 {
        bail!("the schema of {label}: {} {}", schema.status, schema.body["error"]["code"]);
    }
    let schema = serde_json::from_value(schema.body["data"].clone()).ok();
    Ok(Database { label, dialect, connection_id, patients, schema_ms, schema })
}

/// `count` people of a SQL database at evenly spaced ranks by their number of records, read
/// directly with the read-only login through the server's own client (`psql`, `mariadb`: what
/// `scripts/client-dbs.sh` loads the data with), so the product is not asked about itself.
async fn sql_patients(label: &str, host: &str, port: u16, count: usize) -> anyhow::Result<Vec<(String, u64)>> {
    let mut command = if label == "PostgreSQL" {
        let mut psql = std::process::Command::new("psql");
        psql.args(["-X", "-A", "-t", "-F", "\t", "-h", host, "-p", &port.to_string(), "-U", READER.0, "-d", DATABASE, "-c", PEOPLE_BY_RECORDS])
            .env("PGPASSWORD", READER.1);
        psql
    } else {
        let client = if which("mariadb") { "mariadb" } else { "mysql" };
        let mut mariadb = std::process::Command::new(client);
        mariadb
            .args(["--batch", "--skip-column-names", "-h", host, "-P", &port.to_string(), "-u", READER.0, DATABASE, "-e", PEOPLE_BY_RECORDS])
            .env("MYSQL_PWD", READER.1);
        mariadb
    };
    command.stdin(std::process::Stdio::null());
    let output = tokio::task::spawn_blocking(move || command.output()).await?.context("running the database's client (psql / mariadb)")?;
    if !output.status.success() {
        bail!("{label}'s client failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    let ranked: Vec<(String, u64)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter_map(|(id, records)| Some((id.trim().to_string(), records.trim().parse().ok()?)))
        .collect();
    if ranked.is_empty() {
        bail!("{label}: the person table is empty");
    }
    Ok(evenly_spaced(ranked, count))
}

/// Whether `program` is on the PATH.
fn which(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The same over the FHIR documents the peer was loaded with.
fn fhir_patients(data: &Path, count: usize) -> anyhow::Result<Vec<(String, u64)>> {
    let read = |name: &str| -> anyhow::Result<Vec<Value>> {
        let path = data.join(format!("{name}.json"));
        serde_json::from_str(&std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?)
            .with_context(|| format!("{} is not a JSON array", path.display()))
    };
    let mut records: BTreeMap<String, u64> = read("patients")?.iter().filter_map(|p| p["patient_id"].as_str()).map(|id| (id.to_string(), 0)).collect();
    for collection in FHIR_RECORDS {
        for document in read(collection)? {
            if let Some(n) = document["patient_id"].as_str().and_then(|id| records.get_mut(id)) {
                *n += 1;
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = records.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(evenly_spaced(ranked, count))
}

/// `count` entries at ranks 0, k, 2k, … (k = len / count) of a ranking.
fn evenly_spaced<T: Clone>(ranked: Vec<T>, count: usize) -> Vec<T> {
    let count = count.min(ranked.len());
    (0..count).map(|i| ranked[i * ranked.len() / count].clone()).collect()
}

/// One report, timed to its `201`; then its file fetched (not timed) for its size.
#[allow(clippy::too_many_arguments)]
async fn make(
    client: &Client,
    token: &str,
    base: &str,
    database: &Database,
    request: (&'static str, &str),
    patient: &str,
    format: &'static str,
    timeout: Duration,
) -> anyhow::Result<Made> {
    let (kind, template) = request;
    let body = json!({"connection_id": database.connection_id, "query": template.replace("{id}", patient), "format": format});
    let started = Instant::now();
    let reply =
        tokio::time::timeout(timeout, client.post("/api/v1/reports", Some(token), &body)).await.map_err(|_| anyhow!("no answer within {timeout:?} (--timeout)"))??;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if reply.status.as_u16() != 201 {
        // The code only: the message may name what was understood of the request.
        bail!("{} {}", reply.status.as_u16(), reply.body["error"]["code"].as_str().unwrap_or("?"));
    }
    let data = &reply.body["data"];
    if data["kind"] != kind {
        bail!("planned as {}, not {kind}", data["kind"]);
    }
    let link = data["download_url"].as_str().ok_or_else(|| anyhow!("no download_url"))?;
    let path = link.strip_prefix(base).ok_or_else(|| anyhow!("a link outside the runtime"))?;
    let file = client.send(Method::GET, path, None, None, vec![]).await?;
    if file.status.as_u16() != 200 || (format == "pdf" && !file.raw.starts_with(b"%PDF-")) {
        bail!("the download answered {} ({} bytes)", file.status, file.raw.len());
    }
    Ok(Made {
        database: database.label,
        kind,
        format,
        ms,
        rows: data["row_count"].as_u64().unwrap_or_default(),
        truncated: data["truncated"].as_bool().unwrap_or_default(),
        bytes: file.raw.len(),
        report_id: data["report_id"].as_str().unwrap_or_default().to_string(),
    })
}

/// `report made` lines of the runtime's log, by report id.
fn read_stages(log: &Path) -> BTreeMap<String, Stages> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut stages = BTreeMap::new();
    for line in text.lines().filter(|l| l.contains("report made")) {
        let fields: BTreeMap<&str, &str> = line.split_whitespace().filter_map(|w| w.split_once('=')).collect();
        let number = |key: &str| fields.get(key).and_then(|v| v.parse::<f64>().ok());
        if let (Some(id), Some(planned), Some(query), Some(written)) = (fields.get("report_id"), number("planned_ms"), number("query_ms"), number("written_ms")) {
            stages.insert(id.to_string(), Stages { planned, query, written });
        }
    }
    stages
}

fn summary_of(ms: impl Iterator<Item = f64>) -> Option<Summary> {
    let samples: Vec<Duration> = ms.map(|m| Duration::from_secs_f64(m.max(0.0) / 1000.0)).collect();
    summarize(&samples)
}

/// The nearest-rank median of whole numbers (rows, bytes).
fn median_u64(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    let rank = values.len().div_ceil(2);
    values.get(rank.checked_sub(1)?).copied()
}

/// Median and p95 per database, kind and format, then per database and format; the goal is
/// judged on each row's median.
fn kind_table(made: &[Made]) -> String {
    let mut out = format!(
        "{:<11} {:<12} {:<6} {:>7} {:>10} {:>8} {:>8} {:>9} {:>9} {:>10}  result (goal: median <= {} ms)\n",
        "database", "kind", "format", "reports", "median ms", "p95 ms", "max ms", "rows med", "rows max", "bytes med", TARGETS.report_ms
    );
    out.push_str(&format!("{}\n", "-".repeat(128)));
    let mut groups: Vec<(&str, &str, &str)> = Vec::new();
    for m in made {
        if !groups.contains(&(m.database, m.kind, m.format)) {
            groups.push((m.database, m.kind, m.format));
        }
    }
    let databases: Vec<&str> = groups.iter().fold(Vec::new(), |mut seen, g| {
        if !seen.contains(&g.0) {
            seen.push(g.0);
        }
        seen
    });
    let mut row = |label_kind: &str, database: &str, format: &str, reports: Vec<&Made>| {
        let Some(s) = summary_of(reports.iter().map(|m| m.ms)) else { return };
        let verdict = if s.median_ms > TARGETS.report_ms { "MISSED" } else { "ok" };
        let truncated = reports.iter().filter(|m| m.truncated).count();
        out.push_str(&format!(
            "{:<11} {:<12} {:<6} {:>7} {:>10.1} {:>8.1} {:>8.1} {:>9} {:>9} {:>10}  {verdict}{}\n",
            database,
            label_kind,
            format,
            s.runs,
            s.median_ms,
            s.p95_ms,
            s.max_ms,
            median_u64(reports.iter().map(|m| m.rows).collect()).unwrap_or_default(),
            reports.iter().map(|m| m.rows).max().unwrap_or_default(),
            median_u64(reports.iter().map(|m| m.bytes as u64).collect()).unwrap_or_default(),
            if truncated > 0 { format!(" ({truncated} cut at the row cap)") } else { String::new() }
        ));
    };
    for database in &databases {
        for &(d, kind, format) in groups.iter().filter(|g| g.0 == *database) {
            row(kind, d, format, made.iter().filter(|m| m.database == d && m.kind == kind && m.format == format).collect());
        }
        for format in FORMATS {
            row("every kind", database, format, made.iter().filter(|m| m.database == *database && m.format == format).collect());
        }
    }
    for format in FORMATS {
        row("every kind", "all", format, made.iter().filter(|m| m.format == format).collect());
    }
    out
}

/// The runtime's split of the median report per database and request kind (PDF and CSV
/// together: they differ only in the file written, which the kind table shows).
fn stage_table(made: &[Made], stages: &BTreeMap<String, Stages>) -> String {
    if stages.is_empty() {
        return String::new();
    }
    let mut out = String::from("where the time goes — medians, ms, from the runtime's `report made` line:\n");
    out.push_str(&format!(
        "{:<11} {:<12} {:>13} {:>9} {:>15} {:>25} {:>9}\n",
        "database", "kind", "plan+validate", "query", "file+store+link", "rest (HTTP, auth, unseal)", "total"
    ));
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for m in made {
        if !seen.contains(&(m.database, m.kind)) {
            seen.push((m.database, m.kind));
        }
    }
    for (database, kind) in seen {
        let split: Vec<(Stages, f64)> =
            made.iter().filter(|m| m.database == database && m.kind == kind).filter_map(|m| stages.get(&m.report_id).map(|s| (*s, m.ms))).collect();
        let median = |pick: fn(&(Stages, f64)) -> f64| summary_of(split.iter().map(pick)).map(|s| format!("{:.1}", s.median_ms)).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "{:<11} {:<12} {:>13} {:>9} {:>15} {:>25} {:>9}\n",
            database,
            kind,
            median(|(s, _)| s.planned),
            median(|(s, _)| s.query),
            median(|(s, _)| s.written),
            median(|(s, total)| total - s.planned - s.query - s.written),
            median(|(_, total)| *total)
        ));
    }
    out.push_str(
        "(PDF and CSV together; each column's own median; the runtime logs whole milliseconds, truncated: plan+validate = connection, stored schema, plan, validator; \
         query = connect, read-only transaction, rows; file+store+link = summary, PDF/CSV, stored, record, presigned link, audit)\n",
    );
    out
}

/// Sizes of the files made: PDF and CSV bytes, rows per report.
fn sizes(made: &[Made]) -> String {
    let mut out = String::new();
    for format in FORMATS {
        let files: Vec<&Made> = made.iter().filter(|m| m.format == format).collect();
        let bytes: Vec<u64> = files.iter().map(|m| m.bytes as u64).collect();
        let rows: Vec<u64> = files.iter().map(|m| m.rows).collect();
        if files.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "{} files: {} made, bytes min {} / median {} / max {}; rows per report min {} / median {} / max {}\n",
            format.to_ascii_uppercase(),
            files.len(),
            bytes.iter().min().unwrap_or(&0),
            median_u64(bytes.clone()).unwrap_or_default(),
            bytes.iter().max().unwrap_or(&0),
            rows.iter().min().unwrap_or(&0),
            median_u64(rows.clone()).unwrap_or_default(),
            rows.iter().max().unwrap_or(&0)
        ));
    }
    out
}

/// The queries the planner writes for this run's requests (`POST /api/v1/queries/generate`,
/// the first patient of each database), with the schemas the runtime stored.
async fn report_query_set(client: &Client, token: &str, databases: &[Database]) -> anyhow::Result<Option<validation::QuerySet>> {
    let mut items = Vec::new();
    let mut schemas = Vec::new();
    for database in databases {
        let (Some(schema), Some((patient, _))) = (&database.schema, database.patients.first()) else { continue };
        schemas.push(schema.clone());
        for (_, template) in REQUESTS {
            let body = json!({"connection_id": database.connection_id, "query": template.replace("{id}", patient)});
            let generated = client.post("/api/v1/queries/generate", Some(token), &body).await?;
            let data = &generated.body["data"];
            let (Some(text), 200) = (data["text"].as_str(), generated.status.as_u16()) else { continue };
            items.push(if database.dialect == "mongodb" {
                validation::Item {
                    dialect: database.dialect.into(),
                    query: None,
                    collection: data["collection"].as_str().map(str::to_string),
                    pipeline: serde_json::from_str(text).ok(),
                }
            } else {
                validation::Item { dialect: database.dialect.into(), query: Some(text.to_string()), collection: None, pipeline: None }
            });
        }
    }
    Ok((!items.is_empty()).then(|| validation::QuerySet { label: "this run's report queries".into(), schemas, items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patients_at_evenly_spaced_ranks() {
        assert_eq!(evenly_spaced((0..10).collect(), 5), [0, 2, 4, 6, 8]);
        assert_eq!(evenly_spaced((0..3).collect(), 5), [0, 1, 2]);
        assert_eq!(median_u64(vec![5, 1, 3, 2]), Some(2));
        assert_eq!(median_u64(vec![]), None);
    }
}
