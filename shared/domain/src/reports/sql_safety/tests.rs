//! The rules one by one; the labelled corpus (`tests/sql_safety.rs`) measures them as a whole.

use super::*;
use crate::reports::patient_key::{discover, tests::omop};

fn check(sql: &str, dialect: SqlDialect) -> Result<ReadOnlyQuery, Vec<Reason>> {
    let mut schema = omop();
    if dialect == SqlDialect::MySql {
        schema.database_type = crate::reports::schema::DatabaseType::MySQL;
    }
    let key = discover(&schema, None).unwrap();
    ReadOnlyQuery::parse(sql, dialect, &Catalog::of(&schema), Some(&key))
}

fn code(sql: &str, dialect: SqlDialect) -> &'static str {
    match check(sql, dialect) {
        Ok(_) => "SAFE",
        Err(reasons) => reasons[0].code,
    }
}

#[test]
fn peers_blind_spots_are_refused() {
    use SqlDialect::*;
    assert_eq!(code("WITH d AS (DELETE FROM person RETURNING *) SELECT * FROM d", Postgres), "DATA_MODIFYING_CTE");
    assert_eq!(code("SELECT * INTO stolen FROM person", Postgres), "SELECT_INTO");
    assert_eq!(code("SELECT person_id FROM person WHERE person_id = 1 AND pg_sleep(10) IS NOT NULL", Postgres), "DENIED_FUNCTION");
    assert_eq!(code("SELECT lo_export(12345, '/tmp/x')", Postgres), "DENIED_FUNCTION");
    assert_eq!(code("SELECT PG_CATALOG.Pg_SlEeP(5)", Postgres), "DENIED_FUNCTION");
    assert_eq!(code("SELECT * FROM person INTO OUTFILE '/tmp/p.csv'", MySql), "SELECT_INTO");
    assert_eq!(code("SELECT 1 /*!50000 UNION SELECT user FROM mysql.user */", MySql), "EXECUTABLE_COMMENT");
    assert_eq!(code("SELECT 1; DROP TABLE person", Postgres), "MULTIPLE_STATEMENTS");
    assert_eq!(code("DELETE FROM person", MySql), "NOT_A_QUERY");
    assert_eq!(code("SELECT * FROM person FOR UPDATE", Postgres), "LOCKING_CLAUSE");
    assert_eq!(code("SELECT * FROM person LOCK IN SHARE MODE", MySql), "LOCKING_CLAUSE");
    assert_eq!(code("SELECT usename FROM pg_user", Postgres), "SYSTEM_CATALOG");
    assert_eq!(code("SELECT table_name FROM information_schema.tables", MySql), "SYSTEM_CATALOG");
    assert_eq!(code("SELECT * FROM \"pg_catalog\".\"pg_authid\"", Postgres), "SYSTEM_CATALOG");
    assert_eq!(code("SELECT * FROM patients_backup", Postgres), "UNKNOWN_TABLE");
    assert_eq!(code("SELECT * FROM pg_ls_dir('/etc')", Postgres), "DENIED_FUNCTION");
    assert_eq!(code("SELECT query_to_xml('delete from person', true, true, '')", Postgres), "DENIED_FUNCTION");
    assert_eq!(code("SELECT BENCHMARK(10000000, MD5('x'))", MySql), "DENIED_FUNCTION");
    assert_eq!(code("SELECT * FROM person WHERE person_id = 1 HAVING SLEEP(5)", MySql), "DENIED_FUNCTION");
    assert_eq!(code("SELECT 'abc", Postgres), "PARSE_ERROR");
    assert_eq!(code("", Postgres), "PARSE_ERROR");
}

#[test]
fn report_queries_pass_and_text_that_only_mentions_danger_is_text() {
    use SqlDialect::*;
    for (sql, dialect) in [
        ("SELECT v.visit_start_date, c.concept_name FROM visit_occurrence v LEFT JOIN concept c ON c.concept_id = v.visit_concept_id WHERE v.person_id = $1 AND v.visit_start_date >= $2 ORDER BY v.visit_start_date DESC", Postgres),
        ("WITH recent AS (SELECT * FROM measurement WHERE person_id = ?) SELECT measurement_date, value_as_number FROM recent ORDER BY 1", MySql),
        ("SELECT 'pg_sleep(5); DROP TABLE person' AS note FROM person WHERE person_id = 1", Postgres),
        ("SELECT person_id AS sleep_hours FROM person WHERE person_id = 1", MySql),
        ("VALUES (1, 'a'), (2, 'b')", Postgres),
        ("SELECT COUNT(*) FROM public.condition_occurrence WHERE person_id = $1", Postgres),
        ("SELECT COUNT(*) FROM eunomia.condition_occurrence WHERE person_id = ?", MySql),
    ] {
        assert_eq!(code(sql, dialect), "SAFE", "{sql}");
    }
}

#[test]
fn the_rendered_query_carries_a_row_cap() {
    let q = check("SELECT * FROM person WHERE person_id = $1 LIMIT 100000", SqlDialect::Postgres).unwrap();
    assert!(q.render_capped(5000).ends_with("LIMIT 5000"), "{}", q.render_capped(5000));
    let q = check("SELECT * FROM person WHERE person_id = $1 LIMIT 10", SqlDialect::Postgres).unwrap();
    assert!(q.render_capped(5000).ends_with("LIMIT 10"));
    let q = check("SELECT * FROM person WHERE person_id = ? LIMIT 5, 100000", SqlDialect::MySql).unwrap();
    assert!(q.render_capped(5000).ends_with("LIMIT 5, 5000"), "{}", q.render_capped(5000));
    let q = check("SELECT * FROM person", SqlDialect::MySql).unwrap();
    assert!(q.render_capped(7).ends_with("LIMIT 7"));
}

#[test]
fn patient_scope_is_proved_not_guessed() {
    use SqlDialect::*;
    let scoped = |sql: &str| check(sql, Postgres).map(|q| q.patient_scoped()).unwrap_or_else(|r| panic!("{sql}: {r:?}"));
    assert!(scoped("SELECT * FROM visit_occurrence WHERE person_id = $1"));
    assert!(scoped("SELECT v.*, c.concept_name FROM visit_occurrence v JOIN concept c ON c.concept_id = v.visit_concept_id WHERE v.person_id = $1"));
    assert!(scoped("SELECT co.* FROM visit_occurrence v JOIN condition_occurrence co ON co.visit_occurrence_id = v.visit_occurrence_id WHERE v.person_id = 42"));
    assert!(scoped("WITH m AS (SELECT * FROM measurement WHERE person_id = $1) SELECT * FROM m"));
    assert!(scoped("SELECT 'visit' AS k, visit_start_date FROM visit_occurrence WHERE person_id = $1 UNION ALL SELECT 'condition', condition_start_date FROM condition_occurrence WHERE person_id = $1"));
    assert!(scoped("SELECT p.year_of_birth FROM person p WHERE p.person_id = $1"));

    assert!(!scoped("SELECT * FROM visit_occurrence"));
    assert!(!scoped("SELECT * FROM visit_occurrence WHERE person_id = 1 OR person_id = 2"));
    assert!(!scoped("SELECT * FROM visit_occurrence WHERE person_id = 1 UNION ALL SELECT * FROM visit_occurrence WHERE person_id = 2"));
    assert!(!scoped("SELECT v.* FROM person p JOIN visit_occurrence v ON TRUE WHERE p.person_id = $1"));
    assert!(!scoped("SELECT *, (SELECT MAX(year_of_birth) FROM person) FROM visit_occurrence WHERE person_id = $1"));
    assert!(!scoped("SELECT * FROM visit_occurrence WHERE person_id IN (SELECT person_id FROM person)"));
    assert!(!scoped("SELECT concept_name FROM concept"));
}

#[test]
fn a_cte_sees_only_the_ctes_before_it() {
    use SqlDialect::*;
    // `b` inside `a` is not the CTE defined after it: it is a table, and not one of the schema.
    assert_eq!(code("WITH a AS (SELECT * FROM b), b AS (SELECT * FROM person) SELECT * FROM a", Postgres), "UNKNOWN_TABLE");
    assert_eq!(code("WITH a AS (SELECT * FROM person), b AS (SELECT * FROM a) SELECT * FROM b", Postgres), "SAFE");
    assert_eq!(code("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n", Postgres), "SAFE");
    assert_eq!(code("SELECT * FROM (WITH x AS (SELECT * FROM person) SELECT * FROM x) y JOIN x ON TRUE", Postgres), "UNKNOWN_TABLE");
}

#[test]
fn a_qualifier_names_the_dialects_own_default_schema_only() {
    // PostgreSQL: `eunomia` would be a schema, not the database; MySQL: `public` another database.
    assert_eq!(code("SELECT * FROM eunomia.person", SqlDialect::Postgres), "UNKNOWN_TABLE");
    assert_eq!(code("SELECT * FROM public.person", SqlDialect::MySql), "UNKNOWN_TABLE");
}
