//! Small DynamoDB helpers the table adapters share: plain puts, sortable timestamps, TTL values,
//! batched writes that finish their unprocessed items, and opaque pagination tokens.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, WriteRequest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;

use crate::error::port_error;

/// BatchWriteItem's limit.
const BATCH_SIZE: usize = 25;
/// Rounds of retrying unprocessed items before giving up as `Unavailable`.
const MAX_UNPROCESSED_ROUNDS: u32 = 8;

/// Every item a query returns, following `LastEvaluatedKey` through all pages.
pub(crate) async fn query_all_pages(query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder) -> PortResult<Vec<HashMap<String, AttributeValue>>> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let out = query.clone().set_exclusive_start_key(start).send().await.map_err(|e| port_error("dynamodb.Query", &e))?;
        items.extend(out.items.unwrap_or_default());
        start = out.last_evaluated_key.filter(|k| !k.is_empty());
        if start.is_none() {
            return Ok(items);
        }
    }
}

/// An unconditional PutItem (a conditional one handles its own `ConditionalCheckFailed`).
pub(crate) async fn put_item(client: &Client, table: &str, item: HashMap<String, AttributeValue>) -> PortResult<()> {
    client.put_item().table_name(table).set_item(Some(item)).send().await.map_err(|e| port_error("dynamodb.PutItem", &e))?;
    Ok(())
}

/// The item at `key`, read consistently.
pub(crate) async fn get_consistent(client: &Client, table: &str, key: HashMap<String, AttributeValue>) -> PortResult<Option<HashMap<String, AttributeValue>>> {
    let out = client.get_item().table_name(table).set_key(Some(key)).consistent_read(true).send().await.map_err(|e| port_error("dynamodb.GetItem", &e))?;
    Ok(out.item)
}

/// Writes `item` if `condition` holds of the stored one (`values` fill its placeholders);
/// `refused()` when it does not.
pub(crate) async fn put_conditioned(
    client: &Client,
    table: &str,
    item: HashMap<String, AttributeValue>,
    condition: &str,
    values: Option<HashMap<String, AttributeValue>>,
    refused: impl FnOnce() -> PortError,
) -> PortResult<()> {
    let result = client.put_item().table_name(table).set_item(Some(item)).condition_expression(condition).set_expression_attribute_values(values).send().await;
    match result {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.as_service_error(), Some(aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(_))) => Err(refused()),
        Err(e) => Err(port_error("dynamodb.PutItem", &e)),
    }
}

/// A string attribute.
pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

/// A number attribute.
pub(crate) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// A timestamp that sorts as text in time order: RFC 3339, UTC, always nine fraction digits.
/// (chrono's own serialisation drops trailing zero digits, so `12:00:00Z` would sort after
/// `12:00:00.5Z`.) chrono reads it back as an ordinary RFC 3339 time.
pub(crate) fn sortable_time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string()
}

/// Epoch seconds `ttl` from now, for a table's TTL attribute.
pub(crate) fn expires_in(ttl: chrono::Duration) -> i64 {
    (Utc::now() + ttl).timestamp()
}

pub(crate) fn string_attr<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> Option<&'a str> {
    item.get(name).and_then(|v| v.as_s().ok()).map(String::as_str)
}

/// Writes every request, 25 per BatchWriteItem, retrying unprocessed items with exponential
/// backoff. Requests in one call must not touch the same key twice.
pub(crate) async fn batch_write(client: &Client, table: &str, requests: Vec<WriteRequest>) -> PortResult<()> {
    for batch in requests.chunks(BATCH_SIZE) {
        let mut pending = batch.to_vec();
        let mut round = 0;
        while !pending.is_empty() {
            let out = client
                .batch_write_item()
                .request_items(table, pending)
                .send()
                .await
                .map_err(|e| port_error("dynamodb.BatchWriteItem", &e))?;
            pending = out.unprocessed_items.and_then(|mut m| m.remove(table)).unwrap_or_default();
            if pending.is_empty() {
                break;
            }
            round += 1;
            if round > MAX_UNPROCESSED_ROUNDS {
                return Err(PortError::Unavailable(format!(
                    "dynamodb.BatchWriteItem: {} items still unprocessed after {MAX_UNPROCESSED_ROUNDS} retries",
                    pending.len()
                )));
            }
            // 50 ms, 100 ms, 200 ms … capped at 3.2 s.
            tokio::time::sleep(Duration::from_millis(50u64 << (round - 1).min(6))).await;
        }
    }
    Ok(())
}

/// Pagination tokens: the LastEvaluatedKey as JSON, base64url, followed by a check digest bound
/// to the query's scope (index and key value). A token that was altered, truncated or taken from
/// another listing fails the digest and is `Rejected` before it reaches DynamoDB. The digest is not
/// a secret MAC: a forged token could only reposition a listing the caller is already allowed to
/// run, because the key condition and filters come from the query, not from the token.
/// One page of a query: at most `limit` (1-100) items, converted by `item`, continuing after
/// `next_token` (a token of this `scope`); the token of the next page, if there is one. `query`
/// builds the query (table, index, key condition, order); this adds the limit and the start.
pub(crate) async fn query_page<T>(
    scope: &str,
    limit: usize,
    next_token: Option<&str>,
    query: impl Fn() -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    item: impl Fn(HashMap<String, AttributeValue>) -> PortResult<T>,
) -> PortResult<(Vec<T>, Option<String>)> {
    let limit = limit.clamp(1, 100);
    let mut start = next_token.map(|t| page_token::decode(scope, t)).transpose()?;
    let mut items = Vec::new();
    let next_key = loop {
        let out = query()
            .limit((limit - items.len()) as i32)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| crate::error::port_error("dynamodb.Query", &e))?;
        for found in out.items.unwrap_or_default() {
            items.push(item(found)?);
        }
        match out.last_evaluated_key.filter(|k| !k.is_empty()) {
            None => break None,
            Some(key) if items.len() >= limit => break Some(key),
            Some(key) => start = Some(key),
        }
    };
    let next_token = next_key.map(|key| page_token::encode(scope, &key)).transpose()?;
    Ok((items, next_token))
}

pub(crate) mod page_token {
    use super::*;

    const INVALID: &str = "next_token is not valid";

    fn check_digest(scope: &str, payload: &str) -> String {
        let mut input = Vec::with_capacity(scope.len() + payload.len() + 1);
        input.extend_from_slice(scope.as_bytes());
        input.push(b'\n');
        input.extend_from_slice(payload.as_bytes());
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
        URL_SAFE_NO_PAD.encode(&digest.as_ref()[..12])
    }

    pub(crate) fn encode(scope: &str, key: &HashMap<String, AttributeValue>) -> PortResult<String> {
        let mut json = serde_json::Map::new();
        let mut names: Vec<&String> = key.keys().collect();
        names.sort();
        for name in names {
            let value = match &key[name] {
                AttributeValue::S(v) => serde_json::json!({ "S": v }),
                AttributeValue::N(v) => serde_json::json!({ "N": v }),
                _ => return Err(PortError::Internal("a page key has an attribute that is neither S nor N".into())),
            };
            json.insert(name.clone(), value);
        }
        let payload = URL_SAFE_NO_PAD.encode(serde_json::Value::Object(json).to_string());
        let digest = check_digest(scope, &payload);
        Ok(format!("{payload}.{digest}"))
    }

    pub(crate) fn decode(scope: &str, token: &str) -> PortResult<HashMap<String, AttributeValue>> {
        let rejected = || PortError::Rejected(INVALID.into());
        let (payload, digest) = token.split_once('.').ok_or_else(rejected)?;
        if check_digest(scope, payload) != digest {
            return Err(rejected());
        }
        let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| rejected())?;
        let json: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| rejected())?;
        let mut key = HashMap::new();
        for (name, value) in json {
            let value = match (value.get("S").and_then(|v| v.as_str()), value.get("N").and_then(|v| v.as_str())) {
                (Some(v), None) => AttributeValue::S(v.to_string()),
                (None, Some(v)) => AttributeValue::N(v.to_string()),
                _ => return Err(rejected()),
            };
            key.insert(name, value);
        }
        Ok(key)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn round_trips_and_refuses_altered_or_foreign_tokens() {
            let key = HashMap::from([("case_id".to_string(), s("PA-1")), ("created_at".to_string(), s("2026"))]);
            let token = encode("by-created|CASE", &key).unwrap();
            assert_eq!(decode("by-created|CASE", &token).unwrap(), key);
            assert!(decode("by-status|PENDING", &token).is_err(), "another listing's token");
            let mut altered = token.clone().into_bytes();
            altered[3] = if altered[3] == b'A' { b'B' } else { b'A' };
            assert!(decode("by-created|CASE", std::str::from_utf8(&altered).unwrap()).is_err());
            assert!(decode("by-created|CASE", &token[..token.len() - 2]).is_err());
            assert!(decode("by-created|CASE", "garbage").is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sortable_times_sort_in_time_order() {
        let a = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let b = a + chrono::Duration::milliseconds(500);
        assert!(sortable_time(&a) < sortable_time(&b));
        assert_eq!(sortable_time(&a), "2026-03-01T12:00:00.000000000Z");
        let back: DateTime<Utc> = serde_json::from_value(serde_json::json!(sortable_time(&b))).unwrap();
        assert_eq!(back, b);
    }
}
