//! Whether a query is scoped to one patient: every row it can return belongs to the patient
//! named by one value (a bound parameter, or one literal).
//!
//! Judged per SELECT (through set operations, CTEs and derived tables):
//!
//! - each source in FROM/JOIN that carries patient rows (a table with a patient column, see
//!   [`PatientKey`]) must be *pinned*: either a conjunct of WHERE or of a join's ON says
//!   `source.patient_column = <the value>`, or an equality joins it to a pinned source on a key
//!   (both sides the patient column, or the same column name where one side is its table's
//!   primary key: `c.visit_occurrence_id = v.visit_occurrence_id`);
//! - a CTE or derived table is pinned when its own query is scoped; reference tables (no patient
//!   column, e.g. `concept`) are neutral; at least one source must be pinned;
//! - every subquery elsewhere in the SELECT (select list, WHERE, HAVING) must itself be scoped
//!   or read only reference tables — `(SELECT string_agg(…) FROM person)` would leak;
//! - all pins name the same value (`person_id = 1 OR person_id = 2` is not a pin: only AND-ed
//!   equalities count).
//!
//! Anything this cannot prove is "not scoped": a report then refuses to run it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use sqlparser::ast::{BinaryOperator, Expr, JoinConstraint, JoinOperator, Query, Select, SetExpr, TableFactor, Visit, Visitor};

use crate::reports::patient_key::PatientKey;
use crate::reports::sql_safety::Catalog;

pub fn is_patient_scoped(query: &Query, key: &PatientKey, catalog: &Catalog) -> bool {
    let mut judge = Judge { key, catalog, ctes: BTreeMap::new(), values: BTreeSet::new() };
    judge.query(query) == Scope::Pinned && judge.values.len() == 1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Only this patient's rows.
    Pinned,
    /// No patient rows at all (reference data).
    Neutral,
    /// Rows of possibly many patients.
    Open,
}

struct Judge<'a> {
    key: &'a PatientKey,
    catalog: &'a Catalog,
    /// CTE name → its scope, for the CTEs in view.
    ctes: BTreeMap<String, Scope>,
    /// The values patient columns were pinned to, rendered.
    values: BTreeSet<String>,
}

/// One FROM source: its alias (or name), the patient column it carries, its primary key.
struct Source {
    alias: String,
    patient_column: Option<String>,
    primary_key: Option<String>,
    columns: Option<Vec<String>>,
    scope: Scope,
}

impl Judge<'_> {
    fn query(&mut self, query: &Query) -> Scope {
        let saved = self.ctes.clone();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let scope = self.query(&cte.query);
                self.ctes.insert(cte.alias.name.value.to_ascii_lowercase(), scope);
            }
        }
        let scope = self.set_expr(&query.body);
        self.ctes = saved;
        scope
    }

    fn set_expr(&mut self, body: &SetExpr) -> Scope {
        match body {
            SetExpr::Select(select) => self.select(select),
            SetExpr::Query(query) => self.query(query),
            SetExpr::SetOperation { left, right, .. } => combine(self.set_expr(left), self.set_expr(right)),
            SetExpr::Values(_) => Scope::Neutral,
            _ => Scope::Open,
        }
    }

    fn select(&mut self, select: &Select) -> Scope {
        let mut sources = Vec::new();
        let mut conjuncts: Vec<&Expr> = Vec::new();
        for table in &select.from {
            sources.push(self.source(&table.relation));
            for join in &table.joins {
                sources.push(self.source(&join.relation));
                if let Some(JoinConstraint::On(on)) = constraint(&join.join_operator) {
                    split_and(on, &mut conjuncts);
                }
            }
        }
        if let Some(selection) = &select.selection {
            split_and(selection, &mut conjuncts);
        }
        if sources.iter().any(|s| s.scope == Scope::Open && s.patient_column.is_none()) {
            return Scope::Open;
        }

        // Subqueries anywhere else in the SELECT must not read other patients' rows.
        let mut nested = NestedQueries::default();
        for item in &select.projection {
            let _ = item.visit(&mut nested);
        }
        if let Some(selection) = &select.selection {
            let _ = selection.visit(&mut nested);
        }
        if let Some(having) = &select.having {
            let _ = having.visit(&mut nested);
        }
        for join in select.from.iter().flat_map(|t| &t.joins) {
            if let Some(JoinConstraint::On(on)) = constraint(&join.join_operator) {
                let _ = on.visit(&mut nested);
            }
        }
        for subquery in nested.queries {
            if self.query(&subquery) == Scope::Open {
                return Scope::Open;
            }
        }

        let mut pinned: Vec<bool> = sources.iter().map(|s| s.scope == Scope::Pinned).collect();
        for conjunct in &conjuncts {
            if let Some((column, value)) = column_equals_value(conjunct)
                && let Some(index) = resolve(&sources, &column)
                && sources[index].patient_column.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(column.last().map(String::as_str).unwrap_or_default()))
            {
                pinned[index] = true;
                self.values.insert(value);
            }
        }
        // Propagate pins along key equalities until nothing changes.
        loop {
            let mut changed = false;
            for conjunct in &conjuncts {
                let Expr::BinaryOp { left, op: BinaryOperator::Eq, right } = conjunct else { continue };
                let (Some(l), Some(r)) = (column_ref(left), column_ref(right)) else { continue };
                let (Some(li), Some(ri)) = (resolve(&sources, &l), resolve(&sources, &r)) else { continue };
                if li == ri || pinned[li] == pinned[ri] || !is_key_link(&sources[li], &l, &sources[ri], &r) {
                    continue;
                }
                pinned[li] = true;
                pinned[ri] = true;
                changed = true;
            }
            if !changed {
                break;
            }
        }
        let carries_patients = |s: &Source| s.patient_column.is_some() || s.scope == Scope::Pinned;
        if sources.iter().zip(&pinned).any(|(s, p)| carries_patients(s) && !p) {
            return Scope::Open;
        }
        if sources.iter().zip(&pinned).any(|(s, p)| carries_patients(s) && *p) { Scope::Pinned } else { Scope::Neutral }
    }

    fn source(&mut self, factor: &TableFactor) -> Source {
        match factor {
            TableFactor::Table { name, alias, args: None, .. } => {
                let parts: Vec<String> = name.0.iter().map(|p| p.as_ident().map(|i| i.value.clone()).unwrap_or_default()).collect();
                let table = parts.join(".");
                let base = parts.last().cloned().unwrap_or_default();
                let alias_name = alias.as_ref().map(|a| a.name.value.clone()).unwrap_or_else(|| base.clone());
                if parts.len() == 1
                    && let Some(scope) = self.ctes.get(&base.to_ascii_lowercase())
                {
                    return Source { alias: alias_name, patient_column: None, primary_key: None, columns: None, scope: *scope };
                }
                let patient_column = self.key.column_of(&table).map(str::to_string);
                let info = self.catalog.table(&table);
                let primary_key = info.and_then(|t| t.primary_key.clone());
                let columns = info.map(|t| t.columns.clone());
                Source { alias: alias_name, patient_column, primary_key, columns, scope: Scope::Neutral }
            }
            TableFactor::Derived { subquery, alias, .. } => {
                let scope = self.query(subquery);
                Source { alias: alias.as_ref().map(|a| a.name.value.clone()).unwrap_or_default(), patient_column: None, primary_key: None, columns: None, scope }
            }
            TableFactor::NestedJoin { .. } | TableFactor::Function { .. } | TableFactor::TableFunction { .. } | TableFactor::UNNEST { .. } => {
                Source { alias: String::new(), patient_column: None, primary_key: None, columns: None, scope: Scope::Open }
            }
            _ => Source { alias: String::new(), patient_column: None, primary_key: None, columns: None, scope: Scope::Open },
        }
    }
}

fn combine(a: Scope, b: Scope) -> Scope {
    match (a, b) {
        (Scope::Open, _) | (_, Scope::Open) => Scope::Open,
        (Scope::Pinned, _) | (_, Scope::Pinned) => Scope::Pinned,
        _ => Scope::Neutral,
    }
}

fn constraint(operator: &JoinOperator) -> Option<&JoinConstraint> {
    match operator {
        JoinOperator::Join(c)
        | JoinOperator::Inner(c)
        | JoinOperator::Left(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::Right(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::FullOuter(c)
        | JoinOperator::CrossJoin(c)
        | JoinOperator::Semi(c)
        | JoinOperator::LeftSemi(c)
        | JoinOperator::RightSemi(c)
        | JoinOperator::Anti(c)
        | JoinOperator::LeftAnti(c)
        | JoinOperator::RightAnti(c)
        | JoinOperator::StraightJoin(c) => Some(c),
        _ => None,
    }
}

fn split_and<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            split_and(left, out);
            split_and(right, out);
        }
        Expr::Nested(inner) => split_and(inner, out),
        other => out.push(other),
    }
}

/// `[alias, column]` or `[column]`, lower case.
fn column_ref(expr: &Expr) -> Option<Vec<String>> {
    match expr {
        Expr::Identifier(ident) => Some(vec![ident.value.to_ascii_lowercase()]),
        Expr::CompoundIdentifier(parts) => Some(parts.iter().map(|p| p.value.to_ascii_lowercase()).collect()),
        Expr::Nested(inner) => column_ref(inner),
        Expr::Cast { expr, .. } => column_ref(expr),
        _ => None,
    }
}

/// A placeholder or a literal, rendered; placeholders all count as the one bound patient id.
fn single_value(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::Placeholder(_) => Some("?".into()),
            sqlparser::ast::Value::Null => None,
            other => Some(other.to_string()),
        },
        Expr::Nested(inner) => single_value(inner),
        Expr::Cast { expr, .. } => single_value(expr),
        _ => None,
    }
}

fn column_equals_value(expr: &Expr) -> Option<(Vec<String>, String)> {
    let Expr::BinaryOp { left, op: BinaryOperator::Eq, right } = expr else { return None };
    match (column_ref(left), single_value(right), column_ref(right), single_value(left)) {
        (Some(column), Some(value), _, _) | (_, _, Some(column), Some(value)) => Some((column, value)),
        _ => None,
    }
}

/// Which source a column reference belongs to: by alias, or the only source that can hold it.
fn resolve(sources: &[Source], column: &[String]) -> Option<usize> {
    match column {
        [alias, _] => sources.iter().position(|s| s.alias.eq_ignore_ascii_case(alias)),
        [_schema, table, _] => sources.iter().position(|s| s.alias.eq_ignore_ascii_case(table)),
        [name] => {
            let holders: Vec<usize> = sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.patient_column.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(name)) || s.columns.as_ref().is_some_and(|cs| cs.iter().any(|c| c.eq_ignore_ascii_case(name))))
                .map(|(i, _)| i)
                .collect();
            match (holders.as_slice(), sources.len()) {
                ([only], _) => Some(*only),
                (_, 1) => Some(0),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `l = r` joins two sources on a key, so pinning one pins the other.
fn is_key_link(ls: &Source, l: &[String], rs: &Source, r: &[String]) -> bool {
    let (Some(lc), Some(rc)) = (l.last(), r.last()) else { return false };
    let is = |s: &Option<String>, c: &str| s.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(c));
    if is(&ls.patient_column, lc) && is(&rs.patient_column, rc) {
        return true;
    }
    // A reference to a row of a one-patient source: the same key name, primary on one side
    // (`condition.visit_occurrence_id = visit.visit_occurrence_id`).
    lc.eq_ignore_ascii_case(rc) && (is(&ls.primary_key, lc) || is(&rs.primary_key, rc))
}

/// The queries nested in expressions (scalar subqueries, `IN (SELECT …)`, `EXISTS`).
#[derive(Default)]
struct NestedQueries {
    queries: Vec<Query>,
    depth: usize,
}

impl Visitor for NestedQueries {
    type Break = ();
    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        // Only the outermost nested queries: their own nesting is judged when they are.
        if self.depth == 0 {
            self.queries.push(query.clone());
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}
