//! SQL safety: whether a query may run against a hospital's database. The heart of PHI reports.
//!
//! A query is parsed into an AST with the target database's own dialect (`sqlparser`) and is
//! safe only if all of these hold — each failure is a [`Reason`] with a stable code:
//!
//! | code | rule |
//! |---|---|
//! | `PARSE_ERROR` | it parses in the dialect (and its rendering parses back to the same AST) |
//! | `EXECUTABLE_COMMENT` | no MySQL executable comment `/*! … */` and no optimizer hint `/*+ … */` |
//! | `MULTIPLE_STATEMENTS` | exactly one statement |
//! | `NOT_A_QUERY` | a query: SELECT, set operations, CTEs, VALUES — nothing that writes, defines, grants, sets or calls |
//! | `DATA_MODIFYING_CTE` | no INSERT/UPDATE/DELETE/MERGE anywhere inside it (`WITH d AS (DELETE …)`) |
//! | `SELECT_INTO` | no `SELECT … INTO` a table, `INTO OUTFILE`/`DUMPFILE`, `INTO @variable` |
//! | `LOCKING_CLAUSE` | no `FOR UPDATE`/`FOR SHARE`/`LOCK IN SHARE MODE` |
//! | `SYSTEM_CATALOG` | no system catalog (`pg_catalog`, any `pg_*` relation, `information_schema`, `mysql`, `performance_schema`, `sys`) |
//! | `UNKNOWN_TABLE` | only tables of the stored schema (and the query's own CTEs) |
//! | `DENIED_FUNCTION` | no function that reads files, touches large objects, sleeps, locks, changes configuration, reaches the network, runs a query given as text or has side effects |
//!
//! Why an AST and not keywords: peers that look for "a SELECT statement in the text" (Vanna) or
//! top-level keywords (Dataherald) pass a `DELETE` inside a `WITH`, `SELECT INTO`, `pg_sleep` and
//! `lo_export`. What executes is the re-rendered AST ([`ReadOnlyQuery::render_capped`]), never
//! the text that came in, inside a read-only transaction with a statement timeout (the adapters):
//! the validator is the first of three walls, not the only one.
//!
//! [`ReadOnlyQuery`] also says whether the query is scoped to one patient (see [`scope`]):
//! reports run only scoped queries.

mod functions;
pub mod lexical;
pub mod scope;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use serde::Serialize;
use sqlparser::ast::{Expr, LimitClause, ObjectName, Query, SetExpr, Statement, TableFactor, Visit, Visitor};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;

use crate::reports::patient_key::PatientKey;
use crate::reports::schema::{DatabaseSchema, SqlDialect};

/// Why a query is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reason {
    /// `PARSE_ERROR`, `MULTIPLE_STATEMENTS`, `NOT_A_QUERY`, … (see the module table).
    pub code: &'static str,
    /// What is wrong, naming the construct, function or table — never a literal from the query.
    pub message: String,
}

impl Reason {
    fn new(code: &'static str, message: impl Into<String>) -> Reason {
        Reason { code, message: message.into() }
    }
}

/// The tables a query may read: those of the stored schema, by bare name in the default schema
/// (`public`, or the MySQL database) and qualified otherwise.
#[derive(Debug, Clone)]
pub struct Catalog {
    tables: BTreeMap<String, TableInfo>,
    default_schemas: Vec<String>,
}

/// What the scope analysis needs of a table: its columns and single-column primary key.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub columns: Vec<String>,
    pub primary_key: Option<String>,
}

impl Catalog {
    pub fn of(schema: &DatabaseSchema) -> Catalog {
        let tables = schema
            .tables
            .iter()
            .map(|t| (t.name.to_ascii_lowercase(), TableInfo { columns: t.fields.iter().map(|f| f.name.to_ascii_lowercase()).collect(), primary_key: t.primary_key().map(|k| k.name.to_ascii_lowercase()) }))
            .collect();
        // The schema an unqualified name means: PostgreSQL's `public` (a database name is not a
        // schema there), MySQL's connection database (`public.x` would be another database).
        let default_schemas = match schema.database_type {
            crate::reports::schema::DatabaseType::MySQL => vec![schema.database_name.to_ascii_lowercase()],
            _ => vec!["public".to_string()],
        };
        Catalog { tables, default_schemas }
    }

    /// The stored table a (possibly qualified, dotted) name refers to.
    pub fn table(&self, name: &str) -> Option<&TableInfo> {
        let parts: Vec<String> = name.split('.').map(|p| p.to_ascii_lowercase()).collect();
        self.resolve(&parts).and_then(|key| self.tables.get(&key))
    }

    fn resolve(&self, parts: &[String]) -> Option<String> {
        match parts {
            [table] => self.tables.contains_key(table).then(|| table.clone()),
            [schema, table] => {
                let qualified = format!("{schema}.{table}");
                if self.tables.contains_key(&qualified) {
                    Some(qualified)
                } else {
                    (self.default_schemas.contains(schema) && self.tables.contains_key(table)).then(|| table.clone())
                }
            }
            [database, schema, table] if self.default_schemas.contains(database) => self.resolve(&[schema.clone(), table.clone()]),
            _ => None,
        }
    }

    fn contains(&self, parts: &[String]) -> bool {
        self.resolve(parts).is_some()
    }
}

/// Schemas that belong to the database server, not to the hospital's data.
const SYSTEM_SCHEMAS: [&str; 6] = ["pg_catalog", "information_schema", "mysql", "performance_schema", "sys", "pg_toast"];

/// A query that passed every rule, with its AST.
#[derive(Debug, Clone)]
pub struct ReadOnlyQuery {
    dialect: SqlDialect,
    query: Query,
    patient_scoped: bool,
}

impl ReadOnlyQuery {
    /// Parses and judges `sql` for `dialect` against the stored schema's `catalog`; `patient_key`
    /// (when the schema has one) decides whether it is scoped to one patient.
    pub fn parse(sql: &str, dialect: SqlDialect, catalog: &Catalog, patient_key: Option<&PatientKey>) -> Result<ReadOnlyQuery, Vec<Reason>> {
        let query = judge(sql, dialect, catalog)?;
        let patient_scoped = patient_key.is_some_and(|key| scope::is_patient_scoped(&query, key, catalog));
        Ok(ReadOnlyQuery { dialect, query, patient_scoped })
    }

    pub fn dialect(&self) -> SqlDialect {
        self.dialect
    }

    /// Whether every row it can return belongs to one patient (see [`scope`]).
    pub fn patient_scoped(&self) -> bool {
        self.patient_scoped
    }

    /// The query as MediClear renders it from the AST.
    pub fn normalized(&self) -> String {
        self.query.to_string()
    }

    /// The text to execute: the AST rendered with its row limit lowered to `cap` (or `cap` added),
    /// so no query returns more than `cap` rows whatever it asked for.
    pub fn render_capped(&self, cap: u64) -> String {
        let mut query = self.query.clone();
        let cap_expr = || Expr::value(sqlparser::ast::Value::Number(cap.to_string(), false));
        let existing = |e: &Expr| match e {
            Expr::Value(v) => match &v.value {
                sqlparser::ast::Value::Number(n, _) => n.parse::<u64>().ok(),
                _ => None,
            },
            _ => None,
        };
        query.limit_clause = Some(match query.limit_clause.take() {
            None => LimitClause::LimitOffset { limit: Some(cap_expr()), offset: None, limit_by: vec![] },
            Some(LimitClause::LimitOffset { limit, offset, limit_by }) => {
                let limit = match limit.as_ref().and_then(existing) {
                    Some(n) if n <= cap => limit,
                    _ => Some(cap_expr()),
                };
                LimitClause::LimitOffset { limit, offset, limit_by }
            }
            Some(LimitClause::OffsetCommaLimit { offset, limit }) => {
                let limit = match existing(&limit) {
                    Some(n) if n <= cap => limit,
                    _ => cap_expr(),
                };
                LimitClause::OffsetCommaLimit { offset, limit }
            }
        });
        // A FETCH FIRST clause cannot stand beside LIMIT; the cap replaces it.
        query.fetch = None;
        query.to_string()
    }
}

fn parser_dialect(dialect: SqlDialect) -> Box<dyn Dialect> {
    match dialect {
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
        SqlDialect::MySql => Box::new(MySqlDialect {}),
    }
}

/// Queries longer than this are refused before parsing: a report query is a few hundred bytes,
/// and the parser's time and stack grow with nesting.
const MAX_QUERY_BYTES: usize = 64 * 1024;

fn judge(sql: &str, dialect: SqlDialect, catalog: &Catalog) -> Result<Query, Vec<Reason>> {
    if sql.trim().is_empty() {
        return Err(vec![Reason::new("PARSE_ERROR", "the query is empty")]);
    }
    if sql.len() > MAX_QUERY_BYTES {
        return Err(vec![Reason::new("PARSE_ERROR", format!("the query is longer than {MAX_QUERY_BYTES} bytes"))]);
    }
    let lexical = lexical::scan(sql, dialect);
    let mut reasons = Vec::new();
    if lexical.executable_comment {
        reasons.push(Reason::new("EXECUTABLE_COMMENT", "MySQL executable comments (/*! … */) are not allowed: they run as SQL on MySQL"));
    }
    if lexical.optimizer_hint {
        reasons.push(Reason::new("EXECUTABLE_COMMENT", "optimizer hints (/*+ … */) are not allowed: they can change session settings"));
    }
    if lexical.has_words(&["INTO", "OUTFILE"]) || lexical.has_words(&["INTO", "DUMPFILE"]) {
        reasons.push(Reason::new("SELECT_INTO", "INTO OUTFILE / INTO DUMPFILE writes a file on the server"));
    }
    if lexical.has_words(&["LOCK", "IN", "SHARE", "MODE"]) {
        reasons.push(Reason::new("LOCKING_CLAUSE", "LOCK IN SHARE MODE takes row locks"));
    }
    if lexical.unicode_escape {
        reasons.push(Reason::new("PARSE_ERROR", "Unicode-escaped names and strings (U&'…', U&\"…\") are not accepted"));
    }
    if lexical.unterminated {
        reasons.push(Reason::new("PARSE_ERROR", "a string, quoted name or comment is never closed"));
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }

    let parser_dialect = parser_dialect(dialect);
    let statements = match Parser::new(parser_dialect.as_ref()).with_recursion_limit(64).try_with_sql(sql).and_then(|mut p| p.parse_statements()) {
        Ok(statements) => statements,
        Err(_) => return Err(vec![Reason::new("PARSE_ERROR", format!("the query is not valid {} SQL", dialect_name(dialect)))]),
    };
    let query = match statements.as_slice() {
        [] => return Err(vec![Reason::new("PARSE_ERROR", "the query is empty")]),
        [Statement::Query(query)] => query.as_ref().clone(),
        [_] => return Err(vec![Reason::new("NOT_A_QUERY", format!("only a query (SELECT, set operations, CTEs, VALUES) may run; this is {}", statement_kind(&statements[0])))]),
        _ => return Err(vec![Reason::new("MULTIPLE_STATEMENTS", format!("exactly one statement may run; this text has {}", statements.len()))]),
    };

    let mut rules = Rules { catalog, frames: Vec::new(), reasons: Vec::new(), function_relation: false };
    let _ = query.visit(&mut rules);
    let mut reasons = rules.reasons;
    dedup(&mut reasons);
    if !reasons.is_empty() {
        return Err(reasons);
    }

    // What executes is the rendering: it must mean what was judged.
    let rendered = query.to_string();
    let reparsed = Parser::parse_sql(parser_dialect.as_ref(), &rendered);
    if !matches!(reparsed.as_deref(), Ok([Statement::Query(q)]) if q.as_ref() == &query) {
        return Err(vec![Reason::new("PARSE_ERROR", "the query cannot be rendered back to the same meaning")]);
    }
    Ok(query)
}

fn dialect_name(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "PostgreSQL",
        SqlDialect::MySql => "MySQL/MariaDB",
    }
}

/// A short name for a statement, e.g. `DELETE`, `CREATE TABLE`.
fn statement_kind(statement: &Statement) -> String {
    let text = statement.to_string();
    let words: Vec<&str> = text.split_whitespace().take(2).collect();
    match words.as_slice() {
        [first, second] if matches!(first.to_ascii_uppercase().as_str(), "CREATE" | "DROP" | "ALTER" | "EXPLAIN" | "SET" | "SHOW") => {
            format!("{} {}", first.to_ascii_uppercase(), second.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_uppercase())
        }
        [first, ..] => first.to_ascii_uppercase(),
        [] => "a statement".into(),
    }
}

fn dedup(reasons: &mut Vec<Reason>) {
    let mut seen = BTreeSet::new();
    reasons.retain(|r| seen.insert((r.code, r.message.clone())));
}

fn lower_parts(name: &ObjectName) -> Vec<String> {
    name.0.iter().map(|p| p.as_ident().map(|i| i.value.to_ascii_lowercase()).unwrap_or_else(|| p.to_string().to_ascii_lowercase())).collect()
}

/// The AST walk: every rule that looks at a node.
struct Rules<'a> {
    catalog: &'a Catalog,
    /// One frame per query being walked: the CTEs it may name.
    frames: Vec<Frame>,
    reasons: Vec<Reason>,
    /// The next relation name is a table function's, already judged as a function.
    function_relation: bool,
}

impl Rules<'_> {
    fn refuse(&mut self, code: &'static str, message: impl Into<String>) {
        self.reasons.push(Reason::new(code, message));
    }

    fn check_relation(&mut self, name: &ObjectName, is_function: bool) {
        let parts = lower_parts(name);
        let display = parts.join(".");
        if is_function {
            if let Some(category) = functions::denied(&parts) {
                self.refuse("DENIED_FUNCTION", format!("function {display} is not allowed ({category})"));
                return;
            }
            self.refuse("UNKNOWN_TABLE", format!("{display} is a table function; only tables of the stored schema may be read"));
            return;
        }
        let system = parts.len() > 1 && SYSTEM_SCHEMAS.contains(&parts[parts.len() - 2].as_str())
            || parts.first().is_some_and(|p| SYSTEM_SCHEMAS.contains(&p.as_str()))
            || parts.last().is_some_and(|t| t.starts_with("pg_"));
        if system {
            self.refuse("SYSTEM_CATALOG", format!("{display} is a system catalog"));
        } else if !(parts.len() == 1 && self.frames.last().is_some_and(|f| f.names(&parts[0]))) && !self.catalog.contains(&parts) {
            self.refuse("UNKNOWN_TABLE", format!("table {display} is not in the connection's stored schema"));
        }
    }
}

/// The CTE names in view while one query is walked.
struct Frame {
    /// The query's own CTEs, in order.
    ctes: Vec<String>,
    recursive: bool,
    /// Queries met directly inside it so far: its CTEs' queries come first, in order.
    children: usize,
    /// CTEs of the queries around it that it may name.
    visible: Vec<String>,
}

impl Frame {
    /// Whether the query's own body (or FROM) may name `name` as a CTE.
    fn names(&self, name: &str) -> bool {
        self.visible.iter().chain(&self.ctes).any(|c| c == name)
    }
}

impl Rules<'_> {
    /// `TABLE name` bodies, which the visitor does not report as relations, and writes used as
    /// a query body.
    fn check_set_expr(&mut self, body: &SetExpr) {
        match body {
            SetExpr::Table(table) => {
                let parts: Vec<String> = table.schema_name.iter().chain(table.table_name.iter()).map(|p| p.value.to_ascii_lowercase()).collect();
                let name = ObjectName(parts.iter().map(|p| sqlparser::ast::ObjectNamePart::Identifier(sqlparser::ast::Ident::new(p))).collect());
                self.check_relation(&name, false);
            }
            SetExpr::SetOperation { left, right, .. } => {
                self.check_set_expr(left);
                self.check_set_expr(right);
            }
            SetExpr::Insert(_) | SetExpr::Update(_) | SetExpr::Delete(_) | SetExpr::Merge(_) => {
                self.refuse("DATA_MODIFYING_CTE", "a query may not contain INSERT, UPDATE, DELETE or MERGE");
            }
            SetExpr::Select(_) | SetExpr::Query(_) | SetExpr::Values(_) => {}
        }
    }
}

impl Visitor for Rules<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        // The CTEs this query may name: those of the queries around it, and — for the n-th CTE
        // of its parent — only the parent's CTEs before it (itself too in WITH RECURSIVE). A
        // forward reference names a real table, which must then be in the schema.
        let visible = match self.frames.last_mut() {
            None => Vec::new(),
            Some(parent) => {
                let index = parent.children;
                parent.children += 1;
                let mut visible = parent.visible.clone();
                let upto = if index < parent.ctes.len() { index + usize::from(parent.recursive) } else { parent.ctes.len() };
                visible.extend(parent.ctes[..upto].iter().cloned());
                visible
            }
        };
        let (ctes, recursive) = match &query.with {
            Some(with) => (with.cte_tables.iter().map(|c| c.alias.name.value.to_ascii_lowercase()).collect(), with.recursive),
            None => (Vec::new(), false),
        };
        self.frames.push(Frame { ctes, recursive, children: 0, visible });
        if !query.locks.is_empty() {
            self.refuse("LOCKING_CLAUSE", "FOR UPDATE / FOR SHARE takes row locks");
        }
        if query.for_clause.is_some() || query.settings.is_some() || query.format_clause.is_some() || !query.pipe_operators.is_empty() {
            self.refuse("NOT_A_QUERY", "this clause is not supported by the target database");
        }
        self.check_set_expr(&query.body);
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.frames.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        if std::mem::take(&mut self.function_relation) {
            return ControlFlow::Continue(());
        }
        self.check_relation(relation, false);
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &sqlparser::ast::Select) -> ControlFlow<()> {
        if select.into.is_some() {
            self.refuse("SELECT_INTO", "SELECT … INTO writes a table or variables");
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, _statement: &Statement) -> ControlFlow<()> {
        // The top statement is a Query and is not visited as a statement here; any statement
        // met inside it is a write in disguise.
        self.refuse("DATA_MODIFYING_CTE", "a query may not contain INSERT, UPDATE, DELETE or MERGE");
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        match factor {
            TableFactor::Table { name, args: Some(_), .. } => {
                self.check_relation(name, true);
                self.function_relation = true;
            }
            TableFactor::Table { .. } => {}
            TableFactor::Function { name, .. } => self.check_relation(name, true),
            TableFactor::Derived { .. } | TableFactor::NestedJoin { .. } | TableFactor::TableFunction { .. } | TableFactor::UNNEST { .. } => {}
            _ => self.refuse("NOT_A_QUERY", "this kind of FROM item is not supported"),
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Function(function) = expr {
            let parts = lower_parts(&function.name);
            if let Some(category) = functions::denied(&parts) {
                self.refuse("DENIED_FUNCTION", format!("function {} is not allowed ({category})", parts.join(".")));
            }
        }
        ControlFlow::Continue(())
    }
}

/// The verdict `POST /queries/validate` answers with.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Validation {
    /// `safe` or `unsafe`.
    pub verdict: &'static str,
    pub reasons: Vec<Reason>,
    pub patient_scoped: bool,
    /// The query as it would run (rendered from the AST), when safe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized: Option<String>,
}

impl Validation {
    pub fn of(result: &Result<ReadOnlyQuery, Vec<Reason>>) -> Validation {
        match result {
            Ok(query) => Validation { verdict: "safe", reasons: vec![], patient_scoped: query.patient_scoped(), normalized: Some(query.normalized()) },
            Err(reasons) => Validation { verdict: "unsafe", reasons: reasons.clone(), patient_scoped: false, normalized: None },
        }
    }

    pub fn is_safe(&self) -> bool {
        self.verdict == "safe"
    }
}

#[cfg(test)]
mod tests;
