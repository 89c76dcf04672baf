//! Reads `template.yaml` — the one route and wiring table. The offline runtime serves what the
//! template declares and nothing else:
//!
//! - REST routes: each `AWS::Serverless::Function`'s `Api` events (`Path`, `Method`,
//!   `Auth.Authorizer: NONE` for public routes), the function known by
//!   `Metadata.BuildProperties.Binary`;
//! - event sources: `S3` events (bucket, prefix/suffix filters), `DynamoDB` stream events
//!   (the table whose `StreamArn` they name) and `SQS` events (the queue whose `Arn` they name);
//! - asynchronous invocations' `EventInvokeConfig`: retries and the `OnFailure` destination queue;
//! - the WebSocket API: `AWS::ApiGatewayV2::Route` keys → integration → function, the REQUEST
//!   authorizer on `$connect`, and which routes have a route response;
//! - state machines: `DefinitionUri` and `DefinitionSubstitutions` (`!GetAtt <Function>.Arn`).
//!
//! CloudFormation's short tags (`!Ref`, `!GetAtt`, `!Sub`) and long forms (`Fn::GetAtt`) are both
//! understood.

use std::collections::BTreeMap;

use serde_yaml::Value;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("template.yaml is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml::Error),
    #[error("template.yaml: {0}")]
    Shape(String),
}

/// A REST route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestRoute {
    pub method: String,
    /// As declared, with `{param}` segments.
    pub path: String,
    pub function: String,
    /// False for `Auth: {Authorizer: NONE}`.
    pub authorized: bool,
}

/// An S3 event source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Source {
    pub function: String,
    pub bucket: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// A DynamoDB stream event source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSource {
    pub function: String,
    pub table: String,
    pub batch_size: usize,
    pub maximum_retry_attempts: u32,
    pub report_batch_item_failures: bool,
}

/// An SQS event source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsSource {
    pub function: String,
    /// The queue's logical id.
    pub queue: String,
    pub batch_size: usize,
    pub report_batch_item_failures: bool,
}

/// How a function's asynchronous invocations (S3 events) are retried, and where an event that
/// still fails goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsyncInvokeConfig {
    /// Retries after the first attempt (Lambda's default is 2).
    pub maximum_retry_attempts: u32,
    /// The `OnFailure` destination queue's logical id.
    pub on_failure_queue: Option<String>,
}

impl Default for AsyncInvokeConfig {
    fn default() -> Self {
        AsyncInvokeConfig { maximum_retry_attempts: 2, on_failure_queue: None }
    }
}

/// A WebSocket route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketRoute {
    pub route_key: String,
    pub function: String,
    /// The function's return body is sent back to the client.
    pub two_way: bool,
}

/// A state machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateMachineDef {
    pub logical_id: String,
    pub definition_uri: String,
    /// Placeholder → function logical id.
    pub substitutions: BTreeMap<String, String>,
}

/// What the runtime needs from the template.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Function logical id → binary name.
    pub functions: BTreeMap<String, String>,
    pub rest_routes: Vec<RestRoute>,
    pub s3_sources: Vec<S3Source>,
    pub stream_sources: Vec<StreamSource>,
    pub sqs_sources: Vec<SqsSource>,
    /// Function logical id → its `EventInvokeConfig` (functions without one are absent).
    pub async_invoke: BTreeMap<String, AsyncInvokeConfig>,
    pub socket_routes: Vec<SocketRoute>,
    /// The function behind the `$connect` authorizer.
    pub socket_authorizer: Option<String>,
    pub state_machines: Vec<StateMachineDef>,
}

fn shape(message: impl Into<String>) -> TemplateError {
    TemplateError::Shape(message.into())
}

/// A plain string, or the target of `!Ref X` / `{Ref: X}`.
fn ref_or_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Tagged(t) if t.tag == "!Ref" => t.value.as_str().map(str::to_string),
        Value::Mapping(m) => m.get("Ref").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// `(resource, attribute)` of `!GetAtt X.Attr`, `!GetAtt [X, Attr]` or `{Fn::GetAtt: [X, Attr]}`.
fn get_att(v: &Value) -> Option<(String, String)> {
    let inner = match v {
        Value::Tagged(t) if t.tag == "!GetAtt" => &t.value,
        Value::Mapping(m) => m.get("Fn::GetAtt")?,
        _ => return None,
    };
    match inner {
        Value::String(s) => s.split_once('.').map(|(a, b)| (a.to_string(), b.to_string())),
        Value::Sequence(items) if items.len() == 2 => Some((items[0].as_str()?.to_string(), items[1].as_str()?.to_string())),
        _ => None,
    }
}

/// The text of `!Sub "…"` / `{Fn::Sub: …}` (or a plain string).
fn sub_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Tagged(t) if t.tag == "!Sub" => match &t.value {
            Value::String(s) => Some(s.clone()),
            Value::Sequence(items) => items.first()?.as_str().map(str::to_string),
            _ => None,
        },
        Value::Mapping(m) => match m.get("Fn::Sub")? {
            Value::String(s) => Some(s.clone()),
            Value::Sequence(items) => items.first()?.as_str().map(str::to_string),
            _ => None,
        },
        _ => None,
    }
}

/// Every `${X.Arn}` / `${X}` reference inside a `!Sub` string.
fn sub_references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping()?.get(key)
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    get(v, key).and_then(Value::as_str).map(str::to_string)
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let doc: Value = serde_yaml::from_str(text)?;
        let resources = get(&doc, "Resources").and_then(Value::as_mapping).ok_or_else(|| shape("no Resources"))?;
        let mut t = Template::default();
        let kind = |r: &Value| str_of(r, "Type").unwrap_or_default();

        for (id, resource) in resources {
            let id = id.as_str().ok_or_else(|| shape("a resource id is not a string"))?.to_string();
            match kind(resource).as_str() {
                "AWS::Serverless::Function" => t.read_function(&id, resource)?,
                "AWS::Serverless::StateMachine" => {
                    let props = get(resource, "Properties").ok_or_else(|| shape(format!("{id} has no Properties")))?;
                    let definition_uri = str_of(props, "DefinitionUri").ok_or_else(|| shape(format!("{id} has no DefinitionUri")))?;
                    let mut substitutions = BTreeMap::new();
                    if let Some(subs) = get(props, "DefinitionSubstitutions").and_then(Value::as_mapping) {
                        for (k, v) in subs {
                            let key = k.as_str().unwrap_or_default().to_string();
                            let target = get_att(v).map(|(res, _)| res).or_else(|| ref_or_string(v)).ok_or_else(|| shape(format!("{id}: substitution {key} is not a function reference")))?;
                            substitutions.insert(key, target);
                        }
                    }
                    t.state_machines.push(StateMachineDef { logical_id: id, definition_uri, substitutions });
                }
                _ => {}
            }
        }

        // WebSocket: route → integration → function; authorizer → function.
        let function_in_uri = |v: Option<&Value>| -> Option<String> {
            let text = sub_text(v?)?;
            sub_references(&text).into_iter().find_map(|r| r.strip_suffix(".Arn").map(str::to_string))
        };
        let mut integrations = BTreeMap::new();
        let mut two_way_routes = Vec::new();
        for (id, resource) in resources {
            let id = id.as_str().unwrap_or_default().to_string();
            let props = get(resource, "Properties");
            match kind(resource).as_str() {
                "AWS::ApiGatewayV2::Integration" => {
                    if let Some(f) = function_in_uri(props.and_then(|p| get(p, "IntegrationUri"))) {
                        integrations.insert(id, f);
                    }
                }
                "AWS::ApiGatewayV2::Authorizer" => {
                    t.socket_authorizer = function_in_uri(props.and_then(|p| get(p, "AuthorizerUri")));
                }
                "AWS::ApiGatewayV2::RouteResponse" => {
                    if let Some(route) = props.and_then(|p| get(p, "RouteId")).and_then(ref_or_string) {
                        two_way_routes.push(route);
                    }
                }
                _ => {}
            }
        }
        for (id, resource) in resources {
            if kind(resource) != "AWS::ApiGatewayV2::Route" {
                continue;
            }
            let id = id.as_str().unwrap_or_default().to_string();
            let props = get(resource, "Properties").ok_or_else(|| shape(format!("{id} has no Properties")))?;
            let route_key = str_of(props, "RouteKey").ok_or_else(|| shape(format!("{id} has no RouteKey")))?;
            let target = get(props, "Target").and_then(sub_text).ok_or_else(|| shape(format!("{id} has no Target")))?;
            let integration = sub_references(&target).into_iter().next().ok_or_else(|| shape(format!("{id}: Target names no integration")))?;
            let function = integrations.get(&integration).cloned().ok_or_else(|| shape(format!("{id}: integration {integration} names no function")))?;
            t.socket_routes.push(SocketRoute { route_key, function, two_way: two_way_routes.contains(&id) });
        }
        t.check()?;
        Ok(t)
    }

    fn read_function(&mut self, id: &str, resource: &Value) -> Result<(), TemplateError> {
        let binary = get(resource, "Metadata")
            .and_then(|m| get(m, "BuildProperties"))
            .and_then(|b| str_of(b, "Binary"))
            .ok_or_else(|| shape(format!("{id} has no Metadata.BuildProperties.Binary")))?;
        self.functions.insert(id.to_string(), binary);
        if let Some(config) = get(resource, "Properties").and_then(|p| get(p, "EventInvokeConfig")) {
            let maximum_retry_attempts = get(config, "MaximumRetryAttempts").and_then(Value::as_u64).unwrap_or(2) as u32;
            let on_failure_queue = get(config, "DestinationConfig")
                .and_then(|d| get(d, "OnFailure"))
                .filter(|f| str_of(f, "Type").is_some_and(|t| t == "SQS"))
                .and_then(|f| get(f, "Destination"))
                .and_then(get_att)
                .map(|(queue, _)| queue);
            self.async_invoke.insert(id.to_string(), AsyncInvokeConfig { maximum_retry_attempts, on_failure_queue });
        }
        let Some(events) = get(resource, "Properties").and_then(|p| get(p, "Events")).and_then(Value::as_mapping) else {
            return Ok(());
        };
        for (name, event) in events {
            let name = name.as_str().unwrap_or_default();
            let props = get(event, "Properties").ok_or_else(|| shape(format!("{id}.{name} has no Properties")))?;
            match str_of(event, "Type").unwrap_or_default().as_str() {
                "Api" => {
                    let path = str_of(props, "Path").ok_or_else(|| shape(format!("{id}.{name} has no Path")))?;
                    let method = str_of(props, "Method").ok_or_else(|| shape(format!("{id}.{name} has no Method")))?.to_ascii_uppercase();
                    let public = get(props, "Auth").and_then(|a| str_of(a, "Authorizer")).is_some_and(|a| a == "NONE");
                    self.rest_routes.push(RestRoute { method, path, function: id.to_string(), authorized: !public });
                }
                "S3" => {
                    let bucket = get(props, "Bucket").and_then(ref_or_string).ok_or_else(|| shape(format!("{id}.{name} has no Bucket")))?;
                    let rules = get(props, "Filter").and_then(|f| get(f, "S3Key")).and_then(|k| get(k, "Rules")).and_then(Value::as_sequence);
                    let rule = |wanted: &str| {
                        rules.and_then(|rs| rs.iter().find(|r| str_of(r, "Name").is_some_and(|n| n.eq_ignore_ascii_case(wanted))).and_then(|r| str_of(r, "Value")))
                    };
                    self.s3_sources.push(S3Source { function: id.to_string(), bucket, prefix: rule("prefix"), suffix: rule("suffix") });
                }
                "DynamoDB" => {
                    let table = get(props, "Stream").and_then(get_att).map(|(t, _)| t).ok_or_else(|| shape(format!("{id}.{name}: Stream is not !GetAtt <Table>.StreamArn")))?;
                    let batch_size = get(props, "BatchSize").and_then(Value::as_u64).unwrap_or(100) as usize;
                    let maximum_retry_attempts = get(props, "MaximumRetryAttempts").and_then(Value::as_u64).unwrap_or(10_000) as u32;
                    let report_batch_item_failures = get(props, "FunctionResponseTypes")
                        .and_then(Value::as_sequence)
                        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some("ReportBatchItemFailures")));
                    self.stream_sources.push(StreamSource { function: id.to_string(), table, batch_size, maximum_retry_attempts, report_batch_item_failures });
                }
                "SQS" => {
                    let queue = get(props, "Queue").and_then(get_att).map(|(q, _)| q).ok_or_else(|| shape(format!("{id}.{name}: Queue is not !GetAtt <Queue>.Arn")))?;
                    let batch_size = get(props, "BatchSize").and_then(Value::as_u64).unwrap_or(10) as usize;
                    let report_batch_item_failures = get(props, "FunctionResponseTypes")
                        .and_then(Value::as_sequence)
                        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some("ReportBatchItemFailures")));
                    self.sqs_sources.push(SqsSource { function: id.to_string(), queue, batch_size, report_batch_item_failures });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every function an event source or route names must exist.
    fn check(&self) -> Result<(), TemplateError> {
        let named = self
            .rest_routes
            .iter()
            .map(|r| &r.function)
            .chain(self.socket_routes.iter().map(|r| &r.function))
            .chain(self.s3_sources.iter().map(|s| &s.function))
            .chain(self.stream_sources.iter().map(|s| &s.function))
            .chain(self.sqs_sources.iter().map(|s| &s.function))
            .chain(self.socket_authorizer.iter())
            .chain(self.state_machines.iter().flat_map(|m| m.substitutions.values()));
        for f in named {
            if !self.functions.contains_key(f) {
                return Err(shape(format!("{f} is referenced but is not a function of the template")));
            }
        }
        Ok(())
    }

    /// How `function`'s asynchronous invocations are retried (Lambda's defaults when the
    /// template sets nothing).
    pub fn async_invoke(&self, function: &str) -> AsyncInvokeConfig {
        self.async_invoke.get(function).cloned().unwrap_or_default()
    }

    /// The functions that consume `queue`.
    pub fn queue_consumers(&self, queue: &str) -> impl Iterator<Item = &SqsSource> {
        self.sqs_sources.iter().filter(move |s| s.queue == queue)
    }

    /// The binary of a function logical id.
    pub fn binary(&self, function: &str) -> Option<&str> {
        self.functions.get(function).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
Resources:
  Docs:
    Type: AWS::S3::Bucket
  Fn1:
    Type: AWS::Serverless::Function
    Metadata: { BuildMethod: rust-cargolambda, BuildProperties: { Binary: one } }
    Properties:
      Events:
        Get: { Type: Api, Properties: { Path: "/api/v1/x/{id}", Method: get } }
        Open: { Type: Api, Properties: { Path: /api/v1/open, Method: POST, Auth: { Authorizer: NONE } } }
        Put: { Type: S3, Properties: { Bucket: !Ref Docs, Events: "s3:ObjectCreated:*", Filter: { S3Key: { Rules: [ { Name: prefix, Value: records/ } ] } } } }
        Stream: { Type: DynamoDB, Properties: { Stream: !GetAtt Cases.StreamArn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures] } }
      EventInvokeConfig: { MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Dlq.Arn } } }
  Fn2:
    Type: AWS::Serverless::Function
    Metadata: { BuildProperties: { Binary: two } }
    Properties:
      Events:
        Failed: { Type: SQS, Properties: { Queue: !GetAtt Dlq.Arn, BatchSize: 1, FunctionResponseTypes: [ReportBatchItemFailures] } }
  Dlq:
    Type: AWS::SQS::Queue
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { IntegrationUri: !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn2.Arn}/invocations" }
  Auth:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { AuthorizerUri: !Sub "arn:aws:apigateway:r:lambda:path/2015-03-31/functions/${Fn1.Arn}/invocations" }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { RouteKey: subscribe, Target: !Sub "integrations/${Integ}" }
  RouteResp:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { RouteId: !Ref Route, RouteResponseKey: $default }
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachines/x.asl.json
      DefinitionSubstitutions: { OneArn: !GetAtt Fn1.Arn, TwoArn: { "Fn::GetAtt": [Fn2, Arn] } }
"#;

    #[test]
    fn reads_routes_sources_sockets_and_machines() {
        let t = Template::parse(MINI).unwrap();
        assert_eq!(t.binary("Fn1"), Some("one"));
        assert_eq!(t.rest_routes.len(), 2);
        let get = t.rest_routes.iter().find(|r| r.method == "GET").unwrap();
        assert_eq!((get.path.as_str(), get.authorized), ("/api/v1/x/{id}", true));
        assert!(!t.rest_routes.iter().find(|r| r.method == "POST").unwrap().authorized);
        assert_eq!(t.s3_sources[0].prefix.as_deref(), Some("records/"));
        assert_eq!(t.stream_sources[0], StreamSource { function: "Fn1".into(), table: "Cases".into(), batch_size: 5, maximum_retry_attempts: 10_000, report_batch_item_failures: true });
        assert_eq!(t.socket_routes, vec![SocketRoute { route_key: "subscribe".into(), function: "Fn2".into(), two_way: true }]);
        assert_eq!(t.socket_authorizer.as_deref(), Some("Fn1"));
        assert_eq!(t.state_machines[0].substitutions["TwoArn"], "Fn2");
        assert_eq!(t.async_invoke("Fn1"), AsyncInvokeConfig { maximum_retry_attempts: 1, on_failure_queue: Some("Dlq".into()) });
        assert_eq!(t.async_invoke("Fn2"), AsyncInvokeConfig::default());
        assert_eq!(t.queue_consumers("Dlq").map(|s| s.function.as_str()).collect::<Vec<_>>(), ["Fn2"]);
    }

    #[test]
    fn refuses_references_to_unknown_functions() {
        let broken = MINI.replace("${Fn2.Arn}", "${Ghost.Arn}");
        assert!(Template::parse(&broken).unwrap_err().to_string().contains("Ghost"));
    }
}
