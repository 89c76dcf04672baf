//! The functions to measure, read from `template.yaml` (its header says the function list, the
//! routes and each function's environment are declared there and nowhere else): every
//! `AWS::Serverless::Function` with its binary (`Metadata.BuildProperties.Binary`), memory size
//! and timeout (own or `Globals`), its environment variables as the template writes them
//! (`Globals` first, then its own), and its REST route if an `Api` event gives one.

use std::time::Duration;

use anyhow::{Context, anyhow};
use serde_yaml::Value;

/// A REST route served by a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: String,
    /// The resource path, with `{parameters}`.
    pub path: String,
    /// `Auth: {Authorizer: NONE}`: API Gateway passes no claims.
    pub public: bool,
}

/// One Lambda of the template.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub logical_id: String,
    /// The cargo binary (and package) name.
    pub name: String,
    pub memory_mb: u64,
    pub timeout: Duration,
    /// Unresolved template values (`!Ref`, `!Sub`, strings), in declaration order.
    pub variables: Vec<(String, Value)>,
    pub route: Option<Route>,
}

/// `template.yaml` at the workspace root.
pub fn read_template(workspace: &std::path::Path) -> anyhow::Result<Value> {
    let path = workspace.join("template.yaml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| format!("{} is not valid YAML", path.display()))
}

fn variables(environment: Option<&Value>) -> Vec<(String, Value)> {
    environment
        .and_then(|e| e.get("Variables"))
        .and_then(Value::as_mapping)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone()))).collect())
        .unwrap_or_default()
}

fn route(properties: &Value) -> Option<Route> {
    let events = properties.get("Events")?.as_mapping()?;
    events.values().find_map(|event| {
        if event.get("Type").and_then(Value::as_str) != Some("Api") {
            return None;
        }
        let p = event.get("Properties")?;
        Some(Route {
            method: p.get("Method")?.as_str()?.to_ascii_uppercase(),
            path: p.get("Path")?.as_str()?.to_string(),
            public: p.get("Auth").and_then(|a| a.get("Authorizer")).and_then(Value::as_str) == Some("NONE"),
        })
    })
}

/// Every function of the template, in template order.
pub fn functions(template: &Value) -> anyhow::Result<Vec<FunctionSpec>> {
    let globals = template.get("Globals").and_then(|g| g.get("Function"));
    let global = |name: &str| globals.and_then(|g| g.get(name));
    let resources = template.get("Resources").and_then(Value::as_mapping).ok_or_else(|| anyhow!("template.yaml has no Resources"))?;
    let mut out = Vec::new();
    for (logical_id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Function") {
            continue;
        }
        let logical_id = logical_id.as_str().unwrap_or_default().to_string();
        let name = resource
            .get("Metadata")
            .and_then(|m| m.get("BuildProperties"))
            .and_then(|b| b.get("Binary"))
            .and_then(Value::as_str)
            .ok_or_else(|| anyhow!("template.yaml: {logical_id} has no Metadata.BuildProperties.Binary"))?
            .to_string();
        let properties = resource.get("Properties").cloned().unwrap_or(Value::Null);
        let number = |name: &str, default: u64| properties.get(name).or_else(|| global(name)).and_then(Value::as_u64).unwrap_or(default);
        let mut vars = variables(global("Environment"));
        for (k, v) in variables(properties.get("Environment")) {
            vars.retain(|(existing, _)| *existing != k);
            vars.push((k, v));
        }
        out.push(FunctionSpec {
            logical_id,
            name,
            memory_mb: number("MemorySize", 128),
            timeout: Duration::from_secs(number("Timeout", 3)),
            variables: vars,
            route: route(&properties),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_functions_with_globals_and_routes() {
        let template: Value = serde_yaml::from_str(
            r#"
Globals:
  Function:
    MemorySize: 256
    Timeout: 29
    Environment:
      Variables:
        RUST_LOG: info
Resources:
  T: {Type: AWS::DynamoDB::Table}
  F:
    Type: AWS::Serverless::Function
    Metadata: {BuildProperties: {Binary: health}}
    Properties:
      Timeout: 60
      Environment: {Variables: {CASES_TABLE: !Ref T, RUST_LOG: debug}}
      Events:
        E: {Type: Api, Properties: {Path: /api/v1/health, Method: get, Auth: {Authorizer: NONE}}}
"#,
        )
        .unwrap();
        let f = &functions(&template).unwrap()[0];
        assert_eq!((f.name.as_str(), f.memory_mb, f.timeout.as_secs()), ("health", 256, 60));
        assert_eq!(f.variables.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["CASES_TABLE", "RUST_LOG"]);
        assert_eq!(f.variables[1].1.as_str(), Some("debug"));
        assert_eq!(f.route, Some(Route { method: "GET".into(), path: "/api/v1/health".into(), public: true }));
    }
}
