//! Pre-auth cases in DynamoDB ([`CaseReader`] + [`CaseWriter`]).
//!
//! One item per case, key `case_id` (S). The whole [`Case`] is stored as attributes (serde_dynamo),
//! so the cases stream carries the full case to the notifier without a second read. `created_at` is
//! rewritten in a fixed-width form so it sorts as text, and `gsi_all = "CASE"` puts every case in
//! one partition of the `by-created` index.
//!
//! Indexes (projection ALL, sort key `created_at`): `by-patient` (`patient_id`), `by-provider`
//! (`provider_id`), `by-status` (`status`), `by-created` (`gsi_all`). A listing queries the most
//! selective index its filters allow (patient, then provider, then status, else all cases) and
//! applies the other filters as a FilterExpression, newest first.
//!
//! Writes are conditional: `create` only if the key is free (`create_once` together with the
//! request's first answer in the idempotency table, one `TransactWriteItems`); `replace` only if the stored
//! `version` is the one the caller read. On a failed replace DynamoDB returns the old item
//! (ReturnValuesOnConditionCheckFailure ALL_OLD), which tells a stale version (`Conflict`) from
//! a missing case (`NotFound`) without a second read.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use mediclear_domain::ids::CaseId;
use mediclear_domain::preauth::case::Case;
use mediclear_ports::PortError;
use mediclear_ports::cases::{CasePage, CaseQuery, CaseReader, CaseWriter};
use mediclear_ports::error::PortResult;
use mediclear_ports::idempotency::IdempotencyRecord;

use crate::dynamo::{n, page_token, s, sortable_time};
use crate::error::{corrupt, port_error, unencodable};
use crate::idempotency;

/// A page size used when a query asks for 0, and the largest page served.
pub const DEFAULT_PAGE_SIZE: usize = 50;
pub const MAX_PAGE_SIZE: usize = 100;

/// Value of `gsi_all` on every case: the one partition of the `by-created` index.
const ALL_CASES: &str = "CASE";

/// The cases table.
#[derive(Debug, Clone)]
pub struct DynamoCaseStore {
    client: Client,
    table: String,
    idempotency_table: Option<String>,
}

impl DynamoCaseStore {
    pub fn new(config: &SdkConfig, table: impl Into<String>) -> Self {
        Self { client: Client::new(config), table: table.into(), idempotency_table: None }
    }

    /// The table `create_once` writes first answers to.
    pub fn with_idempotency_table(mut self, table: impl Into<String>) -> Self {
        self.idempotency_table = Some(table.into());
        self
    }

    fn item(case: &Case) -> PortResult<HashMap<String, AttributeValue>> {
        let mut item: HashMap<String, AttributeValue> =
            serde_dynamo::aws_sdk_dynamodb_1::to_item(case).map_err(|e| unencodable("case", case.case_id.as_ref(), e))?;
        item.insert("created_at".into(), s(sortable_time(&case.created_at)));
        item.insert("updated_at".into(), s(sortable_time(&case.updated_at)));
        item.insert("gsi_all".into(), s(ALL_CASES));
        Ok(item)
    }

    fn case(item: HashMap<String, AttributeValue>) -> PortResult<Case> {
        serde_dynamo::aws_sdk_dynamodb_1::from_item(item).map_err(|e| corrupt("case", e))
    }
}

/// Which index a listing reads and which filters remain.
#[derive(Debug, PartialEq, Eq)]
struct ListingPlan {
    index: &'static str,
    hash_attribute: &'static str,
    hash_value: String,
    filters: Vec<(&'static str, String)>,
}

impl ListingPlan {
    fn for_query(query: &CaseQuery) -> ListingPlan {
        let patient = query.patient_id.as_ref().map(|p| ("patient_id", p.to_string()));
        let provider = query.provider_id.as_ref().map(|p| ("provider_id", p.to_string()));
        let status = query.status.map(|st| ("status", st.as_str().to_string()));
        let (index, key, filters) = match (patient, provider, status) {
            (Some(p), rest_a, rest_b) => ("by-patient", p, [rest_a, rest_b]),
            (None, Some(p), rest) => ("by-provider", p, [rest, None]),
            (None, None, Some(st)) => ("by-status", st, [None, None]),
            (None, None, None) => ("by-created", ("gsi_all", ALL_CASES.to_string()), [None, None]),
        };
        ListingPlan { index, hash_attribute: key.0, hash_value: key.1, filters: filters.into_iter().flatten().collect() }
    }

    /// What a page token is bound to: this index, key and filter set.
    fn scope(&self) -> String {
        let mut scope = format!("{}|{}", self.index, self.hash_value);
        for (name, value) in &self.filters {
            scope.push_str(&format!("|{name}={value}"));
        }
        scope
    }
}

#[async_trait]
impl CaseReader for DynamoCaseStore {
    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, case_id: &CaseId) -> PortResult<Option<Case>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("case_id", s(case_id.as_str()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| port_error("dynamodb.GetItem", &e))?;
        out.item.map(Self::case).transpose()
    }

    #[tracing::instrument(skip(self, query), fields(table = %self.table, limit = query.limit))]
    async fn list(&self, query: &CaseQuery) -> PortResult<CasePage> {
        let limit = match query.limit {
            0 => DEFAULT_PAGE_SIZE,
            l => l.min(MAX_PAGE_SIZE),
        };
        let plan = ListingPlan::for_query(query);
        let scope = plan.scope();
        let mut start = query.next_token.as_deref().map(|t| page_token::decode(&scope, t)).transpose()?;
        let filter_expression = (!plan.filters.is_empty())
            .then(|| (0..plan.filters.len()).map(|i| format!("#f{i} = :f{i}")).collect::<Vec<_>>().join(" AND "));

        let mut cases = Vec::new();
        let next_key = loop {
            let remaining = limit - cases.len();
            let mut request = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(plan.index)
                .key_condition_expression("#h = :h")
                .expression_attribute_names("#h", plan.hash_attribute)
                .expression_attribute_values(":h", s(&plan.hash_value))
                .set_filter_expression(filter_expression.clone())
                .scan_index_forward(false)
                .limit(remaining as i32)
                .set_exclusive_start_key(start.take());
            for (i, (name, value)) in plan.filters.iter().enumerate() {
                request = request.expression_attribute_names(format!("#f{i}"), *name).expression_attribute_values(format!(":f{i}"), s(value));
            }
            let out = request.send().await.map_err(|e| port_error("dynamodb.Query", &e))?;
            for item in out.items.unwrap_or_default() {
                cases.push(Self::case(item)?);
            }
            match out.last_evaluated_key.filter(|k| !k.is_empty()) {
                None => break None,
                Some(key) if cases.len() >= limit => break Some(key),
                Some(key) => start = Some(key),
            }
        };
        let next_token = next_key.map(|key| page_token::encode(&scope, &key)).transpose()?;
        Ok(CasePage { cases, next_token })
    }
}

#[async_trait]
impl CaseWriter for DynamoCaseStore {
    #[tracing::instrument(skip(self, case), fields(table = %self.table, case_id = %case.case_id))]
    async fn create(&self, case: &Case) -> PortResult<()> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(case)?))
            .condition_expression("attribute_not_exists(case_id)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.as_service_error(), Some(PutItemError::ConditionalCheckFailedException(_))) => {
                Err(PortError::Conflict(format!("case {} exists already", case.case_id)))
            }
            Err(e) => Err(port_error("dynamodb.PutItem", &e)),
        }
    }

    #[tracing::instrument(skip(self, case, answer), fields(table = %self.table, case_id = %case.case_id))]
    async fn create_once(&self, case: &Case, answer: &IdempotencyRecord) -> PortResult<()> {
        let item = Self::item(case)?;
        idempotency::put_new_with_answer(&self.client, &self.table, item, "case_id", &self.idempotency_table, answer, || {
            PortError::Conflict(format!("case {} exists already", case.case_id))
        })
        .await
    }

    #[tracing::instrument(skip(self, case), fields(table = %self.table, case_id = %case.case_id, version = case.version))]
    async fn replace(&self, case: &Case, expected_version: u64) -> PortResult<()> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(case)?))
            .condition_expression("attribute_exists(case_id) AND #version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected_version))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => match e.as_service_error() {
                Some(PutItemError::ConditionalCheckFailedException(failed)) => match failed.item() {
                    Some(_) => Err(PortError::Conflict(format!(
                        "case {} changed since version {expected_version} was read",
                        case.case_id
                    ))),
                    None => Err(PortError::NotFound),
                },
                _ => Err(port_error("dynamodb.PutItem", &e)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediclear_domain::ids::{PatientId, ProviderId};
    use mediclear_domain::preauth::case::CaseStatus;

    fn query(patient: Option<&str>, provider: Option<&str>, status: Option<CaseStatus>) -> CaseQuery {
        CaseQuery {
            patient_id: patient.map(|p| PatientId::parse(p).unwrap()),
            provider_id: provider.map(|p| ProviderId::parse(p).unwrap()),
            status,
            limit: 10,
            next_token: None,
        }
    }

    #[test]
    fn listings_read_the_most_selective_index() {
        let plan = ListingPlan::for_query(&query(Some("P1"), Some("V1"), Some(CaseStatus::Pending)));
        assert_eq!((plan.index, plan.hash_value.as_str()), ("by-patient", "P1"));
        assert_eq!(plan.filters, vec![("provider_id", "V1".to_string()), ("status", "PENDING".to_string())]);
        let plan = ListingPlan::for_query(&query(None, Some("V1"), Some(CaseStatus::Pending)));
        assert_eq!((plan.index, plan.filters.len()), ("by-provider", 1));
        assert_eq!(ListingPlan::for_query(&query(None, None, Some(CaseStatus::Denied))).index, "by-status");
        let all = ListingPlan::for_query(&query(None, None, None));
        assert_eq!((all.index, all.hash_attribute, all.hash_value.as_str()), ("by-created", "gsi_all", "CASE"));
    }
}
