//! Validation time per query: the SQL validator (`ReadOnlyQuery::parse`, the target's dialect,
//! the stored schema's catalog and patient key) and the pipeline validator
//! (`ReadOnlyPipeline::parse`), called as `shared/domain/tests/reports/sql_safety_corpus.rs`
//! calls them, on two sets:
//! - the committed corpus (`shared/domain/tests/data/sql_safety/`: `corpus.json` and
//!   `held_out.json`, unsafe and safe queries written blind to the validator) against the
//!   table names of its `schema.json` — refusals stop early, so this set shows both paths;
//! - the queries the offline planner wrote for the reports of this run (`POST
//!   /api/v1/queries/generate`), against the schemas the runtime stored for those connections:
//!   what a report pays, the patient-scope proof included.
//!
//! The figure describes compiled code, so it comes from a release build only: the harness sends
//! both sets to the release build of itself (`--sql-validator`, [`validator`]) on stdin and reads
//! the timings back. There every item is judged once unmeasured, then [`PASSES`] times (passes
//! over the whole set, so the load of the machine falls on every item alike); an item's time is
//! the median of its passes.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::pipeline_safety::ReadOnlyPipeline;
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Table, TableKind};
use mediclear_domain::reports::sql_safety::{Catalog, ReadOnlyQuery};

use crate::stats::summarize;

/// Timed passes over a set, after one unmeasured.
pub const PASSES: usize = 25;

/// Queries judged against the same schemas.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuerySet {
    pub label: String,
    /// One per database type the items name.
    pub schemas: Vec<DatabaseSchema>,
    pub items: Vec<Item>,
}

/// One query, in the corpus's shape: `dialect` `postgres`, `mysql` or `mongodb`; SQL in `query`,
/// a pipeline in `collection` and `pipeline`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    pub dialect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Value>,
}

impl Item {
    fn database_type(&self) -> DatabaseType {
        match self.dialect.as_str() {
            "postgres" => DatabaseType::PostgreSQL,
            "mysql" => DatabaseType::MySQL,
            _ => DatabaseType::MongoDB,
        }
    }

    fn language(&self) -> &'static str {
        if self.database_type() == DatabaseType::MongoDB { "MongoDB" } else { "SQL" }
    }
}

/// What the release child reports for one set.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TimedSet {
    label: String,
    items: Vec<TimedItem>,
    /// Building the catalog and finding the patient key of each schema (the handler does it per
    /// request), median nanoseconds.
    schema_preparation_ns: Vec<(DatabaseType, u64)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TimedItem {
    language: String,
    safe: bool,
    /// Median of the passes.
    ns: u64,
}

/// The corpus of `shared/domain/tests/data/sql_safety/` with its table names, as the tests read
/// it.
pub fn corpus_set(workspace: &Path) -> anyhow::Result<QuerySet> {
    let dir = workspace.join("shared/domain/tests/data/sql_safety");
    let read = |name: &str| -> anyhow::Result<Value> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
    };
    let names = read("schema.json")?;
    let tables = |key: &str, kind: TableKind| -> Vec<Table> {
        let names = names[key].as_array().map(Vec::as_slice).unwrap_or_default();
        names
            .iter()
            .filter_map(Value::as_str)
            .map(|name| Table { name: name.into(), kind, fields: vec![], row_count: None, row_count_exact: false, foreign_keys: vec![] })
            .collect()
    };
    let schema = |database_type, tables| DatabaseSchema { database_type, database_name: "eunomia".into(), tables, extracted_at: None };
    let mut items = Vec::new();
    for file in ["corpus.json", "held_out.json"] {
        let listed: Vec<Item> = serde_json::from_value(read(file)?).with_context(|| format!("reading the items of {file}"))?;
        items.extend(listed);
    }
    Ok(QuerySet {
        label: "SQL-safety corpus + held-out".into(),
        schemas: vec![
            schema(DatabaseType::PostgreSQL, tables("sql_tables", TableKind::Table)),
            schema(DatabaseType::MySQL, tables("sql_tables", TableKind::Table)),
            schema(DatabaseType::MongoDB, tables("mongo_collections", TableKind::Collection)),
        ],
        items,
    })
}

/// Runs the sets in the release build of this harness; the table, as text.
pub fn measure(workspace: &Path, no_build: bool, sets: &[QuerySet]) -> anyhow::Result<String> {
    let harness = crate::binaries::release_harness(workspace, no_build)?;
    let mut child = Command::new(&harness)
        .arg("--sql-validator")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", harness.display()))?;
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
    stdin.write_all(&serde_json::to_vec(sets)?)?;
    drop(stdin);
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("{} --sql-validator failed ({})", harness.display(), output.status);
    }
    let mut timed: Vec<TimedSet> = serde_json::from_slice(&output.stdout).context("reading the validator's timings")?;
    // Preparing a schema of names only (the corpus's) says nothing about a request's cost.
    for (timed, set) in timed.iter_mut().zip(sets) {
        if set.schemas.iter().all(|schema| schema.tables.iter().all(|table| table.fields.is_empty())) {
            timed.schema_preparation_ns.clear();
        }
    }
    Ok(table(&timed))
}

fn micros(ns: &[u64]) -> Option<crate::stats::Summary> {
    let samples: Vec<Duration> = ns.iter().map(|&n| Duration::from_nanos(n)).collect();
    summarize(&samples)
}

fn table(sets: &[TimedSet]) -> String {
    let mut out = format!("validation time per query — release build, each item's median of {PASSES} passes after one unmeasured; {}\n", crate::report::machine());
    out.push_str(&format!(
        "{:<32} {:<8} {:>6} {:>5} {:>8} {:>10} {:>8} {:>8} {:>12} {:>15}\n",
        "set", "language", "items", "safe", "refused", "median µs", "p95 µs", "max µs", "safe med µs", "refused med µs"
    ));
    out.push_str(&format!("{}\n", "-".repeat(128)));
    let us = |summary: Option<crate::stats::Summary>, pick: fn(&crate::stats::Summary) -> f64| {
        summary.map(|s| format!("{:.1}", 1000.0 * pick(&s))).unwrap_or_else(|| "-".into())
    };
    for set in sets {
        for language in ["SQL", "MongoDB"] {
            let items: Vec<&TimedItem> = set.items.iter().filter(|i| i.language == language).collect();
            if items.is_empty() {
                continue;
            }
            let all: Vec<u64> = items.iter().map(|i| i.ns).collect();
            let safe: Vec<u64> = items.iter().filter(|i| i.safe).map(|i| i.ns).collect();
            let refused: Vec<u64> = items.iter().filter(|i| !i.safe).map(|i| i.ns).collect();
            let summary = micros(&all);
            out.push_str(&format!(
                "{:<32} {:<8} {:>6} {:>5} {:>8} {:>10} {:>8} {:>8} {:>12} {:>15}\n",
                set.label,
                language,
                items.len(),
                safe.len(),
                refused.len(),
                us(summary, |s| s.median_ms),
                us(summary, |s| s.p95_ms),
                us(summary, |s| s.max_ms),
                us(micros(&safe), |s| s.median_ms),
                us(micros(&refused), |s| s.median_ms)
            ));
        }
        if !set.schema_preparation_ns.is_empty() {
            let prepared: Vec<String> = set.schema_preparation_ns.iter().map(|(t, ns)| format!("{} {:.1} µs", t.as_str(), *ns as f64 / 1000.0)).collect();
            out.push_str(&format!("  + catalog and patient key from the stored schema, once a request ({}): {}\n", set.label, prepared.join(", ")));
        }
    }
    out.push_str(
        "(µs: ReadOnlyQuery::parse / ReadOnlyPipeline::parse — parse in the dialect, every rule, the rendering parsed back, the patient-scope proof; \
         p95 by nearest rank over the items)\n",
    );
    out
}

/// `--sql-validator`: the release child. Reads the sets (JSON) on stdin, prints their timings.
pub fn validator() -> anyhow::Result<()> {
    let sets: Vec<QuerySet> = serde_json::from_reader(std::io::stdin().lock()).context("reading the query sets on stdin")?;
    let timed: Vec<TimedSet> = sets.iter().map(|set| time_set(set, PASSES)).collect::<anyhow::Result<_>>()?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &timed)?;
    writeln!(stdout)?;
    Ok(())
}

/// What one item is judged against.
struct Judge<'a> {
    schema: &'a DatabaseSchema,
    catalog: Catalog,
    key: Option<mediclear_domain::reports::patient_key::PatientKey>,
}

impl Judge<'_> {
    /// Whether the item is safe; the validators' whole work either way.
    fn safe(&self, item: &Item) -> bool {
        match (item.database_type().sql_dialect(), &item.query, &item.collection, &item.pipeline) {
            (Some(dialect), Some(sql), _, _) => std::hint::black_box(ReadOnlyQuery::parse(sql, dialect, &self.catalog, self.key.as_ref())).is_ok(),
            (None, _, Some(collection), Some(pipeline)) => std::hint::black_box(ReadOnlyPipeline::parse(collection, pipeline, self.schema, self.key.as_ref())).is_ok(),
            _ => false,
        }
    }
}

fn time_set(set: &QuerySet, passes: usize) -> anyhow::Result<TimedSet> {
    let judges: Vec<Judge> = set.schemas.iter().map(|schema| Judge { schema, catalog: Catalog::of(schema), key: discover(schema, None) }).collect();
    let judge_of =
        |item: &Item| judges.iter().find(|j| j.schema.database_type == item.database_type()).ok_or_else(|| anyhow!("set {:?} has no {} schema", set.label, item.dialect));
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(passes); set.items.len()];
    let mut safe = Vec::with_capacity(set.items.len());
    for item in &set.items {
        safe.push(judge_of(item)?.safe(item));
    }
    for _ in 0..passes {
        for (item, times) in set.items.iter().zip(&mut samples) {
            let judge = judge_of(item)?;
            let started = Instant::now();
            judge.safe(item);
            times.push(started.elapsed());
        }
    }
    let items =
        set.items.iter().zip(&samples).zip(&safe).map(|((item, times), &safe)| TimedItem { language: item.language().into(), safe, ns: median_ns(times) }).collect();
    let schema_preparation_ns = set
        .schemas
        .iter()
        .map(|schema| {
            let times: Vec<Duration> = (0..passes)
                .map(|_| {
                    let started = Instant::now();
                    std::hint::black_box((Catalog::of(schema), discover(schema, None)));
                    started.elapsed()
                })
                .collect();
            (schema.database_type, median_ns(&times))
        })
        .collect();
    Ok(TimedSet { label: set.label.clone(), items, schema_preparation_ns })
}

fn median_ns(times: &[Duration]) -> u64 {
    summarize(times).map(|s| (s.median_ms * 1_000_000.0) as u64).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_corpus_is_read_and_judged_both_ways() {
        let set = corpus_set(&crate::binaries::workspace_root()).unwrap();
        assert_eq!(set.schemas.len(), 3);
        assert!(set.items.len() >= 500, "{} items", set.items.len());
        let timed = time_set(&set, 1).unwrap();
        assert_eq!(timed.items.len(), set.items.len());
        for language in ["SQL", "MongoDB"] {
            let items: Vec<&TimedItem> = timed.items.iter().filter(|i| i.language == language).collect();
            assert!(items.iter().any(|i| i.safe) && items.iter().any(|i| !i.safe), "{language}: both verdicts");
        }
        assert!(table(&[timed]).contains("SQL-safety corpus"));
    }
}
