//! Step Functions on moto: the real analysis state machine, started by name.

use mediclear_aws::StepFunctionsWorkflow;
use mediclear_ports::PortError;
use mediclear_ports::workflow::Workflow;
use mediclear_testkit::{moto::moto, unique};
use serde_json::json;

/// The ASL with its `${Placeholders}` filled, as `DefinitionSubstitutions` would.
fn definition() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../statemachines/preauth-analysis.asl.json");
    let mut text = std::fs::read_to_string(&path).expect("statemachines/preauth-analysis.asl.json");
    while let Some(start) = text.find("${") {
        let end = start + text[start..].find('}').expect("closing brace");
        let name = text[start + 2..end].to_string();
        text.replace_range(start..=end, &format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"));
    }
    serde_json::from_str::<serde_json::Value>(&text).expect("the substituted definition is JSON");
    text
}

#[tokio::test]
async fn starts_named_executions_once() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let sfn = aws_sdk_sfn::Client::new(&config);
    let machine = sfn
        .create_state_machine()
        .name(unique("preauth-analysis"))
        .definition(definition())
        .role_arn("arn:aws:iam::123456789012:role/mediclear-analysis")
        .send()
        .await
        .expect("moto accepts the real ASL");
    let workflow = StepFunctionsWorkflow::new(&config, &machine.state_machine_arn);

    let case_id = unique("PA");
    let name = format!("{case_id}-v1");
    let input = json!({"case_id": case_id});
    let arn = workflow.start(&name, &input).await.expect("start");
    assert!(arn.starts_with("arn:aws:states:") && arn.ends_with(&name), "an execution ARN named after the execution: {arn}");
    let described = sfn.describe_execution().execution_arn(&arn).send().await.expect("describe");
    assert_eq!(serde_json::from_str::<serde_json::Value>(described.input().unwrap()).unwrap(), input, "the input is passed as JSON");

    // A retry of the same start while it runs is the same execution; another input is a Conflict.
    assert_eq!(workflow.start(&name, &input).await.expect("retried start"), arn);
    let other = workflow.start(&name, &json!({"case_id": unique("PA")})).await;
    assert!(matches!(other, Err(PortError::Conflict(_))), "same name, other input: {other:?}");

    let invalid = workflow.start("not a valid name!", &input).await;
    assert!(matches!(invalid, Err(PortError::Rejected(_))), "{invalid:?}");

    // The contract both workflow adapters share.
    mediclear_testkit::conformance::workflow(&workflow).await;
}
