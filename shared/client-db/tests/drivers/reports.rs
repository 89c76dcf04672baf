use std::time::Duration;

use chrono::NaiveDate;
use mediclear_client_db::Drivers;
use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::planner::sql::plan;
use mediclear_domain::reports::request::understand;
use mediclear_domain::reports::rows::ResultSet;
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType};
use mediclear_domain::reports::sql_safety::{Catalog, ReadOnlyQuery};
use mediclear_ports::client_databases::{ClientDatabases, Limits, RunnableQuery, Target};
use mediclear_testkit::client_dbs::require;
use tokio::sync::OnceCell;

use crate::{BOTH, reader};

const AS_OF: (i32, u32, u32) = (2025, 12, 31);

async fn schema(database_type: DatabaseType) -> &'static DatabaseSchema {
    static PG: OnceCell<DatabaseSchema> = OnceCell::const_new();
    static MY: OnceCell<DatabaseSchema> = OnceCell::const_new();
    let cell = if database_type == DatabaseType::PostgreSQL { &PG } else { &MY };
    cell.get_or_init(|| async { Drivers.schema(&reader(database_type), Limits::default()).await.unwrap() }).await
}

/// Plans `request` from English, validates it like any query, runs it.
async fn report(database_type: DatabaseType, request: &str) -> ResultSet {
    let schema = schema(database_type).await;
    let key = discover(schema, None).unwrap();
    let dialect = database_type.sql_dialect().unwrap();
    let request = understand(request, NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()).unwrap();
    let planned = plan(&request, schema, &key, dialect).unwrap();
    let query = ReadOnlyQuery::parse(&planned.text, dialect, &Catalog::of(schema), Some(&key)).unwrap_or_else(|r| panic!("{r:?}: {}", planned.text));
    assert!(query.patient_scoped(), "{}", planned.text);
    let limits = Limits::default();
    let runnable = RunnableQuery::Sql { text: query.render_capped(limits.row_cap + 1), parameters: planned.parameters };
    Drivers.run(&reader(database_type), &runnable, limits).await.unwrap_or_else(|e| panic!("{database_type:?}: {e}"))
}

/// A count by SQL written here, not by the planner.
async fn count(database_type: DatabaseType, sql: &str) -> usize {
    let result = Drivers.run(&reader(database_type), &RunnableQuery::Sql { text: sql.into(), parameters: vec![] }, Limits::default()).await.unwrap();
    result.rows[0][0].as_number().unwrap() as usize
}

#[tokio::test]
async fn every_report_kind_returns_the_rows_direct_sql_counts() {
    if require().is_none() {
        return;
    }
    for database_type in BOTH {
        let cases: [(&str, &str); 7] = [
            ("Show me patient 672's details", "SELECT COUNT(*) FROM person WHERE person_id = 672"),
            ("visits of patient 3950", "SELECT COUNT(*) FROM visit_occurrence WHERE person_id = 3950"),
            ("diagnoses for patient 3647 since 2010", "SELECT COUNT(*) FROM condition_occurrence WHERE person_id = 3647 AND condition_start_date >= '2010-01-01'"),
            ("medications of patient 672 in the last 20 years", "SELECT COUNT(*) FROM drug_exposure WHERE person_id = 672 AND drug_exposure_start_date >= '2005-12-31' AND drug_exposure_start_date <= '2025-12-31'"),
            (
                "HbA1c for patient 3647 since 2023",
                "SELECT COUNT(*) FROM measurement m JOIN concept c ON c.concept_id = m.measurement_concept_id WHERE m.person_id = 3647 AND m.measurement_date >= '2023-01-01' AND LOWER(c.concept_name) LIKE '%a1c%'",
            ),
            ("procedures for patient 4153 before 2015", "SELECT COUNT(*) FROM procedure_occurrence WHERE person_id = 4153 AND procedure_date <= '2014-12-31'"),
            ("labs for patient 3950 between January 2024 and June 2024", "SELECT COUNT(*) FROM measurement WHERE person_id = 3950 AND measurement_date BETWEEN '2024-01-01' AND '2024-06-30'"),
        ];
        for (request, direct) in cases {
            let rows = report(database_type, request).await;
            let expected = count(database_type, direct).await;
            assert!(expected > 0, "{request}: the fixture should have rows");
            assert_eq!(rows.rows.len(), expected, "{database_type:?}: {request}");
            assert!(!rows.truncated);
        }

        let summary = report(database_type, "summary report for patient 3950 since 2015").await;
        let mut expected = 0;
        for (table, date) in [
            ("visit_occurrence", "visit_start_date"),
            ("condition_occurrence", "condition_start_date"),
            ("drug_exposure", "drug_exposure_start_date"),
            ("measurement", "measurement_date"),
            ("procedure_occurrence", "procedure_date"),
        ] {
            expected += count(database_type, &format!("SELECT COUNT(*) FROM {table} WHERE person_id = 3950 AND {date} >= '2015-01-01'")).await;
        }
        assert_eq!(summary.rows.len(), expected, "{database_type:?} summary");
        assert_eq!(summary.columns, ["category", "event_date", "description", "code", "value", "unit"]);
        let dates: Vec<_> = summary.rows.iter().filter_map(|r| r[1].as_date()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
        let a1c = summary.rows.iter().find(|r| r[2].display().contains("A1c")).expect("the HbA1c series is in the summary");
        assert!(a1c[4].as_number().is_some_and(|v| v > 3.0 && v < 15.0), "{a1c:?}");
    }
}

#[tokio::test]
async fn the_row_cap_cuts_and_says_so() {
    if require().is_none() {
        return;
    }
    for database_type in BOTH {
        let limits = Limits { row_cap: 10, ..Limits::default() };
        let runnable = RunnableQuery::Sql { text: "SELECT person_id FROM condition_occurrence LIMIT 11".into(), parameters: vec![] };
        let rows = Drivers.run(&reader(database_type), &runnable, limits).await.unwrap();
        assert_eq!(rows.rows.len(), 10);
        assert!(rows.truncated);
    }
}

#[tokio::test]
async fn a_query_that_sleeps_past_the_timeout_is_cancelled_with_a_clear_error() {
    if require().is_none() {
        return;
    }
    let limits = Limits { statement_timeout: Duration::from_millis(300), ..Limits::default() };
    for (database_type, sleep) in [(DatabaseType::PostgreSQL, "SELECT pg_sleep(5)"), (DatabaseType::MySQL, "SELECT SLEEP(5) FROM person LIMIT 1")] {
        let started = std::time::Instant::now();
        let error = Drivers.run(&reader(database_type), &RunnableQuery::Sql { text: sleep.into(), parameters: vec![] }, limits).await.unwrap_err();
        assert_eq!(error.code(), "STATEMENT_TIMEOUT", "{database_type:?}");
        assert!(started.elapsed() < Duration::from_secs(4), "{database_type:?} was not cut short");
    }
}

/// The validator refuses writes; if one ever got past it, the read-only transaction refuses it
/// too — shown here by handing the executor a write as a user who could otherwise make it.
#[tokio::test]
async fn a_write_that_reached_the_executor_is_refused_by_the_read_only_transaction() {
    if require().is_none() {
        return;
    }
    // PostgreSQL: the superuser, on a scratch table in `test`.
    let (client, connection) = tokio_postgres::connect("host=127.0.0.1 port=5432 user=postgres dbname=test", tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute("CREATE TABLE IF NOT EXISTS mediclear_read_only_probe (id int)").await.unwrap();
    let owner = Target { database_type: DatabaseType::PostgreSQL, host: "127.0.0.1".into(), port: 5432, database_name: "test".into(), username: "postgres".into(), password: String::new(), tls: false };
    let write = RunnableQuery::Sql { text: "INSERT INTO mediclear_read_only_probe VALUES (1)".into(), parameters: vec![] };
    assert_eq!(Drivers.run(&owner, &write, Limits::default()).await.unwrap_err().code(), "READ_ONLY_VIOLATION");
    let rows = client.query_one("SELECT COUNT(*) FROM mediclear_read_only_probe", &[]).await.unwrap();
    assert_eq!(rows.get::<_, i64>(0), 0);

    // MariaDB: root, on a scratch table in `test`.
    use mysql_async::prelude::Queryable;
    let mut conn = mysql_async::Conn::from_url("mysql://root@127.0.0.1:3306/test").await.unwrap();
    conn.query_drop("CREATE TABLE IF NOT EXISTS mediclear_read_only_probe (id int)").await.unwrap();
    let root = Target { database_type: DatabaseType::MySQL, port: 3306, username: "root".into(), ..owner };
    assert_eq!(Drivers.run(&root, &write, Limits::default()).await.unwrap_err().code(), "READ_ONLY_VIOLATION");
    let left: Option<u64> = conn.query_first("SELECT COUNT(*) FROM mediclear_read_only_probe").await.unwrap();
    assert_eq!(left, Some(0));
}
