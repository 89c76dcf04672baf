//! The validators on the labelled corpus (`tests/data/sql_safety/`, written blind to them; see
//! `tools/sql-corpus/README.md`) and on sqlmap's payloads spliced into a report query at test
//! time (sqlmap is GPL: fetched by `tools/sql-corpus/fetch-sqlmap.sh`, never committed).
//!
//! What must hold: every unsafe item is refused and every safe item passes. The one tolerated
//! disagreement is an item labelled `PARSE_ERROR` because the *server's* grammar rejects it
//! (`SELECT TOP 10` on PostgreSQL) while the parser accepts it: harmless — the server refuses
//! it at execution — and counted apart.

use std::path::PathBuf;
use std::process::Command;

use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::pipeline_safety::ReadOnlyPipeline;
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, SqlDialect, Table, TableKind};
use mediclear_domain::reports::sql_safety::{Catalog, ReadOnlyQuery, Reason};
use serde_json::Value;

fn schema(database_type: DatabaseType, names: &[Value]) -> DatabaseSchema {
    DatabaseSchema {
        database_type,
        database_name: "eunomia".into(),
        tables: names
            .iter()
            .map(|n| Table { name: n.as_str().unwrap().into(), kind: if database_type == DatabaseType::MongoDB { TableKind::Collection } else { TableKind::Table }, fields: vec![], row_count: None, row_count_exact: false, foreign_keys: vec![] })
            .collect(),
        extracted_at: None,
    }
}

struct Judge {
    postgres: DatabaseSchema,
    mysql: DatabaseSchema,
    mongo: DatabaseSchema,
}

impl Judge {
    fn new() -> Judge {
        let names: Value = serde_json::from_str(include_str!("../data/sql_safety/schema.json")).unwrap();
        let sql = names["sql_tables"].as_array().unwrap();
        Judge { postgres: schema(DatabaseType::PostgreSQL, sql), mysql: schema(DatabaseType::MySQL, sql), mongo: schema(DatabaseType::MongoDB, names["mongo_collections"].as_array().unwrap()) }
    }

    fn judge(&self, item: &Value) -> Result<(), Vec<Reason>> {
        match item["dialect"].as_str().unwrap() {
            "mongodb" => ReadOnlyPipeline::parse(item["collection"].as_str().unwrap_or_default(), &item["pipeline"], &self.mongo, discover(&self.mongo, None).as_ref()).map(drop),
            dialect => {
                let (dialect, schema) = if dialect == "postgres" { (SqlDialect::Postgres, &self.postgres) } else { (SqlDialect::MySql, &self.mysql) };
                ReadOnlyQuery::parse(item["query"].as_str().unwrap(), dialect, &Catalog::of(schema), None).map(drop)
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    unsafe_total: usize,
    refused: usize,
    code_agrees: usize,
    lenient_parse: Vec<String>,
    passed_unsafe: Vec<String>,
    safe_total: usize,
    accepted: usize,
    refused_safe: Vec<String>,
}

fn tally(judge: &Judge, items: &[Value]) -> Tally {
    let mut t = Tally::default();
    for item in items {
        let id = item["id"].as_str().unwrap().to_string();
        let verdict = judge.judge(item);
        if item["expected"] == "safe" {
            t.safe_total += 1;
            match verdict {
                Ok(()) => t.accepted += 1,
                Err(reasons) => t.refused_safe.push(format!("{id}: {}", reasons[0].code)),
            }
            continue;
        }
        t.unsafe_total += 1;
        let acceptable: Vec<&str> = item["acceptable_codes"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        match verdict {
            Err(reasons) => {
                t.refused += 1;
                let expected = item["code"].as_str().unwrap_or_default();
                if reasons.iter().any(|r| r.code == expected || acceptable.contains(&r.code)) {
                    t.code_agrees += 1;
                }
            }
            Ok(()) if item["code"] == "PARSE_ERROR" => t.lenient_parse.push(id),
            Ok(()) => t.passed_unsafe.push(id),
        }
    }
    t
}

#[test]
fn every_unsafe_query_of_the_corpus_is_refused_and_every_safe_one_passes() {
    let items: Vec<Value> = serde_json::from_str(include_str!("../data/sql_safety/corpus.json")).unwrap();
    let t = tally(&Judge::new(), &items);
    println!(
        "sql safety corpus: unsafe refused {}/{} (reason code agrees {}), parser-lenient PARSE_ERROR items {}; safe accepted {}/{}",
        t.refused,
        t.unsafe_total,
        t.code_agrees,
        t.lenient_parse.len(),
        t.accepted,
        t.safe_total
    );
    assert!(t.unsafe_total >= 100 && t.safe_total >= 30, "the corpus shrank");
    assert!(t.passed_unsafe.is_empty(), "unsafe queries passed: {:?}", t.passed_unsafe);
    assert!(t.refused_safe.is_empty(), "safe queries refused: {:?}", t.refused_safe);
}

#[test]
fn sqlmap_payloads_spliced_into_a_report_query_are_refused() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fetched = Command::new(root.join("tools/sql-corpus/fetch-sqlmap.sh")).output();
    let Some(dir) = fetched.ok().filter(|o| o.status.success()).and_then(|o| String::from_utf8(o.stdout).ok()).and_then(|s| s.lines().last().map(str::to_string)) else {
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true" || v == "1"), "sqlmap could not be fetched in CI");
        eprintln!("skipping: sqlmap could not be fetched (tools/sql-corpus/fetch-sqlmap.sh)");
        return;
    };
    let spliced = Command::new("python3").arg(root.join("tools/sql-corpus/splice_sqlmap.py")).arg(&dir).output().expect("python3 runs the splicer");
    assert!(spliced.status.success(), "{}", String::from_utf8_lossy(&spliced.stderr));
    let items: Vec<Value> = String::from_utf8(spliced.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let t = tally(&Judge::new(), &items);
    println!("sqlmap payloads: refused {}/{} (reason code acceptable {})", t.refused, t.unsafe_total, t.code_agrees);
    assert!(t.unsafe_total >= 150, "too few payloads spliced: {}", t.unsafe_total);
    assert!(t.passed_unsafe.is_empty() && t.lenient_parse.is_empty(), "payloads passed: {:?} {:?}", t.passed_unsafe, t.lenient_parse);
}

/// A second set written blind after the validator was built (`held_out.json`): the reported
/// figures are its first run (91/93 unsafe refused, 88 with the labelled code; 25/25 safe
/// accepted). The two it passed — `eunomia.person` on PostgreSQL, `public.person` on MySQL, a
/// qualifier naming another schema or database — showed a real gap, since fixed: each dialect now
/// has its own default schema. The floors sit under the first run.
#[test]
fn held_out_queries_written_after_the_validator() {
    let items: Vec<Value> = serde_json::from_str(include_str!("../data/sql_safety/held_out.json")).unwrap();
    let t = tally(&Judge::new(), &items);
    println!(
        "sql safety held-out: unsafe refused {}/{} (reason code agrees {}), parser-lenient PARSE_ERROR items {}; safe accepted {}/{}; unsafe passed: {:?}; safe refused: {:?}",
        t.refused,
        t.unsafe_total,
        t.code_agrees,
        t.lenient_parse.len(),
        t.accepted,
        t.safe_total,
        t.passed_unsafe,
        t.refused_safe
    );
    assert!(t.unsafe_total >= 50 && t.safe_total >= 20, "the set shrank");
    assert!(t.refused * 100 >= t.unsafe_total * 90, "fewer than 90 % of unsafe queries refused");
    assert!(t.accepted * 100 >= t.safe_total * 90, "fewer than 90 % of safe queries accepted");
}
