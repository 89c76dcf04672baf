//! Every Lambda of `template.yaml` gets, from the template, every variable its entry point's
//! wiring reads: a variable missing there fails the function at its first cold start on AWS
//! (`USER_POOL_CLIENT_ID is not set`), long after `sam deploy` said it succeeded.
//!
//! For each `AWS::Serverless::Function`, the variables are its own plus the template's
//! `Globals`, resolved as CloudFormation would for the parts that matter here (a parameter's
//! default; any other reference is some non-blank name or URL). The builders its
//! `functions/<binary>/src/main.rs` calls (`aws.cases()`, `aws.directory()`, …) are then called
//! on exactly that environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mediclear_aws::config::Env;
use mediclear_lambda::Aws;
use serde_yaml::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn template() -> Value {
    let text = std::fs::read_to_string(workspace().join("template.yaml")).expect("template.yaml");
    serde_yaml::from_str(&text).expect("template.yaml is YAML")
}

/// A template value as the function would see it (blank for an empty parameter default).
fn resolve(template: &Value, name: &str, value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(tagged) if tagged.tag == "Ref" => {
            let target = tagged.value.as_str().unwrap_or_default();
            match template["Parameters"].get(target) {
                Some(parameter) => match &parameter["Default"] {
                    Value::Null => String::new(),
                    default => resolve(template, name, default),
                },
                // `Ref` of a state machine is its ARN; of a table, bucket or pool, its name or id.
                None => match template["Resources"][target]["Type"].as_str() {
                    Some("AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine") => {
                        format!("arn:aws:states:us-east-1:123456789012:stateMachine:{target}")
                    }
                    _ => format!("{target}-physical-id"),
                },
            }
        }
        // `!Sub` of a plain string: the pseudo parameters filled in, other references named.
        Value::Tagged(tagged) if tagged.tag == "Sub" && tagged.value.is_string() && !name.ends_with("_ENDPOINT") => {
            let mut text = tagged.value.as_str().unwrap_or_default().to_string();
            for (pseudo, value) in [("${AWS::Partition}", "aws"), ("${AWS::Region}", "us-east-1"), ("${AWS::AccountId}", "123456789012"), ("${AWS::StackName}", "mediclear")] {
                text = text.replace(pseudo, value);
            }
            while let Some(start) = text.find("${") {
                let end = text[start..].find('}').map_or(text.len(), |e| start + e + 1);
                let reference = text[start + 2..end.saturating_sub(1)].to_string();
                text.replace_range(start..end, &format!("{reference}-value"));
            }
            text
        }
        // `!GetAtt`, or a `!Sub` with variables: a URL where the variable is one, a name otherwise.
        _ if name.ends_with("_ENDPOINT") => "https://abc123.execute-api.us-east-1.amazonaws.com/v1".into(),
        _ => format!("{name}-value"),
    }
}

fn variables(template: &Value, properties: &Value) -> BTreeMap<String, String> {
    let globals = template["Globals"]["Function"]["Environment"]["Variables"].as_mapping().cloned().unwrap_or_default();
    let own = properties["Environment"]["Variables"].as_mapping().cloned().unwrap_or_default();
    globals
        .iter()
        .chain(own.iter())
        .filter_map(|(k, v)| {
            let name = k.as_str()?;
            Some((name.to_string(), resolve(template, name, v)))
        })
        .collect()
}

/// The `aws.<builder>(` calls of an entry point, in order.
fn builders(main: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = main;
    while let Some(at) = rest.find("aws.") {
        rest = &rest[at + 4..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if rest[name.len()..].starts_with('(') && name != "env" {
            out.push(name);
        }
    }
    out
}

/// Calls one builder; `Err` says what the environment lacks.
fn build(aws: &Aws, builder: &str) -> Result<(), String> {
    let outcome = match builder {
        "cases" => aws.cases().map(drop),
        "auditor" => aws.auditor().map(drop),
        "blobs" => aws.blobs().map(drop),
        "storing_blobs" => aws.storing_blobs().map(drop),
        "jobs" => aws.jobs().map(drop),
        "index" => aws.index().map(drop),
        "connections" => aws.connections().map(drop),
        "pusher" => aws.pusher().map(drop),
        "workflow" => aws.workflow().map(drop),
        "directory" => aws.directory().map(drop),
        "token_verifier" => aws.token_verifier().map(drop),
        "retriever" => aws.retriever().map(drop),
        "analyzer" => aws.analyzer().map(drop),
        "indexing" => aws.indexing().map(drop),
        "document_jobs" => aws.document_jobs().map(drop),
        "idempotency" => aws.idempotency().map(drop),
        "health" => aws.health().map(drop),
        "gate" => aws.gate().map(drop),
        "embedder" => Ok(drop(aws.embedder())),
        "pipeline_workflow" => aws.pipeline_workflow().map(drop),
        "tracker" => aws.tracker().map(drop),
        "refresh_queue" => aws.refresh_queue().map(drop),
        "textract" => aws.textract().map(drop),
        "vision" => Ok(drop(aws.vision())),
        "credential_reader" => Ok(drop(aws.credential_reader())),
        "readiness" => Ok(drop(aws.readiness())),
        "report_access" => aws.report_access().map(drop),
        "reports_table" => aws.reports_table().map(drop),
        "report_files" => aws.report_files().map(drop),
        "planner" => aws.planner().map(drop),
        "summarizer" => aws.summarizer().map(drop),
        "insight_store" => aws.insight_store().map(drop),
        "conversations" => aws.conversations().map(drop),
        "patient_records" => aws.patient_records().map(drop),
        "computed_insights" => aws.computed_insights().map(drop),
        "chat" => aws.chat().map(drop),
        other => return Err(format!("aws.{other}() is not known to this test: add it to `build`")),
    };
    outcome.map_err(|e| e.to_string())
}

#[test]
fn every_function_gets_the_variables_its_wiring_reads() {
    let template = template();
    let sdk = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (logical_id, resource) in template["Resources"].as_mapping().expect("Resources") {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let logical_id = logical_id.as_str().unwrap_or_default();
        let binary = resource["Metadata"]["BuildProperties"]["Binary"].as_str().unwrap_or_else(|| panic!("{logical_id} names no Binary"));
        let main = std::fs::read_to_string(workspace().join("functions").join(binary).join("src/main.rs"))
            .unwrap_or_else(|_| panic!("{logical_id}: functions/{binary}/src/main.rs is missing"));
        let aws = Aws { env: Env::from_pairs(variables(&template, &resource["Properties"])), sdk: sdk.clone() };
        for builder in builders(&main) {
            if let Err(e) = build(&aws, &builder) {
                problems.push(format!("{logical_id} ({binary}): aws.{builder}(): {e}"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 52, "only {checked} functions found in template.yaml");
    assert!(problems.is_empty(), "template.yaml leaves functions without what they read:\n{}", problems.join("\n"));
}

#[test]
fn a_missing_variable_is_caught() {
    let template = template();
    let sdk = aws_config::SdkConfig::builder().behavior_version(aws_config::BehaviorVersion::latest()).build();
    let aws = Aws { env: Env::from_pairs(variables(&template, &Value::Null)), sdk };
    assert_eq!(builders("let a = aws.directory()?; aws.env.required(\"X\"); aws.cases()?"), ["directory", "cases"]);
    assert_eq!(build(&aws, "directory").unwrap_err(), "USER_POOL_ID is not set");
}
