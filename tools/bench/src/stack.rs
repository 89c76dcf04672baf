//! The stack the functions run against: `template.yaml`'s resources created on moto (tables with
//! their keys and indexes, the buckets, the KMS keys, the user pool with its groups and app client,
//! the state machines from their ASL files, the SQS queues), a wire stub standing in for Bedrock, and each
//! function's environment resolved from the template the way CloudFormation would
//! (`!Ref`, `!Sub`, `!GetAtt <Function, key or bucket>.Arn`, parameter defaults; `!Ref` of a queue is
//! its URL, of a key its id).
//!
//! The functions reach moto and the stub through [`crate::aws_meter`] proxies, which time the
//! calls. Two values differ from a default deployment, on purpose:
//! - the `Analyzer` parameter is `offline`: the judge and match functions use the deterministic
//!   evidence matcher, so their latency is MediClear's and not a scripted model's;
//! - `WEBSOCKET_ENDPOINT` points at the wire stub's `PostToConnection` (moto has no API Gateway
//!   Management API).
//!
//! Without moto the stack still resolves every variable (to names nothing serves, and endpoints
//! on a closed port so that no request can leave the machine): init can be measured, warm
//! invocations cannot.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use aws_config::SdkConfig;
use serde_yaml::Value;

use mediclear_testkit::moto::Moto;
use mediclear_testkit::tables;
use mediclear_testkit::wire::WireStub;

use crate::aws_meter::{Meter, MeteredProxy};
use crate::catalog::FunctionSpec;

pub const REGION: &str = "us-east-1";
/// moto's default account.
pub const ACCOUNT_ID: &str = "123456789012";

/// The emulators, when moto is there. The functions reach both through metering proxies.
pub struct Emulated {
    pub moto: Moto,
    pub moto_sdk: SdkConfig,
    pub stub: WireStub,
    pub stub_sdk: SdkConfig,
    /// Time the functions spent waiting on either.
    pub meter: Meter,
    _proxies: [MeteredProxy; 2],
}

/// The resources of one benchmark run.
pub struct Stack {
    pub name: String,
    /// Logical id → physical name, id or ARN.
    refs: HashMap<String, String>,
    /// Parameter → value (template defaults, `Analyzer=offline`).
    parameters: HashMap<String, String>,
    /// Function logical ids, for `!GetAtt <Function>.Arn`.
    functions: Vec<String>,
    /// `<LogicalId>.Arn` of the keys and buckets → their ARN.
    arns: HashMap<String, String>,
    endpoints: Vec<(String, String)>,
    websocket_endpoint: String,
    pub emulated: Option<Emulated>,
}

fn tag_is(value: &Value, tag: &str) -> Option<Value> {
    match value {
        Value::Tagged(t) if t.tag == tag => Some(t.value.clone()),
        Value::Mapping(m) if m.len() == 1 => m.get(format!("Fn::{tag}")).or_else(|| m.get(tag)).cloned(),
        _ => None,
    }
}

fn resources<'a>(template: &'a Value, kind: &'a str) -> impl Iterator<Item = (String, &'a Value)> + 'a {
    template
        .get("Resources")
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(|m| m.iter())
        .filter(move |(_, r)| r.get("Type").and_then(Value::as_str) == Some(kind))
        .filter_map(|(k, r)| Some((k.as_str()?.to_string(), r)))
}

fn parameter_defaults(template: &Value) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(parameters) = template.get("Parameters").and_then(Value::as_mapping) {
        for (name, p) in parameters {
            let default = match p.get("Default") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => String::new(),
            };
            if let Some(name) = name.as_str() {
                out.insert(name.to_string(), default);
            }
        }
    }
    // See the module doc: the deterministic matcher instead of a scripted model.
    out.insert("Analyzer".into(), "offline".into());
    out
}

impl Stack {
    /// `arn:aws:lambda:…:function:<stack>-<LogicalId>`.
    pub fn function_arn(&self, logical_id: &str) -> String {
        format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{}-{logical_id}", self.name)
    }

    fn reference(&self, name: &str) -> Result<String, String> {
        match name {
            "AWS::Region" => return Ok(REGION.into()),
            "AWS::AccountId" => return Ok(ACCOUNT_ID.into()),
            "AWS::StackName" => return Ok(self.name.clone()),
            "AWS::Partition" => return Ok("aws".into()),
            _ => {}
        }
        self.refs
            .get(name)
            .or_else(|| self.parameters.get(name))
            .cloned()
            .ok_or_else(|| format!("!Ref {name}: the benchmark stack has no such resource"))
    }

    fn substitute(&self, text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').ok_or_else(|| format!("!Sub {text:?}: unclosed ${{"))? + start;
            let name = &rest[start + 2..end];
            let value = match name.split_once('.') {
                Some((logical_id, "Arn")) if self.functions.iter().any(|f| f == logical_id) => self.function_arn(logical_id),
                Some(_) if self.arns.contains_key(name) => self.arns[name].clone(),
                Some(_) => return Err(format!("!Sub {text:?}: ${{{name}}} is not resolved by the benchmark")),
                None => self.reference(name)?,
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A template value as the deployed function would see it.
    pub fn resolve(&self, value: &Value) -> Result<String, String> {
        if let Some(name) = tag_is(value, "Ref") {
            return self.reference(name.as_str().ok_or("!Ref of a non-string")?);
        }
        if let Some(text) = tag_is(value, "Sub") {
            return self.substitute(text.as_str().ok_or("!Sub with variables is not supported")?);
        }
        if let Some(target) = tag_is(value, "GetAtt") {
            let target = target.as_str().map(str::to_string).unwrap_or_default();
            return match target.split_once('.') {
                Some((logical_id, "Arn")) if self.functions.iter().any(|f| f == logical_id) => Ok(self.function_arn(logical_id)),
                _ if self.arns.contains_key(&target) => Ok(self.arns[&target].clone()),
                _ => Err(format!("!GetAtt {target} is not resolved by the benchmark")),
            };
        }
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("unsupported template value {other:?}")),
        }
    }

    /// The function's template environment, resolved; an unresolvable value is named.
    pub fn environment(&self, function: &FunctionSpec) -> Result<Vec<(String, String)>, String> {
        function
            .variables
            .iter()
            .map(|(name, value)| {
                let resolved = if name == "WEBSOCKET_ENDPOINT" { Ok(self.websocket_endpoint.clone()) } else { self.resolve(value) };
                resolved.map(|v| (name.clone(), v)).map_err(|e| format!("{name}: {e}"))
            })
            .collect()
    }

    /// `AWS_ENDPOINT_URL` (moto) and the Bedrock endpoints (the wire stub).
    pub fn endpoint_variables(&self) -> &[(String, String)] {
        &self.endpoints
    }

    /// The physical name/id/ARN of a template resource.
    pub fn physical(&self, logical_id: &str) -> anyhow::Result<&str> {
        self.refs.get(logical_id).map(String::as_str).ok_or_else(|| anyhow!("the benchmark stack has no {logical_id}"))
    }

    /// A template parameter's value in this stack.
    pub fn parameter(&self, name: &str) -> Option<String> {
        self.parameters.get(name).filter(|v| !v.is_empty()).cloned()
    }

    /// The documents bucket (computed in the template from the stack name, see its comment).
    pub fn documents_bucket(&self) -> String {
        format!("{}-documents-{ACCOUNT_ID}", self.name)
    }

    fn empty(template: &Value) -> Stack {
        let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
        Stack {
            name: format!("mediclear-bench-{suffix}"),
            refs: HashMap::new(),
            parameters: parameter_defaults(template),
            functions: resources(template, "AWS::Serverless::Function").map(|(id, _)| id).collect(),
            arns: HashMap::new(),
            endpoints: Vec::new(),
            websocket_endpoint: String::new(),
            emulated: None,
        }
    }

    /// Names for every resource, served by nothing: for init measurements without moto.
    pub fn unserved(template: &Value) -> Stack {
        let mut stack = Stack::empty(template);
        // Port 9 (discard) on loopback: refused at once, so nothing leaves the machine.
        let nowhere = "http://127.0.0.1:9".to_string();
        for (logical_id, _) in template.get("Resources").and_then(Value::as_mapping).into_iter().flatten() {
            if let Some(id) = logical_id.as_str() {
                let name = format!("{}-{id}", stack.name);
                stack.refs.insert(id.to_string(), name);
            }
        }
        // `!Ref` of a queue is its URL, as SQS gives it.
        for (logical_id, queue) in resources(template, "AWS::SQS::Queue") {
            let url = format!("{nowhere}/{ACCOUNT_ID}/{}", stack.queue_name(&logical_id, queue));
            stack.refs.insert(logical_id, url);
        }
        stack.refs.insert("AnalysisStateMachine".into(), format!("arn:aws:states:{REGION}:{ACCOUNT_ID}:stateMachine:{}-preauth-analysis", stack.name));
        for (logical_id, _) in resources(template, "AWS::KMS::Key") {
            stack.arns.insert(format!("{logical_id}.Arn"), format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/{}", uuid::Uuid::new_v4()));
        }
        for (logical_id, _) in resources(template, "AWS::S3::Bucket") {
            let name = stack.refs[&logical_id].clone();
            stack.arns.insert(format!("{logical_id}.Arn"), format!("arn:aws:s3:::{name}"));
        }
        stack.endpoints = endpoint_variables(&nowhere, &nowhere);
        stack.websocket_endpoint = format!("{nowhere}/v1");
        stack
    }

    /// Creates the template's resources on moto and starts the wire stub.
    pub async fn create(template: &Value, workspace: &Path, moto: Moto) -> anyhow::Result<Stack> {
        let mut stack = Stack::empty(template);
        // moto's Step Functions executor deep-copies the account on every StartExecution and
        // fails once one has finished (see shared/asl/tests/moto_conformance.rs); the benchmark
        // needs StartExecution to be a recorded call, as on AWS, not an interpreter run.
        moto.control("POST", "/moto-api/config", r#"{"stepfunctions":{"execute_state_machine":false}}"#)
            .context("configuring moto's Step Functions")?;
        let moto_sdk = moto.sdk_config().await;
        let stub = WireStub::start().await;
        let stub_sdk = stub.sdk_config().await;

        let dynamodb = aws_sdk_dynamodb::Client::new(&moto_sdk);
        for (logical_id, resource) in resources(template, "AWS::DynamoDB::Table") {
            let name = format!("{}-{logical_id}", stack.name);
            tables::create_named(&dynamodb, &name, &tables::spec_from_template(resource)).await.map_err(|e| anyhow!(e))?;
            stack.refs.insert(logical_id, name);
        }

        // Every bucket under the name the template gives it (the documents bucket's is
        // `documents_bucket()`, which the seed uses), without its encryption and policy.
        let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&moto_sdk).force_path_style(true).build());
        for (logical_id, resource) in resources(template, "AWS::S3::Bucket") {
            let bucket = match resource.get("Properties").and_then(|p| p.get("BucketName")) {
                Some(name) => stack.resolve(name).map_err(|e| anyhow!("{logical_id}: {e}"))?,
                None => format!("{}-{}", stack.name, logical_id.to_ascii_lowercase()),
            };
            s3.create_bucket().bucket(&bucket).send().await.with_context(|| format!("creating bucket {bucket} on moto"))?;
            stack.arns.insert(format!("{logical_id}.Arn"), format!("arn:aws:s3:::{bucket}"));
            stack.refs.insert(logical_id, bucket);
        }
        for (logical_id, _) in resources(template, "AWS::KMS::Key") {
            let key = moto_json(&moto.endpoint, "kms", "TrentService.CreateKey", serde_json::json!({"Description": format!("{} {logical_id}", stack.name)}))
                .await
                .with_context(|| format!("creating key {logical_id} on moto"))?;
            let (Some(id), Some(arn)) = (key["KeyMetadata"]["KeyId"].as_str(), key["KeyMetadata"]["Arn"].as_str()) else {
                bail!("moto's CreateKey answered {key}");
            };
            stack.arns.insert(format!("{logical_id}.Arn"), arn.to_string());
            stack.refs.insert(logical_id, id.to_string());
        }

        stack.create_user_pool(template, &moto_sdk).await?;
        stack.create_state_machines(template, workspace, &moto_sdk).await?;
        stack.create_queues(template, &moto.endpoint).await?;

        let meter = Meter::default();
        let moto_proxy = MeteredProxy::start(&moto.endpoint, meter.clone()).await.context("starting the proxy to moto")?;
        let stub_proxy = MeteredProxy::start(stub.endpoint(), meter.clone()).await.context("starting the proxy to the wire stub")?;
        stack.endpoints = endpoint_variables(moto_proxy.endpoint(), stub_proxy.endpoint());
        // The WebSocket stage is `v1`; the stub answers `POST /{stage}/@connections/{id}`.
        stack.websocket_endpoint = format!("{}/v1", stub_proxy.endpoint());
        stack.emulated = Some(Emulated { moto, moto_sdk, stub, stub_sdk, meter, _proxies: [moto_proxy, stub_proxy] });
        Ok(stack)
    }

    /// The pool as the template declares it: its custom attributes, one group per
    /// `AWS::Cognito::UserPoolGroup`, an app client with the template's auth flows.
    async fn create_user_pool(&mut self, template: &Value, sdk: &SdkConfig) -> anyhow::Result<()> {
        use aws_sdk_cognitoidentityprovider::types::{
            AttributeDataType, ExplicitAuthFlowsType, PasswordPolicyType, SchemaAttributeType, StringAttributeConstraintsType, UserPoolPolicyType,
        };
        let Some((pool_id, pool)) = resources(template, "AWS::Cognito::UserPool").next() else { return Ok(()) };
        let cognito = aws_sdk_cognitoidentityprovider::Client::new(sdk);
        let properties = pool.get("Properties");
        let minimum_length = properties
            .and_then(|p| p.get("Policies"))
            .and_then(|p| p.get("PasswordPolicy"))
            .and_then(|p| p.get("MinimumLength"))
            .and_then(Value::as_i64)
            .unwrap_or(8) as i32;
        let policy = PasswordPolicyType::builder()
            .minimum_length(minimum_length)
            .require_uppercase(false)
            .require_lowercase(false)
            .require_numbers(false)
            .require_symbols(false)
            .build();
        let mut request = cognito.create_user_pool().pool_name(format!("{}-users", self.name)).policies(UserPoolPolicyType::builder().password_policy(policy).build());
        for attribute in properties.and_then(|p| p.get("Schema")).and_then(Value::as_sequence).into_iter().flatten() {
            let Some(name) = attribute.get("Name").and_then(Value::as_str) else { continue };
            request = request.schema(
                SchemaAttributeType::builder()
                    .name(name)
                    .attribute_data_type(AttributeDataType::String)
                    .mutable(true)
                    .string_attribute_constraints(StringAttributeConstraintsType::builder().min_length("1").max_length("64").build())
                    .build(),
            );
        }
        let created = request.send().await.context("creating the user pool on moto")?;
        let id = created.user_pool.and_then(|p| p.id).ok_or_else(|| anyhow!("moto returned no user pool id"))?;
        for (_, group) in resources(template, "AWS::Cognito::UserPoolGroup") {
            if let Some(name) = group.get("Properties").and_then(|p| p.get("GroupName")).and_then(Value::as_str) {
                cognito.create_group().user_pool_id(&id).group_name(name).send().await.with_context(|| format!("creating group {name}"))?;
            }
        }
        if let Some((client_id, client)) = resources(template, "AWS::Cognito::UserPoolClient").next() {
            let mut request = cognito.create_user_pool_client().user_pool_id(&id).client_name(format!("{}-api", self.name));
            for flow in client.get("Properties").and_then(|p| p.get("ExplicitAuthFlows")).and_then(Value::as_sequence).into_iter().flatten() {
                if let Some(flow) = flow.as_str() {
                    request = request.explicit_auth_flows(ExplicitAuthFlowsType::from(flow));
                }
            }
            let app = request.send().await.context("creating the app client on moto")?;
            let app_id = app.user_pool_client.and_then(|c| c.client_id).ok_or_else(|| anyhow!("moto returned no client id"))?;
            self.refs.insert(client_id, app_id);
        }
        self.refs.insert(pool_id, id);
        Ok(())
    }

    /// Each state machine from its ASL file with `DefinitionSubstitutions` applied.
    async fn create_state_machines(&mut self, template: &Value, workspace: &Path, sdk: &SdkConfig) -> anyhow::Result<()> {
        let sfn = aws_sdk_sfn::Client::new(sdk);
        for (logical_id, machine) in resources(template, "AWS::Serverless::StateMachine") {
            let properties = machine.get("Properties").ok_or_else(|| anyhow!("{logical_id} has no Properties"))?;
            let uri = properties.get("DefinitionUri").and_then(Value::as_str).ok_or_else(|| anyhow!("{logical_id} has no DefinitionUri"))?;
            let path = workspace.join(uri);
            let mut definition = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            for (key, value) in properties.get("DefinitionSubstitutions").and_then(Value::as_mapping).into_iter().flatten() {
                let key = key.as_str().unwrap_or_default();
                let value = self.resolve(value).map_err(|e| anyhow!("{logical_id} {key}: {e}"))?;
                definition = definition.replace(&format!("${{{key}}}"), &value);
            }
            if definition.contains("${") {
                bail!("{} still has a ${{placeholder}} after DefinitionSubstitutions", path.display());
            }
            let name = match properties.get("Name") {
                Some(v) => self.resolve(v).map_err(|e| anyhow!("{logical_id} Name: {e}"))?,
                None => format!("{}-{logical_id}", self.name),
            };
            let created = sfn
                .create_state_machine()
                .name(&name)
                .definition(definition)
                .role_arn(format!("arn:aws:iam::{ACCOUNT_ID}:role/{}-analysis", self.name))
                .send()
                .await
                .with_context(|| format!("creating state machine {name} on moto"))?;
            self.refs.insert(logical_id, created.state_machine_arn);
        }
        Ok(())
    }

    /// `<stack>-<LogicalId>`, with the `.fifo` SQS requires of a FIFO queue's name.
    fn queue_name(&self, logical_id: &str, queue: &Value) -> String {
        let fifo = queue_property(queue, "FifoQueue").is_some_and(|v| v == "true");
        format!("{}-{logical_id}{}", self.name, if fifo { ".fifo" } else { "" })
    }

    /// Each `AWS::SQS::Queue` with its plain attributes (FIFO, content-based deduplication,
    /// visibility timeout, retention); `!Ref` of it is then its URL. The KMS key and the redrive
    /// policy are left out: no benchmark reads a queue's encryption, or makes a message fail three
    /// times.
    async fn create_queues(&mut self, template: &Value, moto_endpoint: &str) -> anyhow::Result<()> {
        for (logical_id, queue) in resources(template, "AWS::SQS::Queue") {
            let mut attributes = serde_json::Map::new();
            for name in ["FifoQueue", "ContentBasedDeduplication", "VisibilityTimeout", "MessageRetentionPeriod"] {
                if let Some(value) = queue_property(queue, name) {
                    attributes.insert(name.to_string(), serde_json::Value::String(value));
                }
            }
            let name = self.queue_name(&logical_id, queue);
            let answer = moto_json(moto_endpoint, "sqs", "AmazonSQS.CreateQueue", serde_json::json!({"QueueName": name, "Attributes": attributes}))
                .await
                .with_context(|| format!("creating queue {name} on moto"))?;
            let url = answer["QueueUrl"].as_str().ok_or_else(|| anyhow!("moto's CreateQueue answered {answer}"))?;
            self.refs.insert(logical_id, url.to_string());
        }
        Ok(())
    }
}

/// A queue property given as a plain value (`true`, `1800`), as the string SQS takes.
fn queue_property(queue: &Value, name: &str) -> Option<String> {
    match queue.get("Properties")?.get(name)? {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// One call on moto in a JSON protocol (SQS's `CreateQueue`, KMS's `CreateKey`); its answer. The
/// benchmark has no SQS or KMS client of its own: moto routes a request by the service in its
/// signing scope and does not check signatures, so one plain HTTP request does.
async fn moto_json(moto_endpoint: &str, service: &str, target: &str, body: serde_json::Value) -> anyhow::Result<serde_json::Value> {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    let request = hyper::Request::post(format!("{moto_endpoint}/"))
        // SQS speaks JSON 1.0, KMS 1.1.
        .header("content-type", if service == "sqs" { "application/x-amz-json-1.0" } else { "application/x-amz-json-1.1" })
        .header("x-amz-target", target)
        .header("authorization", format!("AWS4-HMAC-SHA256 Credential=testing/20240101/{REGION}/{service}/aws4_request, SignedHeaders=host, Signature=0"))
        .body(Full::new(Bytes::from(body.to_string())))?;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<Full<Bytes>>();
    let response = client.request(request).await.context("reaching moto")?;
    let status = response.status();
    let bytes = response.into_body().collect().await.context("reading moto's answer")?.to_bytes();
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(answer) if status.is_success() => Ok(answer),
        _ => bail!("moto answered {status}: {}", String::from_utf8_lossy(&bytes)),
    }
}

fn endpoint_variables(aws: &str, bedrock: &str) -> Vec<(String, String)> {
    vec![
        ("AWS_ENDPOINT_URL".into(), aws.into()),
        ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME".into(), bedrock.into()),
        ("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME".into(), bedrock.into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_refs_subs_parameters_and_function_arns() {
        let template: Value = serde_yaml::from_str(
            r#"
Parameters:
  Analyzer: {Type: String, Default: bedrock}
  Model: {Type: String, Default: m-1}
Resources:
  CasesTable: {Type: AWS::DynamoDB::Table}
  BeginFunction: {Type: AWS::Serverless::Function}
  RefreshQueue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true, VisibilityTimeout: 1800}}
  PlainQueue: {Type: AWS::SQS::Queue}
  Key: {Type: AWS::KMS::Key}
  Files: {Type: AWS::S3::Bucket}
"#,
        )
        .unwrap();
        let stack = Stack::unserved(&template);
        let value = |yaml: &str| stack.resolve(&serde_yaml::from_str(yaml).unwrap());
        assert_eq!(value("!Ref CasesTable").unwrap(), format!("{}-CasesTable", stack.name));
        assert_eq!(value("!Ref Model").unwrap(), "m-1");
        assert_eq!(value("!Ref Analyzer").unwrap(), "offline");
        assert_eq!(value(r#"!Sub "${AWS::StackName}-documents-${AWS::AccountId}""#).unwrap(), stack.documents_bucket());
        assert_eq!(value("!GetAtt BeginFunction.Arn").unwrap(), stack.function_arn("BeginFunction"));
        assert!(value("!Ref Nowhere").unwrap_err().contains("Nowhere"));
        assert_eq!(value("!Ref RefreshQueue").unwrap(), format!("http://127.0.0.1:9/{ACCOUNT_ID}/{}-RefreshQueue.fifo", stack.name));
        assert_eq!(value("!Ref PlainQueue").unwrap(), format!("http://127.0.0.1:9/{ACCOUNT_ID}/{}-PlainQueue", stack.name));
        assert!(value("!GetAtt Key.Arn").unwrap().starts_with(&format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/")));
        assert_eq!(value(r#"!Sub "${Files.Arn}/*""#).unwrap(), format!("arn:aws:s3:::{}-Files/*", stack.name));
        assert!(value("!GetAtt Files.DomainName").is_err());
        assert_eq!(value("plain").unwrap(), "plain");
    }
}
